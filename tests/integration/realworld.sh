#!/bin/sh
# Everyday tools and ways of calling sentry-run, compared with the same
# thing done on the bare host: what the user sees (output, exit status,
# the files left behind) must not change.  Where the sandbox differs on
# purpose (a hidden path, no capability, the user namespace's unmapped
# owners) the test does not look.
. "$top_srcdir/tests/lib.sh"

# One file of the current directory made writable, the rest of it left
# read-only (the default), as for a tool that updates its config file:
# the file exists on the host, so nothing need be made for its mount.
test_rw_file_in_read_only_cwd() {
	d=$(fresh_dir)
	as_user /bin/sh -c 'echo one >"$0"' "$d/conf"
	out=$(cd "$d" && sandbox -q --rw conf -- /bin/sh -c 'echo two >>conf && cat conf' 2>&1)
	is "$?" 0 "--rw FILE in the read-only current directory starts the sandbox"
	is "$out" "one
two" "the file is writable inside"
	is "$(cat "$d/conf")" "one
two" "and the write is on the host"
	out=$(cd "$d" && sandbox -q --ro conf -- /bin/cat conf 2>&1)
	is "$out" "one
two" "--ro FILE in the current directory too"
	rm -rf "$d"
}

# A FIFO bound on its own (--ro, over a writable directory): its mount
# point exists, and sentry-run must not open it to make one, which
# waits for a reader that never comes.  The KILL stops a sentry-run that
# waits (it holds SIGTERM during set-up); opening the FIFO for reading
# and writing afterwards releases whatever of it still waits there.
test_bind_of_fifo_does_not_hang() {
	d=$(fresh_dir)
	as_user mkfifo "$d/fifo"
	out=$(as_user timeout -s KILL 10 "$SENTRY_RUN" -q --rw "$d" --ro "$d/fifo" -- /bin/sh -c \
		"test -p '$d/fifo' && echo a fifo" 2>&1)
	rc=$?
	: 3<>"$d/fifo"
	is "$rc" 0 "--ro FIFO starts the sandbox (124 or 137: set-up waited on the FIFO)"
	is "$out" "a fifo" "and the FIFO is there"
	rm -rf "$d"
}

run_suite test_rw_file_in_read_only_cwd test_bind_of_fifo_does_not_hang
