#!/bin/sh
# Running programs: output, exit statuses of DESIGN §6, stdin and stdout.
. "$top_srcdir/tests/lib.sh"
# Run from a terminal, stdin would be one and PROGRAM would get a pty
# (pty=auto): these tests are about pipes.
exec </dev/null

test_echo() {
	out=$(sandbox -- /bin/echo hello from the sandbox 2>&1)
	is "$?" 0 "echo exits 0"
	is "$out" "hello from the sandbox" "echo's output arrives"
}

test_exit_status() {
	sandbox -- /bin/sh -c 'exit 7'
	is "$?" 7 "PROGRAM's exit status is passed back"
	sandbox -- /bin/sh -c 'kill -9 $$'
	is "$?" 137 "death by SIGKILL gives 128+9"
	sandbox -- /bin/sh -c 'kill -TERM $$'
	is "$?" 143 "death by SIGTERM gives 128+15"
}

# A caller's small stack limit, under which a plain program runs
# natively: sentry-run's set-up runs under it too (its recursion over
# the directories above a hidden name took 36 KiB a level: 139).
# AddressSanitizer's frames are bigger by design: its build is not held
# to this.
test_small_stack_limit() {
	if [ -n "${SR_TEST_SANITIZER_LOG:-}" ]; then
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - [$mode] a stack limit of 128 KiB # SKIP AddressSanitizer's frames are bigger"
		return
	fi
	out=$(ulimit -s 128 && /bin/sh -c 'echo native')
	is "$out" native "natively, a program runs with a stack limit of 128 KiB"
	out=$(ulimit -s 128 && sandbox -- /bin/sh -c 'echo sandboxed; ulimit -s')
	is "$?:$out" "0:sandboxed
128" "so it does in the sandbox, under the same limit"
}

test_not_found() {
	err=$(sandbox -- /no/such/program 2>&1)
	is "$?" 127 "a missing PROGRAM gives 127"
	contains "$err" "/no/such/program" "and the message names it"
	sandbox -- no-such-program-anywhere 2>/dev/null
	is "$?" 127 "a PROGRAM missing from PATH gives 127"
}

test_not_executable() {
	d=$(fresh_dir)
	printf 'echo hi\n' > "$d/script"
	chmod 644 "$d/script"
	err=$(cd "$d" && sandbox -- ./script 2>&1)
	is "$?" 126 "a non-executable PROGRAM gives 126"
	contains "$err" "Permission denied" "and says why"
}

test_bad_option() {
	err=$(sandbox --no-such-option -- /bin/true 2>&1)
	is "$?" 125 "an unknown option gives 125"
	is "$(printf '%s\n' "$err" | wc -l)" 1 "with a one-line message"
	contains "$err" "sentry-run: unknown option '--no-such-option'" "naming the option"
	err=$(sandbox 2>&1)
	is "$?" 125 "no PROGRAM gives 125"
	sandbox --rw 2>/dev/null
	is "$?" 125 "a missing option argument gives 125"
	err=$(sandbox --rw /no/such/dir -- /bin/true 2>&1)
	is "$?" 125 "--rw of a missing path gives 125"
	contains "$err" "/no/such/dir" "and names the path"
}

test_help_version() {
	out=$(sandbox --help)
	is "$?" 0 "--help exits 0"
	contains "$out" "Usage: sentry-run" "--help prints the usage"
	# The text goes out with fputs: a printf escape would show as typed.
	contains "$out" "100% is one CPU" "--help prints a single % sign"
	out=$(sandbox --version)
	contains "$out" "sentry-run " "--version prints the version"
	# Output that could not be written is a failure, as env(1)'s and
	# timeout(1)'s (125): a script must not take a lost text for one.
	for opt in --help --version; do
		err=$(sandbox $opt 2>&1 >/dev/full)
		is "$?" 125 "$opt to a full device fails with 125"
		is "$err" "sentry-run: $opt: cannot write to standard output: No space left on device" \
			"$opt: saying why, in one line"
		err=$(sandbox $opt 2>&1 >&-)
		is "$?:$err" "125:sentry-run: $opt: cannot write to standard output: Bad file descriptor" \
			"$opt with standard output closed fails with 125 too"
	done
	err=$(sandbox --print-profile 2>&1 >/dev/full)
	is "$?:$err" "125:sentry-run: --print-profile: cannot write the profile: No space left on device" \
		"--print-profile to a full device fails with 125"
	err=$(sandbox --print-profile 2>&1 >&-)
	is "$?:$err" "125:sentry-run: --print-profile: cannot write the profile: Bad file descriptor" \
		"--print-profile with standard output closed fails with 125 too"
}

