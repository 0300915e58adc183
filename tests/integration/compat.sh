#!/bin/sh
# Real programs run in the sandbox as they run on the host: each case is
# a shell script run in a fresh directory natively, then under
# sentry-run --rw of a directory at the same path (and again with
# --strace and --events on, which must change nothing), and its output,
# its exit status and the files it left (names, types, modes, sizes,
# link counts) must be the same.  Root in the sandbox holds no
# capability over the host (DESIGN §5): the cases avoid what only a
# capability allows.
. "$top_srcdir/tests/lib.sh"

PYTHON=/usr/bin/python3

# compat_run DIR WHERE SCRIPT [OPTION...]: SCRIPT's output and status in
# DIR, then DIR's listing; WHERE is native (on the emulated older kernel
# under make check-oldkernel, as the sandbox then runs) or sandbox.
compat_run() {
	run_dir=$1 where=$2 script=$3
	shift 3
	if [ "$where" = native ]; then
		(cd "$run_dir" && as_user ${SR_TEST_OLDKERNEL:+"$WORK/bin/oldkernel"} env D="$run_dir" PYTHON="$PYTHON" sh -c "$script" 2>&1; echo "exit $?")
	else
		(cd "$run_dir" && sandbox -q "$@" --rw "$run_dir" -- \
			env D="$run_dir" PYTHON="$PYTHON" sh -c "$script" 2>&1; echo "exit $?")
	fi
	(cd "$run_dir" && find . -mindepth 1 -printf '%p %M %n %s\n' | sort)
}

# same_as_native NAME CALL SCRIPT: SCRIPT gives the same output, status
# and files in the sandbox as natively, with and without tracing; and
# the traced run showed the Sentry CALL (so the sandbox was there).
same_as_native() {
	name=$1 call=$2 script=$3
	work_dir=$(fresh_dir)
	native=$(compat_run "$work_dir" native "$script")
	mv "$work_dir" "$work_dir.native"
	printf '%s\n' "$native" >"$work_dir.native.out"
	for opts in "" "--strace=$WORK/compat.strace --events=$WORK/compat.events"; do
		mkdir "$work_dir" && chmod 755 "$work_dir"
		[ "$mode" = user ] && chown "$SR_TEST_USER:" "$work_dir"
		: >"$WORK/compat.strace" && : >"$WORK/compat.events"
		chmod 666 "$WORK/compat.strace" "$WORK/compat.events"
		# shellcheck disable=SC2086 # the options split into words
		boxed=$(compat_run "$work_dir" sandbox "$script" $opts)
		differences=$(printf '%s\n' "$boxed" | diff -u "$work_dir.native.out" - | tail -n +3)
		[ -z "$differences" ]
		ok $? "$name: as natively${opts:+ (with --strace and --events)}"
		[ -z "$differences" ] || printf '%s\n' "$differences" | head -n 40 | sed 's/^/#   /'
		rm -rf "$work_dir"
	done
	grep -qF "$call" "$WORK/compat.strace"
	ok $? "$name: the Sentry saw $call"
	rm -f "$work_dir.native.out"
	rm -rf "$work_dir.native"
}

