#!/bin/sh
# Terminals (DESIGN invariant 6): a pty of the sandbox's own, driven here
# through a real pty by a small python3 client, as a person at a terminal.
. "$top_srcdir/tests/lib.sh"

# drive SCRIPT: run python3 with the driver helpers below, then SCRIPT.
drive() {
	as_user /usr/bin/python3 -c "
import os, pty, sys, time, select, signal, fcntl, termios, struct

def start(argv, rows=33, cols=77):
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
        os.environ['PS1'] = 'SR> '
        os.environ['ENV'] = ''
        # As from a login shell: python3 ignores SIGPIPE, and exec would
        # pass that on.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.execvp(argv[0], argv)
    return pid, fd

buf = b''
def expect(fd, pattern, timeout=5.0):
    global buf
    end = time.time() + timeout
    while pattern.encode() not in buf:
        left = end - time.time()
        if left <= 0:
            print('TIMEOUT waiting for %r; got %r' % (pattern, buf[-300:]))
            sys.exit(1)
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b''
            if not data:
                print('EOF waiting for %r; got %r' % (pattern, buf[-300:]))
                sys.exit(1)
            buf += data
    i = buf.index(pattern.encode()) + len(pattern)
    buf = buf[i:]

def send(fd, text):
    os.write(fd, text.encode())

# What is left to read, until EOF or EIO (no slave open any more).
def drain(fd):
    global buf
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        buf += data

def finish(pid, fd):
    drain(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)

$1
"
}

test_interactive_shell() {
	out=$(drive "
pid, fd = start(['$SENTRY_RUN', '--', '/bin/sh', '-i'])
expect(fd, 'SR> ')
print('prompt')
send(fd, 'stty size\n'); expect(fd, '33 77'); print('size 33 77')
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 100, 0, 0))
# The new size reaches the sandbox's pty through sentry-run, a moment
# later: asked until it is there.
send(fd, 'i=0; while [ \"\$(stty size)\" != \"40 100\" ] && [ \$i -lt 300 ]; do sleep 0.1; i=\$((i + 1)); done; '
         'echo size-\$(stty size | tr \" \" x)\n')
expect(fd, 'size-40x100', 40); print('resized 40 100')
send(fd, 'tty\n'); expect(fd, '/dev/pts/0'); print('own pty')
# Each step waits for output that only the shell's work can print (the
# echo of the typed line shows \$((...)), not its value), so that a
# prompt left over from an earlier command cannot stand in for it.
send(fd, 'echo ready-\$((6*7))\n'); expect(fd, 'ready-42'); expect(fd, 'SR> ')
# Ctrl-C and Ctrl-Z once the line is read and runs: sent while the
# shell still read it, they made it throw the line away, or ignore them.
send(fd, 'echo sleeping-\$((5*7)); sleep 100; echo after-sleep\n'); expect(fd, 'sleeping-35')
send(fd, '\x03'); send(fd, 'echo interrupted-\$((2*3))\n'); expect(fd, 'interrupted-6', 3); print('ctrl-c')
expect(fd, 'SR> ')
send(fd, 'sh -c \"echo started-\$((7*8)); sleep 3; echo resumed-\$((3*5))\"\n'); expect(fd, 'started-56')
send(fd, '\x1a'); expect(fd, 'Stopped', 3)
send(fd, 'echo stopped-\$((4*5))\n'); expect(fd, 'stopped-20', 3); print('ctrl-z')
expect(fd, 'SR> ')
send(fd, 'fg\n'); expect(fd, 'resumed-15', 20); print('fg resumed')
expect(fd, 'SR> ')
send(fd, 'exit 5\n')
print('status', finish(pid, fd))
" 2>&1)
	contains "$out" "prompt" "an interactive shell shows its prompt"
	contains "$out" "size 33 77" "stty size inside matches the caller's terminal"
	contains "$out" "resized 40 100" "a resize of the caller's terminal is seen inside"
	contains "$out" "own pty" "PROGRAM's terminal is a pty of the sandbox's own devpts"
	contains "$out" "ctrl-c" "Ctrl-C interrupts sleep and the shell goes on"
	contains "$out" "ctrl-z" "Ctrl-Z stops a job"
	contains "$out" "fg resumed" "fg resumes it, in the foreground"
	contains "$out" "status 5" "exit passes the shell's status back"
}

# modes.sh HOW PIDFILE: the caller's terminal modes (stty -g) before and
# after sentry-run ends by HOW: exit, crash (SIGSYS from an int $0x80),
# timeout, sigterm (sentry-run itself gets SIGTERM after a second), or
# reader-gone (what reads the output of sentry-run --pty exits first: the
# relay's write fails, and sentry-run must not die of SIGPIPE in raw
# mode), or,
# with --no-pty, PROGRAM changing the caller's terminal: no-pty-raw
# (raw, no echo) and no-pty-stopped (output stopped with TCOOFF); or
# setsid: the terminal is stdin, but not sentry-run's controlling one.
cat > "$WORK/modes.sh" <<EOF
#!/bin/sh
stty -g
case \$1 in
exit) "$SENTRY_RUN" -- /bin/sh -c 'exit 0' ;;
crash) "$SENTRY_RUN" -- "$WORK/bin/attack" int80 ;;
timeout) "$SENTRY_RUN" --timeout=1s -- sleep 100 ;;
sigterm)
	(sleep 1; kill -TERM "\$(cat "\$2")") &
	/bin/sh -c 'echo \$\$ > "\$1"; exec "\$2" -- sleep 100' sh "\$2" "$SENTRY_RUN" ;;
setsid) setsid -w "$SENTRY_RUN" -- /bin/sh -c 'exit 0' ;;
no-pty-raw) "$SENTRY_RUN" --no-pty -- /bin/sh -c 'stty raw -echo -opost' ;;
no-pty-stopped) "$SENTRY_RUN" --no-pty -- /usr/bin/python3 -c 'import termios; termios.tcflow(1, termios.TCOOFF)' ;;
reader-gone)
	{ "$SENTRY_RUN" --pty -- yes; echo status=\$? >&2; } | head -n 1 >/dev/null
	stty -g
	exit ;;
esac
echo status=\$?
stty -g
EOF
chmod 755 "$WORK/modes.sh"

