#!/bin/sh
# The Sentry: real attacks refused by the generated filter, --strace,
# many threads at once, self-confinement and failing closed.
. "$top_srcdir/tests/lib.sh"

ATTACK="$WORK/bin/attack"

# attack NAME MESSAGE: blocked in the sandbox; and, as root, NOT blocked
# on the bare host, so that the test could fail if the sandbox did nothing.
# Run from a shell, as an attacker would: the parent ptrace_parent aims
# at is then an ordinary process, not the sandbox's non-dumpable init.
# Under --strace and --stats it is refused alike, and shown, as strace
# shows a call the kernel refuses: MESSAGE names the call and its error.
attack() {
	out=$(sandbox -- /bin/sh -c '"$0" "$1"; exit $?' "$ATTACK" "$1" 2>&1)
	status=$?
	is "$status:$out" "0:blocked: $2" "$1 is refused in the sandbox"
	call=${2%%[(: ]*}
	d=$(fresh_dir)
	out=$(sandbox --strace="$d/trace" -- /bin/sh -c '"$0" "$1"; exit $?' "$ATTACK" "$1" 2>&1)
	is "$?:$out" "0:blocked: $2" "$1 is refused alike under --strace"
	grep "] attack X $call(.* = -1 E[A-Z]* (${2##*: })" "$d/trace" >/dev/null
	ok $? "and --strace shows the refused $call and its error"
	out=$(sandbox --stats -- /bin/sh -c '"$0" "$1" 2>&1; exit $?' "$ATTACK" "$1" 2>"$d/stats")
	is "$?:$out" "0:blocked: $2" "$1 is refused alike under --stats"
	awk -v call="$call" '$NF == call && $7 >= 1 { found = 1 } END { exit !found }' "$d/stats"
	ok $? "and --stats counts the refused $call as an error"
	if [ "$mode" = root ]; then
		out=$("$ATTACK" "$1" 2>&1)
		is "$?" 1 "$1 succeeds on the bare host ($out)"
	fi
}

# attack_allowed NAME SYSCALL: with a profile's allow=SYSCALL the attack
# goes through in the sandbox, so that its refusal above is the filter's
# and not the kernel's (a call the kernel refuses in any user namespace,
# as bpf, mount and open_by_handle_at are, is held against the filter by
# tests/check_filter.c instead).
attack_allowed() {
	p=$(fresh_dir)/allow.ini
	printf 'include=default
[syscalls]
allow=%s
' "$2" >"$p"
	chmod 644 "$p"
	out=$(sandbox -p "$p" -- /bin/sh -c '"$0" "$1"; exit $?' "$ATTACK" "$1" 2>&1)
	is "$?" 1 "$1 succeeds in a sandbox whose profile allows $2 ($out)"
}

test_attacks() {
	attack io_uring "io_uring_setup: Operation not permitted"
	attack bpf "bpf(BPF_MAP_CREATE): Operation not permitted"
	attack perf "perf_event_open: Operation not permitted"
	attack open_by_handle "open_by_handle_at: Operation not permitted"
	attack mount "mount tmpfs: Operation not permitted"
	attack mount_api "fsopen(tmpfs): Operation not permitted"
	attack modify_ldt "modify_ldt(write): Operation not permitted"
	attack listener "seccomp(NEW_LISTENER): Operation not permitted"
	attack ptrace_parent "ptrace(PTRACE_ATTACH, parent): Operation not permitted"
	attack unshare_user "unshare(CLONE_NEWUSER): Operation not permitted"
	attack clone_newuser "clone(CLONE_NEWUSER): Operation not permitted"
	attack clone3 "clone3(CLONE_NEWUSER): Function not implemented"
	attack socketpair_family "socketpair(AF_NETLINK, NETLINK_AUDIT): Operation not permitted"
	attack pidfd_init "pidfd_open(1): Operation not permitted"
	attack_allowed ptrace_parent ptrace
	attack_allowed perf perf_event_open
	attack_allowed modify_ldt modify_ldt
}

test_int80_killed() {
	sandbox -- "$ATTACK" int80 >/dev/null 2>&1
	is "$?" 159 "an int \$0x80 system call kills the process (SIGSYS)"
	if [ "$mode" = root ]; then
		"$ATTACK" int80 >/dev/null 2>&1
		is "$?" 1 "and opens a file on the bare host"
	fi
}

test_tiocsti() {
	out=$(script -qec "$SENTRY_RUN -- $ATTACK tiocsti" /dev/null < /dev/null 2>&1 | tr -d '\r')
	contains "$out" "blocked: ioctl(TIOCSTI): Operation not permitted" "TIOCSTI on the terminal is refused"
	out=$(script -qec "$SENTRY_RUN -- $ATTACK tiocsti_high" /dev/null < /dev/null 2>&1 | tr -d '\r')
	contains "$out" "blocked: ioctl(TIOCSTI|high bits): Operation not permitted" "also with the high bits of the request set"
	if [ "$mode" = root ]; then
		out=$(script -qec "$ATTACK tiocsti" /dev/null < /dev/null 2>&1 | tr -d '\r')
		contains "$out" "SUCCEEDED" "TIOCSTI works on the bare host"
	fi
}

test_tiocsetd() {
	out=$(as_user script -qec "$SENTRY_RUN -- $ATTACK tiocsetd" /dev/null < /dev/null 2>&1 | tr -d '\r')
	contains "$out" "blocked: ioctl(TIOCSETD, N_NULL): Operation not permitted" "a line discipline cannot be attached to the sandbox's terminal"
	out=$(as_user script -qec "$ATTACK tiocsetd" /dev/null < /dev/null 2>&1 | tr -d '\r')
	contains "$out" "SUCCEEDED" "on the bare host the same user attaches one"
}

test_emulated_calls() {
	host_before=$(hostname)
	out=$(sandbox --hostname box9 -- uname -n)
	is "$out" box9 "uname reports the sandbox's host name"
	out=$(sandbox -- /bin/sh -c 'uname -m; setarch i686 uname -m; linux32 sh -c "uname -m"; setarch i686 --read-implies-exec true 2>/dev/null || echo refused')
	is "$out" "x86_64
i686
i686
refused" "uname honours PER_LINUX32 (setarch i686, linux32, and their children); READ_IMPLIES_EXEC stays refused"
	# The layouts of setarch -L, -B, -3 and -R run as natively.
	layouts='setarch x86_64 -L -B -3 -R true && echo layouts; setarch i686 -L -3 uname -m; setarch x86_64 -Z true 2>/dev/null || echo page-zero refused'
	out=$(sandbox -- /bin/sh -c "$layouts")
	is "$out" "layouts
i686
page-zero refused" "the address-space layouts of setarch run, with PER_LINUX32 too; MMAP_PAGE_ZERO stays refused"
	out=$(sandbox -- /bin/sh -c 'kill -TERM 1 2>&1; echo status=$?')
	contains "$out" "status=1" "init (pid 1) cannot be signalled from inside"
	# What sends nothing is answered as under a container's init: signal
	# 0 finds it, a number that is no signal is EINVAL.
	out=$(sandbox -- python3 -c 'import os, errno, signal
def kill(sig):
    try:
        os.kill(1, sig)
        return "0"
    except OSError as e:
        return errno.errorcode[e.errno]
print(kill(0), kill(99), kill(signal.SIGTERM), kill(signal.SIGKILL), kill(64))')
	is "$out" "0 EINVAL EPERM EPERM EPERM" "init answers signal 0 and bad numbers as natively, and refuses every signal"
	# pidfd_send_signal takes a /proc/PID directory fd as well: the
	# kernel lets init have what it handles, and init passes on only
	# what comes from outside (the launcher), not this SIGUSR1.
	out=$(sandbox -- python3 -c 'import os, signal, time
signal.signal(signal.SIGUSR1, lambda *a: print("signalled"))
try:
    fd = os.open("/proc/1", os.O_RDONLY | os.O_DIRECTORY)
    signal.pidfd_send_signal(fd, signal.SIGTERM); signal.pidfd_send_signal(fd, signal.SIGUSR1)
except OSError as e: print(e.strerror)
time.sleep(0.5); print("alive")' 2>&1)
	contains "$out" "alive" "init passes on no signal sent to it from inside (pidfd_send_signal on /proc/1)"
	out=$(sandbox -- /bin/sh -c 'hostname evil 2>&1; hostname')
	contains "$out" "sentry-run" "sethostname is refused"
	p=$(fresh_dir)/uts.ini
	printf 'include=default\n[sandbox]\nallow-sethostname=true\n' > "$p"
	chmod 644 "$p"
	out=$(sandbox -p "$p" -- /bin/sh -c 'hostname renamed && hostname && uname -n && domainname lab && domainname && hostname $(printf "%065d" 0) 2>&1; echo status=$?' 2>&1)
	is "$out" "renamed
renamed
lab
hostname: name too long
status=1" "allow-sethostname: the program names its sandbox, within the kernel's bound"
	out=$(sandbox -p "$p" -- /bin/sh -c 'hostname renamed; cat /proc/sys/kernel/hostname')
	is "$out" "sentry-run" "the host's name is never touched"
	is "$(hostname)" "$host_before" "nor is the caller's"
}

# A signal queued with rt_sigqueueinfo's si_code (SI_QUEUE) carries
# whatever si_pid its sender wrote: the kernel checks only that the
# code is negative.  Natively a process forges si_pid 0, "from outside
# the pid namespace", the mark init takes for the launcher's; in the
# sandbox init must not take such a signal (pidfd_send_signal on a
# /proc/1 fd) for sentry-run's and pass it on to PROGRAM.  (As another
# user than root, /proc hides init from PROGRAM: nothing reaches it.)
FORGED_SIGNAL='import ctypes, os, signal, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
SI_QUEUE = -1
def forged(target, sig):
    # siginfo_t: si_signo, si_errno, si_code, a pad, then si_pid 0, si_uid 0.
    info = (ctypes.c_int * 32)(sig, 0, SI_QUEUE, 0, 0, 0)
    fd = os.open("/proc/%d" % target, os.O_RDONLY | os.O_DIRECTORY)
    r = libc.syscall(ctypes.c_long(424), ctypes.c_long(fd), ctypes.c_long(sig), info, ctypes.c_long(0))
    os.close(fd)
    return r
if sys.argv[1] == "control":
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
    child = os.fork()
    if child == 0:
        si = signal.sigwaitinfo([signal.SIGUSR1])
        os._exit(0 if si.si_pid == 0 and si.si_code == SI_QUEUE else 1)
    print("sent", forged(child, signal.SIGUSR1), "child", os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]))
else:
    got = []
    signal.signal(signal.SIGUSR1, lambda *a: got.append("passed on"))
    try:
        print("sent", forged(1, signal.SIGUSR1))
    except FileNotFoundError:
        print("init hidden")
    time.sleep(0.5)
    print(got[0] if got else "not passed on")'

test_forged_sender_not_taken_for_launcher() {
	out=$(as_user /usr/bin/python3 -c "$FORGED_SIGNAL" control 2>&1)
	is "$out" "sent 0 child 0" "natively a queued signal says whatever sender its sender wrote (si_pid 0)"
	reached="sent 0"
	[ "$mode" = user ] && reached="init hidden"
	out=$(sandbox -- /usr/bin/python3 -c "$FORGED_SIGNAL" attack 2>&1)
	is "$out" "$reached
not passed on" "init does not take a signal that only claims to come from outside for sentry-run's"
}

test_strace() {
	err=$(sandbox --strace -- /bin/true 2>&1 >/dev/null)
	contains "$err" 'E execve("/bin/true", ["/bin/true"]' "--strace shows the execve"
	contains "$err" 'openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC)' "the loader's openat of libc with decoded flags"
	contains "$err" "exit_group(0)" "and exit_group"
	out=$(sandbox --strace -- /bin/echo hi 2>/dev/null)
	is "$out" hi "and never writes to PROGRAM's stdout"
	d=$(fresh_dir)
	out=$(sandbox --strace="$d/trace" --strace-syscalls=uname -- uname -n)
	is "$out" sentry-run "--strace=FILE leaves stderr and stdout alone"
	lines=$(grep -c ' uname(' "$d/trace")
	is "$lines" 2 "--strace-syscalls=uname keeps the E and X lines of uname only"
	contains "$(cat "$d/trace")" "X uname(" "the emulated call shows its result"
	sandbox --strace-syscalls=nosuchcall -- /bin/true 2>/dev/null
	is "$?" 125 "an unknown name in --strace-syscalls is refused"
	# A trace that cannot be written is said, once, not lost in silence
	# (strace -o /dev/full says "No space left on device" too).
	err=$(sandbox --strace=/dev/full -- /bin/echo hi 2>&1 >/dev/null)
	contains "$err" "--strace: cannot write the trace to /dev/full: No space left on device" \
		"a trace that cannot be written is reported"
	is "$(printf '%s\n' "$err" | grep -c 'cannot write the trace')" 1 "once"
	# The exit line of an open follows its reply, when the program has
	# already written over the path (as dash does with its next one).
	sandbox --strace="$d/reuse" --strace-syscalls=openat -- "$WORK/bin/pathreuse" 50 /etc/hostname
	is "$?" 0 "pathreuse opens /etc/hostname 50 times"
	is "$(grep -c ' X openat(AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC) = [0-9]' "$d/reuse")" 50 \
		"each exit line shows the path the open was made with, not what the memory says later"
	# A PROGRAM found along PATH: the trace starts with its one execve,
	# not with sentry-run's tries of the directories before.
	out=$(sandbox --env PATH=/nonexistent:/usr/bin:/bin --strace --strace-syscalls=execve -- true 2>&1)
	is "$(printf '%s\n' "$out" | grep -c ' E execve(')" 1 "a PROGRAM found along PATH is traced from its one execve"
	contains "$out" ' E execve("/usr/bin/true", ["true"]' "the one it ran"
	# The structs a program passes are shown as strace shows them, and
	# the one an emulated stat fills in on its exit line.
	err=$(sandbox --strace --strace-syscalls=rt_sigprocmask,prlimit64,newfstatat -- /usr/bin/python3 -c \
		'import os, resource, signal
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGTERM})
resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
os.stat("/etc/hostname")' 2>&1 >/dev/null)
	contains "$err" 'E rt_sigprocmask(SIG_BLOCK, [USR1 TERM], ' "a signal mask the program passes is decoded"
	contains "$err" 'E prlimit64(0, RLIMIT_NOFILE, {rlim_cur=64, rlim_max=64}, NULL)' "so is a new limit"
	contains "$err" 'X newfstatat(AT_FDCWD, "/etc/hostname", {st_mode=S_IFREG|0' \
		"and the stat an emulated call filled in, on its exit line"
}

