#!/bin/sh
# The event stream (--events): one JSON object a line, checked with a
# JSON parser; a stalled consumer loses events, never the sandbox.
. "$top_srcdir/tests/lib.sh"

test_events_to_file() {
	d=$(fresh_dir)
	sandbox --events="$d/events.json" --ro "$WORK/bin" -- /bin/sh -c \
		"kill -0 \$\$; $WORK/bin/attack bpf >/dev/null; kill -TERM 1 2>/dev/null
		 cat /etc/hostname >/dev/null; cat /etc/shadow 2>/dev/null; exit 3"
	is "$?" 3 "PROGRAM's status is unchanged by --events"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys, time
types = {}
now = time.monotonic_ns()
for line in open(sys.argv[1]):
    e = json.loads(line)
    for key in ("time", "sandbox", "type"):
        assert key in e, (key, e)
    # The task's ids and comm; for the exit event, PROGRAM's.
    for key in ("pid", "tid", "comm"):
        assert key in e, (key, e)
    # CLOCK_MONOTONIC nanoseconds: not after now, not wall-clock time.
    assert 0 < now - e["time"] < 60 * 10**9, (now, e)
    types.setdefault(e["type"], []).append(e)
print("exec", any(e["path"] == "/bin/sh" and e["pid"] == 2 for e in types.get("exec", [])))
print("signal", any(e["target"] == 1 and e["signal"] == 15 and e["decision"] == "deny" for e in types.get("signal", [])))
print("denied", any(e["syscall"] == "bpf" and e["comm"] == "attack" for e in types.get("denied", [])))
print("exit", [e["status"] for e in types.get("exit", [])] == [3] and "utime_us" in types["exit"][0]["rusage"])
print("exit-task", [(e["pid"], e["tid"], e["comm"]) for e in types.get("exit", [])] == [(2, 2, "sh")])
opens = types.get("open", [])
print("open", any(e["path"] == "/etc/hostname" and e["comm"] == "cat" and e["decision"] == "allow"
                  and e["flags"].startswith("O_RDONLY") for e in opens))
print("open-denied", any(e["path"] == "/etc/shadow" and e["decision"] == "deny" and e["errno"] == 2
                         for e in opens))
PY
)
	contains "$out" "exec True" "an exec event names the program, with its sandbox pid"
	contains "$out" "signal True" "a signal event records the refused kill of pid 1"
	contains "$out" "denied True" "a refused system call (bpf) is recorded with the caller's comm"
	contains "$out" "exit True" "the exit event carries the status and the rusage"
	contains "$out" "exit-task True" "the exit event names PROGRAM: its pid in the sandbox and its comm"
	contains "$out" "open True" "an open event gives the path, the flags and the decision"
	contains "$out" "open-denied True" "a refused open (a hidden file) is recorded with its errno"
	# In --net=host the Sentry sees connect and bind: each is recorded
	# with the allowlist's decision (no listener: refused by the peer).
	p1=$(free_port)
	p2=$(free_port)
	sandbox --events="$d/net.json" --net=host "--allow=tcp:127.0.0.1:$p1" -- /usr/bin/python3 -c "
import socket
for port in ($p1, $p2):
    s = socket.socket()
    try:
        s.connect(('127.0.0.1', port))
    except OSError:
        pass
try:
    socket.socket().bind(('127.0.0.1', $p2))
except OSError:
    pass
" 2>/dev/null
	out=$(/usr/bin/python3 - "$d/net.json" "$p1" "$p2" <<'PY'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
connects = {e["address"]: e for e in events if e["type"] == "connect"}
a = connects.get("127.0.0.1:" + sys.argv[2], {})
b = connects.get("127.0.0.1:" + sys.argv[3], {})
binds = [e for e in events if e["type"] == "bind"]
print("allowed", a.get("decision"), a.get("errno"), "refused", b.get("decision"), b.get("errno"))
print("bind", [(e["address"], e["decision"], e["errno"], e["comm"]) for e in binds])
PY
)
	is "$out" "allowed allow 111 refused deny 13
bind [('127.0.0.1:$p2', 'deny', 13, 'python3')]" "connect and bind events: the address, the allowlist's decision, the errno of each"
}

# The refusals the filter makes for a call's arguments, not its name
# (a new user namespace, a pidfd of init, a netlink audit socket pair, a
# seccomp listener) are the ones an attack makes: each is recorded, and
# still refused.
test_argument_refusals_recorded() {
	d=$(fresh_dir)
	out=$(sandbox --events="$d/events.json" -- /bin/sh -c \
		'for a in unshare_user clone_newuser pidfd_init socketpair_family listener; do "$0" $a; done' \
		"$WORK/bin/attack" 2>&1)
	is "$out" "blocked: unshare(CLONE_NEWUSER): Operation not permitted
blocked: clone(CLONE_NEWUSER): Operation not permitted
blocked: pidfd_open(1): Operation not permitted
blocked: socketpair(AF_NETLINK, NETLINK_AUDIT): Operation not permitted
blocked: seccomp(NEW_LISTENER): Operation not permitted" "the attacks are refused as without --events"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] == "denied" and e["comm"] == "attack":
        print(e["syscall"], e["errno"], e["reason"])
PY
)
	is "$out" "unshare 1 refused for its arguments
clone 1 refused for its arguments
pidfd_open 1 refused for its arguments
socketpair 1 refused for its arguments
seccomp 1 refused for its arguments" "each refusal is recorded: the call, its errno and why"
}

# A program names itself (PR_SET_NAME) with the bytes it likes: each
# event says that name as it is, as the exit event does, with nothing
# doubled by /proc's own escaping; --strace keeps one line a call.
test_comm_recorded_as_set() {
	d=$(fresh_dir)
	sandbox --events="$d/events.json" --strace="$d/trace" -- /usr/bin/python3 -c '
import ctypes
libc = ctypes.CDLL(None)
for name in (b"q\"b\\s", b"n\nl\x01\xff"):
    libc.prctl(15, name, 0, 0, 0)
    open("/etc/hostname").close()
'
	is "$?" 0 "a program renaming itself runs"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] in ("open", "exit") and e.get("path", "/etc/hostname") == "/etc/hostname":
        print(e["type"], e["comm"].encode("utf-8", "surrogateescape"))
