#!/bin/sh
# Profiles (sentry-run.ini(5)) through the real binary: each shipped
# profile runs a real program, --check-profile and --print-profile, the
# command line over the profile, -p NAME lookup, the README's example,
# and profiles that must stop sentry-run before anything runs.
. "$top_srcdir/tests/lib.sh"
# Run from a terminal, stdin would be one and PROGRAM would get a pty
# (pty=auto): these tests are about pipes.
exec </dev/null

# The shipped profiles are not installed by make check: copies readable
# by the unprivileged user wherever the tree was checked out.
PROFILES="$WORK/profiles"
mkdir -p "$PROFILES"
cp "$top_srcdir"/contrib/profiles/*.ini "$PROFILES/"
chmod -R a+rX "$PROFILES"
SHIPPED="default build shell service python"

skip() {  # skip DESCRIPTION REASON
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - [$mode] $1 # SKIP $2"
}

# The home of the mode's user in the password database, which is what a
# profile's ~ means (not $HOME).
passwd_home() {
	if [ "$mode" = user ]; then
		getent passwd "$SR_TEST_USER" | cut -d: -f6
	else
		getent passwd "$(id -u)" | cut -d: -f6
	fi
}

# privately SETUP CMD...: run the shell commands SETUP as root in a
# private mount namespace, then CMD as the mode's user in it, so that
# what SETUP mounts never reaches the host.  Needs a root caller.
privately() {
	setup=$1
	shift
	unshare --mount -- /bin/sh -c '
		eval "$1" || { echo "privately: set-up failed: $1" >&2; exit 99; }
		user=$2
		shift 2
		if [ -n "$user" ]; then
			exec setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"
		fi
		exec "$@"' sh "$setup" "$(if [ "$mode" = user ]; then echo "$SR_TEST_USER"; fi)" "$@"
}

# Shell commands that bind DIR over HOME; a missing home is made on a
# private tmpfs over its parent.
home_setup() {  # home_setup DIR HOME
	printf '[ -d %s ] || { mount -t tmpfs -o mode=755 sr-home %s && mkdir %s; } && mount --bind %s %s' \
		"'$2'" "'${2%/*}'" "'$2'" "'$1'" "'$2'"
}

# Whether home_setup can stand in for HOME here: a root caller, and a
# home that is a directory other than /, or whose parent is.
can_fake_home() {
	[ "$mode" != self ] && [ "$1" != / ] &&
		{ [ -d "$1" ] || { [ -n "${1%/*}" ] && [ -d "${1%/*}" ]; }; }
}

one_line() {  # one_line TEXT: 0 if TEXT is exactly one line
	[ "$(printf '%s\n' "$1" | wc -l)" -eq 1 ]
}

test_build_profile() {
	d=$(fresh_dir)
	cat > "$d/hello.c" <<'EOF'
#include <stdio.h>
int main(void)
{
	puts("hello from a sandboxed build");
	return 3;
}
EOF
	printf 'hello: hello.c\n\tgcc -O2 -o hello hello.c\n' > "$d/Makefile"
	chmod 644 "$d/hello.c" "$d/Makefile"
	out=$(cd "$d" && sandbox -p "$PROFILES/build.ini" -- /bin/sh -c 'unset MAKEFLAGS MFLAGS MAKELEVEL; make -s && ./hello' 2>&1)
	is "$?" 3 "build: make and gcc build a program in the working directory, whose status comes back"
	is "$out" "hello from a sandboxed build" "build: its output arrives"
	test -x "$d/hello"
	ok $? "build: the binary is on the host afterwards"
	e=$(fresh_dir)
	cp "$d/hello.c" "$d/Makefile" "$e/"
	chmod 644 "$e/hello.c" "$e/Makefile"
	out=$(cd / && sandbox -p "$PROFILES/build.ini" --rw "$e" -- env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$e" 2>&1)
	is "$?" 0 "build: from elsewhere, make -C builds a --rw source tree"
	test -x "$e/hello"
	ok $? "build: and the binary lands on the host"
	err=$(cd "$d" && sandbox -p "$PROFILES/build.ini" -- python3 -c '
import socket
socket.create_connection(("127.0.0.1", 9), timeout=5)' 2>&1)
	ok $(( $? == 0 )) "build: no network, not even loopback"
	contains "$err" "Network is unreachable" "build: connect says ENETUNREACH"
	err=$(cd "$d" && sandbox -p "$PROFILES/build.ini" -- /bin/sh -c 'echo x > /usr/sr-build-test' 2>&1)
	contains "$err" "Read-only file system" "build: the system stays read-only"
}

# cwd-access=rw from a tree under a read-only system directory (a build
# in /usr/local/src): the working directory must still be writable.
test_build_under_read_only_mount() {
	if [ "$mode" = self ]; then
		skip "build: a tree under /usr/local is writable" "needs root to mount a private /usr/local"
		return
	fi
	setup='mount -t tmpfs -o mode=755 sr-local /usr/local && mkdir /usr/local/proj'
	[ "$mode" = user ] && setup="$setup && chown $SR_TEST_USER: /usr/local/proj"
	out=$(privately "$setup && cd /usr/local/proj" "$SENTRY_RUN" -p "$PROFILES/build.ini" -- \
		/bin/sh -c 'echo built > out && cat out; echo x > /usr/local/beside' 2>&1)
	contains "$out" built "build: a tree under /usr/local (bound read-only by ro=/usr) is writable"
	contains "$out" "Read-only file system" "build: but what is beside it is not"
}

test_shell_profile() {
	home=$(passwd_home)
	if ! can_fake_home "$home"; then
		skip "shell: a login shell in the home" "needs a root caller to put a private home in place (home: '$home')"
		return
	fi
	d=$(fresh_dir)
	chmod 700 "$d"
	out=$(privately "$(home_setup "$d" "$home")" env HOME="$home" "$SENTRY_RUN" -p "$PROFILES/shell.ini" -- \
		/bin/sh -lc 'echo $HOME; pwd; touch ~/x && echo touched; touch /etc/x /usr/x 2>&1; test -e /srv || echo no-srv')
	is "$?" 0 "shell: sh -l exits 0"
	is "$out" "$home
$home
touched
touch: cannot touch '/etc/x': Read-only file system
touch: cannot touch '/usr/x': Read-only file system
no-srv" "shell: HOME and the starting directory are the home, which is writable; the system is read-only"
	test -f "$d/x"
	ok $? "shell: the file made in ~ is in the home on the host"
}

# ~ in a profile is the password database's home, whatever $HOME says.
test_tilde_is_the_password_home() {
	home=$(passwd_home)
	out=$(HOME=/sr-not-the-home as_user "$SENTRY_RUN" -p "$PROFILES/shell.ini" --print-profile)
	is "$?" 0 "~: --print-profile -p shell exits 0"
	contains "$out" "
cwd=$home
" "~: cwd=~ is the home from the password database"
	contains "$out" "
rw=$home
" "~: and so is rw=~"
	lacks "$out" /sr-not-the-home "~: \$HOME is not used"
}

test_service_profile() {
	d=$(fresh_dir)
	echo "state of the service" > "$d/status.txt"
	chmod 644 "$d/status.txt"
	out=$(cd "$d" && sandbox -p "$PROFILES/service.ini" -- /bin/sh -c '
		python3 -m http.server --bind 127.0.0.1 8080 > server.log 2>&1 &
		server=$!
		python3 -c "
import time, urllib.request
for attempt in range(200):
    try:
        body = urllib.request.urlopen(\"http://127.0.0.1:8080/status.txt\", timeout=5).read()
        break
    except OSError:
        time.sleep(0.05)
print(body.decode().strip())
"
		status=$?
		kill $server
		exit $status' 2>&1)
	is "$?" 0 "service: a client inside reaches the daemon over loopback"
	is "$out" "state of the service" "service: the daemon serves its state directory"
	contains "$(cat "$d/server.log" 2>/dev/null)" '"GET /status.txt HTTP/1.1" 200' \
		"service: its log is written to the state directory on the host"
}

test_python_profile() {
	d=$(fresh_dir)
	venv="python3 -m venv venv"
	if ! python3 -c 'import ensurepip' 2>/dev/null; then
		echo "# python: ensurepip missing (python3-venv): a venv without pip"
		venv="python3 -m venv --without-pip venv"
	fi
	out=$(cd "$d" && sandbox -p "$PROFILES/python.ini" -- /bin/sh -c \
		"$venv && venv/bin/python -c 'import json, sys; print(json.dumps([sys.prefix != sys.base_prefix]))'" 2>&1)
	is "$?" 0 "python: python3 -m venv and the venv's python run"
	is "$out" "[true]" "python: the venv is the one in use"
	test -x "$d/venv/bin/python"
	ok $? "python: the venv is in the working directory on the host"
}

test_check_profile() {
	home=$(passwd_home)
	for name in $SHIPPED; do
		out=$(sandbox --check-profile -p "$PROFILES/$name.ini" 2>&1)
		rc=$?
		# The test user is made without a home: shell's rw=~ then
		# names a missing path, which the check must report.
		if [ "$name" = shell ] && [ ! -d "$home" ]; then
			is "$rc" 125 "--check-profile of the shipped shell profile gives 125 when the home $home is missing"
			contains "$out" "shell.ini:15: rw=~: No such file or directory" "and names the profile's line"
			continue
		fi
		is "$rc:$out" "0:" "--check-profile of the shipped $name profile exits 0 and prints nothing"
	done
	out=$(sandbox --check-profile -p default 2>&1)
	is "$?:$out" "0:" "--check-profile -p default (the built-in) exits 0 and prints nothing"
	d=$(fresh_dir)
	out=$(sandbox --check-profile -p "$PROFILES/build.ini" --rw "$d" -- touch "$d/ran" 2>&1)
	is "$?:$out" "0:" "--check-profile with a PROGRAM exits 0"
	test ! -e "$d/ran"
	ok $? "and runs nothing"
	# What would stop the start stops the check: a missing host path.
	printf 'include=default\n[filesystem]\nro=%s/missing\n' "$d" > "$d/missing.ini"
	chmod 644 "$d/missing.ini"
	err=$(sandbox --check-profile -p "$d/missing.ini" 2>&1)
	is "$?" 125 "--check-profile of a profile binding a missing path gives 125"
	is "$err" "sentry-run: $d/missing.ini:3: ro=$d/missing: No such file or directory; ro-try= binds a path only where it exists" \
		"and names the profile's file, line and key, and what to write instead"
	printf 'include=default\n[filesystem]\nroot=%s/missing\n' "$d" > "$d/root.ini"
	chmod 644 "$d/root.ini"
	err=$(sandbox --check-profile -p "$d/root.ini" 2>&1)
	is "$?:$err" "125:sentry-run: $d/root.ini:3: root=$d/missing: No such file or directory" \
		"--check-profile of a missing root= names the profile's line"
	err=$(sandbox --check-profile --rw "$d/missing" 2>&1)
	is "$?" 125 "--check-profile --rw of a missing path gives 125"
	is "$err" "sentry-run: --rw $d/missing: No such file or directory" "and names the option"
	printf 'include=default\n[filesystem]\nro-try=%s/missing\n' "$d" > "$d/optional.ini"
	chmod 644 "$d/optional.ini"
	out=$(sandbox --check-profile -p "$d/optional.ini" 2>&1)
	is "$?:$out" "0:" "--check-profile accepts a missing ro-try= path"
	# A name the filter would refuse at start is refused by the check.
	for line in deny=no_such_call allow=no_such_call; do
		printf 'include=default\n[syscalls]\n%s\n' "$line" > "$d/syscall.ini"
		chmod 644 "$d/syscall.ini"
		err=$(sandbox --check-profile -p "$d/syscall.ini" 2>&1)
		is "$?" 125 "--check-profile of $line gives 125"
		contains "$err" "$d/syscall.ini:3: bad value 'no_such_call'" "naming file:line"
	done
}

test_bad_profile() {
	d=$(fresh_dir)
	printf 'include=default\n\n[limits]\nnofile=12x\n' > "$d/bad.ini"
	chmod 644 "$d/bad.ini"
	err=$(sandbox --check-profile -p "$d/bad.ini" 2>&1)
	is "$?" 125 "--check-profile of a bad profile exits 125"
	one_line "$err"
	ok $? "with a one-line message"
	contains "$err" "sentry-run: $d/bad.ini:4: bad value '12x' for 'nofile' in [limits]" \
		"naming file:line, the key and the value"
	for check in "" --check-profile; do
		err=$(sandbox $check -p "$d/bad.ini" --rw "$d" -- touch "$d/ran" 2>&1)
		is "$?" 125 "a bad profile ${check:+with $check }gives 125"
		test ! -e "$d/ran"
		ok $? "and PROGRAM does not run"
	done
	printf 'include=./bad.ini\n' > "$d/top.ini"
	chmod 644 "$d/top.ini"
	err=$(sandbox -p "$d/top.ini" --rw "$d" -- touch "$d/ran" 2>&1)
	is "$?" 125 "an error in an included profile gives 125"
	contains "$err" "bad.ini:4: bad value '12x' for 'nofile' in [limits]" "and names the included file's line"
	contains "$err" "(included from $d/top.ini:1)" "and where it was included from"
	test ! -e "$d/ran"
	ok $? "and PROGRAM does not run"
}

# Files that are not profiles: none may crash sentry-run or run PROGRAM.
test_not_a_profile() {
	d=$(fresh_dir)
	{
		printf 'include=default\n[sandbox]\n'
		yes 'env=SR_FILLER=0123456789012345678901234567890123456789' | head -n 200000
	} > "$d/big.ini"
	head -c 4096 /dev/urandom > "$d/random.ini"
	printf 'include=default\n[sandbox]\nhostname=a\0b\n' > "$d/nul.ini"
	printf '\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0' > "$d/elf.ini"
	: > "$d/empty.ini"
	chmod 644 "$d"/*.ini
	for f in big random nul elf empty; do
		err=$(sandbox -p "$d/$f.ini" --rw "$d" -- touch "$d/ran-$f" 2>&1)
		is "$?" 125 "a $f profile gives 125"
		one_line "$err" && contains "$err" "sentry-run: $d/$f.ini" "with a one-line message naming the file"
		test ! -e "$d/ran-$f"
		ok $? "and PROGRAM does not run"
	done
	contains "$(sandbox --check-profile -p "$d/big.ini" 2>&1)" "larger than" "a 10 MB profile is refused for its size"
	err=$(sandbox -p "$d" -- /bin/true 2>&1)
	is "$?" 125 "a directory as a profile gives 125"
	contains "$err" "not a regular file" "and says so"
	# Opened without waiting for a writer, refused before any read.
	mkfifo "$d/fifo.ini"
	chmod 666 "$d/fifo.ini"
	for f in "$d/fifo.ini" /dev/zero; do
		err=$(as_user timeout 10 "$SENTRY_RUN" -p "$f" -- /bin/true 2>&1)
		is "$?" 125 "$f as a profile gives 125 at once"
		contains "$err" "$f: not a regular file" "and says so"
	done
}

# --print-profile output, loaded back with -p, prints the same.
test_print_profile_round_trip() {
	d=$(fresh_dir)
	for name in $SHIPPED; do
		sandbox --print-profile -p "$PROFILES/$name.ini" > "$d/$name.printed.ini"
		is "$?" 0 "--print-profile -p $name exits 0"
		out=$(sandbox --print-profile -p "$d/$name.printed.ini")
		is "$out" "$(cat "$d/$name.printed.ini")" "the printed $name profile prints the same when loaded back"
	done
	sandbox --print-profile > "$d/builtin.ini"
	is "$(sandbox --print-profile -p default)" "$(cat "$d/builtin.ini")" "--print-profile with no -p prints the built-in default"
	sandbox --print-profile -p "$PROFILES/build.ini" --hostname opts --rw "$d" --tmpfs /srv \
		--env SR_A=1 --cwd /usr > "$d/options.ini"
	out=$(sandbox --print-profile -p "$d/options.ini")
	is "$out" "$(cat "$d/options.ini")" "a profile printed with options applied round-trips"
	contains "$out" "hostname=opts" "and holds --hostname"
	contains "$out" "rw=$d" "and --rw"
	out=$(sandbox -p "$d/options.ini" -- /bin/sh -c 'echo "$(uname -n) $(pwd) $SR_A"; echo x > '"$d/through-printed"' && echo wrote')
	is "$out" "opts /usr 1
wrote" "the printed profile runs as the options said"
	# What a profile cannot say: the error, and no half profile that
	# would load as another.
	out=$(sandbox --print-profile --ro "$d:x" 2>/dev/null)
	is "$?" 125 "--print-profile of a value no profile can say exits 125"
	is "$out" "" "and prints nothing of the profile"
	for verbosity in -q:quiet -v:info -vv:debug; do
		out=$(sandbox --print-profile "${verbosity%%:*}")
		contains "$out" "
level=${verbosity#*:}" "${verbosity%%:*} is printed as level=${verbosity#*:}"
	done
	# An option takes only what its profile key takes: a value the key
	# refuses would be printed into a profile that does not load back.
	for opt in "--hostname=a b" "--env=A B=1" "--env=1A=x" "--cwd=/usr/../etc" "--strace=/usr/../x" \
		"--events=unix:/run/../x"; do
		err=$(sandbox --print-profile "$opt" 2>&1)
		is "$?" 125 "--print-profile $opt gives 125, as its profile key would"
		contains "$err" "sentry-run: ${opt%%=*} '${opt#*=}': " "and names the option and its value"
	done
	err=$(sandbox --print-profile --stats 2>&1)
	is "$?" 125 "--print-profile --stats gives 125: a profile cannot say --stats"
	contains "$err" "--stats cannot be written in a profile" "and says so"
}

test_options_override_profile() {
	d=$(fresh_dir)
	printf 'include=default\n[sandbox]\nhostname=from-profile\ncwd=/usr\nenv=SR_FROM=profile\n' > "$d/p.ini"
	chmod 644 "$d/p.ini"
	out=$(sandbox -p "$d/p.ini" -- /bin/sh -c 'echo "$(uname -n) $(pwd) $SR_FROM"')
	is "$out" "from-profile /usr profile" "[sandbox] hostname, cwd and env apply"
	out=$(sandbox -p "$d/p.ini" --hostname from-cli --cwd /etc --env SR_FROM=cli -- \
		/bin/sh -c 'echo "$(uname -n) $(pwd) $SR_FROM"')
	is "$out" "from-cli /etc cli" "--hostname, --cwd and --env override the profile"
	out=$(cd "$d" && sandbox -p ./p.ini -- /bin/uname -n)
	is "$out" from-profile "-p ./FILE loads a file relative to the current directory"
}

# -p NAME: $(sysconfdir)/sentry-run/profiles, then, for a caller that is
# not root and only when the system has no such profile,
# ~/.config/sentry-run/profiles (the home from the password database).
test_profile_by_name() {
	name="sr-test-profile-$$"
	err=$(sandbox -p "$name" -- /bin/true 2>&1)
	is "$?" 125 "-p NAME of a missing profile gives 125"
	contains "$err" "sentry-run/profiles/$name.ini" "and names where it looked"
	home=$(passwd_home)
	if ! can_fake_home "$home"; then
		skip "-p NAME from ~/.config/sentry-run/profiles" "needs a root caller to put a private home in place"
		return
	fi
	d=$(fresh_dir)
	chmod 700 "$d"
	mkdir -p "$d/.config/sentry-run/profiles"
	printf 'include=default\n[sandbox]\nhostname=from-user-dir\n' > "$d/.config/sentry-run/profiles/$name.ini"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d/.config"
	out=$(privately "$(home_setup "$d" "$home")" "$SENTRY_RUN" -p "$name" -- /bin/hostname 2>&1)
	if [ "$mode" = user ]; then
		is "$out" from-user-dir "-p NAME loads ~/.config/sentry-run/profiles/NAME.ini for a user"
	else
		contains "$out" "cannot open profile" "-p NAME never loads root's ~/.config profiles"
	fi
}

# -p NAME from $(sysconfdir)/sentry-run/profiles (where make install puts
# the shipped ones), put in place on a private tmpfs; for a user, it wins
# over a ~/.config profile of the same name.
test_profile_from_sysconfdir() {
	if [ "$mode" = self ]; then
		skip "-p NAME from \$(sysconfdir)/sentry-run/profiles" "needs root to put a system profile in place"
		return
	fi
	name="sr-test-system-$$"
	sysdir=$(sandbox --help | sed -n 's/.*load the profile NAME (from \(\/.*\/sentry-run\/profiles\),.*/\1/p')
	[ -n "$sysdir" ]
	ok $? "--help names the system profile directory ($sysdir)"
	# The deepest directory of it that exists: a private tmpfs goes there.
	base=$sysdir
	while [ ! -d "$base" ]; do base=${base%/*}; done
	d=$(fresh_dir)
	printf 'include=default\n[sandbox]\nhostname=from-system-dir\n' > "$d/system.ini"
	chmod 644 "$d/system.ini"
	setup="mount -t tmpfs -o mode=755 sr-sysconf '$base' && mkdir -p '$sysdir' && cp '$d/system.ini' '$sysdir/$name.ini'"
	out=$(cd / && privately "$setup" "$SENTRY_RUN" -p "$name" -- /bin/hostname 2>&1)
	is "$out" from-system-dir "-p NAME loads \$(sysconfdir)/sentry-run/profiles/NAME.ini"
	home=$(passwd_home)
	if [ "$mode" != user ] || ! can_fake_home "$home"; then
		return
	fi
	h=$(fresh_dir)
	chmod 700 "$h"
	mkdir -p "$h/.config/sentry-run/profiles"
	printf 'include=default\n[sandbox]\nhostname=from-user-dir\n' > "$h/.config/sentry-run/profiles/$name.ini"
	chown -R "$SR_TEST_USER:" "$h/.config"
	out=$(cd / && privately "$setup && $(home_setup "$h" "$home")" "$SENTRY_RUN" -p "$name" -- /bin/hostname 2>&1)
	is "$out" from-system-dir "a user's ~/.config profile never shadows the system's of the same name"
}

# --ssh (an sshd ForceCommand): the session writes the home, so a
# profile NAME never comes from ~/.config there, even when the system has
# none of that name: the user would choose the next login's sandbox.
test_ssh_profile_never_from_home() {
	[ "$mode" = user ] || return 0
	home=$(passwd_home)
	if ! can_fake_home "$home"; then
		skip "--ssh -p NAME never from ~/.config" "needs a root caller to put a private home in place"
		return
	fi
	name="sr-test-ssh-$$"
	h=$(fresh_dir)
	chmod 700 "$h"
	mkdir -p "$h/.config/sentry-run/profiles"
	printf 'include=default\n[sandbox]\nhostname=from-user-dir\n' > "$h/.config/sentry-run/profiles/$name.ini"
	chown -R "$SR_TEST_USER:" "$h/.config"
	out=$(cd / && privately "$(home_setup "$h" "$home")" "$SENTRY_RUN" -p "$name" -- /bin/hostname 2>&1)
	is "$out" from-user-dir "without --ssh, -p NAME loads the user's ~/.config profile"
	out=$(cd / && SSH_ORIGINAL_COMMAND=/bin/hostname privately "$(home_setup "$h" "$home")" \
		"$SENTRY_RUN" --ssh -p "$name" 2>&1)
	is "$?" 125 "--ssh -p NAME with no system profile of that name: 125"
	lacks "$out" from-user-dir "rather than the profile the user wrote in the home"
	contains "$out" "under --ssh, profiles come from" "and the message says why"
}

# [limits] nofile lowers the limit; above the caller's hard limit (which
# only privilege over the host could raise) it is held there, as for
# the service profile's nofile=65536 on a host with a lower hard limit.
test_rlimits_are_ceilings() {
	d=$(fresh_dir)
	printf 'include=default\n[limits]\nnofile=%s\n' 512 > "$d/low.ini"
	printf 'include=default\n[limits]\nnofile=%s\n' 4096 > "$d/high.ini"
	chmod 644 "$d"/*.ini
	out=$(ulimit -n 1000 && sandbox -p "$d/low.ini" -- /bin/sh -c 'ulimit -Sn; ulimit -Hn')
	is "$out" "512
512" "nofile=512 under a hard limit of 1000 sets 512"
	out=$(ulimit -n 1000 && sandbox -p "$d/high.ini" -- /bin/sh -c 'ulimit -Sn; ulimit -Hn')
	is "$?:$out" "0:1000
1000" "nofile=4096 over a hard limit of 1000 runs, held at 1000"
}

# RLIMIT_FSIZE is a signed file offset to the kernel: 2^63 and above
# would make every write to a file die of SIGXFSZ, so they are refused;
# the largest offset writes as no limit would.
test_fsize_is_a_file_offset() {
	d=$(fresh_dir)
	write='echo x > /tmp/f && echo wrote'
	for v in 9223372036854775808 8388608T 16777215T; do
		out=$(sandbox --fsize="$v" -- /bin/sh -c "$write" 2>&1)
		is "$?" 125 "--fsize=$v gives 125"
		contains "$out" "sentry-run: --fsize '$v': value too large" "and names the option and its value"
		printf 'include=default\n[limits]\nfsize=%s\n' "$v" > "$d/fsize.ini"
		chmod 644 "$d/fsize.ini"
		out=$(sandbox -p "$d/fsize.ini" -- /bin/sh -c "$write" 2>&1)
		is "$?" 125 "[limits] fsize=$v gives 125"
		contains "$out" "$d/fsize.ini:3: bad value '$v' for 'fsize' in [limits]: value too large" "naming file:line"
	done
	out=$(sandbox --fsize=9223372036854775807 -- /bin/sh -c "$write" 2>&1)
	is "$?:$out" "0:wrote" "--fsize=9223372036854775807 lets PROGRAM write a file"
}

# The man pages that make install installs name the profiles' directory
# this build reads, which --help shows: $(sysconfdir), not always /etc.
test_man_pages_name_the_profile_directory() {
	dir=$(sandbox --help | sed -n 's/.*load the profile NAME (from \([^,]*\),.*/\1/p')
	contains "$dir" /sentry-run/profiles "--help names the profiles' directory"
	for page in sentry-run.1 sentry-run.ini.5; do
		installed="$top_builddir/man/installed/$page"
		text=$(cat "$installed" 2>&1)
		contains "$text" "$dir/NAME.ini" "the installed $page names $dir/NAME.ini"
		[ "$dir" = /etc/sentry-run/profiles ] || lacks "$text" " /etc/sentry-run/" "and not /etc/sentry-run"
	done
}