# Watching must not change what the program gets: the half of an
# argument-checked row the filter passes (userfaultfd with
# UFFD_USER_MODE_ONLY) and a refused row a profile allows (adjtimex
# reading the clock) answer under --strace, --stats and --events as
# without them, and as on the host.
OBSERVED='import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
def show(name, rc):
    print(name, "ok" if rc >= 0 else errno.errorcode[ctypes.get_errno()])
show("userfaultfd", libc.syscall(323, 1 | os.O_CLOEXEC))
show("adjtimex", libc.syscall(159, ctypes.create_string_buffer(512)))'
test_observers_change_no_answer() {
	d=$(fresh_dir)
	printf 'include=default\n[syscalls]\nallow=adjtimex\n' >"$d/allow.ini"
	chmod 644 "$d/allow.ini"
	native=$(as_user /usr/bin/python3 -c "$OBSERVED")
	is "$native" "userfaultfd ok
adjtimex ok" "on the host both calls succeed"
	for opts in "" "--strace=$d/trace" --stats "--events=$d/events.json"; do
		out=$(sandbox -p "$d/allow.ini" $opts -- /usr/bin/python3 -c "$OBSERVED" 2>/dev/null)
		is "$out" "$native" "the same answers in the sandbox${opts:+ with $opts}"
	done
}