test_big_output() {
	d=$(fresh_dir)
	head -c 10485760 /dev/urandom > "$d/big"
	chmod 644 "$d/big"
	sandbox --ro "$d" -- /bin/cat "$d/big" > "$d/copy"
	is "$?" 0 "cat of 10 MB exits 0"
	cmp -s "$d/big" "$d/copy"
	ok $? "10 MB written to a file arrive byte-identical"
	# Pipes on both sides, with a slow reader: stdin in, stdout out.
	status=$(cat "$d/big" | { sandbox -- /bin/cat; echo $? > "$d/status"; } |
		{ sleep 0.5; cat > "$d/piped"; }; cat "$d/status")
	is "$status" 0 "cat between two pipes exits 0"
	cmp -s "$d/big" "$d/piped"
	ok $? "10 MB through a pipe in and a pipe out arrive byte-identical"
}

test_stdin() {
	out=$(printf 'line one\nline two\n' | sandbox -- /bin/sh -c 'read a; read b; echo "$b/$a"')
	is "$out" "line two/line one" "stdin is passed through"
}

# Ubuntu's AppArmor restriction of unprivileged user namespaces, as
# tests/helpers/nocaps and a sysctl file on a private /proc/sys/kernel
# make it: set-up fails (125), and for an unprivileged caller the message
# names the sysctl.  A root caller's failure is not that, and says so not.
test_apparmor_userns() {
	if [ "$(id -u)" -ne 0 ]; then
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - [$mode] AppArmor's user namespace restriction is named # SKIP needs root for a private /proc/sys"
		return
	fi
	restricted() {  # restricted VALUE: sentry-run -- /bin/true under it
		unshare -m --propagation private /bin/sh -c '
			mount -t tmpfs sysctl /proc/sys/kernel &&
			echo "$1" >/proc/sys/kernel/apparmor_restrict_unprivileged_userns &&
			shift && exec "$@"' sh "$1" \
			$(if [ "$mode" = user ]; then echo setpriv --reuid="$SR_TEST_USER" --regid="$SR_TEST_USER" --init-groups --; fi) \
			"$WORK/bin/nocaps" "$SENTRY_RUN" -- /bin/true 2>&1
	}
	err=$(restricted 1)
	is "$?" 125 "a sandbox without capabilities in its user namespace fails with 125"
	contains "$err" "cannot make a cgroup namespace: Operation not permitted" "saying which step failed"
	if [ "$mode" = user ]; then
		contains "$err" "kernel.apparmor_restrict_unprivileged_userns=1" "and naming AppArmor's sysctl"
		err=$(restricted 0)
		is "$?" 125 "without the restriction the same failure gives 125"
		lacks "$err" "apparmor" "and does not blame AppArmor"
	else
		lacks "$err" "apparmor" "a root caller's failure does not blame AppArmor"
	fi
}

# A program started with fd 0, 1 or 2 closed finds it closed, as
# natively (`cmd >&-`: its writes fail with EBADF, and it says so); the
# /dev/null that sentry-run puts there for its own sake stays its own.
# The bare host says what to expect.
test_closed_std_fds() {
	probe='
import os, sys
fd = int(sys.argv[1])
try:
    os.fstat(fd)
    state = "open"
except OSError:
    state = "closed"
os.write(2 if fd == 1 else 1, ("fd%d-%s" % (fd, state)).encode())'
	for how in host sandbox; do
		case $how in
		host) run="" ;;
		sandbox) run="$SENTRY_RUN --" ;;
		esac
		is "$(as_user $run /usr/bin/python3 -c "$probe" 0 <&-)" fd0-closed "$how: stdin closed by the caller is closed in PROGRAM"
		is "$(as_user $run /usr/bin/python3 -c "$probe" 1 2>&1 >&-)" fd1-closed "$how: stdout closed by the caller is closed in PROGRAM"
		is "$(as_user $run /usr/bin/python3 -c "$probe" 2 2>&-)" fd2-closed "$how: stderr closed by the caller is closed in PROGRAM"
	done
}

# fds 0-2 reach PROGRAM as the caller gave them, whatever they are (a
# directory, a pipe, a socket, /dev/null): the same kinds as natively;
# and no other fd of the caller's does (natively, they would).
STD_FDS_PROBE='exec stat -L -c %F /proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2'
# A directory as stdin, a pipe as stdout, a socket as stderr.  The
# directory is one the view shows (isolation.sh: one it does not show is
# refused).
STD_FDS_SPAWN_PY='import os, socket, subprocess, sys
sock, peer = socket.socketpair()
d = os.open("/usr", os.O_RDONLY | os.O_DIRECTORY)
r, w = os.pipe()
p = subprocess.run(sys.argv[1:], stdin=d, stdout=w, stderr=sock)
os.close(w)
print(os.read(r, 4096).decode().replace("\n", ","), p.returncode)'

