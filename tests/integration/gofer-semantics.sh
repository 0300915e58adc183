#!/bin/sh
# The file system calls as programs see them: tests/helpers/fsdiff runs a
# matrix of calls (O_PATH, O_TMPFILE and its linkat, trailing slashes,
# empty paths, bad dirfds, openat2's RESOLVE_* and sizes, statx masks,
# readlink's truncation, renameat2's flags, rmdir and unlink of the wrong
# kind, mkdir and mknod modes under a umask, a removed or renamed cwd,
# access, truncate, the name, path and link bounds) in a scratch
# directory, on the bare host and under sentry-run --rw, and the two
# must print the same lines: inside the view, the Sentry and the Gofer
# answer every call as the kernel does.
. "$top_srcdir/tests/lib.sh"

FSDIFF="$WORK/bin/fsdiff"

# fsdiff_native: its lines on the bare host (on the emulated older
# kernel under make check-oldkernel, as the sandbox then runs).
fsdiff_native() {
	as_user ${SR_TEST_OLDKERNEL:+"$WORK/bin/oldkernel"} "$FSDIFF" "$1" 2>&1
}

test_calls_answered_as_natively() {
	native_dir=$(fresh_dir)
	native=$(fsdiff_native "$native_dir")
	# The matrix ran to its end, and the cases that once differed do
	# what the kernel does: an O_TMPFILE named through its fd and its
	# /proc/self/fd link, and a removed cwd that still has its "..".
	contains "$native" 'openat("c0") = ELOOP' "natively, the whole matrix runs"
	contains "$native" '  linkat(tmpfile, "", "t1", AT_EMPTY_PATH) = 0' \
		"natively, linkat(AT_EMPTY_PATH) names the O_TMPFILE its opener holds"
	contains "$native" '  linkat("/proc/self/fd/N", "t2", AT_SYMLINK_FOLLOW) = 0' \
		"natively, so does linkat of its /proc/self/fd link"
	contains "$native" 'chdir("..") = 0' "natively, .. of a removed cwd is its old parent"
	trace_dir=$(fresh_dir)
	for opts in "" "--strace=$trace_dir/strace"; do
		box_dir=$(fresh_dir)
		# shellcheck disable=SC2086 # the options split into words
		boxed=$(sandbox -q $opts --rw "$box_dir" -- "$FSDIFF" "$box_dir" 2>&1)
		printf '%s\n' "$boxed" >"$box_dir.out"
		differences=$(printf '%s\n' "$native" | diff - "$box_dir.out")
		[ -z "$differences" ]
		ok $? "every call is answered as natively${opts:+ ($opts)}"
		[ -z "$differences" ] || printf '%s\n' "$differences" | sed 's/^/#   /'
		rm -f "$box_dir.out"
	done
	# The calls went through the Sentry, not straight to the kernel.
	trace=$(cat "$trace_dir/strace" 2>/dev/null)
	contains "$trace" 'renameat2(' "the sandboxed matrix was seen by the Sentry (renameat2)"
	contains "$trace" 'linkat(' "and its linkat"
}

run_suite test_calls_answered_as_natively