test_modes_restored() {
	for how in exit crash timeout sigterm reader-gone setsid no-pty-raw no-pty-stopped; do
		pidfile=$(fresh_dir)/pid
		out=$(drive "
signal.alarm(20)  # a terminal left stopped would hold finish() for ever
pid, fd = start(['/bin/sh', '$WORK/modes.sh', '$how', '$pidfile'])
finish(pid, fd)
lines = [l for l in buf.decode(errors='replace').replace('\r', '').split('\n') if l]
modes = [l for l in lines if l.count(':') > 10]
print('same' if len(modes) == 2 and modes[0] == modes[1] else 'differ %r' % lines)
print([l for l in lines if l.startswith('status=')][0])
" 2>&1)
		contains "$out" "same" "the caller's terminal modes are restored after: $how"
		case $how in
		timeout) contains "$out" "status=124" "($how: sentry-run says 124)" ;;
		sigterm) contains "$out" "status=143" "($how: sentry-run says 143)" ;;
		reader-gone) contains "$out" "status=129" "($how: PROGRAM's terminal hung up, 129, not SIGPIPE's 141)" ;;
		esac
	done
}

test_no_pty() {
	out=$(sandbox --no-pty -- /bin/sh -c 'test "$(ps -o sid= -p $$ | tr -d " ")" = 1 && test "$(ps -o tty= -p $$)" = "?" && echo new-session')
	is "$out" new-session "--no-pty puts PROGRAM in a new session (init's), with no terminal"
	out=$(drive "
pid, fd = start(['$SENTRY_RUN', '--no-pty', '--', '/bin/sh', '-c', 'tty; readlink /proc/self/fd/0'])
finish(pid, fd)
print(buf.decode(errors='replace'))
" 2>&1)
	contains "$out" "not a tty" "--no-pty: the caller's terminal is not PROGRAM's controlling terminal"
}

# Whoever reads sentry-run's output may stop reading (a pager left
# unscrolled, a terminal stopped with Ctrl-S) and PROGRAM may stop
# reading its input: the relay waits for them without blocking, so
# --timeout and SIGTERM still end the sandbox.  timeout -s KILL is the
# guard a relay stuck in a write would meet (137).
test_stalled_reader() {
	d=$(fresh_dir)
	mkfifo "$d/out"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/out"
	sleep 60 <"$d/out" &
	reader=$!
	as_user timeout -s KILL 30 "$SENTRY_RUN" --pty --timeout=1s -- yes >"$d/out" 2>/dev/null
	is "$?" 124 "a pipe nobody reads does not hold off --timeout"
	kill "$reader" 2>/dev/null
	wait "$reader" 2>/dev/null
	sleep 60 <"$d/out" &
	reader=$!
	exec_as_user "$SENTRY_RUN" --pty -- yes >"$d/out" 2>/dev/null &
	pid=$!
	sleep 1
	kill -TERM "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid"
	is "$?" 143 "nor SIGTERM"
	kill "$reader" 2>/dev/null
	wait "$reader" 2>/dev/null
	yes | as_user timeout -s KILL 30 "$SENTRY_RUN" --pty --timeout=1s -- sleep 100 >/dev/null 2>&1
	is "$?" 124 "a PROGRAM that never reads its input does not hold off --timeout"
	out=$(drive "
signal.alarm(40)
pid, fd = start(['$SENTRY_RUN', '--timeout=1s', '--', 'yes'])
# Nothing is read: the caller's terminal fills up.  Reading would let a
# blocked relay go on, so wait for the exit first, then drain.
for _ in range(150):
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print('exited unread, status', os.waitstatus_to_exitcode(status))
        break
    time.sleep(0.1)
else:
    print('still running after 15 s unread')
    os.kill(pid, signal.SIGKILL)
    finish(pid, fd)
" 2>&1)
	is "$out" "exited unread, status 124" "a terminal nobody reads does not hold off --timeout"
}

# A PROGRAM may close its terminal and go on (a daemon's first steps,
# `exec >log`), then reopen /dev/tty: its terminal must stay up, as a
# terminal emulator's or sshd's does while the session lives; closing
# the master would hang it up (SIGHUP, 129).  The bare host, under the
# same driver, says what to expect.
test_terminal_closed_and_reopened() {
	script='echo before; exec </dev/null >/dev/null 2>&1; sleep 1; echo reopened-$((6*7)) >/dev/tty'
	for how in host sandbox; do
		case $how in
		host) argv="'/bin/sh', '-c', '$script'" ;;
		sandbox) argv="'$SENTRY_RUN', '--', '/bin/sh', '-c', '$script'" ;;
		esac
		out=$(drive "
signal.alarm(20)
pid, fd = start([$argv])
# Read until PROGRAM exits: while no slave is open, the master says EIO.
while True:
    r, _, _ = select.select([fd], [], [], 0.1)
    try:
        buf += os.read(fd, 4096) if r else b''
    except OSError:
        time.sleep(0.1)
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(status)
        break
drain(fd)
print('reopened' if b'reopened-42' in buf else 'lost %r' % buf, 'status', status)
" 2>&1)
		is "$out" "reopened status 0" "$how: PROGRAM closes its terminal, reopens /dev/tty and writes"
	done
}

# Called with fds 0-2 closed, sentry-run's first fds would take their
# numbers (the events log, the control socket), and the relay would
# write PROGRAM's output into them, a forged event, or wait on them
# for input that never comes.
test_std_fds_closed() {
	d=$(fresh_dir)
	as_user timeout -s KILL 20 "$SENTRY_RUN" --pty --events="$d/events" -- \
		/bin/sh -c 'echo "{\"type\":\"forged\"}"' >&- 2>&-
	# The exec event's argv holds the command's text, its quotes escaped:
	# what must not be there is the forged object itself.
	is "$(grep -c -F '{"type":"forged"}' "$d/events")" 0 "stdout closed: PROGRAM's output does not go into the events log"
	out=$(as_user timeout -s KILL 20 "$SENTRY_RUN" --pty -- /bin/sh -c 'read x; echo read-status=$?' <&- 2>&1)
	contains "$out" "read-status=1" "stdin closed: PROGRAM reads end of input"
}

# Helpers for a drive that watches the sandbox's processes from the host:
# find(SECS, IN_SANDBOX) the process of `sleep SECS`, in the sandbox or
# not; find_cmd(ARGV0, TEXT, IN_SANDBOX) the one run as ARGV0 with TEXT
# in its arguments; wait_for(WHAT, TEST, TRIES) polls TEST every 0.1 s, 100 times
# unless TRIES says; field(PID, NAME) of /proc/PID/status;
# fg_then_interrupt for the job-control cases.
sandbox_procs_driver='
def find(secs, in_sandbox):
    for p in os.listdir("/proc"):
        try:
            cmd = open("/proc/%s/cmdline" % p, "rb").read()
            status = open("/proc/%s/status" % p).read()
        except (OSError, ValueError):
            continue
        nspid = [l.split() for l in status.splitlines() if l.startswith("NSpid:")]
        if cmd == b"sleep\x00" + secs.encode() + b"\x00" and nspid and (len(nspid[0]) == 3) == in_sandbox:
            return p
def find_cmd(argv0, needle, in_sandbox):
    for p in os.listdir("/proc"):
        if not p.isdigit() or int(p) == os.getpid():
            continue
        try:
            cmd = open("/proc/%s/cmdline" % p, "rb").read()
            status = open("/proc/%s/status" % p).read()
        except (OSError, ValueError):
            continue
        nspid = [l.split() for l in status.splitlines() if l.startswith("NSpid:")]
        if cmd.startswith(argv0.encode() + b"\x00") and needle.encode() in cmd and nspid and (len(nspid[0]) == 3) == in_sandbox:
            return p
def wait_for(what, test, tries=100):
    for _ in range(tries):
        r = test()
        if r:
            return r
        time.sleep(0.1)
    print("gave up waiting for", what)
    sys.exit(1)
# Once no child of the shell is stopped: a job continued by another
# process (not by fg or bg) goes on, and the shell hears of it, a moment
# after PROGRAM, which writes to the terminal itself without a pty, has
# gone on: sentry-run is continued only then.
def job_goes_on(shell):
    def children_run():
        for p in os.listdir("/proc"):
            try:
                f = open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(f[1]) == shell and f[0] == "T":
                return False
        return True
    wait_for("the job to go on", children_run)
def field(p, name):
    return [l for l in open("/proc/%s/status" % p).read().splitlines() if l.startswith(name + ":")][0].split()[1]
def fg_then_interrupt(pid, fd, prog):
    send(fd, "fg\n")
    wait_for("going on", lambda: field(prog, "State") != "T")
    print("fg continues PROGRAM")
    send(fd, "\x03"); expect(fd, "SR> ")
    send(fd, "echo st-$?-$((6*7))\n"); expect(fd, "st-130-42"); print("status 130")
    send(fd, "exit\n")
    finish(pid, fd)
'

# sentry-run as a background job of an interactive shell, stdin the
# terminal: as ssh or script would, it stops (SIGTTOU) when it puts the
# terminal in raw mode, and `fg` goes on.  --timeout holds meanwhile:
# init, which job control does not stop, ends the sandbox (it becomes a
# zombie, as sentry-run cannot reap it yet), and after `fg` sentry-run
# says 124.
test_background_job_timeout() {
	secs=$(( 13000 + $$ % 1000 ))
	out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '$SENTRY_RUN --timeout=1s --kill-after=500ms -- sleep $secs &\n')
init = field(wait_for('PROGRAM', lambda: find('$secs', True)), 'PPid')
# init's parent, sentry-run, stops once it sets the terminal.
launcher = field(init, 'PPid')
wait_for('sentry-run to stop', lambda: field(launcher, 'State') == 'T')
send(fd, 'jobs\n'); expect(fd, 'Stopped'); print('stopped')
wait_for('init to end', lambda: field(init, 'State') == 'Z', tries=150)
print('sandbox ended while stopped')
send(fd, 'fg\n'); expect(fd, 'timeout 1s reached')
send(fd, 'echo st-\$?-\$((6*7))\n'); expect(fd, 'st-124-42'); print('status 124')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
	contains "$out" "stopped" "a background sentry-run stops at the terminal (SIGTTOU), as ssh would"
	contains "$out" "sandbox ended while stopped" "its sandbox still ends at --timeout"
	contains "$out" "status 124" "after fg, sentry-run says 124"
}

