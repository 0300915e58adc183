#!/bin/sh
# The kernel's own layer under the Sentry (DESIGN invariant 5): Landlock
# scopes on the program.  A socket of the host's network namespace,
# passed in with --pass-fd, connects in the kernel (in every mode but
# host nothing emulates connect), to that namespace's abstract sockets;
# the scope keeps those out of reach while the sandbox's own abstract
# sockets keep working.
. "$top_srcdir/tests/lib.sh"

# The kernel's Landlock ABI as sandboxes meet it (0 without Landlock, as
# under make check-oldkernel): scopes came with ABI 6.
probe='import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print(max(libc.syscall(444, None, 0, 1), 0))'
if [ -n "${SR_TEST_OLDKERNEL:-}" ]; then
	abi=$("$WORK/bin/oldkernel" /usr/bin/python3 -c "$probe")
else
	abi=$(/usr/bin/python3 -c "$probe")
fi

# passfd.py SENTRY_RUN|--bare NAME: listens on the abstract NAME in the
# host's namespace, then connects to it through an unconnected socket
# handed to a program inside the sandbox (--bare: the same program
# without the sandbox, which shows the attack works); prints what the
# program saw and how many connections the listener accepted.
cat > "$WORK/passfd.py" <<'PY'
import socket, subprocess, sys
runner, name = sys.argv[1], sys.argv[2]
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind("\0" + name)
listener.listen(8)
listener.settimeout(1)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.set_inheritable(True)
fd = s.fileno()
inner = ["/usr/bin/python3", "-c",
         "import socket, sys\n"
         "s = socket.socket(fileno=%d)\n"
         "try:\n"
         "    s.connect(b'\\0%s')\n"
         "    print('inside: connected')\n"
         "except OSError as e:\n"
         "    print('inside: refused', e.errno)\n" % (fd, name)]
cmd = inner if runner == "--bare" else [runner, "-q", "--pass-fd", str(fd), "--"] + inner
subprocess.run(cmd, pass_fds=[fd], check=False)
accepted = 0
try:
    while True:
        listener.accept()[0].close()
        accepted += 1
except socket.timeout:
    pass
print("listener: %d" % accepted)
PY
chmod 644 "$WORK/passfd.py"

test_passed_socket_reaches_no_host_abstract_socket() {
	if [ "$abi" -lt 6 ]; then
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - [$mode] # SKIP Landlock ABI $abi has no scopes (Linux 6.12)"
		return
	fi
	bare=$(as_user /usr/bin/python3 "$WORK/passfd.py" --bare "sr-ll-bare-$$-$mode")
	contains "$bare" "inside: connected" "without the sandbox, the passed socket reaches the host's abstract socket"
	out=$(as_user /usr/bin/python3 "$WORK/passfd.py" "$SENTRY_RUN" "sr-ll-$$-$mode")
	contains "$out" "inside: refused 1" "a socket passed in cannot connect to the host's abstract socket (EPERM)"
	contains "$out" "listener: 0" "the host's abstract listener accepted nothing"
}

test_sandbox_abstract_sockets_still_work() {
	out=$(sandbox -q -- /usr/bin/python3 -c '
import os, socket
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind("\0sr-inside")
server.listen(1)
if os.fork() == 0:
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect("\0sr-inside")
    c.sendall(b"hello from a child")
    os._exit(0)
conn, _ = server.accept()
print(conn.recv(64).decode())
os.wait()' 2>&1)
	is "$out" "hello from a child" "two processes of the sandbox talk over an abstract socket"
}

# ruleset.py HANDLED_FS HANDLED_NET: the program restricts itself with a
# Landlock ruleset of its own that handles those access rights (and
# allows nothing), then reads /etc/passwd and connects to a TCP port of
# 127.0.0.1 on which nothing listens.  Prints what the kernel said at
# each step.
cat > "$WORK/ruleset.py" <<'PY'
import ctypes, errno, os, socket, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
fs, net = int(sys.argv[1]), int(sys.argv[2])
attr = ctypes.create_string_buffer(struct.pack("QQ", fs, net))
ruleset = libc.syscall(444, attr, 16 if net else 8, 0)
if ruleset < 0:
    print("ruleset refused", errno.errorcode[ctypes.get_errno()])
    sys.exit(0)
if libc.prctl(38, 1, 0, 0, 0) < 0 or libc.syscall(446, ruleset, 0) < 0:
    print("restrict failed", errno.errorcode[ctypes.get_errno()])
    sys.exit(0)
try:
    os.close(os.open("/etc/passwd", os.O_RDONLY))
    print("read /etc/passwd")
except OSError as e:
    print("open refused", errno.errorcode[e.errno])
s = socket.socket()
try:
    s.connect(("127.0.0.1", 9))
    print("connected")
except OSError as e:
    print("connect", errno.errorcode[e.errno])
PY
chmod 644 "$WORK/ruleset.py"

# A program that restricts itself with Landlock (a build tool, a browser
# sandboxing its renderer) believes what the kernel says.  The Gofer
# opens its files and the Sentry makes its connections in --net=host:
# the program's own domain never sees those, so a ruleset handling file
# rights (or, with --net=host, network rights) would restrict nothing.
# The program must hear so (EOPNOTSUPP: "Landlock is disabled"), as it
# would where Landlock is off, rather than run unrestricted unaware.
test_program_landlock_ruleset_is_kept_or_refused() {
	if [ "$abi" -lt 4 ]; then
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - [$mode] # SKIP Landlock ABI $abi has no network rights (Linux 6.7)"
		return
	fi
	read_file=4
	bind_tcp=1
	connect_tcp=2
	if [ "$mode" = root ]; then
		out=$(/usr/bin/python3 "$WORK/ruleset.py" "$read_file" 0)
		is "$out" "open refused EACCES
connect ECONNREFUSED" "on the bare host a ruleset handling file reads refuses the open"
		out=$(/usr/bin/python3 "$WORK/ruleset.py" 0 "$connect_tcp")
		is "$out" "read /etc/passwd
connect EACCES" "and one handling TCP connects refuses the connect"
	fi
	out=$(sandbox -q -- /usr/bin/python3 "$WORK/ruleset.py" "$read_file" 0 2>&1)
	lacks "$out" "read /etc/passwd" "a ruleset of the program's own handling file reads is never silently lost"
	is "$out" "ruleset refused ENOTSUP" "it is refused as a disabled Landlock would refuse it (EOPNOTSUPP, Python says ENOTSUP)"
	out=$(sandbox -q -- /usr/bin/python3 "$WORK/ruleset.py" 0 "$connect_tcp" 2>&1)
	is "$out" "read /etc/passwd
connect EACCES" "one handling TCP connects is kept: the kernel makes the connects of a namespace of its own"
	out=$(sandbox -q --net=host --allow=tcp:127.0.0.1:9 -- /usr/bin/python3 "$WORK/ruleset.py" 0 $((bind_tcp | connect_tcp)) 2>&1)
	is "$out" "ruleset refused ENOTSUP" "with --net=host, where the Sentry connects, it is refused"
}

run_suite test_passed_socket_reaches_no_host_abstract_socket test_sandbox_abstract_sockets_still_work \
	test_program_landlock_ruleset_is_kept_or_refused
