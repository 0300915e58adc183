#!/bin/sh
# The file system calls where fsdiff (gofer-semantics.sh) does not look:
# tests/helpers/parity tries files and directories the caller may not
# read, write or search, UTIME_OMIT and NULL paths, renames over and
# into directories, and every kind of call on a read-only mount, where
# the kernel answers EROFS only after the checks it makes first (an
# existing name, a directory opened for writing, a permission) and
# never for a FIFO; and the same calls through the kernel's magic links
# (/proc/self/fd/N and its other names, /dev/fd/N, /proc/self/cwd and
# root): a reopening with another mode, an O_TMPFILE given a name, a
# chmod of an O_PATH fd's link as glibc's fchmodat makes it, a deleted
# file, a pipe, a socket, a directory as a base, and on the read-only
# tree no way around EROFS.  On the bare host (the read-only directory bound
# read-only in a mount namespace of its own) and under sentry-run --rw
# DIR --ro DIR2, with no capability either way, the lines must match.
. "$top_srcdir/tests/lib.sh"

PARITY="$WORK/bin/parity"

# parity_trees: a writable and a read-only tree, made by the mode's user.
parity_trees() {
	rw=$(fresh_dir)
	ro=$(fresh_dir)
	as_user "$PARITY" --tree "$rw" && as_user "$PARITY" --tree "$ro"
}

# parity_native RW RO: the lines on the bare host.  A user namespace of
# its own makes RO a read-only mount; the probe then runs with no
# capability, as PROGRAM does in the sandbox (on the emulated older
# kernel under make check-oldkernel, as the sandbox then runs).  That
# namespace maps the caller's ids alone: a chown to any other is EINVAL
# there, where the bare host says EPERM, as the sandbox does too.
parity_native() {
	as_user unshare -U -m --map-current-user --keep-caps /bin/sh -c '
		mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" &&
		exec setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all "$@"' \
		"$2" ${SR_TEST_OLDKERNEL:+"$WORK/bin/oldkernel"} "$PARITY" "$1" "$2" 2>&1 |
		sed 's/^\( *chown(".*", \(uid + 1, -1\|-1, 4242\))\) = EINVAL$/\1 = EPERM/'
}

# chmod -R: the trees hold a directory nobody may search or write.
parity_cleanup() {
	chmod -R u+rwx "$@" 2>/dev/null
	rm -rf "$@"
}

test_calls_answered_as_natively() {
	parity_trees || { ok 1 "the trees are made"; return; }
	native_rw=$rw native_ro=$ro
	native=$(parity_native "$native_rw" "$native_ro")
	contains "$native" 'chdir("d") = 0' "natively, the whole matrix runs"
	contains "$native" '# read-only
statvfs(".") = 0 rdonly=1' "natively, the read-only tree is on a read-only mount"
	contains "$native" 'openat("fifo", O_RDWR) = fd
openat("fifo", O_WRONLY|O_NONBLOCK|O_TRUNC) = ENXIO' "where a FIFO opens for writing"
	contains "$native" '  linkat(self, "/tmp/NEW", AT_SYMLINK_FOLLOW) = 0' \
		"natively, an O_TMPFILE in /tmp is named through its /proc/self/fd link"
	contains "$native" 'fchmodat("mf", 0644, AT_SYMLINK_NOFOLLOW) (libc) = 0' \
		"natively, glibc's fchmodat(AT_SYMLINK_NOFOLLOW) changes a file through its O_PATH fd's link"
	contains "$native" 'chmod(O_PATH fd'"'"'s link, 0600) = EROFS' \
		"natively, that link is no way around a read-only mount"
	parity_trees || { ok 1 "the trees are made"; return; }
	boxed=$(sandbox -q --rw "$rw" --ro "$ro" -- "$PARITY" "$rw" "$ro" 2>&1)
	printf '%s\n' "$boxed" >"$rw.out"
	differences=$(printf '%s\n' "$native" | diff - "$rw.out")
	[ -z "$differences" ]
	ok $? "every call is answered as natively"
	[ -z "$differences" ] || printf '%s\n' "$differences" | sed 's/^/#   /'
	parity_cleanup "$native_rw" "$native_ro" "$rw" "$ro" "$rw.out"
}

run_suite test_calls_answered_as_natively
