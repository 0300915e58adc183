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
		sleep 0.3; pgrep -f '^sleep $secs' >/dev/null && echo daemon-running")
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
# a daemon it means "reload" (systemd.sh test_sighup_reloads).
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
			exec_as_user "$SENTRY_RUN" --kill-after=500ms -- /bin/sh -c "$script" &
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

run_suite test_sigterm_stops test_sigterm_ignored test_launcher_death_kills_sandbox \
	test_signal_forwarded test_daemon_does_not_outlive test_sigint_sighup_stop \
	test_sigterm_repeated test_timeout_while_stopped test_timeout_while_program_stopped test_killed_notify_dir_cleared