# how_to_run HOW [OPTION...]: $run, the prefix that runs a command on
# the bare host (HOW host) or under sentry-run --HOW OPTION..., and
# $in_sandbox, whether it is the latter, as python's True or False.
how_to_run() {
	how_mode=$1
	shift
	if [ "$how_mode" = host ]; then
		run=""; in_sandbox=False
	else
		run="$SENTRY_RUN --$how_mode $* -- "; in_sandbox=True
	fi
}

# Job control: Ctrl-Z stops sentry-run's process group, which PROGRAM,
# in init's session (--no-pty), is not in: sentry-run stops PROGRAM's
# process group with itself, and `fg` continues both.  With a pty, Ctrl-Z is
# the sandbox's terminal's and stops PROGRAM, the foreground there:
# sentry-run stops with it, and `fg` makes the caller's terminal raw
# again (then Ctrl-C reaches PROGRAM through the pty).  The same keys
# on the bare host show what the test looks for.  A `kill -TSTP` to
# sentry-run gives the caller's terminal its modes back while it is
# stopped.  The caller there is dash, which takes the terminal back as
# the job left it: bash would restore its own modes and hide a raw
# terminal left behind.

test_job_control() {
	# Distinct for each case and mode (odd for the user): find() must
	# not take a sleep left behind by another.
	secs=$(( 17000 + $$ % 1000 * 10 ))
	[ "$mode" = user ] && secs=$((secs + 1))
	for where in host no-pty pty; do
		secs=$((secs + 2))
		how_to_run "$where"
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '${run}sleep $secs\n')
prog = wait_for('PROGRAM', lambda: find('$secs', $in_sandbox))
send(fd, '\x1a'); expect(fd, 'Stopped'); expect(fd, 'SR> ')
wait_for('a stop', lambda: field(prog, 'State') == 'T')
print('ctrl-z stops PROGRAM')
fg_then_interrupt(pid, fd, prog)
" 2>&1)
		contains "$out" "ctrl-z stops PROGRAM" "$where: Ctrl-Z stops PROGRAM"
		contains "$out" "fg continues PROGRAM" "$where: fg continues it"
		contains "$out" "status 130" "$where: then Ctrl-C ends it (130)"
		pkill -KILL -f "^sleep $secs"
	done
	secs=$((secs + 2))
	out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/dash', '-i'])
expect(fd, 'SR> ')
send(fd, '$SENTRY_RUN --pty -- sleep $secs\n')
prog = wait_for('PROGRAM', lambda: find('$secs', True))
launcher = field(field(prog, 'PPid'), 'PPid')
os.kill(int(launcher), signal.SIGTSTP); expect(fd, 'Stopped'); expect(fd, 'SR> ')
wait_for('a stop', lambda: field(prog, 'State') == 'T')
print('kill -TSTP stops PROGRAM')
send(fd, 'stty -a | grep -q -- -icanon && echo mo\"des: raw\" || echo mo\"des: cooked\"\n')
expect(fd, 'modes: cooked'); expect(fd, 'SR> '); print('caller modes restored')
fg_then_interrupt(pid, fd, prog)
" 2>&1)
	contains "$out" "kill -TSTP stops PROGRAM" "--pty: kill -TSTP to sentry-run stops PROGRAM"
	contains "$out" "caller modes restored" "--pty: the caller's terminal has its modes back meanwhile"
	contains "$out" "fg continues PROGRAM" "--pty: fg continues it"
	contains "$out" "status 130" "--pty: the terminal is raw again, Ctrl-C goes to PROGRAM (130)"
}

