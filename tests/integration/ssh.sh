#!/bin/sh
# sentry-run as an ssh ForceCommand (contrib/ssh/), through a real OpenSSH
# server started here on 127.0.0.1 with its own host key and config, the
# shipped sshd_config snippet, and a user made for this run: commands and
# login shells run sandboxed, the status comes back, scp (SFTP and legacy)
# and sftp reach the home and nothing else, the host never runs the user's
# files, and a client that goes away takes its sandbox with it.
. "$top_srcdir/tests/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root: creates a user and starts sshd"
	exit 0
fi
SSHD=/usr/sbin/sshd
for tool in "$SSHD" ssh scp sftp ssh-keygen; do
	if ! command -v "$tool" >/dev/null; then
		echo "Bail out! $tool is missing: contrib/dev-setup installs openssh-server and openssh-client"
		exit 1
	fi
done

# One label: every test logs in as the user made below.
MODES=ssh
# How long a login, a file copy or the end of a session may take.
WAIT_S=30
# A client that went away: its sandbox is gone within this time.
HANGUP_WAIT_S=2

# A user of this run alone, so that parallel runs and earlier runs do not
# meet; its group is the snippet's "Match Group".  bash as login shell:
# the shell that reads the home's files unless the snippet stops it.
SSH_USER=sr-ssh-$$
S="$WORK/sshd"
HOME_DIR="$WORK/home"
mkdir -m 755 "$S"
useradd --user-group --no-create-home --home-dir "$HOME_DIR" --shell /bin/bash "$SSH_USER" ||
	{ echo "Bail out! cannot create the user $SSH_USER"; exit 1; }
# Without UsePAM, sshd refuses an account whose password is locked ("!").
usermod -p '*' "$SSH_USER"
mkdir -m 700 "$HOME_DIR"
chown "$SSH_USER:" "$HOME_DIR"
sshd_pid=
pam_sshd_pid=
# sshd's PAM service is the name it runs under: a copy of sshd by this
# name reads /etc/pam.d/$PAM_SERVICE, made here, not the host's sshd.
PAM_SERVICE=sr-sshd-$$
cleanup_ssh() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
	# After a failed case: what the user of this run alone left running.
	pkill -KILL -u "$SSH_USER" 2>/dev/null
	userdel -f "$SSH_USER" 2>/dev/null
	getent group "$SSH_USER" >/dev/null && groupdel "$SSH_USER"
	[ -n "$pam_sshd_pid" ] && kill "$pam_sshd_pid" 2>/dev/null
	rm -f "/etc/pam.d/$PAM_SERVICE"
	cleanup_work
}
trap cleanup_ssh EXIT

# On the host, beside the home but outside the profile's view.
echo "host only" >"$S/marker"
ssh-keygen -q -t ed25519 -N '' -C sr-ssh-host -f "$S/host_key"
ssh-keygen -q -t ed25519 -N '' -C sr-ssh-client -f "$S/client_key"
cp "$S/client_key.pub" "$S/authorized_keys"
chmod 644 "$S/authorized_keys"
cp "$top_srcdir/contrib/profiles/shell.ini" "$S/shell.ini"
chmod 644 "$S/shell.ini"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
{
	cat <<-EOF
	Port $PORT
	ListenAddress 127.0.0.1
	HostKey $S/host_key
	PidFile $S/sshd.pid
	AuthorizedKeysFile $S/authorized_keys
	AllowUsers $SSH_USER
	PubkeyAuthentication yes
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	UsePAM no
	# The keys live in the world-writable /tmp.
	StrictModes no
	Subsystem sftp /usr/lib/openssh/sftp-server
	AcceptEnv LC_* SR_SSH_*
	EOF
	# The snippet as shipped, for this run's group, sentry-run and profile.
	sed -e "s|^Match Group sandboxed\$|Match Group $SSH_USER|" \
		-e "s|ForceCommand /usr/bin/sentry-run --ssh -p shell\$|ForceCommand $SENTRY_RUN --ssh -p $S/shell.ini|" \
		"$top_srcdir/contrib/ssh/sandboxed.conf"
} >"$S/sshd_config"
grep -q "ForceCommand $SENTRY_RUN" "$S/sshd_config" ||
	{ echo "Bail out! contrib/ssh/sandboxed.conf has no ForceCommand line to point at the build"; exit 1; }