test_many_threads() {
	d=$(fresh_dir)
	out=$(sandbox --strace="$d/trace" --strace-syscalls=uname -- "$WORK/bin/threads" 200 20 sentry-run)
	is "$?:$out" "0:4000" "200 threads x 20 notified calls all answered correctly"
	is "$(grep -c ' E uname(' "$d/trace")" 4000 "with no entry line lost"
	is "$(grep -c ' X uname(' "$d/trace")" 4000 "and no exit line lost"
}

# An open waiting for a lease to break waits in the Sentry (fs.c): a
# signal the opener takes ends the wait as the kernel's would, with
# ERESTARTSYS, which a handler installed with SA_RESTART restarts, and
# so does a stop and continue.
test_lease_wait_restarts() {
	d=$(fresh_dir)
	for how in stop restart interrupt; do
		native=$(as_user "$WORK/bin/lease-signal" "$d/native-$how" "$how" 2>&1)
		out=$(sandbox --rw "$d" -- "$WORK/bin/lease-signal" "$d/leased-$how" "$how" 2>&1)
		is "$out" "$native" "an open waiting for a lease, signalled ($how), answers as natively"
	done
	is "$native" "open: EINTR
handler ran: yes" "natively, without SA_RESTART, the open fails with EINTR"
}

sentry_of() {  # the Sentry: the child of sentry-run named "sentry"
	for c in $(pgrep -P "$1"); do
		[ "$(cat /proc/$c/comm 2>/dev/null)" = sentry ] && echo "$c"
	done
}