PY
)
	is "$out" "open b'q\"b\\\\s'
open b'n\\nl\\x01\\xff'
exit b'n\\nl\\x01\\xff'" "the events name the task as it named itself"
	is "$(grep -c '^\[ *[0-9]*: *[0-9]*\] ' "$d/trace")" "$(wc -l <"$d/trace")" "every trace line is a call's"
}

# A signal sent through a pidfd is recorded as one sent by pid: the
# call, the target's pid in the sandbox, the signal; and it still
# arrives (ignored here, so the program lives on).
test_pidfd_signal_recorded() {
	d=$(fresh_dir)
	out=$(sandbox --events="$d/events.json" -- /usr/bin/python3 -c '
import os, signal
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
signal.pidfd_send_signal(os.pidfd_open(os.getpid()), signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR1)
print("pid", os.getpid())')
	is "$out" "pid 2" "pidfd_send_signal and kill reach the program under --events"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] == "signal":
        print(e["syscall"], e["target"], e["signal"], e["decision"], e["pid"], e["comm"])
PY
)
	is "$out" "pidfd_send_signal 2 10 allow 2 python3
kill 2 10 allow 2 python3" "each is recorded: the call, its target, the signal and the decision"
}

# A file named in UTF-8, and one whose name is not UTF-8 at all: the
# event says the first as it reads, and each gives back its exact bytes
# to a consumer decoding with surrogateescape.
test_paths_recorded_byte_for_byte() {
	d=$(fresh_dir)
	sandbox --events="$d/events.json" -- /usr/bin/python3 -c '
for name in (b"/tmp/caf\xc3\xa9", b"/tmp/bad\xff\xc3(\xed\xa0\x80\xc0\xaf\xe2\x82\xac"):
    open(name, "w").close()
    open(name).close()
'
	is "$?" 0 "a program opening files named in UTF-8 and not runs"
	grep -F '"path":"/tmp/caf'"$(printf '\303\251')"'"' "$d/events.json" >/dev/null
	ok $? "the UTF-8 name is in the event as it is"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    if e["type"] == "open" and e["path"].startswith("/tmp/") and e["flags"].startswith("O_RDONLY"):
        print(e["path"].encode("utf-8", "surrogateescape"), e["decision"])
PY
)
	is "$out" "b'/tmp/caf\\xc3\\xa9' allow
b'/tmp/bad\\xff\\xc3(\\xed\\xa0\\x80\\xc0\\xaf\\xe2\\x82\\xac' allow" "each path decodes to its exact bytes"
}

# Names made to break a line-by-line reader (a newline, a carriage
# return, NEL, the Unicode line and paragraph separators, which
# str.splitlines and some readers take for line ends) or to drive the
# terminal a consumer tails the stream in (ESC, a C1 CSI, raw and in
# UTF-8), with a quote and a backslash: each event is still one line of
# JSON that holds no control character, and gives back each name whole.
test_hostile_names_one_line_each() {
	d=$(fresh_dir)
	sandbox --events="$d/events.json" -- /usr/bin/python3 -c '
import ctypes
name = b"\n\r\xc2\x85\xe2\x80\xa8\xe2\x80\xa9\x1b[2J\x9b\xc2\x9b\"\\\x7f"
ctypes.CDLL(None).prctl(15, name[:15], 0, 0, 0)
try:
    open(b"/tmp/" + name)
except OSError:
    pass
'
	is "$?" 0 "a program with hostile names runs"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, re, sys
name = b"\n\r\xc2\x85\xe2\x80\xa8\xe2\x80\xa9\x1b[2J\x9b\xc2\x9b\"\\\x7f"
data = open(sys.argv[1], "rb").read()
lines = data.split(b"\n")[:-1]
text = data.decode("utf-8", "surrogateescape")
events = [json.loads(line) for line in lines]
print("lines", len(text.splitlines()) == len(lines))
print("controls", re.findall("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\udc80-\udcff]", text))
print("path", any(e.get("path", "").encode("utf-8", "surrogateescape") == b"/tmp/" + name for e in events))
print("comm", sorted({e["comm"].encode("utf-8", "surrogateescape") == name[:15] for e in events if e["type"] != "exec"}))
PY
)
	is "$out" "lines True
controls []
path True
comm [False, True]" "each event is one line without control characters, and the names come back whole"
}

