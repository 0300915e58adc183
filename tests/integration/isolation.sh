#!/bin/sh
# Namespaces and hygiene: processes, network, signals, fds, identity.
. "$top_srcdir/tests/lib.sh"
# Run from a terminal, stdin would be one and PROGRAM would get a pty
# (pty=auto): these tests are about pipes.
exec </dev/null

test_processes() {
	out=$(sandbox -- /bin/sh -c 'ps -o pid=,ppid=,comm= -e')
	parent=$(printf '%s\n' "$out" | awk '$3 == "sh" {print $2}')
	is "$parent" 1 "PROGRAM's parent is pid 1"
	count=$(printf '%s\n' "$out" | wc -l)
	ok $(( count > 3 )) "ps shows only the sandbox's processes ($count)"
}

test_new_namespaces() {
	host=$(for n in user pid mnt ipc uts net cgroup; do readlink /proc/self/ns/$n; done)
	inside=$(sandbox -- /bin/sh -c 'for n in user pid mnt ipc uts net cgroup; do readlink /proc/self/ns/$n; done')
	for n in user pid mnt ipc uts net cgroup; do
		h=$(printf '%s\n' "$host" | grep "^$n:")
		i=$(printf '%s\n' "$inside" | grep "^$n:")
		ok $( [ -n "$i" ] && [ "$i" != "$h" ]; echo $? ) "a new $n namespace ($i, the host's $h)"
	done
}

# A namespace's file opens as natively: stat -L compares namespaces,
# and an fd of one is what ip-netns and nsenter hold.  Only the
# program's own, as its fds are: another process's stays the kernel's
# ptrace check.
test_own_namespace_files() {
	for n in net pid user; do
		native=$(stat -L -c %F /proc/self/ns/$n 2>&1)
		out=$(sandbox -- /bin/sh -c "stat -L -c %F /proc/self/ns/$n && exec 3</proc/thread-self/ns/$n && echo opened" 2>&1)
		is "$out" "$native
opened" "/proc/self/ns/$n stats and opens"
	done
}