test_sentry_confined_and_fails_closed() {
	secs=$(( 4000 + $$ % 1000 ))
	exec_as_user "$SENTRY_RUN" -- sleep "$secs" &
	sr=$!
	i=0
	while [ -z "$(sentry_of $sr)" ] || ! pgrep -f "^sleep $secs" >/dev/null; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	s=$(sentry_of $sr)
	status=$(cat /proc/$s/status)
	contains "$status" "Seccomp:	2" "the Sentry runs under its own seccomp filter"
	contains "$status" "NoNewPrivs:	1" "with no_new_privs"
	# CAP_SYS_PTRACE only, and only over the sandbox's user namespace,
	# which it joined: a non-dumpable program's memory stays readable.
	contains "$status" "CapEff:	0000000000080000" "and no capability but CAP_SYS_PTRACE"
	contains "$status" "CapPrm:	0000000000080000" "none it could raise again"
	contains "$status" "CapAmb:	0000000000000000" "and none for a program it could start"
	if [ "$mode" = user ]; then
		# The kernel gives a non-dumpable task's /proc files to root.
		prog=$(pgrep -f "^sleep $secs" | head -n 1)
		is "$(stat -c %u "/proc/$s/status"):$(stat -c %u "/proc/$prog/status")" \
			"0:$(id -u "$SR_TEST_USER")" "the Sentry is non-dumpable, unlike PROGRAM"
		as_user readlink "/proc/$s/exe" >/dev/null 2>&1
		ok $(( $? == 0 )) "its own user cannot look into it"
	fi
	ok $( [ "$(readlink /proc/$s/ns/user)" != "$(readlink /proc/self/ns/user)" ]; echo $? ) \
		"held in a user namespace that is not the host's"
	if [ "$mode" = root ]; then
		is "$(readlink /proc/$s/root)" /proc "its root is /proc: it cannot open a host file"
	fi
	kill -KILL "$s"
	i=0
	while pgrep -f "^sleep $secs" >/dev/null && [ $i -lt 50 ]; do
		i=$((i + 1)); sleep 0.02
	done
	is "$(pgrep -f "^sleep $secs" | wc -l)" 0 "killing the Sentry kills PROGRAM within 1 s"
	wait "$sr"
	is "$?" 125 "and sentry-run reports a failure"
}

