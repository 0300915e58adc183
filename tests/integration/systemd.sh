#!/bin/sh
# sentry-run under systemd (contrib/systemd/): the drop-in verifies, sd_notify
# messages reach a real notification socket from sentry-run's pid, the
# journal gets priorities, and SIGTERM ends in a status systemd calls clean.
. "$top_srcdir/tests/lib.sh"

LISTEN="$WORK/bin/notify-listen"
# The drop-in's profile, readable by the unprivileged user.
SERVICE_INI="$WORK/service.ini"
cp "$top_srcdir/contrib/profiles/service.ini" "$SERVICE_INI"
chmod a+r "$SERVICE_INI"

# PROGRAM's side of sd_notify, in python3 so that nothing but the socket
# address is needed inside: `notify MESSAGE...` sends each as a datagram.
NOTIFY_PY='
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
for m in sys.argv[1:]:
    s.sendto(m.encode().replace(b"\\n", b"\n").replace(b"\\x01", b"\x01").replace(b"\\x00", b"\x00"),
             os.environ["NOTIFY_SOCKET"])
'

now_ms() { date +%s%3N; }

# term_and_time PID GUARD_S: SIGTERM to sentry-run at PID, waited for;
# sets status and elapsed_ms.  A guard SIGKILLs it after GUARD_S seconds:
# a stop that hangs fails the test instead of holding the run.
term_and_time() {
	(sleep "$2"; kill -KILL "$1" 2>/dev/null) &
	guard=$!
	t0=$(now_ms)
	kill -TERM "$1"
	wait "$1"
	status=$?
	elapsed_ms=$(( $(now_ms) - t0 ))
	kill "$guard" 2>/dev/null
}

# listen_start DIR COUNT TIMEOUT_MS: a notification socket at DIR/notify,
# its lines going to DIR/got; waits until the socket is there.
listen_start() {
	as_user "$LISTEN" "$1/notify" "$2" "$3" >"$1/got" &
	listen_pid=$!
	i=0
	until [ -S "$1/notify" ]; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
}

# wait_for_line FILE TEXT: until FILE holds TEXT (at most 5 s).
wait_for_line() {
	i=0
	until grep -q -- "$2" "$1"; do
		i=$((i + 1)); [ $i -gt 250 ] && return 1; sleep 0.02
	done
}

test_drop_in_verifies() {
	d=$(fresh_dir)
	mkdir "$d/sample.service.d"
	cat >"$d/sample.service" <<-EOF
	[Unit]
	Description=a Type=notify service to sandbox

	[Service]
	Type=notify
	ExecStart=/usr/bin/python3 -m http.server
	EOF
	# The drop-in as shipped, but with the sentry-run under test.
	sed "s|/usr/bin/sentry-run|$SENTRY_RUN|" "$top_srcdir/contrib/systemd/sandbox.conf" \
		>"$d/sample.service.d/sandbox.conf"
	chmod -R a+rX "$d"
	out=$(as_user systemd-analyze verify "$d/sample.service" 2>&1)
	is "$?" 0 "systemd-analyze verify accepts the drop-in on a Type=notify unit"
	[ -n "$out" ] && printf '#   %s\n' "$out"
	# It did read the drop-in: without the ExecStart= reset it refuses.
	grep -v '^ExecStart=$' "$d/sample.service.d/sandbox.conf" >"$d/no-reset"
	cp "$d/no-reset" "$d/sample.service.d/sandbox.conf"
	out=$(as_user systemd-analyze verify "$d/sample.service" 2>&1)
	ok $(( $? == 0 )) "and refuses it without the ExecStart= reset line"
	contains "$out" "more than one ExecStart=" "saying why"
}

# The unit's other commands would run on the host, outside the sandbox:
# the drop-in clears every one.  systemd-analyze verify checks that each
# command a unit keeps can be run: those named here cannot, so that it
# names each one the drop-in leaves.
test_drop_in_clears_host_commands() {
	d=$(fresh_dir)
	mkdir "$d/daemon.service.d"
	{
		printf '[Service]\nType=notify\nExecStart=/usr/bin/python3 -m http.server\n'
		for key in ExecCondition ExecStartPre ExecStartPost ExecReload ExecStop ExecStopPost; do
			echo "$key=$d/on-the-host-$key"
		done
	} >"$d/daemon.service"
	chmod -R a+rX "$d"
	out=$(as_user systemd-analyze verify "$d/daemon.service" 2>&1)
	contains "$out" "$d/on-the-host-ExecStartPre is not executable" \
		"without the drop-in, systemd would run the unit's ExecStartPre= (and the others)"
	sed "s|/usr/bin/sentry-run|$SENTRY_RUN|" "$top_srcdir/contrib/systemd/sandbox.conf" \
		>"$d/daemon.service.d/sandbox.conf"
	chmod -R a+rX "$d"
	out=$(as_user systemd-analyze verify "$d/daemon.service" 2>&1)
	is "$?" 0 "with it, the unit verifies"
	lacks "$out" "on-the-host" "keeping none of the unit's host commands"
}

