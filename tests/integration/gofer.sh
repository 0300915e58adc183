#!/bin/sh
# The Gofer: every open and stat of the program is resolved and performed
# by it.  Attacks that succeed on a bare host (checked as root, so that a
# test could fail), the privilege separation, a Gofer that dies, and real
# programs working through it.
. "$top_srcdir/tests/lib.sh"

RACE="$WORK/bin/gofer-race"

# A tree outside the view beside a --rw directory:
#   $d/secret/file   (not bound: absent in the sandbox)
#   $d/rw            (bound read-write), with links into $d/secret
#   $d/ro            (bound read-only), holding file and hidden
# and a profile that binds them and hides $d/ro/hidden.
make_tree() {
	d=$(fresh_dir)
	mkdir "$d/secret" "$d/rw" "$d/ro"
	echo "SECRET-$$" > "$d/secret/file"
	echo "HIDDEN-$$" > "$d/ro/hidden"
	echo original > "$d/ro/file"
	echo fine > "$d/rw/ok"
	ln -s "$d/secret/file" "$d/rw/abs-link"
	ln -s ../secret/file "$d/rw/rel-link"
	chmod 644 "$d/secret/file" "$d/ro/hidden" "$d/ro/file" "$d/rw/ok"
	chmod 777 "$d/rw"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	profile="$d/profile.ini"
	printf 'include=default\n[filesystem]\nro=%s\nrw=%s\nhide=%s\n' \
		"$d/ro" "$d/rw" "$d/ro/hidden" > "$profile"
	chmod 644 "$profile"
}

# boxed CMD: run the shell command CMD in the sandbox of make_tree, from /
# so that no current directory is bound.
boxed() {
	(cd / && sandbox -p "$profile" --ro "$WORK/bin" -- /bin/sh -c "$1" 2>&1)
}

test_symlink_out_of_the_view() {
	make_tree
	out=$(boxed "cat '$d/rw/abs-link'; cat '$d/rw/rel-link'")
	lacks "$out" "SECRET-$$" "a symlink planted in a --rw dir cannot reach a host file outside the view"
	contains "$out" "No such file or directory" "it names nothing (ENOENT)"
	out=$(boxed "cat '$d/rw/../secret/file'")
	lacks "$out" "SECRET-$$" "nor can .. from the --rw dir"
	out=$(boxed "cat /proc/self/root'$d/secret/file'; cat /proc/1/root'$d/secret/file'")
	lacks "$out" "SECRET-$$" "nor /proc/self/root and /proc/1/root"
	out=$(cd / && sandbox -p "$profile" --cwd "$d/rw" -- /bin/sh -c \
		"cat /proc/self/cwd/../secret/file; cat /proc/\$\$/cwd/../secret/file" 2>&1)
	lacks "$out" "SECRET-$$" "nor /proc/PID/cwd"
	out=$(boxed "cat '$d/ro/hidden'")
	lacks "$out" "HIDDEN-$$" "a hidden file cannot be read"
	out=$(boxed "ls '$d/ro'")
	is "$out" file "nor listed"
	if [ "$mode" = root ]; then
		out=$(cat "$d/rw/abs-link" "$d/rw/rel-link" "$d/rw/../secret/file" "/proc/self/root$d/secret/file")
		is "$(echo "$out" | grep -c "SECRET-$$")" 4 "all four reach the file on the bare host"
	fi
}