test_stalled_consumer() {
	d=$(fresh_dir)
	# A SOCK_SEQPACKET listener that reads nothing for 2 s, then all.
	as_user /usr/bin/python3 - "$d/sock" "$d/got" <<'PY' &
import json, os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(sys.argv[1]); s.listen(1)
open(sys.argv[2] + ".ready", "w").close()
c, _ = s.accept()
time.sleep(2)
n = dropped = 0
while True:
    m = c.recv(65536)
    if not m:
        break
    e = json.loads(m)
    n += 1
    if e["type"] == "dropped":
        dropped += e["count"]
with open(sys.argv[2], "w") as f:
    f.write("%d %d\n" % (n, dropped))
PY
	listener=$!
	i=0
	while [ ! -e "$d/got.ready" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.05; done
	t0=$(date +%s%3N)
	sandbox --events="unix:$d/sock" -- /bin/sh -c 'i=0; while [ $i -lt 3000 ]; do kill -0 $$; i=$((i+1)); done; sleep 2.5; echo finished'
	status=$?
	t1=$(date +%s%3N)
	wait "$listener"
	is "$status" 0 "the program finishes while the consumer is stalled"
	read -r n dropped < "$d/got"
	ok $(( dropped == 0 )) "the consumer is told how many events were dropped ($dropped of $n)"
	ok $(( t1 - t0 > 15000 )) "in reasonable time ($((t1 - t0)) ms)"
}

# counting_consumer DIR TYPE PREFIX FAST SLEEP: an events listener on
# DIR/sock that reads the first FAST events at once, then sleeps SLEEP
# seconds after each, and writes to DIR/got the events of TYPE (whose
# path starts with PREFIX, if given) plus those counted as dropped, and
# the type of the last event.
counting_consumer() {
	as_user /usr/bin/python3 - "$@" <<'PY'
import json, os, socket, sys, time
d, kind, prefix, fast, pause = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
# Named only once it listens: the socket the test waits for takes
# connections (between bind and listen it refuses them).
s.bind(d + "/sock.t"); s.listen(1); os.rename(d + "/sock.t", d + "/sock")
c, _ = s.accept()
seen = dropped = 0
types = []
while True:
    m = c.recv(65536)
    if not m:
        break
    e = json.loads(m)
    types.append(e["type"])
    seen += e["type"] == kind and e.get("path", "").startswith(prefix)
    dropped += e["count"] if e["type"] == "dropped" else 0
    if len(types) > fast:
        time.sleep(pause)
with open(d + "/got", "w") as f:
    f.write("%d %s\n" % (seen + dropped, types[-1]))
PY
}

# A consumer slower than the program, still reading when the sandbox
# ends: what the Sentry could not hand it before it ended is lost, and
# must be counted too, before the exit event.
test_slow_consumer_told_of_every_loss() {
	d=$(fresh_dir)
	counting_consumer "$d" signal '' 0 0.002 &
	listener=$!
	i=0
	while [ ! -S "$d/sock" ] && [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.05; done
	sandbox --events="unix:$d/sock" -- /bin/sh -c 'i=0; while [ $i -lt 2000 ]; do kill -0 $$; i=$((i+1)); done'
	is "$?" 0 "the program ends while the consumer is behind"
	wait "$listener"
	read -r accounted last < "$d/got"
	ok $(( accounted < 2000 )) "each of the 2000 signal events is received or counted as dropped ($accounted)"
	is "$last" exit "and the exit event comes last"
}

# The same without load: a consumer that keeps reading, but slowly (here
# 80 ms a message), and events of some 2 KB, so that a few dozen fill
# the socket.  It needs seconds to make room for the lines the launcher
# writes at the end; as long as it drains, it must still be told of
# what was lost, before the exit event.  The Sentry ends with its writer
# waiting for room: the event it was writing is either received or
# counted, not both.
test_draining_consumer_told_of_loss() {
	d=$(fresh_dir)
	counting_consumer "$d" open /usr/./. 5 0.08 &
	listener=$!
	i=0
	while [ ! -S "$d/sock" ] && [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.05; done
	sandbox --events="unix:$d/sock" -- /bin/sh -c '
		p=/usr; i=0; while [ $i -lt 1900 ]; do p=$p/.; i=$((i + 1)); done
		i=0; while [ $i -lt 150 ]; do : <$p/../etc/hostname; i=$((i + 1)); done'
	is "$?" 0 "the program ends while the consumer drains slowly"
	wait "$listener"
	read -r accounted last < "$d/got"
	is "$accounted" 150 "each of the 150 open events is received or counted as dropped, once"
	is "$last" exit "and the exit event comes last"
}

# A program that can write where the events file is (here --rw) plants a
# symbolic link there; the next run with the same --events must not
# append to the file it names (the shell on the host does).
test_planted_link_not_followed() {
	d=$(fresh_dir)
	echo victim >"$d/victim"
	sandbox --rw "$d" -- /bin/sh -c "ln -s $d/victim $d/events.json"
	echo "appended" >>"$d/events.json"
	is "$(cat "$d/victim")" "victim
appended" "on the host, an append to the planted link reaches the file it names"
	echo victim >"$d/victim"
	err=$(sandbox --events="$d/events.json" -- true 2>&1)
	ok $(( $? == 0 )) "--events through a planted symbolic link is refused"
	contains "$err" "symbolic link" "saying why"
	is "$(cat "$d/victim")" victim "and the file it names is untouched"
	sandbox --rw "$d" -- /bin/sh -c "ln -s $d/victim $d/trace.log"
	: >"$d/trace.log"
	is "$(cat "$d/victim")" "" "on the host, a truncating open of the planted link empties the file it names"
	echo victim >"$d/victim"
	err=$(sandbox --strace="$d/trace.log" -- true 2>&1)
	ok $(( $? == 0 )) "--strace=FILE through a planted symbolic link is refused"
	contains "$err" "symbolic link" "saying why"
	is "$(cat "$d/victim")" victim "and the file it names is untouched"
}

# A consumer that takes the connection and then never reads: the queue
# fills, the Sentry's writer waits for good, and the exit event, written
# by the launcher itself, must not make sentry-run wait with it.
test_consumer_never_reads() {
	d=$(fresh_dir)
	as_user /usr/bin/python3 - "$d/sock" <<'PY' &
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(sys.argv[1] + ".t"); s.listen(1); os.rename(sys.argv[1] + ".t", sys.argv[1])
c, _ = s.accept()
time.sleep(60)
PY
	listener=$!
	i=0
	while [ ! -S "$d/sock" ] && [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.05; done
	out=$(as_user timeout -s KILL 30 "$SENTRY_RUN" --events="unix:$d/sock" -- /bin/sh -c \
		'i=0; while [ $i -lt 3000 ]; do kill -0 $$; i=$((i+1)); done; echo finished; exit 4')
	status=$?
	kill "$listener" 2>/dev/null
	wait "$listener" 2>/dev/null
	is "$out" finished "the program finishes while the consumer never reads"
	is "$status" 4 "and sentry-run returns its status, not held by the exit event"
}

# --stats: a summary like strace -c on stderr at exit, never on
# PROGRAM's stdout; the counts are the calls made (500 getppid calls
# are at least 500), split into answered by the Sentry and left to the
# kernel (200 opens answered with an injected fd are the Sentry's), and
# the total is their sum.
test_stats_summary() {
	d=$(fresh_dir)
	out=$(sandbox --stats -- /usr/bin/python3 -c "
import os
for i in range(500):
    os.getppid()
for i in range(200):
    os.close(os.open('/etc/hostname', os.O_RDONLY))
print(open('/etc/hostname').read() and 'program output')
raise SystemExit(3)
" 2>"$d/stats")
	is "$?" 3 "--stats: PROGRAM's status is unchanged"
	is "$out" "program output" "--stats: the summary stays off PROGRAM's stdout"
	out=$(/usr/bin/python3 - "$d/stats" <<'PY'
import sys
rows, total = {}, None
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) > 3 and f[3] == "total":
        total = int(f[2])
    elif len(f) == 8 and f[0][0].isdigit():
        rows[f[7]] = [int(x) for x in f[3:7]]   # calls answered kernel errors
print("header", any("calls" in l and "answered" in l and "kernel" in l for l in open(sys.argv[1])))
print("getppid", rows.get("getppid", [0])[0] >= 500)
print("openat answered", rows.get("openat", [0, 0])[1] >= 200)
print("split", all(c == a + k for c, a, k, _ in rows.values()))
print("total", total == sum(r[0] for r in rows.values()))
PY
)
	is "$out" "header True
getppid True
openat answered True
split True
total True" "--stats: counts per syscall, answered by the Sentry or left to the kernel, and their total"
}

# A hostile program hides nothing by the length of a path: one padded
# with "/./" past what an event holds, or a name of control bytes that
# escaping makes six times longer, is recorded cut, and said to be.
test_long_paths_recorded() {
	d=$(fresh_dir)
	sandbox --events="$d/events.json" -- /bin/sh -c '
		p=/usr; i=0; while [ $i -lt 1900 ]; do p=$p/.; i=$((i + 1)); done
		$p/bin/true; cat $p/../etc/hostname >/dev/null
		q=$(printf "\001%.0s" $(seq 250)); cat "/etc/$q/../$q" 2>/dev/null; exit 0'
	is "$?" 0 "a program using long paths runs"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
cut = [e for e in events if e.get("path_truncated")]
pad = "/usr/./././."
print("exec", any(e["type"] == "exec" and e["path"].startswith(pad) and e["decision"] == "allow" for e in cut))
print("open", any(e["type"] == "open" and e["path"].startswith(pad) and e["flags"].startswith("O_RDONLY")
                  and e["decision"] == "allow" for e in cut))
print("control", any(e["type"] == "open" and e["path"].startswith("/etc/\x01\x01") and e["decision"] == "deny"
                     and e["errno"] == 2 for e in cut))
print("whole", all(not e.get("path_truncated") for e in events if len(e.get("path", "")) < 100))
PY
)
	contains "$out" "exec True" "an exec by a path longer than an event holds is recorded, cut"
	contains "$out" "open True" "so is an open, with its flags and decision"
	contains "$out" "control True" "and a refused open of a name of control bytes, with its errno"
	contains "$out" "whole True" "short paths are not said to be cut"
}

# The files sentry-run writes for the caller lie where the sandbox can
# write (-p build's working tree): PROGRAM must not forge, truncate,
# remove or move them.  The same commands do all that on the host.
TAMPER='for f in events.json trace.log; do
	{ echo "{\"type\":\"exit\",\"status\":0}" >>"$1/$f"; } 2>/dev/null && echo "wrote $f"
	(: >"$1/$f") 2>/dev/null && echo "truncated $f"
	mv "$1/$f" "$1/moved" 2>/dev/null && mv "$1/moved" "$1/$f" && echo "moved $f"
	rm "$1/$f" 2>/dev/null && echo "removed $f"
done'
test_outputs_out_of_reach() {
	d=$(fresh_dir)
	out=$(sandbox --rw "$d" --events="$d/events.json" --strace="$d/trace.log" -- /bin/sh -c "$TAMPER" sh "$d" 2>/dev/null)
	is "$out" "" "PROGRAM can neither write, truncate, move nor remove its events and trace files"
	is "$(grep -c '"type":"exit"' "$d/events.json")" 1 "the events file holds the one real exit event"
	contains "$(cat "$d/trace.log")" "execve(" "the trace is whole"
	out=$(as_user /bin/sh -c "$TAMPER" sh "$d")
	is "$out" "wrote events.json
truncated events.json
moved events.json
removed events.json
wrote trace.log
truncated trace.log
moved trace.log
removed trace.log" "on the host the same user does all of it"
	# Deeper in the writable directory: the directories on the way can
	# be neither moved nor removed (a forged file would take the name),
	# and stay writable.
	d=$(fresh_dir)
	as_user mkdir -p "$d/logs/run"
	out=$(sandbox --rw "$d" --events="$d/logs/run/events.json" --strace="$d/logs/trace.log" -- /bin/sh -c '
		mv "$1/logs" "$1/gone" 2>/dev/null && echo moved logs
		mv "$1/logs/run" "$1/logs/gone" 2>/dev/null && echo moved run
		rm -rf "$1/logs" 2>/dev/null; mkdir -p "$1/logs/run" && echo forged >"$1/logs/run/events.json" && echo forged
		: >"$1/logs/run/new" && : >"$1/logs/new" && echo writable' sh "$d" 2>/dev/null)
	is "$out" "writable" "the directories holding the outputs stay in place, and writable"
	is "$(grep -c '"type":"exit"' "$d/logs/run/events.json")" 1 "the events file is the real one"
	out=$(as_user /bin/sh -c 'mv "$1/logs/run" "$1/logs/gone" && mv "$1/logs" "$1/gone" && echo moved' sh "$d")
	is "$out" moved "on the host the same user moves them"
	d=$(fresh_dir)
	out=$(cd /usr && sandbox --events="$d/outside.json" -- /bin/sh -c "test -e '$d/outside.json' && echo visible; echo done")
	is "$out" done "an events file outside the view stays outside it"
	is "$(grep -c '"type":"exit"' "$d/outside.json")" 1 "and is written"
}

# A FIFO nobody reads: opening it to write would wait for a reader
# for good, before PROGRAM even starts.  sentry-run says so and stops;
# with a reader, the events go through the FIFO.
test_fifo_without_reader() {
	d=$(fresh_dir)
	as_user mkfifo "$d/fifo"
	err=$(as_user timeout -s KILL 30 "$SENTRY_RUN" --events="$d/fifo" -- /bin/echo ran 2>&1)
	is "$?" 125 "--events=FIFO with no reader stops at once, not held until a reader comes"
	contains "$err" "reader" "saying why"
	lacks "$err" "ran" "and PROGRAM does not run unrecorded"
	# A reader that has the FIFO open before sentry-run starts.
	as_user /usr/bin/python3 - "$d/fifo" <<'PY' &
import os, select, sys
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
open(sys.argv[1] + ".ready", "w").close()
with open(sys.argv[1] + ".out", "wb") as out:
    while True:
        select.select([fd], [], [])   # ready at data, or when the writer is gone
        data = os.read(fd, 65536)
        if not data:
            break
        out.write(data)
PY
	reader=$!
	i=0
	while [ ! -e "$d/fifo.ready" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.05; done
	out=$(as_user timeout -s KILL 30 "$SENTRY_RUN" --events="$d/fifo" -- /bin/echo ran)
	is "$?:$out" "0:ran" "with a reader, the sandbox runs"
	wait "$reader"
	is "$(/usr/bin/python3 -c 'import json, sys; print([json.loads(l)["type"] for l in open(sys.argv[1])][-1])' "$d/fifo.out")" \
		exit "and the events reach it"
}

# A program that may write where --strace=FILE will be plants a FIFO
# there: the next run's open waited for a reader for good, before its
# PROGRAM started (a run under systemd never started, unsupervised by
# its timeout).  As with --events, it says so and stops.
test_planted_fifo_for_strace() {
	d=$(fresh_dir)
	sandbox --rw "$d" -- mkfifo "$d/trace.log"
	err=$(as_user timeout -s KILL 30 "$SENTRY_RUN" --strace="$d/trace.log" -- /bin/echo ran 2>&1)
	is "$?" 125 "--strace=FIFO planted by an earlier sandbox stops at once, not held until a reader comes"
	contains "$err" "reader" "saying why"
	lacks "$err" "ran" "and PROGRAM does not run untraced"
}

# A listener whose backlog is full (it accepts no more): connecting would
# wait for good.  sentry-run says so and stops instead.
test_listener_never_accepts() {
	d=$(fresh_dir)
	as_user /usr/bin/python3 - "$d/sock" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(sys.argv[1]); s.listen(0)
# One connection waits to be accepted: the backlog is full.
socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET).connect(sys.argv[1])
open(sys.argv[1] + ".ready", "w").close()
time.sleep(60)
PY
	listener=$!
	i=0
	while [ ! -e "$d/sock.ready" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.05; done
	err=$(as_user timeout -s KILL 30 "$SENTRY_RUN" --events="unix:$d/sock" -- /bin/echo ran 2>&1)
	is "$?" 125 "--events=unix:PATH whose listener accepts nothing stops, not held for good"
	contains "$err" "accept" "saying why"
	kill "$listener" 2>/dev/null
	wait "$listener" 2>/dev/null
}

# In --net=host a unix socket's address is recorded as it is named:
# a path as the path, an abstract name with "@" before it.
test_unix_addresses_recorded_as_named() {
	d=$(fresh_dir)
	sandbox --events="$d/events.json" --net=host -- /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("/tmp/listening"); s.listen(1)
socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).connect("/tmp/listening")
try:
    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).connect("\0sentry-run-test-nobody")
except OSError:
    pass
'
	is "$?" 0 "a program binding and connecting unix sockets runs"
	# Sorted: an event that follows its call's reply may come after
	# the next call's.
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
for e in sorted(events, key=lambda e: (e["type"], e.get("address", ""))):
    if e["type"] in ("bind", "connect"):
        print(e["type"], e["address"], e["decision"])
PY
)
	is "$out" "bind /tmp/listening allow
connect /tmp/listening allow
connect @sentry-run-test-nobody deny" "each address as the program named it"
}

# An execve refused (a hidden file, one that is not executable) is an
# exec event too, with its decision and errno, as a refused open is.
test_refused_exec_recorded() {
	d=$(fresh_dir)
	sandbox --events="$d/events.json" -- /bin/sh -c \
		': >/tmp/plain; /etc/shadow 2>/dev/null; /tmp/plain 2>/dev/null; /bin/true'
	is "$?" 0 "a program whose execs are refused runs on"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
for e in sorted(events, key=lambda e: e.get("path", "")):
    if e["type"] == "exec" and e["comm"] == "sh":
        print(e["path"], e["decision"], e.get("errno"), e["pid"] > 2)
PY
)
	is "$out" "/bin/true allow None True
/etc/shadow deny 2 True
/tmp/plain deny 13 True" "each exec is recorded: the path, the decision and the errno of a refused one"
}

# An exec event says what was run with which arguments: argv as bytes
# (an empty one, control and non-UTF-8 bytes included); a long one is
# cut, and said to be, and the event still fits a line.
test_exec_argv_recorded() {
	d=$(fresh_dir)
	sandbox --events="$d/events.json" -- /bin/sh -c '
		/bin/echo one "two words" "" "$(printf "\001\377")" >/dev/null
		/bin/true $(seq 2000)
		/etc/shadow secret-arg 2>/dev/null; exit 0'
	is "$?" 0 "a program that runs commands with arguments runs"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
lines = open(sys.argv[1], "rb").read().splitlines()
events = [json.loads(line) for line in lines]
execs = {e["path"]: e for e in events if e["type"] == "exec"}
echo, true, shadow = execs["/bin/echo"], execs["/bin/true"], execs["/etc/shadow"]
print("echo", echo["argv"] == ["/bin/echo", "one", "two words", "", "\x01\udcff"], "argv_truncated" in echo)
print("long", true["argv"][:3] == ["/bin/true", "1", "2"], len(true["argv"]) < 2001, true.get("argv_truncated"))
print("refused", shadow["argv"] == ["/etc/shadow", "secret-arg"], shadow["decision"])
print("fits", max(len(line) for line in lines) <= 4096)
PY
)
	is "$out" "echo True False
long True True True
refused True deny
fits True" "each exec is recorded with its argv, cut when long, and said to be"
}