# The privilege separation directory of Debian's sshd.
mkdir -p -m 755 /run/sshd
if ! out=$("$SSHD" -t -f "$S/sshd_config" 2>&1); then
	echo "Bail out! sshd -t refuses the configuration: $out"
	exit 1
fi
"$SSHD" -D -e -f "$S/sshd_config" 2>"$S/sshd.log" &
sshd_pid=$!
i=0
until ss -Hltn "sport = :$PORT" | grep -q LISTEN; do
	i=$((i + 1))
	if [ $i -gt 250 ] || ! kill -0 "$sshd_pid" 2>/dev/null; then
		echo "Bail out! sshd did not listen on 127.0.0.1:$PORT: $(cat "$S/sshd.log")"
		exit 1
	fi
	sleep 0.02
done

CLIENT_OPTS="-F /dev/null -i $S/client_key -o IdentitiesOnly=yes -o BatchMode=yes
	-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
	-o ConnectTimeout=$WAIT_S"
TARGET="$SSH_USER@127.0.0.1"
# shellcheck disable=SC2086
ssh_to() { timeout "$WAIT_S" ssh $CLIENT_OPTS -p "$PORT" "$TARGET" "$@"; }
# shellcheck disable=SC2086
scp_to() { timeout "$WAIT_S" scp $CLIENT_OPTS -P "$PORT" "$@"; }
# shellcheck disable=SC2086
sftp_to() { timeout "$WAIT_S" sftp $CLIENT_OPTS -P "$PORT" "$@" "$TARGET"; }

# Nothing reads the caller's input by mistake; a case that types into a
# session pipes its own.
exec </dev/null

# The live processes of the user (zombies are the host's init's to reap).
user_processes() { ps -u "$SSH_USER" -o stat=,args= | grep -v '^Z'; }

test_command_runs_sandboxed() {
	out=$(ssh_to 'id -un; echo "$HOME"; pwd; echo "pid $$"; cat '"$S/marker"' 2>&1; ls / | grep -x root; exit 0' 2>&1)
	is "$?" 0 "ssh host CMD exits 0"
	is "$out" "$SSH_USER
$HOME_DIR
$HOME_DIR
pid 2
cat: $S/marker: No such file or directory" \
		"it runs as the user in the home, as pid 2 of a new pid namespace (init is 1), without the host's files"
	# sshd's session process runs as the user: on the host it would show.
	out=$(ssh_to 'echo "sshd seen $(cat /proc/[0-9]*/comm | grep -c sshd)"
		echo x > /etc/sr-ssh; echo x > ~/made-in-ssh && echo made' 2>&1)
	contains "$out" "sshd seen 0" "the host's processes, the user's sshd among them, are not in its /proc"
	contains "$out" "Read-only file system" "the system is read-only"
	contains "$out" made "the home is writable"
	is "$(cat "$HOME_DIR/made-in-ssh" 2>&1)" x "and what is written there is in the home on the host"
}

# usermod_user OPTION VALUE: usermod OPTION VALUE on the user.  usermod
# refuses while a process of the user runs (exit 8), as the end of the
# session just made may still, more so under the sanitizers: tried again
# until it takes.
usermod_user() {
	i=0
	until usermod "$1" "$2" "$SSH_USER" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt $((WAIT_S * 10)) ] && { echo "# usermod $1 $2 $SSH_USER failed"; return 1; }
		sleep 0.1
	done
}

# set_home DIR: the user's home is DIR.
set_home() { usermod_user -d "$1"; }

# A home that is a link (/home/alice -> /data/alice) is an ordinary
# set-up: the sandbox binds where it leads and keeps the name as a link,
# so $HOME and cwd=~ exist inside.  Natively the same session starts in
# the real directory with HOME the link.
test_home_that_is_a_link() {
	ln -s "$HOME_DIR" "$WORK/home-link"
	set_home "$WORK/home-link"
	out=$(ssh_to 'echo "$HOME"; pwd; cd ~ && echo x > via-link && echo made' 2>&1)
	rc=$?
	set_home "$HOME_DIR"
	rm "$WORK/home-link"
	is "$rc" 0 "a home that is a link: the session starts (exit 0)"
	is "$out" "$WORK/home-link
$HOME_DIR
made" "HOME is the link, the session starts where it leads, and cd ~ works"
	is "$(cat "$HOME_DIR/via-link" 2>&1)" x "what is written through it is in the home on the host"
}