test_notify_from_sentry_run_pid() {
	d=$(fresh_dir)
	listen_start "$d" 3 5000
	exec_as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -- python3 -c "$NOTIFY_PY
s.sendto(b'READY=1\nMAINPID=%d' % os.getpid(), os.environ['NOTIFY_SOCKET'])
s.sendto(b'STATUS=serving from pid %d' % os.getpid(), os.environ['NOTIFY_SOCKET'])
s.sendto(b'WATCHDOG=1\nEXTEND_TIMEOUT_USEC=5000000', os.environ['NOTIFY_SOCKET'])
" &
	sr_pid=$!
	wait "$sr_pid"
	is "$?" 0 "a program that notifies exits 0"
	wait "$listen_pid"
	is "$(sed -n 1p "$d/got")" "pid=$sr_pid READY=1 MAINPID=$sr_pid" \
		"READY=1 arrives from sentry-run's pid, MAINPID rewritten to it"
	contains "$(sed -n 2p "$d/got")" "pid=$sr_pid STATUS=serving from pid " \
		"STATUS= arrives from sentry-run's pid, as PROGRAM wrote it"
	is "$(sed -n 3p "$d/got")" "pid=$sr_pid WATCHDOG=1 EXTEND_TIMEOUT_USEC=5000000" \
		"watchdog pings and timeout extensions arrive from sentry-run's pid"
	is "$(ls -A "$d")" got "the listener's socket went away, nothing else was made"
}

# sd_notify_barrier(): BARRIER=1 with the write end of a pipe, which the
# manager closes once it has read every earlier message.  The pipe itself
# reaches the manager (the listener writes a token into what it got, and
# PROGRAM reads it), from sentry-run's pid; a BARRIER=1 with anything but
# one pipe goes nowhere, and its fds are closed.
BARRIER_PY='
import array, os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
addr = os.environ["NOTIFY_SOCKET"]
s.sendto(b"READY=1", addr)
def barrier(extra):
    r, w = os.pipe()
    fds = [w] + [os.open(f, os.O_RDONLY) for f in extra]
    s.sendmsg([b"BARRIER=1"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))], 0, addr)
    for fd in fds:
        os.close(fd)
    return os.read(r, 16)
print(barrier([]), barrier(["/etc/hostname"]))
s.sendto(b"STATUS=done", addr)
'

test_notify_barrier_passed() {
	d=$(fresh_dir)
	listen_start "$d" 4 5000
	native=$(as_user env NOTIFY_SOCKET="$d/notify" python3 -c "$BARRIER_PY")
	wait "$listen_pid"
	is "$native" "b'X' b'X'" "natively, the manager gets the barrier's pipe"
	d=$(fresh_dir)
	listen_start "$d" 3 5000
	exec_as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -- python3 -c "$BARRIER_PY" >"$d/out" &
	sr_pid=$!
	wait "$sr_pid"
	is "$?" 0 "a program using sd_notify_barrier exits 0"
	wait "$listen_pid"
	is "$(cat "$d/out")" "b'X' b''" "the barrier's pipe reaches the manager; one sent with another fd goes nowhere"
	is "$(cat "$d/got")" "pid=$sr_pid READY=1
pid=$sr_pid BARRIER=1 fds=1
pid=$sr_pid STATUS=done" "BARRIER=1 arrives with its one fd, from sentry-run's pid, in order"
}

test_notify_filter() {
	d=$(fresh_dir)
	listen_start "$d" 2 5000
	err=$(as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -v -- python3 -c "$NOTIFY_PY" \
		'FDSTORE=1' 'STATUS=bad\x01' 'NOTIFYACCESS=all\nREADY=1' 'RELOADING=1\x00' 'STOPPING=1' 2>&1)
	is "$?" 0 "a program sending refused messages still runs"
	wait "$listen_pid"
	got=$(sed 's/^pid=[0-9]* //' "$d/got")
	is "$got" "READY=1
STOPPING=1" "unknown keys, control characters and NULs are not forwarded, the rest is"
	contains "$err" "notify: dropped a message holding a NUL" "-v says what was dropped"
	contains "$err" "notify: dropped 1 line(s)" "line by line"
}

# A program that would have the manager track a host process as the
# service's main process (which systemd would then watch, and kill on
# stop): MAINPID= naming it, alone or among others, and SCM_CREDENTIALS
# claiming to be it (the manager reads the sender's pid from them), or
# pid 1.  Natively the MAINPID= lines reach the manager as written, and
# root's claims pass; from the sandbox every message arrives from
# sentry-run's pid, each MAINPID= saying sentry-run's pid.  And FDSTORE=1
# with a pipe's write end: natively the manager gets the fd; from the
# sandbox the message's other lines arrive without it, and the relay
# closes it (the program reads the end of the pipe).
CLAIM_PY='
import array, errno, os, select, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
addr = os.environ["NOTIFY_SOCKET"]
host = int(sys.argv[1])
s.sendto(b"READY=1\nMAINPID=%d" % host, addr)
s.sendto(b"MAINPID=1\nMAINPID=%d\nSTATUS=two" % host, addr)
for pid in (1, host):
    creds = struct.pack("iII", pid, os.getuid(), os.getgid())
    try:
        s.sendmsg([b"STATUS=claimed %d" % pid], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, creds)], 0, addr)
        print("claim", pid, "sent")
    except OSError as e:
        print("claim", pid, errno.errorcode[e.errno])
