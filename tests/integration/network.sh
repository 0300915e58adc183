#!/bin/sh
# The network modes with real listeners the tests start on the host:
# loopback (the default) and none have a network of their own; host
# shares the host's, with the Sentry holding connect, bind and the
# sends to the allowlist; each refusal is checked at the listener (its
# accept or datagram count stays zero), not only by the errno.
. "$top_srcdir/tests/lib.sh"

NETFLIP="$WORK/bin/netflip"
UNIXFLIP="$WORK/bin/unixflip"
LISTENERS=

# listen.py KIND ADDRESS COUNTFILE: tcp PORT (accepts, says hello),
# tcp-any PORT (the same on every address of the host, those to come too),
# tcp-at ADDRESS:PORT (the same on one address), tcp-any6 PORT (on [::],
# taking IPv4 too),
# udp PORT (counts datagrams), udp-at ADDRESS:PORT (on one address), abstract NAME (a unix abstract listener),
# abstract-dgram NAME (a unix abstract datagram socket, counting datagrams),
# stall PORT (listen(0), never accepts: connects queue up and block),
# http PORT (serves the current directory).  The count file holds the
# number of connections or datagrams so far; 0 once it is listening.
cat > "$WORK/listen.py" <<'EOF'
import http.server, os, socket, sys, time
kind, where, countfile = sys.argv[1], sys.argv[2], sys.argv[3]
def count(n):
    with open(countfile + ".t", "w") as f:
        f.write(str(n))
    os.rename(countfile + ".t", countfile)
if kind == "http":
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.HTTPServer(("127.0.0.1", int(where)), Quiet)
    count(0)
    server.serve_forever()
if kind == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", int(where)))
elif kind == "udp-at":
    kind = "udp"
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((where.rsplit(":", 1)[0], int(where.rsplit(":", 1)[1])))
elif kind == "abstract":
    s = socket.socket(socket.AF_UNIX)
    s.bind("\0" + where)
elif kind == "abstract-dgram":
    kind = "udp"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind("\0" + where)