# A directory's default ACL, not the umask, sets the modes of what is
# made in it (acl(5)): the Gofer must create under the program's umask
# rather than apply it itself.  The ACL (user::rwx group::rwx other::rwx)
# is written as its xattr, since setfacl may not be installed.
test_default_acl_overrides_umask() {
	same_as_native "a default ACL overrides the umask" "mknodat(" '
		mkdir shared plain
		"$PYTHON" -c "import os, struct
os.setxattr(\"shared\", \"system.posix_acl_default\",
            struct.pack(\"<I\", 2) + b\"\".join(struct.pack(\"<HHI\", tag, 7, 0xffffffff) for tag in (1, 4, 0x20)))"
		umask 077
		for d in shared plain; do
			: >$d/file; mkdir $d/dir; mkfifo $d/fifo
			"$PYTHON" -c "import os, sys; os.mknod(sys.argv[1] + \"/node\", 0o666)
fd = os.open(sys.argv[1], os.O_TMPFILE | os.O_RDWR, 0o666); print(oct(os.fstat(fd).st_mode))" $d
		done
		umask 022; : >plain/masked'
}

# The archivers and coreutils keep what they are asked to keep: hard
# links, symlinks, holes, set times and user xattrs.
test_archive_and_copy() {
	same_as_native "tar, cp -a, gzip and xz" "linkat(" '
		mkdir -p a/b; echo data >a/f; ln a/f a/hard; ln -s f a/sym
		truncate -s 1M a/sparse; printf x >>a/sparse
		"$PYTHON" -c "import os; os.setxattr(\"a/f\", \"user.color\", b\"blue\")"
		touch -h -d 2005-05-05 a/f a/sym a/sparse a/b a
		tar --xattrs -cSf t.tar a && mkdir x && tar --xattrs -xf t.tar -C x
		"$PYTHON" -c "import os; print(os.getxattr(\"x/a/f\", \"user.color\"))"
		stat -c "%n %h %Y %b" x/a/f x/a/hard x/a/b x/a/sparse
		cp -a a c; stat -c "%n %h %Y" c/f c/hard c/sym; du -k c/sparse | cut -f1
		tar -cf - a | gzip | gunzip | tar -tvf - | awk "{print \$1, \$6}"
		xz -k a/f && xz -dc a/f.xz && gzip -k a/f && gunzip -c a/f.gz
		install -m 750 -D a/f i/j/k; sort -r -o a/f a/f; rm -rf a/b t.tar'
}

# Python's file, lock, memory and descriptor interfaces.
test_python_file_interfaces() {
	same_as_native "python3 file interfaces" " rename(" '
		"$PYTHON" -c "
import fcntl, mmap, os, shutil, socket, subprocess, sys, tempfile
os.makedirs(\"t/a/b\"); open(\"t/a/f\", \"w\").write(\"f\"); os.symlink(\"f\", \"t/a/l\")
shutil.copytree(\"t\", \"u\", symlinks=True); shutil.rmtree(\"t\")
print(sorted((e.name, e.is_dir(), e.is_symlink()) for e in os.scandir(\"u/a\")))
with tempfile.NamedTemporaryFile(\"w\", dir=\".\", delete=False) as f: f.write(\"new\")
os.replace(f.name, \"u/a/f\"); os.link(\"u/a/f\", \"hard\"); print(os.stat(\"hard\").st_nlink)
fd = os.open(\"lock\", os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX); fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1)
print(subprocess.run([sys.executable, \"-c\", \"import fcntl, os\\ntry: fcntl.flock(os.open(\\\"lock\\\", os.O_RDWR), fcntl.LOCK_EX | fcntl.LOCK_NB)\\nexcept OSError as e: print(e.errno)\"], capture_output=True, text=True).stdout.strip())
os.write(fd, b\"\\0\" * 4096); m = mmap.mmap(fd, 4096); m[:2] = b\"mm\"; m.flush(); m.close()
o = os.open(\"copy\", os.O_WRONLY | os.O_CREAT, 0o644); print(os.sendfile(o, fd, 0, 4096))
mfd = os.memfd_create(\"m\"); os.write(mfd, b\"memfd\"); print(os.pread(mfd, 5, 0))
p, t = os.openpty(); os.write(t, b\"tty\\n\"); print(os.read(p, 16), os.isatty(t))
r, w = os.pipe(); subprocess.run([\"bash\", \"-c\", \"echo passed >&%d\" % w], pass_fds=[w]); os.close(w); print(os.read(r, 16))
a, b = socket.socketpair(); socket.send_fds(a, [b\"x\"], [fd]); _, fds, _, _ = socket.recv_fds(b, 1, 1)
print(os.pread(fds[0], 2, 0))
"'
}

# An opened file's flags (F_GETFL) and modes are the ones the program
# asked for, whatever the Gofer adds to open it safely (never following
# a link, never blocking on a lease); the umask applies to each create
# as it is at that moment.  Without openat2 (before Linux 5.6, as
# check-oldkernel emulates) only O_NOFOLLOW keeps a link out, and shows.
test_open_flags_and_umask() {
	same_as_native "open flags and umask" " openat(" '
		echo data >f; ln -s f l
		"$PYTHON" -c "
import fcntl, os
shown = ~os.O_NOFOLLOW if os.environ.get(\"SR_TEST_OLDKERNEL\") else ~0
for flags in (os.O_RDONLY, os.O_WRONLY | os.O_APPEND, os.O_RDWR | os.O_NOATIME | os.O_DSYNC,
              os.O_RDONLY | os.O_NONBLOCK, os.O_RDONLY | os.O_NOFOLLOW):
    fd = os.open(\"f\", flags); print(oct(fcntl.fcntl(fd, fcntl.F_GETFL) & shown)); os.close(fd)
fd = os.open(\"l\", os.O_RDONLY); print(oct(fcntl.fcntl(fd, fcntl.F_GETFL) & shown), os.read(fd, 4))
try: os.open(\"l\", os.O_RDONLY | os.O_NOFOLLOW)
except OSError as e: print(e.errno)
for mask, name in ((0o077, \"a\"), (0o022, \"b\"), (0o077, \"c\"), (0o002, \"d\")):
    os.umask(mask); os.mkdir(name + \"dir\"); os.close(os.open(name, os.O_CREAT | os.O_WRONLY, 0o666))
"'
}

# A tree deeper than PATH_MAX (4096 bytes of path) is no limit to the
# kernel, which walks from the cwd or a dirfd, never the whole path:
# mkdir -p and rm -rf go down it one directory at a time, and programs
# run at its bottom make, link and remove files there.
test_tree_deeper_than_path_max() {
	same_as_native "a tree deeper than PATH_MAX" "unlinkat(" '
		name=d$(printf "%0200d" 0) long=.
		for i in $(seq 25); do long=$long/$name; done
		mkdir -p "$long"; echo "mkdir -p: $?"
		deep="echo deep >f && cat f && ln -s f l && cat l && mv f g && ln g h && stat -c %h g &&
			mkdir sub && rmdir sub && mkfifo p && ls | paste -s -d, -"
		"$PYTHON" -c "import os, sys
for i in range(25): os.mkdir(sys.argv[1]); os.chdir(sys.argv[1])
print(len(os.getcwd()) > 4096, flush=True)
os.execvp(\"sh\", [\"sh\", \"-c\", sys.argv[2]])" "x$name" "$deep"
		find . -name g | wc -l; rm -rf "$D"/*; echo "rm -rf: $?"'
}

run_suite test_default_acl_overrides_umask test_archive_and_copy test_python_file_interfaces \
	test_open_flags_and_umask test_tree_deeper_than_path_max