r, w = os.pipe()
s.sendmsg([b"STATUS=store\nFDSTORE=1\nFDNAME=x"],
          [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [w]))], 0, addr)
os.close(w)
ready, _, _ = select.select([r], [], [], 10)
print("fd store pipe", os.read(r, 16) if ready else "still open")
'

test_notify_claims_no_host_pid() {
	d=$(fresh_dir)
	# The process to claim: one of the host, of the same user.
	as_user sleep 60 &
	host_pid=$!
	listen_start "$d" 5 3000
	native=$(as_user env NOTIFY_SOCKET="$d/notify" python3 -c "$CLAIM_PY" "$host_pid" 2>&1)
	wait "$listen_pid"
	contains "$(cat "$d/got")" "MAINPID=1 MAINPID=$host_pid STATUS=two" \
		"natively, MAINPID= naming a host process reaches the manager"
	contains "$native" "fd store pipe b'X'" "natively, the manager gets FDSTORE=1's fd"
	if [ "$mode" = root ]; then
		contains "$(cat "$d/got")" "pid=1 STATUS=claimed 1" "natively, root's claim to be pid 1 reaches the manager"
	fi
	d=$(fresh_dir)
	listen_start "$d" 5 3000
	exec_as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -- python3 -c "$CLAIM_PY" "$host_pid" >"$d/out" 2>&1 &
	sr_pid=$!
	wait "$sr_pid"
	is "$?" 0 "a program claiming other pids exits 0"
	wait "$listen_pid"
	kill "$host_pid"
	wait "$host_pid" 2>/dev/null
	got=$(cat "$d/got")
	is "$(sed -n '1,2p;$p' "$d/got")" "pid=$sr_pid READY=1 MAINPID=$sr_pid
pid=$sr_pid MAINPID=$sr_pid MAINPID=$sr_pid STATUS=two
pid=$sr_pid STATUS=store" "each MAINPID= arrives as sentry-run's pid; FDSTORE=1's other lines arrive without the fd"
	is "$(grep -c -v "^pid=$sr_pid " "$d/got")" 0 "every message arrives from sentry-run's pid, claims of pid 1 and $host_pid too"
	lacks "$got" "MAINPID=$host_pid" "the host process is never named MAINPID"
	lacks "$got" "fds=" "no fd reaches the manager"
	contains "$(cat "$d/out")" "fd store pipe b''" "the relay closed FDSTORE=1's fd"
}