elif kind == "tcp-any6":
    s = socket.socket(socket.AF_INET6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", int(where)))
else:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if kind == "tcp-at":
        s.bind((where.rsplit(":", 1)[0], int(where.rsplit(":", 1)[1])))
    else:
        s.bind(("0.0.0.0" if kind == "tcp-any" else "127.0.0.1", int(where)))
if kind == "stall":
    s.listen(0)
    count(0)
    time.sleep(3600)
if kind != "udp":
    s.listen(64)
count(0)
n = 0
while True:
    if kind == "udp":
        if s.recv(65536) == b"sr-sync":
            # udp_count's mark: every datagram before it is counted.
            open(countfile + ".sync", "w").close()
            continue
    else:
        c, _ = s.accept()
        try:
            c.sendall(b"hello\n")
        except OSError:
            pass  # a peer gone already still counts
        c.close()
    n += 1
    count(n)
EOF


# start_listener KIND ADDRESS: runs on the host (as root, outside any
# sandbox); sets $count to its count file once it is ready.
start_listener() {
	count="$WORK/count.$1.$2"
	rm -f "$count"
	python3 "$WORK/listen.py" "$1" "$2" "$count" >/dev/null 2>&1 &
	LISTENERS="$LISTENERS $!"
	i=0
	while [ ! -f "$count" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# count_after FILE N: the count in FILE once it reaches N (the listener
# counts a connection after its accept, which may come after the
# client's connect returned), or what it is after 30 s.
count_after() {
	i=0
	while [ "$(cat "$1")" -lt "$2" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	cat "$1"
}

# udp_count FILE HOST PORT: the count in FILE of the UDP listener at
# HOST:PORT once it has taken every datagram sent to it so far (a last
# one sent here, "sr-sync", queued after them, is taken last), or what
# it is after 30 s.
udp_count() {
	rm -f "$1.sync"
	python3 -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"sr-sync", (sys.argv[1], int(sys.argv[2])))' "$2" "$3"
	i=0
	while [ ! -f "$1.sync" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	cat "$1"
}

stop_listeners() {
	for pid in $LISTENERS; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	LISTENERS=
}
trap 'stop_listeners; cleanup_work' EXIT

# What connect() says, as an errno name or "ok", for FAMILY ADDRESS.
CONNECT_PY='
import errno, socket, sys
fam = socket.AF_UNIX if sys.argv[1] == "unix" else socket.AF_INET
addr = sys.argv[2] if fam == socket.AF_UNIX else ("127.0.0.1", int(sys.argv[2]))
if fam == socket.AF_UNIX and addr.startswith("@"):
    addr = "\0" + addr[1:]
s = socket.socket(fam)
try:
    s.connect(addr)
    print("ok")
except OSError as e:
    print(errno.errorcode[e.errno])
'

try_connect() {  # try_connect [SANDBOX-OPTIONS...] -- tcp PORT | unix @NAME
	python_args=
	while [ "$1" != -- ]; do
		python_args="$python_args $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	sandbox $python_args -- python3 -c "$CONNECT_PY" "$1" "$2" 2>/dev/null
}

test_loopback_is_private() {
	port=$(free_port)
	out=$(sandbox -- python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
c = socket.socket(); c.connect(s.getsockname())
a, _ = s.accept(); a.sendall(b"inside"); print(c.recv(10).decode())
' 2>&1)
	is "$out" inside "loopback: a server and a client inside talk over 127.0.0.1"
	start_listener tcp "$port"; count=$count
	out=$(try_connect -- tcp "$port")
	is "$out" ECONNREFUSED "loopback: the host's listener on 127.0.0.1 is not there"
	is "$(cat "$count")" 0 "loopback: nothing reached the host's listener"
	out=$(sandbox --allow="tcp:127.0.0.1:$port" -- /bin/true 2>&1)
	contains "$out" "allow= and bind= apply to mode=host and veth only" \
		"loopback: an --allow that opens nothing is warned of"
	if [ "$mode" = root ]; then
		out=$(python3 -c "$CONNECT_PY" tcp "$port")
		is "$out" ok "the host's listener takes connections outside the sandbox"
	fi
	stop_listeners
}

test_none_reaches_nothing() {
	out=$(sandbox --net=none -- python3 -c "$CONNECT_PY" tcp 9 2>&1)
	is "$out" ENETUNREACH "none: not even 127.0.0.1 is reachable (lo is down)"
	out=$(sandbox --net=none -- ip -o link show lo 2>&1)
	contains "$out" "lo: <LOOPBACK>" "none: lo is down"
	out=$(sandbox -- ip -o link show lo 2>&1)
	contains "$out" "LOOPBACK,UP" "loopback: lo is up"
}

test_host_allowlist() {
	p1=$(free_port)
	start_listener tcp "$p1"; c1=$count
	p2=$(free_port)
	start_listener tcp "$p2"; c2=$count
	out=$(try_connect --net=host "--allow=tcp:127.0.0.1:$p1" -- tcp "$p1")
	is "$out" ok "host: the allowed port connects"
	is "$(count_after "$c1" 1)" 1 "host: the allowed listener took the connection"
	out=$(try_connect --net=host "--allow=tcp:127.0.0.1:$p1" -- tcp "$p2")
	is "$out" EACCES "host: another port is refused with EACCES"
	is "$(cat "$c2")" 0 "host: nothing reached the forbidden listener"
	lo=$p1 hi=$p2
	[ "$p1" -le "$p2" ] || lo=$p2 hi=$p1
	out=$(try_connect --net=host "--allow=tcp:127.0.0.0/8:$lo-$hi" -- tcp "$p2")
	is "$out" ok "host: a CIDR and a port range allow it"
	out=$(sandbox -v --net=host -- python3 -c "
import socket
for i in range(3):
    try:
        socket.socket().connect(('127.0.0.1', $p2))
    except OSError:
        pass
" 2>&1)
	contains "$out" "(python3): connect tcp 127.0.0.1:$p2 refused" "host: -v logs the refusal with the pid and comm"
	is "$(printf '%s\n' "$out" | grep -c refused)" 1 "host: once per destination"
	stop_listeners
}

test_host_udp() {
	p1=$(free_port)
	start_listener udp "$p1"; c1=$count
	p2=$(free_port)
	start_listener udp "$p2"; c2=$count
	out=$(sandbox --net=host "--allow=udp:127.0.0.1:$p1" -- python3 -c "
import errno, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b'yes', ('127.0.0.1', $p1))
try:
    s.sendto(b'no', ('127.0.0.1', $p2)); print('sent')
except OSError as e:
    print(errno.errorcode[e.errno])
try:
    s.sendmsg([b'no'], [], 0, ('127.0.0.1', $p2)); print('sent')
except OSError as e:
    print(errno.errorcode[e.errno])
" 2>&1)
	is "$out" "EACCES
EACCES" "host: sendto and sendmsg to a forbidden UDP port are refused"
	is "$(udp_count "$c1" 127.0.0.1 "$p1")" 1 "host: the allowed UDP listener got its datagram"
	udp_count "$c2" 127.0.0.1 "$p2" >/dev/null
	is "$(cat "$c2")" 0 "host: the forbidden UDP listener got no datagram"
	stop_listeners
}

# udp_sendmsg reads an AF_UNSPEC destination as AF_INET: a sendto with
# one, a family the allowlist lets through for connect (a UDP
# "disconnect"), must be checked as the address it is.
test_host_udp_unspec_destination() {
	p1=$(free_port)
	start_listener udp "$p1"; c1=$count
	p2=$(free_port)
	start_listener udp "$p2"; c2=$count
	out=$(sandbox --net=host "--allow=udp:127.0.0.1:$p1" -- python3 -c "
import ctypes, errno, socket, struct
libc = ctypes.CDLL(None, use_errno=True)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port in ($p1, $p2):
    addr = ctypes.create_string_buffer(struct.pack('=HH4s8x', socket.AF_UNSPEC, socket.htons(port),
                                                   socket.inet_aton('127.0.0.1')), 16)
    r = libc.sendto(s.fileno(), b'u', 1, 0, addr, 16)
    print(r if r >= 0 else errno.errorcode[ctypes.get_errno()])
" 2>&1)
	is "$out" "1
EACCES" "host: a UDP send to an AF_UNSPEC address is checked as the IPv4 one it is"
	is "$(udp_count "$c1" 127.0.0.1 "$p1")" 1 "host: the allowed UDP listener got the AF_UNSPEC datagram"
	udp_count "$c2" 127.0.0.1 "$p2" >/dev/null
	is "$(cat "$c2")" 0 "host: the forbidden UDP listener got none"
	stop_listeners
}

# connect() of an IPv6 socket takes a sockaddr_in6 of 24 bytes (RFC
# 2133, no sin6_scope_id) as the whole one: here a v4-mapped address.
SHORT_SIN6_PY='
import ctypes, errno, socket, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
out = []
for port in map(int, sys.argv[1:]):
    s = socket.socket(socket.AF_INET6)
    raw = struct.pack("=HHI16s", socket.AF_INET6, socket.htons(port), 0,
                      socket.inet_pton(socket.AF_INET6, "::ffff:127.0.0.1"))
    addr = ctypes.create_string_buffer(raw, len(raw))
    out.append("ok" if libc.connect(s.fileno(), addr, len(raw)) == 0 else errno.errorcode[ctypes.get_errno()])
print(" ".join(out))
'

test_host_ipv6_address_without_scope_id() {
	p1=$(free_port)
	start_listener tcp "$p1"; c1=$count
	p2=$(free_port)
	start_listener tcp "$p2"; c2=$count
	out=$(sandbox --net=host "--allow=tcp:127.0.0.1:$p1" -- python3 -c "$SHORT_SIN6_PY" "$p1" "$p2" 2>&1)
	is "$out" "ok EACCES" "host: a 24-byte IPv6 address connects where the allowlist says, not elsewhere"
	is "$(count_after "$c1" 1)" 1 "host: the allowed listener got the connection"
	is "$(cat "$c2")" 0 "host: the forbidden listener got none"
	stop_listeners
}

# An address that names nothing the socket can reach (shorter than its
# family's, or of a family the socket does not take) is the kernel's to
# refuse, with EINVAL or EAFNOSUPPORT, not the allowlist's with EACCES.
MALFORMED_ADDRESS_PY='
import ctypes, errno, socket, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
port = int(sys.argv[1])
v4 = struct.pack("=HH4s8x", socket.AF_INET, socket.htons(port), socket.inet_aton("127.0.0.1"))
v6 = struct.pack("=HHI16sI", socket.AF_INET6, socket.htons(port), 0, socket.inet_pton(socket.AF_INET6, "::1"), 0)
unix = struct.pack("=H14s", socket.AF_UNIX, b"/tmp/nothing")
def call(f, family, kind, raw, n):
    s = socket.socket(family, kind)
    addr = ctypes.create_string_buffer(raw, len(raw))
    r = f(s, addr, n)
    return "ok" if r >= 0 else errno.errorcode[ctypes.get_errno()]
connect = lambda s, a, n: libc.connect(s.fileno(), a, n)
sendto = lambda s, a, n: libc.sendto(s.fileno(), b"x", 1, 0, a, n)
print(call(connect, socket.AF_INET, socket.SOCK_STREAM, v4, 8),
      call(connect, socket.AF_INET, socket.SOCK_STREAM, v6, len(v6)),
      call(connect, socket.AF_INET, socket.SOCK_STREAM, unix, len(unix)),
      call(connect, socket.AF_INET6, socket.SOCK_STREAM, v4, len(v4)),
      call(sendto, socket.AF_INET, socket.SOCK_DGRAM, v4, 8),
      call(sendto, socket.AF_INET, socket.SOCK_DGRAM, v6, len(v6)))
'

test_host_malformed_address() {
	port=$(free_port)
	expected="EINVAL EAFNOSUPPORT EAFNOSUPPORT EINVAL EINVAL EAFNOSUPPORT"
	out=$(as_user /usr/bin/python3 -c "$MALFORMED_ADDRESS_PY" "$port" 2>&1)
	is "$out" "$expected" "outside the sandbox the kernel refuses malformed addresses"
	out=$(sandbox -v --net=host -- python3 -c "$MALFORMED_ADDRESS_PY" "$port" 2>"$WORK/malformed.err")
	is "$out" "$expected" "host: a malformed address gets the kernel's errno, not EACCES"
	lacks "$(cat "$WORK/malformed.err")" "refused" "host: and no refusal is logged for it"
}

# connect(AF_UNSPEC) undoes a unix datagram socket's connect, as it does a
# UDP one's: it reaches nothing and is not the allowlist's to refuse.
UNIX_DISCONNECT_PY='
import ctypes, errno, socket, struct
libc = ctypes.CDLL(None, use_errno=True)
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
raw = struct.pack("=H14x", socket.AF_UNSPEC)
addr = ctypes.create_string_buffer(raw, len(raw))
r = libc.connect(a.fileno(), addr, len(raw))
print("disconnected" if r == 0 else errno.errorcode[ctypes.get_errno()])
'

test_host_unix_datagram_disconnect() {
	out=$(as_user /usr/bin/python3 -c "$UNIX_DISCONNECT_PY" 2>&1)
	is "$out" disconnected "outside the sandbox a unix datagram socket disconnects with AF_UNSPEC"
	out=$(sandbox --net=host -- python3 -c "$UNIX_DISCONNECT_PY" 2>&1)
	is "$out" disconnected "host: a unix datagram socket disconnects with AF_UNSPEC"
}

# A program's IPv6 routing header (a segment routing header, type 4, as
# a socket option; type 2 as a control message) would send its packets
# to the header's segment, an address the allowlist never saw: here ::1,
# while only fd00::1 (unrouted: never reached) is allowed.  As root a
# packet socket on lo watches for any packet carrying a routing header.
ROUTING_HEADER_PY='
import errno, socket, struct, sys
port = int(sys.argv[1])
loop = socket.inet_pton(socket.AF_INET6, "::1")
srh = bytes([0, 2, 4, 0, 0, 0, 0, 0]) + loop
type2 = bytes([0, 2, 2, 1, 0, 0, 0, 0]) + loop
out = []
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
try:
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RTHDR, srh)
    s.sendto(b"rthdr", ("fd00::1", port))
    out.append("sent")
except OSError as e:
    out.append(errno.errorcode[e.errno])
try:
    s2 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s2.sendmsg([b"rthdr"], [(socket.IPPROTO_IPV6, socket.IPV6_RTHDR, type2)], 0, ("fd00::1", port))
    out.append("sent")
except OSError as e:
    out.append(errno.errorcode[e.errno])
print(" ".join(out))
'
SNIFF_ROUTING_HEADER_PY='
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x86dd))
s.bind(("lo", 0))
s.settimeout(0.2)
open(sys.argv[1], "w").close()
seen, end = 0, time.time() + float(sys.argv[2])
while time.time() < end:
    try:
        pkt = s.recv(65536)
    except socket.timeout:
        continue
    if len(pkt) > 40 and pkt[6] == 43 and pkt.endswith(b"rthdr"):
        seen += 1
print(seen)
'

test_host_ipv6_routing_header() {
	port=$(free_port)
	if [ "$mode" = root ]; then
		rm -f "$WORK/sniff.ready"
		python3 -c "$SNIFF_ROUTING_HEADER_PY" "$WORK/sniff.ready" 4 >"$WORK/sniffed" &
		sniffer=$!
		i=0
		while [ ! -f "$WORK/sniff.ready" ] && [ $i -lt 100 ]; do
			sleep 0.05
			i=$((i + 1))
		done
	fi
	out=$(sandbox --net=host "--allow=udp:[fd00::1]:$port" -- python3 -c "$ROUTING_HEADER_PY" "$port" 2>&1)
	is "$out" "EPERM EPERM" "host: an IPv6 routing header, as a socket option or a control message, is refused"
	if [ "$mode" = root ]; then
		wait "$sniffer"
		is "$(cat "$WORK/sniffed")" 0 "host: no packet with a routing header left the sandbox"
	fi
}

# IPv4 source routing: with a loose source route (setsockopt IP_OPTIONS,
# or an IP_RETOPTS control message, which the Sentry passes on when it
# sends) the kernel sends each packet to the route's first hop
# (udp_sendmsg and tcp_v4_connect route to opt.faddr), an address the
# allowlist never saw: here 127.0.0.3, while 127.0.0.2 is allowed.
# Kernels with "ipv4: restrict IPOPT_SSRR and IPOPT_LSRR options" want
# CAP_NET_RAW for it, which the program never has; older ones take it
# from anyone.  A record route option, which every kernel takes, shows
# that the refusal does not rest on that.  IP_PKTINFO and IPV6_PKTINFO
# choose the source address, not the destination: they stay.
SOURCE_ROUTE_PY='
import errno, socket, struct, sys
port = int(sys.argv[1])
allowed, hop = "127.0.0.2", "127.0.0.3"
lsrr = bytes([0x83, 7, 4]) + socket.inet_aton(hop)
rr = bytes([7, 7, 4, 0, 0, 0, 0, 0])
IP_PKTINFO = 8
def udp(family=socket.AF_INET):
    return socket.socket(family, socket.SOCK_DGRAM)
def option_send(label, option, family=socket.AF_INET, to=allowed):
    s = udp(family)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_OPTIONS, option)
    s.sendto(label, (to, port))
def connected_send(label, option):
    s = udp()
    s.connect((allowed, port))
    s.sendmsg([label], [(socket.IPPROTO_IP, socket.IP_RETOPTS, option)])
def tcp_connect():
    s = socket.socket()
    s.setsockopt(socket.IPPROTO_IP, socket.IP_OPTIONS, lsrr)
    s.settimeout(1)
    s.connect((allowed, port))
v4mapped = lambda a: socket.inet_pton(socket.AF_INET6, "::ffff:" + a)
steps = [
    lambda: option_send(b"setsockopt", lsrr),
    lambda: connected_send(b"cmsg", lsrr),
    lambda: udp().sendmsg([b"cmsg-addr"], [(socket.IPPROTO_IP, socket.IP_RETOPTS, lsrr)], 0, (allowed, port)),
    lambda: option_send(b"v6", lsrr, socket.AF_INET6, "::ffff:" + allowed),
    tcp_connect,
    lambda: option_send(b"rr", rr),
    lambda: connected_send(b"rr-cmsg", rr),
    lambda: udp().sendmsg([b"pktinfo"], [(socket.IPPROTO_IP, IP_PKTINFO,
                                          struct.pack("=i4s4s", 0, socket.inet_aton(hop), bytes(4)))],
                          0, (allowed, port)),
    lambda: udp(socket.AF_INET6).sendmsg([b"pktinfo6"], [(socket.IPPROTO_IPV6, socket.IPV6_PKTINFO,
                                                          struct.pack("=16si", v4mapped(hop), 0))],
                                         0, ("::ffff:" + allowed, port)),
    lambda: udp().sendto(b"plain", (allowed, port)),
]
out = []
for step in steps:
    try:
        step()
        out.append("sent")
    except OSError as e:
        out.append(errno.errorcode[e.errno] if e.errno else type(e).__name__)
print(" ".join(out))
'
# Watches lo until a datagram saying "sr-end": which of the program's
# packets went to 127.0.0.3 (by their payload, "tcp" for a SYN), and how
# many plain ones reached 127.0.0.2.
SNIFF_SOURCE_ROUTE_PY='
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
s.bind(("lo", 0))
s.settimeout(0.2)
open(sys.argv[1], "w").close()
hop, allowed = socket.inet_aton("127.0.0.3"), socket.inet_aton("127.0.0.2")
forbidden, plain = set(), 0
end = time.time() + 60
while time.time() < end:
    try:
        pkt = s.recv(65536)
    except socket.timeout:
        continue
    if len(pkt) < 20 or pkt[9] not in (socket.IPPROTO_TCP, socket.IPPROTO_UDP):
        continue
    payload = pkt[(pkt[0] & 15) * 4 + 8:] if pkt[9] == socket.IPPROTO_UDP else b"tcp"
    if payload == b"sr-end":
        break
    if pkt[16:20] == hop:
        forbidden.add(payload.decode())
    elif pkt[16:20] == allowed and payload == b"plain":
        plain += 1
print("to 127.0.0.3: %s; plain: %d" % (",".join(sorted(forbidden)) or "none", plain))
'
# own-net.sh DIR SNIFFER CMD...: CMD in the network namespace the caller
# made for it, lo up, while the python program SNIFFER watches lo and
# writes what it saw to DIR/sniffed.
cat > "$WORK/own-net.sh" <<'EOF'
dir=$1 sniff=$2
shift 2
ip link set lo up || exit 1
rm -f "$dir/ready"
/usr/bin/python3 -c "$sniff" "$dir/ready" >"$dir/sniffed" &
sniffer=$!
i=0
while [ ! -f "$dir/ready" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
"$@"
/usr/bin/python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"sr-end", ("127.0.0.1", 9))'
wait "$sniffer"
EOF

# in_own_net DIR SNIFFER CMD...: own-net.sh as the mode's user, root of
# a user namespace that owns a network namespace of the test's own.
in_own_net() {
	as_user unshare --user --map-root-user --net sh "$WORK/own-net.sh" "$@"
}

test_host_ipv4_source_route() {
	dir=$(fresh_dir)
	port=$(free_port)
	out=$(in_own_net "$dir" "$SNIFF_SOURCE_ROUTE_PY" "$SENTRY_RUN" --net=host "--allow=udp:127.0.0.2:$port" \
		"--allow=tcp:127.0.0.2:$port" -- python3 -c "$SOURCE_ROUTE_PY" "$port" 2>&1)
	is "$out" "EPERM EPERM EPERM EPERM EPERM EPERM EPERM sent sent sent" \
		"host: IPv4 options (a source route, a record route), set or sent as control data, are refused; PKTINFO stays"
	is "$(cat "$dir/sniffed")" "to 127.0.0.3: none; plain: 1" \
		"host: nothing left for the source route's first hop; the plain datagram to the allowed address did"
	# The control: root of the namespace (CAP_NET_RAW, as newer kernels
	# want) sends each one to the first hop, and the watch sees it.
	out=$(in_own_net "$dir" "$SNIFF_SOURCE_ROUTE_PY" /usr/bin/python3 -c "$SOURCE_ROUTE_PY" "$port" 2>&1)
	lacks "$out" EPERM "outside the sandbox every option is taken ($out)"
	is "$(cat "$dir/sniffed")" "to 127.0.0.3: cmsg,cmsg-addr,setsockopt,tcp,v6; plain: 1" \
		"outside the sandbox each source route sends to its first hop"
}

# libc's struct msghdr for ctypes, for the calls python has no binding
# for or builds only well-formed.
MSGHDR_PY='
import ctypes, errno, socket, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
class iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
class msghdr(ctypes.Structure):
    _fields_ = [("name", ctypes.c_void_p), ("namelen", ctypes.c_uint), ("iov", ctypes.POINTER(iovec)),
                ("iovlen", ctypes.c_size_t), ("control", ctypes.c_void_p), ("controllen", ctypes.c_size_t),
                ("flags", ctypes.c_int)]
'

# sendmmsg through ctypes (python has no binding): prints what the call
# returned for each list of ports, or the errno's name.
SENDMMSG_PY=$MSGHDR_PY'
class mmsghdr(ctypes.Structure):
    _fields_ = [("hdr", msghdr), ("len", ctypes.c_uint)]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
def sendmmsg(ports):
    msgs = (mmsghdr * max(len(ports), 1))()
    keep = []
    for i, port in enumerate(ports):
        addr = ctypes.create_string_buffer(struct.pack("=HH4s8x", socket.AF_INET, socket.htons(port),
                                                       socket.inet_aton("127.0.0.1")), 16)
        data = ctypes.create_string_buffer(b"mm", 2)
        iov = iovec(ctypes.cast(data, ctypes.c_void_p), 2)
        keep += [addr, data, iov]
        msgs[i].hdr.name = ctypes.cast(addr, ctypes.c_void_p)
        msgs[i].hdr.namelen = 16
        msgs[i].hdr.iov = ctypes.pointer(iov)
        msgs[i].hdr.iovlen = 1
    r = libc.sendmmsg(s.fileno(), msgs, len(ports), 0)
    return str(r) if r >= 0 else errno.errorcode[ctypes.get_errno()]
ok, no = int(sys.argv[1]), int(sys.argv[2])
print(sendmmsg([ok, ok]), sendmmsg([ok, no]), sendmmsg([no]), sendmmsg([]))
'

test_host_sendmmsg() {
	p1=$(free_port)
	start_listener udp "$p1"; c1=$count
	p2=$(free_port)
	start_listener udp "$p2"; c2=$count
	out=$(sandbox --net=host "--allow=udp:127.0.0.1:$p1" -- python3 -c "$SENDMMSG_PY" "$p1" "$p2" 2>&1)
	is "$out" "2 1 EACCES 0" "host: sendmmsg sends up to the first forbidden message, as the kernel counts"
	is "$(udp_count "$c1" 127.0.0.1 "$p1")" 3 "host: the allowed UDP listener got the three allowed datagrams"
	udp_count "$c2" 127.0.0.1 "$p2" >/dev/null
	is "$(cat "$c2")" 0 "host: the forbidden UDP listener got none"
	if [ "$mode" = root ]; then
		out=$(python3 -c "$SENDMMSG_PY" "$p1" "$p2")
		is "$out" "2 2 1 0" "outside the sandbox the same calls send all"
	fi
	stop_listeners
}

# A message's address longer than a sockaddr_storage is cut to one by
# the kernel (__copy_msghdr), not refused: sendmsg and sendmmsg send;
# a length that is negative as an int is EINVAL.
LONG_MSG_NAME_PY=$MSGHDR_PY'
class mmsghdr(ctypes.Structure):
    _fields_ = [("hdr", msghdr), ("len", ctypes.c_uint)]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
addr = ctypes.create_string_buffer(struct.pack("=HH4s8x", socket.AF_INET, socket.htons(int(sys.argv[1])),
                                               socket.inet_aton("127.0.0.1")), 200)
data = ctypes.create_string_buffer(b"n", 1)
iov = iovec(ctypes.cast(data, ctypes.c_void_p), 1)
out = []
for namelen in (200, 0x80000000):
    m = msghdr(ctypes.cast(addr, ctypes.c_void_p), namelen, ctypes.pointer(iov), 1, None, 0, 0)
    r = libc.sendmsg(s.fileno(), ctypes.byref(m), 0)
    out.append(str(r) if r >= 0 else errno.errorcode[ctypes.get_errno()])
mm = mmsghdr(msghdr(ctypes.cast(addr, ctypes.c_void_p), 200, ctypes.pointer(iov), 1, None, 0, 0), 0)
r = libc.sendmmsg(s.fileno(), ctypes.byref(mm), 1, 0)
out.append(str(r) if r >= 0 else errno.errorcode[ctypes.get_errno()])
print(" ".join(out))
'

test_host_sendmsg_long_address() {
	port=$(free_port)
	start_listener udp "$port"; c=$count
	out=$(as_user /usr/bin/python3 -c "$LONG_MSG_NAME_PY" "$port" 2>&1)
	is "$out" "1 EINVAL 1" "outside the sandbox a 200-byte msg_namelen sends, a negative one is EINVAL"
	out=$(sandbox --net=host "--allow=udp:127.0.0.1:$port" -- python3 -c "$LONG_MSG_NAME_PY" "$port" 2>&1)
	is "$out" "1 EINVAL 1" "host: a 200-byte msg_namelen sends (cut as the kernel cuts it), a negative one is EINVAL"
	is "$(udp_count "$c" 127.0.0.1 "$port")" 4 "host: the listener got the datagrams sent outside and inside"
	stop_listeners
}

# A connected TCP socket's send ignores the address given with it
# (tcp_sendmsg): it goes to the peer, which connect() let through (a
# listener that never accepts, so that the connection stays open).
CONNECTED_TCP_SEND_PY='
import errno, socket, sys
s = socket.socket()
s.connect(("127.0.0.1", int(sys.argv[1])))
out = []
for send in (lambda: s.sendto(b"x", ("127.0.0.1", int(sys.argv[2]))),
             lambda: s.sendmsg([b"y"], [], 0, ("127.0.0.1", int(sys.argv[2])))):
    try:
        out.append(str(send()))
    except OSError as e:
        out.append(errno.errorcode[e.errno])
print(" ".join(out))
'

# A connected TCP socket's connect() says EISCONN whatever it names
# (__inet_stream_connect looks at the socket's state first).
CONNECTED_TCP_CONNECT_PY='
import errno, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
for port in sys.argv[1], sys.argv[2]:
    try:
        s.connect(("127.0.0.1", int(port))); print("ok")
    except OSError as e:
        print(errno.errorcode[e.errno])
'

test_host_connected_tcp_connect_is_isconn() {
	p1=$(free_port)
	p2=$(free_port)
	start_listener tcp "$p2"; c2=$count
	start_listener stall "$p1"
	want="EISCONN
EISCONN"
	out=$(as_user /usr/bin/python3 -c "$CONNECTED_TCP_CONNECT_PY" "$p1" "$p2" 2>&1)
	is "$out" "$want" "outside the sandbox a connected TCP socket's connect is EISCONN, to any address"
	p1=$(free_port)
	start_listener stall "$p1"
	out=$(sandbox --net=host "--allow=tcp:127.0.0.1:$p1" -- python3 -c "$CONNECTED_TCP_CONNECT_PY" "$p1" "$p2" 2>&1)
	is "$out" "$want" "host: so it is in the sandbox, to an address the allowlist does not hold too"
	is "$(cat "$c2")" 0 "host: nothing reached the other listener"
	stop_listeners
}

test_host_connected_tcp_send_ignores_the_address() {
	p1=$(free_port)
	p2=$(free_port)
	start_listener tcp "$p2"; c2=$count
	start_listener stall "$p1"
	out=$(as_user /usr/bin/python3 -c "$CONNECTED_TCP_SEND_PY" "$p1" "$p2" 2>&1)
	is "$out" "1 1" "outside the sandbox a connected TCP socket sends to its peer whatever address is given"
	p1=$(free_port)
	start_listener stall "$p1"
	out=$(sandbox --net=host "--allow=tcp:127.0.0.1:$p1" -- python3 -c "$CONNECTED_TCP_SEND_PY" "$p1" "$p2" 2>&1)
	is "$out" "1 1" "host: so it does in the sandbox, the address unchecked and unused"
	is "$(cat "$c2")" 0 "host: nothing reached the other listener"
	stop_listeners
}

# Control data whose last header claims more than the buffer holds: the
# kernel walks to it (each header where the last one's aligned length
# ends) and refuses the message (EINVAL); the Sentry, which reads the
# SCM_RIGHTS fds of each header to pass them on, must not read or write
# past the buffer it copied.  The first header (an unknown type, which
# the kernel refuses too) fills the buffer up to the last 16 bytes.
CMSG_OVERRUN_PY=$MSGHDR_PY'
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
addr = ctypes.create_string_buffer(struct.pack("=HH4s8x", socket.AF_INET, socket.htons(int(sys.argv[1])),
                                               socket.inet_aton("127.0.0.1")), 16)
data = ctypes.create_string_buffer(b"x", 1)
iov = iovec(ctypes.cast(data, ctypes.c_void_p), 1)
size = 16384
control = ctypes.create_string_buffer(size)
struct.pack_into("=Qii", control, 0, size - 16, socket.SOL_SOCKET, 0x7fff)
struct.pack_into("=Qii", control, size - 16, 16 + 4 * 240, socket.SOL_SOCKET, socket.SCM_RIGHTS)
m = msghdr(ctypes.cast(addr, ctypes.c_void_p), 16, ctypes.pointer(iov), 1,
           ctypes.cast(control, ctypes.c_void_p), size, 0)
r = libc.sendmsg(s.fileno(), ctypes.byref(m), 0)
print(r if r >= 0 else errno.errorcode[ctypes.get_errno()], s.sendto(b"y", ("127.0.0.1", int(sys.argv[1]))))
'

test_host_control_data_past_its_buffer() {
	port=$(free_port)
	out=$(sandbox --net=host "--allow=udp:127.0.0.1:$port" -- python3 -c "$CMSG_OVERRUN_PY" "$port" 2>&1)
	is "$out" "EINVAL 1" "host: control data running past its buffer is refused as the kernel does, and the next send works"
	if [ "$mode" = root ]; then
		is "$(python3 -c "$CMSG_OVERRUN_PY" "$port")" "EINVAL 1" "outside the sandbox the kernel refuses it"
	fi
}

# A program's own connect timeout (SO_SNDTIMEO) holds on a peer whose
# backlog is full, and a non-blocking connect's failure is read back
# with SO_ERROR, as the kernel does it.
test_host_connect_timeout_and_so_error() {
	ps=$(free_port)
	start_listener stall "$ps"
	pr=$(free_port)
	out=$(as_user timeout 30 "$SENTRY_RUN" --net=host "--allow=tcp:127.0.0.1:$ps" "--allow=tcp:127.0.0.1:$pr" -- python3 -c "
import errno, select, socket, struct, time
held = []
for i in range(4):
    s = socket.socket(); s.setblocking(False)
    try:
        s.connect(('127.0.0.1', $ps))
    except BlockingIOError:
        pass
    held.append(s)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack('ll', 1, 0))
start = time.time()
try:
    s.connect(('127.0.0.1', $ps)); print('connected')
except OSError as e:
    print('timeout', errno.errorcode[e.errno], '%.0f s' % (time.time() - start))
s = socket.socket(); s.setblocking(False)
try:
    s.connect(('127.0.0.1', $pr))
except BlockingIOError:
    select.select([], [s], [], 5)
print('so_error', errno.errorcode.get(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0))
" 2>&1)
	is "$out" "timeout EINPROGRESS 1 s
so_error ECONNREFUSED" "host: SO_SNDTIMEO bounds a blocking connect (EINPROGRESS after 1 s); SO_ERROR says ECONNREFUSED"
	stop_listeners
}

test_host_allow_bind() {
	p1=$(free_port)
	p2=$(free_port)
	out=$(sandbox --net=host "--allow-bind=tcp:$p1" -- python3 -c "
import errno, socket
for port in ($p1, $p2):
    s = socket.socket()
    try:
        s.bind(('127.0.0.1', port)); s.listen(1); print('bound')
    except OSError as e:
        print(errno.errorcode[e.errno])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.bind(('127.0.0.1', $p2)); print('bound')
except OSError as e:
    print(errno.errorcode[e.errno])
" 2>&1)
	is "$out" "bound
EACCES
EACCES" "host: --allow-bind=tcp:PORT lets that port be bound, not another, nor udp"
	out=$(sandbox --net=host -- python3 -c "
import errno, socket
for port in ($p1, 0):
    s = socket.socket()
    try:
        s.bind(('127.0.0.1', port)); print('bound', port)
    except OSError as e:
        print(errno.errorcode[e.errno], port)
" 2>&1)
	is "$out" "EACCES $p1
bound 0" "host: without --allow-bind a port is refused; port 0 (an ephemeral one) binds, as documented"
}

# A port the program bound is free again once it closed the socket: the
# Sentry's copy of the socket (pidfd_getfd, the same open file) that
# made its bind or send must be gone by then, or the next bind of the
# port fails with EADDRINUSE.
REBIND_PY='
import socket, sys
port, failed = int(sys.argv[1]), 0
for i in range(1000):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", port))
            if kind == socket.SOCK_DGRAM:
                s.sendto(b"x", ("127.0.0.1", port))
        except OSError:
            failed += 1
        s.close()
print("failed binds:", failed)
'

test_host_port_free_after_close() {
	port=$(free_port)
	out=$(as_user /usr/bin/python3 -c "$REBIND_PY" "$port" 2>&1)
	is "$out" "failed binds: 0" "outside the sandbox a closed socket's port binds again at once"
	out=$(sandbox --net=host "--allow-bind=tcp:$port" "--allow-bind=udp:$port" "--allow=udp:127.0.0.1:$port" \
		-- python3 -c "$REBIND_PY" "$port" 2>&1)
	is "$out" "failed binds: 0" "host: a closed socket's port binds again at once"
}

# bind() takes its port from the same bytes whatever the address says:
# inet_bind reads an AF_UNSPEC address with INADDR_ANY as AF_INET, and
# inet6_bind takes a sockaddr_in6 of 24 bytes (RFC 2133, no scope id).
# Both must be held to --allow-bind as the plain spellings are.
BIND_SPELLINGS_PY='
import ctypes, errno, socket, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
p1, p2 = int(sys.argv[1]), int(sys.argv[2])
def bind(family, raw):
    s = socket.socket(family)
    addr = ctypes.create_string_buffer(raw, len(raw))
    if libc.bind(s.fileno(), addr, len(raw)) < 0:
        return errno.errorcode[ctypes.get_errno()]
    return "bound %d" % s.getsockname()[1]
print(bind(socket.AF_INET, struct.pack("=HH4s8x", socket.AF_UNSPEC, socket.htons(p1), bytes(4))),
      bind(socket.AF_INET6, struct.pack("=HHI16s", socket.AF_INET6, socket.htons(p2), 0, bytes(16))))
'

test_host_bind_any_spelling() {
	p1=$(free_port)
	p2=$(free_port)
	out=$(as_user /usr/bin/python3 -c "$BIND_SPELLINGS_PY" "$p1" "$p2" 2>&1)
	is "$out" "bound $p1 bound $p2" "outside the sandbox an AF_UNSPEC and a 24-byte IPv6 address bind their ports"
	out=$(sandbox --net=host -- python3 -c "$BIND_SPELLINGS_PY" "$p1" "$p2" 2>&1)
	is "$out" "EACCES EACCES" "host: a bind to an AF_UNSPEC or 24-byte IPv6 address is held to --allow-bind"
	out=$(sandbox --net=host "--allow-bind=tcp:$p1" "--allow-bind=tcp:$p2" -- python3 -c "$BIND_SPELLINGS_PY" "$p1" "$p2" 2>&1)
	is "$out" "bound $p1 bound $p2" "host: both spellings bind the ports --allow-bind names"
}

# Allowing a host by name allows the resolvers of /etc/resolv.conf on
# port 53 (a datagram to each is sent, whether or not it answers), and
# resolv.conf is visible; an address alone does not.
test_host_dns_resolvers() {
	ns=$(sed -n 's/^nameserver[[:space:]]*\([0-9.]*\)[[:space:]]*$/\1/p' /etc/resolv.conf | head -n 1)
	[ -n "$ns" ] || return 0
	port=$(free_port)
	send="
import errno, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.sendto(b'\0', ('$ns', 53)); print('sent')
except OSError as e:
    print(errno.errorcode[e.errno])
print('resolv.conf lists it' if '$ns' in open('/etc/resolv.conf').read() else 'resolv.conf does not')
"
	out=$(sandbox --net=host "--allow=tcp:localhost:$port" -- python3 -c "$send" 2>&1)
	is "$out" "sent
resolv.conf lists it" "host: a name in the allowlist allows the resolver $ns on port 53; resolv.conf is visible"
	out=$(sandbox --net=host "--allow=tcp:127.0.0.1:$port" -- python3 -c "$send" 2>&1 | head -n 1)
	is "$out" EACCES "host: an address alone does not allow the resolver"
	out=$(as_user "$SENTRY_RUN" --net=host "--allow=tcp:localhost:$port" --print-profile)
	contains "$out" "allow=udp:$ns:53" "--print-profile lists the resolver (udp)"
	contains "$out" "allow=tcp:$ns:53" "--print-profile lists the resolver (tcp)"
}

# Only the name servers glibc's resolver asks are allowed on port 53:
# a resolv.conf line it ignores (a CIDR, '*', a fourth server) must not
# open port 53 of more hosts.  Root only: the test shows sentry-run a
# resolv.conf of its own, bound over /etc/resolv.conf in a mount
# namespace of its own, and listens on port 53 of 127.0.0.77.
RESOLV_SEND_PY='
import errno, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.sendto(b"q", ("127.0.0.77", 53)); print("sent")
except OSError as e:
    print(errno.errorcode[e.errno])
'

# with_resolv_conf FILE CMD...: CMD with FILE as /etc/resolv.conf.
with_resolv_conf() {
	conf=$1
	shift
	unshare --mount sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$conf" "$@"
}

# with_etc DIR CMD...: CMD with DIR as /etc.
with_etc() {
	etc=$1
	shift
	unshare --mount sh -c 'mount --bind "$0" /etc && exec "$@"' "$etc" "$@"
}

test_host_dns_only_the_servers_glibc_asks() {
	[ "$mode" = root ] || return 0
	port=$(free_port)
	start_listener udp-at 127.0.0.77:53; c53=$count
	printf 'nameserver 127.0.0.77\noptions timeout:1 attempts:1\n' >"$WORK/resolv.good"
	printf '%s\n' 'nameserver 127.0.0.0/8' 'nameserver *' 'nameserver 192.0.2.1' 'nameserver 192.0.2.2' \
		'nameserver 192.0.2.3' 'nameserver 127.0.0.77' 'options timeout:1 attempts:1' >"$WORK/resolv.odd"
	# The control: glibc asks the server of the plain line, and none of
	# the odd file reaches 127.0.0.77 (its fourth server is past MAXNS).
	with_resolv_conf "$WORK/resolv.good" getent hosts sr-test.invalid >/dev/null
	asked=$(udp_count "$c53" 127.0.0.77 53)
	ok "$([ "$asked" -gt 0 ]; echo $?)" "natively glibc asks the name server of resolv.conf ($asked queries)"
	with_resolv_conf "$WORK/resolv.odd" getent hosts sr-test.invalid >/dev/null
	is "$(udp_count "$c53" 127.0.0.77 53)" "$asked" "natively glibc asks none of a CIDR, '*' or a fourth name server"
	out=$(with_resolv_conf "$WORK/resolv.good" "$SENTRY_RUN" --net=host "--allow=tcp:localhost:$port" \
		-- python3 -c "$RESOLV_SEND_PY" 2>&1)
	is "$out" sent "host: a name in the allowlist allows its name server on port 53"
	out=$(with_resolv_conf "$WORK/resolv.odd" "$SENTRY_RUN" --net=host "--allow=tcp:localhost:$port" \
		-- python3 -c "$RESOLV_SEND_PY" 2>&1)
	is "$out" EACCES "host: a resolv.conf line glibc ignores allows nothing"
	is "$(udp_count "$c53" 127.0.0.77 53)" $((asked + 1)) "host: only the allowed query reached port 53"
	stop_listeners
}

# Where systemd-resolved runs, /etc/resolv.conf is a link to
# /run/systemd/resolve/stub-resolv.conf, and /run is not in the view:
# the resolver, finding no file, would ask 127.0.0.1, which the
# allowlist refuses, and no name would resolve.  Root only: the test
# shows sentry-run an /etc whose resolv.conf is such a link (into the
# work directory, under /tmp, which the sandbox does not see either).
test_host_dns_resolv_conf_link() {
	[ "$mode" = root ] || return 0
	port=$(free_port)
	start_listener udp-at 127.0.0.77:53; c53=$count
	mkdir -p "$WORK/resolve"
	printf 'nameserver 127.0.0.77\noptions timeout:1 attempts:1\n' >"$WORK/resolve/stub-resolv.conf"
	cp -a /etc "$WORK/etc.linked"
	rm -f "$WORK/etc.linked/resolv.conf"
	ln -s "$WORK/resolve/stub-resolv.conf" "$WORK/etc.linked/resolv.conf"
	# The control: natively glibc follows the link and asks 127.0.0.77.
	with_etc "$WORK/etc.linked" getent hosts sr-test.invalid >/dev/null
	asked=$(udp_count "$c53" 127.0.0.77 53)
	ok "$([ "$asked" -gt 0 ]; echo $?)" "natively glibc asks the name server of the linked resolv.conf ($asked queries)"
	# From /, so that the work directory is not bound as the cwd.
	out=$(cd / && with_etc "$WORK/etc.linked" "$SENTRY_RUN" --net=host "--allow=tcp:localhost:$port" -- sh -c \
		'cat /etc/resolv.conf; getent hosts sr-test.invalid' 2>&1)
	contains "$out" "nameserver 127.0.0.77" "host: a resolv.conf that is a link out of the view is visible"
	ok "$([ "$(udp_count "$c53" 127.0.0.77 53)" -gt "$asked" ]; echo $?)" "host: the program's resolver asks the allowed name server"
	out=$(cd / && with_etc "$WORK/etc.linked" "$SENTRY_RUN" -- cat /etc/resolv.conf 2>&1)
	contains "$out" "No such file" "loopback: the link's target stays out of the view"
	stop_listeners
}

test_host_address_flipping() {
	p1=$(free_port)
	start_listener tcp "$p1"; c1=$count
	p2=$(free_port)
	start_listener tcp "$p2"; c2=$count
	out=$(sandbox --net=host "--allow=tcp:127.0.0.1:$p1" -- "$NETFLIP" "$p1" "$p2" 2 2>&1)
	contains "$out" "connected" "host: the flipping helper ran ($out)"
	contains "$out" "forbidden 0 " "host: none of its connects reached the forbidden port (by getpeername)"
	# The listeners count what they accepted; give them time to catch up.
	reached=$(count_after "$c1" 1)
	sleep 0.5
	is "$(cat "$c2")" 0 "host: a thread flipping the sockaddr never reaches the forbidden port in 2 s"
	ok "$([ "$reached" -gt 0 ]; echo $?)" "host: while the allowed port was reached $reached times"
	if [ "$mode" = root ]; then
		# The control: without the sandbox the same race wins.  One win
		# is enough; a loaded machine gets three tries.
		lost=1
		for try in 1 2 3; do
			ctl=$("$NETFLIP" "$p1" "$p2" 2)
			case "$ctl" in
			*" forbidden 0 "*) ;;
			*" forbidden "*) lost=0; break ;;
			esac
		done
		ok "$lost" "the same helper reaches the forbidden port outside the sandbox ($ctl, try $try)"
	fi
}

test_abstract_unix_unreachable() {
	name="sr-test-abstract-$$"
	start_listener abstract "$name"; count=$count
	nets="loopback none host"
	[ "$mode" = root ] && nets="$nets veth"
	for net in $nets; do
		out=$(try_connect "--net=$net" -- unix "@$name")
		lacks "$out" ok "$net: the host's abstract socket is unreachable ($out)"
	done
	is "$(cat "$count")" 0 "nothing reached the host's abstract listener"
	out=$(try_connect --net=host "--allow=unix:@$name" -- unix "@$name")
	is "$out" ok "host: allow=unix:@NAME lets that one through"
	stop_listeners
}

test_host_unix_paths_follow_the_view() {
	dir=$(fresh_dir)
	out=$(sandbox --net=host --rw "$dir" -- python3 -c "
import os, socket
p = '$dir/s.sock'
srv = socket.socket(socket.AF_UNIX); srv.bind(p); srv.listen(1)
c = socket.socket(socket.AF_UNIX); c.connect(p)
os.chdir('$dir')
r = socket.socket(socket.AF_UNIX); r.connect('s.sock')
a, _ = srv.accept(); a.sendall(b'path'); print(c.recv(4).decode())
" 2>&1)
	is "$out" path "host: a unix socket bound and connected by path, absolute and relative"
	ok "$([ -S "$dir/s.sock" ]; echo $?)" "host: bound where the program's view put it"
	out=$(try_connect --net=host -- unix /run/systemd/private)
	lacks "$out" ok "host: a path socket the view hides stays out of reach ($out)"
}

# A unix address holds up to 107 bytes of path; a relative one names a
# socket of the cwd.  Bound, connected and sent to by the longest name,
# which getsockname gives back.
UNIX_LONG_NAME_PY='
import os, socket
os.chdir(os.environ["D"])
name = "L" * 107
srv = socket.socket(socket.AF_UNIX); srv.bind(name); srv.listen(1)
c = socket.socket(socket.AF_UNIX); c.connect(name)
r = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); r.bind(name[:-1] + "d")
socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"dgram", name[:-1] + "d")
a, _ = srv.accept(); a.sendall(b"stream")
print(c.recv(6).decode(), r.recv(5).decode(), srv.getsockname() == name)
'

# A unix socket reached through links whose targets are absolute, as
# /var/run -> /run, or --ro /var/run/docker.sock (a link to
# /run/docker.sock in the view): the kernel follows them from the
# program's root.  The client is multi-threaded, so the Sentry makes the
# calls (net_unix_may_continue); the links must not lead from its root.
UNIX_LINKS_PY='
import errno, os, socket, sys, threading, time
threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
os.makedirs("/tmp/real", exist_ok=True)
srv = socket.socket(socket.AF_UNIX); srv.bind("/tmp/real/s"); srv.listen(8)
dg = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); dg.bind("/tmp/real/d")
os.symlink("/tmp/real", "/tmp/dirlink")
os.symlink("/tmp/real/s", "/tmp/socklink")
os.symlink("/tmp/dirlink/d", "/tmp/dglink")
os.chdir("/tmp")
def say(what, f):
    try:
        f(); print(what, "ok")
    except OSError as e:
        print(what, errno.errorcode[e.errno])
say("dirlink", lambda: socket.socket(socket.AF_UNIX).connect("/tmp/dirlink/s"))
say("socklink", lambda: socket.socket(socket.AF_UNIX).connect("/tmp/socklink"))
say("relative", lambda: socket.socket(socket.AF_UNIX).connect("dirlink/s"))
say("sendto", lambda: socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"x", "/tmp/dglink"))
say("sendmsg", lambda: socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendmsg([b"y"], [], 0, "dglink"))
def got():
    try:
        return dg.recv(1, socket.MSG_DONTWAIT).decode()
    except BlockingIOError:
        return "-"
