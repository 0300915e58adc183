#!/bin/sh
# System calls newer than the build's 6.1 headers, which programs built
# against a newer libc or runtime make, issued by number: on the bare
# host and under sentry-run they must answer alike.  fchmodat2 and the
# *xattrat calls go through the Gofer as their older twins do (EROFS on
# a read-only path, ENOENT on a hidden one); the calls on the program's
# own fds, memory and futex words stay in the kernel; open_tree_attr and
# lsm_set_self_attr are refused.  A call the running kernel lacks
# answers ENOSYS on both sides, and its expectations are skipped.
. "$top_srcdir/tests/lib.sh"

NEWER_PROBE='import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
AT_FDCWD, NOFOLLOW, EMPTY = -100, 0x100, 0x1000
NR = dict(cachestat=451, fchmodat2=452, futex_wake=454, futex_wait=455, statmount=457,
          listmount=458, lsm_get_self_attr=459, lsm_set_self_attr=460, lsm_list_modules=461,
          mseal=462, setxattrat=463, getxattrat=464, listxattrat=465, removexattrat=466,
          open_tree_attr=467)

def arg(a):
    if isinstance(a, str):
        return ctypes.c_char_p(a.encode())
    if isinstance(a, int):
        return ctypes.c_long(a)
    return a

def sc(name, *args):
    r = libc.syscall(ctypes.c_long(NR[name]), *[arg(a) for a in args])
    return str(r) if r >= 0 else errno.errorcode[ctypes.get_errno()]

class XattrArgs(ctypes.Structure):
    _fields_ = [("value", ctypes.c_uint64), ("size", ctypes.c_uint32), ("flags", ctypes.c_uint32)]

def xargs(value=b"", size=None, flags=0):
    buf = ctypes.create_string_buffer(value, max(len(value), 1))
    xa = XattrArgs(ctypes.addressof(buf), len(value) if size is None else size, flags)
    xa.buf = buf
    return xa

def setx(d, p, at, name, value, flags=0, usize=16):
    return sc("setxattrat", d, p, at, name, ctypes.byref(xargs(value, flags=flags)), usize)

def getx(d, p, at, name, size=64, flags=0, usize=16):
    xa = xargs(b"\0" * size, size, flags)
    r = sc("getxattrat", d, p, at, name, ctypes.byref(xa), usize)
    return r + ("" if r.startswith("E") else ":" + xa.buf.raw[:int(r)].decode())

def listx(d, p, at, size=64):
    buf = ctypes.create_string_buffer(size)
    r = sc("listxattrat", d, p, at, buf, size)
    return r + ("" if r.startswith("E") else ":" + repr(buf.raw[:int(r)]))

def mode(p):
    try:
        return oct(os.lstat(p).st_mode & 0o7777)
    except OSError as e:
        return errno.errorcode[e.errno]