test_non_dumpable_program_served() {
	out=$(sandbox -- /usr/bin/python3 -c '
import ctypes
ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)   # PR_SET_DUMPABLE 0, as sftp-server does
print(open("/etc/hostname").read() != "", ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))' 2>&1)
	is "$out" "True 0" "a program that made itself non-dumpable still has its files opened"
}

# Hostile arguments (tests/helpers/badargs): NULL and wild pointers,
# strings running into an unmapped page, buffers in read-only memory,
# lengths past their bounds.  The Sentry copies and checks what it is
# given and answers as the kernel does: the same lines as natively, in
# each mode that routes the calls differently, and still serving after.
test_hostile_arguments() {
	d=$(fresh_dir)
	# Natively on the same kernel: the emulated older one under
	# make check-oldkernel (openat2 is ENOSYS there).
	native=$(as_user ${SR_TEST_OLDKERNEL:+"$WORK/bin/oldkernel"} "$WORK/bin/badargs" "$d" 2>&1)
	[ "$(printf '%s\n' "$native" | grep -c ": EFAULT$")" -ge 35 ]
	ok $? "natively, at least 35 of the calls fail with EFAULT"
	for opts in "" "--strace=$d/strace" "--net=host --allow=udp:127.0.0.1:9" "--events=$d/events --stats"; do
		rm -rf "${d:?}"/created "$d/link" "$d/x"
		# shellcheck disable=SC2086 # the options split into words
		out=$(sandbox -q $opts --rw "$d" -- /bin/sh -c "\"\$0\" \"\$1\" && head -c0 /etc/passwd && echo still served" \
			"$WORK/bin/badargs" "$d" 2>/dev/null)
		is "$out" "$native
still served" "hostile arguments are answered as natively${opts:+ ($opts)}"
	done
}