print("received", got() + got())
say("missing", lambda: socket.socket(socket.AF_UNIX).connect("/tmp/dirlink/none"))
say("not a socket", lambda: socket.socket(socket.AF_UNIX).connect("/tmp/dirlink"))
say("trailing slash", lambda: socket.socket(socket.AF_UNIX).connect("/tmp/socklink/"))
say("bind", lambda: socket.socket(socket.AF_UNIX).bind("/tmp/dirlink/b"))
print("bound there", os.path.exists("/tmp/real/b"))
say("link loop", lambda: (os.symlink("loop", "/tmp/loop"), socket.socket(socket.AF_UNIX).connect("/tmp/loop")))
'

test_host_unix_path_through_links() {
	want="dirlink ok
socklink ok
relative ok
sendto ok
sendmsg ok
received xy
missing ENOENT
not a socket ECONNREFUSED
trailing slash ENOTDIR
bind ok
bound there True
link loop ELOOP"
	out=$(sandbox -- python3 -c "$UNIX_LINKS_PY" 2>&1)
	is "$out" "$want" "loopback (the kernel's own calls): unix paths through absolute links"
	out=$(sandbox --net=host -- python3 -c "$UNIX_LINKS_PY" 2>&1)
	is "$out" "$want" "host: unix paths through absolute links, followed from the program's root"
}

