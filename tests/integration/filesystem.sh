#!/bin/sh
# The mount view of DESIGN §5: the system read-only, secrets and the rest
# of the host absent, private temporary directories, --rw/--ro/--tmpfs.
. "$top_srcdir/tests/lib.sh"

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

run_suite test_overlay test_noexec test_rw_persists test_ro_refuses test_cwd_read_only test_private_tmp \
	test_absent_and_present test_tmpfs_option test_cwd_option test_devices test_root_of_the_profile