test_program_environment() {
	d=$(fresh_dir)
	# No datagram is sent: the socket need not exist.
	out=$(as_user env NOTIFY_SOCKET="$d/notify" WATCHDOG_USEC=3000000 "$SENTRY_RUN" -- /bin/sh -c \
		'echo "$NOTIFY_SOCKET $WATCHDOG_USEC $WATCHDOG_PID $$"; ls -A /run/sentry-run; : > /run/sentry-run/x' 2>&1)
	set -- $out
	is "$1" /run/sentry-run/notify "PROGRAM's NOTIFY_SOCKET is the sandbox's socket"
	is "$2" 3000000 "WATCHDOG_USEC is passed on"
	is "$3" "$4" "WATCHDOG_PID is PROGRAM's own pid"
	is "$5" notify "the relay directory holds the socket only"
	contains "$out" "Read-only file system" "and PROGRAM cannot write into it"
	# As systemd sets it: WATCHDOG_PID is the main process, sentry-run.
	out=$(as_user env NOTIFY_SOCKET="$d/notify" WATCHDOG_USEC=4000000 /bin/sh -c \
		'WATCHDOG_PID=$$ exec "$0" -- /bin/sh -c "echo \$WATCHDOG_USEC \$WATCHDOG_PID \$\$"' \
		"$SENTRY_RUN" 2>&1)
	set -- $out
	is "$1:$2" "4000000:$3" "a watchdog for sentry-run's pid is PROGRAM's, with PROGRAM's pid"
	# A watchdog meant for another process is not PROGRAM's.
	out=$(as_user env NOTIFY_SOCKET="$d/notify" WATCHDOG_USEC=3000000 WATCHDOG_PID=1 "$SENTRY_RUN" -- \
		/bin/sh -c 'echo "${WATCHDOG_USEC-unset} ${WATCHDOG_PID-unset}"' 2>&1)
	is "$out" "unset unset" "a watchdog for another pid is not passed on"
	out=$(as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" --clearenv -- /usr/bin/env 2>&1)
	is "$out" "NOTIFY_SOCKET=/run/sentry-run/notify" "--clearenv keeps the notification socket"
}

test_journal_priorities() {
	d=$(fresh_dir)
	: >"$d/stderr"
	chmod 666 "$d/stderr"
	stream=$(stat -c '%d:%i' "$d/stderr")
	as_user env JOURNAL_STREAM="$stream" "$SENTRY_RUN" --no-such-option 2>>"$d/stderr"
	is "$(cat "$d/stderr")" "<3>sentry-run: unknown option '--no-such-option'; see --help" \
		"an error on the journal stream carries <3>"
	: >"$d/stderr"
	as_user env JOURNAL_STREAM="$stream" NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -v -- \
		python3 -c "$NOTIFY_PY" 'NOT_A_KEY=1' 2>>"$d/stderr"
	contains "$(cat "$d/stderr")" "<6>sentry-run: notify: dropped" "-v information carries <6>"
	: >"$d/stderr"
	as_user env JOURNAL_STREAM=0:0 "$SENTRY_RUN" --no-such-option 2>>"$d/stderr"
	is "$(cat "$d/stderr")" "sentry-run: unknown option '--no-such-option'; see --help" \
		"no prefix when stderr is not the journal stream"
}

# PROGRAM's side through libsystemd itself: `sd_notify MESSAGE...`
# sends each with sd_notify(3) (\t, \x1b and \n in a message are
# written so); "fds:MESSAGE" sends it with a pipe's fd, as
# sd_pid_notify_with_fds(3) does for FDSTORE=1.
SD_NOTIFY_PY='
import ctypes, os, sys
sd = ctypes.CDLL("libsystemd.so.0")
for m in sys.argv[1:]:
    m = m.encode().decode("unicode_escape").encode()
    if m.startswith(b"fds:"):
        r, w = os.pipe()
        fds = (ctypes.c_int * 1)(r)
        rc = sd.sd_pid_notify_with_fds(0, 0, m[4:], fds, 1)
    else:
        rc = sd.sd_notify(0, m)
    print(rc, flush=True)
'

# Natively systemd takes what it knows of a message and ignores the
# rest; a READY=1 must not be lost for a line sentry-run does not pass
# on (the unit would fail its start-up timeout).
test_notify_line_by_line() {
	d=$(fresh_dir)
	msgs='READY=1\nSTATUS=port\t8080
STOPPING=1\nSTATUS=\x1b[2Jcleared
fds:READY=1\nFDSTORE=1\nFDNAME=db'
	listen_start "$d" 3 5000
	as_user env NOTIFY_SOCKET="$d/notify" python3 -c "$SD_NOTIFY_PY" $msgs >/dev/null
	wait "$listen_pid"
	native=$(sed 's/^pid=[0-9]* //' "$d/got")
	is "$native" "$(printf 'READY=1 STATUS=port\t8080\nSTOPPING=1 STATUS=\033[2Jcleared\nREADY=1 FDSTORE=1 FDNAME=db fds=1')" \
		"natively, the manager gets every message whole"
	rm -f "$d/got"
	listen_start "$d" 3 5000
	out=$(as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -v -- python3 -c "$SD_NOTIFY_PY" $msgs 2>&1)
	wait "$listen_pid"
	got=$(sed 's/^pid=[0-9]* //' "$d/got")
	is "$got" "$(printf 'READY=1 STATUS=port\t8080\nSTOPPING=1\nREADY=1')" \
		"in the sandbox, a tab passes, and a line with another control character or an fd key is left out, not its message"
	contains "$out" "notify: dropped 1 line(s)" "-v says what was left out"
}

# An address that sd_notify(3) cannot use (empty, relative, vsock, too
# long for sockaddr_un): natively sd_notify returns an error and the
# service runs on; in the sandbox it runs too, with nothing relayed.
test_notify_socket_unusable() {
	long="/$(printf '%0120d' 0)"
	for ns in "" relative/notify vsock:2:1234 "$long"; do
		shown=$(printf '%.20s' "$ns")
		native=$(as_user env NOTIFY_SOCKET="$ns" python3 -c "$SD_NOTIFY_PY" READY=1 2>&1)
		ok $(( native >= 0 )) "NOTIFY_SOCKET='$shown': natively sd_notify fails ($native) and the program goes on"
		out=$(as_user env NOTIFY_SOCKET="$ns" "$SENTRY_RUN" -- /bin/sh -c 'echo ran' 2>&1)
		is "$?" 0 "NOTIFY_SOCKET='$shown': the sandboxed program runs"
		contains "$out" "ran" "NOTIFY_SOCKET='$shown': and its output comes"
		contains "$out" "sentry-run: NOTIFY_SOCKET" "NOTIFY_SOCKET='$shown': sentry-run says it relays nothing"
	done
}

# ProtectSystem=strict without PrivateTmp=yes leaves /tmp read-only for
# the service; RuntimeDirectory= gives it a directory of its own, named
# by RUNTIME_DIRECTORY (a colon-separated list).  Here /tmp is made
# read-only in a mount namespace of the test's.
# /run a host directory in the sandbox (bound read-only or read-write, or
# the caller's cwd): the relay's mount point cannot be made there, or
# would be made on the host, so the socket is in the sandbox's own /dev.
test_notify_run_from_host() {
	for opt in --ro --rw; do
		d=$(fresh_dir)
		listen_start "$d" 1 5000
		out=$(as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" $opt /run -- python3 -c "$NOTIFY_PY
print(os.environ['NOTIFY_SOCKET'])" 'READY=1' 2>&1)
		is "$?:$out" "0:/dev/sentry-run/notify" "$opt /run: the sandbox's socket is in /dev"
		wait "$listen_pid"
		is "$(sed 's/^pid=[0-9]* //' "$d/got")" "READY=1" "$opt /run: its READY=1 arrives"
	done
	d=$(fresh_dir)
	listen_start "$d" 1 5000
	out=$(cd /run && as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -- python3 -c "$NOTIFY_PY" 'READY=1' 2>&1)
	is "$?:$out" "0:" "from /run as the working directory, a notifying program runs"
	wait "$listen_pid"
	is "$(sed 's/^pid=[0-9]* //' "$d/got")" "READY=1" "and its READY=1 arrives"
	[ ! -e /run/sentry-run ]
	ok $? "nothing was made in the host's /run"
}

test_notify_read_only_tmp() {
	d=$(mktemp -d /var/tmp/sr-test-run.XXXXXX)
	chmod 755 "$d"
	mkdir "$d/run" "$d/other"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d" "$d/run" "$d/other"
	listen_start "$d" 1 5000
	unshare -m /bin/sh -c 'mount -o bind,ro /tmp /tmp && mount -o remount,bind,ro /tmp && exec "$@"' sh \
		env RUNTIME_DIRECTORY="$d/run:$d/other" NOTIFY_SOCKET="$d/notify" \
		$( [ "$mode" = user ] && echo setpriv --reuid="$SR_TEST_USER" --regid="$SR_TEST_USER" --init-groups -- ) \
		"$SENTRY_RUN" -- python3 -c "$NOTIFY_PY" 'READY=1' >"$d/out" 2>&1
	is "$?" 0 "with /tmp read-only, a notifying service runs"
	[ -s "$d/out" ] && printf '#   %s\n' "$(cat "$d/out")"
	wait "$listen_pid"
	contains "$(cat "$d/got")" "READY=1" "its READY=1 goes through a relay in RUNTIME_DIRECTORY"
	is "$(ls -A "$d/run") $(ls -A "$d/other")" " " "which is removed afterwards"
	rm -rf "$d"
}

# stop_service PYTHON-ON-SIGTERM: a notifying service that says READY=1,
# then SIGTERM to sentry-run once it has; sets status and elapsed_ms.
stop_service() {
	d=$(fresh_dir)
	listen_start "$d" 2 5000
	exec_as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -- python3 -c "$NOTIFY_PY
import signal, time
$1
s.sendto(b'READY=1', os.environ['NOTIFY_SOCKET'])
time.sleep(60)
" &
	sr_pid=$!
	wait_for_line "$d/got" READY=1
	term_and_time "$sr_pid" 20
	wait "$listen_pid"
}

test_sigterm_clean_stop() {
	stop_service "
def stop(*_):
    s.sendto(b'STOPPING=1', os.environ['NOTIFY_SOCKET'])
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)"
	ok $(( elapsed_ms > 2000 )) "a service handling SIGTERM stops within 2 s ($elapsed_ms ms)"
	is "$status" 0 "with its own status 0"
	contains "$(cat "$d/got")" "pid=$sr_pid STOPPING=1" "its STOPPING=1 reaches the manager"
	stop_service ""
	ok $(( elapsed_ms > 2000 )) "a service killed by SIGTERM stops within 2 s ($elapsed_ms ms)"
	is "$status" 143 "with 143 (sentry-run dies of SIGTERM, which systemd calls clean)"
	grep -q '^SuccessExitStatus=143$' "$top_srcdir/contrib/systemd/sandbox.conf"
	ok $? "the drop-in says SuccessExitStatus=143"
}

# `systemctl reload` with the usual ExecReload=kill -HUP $MAINPID: the
# daemon rereads its configuration and goes on serving.  MAINPID is
# sentry-run; the reload must not turn into a stop after the grace.
RELOAD_PY='
import signal, sys, time
signal.signal(signal.SIGHUP, lambda *_: print("reloaded", flush=True))
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("up", flush=True)
while True:
    time.sleep(1)
'
test_sighup_reloads() {
	d=$(fresh_dir)
	for how in host sandbox; do
		case $how in
		host) set -- ;;
		sandbox) set -- "$SENTRY_RUN" -p "$SERVICE_INI" --kill-after=500ms -- ;;
		esac
		exec_as_user "$@" /usr/bin/python3 -c "$RELOAD_PY" >"$d/$how" &
		sr_pid=$!
		wait_for_line "$d/$how" up
		kill -HUP "$sr_pid"
		wait_for_line "$d/$how" reloaded
		# Longer than the grace a stop would get.
		sleep 1.5
		term_and_time "$sr_pid" 20
		is "$status:$(tr '\n' ' ' <"$d/$how")" "0:up reloaded " \
			"$how: SIGHUP reloads the daemon, which runs on until SIGTERM"
	done
}