test_host_unix_longest_name() {
	if [ "$mode" = root ]; then
		dir=$(fresh_dir)
		is "$(D=$dir /usr/bin/python3 -c "$UNIX_LONG_NAME_PY" 2>&1)" "stream dgram True" \
			"the control: natively a unix socket of 107 bytes of relative name binds under that name, connects and receives"
	fi
	dir=$(fresh_dir)
	out=$(sandbox -q --net=host --rw "$dir" --env "D=$dir" -- python3 -c "$UNIX_LONG_NAME_PY" 2>&1)
	is "$out" "stream dgram True" "host: a unix socket of 107 bytes of relative name binds under that name, connects and receives"
}

# A unix socket bound to a path is created as the kernel creates it for
# the binder: mode 0777 less the binder's umask, owned by the binder.  A
# program that sets umask 077 to keep its socket to itself must not get
# one that every user may connect to.  Two processes bind at once under
# different umasks: neither may get the other's.
UNIX_BIND_UMASK_PY='
import os, socket, stat, sys
d = sys.argv[1]
def bind_many(mask, n):
    os.umask(mask)
    for i in range(n):
        socket.socket(socket.AF_UNIX).bind("%s/u%03o-%d.sock" % (d, mask, i))
def modes(mask, n):
    return " ".join(sorted({oct(stat.S_IMODE(os.stat("%s/u%03o-%d.sock" % (d, mask, i)).st_mode)) for i in range(n)}))
