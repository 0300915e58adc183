#!/bin/sh
# Namespaces and hygiene: processes, network, signals, fds, identity.
. "$top_srcdir/tests/lib.sh"

test_processes() {
	out=$(sandbox -- /bin/sh -c 'ps -o pid=,ppid=,comm= -e')
	parent=$(printf '%s\n' "$out" | awk '$3 == "sh" {print $2}')
	is "$parent" 1 "PROGRAM's parent is pid 1"
	count=$(printf '%s\n' "$out" | wc -l)
	ok $(( count > 3 )) "ps shows only the sandbox's processes ($count)"
}

test_network() {
	out=$(sandbox -- /bin/sh -c 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "')
	is "$out" lo "/proc/net/dev shows only lo"
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

test_no_fd_leaks() {
	exec 7</etc/passwd 8>"$WORK/fd8"
	out=$(sandbox -- "$WORK/bin/fdcheck" | tr '\n' ' ')
	is "$out" "0 1 2 " "the caller's extra fds are not visible inside"
	out=$(sandbox --pass-fd 7 -- "$WORK/bin/fdcheck" | tr '\n' ' ')
	is "$out" "0 1 2 7 " "--pass-fd 7 passes exactly fd 7"
	out=$(sandbox --pass-fd 7 -- /bin/sh -c 'head -n 1 <&7')
	is "$out" "$(head -n 1 /etc/passwd)" "and it is usable"
	exec 7<&- 8>&-
	out=$(sandbox -- /bin/sh -c 'ls -l /proc/1/fd/ 2>&1 | grep -c -- "->"')
	is "$out" 0 "init's fds are not readable from PROGRAM"
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

test_environment() {
	out=$(SR_TEST_VAR=kept sandbox -- /bin/sh -c 'echo "$SR_TEST_VAR"')
	is "$out" kept "the environment is passed by default"
	out=$(SR_TEST_VAR=kept sandbox --clearenv --env A=1 -- /usr/bin/env)
	is "$out" "A=1" "--clearenv with --env leaves only what --env sets"
	sandbox --env novalue -- /bin/true 2>/dev/null
	is "$?" 125 "--env without = is refused"
}

run_suite test_processes test_network test_host_pid_unreachable test_no_fd_leaks \
	test_identity test_environment
