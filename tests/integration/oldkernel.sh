#!/bin/sh
# sentry-run on an older kernel: tests/helpers/oldkernel runs it under a
# seccomp filter that answers as the 5.x and 6.1 kernels do (no Landlock,
# openat2, close_range, mount_setattr, fchmodat2 or the other calls newer
# than 6.1; pidfd_open without PIDFD_THREAD, seccomp without
# WAIT_KILLABLE_RECV and SYNC_WAKE_UP).  The
# probes must notice and the fallbacks work, in every process: the
# launcher, init, the Sentry and the Gofer.
. "$top_srcdir/tests/lib.sh"

OLD="$WORK/bin/oldkernel"
old_sandbox() { as_user "$OLD" "$SENTRY_RUN" "$@"; }

test_probes() {
	err=$(old_sandbox -v -- /bin/true 2>&1)
	is "$?" 0 "a sandbox starts"
	contains "$err" "synchronous wake-up off" "without SYNC_WAKE_UP the Sentry goes without, and says so at -v"
	contains "$err" "no Landlock scopes in this kernel" "without Landlock it says so"
	contains "$err" "no SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" "without WAIT_KILLABLE_RECV it says so"
	err=$(old_sandbox -- /bin/true 2>&1)
	is "$err" "" "and without -v it says nothing"
	err=$(as_user /usr/bin/python3 -c '
import os, socket, sys
a, b = socket.socketpair()
os.dup2(a.fileno(), 7)
os.execv(sys.argv[1], sys.argv[1:])' "$OLD" "$SENTRY_RUN" --pass-fd 7 -- /bin/true 2>&1)
	contains "$err" "a socket passed in (--pass-fd, LISTEN_FDS) reaches the abstract unix sockets" \
		"and warns when a socket is passed in, which the scopes would have bounded"
	exec 7</etc/passwd
	err=$(old_sandbox --pass-fd 7 -- /bin/true 2>&1)
	exec 7<&-
	is "$err" "" "but not for a file passed in, which reaches no socket"
}

test_programs() {
	dir=$(fresh_dir)
	out=$(old_sandbox --rw "$dir" --cwd "$dir" -- /bin/sh -c '
		mkdir -p a/b && echo data > a/b/f && mv a/b/f a/g && ln -s g a/link &&
		cat a/link && readlink a/link && chmod 600 a/g && stat -c %a a/g &&
		tar czf t.tgz a && rm -r a && tar xzf t.tgz && cat a/g' 2>&1)
	is "$out" "data
g
600
data" "files, links, modes and a tar round trip in a --rw directory"
	out=$(old_sandbox -- /usr/bin/python3 -c 'import json, email; print(json.dumps([1]))' 2>&1)
	is "$out" "[1]" "python3 imports"
	exec 6</etc/passwd 8</
	out=$(old_sandbox -- "$WORK/bin/fdcheck" | tr '\n' ' ')
	exec 6<&- 8<&-
	is "$out" "0 1 2 " "without close_range no fd of the caller's leaks in"
	out=$(old_sandbox -- /bin/sh -c 'cat /etc/shadow' 2>&1)
	contains "$out" "No such file" "a hidden file stays hidden"
}

# A connect from a thread that is not its process's leader: the Sentry
# takes the socket through the process's pidfd (no PIDFD_THREAD).
test_thread_connect() {
	port=$(free_port)
	rm -f "$WORK/thread-connect.ready"
	/usr/bin/python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(4)
s.settimeout(20)
open(sys.argv[2], "w").close()
c, _ = s.accept()
c.sendall(b"hello\n")
c.close()' "$port" "$WORK/thread-connect.ready" &
	listener=$!
	# Connected to once it listens.
	i=0
	while [ ! -e "$WORK/thread-connect.ready" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	out=$(old_sandbox --net=host "--allow=tcp:127.0.0.1:$port" -- /usr/bin/python3 -c '
import socket, sys, threading
def talk():
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    print(s.recv(16).decode().strip())
t = threading.Thread(target=talk)
t.start()
t.join()' "$port" 2>&1)
	is "$out" "hello" "a thread connects through the allowlist"
	kill "$listener" 2>/dev/null
	wait "$listener" 2>/dev/null
}

# Without WAIT_KILLABLE_RECV a signal ends the wait of a notified open,
# even after the Gofer made the file: the restarted O_CREAT|O_EXCL must
# get that file, not EEXIST (sentry/recreate.h).
test_signal_during_create() {
	dir=$(fresh_dir)
	out=$(old_sandbox --rw "$dir" -- "$WORK/bin/gofer-race" creat "$dir" 2 2>&1)
	contains "$out" "eexist=0 other=0" "O_CREAT|O_EXCL under a 20 kHz signal never finds its own file"
	lacks "$out" "tries=0 " "and creates go on"
	left=$(find "$dir" -name 'f*' | wc -l)
	is "$left" 0 "and no file is left behind"
}

# Without PIDFD_THREAD the Sentry reaches a thread's fds through its
# leader's pidfd: right only while the thread shares the leader's fd
# table.  A thread with a table of its own must not have the leader's
# fd acted on in place of its own, and one whose leader has exited
# must get an answer, not wait forever.
test_thread_own_fd_table() {
	dir=$(fresh_dir)
	native=$(as_user "$WORK/bin/thread-fds" own-table "$dir" 2>&1)
	is "$native" "thread: events" "natively a thread's inotify watch is on its own table's instance"
	out=$(old_sandbox --rw "$dir" -- timeout -s KILL 20 "$WORK/bin/thread-fds" own-table "$dir" 2>&1)
	lacks "$out" "leader: events" "a thread with its own fd table never acts on its leader's fd"
	contains "$out" "PIDFD_THREAD" "and the refusal says what it needs"
	out=$(old_sandbox --rw "$dir" -- timeout -s KILL 20 "$WORK/bin/thread-fds" leader-gone "$dir" 2>&1)
	is "$?" 0 "a thread whose leader has exited gets an answer for a call on its fd"
	contains "$out" "thread: refused" "and the answer is a refusal"
}

run_suite test_probes test_programs test_thread_connect test_signal_during_create test_thread_own_fd_table
