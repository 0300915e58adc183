#!/bin/sh
# Resource exhaustion by a hostile program (DESIGN §4): one slow request
# must not stall the other processes of the sandbox, and the Sentry and
# the Gofer stay bounded.  Each attack runs natively first, so that a
# difference is the sandbox's.
. "$top_srcdir/tests/lib.sh"

# leases.py FILE: the program holds a read lease on FILE (its SIGIO
# ignored) while 70 threads open FILE for writing and one truncates it:
# each waits for the lease to go, as long as the lease-break time (45 s)
# at most.  Meanwhile the program and another process open other files;
# then the lease is given up and every waiter must finish.
cat > "$WORK/leases.py" <<'EOF'
import errno, fcntl, os, signal, subprocess, sys, threading, time
signal.signal(signal.SIGIO, signal.SIG_IGN)
path = sys.argv[1]
with open(path, 'w') as f:
    f.write('data')
fd = os.open(path, os.O_RDONLY)
fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
done = []
def breaker():
    try:
        os.close(os.open(path, os.O_WRONLY))
        done.append('opened')
    except OSError as e:
        done.append('open ' + errno.errorcode[e.errno])
def truncater():
    try:
        os.truncate(path, 0)
        done.append('truncated')
    except OSError as e:
        done.append('truncate ' + errno.errorcode[e.errno])
threads = [threading.Thread(target=breaker) for i in range(70)] + [threading.Thread(target=truncater)]
for t in threads:
    t.start()
time.sleep(1)
open('/etc/hostname').close()
other = subprocess.run(['cat', '/etc/hostname'], stdout=subprocess.DEVNULL).returncode
print('served while', 'over 64' if sum(t.is_alive() for t in threads) > 64 else 'few',
      'wait for the lease; another process:', other, flush=True)
fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
for t in threads:
    t.join()
print(' '.join('%d %s' % (done.count(w), w) for w in sorted(set(done))))
EOF

test_lease_breakers_do_not_stall_the_sandbox() {
	d=$(fresh_dir)
	expected="served while over 64 wait for the lease; another process: 0
70 opened 1 truncated"
	out=$(as_user timeout -s KILL 120 python3 "$WORK/leases.py" "$d/leased" 2>&1)
	is "$out" "$expected" "natively, opens and a truncate waiting for a lease to break do not stop other calls"
	out=$(as_user timeout -s KILL 120 "$SENTRY_RUN" --rw "$d" -- python3 "$WORK/leases.py" "$d/leased" 2>&1)
	is "$out" "$expected" "71 calls waiting for a lease to break hold no Gofer connection that other calls need, and each is served once it goes"
}

# Sends that block (a full unix socket) with 250 fds each: natively the
# kernel takes the fds only once there is room, but the Sentry holds its
# copies while it waits (net.c).  With a soft limit of 1024 open files,
# the fourth such sender found the Sentry out of fds and got EBADF; the
# Sentry takes all the room the hard limit gives.
cat > "$WORK/blocked-sends.py" <<'EOF'
import array, os, socket, threading, time
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
a.setblocking(False)
try:
    while True:
        a.send(b'x' * 65536)
except BlockingIOError:
    pass
a.setblocking(True)
fds = [os.open('/dev/null', os.O_RDONLY) for _ in range(250)]
errors = []
def send():
    try:
        a.sendmsg([b'y'], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', fds))])
    except OSError as e:
        errors.append(e.errno)
threads = [threading.Thread(target=send, daemon=True) for _ in range(8)]
for t in threads:
    t.start()
time.sleep(2)
print('blocked', sum(t.is_alive() for t in threads), 'failed', len(errors), flush=True)
os._exit(0)
EOF

test_blocked_sends_keep_their_fds() {
	if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt 4096 ]; then
		ok 0 "blocked sends with fds # SKIP the hard limit of open files is below 4096"
		return
	fi
	want=$( (ulimit -Sn 1024 && as_user timeout -s KILL 60 /usr/bin/python3 "$WORK/blocked-sends.py") 2>&1)
	is "$want" "blocked 8 failed 0" "natively, 8 blocked sends of 250 fds each wait, under a soft limit of 1024 open files"
	out=$( (ulimit -Sn 1024 && as_user timeout -s KILL 60 "$SENTRY_RUN" --net=host -- /usr/bin/python3 \
		"$WORK/blocked-sends.py") 2>&1)
	is "$out" "$want" "and in the sandbox, where the Sentry holds their fds meanwhile"
}