# An exec through an fd is an exec event too: fexecve of a memfd (a
# program that never touches the file system, as fileless malware runs),
# of a file opened first, through /proc/self/fd/N, and an execveat with
# AT_EMPTY_PATH whose path is not empty (the flag then means nothing).
# An fd's event names what the fd is, as /proc/PID/fd/N reads, and the
# fd.
test_exec_through_fd_recorded() {
	d=$(fresh_dir)
	sandbox --events="$d/events.json" -- /usr/bin/python3 -c '
import ctypes, os
def run(how):
    pid = os.fork()
    if pid == 0:
        try:
            how()
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
def memfd():
    fd = os.memfd_create("payload", 0)
    os.write(fd, open("/bin/true", "rb").read())
    os.execve(fd, ["payload"], {})
run(memfd)
run(lambda: os.execve(os.open("/bin/echo", os.O_RDONLY), ["echo"], {}))
run(lambda: os.execv("/proc/self/fd/%d" % os.open("/bin/sleep", os.O_RDONLY), ["sleep", "0"]))
libc = ctypes.CDLL(None, use_errno=True)
argv = (ctypes.c_char_p * 2)(b"cat", None)
run(lambda: libc.syscall(322, -100, b"/bin/cat", argv, None, 0x1000))' </dev/null >/dev/null
	is "$?" 0 "a program that execs through fds runs"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
for e in sorted(events, key=lambda e: e.get("path", "")):
    if e["type"] == "exec" and e["pid"] > 2:
        print(e["path"], e.get("fd"), e["decision"])
PY
)
	is "$out" "/bin/cat None allow
