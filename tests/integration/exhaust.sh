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

run_suite test_lease_breakers_do_not_stall_the_sandbox