# Connects that wait for a peer that never accepts (a unix listener with
# a full backlog), more of them than the Sentry keeps threads for
# (SR_SENTRY_BLOCKED_MAX): natively each waits and nothing else does; the
# Sentry's workers past its cap blocked holding the connections to the
# Gofer, until none was left for the worker that reads notifications,
# and every call of the sandbox waited (the cat never ran).
cat > "$WORK/blocked-connects.py" <<'EOF'
import os, socket, subprocess, sys, threading, time
path = sys.argv[1] + '/listener'
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(0)
def connect():
    try:
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).connect(path)
    except OSError:
        pass
threads = [threading.Thread(target=connect, daemon=True) for _ in range(1200)]
for t in threads:
    t.start()
time.sleep(2)
other = subprocess.run(['cat', '/etc/hostname'], stdout=subprocess.DEVNULL).returncode
print('another process:', other, 'waiting:', 'over 1000' if sum(t.is_alive() for t in threads) > 1000 else 'few',
      flush=True)
os._exit(0)
EOF

test_blocked_connects_leave_the_sandbox_served() {
	d=$(fresh_dir)
	out=$(as_user timeout -s KILL 60 /usr/bin/python3 "$WORK/blocked-connects.py" "$d" 2>&1)
	is "$out" "another process: 0 waiting: over 1000" "natively, 1200 threads wait in connect and another process runs"
	rm -f "$d/listener"
	out=$(as_user timeout -s KILL 30 "$SENTRY_RUN" --net=host --rw "$d" -- /usr/bin/python3 \
		"$WORK/blocked-connects.py" "$d" 2>&1)
	contains "$out" "another process: 0" "in the sandbox too: 1200 waiting connects do not stop the other calls"
}

# big-sends.py N DONE: N threads each send 256 KiB on a full unix
# socket, until the file DONE appears.  The kernel copies a blocking
# send's bytes only as room comes; the Sentry copies them first (net.c),
# outside the sandbox's memory cgroup: 600 such sends made it hold 170 MB.
cat > "$WORK/big-sends.py" <<'EOF'
import os, socket, sys, threading, time
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
a.setblocking(False)
try:
    while True:
        a.send(b'x' * 65536)
except BlockingIOError:
    pass
a.setblocking(True)
data = b'y' * 262144
def send():
    try:
        a.sendmsg([data])
    except OSError as e:
        print('send failed:', e, flush=True)
threads = [threading.Thread(target=send, daemon=True) for _ in range(int(sys.argv[1]))]
for t in threads:
    t.start()
time.sleep(2)
print('blocked', sum(t.is_alive() for t in threads), flush=True)
for _ in range(300):
    if os.path.exists(sys.argv[2]):
        break
    time.sleep(0.1)
os._exit(0)
EOF