# init is pid 1: an orphan that exits is reaped, not left a zombie.
# Counted once it is gone or 30 s have passed (an orphan that took
# longer than a fixed wait was counted as it exited, before init ran).
test_init_reaps_orphans() {
	out=$(sandbox -- /bin/sh -c 'sh -c "sleep 0.2 & echo \$! >/tmp/orphan; exit 0"
		i=0; while [ -e /proc/$(cat /tmp/orphan) ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
		ps -e -o stat= | grep -c "^Z"')
	is "$out" 0 "an orphan that exited is reaped by init"
}

# The new root is a tmpfs, the host's root is not mounted anywhere in it
# (the old root is detached), and no mount honours set-user-ID bits;
# device files work only in /dev.
test_mount_view() {
	host_root=$(awk '$5 == "/" { print $3 }' /proc/self/mountinfo | tail -n 1)
	out=$(sandbox -- cat /proc/self/mountinfo)
	is "$(printf '%s\n' "$out" | awk '$5 == "/" && $6 ~ /^ro(,|$)/ { print $9 }')" tmpfs \
		"the root is a read-only tmpfs"
	is "$(printf '%s\n' "$out" | awk -v dev="$host_root" '$3 == dev && $4 == "/" { print $5 }')" "" \
		"the host's root is not mounted inside"
	is "$(printf '%s\n' "$out" | awk '$6 !~ /(^|,)nosuid(,|$)/ { print $5 }')" "" "every mount is nosuid"
	is "$(printf '%s\n' "$out" | awk '$5 != "/dev" && $5 !~ "^/dev/" && $6 !~ /(^|,)nodev(,|$)/ { print $5 }')" "" \
		"every mount outside /dev is nodev"
	contains "$out" " /usr ro," "/usr is there, read-only"
	# What reaches the host kernel is read-only in the mount view too,
	# as the Gofer's policy has it (gofer/policy.c).
	for p in sys fs irq bus sysrq-trigger; do
		[ -e "/proc/$p" ] || continue
		contains "$out" " /proc/$p ro," "/proc/$p is bound read-only"
	done
}

# A minimal /dev: the listed devices and a devpts of the sandbox's own,
# whose first pty is 0 and where the host's ptys are absent.
test_minimal_dev() {
	out=$(sandbox -- /bin/sh -c 'ls /dev | tr "\n" " "; ls /dev/pts')
	is "$out" "fd full null ptmx pts random shm stderr stdin stdout tty urandom zero ptmx" \
		"/dev holds the minimal set, and /dev/pts only ptmx"
	out=$(sandbox -- python3 -c '
import errno, os
try:
    with open("/dev/full", "w") as f: f.write("x")
except OSError as e: print(errno.errorcode[e.errno])
with open("/dev/random", "rb") as f: print(len(f.read(4)))
m, s = os.openpty(); print(os.ttyname(s))
try: os.open("/dev/tty", os.O_RDWR)
except OSError as e: print(errno.errorcode[e.errno])' 2>&1)
	is "$out" "ENOSPC
4
/dev/pts/0
ENXIO" "/dev/full, /dev/random and a new devpts work; /dev/tty is no terminal of the caller's"
}

test_network() {
	out=$(sandbox -- /bin/sh -c 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "')
	is "$out" lo "/proc/net/dev shows only lo"
	# The kernel looks /proc/sys/net up in its opener's namespace.
	out=$(sandbox -- ls /proc/sys/net/ipv4/conf | tr '\n' ' ')
	is "$out" "all default lo " "/proc/sys/net/ipv4/conf shows only lo (the host's: $(ls /proc/sys/net/ipv4/conf | tr '\n' ' '))"
	out=$(sandbox -- ip -o link 2>&1 | awk -F': ' '{print $2}')
	is "$out" lo "ip link shows only lo"
	out=$(sandbox -- ip -o link show lo 2>&1)
	contains "$out" "UP" "lo is up"
	out=$(sandbox -- python3 -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
c = socket.create_connection(s.getsockname()); a, _ = s.accept()
c.sendall(b"ping"); print(a.recv(4).decode())' 2>&1)
	is "$out" ping "127.0.0.1 works inside"
}

test_host_pid_unreachable() {
	exec_as_user sleep 300 &
	victim=$!
	sleep 0.2
	out=$(sandbox -- /bin/sh -c "kill -0 $victim 2>&1 || echo refused; kill -9 $victim 2>&1 || echo refused")
	contains "$out" refused "a host process cannot be signalled"
	kill -0 "$victim" 2>/dev/null
	ok $? "and it is still alive"
	kill "$victim" 2>/dev/null
	wait "$victim" 2>/dev/null
}

# System V shared memory is found by its key, from any process of the
# ipc namespace: the host's segment (a database's, an X server's) is
# read natively by any process of its owner, and not from the sandbox,
# whose ipc namespace is its own; nor is it listed there (the kernel
# lists the namespace of whoever opened /proc/sysvipc/shm: the Gofer,
# which opens it for the program, must be in the sandbox's).
SHM_PROBE='import ctypes, errno, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
IPC_CREAT, IPC_RMID, SHM_RDONLY = 0o1000, 0, 0o10000
what, key = sys.argv[1], int(sys.argv[2])
shm = libc.shmget(key, 4096 if what == "make" else 0, IPC_CREAT | 0o600 if what == "make" else 0)
if shm < 0:
    print("shmget:", errno.errorcode[ctypes.get_errno()])
elif what == "make":
    p = libc.shmat(shm, None, 0)
    ctypes.memmove(p, b"HOSTSHM", 8)
    libc.shmdt(ctypes.c_void_p(p))
elif what == "read":
    print(ctypes.string_at(libc.shmat(shm, None, SHM_RDONLY)).decode())
else:
    libc.shmctl(shm, IPC_RMID, None)'

test_host_shm_unreachable() {
	key=$(( 0x53520000 + $$ % 65536 ))
	as_user /usr/bin/python3 -c "$SHM_PROBE" make "$key"
	is "$(as_user /usr/bin/python3 -c "$SHM_PROBE" read "$key")" HOSTSHM \
		"on the bare host a process of the same user reads a shared memory segment by its key"
	is "$(sandbox -- /usr/bin/python3 -c "$SHM_PROBE" read "$key" 2>&1)" "shmget: ENOENT" \
		"the host's segment is not there in the sandbox"
	hex=$(printf '%d' "$key")
	grep -q "^ *$hex " /proc/sysvipc/shm
	ok $? "on the bare host /proc/sysvipc/shm lists it"
	is "$(sandbox -- /bin/sh -c "grep -c '^ *$hex ' /proc/sysvipc/shm")" 0 \
		"the sandbox's /proc/sysvipc/shm does not: it lists its own ipc namespace's"
	as_user /usr/bin/python3 -c "$SHM_PROBE" remove "$key"
}

# host_unix_listener PATH SECONDS: a unix socket of the host at PATH
# (the test's user's) that answers HOSTSOCK to each connection and
# counts it in PATH.reached, for SECONDS without one; $listener is its
# pid.  Returns once it listens (PATH.ready), not once it is bound: a
# connect in between is refused.
host_unix_listener() {
	as_user /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(8); s.settimeout(float(sys.argv[2]))
open(sys.argv[1] + ".ready", "w").close()
try:
    while True:
        c, _ = s.accept(); c.sendall(b"HOSTSOCK"); c.close()
        open(sys.argv[1] + ".reached", "a").write("x")
except OSError:
    pass' "$1" "$2" &
	listener=$!
	i=0
	while [ ! -e "$1.ready" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

test_no_fd_leaks() {
	mkfifo "$WORK/fd6"
	exec 6<>"$WORK/fd6" 7</etc/passwd 8>"$WORK/fd8" 9</
	out=$(sandbox -- "$WORK/bin/fdcheck" | tr '\n' ' ')
	is "$out" "0 1 2 " "the caller's extra fds (a pipe, files, a directory) are not visible inside"
	exec 6<&- 9<&-
	rm -f "$WORK/fd6"
	out=$(sandbox --pass-fd 7 -- "$WORK/bin/fdcheck" | tr '\n' ' ')
	is "$out" "0 1 2 7 " "--pass-fd 7 passes exactly fd 7"
	out=$(sandbox --pass-fd 7 -- /bin/sh -c 'head -n 1 <&7')
	is "$out" "$(head -n 1 /etc/passwd)" "and it is usable"
	exec 7<&- 8>&-
	err=$(sandbox --pass-fd 7 -- "$WORK/bin/fdcheck" 2>&1)
	is "$?" 125 "--pass-fd of an fd the caller has not open gives 125"
	contains "$err" "--pass-fd 7: not an open file descriptor" "and says so"
	out=$(sandbox -- /bin/sh -c 'ls -l /proc/1/fd/ 2>&1 | grep -c -- "->"')
	is "$out" 0 "init's fds are not readable from PROGRAM"
	# A directory passed in would be a way out: /proc/self/fd/N/.. leads
	# the kernel above it, to a host unix socket the view does not show
	# (the attack works on the bare host); refused before anything runs.
	d=$(fresh_dir)
	mkdir "$d/passed" "$d/hidden"
	chmod 755 "$d/passed" "$d/hidden"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/hidden"
	host_unix_listener "$d/hidden/host.sock" 5
	climb='import socket; s = socket.socket(socket.AF_UNIX); s.connect("/proc/self/fd/7/../hidden/host.sock"); print(s.recv(16).decode())'
	out=$(as_user /bin/sh -c 'exec 7<"$1"; exec /usr/bin/python3 -c "$2"' sh "$d/passed" "$climb" 2>&1)
	is "$out" HOSTSOCK "on the bare host, a directory's /proc link climbs to a unix socket beside it"
	# The listener marks the connection after the client has its answer.
	i=0
	while [ ! -e "$d/hidden/host.sock.reached" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	rm -f "$d/hidden/host.sock.reached"
	err=$(as_user /bin/sh -c 'exec 7<"$1"; exec "$2" --pass-fd 7 -- /usr/bin/python3 -c "$3"' sh \
		"$d/passed" "$SENTRY_RUN" "$climb" 2>&1)
	is "$?" 125 "--pass-fd of a directory is refused: 125"
	contains "$err" "--pass-fd 7: a directory cannot be passed in" "saying why and what to do instead"
	[ ! -e "$d/hidden/host.sock.reached" ]
	ok $? "and the host's socket was not reached"
	kill "$listener" 2>/dev/null
	wait "$listener" 2>/dev/null
}

# A directory the caller gives as fd 0, 1 or 2 lies in the caller's
# mount namespace, as a --pass-fd one would: through its /proc link
# (/proc/self/fd/0/..) the kernel climbs above it, out of the view, to
# a host unix socket (connect, in every mode), a program a racing
# thread swaps in after execve's check (CONTINUE), and the files
# metadata=kernel stats.  Each works on the bare host.  Shown in the
# view, the directory is reopened there, and .. stays in the view; not
# shown, PROGRAM does not run.
UNIX_CLIMB='import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1]); print(s.recv(16).decode())
except OSError as e:
    print("connect:", e.strerror)'

test_std_fd_directory_stays_in_the_view() {
	d=$(fresh_dir)
	mkdir "$d/passed" "$d/hidden"
	echo "SECRET-$$" >"$d/hidden/secret"
	cp /bin/false "$d/hidden/false"
	chmod 755 "$d/passed" "$d/hidden" "$d/hidden/false"
	chmod 644 "$d/hidden/secret"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	# Run from /, so that no current directory shows $d.
	host_unix_listener "$d/hidden/host.sock" 20
	# fd 3 a copy of fd 0: python will not start with a directory as stdin.
	climb="exec 3<&0 </dev/null; exec /usr/bin/python3 -c '$UNIX_CLIMB' /proc/self/fd/3/../hidden/host.sock"
	race="$WORK/bin/gofer-race exec /bin/true /proc/self/fd/0/../hidden/false"
	secret=/proc/self/fd/0/../hidden/secret
	is "$(as_user /bin/sh -c "$climb" <"$d/passed")" HOSTSOCK \
		"on the bare host, the directory's /proc link climbs to a unix socket beside it"
	# A race: a loaded machine may not give it one in a second.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		out=$(as_user $race 1 <"$d/passed")
		case $out in *hits=0*) ;; *) break ;; esac
	done
	lacks "$out" "hits=0" "a racing exec runs a program beside it"
	is "$(as_user stat -c %s "$secret" <"$d/passed")" "$(stat -c %s "$d/hidden/secret")" \
		"and stat reaches a file beside it"
	rm -f "$d/hidden/host.sock.reached"
	for md in gofer kernel; do
		out=$(cd / && sandbox --metadata=$md --ro "$d/passed" --ro "$WORK/bin" -- /bin/sh -c \
			"stat -L -c '%F %i' /proc/self/fd/0; $race 2; stat -c %s $secret; ($climb)" <"$d/passed" 2>&1)
		contains "$out" "directory $(stat -c %i "$d/passed")" \
			"metadata=$md: the directory shown in the view is PROGRAM's fd 0"
		contains "$out" "hits=0" "a racing exec through its link runs nothing beside it"
		lacks "$out" "ran=0 " "while the allowed program runs"
		contains "$out" "$secret': No such file or directory" "stat through its link finds nothing beside it"
		contains "$out" "connect: No such file or directory" "nor does a connect"
		lacks "$out" HOSTSOCK "the host's socket is not reached"
	done
	err=$(cd / && sandbox --ro "$WORK/bin" -- $race 2 <"$d/passed" 2>&1)
	is "$?" 125 "a directory the view does not show as fd 0: 125"
	contains "$err" "fd 0 is the directory $d/passed, which the sandbox does not show" \
		"saying why and what to do"
	lacks "$err" "hits=" "PROGRAM did not run"
	err=$(cd / && sandbox --ro "$WORK/bin" -- $race 2 2>&1 1<"$d/passed")
	is "$?" 125 "nor as fd 1"
	contains "$err" "fd 1 is the directory $d/passed" "saying so"
	err=$(cd / && sandbox --metadata=kernel --ro "$WORK/bin" -- /bin/sh -c "stat -c %s $secret; ($climb)" \
		2>&1 >/dev/null <"$d/passed")
	is "$?" 125 "nor does it with metadata=kernel"
	[ ! -e "$d/hidden/host.sock.reached" ]
	ok $? "and the host's socket was never reached from the sandbox"
	kill "$listener" 2>/dev/null
	wait "$listener" 2>/dev/null
	rm -rf "$d"
}

# The caller's session keyring holds its secrets (a Kerberos ticket, an
# ecryptfs or fscrypt key; pam_keyinit gives each login one), and
# whoever inherits it possesses them, whatever the user namespace.
# KEYS_HOLDER makes one with a secret only its possessor may see, then
# runs its arguments; KEYS_PROBE lists and reads that secret.
KEYS_HOLDER='import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
KEYCTL_JOIN_SESSION_KEYRING, KEYCTL_SETPERM, KEY_SPEC_SESSION_KEYRING = 1, 5, -3
POSSESSOR_ALL = 0x3f000000
if libc.syscall(ctypes.c_long(250), ctypes.c_long(KEYCTL_JOIN_SESSION_KEYRING), None) < 0:
    sys.exit("no keys: " + os.strerror(ctypes.get_errno()))
key = libc.syscall(ctypes.c_long(248), b"user", sys.argv[1].encode(), b"TOPSECRET", ctypes.c_long(9),
                   ctypes.c_long(KEY_SPEC_SESSION_KEYRING))
if key < 0 or libc.syscall(ctypes.c_long(250), ctypes.c_long(KEYCTL_SETPERM), ctypes.c_long(key),
                           ctypes.c_long(POSSESSOR_ALL)) < 0:
    sys.exit("no keys: " + os.strerror(ctypes.get_errno()))
os.execv(sys.argv[2], sys.argv[2:])'
KEYS_PROBE='import ctypes, errno, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
KEYCTL_SEARCH, KEYCTL_READ, KEY_SPEC_SESSION_KEYRING = 10, 11, -3
listed = sys.argv[1] in open("/proc/keys").read()
key = libc.syscall(ctypes.c_long(250), ctypes.c_long(KEYCTL_SEARCH), ctypes.c_long(KEY_SPEC_SESSION_KEYRING),
                   b"user", sys.argv[1].encode(), ctypes.c_long(0))
buf = ctypes.create_string_buffer(64)
n = -1 if key < 0 else libc.syscall(ctypes.c_long(250), ctypes.c_long(KEYCTL_READ), ctypes.c_long(key), buf,
                                    ctypes.c_long(64))
print("listed=%s read=%s" % (listed, buf.raw[:n].decode() if n >= 0 else errno.errorcode[ctypes.get_errno()]))'

test_caller_keyring_not_inherited() {
	name="sr-test-secret-$$"
	native=$(as_user /usr/bin/python3 -c "$KEYS_HOLDER" "$name" /usr/bin/python3 -c "$KEYS_PROBE" "$name" 2>&1)
	case "$native" in
	"no keys: "*)
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - [$mode] the caller's keys stay out of the sandbox # SKIP $native"
		return ;;
	esac
	is "$native" "listed=True read=TOPSECRET" "on the bare host a program lists and reads a key of its session keyring"
	out=$(as_user /usr/bin/python3 -c "$KEYS_HOLDER" "$name" "$SENTRY_RUN" -- \
		/usr/bin/python3 -c "$KEYS_PROBE" "$name" 2>&1)
	is "$out" "listed=False read=EPERM" "in the sandbox /proc/keys does not name it, and keyctl is refused"
	d=$(fresh_dir)
	printf 'include=default\n[syscalls]\nallow=keyctl\n' >"$d/keyctl.ini"
	chmod 644 "$d/keyctl.ini"
	out=$(as_user /usr/bin/python3 -c "$KEYS_HOLDER" "$name" "$SENTRY_RUN" -p "$d/keyctl.ini" -- \
		/usr/bin/python3 -c "$KEYS_PROBE" "$name" 2>&1)
	is "$out" "listed=False read=ENOKEY" "with allow=keyctl the sandbox's session keyring is its own: the caller's key is not there"
}

test_identity() {
	want=$(as_user id -u)
	out=$(sandbox -- id -u)
	is "$out" "$want" "uid is kept"
	out=$(sandbox -- /bin/sh -c 'grep CapEff /proc/self/status')
	is "$out" "CapEff:	0000000000000000" "PROGRAM holds no capability"
	out=$(sandbox -- /bin/sh -c 'grep NoNewPrivs /proc/self/status')
	is "$out" "NoNewPrivs:	1" "no_new_privs is set"
	out=$(sandbox -- hostname)
	is "$out" sentry-run "the default host name"
	out=$(sandbox --hostname box7 -- hostname)
	is "$out" box7 "--hostname sets it"
}

# The sandbox's host name resolves, as the host's own does natively
# (Debian's /etc/hosts lists it): getaddrinfo(gethostname()) is what
# hostname -f, Java's getLocalHost and many test suites do.  The rest
# of /etc/hosts is the host's, and a name the host lists stays as it is.
test_hostname_resolves() {
	native=$(getent hosts localhost)
	ok $(getent hosts box7-sr >/dev/null; [ $? -ne 0 ]; echo $?) "on the bare host box7-sr is not a known name"
	out=$(sandbox --hostname box7-sr -- /bin/sh -c 'getent hosts "$(hostname)"; hostname -f; getent hosts localhost' 2>&1)
	is "$out" "127.0.1.1       box7-sr
box7-sr
$native" "the sandbox's host name resolves to 127.0.1.1; localhost as on the host"
	out=$(sandbox --hostname localhost -- /bin/sh -c 'grep -c 127.0.1.1 /etc/hosts; getent hosts localhost' 2>&1)
	is "$out" "$(grep -c 127.0.1.1 /etc/hosts)
$native" "a name /etc/hosts already lists gets no line"
	out=$(sandbox --hostname box7-sr -- /bin/sh -c 'echo x >>/etc/hosts || echo refused' 2>&1)
	contains "$out" "refused" "/etc/hosts stays unwritable"
}

# --uid/--gid (and [sandbox] uid=, gid=): the program's ids inside, one
# each, mapped to the caller's; root inside is no root over anything.
test_inside_ids() {
	want=$(as_user id -u)
	d=$(fresh_dir)
	out=$(sandbox --uid 0 --gid 0 --rw "$d" -- /bin/sh -c "id -u; id -g; touch '$d/made'; grep CapEff /proc/self/status")
	is "$out" "0
0
CapEff:	0000000000000000" "--uid 0 --gid 0: root inside, with no capability"
	is "$(stat -c %u "$d/made")" "$want" "what it creates belongs to the caller on the host"
	out=$(sandbox --uid 0 -- /bin/sh -c 'cat /proc/self/uid_map' | tr -s ' ')
	is "$out" " 0 $want 1" "one id is mapped: 0 inside, the caller outside"
	out=$(sandbox --uid 0 -- /usr/bin/python3 -c '
import os
try:
    os.setuid(1)
    print("became", os.getuid())
except OSError as e:
    print("refused")')
	is "$out" refused "root inside cannot take another uid"
	printf 'include=default\n[sandbox]\nuid=4242\ngid=4343\n' >"$d/ids.ini"
	chmod 644 "$d/ids.ini"
	out=$(sandbox -p "$d/ids.ini" -- /bin/sh -c 'id -u; id -g')
	is "$out" "4242
4343" "a profile's uid= and gid= set them"
}

# Another uid or gid is refused with EPERM, as on the bare host for a
# process without CAP_SETUID or CAP_SETGID: the user namespace maps no
# other id, and there the kernel alone says EINVAL, which programs that
# drop privileges do not expect (nor their messages).
test_other_ids_refused_with_eperm() {
	script='
import errno, os
u, g = os.getuid(), os.getgid()
for name, call in (("setuid", lambda: os.setuid(u + 4242)), ("setgid", lambda: os.setgid(g + 4242)),
                   ("setreuid", lambda: os.setreuid(-1, u + 4242)),
                   ("setregid", lambda: os.setregid(g + 4242, -1)),
                   ("setresuid", lambda: os.setresuid(u, u + 4242, u)),
                   ("setresgid", lambda: os.setresgid(-1, -1, g + 4242)),
                   ("own", lambda: (os.setresuid(u, u, u), os.setregid(-1, g)))):
    try:
        call()
        print(name, "ok")
    except OSError as e:
        print(name, errno.errorcode[e.errno])'
	want="setuid EPERM
setgid EPERM
setreuid EPERM
setregid EPERM
setresuid EPERM
setresgid EPERM
own ok"
	if [ "$mode" = user ]; then
		is "$(as_user /usr/bin/python3 -c "$script" 2>&1)" "$want" "on the bare host, a user without CAP_SETUID gets EPERM"
	fi
	is "$(sandbox -- /usr/bin/python3 -c "$script" 2>&1)" "$want" "another id is EPERM in the sandbox, its own id is kept"
	is "$(sandbox --uid 0 --gid 0 -- /usr/bin/python3 -c "$script" 2>&1)" "$want" "and for root inside"
}

# fchown of an anonymous inode (eventfd, epoll, signalfd, timerfd,
# inotify) or a pidfd: the kernel refuses every change of owner with
# EOPNOTSUPP, to another id as to one's own, before it asks whether the
# caller may make it.  A program must get that answer, not the EPERM
# the sandbox gives for another id on a file; the kinds that say EPERM
# (a memfd, a pipe) keep it.  Natively with no capability, as PROGRAM
# runs.
test_other_ids_on_anonymous_inodes() {
	script='
import ctypes, errno, os, select
libc = ctypes.CDLL(None, use_errno=True)
def made(fd):
    if fd < 0:
        raise OSError(ctypes.get_errno(), "make")
    return fd
epolls = []
def epoll():
    epolls.append(select.epoll())
    return os.dup(epolls[-1].fileno())
kinds = (("eventfd", lambda: os.eventfd(0)), ("epoll", epoll),
         ("signalfd", lambda: made(libc.signalfd(-1, ctypes.byref(ctypes.c_ulong(0)), 0))),
         ("timerfd", lambda: made(libc.timerfd_create(1, 0))), ("inotify", lambda: made(libc.inotify_init1(0))),
         ("pidfd", lambda: os.pidfd_open(os.getpid())), ("memfd", lambda: os.memfd_create("m")),
         ("pipe", lambda: os.pipe()[0]))
def fchownat(fd, u, g):
    if libc.fchownat(fd, b"", u, g, 0x1000) < 0:
        raise OSError(ctypes.get_errno(), "fchownat")
ways = (("fchown", os.fchown), ("fchownat", fchownat),
        ("chown link", lambda fd, u, g: os.chown("/proc/self/fd/%d" % fd, u, g)))
u, g = os.getuid(), os.getgid()
for kind, make in kinds:
    for way, call in ways:
        got = []
        for ids in ((u + 1, -1), (-1, g + 1), (u, -1)):
            fd = make()
            try:
                call(fd, *ids)
                got.append("ok")
            except OSError as e:
                got.append(errno.errorcode[e.errno])
            os.close(fd)
        print(kind, way, *got)'
	if [ "$mode" = root ]; then
		native=$(setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all -- /usr/bin/python3 -c "$script" 2>&1)
	else
		native=$(as_user /usr/bin/python3 -c "$script" 2>&1)
	fi
	contains "$native" "eventfd fchown ENOTSUP ENOTSUP ENOTSUP" "natively, an eventfd's owner never changes"
	contains "$native" "memfd fchown EPERM EPERM ok" "natively, a memfd's owner changes to one's own id alone"
	is "$(sandbox -- /usr/bin/python3 -c "$script" 2>&1)" "$native" "in the sandbox, each kind answers as natively"
	if [ "$mode" = user ]; then
		is "$(sandbox --uid 0 --gid 0 -- /usr/bin/python3 -c "$script" 2>&1)" "$native" "and for root inside"
	fi
}

# --uid 0 --gid 0 as an attacker: root inside tries for another id or
# group, to rewrite its id maps, a new user namespace (where it would
# have every capability), and another user's private file in a --rw
# directory, to read or take over.  Real root does all of that on the
# host.
test_inside_root_attacks() {
	d=$(fresh_dir)
	echo secret >"$d/private"
	chown nobody: "$d/private"
	chmod 600 "$d/private"
	cat >"$d/try.py" <<'EOF'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
def writes(path, data):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
def newuser():
    if libc.unshare(0x10000000) != 0:
        raise OSError(ctypes.get_errno(), "unshare")
tries = [("read", lambda: open(sys.argv[1] + "/private").read()),
         ("chown", lambda: os.chown(sys.argv[1] + "/private", os.getuid(), os.getgid())),
         ("chmod", lambda: os.chmod(sys.argv[1] + "/private", 0o666)),
         ("uid_map", lambda: writes("/proc/self/uid_map", b"1 1 1\n")),
         ("gid_map", lambda: writes("/proc/self/gid_map", b"1 1 1\n")),
         ("setgroups", lambda: os.setgroups([1])), ("setgid", lambda: os.setgid(1)),
         ("setuid", lambda: os.setuid(1)), ("newuser", newuser)]
done = []
for name, fn in tries:
    try:
        fn()
        done.append(name)
    except OSError:
        pass
print("done:" + ",".join(done))
EOF
	chmod 644 "$d/try.py"
	if [ "$mode" = root ]; then
		out=$(/usr/bin/python3 "$d/try.py" "$d" 2>&1)
		is "$out" "done:read,chown,chmod,setgroups,setgid,setuid,newuser" "on the bare host root does it all (its id maps are the kernel's)"
		chown nobody: "$d/private"
		chmod 600 "$d/private"
	fi
	out=$(sandbox --uid 0 --gid 0 --rw "$d" -- /usr/bin/python3 "$d/try.py" "$d" 2>&1)
	is "$out" "done:" "--uid 0: no other id, no new id map, no new user namespace, no other user's file"
	is "$(stat -c '%U %a' "$d/private")" "nobody 600" "and the file is as it was"
}

# The devices of the minimal /dev are the host's own inodes, which a
# root caller owns: the sandbox may read and write them, never change
# them.  The calls give each node the mode, owner and times it already
# has, so that the host's node is unharmed even where they succeed; its
# ctime tells whether they did.
test_host_devices_unchangeable() {
	d=$(fresh_dir)
	cat >"$d/retouch.py" <<'EOF'
import os, stat, sys
done = []
for path in sys.argv[1:]:
    st = os.stat(path)
    for name, fn in [("chmod", lambda: os.chmod(path, stat.S_IMODE(st.st_mode))),
                     ("chown", lambda: os.chown(path, st.st_uid, st.st_gid)),
                     ("utime", lambda: os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns)))]:
        try:
            fn()
            done.append(os.path.basename(path) + ":" + name)
        except OSError:
            pass
print("done:" + ",".join(done))
EOF
	chmod 644 "$d/retouch.py"
	nodes="/dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty"
	# shellcheck disable=SC2086 # the nodes split into words
	before=$(stat -c '%n %z' $nodes)
	if [ "$mode" = root ]; then
		out=$(/usr/bin/python3 "$d/retouch.py" /dev/null 2>&1)
		is "$out" "done:null:chmod,null:chown,null:utime" "on the bare host root changes /dev/null"
		before=$(stat -c '%n %z' $nodes)
	fi
	# shellcheck disable=SC2086
	out=$(sandbox --ro "$d" -- /usr/bin/python3 "$d/retouch.py" $nodes 2>&1)
	is "$out" "done:" "in the sandbox no device node's mode, owner or times change"
	# shellcheck disable=SC2086
	is "$(stat -c '%n %z' $nodes)" "$before" "and the host's nodes are as they were"
	out=$(sandbox -- /usr/bin/python3 -c '
import errno, os
with open("/dev/null", "w") as f: f.write("x")
try: os.chmod("/dev/null", os.stat("/dev/null").st_mode & 0o7777)
except OSError as e: print(errno.errorcode[e.errno])' 2>&1)
	is "$out" EROFS "/dev/null is written to, and a chmod of it says the node is read-only"
}

# A caller that is root is uid 0 only inside its user namespace: one id
# mapped, and no capability over the host's files.
# A sentry-run inside the sandbox cannot make namespaces of its own (the
# filter refuses new user namespaces): it says so, and not that the
# host's sysctls forbid them, which would send the user to the wrong
# place.  On the bare host the same binary runs.
test_nested_says_why() {
	# The binary itself, not the sanitized run's wrapper (lib.sh), whose
	# tee would die with the sandbox before passing the message on.
	inner=${SENTRY_RUN_BINARY:-$SENTRY_RUN}
	out=$(as_user "$inner" -q -- /bin/echo native-ok 2>&1)
	is "$out" native-ok "on the bare host sentry-run runs"
	out=$(sandbox --ro "$(dirname "$inner")" -- "$inner" -q -- /bin/echo nested 2>&1)
	is "$?" 125 "nested, it fails (125)"
	contains "$out" "a seccomp filter on sentry-run refuses them" "and says a filter refuses the namespaces"
	lacks "$out" "sysctl" "not the host's sysctls"
}

test_no_power_over_the_host() {
	out=$(sandbox -- /bin/sh -c 'wc -l < /proc/self/uid_map; awk "{print \$3}" /proc/self/uid_map')
	is "$out" "1
1" "exactly one uid is mapped into the sandbox"
	if [ "$mode" = self ]; then
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - [$mode] another user's private file stays private # SKIP needs root to make one"
		return
	fi
	d=$(fresh_dir)
	echo secret > "$d/private"
	chmod 600 "$d/private"
	# Another user's file: nobody's for root, root's for the test user.
	[ "$mode" = root ] && chown nobody: "$d/private"
	out=$(sandbox --rw "$d" -- /bin/sh -c "cat '$d/private' || echo unreadable; chown 0:0 '$d/private' 2>/dev/null || echo no-chown" 2>/dev/null)
	is "$out" "unreadable
no-chown" "another user's private file can be neither read nor taken over"
}

# A script's background job ignores SIGINT and SIGQUIT, and so would
# sentry-run and PROGRAM, as natively (basics.sh test_ignored_signals_kept):
# env gives them back, as a terminal's foreground job has them.
test_signals_forwarded() {
	d=$(fresh_dir)
	for sig in TERM INT HUP QUIT USR1 USR2 WINCH; do
		rm -f "$d/ready" "$d/got"
		exec_as_user env --default-signal=INT,QUIT "$SENTRY_RUN" --rw "$d" -- /bin/sh -c \
			"trap 'echo $sig > $d/got; exit 3' $sig; touch $d/ready; sleep 300 & wait" </dev/null &
		sr_pid=$!
		i=0
		until [ -e "$d/ready" ] || [ $i -gt 250 ]; do i=$((i + 1)); sleep 0.02; done
		kill -"$sig" "$sr_pid"
		wait "$sr_pid"
		is "$?:$(cat "$d/got" 2>/dev/null)" "3:$sig" "SIG$sig to sentry-run reaches PROGRAM's handler"
	done
}

test_environment() {
	out=$(SR_TEST_VAR=kept sandbox -- /bin/sh -c 'echo "$SR_TEST_VAR"')
	is "$out" kept "the environment is passed by default"
	out=$(SR_TEST_VAR=kept sandbox --clearenv --env A=1 -- /usr/bin/env)
	is "$out" "A=1" "--clearenv with --env leaves only what --env sets"
	sandbox --env novalue -- /bin/true 2>/dev/null
	is "$?" 125 "--env without = is refused"
}

run_suite test_caller_keyring_not_inherited test_inside_ids test_other_ids_refused_with_eperm test_other_ids_on_anonymous_inodes test_inside_root_attacks test_host_devices_unchangeable test_processes test_new_namespaces test_own_namespace_files test_init_reaps_orphans test_mount_view test_minimal_dev test_network test_host_pid_unreachable test_host_shm_unreachable test_no_fd_leaks test_std_fd_directory_stays_in_the_view \
	test_identity test_hostname_resolves test_nested_says_why test_no_power_over_the_host test_signals_forwarded test_environment
