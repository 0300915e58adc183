#!/bin/sh
# The mount view of DESIGN §5: the system read-only, secrets and the rest
# of the host absent, private temporary directories, --rw/--ro/--tmpfs.
. "$top_srcdir/tests/lib.sh"

# A program that tries to run TARGET every way a noexec mount must
# refuse, the last a thread flipping execve's path between ALLOWED and
# TARGET after the Sentry read it, with TARGET as its argument (a copy
# of /bin/echo says it).  One line:
# NAME=exit-status, race=times-TARGET-ran.
cat >"$WORK/noexec-attack.py" <<'EOF'
import ctypes, os, sys, threading
libc = ctypes.CDLL(None, use_errno=True)
allowed, target, link = (a.encode() for a in sys.argv[1:4])
res = []
def child(name, fn):
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open('/dev/null', os.O_WRONLY), 2)
        try:
            fn()
        except OSError as e:
            os._exit(100 + (e.errno or 0) % 100)
        os._exit(99)
    res.append('%s=%d' % (name, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])))
child('plain', lambda: os.execv(target, [target]))
child('fexecve', lambda: os.execve(os.open(target, os.O_RDONLY), [target], {}))
child('procfd', lambda: os.execv('/proc/self/fd/%d' % os.open(target, os.O_RDONLY), [target]))
child('ldso', lambda: os.execv('/lib64/ld-linux-x86-64.so.2', ['ld.so', target]))
def hard():
    try:
        os.link(target, link)
    except OSError:
        os._exit(97)
    os.execv(link, [link])
child('hardlink', hard)
n = max(len(allowed), len(target)) + 1
buf = ctypes.create_string_buffer(n)
a, t = allowed.ljust(n, b'\0'), target.ljust(n, b'\0')
buf.raw = a
def flip():
    while True:
        ctypes.memmove(buf, t, n)
        ctypes.memmove(buf, a, n)
argv = (ctypes.c_char_p * 3)(b'x', b'TARGET', None)
envp = (ctypes.c_char_p * 1)(None)
ran = 0
for i in range(100):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        threading.Thread(target=flip, daemon=True).start()
        os.dup2(w, 1)
        libc.execve(buf, argv, envp)
        os._exit(98)
    os.close(w)
    ran += os.read(r, 16).startswith(b'TARGET')
    os.close(r)
    os.waitpid(pid, 0)
res.append('race=%d' % ran)
print(' '.join(res))
EOF
chmod 644 "$WORK/noexec-attack.py"

# Every lookup by path a program makes, one line a path: stat, lstat,
# access for R, W and X, readlink, statvfs and the xattr list, each as
# what it returned (the inode and size of a stat) or the errno's name.
cat >"$WORK/lookup-probe.py" <<'EOF'
import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
def access(p, m):
    # os.access says only True or False: the errno is what differs.
    if libc.access(p.encode(), m) == 0:
        return True
    raise OSError(ctypes.get_errno(), p)
def show(fn):
    try:
        r = fn()
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))
    if isinstance(r, os.stat_result):
        return 'ino%d:%d' % (r.st_ino, r.st_size)
    if isinstance(r, os.statvfs_result):
        return 'ok'
    if r is True:
        return 'yes'
    return repr(r)
for p in sys.argv[1:]:
    print(p, ' '.join(show(f) for f in (
        lambda: os.stat(p), lambda: os.lstat(p), lambda: access(p, os.R_OK), lambda: access(p, os.W_OK),
        lambda: access(p, os.X_OK), lambda: os.readlink(p), lambda: os.statvfs(p),
        lambda: sorted(os.listxattr(p, follow_symlinks=False)))))
EOF

test_rw_persists() {
	d=$(fresh_dir)
	sandbox --rw "$d" -- /bin/sh -c "echo written inside > '$d/out'"
	is "$?" 0 "a write to a --rw directory succeeds"
	is "$(cat "$d/out" 2>/dev/null)" "written inside" "and the file is on the host afterwards"
}

test_ro_refuses() {
	d=$(fresh_dir)
	echo original > "$d/f"
	chmod 666 "$d/f"
	err=$(sandbox --ro "$d" -- /bin/sh -c "echo changed > '$d/f'" 2>&1)
	ok $(( $? == 0 )) "a write to a --ro directory fails"
	contains "$err" "Read-only file system" "with EROFS"
	is "$(cat "$d/f")" original "and the host file is unchanged"
	err=$(sandbox -- /bin/sh -c 'echo x > /usr/sentry-run-test' 2>&1)
	contains "$err" "Read-only file system" "/usr is read-only"
	err=$(sandbox -- /bin/sh -c 'echo x > /etc/sentry-run-test' 2>&1)
	contains "$err" "Read-only file system" "/etc is read-only"
	err=$(sandbox -- /bin/sh -c 'mkdir /newdir' 2>&1)
	contains "$err" "Read-only file system" "the sandbox root is read-only"
}