# man_check options|keys DIR: what sentry-run.1 or sentry-run.ini.5 says
# against what the code has (DIR holds what the binary printed); each
# disagreement on a line, then "checked N" for the options or keys of
# the code's own tables.  The pages are read as man shows them: a
# .TP item's tag, with an alternating macro's words joined.
man_check() {
	/usr/bin/python3 - "$1" "$2" "$top_srcdir" <<'PY'
import re, sys

what, data, top = sys.argv[1:4]
ALTERNATING = {".BR", ".BI", ".IR", ".RB", ".IB", ".RI"}
GLYPHS = {"dq": '"', "aq": "'", "em": "--", "lq": '"', "rq": '"'}

def text(s):
    s = re.sub(r"\\f(\[[A-Z]*\]|[BIRP])", "", s)
    s = re.sub(r"\\\((dq|aq|em|lq|rq)", lambda m: GLYPHS[m.group(1)], s)
    return s.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")

def shown(line):
    if not line.startswith("."):
        return text(line)
    macro, _, rest = line.partition(" ")
    if macro not in ALTERNATING and macro not in (".B", ".I", ".SH", ".SS"):
        return ""
    # roff's arguments: "a quoted one" (its "" a quote), or a word.
    words = [q.replace('""', '"') if q or not w else w
             for q, w in re.findall(r'"((?:[^"]|"")*)"?|(\S+)', rest)]
    return text(("" if macro in ALTERNATING else " ").join(words))

def items(page):
    """(section, [tags], paragraph) of each .TP item, .TQ tags with it."""
    out, section, item = [], "", None
    lines = open(page).read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith((".SH", ".SS", ".TP", ".TQ")):
            if line.startswith(".SH"):
                section = shown(line)
            if line.startswith(".TQ") and item is not None:
                item[1].append(shown(lines[i + 1]))
                i += 2
                continue
            item = None
            if line.startswith(".TP"):
                item = (section, [shown(lines[i + 1])], [])
                out.append(item)
                i += 1
        elif item is not None:
            item[2].append(shown(line))
        i += 1
    return [(s, t, " ".join(" ".join(p).split())) for s, t, p in out]

def kind(follow):
    if follow.startswith("[="):
        return "optional"
    return "required" if re.match(r"=| [A-Za-z]", follow) else "none"

problems, checked = [], 0
if what == "options":
    src = open(top + "/src/options.c").read()
    code = {n: {"no": "none"}.get(k, k)
            for n, k in re.findall(r'\{ "([a-z-]+)", (no|required|optional)_argument', src)}
    helped = {}
    for line in open(data + "/help"):
        if re.match(r"\s+-", line):
            column = re.split(r"\s{2,}", line.strip())[0]
            for n, follow in re.findall(r"--([a-z][a-z-]*)(.*?)(?=, -|$)", column):
                helped[n] = kind(follow)
    manned = {}
    for section, tags, _ in items(top + "/man/sentry-run.1"):
        for tag in tags:
            if tag.startswith("-"):
                for n, follow in re.findall(r"--([a-z][a-z-]*)(.*?)(?=, -|$)", tag):
                    manned[n] = kind(follow)
    for n in sorted(set(code) | set(helped) | set(manned)):
        got = (code.get(n, "absent"), helped.get(n, "absent"), manned.get(n, "absent"))
        if len(set(got)) != 1:
            problems.append("--%s: code %s, --help %s, sentry-run.1 %s" % ((n,) + got))
    checked = len(code)
else:
    src = open(top + "/src/profile.c").read()
    code = {(s, k): r == "true" for s, k, r in
            re.findall(r'\{ "([a-z]+)", "([a-z-]+)", (true|false), apply_', src)}
    manned, paragraphs, values = {}, {}, {}
    for section, tags, para in items(top + "/man/sentry-run.ini.5"):
        if not section.startswith("["):
            continue
        for tag in tags:
            for k, v in re.findall(r"(?:^|, )([a-z][a-z-]*)=([^,]*)", tag):
                key = (section[1:-1], k)
                manned[key] = para.startswith("(repeatable")
                paragraphs[key] = para
                if re.fullmatch(r"[a-z-]+(\|[a-z-]+)+", v):
                    values[key] = set(v.split("|"))
    for key in sorted(set(code) | set(manned)):
        if key not in manned:
            problems.append("[%s] %s= is not in sentry-run.ini.5" % key)
        elif key not in code:
            problems.append("[%s] %s= is in sentry-run.ini.5, not in the code" % key)
        elif code[key] != manned[key]:
            problems.append("[%s] %s=: repeatable %s in the code, %s in sentry-run.ini.5" %
                            (key + (code[key], manned[key])))
    # A bad value's message lists what choice() takes.
    for line in open(data + "/bad-values"):
        s, k, msg = line.rstrip("\n").split(" ", 2)
        m = re.search(r": expected ((?:[a-z-]+, )*[a-z-]+ or [a-z-]+)$", msg)
        if m and values.get((s, k)) != set(re.split(r", | or ", m.group(1))):
            problems.append("[%s] %s=: takes %s, sentry-run.ini.5 says %s" %
                            (s, k, m.group(1), "|".join(sorted(values.get((s, k), [])))))
    # What a profile that sets nothing gets is the page's "Default:".
    section = None
    for line in open(data + "/defaults"):
        line = line.strip()
        if line.startswith("["):
            section = line[1:-1]
        elif "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            para = paragraphs.get((section, k), "")
            if "Default: %s" % v not in para and "%s (the default)" % v not in para:
                problems.append("[%s] %s=: the default is %s, sentry-run.ini.5 does not say so" % (section, k, v))
    for line in open(data + "/printed"):
        if line.startswith("["):
            section = line.strip()[1:-1]
        elif "=" in line and not line.startswith("#") and (section, line.split("=")[0]) not in manned:
            problems.append("--print-profile prints [%s] %s=, not in sentry-run.ini.5" %
                            (section, line.split("=")[0]))
    checked = len(code)
print("\n".join(problems + ["checked %d" % checked]))
PY
}