child = os.fork()
if child == 0:
    bind_many(0o077, 100)
    os._exit(0)
bind_many(0o022, 100)
os.waitpid(child, 0)
print("022", modes(0o022, 100))
print("077", modes(0o077, 100))
'

test_unix_bind_takes_the_umask() {
	want="022 0o755
077 0o700"
	nets="loopback host"
	[ "$mode" = root ] && nets="$nets veth"
	if [ "$mode" = root ]; then
		dir=$(fresh_dir)
		is "$(/usr/bin/python3 -c "$UNIX_BIND_UMASK_PY" "$dir" 2>&1)" "$want" \
			"the control: natively a bound unix socket's mode is 0777 less the binder's umask"
	fi
	for net in $nets; do
		dir=$(fresh_dir)
		out=$(sandbox -q "--net=$net" --rw "$dir" -- python3 -c "$UNIX_BIND_UMASK_PY" "$dir" 2>&1)
		is "$out" "$want" "$net: a bound unix socket's mode is 0777 less the program's umask"
		is "$(stat -c '%a %U' "$dir/u077-99.sock" 2>&1)" "700 $(as_user id -un)" \
			"$net: a socket bound under umask 077 is the program's user's alone"
	done
}

# Who the receiving end of a unix socket sees: natively the sender's own
# pid, in SCM_CREDENTIALS and SO_PEERCRED alike (D-Bus, polkit and
# systemd tell their peers apart by it).
UNIX_CREDENTIALS_PY='
import os, socket, struct, sys
d = sys.argv[1]
me = os.getpid()
def creds(anc):
    for level, kind, data in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            return struct.unpack("iii", data)[0]
    return None
r = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
r.bind(d + "/d.sock")
r.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.sendto(b"hi", d + "/d.sock")
print("sendto", creds(r.recvmsg(16, socket.CMSG_SPACE(12))[1]) == me)
try:
    cred = struct.pack("iii", me, os.getuid(), os.getgid())
    s.sendmsg([b"hi"], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, cred)], 0, d + "/d.sock")
    print("explicit", creds(r.recvmsg(16, socket.CMSG_SPACE(12))[1]) == me)
except OSError as e:
    print("explicit", e.strerror)
