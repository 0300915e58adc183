# Shared by the integration tests: TAP output, and running every test
# both as the caller (root in CI) and as an unprivileged user, since real
# users are not root.  Sourced by tests/integration/*.sh.
set -u
# Run from a terminal, PROGRAM would get a pty (pty=auto) and its output
# CRs: the tests that want a terminal make their own.
exec </dev/null

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"

SR_TEST_USER=${SR_TEST_USER:-sr-test}
tap_n=0
tap_failed=0
mode=

ok() {  # ok CONDITION-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - [$mode] $2"
	else
		echo "not ok $tap_n - [$mode] $2"
		tap_failed=1
	fi
}

is() {  # is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2" | head -n 20
	fi
}

contains() {  # contains HAYSTACK NEEDLE DESCRIPTION
	case "$1" in
	*"$2"*) ok 0 "$3" ;;
	*) ok 1 "$3"; printf '#   %s\n#   does not contain: %s\n' "$1" "$2" | head -n 20 ;;
	esac
}

lacks() {  # lacks HAYSTACK NEEDLE DESCRIPTION
	case "$1" in
	*"$2"*) ok 1 "$3"; printf '#   %s\n#   contains: %s\n' "$1" "$2" | head -n 20 ;;
	*) ok 0 "$3" ;;
	esac
}

# A world-readable work directory holding copies of the binaries, so that
# the unprivileged user can run them wherever the tree was checked out.
WORK=$(mktemp -d /tmp/sr-test.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/bin"
cp "$top_builddir/src/sentry-run" "$WORK/bin/"
for h in "$top_builddir"/tests/helpers/*; do
	[ -x "$h" ] && [ -f "$h" ] && cp "$h" "$WORK/bin/"
done
chmod -R a+rX "$WORK/bin"
SENTRY_RUN="$WORK/bin/sentry-run"
# The binary itself, whatever runs it.
SENTRY_RUN_BINARY="$WORK/bin/sentry-run"
# make check-oldkernel: every sandbox under tests/helpers/oldkernel, which
# answers as older kernels do (tests/integration/oldkernel.sh).
if [ -n "${SR_TEST_OLDKERNEL:-}" ]; then
	SENTRY_RUN_BINARY="$WORK/bin/sentry-run.real"
	mv "$WORK/bin/sentry-run" "$SENTRY_RUN_BINARY"
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$WORK/bin/oldkernel" "$SENTRY_RUN_BINARY" >"$SENTRY_RUN"
	chmod 755 "$SENTRY_RUN"
fi
# CI's sanitized run (.ci/run): the Sentry and the Gofer report a
# sanitizer error on the stderr they share with sentry-run, where a test
# may not look; a copy of every sandbox's stderr goes to this log, which
# CI then searches.  Not with SR_TEST_OLDKERNEL (CI runs them apart).
if [ -n "${SR_TEST_SANITIZER_LOG:-}" ] && [ -z "${SR_TEST_OLDKERNEL:-}" ]; then
	touch "$SR_TEST_SANITIZER_LOG" && chmod 666 "$SR_TEST_SANITIZER_LOG"
	SENTRY_RUN_BINARY="$WORK/bin/sentry-run.real"
	mv "$SENTRY_RUN" "$SENTRY_RUN_BINARY"
	# A terminal, or the journal stream, stays sentry-run's own stderr,
	# and a closed one stays closed (the tee would give PROGRAM one);
	# sh, since bash would drop an interactive shell's PS1 on the way.
	cat >"$SENTRY_RUN" <<EOF
#!/bin/sh
if [ -t 2 ] || [ -n "\${JOURNAL_STREAM:-}" ] || [ ! -e /proc/self/fd/2 ]; then exec "$SENTRY_RUN_BINARY" "\$@"; fi
exec bash -c 'exec "\$0" "\$@" 2> >(exec tee -a "$SR_TEST_SANITIZER_LOG" >&2)' "$SENTRY_RUN_BINARY" "\$@"
EOF
	chmod 755 "$SENTRY_RUN"
fi
cleanup_work() { rm -rf "$WORK"; }
trap cleanup_work EXIT

if [ "$(id -u)" -eq 0 ]; then
	if ! id "$SR_TEST_USER" >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /bin/sh "$SR_TEST_USER" >/dev/null 2>&1 ||
			{ echo "Bail out! cannot create the test user $SR_TEST_USER"; exit 1; }
	fi
	MODES="root user"
else
	MODES="self"
fi

# as_user CMD...: run CMD as the current mode's user.
as_user() {
	if [ "$mode" = user ]; then
		setpriv --reuid="$SR_TEST_USER" --regid="$SR_TEST_USER" --init-groups -- "$@"
	else
		"$@"
	fi
}

sandbox() { as_user "$SENTRY_RUN" "$@"; }

# For `exec_as_user CMD... &`: the background subshell becomes CMD, so $!
# is CMD's pid and signals sent to it reach CMD itself.
exec_as_user() {
	if [ "$mode" = user ]; then
		exec setpriv --reuid="$SR_TEST_USER" --regid="$SR_TEST_USER" --init-groups -- "$@"
	fi
	exec "$@"
}

# Can this mode's user create cgroups under its own (v2 at either usual
# mount point, or v1 pids)?  Root can; sr-test, without delegation,
# cannot and gets the rlimit fallback.
cgroups_writable() {
	as_user /bin/sh -c '
		v2=$(sed -n "s/^0:://p" /proc/self/cgroup)
		v1=$(sed -n "s/^[0-9]*:pids://p" /proc/self/cgroup)
		[ -w "/sys/fs/cgroup$v2" ] || [ -w "/sys/fs/cgroup/unified$v2" ] ||
			{ [ -n "$v1" ] && [ -w "/sys/fs/cgroup/pids$v1" ]; }'
}

# A fresh directory owned by the mode's user.
fresh_dir() {
	d=$(mktemp -d "$WORK/d.XXXXXX")
	chmod 755 "$d"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d"
	echo "$d"
}

# run_suite FUNCTION...: each test function, once per mode, from $WORK.
run_suite() {
	cd "$WORK" || exit 1
	for mode in $MODES; do
		for t in "$@"; do
			"$t"
		done
	done
	echo "1..$tap_n"
	exit "$tap_failed"
}

# A port nobody listens on now.
free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