# A program that stops itself as vim and less do on Ctrl-Z, kill(0,
# SIGTSTP) to its own process group, or with SIGTTIN: natively the
# shell sees its job stop, and $? says by what (128 + the signal).
# With a pty or without, PROGRAM led a session of its own: its process
# group was orphaned, and the kernel dropped the stop.
test_program_stops_itself() {
	secs=$(( 25000 + $$ % 1000 * 10 ))
	[ "$mode" = user ] && secs=$((secs + 1))
	for how in host pty no-pty; do
	for sig in TSTP TTIN; do
		secs=$((secs + 2))
		how_to_run "$how"
		case $sig in
		TSTP) status=148 ;;
		TTIN) status=149 ;;
		esac
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '${run}sh -c \"kill -$sig 0; exec sleep $secs\"\n')
expect(fd, 'Stopped'); expect(fd, 'SR> ')
send(fd, 'echo stop-\$?-\$((6*7))\n'); expect(fd, 'stop-$status-42'); expect(fd, 'SR> ')
print('the shell sees the stop')
send(fd, 'fg\n')
prog = wait_for('going on', lambda: find('$secs', $in_sandbox))
print('fg continues PROGRAM')
send(fd, '\x03'); expect(fd, 'SR> ')
send(fd, 'echo st-\$?-\$((6*7))\n'); expect(fd, 'st-130-42'); print('status 130')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
		contains "$out" "the shell sees the stop" "$how: PROGRAM stops itself with kill(0, SIG$sig), the shell's job stops ($status)"
		contains "$out" "fg continues PROGRAM" "$how, SIG$sig: fg continues it"
		contains "$out" "status 130" "$how, SIG$sig: then Ctrl-C ends it (130)"
		pkill -KILL -f "^sleep $secs"
	done
	done
}

# Ctrl-Z while a process of PROGRAM's group ignores SIGTSTP and runs
# on: natively the shell sees its job stop as PROGRAM stops.  sentry-run
# waited for that process to stop or end (it cannot tell it from one
# that will continue PROGRAM), and the caller's shell saw nothing.
test_ctrl_z_with_tstp_ignored() {
	secs=$(( 27000 + $$ % 1000 * 10 ))
	[ "$mode" = user ] && secs=$((secs + 1))
	for how in host pty; do
		secs=$((secs + 2))
		how_to_run "$how"
		out=$(drive "
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '${run}sh -c \"env --ignore-signal=TSTP sleep $secs & exec sleep $((secs + 1))\"\n')
time.sleep(1)
send(fd, '\x1a'); expect(fd, 'Stopped'); expect(fd, 'SR> ')
print('the shell sees the stop')
# bash may not have reaped the killed job by the first exit, and then
# refuses it (\"There are stopped jobs\"): the second one exits.
send(fd, 'kill -9 %1; exit; exit\n')
finish(pid, fd)
" 2>&1)
		contains "$out" "the shell sees the stop" "$how: Ctrl-Z, a process of PROGRAM's group ignoring SIGTSTP: the shell's job stops"
		pkill -KILL -f "^sleep $secs"
		pkill -KILL -f "^sleep $((secs + 1))"
	done
}

# The ways the SIGTSTP tests stop a job: Ctrl-Z at the caller's
# terminal (key) or kill -TSTP (kill), on the bare host (to PROGRAM),
# without a pty and with one (to sentry-run, `launcher` in the driver).
TSTP_CASES="host:key host:kill no-pty:key no-pty:kill pty:kill"

# tstp_case CASE OPTION...: $run for CASE's way of running PROGRAM
# (how_to_run) and $stop, the driver's line that stops it.
tstp_case() {
	tstp=$1
	shift
	how_to_run "${tstp%:*}" "$@"
	case $tstp in
	*:key) stop="send(fd, '\\x1a')" ;;
	host:kill) stop="os.kill(int(prog), signal.SIGTSTP)" ;;
	*:kill) stop="os.kill(launcher, signal.SIGTSTP)" ;;
	esac
}

# Ctrl-Z without a pty, or a `kill -TSTP` to sentry-run: natively the
# terminal sends the foreground job SIGTSTP, which a program may handle
# (vim and less put the terminal back, then stop themselves), and the
# shell sees the job stop only once it has.  init stopped PROGRAM's job
# with SIGSTOP: its handler never ran.  On the bare host the same keys,
# or the signal sent to the program itself.
test_ctrl_z_tstp_handled() {
	d=$(fresh_dir)
	cat >"$d/prog.py" <<-'SCRIPT'
	import os, signal, sys, time
	stopped = False
	def on_tstp(sig, frame):
	    global stopped
	    open(sys.argv[1] + "/handled", "w").close()
	    signal.signal(signal.SIGTSTP, signal.SIG_DFL)
	    os.kill(0, signal.SIGTSTP)
	    signal.signal(signal.SIGTSTP, on_tstp)
	    stopped = True
	signal.signal(signal.SIGTSTP, on_tstp)
	print("ready-%d" % (6 * 7), flush=True)
	while not stopped:
	    time.sleep(0.05)
	print("continued-%d" % (6 * 7), flush=True)
	SCRIPT
	chmod a+r "$d/prog.py"
	for case in $TSTP_CASES; do
		rm -f "$d/handled"
		tstp_case "$case" --rw "$d"
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '${run}/usr/bin/python3 $d/prog.py $d\n'); expect(fd, 'ready-42')
prog = find_cmd('/usr/bin/python3', '$d/prog.py', $in_sandbox)
launcher = int(field(field(prog, 'PPid'), 'PPid')) if $in_sandbox else None
$stop
expect(fd, 'Stopped'); expect(fd, 'SR> ')
send(fd, 'echo stop-\$?-\$((6*7))\n'); expect(fd, 'stop-148-42'); expect(fd, 'SR> ')
print('the shell sees the stop')
print('handler ran' if os.path.exists('$d/handled') else 'handler did not run')
send(fd, 'fg\n'); expect(fd, 'continued-42'); expect(fd, 'SR> ')
send(fd, 'echo st-\$?-\$((6*7))\n'); expect(fd, 'st-0-42'); print('status 0')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
		contains "$out" "the shell sees the stop" "$case: PROGRAM handling SIGTSTP stops itself, the shell's job stops (148)"
		contains "$out" "handler ran" "$case: its SIGTSTP handler ran first"
		contains "$out" "status 0" "$case: fg continues it, and it exits 0"
	done
}

