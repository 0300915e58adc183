#!/bin/sh
# Programs running programs: execve and execveat as natively, bounded
# by the profile (DESIGN §2: checked by the Gofer, then continued).
. "$top_srcdir/tests/lib.sh"

# execveat(AT_EXECVE_CHECK) (Linux 6.14): would the file run?  A script
# interpreter asks before it runs a script (with SECBIT_EXEC_RESTRICT_FILE);
# it runs nothing.  Each argument is checked by path, then by an fd opened
# on it (AT_EMPTY_PATH); one that cannot be opened says why.
EXEC_CHECK_PROBE='import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
AT_FDCWD, AT_EMPTY_PATH, AT_EXECVE_CHECK = -100, 0x1000, 0x10000
argv = (ctypes.c_char_p * 2)(b"x", None)
def check(dirfd, path, flags=0):
    r = libc.syscall(ctypes.c_long(322), ctypes.c_long(dirfd), path.encode(), argv, None,
                     ctypes.c_long(AT_EXECVE_CHECK | flags))
    return str(r) if r >= 0 else errno.errorcode[ctypes.get_errno()]
out = []
for p in sys.argv[1:]:
    out.append(check(AT_FDCWD, p))
    try:
        fd = os.open(p, os.O_RDONLY)
    except OSError as e:
        out.append(errno.errorcode[e.errno])
        continue
    out.append(check(fd, "", AT_EMPTY_PATH))
print(" ".join(out))'

test_execve_check_as_natively() {
	d=$(fresh_dir)
	mkdir "$d/ne"
	cp /bin/true "$d/ne/true"
	: >"$d/plain"
	echo secret >"$d/hidden"
	chmod 644 "$d/plain" "$d/hidden"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	native=$(as_user /usr/bin/python3 -c "$EXEC_CHECK_PROBE" /bin/true "$d/plain")
	if [ "$native" = "EINVAL EINVAL EINVAL EINVAL" ]; then
		ok 0 "# SKIP this kernel has no AT_EXECVE_CHECK (Linux 6.14)"
		return
	fi
	is "$native" "0 0 EACCES EACCES" "natively, AT_EXECVE_CHECK says what may run"
	boxed=$(sandbox -q --ro "$d" --strace="$d/strace" --strace-syscalls=execveat -- \
		/usr/bin/python3 -c "$EXEC_CHECK_PROBE" /bin/true "$d/plain" 2>&1)
	is "$boxed" "$native" "in the sandbox, as natively"
	contains "$(cat "$d/strace")" "execveat(AT_FDCWD, \"/bin/true\", [\"x\"], NULL, AT_EXECVE_CHECK)" \
		"--strace names the flag"
	printf 'include=default\n[filesystem]\nro=%s\nnoexec=%s/ne\nhide=%s/hidden\n' "$d" "$d" "$d" >"$d.ini"
	chmod 644 "$d.ini"
	boxed=$(sandbox -q -p "$d.ini" --events="$d/events.json" -- \
		/usr/bin/python3 -c "$EXEC_CHECK_PROBE" "$d/ne/true" "$d/hidden" 2>&1)
	is "$boxed" "EACCES EACCES ENOENT ENOENT" "and by the profile: noexec= refuses, hide= is absent"
	is "$(grep -c '"type":"exec".*"comm":"python3"' "$d/events.json")" 0 \
		"a check runs nothing: no exec event"
}

# A file the program may run but not read (mode 711), owned by ids the
# sandbox does not map: the kernel makes the process non-dumpable and
# lets only the host's root read its memory, so the Sentry can serve
# none of its calls (the dynamic loader's open of libc fails with
# EPERM).  Natively it runs; in the sandbox sentry-run says why it
# cannot, and what to do.
test_unreadable_program_said() {
	d=$(fresh_dir)
	cp /bin/true "$d/xonly"
	chown 65534:65534 "$d/xonly"
	chmod 711 "$d/xonly"
	as_user "$d/xonly"
	is "$?" 0 "natively, a program that may be run but not read runs"
	err=$(sandbox --ro "$d" -- "$d/xonly" 2>&1)
	contains "$err" "sentry-run: cannot serve process 2 (xonly): it runs a file it may execute but not read" \
		"in the sandbox, sentry-run says why its calls fail"
	contains "$err" "make the file readable" "and what to do"
	lacks "$(printf '%s\n' "$err" | sed -n 2p)" "sentry-run: cannot serve" "once"
}

# PROGRAM a script whose interpreter (#!) the sandbox does not show, as
# a virtualenv's python under a hidden /home: execve says ENOENT, as
# natively for an absent interpreter, but the script is there; the
# message names what is missing, found as execvp finds PROGRAM.
test_missing_interpreter_named() {
	d=$(fresh_dir)
	elsewhere=$(fresh_dir)
	cp /bin/echo "$elsewhere/interp"
	printf '#!%s/interp  from-script\n' "$elsewhere" >"$d/sr-script"
	chmod 755 "$d/sr-script"
	is "$(as_user "$d/sr-script")" "from-script $d/sr-script" "natively, the script runs with its interpreter"
	# From /, so that the current directory does not show $WORK.
	err=$(cd / && sandbox --ro "$d" -- "$d/sr-script" 2>&1)
	is "$?" 127 "in the sandbox, without it, it is not found (127)"
	is "$err" "sentry-run: $d/sr-script: its interpreter $elsewhere/interp: No such file or directory" \
		"naming the interpreter"
	err=$(cd / && sandbox --ro "$d" --env PATH="$d:/usr/bin:/bin" -- sr-script 2>&1)
	is "$err" "sentry-run: sr-script: its interpreter $elsewhere/interp: No such file or directory" \
		"found by PATH too"
	err=$(cd / && sandbox --ro "$d" -- "$d/absent" 2>&1)
	is "$err" "sentry-run: $d/absent: No such file or directory" "an absent PROGRAM is said as before"
}