# Arguments in a page registered with a userfaultfd that nobody resolves
# (tests/helpers/uffd-path): the program's own read of it waits for
# good, but the kernel's copy of an argument fails with EFAULT, and so
# must the Sentry's read of it, in every mode that reads it, never
# holding a worker while the fault waits.
test_arguments_in_a_trapped_page() {
	d=$(fresh_dir)
	native=$(as_user timeout -s KILL 20 "$WORK/bin/uffd-path" 2>&1)
	contains "$native" "trap armed" "natively, a read of the registered page waits until it is resolved"
	contains "$native" "open: EFAULT" "and an open of a path there fails with EFAULT"
	for opts in "" "--strace=$d/strace" "--net=host" "--events=$d/events --stats"; do
		# shellcheck disable=SC2086 # the options split into words
		out=$(sandbox -q $opts -- timeout -s KILL 20 "$WORK/bin/uffd-path" 2>/dev/null)
		is "$out" "$native" "arguments in a trapped page are answered as natively${opts:+ ($opts)}"
	done
}

run_suite test_arguments_in_a_trapped_page test_hostile_arguments test_forged_sender_not_taken_for_launcher test_non_dumpable_program_served test_attacks test_int80_killed test_tiocsti test_tiocsetd test_emulated_calls test_strace \
	test_observers_change_no_answer test_many_threads test_sentry_confined_and_fails_closed test_lease_wait_restarts