# Ctrl-Z without a pty, or a `kill -TSTP` to sentry-run, while PROGRAM
# ignores SIGTSTP: natively nothing stops, and the shell waits on for
# its job; neither does the sandbox's job, nor sentry-run (which once
# stopped both, the job with SIGSTOP).
test_ctrl_z_tstp_ignored_by_program() {
	d=$(fresh_dir)
	cat >"$d/prog.sh" <<-SCRIPT
	echo "ready-\$((6*7))"
	until [ -e $d/go ]; do sleep 0.05; done
	echo "done-\$((6*7))"
	SCRIPT
	chmod a+r "$d/prog.sh"
	for case in $TSTP_CASES; do
		rm -f "$d/go"
		tstp_case "$case" --ro "$d"
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '${run}env --ignore-signal=TSTP /bin/sh $d/prog.sh\n')
expect(fd, 'ready-42')
prog = find_cmd('/bin/sh', '$d/prog.sh', $in_sandbox)
launcher = int(field(field(prog, 'PPid'), 'PPid')) if $in_sandbox else None
$stop
time.sleep(1)
states = field(prog, 'State') + (field(launcher, 'State') if launcher else '')
print('nothing stopped' if 'T' not in states else 'stopped: ' + states)
open('$d/go', 'w').close()
expect(fd, 'done-42'); expect(fd, 'SR> ')
print('stop reported' if b'Stopped' in buf else 'no stop reported')
send(fd, 'echo st-\$?-\$((6*7))\n'); expect(fd, 'st-0-42'); print('status 0')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
		contains "$out" "nothing stopped" "$case: PROGRAM ignoring SIGTSTP, neither it nor sentry-run stops"
		contains "$out" "no stop reported" "$case: the shell sees no stop"
		contains "$out" "status 0" "$case: PROGRAM goes on and exits 0"
	done
}

# --wait=all without a pty, PROGRAM's first process gone: Ctrl-Z stops
# what the sandbox runs, every process of it (no process is PROGRAM's
# job to watch), and sentry-run with it; `fg` continues them.
test_ctrl_z_wait_all_program_gone() {
	d=$(fresh_dir)
	cat >"$d/start.sh" <<-SCRIPT
	setsid -f sh -c "while :; do echo tick >>$d/log; sleep 0.1; done" </dev/null >/dev/null 2>&1
	until [ -s $d/log ]; do sleep 0.02; done
	echo "started-\$((6*7))"
	SCRIPT
	chmod a+r "$d/start.sh"
	out=$(drive "
signal.alarm(60)
def lines():
    return len(open('$d/log').readlines())
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '$SENTRY_RUN --no-pty --wait=all --rw $d -- /bin/sh $d/start.sh\n'); expect(fd, 'started-42')
time.sleep(0.3)
send(fd, '\x1a'); expect(fd, 'Stopped'); expect(fd, 'SR> ')
send(fd, 'echo stop-\$?-\$((6*7))\n'); expect(fd, 'stop-148-42'); expect(fd, 'SR> ')
print('the shell sees the stop')
time.sleep(0.3)
n = lines()
time.sleep(1)
print('the daemon is stopped' if lines() == n else 'the daemon runs')
send(fd, 'fg\n')
for _ in range(50):
    if lines() > n + 2:
        print('fg continues the daemon')
        break
    time.sleep(0.1)
send(fd, '\x03'); expect(fd, 'SR> ')
send(fd, 'echo st-\$?-\$((6*7))\n'); expect(fd, 'st-130-42'); print('status 130')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
	contains "$out" "the shell sees the stop" "--wait=all, PROGRAM gone: Ctrl-Z, the job stops (148)"
	contains "$out" "the daemon is stopped" "--wait=all, PROGRAM gone: the daemon left is stopped"
	contains "$out" "fg continues the daemon" "--wait=all, PROGRAM gone: fg continues it"
	contains "$out" "status 130" "--wait=all, PROGRAM gone: then Ctrl-C ends it (130)"
}

# Ctrl-Z without a pty, with --timeout: sentry-run, stopped as PROGRAM's
# job, still ends the sandbox at the deadline, as timeout(1) ends a
# stopped command, and its shell sees the job end with 124.
test_ctrl_z_timeout() {
	secs=$(( 31000 + $$ % 1000 * 10 ))
	[ "$mode" = user ] && secs=$((secs + 1))
	out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '$SENTRY_RUN --no-pty --timeout=2s -- sleep $secs\n')
prog = wait_for('PROGRAM', lambda: find('$secs', True))
send(fd, '\x1a'); expect(fd, 'Stopped'); expect(fd, 'SR> ')
print('the shell sees the stop')
expect(fd, 'timeout 2s reached', timeout=15)
job_goes_on(pid)
send(fd, 'wait %1; echo wait-\$?-\$((6*7))\n'); expect(fd, 'wait-124-42'); print('status 124')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
	contains "$out" "the shell sees the stop" "--timeout: Ctrl-Z, the job stops"
	contains "$out" "status 124" "--timeout: the sandbox still ends at the deadline (124)"
	pkill -KILL -f "^sleep $secs"
}

# The caller's window resized while the job is stopped: its SIGWINCH
# goes to the caller's shell, the foreground then.  Natively the
# program, continued, finds the new size on its terminal; with a pty,
# sentry-run must pass it on when continued.
test_resize_while_stopped() {
	for how in host pty; do
		how_to_run "$how"
		out=$(drive "
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, \"${run}sh -c 'kill -TSTP 0; echo size-\$(stty size)'\n\")
expect(fd, 'Stopped'); expect(fd, 'SR> ')
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 100, 0, 0))
send(fd, 'fg\n'); expect(fd, 'size-40 100'); print('new size seen')
expect(fd, 'SR> ')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
		contains "$out" "new size seen" "$how: resized while stopped, PROGRAM continued sees the new size"
	done
}