test_blocked_sends_hold_bounded_memory() {
	d=$(fresh_dir)
	out=$(as_user timeout -s KILL 60 /usr/bin/python3 "$WORK/big-sends.py" 600 "$d/done" < /dev/null &
		sleep 1; touch "$d/done"; wait)
	is "$out" "blocked 600" "natively, 600 sends of 256 KiB on a full socket wait"
	rm -f "$d/done"
	(exec_as_user timeout -s KILL 60 "$SENTRY_RUN" --net=host --rw "$d" -- \
		/usr/bin/python3 "$WORK/big-sends.py" 600 "$d/done" > "$d/out" 2>&1) &
	runner=$!
	for _ in $(seq 200); do
		grep -q blocked "$d/out" 2>/dev/null && break
		sleep 0.1
	done
	rss=
	for sr in $(pgrep -f "^$SENTRY_RUN_BINARY --net=host --rw $d"); do
		for c in $(pgrep -P "$sr" -x sentry); do
			rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$c/status")
		done
	done
	touch "$d/done"
	wait "$runner"
	is "$(cat "$d/out")" "blocked 600" "600 sends of 256 KiB wait in the sandbox"
	if [ -n "${SR_TEST_SANITIZER_LOG:-}" ]; then
		# AddressSanitizer's shadow, redzones and quarantine of freed
		# copies are the Sentry's too: its RSS measures them, not ours.
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - [$mode] and the Sentry holds less than 64 MB for them # SKIP the sanitized Sentry's RSS (${rss:-?} kB) is mostly AddressSanitizer's"
	else
		ok $(( ${rss:-999999} >= 65536 )) "and the Sentry holds less than 64 MB for them (${rss:-?} kB)"
	fi
}

# fill.py: threads send 250 /dev/null fds each on a full unix socket, and
# block, then ever fewer until one is refused: the Sentry, which holds
# the fds a blocked send passes (net.c), has none left.  Then an openat
# with a dirfd and a connect, which need fds of the Sentry's: natively
# they work (ENOENT for the absent socket); the Sentry answered EIO and
# EBADF ("reply too long or with too many fds").
cat > "$WORK/fill.py" <<'EOF'
import array, errno, os, socket, threading
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
a.setblocking(False)
try:
    while True:
        a.send(b'x' * 65536)
except BlockingIOError:
    pass
a.setblocking(True)
fds = [os.open('/dev/null', os.O_RDONLY) for _ in range(250)]
def send(n):
    try:
        a.sendmsg([b'y'], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', fds[:n]))])
    except OSError:
        pass
n, blocked = 250, 0
while n >= 1 and blocked < 40:
    t = threading.Thread(target=send, args=(n,), daemon=True)
    t.start()
    t.join(0.05)
    if t.is_alive():
        blocked += 1
    else:
        n //= 2
d = os.open('/etc', os.O_RDONLY)
try:
    os.close(os.open('hostname', os.O_RDONLY, dir_fd=d))
    print('openat: ok')
except OSError as e:
    print('openat:', errno.errorcode[e.errno])
try:
    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).connect('/tmp/absent')
    print('connect: ok')
except OSError as e:
    print('connect:', errno.errorcode[e.errno])
os._exit(0)
EOF

test_fds_of_blocked_sends_leave_room() {
	want=$( (ulimit -n 4096 && as_user timeout -s KILL 60 /usr/bin/python3 "$WORK/fill.py") 2>&1)
	is "$want" "openat: ok
connect: ENOENT" "natively, an openat and a connect work while sends with fds wait"
	out=$( (ulimit -n 4096 && as_user timeout -s KILL 60 "$SENTRY_RUN" --net=host -- /usr/bin/python3 \
		"$WORK/fill.py") 2>&1)
	is "$out" "$want" "in the sandbox, blocked sends do not take the fds the Sentry needs for other calls"
}

# fifo-openers.py DIR N: N threads open a FIFO that has no writer yet,
# and wait; another process opens a file meanwhile, then a writer comes
# and every reader must get through.  The Sentry checks each open and
# the kernel then waits in the reader's own call: no worker of the
# Sentry, no connection to the Gofer is held by a waiting reader.
cat > "$WORK/fifo-openers.py" <<'EOF'
import os, subprocess, sys, threading, time
fifo = sys.argv[1] + '/fifo'
n = int(sys.argv[2])
os.mkfifo(fifo)
through = []
def reader():
    os.close(os.open(fifo, os.O_RDONLY))
    through.append(1)