# PROGRAM named without a slash is looked for along PATH as execvp(3)
# looks, which env(1) and a shell's exec use: an entry where it is not
# there or not executable (a file without x, a directory, a directory
# that cannot be searched) is passed over, Permission denied said only
# when no later one runs; an empty entry or '.' is the current
# directory, a relative one is read from it; any other failure (a link
# loop, a name too long) ends the search with that error (126).  The
# bare host says what to expect of each.
test_path_search_as_execvp() {
	d=$(fresh_dir)
	mkdir "$d/noexec" "$d/exec" "$d/unsearchable" "$d/rel"
	printf '#!/bin/sh\necho noexec\n' >"$d/noexec/prog"
	printf '#!/bin/sh\necho exec\n' >"$d/exec/prog"
	printf '#!/bin/sh\necho unsearchable\n' >"$d/unsearchable/prog"
	printf '#!/bin/sh\necho rel\n' >"$d/rel/relprog"
	printf '#!/bin/sh\necho here\n' >"$d/hereprog"
	chmod 644 "$d/noexec/prog"
	chmod 755 "$d/exec/prog" "$d/unsearchable/prog" "$d/rel/relprog" "$d/hereprog"
	mkdir "$d/exec/dirprog"
	ln -s loop "$d/loop"
	long=$(printf '%0300d' 0)
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	chmod 600 "$d/unsearchable"
	while IFS='|' read -r path prog; do
		[ -z "$path" ] && continue
		# Root passes over a directory's modes natively; in the sandbox,
		# without capabilities, it does not (sentry-run(1)).
		case $path in *unsearchable*) [ "$mode" != user ] && continue ;; esac
		path=$(printf '%s' "$path" | sed "s|D|$d|g; s|LONG|$long|g")
		native=$(cd "$d" && as_user env PATH="$path" "$prog" 2>&1; echo "status $?")
		# The binary itself: the sanitized run's $SENTRY_RUN, a script,
		# would look for bash along this PATH.
		boxed=$(cd "$d" && as_user env PATH="$path" "$SENTRY_RUN_BINARY" --ro "$d" -- "$prog" 2>&1; echo "status $?")
		is "$(printf '%s' "$boxed" | sed 's/^sentry-run: //')" "$(printf '%s' "$native" | sed "s/^env: ‘\([^’]*\)’/\1/")" \
			"PATH=$(printf '%s' "$path" | sed "s|$d|D|g; s|$long|LONG|g") $prog: as natively"
	done <<-EOF
	D/noexec:D/exec|prog
	D/noexec|prog
	D/exec/dirprog:D/noexec|dirprog
	D/unsearchable:D/exec|prog
	D/unsearchable|prog
	:/bin|hereprog
	/bin::/usr/bin|hereprog
	.|hereprog
	rel|relprog
	D/loop:D/exec|prog
	/LONG:D/exec|prog
	|prog
	EOF
}

# PROGRAM on a path the profile marks noexec= cannot run (126), as on a
# noexec mount natively, where the kernel says only "Permission denied":
# the message says why, and what to do, by its path or found by PATH.
test_noexec_program_said() {
	d=$(fresh_dir)
	mkdir "$d/ne"
	cp /bin/true "$d/ne/sr-true"
	chmod 755 "$d/ne/sr-true"
	printf 'include=default\n[filesystem]\nro=%s\nnoexec=%s/ne\n' "$d" "$d" >"$d.ini"
	chmod 644 "$d.ini"
	err=$(sandbox -p "$d.ini" -- "$d/ne/sr-true" 2>&1)
	is "$?" 126 "a PROGRAM under noexec= cannot be executed (126)"
	is "$err" "sentry-run: $d/ne/sr-true: Permission denied: it lies on a noexec mount (the profile's noexec=, or the host's): run it from elsewhere, or drop the rule" \
		"and the message says why"
	err=$(sandbox -p "$d.ini" --env PATH="$d/ne:/usr/bin:/bin" -- sr-true 2>&1)
	is "$?:$err" "126:sentry-run: sr-true: Permission denied: it lies on a noexec mount (the profile's noexec=, or the host's): run it from elsewhere, or drop the rule" \
		"found by PATH too"
	chmod 644 "$d/ne/sr-true"
	err=$(sandbox --ro "$d" -- "$d/ne/sr-true" 2>&1)
	is "$?:$err" "126:sentry-run: $d/ne/sr-true: Permission denied" "a file without x is said as before"
}

run_suite test_execve_check_as_natively test_unreadable_program_said test_missing_interpreter_named \
	test_path_search_as_execvp test_noexec_program_said