# What a program writes just before it stops (vim puts the screen back
# on Ctrl-Z) natively reaches the terminal before the shell's
# "Stopped"; with a pty, sentry-run must pass it on before it stops.
# Not read for a second, the output fills the caller's terminal, and
# the rest waits in the sandbox's when PROGRAM stops (30 kB with the
# CRs, which here fit neither in the caller's terminal alone nor hold
# PROGRAM up).  --kill-after: how long sentry-run waits for a reader
# that does not read.
test_output_before_stop() {
	for how in host pty; do
		how_to_run "$how" --kill-after=30s
		out=$(drive "
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, \"${run}sh -c 'yes | head -c 20000; echo last-\$((6*7)); kill -TSTP 0'\n\")
time.sleep(1)
expect(fd, 'last-42'); expect(fd, 'Stopped'); print('all output before the stop')
expect(fd, 'SR> ')
send(fd, 'fg\n'); expect(fd, 'SR> ')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
		contains "$out" "all output before the stop" "$how: what PROGRAM wrote before it stopped comes out before Stopped"
	done
}

# A shell as PROGRAM under a pty keeps job control of its own: Ctrl-Z
# stops the shell's job and its prompt comes back, while sentry-run
# runs on (a stopped sentry-run would relay nothing more); fg and
# Ctrl-C reach the job.
test_job_control_inside_pty() {
	secs=$(( 27000 + $$ % 1000 * 10 ))
	[ "$mode" = user ] && secs=$((secs + 1))
	for shell in bash dash; do
		secs=$((secs + 2))
		case $shell in
		bash) argv="'/bin/bash', '--norc', '-i'" ;;
		dash) argv="'/bin/dash', '-i'" ;;
		esac
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['$SENTRY_RUN', '--pty', '--', $argv])
expect(fd, 'SR> ')
send(fd, 'sleep $secs\n')
job = wait_for('the job', lambda: find('$secs', True))
send(fd, '\x1a'); expect(fd, 'Stopped'); expect(fd, 'SR> ')
wait_for('a stop', lambda: field(job, 'State') == 'T')
send(fd, 'echo alive-\$((6*7))\n'); expect(fd, 'alive-42')
print('ctrl-z stops the job, the shell goes on')
print('sentry-run', 'stopped' if field(pid, 'State') == 'T' else 'runs')
send(fd, 'fg\n')
wait_for('going on', lambda: field(job, 'State') != 'T')
send(fd, '\x03'); expect(fd, 'SR> ')
send(fd, 'echo st-\$?-\$((6*7))\n'); expect(fd, 'st-130-42'); print('status 130')
send(fd, 'exit 3\n')
print('exit', finish(pid, fd))
" 2>&1)
		contains "$out" "ctrl-z stops the job, the shell goes on" "$shell as PROGRAM: Ctrl-Z stops its job, its prompt comes back"
		contains "$out" "sentry-run runs" "$shell as PROGRAM: sentry-run is not stopped"
		contains "$out" "status 130" "$shell as PROGRAM: fg, then Ctrl-C ends the job (130)"
		contains "$out" "exit 3" "$shell as PROGRAM: its exit status is sentry-run's"
		pkill -KILL -f "^sleep $secs"
	done
}

# Ctrl-C without a pty: the terminal signals sentry-run's process group
# and sentry-run passes it on.  Were init in that group too, the
# terminal's SIGINT pending there would swallow the one passed on
# (standard signals do not queue): init held up a moment (SIGSTOP from
# here) makes that certain.  --kill-after leaves room for the hold.
test_ctrl_c_no_pty() {
	secs=$(( 19000 + $$ % 1000 * 10 ))
	[ "$mode" = user ] && secs=$((secs + 1))
	out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '$SENTRY_RUN --no-pty --kill-after=20s -- sleep $secs\n')
prog = wait_for('PROGRAM', lambda: find('$secs', True))
init = int(field(prog, 'PPid'))
os.kill(init, signal.SIGSTOP)
wait_for('init held', lambda: field(init, 'State') == 'T')
send(fd, '\x03')
time.sleep(1)
os.kill(init, signal.SIGCONT)
expect(fd, 'SR> ', timeout=15)
send(fd, 'echo st-\$?-\$((6*7))\n'); expect(fd, 'st-130-42'); print('status 130')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
	contains "$out" "status 130" "--no-pty: Ctrl-C reaches PROGRAM (130) even when init is slow to see it"
}

# Ctrl-C in a script's loop: the terminal signals the script's shell
# and its foreground child; bash ends the script only when the child
# died of SIGINT too (an exit with 130 says the child handled it).  So
# sentry-run, whose PROGRAM died of a signal, dies of that same signal,
# as timeout(1) and sudo do; the bare host says what to expect.  With a
# pty, Ctrl-C is PROGRAM's terminal's alone (the caller's is raw, and
# its shell gets no SIGINT, as under ssh -t): sentry-run still dies of
# it.
test_ctrl_c_ends_script() {
	secs=$(( 21000 + $$ % 1000 * 10 ))
	[ "$mode" = user ] && secs=$((secs + 1))
	for how in host no-pty pty; do
		secs=$((secs + 2))
		how_to_run "$how"
		if [ $how = pty ]; then
			argv="'$SENTRY_RUN', '--pty', '--', 'sleep', '$secs'"
		else
			argv="'/bin/bash', '-c', 'for s in $secs 0 0; do ${run}sleep \$s; echo next-\$?; done; echo loop-done'"
		fi
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start([$argv])
prog = wait_for('PROGRAM', lambda: find('$secs', $in_sandbox))
time.sleep(0.3)
send(fd, '\x03')
print('status', finish(pid, fd), buf.decode(errors='replace').replace('\r\n', ' '))
" 2>&1)
		case $how in
		pty) contains "$out" "status -2" "$how: PROGRAM ended by Ctrl-C, sentry-run dies of SIGINT" ;;
		*)
			contains "$out" "status -2" "$how: Ctrl-C ends a script's loop, whose shell dies of SIGINT"
			lacks "$out" "next-" "$how: no later turn of the loop runs" ;;
		esac
		pkill -KILL -f "^sleep $secs"
	done
}

# PROGRAM stopped by SIGSTOP (`kill -STOP` from another terminal, a
# program stopping itself): natively the shell sees its job stop and
# gives the prompt back.  In a session of its own PROGRAM's stop reached
# nobody, and the caller's terminal hung, with a pty for every key too.
# sentry-run stops with it, so that `fg` continues both.
test_program_stops() {
	secs=$(( 23000 + $$ % 1000 * 10 ))
	[ "$mode" = user ] && secs=$((secs + 1))
	for how in host no-pty pty; do
		secs=$((secs + 2))
		how_to_run "$how"
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '${run}sleep $secs\n')
prog = wait_for('PROGRAM', lambda: find('$secs', $in_sandbox))
time.sleep(0.3)
os.kill(int(prog), signal.SIGSTOP); expect(fd, 'Stopped'); expect(fd, 'SR> ')
print('the shell sees the stop')
fg_then_interrupt(pid, fd, prog)
" 2>&1)
		contains "$out" "the shell sees the stop" "$how: PROGRAM stopped by SIGSTOP, the shell's job stops"
		contains "$out" "fg continues PROGRAM" "$how: fg continues it"
		contains "$out" "status 130" "$how: then Ctrl-C ends it (130)"
		pkill -KILL -f "^sleep $secs"
	done
}