test_cwd_read_only() {
	d=$(fresh_dir)
	echo here > "$d/marker"
	chmod 644 "$d/marker"
	out=$(cd "$d" && sandbox -- /bin/sh -c 'pwd; cat marker; echo x > new' 2>&1)
	contains "$out" "$d" "PROGRAM starts in the caller's directory"
	contains "$out" "here" "which is visible"
	contains "$out" "Read-only file system" "and read-only by default"
	out=$(cd "$d" && sandbox --rw . -- /bin/sh -c 'echo x > new && echo done')
	is "$out" done "--rw . makes it writable"
	test -f "$d/new"
	ok $? "and the new file is on the host"
}

test_private_tmp() {
	marker="sr-marker-$$-$mode"
	sandbox -- /bin/sh -c "echo x > /tmp/$marker && echo x > /var/tmp/$marker && echo x > /dev/shm/$marker"
	is "$?" 0 "/tmp, /var/tmp and /dev/shm are writable"
	test ! -e "/tmp/$marker" && test ! -e "/var/tmp/$marker" && test ! -e "/dev/shm/$marker"
	ok $? "and nothing reaches the host's"
	# From /, so that no current directory is bound under /tmp.
	out=$(cd / && sandbox -- /bin/sh -c 'ls -A /tmp | wc -l')
	is "$out" 0 "the sandbox's /tmp starts empty"
}