readers = [threading.Thread(target=reader, daemon=True) for _ in range(n)]
for t in readers:
    t.start()
time.sleep(1)
other = subprocess.run(['cat', '/etc/hostname'], stdout=subprocess.DEVNULL).returncode
print('waiting:', sum(t.is_alive() for t in readers), 'another process:', other, flush=True)
writer = os.open(fifo, os.O_WRONLY)
for t in readers:
    t.join(30)
print('through:', len(through), flush=True)
EOF

test_fifo_openers_leave_the_sandbox_served() {
	d=$(fresh_dir)
	expected="waiting: 2000 another process: 0
through: 2000"
	out=$(as_user timeout -s KILL 60 /usr/bin/python3 "$WORK/fifo-openers.py" "$d" 2000 2>&1)
	is "$out" "$expected" "natively, 2000 openers of a FIFO without a writer wait, another process runs, a writer lets all in"
	d=$(fresh_dir)
	out=$(as_user timeout -s KILL 60 "$SENTRY_RUN" --rw "$d" -- /usr/bin/python3 "$WORK/fifo-openers.py" "$d" 2000 2>&1)
	is "$out" "$expected" "in the sandbox too: 2000 waiting FIFO opens hold nothing the other calls need"
}

# storm.py: 200 threads make notified calls (uname, an open) without a
# pause, and the main thread exits with 7 in the middle of the storm:
# sentry-run must end, with that status, whatever the Sentry still had
# in hand, and the exit event must not be lost among the others.
# The threads start the storm together, once all are started: each
# start waits for the main thread to get the GIL back, which among the
# stormers already started took over 60 s on a loaded machine (killed:
# 137, natively).
cat > "$WORK/storm.py" <<'EOF'
import os, threading, time
go = threading.Event()
def storm():
    go.wait()
    while True:
        os.uname()
        os.close(os.open('/etc/hostname', os.O_RDONLY))
for _ in range(200):
    threading.Thread(target=storm, daemon=True).start()
go.set()
time.sleep(1)
os._exit(7)
EOF

test_storm_then_exit_keeps_the_status() {
	d=$(fresh_dir)
	as_user timeout -s KILL 60 /usr/bin/python3 "$WORK/storm.py"
	is "$?" 7 "natively, a program that exits with 7 amid a storm of calls of 200 threads exits with 7"
	# Not under --strace or --stats: every futex of the GIL notified,
	# 200 threads take many seconds to let the main thread exit.
	for opts in "" "--events=$d/events.json"; do
		# shellcheck disable=SC2086 # the options split into words
		as_user timeout -s KILL 60 "$SENTRY_RUN" $opts -- /usr/bin/python3 "$WORK/storm.py" 2>/dev/null
		is "$?" 7 "and so does sentry-run, the storm cut off in the Sentry${opts:+ ($opts)}"
	done
	grep '"type":"exit"' "$d/events.json" | grep -q '"status":7'
	ok $? "the exit event is there, with status 7, after the storm's events"
}

# A process stopped (SIGSTOP) while its open waits for a lease to be
# broken: natively it stops at once, its parent sees it stopped and gives
# the lease up, and once continued the open completes.  The Sentry
# waited for the lease in the Gofer without looking at the task's
# signals, and the task, whose call the Sentry held, could not stop: the
# parent waited for the stop, the child for the lease, until the
# lease-break time (45 s).
cat > "$WORK/stopped-opener.py" <<'EOF'
import fcntl, os, signal, sys, time
signal.signal(signal.SIGIO, signal.SIG_IGN)
path = sys.argv[1]
with open(path, 'w') as f:
    f.write('data')
fd = os.open(path, os.O_RDONLY)
fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
pid = os.fork()
if pid == 0:
    os.close(os.open(path, os.O_WRONLY))
    print('the stopped opener has its file', flush=True)
    os._exit(0)