# PROGRAM stops itself and a process outside its process group (here
# in a session of its own) continues it: natively the shell sees its
# job stop ($? 147), then the job runs on in the background, its output
# reaches the terminal and `wait` gives its exit status.  sentry-run
# stopped the whole sandbox with itself, the continuer too, and stayed
# stopped: the output never came and `wait` hung.
test_program_continued_from_outside_its_group() {
	d=$(fresh_dir)
	cat >"$d/prog.sh" <<-SCRIPT
	setsid -f sh -c "sleep 1; touch $d/went-on; kill -CONT \$\$"
	kill -STOP \$\$
	echo "contin""ued"
	exit 3
	SCRIPT
	chmod a+r "$d/prog.sh"
	for how in host no-pty pty; do
		rm -f "$d/went-on"
		how_to_run "$how" --rw "$d"
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '${run}sh $d/prog.sh\n')
expect(fd, 'Stopped'); expect(fd, 'SR> ')
send(fd, 'echo stop-\$?-\$((6*7))\n'); expect(fd, 'stop-147-42'); expect(fd, 'SR> ')
print('the shell sees the stop')
wait_for('the continuer', lambda: os.path.exists('$d/went-on'))
expect(fd, 'continued'); print('the output comes')
job_goes_on(pid)
send(fd, 'wait %1; echo wait-\$?-\$((6*7))\n'); expect(fd, 'wait-3-42'); print('its exit status')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
		contains "$out" "the shell sees the stop" "$how: PROGRAM stops itself, the shell's job stops (147)"
		contains "$out" "the output comes" "$how: continued from outside its process group, PROGRAM's output comes"
		contains "$out" "its exit status" "$how: and its exit status (3)"
	done
}

# Ctrl-Z without a pty: natively the terminal stops its foreground
# process group, the job's, alone; a process the job put outside it (a
# `setsid -f` daemon) runs on while the shell says "Stopped" ($? 148),
# and `fg` continues the job.  init stopped every process of the
# sandbox, and the daemon did nothing until `fg`.  The same for a
# `kill -TSTP` to sentry-run with a pty (where Ctrl-Z is the pty's).
test_ctrl_z_stops_program_group_only() {
	secs=$(( 29000 + $$ % 1000 * 10 ))
	[ "$mode" = user ] && secs=$((secs + 1))
	for how in host no-pty pty; do
		secs=$((secs + 2))
		d=$(fresh_dir)
		how_to_run "$how" --rw "$d"
		cat >"$d/prog.sh" <<-SCRIPT
		setsid -f sh -c "touch $d/ready; until [ -e $d/go ]; do sleep 0.1; done; echo outside > $d/out"
		exec sleep $secs
		SCRIPT
		chmod a+r "$d/prog.sh"
		case $how in
		pty) stop="os.kill(int(field(field(prog, 'PPid'), 'PPid')), signal.SIGTSTP)" ;;
		*) stop="send(fd, '\\x1a')" ;;
		esac
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '${run}sh $d/prog.sh\n')
prog = wait_for('PROGRAM', lambda: find('$secs', $in_sandbox))
wait_for('the daemon', lambda: os.path.exists('$d/ready'))
$stop
expect(fd, 'Stopped'); expect(fd, 'SR> ')
send(fd, 'echo stop-\$?-\$((6*7))\n'); expect(fd, 'stop-148-42'); expect(fd, 'SR> ')
wait_for('a stop', lambda: field(prog, 'State') == 'T')
print('the shell sees the stop')
open('$d/go', 'w').close()
wait_for('the daemon to run on', lambda: os.path.exists('$d/out'))
print('the daemon runs on' if field(prog, 'State') == 'T' else 'PROGRAM was continued')
fg_then_interrupt(pid, fd, prog)
" 2>&1)
		contains "$out" "the shell sees the stop" "$how: the job stops (148)"
		contains "$out" "the daemon runs on" "$how: a process outside PROGRAM's process group runs on meanwhile"
		contains "$out" "fg continues PROGRAM" "$how: fg continues PROGRAM"
		contains "$out" "status 130" "$how: then Ctrl-C ends it (130)"
		pkill -KILL -f "^sleep $secs"
	done
}

# Ctrl-Z without a pty, then a process outside the job's process group
# continues it (kill -CONT to the group): natively the job goes on in
# the background, its output reaches the terminal and `wait` gives its
# exit status.  With a pty, a `kill -TSTP` to sentry-run.
test_ctrl_z_then_continued_from_outside() {
	for how in host no-pty pty; do
		d=$(fresh_dir)
		how_to_run "$how" --rw "$d"
		cat >"$d/prog.sh" <<-SCRIPT
		setsid -f sh -c "touch $d/ready; until [ -e $d/go ]; do sleep 0.1; done; kill -CONT -\$\$"
		until [ -e $d/go ]; do sleep 0.1; done
		echo "contin""ued"
		exit 3
		SCRIPT
		chmod a+r "$d/prog.sh"
		case $how in
		pty) stop="os.kill(int(open('$d/launcher').read()), signal.SIGTSTP)" ;;
		*) stop="send(fd, '\\x1a')" ;;
		esac
		out=$(drive "
$sandbox_procs_driver
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, '${run}sh $d/prog.sh & echo \$! >$d/launcher; fg\n')
for _ in range(100):
    if os.path.exists('$d/ready'):
        break
    time.sleep(0.1)
$stop
expect(fd, 'Stopped'); expect(fd, 'SR> ')
print('the shell sees the stop')
open('$d/go', 'w').close()
expect(fd, 'continued'); print('the output comes')
job_goes_on(pid)
send(fd, 'wait %1; echo wait-\$?-\$((6*7))\n'); expect(fd, 'wait-3-42'); print('its exit status')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
		contains "$out" "the shell sees the stop" "$how: Ctrl-Z, the job stops"
		contains "$out" "the output comes" "$how: continued from outside its process group, PROGRAM's output comes"
		contains "$out" "its exit status" "$how: and its exit status (3)"
	done
}

