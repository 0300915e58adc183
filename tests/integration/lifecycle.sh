#!/bin/sh
# Stopping: SIGTERM to sentry-run, a program that ignores it, and the
# death of sentry-run itself; nothing of the sandbox may be left behind.
. "$top_srcdir/tests/lib.sh"

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# wait_gone PID MAX_MS: 0 once PID has exited (reaped by us), 1 on timeout.
wait_gone() {
	i=0
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $((i * 20)) -ge "$2" ] && return 1
		sleep 0.02
	done
	return 0
}

# The sandbox's processes, found by a marker in their command line.
# Every process whose command line holds the marker: the program's, and
# sentry-run's own (init, the Sentry and the Gofer keep its command line).
left_behind() { pgrep -f -- "$1" | wc -l; }

start_sandbox() {  # start_sandbox MARKER-SECONDS SCRIPT
	exec_as_user "$SENTRY_RUN" -- /bin/sh -c "$2" &
	sr_pid=$!
	i=0
	until pgrep -f "^sleep $1" >/dev/null; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
}

test_sigterm_stops() {
	secs=$(( 5000 + $$ % 1000 ))
	start_sandbox "$secs" "sleep $secs"
	t0=$(now_ms)
	kill -TERM "$sr_pid"
	wait "$sr_pid"
	status=$?
	t1=$(now_ms)
	ok $(( t1 - t0 > 2000 )) "SIGTERM stops the sandbox within 2 s ($((t1 - t0)) ms)"
	is "$status" 143 "and the status says SIGTERM"
	sleep 0.1
	is "$(left_behind "sleep $secs")" 0 "no process of the sandbox is left"
}

test_sigterm_ignored() {
	secs=$(( 6000 + $$ % 1000 ))
	start_sandbox "$secs" "trap '' TERM; sleep $secs; echo survived"
	t0=$(now_ms)
	kill -TERM "$sr_pid"
	wait "$sr_pid"
	status=$?
	t1=$(now_ms)
	ok $(( t1 - t0 > 2000 )) "a program ignoring SIGTERM is still stopped within 2 s ($((t1 - t0)) ms)"
	is "$status" 137 "by SIGKILL"
	sleep 0.1
	is "$(left_behind "sleep $secs")" 0 "no process of the sandbox is left"
}

test_launcher_death_kills_sandbox() {
	secs=$(( 7000 + $$ % 1000 ))
	start_sandbox "$secs" "sleep $secs & sleep $secs"
	kill -KILL "$sr_pid"
	wait "$sr_pid" 2>/dev/null
	i=0
	while [ "$(left_behind "sleep $secs")" -ne 0 ] && [ $i -lt 50 ]; do
		i=$((i + 1)); sleep 0.02
	done
	is "$(left_behind "sleep $secs")" 0 "killing sentry-run kills every process of the sandbox within 1 s"
}

test_signal_forwarded() {
	secs=$(( 8000 + $$ % 1000 ))
	start_sandbox "$secs" "trap 'exit 3' USR1; sleep $secs & wait"
	kill -USR1 "$sr_pid"
	wait "$sr_pid"
	is "$?" 3 "SIGUSR1 is forwarded to PROGRAM, which handles it"
	pkill -f "^sleep $secs"
}