/memfd:payload (deleted) 3 allow
/proc/self/fd/3 None allow
/usr/bin/echo 3 allow" "each exec through an fd is recorded: what the fd is, and the fd"
}

# A relative path cannot be placed by itself: the open or exec event of
# one says the directory it is relative to, as the program names it
# (what os.getcwd() gives for the cwd, what /proc/self/fd/N reads for a
# dirfd): the cwd it started in, one it moved to, a thread's own cwd, a
# dirfd's (openat2 RESOLVE_IN_ROOT's, even for "/hostname"); for a
# refused open and exec too.  An absolute path has none.
test_relative_paths_placed() {
	d=$(fresh_dir)
	out=$(sandbox --events="$d/events.json" -- /usr/bin/python3 -c '
import ctypes, json, os, threading
libc = ctypes.CDLL(None, use_errno=True)
dirs = {}
def run(how):
    pid = os.fork()
    if pid == 0:
        try:
            how()
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
def refused(how):
    try:
        how()
    except OSError:
        pass
dirs["no-such-at-start"] = os.getcwd()
refused(lambda: open("no-such-at-start"))
os.chdir("/tmp")
dirs["new"] = os.getcwd()
open("new", "w").close()
etc = os.open("/etc", os.O_RDONLY)
dirs["hostname"] = os.readlink("/proc/self/fd/%d" % etc)
os.close(os.open("hostname", os.O_RDONLY, dir_fd=etc))
dirs["shadow"] = dirs["hostname"]
refused(lambda: os.open("shadow", os.O_RDONLY, dir_fd=etc))
# openat2 with RESOLVE_IN_ROOT: even "/" starts at the dirfd (not on
# the emulated older kernel, which lacks openat2).
how = ctypes.create_string_buffer(b"\0" * 16 + (0x10).to_bytes(8, "little"))
fd = libc.syscall(437, etc, b"/hostname", how, 24)
if fd >= 0:
    dirs["/hostname"] = dirs["hostname"]
    os.close(fd)
def thread():
    # A cwd of its own (CLONE_FS): the task'"'"'s, not the process'"'"'s.
    if libc.unshare(0x200) != 0:
        raise OSError(ctypes.get_errno(), "unshare")
    os.mkdir("/tmp/own")
    os.chdir("/tmp/own")
    dirs["thread-file"] = os.getcwd()
    open("thread-file", "w").close()
t = threading.Thread(target=thread)
t.start()
t.join()
os.chdir("/usr")
dirs["bin/true"] = os.getcwd()
run(lambda: os.execv("bin/true", ["true"]))
usr_bin = os.open("/usr/bin", os.O_RDONLY)
dirs["echo"] = os.readlink("/proc/self/fd/%d" % usr_bin)
argv = (ctypes.c_char_p * 2)(b"echo", None)
run(lambda: libc.syscall(322, usr_bin, b"echo", argv, None, 0))
dirs["../etc/shadow"] = os.getcwd()
run(lambda: os.execv("../etc/shadow", ["shadow"]))
open("/etc/hostname").close()
print(json.dumps(dirs))' </dev/null)
	is "$?" 0 "a program opening and running files by relative paths runs"
	in_root="/hostname [('open', 'allow', True)]
"
	[ -n "${SR_TEST_OLDKERNEL:-}" ] && in_root=
	out=$(/usr/bin/python3 - "$d/events.json" "$out" <<'PY'
import json, sys
dirs = json.loads(sys.argv[2])
events = [json.loads(line) for line in open(sys.argv[1])]
seen = {}
for e in events:
    if e["type"] in ("open", "exec") and e["path"] in dirs:
        seen.setdefault(e["path"], set()).add((e["type"], e["decision"], e.get("dir") == dirs[e["path"]]))
for path in sorted(dirs):
    print(path, sorted(seen.get(path, [])))
print("absolute", sorted({"dir" in e for e in events
                          if e["type"] in ("open", "exec") and e["path"].startswith("/") and e["path"] not in dirs}))
PY
)
	is "$out" "../etc/shadow [('exec', 'deny', True)]
${in_root}bin/true [('exec', 'allow', True)]
echo [('exec', 'allow', True)]
hostname [('open', 'allow', True)]
new [('open', 'allow', True)]
no-such-at-start [('open', 'deny', True)]
shadow [('open', 'deny', True)]
thread-file [('open', 'allow', True)]
absolute [False]" "each relative path's event says its directory, as the program names it; an absolute one's none"
}

# The directory is written as a path is: a name of control and
# non-UTF-8 bytes comes back whole; one longer than its share of the
# event is cut, and said to be, and the event, with a long path and a
# long argv too, still fits a line.
test_relative_dirs_recorded_byte_for_byte() {
	d=$(fresh_dir)
	out=$(sandbox --events="$d/events.json" -- /usr/bin/python3 -c '
import json, os
dirs = {}
hostile = b"/tmp/\n\x1b[2J\x9b\xc2\x85\"\\\xff\xed\xa0\x80"
os.mkdir(hostile)
os.chdir(hostile)
dirs["hostile"] = os.getcwdb()
open("hostile", "w").close()
long = "/tmp/" + "/".join(["d" * 200] * 8)
os.makedirs(long)
os.chdir(long)
dirs["long"] = os.getcwdb()
open("long", "w").close()
os.symlink("/bin/true", "t")
if os.fork() == 0:
    try:
        os.execv("./" * 1200 + "t", ["t"] + ["x" * 200] * 20)
    finally:
        os._exit(1)
os.wait()
print(json.dumps({k: v.decode("utf-8", "surrogateescape") for k, v in dirs.items()}))' </dev/null)
	is "$?" 0 "a program opening files from hostile and long directories runs"
	out=$(/usr/bin/python3 - "$d/events.json" "$out" <<'PY'
import json, sys
dirs = {k: v.encode("utf-8", "surrogateescape") for k, v in json.loads(sys.argv[2]).items()}
lines = open(sys.argv[1], "rb").read().splitlines()
events = {}
for line in lines:
    e = json.loads(line)
    if e["type"] in ("open", "exec") and e["path"] in dirs:
        events[e["path"]] = e
    if e["type"] == "exec" and e["path"].startswith("././"):
        execd = e
def dir_of(e):
    return e["dir"].encode("utf-8", "surrogateescape")
hostile, long = events["hostile"], events["long"]
print("hostile", dir_of(hostile) == dirs["hostile"], "dir_truncated" in hostile)
print("long", dirs["long"].startswith(dir_of(long)), len(dir_of(long)) > 500, long.get("dir_truncated"),
      long["decision"])
print("exec", dirs["long"].startswith(dir_of(execd)), execd.get("dir_truncated"), execd.get("path_truncated"),
      execd["decision"], execd["argv"][0], execd.get("argv_truncated"))
print("fits", max(len(line) for line in lines) <= 4096)
PY
)
	is "$out" "hostile True False
long True True True allow
exec True True True allow t True
fits True" "a directory comes back byte for byte, or cut and said to be, and the event fits"
}

# --stats counts PROGRAM's calls, from its execve as --strace shows
# them: not those sentry-run makes to hand the sandbox over before it.
test_stats_count_program_calls_only() {
	d=$(fresh_dir)
	sandbox --stats -- /bin/true 2>"$d/stats"
	is "$?" 0 "--stats: /bin/true runs"
	sandbox --strace="$d/trace" -- /bin/true
	stats=$(awk '$4 == "total" { print $3 }' "$d/stats")
	traced=$(grep -c '^\[ *[0-9]*: *[0-9]*\] [^ ]* E ' "$d/trace")
	is "$stats" "$traced" "the calls counted are the calls traced"
}

# A sink that takes no more (a full disk, a consumer that hung up): the
# events are lost, PROGRAM runs on, and sentry-run says so once.
test_unwritable_sink_said() {
	err=$(sandbox --events=/dev/full -- /bin/sh -c 'cat /etc/hostname >/dev/null; exit 3' 2>&1)
	is "$?" 3 "a full disk under --events leaves PROGRAM's status alone"
	contains "$err" "--events: cannot write" "sentry-run says the events are not written"
	is "$(printf '%s\n' "$err" | grep -c 'No space left on device')" 1 "once"
	d=$(fresh_dir)
	as_user /usr/bin/python3 - "$d/sock" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(sys.argv[1] + ".t"); s.listen(1); os.rename(sys.argv[1] + ".t", sys.argv[1])
c, _ = s.accept()
c.recv(65536)
c.close()
PY
	listener=$!
	i=0
	while [ ! -S "$d/sock" ] && [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.05; done
	err=$(sandbox --events="unix:$d/sock" -- /bin/sh -c 'sleep 0.5; cat /etc/hostname >/dev/null; exit 4' 2>&1)
	is "$?" 4 "a consumer hanging up leaves PROGRAM's status alone"
	contains "$err" "--events: cannot write" "and sentry-run says the events are not written"
	wait "$listener"
}

# --wait=all: the exit event names the last process of the sandbox, the
# daemon, not the start script that exited 0 before it; and none when
# the sandbox was killed, as it names none without --wait=all.
test_wait_all_exit_event() {
	d=$(fresh_dir)
	exit_event='import json, sys
print([(e["comm"], e["status"], e["pid"] > 2) for e in map(json.loads, open(sys.argv[1])) if e["type"] == "exit"])'
	sandbox --wait=all --events="$d/daemon.json" -- /bin/sh -c 'setsid -f /bin/sleep 1; exit 0'
	is "$?" 0 "--wait=all: the daemon's 0"
	is "$(/usr/bin/python3 -c "$exit_event" "$d/daemon.json")" "[('sleep', 0, True)]" \
		"--wait=all: the exit event names the daemon, the last process"
	# The daemon ignores SIGTERM from the start, inherited through
	# sentry-run: a trap came after the timeout when the sandbox was
	# slow to start.
	as_user env --ignore-signal=TERM "$SENTRY_RUN" --wait=all --events="$d/killed.json" --timeout=1s \
		--kill-after=200ms -- /bin/sh -c \
		'setsid -f /bin/sh -c "while :; do sleep 0.05; done" </dev/null >/dev/null 2>&1; exit 0' 2>/dev/null
	is "$?" 124 "--wait=all: a daemon ignoring the timeout's SIGTERM is killed"
	is "$(/usr/bin/python3 -c "$exit_event" "$d/killed.json")" "[('', 124, False)]" \
		"--wait=all: the exit event of a killed sandbox names no process, not the start script"
}

# A sandbox that sentry-run ended (--timeout, --memory): the exit event
# still names PROGRAM and says that it was killed, by which signal and
# why; it said "pid": -1 when init was killed before it could reap
# PROGRAM, and nothing said why.
test_killed_exit_event_says_why() {
	d=$(fresh_dir)
	killed_event='import json, sys
e = [e for e in map(json.loads, open(sys.argv[1])) if e["type"] == "exit"][-1]
print(e["pid"], e["status"], e.get("signal"), e.get("reason"))'
	sandbox --events="$d/term.json" --timeout=1s -- /bin/sh -c 'sleep 5' 2>/dev/null
	is "$?" 124 "--timeout: 124"
	is "$(/usr/bin/python3 -c "$killed_event" "$d/term.json")" "2 124 15 timeout" \
		"the exit event of a timeout names PROGRAM, its SIGTERM and the timeout"
	# SIGTERM ignored from the start, inherited through sentry-run: a
	# trap came after the timeout when the sandbox was slow to start.
	as_user env --ignore-signal=TERM "$SENTRY_RUN" --events="$d/kill.json" --timeout=1s --kill-after=200ms -- \
		/bin/sh -c 'while :; do sleep 0.05; done' 2>/dev/null
	is "$?" 124 "--timeout, SIGTERM ignored: 124"
	is "$(/usr/bin/python3 -c "$killed_event" "$d/kill.json")" "2 124 9 timeout" \
		"the exit event of a timeout's SIGKILL names PROGRAM, the SIGKILL and the timeout"
	if ! cgroups_writable; then
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - [$mode] the exit event of an OOM kill # SKIP no cgroup for this user"
		return
	fi
	sandbox --events="$d/oom.json" --memory=64M -- "$WORK/bin/memhog" 1024 >/dev/null 2>&1
	is "$?" 137 "--memory: 137"
	is "$(/usr/bin/python3 -c "$killed_event" "$d/oom.json")" "2 137 9 memory" \
		"the exit event of an OOM kill names PROGRAM, the SIGKILL and the memory limit"
}

# A consumer learns the stream's keys from the man page: each key of
# each kind of event (nested ones too) and each kind's name are in the
# --events item, in bold, as the code writes them.  A run that makes
# every kind but the losses; a lost event's count is "count", or the
# exit event's "dropped".  Ended by a timeout long enough for all its
# work: the sanitized build under load had not yet made the last kinds
# when a 2 s one came.
test_man_page_names_every_field() {
	d=$(fresh_dir)
	p=$(free_port)
	sandbox --events="$d/events.json" --net=host "--allow=tcp:127.0.0.1:$p" --timeout=10s \
		--ro "$WORK/bin" -- /usr/bin/python3 -c '
import os, socket, subprocess, sys, time
subprocess.run(["/bin/true"] + ["x"] * 300)
try:
    subprocess.run(["/etc/shadow"])
except OSError:
    pass
subprocess.run([sys.argv[1], "bpf"], stdout=subprocess.DEVNULL)
fd = os.open("/bin/true", os.O_RDONLY)
if os.fork() == 0:
    os.execve(fd, ["true"], {})
os.wait()
try:
    open("/tmp/" + "./" * 2000 + "x")
except OSError:
    pass
long = "/tmp/" + "/".join(["d" * 200] * 8)
os.makedirs(long)
os.chdir(long)
open("x", "w").close()
try:
    os.kill(1, 15)
except OSError:
    pass
for port in (int(sys.argv[2]), 1):
    try:
        socket.socket().connect(("127.0.0.1", port))
    except OSError:
        pass
try:
    socket.socket().bind(("127.0.0.1", 1))
except OSError:
    pass
try:
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", 1))
except OSError:
    pass
time.sleep(60)' "$WORK/bin/attack" "$p" >/dev/null 2>&1
	is "$?" 124 "a program making every kind of event runs until its timeout"
	out=$(/usr/bin/python3 - "$d/events.json" "$top_srcdir/man/sentry-run.1" <<'PY'
import json, re, sys
keys = {}
def walk(kind, e, prefix=""):
    for k, v in e.items():
        keys.setdefault(kind, set()).add(prefix + k)
        if isinstance(v, dict):
            walk(kind, v, prefix + k + ".")
for line in open(sys.argv[1]):
    e = json.loads(line)
    walk(e["type"], e)
keys.setdefault("dropped", set()).update({"count"})
keys.setdefault("exit", set()).update({"dropped"})
page = open(sys.argv[2]).read()
item = page[page.index(".BI \\-\\-events="):]
item = item[:re.search(r"^\.(TP|SS|SH)", item, re.M).start()]
bold = set()
for m in re.finditer(r"^\.(?:BR?|RB \S+) (\S+)|\\fB(.*?)\\f[RP]", item, re.M):
    bold.add((m.group(1) or m.group(2)).strip('"').replace("\\(dq", "").replace("\\-", "-").split(":")[0])
print(sorted(keys))
for kind in sorted(keys):
    missing = sorted(k.split(".")[-1] for k in keys[kind] if k.split(".")[-1] not in bold)
    if kind not in bold or missing:
        print(kind, "" if kind in bold else "(the kind)", missing)
PY
)
	is "$out" "['bind', 'connect', 'denied', 'dropped', 'exec', 'exit', 'open', 'send', 'signal']" \
		"every kind of event is documented by its name and each of its keys"
}

# In --net=host a datagram sent to an address outside the allowlist is
# refused as a connect to it is, and recorded as one is: a "send" event
# with the address, the refusal and its errno, whichever call sent it;
# one to an allowed address is not (a connect gives the one event of a
# stream; datagrams would flood the stream).
test_refused_send_recorded() {
	d=$(fresh_dir)
	p1=$(free_port)
	p2=$(free_port)
	out=$(sandbox --events="$d/events.json" --net=host "--allow=udp:127.0.0.1:$p1" -- /usr/bin/python3 -c '
import socket, sys
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port in sys.argv[1:]:
    for send in (lambda a: u.sendto(b"x", a), lambda a: u.sendmsg([b"x"], [], 0, a)):
        try:
            send(("127.0.0.1", int(port)))
            print("sent", port)
        except OSError as e:
            print("refused", port, e.errno)' "$p1" "$p2")
	is "$out" "sent $p1
sent $p1
refused $p2 13
refused $p2 13" "datagrams to an address outside the allowlist are refused"
	out=$(/usr/bin/python3 - "$d/events.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] in ("send", "connect"):
        print(e["type"], e["address"], e["decision"], e.get("errno"), e["pid"], e["comm"])
PY
)
	is "$out" "send 127.0.0.1:$p2 deny 13 2 python3
send 127.0.0.1:$p2 deny 13 2 python3" "each refused send is recorded: the address, the refusal and its errno"
}

run_suite test_events_to_file test_argument_refusals_recorded test_comm_recorded_as_set test_pidfd_signal_recorded test_paths_recorded_byte_for_byte test_hostile_names_one_line_each test_slow_consumer_told_of_every_loss test_draining_consumer_told_of_loss test_stalled_consumer test_planted_link_not_followed test_outputs_out_of_reach test_consumer_never_reads test_stats_summary test_long_paths_recorded test_fifo_without_reader test_planted_fifo_for_strace test_listener_never_accepts test_unix_addresses_recorded_as_named test_refused_exec_recorded test_exec_argv_recorded test_exec_through_fd_recorded test_relative_paths_placed test_relative_dirs_recorded_byte_for_byte test_stats_count_program_calls_only test_unwritable_sink_said \
	test_wait_all_exit_event test_killed_exit_event_says_why test_man_page_names_every_field test_refused_send_recorded