# Every option of the getopt table is in --help and has its item in
# sentry-run(1), taking an argument there as it does in the code, and
# neither documents an option the code does not have.
test_man_page_has_every_option() {
	d=$(fresh_dir)
	sandbox --help > "$d/help"
	out=$(man_check options "$d")
	is "$(printf '%s\n' "$out" | grep -v '^checked ')" "" "--help and sentry-run.1 show each option the code has, as it takes it"
	n=$(printf '%s\n' "$out" | sed -n 's/^checked //p')
	ok $(( ${n:-0} < 30 )) "and that is every option of the code's table ($n)"
}

# Every key of the profile_keys table has its item in sentry-run.ini(5)
# under its section, said repeatable where it is; a key's choices are
# what a bad value's message lists, and its default what a profile that
# sets nothing prints; and every key --print-profile prints is there.
test_man_page_has_every_key() {
	d=$(fresh_dir)
	sed -n 's/^[[:space:]]*{ "\([a-z]*\)", "\([a-z-]*\)", \(true\|false\), apply_.*/\1 \2/p' \
		"$top_srcdir/src/profile.c" | while read -r section key; do
		printf '[%s]\n%s=sr-bogus\n' "$section" "$key" > "$d/bad.ini"
		chmod 644 "$d/bad.ini"
		printf '%s %s %s\n' "$section" "$key" "$(sandbox -p "$d/bad.ini" --check-profile 2>&1)"
	done > "$d/bad-values"
	printf '[log]\nlevel=warn\n' > "$d/empty.ini"
	chmod 644 "$d/empty.ini"
	sandbox -p "$d/empty.ini" --print-profile > "$d/defaults"
	for name in $SHIPPED; do
		sandbox -p "$PROFILES/$name.ini" --print-profile 2>/dev/null
	done > "$d/printed"
	out=$(man_check keys "$d")
	is "$(printf '%s\n' "$out" | grep -v '^checked ')" "" "sentry-run.ini.5 shows each key the code has, its choices and defaults"
	n=$(printf '%s\n' "$out" | sed -n 's/^checked //p')
	ok $(( ${n:-0} < 30 )) "and that is every key of the code's table ($n)"
}