def rw(d):
    f, link, sub = os.path.join(d, "f"), os.path.join(d, "link"), os.path.join(d, "sub")
    open(f, "w").close()
    os.chmod(f, 0o644)
    os.symlink("f", link)
    os.mkdir(sub)
    os.chdir(d)
    dfd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
    ffd = os.open(f, os.O_RDONLY)
    print("fchmodat2 path", sc("fchmodat2", AT_FDCWD, f, 0o600, 0), mode(f))
    print("fchmodat2 nofollow file", sc("fchmodat2", AT_FDCWD, f, 0o640, NOFOLLOW), mode(f))
    print("fchmodat2 nofollow link", sc("fchmodat2", AT_FDCWD, link, 0o600, NOFOLLOW), mode(f))
    print("fchmodat2 follow link", sc("fchmodat2", AT_FDCWD, link, 0o604, 0), mode(f))
    print("fchmodat2 dirfd", sc("fchmodat2", dfd, "f", 0o664, 0), mode(f))
    print("fchmodat2 empty path", sc("fchmodat2", ffd, "", 0o620, EMPTY), mode(f))
    print("fchmodat2 empty path, cwd", sc("fchmodat2", AT_FDCWD, "", 0o751, EMPTY), mode(d))
    print("fchmodat2 path with AT_EMPTY_PATH", sc("fchmodat2", dfd, "sub", 0o711, EMPTY), mode(sub))
    print("fchmodat2 empty path alone", sc("fchmodat2", ffd, "", 0o600, 0), mode(f))
    print("fchmodat2 bad flags", sc("fchmodat2", AT_FDCWD, f, 0o600, 0x1), mode(f))
    print("fchmodat2 missing", sc("fchmodat2", AT_FDCWD, os.path.join(d, "none"), 0o600, 0))
    print("setxattrat", setx(AT_FDCWD, f, 0, "user.k", b"v1"), getx(AT_FDCWD, f, 0, "user.k"))
    print("setxattrat create", setx(dfd, "f", 0, "user.k", b"v2", flags=1), getx(dfd, "f", 0, "user.k"))
    print("setxattrat replace", setx(dfd, "f", 0, "user.k", b"v3", flags=2), getx(dfd, "f", 0, "user.k"))
    print("setxattrat through link", setx(AT_FDCWD, link, 0, "user.l", b"x"), getx(AT_FDCWD, f, 0, "user.l"))
    print("setxattrat on link", setx(AT_FDCWD, link, NOFOLLOW, "user.l", b"x"),
          getx(AT_FDCWD, link, NOFOLLOW, "user.l"))
    print("setxattrat empty path", setx(ffd, "", EMPTY, "user.e", b"fd"), getx(ffd, "", EMPTY, "user.e"))
    print("setxattrat path with AT_EMPTY_PATH", setx(dfd, "f", EMPTY, "user.p", b"p"),
          getx(dfd, "f", EMPTY, "user.p"))
    print("setxattrat empty path alone", setx(ffd, "", 0, "user.e", b"fd"), getx(ffd, "", 0, "user.e"))
    print("setxattrat bad flags", setx(AT_FDCWD, f, 0x2, "user.k", b"v"), getx(AT_FDCWD, f, 0x2, "user.k"))
    print("setxattrat bad xattr flags", setx(AT_FDCWD, f, 0, "user.k", b"v", flags=4),
          getx(AT_FDCWD, f, 0, "user.k", flags=1))
    print("setxattrat sizes", setx(AT_FDCWD, f, 0, "user.k", b"v", usize=8),
          setx(AT_FDCWD, f, 0, "user.k", b"v", usize=8192), getx(AT_FDCWD, f, 0, "user.k", usize=15))
    big = ctypes.create_string_buffer(32)
    xa = xargs(b"v4")
    ctypes.memmove(big, ctypes.addressof(xa), 16)
    print("setxattrat larger struct", sc("setxattrat", AT_FDCWD, f, 0, "user.k", big, 32),
          getx(AT_FDCWD, f, 0, "user.k"))
    big[20] = b"\x01"
    print("setxattrat larger struct, set tail", sc("setxattrat", AT_FDCWD, f, 0, "user.k", big, 32))
    print("getxattrat small buffer", getx(AT_FDCWD, f, 0, "user.k", size=1), getx(AT_FDCWD, f, 0, "user.k", size=0))
    print("getxattrat missing name", getx(AT_FDCWD, f, 0, "user.none"), getx(AT_FDCWD, f, 0, ""))
    print("listxattrat", listx(AT_FDCWD, f, 0), listx(dfd, "f", 0, 0), listx(ffd, "", EMPTY),
          listx(AT_FDCWD, link, NOFOLLOW), listx(AT_FDCWD, f, 0x4))
    print("removexattrat", sc("removexattrat", AT_FDCWD, f, 0, "user.k"), getx(AT_FDCWD, f, 0, "user.k"),
          sc("removexattrat", dfd, "f", 0, "user.k"), sc("removexattrat", ffd, "", EMPTY, "user.e"),
          sc("removexattrat", AT_FDCWD, f, 0x8, "user.p"), listx(AT_FDCWD, f, 0))
    print("missing", setx(dfd, "none", 0, "user.k", b"v"), getx(dfd, "none", 0, "user.k"),
          listx(dfd, "none", 0), sc("removexattrat", dfd, "none", 0, "user.k"))
    # The calls left to the kernel.
    cs = ctypes.create_string_buffer(40)
    rng = ctypes.create_string_buffer(16)
    print("cachestat", sc("cachestat", ffd, rng, cs, 0), sc("cachestat", ffd, rng, cs, 1))
    word = ctypes.c_uint32(0)
    print("futex", sc("futex_wake", ctypes.byref(word), 0xffffffff, 1, 2),
          sc("futex_wait", ctypes.byref(word), 1, 0xffffffff, 2, None, 0))
    libc.mmap.restype = ctypes.c_void_p
    page = libc.mmap(None, 4096, 3, 0x22, -1, 0)
    print("mseal", sc("mseal", ctypes.c_void_p(page), 4096, 0), sc("mseal", ctypes.c_void_p(page), 4096, 1),
          libc.munmap(ctypes.c_void_p(page), 4096), errno.errorcode.get(ctypes.get_errno()))
    size = ctypes.c_uint32(256)
    ids = ctypes.create_string_buffer(256)
    print("lsm_list_modules", sc("lsm_list_modules", ids, ctypes.byref(size), 0), size.value)

def guarded(ro, hidden):
    for p in ro, hidden:
        print(sc("fchmodat2", AT_FDCWD, p, 0o600, 0), sc("fchmodat2", AT_FDCWD, p, 0o600, NOFOLLOW),
              setx(AT_FDCWD, p, 0, "user.k", b"v"), getx(AT_FDCWD, p, 0, "user.k"), listx(AT_FDCWD, p, 0),
              sc("removexattrat", AT_FDCWD, p, 0, "user.k"), mode(p))
    print("open_tree_attr", sc("open_tree_attr", AT_FDCWD, "/", 0, None, 0))
    print("lsm_set_self_attr", sc("lsm_set_self_attr", 100, None, 0, 0))
    print("listmount", int(sc("listmount", None, None, 0, 0) in ("EFAULT", "EINVAL")))