l = socket.socket(socket.AF_UNIX)
l.bind(d + "/s.sock")
l.listen(1)
c = socket.socket(socket.AF_UNIX)
c.connect(d + "/s.sock")
a, _ = l.accept()
print("peercred", struct.unpack("iii", a.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[0] == me)
a.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
try:
    c.sendmsg([b"hi"], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, cred)])
    print("stream", creds(a.recvmsg(16, socket.CMSG_SPACE(12))[1]) == me)
except OSError as e:
    print("stream", e.strerror)
'

# SCM_CREDENTIALS are the sender's to claim: its own pid, not another
# process's (EPERM).  Where the Sentry sends for the program (a second
# thread), the kernel checks the claim against the Sentry: the program's
# own pid was refused, and the Sentry's, in its namespace, which the
# program could find by trying each, went through.
test_host_unix_credentials_claim_no_other_pid() {
	dir=$(fresh_dir)
	cat >"$dir/claim.py" <<'EOF2'
import os, socket, struct, sys, threading, time
threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
for _ in range(1000):
    if os.path.exists(sys.argv[1]):
        break
    time.sleep(0.01)
other = int(open(sys.argv[1]).read())
for name, pid in (("own", os.getpid()), ("other", other)):
    try:
        a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, struct.pack("iII", pid, os.getuid(), os.getgid()))])
        print(name, "sent")
    except OSError as e:
        print(name, e.strerror)
EOF2
	chmod 644 "$dir/claim.py"
	sleep 60 &
	other=$!
	echo "$other" >"$dir/other"
	# Root with no capability: CAP_SYS_ADMIN would let it claim any pid.
	if [ "$mode" = root ]; then
		native=$(setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all -- \
			/usr/bin/python3 "$dir/claim.py" "$dir/other" 2>&1)
	else
		native=$(as_user /usr/bin/python3 "$dir/claim.py" "$dir/other" 2>&1)
	fi
	kill "$other"
	is "$native" "own sent
other Operation not permitted" "natively, a process claims its own pid, not another's"
	rm "$dir/other"
	exec_as_user "$SENTRY_RUN" -q --net=host --rw "$dir" -- /usr/bin/python3 "$dir/claim.py" "$dir/other" >"$dir/out" 2>&1 &
	sr=$!
	i=0 sentry=""
	while [ -z "$sentry" ] && [ $i -lt 250 ]; do
		# The Sentry: the child of sentry-run named "sentry".
		for c in $(pgrep -P "$sr"); do
			[ "$(cat "/proc/$c/comm" 2>/dev/null)" = sentry ] && sentry=$c
		done
		i=$((i + 1)); sleep 0.02
	done
	echo "$sentry" >"$dir/other.new"
	mv "$dir/other.new" "$dir/other"
	wait "$sr"
	is "$(cat "$dir/out")" "own sent
other Operation not permitted" "host, a second thread: the program claims its own pid, not the Sentry's"
}

test_host_unix_credentials() {
	want="sendto True
explicit True
peercred True
stream True"
	if [ "$mode" = root ]; then
		dir=$(fresh_dir)
		is "$(python3 -c "$UNIX_CREDENTIALS_PY" "$dir" 2>&1)" "$want" \
			"the control: natively a unix peer sees the sender's own pid"
	fi
	for net in loopback host; do
		dir=$(fresh_dir)
		out=$(sandbox -q "--net=$net" --rw "$dir" -- python3 -c "$UNIX_CREDENTIALS_PY" "$dir" 2>&1)
		if [ "$net" = host ] && [ -n "${SR_TEST_OLDKERNEL:-}" ]; then
			# Without Landlock's scope nothing but the Sentry keeps a
			# racing thread's abstract address from the host's: the
			# Sentry still makes the calls, as itself, the program's
			# own credentials sent as its.
			is "$out" "sendto False
explicit False
peercred False
stream False" "$net, no Landlock scope: the Sentry still makes the unix calls"
			continue
		fi
		is "$out" "$want" "$net: a unix peer sees the sender's own pid (sendto, SCM_CREDENTIALS, SO_PEERCRED)"
	done
}

# A process sharing the page of the address (not the fd table) flips a
# unix path address to the abstract name of a host listener, while the
# kernel makes the call as the program (the abstract-socket scope of
# Landlock refuses it there).
test_host_unix_flip_to_abstract() {
	dir=$(fresh_dir)
	pad=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
	named="sr-flip-d-$$-$pad"
	names="sr-flip-s-$$-$pad"
	start_listener abstract-dgram "$named"; cd=$count
	start_listener abstract "$names"; cs=$count
	out=$(sandbox -q --net=host --rw "$dir" -- "$UNIXFLIP" abstract "$dir" "$named" "$names" 1 2>&1)
	contains "$out" "sent " "host: the abstract flipping helper ran ($out)"
	# The listeners count what they took; give them time to catch up.
	sleep 0.5
	is "$(cat "$cd")" 0 "host: a flip to an abstract address during sendto never reaches the host's listener"
	is "$(cat "$cs")" 0 "host: a flip to an abstract address during connect never reaches the host's listener"
	if [ -n "${SR_TEST_OLDKERNEL:-}" ]; then
		contains "$out" " native 0 connected " "host, no Landlock scope: the Sentry made the sends itself ($out)"
	else
		case "$out" in
		*"sent 0 "* | *" native 0 "* | *" native 0") ok 1 "host: the sends and connects to the path were made as the program itself ($out)" ;;
		*) ok 0 "host: the sends and connects to the path were made as the program itself ($out)" ;;
		esac
	fi
	if [ "$mode" = root ]; then
		# The control: without the sandbox the flip reaches both.
		dir=$(fresh_dir)
		ctl=$("$UNIXFLIP" abstract "$dir" "$named" "$names" 1)
		ok "$([ "$(count_after "$cd" 1)" -gt 0 ] && [ "$(count_after "$cs" 1)" -gt 0 ]; echo $?)" \
			"the same flip reaches the abstract listeners outside the sandbox ($ctl)"
	fi
	stop_listeners
}

# A thread, or a process sharing the fd table, swaps a UDP socket onto
# the fd of a unix sendto and an inet address into its buffer: the
# kernel must never make that send, which the allowlist refuses.
test_host_unix_fd_swap() {
	port=$(free_port)
	start_listener udp "$port"; c=$count
	for how in thread clone; do
		dir=$(fresh_dir)
		out=$(sandbox -q --net=host --rw "$dir" -- "$UNIXFLIP" "fdswap-$how" "$dir" "$port" 1 2>&1)
		contains "$out" "sent " "host: the fd swapping helper ran ($how: $out)"
	done
	is "$(udp_count "$c" 127.0.0.1 "$port")" 0 \
		"host: a socket swapped onto a unix sendto's fd never sends to a port the allowlist refuses"
	if [ "$mode" = root ]; then
		dir=$(fresh_dir)
		ctl=$("$UNIXFLIP" fdswap-thread "$dir" "$port" 1)
		ok "$([ "$(udp_count "$c" 127.0.0.1 "$port")" -gt 0 ]; echo $?)" "the same swap reaches the port outside the sandbox ($ctl)"
	fi
	stop_listeners
}

