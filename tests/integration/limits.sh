#!/bin/sh
# [limits]: cgroup limits (memory, pids) or, for a caller without a
# writable cgroup, their rlimit stand-ins; rlimits; --timeout; and the
# cgroup gone afterwards.
. "$top_srcdir/tests/lib.sh"

now_ms() { date +%s%3N; }

# The sandbox's cgroups, found by name anywhere under /sys/fs/cgroup.
cgroups_of() { find /sys/fs/cgroup -maxdepth 6 -type d -name "sentry-run-$1*" 2>/dev/null; }

test_fork_bomb_contained() {
	t0=$(now_ms)
	out=$(sandbox -q --pids=64 -- "$WORK/bin/forkbomb" 10000)
	status=$?
	t1=$(now_ms)
	is "$status" 0 "a 10,000-process fork bomb under --pids=64 finishes"
	made=${out#made }
	made=${made%% *}
	ok $(( made > 64 )) "it made at most 64 processes ($out)"
	ok $(( t1 - t0 > 10000 )) "within seconds ($((t1 - t0)) ms)"
	sleep 0.1
	is "$(pgrep -f "^$WORK/bin/forkbomb" | wc -l)" 0 "none of its processes is left"
}

test_memory_limit() {
	if ! cgroups_writable && [ -n "${SR_TEST_SANITIZER_LOG:-}" ]; then
		# AddressSanitizer's shadow memory does not fit in 128M of
		# address space: the sanitized memhog cannot even start.
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - [$mode] --memory=128M as RLIMIT_AS # SKIP the sanitized build cannot run under RLIMIT_AS"
		return
	fi
	out=$(sandbox --memory=128M -- "$WORK/bin/memhog" 1024 2>&1)
	status=$?
	if cgroups_writable; then
		is "$status" 137 "1 GiB under --memory=128M is killed: 137"
		contains "$out" "sentry-run: memory limit 128M reached; killed" "and sentry-run says so"
		lacks "$out" "allocated" "before the program got its gigabyte"
	else
		is "$status" 1 "1 GiB under --memory=128M fails to allocate (RLIMIT_AS)"
		contains "$out" "cannot allocate beyond" "the program saw the allocation fail"
		contains "$out" "no usable cgroup for [limits]" "a warning says there is no cgroup"
		contains "$out" "RLIMIT_AS=128M" "and names the rlimit used instead"
	fi
}

# What the Gofer makes for the program is the program's memory: a long
# symbolic link in a tmpfs is a page, and an overlay's copy-up the whole
# file.  Natively both are charged to the caller's memory cgroup; here
# the Gofer makes them, and they went past --memory (160M of links, or a
# 100M copy-up, under --memory=32M, and the program went on).
test_memory_counts_what_the_gofer_makes() {
	cgroups_writable || return 0
	out=$(sandbox --memory=32M -- /usr/bin/python3 -c '
import os
for i in range(40000):
    os.symlink("x" * 4000, "/tmp/l%d" % i)
print("made them all")' 2>&1)
	is "$?" 137 "40000 links of 4000 bytes in /tmp under --memory=32M are killed: 137"
	contains "$out" "sentry-run: memory limit 32M reached; killed" "and sentry-run says so"
	lacks "$out" "made them all" "before the links were all made"
	d=$(fresh_dir)
	head -c 100M /dev/zero >"$d/big"
	chmod 644 "$d/big"
	printf 'include=default\n[filesystem]\noverlay=%s\n' "$d" >"$d.ini"
	chmod 644 "$d.ini"
	out=$(sandbox -p "$d.ini" --memory=32M -- /bin/sh -c "echo x >> '$d/big' && echo copied up" 2>&1)
	is "$?" 137 "an overlay's copy-up of 100M under --memory=32M is killed: 137"
	contains "$out" "sentry-run: memory limit 32M reached; killed" "and sentry-run says so"
	lacks "$out" "copied up" "before the copy-up was done"
	rm -f "$d/big" "$d.ini"
}

# A limit too small for the sandbox to start: the memory limit is the
# one reason given, not a step of the set-up that it made fail (with
# --memory=1M: "cannot take PROGRAM's seccomp listener (pidfd_getfd,
# Linux 5.6+): No such process", blaming the kernel).
test_memory_too_small_to_start() {
	cgroups_writable || return 0
	for m in 512K 1M 1200K; do
		# (Killed by SIGKILL, sentry-run dies of it: the shell may say so.)
		out=$(sandbox --memory=$m -- true 2>&1)
		is "$?" 137 "--memory=$m is too small to start: 137"
		is "$(echo "$out" | grep '^sentry-run:')" "sentry-run: memory limit $m reached; killed" \
			"--memory=$m: the limit is the one reason given"
	done
}

# The percentage of one CPU that COMMAND... and its children used over
# the time it ran.
cat >"$WORK/cpu-share.py" <<'EOF2'
import resource, subprocess, sys, time
t0 = time.monotonic()
subprocess.run(sys.argv[1:])
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(int(100 * (ru.ru_utime + ru.ru_stime) / wall))
EOF2
chmod 644 "$WORK/cpu-share.py"

# What the Sentry does for the program is the program's CPU time: a stat
# loop under --cpu=10% made the Sentry, outside the cgroup, use twice the
# program's own share (33% of a CPU in all).  Generous: at most 20%.
test_cpu_counts_the_sentrys_work() {
	cgroups_writable || return 0
	pct=$(as_user /usr/bin/python3 "$WORK/cpu-share.py" "$SENTRY_RUN" --cpu=10% -- /usr/bin/python3 -c '
import os, time
t = time.monotonic()
while time.monotonic() - t < 3:
    os.stat("/etc/passwd")')
	ok $(( ${pct:-100} > 20 )) "a stat loop under --cpu=10% uses about 10% of a CPU, Sentry included (${pct:-?}%)"
}

test_enforce_require() {
	p=$(fresh_dir)/require.ini
	printf 'include=default\n[limits]\nenforce=require\n' > "$p"
	chmod a+r "$p"
	out=$(sandbox -p "$p" --pids=64 -- true 2>&1)
	status=$?
	if cgroups_writable; then
		is "$status" 0 "enforce=require runs when a cgroup can be had"
		is "$out" "" "without a warning"
	else
		is "$status" 125 "enforce=require without a usable cgroup: 125"
		contains "$out" "enforce=require" "and the message says why"
		contains "$out" "Delegate=yes" "and what to do"
	fi
	out=$(sandbox -p "$p" -- true 2>&1)
	is "$?" 0 "enforce=require without cgroup limits runs anywhere"
}

test_cgroup_removed() {
	cgroups_writable || return 0
	w=$(fresh_dir)
	exec_as_user "$SENTRY_RUN" --pids=64 --memory=256M --cpu=50% --rw "$w" -- /bin/sh -c \
		"touch $w/running; until [ -e $w/done ]; do sleep 0.05; done" &
	sr_pid=$!
	# PROGRAM runs in them: they are all made, init and PROGRAM moved in.
	for _ in $(seq 300); do
		[ -e "$w/running" ] && break
		sleep 0.1
	done
	n=$(cgroups_of "$sr_pid" | wc -l)
	ok $(( n == 0 )) "the sandbox has cgroups while it runs ($n)"
	inside=$(cat $(cgroups_of "$sr_pid" | head -n 1)/cgroup.procs 2>/dev/null | wc -l)
	ok $(( inside < 2 )) "init and PROGRAM are in it ($inside)"
	# The limits asked for are the ones written (v1 here: v2 has only
	# hugetlb on this host, so cpu.max and memory.max are not seen).
	for d in $(cgroups_of "$sr_pid"); do
		[ -f "$d/pids.max" ] && is "$(cat "$d/pids.max")" 64 "--pids=64 is pids.max"
		[ -f "$d/memory.limit_in_bytes" ] &&
			is "$(cat "$d/memory.limit_in_bytes")" 268435456 "--memory=256M is memory.limit_in_bytes"
		[ -f "$d/cpu.cfs_quota_us" ] &&
			is "$(( $(cat "$d/cpu.cfs_quota_us") * 100 / $(cat "$d/cpu.cfs_period_us") ))" 50 \
				"--cpu=50% is half of cpu.cfs_period_us"
		[ -f "$d/cpu.max" ] && is "$(cut -d' ' -f1 "$d/cpu.max")" 50000 "--cpu=50% is cpu.max"
	done
	touch "$w/done"
	wait "$sr_pid"
	is "$(cgroups_of "$sr_pid")" "" "and none is left afterwards"
	# Its cgroup namespace is rooted there: the program sees "/", not
	# the host's tree (which a bare host's process shows, as here).
	out=$(sandbox --pids=64 --memory=256M -- /bin/sh -c 'grep -E ":(pids|memory):" /proc/self/cgroup | cut -d: -f3 | sort -u')
	is "$out" "/" "inside, the sandbox's own cgroup is the root of its cgroup namespace"
}

# Where this mode's sentry-run makes its pids cgroup: under its own v2
# cgroup if that offers pids, else under its own v1 pids cgroup.
pids_parent() {
	v2=$(sed -n "s/^0:://p" /proc/self/cgroup)
	for m in /sys/fs/cgroup /sys/fs/cgroup/unified; do
		grep -qw pids "$m$v2/cgroup.controllers" 2>/dev/null && { echo "$m$v2"; return; }
	done
	echo "/sys/fs/cgroup/pids$(sed -n "s/^[0-9]*:pids://p" /proc/self/cgroup)"
}

# The sandbox's cgroup is shown read-only at /sys/fs/cgroup: a program
# may read its limits but neither raise them nor move out of them, by
# no way round: a control file opened for writing, or a read-only open
# reopened for writing through /proc/self/fd, a pid written to
# cgroup.procs, a child cgroup, a chmod, a read-write remount.  On the
# bare host, root does each of them to a cgroup of its own.
test_cgroup_shown_read_only() {
	if ! cgroups_writable; then
		ok 0 "the cgroup shown read-only # SKIP no cgroup for this user: nothing is shown"
		return
	fi
	if [ "$mode" = root ]; then
		c="$(pids_parent)/sr-cgroup-write-$$"
		mkdir "$c"
		out=$("$WORK/bin/cgroup-write" "$c")
		# Empty once the helper, moved into it, is reaped.
		rmdir "$c" 2>/dev/null || { sleep 0.5; rmdir "$c"; }
		lacks "$out" "opened=0 " "natively, root opens a cgroup's files for writing ($out)"
		lacks "$out" "reopened=0 " "also through /proc/self/fd"
		contains "$out" "moved=1 made=1 chmod=1" "moves into it, makes a child and changes its mode"
	fi
	out=$(cd / && sandbox -q --ro "$WORK/bin" --memory=256M --pids=64 --cpu=50% -- /bin/sh -c \
		'p=$1; shift; for c in /sys/fs/cgroup /sys/fs/cgroup/*/; do [ -d "$c" ] && set -- "$@" "$c"; done
		exec "$p" "$@"' sh "$WORK/bin/cgroup-write" 2>&1)
	is "$out" "opened=0 reopened=0 moved=0 made=0 chmod=0 remounted=0" \
		"inside, none of them goes through on the cgroup shown"
}

# SIGKILL leaves nobody to remove the cgroups; the next sentry-run
# removes them, and a leftover named for its own pid does not cost it its
# cgroup (it fell back to rlimits, which do not hold root's processes).
test_killed_cgroup_cleared() {
	cgroups_writable || return 0
	exec_as_user "$SENTRY_RUN" --pids=64 --memory=256M -- sleep 100 &
	sr_pid=$!
	# The cgroups are made before the janitor is forked and named: wait
	# for both, or the janitor escapes the kill and removes them.
	janitor=
	for _ in $(seq 100); do
		janitor=$(pgrep -P "$sr_pid" -x cgroup-janitor)
		[ -n "$(cgroups_of "$sr_pid")" ] && [ -n "$janitor" ] && break
		sleep 0.1
	done
	# Its janitor too, which would remove them (test_killed_cgroup_removed).
	kill -KILL $janitor "$sr_pid"
	wait "$sr_pid" 2>/dev/null
	n=$(cgroups_of "$sr_pid" | wc -l)
	ok $(( n == 0 )) "sentry-run killed with SIGKILL, janitor and all, leaves its cgroups ($n)"
	# Its sandbox dies after it (PR_SET_PDEATHSIG, then the pid
	# namespace), later on a busy machine: only an empty cgroup is the
	# next one's to remove.
	for _ in $(seq 100); do
		[ -z "$(cgroups_of "$sr_pid" | while read -r d; do cat "$d/cgroup.procs"; done)" ] && break
		sleep 0.1
	done
	out=$(sandbox --pids=64 -- true 2>&1)
	is "$?:$out" "0:" "the next sentry-run runs"
	is "$(cgroups_of "$sr_pid")" "" "and removes the cgroups of the killed one"
	parent=$(pids_parent)
	out=$(as_user sh -c 'mkdir "$1/sentry-run-$$" && exec "$2" --pids=16 -- "$3" 200' sh \
		"$parent" "$SENTRY_RUN" "$WORK/bin/forkbomb" 2>&1)
	lacks "$out" "no usable cgroup" "a leftover cgroup of its own pid is no reason to go without one"
	made=$(echo "$out" | sed -n 's/^made \([0-9]*\) .*/\1/p')
	ok $(( ${made:-999} > 16 )) "and --pids=16 holds the fork bomb (made ${made:-nothing})"
}

# Nothing of a sandbox is left on the host after sentry-run is killed
# with SIGKILL: its cgroups stayed, empty, until the next sentry-run
# (under the same parent) removed them, and no next one may come.
test_killed_cgroup_removed() {
	cgroups_writable || return 0
	exec_as_user "$SENTRY_RUN" --pids=64 --memory=256M --cpu=50% -- sleep 100 &
	sr_pid=$!
	# Killed once its janitor is there: killed between making its
	# cgroups and starting it, they stay for the next sentry-run.
	for _ in $(seq 100); do
		[ -n "$(cgroups_of "$sr_pid")" ] && pgrep -P "$sr_pid" -x cgroup-janitor >/dev/null && break
		sleep 0.1
	done
	kill -KILL "$sr_pid"
	wait "$sr_pid" 2>/dev/null
	for _ in $(seq 100); do
		[ -z "$(cgroups_of "$sr_pid")" ] && break
		sleep 0.1
	done
	is "$(cgroups_of "$sr_pid")" "" "sentry-run killed with SIGKILL leaves no cgroup behind"
}

# Without a cgroup (sr-test has none delegated; root's are hidden under
# an empty tmpfs), the warning says what the rlimits really hold, which
# PROGRAM then shows: RLIMIT_NPROC stops sr-test's fork bomb but not
# root's (the kernel exempts uid 0), and RLIMIT_AS does not count files.
test_fallback_warning_is_true() {
	if [ "$mode" = user ]; then
		cgroups_writable && return 0
		no_cgroup() { sandbox "$@"; }
	else
		no_cgroup() { unshare -m sh -c 'mount -t tmpfs none /sys/fs/cgroup && exec "$@"' sh "$SENTRY_RUN" "$@"; }
	fi
	out=$(no_cgroup --pids=16 -- "$WORK/bin/forkbomb" 100 2>&1)
	made=$(echo "$out" | sed -n 's/^made \([0-9]*\) .*/\1/p')
	if [ "$mode" = user ]; then
		ok $(( ${made:-999} > 16 )) "--pids=16 without a cgroup holds the fork bomb (made ${made:-nothing})"
		contains "$out" "pids: RLIMIT_NPROC=16" "as the warning says"
		# The Sentry and the Gofer run in the sandbox's user namespace
		# as its uid: their threads (5 here, more under load) take
		# PROGRAM's room, which the pids cgroup does not count.
		contains "$out" "RLIMIT_NPROC=16, shared with the Sentry's and the Gofer's threads" \
			"and that sentry-run's own threads count too"
	else
		ok $(( ${made:-0} <= 16 )) "--pids=16 without a cgroup does not hold root's fork bomb (made ${made:-nothing})"
		contains "$out" "pids: not limited (RLIMIT_NPROC does not hold uid 0)" "as the warning says"
		lacks "$out" "RLIMIT_NPROC=16" "rather than naming a limit that does nothing"
	fi
	# No rlimit stands in for --cpu (nor for root's --pids): the warning
	# said "using rlimits instead" all the same.
	out=$(no_cgroup --cpu=50% -- true 2>&1)
	contains "$out" "cpu: not limited" "--cpu=50% without a cgroup: the warning says it does not hold"
	lacks "$out" "using rlimits instead" "and names no rlimit used instead"
	# AddressSanitizer's shadow memory does not fit under RLIMIT_AS.
	[ -n "${SR_TEST_SANITIZER_LOG:-}" ] && return 0
	out=$(no_cgroup --memory=64M -- /bin/sh -c 'head -c 100M /dev/zero > /tmp/f; wc -c < /tmp/f' 2>&1)
	contains "$out" "104857600" "--memory=64M without a cgroup lets 100M be written to a tmpfs"
	contains "$out" "RLIMIT_AS=64M for each process (not their sum, nor what they write in a tmpfs)" \
		"as the warning says"
}

# A host with cgroup v2 alone (what users run), emulated in a mount
# namespace of its own: the v1 hierarchies unmounted, cgroup2 (here
# without the memory, pids and cpu controllers, which v1 holds) mounted
# in their place.  The reason given for the fallback is v2's: it said
# "no v1 pids cgroup hierarchy is mounted", about a version the host
# does not use, and hid why v2 could not be had.
test_v2_only_host_reason() {
	[ "$(id -u)" -eq 0 ] && grep -qw cgroup2 /proc/filesystems || return 0
	v2_only() {
		if [ "$mode" = user ]; then
			set -- setpriv --reuid="$SR_TEST_USER" --regid="$SR_TEST_USER" --init-groups -- "$@"
		fi
		unshare -m sh -c 'umount -R /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup && exec "$@"' \
			sh "$@"
	}
	out=$(v2_only "$SENTRY_RUN" --pids=16 -- true 2>&1)
	is "$?" 0 "a v2-only host without a usable cgroup runs on rlimits"
	contains "$out" "no usable cgroup for [limits] (the v2 cgroup /sys/fs/cgroup" \
		"the warning gives v2's reason"
	lacks "$out" "no v1" "not that no v1 hierarchy is mounted"
	p=$(fresh_dir)/require.ini
	printf 'include=default\n[limits]\nenforce=require\n' >"$p"
	chmod a+r "$p"
	out=$(v2_only "$SENTRY_RUN" -p "$p" --memory=64M -- true 2>&1)
	is "$?" 125 "enforce=require on a v2-only host without a usable cgroup: 125"
	contains "$out" "no usable cgroup for memory, pids or cpu: the v2 cgroup /sys/fs/cgroup" \
		"and gives v2's reason"
}

test_timeout() {
	t0=$(now_ms)
	out=$(sandbox --timeout=1s -- sleep 100 2>&1)
	status=$?
	t1=$(now_ms)
	is "$status" 124 "--timeout=1s on sleep 100: 124"
	ok $(( t1 - t0 < 900 || t1 - t0 > 3000 )) "after about a second ($((t1 - t0)) ms)"
	contains "$out" "sentry-run: timeout 1s reached; stopped" "with a message"
}

# PROGRAM ignores SIGTERM from its start, as it inherits it through
# sentry-run: a trap set by PROGRAM came after the timeout when the
# sandbox took longer than 500 ms to start (the sanitized build under
# load), and SIGTERM ended it.
test_kill_after() {
	secs=$(( 4000 + $$ % 1000 ))
	t0=$(now_ms)
	out=$(as_user env --ignore-signal=TERM "$SENTRY_RUN" --timeout=500ms --kill-after=500ms -- \
		/bin/sh -c "sleep $secs; echo survived" 2>&1)
	status=$?
	t1=$(now_ms)
	is "$status" 124 "a program ignoring SIGTERM is still stopped at the timeout: 124"
	ok $(( t1 - t0 < 900 || t1 - t0 > 3000 )) "after the timeout and --kill-after ($((t1 - t0)) ms)"
	contains "$out" "did not stop 500 ms after SIGTERM" "the kill is reported"
	lacks "$out" "survived" "the program did not go on"
	sleep 0.1
	is "$(pgrep -f "^sleep $secs" | wc -l)" 0 "no process of the sandbox is left"
}

test_rlimits() {
	is "$(sandbox --nofile=20 -- /bin/sh -c 'ulimit -n')" 20 "--nofile=20 is ulimit -n inside"
	is "$(sandbox -- /bin/sh -c 'ulimit -c')" 0 "no core dumps by default (ulimit -c is 0)"
	is "$(sandbox --core=unlimited -- /bin/sh -c 'ulimit -c')" unlimited "--core=unlimited lifts it"
	is "$(sandbox --fsize=1M -- /bin/sh -c 'ulimit -f')" 2048 "--fsize=1M is 2048 blocks of ulimit -f"
	# Limits below what sentry-run's own set-up needs (the exported
	# filter, the fds that hand the listener over) bind PROGRAM alone.
	out=$(sandbox --fsize=1K -- /bin/sh -c 'ulimit -f; head -c 4096 /dev/zero > /tmp/f; wc -c < /tmp/f' 2>/dev/null)
	is "$?:$out" "0:2
1024" "--fsize=1K: PROGRAM runs, and a 4 KiB write stops at 1 KiB"
	# fds 0-2 fill --nofile=3: the dynamic loader of PROGRAM, not
	# sentry-run, is the one refused an fd.
	err=$(sandbox --nofile=3 -- /bin/sh -c 'echo ran' 2>&1)
	is "$?" 127 "--nofile=3: PROGRAM starts and its loader finds no fd (127)"
	contains "$err" "error while loading shared libraries" "as the loader says"
}

# truncate(2) of a path past RLIMIT_FSIZE: EFBIG and SIGXFSZ for the
# caller, as ftruncate and write, though the Gofer makes the call; a
# shrink, or a growth below the limit, goes through.  Python, SIGXFSZ
# ignored, then at its default (the exit status).  The limit is --fsize,
# or one PROGRAM lowered itself: the caller's at the time of the call.
cat >"$WORK/truncate-fsize.py" <<'EOF2'
import os, resource, signal, sys
path, lower = sys.argv[1], sys.argv[2] == 'lower'
if lower:
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, resource.RLIM_INFINITY))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
open(path, 'w').close()
for size in (10**6, 512, 0):
    try:
        os.truncate(path, size)
        res = 'ok'
    except OSError as e:
        res = os.strerror(e.errno)
    print('%d=%s size=%d' % (size, res, os.stat(path).st_size))
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
os.truncate(path, 10**6)
print('not killed')
EOF2
chmod 644 "$WORK/truncate-fsize.py"

test_fsize_bounds_truncate_of_a_path() {
	dir=$(fresh_dir)
	expected='1000000=File too large size=0
512=ok size=512
0=ok size=0'
	native=$(as_user /usr/bin/python3 "$WORK/truncate-fsize.py" "$dir/n" lower 2>/dev/null)
	is "$?:$native" "153:$expected" "natively, truncate past RLIMIT_FSIZE is EFBIG, then SIGXFSZ kills"
	out=$(sandbox -q --fsize=1K --rw "$dir" -- /usr/bin/python3 "$WORK/truncate-fsize.py" "$dir/f" keep 2>/dev/null)
	is "$?:$out" "153:$expected" "--fsize=1K bounds truncate(2) of a path as natively"
	out=$(sandbox -q --rw "$dir" -- /usr/bin/python3 "$WORK/truncate-fsize.py" "$dir/g" lower 2>/dev/null)
	is "$?:$out" "153:$expected" "so does the limit PROGRAM set itself"
	rm -f "$dir/n" "$dir/f" "$dir/g"
}

test_bad_values() {
	sandbox --pids=0 -- true 2>/dev/null
	is "$?" 125 "--pids=0 is refused"
	# init counts: with the cgroup, init could not fork PROGRAM, and said
	# only "Resource temporarily unavailable".
	out=$(sandbox --pids=1 -- true 2>&1)
	is "$?" 125 "--pids=1 is refused"
	contains "$out" "the sandbox's init is one of them" "saying why"
	sandbox --memory=12Q -- true 2>/dev/null
	is "$?" 125 "--memory=12Q is refused"
	sandbox --timeout=-1s -- true 2>/dev/null
	is "$?" 125 "--timeout=-1s is refused"
}

run_suite test_fork_bomb_contained test_memory_limit test_memory_counts_what_the_gofer_makes test_memory_too_small_to_start test_cpu_counts_the_sentrys_work test_enforce_require test_cgroup_removed test_cgroup_shown_read_only \
	test_killed_cgroup_cleared test_killed_cgroup_removed test_fallback_warning_is_true test_v2_only_host_reason test_timeout test_kill_after test_rlimits test_fsize_bounds_truncate_of_a_path \
	test_bad_values