# [filesystem] cwd-access: the caller's directory read-only, read-write
# or absent (PROGRAM then starts in /).
test_cwd_access() {
	d=$(fresh_dir)
	echo here > "$d/marker"
	chmod 644 "$d/marker"
	for access in ro rw none; do
		printf 'include=default\n[filesystem]\ncwd-access=%s\n' "$access" > "$d/$access.ini"
	done
	chmod 644 "$d"/*.ini
	out=$(cd "$d" && sandbox -p "$d/ro.ini" -- /bin/sh -c 'cat marker; echo x > ro-made' 2>&1)
	contains "$out" "here" "cwd-access=ro: the working directory is visible"
	contains "$out" "Read-only file system" "cwd-access=ro: and read-only"
	out=$(cd "$d" && sandbox -p "$d/rw.ini" -- /bin/sh -c 'cat marker; echo x > rw-made && echo wrote' 2>&1)
	is "$out" "here
wrote" "cwd-access=rw: the working directory is writable"
	test -f "$d/rw-made"
	ok $? "cwd-access=rw: and the file is on the host"
	out=$(cd "$d" && sandbox -p "$d/none.ini" -- /bin/sh -c "pwd; test -e '$d' || echo absent" 2>&1)
	is "$out" "/
absent" "cwd-access=none: the working directory is absent and PROGRAM starts in /"
}

# ro-try= and rw-try= skip a source that does not exist, a dangling
# link included, and bind one that does, at its DEST.
test_optional_mounts() {
	d=$(fresh_dir)
	mkdir "$d/present"
	echo here > "$d/present/f"
	chmod -R a+rX "$d/present"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d/present"
	ln -s /sr-no-such-target "$d/dangling"
	cat > "$d/p.ini" <<EOF
include=default
[filesystem]
ro-try=/sr-no-such-dir
rw-try=/sr-no-such-dir/below:/srv/missing
rw-try=$d/dangling:/srv/dangling
ro-try=$d/present:/srv/ro
rw-try=$d/present:/srv/rw
EOF
	chmod 644 "$d/p.ini"
	out=$(cd / && sandbox -p "$d/p.ini" -- /bin/sh -c '
		ls -A /srv; cat /srv/ro/f; echo new > /srv/rw/g && echo wrote
		echo x > /srv/ro/h || true' 2>&1)
	is "$?" 0 "ro-try/rw-try: missing and dangling sources are skipped"
	is "$out" "ro
rw
here
wrote
/bin/sh: 3: cannot create /srv/ro/h: Read-only file system" "ro-try/rw-try: present ones are bound at DEST, read-only and read-write"
	is "$(cat "$d/present/g" 2>/dev/null)" new "ro-try/rw-try: the rw-try write is on the host"
	printf 'include=default\n[filesystem]\nro=%s/dangling:/srv/d\n' "$d" > "$d/strict.ini"
	chmod 644 "$d/strict.ini"
	err=$(cd / && sandbox -p "$d/strict.ini" -- /bin/true 2>&1)
	is "$?" 125 "ro= of a dangling link (not -try) gives 125"
	contains "$err" "$d/dangling" "and names it"
}

# A key that sentry-run accepts is enforced or refused, never ignored
# (DESIGN §4: never silently weaker than the profile asks), whichever
# this version does.
test_profile_is_never_silently_weaker() {
	d=$(fresh_dir)
	printf 'include=default\n[syscalls]\ndeny=mkdir\ndeny=mkdirat\n' > "$d/deny.ini"
	printf 'include=default\n[limits]\ntimeout=1s\n' > "$d/timeout.ini"
	chmod 644 "$d"/*.ini
	(cd / && sandbox -p "$d/deny.ini" --rw "$d" -- mkdir "$d/made" 2>/dev/null)
	test ! -e "$d/made"
	ok $? "[syscalls] deny=mkdir: no directory is made (refused at start or denied)"
	start=$(date +%s)
	sandbox -p "$d/timeout.ini" --rw "$d" -- /bin/sh -c "sleep 5; touch '$d/slept'" 2>/dev/null
	rc=$?
	test ! -e "$d/slept" && [ $(( $(date +%s) - start )) -lt 4 ]
	ok $? "[limits] timeout=1s: a 5 s program does not run to its end"
	ok $(( rc != 124 && rc != 125 )) "and the status says so (124 or 125, got $rc)"
}

# The short profile in the README, taken from its text, loads and runs.
test_readme_example() {
	d=$(fresh_dir)
	awk '/^A short one/ { on = 1; next }
		on && /^Named profiles/ { exit }
		on && /^    / { print substr($0, 5); next }
		on { print }' "$top_srcdir/README" > "$d/readme.ini"
	chmod 644 "$d/readme.ini"
	contains "$(cat "$d/readme.ini")" "include=default" "README: the example profile is found in the README"
	out=$(sandbox --check-profile -p "$d/readme.ini" 2>&1)
	is "$?:$out" "0:" "README: --check-profile accepts it"
	out=$(cd "$d" && sandbox -p "$d/readme.ini" -- /bin/sh -c \
		'echo x > built && ls -A /home && echo y > /home/scratch && cat /home/scratch && ulimit -n' 2>&1)
	is "$?" 0 "README: a program runs under it"
	is "$out" "y
4096" "README: /home is an empty writable tmpfs and nofile is 4096"
	test -f "$d/built"
	ok $? "README: the working directory is read-write"
}

run_suite test_ssh_profile_never_from_home test_build_profile test_build_under_read_only_mount test_shell_profile \
	test_tilde_is_the_password_home test_service_profile test_python_profile \
	test_check_profile test_bad_profile test_not_a_profile test_print_profile_round_trip \
	test_options_override_profile test_profile_by_name test_profile_from_sysconfdir test_rlimits_are_ceilings test_fsize_is_a_file_offset test_cwd_access \
	test_man_pages_name_the_profile_directory test_man_page_has_every_option test_man_page_has_every_key \
	test_optional_mounts \
	test_profile_is_never_silently_weaker test_readme_example