# A manager that does not read (a busy or stuck systemd) and a program
# that floods it: the relay must not hold off the supervisor's SIGTERM.
test_notify_flood_stuck_manager() {
	d=$(fresh_dir)
	exec_as_user /usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
time.sleep(60)' "$d/notify" >/dev/null &
	deaf_pid=$!
	i=0
	until [ -S "$d/notify" ]; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	exec_as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -- python3 -c "$NOTIFY_PY
import time
for i in range(2000):
    s.sendto(b'STATUS=flood %d' % i, os.environ['NOTIFY_SOCKET'])
print('flooded', flush=True)
time.sleep(60)
" >"$d/out" &
	sr_pid=$!
	wait_for_line "$d/out" flooded
	term_and_time "$sr_pid" 20
	kill "$deaf_pid" 2>/dev/null
	wait "$deaf_pid" 2>/dev/null
	is "$status" 143 "a program flooding a manager that does not read is stopped by SIGTERM"
	ok $(( elapsed_ms > 5000 )) "within 5 s ($elapsed_ms ms)"
}

# A manager that reads, but slowly (a busy systemd: one datagram every
# SLOW_READ_S), and a program that keeps its queue full: each forward
# waits for room, and the relay must not wait so long, one message after
# another, that the supervisor's SIGTERM goes unanswered.
SLOW_READ_S=0.25
test_notify_flood_slow_manager() {
	d=$(fresh_dir)
	exec_as_user /usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
for i in range(240):
    time.sleep(float(sys.argv[2]))
    s.recv(8192)' "$d/notify" "$SLOW_READ_S" >/dev/null &
	slow_pid=$!
	i=0
	until [ -S "$d/notify" ]; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	flood="$NOTIFY_PY
s.setblocking(False)
full = 0
for i in range(200):
    try:
        s.sendto(b'WATCHDOG=1', os.environ['NOTIFY_SOCKET'])
    except BlockingIOError:
        full += 1
print('queue full %d times' % full, flush=True)
s.setblocking(True)
while True:
    s.sendto(b'WATCHDOG=1', os.environ['NOTIFY_SOCKET'])
"
	# Natively the same flood finds the manager's queue full: the wait
	# for room below is real.
	out=$(as_user env NOTIFY_SOCKET="$d/notify" timeout -s KILL 2 python3 -c "$flood" 2>/dev/null | sed -n 1p)
	lacks "$out" "queue full 0 times" "natively, the flood fills the manager's queue ($out)"
	exec_as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -- python3 -c "$flood" >"$d/out" &
	sr_pid=$!
	wait_for_line "$d/out" "queue full"
	sleep 1
	term_and_time "$sr_pid" 40
	kill "$slow_pid" 2>/dev/null
	wait "$slow_pid" 2>/dev/null
	is "$status" 143 "a program flooding a slow manager is stopped by SIGTERM"
	ok $(( elapsed_ms > 5000 )) "within 5 s ($elapsed_ms ms)"
}

