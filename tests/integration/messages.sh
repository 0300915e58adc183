#!/bin/sh
# sentry-run's own messages (stderr; under systemd the journal, which
# reads "<N>" at a line's start as its priority) name what PROGRAM
# controls: its comm, the paths it opens, the interpreter its script
# asks for.  Whatever bytes those hold, a message stays one line of
# printable text: no forged line, no escape sequence for a terminal.
. "$top_srcdir/tests/lib.sh"

# Bytes a hostile program puts in a name: a new line claiming the
# journal's emergency priority, a carriage return, a terminal's colour
# and title sequences, a C1 CSI (0x9b) raw and in UTF-8, DEL.
HOSTILE_PY='b"\n<0>EVIL\r\x1b[31m\x1b]0;t\x07\x9b\xc2\x9b\x7f"'

# journal_run DIR ARG...: sentry-run ARG... with its stderr on DIR/stderr
# as systemd's journal stream (JOURNAL_STREAM names the file).
journal_run() {
	jr_dir=$1
	shift
	: >"$jr_dir/stderr"
	chmod 666 "$jr_dir/stderr"
	as_user env JOURNAL_STREAM="$(stat -c '%d:%i' "$jr_dir/stderr")" "$SENTRY_RUN" "$@" 2>>"$jr_dir/stderr"
}

# not_messages FILE: each line of FILE that is not one whole message of
# sentry-run's on the journal stream ("<N>sentry-run: " and printable
# text), and whether FILE ends a line.
not_messages() {
	/usr/bin/python3 - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
if data and not data.endswith(b"\n"):
    print("no newline at the end")
for line in data.split(b"\n")[:-1]:
    if not re.fullmatch(rb"<[0-7]>sentry-run: [\x20-\x7e]*", line):
        print(repr(line))
PY
}

# A program renames itself (PR_SET_NAME) to a journal line of its own:
# the refusal of its connect that names it (-v) is still one message.
test_comm_in_a_message() {
	d=$(fresh_dir)
	journal_run "$d" -v --net=host --allow=tcp:127.0.0.1:1 -- /usr/bin/python3 -c '
import ctypes, socket
ctypes.CDLL(None).prctl(15, b"a" + '"$HOSTILE_PY"'[:14], 0, 0, 0)
try:
    socket.socket().connect(("127.0.0.2", 9))
except PermissionError:
    pass
'
	is "$?" 0 "a program renamed with control characters runs"
	is "$(not_messages "$d/stderr")" "" "every line on the journal stream is a message of sentry-run's"
	contains "$(cat "$d/stderr")" '(a\n<0>EVIL\r\x1b[31m): connect tcp 127.0.0.2:9 refused' \
		"the comm is in the message, its control characters escaped"
}

# The Gofer's debug line (-v -v) names each path served.
test_path_in_a_message() {
	d=$(fresh_dir)
	journal_run "$d" -v -v -- /usr/bin/python3 -c '
try:
    open(b"/tmp/x" + '"$HOSTILE_PY"')
except FileNotFoundError:
    pass
'
	is "$?" 0 "a program opening a path with control characters runs"
	is "$(not_messages "$d/stderr")" "" "every line on the journal stream is a message of sentry-run's"
	contains "$(cat "$d/stderr")" '"/tmp/x\n<0>EVIL\r\x1b[31m\x1b]0;t\x07\x9b\xc2\x9b\x7f" for pid' \
		"the path is in the message, each byte that is not printable escaped"
}

# A script run under sentry-run names its interpreter: one that is not
# there is said in the message of exit status 127.
test_interpreter_in_a_message() {
	d=$(fresh_dir)
	printf '#!/no/such\033[31m\r<0>EVIL\n' >"$d/script"
	chmod 755 "$d/script"
	journal_run "$d" -- "$d/script"
	is "$?" 127 "a script whose interpreter is not there exits 127"
	is "$(not_messages "$d/stderr")" "" "the message is one line of sentry-run's"
	contains "$(cat "$d/stderr")" 'its interpreter /no/such\x1b[31m\r<0>EVIL' \
		"the interpreter is in the message, its control characters escaped"
}

run_suite test_comm_in_a_message test_path_in_a_message test_interpreter_in_a_message