# Another process's fds by /proc/PID/fd/N are the kernel's to reopen, as
# the program's own are (fs.c): what a process of the sandbox holds, a
# pipe or a deleted file with no path in the view.  The caller's shell,
# outside, holds the secret on fd 9, which a child reopens through
# /proc/$PPID/fd/9 on the bare host; inside, no pid of /proc leads to it.
test_other_processes_fd_links() {
	make_tree
	exec 9<"$d/secret/file"
	if [ "$mode" = root ]; then
		out=$(/bin/sh -c 'cat /proc/$PPID/fd/9' 2>&1)
		contains "$out" "SECRET-$$" "on the bare host, a child reopens its parent's fd by /proc/PPID/fd/9"
	fi
	out=$(boxed "for p in $$ \$PPID /proc/[0-9]*; do p=\${p#/proc/};
		timeout 5 cat /proc/\$p/fd/9 /proc/\$p/task/*/fd/9; done")
	exec 9<&-
	lacks "$out" "SECRET-$$" "in the sandbox, no /proc/PID/fd/9 reaches the caller's fd"
	# Read once the background job is sleep, its fd 9 set up.
	out=$(boxed 'sleep 30 9<<EOF &
OTHER-PROCESS
EOF
i=0; until [ "$(cat /proc/$!/comm)" = sleep ] || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
timeout 5 cat /proc/$!/fd/9; kill $!')
	is "$out" "OTHER-PROCESS" "another process's fd of the sandbox (a here-document, no path in the view) is reopened"
}

# The runtime is run, its exe held by an O_PATH fd, then written to
# through that fd once the runtime has exited.
CVE_2019_5736='import os, subprocess, sys, time
runtime = sys.argv[1]
p = subprocess.Popen([runtime, "0.5"])
fd = -1
for _ in range(200):
    fd = os.open("/proc/%d/exe" % p.pid, os.O_PATH)
    if os.readlink("/proc/self/fd/%d" % fd) == runtime:
        break
    os.close(fd)
    time.sleep(0.01)
p.wait()
# Never a write to anything but the runtime, were its exec not seen.
if os.readlink("/proc/self/fd/%d" % fd) != runtime:
    sys.exit("the runtime did not start")
try:
    os.write(os.open("/proc/self/fd/%d" % fd, os.O_WRONLY | os.O_APPEND), b"pwned")
    print("WROTE")
except OSError as e:
    print("refused:", e.strerror)'

test_writes_refused() {
	make_tree
	out=$(boxed "ln '$d/ro/hidden' '$d/rw/linked'; ln '$d/secret/file' '$d/rw/linked2'; ls '$d/rw'")
	lacks "$out" "linked" "a hidden or absent file cannot be hard-linked into a writable dir"
	out=$(boxed "mv '$d/ro/file' '$d/rw/moved'")
	test -f "$d/ro/file"
	ok $? "a read-only file cannot be renamed away"
	out=$(boxed "truncate -s 0 '$d/ro/file'; echo x >> '$d/ro/file'")
	contains "$out" "Read-only file system" "nor truncated or appended to (EROFS)"
	is "$(cat "$d/ro/file")" original "and it is unchanged on the host"
	out=$(cd / && sandbox -p "$profile" --ro "$WORK/bin" -- /bin/sh -c \
		"echo x >> '$SENTRY_RUN' && echo WROTE; for e in /proc/[0-9]*/exe; do echo x >> \$e && echo WROTE \$e; done; true" 2>&1)
	lacks "$out" "WROTE" "neither the sentry-run binary nor any /proc/PID/exe opens for writing"
	cmp -s "$SENTRY_RUN_BINARY" "$top_builddir/src/sentry-run"
	ok $? "and the binary is unchanged"
	# CVE-2019-5736 whole: hold a running runtime's /proc/PID/exe, let it
	# exit (a busy binary is ETXTBSY anyway), then reopen it for writing.
	cp /bin/sleep "$d/ro/runtime"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/ro/runtime"
	out=$(boxed "python3 -c '$CVE_2019_5736' '$d/ro/runtime'")
	is "$out" "refused: Read-only file system" "a runtime's /proc/PID/exe held past its exit does not reopen for writing"
	cmp -s "$d/ro/runtime" /bin/sleep
	ok $? "and the runtime is unchanged"
	if [ "$mode" = root ]; then
		is "$(python3 -c "$CVE_2019_5736" "$d/ro/runtime")" WROTE "on the bare host it overwrites the runtime"
	fi
	if [ "$mode" = root ]; then
		ln "$d/ro/hidden" "$d/rw/linked" && mv "$d/ro/file" "$d/rw/moved"
		ok $? "on the bare host the link and the rename succeed"
	fi
}

test_racing_path_rewrite() {
	make_tree
	out=$(boxed "'$RACE' flip '$d/rw/ok' '$d/secret/file' 'SECRET-$$' 2")
	contains "$out" "hits=0" "a thread flipping the path to a file outside the view: zero successes in 2 s"
	lacks "$out" "opened=0 " "while the allowed path opens"
	if [ "$mode" = root ]; then
		out=$("$RACE" flip "$d/rw/ok" "$d/secret/file" "SECRET-$$" 1)
		lacks "$out" "hits=0" "on the bare host the race reads the secret"
	fi
	# unlink of an fd's link is the kernel's (fs.c): a thread flipping
	# the path from it to a read-only or a hidden file removes neither.
	out=$(boxed "for f in '$d/ro/file' '$d/ro/hidden'; do '$RACE' unlink /proc/self/fd/0 \$f 2 </dev/null; done")
	is "$(printf '%s\n' "$out" | sed 's/.* removed=//')" "0
0" "a thread flipping unlink's path from /proc/self/fd/0 to a read-only or a hidden file: none removed in 2 s"
	test -f "$d/ro/file" && test -f "$d/ro/hidden"
	ok $? "both are still there"
	if [ "$mode" = root ]; then
		out=$("$RACE" unlink /proc/self/fd/0 "$d/ro/file" 1 </dev/null)
		is "$out" "${out% removed=1} removed=1" "on the bare host the race removes the file"
	fi
	out=$(boxed "'$RACE' creat '$d/rw' 2")
	contains "$out" "eexist=0 other=0" "O_CREAT|O_EXCL under a 20 kHz signal never finds its own file"
}

# A tree for the FIFO races, in $d: R a link to X through 39 links of
# 1600 names each (a lookup through them takes milliseconds, so that the
# Sentry hands the notifications to a second worker and the exchanges
# meet the Gofer mid-open), L a directory; X/d a directory, L/d and X/p
# FIFOs, and f-L and f-X their second names.
make_fifo_tree() {
	d=$(fresh_dir)
	mkdir "$d/a" "$d/X" "$d/X/d" "$d/L"
	mkfifo "$d/L/d" "$d/X/p"
	ln "$d/L/d" "$d/f-L"
	ln "$d/X/p" "$d/f-X"
	pad=$(printf 'a/../%.0s' $(seq 800))
	for i in $(seq 38); do
		ln -s "${pad}s$((i + 1))" "$d/s$i"
	done
	ln -s "${pad}X" "$d/s39"
	ln -s s1 "$d/R"
	chmod 777 "$d" "$d/X" "$d/L"
	[ "$mode" = user ] && chown -R -h "$SR_TEST_USER:" "$d"
}

# An open for reading of what the Gofer found a directory, where a FIFO
# is now, waited in the Gofer for a writer: out of reach of the
# program's signals, and holding a Gofer connection.  Natively the
# timer's signal ends each such wait (EINTR).  Through the plain-read
# claim (L/d stat'ed while L was the link, then opened by the whole
# path once L was the directory again), and through the walk (R/d
# reached as X/d, opened from X once the FIFO was put there).  Nor may
# the Gofer's own open, made not to wait, hand such a FIFO on: natively
# no open of it returns while it has no writer.
test_racing_fifo_swap() {
	for race in "L/d L R f-L 1000 4" "R/d X/d X/p f-X 0 3"; do
		set -- $race
		make_fifo_tree
		out=$(cd / && sandbox --rw "$d" --ro "$WORK/bin" -- "$RACE" fifo "$d/$1" "$d/$2" "$d/$3" "$d/$4" "$5" "$6" 2>&1)
		contains "$out" "stuck=0" "$1 opened for reading while $2 and $3 are exchanged: no open waits where signals cannot reach"
		contains "$out" " fifos=0 " "and none is handed a FIFO that has no writer, which natively no open returns"
		[ "$(echo "$out" | sed -n 's/.* eintr=\([0-9]*\) .*/\1/p')" -gt 0 ] 2>/dev/null
		ok $? "and an open that met the FIFO waited for a writer until the signal, as natively"
		if [ "$mode" = root ]; then
			make_fifo_tree
			out=$("$RACE" fifo "$d/$1" "$d/$2" "$d/$3" "$d/$4" "$5" 1)
			contains "$out" " fifos=0 " "on the bare host no open of $1 returns a FIFO without a writer"
			[ "$(echo "$out" | sed -n 's/.* eintr=\([0-9]*\) .*/\1/p')" -gt 0 ] 2>/dev/null
			ok $? "on the bare host the opens of $1 meet the FIFO"
		fi
	done
}

test_relative_paths_and_cwd() {
	out=$(cd / && sandbox -- /bin/sh -c 'cd /etc && cat ./hostname >/dev/null && test -r passwd && cd ../usr/include && test -r stdio.h && cd linux && test -r ../stdio.h && echo ok' 2>&1)
	is "$out" ok "cd then relative opens and stats resolve from the new cwd"
	out=$(cd / && sandbox -- python3 -c 'import os
d = os.open("/usr", os.O_RDONLY | os.O_DIRECTORY)
print(os.stat("include/stdio.h", dir_fd=d).st_size > 0, os.path.exists("/proc/self/exe"))
p = os.open("/etc/hostname", os.O_PATH)
print(os.stat(p).st_size > 0, os.readlink("/proc/self/exe").startswith("/usr/bin/python3"))' 2>&1)
	is "$out" "True True
True True" "a dirfd, O_PATH opens and /proc/self work"
	# The Sentry sends the caller's pid only when the Gofer's walk meets
	# /proc/self, here through links; exec keeps the shell's pid.
	out=$(cd / && sandbox -- /bin/sh -c 'ln -s /proc/self/status /tmp/l; ln -s /tmp/l /tmp/l2
echo "Pid:	$$"; exec grep -h ^Pid: /tmp/l2 /proc/thread-self/status' 2>&1)
	pid=$(printf '%s\n' "$out" | sed -n 1p)
	is "$out" "$pid
$pid
$pid" "a link into /proc/self names the program, not the Gofer"
	out=$(cd / && sandbox -- /bin/sh -c 'test -r /etc/mtab && grep -c " / " /etc/mtab' 2>&1)
	[ "$out" -ge 1 ] 2>/dev/null
	ok $? "/etc/mtab, a link to /proc/self/mounts, reads the sandbox's mounts"
	# The pipes are made inside: reopening another user's pipe is EACCES.
	out=$(sandbox -- /bin/bash -c 'cat <(echo substituted)
echo piped | /bin/bash -c "[ -p /dev/stdin ] && cat /dev/stdin"
( echo to-stderr > /dev/stderr ) 2>&1 | cat; cat /dev/fd/3 3<<END
here
END' 2>&1)
	is "$out" "substituted
piped
to-stderr
here" "/dev/fd/N, /dev/stdin and /dev/stderr are the program's own fds"
	d=$(fresh_dir)
	out=$(cd "$d" && sandbox --rw . -- /bin/sh -c 'mkfifo f && (echo through-fifo > f &) && cat f' 2>&1)
	is "$out" through-fifo "a FIFO opens (in the kernel) while its writer runs"
}

test_changes_through_the_gofer() {
	make_tree
	out=$(boxed "cd '$d/rw' && umask 027 && mkdir m && touch m/f && ln m/f hard && ln -s m/f soft &&
		mv hard moved && chmod 604 moved && truncate -s 2 moved && touch -d 2001-02-03 m/f &&
		stat -c '%n %a' m && stat -c '%n %a %s %y' m/f | cut -c1-20 && readlink soft &&
		rm soft moved m/f && rmdir m && ls | tr '\n' ' ' && echo
		mknod dev c 1 3 2>&1 | grep -c 'not permitted'
		mkdir '$d/ro/x' 2>&1 | grep -c 'Read-only'; rm '$d/ro/hidden' 2>&1 | grep -c 'No such'")
	is "$out" "m 750
m/f 604 2 2001-02-03
m/f
abs-link ok rel-link 
1
1
1" "mkdir, link, symlink, rename, chmod, truncate, utimes, unlink and rmdir, with the program's umask"
	is "$(ls "$d/rw" | tr '\n' ' ')" "abs-link ok rel-link " "and the host tree shows their result"
	# chmod of /proc/self/fd/N is fchmod(N), as glibc's fchmodat with
	# AT_SYMLINK_NOFOLLOW uses it (on an O_PATH fd): it acts on what the
	# fd is, which stays read-only where the view is.
	out=$(boxed "/usr/bin/python3 -c '
import os
p = os.open(\"$d/rw/ok\", os.O_PATH)
os.chmod(\"/proc/self/fd/%d\" % p, 0o600)
os.chmod(\"$d/rw/ok\", 0o640, follow_symlinks=False)
r = os.open(\"$d/ro/file\", os.O_RDONLY)
try:
    os.chmod(\"/proc/self/fd/%d\" % r, 0o666)
except OSError as e:
    print(e.strerror)
'")
	is "$out" "Read-only file system" "chmod through a held fd's link: the fd's object, read-only where the view is"
	is "$(stat -c %a "$d/rw/ok")" 640 "and fchmodat(AT_SYMLINK_NOFOLLOW) changed the file"
}

# The Sentry keeps each task's umask (sentry/umask.h): a change is seen
# by the next create, in the task, its threads and its children, and a
# child's own umask stays its own.
test_umask_kept_and_changed() {
	d=$(fresh_dir)
	chmod 777 "$d"
	out=$(sandbox --rw "$d" -- /bin/sh -c "cd '$d' && umask 022 && touch a && umask 077 && touch b &&
		(umask 027; touch c; mkdir c.d) && touch d && mkdir d.d && ls -l | sed 1d | cut -c1-10 | tr '\n' ' '" 2>&1)
	is "$out" "-rw-r--r-- -rw------- -rw-r----- drwxr-x--- -rw------- drwx------ " \
		"umask changes are seen by the next create, a subshell's stay its own"
	out=$(sandbox --rw "$d" -- /usr/bin/python3 -c "
import os, threading
os.umask(0o022)
open('$d/t1', 'w').close()
go, done = threading.Event(), threading.Event()
def worker():
    go.wait(); open('$d/t2', 'w').close(); done.set()
threading.Thread(target=worker).start()
os.umask(0o066)
go.set(); done.wait()
print(oct(os.stat('$d/t1').st_mode & 0o777), oct(os.stat('$d/t2').st_mode & 0o777))" 2>&1)
	is "$out" "0o644 0o600" "a thread creates with the umask another thread set"
}

# The Sentry gives again the Gofer's answers about what nothing in the
# sandbox can change (sentry/answers.h): what the program changes is seen
# at once, what the host changes under a read-only bind in seconds.
test_kept_answers() {
	d=$(fresh_dir)
	mkdir "$d/rw" "$d/ro"
	chmod 777 "$d/rw"
	chmod 755 "$d/ro"
	out=$(sandbox --rw "$d/rw" -- /bin/sh -c "for i in 1 2 3; do
		touch '$d/rw/f'; test -e '$d/rw/f' && printf y; rm '$d/rw/f'; test -e '$d/rw/f' || printf n
		done; echo" 2>&1)
	is "$out" "ynynyn" "a writable place's answers are never kept"
	# Added once the sandbox has found it absent (and may keep that
	# answer), however long the sandbox took to start.
	rm -f "$d/rw/looked"
	(i=0; while [ ! -e "$d/rw/looked" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
		touch "$d/ro/late"; chmod 644 "$d/ro/late") &
	out=$(sandbox --ro "$d/ro" --rw "$d/rw" -- /bin/sh -c "test -e '$d/ro/late' && echo early
		touch '$d/rw/looked'
		i=0; while ! test -e '$d/ro/late' && [ \$i -lt 300 ]; do sleep 0.1; i=\$((i + 1)); done
		test -e '$d/ro/late' && echo seen" 2>&1)
	wait
	is "$out" seen "a file the host adds under a read-only bind is seen within seconds"
}

XATTR_PROBE='import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
rw, ro, hidden = sys.argv[1:4]
def call(f, *a):
    try:
        r = f(*a)
        return "ok" if r is None else repr(r)
    except OSError as e:
        return errno.errorcode[e.errno]
f = os.path.join(rw, "x")
open(f, "w").close()
print(call(os.setxattr, f, "user.k", b"v1"), call(os.getxattr, f, "user.k"), call(os.listxattr, f),
      call(os.setxattr, f, "user.k", b"v2", os.XATTR_CREATE), call(os.removexattr, f, "user.k"),
      call(os.listxattr, f))
os.setxattr(f, "user.k", b"value")
small = ctypes.create_string_buffer(2)
print(libc.getxattr(f.encode(), b"user.k", None, 0), libc.getxattr(f.encode(), b"user.k", small, 2),
      errno.errorcode[ctypes.get_errno()], libc.listxattr(f.encode(), None, 0))
print(call(os.setxattr, ro, "user.k", b"v"), call(os.removexattr, ro, "user.k"))
print(call(os.getxattr, hidden, "user.k"), call(os.listxattr, hidden), call(os.setxattr, hidden, "user.k", b"v"))'

test_xattrs_through_the_gofer() {
	make_tree
	out=$(cd / && sandbox -p "$profile" --strace="$d/trace" -- /usr/bin/python3 -c "$XATTR_PROBE" \
		"$d/rw" "$d/ro/file" "$d/ro/hidden" 2>&1)
	is "$out" "ok b'v1' ['user.k'] EEXIST ok []
5 -1 ERANGE 7
EROFS EROFS
ENOENT ENOENT ENOENT" "xattrs: a round trip in a --rw dir, size queries and ERANGE, EROFS on a read-only path, ENOENT on a hidden one"
	is "$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "user.k").decode())' "$d/rw/x")" \
		value "the attribute set in the sandbox is on the host file"
	trace=$(cat "$d/trace")
	for call in setxattr getxattr listxattr removexattr; do
		contains "$trace" " X $call(\"$d/rw/x\"" "$call is emulated (--strace shows its result)"
	done
	if [ "$mode" = root ]; then
		python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.k", b"v"); os.listxattr(sys.argv[2])' \
			"$d/ro/file" "$d/ro/hidden" >/dev/null 2>&1
		ok $? "on the bare host the read-only file takes an attribute and the hidden one lists its own"
	fi
}

INOTIFY_PROBE='import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
rw, hidden = sys.argv[1:3]
fd = libc.inotify_init1(os.O_CLOEXEC)
os.chdir(rw)
wd = libc.inotify_add_watch(fd, b".", 0x100)
open("made", "w").close()
data = os.read(fd, 4096)
_, mask, _, n = struct.unpack_from("iIII", data)
print(wd > 0, hex(mask), data[16:16 + n].rstrip(b"\0").decode())
print(libc.inotify_add_watch(fd, hidden.encode(), 0x2), os.strerror(ctypes.get_errno()))
print(libc.inotify_add_watch(0, rw.encode(), 0x100), os.strerror(ctypes.get_errno()))'

test_inotify_through_the_gofer() {
	make_tree
	out=$(cd / && sandbox -p "$profile" --strace="$d/trace" -- /usr/bin/python3 -c "$INOTIFY_PROBE" \
		"$d/rw" "$d/ro/hidden" 2>&1)
	is "$out" "True 0x100 made
-1 No such file or directory
-1 Invalid argument" "inotify on a --rw dir (relative path) reports a file made in it; a hidden file cannot be watched; stdin is no inotify instance"
	contains "$(cat "$d/trace")" ' X inotify_add_watch(3, ".", 0x100) = 1' "inotify_add_watch is emulated"
}

STATFS_PROBE='import os, sys
ro, rw, hidden, secret = sys.argv[1:5]
print(os.statvfs("/").f_bsize > 0, bool(os.statvfs(ro).f_flag & os.ST_RDONLY),
      bool(os.statvfs(rw).f_flag & os.ST_RDONLY))
for p in hidden, secret:
    try:
        os.statvfs(p)
        print("found")
    except OSError as e:
        print(e.strerror)'

test_statfs_through_the_gofer() {
	make_tree
	out=$(cd / && sandbox -p "$profile" --strace="$d/trace" -- /usr/bin/python3 -c "$STATFS_PROBE" \
		"$d/ro" "$d/rw" "$d/ro/hidden" "$d/secret/file" 2>&1)
	is "$out" "True True False
No such file or directory
No such file or directory" "statvfs of / works, a --ro bind reads read-only, a hidden or absent path is ENOENT"
	contains "$(cat "$d/trace")" " X statfs(\"/\"" "statfs is emulated"
}

gofer_of() {  # the Gofer: the child of sentry-run named "gofer"
	for c in $(pgrep -P "$1"); do
		[ "$(cat /proc/$c/comm 2>/dev/null)" = gofer ] && echo "$c"
	done
}

sentry_of() {
	for c in $(pgrep -P "$1"); do
		[ "$(cat /proc/$c/comm 2>/dev/null)" = sentry ] && echo "$c"
	done
}

# wait_for SR SECS: the Sentry, the Gofer and PROGRAM's sleep are there.
wait_for() {
	i=0
	while [ -z "$(gofer_of "$1")" ] || [ -z "$(sentry_of "$1")" ] || ! pgrep -f "^sleep $2\$" >/dev/null; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
}

test_privilege_separation() {
	secs=$(( 5000 + $$ % 1000 ))
	cd / || return
	exec_as_user "$SENTRY_RUN" -- sleep "$secs" &
	sr=$!
	cd "$WORK" || return
	wait_for "$sr" "$secs"
	g=$(gofer_of "$sr")
	s=$(sentry_of "$sr")
	status=$(cat "/proc/$g/status")
	contains "$status" "Seccomp:	2" "the Gofer runs under its own seccomp filter"
	contains "$status" "NoNewPrivs:	1" "with no_new_privs"
	contains "$status" "CapEff:	0000000000000000" "and no capability"
	is "$(grep '^NSpid:' "/proc/$g/status" | wc -w)" 2 "it is not in the sandbox's pid namespace"
	contains "$(cat "/proc/$s/status")" "Seccomp:	2" "the Sentry runs under its own filter"
	if [ "$mode" = root ]; then
		test -e "/proc/$g/root/etc/hostname" && test ! -e "/proc/$g/root/home" &&
			test ! -e "/proc/$g/root$WORK/bin"
		ok $? "the Gofer's root is the sandbox's view"
		test ! -e "/proc/$s/root/etc/hostname"
		ok $? "the Sentry's own open of /etc/hostname fails: its root is /proc"
	fi
	kill -KILL "$sr" 2>/dev/null
	wait "$sr" 2>/dev/null
}

# The Gofer's fds beyond the root each serving thread holds, once no
# request is in flight (sleep's own start-up opens may still be): the
# same count twice, 100 ms apart.
gofer_spare_fds() {
	last=
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		now=$(( $(ls "/proc/$1/fd" | wc -l) - $(ls "/proc/$1/task" | wc -l) ))
		[ "$now" = "$last" ] && break
		last=$now
		sleep 0.1
	done
	echo "$now"
}

# The Sentry's fds that are not pidfds.
sentry_file_fds() {
	ls -l "/proc/$1/fd" | grep -v -c -e 'anon_inode:\[pidfd\]' -e '^total'
}

# Tasks killed while their opens are with the Gofer leave no fd behind
# in the Sentry or the Gofer: their counts after the storm equal those of
# an idle sandbox.
test_killed_tasks_leak_no_fd() {
	secs=$(( 7000 + $$ % 1000 ))
	cd / || return
	exec_as_user "$SENTRY_RUN" -- /bin/sh -c "find /usr >/dev/null; sleep $secs" &
	idle=$!
	exec_as_user "$SENTRY_RUN" -- /bin/sh -c \
		"for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			timeout -s KILL 0.02 find /usr >/dev/null; done; sleep $((secs + 1))" &
	storm=$!
	cd "$WORK" || return
	wait_for "$idle" "$secs"
	wait_for "$storm" "$((secs + 1))"
	# At most as many, pidfds aside: the Sentry keeps one beside each
	# task's umask (sentry/umask.h, at most SR_UMASK_TASKS_MAX), and a
	# worker may hold one of the task it serves (sentry/net.c).
	storm_fds=$(sentry_file_fds "$(sentry_of "$storm")")
	idle_fds=$(sentry_file_fds "$(sentry_of "$idle")")
	ok $(( storm_fds > idle_fds )) "20 finds killed mid-walk leave no fd in the Sentry ($storm_fds, idle $idle_fds)"
	is "$(gofer_spare_fds "$(gofer_of "$storm")")" "$(gofer_spare_fds "$(gofer_of "$idle")")" \
		"nor in the Gofer"
	kill -KILL "$idle" "$storm" 2>/dev/null
	wait "$idle" "$storm" 2>/dev/null
}

test_dead_gofer_gives_eio() {
	secs=$(( 6000 + $$ % 1000 ))
	errf=$(mktemp "$WORK/err.XXXXXX")
	outf=$(mktemp "$WORK/out.XXXXXX")
	cd / || return
	exec_as_user "$SENTRY_RUN" -- /bin/sh -c \
		"sleep $secs.5; read line < /etc/hostname; echo status=\$?" >"$outf" 2>"$errf" &
	sr=$!
	cd "$WORK" || return
	wait_for "$sr" "$secs.5"
	kill -KILL "$(gofer_of "$sr")"
	sleep 0.2
	pkill -f "^sleep $secs.5"
	i=0
	while kill -0 "$sr" 2>/dev/null && [ $i -lt 250 ]; do i=$((i + 1)); sleep 0.02; done
	ok $(( i >= 250 )) "after the Gofer is killed the program does not hang"
	contains "$(cat "$errf")" "Input/output error" "its next open fails with EIO"
	contains "$(cat "$errf")" "the Gofer died" "and sentry-run says the Gofer died"
	is "$(cat "$outf")" "status=2" "the program sees the failure and goes on"
	kill -KILL "$sr" 2>/dev/null
	wait "$sr" 2>/dev/null
}

test_real_programs() {
	d=$(fresh_dir)
	out=$(cd "$d" && sandbox -- python3 -c 'import json, email, asyncio, sqlite3, decimal; print("imported")' 2>&1)
	is "$out" imported "python3 imports through the Gofer"
	cat > "$d/a.c" <<'EOF'
#include <stdio.h>
int twice(int);
int main(void) { printf("%d\n", twice(21)); return 0; }
EOF
	echo 'int twice(int x) { return 2 * x; }' > "$d/b.c"
	chmod 666 "$d/a.c" "$d/b.c"
	out=$(cd "$d" && sandbox --rw . -- /bin/sh -c 'gcc -O2 -c b.c && gcc -o prog a.c b.o && ./prog' 2>&1)
	is "$out" 42 "gcc compiles and links a two-file program"
	out=$(cd "$d" && sandbox --rw . -- /bin/sh -c '
		mkdir -p src/sub && echo one > src/one && echo two > src/sub/two && ln -s sub/two src/link &&
		chmod 640 src/one && tar czf t.tgz src && mkdir out && tar xzf t.tgz -C out &&
		diff -r src out/src && readlink out/src/link && stat -c %a out/src/one &&
		gzip -k src/one && gunzip -c src/one.gz' 2>&1)
	is "$out" "sub/two
640
one" "tar and gzip round-trip a tree with a symlink in a --rw dir"
	if command -v git >/dev/null 2>&1; then
		out=$(cd "$d" && sandbox --rw . --env HOME="$d" -- /bin/sh -c '
			git init -q repo && cd repo && echo x > f && git add f &&
			git -c user.name=t -c user.email=t@example.org commit -qm first &&
			git log --oneline | wc -l' 2>&1)
		is "$out" 1 "git init, add, commit and log"
	else
		ok 0 "git init, add, commit and log # SKIP git is not installed"
	fi
	# Root in the sandbox holds its capabilities over mapped owners only:
	# it lists what the mode's user would without the sandbox, and what
	# root would at most (a 0700 directory of an unmapped owner is shut).
	(cd / && sandbox -- find /usr 2>/dev/null) | LC_ALL=C sort >"$d/boxed.list"
	(cd / && as_user find /usr 2>/dev/null) | LC_ALL=C sort >"$d/native.list"
	(cd / && setpriv --reuid="$SR_TEST_USER" --regid="$SR_TEST_USER" --init-groups -- \
		find /usr 2>/dev/null) | LC_ALL=C sort >"$d/unprivileged.list"
	[ "$(wc -l <"$d/boxed.list")" -gt 1000 ] &&
		[ -z "$(LC_ALL=C comm -23 "$d/unprivileged.list" "$d/boxed.list")" ] &&
		[ -z "$(LC_ALL=C comm -13 "$d/native.list" "$d/boxed.list")" ]
	ok $? "find over /usr sees every entry the user sees without the sandbox ($(wc -l <"$d/boxed.list"))"
	rm -f "$d"/*.list
	cat > "$d/script.sh" <<'EOF'
set -e
exec 3> three
echo fd3 >&3
exec 3>&-
cat <<END | tr a-z A-Z > upper
here document
END
read line < upper
echo "$line" >> log 2>&1
{ cat three; cat log; } | sort | uniq -c | wc -l
EOF
	chmod 644 "$d/script.sh"
	out=$(cd "$d" && sandbox --rw . -- /bin/sh script.sh 2>&1)
	is "$out" 2 "a shell script with redirections, pipes and a here-document"
}

# make -j2 builds a four-file program; a source touched later is seen as
# newer (mtimes through the Gofer) and alone rebuilt.
test_make_parallel_build() {
	d=$(fresh_dir)
	for n in 1 2 3; do
		echo "int part$n(void) { return $n; }" >"$d/part$n.c"
	done
	cat >"$d/main.c" <<'EOF'
#include <stdio.h>
int part1(void), part2(void), part3(void);
int main(void) { printf("%d\n", part1() * 100 + part2() * 10 + part3()); return 0; }
EOF
	printf 'prog: main.o part1.o part2.o part3.o\n\t$(CC) -o $@ $^\n' >"$d/Makefile"
	chmod 666 "$d"/*.c "$d/Makefile"
	# Not the make that runs this test: its flags and job server.
	unset MAKEFLAGS MFLAGS MAKELEVEL
	out=$(cd "$d" && sandbox --rw . -- /bin/sh -c 'make -s -j2 && ./prog' 2>&1)
	is "$out" 123 "make -j2 compiles and links a four-file program"
	sleep 1
	echo 'int part2(void) { return 7; }' >"$d/part2.c"
	out=$(cd "$d" && sandbox --rw . -- /bin/sh -c 'make -j2 && ./prog' 2>&1)
	is "$(printf '%s\n' "$out" | grep -c '^cc ')" 2 "a touched source alone is rebuilt, then linked"
	contains "$out" 173 "and the new program runs"
}

# python3 -m venv in a --rw dir, then a package of the venv's own imported
# from it; with pip when Debian's python3-venv (ensurepip) is installed.
test_python_venv() {
	d=$(fresh_dir)
	if python3 -c 'import ensurepip' 2>/dev/null; then
		with_pip=
	else
		with_pip=--without-pip
	fi
	out=$(cd "$d" && sandbox --rw . --env HOME="$d" -- /bin/sh -c "python3 -m venv $with_pip venv &&
		site=\$(./venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()[\"purelib\"])') &&
		echo 'where = __file__' >\"\$site/venvprobe.py\" &&
		./venv/bin/python -c 'import sys, venvprobe; print(sys.prefix != sys.base_prefix, venvprobe.where.startswith(sys.prefix))'" 2>&1)
	is "$out" "True True" "python3 -m venv ${with_pip:-with pip} makes a venv whose packages import"
	test -f "$d/venv/pyvenv.cfg"
	ok $? "the venv is on the host"
	if [ -z "$with_pip" ]; then
		out=$(cd "$d" && sandbox --rw . --env HOME="$d" -- ./venv/bin/python -m pip --version 2>&1)
		contains "$out" "$d/venv/" "pip was installed into the venv and runs from it"
	fi
}

# openat2's RESOLVE_NO_XDEV refuses to cross a mount, a bind of the same
# file system included (it shares st_dev): a read-only bind inside a
# read-write one, entered by name, left by "..", or jumped out of by an
# absolute link.  The kernel's answers for the same layout (binds in a
# mount namespace of its own, as root) are the ones wanted.
test_no_xdev_across_binds() {
	# openat2 is one of the calls the emulated older kernel lacks.
	if [ -n "${SR_TEST_OLDKERNEL:-}" ]; then
		ok 0 "RESOLVE_NO_XDEV across binds # SKIP no openat2 on the emulated older kernel"
		return
	fi
	d=$(fresh_dir)
	mkdir "$d/rw" "$d/rw/sub"
	echo f > "$d/rw/f"
	echo f > "$d/rw/sub/f"
	ln -s "$d/rw/f" "$d/rw/abs"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	cases=$(for c in 'rw sub/f' 'rw/sub ../f' 'rw abs' 'rw sub/../f' 'rw f' 'rw/sub f'; do
		set -- $c
		printf "printf '%%s: ' '%s %s'; '%s' '%s' '%s' no-xdev\n" "$1" "$2" "$WORK/bin/openat2" "$d/$1" "$2"
	done)
	want='rw sub/f: EXDEV
rw/sub ../f: EXDEV
rw abs: EXDEV
rw sub/../f: EXDEV
rw f: opened
rw/sub f: opened'
	out=$(cd / && sandbox --rw "$d/rw" --ro "$d/rw/sub" --ro "$WORK/bin" -- /bin/sh -c "$cases" 2>&1)
	is "$out" "$want" "RESOLVE_NO_XDEV stops at a read-only bind of the same file system inside a read-write one"
	if [ "$mode" = root ]; then
		out=$(/bin/sh -c "$cases" 2>&1)
		contains "$out" "rw sub/f: opened" "on the bare host, without the binds, the paths cross nothing"
		out=$(unshare -m /bin/sh -c "mount --bind '$d/rw' '$d/rw' && mount --bind '$d/rw/sub' '$d/rw/sub' && $cases" 2>&1)
		is "$out" "$want" "and with them the kernel answers as the sandbox does"
	fi
}

# A magic link (/proc/PID/root, cwd, exe, fd/N) is never followed in a
# lookup scoped by RESOLVE_IN_ROOT or RESOLVE_BENEATH (EXDEV), nor with
# RESOLVE_NO_MAGICLINKS (ELOOP): the kernel's answers, asked on the host.
test_magic_links_in_scoped_lookups() {
	# openat2 is one of the calls the emulated older kernel lacks.
	if [ -n "${SR_TEST_OLDKERNEL:-}" ]; then
		ok 0 "magic links in scoped lookups # SKIP no openat2 on the emulated older kernel"
		return
	fi
	cases=$(for c in 'self/root in-root' 'self/exe in-root' 'self/fd/0 in-root' 'self/cwd beneath' \
		'self/root no-magiclinks' 'self in-root' 'self/root'; do
		printf "'%s' /proc %s\n" "$WORK/bin/openat2" "$c"
	done)
	want=$(as_user /bin/sh -c "$cases" </dev/null 2>&1)
	is "$want" "EXDEV
EXDEV
EXDEV
EXDEV
ELOOP
opened
opened" "on the bare host, a magic link stops a scoped lookup"
	out=$(cd / && sandbox --ro "$WORK/bin" -- /bin/sh -c "$cases" </dev/null 2>&1)
	is "$out" "$want" "and the Gofer answers as the kernel does"
}

# fs.protected_symlinks (Debian's default): a link planted by another
# user in a sticky world-writable directory (a shared /tmp bound --rw)
# is not followed, or a program writing its log there would write the
# file the link names.  The Gofer follows links itself (the kernel sees
# only readlinkat), so it applies the rule; the host's answer is the
# expected one.
test_protected_symlinks() {
	sysctl=/proc/sys/fs/protected_symlinks
	if ! was=$(cat "$sysctl" 2>/dev/null) || ! echo 1 2>/dev/null >"$sysctl"; then
		ok 0 "protected symlinks # SKIP cannot set $sysctl"
		return
	fi
	d=$(fresh_dir)
	mkdir "$d/shared" && chmod 1777 "$d/shared"
	echo precious >"$d/victim" && chmod 666 "$d/victim"
	ln -s ../victim "$d/shared/log" && chown -h nobody: "$d/shared/log"
	ln -s ../victim "$d/shared/mine"
	[ "$mode" = user ] && chown -h "$SR_TEST_USER:" "$d/shared/mine"
	attack="echo planted > '$d/shared/log'; cat '$d/shared/log'; echo own > '$d/shared/mine'; cat '$d/victim'"
	want=$(as_user /bin/sh -c "$attack" 2>&1 | sed 's/^.*: //')
	contains "$want" "Permission denied" "on the host, another user's link in a sticky world-writable directory is not followed"
	echo precious >"$d/victim"
	out=$(sandbox --rw "$d" -- /bin/sh -c "$attack" 2>&1 | sed 's/^.*: //')
	echo "$was" >"$sysctl"
	is "$out" "$want" "nor through the Gofer; one's own link is"
	is "$(cat "$d/victim")" own "the file behind the link holds only what its owner's link wrote"
}

# A database written by sqlite3 (journal, locks, fsync) in a --rw dir.
test_sqlite_database() {
	d=$(fresh_dir)
	if command -v sqlite3 >/dev/null 2>&1; then
		out=$(cd "$d" && sandbox --rw . -- sqlite3 db.sqlite \
			'create table t(x); begin; insert into t values (1), (2), (3); commit;
			 pragma journal_mode=wal; insert into t values (4); select sum(x) from t;' 2>&1)
		is "$out" "wal
10" "sqlite3 writes a database, in rollback and WAL journal modes"
		is "$(sqlite3 "$d/db.sqlite" 'select count(*) from t')" 4 "the host reads the rows back"
	else
		ok 0 "sqlite3 writes a database # SKIP sqlite3 is not installed"
	fi
	out=$(cd "$d" && sandbox --rw . -- python3 -c '
import sqlite3
c = sqlite3.connect("py.sqlite")
c.execute("create table t(x)")
with c:
    c.executemany("insert into t values (?)", [(i,) for i in range(100)])
print(c.execute("select sum(x) from t").fetchone()[0])' 2>&1)
	is "$out" 4950 "python3's sqlite3 writes a database too"
	is "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from t").fetchone()[0])' "$d/py.sqlite")" \
		100 "and it is on the host"
}

# hidden_vs_absent.py HIDDEN ABSENT WRITABLE: every path call on a
# hidden name and on an absent name beside it, one line a call with the
# two answers.  WRITABLE is a file in a read-write place, for the calls
# that take two names.
cat > "$WORK/bin/hidden_vs_absent.py" <<'PY'
import errno, os, sys
hidden, absent, writable = sys.argv[1:4]
calls = [
    ("open", lambda p: os.close(os.open(p, os.O_RDONLY))),
    ("open O_CREAT", lambda p: os.close(os.open(p, os.O_WRONLY | os.O_CREAT, 0o644))),
    ("open O_CREAT|O_EXCL", lambda p: os.close(os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))),
    ("stat", os.lstat),
    ("mkdir", os.mkdir),
    ("mkfifo", os.mkfifo),
    ("mknod", lambda p: os.mknod(p, 0o100644)),
    ("symlink", lambda p: os.symlink("target", p)),
    ("link to", lambda p: os.link(writable, p)),
    ("link from", lambda p: os.link(p, writable + ".link")),
    ("rename to", lambda p: os.rename(writable, p)),
    ("rename from", lambda p: os.rename(p, writable + ".moved")),
    ("unlink", os.unlink),
    ("rmdir", os.rmdir),
    ("chmod", lambda p: os.chmod(p, 0o600)),
    ("truncate", lambda p: os.truncate(p, 0)),
    ("setxattr", lambda p: os.setxattr(p, "user.x", b"1")),
    ("chdir", os.chdir),
]
def answer(f, p):
    try:
        f(p)
        return "done"
    except OSError as e:
        return errno.errorcode[e.errno]
for name, f in calls:
    print("%s: %s %s" % (name, answer(f, hidden), answer(f, absent)))
print("%d calls" % len(calls))
PY
chmod 644 "$WORK/bin/hidden_vs_absent.py"

# A hidden name answers every call as an absent name beside it does
# (DESIGN invariant 4: "as if absent"), so that the program cannot tell
# which names the profile hides: mkdir /etc/shadow said ENOENT where
# mkdir /etc/nothere says EROFS.  In a read-only bind, in the default
# profile's /etc, and in a read-write bind holding a hidden entry.
test_hidden_name_answers_as_an_absent_one() {
	make_tree
	echo secret >"$d/rw/hidden"
	chmod 644 "$d/rw/hidden"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/rw/hidden"
	printf 'include=default\n[filesystem]\nro=%s\nrw=%s\nhide=%s\nhide=%s\n' \
		"$d/ro" "$d/rw" "$d/ro/hidden" "$d/rw/hidden" >"$profile"
	for pair in "$d/ro/hidden $d/ro/absent" "/etc/shadow /etc/absent" "$d/rw/hidden $d/rw/absent"; do
		set -- $pair
		out=$(cd / && sandbox -q -p "$profile" --ro "$WORK/bin" -- /usr/bin/python3 \
			"$WORK/bin/hidden_vs_absent.py" "$1" "$2" "$d/rw/ok" 2>&1)
		differ=$(echo "$out" | awk '/: / && $(NF - 1) == $NF { next } { print }')
		is "$differ" "18 calls" "every call answers $1 as it answers $2"
	done
}

run_suite test_symlink_out_of_the_view test_other_processes_fd_links test_writes_refused test_racing_path_rewrite test_racing_fifo_swap \
	test_relative_paths_and_cwd test_changes_through_the_gofer test_killed_tasks_leak_no_fd test_privilege_separation test_dead_gofer_gives_eio \
	test_real_programs test_make_parallel_build test_python_venv test_sqlite_database test_kept_answers test_umask_kept_and_changed test_xattrs_through_the_gofer test_inotify_through_the_gofer test_statfs_through_the_gofer \
	test_no_xdev_across_binds test_magic_links_in_scoped_lookups test_protected_symlinks \
	test_hidden_name_answers_as_an_absent_one