# FDSTORE=1 with a socket whose last close waits: a TCP socket with
# SO_LINGER, its data unread by its peer, waits up to the linger time
# for the peer to take it.  A child hands it over and exits (an exiting
# task never lingers), after messages that keep the relay busy with a
# slow manager, so that sentry-run receives it last.  Its close held
# the supervisor, signals blocked for its signalfd, deaf to SIGTERM
# until the guard's SIGKILL (which leaves a caller's terminal raw).
LINGER_PY="$NOTIFY_PY"'
import array, struct, time
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1)
c = socket.socket(); c.connect(l.getsockname()); peer, _ = l.accept()
c.setblocking(False)
try:
    while True:
        c.send(b"x" * 65536)
except BlockingIOError:
    pass
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 3600))
if os.fork() == 0:
    for i in range(20):
        s.sendto(b"STATUS=busy %d" % i, os.environ["NOTIFY_SOCKET"])
    for i in range(10):
        s.sendmsg([b"FDSTORE=1\nSTATUS=linger %d" % i],
                  [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [c.fileno()]))],
                  0, os.environ["NOTIFY_SOCKET"])
    os._exit(0)
c.close()
os.wait()
print("handed over", flush=True)
time.sleep(60)
'
test_notify_fd_whose_close_waits() {
	d=$(fresh_dir)
	exec_as_user /usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
while True:
    time.sleep(0.1)
    s.recv(8192)' "$d/notify" >/dev/null &
	slow_pid=$!
	i=0
	until [ -S "$d/notify" ]; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	exec_as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" -- python3 -c "$LINGER_PY" >"$d/out" &
	sr_pid=$!
	wait_for_line "$d/out" "handed over"
	sleep 3
	term_and_time "$sr_pid" 20
	kill "$slow_pid" 2>/dev/null
	wait "$slow_pid" 2>/dev/null
	is "$status" 143 "a program that hands over a socket whose close waits is still stopped by SIGTERM"
}

# A socket-activated service's side, through libsystemd itself:
# sd_listen_fds_with_names(3) (which checks LISTEN_PID against getpid()
# and unsets the variables, in libc's environment, not os.environ's
# copy), then what kind fd 3 is, and an answer to
# one connection on it when it is a listening socket.
SD_LISTEN_PY='
import ctypes, os, socket, stat
sd = ctypes.CDLL("libsystemd.so.0")
libc = ctypes.CDLL(None)
libc.getenv.restype = ctypes.c_char_p
names = ctypes.POINTER(ctypes.c_char_p)()
n = sd.sd_listen_fds_with_names(1, ctypes.byref(names))
kind = "-"
if n > 0:
    mode = os.fstat(3).st_mode
    kind = "socket" if stat.S_ISSOCK(mode) else "fifo" if stat.S_ISFIFO(mode) else "other"