# useradd without -m leaves the home to be made: natively sshd says
# "Could not chdir to home directory" and starts the session in /.  The
# shell profile binds the home, so the session cannot start; the user
# (and the admin reading sshd's log) must hear that it is the home.
test_missing_home_is_named() {
	set_home "$WORK/no-such-home"
	out=$(ssh_to true 2>&1)
	rc=$?
	set_home "$HOME_DIR"
	is "$rc" 125 "a user whose home does not exist: the session does not start (125)"
	contains "$out" "the home directory of $SSH_USER, $WORK/no-such-home, does not exist" \
		"and sentry-run says it is the user's home that is missing"
}

# A login shell that the profile does not show (installed under /opt/...,
# /home/linuxbrew, /nix): sshd runs the ForceCommand with it on the host,
# so it is there, and natively the session starts.  In the sandbox it
# cannot start; a bare "No such file or directory" about a path the
# client never named, which exists on the host, does not tell the user,
# or the admin reading it, that it is the login shell and the profile.
test_login_shell_outside_view() {
	cp /bin/bash "$S/sr-login-shell"
	chmod 755 "$S/sr-login-shell"
	usermod_user -s "$S/sr-login-shell"
	out=$(ssh_to true 2>&1)
	rc=$?
	usermod_user -s /bin/bash
	rm -f "$S/sr-login-shell"
	is "$rc" 127 "a login shell outside the profile's view: the session does not start (127)"
	contains "$out" "the login shell of $SSH_USER, $S/sr-login-shell, is not in the sandbox" \
		"and sentry-run says it is the user's login shell that the sandbox does not show"
}

has_line() {  # has_line TEXT LINE DESCRIPTION
	printf '%s\n' "$1" | grep -qxF -- "$2"
	ok $? "$3"
}

test_environment_is_reduced() {
	out=$(LC_SR_SSH=passed SR_SSH_SECRET=leaked ssh_to -o SendEnv=LC_SR_SSH -o SendEnv=SR_SSH_SECRET 'env | sort' 2>&1)
	is "$?" 0 "env runs"
	contains "$out" "LC_SR_SSH=passed" "LC_* sent by the client and accepted by sshd passes"
	lacks "$out" "SR_SSH_SECRET" "another variable accepted by sshd does not"
	contains "$out" "SSH_CONNECTION=127.0.0.1 " "SSH_CONNECTION passes"
	contains "$out" "SSH_ORIGINAL_COMMAND=env | sort" "SSH_ORIGINAL_COMMAND passes"
	has_line "$out" "HOME=$HOME_DIR" "HOME is the password database's"
	has_line "$out" "SHELL=/bin/bash" "SHELL is the login shell"
	has_line "$out" "LOGNAME=$SSH_USER" "LOGNAME is the user"
	lacks "$out" "MAIL=" "sshd's MAIL does not pass"
}

test_exit_status_comes_back() {
	ssh_to 'exit 3' >/dev/null 2>&1
	is "$?" 3 "ssh host 'exit 3' exits 3"
	ssh_to 'kill -TERM $$' >/dev/null 2>&1
	is "$?" $((128 + 15)) "a command killed by SIGTERM: 143"
	out=$(ssh_to 'sr-ssh-no-such-command' 2>&1)
	is "$?" 127 "a command that is not found: 127"
	contains "$out" "sr-ssh-no-such-command: command not found" "the shell says so"
	out=$(echo 'echo from-stdin; exit 4' | ssh_to 2>&1)
	is "$?" 4 "no command and no tty: the login shell reads stdin, and its status comes back"
	contains "$out" from-stdin "and runs it"
}