# A stopped job continued in the background (`bg`): natively its output
# reaches the terminal, and `wait` gives its exit status.  With a pty,
# sentry-run stopped again (SIGTTOU) as it made the terminal raw, and
# its PROGRAM with it: nothing came until `fg`.  Brought to the
# foreground then, the terminal is the sandbox's again (Ctrl-C reaches
# PROGRAM through the pty).
test_bg_output() {
	for how in host pty; do
		d=$(fresh_dir)
		how_to_run "$how" --ro "$d"
		# The job ends only once `wait` is typed: one that ended before
		# is reported at the prompt, and `wait %1` finds no such job.
		out=$(drive "
signal.alarm(60)
pid, fd = start(['/bin/bash', '--norc', '-i'])
expect(fd, 'SR> ')
send(fd, \"${run}sh -c 'kill -TSTP \$\$; echo bg-\$((6*7)); until [ -e $d/go ]; do sleep 0.05; done; exit 3'\n\")
expect(fd, 'Stopped'); expect(fd, 'SR> ')
send(fd, 'bg\n'); expect(fd, 'bg-42'); print('the output comes')
send(fd, 'touch $d/go; wait %1; echo wait-\$?-\$((6*7))\n'); expect(fd, 'wait-3-42'); print('its exit status')
send(fd, \"${run}sh -c 'kill -TSTP \$\$; sleep 1; echo later-\$((6*7)); exec sleep 100'\n\")
expect(fd, 'Stopped'); expect(fd, 'SR> ')
send(fd, 'bg\n'); expect(fd, 'later-42')
send(fd, 'fg\n'); time.sleep(1); send(fd, '\x03'); expect(fd, 'SR> ')
send(fd, 'echo st-\$?-\$((6*7))\n'); expect(fd, 'st-130-42'); print('fg, then Ctrl-C ends it')
send(fd, 'exit\n')
finish(pid, fd)
" 2>&1)
		contains "$out" "the output comes" "$how: a job continued with bg writes to the terminal"
		contains "$out" "its exit status" "$how: and wait gives its exit status (3)"
		contains "$out" "fg, then Ctrl-C ends it" "$how: brought back with fg, Ctrl-C ends it (130)"
		rm -rf "$d"
	done
}

# From a terminal, with standard output or error redirected
# (`sentry-run -- cat f | sha256sum`, `x=$(sentry-run -- cmd 2>/dev/null)`):
# natively the program writes into the pipe or the file itself, bytes as
# they are, and each stream stays where it was sent; through the pty,
# every newline came out CR LF, standard error went into the pipe or to
# the terminal, and the terminal was raw under whoever else wrote to it
# (`| cat`: no CR).  The bare host says what to expect.
test_redirected_output_with_terminal() {
	d=$(fresh_dir)
	head -c 300000 /dev/urandom >"$d/bin"
	printf 'a\nb\n' >>"$d/bin"
	for how in host sandbox; do
		case $how in
		host) run="" ;;
		sandbox) run="$SENTRY_RUN --" ;;
		esac
		cat >"$d/$how.sh" <<-SCRIPT
		$run cat "$d/bin" | cmp - "$d/bin" && echo binary-whole
		$run sh -c 'echo out; echo err >&2' 2>/dev/null | od -An -c | tr -s ' ' | sed 's/^/stdout:/'
		$run sh -c 'test -t 0 && echo stdin-tty; test -t 1 || echo stdout-pipe' | cat
		$run sh -c 'echo to-terminal; echo hidden-err >&2' 2>/dev/null
		SCRIPT
		chmod 644 "$d/bin" "$d/$how.sh"
		out=$(drive "
signal.alarm(30)
pid, fd = start(['/bin/sh', '$d/$how.sh'])
finish(pid, fd)
print(buf.decode(errors='replace').replace('\r\n', '|'))
" 2>&1)
		contains "$out" "binary-whole" "$how: from a terminal, binary output into a pipe comes out whole"
		contains "$out" 'stdout: o u t \n|' "$how: standard error sent elsewhere stays out of standard output"
		contains "$out" "stdin-tty|stdout-pipe|" "$how: standard input is still a terminal, standard output the pipe"
		contains "$out" "to-terminal|" "$how: standard output to the terminal"
		lacks "$out" "hidden-err" "$how: standard error sent elsewhere does not reach the terminal"
	done
}

# --wait=all with a pty: the pty lives as long as PROGRAM's first
# process.  When it exits, what it wrote goes out, the pty hangs up and
# the caller's terminal gets its modes back, so that Ctrl-C there stops
# the sandbox, which lives on with a daemon that kept the pty open (and
# now meets EIO on it).  A relay kept for the daemon would hold the
# caller's terminal raw, and its Ctrl-C would go to a pty with no
# foreground process.
test_wait_all_pty_ends_with_program() {
	d=$(fresh_dir)
	out=$(drive "
signal.alarm(30)
def lines():
    try:
        return len(open('$d/log').readlines())
    except OSError:
        return 0
pid, fd = start(['$SENTRY_RUN', '--pty', '--wait=all', '--rw', '$d', '--', '/bin/sh', '-c',
                 'setsid -f /bin/sh -c \"while :; do echo tick; echo tick >>$d/log; sleep 0.1; done\"; '
                 'until [ -s $d/log ]; do sleep 0.02; done; echo script-done'])
expect(fd, 'script-done')
n = lines()
while lines() < n + 3:
    time.sleep(0.02)
print('daemon-runs')
lflag = termios.tcgetattr(fd)[3]
print('cooked' if lflag & termios.ICANON and lflag & termios.ECHO else 'raw')
send(fd, '\x03')
print('status', finish(pid, fd))
" 2>&1)
	contains "$out" "daemon-runs" "--wait=all --pty: the daemon runs on after PROGRAM exited"
	contains "$out" "cooked" "--wait=all --pty: the caller's terminal has its modes back"
	contains "$out" "status -2" "--wait=all --pty: Ctrl-C there stops the sandbox, sentry-run dying of SIGINT"
}

# --wait=all: the caller's terminal hangs up after the start.  The
# daemons left have no terminal, and SIGHUP would be a reload to them
# (init passes it to their main processes alone): the sandbox ends, so
# they are stopped as on SIGTERM, and one that catches it exits cleanly.
test_wait_all_hangup_stops_daemons() {
	d=$(fresh_dir)
	cat >"$d/daemon.sh" <<-EOF
	trap 'echo hup >>$d/log' HUP
	trap 'echo term >>$d/log; exit 0' TERM
	echo up >>$d/log
	while :; do sleep 0.1; done
	EOF
	cat >"$d/start.sh" <<-EOF
	setsid -f /bin/sh $d/daemon.sh </dev/null >/dev/null 2>&1
	until [ -s $d/log ]; do sleep 0.02; done
	echo script-done
	EOF
	chmod a+r "$d/daemon.sh" "$d/start.sh"
	out=$(drive "
signal.alarm(30)
pid, fd = start(['$SENTRY_RUN', '--wait=all', '--kill-after=3s', '--rw', '$d', '--', '/bin/sh', '$d/start.sh'])
expect(fd, 'script-done')
time.sleep(0.3)
os.close(fd)
_, status = os.waitpid(pid, 0)
print('status', os.waitstatus_to_exitcode(status))
" 2>&1)
	contains "$(cat "$d/log")" term "--wait=all: the terminal's hang-up stops the daemon (SIGTERM)"
	is "$out" "status 0" "--wait=all: which exits 0, its status"
}

run_suite test_interactive_shell test_modes_restored test_no_pty test_stalled_reader \
	test_terminal_closed_and_reopened test_std_fds_closed \
	test_background_job_timeout test_job_control test_program_stops_itself test_ctrl_z_with_tstp_ignored \
	test_ctrl_z_tstp_handled test_ctrl_z_tstp_ignored_by_program \
	test_ctrl_z_wait_all_program_gone test_ctrl_z_timeout \
	test_resize_while_stopped test_output_before_stop test_job_control_inside_pty test_ctrl_c_no_pty \
	test_ctrl_c_ends_script test_program_stops test_program_continued_from_outside_its_group \
	test_ctrl_z_stops_program_group_only test_ctrl_z_then_continued_from_outside \
	test_bg_output \
	test_redirected_output_with_terminal \
	test_wait_all_pty_ends_with_program test_wait_all_hangup_stops_daemons