print("fds=%d name=%s kind=%s left=%s" % (n, names[0].decode() if n > 0 else "-", kind,
      ",".join(k for k in ("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES") if libc.getenv(k.encode())) or "none"),
      flush=True)
if kind == "socket":
    c, _ = socket.socket(fileno=3).accept()
    c.sendall(b"served by pid %d" % os.getpid())
'

# client PORT: connects (retrying while the port is not bound yet) and
# prints what it is sent; "no answer" after 10 s or when it is reset.
CLIENT_PY='import socket, sys, time
for i in range(250):
    try:
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
        break
    except ConnectionRefusedError:
        time.sleep(0.02)
s.settimeout(10)
try:
    print(s.recv(100).decode())
except (socket.timeout, ConnectionResetError):
    print("no answer")'

# systemd-socket-activate does what systemd does for a socket unit: it
# listens, then execs the service with the socket as fd 3, LISTEN_FDS=1,
# LISTEN_PID its own pid and LISTEN_FDNAMES.
test_socket_activation() {
	d=$(fresh_dir)
	port=$(free_port)
	as_user systemd-socket-activate -l "127.0.0.1:$port" --fdname=web \
		python3 -c "$SD_LISTEN_PY" >"$d/native" 2>/dev/null &
	native_pid=$!
	answer=$(python3 -c "$CLIENT_PY" "$port")
	wait "$native_pid"
	contains "$answer" "served by pid" "natively, the socket-activated service answers"
	is "$(cat "$d/native")" "fds=1 name=web kind=socket left=none" \
		"natively, sd_listen_fds finds the socket, named"
	port=$(free_port)
	as_user systemd-socket-activate -l "127.0.0.1:$port" --fdname=web \
		"$SENTRY_RUN" -p "$SERVICE_INI" -- python3 -c "$SD_LISTEN_PY" >"$d/sandboxed" 2>/dev/null &
	sr_pid=$!
	answer=$(python3 -c "$CLIENT_PY" "$port")
	wait "$sr_pid"
	is "$?" 0 "the sandboxed socket-activated service exits 0"
	contains "$answer" "served by pid" "it answers a connection on the socket systemd made"
	is "$(cat "$d/sandboxed")" "fds=1 name=web kind=socket left=none" \
		"sd_listen_fds finds the socket inside, LISTEN_PID being PROGRAM's pid"
}

# ListenFIFO= and the fd store pass other kinds of fds the same way; a
# LISTEN_PID naming another process means the fds are not ours (pid 2
# is kthreadd on the host, PROGRAM's own pid inside).
test_listen_fds_other_kinds() {
	d=$(fresh_dir)
	as_user mkfifo "$d/fifo"
	activate='exec 3<>"$1"; shift; LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES=pipe exec "$@"'
	native=$(as_user /bin/sh -c "$activate" sh "$d/fifo" python3 -c "$SD_LISTEN_PY" 2>&1)
	is "$native" "fds=1 name=pipe kind=fifo left=none" "natively, a FIFO passed by systemd is found"
	out=$(as_user /bin/sh -c "$activate" sh "$d/fifo" "$SENTRY_RUN" -- python3 -c "$SD_LISTEN_PY" 2>&1)
	is "$out" "$native" "and in the sandbox"
	foreign='exec 3<>"$1"; shift; LISTEN_PID=2 LISTEN_FDS=1 LISTEN_FDNAMES=pipe exec "$@"'
	native=$(as_user /bin/sh -c "$foreign" sh "$d/fifo" python3 -c "$SD_LISTEN_PY" 2>&1)
	contains "$native" "fds=0 " "natively, fds meant for another pid are not the program's"
	out=$(as_user /bin/sh -c "$foreign" sh "$d/fifo" "$SENTRY_RUN" -- python3 -c "$SD_LISTEN_PY" 2>&1)
	is "$out" "fds=0 name=- kind=- left=none" "nor in the sandbox, where the variables are not passed on"
	out=$(as_user /bin/sh -c "$foreign" sh "$d/fifo" "$SENTRY_RUN" -- /bin/sh -c 'echo x >&3' 2>&1)
	contains "$out" "Bad file descriptor" "nor the fd"
	# With --clearenv, as NOTIFY_SOCKET: the fds are the service's.
	out=$(as_user /bin/sh -c "$activate" sh "$d/fifo" "$SENTRY_RUN" --clearenv -- \
		/usr/bin/python3 -c "$SD_LISTEN_PY" 2>&1)
	is "$out" "fds=1 name=pipe kind=fifo left=none" "--clearenv keeps the socket-activation variables"
	# systemd never passes a directory, and the sandbox refuses one as
	# it does with --pass-fd.
	out=$(as_user /bin/sh -c 'exec 3<"$1"; shift; LISTEN_PID=$$ LISTEN_FDS=1 exec "$@"' sh "$d" \
		"$SENTRY_RUN" -- true 2>&1)
	is "$?" 125 "a directory among the LISTEN_FDS is refused"
	contains "$out" "a directory cannot be passed in" "saying why"
	out=$(as_user /bin/sh -c 'LISTEN_PID=$$ LISTEN_FDS=2 exec "$@"' sh "$SENTRY_RUN" -- true 3<&- 4<&- 2>&1)
	is "$?" 125 "LISTEN_FDS naming fds that are not open is refused"
	contains "$out" "LISTEN_FDS" "saying which variable"
}