if sys.argv[1] == "rw":
    rw(sys.argv[2])
else:
    guarded(sys.argv[2], sys.argv[3])'

# probe ARG...: the probe as the mode's user, on the bare host (on the
# emulated older kernel under make check-oldkernel, as the sandbox then
# runs).
probe_native() {
	as_user ${SR_TEST_OLDKERNEL:+"$WORK/bin/oldkernel"} /usr/bin/python3 -c "$NEWER_PROBE" "$@" 2>&1
}

# has_call NR: whether the running kernel (or the emulated older one)
# has the call, which then answers anything but ENOSYS.
has_call() {
	probe_native_call=$(as_user ${SR_TEST_OLDKERNEL:+"$WORK/bin/oldkernel"} /usr/bin/python3 -c '
import ctypes, errno, sys
libc = ctypes.CDLL(None, use_errno=True)
r = libc.syscall(ctypes.c_long(int(sys.argv[1])), ctypes.c_long(-1), None, ctypes.c_long(0),
                 None, None, ctypes.c_long(0))
print(int(r >= 0 or ctypes.get_errno() != errno.ENOSYS))' "$1")
	[ "$probe_native_call" = 1 ]
}

test_newer_calls_answer_as_natively() {
	native_dir=$(fresh_dir)
	native=$(probe_native rw "$native_dir")
	contains "$native" "lsm_list_modules" "natively, the whole probe runs"
	if has_call 452; then
		contains "$native" "fchmodat2 nofollow link ENOTSUP 0o640" \
			"natively, fchmodat2(AT_SYMLINK_NOFOLLOW) of a link is EOPNOTSUPP"
	fi
	trace_dir=$(fresh_dir)
	for opts in "" "--strace=$trace_dir/strace"; do
		box_dir=$(fresh_dir)
		# shellcheck disable=SC2086 # the options split into words
		boxed=$(cd / && sandbox -q $opts --rw "$box_dir" -- /usr/bin/python3 -c "$NEWER_PROBE" rw "$box_dir" 2>&1)
		printf '%s\n' "$boxed" >"$box_dir.out"
		differences=$(printf '%s\n' "$native" | diff - "$box_dir.out")
		[ -z "$differences" ]
		ok $? "every newer call is answered as natively${opts:+ ($opts)}"
		[ -z "$differences" ] || printf '%s\n' "$differences" | sed 's/^/#   /'
		rm -f "$box_dir.out"
	done
	trace=$(cat "$trace_dir/strace" 2>/dev/null)
	for call in 452:fchmodat2 463:setxattrat 464:getxattrat 465:listxattrat 466:removexattrat; do
		if has_call "${call%%:*}"; then
			contains "$trace" " X ${call#*:}(AT_FDCWD, \"$box_dir" "${call#*:} is served by the Sentry (--strace)"
		fi
	done
}

test_newer_calls_keep_the_policy() {
	d=$(fresh_dir)
	mkdir "$d/ro"
	echo original >"$d/ro/file"
	echo hidden >"$d/ro/hidden"
	chmod 644 "$d/ro/file" "$d/ro/hidden"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	profile="$d/profile.ini"
	printf 'include=default\n[filesystem]\nro=%s\nhide=%s\n' "$d/ro" "$d/ro/hidden" >"$profile"
	chmod 644 "$profile"
	out=$(cd / && sandbox -q -p "$profile" -- /usr/bin/python3 -c "$NEWER_PROBE" guarded \
		"$d/ro/file" "$d/ro/hidden" 2>&1)
	if has_call 452; then
		contains "$out" "EROFS EROFS" "fchmodat2 of a read-only file is EROFS"
		contains "$out" "ENOENT ENOENT" "fchmodat2 of a hidden file is ENOENT"
	fi
	if has_call 463; then
		contains "$out" "EROFS ENODATA 0:b'' EROFS 0o644" \
			"setxattrat and removexattrat of a read-only file are EROFS, getxattrat and listxattrat read it"
		contains "$out" "ENOENT ENOENT ENOENT ENOENT ENOENT" "the *xattrat calls find no hidden file (ENOENT)"
	fi
	is "$(stat -c %a "$d/ro/file")" 644 "the read-only file keeps its mode"
	if has_call 467; then
		contains "$out" "open_tree_attr EPERM" "open_tree_attr is refused, as open_tree is"
		is "$(probe_native guarded "$d/ro/file" "$d/ro/hidden" | grep -c 'open_tree_attr EPERM')" 0 \
			"natively, open_tree_attr is not refused"
	fi
	if has_call 460; then
		contains "$out" "lsm_set_self_attr EPERM" "lsm_set_self_attr is refused"
	fi
	if has_call 458; then
		contains "$out" "listmount 1" "listmount reaches the kernel"
	fi
}

run_suite test_newer_calls_answer_as_natively test_newer_calls_keep_the_policy