test_host_blocking_connect() {
	p1=$(free_port)
	start_listener tcp "$p1"; c1=$count
	ps=$(free_port)
	start_listener stall "$ps"
	out=$(as_user timeout 30 "$SENTRY_RUN" --net=host "--allow=tcp:127.0.0.1:$p1" "--allow=tcp:127.0.0.1:$ps" -- python3 -c "
import os, signal, socket, time
class Alarm(Exception):
    pass
def ring(*args):
    raise Alarm()
signal.signal(signal.SIGALRM, ring)
if os.fork() == 0:
    time.sleep(0.5)
    start = time.time()
    socket.socket().connect(('127.0.0.1', $p1))
    print('other connect %.0f s' % (time.time() - start), flush=True)
    os._exit(0)
held = []
signal.alarm(2)
start = time.time()
try:
    for i in range(8):
        s = socket.socket(); s.connect(('127.0.0.1', $ps)); held.append(s)
    print('never blocked')
except Alarm:
    print('interrupted after %.0f s' % (time.time() - start))
os.wait()
s = socket.socket(); s.setblocking(False)
try:
    s.connect(('127.0.0.1', $p1))
except BlockingIOError as e:
    print('non-blocking', e.strerror)
" 2>&1)
	contains "$out" "other connect 0 s" "host: a connect blocked on a slow peer does not stall another process"
	contains "$out" "interrupted after 2 s" "host: the blocked connect is interrupted by the program's signal"
	contains "$out" "non-blocking Operation now in progress" "host: a non-blocking connect says EINPROGRESS"
	stop_listeners
}

# A blocking connect (no SO_SNDTIMEO) that a signal interrupts is
# restarted by the kernel when the handler has SA_RESTART: the program
# never sees EINTR, and the restarted connect waits on for the same
# connection.  The program fills its own listener's backlog, so that
# the connect waits; the SIGALRM handler's wakeup fd then lets a thread
# accept, which the restarted connect needs to complete.
RESTART_CONNECT_PY='
import ctypes, errno, os, signal, socket, struct, threading
libc = ctypes.CDLL(None, use_errno=True)
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(0)
port = srv.getsockname()[1]
held = []
for i in range(4):
    s = socket.socket(); s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    held.append(s)
r, w = os.pipe()
os.set_blocking(w, False)
signal.set_wakeup_fd(w)
signal.signal(signal.SIGALRM, lambda *args: None)
signal.siginterrupt(signal.SIGALRM, False)
def accept_after_the_signal():
    os.read(r, 1)
    srv.settimeout(30)
    while True:
        srv.accept()
threading.Thread(target=accept_after_the_signal, daemon=True).start()
signal.alarm(1)
c = socket.socket()
addr = ctypes.create_string_buffer(struct.pack("=HH4s8x", socket.AF_INET, socket.htons(port),
                                               socket.inet_aton("127.0.0.1")), 16)
rc = libc.connect(c.fileno(), addr, 16)
print("connect", "ok" if rc == 0 else errno.errorcode[ctypes.get_errno()], rc == 0 and c.getpeername()[1] == port)
'

test_host_connect_restarts_after_a_signal() {
	out=$(as_user timeout 60 /usr/bin/python3 -c "$RESTART_CONNECT_PY" 2>&1)
	is "$out" "connect ok True" "outside the sandbox a connect interrupted by an SA_RESTART handler is restarted"
	out=$(as_user timeout 60 "$SENTRY_RUN" --net=host "--allow=tcp:127.0.0.1:*" -- python3 -c "$RESTART_CONNECT_PY" 2>&1)
	is "$out" "connect ok True" "host: a connect interrupted by an SA_RESTART handler is restarted, not EINTR"
}

# Blocking connects that signals interrupt, in several threads at once
# (tests/helpers/connintr): each must end as natively, with EINTR in a
# thread that ran a handler that ends it, never with a kernel-internal
# errno such as ERESTARTSYS (512).  "elsewhere": the process's signal is
# for another thread, which is runnable but waits for a CPU: the
# connect goes on, as natively, until its own signal ends it.
# "notmain": the process's signal, with SA_RESTART, is for the
# connecting thread, not the main one, which blocks it: the connect is
# restarted, not EINTR.  "busy": the same for the main thread, while
# another runs all along with the signal blocked.
test_host_connect_interrupted_in_threads() {
	for how in "restart 4 40" "norestart 4 40" "elsewhere 6" "notmain 5" "busy 3"; do
		# shellcheck disable=SC2086
		out=$(as_user timeout 120 "$WORK/bin/connintr" $how 2>&1)
		is "$out" "internal=0 spurious=0 unexpected=0" "outside the sandbox: connintr $how"
		# shellcheck disable=SC2086
		out=$(as_user timeout 120 "$SENTRY_RUN" --net=host "--allow=tcp:127.0.0.1:*" -- "$WORK/bin/connintr" $how 2>&1)
		is "$out" "internal=0 spurious=0 unexpected=0" "host: connintr $how: every connect ends with EINTR in the thread that took a signal, never 512"
	done
}

# tests/helpers/netparity: the answers of the calls the Sentry makes
# itself where they could differ from the kernel's (an address of
# length 0, a bad fd with a bad pointer, another family, unix paths to
# directories and with a trailing slash, sendmmsg's partial counts), on
# the bare host with no capability and under --net=host: the same lines.
test_host_calls_answered_as_natively() {
	dir=$(fresh_dir)
	if [ "$mode" = root ]; then
		native=$(setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all -- "$WORK/bin/netparity" "$dir" 2>&1)
	else
		native=$(as_user "$WORK/bin/netparity" "$dir" 2>&1)
	fi
	contains "$native" "sendmmsg(vlen 0) = 0" "natively, the whole matrix runs"
	dir=$(fresh_dir)
	boxed=$(sandbox -q --net=host --rw "$dir" "--allow=tcp:127.0.0.1:*" "--allow=udp:127.0.0.1:*" \
		-- "$WORK/bin/netparity" "$dir" 2>&1)
	# Without WAIT_KILLABLE_RECV (make check-oldkernel) the signal ends
	# the seccomp wait itself, which the kernel restarts under
	# SA_RESTART whatever SO_SNDTIMEO says: that answer is the old
	# kernel's (the README's Kernels).
	if [ -n "${SR_TEST_OLDKERNEL:-}" ]; then
		native=$(printf '%s\n' "$native" | grep -v "SA_RESTART, SO_SNDTIMEO")
		boxed=$(printf '%s\n' "$boxed" | grep -v "SA_RESTART, SO_SNDTIMEO")
	fi
	printf '%s\n' "$boxed" >"$dir.out"
	differences=$(printf '%s\n' "$native" | diff - "$dir.out")
	[ -z "$differences" ]
	ok $? "host: every network call the Sentry makes is answered as natively"
	[ -z "$differences" ] || printf '%s\n' "$differences" | sed 's/^/#   /'
	rm -f "$dir.out"
}

# Route netlink is offered in every mode, and its addresses are no IP
# destinations: in host mode the Sentry must make a netlink socket's
# connect and send as given.  Natively a netlink socket's connect may be
# made again (there is no "connected" state to refuse it), and a send to
# another process's port id (or a multicast group) needs CAP_NET_ADMIN
# over the network namespace, which the sandbox's root lacks as the test
# user does: EPERM, and nothing reaches the process.  Taken for a TCP
# socket (which getpeername said was connected), the connect was EISCONN
# and the send went to the kernel with its address dropped.
NETLINK_PY='
import errno, socket, struct
def said(call):
    try:
        r = call()
        return "ok" if r is None else str(r)
    except socket.timeout:
        return "nothing"
    except OSError as e:
        return errno.errorcode[e.errno]
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
print("connect", said(lambda: s.connect((0, 0))))
print("connect again", said(lambda: s.connect((0, 0))))
group = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
print("bind to a group", said(lambda: group.bind((0, 1))))
# In no group: the host'"'"'s link events would reach it.
listener = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
listener.bind((0, 0))
listener.settimeout(1)
process = (listener.getsockname()[0], 0)
message = struct.pack("=IHHII", 16, 0x7777, 0, 1, 0)
print("sendto a process", said(lambda: s.sendto(message, process)))
print("sendmsg to a process", said(lambda: s.sendmsg([message], [], 0, process)))
print("sendto a group", said(lambda: s.sendto(message, (0, 1))))
print("the process got", said(lambda: len(listener.recv(100))))
dump = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
request = struct.pack("=IHHIIB3x", 20, 22, 0x301, 1, 0, socket.AF_INET)
print("sendto the kernel", said(lambda: dump.sendto(request, (0, 0))))
print("the kernel answered", len(dump.recv(65536)) > 16)
'

test_host_netlink_as_natively() {
	native=$(setpriv --reuid="$SR_TEST_USER" --regid="$SR_TEST_USER" --init-groups -- \
		/usr/bin/python3 -c "$NETLINK_PY" 2>&1)
	is "$native" "connect ok
connect again ok
bind to a group ok
sendto a process EPERM
sendmsg to a process EPERM
sendto a group EPERM
the process got nothing
sendto the kernel 20
the kernel answered True" "natively, the test user's netlink socket connects again and sends to no other process"
	out=$(sandbox --net=host -- python3 -c "$NETLINK_PY" 2>&1)
	is "$out" "$native" "host: a netlink socket's calls are answered as natively"
}

# An unbound netlink socket that binds to port id 0, connects or sends
# is bound by the kernel to its caller's pid (netlink_autobind): the
# program's, not the Sentry's that makes the call for it.  Another
# sandbox's program of the same pid may hold that port id, in which case
# the kernel picks another: a port id that differs is a fault only when
# the pid's was free.
NETLINK_PORT_PY='
import errno, os, socket
def port_id(how):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    how(s)
    port = s.getsockname()[0]
    s.close()
    if port == os.getpid():
        return "equals getpid()"
    t = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    try:
        t.bind((os.getpid(), 0))
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            return "equals getpid() or its port id is taken"
        raise
    finally:
        t.close()
    return "is %d, getpid() %d" % (port, os.getpid())
print("bind: port id", port_id(lambda s: s.bind((0, 0))))
print("connect: port id", port_id(lambda s: s.connect((0, 0))))
# Shorter than a header: the kernel leaves it.
print("sendto: port id", port_id(lambda s: s.sendto(b"x", (0, 0))))
'

test_host_netlink_port_id_is_the_programs() {
	native=$(setpriv --reuid="$SR_TEST_USER" --regid="$SR_TEST_USER" --init-groups -- \
		/usr/bin/python3 -c "$NETLINK_PORT_PY" 2>&1)
	is "$native" "bind: port id equals getpid()
connect: port id equals getpid()
sendto: port id equals getpid()" "natively, the kernel binds a netlink socket to its caller's pid"
	out=$(sandbox --net=host -- python3 -c "$NETLINK_PORT_PY" 2>&1 |
		sed 's/equals getpid() or its port id is taken/equals getpid()/')
	is "$out" "$native" "host: a netlink socket the Sentry binds has the program's pid as port id"
}

# The Sentry keeps 64 workers with a Gofer connection each: a connect
# that blocks must not hold one, or 64 threads connecting to a peer that
# never answers leave no worker for any other call of the sandbox.  The
# same program runs natively first: there, nothing waits on the connects.
test_host_many_blocked_connects() {
	p1=$(free_port)
	start_listener tcp "$p1"
	ps=$(free_port)
	start_listener stall "$ps"
	cat > "$WORK/blocked-connects.py" <<EOF
import os, socket, struct, threading, time
def stuck():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack('ll', 3, 0))
    try:
        s.connect(('127.0.0.1', $ps))
    except OSError:
        pass
threads = [threading.Thread(target=stuck) for i in range(100)]
for t in threads:
    t.start()
time.sleep(1)
os.uname()
open('/etc/hostname').close()
socket.socket().connect(('127.0.0.1', $p1))
# The listener's backlog takes one or two of them.
print('served while', 'over 64' if sum(t.is_alive() for t in threads) > 64 else 'few', 'connects wait', flush=True)
for t in threads:
    t.join()
for i in range(300):
    open('/etc/hostname').close()
socket.socket().connect(('127.0.0.1', $p1))
print('served after they returned')
EOF
	expected="served while over 64 connects wait
served after they returned"
	out=$(as_user timeout 60 python3 "$WORK/blocked-connects.py" 2>&1)
	is "$out" "$expected" "host: natively, 100 connects blocked on a slow peer (3 s each) do not stop other calls"
	out=$(as_user timeout 60 "$SENTRY_RUN" --net=host "--allow=tcp:127.0.0.1:$p1" "--allow=tcp:127.0.0.1:$ps" \
		-- python3 "$WORK/blocked-connects.py" 2>&1)
	is "$out" "$expected" "host: 100 connects blocked on a slow peer hold no worker that other calls need, and the Sentry serves on once they return"
	stop_listeners
}