test_interactive_login_shell() {
	printf '%s\n' "PS1='sr-prompt\\$ '" >"$HOME_DIR/.bash_profile"
	chown "$SSH_USER:" "$HOME_DIR/.bash_profile"
	out=$(printf 'echo in-$((6 * 7))\nexit\n' | ssh_to -tt 2>&1)
	is "$?" 0 "ssh -tt: the session exits cleanly"
	contains "$out" 'sr-prompt$ ' "a login shell read ~/.bash_profile and shows its prompt"
	contains "$out" "in-42" "the command typed at it runs"
	contains "$out" "logout" "exit logs out"
	out=$(printf 'exit 6\n' | ssh_to -tt 2>&1)
	is "$?" 6 "ssh -tt: the shell's exit status comes back"
	# Refused by the filter (EPERM) or, with dev.tty.legacy_tiocsti=0,
	# by the kernel (EIO): either way nothing is typed into the session.
	out=$(ssh_to -tt 'python3 -c "
import fcntl, termios
try:
    fcntl.ioctl(0, termios.TIOCSTI, b\"x\")
    print(\"injected\")
except OSError as e:
    print(\"refused\", e.errno)
"' 2>&1)
	contains "$out" refused "TIOCSTI on the session's tty is refused"
}

# sshd sets SSH_TTY to the session's tty, and natively `tty` names the
# same.  In the sandbox the session's tty is a pty of the sandbox's own
# devpts, always its /dev/pts/0; a pty held open here keeps sshd's off
# /dev/pts/0, so that a SSH_TTY left naming sshd's cannot match by luck.
test_ssh_tty_names_the_session_tty() {
	d=$(fresh_dir)
	python3 -c 'import os, sys, time
m, s = os.openpty()
print(os.ttyname(s), flush=True)
time.sleep(60)' >"$d/held" &
	holder=$!
	i=0
	until [ -s "$d/held" ]; do
		i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
	done
	out=$(ssh_to -tt 'if [ "$SSH_TTY" = "$(tty)" ]; then echo same; else echo "SSH_TTY=$SSH_TTY tty=$(tty)"; fi
		[ -c "$SSH_TTY" ] && echo "is a tty"' 2>&1 | tr -d '\r')
	kill "$holder"
	wait "$holder" 2>/dev/null
	is "$out" "same
is a tty" "ssh -tt: SSH_TTY names the session's tty in the sandbox, as tty(1) does (host pty held: $(cat "$d/held"))"
	out=$(ssh_to 'echo "${SSH_TTY-unset}"' 2>&1)
	is "$out" unset "without a tty, SSH_TTY stays unset"
}

# scp_cases LABEL SCP-OPTION...: up and down within the home, and both
# ways outside it.
scp_cases() {
	label=$1
	shift
	src=$(fresh_dir)
	echo "up $label" >"$src/up"
	scp_to "$@" "$src/up" "$TARGET:up-$label" 2>&1
	is "$?" 0 "$label: a file goes up into the home"
	is "$(cat "$HOME_DIR/up-$label" 2>&1)" "up $label" "$label: and is there on the host"
	scp_to "$@" "$TARGET:up-$label" "$src/down" 2>&1
	is "$?" 0 "$label: a file comes down from the home"
	is "$(cat "$src/down" 2>&1)" "up $label" "$label: whole"
	err=$(scp_to "$@" "$src/up" "$TARGET:/etc/sr-ssh-$label" 2>&1)
	ok $(( $? == 0 )) "$label: a file cannot go up into /etc"
	test -e "/etc/sr-ssh-$label"
	ok $(( $? == 0 )) "$label: and is not there on the host"
	[ -n "$err" ]
	ok $? "$label: scp says why: $(echo "$err" | head -n 1)"
	err=$(scp_to "$@" "$TARGET:$S/marker" "$src/stolen" 2>&1)
	ok $(( $? == 0 )) "$label: a host file outside the profile's view cannot come down"
	contains "$err" "No such file or directory" "$label: it does not exist in the sandbox"
	test -e "$src/stolen"
	ok $(( $? == 0 )) "$label: nothing was written"
}

test_scp_sftp_protocol() {
	scp_cases scp -s
}

test_scp_legacy_protocol() {
	scp_cases scp-O -O
}

test_sftp_batch() {
	d=$(fresh_dir)
	echo "by sftp" >"$d/put"
	cat >"$d/batch" <<-EOF
	put $d/put sftp-put
	get sftp-put $d/got
	ls -1
	EOF
	out=$(sftp_to -b "$d/batch" 2>&1)
	is "$?" 0 "sftp -b: put, get and ls succeed"
	is "$(cat "$HOME_DIR/sftp-put" 2>&1)" "by sftp" "the file put is in the home on the host"
	is "$(cat "$d/got" 2>&1)" "by sftp" "the file got is whole"
	contains "$out" "
sftp-put" "ls lists the home"
	printf 'put %s /usr/sr-ssh-sftp\n' "$d/put" >"$d/batch"
	out=$(sftp_to -b "$d/batch" 2>&1)
	ok $(( $? == 0 )) "sftp -b: a put into /usr fails"
	test -e /usr/sr-ssh-sftp
	ok $(( $? == 0 )) "and nothing reaches the host"
	printf 'ls %s\n' "$S" >"$d/batch"
	out=$(sftp_to -b "$d/batch" 2>&1)
	lacks "$out" marker "sftp ls does not see the host's files"
}

# The home is the user's to write, in the sandbox; sshd and the login
# shell that runs the ForceCommand are on the host and must not run what
# is there (~/.bashrc: bash run by sshd reads it; ~/.ssh/rc: sshd runs it).
test_host_runs_no_file_of_the_home() {
	mkdir -m 700 "$S/host-side"
	chown "$SSH_USER:" "$S/host-side"
	ssh_to 'mkdir -p ~/.ssh && echo "touch '"$S"'/host-side/bashrc 2>/dev/null" > ~/.bashrc &&
		echo "touch '"$S"'/host-side/ssh-rc 2>/dev/null" > ~/.ssh/rc' 2>&1
	is "$?" 0 "~/.bashrc and ~/.ssh/rc are written from the sandbox"
	ssh_to true 2>&1
	printf 'exit\n' | ssh_to -tt >/dev/null 2>&1
	is "$(ls "$S/host-side")" "" "logging in again, with and without a tty, runs neither on the host"
	rm -f "$HOME_DIR/.bashrc" "$HOME_DIR/.ssh/rc"
}

# With UsePAM yes, sshd's session stack sets the environment of the host
# shell that runs the ForceCommand.  Debian's /etc/pam.d/sshd has pam_env
# read ~/.pam_environment (user_readenv=1), which the user writes from the
# sandbox: BASH_ENV there runs a file of the home on the host.  Shown with
# that stack as shipped, then gone with contrib/ssh/README's fix.
test_pam_environment_runs_nothing_on_host() {
	if ! grep -q '^[^#]*pam_env.so.* user_readenv=1' /etc/pam.d/sshd; then
		ok 0 "# SKIP /etc/pam.d/sshd does not read ~/.pam_environment here"
		return
	fi
	mkdir -m 700 "$S/pam-host-side"
	chown "$SSH_USER:" "$S/pam-host-side"
	ssh_to 'echo "touch '"$S"'/pam-host-side/bash-env-ran 2>/dev/null" > ~/bash-env.sh &&
		echo "BASH_ENV DEFAULT=$HOME/bash-env.sh" > ~/.pam_environment' 2>&1
	is "$?" 0 "~/.pam_environment is written from the sandbox"
	cp "$SSHD" "$S/$PAM_SERVICE"
	pam_port=$(free_port)
	sed -e "s/^Port .*/Port $pam_port/" -e "s/^UsePAM no$/UsePAM yes/" \
		-e "s|^PidFile .*|PidFile $S/pam-sshd.pid|" "$S/sshd_config" >"$S/pam-sshd_config"
	for stack in shipped fixed; do
		if [ "$stack" = shipped ]; then
			cp /etc/pam.d/sshd "/etc/pam.d/$PAM_SERVICE"
		else
			sed 's/ user_readenv=1//' /etc/pam.d/sshd >"/etc/pam.d/$PAM_SERVICE"
		fi
		"$S/$PAM_SERVICE" -D -e -f "$S/pam-sshd_config" 2>>"$S/pam-sshd.log" &
		pam_sshd_pid=$!
		i=0
		until ss -Hltn "sport = :$pam_port" | grep -q LISTEN; do
			i=$((i + 1)); [ $i -gt 250 ] && break; sleep 0.02
		done
		# shellcheck disable=SC2086
		out=$(timeout "$WAIT_S" ssh $CLIENT_OPTS -p "$pam_port" "$TARGET" 'echo "in $$"' 2>&1)
		is "$out" "in 2" "$stack PAM stack: the login runs sandboxed"
		kill "$pam_sshd_pid"
		wait "$pam_sshd_pid" 2>/dev/null
		pam_sshd_pid=
		if [ "$stack" = shipped ]; then
			is "$(ls "$S/pam-host-side")" bash-env-ran \
				"with Debian's PAM stack, BASH_ENV from ~/.pam_environment runs on the host"
			rm -f "$S/pam-host-side/bash-env-ran"
		else
			is "$(ls "$S/pam-host-side")" "" "without user_readenv=1 (contrib/ssh/README), it does not"
		fi
	done
	rm -f "$HOME_DIR/.pam_environment" "$HOME_DIR/bash-env.sh" "/etc/pam.d/$PAM_SERVICE"
}

# Without a tty, sshd ends a session once the shell has exited and
# nothing holds its output any more: `ssh host 'job & echo started'`
# prints the job's output too (a job whose output goes elsewhere does
# not hold the session, and natively runs on after it).  The sandbox
# ended with the shell, killing the job and losing its output.
test_background_output_arrives() {
	d=$(fresh_dir)
	out=$(ssh_to '(sleep 0.5; echo late; echo late-err >&2) & echo early; exit 3' 2>"$d/err")
	is "$?" 3 "a shell that leaves a job writing its output: the shell's status comes back"
	is "$out:$(cat "$d/err")" "early
late:late-err" "and the job's output and errors, written after the shell exited, arrive"
	out=$(ssh_to 'sleep 300 >/dev/null 2>&1 & echo started' 2>&1)
	is "$out" started "a job whose output goes elsewhere does not hold the session"
	no_user_processes_within "$HANGUP_WAIT_S"
	ok $? "and does not outlive it in the sandbox"
}

# wait_user_processes PATTERN: until one of the user's live processes matches.
wait_user_processes() {
	i=0
	until user_processes | grep -q -- "$1"; do
		i=$((i + 1)); [ $i -gt $((WAIT_S * 50)) ] && return 1; sleep 0.02
	done
}

# no_user_processes_within SECONDS: 0 once the user has no live process.
no_user_processes_within() {
	i=0
	while [ -n "$(user_processes)" ]; do
		i=$((i + 1)); [ $i -gt $(($1 * 50)) ] && return 1; sleep 0.02
	done
}

# client_killed_cases LABEL SSH-OPTION...
client_killed_cases() {
	label=$1
	shift
	# shellcheck disable=SC2086
	ssh $CLIENT_OPTS -p "$PORT" "$@" "$TARGET" 'sleep 300; echo never' </dev/null >/dev/null 2>&1 &
	client=$!
	wait_user_processes 'sleep 300$'
	ok $? "$label: the session's sleep runs"
	kill -KILL "$client"
	wait "$client" 2>/dev/null
	no_user_processes_within "$HANGUP_WAIT_S"
	ok $? "$label: the client killed, no process of the user is left within ${HANGUP_WAIT_S}s"
	user_processes | sed 's/^/#   left: /'
}

test_killed_client_leaves_nothing() {
	client_killed_cases "no tty" -T
	client_killed_cases "tty" -tt
}

run_suite test_command_runs_sandboxed test_environment_is_reduced test_exit_status_comes_back \
	test_interactive_login_shell test_scp_sftp_protocol test_scp_legacy_protocol \
	test_sftp_batch test_host_runs_no_file_of_the_home test_pam_environment_runs_nothing_on_host \
	test_killed_client_leaves_nothing test_home_that_is_a_link test_ssh_tty_names_the_session_tty \
	test_missing_home_is_named test_login_shell_outside_view test_background_output_arrives