test_std_fds_as_given() {
	for how in host sandbox; do
		case $how in
		host) run="" ;;
		# The binary itself: the sanitized run's $SENTRY_RUN puts a
		# tee on stderr.
		sandbox) run="$SENTRY_RUN_BINARY --" ;;
		esac
		is "$(as_user /usr/bin/python3 -c "$STD_FDS_SPAWN_PY" $run /bin/sh -c "$STD_FDS_PROBE")" \
			"directory,fifo,socket, 0" "$how: a directory, a pipe and a socket as fds 0-2"
		is "$(as_user $run /bin/sh -c "$STD_FDS_PROBE" </dev/null 2>/dev/null | tr '\n' ,)" \
			"character special file,fifo,character special file," "$how: /dev/null as fds 0 and 2"
	done
	is "$(sandbox --ro "$WORK/bin" -- "$WORK/bin/fdcheck" </dev/null 2>/dev/null 3</dev/null 7>/dev/null |
		tr '\n' ' ')" "0 1 2 " "PROGRAM holds fds 0-2 only, not the caller's 3 and 7"
}

# Signals the caller ignores stay ignored, as across any exec: PROGRAM
# inherits them (SigIgn), `nohup`'s SIGHUP does not end it, a writer
# that ignores SIGPIPE meets EPIPE (yes exits 1), and a caller that
# ignores SIGCHLD (whose children the kernel reaps unasked) still gets
# PROGRAM's status.  The bare host says what to expect.
IGNORE_PY='import os, signal, sys
for name in sys.argv[1].split(","):
    signal.signal(getattr(signal, "SIG" + name), signal.SIG_IGN)
os.execv(sys.argv[2], sys.argv[2:])'

test_ignored_signals_kept() {
	d=$(fresh_dir)
	# Bounded: a launcher that waits for a SIGCHLD the kernel never
	# sends (its caller ignores SIGCHLD) would wait for ever.
	asu=
	[ "$mode" = user ] && asu="setpriv --reuid=$SR_TEST_USER --regid=$SR_TEST_USER --init-groups --"
	ignoring() {  # ignoring SIGNAMES CMD...: CMD with those ignored
		timeout -k 5 20 $asu /usr/bin/python3 -c "$IGNORE_PY" "$@"
	}
	native=$(ignoring HUP,PIPE,CHLD /bin/grep SigIgn /proc/self/status)
	mask=$(printf '%s' "$native" | sed 's/^SigIgn:[[:space:]]*//')
	is "$(( 0x$mask & 0x11001 ))" $((0x11001)) "natively, PROGRAM inherits the signals the caller ignores"
	# The binary itself: make check-oldkernel's $SENTRY_RUN and the
	# sanitized run's are /bin/sh scripts, and dash gives SIGCHLD back
	# its default before it runs sentry-run.
	is "$(ignoring HUP,PIPE,CHLD "$SENTRY_RUN_BINARY" -- /bin/grep SigIgn /proc/self/status)" "$native" \
		"in the sandbox too"
	for how in host sandbox; do
		case $how in
		host) run="" ;;
		sandbox) run="$SENTRY_RUN_BINARY --rw $d --" ;;
		esac
		out=$( { ignoring PIPE $run /bin/sh -c '/usr/bin/yes 2>/dev/null; echo "yes exited $?" >&2' |
			head -n 1 >/dev/null; } 2>&1)
		is "$out" "yes exited 1" "$how: with SIGPIPE ignored, a write to a closed pipe fails with EPIPE"
		ignoring CHLD $run /bin/sh -c 'exit 3' 2>/dev/null
		is "$?" 3 "$how: with SIGCHLD ignored, PROGRAM's status comes back"
		rm -f "$d/hup"
		(exec_as_user /usr/bin/python3 -c "$IGNORE_PY" HUP $run \
			/bin/sh -c "echo started >$d/hup; sleep 1; echo survived >>$d/hup") &
		pid=$!
		for _ in $(seq 100); do
			[ -s "$d/hup" ] && break
			sleep 0.1
		done
		kill -HUP "$pid"
		wait "$pid"
		is "$? $(tr '\n' ' ' <"$d/hup")" "0 started survived " \
			"$how: with SIGHUP ignored (nohup), a SIGHUP does not end PROGRAM"
	done
}

run_suite test_echo test_exit_status test_small_stack_limit test_not_found test_not_executable test_bad_option \
	test_help_version test_big_output test_stdin test_apparmor_userns test_closed_std_fds \
	test_ignored_signals_kept test_std_fds_as_given