test_host_urllib() {
	dir=$(fresh_dir)
	echo "served by the host" > "$dir/page.txt"
	chmod 644 "$dir/page.txt"
	port=$(free_port)
	(cd "$dir" && exec python3 "$WORK/listen.py" http "$port" "$WORK/count.http" >/dev/null 2>&1) &
	LISTENERS="$LISTENERS $!"
	i=0
	while [ ! -f "$WORK/count.http" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	get="import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$port/page.txt', timeout=10).read().decode().strip())"
	out=$(sandbox --net=host "--allow=tcp:localhost:$port" -- python3 -c "$get" 2>&1)
	is "$out" "served by the host" "host: urllib fetches from an allowed HTTP server (allowed by name)"
	out=$(sandbox --net=host -- python3 -c "$get" 2>&1 | tail -n 1)
	contains "$out" "Permission denied" "host: and not without the allowlist"
	out=$(as_user "$SENTRY_RUN" --net=host "--allow=tcp:localhost:$port" --print-profile)
	contains "$out" "allow=tcp:127.0.0.1:$port" "--print-profile shows the name resolved"
	rm -f "$WORK/count.http"
	stop_listeners
}

# VETH_VETH_CONNECT_PY HOST PORT [FD]: one connect (on fd FD when given), and what
# came of it: "connected hello" or "refused ERRNO".
VETH_CONNECT_PY='
import errno, socket, sys
s = socket.socket(fileno=int(sys.argv[3])) if len(sys.argv) > 3 else socket.socket()
s.settimeout(5)
try:
    s.connect((sys.argv[1], int(sys.argv[2]))); print("connected", s.recv(5).decode())
except OSError as e:
    print("refused", errno.errorcode.get(e.errno, e))
'

# From inside a veth sandbox: its gateway (the host end) said, then,
# once DIR/go exists, a TCP connect to the host end on each PORT and a
# UDP datagram to it on UDP-PORT.
VETH_HOST_END_PY='
import os, socket, subprocess, sys, time
d, udp_port, ports = sys.argv[1], int(sys.argv[2]), [int(p) for p in sys.argv[3:]]
gateway = subprocess.run(["ip", "-4", "route", "show", "default"], capture_output=True, text=True).stdout.split()[2]
print("gateway", gateway, flush=True)
for i in range(200):
    if os.path.exists(os.path.join(d, "go")):
        break
    time.sleep(0.05)
for port in ports:
    s = socket.socket(); s.settimeout(5)
    try:
        s.connect((gateway, port)); print("connected", s.recv(5).decode())
    except OSError as e:
        print("refused", e)
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", (gateway, udp_port))
print("sent")
'

test_veth() {
	if [ "$mode" != root ]; then
		out=$(sandbox --net=veth -- true 2>&1)
		contains "$out" "mode=veth needs root" "veth: refused without root, saying why"
		return
	fi
	p1=$(free_port)
	start_listener tcp-any "$p1"; c1=$count
	p2=$(free_port)
	start_listener tcp "$p2"; c2=$count
	out=$(sandbox --net=veth -- python3 -c "
import errno, socket, subprocess
route = subprocess.run(['ip', '-4', 'route', 'show', 'default'], capture_output=True, text=True).stdout.split()
gateway = route[2]
addr = subprocess.run(['ip', '-o', '-4', 'addr', 'show', 'eth0'], capture_output=True, text=True).stdout.split()[3]
print('address', addr.startswith('10.') and addr.endswith('/30'))
for target in ((gateway, $p1), ('127.0.0.1', $p2)):
    s = socket.socket(); s.settimeout(5)
    try:
        s.connect(target); print('connected', s.recv(5).decode())
    except OSError as e:
        print('refused', errno.errorcode.get(e.errno, e))
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)
c = socket.socket(); c.connect(srv.getsockname()); a, _ = srv.accept(); a.sendall(b'own')
print('loopback', c.recv(3).decode())
" 2>&1)
	is "$out" "address True
connected hello
refused ECONNREFUSED
loopback own" "veth: an address of its own, the host end reachable, its own loopback, the host's loopback not"
	is "$(cat "$c1")" 1 "veth: the host end's listener took the connection"
	is "$(cat "$c2")" 0 "veth: the host's loopback listener saw nothing"

	# Through the host end, the sandbox reaches every port the host
	# listens on at a wildcard address (0.0.0.0, or [::] taking IPv4
	# too), TCP and UDP, and at the host end's own address (bound here
	# once the sandbox said it): these are the host's services, not the
	# sandbox's.
	p4=$(free_port)
	start_listener tcp-any6 "$p4"; c4=$count
	p5=$(free_port)
	start_listener udp-at "0.0.0.0:$p5"; c5=$count
	p6=$(free_port)
	d=$(fresh_dir)
	sandbox --net=veth --ro "$d" -- python3 -c "$VETH_HOST_END_PY" "$d" "$p5" "$p4" "$p6" >"$d/out" 2>&1 &
	sr=$!
	i=0
	until grep -q '^gateway ' "$d/out" || [ $i -gt 200 ]; do i=$((i + 1)); sleep 0.05; done
	gateway=$(sed -n 's/^gateway //p' "$d/out")
	start_listener tcp-at "$gateway:$p6"; c6=$count
	touch "$d/go"
	wait "$sr"
	is "$(sed 1d "$d/out")" "connected hello
connected hello
sent" "veth: the host end reaches the host's listeners on [::] and on its own address, and UDP on 0.0.0.0"
	is "$(count_after "$c4" 1):$(count_after "$c5" 1):$(count_after "$c6" 1)" 1:1:1 \
		"veth: each of those host listeners got its connection or datagram"

	# Another address of the host, on a link made here (a veth pair: no
	# dummy module needed; 198.51.100.0/24 is for documentation): the
	# host routes by destination, so only the Sentry keeps it out.
	other=198.51.100.7
	link="srtest$$"
	ip link add "$link" type veth peer name "srpeer$$" && ip addr add "$other/32" dev "$link" &&
		ip link set "$link" up
	p3=$(free_port)
	start_listener tcp-at "$other:$p3"; c3=$count
	out=$(sandbox --net=veth -- python3 -c "$VETH_CONNECT_PY" "$other" "$p3" 2>&1)
	is "$out" "refused EACCES" "veth: another address of the host is refused (EACCES)"
	sleep 0.2
	is "$(cat "$c3")" 0 "veth: and its listener saw nothing"
	out=$(sandbox --net=veth "--allow=tcp:$other:$p3" -- python3 -c "$VETH_CONNECT_PY" "$other" "$p3" 2>&1)
	is "$out" "connected hello" "veth: --allow lets that address through"
	out=$(python3 -c "$VETH_CONNECT_PY" "$other" "$p3")
	is "$out" "connected hello" "veth: the same listener answers outside the sandbox"
	is "$(count_after "$c3" 2)" 2 "veth: it counted the allowed connection and the one from outside"

	# A socket of the host's namespace passed in is not the sandbox's:
	# the host's loopback stays out of reach through it.
	out=$(python3 -c "
import os, socket, subprocess, sys
s = socket.socket()
os.set_inheritable(s.fileno(), True)
r = subprocess.run([sys.argv[1], '--net=veth', '--pass-fd=%d' % s.fileno(), '--', 'python3', '-c', sys.argv[2],
                    '127.0.0.1', sys.argv[3], str(s.fileno())], pass_fds=[s.fileno()], capture_output=True, text=True)
print(r.stdout.strip())
" "$SENTRY_RUN" "$VETH_CONNECT_PY" "$p2")
	is "$out" "refused EACCES" "veth: a host socket passed in does not reach the host's loopback"
	is "$(cat "$c2")" 0 "veth: the host's loopback listener still saw nothing"
	ip link del "$link"

	# A /30 the host routes already stays the host's (here a blackhole
	# route over the block the launcher's pid picks first, standing for
	# a LAN or a VPN): the veth's route would shadow it while the
	# sandbox runs.
	out=$(sh -c 'b=$(( 0x0a000000 + ($$ % 4194304) * 4 ))
echo "$(( b >> 24 )).$(( (b >> 16) & 255 )).$(( (b >> 8) & 255 )) $(( b & 255 ))" > "$1"
ip route add blackhole "$(( b >> 24 )).$(( (b >> 16) & 255 )).$(( (b >> 8) & 255 )).$(( b & 255 ))/30" &&
exec "$0" --net=veth -- ip -o -4 addr show eth0' "$SENTRY_RUN" "$WORK/veth-block" 2>&1)
	read -r net24 last < "$WORK/veth-block"
	ip route del blackhole "$net24.$last/30"
	contains "$out" "/30" "veth: the sandbox got an address"
	lacks "$out" "inet $net24.$((last + 2))/" "veth: not in a /30 the host routes already"

	out=$(ip -o link show | grep -c ' sr-')
	is "$out" 0 "veth: the host end is gone once the sandbox ends"
	stop_listeners
}

# A socket passed in (--pass-fd, fds 0-2, a socket unit's LISTEN_FDS)
# stays in the host's network namespace.  In loopback and none modes the
# program may use it as it is (accept, send to its peer), but not turn
# it into a way out: natively, connect(AF_UNSPEC) (or shutdown(SHUT_RD))
# makes a listening TCP socket a fresh one that connects anywhere, and
# an unconnected UDP socket sends anywhere; so each named destination of
# such a socket is refused (EACCES), and the sandbox's own sockets keep
# their loopback.
PASSED_SOCKET_PY='
import ctypes, errno, socket, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
kind, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(fileno=3)
if kind == "tcp":
    unspec = struct.pack("H14x", socket.AF_UNSPEC)
    libc.connect(3, unspec, len(unspec))
    try:
        s.connect(("127.0.0.1", port)); print("tcp connected")
    except OSError as e:
        print("tcp", errno.errorcode[e.errno])
    s2 = socket.socket(fileno=4)
    s2.shutdown(socket.SHUT_RD)
    try:
        s2.sendto(b"x", socket.MSG_FASTOPEN, ("127.0.0.1", port)); print("fastopen connected")
    except OSError as e:
        print("fastopen", errno.errorcode[e.errno])
else:
    try:
        s.sendto(b"x", ("127.0.0.1", port)); print("udp sent")
    except OSError as e:
        print("udp", errno.errorcode[e.errno])
own = socket.socket(); own.bind(("127.0.0.1", 0)); own.listen(1)
c = socket.socket(); c.connect(own.getsockname()); print("own loopback", own.accept()[0] is not None)
'
# pass_sockets KIND CMD...: CMD with a socket of KIND bound to 127.0.0.1
# (listening, for tcp) as fd 3, and a second one as fd 4.
PASS_SOCKETS_PY='
import os, socket, sys
for fd in (3, 4):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if sys.argv[1] == "tcp" else socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    if sys.argv[1] == "tcp":
        s.listen(1)
    os.dup2(s.fileno(), fd)
os.execvp(sys.argv[2], sys.argv[2:])
'
test_passed_socket_reaches_no_host_address() {
	port=$(free_port)
	start_listener tcp "$port"; c_tcp=$count
	start_listener udp "$port"; c_udp=$count
	out=$(as_user /usr/bin/python3 -c "$PASS_SOCKETS_PY" tcp /usr/bin/python3 -c "$PASSED_SOCKET_PY" tcp "$port" 2>&1)
	is "$out" "tcp connected
fastopen connected
own loopback True" "natively, a listening socket disconnected or shut down connects to the host's listener"
	out=$(as_user /usr/bin/python3 -c "$PASS_SOCKETS_PY" udp /usr/bin/python3 -c "$PASSED_SOCKET_PY" udp "$port" 2>&1)
	is "$out" "udp sent
own loopback True" "natively, a UDP socket passed in sends to the host's"
	is "$(count_after "$c_tcp" 2)" 2 "natively the host's TCP listener took both"
	is "$(count_after "$c_udp" 1)" 1 "natively the host's UDP listener got the datagram"
	for net in loopback none; do
		own="own loopback True"
		[ "$net" = none ] && own=$(printf '%s' "Traceback")
		out=$(as_user /usr/bin/python3 -c "$PASS_SOCKETS_PY" tcp "$SENTRY_RUN" --net=$net --pass-fd 3 --pass-fd 4 -- \
			python3 -c "$PASSED_SOCKET_PY" tcp "$port" 2>&1)
		contains "$out" "tcp EACCES
fastopen EACCES" "$net: the listening socket passed in, disconnected, connects nowhere"
		out=$(as_user /usr/bin/python3 -c "$PASS_SOCKETS_PY" udp "$SENTRY_RUN" --net=$net --pass-fd 3 --pass-fd 4 -- \
			python3 -c "$PASSED_SOCKET_PY" udp "$port" 2>&1)
		contains "$out" "udp EACCES" "$net: the UDP socket passed in sends nowhere"
		contains "$out" "$own" "$net: the sandbox's own sockets are its own network's"
	done
	is "$(cat "$c_tcp")" 2 "nothing more reached the host's TCP listener"
	is "$(cat "$c_udp")" 1 "nor its UDP one"
	stop_listeners
}

run_suite test_passed_socket_reaches_no_host_address test_loopback_is_private test_none_reaches_nothing test_host_allowlist test_host_udp test_host_udp_unspec_destination test_host_ipv6_address_without_scope_id test_host_malformed_address test_host_unix_datagram_disconnect test_host_ipv6_routing_header \
	test_host_ipv4_source_route test_host_control_data_past_its_buffer test_host_sendmsg_long_address test_host_connected_tcp_send_ignores_the_address test_host_connected_tcp_connect_is_isconn test_host_address_flipping test_abstract_unix_unreachable test_host_unix_paths_follow_the_view \
	test_host_unix_longest_name test_host_unix_path_through_links test_unix_bind_takes_the_umask test_host_unix_credentials test_host_unix_credentials_claim_no_other_pid test_host_unix_flip_to_abstract test_host_unix_fd_swap \
	test_host_blocking_connect test_host_connect_restarts_after_a_signal test_host_connect_interrupted_in_threads test_host_calls_answered_as_natively test_host_netlink_as_natively test_host_netlink_port_id_is_the_programs test_host_many_blocked_connects test_host_urllib test_veth test_host_sendmmsg \
	test_host_connect_timeout_and_so_error test_host_allow_bind test_host_port_free_after_close test_host_bind_any_spelling test_host_dns_resolvers \
	test_host_dns_only_the_servers_glibc_asks test_host_dns_resolv_conf_link