test_daemon_does_not_outlive() {
	secs=$(( 9000 + $$ % 1000 ))
	out=$(sandbox -- /bin/sh -c "setsid sh -c 'sleep $secs &' </dev/null >/dev/null 2>&1
		i=0; until pgrep -f '^sleep $secs' >/dev/null || [ \$i -ge 300 ]; do sleep 0.1; i=\$((i + 1)); done
		pgrep -f '^sleep $secs' >/dev/null && echo daemon-running")
	is "$out" daemon-running "a daemon (setsid, then a background child) runs inside"
	sleep 0.1
	is "$(left_behind "sleep $secs")" 0 "and is gone when PROGRAM exits"
}

# hang_up MARKER SENTRY-RUN-ARGV...: runs sentry-run on a pty, as a
# terminal's foreground job, closes the master once MARKER runs (the
# terminal goes away: the kernel's SIGHUP to its session), and prints
# sentry-run's exit status and the milliseconds it took, or "running".
HANG_UP_PY='
import os, pty, subprocess, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
for i in range(250):
    if subprocess.run(["pgrep", "-f", "^" + sys.argv[1]], stdout=subprocess.DEVNULL).returncode == 0:
        break
    time.sleep(0.02)
t0 = time.time()
os.close(fd)
for i in range(150):
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print(os.waitstatus_to_exitcode(status), int((time.time() - t0) * 1000))
        sys.exit(0)
    time.sleep(0.02)
os.kill(pid, 9)
os.waitpid(pid, 0)
print("running 3000")
'

# SIGINT and a hang-up stop the sandbox as SIGTERM does, even when
# PROGRAM ignores them: SIGKILL follows after --kill-after.  A hang-up
# is the kernel's SIGHUP; one sent with kill() is only passed on, as to
# a daemon it means "reload" (systemd.sh test_sighup_reloads).  A
# script's background job ignores SIGINT, and so does sentry-run there,
# as any program (basics.sh test_ignored_signals_kept): env gives it
# back, as a terminal's foreground job has it.
test_sigint_sighup_stop() {
	for sig in INT HUP; do
		secs=$(( 10000 + $$ % 1000 ))
		script="trap '' INT HUP; sleep $secs; echo survived"
		if [ "$sig" = HUP ]; then
			set -- $(as_user /usr/bin/python3 -c "$HANG_UP_PY" "sleep $secs" \
				"$SENTRY_RUN" --no-pty --kill-after=500ms -- /bin/sh -c "$script")
			st=$1
			[ "$st" != running ]
			ok $? "a hang-up of sentry-run's terminal stops a sandbox that ignores it ($2 ms)"
		else
			exec_as_user env --default-signal=INT "$SENTRY_RUN" --kill-after=500ms -- /bin/sh -c "$script" &
			sr_pid=$!
			i=0
			until pgrep -f "^sleep $secs" >/dev/null; do
				i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
			done
			t0=$(now_ms)
			kill -"$sig" "$sr_pid"
			wait_gone "$sr_pid" 3000
			gone=$?
			t1=$(now_ms)
			ok "$gone" "SIG$sig to sentry-run stops a sandbox that ignores it ($((t1 - t0)) ms)"
			if [ "$gone" -eq 0 ]; then
				wait "$sr_pid"
				st=$?
			else
				kill -KILL "$sr_pid"
				wait "$sr_pid"
				st=running
			fi
		fi
		is "$st" 137 "SIG$sig: by SIGKILL after the grace period"
		sleep 0.1
		is "$(left_behind "sleep $secs")" 0 "SIG$sig: no process of the sandbox is left"
		pkill -KILL -f "^sleep $secs"
	done
}

# SIGKILL follows the first SIGTERM by --kill-after: the same signal
# again (Ctrl-C pressed again, a supervisor resending SIGTERM) does not
# put it off.  Here SIGTERM comes every 0.25 s, for up to 10 s.
test_sigterm_repeated() {
	secs=$(( 12000 + $$ % 1000 ))
	start_sandbox "$secs" "trap '' TERM; sleep $secs; echo survived"
	i=0
	while kill -TERM "$sr_pid" 2>/dev/null && [ $i -lt 40 ]; do
		i=$((i + 1)); sleep 0.25
	done
	ok $(( i >= 40 )) "SIGTERM every 0.25 s does not hold off SIGKILL (sent $i times)"
	kill -KILL "$sr_pid" 2>/dev/null
	wait "$sr_pid"
	is "$?" 137 "the sandbox was killed"
	pkill -KILL -f "^sleep $secs"
}

# --timeout holds while sentry-run itself is stopped (SIGSTOP here; a
# shell's background job that touches the terminal gets SIGTTOU): the
# sandbox runs on in sessions of its own, so init, which nothing stops,
# ends it a little after the deadline and --kill-after.  sentry-run
# still says 124 once continued.
test_timeout_while_stopped() {
	secs=$(( 11000 + $$ % 1000 ))
	exec_as_user "$SENTRY_RUN" --timeout=1s --kill-after=500ms -- sleep "$secs" &
	sr_pid=$!
	i=0
	until pgrep -f "^sleep $secs" >/dev/null; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	kill -STOP "$sr_pid"
	i=0
	while pgrep -f "^sleep $secs" >/dev/null && [ $i -lt 300 ]; do
		i=$((i + 1)); sleep 0.05
	done
	is "$(pgrep -f "^sleep $secs" | wc -l)" 0 "a stopped sentry-run does not let the sandbox outlive --timeout"
	kill -CONT "$sr_pid"
	wait "$sr_pid"
	is "$?" 124 "and says 124 once continued"
	pkill -KILL -f "^sleep $secs"
}

# PROGRAM stopped (SIGSTOP) stops sentry-run as its job; in a script,
# where no shell's job control continues it, --timeout must still end
# it, as timeout(1) ends a stopped command: init killed the sandbox,
# but sentry-run stayed stopped for ever.
test_timeout_while_program_stopped() {
	exec_as_user "$SENTRY_RUN" --timeout=1s --kill-after=500ms -- /bin/sh -c 'kill -STOP $$; echo continued' &
	sr_pid=$!
	wait_gone "$sr_pid" 10000
	gone=$?
	ok "$gone" "a sandbox whose PROGRAM stopped itself still ends at --timeout"
	if [ "$gone" -ne 0 ]; then
		kill -CONT "$sr_pid"
	fi
	wait "$sr_pid"
	is "$?" 124 "with 124"
}

# PROGRAM stops itself and a process of its job continues it (a
# watchdog, a helper it forked first): natively it goes on.  sentry-run
# stopped as the job at PROGRAM's stop, and the whole sandbox with it,
# the helper too: nothing was left to continue either, and it hung.
test_program_continued_from_inside() {
	for pty in --no-pty --pty; do
		d=$(fresh_dir)
		exec_as_user "$SENTRY_RUN" "$pty" -- \
			/bin/sh -c '/bin/sh -c "sleep 1; kill -CONT $$" & kill -STOP $$; echo resumed' \
			</dev/null >"$d/out" 2>&1 &
		sr_pid=$!
		wait_gone "$sr_pid" 10000
		gone=$?
		ok "$gone" "$pty: PROGRAM stopped and continued by its helper goes on"
		if [ "$gone" -ne 0 ]; then
			kill -KILL "$sr_pid"
		fi
		wait "$sr_pid"
		status=$?
		contains "$(cat "$d/out")" resumed "$pty: and finishes"
		[ "$gone" -eq 0 ] && is "$status" 0 "$pty: with its status"
	done
}

# A service's sentry-run (NOTIFY_SOCKET set) makes a directory for its
# socket on the host and removes it at the end; killed with SIGKILL (a
# stop timeout, the OOM killer) it removes nothing, and each restart
# left one more behind.  The next one removes those of the dead.
# start_notifying_sleeper: a service's sentry-run (NOTIFY_SOCKET, a
# RUNTIME_DIRECTORY of $rt) running sleep $secs in the background, its pid
# in sr_pid, once the sleep runs.
start_notifying_sleeper() {
	RUNTIME_DIRECTORY=$rt exec_as_user env NOTIFY_SOCKET="$rt/manager" "$SENTRY_RUN" -- sleep "$secs" &
	sr_pid=$!
	i=0
	until pgrep -f "^sleep $secs" >/dev/null; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
}

test_killed_notify_dir_cleared() {
	secs=$(( 13000 + $$ % 1000 ))
	rt=$(fresh_dir)
	start_notifying_sleeper
	kill -KILL "$sr_pid"
	wait "$sr_pid" 2>/dev/null
	is "$(ls -d "$rt"/sentry-run.* 2>/dev/null | wc -l)" 1 "a killed service's sentry-run leaves its socket directory"
	for _ in 1 2; do
		RUNTIME_DIRECTORY=$rt as_user env NOTIFY_SOCKET="$rt/manager" "$SENTRY_RUN" -- true
	done
	is "$(ls -A "$rt" | grep -c '^sentry-run\.')" 0 "the next ones remove it and their own"
	# One that lives keeps its own, whatever the others remove.
	start_notifying_sleeper
	live=$(ls -d "$rt"/sentry-run.* 2>/dev/null)
	RUNTIME_DIRECTORY=$rt as_user env NOTIFY_SOCKET="$rt/manager" "$SENTRY_RUN" -- true
	ok $(( $(ls "$live" 2>/dev/null | wc -l) != 1 )) "a running sentry-run's socket directory is kept ($live)"
	kill -TERM "$sr_pid"
	wait "$sr_pid"
	is "$(ls -A "$rt" | grep -c '^sentry-run\.')" 0 "and removed when it ends"
	pkill -KILL -f "^sleep $secs"
}

# A forking daemon's start script, as a Type=forking service's ExecStart
# runs: write_start DIR MARKER LAST [DAEMON-PRELUDE] writes DIR/start,
# which double-forks a daemon (setsid -f) that appends a line to DIR/log
# every 100 ms, waits for its first line, says "started" in DIR/started
# and runs LAST ("exit 0").  MARKER is in the daemon's command line; the
# prelude runs in the daemon first (a trap).
write_start() {
	cat >"$1/start" <<-EOF
	setsid -f /bin/sh -c '${4-}
	while :; do echo tick >>"\$1/log"; sleep 0.1; done' "$2" "$1" </dev/null >/dev/null 2>&1
	until [ -s "$1/log" ]; do sleep 0.02; done
	echo started >"$1/started"
	$3
	EOF
	chmod a+r "$1/start"
}

# wait_lines FILE N: until FILE has more than N lines (at most 5 s).
wait_lines() {
	i=0
	while [ "$(cat "$1" 2>/dev/null | wc -l)" -le "$2" ]; do
		i=$((i + 1)); [ $i -gt 250 ] && return 1; sleep 0.02
	done
}

# start_forking DIR OPTIONS...: sentry-run OPTIONS running DIR/start in
# the background, its pid in sr_pid, once the script has exited (its
# process has no command line left).
start_forking() {
	dir=$1
	shift
	exec_as_user "$SENTRY_RUN" "$@" --rw "$dir" -- /bin/sh "$dir/start" &
	sr_pid=$!
	i=0
	until [ -e "$dir/started" ] && ! pgrep -f "^/bin/sh $dir/start" >/dev/null; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
}

# Natively a Type=forking start script returns and its daemon serves on;
# --wait=all keeps the sandbox until its last process exits.
test_wait_all_daemon_outlives_script() {
	d=$(fresh_dir)
	marker="sr-daemon-$$-$mode-a"
	write_start "$d" "$marker" "exit 0"
	start_forking "$d" --wait=all
	is "$(cat "$d/started" 2>/dev/null):$(pgrep -f "^/bin/sh $d/start" | wc -l)" "started:0" \
		"--wait=all: the start script has exited"
	n=$(wc -l <"$d/log")
	wait_lines "$d/log" $((n + 3))
	ok $? "--wait=all: the daemon goes on writing after the script exited"
	kill -0 "$sr_pid" 2>/dev/null
	ok $? "--wait=all: sentry-run is still running"
	term_and_wait "$sr_pid"
	is "$status" 143 "--wait=all: SIGTERM ends it, dying of SIGTERM as the daemon did"
	sleep 0.1
	is "$(left_behind "$marker")" 0 "--wait=all: no process of the sandbox is left"
	n=$(wc -l <"$d/log")
	sleep 0.3
	is "$(wc -l <"$d/log")" "$n" "--wait=all: and nothing writes any more"
}

# term_and_wait PID: SIGTERM, then its status in `status`; SIGKILL after
# 20 s, should the stop hang (status then says so).
term_and_wait() {
	(sleep 20; kill -KILL "$1" 2>/dev/null) &
	guard=$!
	kill -TERM "$1"
	wait "$1"
	status=$?
	kill "$guard" 2>/dev/null
}

# The default is unchanged: the sandbox ends with the script, daemon and all.
test_wait_program_kills_daemon() {
	d=$(fresh_dir)
	marker="sr-daemon-$$-$mode-b"
	write_start "$d" "$marker" "exit 0"
	as_user "$SENTRY_RUN" --rw "$d" -- /bin/sh "$d/start"
	is "$?" 0 "the default (--wait=program): sentry-run exits 0 with the script"
	sleep 0.1
	is "$(left_behind "$marker")" 0 "the default: the daemon was killed with it"
	as_user "$SENTRY_RUN" --wait=program --rw "$d" -- /bin/sh "$d/start"
	is "$?" 0 "--wait=program: the same"
	sleep 0.1
	is "$(left_behind "$marker")" 0 "--wait=program: the daemon was killed with it"
}

# A start script that fails (non-zero, or killed) failed the start: the
# sandbox ends at once with its status, whatever it started.
test_wait_all_failed_start() {
	d=$(fresh_dir)
	marker="sr-daemon-$$-$mode-c"
	write_start "$d" "$marker" "exit 3"
	exec_as_user "$SENTRY_RUN" --wait=all --rw "$d" -- /bin/sh "$d/start" &
	sr_pid=$!
	wait_gone "$sr_pid" 5000
	gone=$?
	ok "$gone" "--wait=all: a start script exiting 3 ends the sandbox"
	[ "$gone" -ne 0 ] && kill -KILL "$sr_pid"
	wait "$sr_pid"
	is "$?" 3 "--wait=all: with 3"
	sleep 0.1
	is "$(left_behind "$marker")" 0 "--wait=all: the daemon it started is killed"
	rm -f "$d/log"
	write_start "$d" "$marker" 'kill -USR1 $$'
	as_user "$SENTRY_RUN" --wait=all --rw "$d" -- /bin/sh "$d/start"
	is "$?" 138 "--wait=all: a start script killed by SIGUSR1 ends it, of SIGUSR1"
	sleep 0.1
	is "$(left_behind "$marker")" 0 "--wait=all: and the daemon is killed"
}

# With the script gone, the sandbox ends when its last process does: 0
# when that one exited 0, and its status when it failed (a daemon that
# crashes is a failed service: Restart=on-failure must see it).
test_wait_all_last_process_status() {
	d=$(fresh_dir)
	cat >"$d/start" <<-EOF
	setsid -f /bin/sh -c 'sleep 0.5; exit \$1' sr-daemon-$$ "\$1" </dev/null >/dev/null 2>&1
	exit 0
	EOF
	chmod a+r "$d/start"
	as_user "$SENTRY_RUN" --wait=all --ro "$d" -- /bin/sh "$d/start" 0
	is "$?" 0 "--wait=all: 0 when the last process exits 0"
	as_user "$SENTRY_RUN" --wait=all --ro "$d" -- /bin/sh "$d/start" 7
	is "$?" 7 "--wait=all: the last process's status when it failed"
	# A child that failed and that PROGRAM never reaped died before
	# PROGRAM did: natively PROGRAM's 0 is the status.
	unreaped='import os, time
if os.fork() == 0:
    os._exit(1)
time.sleep(0.2)'
	as_user /usr/bin/python3 -c "$unreaped"
	is "$?" 0 "natively, a program leaving a failed child unreaped exits 0"
	as_user "$SENTRY_RUN" --wait=all -- /usr/bin/python3 -c "$unreaped"
	is "$?" 0 "--wait=all: so does the sandbox, that child not being its last process"
	# Nor one that the daemon left unreaped: it died before the daemon,
	# whose 0 is the service's, and it came to init only as the daemon
	# exited.
	daemon='import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os._exit(1)
    time.sleep(0.3)
    os._exit(0)
sys.exit(0)'
	as_user "$SENTRY_RUN" --wait=all -- /usr/bin/python3 -c "$daemon"
	is "$?" 0 "--wait=all: a daemon exiting 0 gives 0, whatever the child it never reaped said"
}

# Signals sentry-run passes on reach every process of the sandbox once
# the script is gone; one that ignores SIGTERM is killed after the grace.
test_wait_all_signals() {
	d=$(fresh_dir)
	marker="sr-daemon-$$-$mode-d"
	write_start "$d" "$marker" "exit 0" 'trap "echo usr1 >>$1/log" USR1; trap : TERM'
	start_forking "$d" --wait=all --kill-after=500ms
	kill -USR1 "$sr_pid"
	i=0
	until grep -q usr1 "$d/log"; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	contains "$(cat "$d/log")" usr1 "--wait=all: SIGUSR1 to sentry-run reaches the daemon"
	kill -0 "$sr_pid" 2>/dev/null
	ok $? "--wait=all: which runs on"
	term_and_wait "$sr_pid"
	is "$status" 137 "--wait=all: a daemon ignoring SIGTERM is killed after the grace period"
	sleep 0.1
	is "$(left_behind "$marker")" 0 "--wait=all: no process of the sandbox is left"
}

# A reload (SIGHUP, SIGUSR1, SIGUSR2) goes to the daemons' main
# processes, init's children once the start script is gone, as natively
# `kill -HUP $MAINPID` reaches the main process alone: a worker that does
# not expect the signal lives on.  A stop reaches every process.
test_wait_all_reload_reaches_main_process() {
	d=$(fresh_dir)
	marker="sr-daemon-$$-$mode-e"
	secs=$(( 6000 + $$ % 1000 ))
	write_start "$d" "$marker" "exit 0" "trap \"echo hup >>\$1/log\" HUP; sleep $secs &"
	start_forking "$d" --wait=all
	i=0
	until pgrep -f "^sleep $secs" >/dev/null; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	kill -HUP "$sr_pid"
	i=0
	until grep -q hup "$d/log"; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	contains "$(cat "$d/log")" hup "--wait=all: SIGHUP to sentry-run reaches the daemon's main process"
	sleep 0.2
	is "$(left_behind "^sleep $secs")" 1 "--wait=all: and not its worker"
	term_and_wait "$sr_pid"
	is "$status" 143 "--wait=all: SIGTERM stops the daemon"
	sleep 0.1
	is "$(left_behind "^sleep $secs")" 0 "--wait=all: worker and all"
}

# A reload reaches a daemon that made itself undumpable, as many do
# (PR_SET_DUMPABLE 0): natively `kill -HUP $MAINPID` reaches it whatever
# its dumpable flag, and inside, /proc (hidepid=invisible) hides such a
# process from init when sentry-run is not root.
test_wait_all_reload_reaches_undumpable_daemon() {
	d=$(fresh_dir)
	daemon='import ctypes, os, signal, sys, time
if os.fork() == 0:
    os.setsid()
    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    signal.signal(signal.SIGHUP, lambda *a: open(sys.argv[1] + "/log", "a").write("hup\n"))
    while os.getppid() != 1:  # the start gone
        time.sleep(0.01)
    open(sys.argv[1] + "/started", "w").close()
    while True:
        time.sleep(0.1)'
	exec_as_user "$SENTRY_RUN" --wait=all --rw "$d" -- /usr/bin/python3 -c "$daemon" "$d" &
	sr_pid=$!
	i=0
	until [ -e "$d/started" ]; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	kill -HUP "$sr_pid"
	i=0
	until grep -q hup "$d/log" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.02
	done
	contains "$(cat "$d/log" 2>/dev/null)" hup "--wait=all: SIGHUP to sentry-run reaches an undumpable daemon"
	term_and_wait "$sr_pid"
	is "$status" 143 "--wait=all: SIGTERM stops it"
}

# A stop reaches a daemon that is stopped (SIGSTOP) too: natively
# systemd follows the SIGTERM with SIGCONT, so that the daemon acts on it
# and exits as it chooses, not killed at the end of the grace period.
test_wait_all_stop_reaches_stopped_daemon() {
	d=$(fresh_dir)
	marker="sr-daemon-$$-$mode-f"
	cat >"$d/start" <<-EOF
	setsid -f /bin/sh -c 'trap "echo term >>\$1/log; exit 0" TERM; kill -STOP \$\$; sleep 1000' "$marker" "$d" \
		</dev/null >/dev/null 2>&1
	exit 0
	EOF
	chmod a+r "$d/start"
	exec_as_user "$SENTRY_RUN" --wait=all --kill-after=10s --rw "$d" -- /bin/sh "$d/start" &
	sr_pid=$!
	i=0
	until [ "$(ps -o stat= -p "$(pgrep -f -- "$marker" | tail -n 1)" 2>/dev/null | cut -c1)" = T ] &&
		! pgrep -f "^/bin/sh $d/start" >/dev/null; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	term_and_wait "$sr_pid"
	is "$(cat "$d/log" 2>/dev/null)" term "--wait=all: a stopped daemon gets SIGTERM and acts on it"
	is "$status" 0 "--wait=all: and its exit 0 is the sandbox's, not SIGKILL's 137"
	is "$(left_behind "$marker")" 0 "--wait=all: no process of the sandbox is left"
}

# A stop that comes while the start script runs is for the service: a
# script that catches it and exits 0 does not leave the daemon to the
# grace period's SIGKILL, as systemd's stop during the start signals
# every process of the unit.
test_wait_all_stop_during_start() {
	d=$(fresh_dir)
	marker="sr-daemon-$$-$mode-g"
	cat >"$d/start" <<-EOF
	trap 'exit 0' TERM
	setsid -f /bin/sh -c 'trap "echo term >>\$1/log; exit 0" TERM; touch \$1/ready; while :; do sleep 0.1; done' \
		"$marker" "$d" </dev/null >/dev/null 2>&1
	echo started >"$d/started"
	while :; do sleep 0.1; done
	EOF
	chmod a+r "$d/start"
	exec_as_user "$SENTRY_RUN" --wait=all --kill-after=10s --rw "$d" -- /bin/sh "$d/start" &
	sr_pid=$!
	# Once the daemon's trap is set: before, SIGTERM would kill it.
	i=0
	until [ -e "$d/started" ] && [ -e "$d/ready" ]; do
		i=$((i + 1)); [ $i -gt 1500 ] && break; sleep 0.02
	done
	term_and_wait "$sr_pid"
	is "$(cat "$d/log" 2>/dev/null)" term "--wait=all: a SIGTERM during the start reaches the daemon too"
	is "$status" 0 "--wait=all: which exits 0, the sandbox with it, not SIGKILL's 137"
	is "$(left_behind "$marker")" 0 "--wait=all: no process of the sandbox is left"
}

run_suite test_sigterm_stops test_sigterm_ignored test_launcher_death_kills_sandbox \
	test_signal_forwarded test_daemon_does_not_outlive test_sigint_sighup_stop \
	test_sigterm_repeated test_timeout_while_stopped test_timeout_while_program_stopped test_program_continued_from_inside \
	test_killed_notify_dir_cleared \
	test_wait_all_daemon_outlives_script test_wait_program_kills_daemon test_wait_all_failed_start \
	test_wait_all_last_process_status test_wait_all_signals test_wait_all_reload_reaches_main_process \
	test_wait_all_stop_reaches_stopped_daemon test_wait_all_stop_during_start \
	test_wait_all_reload_reaches_undumpable_daemon