# A Type=forking unit runs with the drop-in's forking lines: Type=notify,
# PIDFile= cleared, and sentry-run --wait=all.
test_forking_drop_in_verifies() {
	d=$(fresh_dir)
	mkdir "$d/forking.service.d"
	cat >"$d/forking.service" <<-EOF
	[Unit]
	Description=a Type=forking service to sandbox

	[Service]
	Type=forking
	PIDFile=/run/forking.pid
	ExecStart=/usr/sbin/mydaemon
	EOF
	sed -e "s|/usr/bin/sentry-run|$SENTRY_RUN|" -e 's|^#Type=notify$|Type=notify|' -e 's|^#PIDFile=$|PIDFile=|' \
		-e 's|sentry-run -p service --|sentry-run --wait=all -p service --|' \
		"$top_srcdir/contrib/systemd/sandbox.conf" >"$d/forking.service.d/sandbox.conf"
	chmod -R a+rX "$d"
	got=$(grep -c -e '^Type=notify$' -e '^PIDFile=$' -e '^ExecStart=.* --wait=all -p service -- ' \
		"$d/forking.service.d/sandbox.conf")
	is "$got" 3 "the drop-in holds the forking lines, to uncomment"
	out=$(as_user systemd-analyze verify "$d/forking.service" 2>&1)
	is "$?" 0 "systemd-analyze verify accepts them on a Type=forking unit"
	[ -n "$out" ] && printf '#   %s\n' "$out"
}

# A forking start script under --wait=all in a Type=notify unit: once it
# has exited 0, sentry-run says READY=1 from its own pid, once, even when
# the script said READY=1 itself; SIGTERM then stops the daemon cleanly.
test_wait_all_ready() {
	for own in none own; do
		d=$(fresh_dir)
		cat >"$d/start" <<-EOF
		setsid -f /bin/sh -c 'while :; do sleep 0.1; done' sr-forked-$$ </dev/null >/dev/null 2>&1
		[ "\$1" = own ] && python3 -c "\$2" READY=1
		echo exiting >"$d/exiting"
		exit 0
		EOF
		chmod a+r "$d/start"
		# Up to 2: a second READY=1 would show.
		listen_start "$d" 2 30000
		exec_as_user env NOTIFY_SOCKET="$d/notify" "$SENTRY_RUN" --wait=all --rw "$d" -- \
			/bin/sh "$d/start" "$own" "$NOTIFY_PY" &
		sr_pid=$!
		wait_for_line "$d/got" READY=1
		# The script's own READY=1 is passed on as it is sent, before
		# the script is done; sentry-run's waits for the script's exit.
		case $own in
		none) is "$(cat "$d/exiting" 2>/dev/null)" exiting "$own: READY=1 arrives once the start script is done" ;;
		own) contains "$(cat "$d/got")" "READY=1" "$own: the script's READY=1 arrives" ;;
		esac
		kill -0 "$sr_pid" 2>/dev/null
		ok $? "$own: sentry-run runs on, with the daemon"
		term_and_time "$sr_pid" 20
		is "$status" 143 "$own: SIGTERM stops it with 143 (sentry-run dies of SIGTERM, which systemd calls clean)"
		# A last message of ours, queued after all that sentry-run sent,
		# ends the listener (not a second of silence, which a slow
		# start could take for the end).
		python3 -c 'import socket, sys
socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"sr-end", sys.argv[1])' "$d/notify" 2>/dev/null
		wait "$listen_pid"
		got=$(grep -v ' sr-end$' "$d/got")
		case $own in
		none) is "$got" "pid=$sr_pid READY=1 MAINPID=$sr_pid" \
			"$own: sentry-run's READY=1, from its pid, with MAINPID= its pid" ;;
		own) is "$got" "pid=$sr_pid READY=1" "$own: the script's READY=1 alone, from sentry-run's pid" ;;
		esac
		is "$(pgrep -f "sr-forked-$$" | wc -l)" 0 "$own: no process of the sandbox is left"
	done
}

run_suite test_drop_in_verifies test_drop_in_clears_host_commands test_notify_from_sentry_run_pid test_notify_barrier_passed test_notify_filter test_notify_claims_no_host_pid \
	test_program_environment test_journal_priorities test_sigterm_clean_stop \
	test_notify_flood_stuck_manager test_notify_flood_slow_manager test_notify_fd_whose_close_waits \
	test_socket_activation test_listen_fds_other_kinds test_notify_line_by_line \
	test_sighup_reloads test_notify_read_only_tmp test_notify_run_from_host test_notify_socket_unusable \
	test_forking_drop_in_verifies test_wait_all_ready
