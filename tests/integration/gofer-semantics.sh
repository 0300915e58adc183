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

# Opens that create or truncate, in DIR, with every fd number below
# RLIMIT_NOFILE taken (then an fd above the limit and a gap below it):
# the kernel reserves the fd before it opens, so a full table fails with
# EMFILE before the file is touched, and before it is looked up: a
# missing file is EMFILE too.  One line a case: NAME=RESULT, and what
# became of the file.
cat >"$WORK/emfile.py" <<'EOF'
import os, resource, sys
d = sys.argv[1]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
def fill():
    held = [os.open('/dev/null', os.O_RDONLY)]
    while held[-1] < 12:
        held.append(os.open('/dev/null', os.O_RDONLY))
    return held
def attempt(name, path, flags, limit):
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    try:
        os.close(os.open(path, flags, 0o644))
        res = 'ok'
    except OSError as e:
        res = os.strerror(e.errno)
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    size = os.stat(path).st_size if os.path.exists(path) else 'absent'
    print('%s=%s size=%s' % (name, res, size))
def case(name, flags, create, gap=False):
    path = os.path.join(d, name)
    if not create:
        with open(path, 'w') as f:
            f.write('content\n')
    held = fill()
    limit = held[-1] + 1
    if gap:
        # A free number below the limit, though as many fds are open.
        os.dup2(held[3], held[-1] + 20)
        os.close(held[3])
    attempt(name, path, flags, limit)
    for fd in held:
        try:
            os.close(fd)
        except OSError:
            pass
    if gap:
        os.close(held[-1] + 20)
    attempt(name + '-free', path, flags, soft)
W = os.O_WRONLY
case('trunc', W | os.O_TRUNC, False)
case('rdonly-trunc', os.O_RDONLY | os.O_TRUNC, False)
case('creat', W | os.O_CREAT, True)
case('creat-trunc', W | os.O_CREAT | os.O_TRUNC, True)
case('creat-excl', W | os.O_CREAT | os.O_EXCL, True)
case('gap-trunc', W | os.O_TRUNC, False, gap=True)
case('gap-creat', W | os.O_CREAT, True, gap=True)
case('missing', os.O_RDONLY, True)
case('missing-dir', os.O_RDONLY | os.O_DIRECTORY, True)
case('not-dir', os.O_RDONLY | os.O_DIRECTORY, False)
EOF
chmod 644 "$WORK/emfile.py"

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

test_full_fd_table_open_has_no_side_effect() {
	native_dir=$(fresh_dir)
	native=$(as_user /usr/bin/python3 "$WORK/emfile.py" "$native_dir" 2>&1)
	contains "$native" 'trunc=Too many open files size=8' \
		"natively, O_TRUNC with no free fd fails with EMFILE and keeps the file"
	contains "$native" 'creat=Too many open files size=absent' \
		"natively, O_CREAT with no free fd fails with EMFILE and makes nothing"
	contains "$native" 'gap-creat=ok size=0' "natively, a free fd below the limit is enough"
	contains "$native" 'missing=Too many open files size=absent' \
		"natively, opening a missing file with no free fd fails with EMFILE, not ENOENT"
	box_dir=$(fresh_dir)
	boxed=$(sandbox -q --rw "$box_dir" -- /usr/bin/python3 "$WORK/emfile.py" "$box_dir" 2>&1)
	is "$boxed" "$native" "under sentry-run, the same: no truncation, no new file, and opens with a free fd work"
}

run_suite test_calls_answered_as_natively test_full_fd_table_open_has_no_side_effect