time.sleep(0.5)
os.kill(pid, signal.SIGSTOP)
_, status = os.waitpid(pid, os.WUNTRACED)
print('stopped' if os.WIFSTOPPED(status) else 'not stopped', flush=True)
fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
time.sleep(0.3)
os.close(os.open('/etc/hostname', os.O_RDONLY))
print('served meanwhile', flush=True)
os.kill(pid, signal.SIGCONT)
_, status = os.waitpid(pid, 0)
print('status', os.waitstatus_to_exitcode(status), flush=True)
EOF

test_stopped_opener_served() {
	expected="stopped
served meanwhile
the stopped opener has its file
status 0"
	d=$(fresh_dir)
	out=$(as_user timeout -s KILL 60 /usr/bin/python3 "$WORK/stopped-opener.py" "$d/leased" 2>&1)
	is "$out" "$expected" "natively, an open stopped while it waits for a lease completes once continued"
	out=$(as_user timeout -s KILL 20 "$SENTRY_RUN" --rw "$d" -- /usr/bin/python3 "$WORK/stopped-opener.py" "$d/leased" 2>&1)
	is "$out" "$expected" "in the sandbox too: the waiting open lets a stop signal in"
}

# chain.py DIR THREADS: 40 links in a row, each a 4095-byte target of
# "d/../" steps (the kernel's limit: 40 links, 4095 bytes each), that
# the Gofer walks one component at a time, some 65,000 of them a call:
# the 40th link resolves and a 41st is ELOOP, as natively.  THREADS
# threads then stat through the chain without a pause while another
# process opens a file: the Gofer's connections all busy with long
# walks, that call must still be served.
cat > "$WORK/chain.py" <<'EOF'
import errno, os, subprocess, sys, threading, time
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d + '/d')
for i in range(41):
    nxt = 'L%d' % (i + 1) if i < 40 else 'target'
    os.symlink('d/../' * ((4095 - len(nxt)) // 5) + nxt, '%s/L%d' % (d, i))
open(d + '/target', 'w').close()
# The kernel's own walk of a 40-link chain answers ELOOP now and then
# when a mount changes anywhere meanwhile (its RCU walk restarts and keeps
# the first try's link count; the longer the walk, the likelier): a real
# answer is the same on every try.  Tries for 2 s: natively hundreds, and
# a real ELOOP walked by the Gofer costs no more.
def answer(path):
    deadline = time.monotonic() + 2
    while True:
        try:
            os.stat(path)
            return 'resolves'
        except OSError as e:
            if e.errno != errno.ELOOP or time.monotonic() > deadline:
                return errno.errorcode[e.errno]
for start in ('L1', 'L0'):
    print(start, answer(d + '/' + start), flush=True)
stop = threading.Event()
# Only the other process's answer counts here, not the walkers' own.
def walk():
    while not stop.is_set():
        try:
            os.stat(d + '/L1')
        except OSError:
            pass
walkers = [threading.Thread(target=walk) for _ in range(n)]
for t in walkers:
    t.start()
other = subprocess.run(['cat', '/etc/hostname'], stdout=subprocess.DEVNULL).returncode
stop.set()
for t in walkers:
    t.join()
print('another process:', other, flush=True)
EOF

test_long_link_chains_leave_the_sandbox_served() {
	expected="L1 resolves
L0 ELOOP
another process: 0"
	d=$(fresh_dir)
	out=$(as_user timeout -s KILL 60 /usr/bin/python3 "$WORK/chain.py" "$d/n" 8 2>&1)
	is "$out" "$expected" "natively, 40 links of 4095 bytes resolve, 41 are ELOOP, and a process runs beside 8 walkers"
	out=$(as_user timeout -s KILL 100 "$SENTRY_RUN" --rw "$d" -- /usr/bin/python3 "$WORK/chain.py" "$d/s" 8 2>&1)
	is "$out" "$expected" "the Gofer walks them alike, and serves another process beside 8 walkers"
}

# many-leases.py FILE N DONE: N threads open FILE for writing while the
# program holds a read lease on it, and wait for the lease to go; another
# process runs meanwhile; once DONE appears the lease is given up, and
# every opener must be through.  A waiting open gives its Gofer
# connection back while it sleeps (sr_call_pause), counted among the
# SR_SENTRY_BLOCKED_MAX calls that may wait so; but it left that count
# when it woke to ask again, and waited for a connection uncounted,
# holding a thread of the Sentry: 1500 such opens made 1500 threads, and
# 3000 made 2900 threads and 110 MB of the Sentry's, outside the sandbox's limits.
cat > "$WORK/many-leases.py" <<'EOF'
import fcntl, os, signal, subprocess, sys, threading, time
signal.signal(signal.SIGIO, signal.SIG_IGN)
path, n, done = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, 'w') as f:
    f.write('data')
fd = os.open(path, os.O_RDONLY)
fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
def breaker():
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError:
        pass
threads = [threading.Thread(target=breaker, daemon=True) for _ in range(n)]
for t in threads:
    t.start()
time.sleep(1)
other = subprocess.run(['cat', '/etc/hostname'], stdout=subprocess.DEVNULL).returncode
print('another process:', other, flush=True)
for _ in range(300):
    if os.path.exists(done):
        break
    time.sleep(0.1)
# In the sandbox the lease is at times gone by now (F_UNLCK fails with
# EAGAIN; not explained yet, reported): here only the openers count.
try:
    fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
except OSError:
    pass
deadline = time.monotonic() + 20
for t in threads:
    t.join(max(0, deadline - time.monotonic()))
print('through:', sum(not t.is_alive() for t in threads), flush=True)
os._exit(0)
EOF

test_lease_waiters_hold_bounded_threads() {
	d=$(fresh_dir)
	expected="another process: 0
through: 1500"
	out=$(as_user timeout -s KILL 60 /usr/bin/python3 "$WORK/many-leases.py" "$d/n" 1500 "$d/done" < /dev/null &
		sleep 2; touch "$d/done"; wait)
	is "$out" "$expected" "natively, 1500 opens wait for a lease while another process runs, and all get through"
	rm -f "$d/done"
	(exec_as_user timeout -s KILL 60 "$SENTRY_RUN" --rw "$d" -- \
		/usr/bin/python3 "$WORK/many-leases.py" "$d/s" 1500 "$d/done" > "$d/out" 2>&1) &
	runner=$!
	for _ in $(seq 300); do
		grep -q "another process" "$d/out" 2>/dev/null && break
		sleep 0.1
	done
	# The most threads the Sentry had over a second, its callers waiting.
	most=0
	for _ in $(seq 10); do
		for sr in $(pgrep -f "^$SENTRY_RUN_BINARY --rw $d"); do
			for c in $(pgrep -P "$sr" -x sentry); do
				n=$(sed -n 's/^Threads:[[:space:]]*//p' "/proc/$c/status")
				[ "${n:-0}" -gt "$most" ] && most=$n
			done
		done
		sleep 0.1
	done
	touch "$d/done"
	wait "$runner"
	is "$(grep -v '^sentry-run:' "$d/out")" "$expected" "in the sandbox too (those that found 1024 waiting already get EAGAIN)"
	ok $(( most > 64 + 1024 + 8 )) "and the Sentry holds a thread for 64 workers and 1024 waiting calls at most ($most)"
}

run_suite test_lease_breakers_do_not_stall_the_sandbox test_blocked_sends_keep_their_fds \
	test_blocked_connects_leave_the_sandbox_served test_blocked_sends_hold_bounded_memory \
	test_fds_of_blocked_sends_leave_room test_fifo_openers_leave_the_sandbox_served \
	test_storm_then_exit_keeps_the_status test_stopped_opener_served test_long_link_chains_leave_the_sandbox_served \
	test_lease_waiters_hold_bounded_threads