test_absent_and_present() {
	out=$(sandbox -- /bin/sh -c 'for p in /home /root /srv /mnt /media /run /sys /etc/shadow /etc/gshadow /etc/sudoers /var/lib; do test -e $p && echo "present $p"; done; true')
	is "$out" "" "/home, /root, /srv, /run, /sys and /etc/shadow are absent"
	out=$(sandbox -- /bin/sh -c 'test -x /usr/bin/env && test -r /etc/passwd && echo yes')
	is "$out" yes "/usr/bin and /etc/passwd are there"
	# A glob hides dot files too, in the mount view (ls reads the
	# directory in the kernel) as in the Gofer's policy (test -e).
	d=$(fresh_dir)
	touch "$d/a.secret" "$d/.b.secret" "$d/c.txt"
	chmod 644 "$d"/* "$d"/.b.secret
	p=$(fresh_dir)/hide.ini
	printf 'include=default\n[filesystem]\nro=%s\nhide=%s/*.secret\n' "$d" "$d" > "$p"
	chmod 644 "$p"
	out=$(sandbox -p "$p" -- /bin/sh -c "ls -A '$d'; test -e '$d/.b.secret' && echo present")
	is "$out" "c.txt" "hide=DIR/*.secret hides a.secret and .b.secret from the view and the Gofer"
	if ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1; then
		out=$(sandbox -- /bin/sh -c 'ls /etc/ssh/ | grep "_key$"')
		is "$out" "" "ssh host private keys are hidden"
	fi
}

# hide= below a read-write bind: the view rebuilds the directories down
# to the hidden name as read-only ones holding binds of their entries
# (sandbox.c, sr_bind_dir_hiding), so that the name is truly absent.
# Their files stay writable, but a new name there is refused (EROFS)
# where the profile said rw=: natively `touch DIR/new` works, and under
# sentry-run it failed with nothing saying why.  The secret stays
# absent, and sentry-run says what the hide= costs before PROGRAM runs.
test_hide_under_rw_is_said() {
	d=$(fresh_dir)
	mkdir "$d/sub"
	echo secret >"$d/sub/key"
	echo old >"$d/file"
	chmod 644 "$d/sub/key" "$d/file"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	touch "$d/native" && rm "$d/native"
	ok $? "natively a new name in the directory is made"
	p=$(fresh_dir)/hide-rw.ini
	printf 'include=default\n[filesystem]\ncwd-access=none\nrw=%s\nhide=%s/sub/key\n' "$d" "$d" >"$p"
	chmod 644 "$p"
	err=$(cd / && sandbox -p "$p" -- /bin/sh -c "cat '$d/sub/key'; echo new >'$d/file'; touch '$d/new'" 2>&1)
	contains "$err" "sentry-run: rw $d: hide=$d/sub/key lies below it" "a hide= below a read-write bind is said"
	contains "$err" "new names, renames and removals" "with what it costs"
	contains "$err" "No such file or directory" "the hidden file stays absent"
	is "$(cat "$d/file")" new "the bind's files stay writable"
	err=$(cd / && sandbox -p "$p" --check-profile 2>&1)
	contains "$err" "hide=$d/sub/key lies below it" "--check-profile says it too"
	err=$(cd / && sandbox -q -p "$p" -- /bin/true 2>&1)
	is "$err" "" "-q keeps it quiet"
}

# A hide= names a place in the view; a profile that shows the same host
# directory at a second place (ro=SRC:DEST) must not show its hidden
# names there: the default profile's /etc/shadow at /e2/shadow.
test_hide_follows_the_host_directory() {
	d=$(fresh_dir)
	mkdir "$d/src"
	echo secret >"$d/src/key"
	echo secret >"$d/src/a.pem"
	echo shown >"$d/src/other"
	chmod 644 "$d/src/key" "$d/src/a.pem" "$d/src/other"
	is "$(as_user cat "$d/src/key" "$d/src/a.pem")" "secret
secret" "natively the files are readable"
	p=$(fresh_dir)/hide-moved.ini
	printf 'include=default\n[filesystem]\ncwd-access=none\nro=%s/src\nhide=%s/src/key\nhide=%s/src/*.pem\nro=%s/src:/e2\nro=%s:/e3\n' \
		"$d" "$d" "$d" "$d" "$d" >"$p"
	chmod 644 "$p"
	out=$(cd / && sandbox -p "$p" -- /bin/sh -c "cat '$d/src/key' /e2/key /e2/a.pem /e3/src/key /e3/src/a.pem; ls /e2 /e3/src" 2>&1)
	lacks "$out" secret "a hidden name is hidden wherever its host directory is shown"
	contains "$out" "/e2/key: No such file or directory" "and answers as absent there"
	is "$(printf '%s\n' "$out" | grep -c '^other$')" 2 "while the rest of the directory is shown"
}

test_tmpfs_option() {
	d=$(fresh_dir)
	echo secret > "$d/inside"
	out=$(sandbox --tmpfs "$d" -- /bin/sh -c "ls -A '$d'; echo y > '$d/y' && echo wrote")
	is "$out" wrote "--tmpfs gives an empty writable directory"
	test ! -e "$d/y"
	ok $? "whose writes stay in the sandbox"
}

test_cwd_option() {
	out=$(sandbox --cwd /usr -- /bin/pwd)
	is "$out" /usr "--cwd sets the starting directory"
	sandbox --cwd /nonexistent -- /bin/true 2>/dev/null
	is "$?" 125 "--cwd of a missing directory gives 125"
}

test_devices() {
	out=$(sandbox -- /bin/sh -c 'head -c 4 /dev/zero | od -An -tx1 | tr -d " "; head -c 8 /dev/urandom | wc -c; echo x > /dev/null && echo null-ok; ls /dev/pts/ptmx')
	is "$out" "00000000
8
null-ok
/dev/pts/ptmx" "/dev/zero, /dev/urandom, /dev/null and a devpts work"
}

# [filesystem] root=DIR: a tree of its own (here /bin/sh and the libraries
# it loads, as debootstrap would leave a whole system) is the root,
# read-only, with the profile's mounts on it and nothing of the host.
test_root_of_the_profile() {
	r=$(fresh_dir)
	mkdir -p "$r/bin" "$r/dev" "$r/proc" "$r/tmp" "$r/etc"
	cp -L /bin/dash "$r/bin/sh"
	for lib in $(ldd /bin/dash | grep -o '/[^ ]*'); do
		mkdir -p "$r$(dirname "$lib")" && cp -L "$lib" "$r$lib"
	done
	echo "from the tree" >"$r/etc/marker"
	echo secret >"$r/etc/shadow"
	chmod -R a+rX "$r"
	printf '[filesystem]\nroot=%s\ncwd-access=none\ntmpfs=/tmp\nhide=/etc/shadow\n' "$r" >"$r.ini"
	chmod 644 "$r.ini"
	out=$(sandbox -p "$r.ini" -- /bin/sh -c 'echo /*; echo /usr/*; read l </etc/marker; echo "$l"
		read s </etc/shadow || echo hidden; echo x >/etc/new || echo read-only
		echo t >/tmp/t && read t </tmp/t && echo "tmp $t"' 2>/dev/null)
	is "$out" "/bin /dev /etc /lib /lib64 /proc /tmp
/usr/*
from the tree
hidden
read-only
tmp t" "root=DIR: the tree is the root, read-only, with the profile's tmpfs and hide, and nothing of the host"
	out=$(sandbox -p "$r.ini" -- /usr/bin/id 2>&1)
	is "$?" 127 "the host's programs are not there"
	printf '[filesystem]\nroot=%s\ntmpfs=/nowhere\n' "$r" >"$r.ini"
	err=$(sandbox -p "$r.ini" -- /bin/sh -c true 2>&1)
	is "$?" 125 "a mount point the read-only tree lacks is an error"
	contains "$err" "is read-only: make /nowhere in it" "that says what to do"
	rm -f "$r.ini"
	err=$(sandbox --tmpfs /usr/sr-nowhere -- /bin/true 2>&1)
	is "$?" 125 "--tmpfs where the read-only /usr lacks the directory is an error"
	contains "$err" "cannot create mount point /usr/sr-nowhere: its parent is read-only in the sandbox (make it on the host" \
		"naming it as the sandbox sees it, and what to do"
}

# noexec=PATH: an execve there fails with EACCES (the Gofer's policy), and
# the path is a noexec mount (the kernel's, for an execve a racing thread
# redirects after the Gofer's check); reading and sourcing still work.
test_noexec() {
	d=$(fresh_dir)
	mkdir "$d/bin" "$d/ok"
	cp /bin/true "$d/bin/true"
	cp /bin/true "$d/ok/true"
	printf '#!/bin/sh\necho a script\n' >"$d/bin/script"
	chmod 755 "$d/bin/script"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d/bin" "$d/ok"
	printf 'include=default\n[filesystem]\nrw=%s\nnoexec=%s/bin\n' "$d" "$d" >"$d.ini"
	chmod 644 "$d.ini"
	"$d/bin/true"
	ok $? "on the bare host the program runs"
	out=$(sandbox -p "$d.ini" -- /bin/sh -c "'$d/bin/true' 2>/dev/null; echo \$?; '$d/ok/true'; echo \$?
		sh '$d/bin/script'; cp '$d/ok/true' '$d/bin/new' && '$d/bin/new' 2>/dev/null; echo \$?
		grep -c ' $d/bin .*noexec' /proc/self/mountinfo")
	is "$out" "126
0
a script
126
1" "noexec: nothing under the path runs, a new file neither; elsewhere it does; a script is read; a noexec mount"
	rm -f "$d.ini"
}

# noexec= as an attacker: the program runs TARGET, a copy of /bin/echo,
# under the path by fexecve, /proc/self/fd, ld.so, a hard link
# and a thread racing execve's path; all run on the bare host, none in
# the sandbox (the kernel's noexec mount, not only the Gofer's check).
test_noexec_attacks() {
	d=$(fresh_dir)
	mkdir "$d/ne" "$d/ok"
	cp /bin/echo "$d/ne/target"
	cp /bin/true "$d/ok/allowed"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d/ne" "$d/ok"
	out=$(as_user /usr/bin/python3 "$WORK/noexec-attack.py" "$d/ok/allowed" "$d/ne/target" "$d/ok/link")
	rm -f "$d/ok/link"
	lacks "$out" "race=0" "on the bare host a thread racing execve runs the target"
	contains "$out" "plain=0 fexecve=0 procfd=0 ldso=0 hardlink=0" "and so does every other way"
	printf 'include=default\n[filesystem]\nrw=%s\nnoexec=%s/ne\n' "$d" "$d" >"$d.ini"
	chmod 644 "$d.ini"
	out=$(sandbox -p "$d.ini" -- /usr/bin/python3 "$WORK/noexec-attack.py" "$d/ok/allowed" "$d/ne/target" "$d/ok/link" 2>&1)
	is "$out" "plain=113 fexecve=113 procfd=113 ldso=127 hardlink=97 race=0" \
		"noexec: fexecve, /proc/self/fd, ld.so, a hard link and a racing thread run nothing there"
	rm -f "$d.ini"
}

# noexec= deeper than a read-write bind: renaming a directory above the
# noexec mount (its own name is a mount point, EBUSY) moves the mount
# away, and a new directory at the old place would run what the program
# put there by fexecve, where the Gofer does not see a path.  Each
# directory holding a noexec path stays where it is, as the mount does.
test_noexec_ancestor_stays() {
	d=$(fresh_dir)
	mkdir -p "$d/a/ne" "$d/x"
	cp /bin/echo "$d/a/ne/target"
	cat >"$d/fexecve.py" <<'EOF2'
import os, sys
os.execve(os.open(sys.argv[1], os.O_RDONLY), [sys.argv[1], 'ran'], {})
EOF2
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	move="cd '$d' && mv a moved && mkdir -p a/ne && cp /bin/echo a/ne/new && /usr/bin/python3 fexecve.py a/ne/new"
	out=$(as_user /bin/sh -c "$move" 2>&1)
	is "$out" ran "on the bare host the program runs from the directory made in its place"
	rm -rf "$d/moved" "$d/a" && mkdir -p "$d/a/ne" && cp /bin/echo "$d/a/ne/target"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	printf 'include=default\n[filesystem]\nrw=%s\nnoexec=%s/a/ne\n' "$d" "$d" >"$d.ini"
	chmod 644 "$d.ini"
	out=$(sandbox -p "$d.ini" -- /bin/sh -c "cd '$d'; mv a moved 2>/dev/null || echo rename-busy
		/usr/bin/python3 -c 'import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
r = libc.renameat2(-100, b\"a\", -100, b\"x\", 2)
print(\"exchange-busy\" if r < 0 and ctypes.get_errno() == 16 else \"exchange=%d\" % r)'
		mkdir -p a/ne 2>/dev/null; cp /bin/echo a/ne/new 2>/dev/null; /usr/bin/python3 fexecve.py a/ne/new 2>/dev/null || echo refused
		mv x y && mv y x && echo other-renames-work" 2>&1)
	is "$out" "rename-busy
exchange-busy
refused
other-renames-work" "noexec: a directory above the path can be neither renamed nor exchanged; nothing runs there"
	rm -f "$d.ini"
}

# hide= and noexec= through a link of the view (here $d/link -> real; on
# a merged-/usr host /bin -> usr/bin): the Gofer and the kernel reach
# what lies beyond it under the link's target, which nothing hid or
# marked, so the secret was read and, the target's parent renamed, a
# program made at the old place ran.  Both are refused before anything
# runs, naming the link.
# --ro DIR/link/.. was made absolute on the string: the bind showed DIR
# (and its secret), where the kernel's DIR/link/.. is the parent of the
# link's target.  A '..' after a name is refused, as in a profile; one
# that starts a relative path goes up from the current directory, which
# getcwd gave with no link in it.
test_dotdot_after_a_link() {
	d=$(fresh_dir)
	mkdir -p "$d/far/target"
	ln -s far/target "$d/link"
	echo secret >"$d/secret"
	echo far >"$d/far/mark"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	is "$(as_user cat "$d/link/../mark")" far "on the bare host link/.. is the parent of the link's target"
	out=$(cd / && sandbox --ro "$d/link/.." -- /bin/cat "$d/secret" 2>&1)
	is "$?" 125 "--ro DIR/link/.. is refused"
	contains "$out" "--ro: '$d/link/..': '..' after a name" "and says why"
	lacks "$out" secret "and DIR was not shown in its place"
	out=$(cd "$d/far/target" && sandbox --cwd / --ro .. -- /bin/cat "$d/far/mark" 2>&1)
	is "$out" far "--ro .. from the current directory binds its parent"
}

test_links_on_the_way() {
	d=$(fresh_dir)
	mkdir -p "$d/real/ne"
	ln -s real "$d/link"
	echo secret >"$d/real/secret"
	cp /bin/echo "$d/real/ne/target"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d/real"
	is "$(as_user cat "$d/link/secret")" secret "on the bare host the link leads to the secret"
	printf 'include=default\n[filesystem]\nrw=%s\nhide=%s/link/secret\n' "$d" "$d" >"$d.ini"
	chmod 644 "$d.ini"
	err=$(sandbox -p "$d.ini" -- /bin/cat "$d/link/secret" 2>&1)
	is "$?" 125 "hide= through a link of the view is refused"
	contains "$err" "hide=$d/link/secret: $d/link is a link in the sandbox" "naming the link"
	lacks "$err" "secret
" "and nothing was read"
	printf 'include=default\n[filesystem]\nrw=%s\nnoexec=%s/link/ne\n' "$d" "$d" >"$d.ini"
	err=$(sandbox -p "$d.ini" -- /bin/sh -c "cd '$d' && mv real moved && mkdir -p real/ne &&
		cp /bin/echo real/ne/new && exec real/ne/new ran" 2>&1)
	is "$?" 125 "noexec= through a link of the view is refused"
	contains "$err" "noexec=$d/link/ne: $d/link is a link in the sandbox" "naming the link"
	lacks "$err" "ran" "and nothing ran"
	rm -f "$d.ini"
}

# A bind's source is resolved on the host: a link on its way that the
# sandbox itself planted, in a place it writes (an ssh session's home,
# and a profile with ro=~/tools), chose what the next run shows.
test_planted_link_in_a_writable_bind() {
	d=$(fresh_dir)
	o=$(fresh_dir)
	mkdir "$d/home"
	echo secret >"$o/secret"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d/home" "$o"
	sandbox --rw "$d/home" -- /bin/ln -s "$o" "$d/home/tools"
	is "$(as_user cat "$d/home/tools/secret")" secret "the sandbox planted a link that leads, on the host, out of its view"
	out=$(sandbox --rw "$d/home" --ro "$d/home/tools" -- /bin/cat "$d/home/tools/secret" 2>&1)
	is "$?" 125 "a bind through a link in a place the sandbox writes is refused"
	contains "$out" "ro $d/home/tools: $d/home/tools is a link in a place the sandbox can write" "naming the link"
	lacks "$out" secret "and nothing beyond it was read"
}

# rw= of a host path through a link ($WORK/lnk -> the directory) shows
# the directory at its real path: hide= and noexec= written with the
# link's path named nothing there, and the secret was read and the
# program ran.  Both are refused before anything runs (cwd-access=none:
# the bind of the cwd, $WORK, would show the link itself).
test_moved_by_a_host_link() {
	d=$(fresh_dir)
	mkdir "$d/ne"
	echo secret >"$d/secret"
	cp /bin/echo "$d/ne/target"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	ln -sfn "$d" "$d.lnk"
	is "$(as_user cat "$d.lnk/secret")" secret "on the bare host the link leads to the secret"
	printf 'include=default\n[filesystem]\ncwd-access=none\nrw=%s.lnk\nhide=%s.lnk/secret\n' "$d" "$d" >"$d.ini"
	chmod 644 "$d.ini"
	err=$(sandbox -p "$d.ini" -- /bin/cat "$d/secret" 2>&1)
	is "$?" 125 "hide= under a mount a host link moves is refused"
	contains "$err" "hide=$d.lnk/secret: $d.lnk is shown at $d," "naming where it is shown"
	printf 'include=default\n[filesystem]\ncwd-access=none\nrw=%s.lnk\nnoexec=%s.lnk/ne\n' "$d" "$d" >"$d.ini"
	err=$(sandbox -p "$d.ini" -- "$d/ne/target" ran 2>&1)
	is "$?" 125 "noexec= under a mount a host link moves is refused"
	lacks "$err" "ran" "and nothing ran"
	rm -f "$d.ini" "$d.lnk"
}

# noexec= naming what is not there when the sandbox starts, but what the
# program could make (under its private /tmp): no mount would mark it,
# and what the program put there would run, so it is refused.  Where
# nothing can be made (the read-only /usr), there is nothing to mark.
test_noexec_absent() {
	d=$(fresh_dir)
	printf 'include=default\n[filesystem]\nnoexec=/tmp/later\n' >"$d.ini"
	chmod 644 "$d.ini"
	err=$(sandbox -p "$d.ini" -- /bin/sh -c "mkdir /tmp/later && cp /bin/echo /tmp/later/t &&
		/usr/bin/python3 '$WORK/noexec-attack.py' /bin/true /tmp/later/t /tmp/link" 2>&1)
	is "$?" 125 "noexec= of a path the program could make is refused"
	contains "$err" "noexec=/tmp/later: not in the sandbox, and the program could make it" "with what to do"
	lacks "$err" "race=" "and nothing ran"
	printf 'include=default\n[filesystem]\nnoexec=/usr/nothere\n' >"$d.ini"
	out=$(sandbox -p "$d.ini" -- /bin/true 2>&1)
	is "$?" 0 "noexec= of what cannot be made under the read-only /usr is nothing to mark"
	rm -f "$d.ini"
}

# overlay= as an attacker: a file the caller cannot read on the host
# stays unreadable, a set-user-ID program gives no other id, no device
# can be made, and what the program writes, even chmod u+s, stays off
# the host.
test_overlay_attacks() {
	d=$(mktemp -d "$WORK/d.XXXXXX")
	chmod 755 "$d"
	echo secret >"$d/secret"
	chown nobody: "$d/secret"
	chmod 600 "$d/secret"
	cp /usr/bin/id "$d/suid-id"
	chown nobody: "$d/suid-id"
	chmod 4755 "$d/suid-id"
	mkdir "$d/mine"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/mine"
	chmod 755 "$d/mine"
	printf 'include=default\n[filesystem]\noverlay=%s\n' "$d" >"$d.ini"
	chmod 644 "$d.ini"
	host=$(as_user "$d/suid-id" -u; as_user cat "$d/secret" 2>/dev/null || echo unreadable)
	out=$(sandbox -p "$d.ini" -- /bin/sh -c "cat '$d/secret' 2>/dev/null || echo unreadable; '$d/suid-id' -u
		mknod '$d/mine/null' c 1 3 2>/dev/null || echo no-device
		cp /bin/true '$d/mine/t' && chmod 4755 '$d/mine/t' && echo written" 2>&1)
	hostsecret=unreadable
	[ "$mode" = root ] && hostsecret=secret
	is "$host" "$(id -u nobody)
$hostsecret" "on the bare host the set-user-ID program runs as its owner, the secret is the owner's (and root's)"
	is "$out" "unreadable
$(as_user id -u)
no-device
written" "overlay: the secret stays unreadable, set-user-ID gives nothing, no device"
	ok "$([ -z "$(ls "$d/mine")" ]; echo $?)" "and nothing written reaches the host's directory"
	rm -rf "$d" "$d.ini"
}

# root=DIR as an attacker: absolute and relative links, /proc/self/root,
# ".." of the root and a host mount inside DIR reach nothing outside it
# and write nothing (DIR's own mounts are read-only too).
test_root_attacks() {
	r=$(fresh_dir)
	mkdir -p "$r/bin" "$r/dev" "$r/proc" "$r/tmp" "$r/etc" "$r/sub"
	cp -L /bin/dash "$r/bin/sh"
	for lib in $(ldd /bin/dash | grep -o '/[^ ]*'); do
		mkdir -p "$r$(dirname "$lib")" && cp -L "$lib" "$r$lib"
	done
	ln -s /etc/hostname "$r/etc/abs"
	ln -s ../../../../../../etc/hostname "$r/etc/rel"
	chmod -R a+rX "$r"
	mount -t tmpfs -o mode=1777 sub "$r/sub" || { ok 1 "a tmpfs inside the tree"; return; }
	printf '[filesystem]\nroot=%s\ncwd-access=none\ntmpfs=/tmp\n' "$r" >"$r.ini"
	chmod 644 "$r.ini"
	host=$(as_user /bin/sh -c "read l <'$r/etc/abs' && echo reached; echo x >'$r/sub/w' && echo wrote")
	is "$host" "reached
wrote" "on the bare host the links reach /etc/hostname and the tree's tmpfs is writable"
	out=$(sandbox -p "$r.ini" -- /bin/sh -c 'read l </etc/abs 2>/dev/null || echo abs; read l </etc/rel 2>/dev/null || echo rel
		read l </proc/self/root/etc/hostname 2>/dev/null || echo procroot; cd /../../..; echo *
		echo x >/sub/w2 2>/dev/null || echo sub-ro; echo x >/w 2>/dev/null || echo root-ro' 2>/dev/null)
	umount "$r/sub"
	is "$out" "abs
rel
procroot
bin dev etc lib lib64 proc sub tmp
sub-ro
root-ro" "root=DIR: no link, /proc/self/root or .. leaves it; its own mounts are read-only"
	rm -f "$r.ini"
}

# overlay=PATH: the program changes, adds and removes files; the host's
# PATH is untouched, and the next sandbox starts from it again.
test_overlay() {
	d=$(fresh_dir)
	echo original >"$d/file"
	chmod 644 "$d/file"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/file"
	printf 'include=default\n[filesystem]\noverlay=%s\n' "$d" >"$d.ini"
	chmod 644 "$d.ini"
	out=$(sandbox -p "$d.ini" -- /bin/sh -c "echo changed >'$d/file' && cat '$d/file' && echo new >'$d/new' &&
		cat '$d/new' && rm '$d/file' && ls '$d'" 2>&1)
	is "$out" "changed
new
new" "overlay: the program writes, adds and removes"
	is "$(cat "$d/file")" original "the host's file is unchanged"
	ok "$([ ! -e "$d/new" ]; echo $?)" "and nothing was added on the host"
	out=$(sandbox -p "$d.ini" -- /bin/sh -c "cat '$d/file'; ls '$d'" 2>&1)
	is "$out" "original
file" "the next sandbox starts from the host's again"
	rm -f "$d.ini"
}

# overlay=PATH: a directory of the host's tree is removed or moved as
# in a writable directory (rm -r of a build tree, mv of a directory,
# which falls back to copying and removing).  A directory emptied of
# host files must be marked opaque in the upper layer, which overlayfs
# in a user namespace cannot do with its trusted.* attributes: rmdir
# said EIO ("rm: cannot remove 'tree/sub': Input/output error").
test_overlay_removes_host_directories() {
	if ! sandbox -q -- /usr/bin/python3 -c 'import os; open("/tmp/f", "w"); os.setxattr("/tmp/f", "user.x", b"y")' 2>/dev/null; then
		ok 0 "rm -r and mv on an overlay # SKIP no user.* attributes on tmpfs (Linux 6.6)"
		return
	fi
	d=$(fresh_dir)
	script='rm -r tree && mv moved done && ls -R'
	for dir in "$d/native" "$d/layer"; do
		mkdir -p "$dir/tree/sub" "$dir/moved/sub"
		echo x >"$dir/tree/sub/f"
		echo y >"$dir/moved/sub/g"
		[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$dir"
	done
	native=$(cd "$d/native" && as_user /bin/sh -c "$script" 2>&1)
	is "$native" ".:
done

./done:
sub

./done/sub:
g" "natively, rm -r and mv of a directory tree"
	printf 'include=default\n[filesystem]\noverlay=%s\n' "$d/layer" >"$d.ini"
	chmod 644 "$d.ini"
	out=$(cd "$d/layer" && sandbox -q -p "$d.ini" -- /bin/sh -c "$script" 2>&1)
	is "$out" "$native" "on an overlay of the host's tree too"
	ok "$([ -f "$d/layer/tree/sub/f" ] && [ -f "$d/layer/moved/sub/g" ]; echo $?)" "and the host's tree is untouched"
	rm -rf "$d" "$d.ini"
}

# noexec= and hide= name places in the view: a profile that shows the
# same host directory at a second place (ro=DIR:/a and ro=DIR:/b) must
# not run through /b what noexec=/a forbids, nor show at /b what
# hide=/a/key hides (both did).
test_noexec_follows_the_host_directory() {
	d=$(fresh_dir)
	cp /bin/true "$d/true"
	echo secret >"$d/key"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/true" "$d/key"
	"$d/true"
	ok $? "on the bare host the program runs"
	printf 'include=default
[filesystem]
ro=%s:/srv/a
ro=%s:/srv/b
noexec=/srv/a
hide=/srv/a/key
' \
		"$d" "$d" >"$d.ini"
	chmod 644 "$d.ini"
	out=$(sandbox -p "$d.ini" -- /bin/sh -c '/srv/a/true 2>/dev/null; echo $?; /srv/b/true 2>/dev/null; echo $?
		cat /srv/a/key /srv/b/key 2>/dev/null; echo $?')
	is "$out" "126
126
1" "noexec=/srv/a holds at /srv/b, the same host directory; so does hide=/srv/a/key"
	rm -f "$d.ini"
}

# metadata=kernel: the lookups by path stay in the kernel, where the
# mount view answers them as the Gofer's policy does: outside the view
# and hide= absent (also through a link planted in /tmp, or .. from a
# writable bind), read-only binds EROFS for W_OK, noexec= EACCES for
# X_OK.  Natively the same probe reaches what the sandbox hides.
test_metadata_in_the_kernel() {
	d=$(fresh_dir)
	mkdir "$d/rw" "$d/ro" "$d/nx"
	echo s >"$d/ro/a.secret"
	echo t >"$d/ro/shown"
	cp /bin/true "$d/nx/prog"
	chmod 644 "$d/ro/a.secret" "$d/ro/shown"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	p=$(fresh_dir)/lookups.ini
	printf 'include=default\n[filesystem]\nrw=%s/rw\nro=%s/ro\nro=%s/nx\nhide=%s/ro/*.secret\nnoexec=%s/nx\n' \
		"$d" "$d" "$d" "$d" "$d" >"$p"
	chmod 644 "$p"
	paths="/etc/shadow /home $d/ro/a.secret $d/ro/shown $d/rw/../ro/a.secret /tmp/link /usr $d/nx/prog /bin"
	script="ln -s /etc/shadow /tmp/link; exec /usr/bin/python3 $WORK/lookup-probe.py $paths"
	native=$(as_user /usr/bin/python3 "$WORK/lookup-probe.py" /etc/shadow /home "$d/ro/a.secret" "$d/nx/prog")
	lacks "$native" "/etc/shadow ENOENT" "natively /etc/shadow is there"
	lacks "$native" "/home ENOENT" "and /home"
	lacks "$native" "a.secret ENOENT" "and the secret"
	contains "$native" "$d/nx/prog ino" "and the program"
	contains "$native" " yes yes yes EINVAL" "which may be written and run"
	gofer=$(sandbox -p "$p" -- /bin/sh -c "$script" 2>&1)
	kernel=$(sandbox -p "$p" --metadata=kernel -- /bin/sh -c "$script" 2>&1)
	line() { printf '%s\n' "$kernel" | grep "^$1 "; }
	absent=" ENOENT ENOENT ENOENT ENOENT ENOENT ENOENT ENOENT ENOENT"
	is "$(line /etc/shadow)" "/etc/shadow$absent" "metadata=kernel: a hidden file of the default profile is absent to every lookup"
	is "$(line /home)" "/home$absent" "the host outside the view is absent"
	is "$(line "$d/ro/a.secret")" "$d/ro/a.secret$absent" "a hide= glob's file is absent"
	is "$(line "$d/rw/../ro/a.secret")" "$d/rw/../ro/a.secret$absent" "also by .. from a writable bind"
	contains "$(line /tmp/link)" "/tmp/link ENOENT ino" "a planted link's target is absent, the link itself there"
	contains "$(line "$d/ro/shown")" " yes EROFS " "a read-only bind's file is there, W_OK is EROFS"
	contains "$(line "$d/nx/prog")" " yes EROFS EACCES EINVAL " "a noexec= program is there, X_OK is EACCES"
	is "$kernel" "$gofer" "every lookup answers as the Gofer does"
	answered() {  # how many lookups the Sentry answered, by --stats
		awk '$NF ~ /^(newfstatat|statx|readlink|access|faccessat2?|statfs|l?getxattr|l?listxattr)$/ { n += $5 }
			END { print n + 0 }'
	}
	n=$(sandbox -p "$p" --stats -- /bin/sh -c "$script" 2>&1 >/dev/null | answered)
	[ "$n" -gt 0 ]
	ok $? "by default the Sentry answers the lookups, through the Gofer ($n)"
	n=$(sandbox -p "$p" --stats --metadata=kernel -- /bin/sh -c "$script" 2>&1 >/dev/null | answered)
	is "$n" 0 "metadata=kernel: the kernel answers them all"
	rm -rf "$d" "$p"
}

run_suite test_dotdot_after_a_link test_overlay test_overlay_removes_host_directories test_noexec test_noexec_attacks test_noexec_ancestor_stays test_links_on_the_way test_planted_link_in_a_writable_bind test_moved_by_a_host_link test_noexec_absent test_overlay_attacks test_root_attacks test_rw_persists test_ro_refuses test_cwd_read_only test_private_tmp \
	test_absent_and_present test_tmpfs_option test_cwd_option test_devices test_root_of_the_profile \
	test_hide_under_rw_is_said test_hide_follows_the_host_directory test_noexec_follows_the_host_directory \
	test_metadata_in_the_kernel
