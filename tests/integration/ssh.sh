#!/bin/sh
# sentry-run as an ssh ForceCommand (contrib/ssh/), through a real OpenSSH
# server started here on 127.0.0.1 with its own host key and config, the
# shipped sshd_config snippet, and a user made for this run: commands and
# login shells run sandboxed, the status comes back, scp (SFTP and legacy)
# and sftp reach the home and nothing else, git, rsync and binary streams
# pass whole, ttys have the client's size, the host never runs the user's
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
	# Debian's LANG LC_*, git's GIT_PROTOCOL (contrib/ssh/README), and
	# one that must not pass.
	AcceptEnv LANG LC_* GIT_PROTOCOL SR_SSH_*
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
# For git and rsync, which split it on blanks alone.
# shellcheck disable=SC2086
SSH_COMMAND="ssh $(printf "%s " $CLIENT_OPTS)"
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
	out=$(LANG=C.UTF-8 LC_SR_SSH=passed SR_SSH_SECRET=leaked ssh_to -o SendEnv=LANG -o SendEnv=LC_SR_SSH \
		-o SendEnv=SR_SSH_SECRET 'env | sort' 2>&1)
	is "$?" 0 "env runs"
	contains "$out" "LC_SR_SSH=passed" "LC_* sent by the client and accepted by sshd passes"
	has_line "$out" "LANG=C.UTF-8" "LANG sent by the client and accepted by sshd passes"
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

# A reader of the output that goes away early (`ssh host CMD | head -1`):
# the client tells sshd (eow@openssh.com), which closes the session's
# standard output and error, and stays.  Natively the shell runs on, a
# write to them meeting SIGPIPE (here seq's, in a subshell); only a
# client gone ends sshd.  It was taken for the client gone, and SIGHUP
# ended the sandbox (the shell died of it: 129).
test_output_reader_gone_early() {
	rm -f "$HOME_DIR/after-head"
	out=$(ssh_to 'echo first; sleep 0.3; (seq 1000000); sleep 0.5; echo ran-on > ~/after-head' 2>/dev/null |
		head -n 1)
	is "$out" first "ssh host CMD | head -n 1: head gets the first line"
	i=0
	until [ -s "$HOME_DIR/after-head" ]; do
		i=$((i + 1)); [ $i -gt $((WAIT_S * 10)) ] && break; sleep 0.1
	done
	is "$(cat "$HOME_DIR/after-head" 2>&1)" ran-on "the shell runs on after the reader of its output went away"
	rm -f "$HOME_DIR/after-head"
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

# client_killed_cases LABEL SIGNAL SSH-OPTION...
client_killed_cases() {
	label=$1
	signal=$2
	shift 2
	# A job started with & ignores SIGINT: not the client run by hand.
	# shellcheck disable=SC2086
	env --default-signal=INT ssh $CLIENT_OPTS -p "$PORT" "$@" "$TARGET" 'sleep 300; echo never' \
		</dev/null >/dev/null 2>&1 &
	client=$!
	wait_user_processes 'sleep 300$'
	ok $? "$label: the session's sleep runs"
	kill "-$signal" "$client"
	wait "$client" 2>/dev/null
	no_user_processes_within "$HANGUP_WAIT_S"
	ok $? "$label: the client killed by SIG$signal, no process of the user is left within ${HANGUP_WAIT_S}s"
	user_processes | sed 's/^/#   left: /'
}

test_killed_client_leaves_nothing() {
	client_killed_cases "no tty" KILL -T
	client_killed_cases "tty" KILL -tt
	# Natively these leave the command running (contrib/ssh/README).
	client_killed_cases "no tty, SIGINT" INT -T
	client_killed_cases "no tty, SIGHUP" HUP -T
	client_killed_cases "tty, SIGHUP" HUP -tt
	# dash runs sentry-run as its child, where bash runs it in its place.
	usermod_user -s /bin/sh
	client_killed_cases "no tty, /bin/sh as login shell" KILL -T
	usermod_user -s /bin/bash
}

# git over ssh: sshd runs git-upload-pack (clone, fetch) and
# git-receive-pack (push) as the client's command, through the user's
# shell, in the sandbox, on a bare repository in the home.  git asks for
# its protocol version 2 with GIT_PROTOCOL (the client sends it as ssh's
# SendEnv); where sshd's AcceptEnv takes it, natively the server speaks
# version 2 (ls-refs, fetch with the refs it needs alone).
test_git_over_ssh() {
	d=$(fresh_dir)
	url="ssh://$TARGET:$PORT/~/sr-repo.git"
	ssh_to 'git init -q --bare -b main sr-repo.git' 2>&1
	is "$?" 0 "git: a bare repository is made in the home"
	git init -q -b main "$d/src" && echo one >"$d/src/f" && git -C "$d/src" add f &&
		git -C "$d/src" -c user.name=t -c user.email=t@t commit -q -m one
	GIT_SSH_COMMAND="$SSH_COMMAND" timeout "$WAIT_S" git -C "$d/src" push -q "$url" main 2>&1
	is "$?" 0 "git push into it over ssh succeeds"
	is "$(ssh_to 'git -C sr-repo.git log --format=%s main' 2>&1)" one "the commit is in the repository"
	GIT_SSH_COMMAND="$SSH_COMMAND" timeout "$WAIT_S" git clone -q "$url" "$d/clone" 2>&1
	is "$?" 0 "git clone over ssh succeeds"
	is "$(cat "$d/clone/f" 2>&1)" one "the clone holds the file"
	echo two >>"$d/clone/f"
	git -C "$d/clone" -c user.name=t -c user.email=t@t commit -q -am two &&
		GIT_SSH_COMMAND="$SSH_COMMAND" timeout "$WAIT_S" git -C "$d/clone" push -q 2>&1 &&
		GIT_SSH_COMMAND="$SSH_COMMAND" timeout "$WAIT_S" git -C "$d/src" pull -q "$url" main 2>&1
	is "$(cat "$d/src/f" 2>&1)" "one
two" "a push from the clone, then a pull: both ends agree"
	out=$(GIT_TRACE_PACKET=1 GIT_SSH_COMMAND="$SSH_COMMAND" timeout "$WAIT_S" \
		git -c protocol.version=2 ls-remote "$url" 2>&1)
	contains "$out" "< version 2" "GIT_PROTOCOL passes: the server speaks git's protocol version 2"
	rm -rf "$HOME_DIR/sr-repo.git"
}

# Bytes through the session: 50 MB of random data up, down, and through
# cat both ways at once, whole; a command that stops reading its input
# ends the session at once, and one whose reader stops reading ends.
test_binary_streams_are_whole() {
	d=$(fresh_dir)
	head -c 50M /dev/urandom >"$d/big"
	sum=$(sha256sum <"$d/big")
	ssh_to 'cat > sr-big' <"$d/big" 2>&1
	is "$?" 0 "50 MB of random bytes go up through 'cat > file'"
	is "$(sha256sum <"$HOME_DIR/sr-big")" "$sum" "and are whole in the home"
	is "$(ssh_to 'cat sr-big' | sha256sum)" "$sum" "and come down whole through 'cat file'"
	is "$(ssh_to cat <"$d/big" | sha256sum)" "$sum" "through cat, both ways at once, whole"
	rm -f "$HOME_DIR/sr-big"
	ssh_to 'head -c 10' </dev/zero >"$d/ten"
	is "$?" 0 "head -c 10 fed from /dev/zero: the session ends, with head's status (not the ${WAIT_S}s timeout)"
	is "$(wc -c <"$d/ten")" 10 "and its 10 bytes arrive"
	ssh_to 'cat /dev/zero' 2>/dev/null | head -c 10 >/dev/null
	no_user_processes_within "$HANGUP_WAIT_S"
	ok $? "cat /dev/zero whose reader stops reading: no process of the user is left"
}

# rsync speaks its own protocol both ways over the session, and exits
# with statuses of its own.
test_rsync_over_ssh() {
	if ! command -v rsync >/dev/null; then
		ok 0 "# SKIP rsync is not installed (contrib/dev-setup installs it)"
		return
	fi
	d=$(fresh_dir)
	mkdir "$d/src" "$d/src/sub"
	head -c 5M /dev/urandom >"$d/src/a"
	echo b >"$d/src/sub/b"
	chmod 640 "$d/src/sub/b"
	ln -s a "$d/src/l"
	rsh="$SSH_COMMAND -p $PORT"
	timeout "$WAIT_S" rsync -a -e "$rsh" "$d/src/" "$TARGET:sr-rsync/" 2>&1
	is "$?" 0 "rsync -a up into the home"
	diff -r "$d/src" "$HOME_DIR/sr-rsync"
	ok $? "the tree is whole in the home"
	is "$(stat -c %a "$HOME_DIR/sr-rsync/sub/b"):$(readlink "$HOME_DIR/sr-rsync/l")" 640:a \
		"modes and links are kept"
	echo more >>"$d/src/sub/b"
	out=$(timeout "$WAIT_S" rsync -a --out-format=%n -e "$rsh" "$d/src/" "$TARGET:sr-rsync/" 2>&1)
	is "$out" sub/b "a second run sends the changed file alone"
	timeout "$WAIT_S" rsync -a -e "$rsh" "$TARGET:sr-rsync/" "$d/back/" 2>&1
	is "$?" 0 "rsync -a down from the home"
	diff -r "$d/src" "$d/back"
	ok $? "the tree comes down whole"
	out=$(timeout "$WAIT_S" rsync -a -e "$rsh" "$d/src/" "$TARGET:/etc/sr-rsync/" 2>&1)
	is "$?" 11 "rsync into /etc fails (rsync's 11, file I/O)"
	contains "$out" "Read-only file system" "rsync says why"
	test -e /etc/sr-rsync
	ok $(( $? == 0 )) "and nothing reaches the host"
	rm -rf "$HOME_DIR/sr-rsync"
}

# in_pty TRIGGER ACTION COMMAND...: run COMMAND on a terminal of 40 rows
# and 100 columns; once its output shows TRIGGER, ACTION: "resize" to 50
# rows and 120 columns, or "intr", a typed Ctrl-C.  Prints the output
# without CRs, then "status N".
in_pty() {
	timeout "$((WAIT_S + 5))" python3 - "$@" <<-'PY'
	import fcntl, os, pty, select, struct, sys, termios, time
	trigger, action, argv = sys.argv[1].encode(), sys.argv[2], sys.argv[3:]
	pid, fd = pty.fork()
	if pid == 0:
	    os.execvp(argv[0], argv)
	def size(rows, cols):
	    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
	size(40, 100)
	out, done, end = b"", False, time.time() + 30
	while time.time() < end:
	    if select.select([fd], [], [], 0.1)[0]:
	        try:
	            data = os.read(fd, 4096)
	        except OSError:
	            break
	        if not data:
	            break
	        out += data
	    if not done and trigger in out:
	        done = True
	        if action == "resize":
	            size(50, 120)
	        else:
	            os.write(fd, b"\x03")
	_, st = os.waitpid(pid, 0)
	sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
	print("status", os.waitstatus_to_exitcode(st))
	PY
}

# ssh -t gives the command a terminal of the client's size, and a resize
# reaches it (SIGWINCH, then the new size); ssh -T gives none; Ctrl-C
# typed at the client ends the command.
test_tty_and_window_size() {
	# shellcheck disable=SC2086
	out=$(in_pty first resize ssh $CLIENT_OPTS -p "$PORT" -t "$TARGET" 'tty; stty size
		trap "stty size; exit 5" WINCH; echo first; while :; do sleep 0.1; done')
	case "$out" in
	/dev/pts/[0-9]*) ok 0 "ssh -t: the command's input is a tty" ;;
	*) ok 1 "ssh -t: the command's input is a tty"; echo "$out" | sed 's/^/#   /' ;;
	esac
	is "$(echo "$out" | sed 1d)" "40 100
first
50 120
status 5" "its size is the client's, a resize reaches it as SIGWINCH and the new size, and its status comes back"
	out=$(ssh_to -T 'tty; [ -n "${SSH_TTY-}" ] || echo no SSH_TTY' 2>&1)
	is "$out" "not a tty
no SSH_TTY" "ssh -T: no tty"
	# shellcheck disable=SC2086
	out=$(in_pty ready intr ssh $CLIENT_OPTS -p "$PORT" -t "$TARGET" 'echo ready; sleep 300; echo after')
	lacks "$out" after "ssh -t: Ctrl-C typed at the client ends the command"
	# Natively ssh says 255, sshd reporting a signal: 128+N under --ssh.
	contains "$out" "status 130" "and the status is that of SIGINT"
	no_user_processes_within "$HANGUP_WAIT_S"
	ok $? "and no process of the user is left"
}

# ssh -A: the shipped snippet turns forwarding off (contrib/ssh/README),
# so the session has no agent, where natively it would list the keys.
test_agent_forwarding_off() {
	eval "$(ssh-agent -s)" >/dev/null
	ssh-add -q "$S/client_key" 2>&1
	out=$(ssh_to -A 'echo "SSH_AUTH_SOCK=${SSH_AUTH_SOCK-unset}"; ssh-add -l' 2>&1)
	rc=$?
	ssh-agent -k >/dev/null
	is "$rc" 2 "ssh -A: ssh-add -l in the session finds no agent (2)"
	contains "$out" "SSH_AUTH_SOCK=unset" "SSH_AUTH_SOCK is not set"
	lacks "$out" sr-ssh-client "the client's key is not listed"
}

# ssh -L, -D, -W and -R: sshd would make the connections, and listen,
# itself, on the host with the host's network, past the sandbox (whose
# network is its own loopback).  The shipped snippet refuses them all
# (DisableForwarding): a listener the host has on 127.0.0.1, TCP and
# unix, accepts nothing through any of them, and no port is opened on
# the host for -R.  Without the snippet's forwarding lines each of them
# reaches the listener.
FORWARD_LISTENER_PY='
import os, socket, sys
kind, where, countfile = sys.argv[1:4]
def count(n):
    with open(countfile + ".t", "w") as f:
        f.write(str(n))
    os.rename(countfile + ".t", countfile)
if kind == "unix":
    s = socket.socket(socket.AF_UNIX)
    s.bind(where)
    os.chmod(where, 0o777)
else:
    s = socket.socket()
    s.bind(("127.0.0.1", int(where)))
s.listen(8)
count(0)
n = 0
while True:
    c, _ = s.accept()
    c.sendall(b"reached\n")
    c.close()
    n += 1
    count(n)
'
# What a client of a forwarded port reads: "reached" from the listener,
# or what went wrong.  With socks, through a SOCKS5 proxy (ssh -D) to
# 127.0.0.1:TARGET-PORT.
FORWARD_CLIENT_PY='
import socket, struct, sys
port = int(sys.argv[1])
c = socket.create_connection(("127.0.0.1", port), timeout=10)
try:
    if len(sys.argv) > 2:
        c.sendall(b"\x05\x01\x00")
        c.recv(2)
        c.sendall(b"\x05\x01\x00\x01" + socket.inet_aton("127.0.0.1") + struct.pack("!H", int(sys.argv[2])))
        reply = c.recv(10)
        if reply[:2] != b"\x05\x00":
            print("socks refused", reply[:2].hex())
            sys.exit()
    got = c.recv(100)
    print(got.decode().strip() if got else "closed")
except OSError as e:
    print("failed", e)
'

# The client's options, but saying why a channel failed (LogLevel=INFO
# gives "open failed: administratively prohibited").
FORWARD_OPTS=$(printf '%s' "$CLIENT_OPTS" | sed 's/LogLevel=ERROR/LogLevel=INFO/')

# wait_listening PORT: until something listens on 127.0.0.1:PORT.
wait_listening() {
	i=0
	until ss -Hltn "sport = :$1" | grep -q LISTEN; do
		i=$((i + 1)); [ $i -gt $((WAIT_S * 50)) ] && return 1; sleep 0.02
	done
}

# forward_through OPTION CLIENT-ARGS...: ssh -N OPTION in the background,
# then, once its local port PORT_L listens, what FORWARD_CLIENT_PY reads
# through it; ssh's messages in $WORK/forward.err.
forward_through() {
	option=$1
	shift
	# shellcheck disable=SC2086
	timeout "$WAIT_S" ssh $FORWARD_OPTS -p "$PORT" -N $option "$TARGET" 2>"$WORK/forward.err" &
	forwarder=$!
	wait_listening "$PORT_L" || echo "ssh $option did not listen"
	python3 -c "$FORWARD_CLIENT_PY" "$@" 2>&1
	# Its message on the refusal comes as the channel closes.
	sleep 0.3
	kill "$forwarder" 2>/dev/null
	wait "$forwarder" 2>/dev/null
}

test_port_forwarding_refused() {
	p=$(free_port)
	sock="$WORK/forward.sock"
	for kind in tcp unix; do
		where=$p
		[ "$kind" = unix ] && where=$sock
		rm -f "$WORK/forward.$kind"
		python3 -c "$FORWARD_LISTENER_PY" "$kind" "$where" "$WORK/forward.$kind" >/dev/null 2>&1 &
		eval "listener_$kind=\$!"
		i=0
		until [ -f "$WORK/forward.$kind" ] || [ $i -gt 250 ]; do i=$((i + 1)); sleep 0.02; done
	done
	out=$(python3 -c "$FORWARD_CLIENT_PY" "$p")
	is "$out" reached "the host's TCP listener answers a client outside ssh"

	PORT_L=$(free_port)
	out=$(forward_through "-L $PORT_L:127.0.0.1:$p" "$PORT_L")
	is "$out" closed "ssh -L to a TCP port: the connection through it is closed, the listener not reached"
	contains "$(cat "$WORK/forward.err")" "administratively prohibited" "ssh -L: sshd said the forwarding is prohibited"
	PORT_L=$(free_port)
	out=$(forward_through "-L $PORT_L:$sock" "$PORT_L")
	is "$out" closed "ssh -L to a unix socket: the connection through it is closed"
	# sshd refuses a socket's channel as one it could not connect.
	contains "$(cat "$WORK/forward.err")" "open failed: connect failed" "ssh -L to a unix socket: sshd refused the channel"
	PORT_L=$(free_port)
	out=$(forward_through "-D $PORT_L" "$PORT_L" "$p")
	contains "$out" "socks refused" "ssh -D: the SOCKS request to the listener is refused"
	contains "$(cat "$WORK/forward.err")" "administratively prohibited" "ssh -D: prohibited"

	# shellcheck disable=SC2086
	out=$(timeout "$WAIT_S" ssh $FORWARD_OPTS -p "$PORT" -W "127.0.0.1:$p" "$TARGET" 2>&1)
	is "$?" 255 "ssh -W: ssh exits 255"
	contains "$out" "administratively prohibited" "ssh -W: sshd said the forwarding is prohibited"
	lacks "$out" reached "ssh -W: the listener's greeting did not come through"

	r=$(free_port)
	# shellcheck disable=SC2086
	out=$(timeout "$WAIT_S" ssh $CLIENT_OPTS -p "$PORT" -N -o ExitOnForwardFailure=yes \
		-R "$r:127.0.0.1:$p" "$TARGET" 2>&1)
	is "$?" 255 "ssh -R with ExitOnForwardFailure: ssh exits 255"
	contains "$out" "remote port forwarding failed for listen port $r" "ssh -R: sshd refused to listen"
	is "$(ss -Hltn "sport = :$r" | wc -l)" 0 "ssh -R: nothing listens on the host on port $r"

	is "$(cat "$WORK/forward.tcp"):$(cat "$WORK/forward.unix")" 1:0 \
		"the TCP listener took only the client outside ssh, the unix one nothing"
	# shellcheck disable=SC2154
	kill "$listener_tcp" "$listener_unix"
	wait "$listener_tcp" "$listener_unix" 2>/dev/null
	rm -f "$sock"
}

# sftp's other requests within the home, as natively; outside it, a
# system file can be read, and writes are refused (the system is
# read-only) without ending the session.
test_sftp_operations() {
	d=$(fresh_dir)
	head -c 3M /dev/urandom >"$d/whole"
	head -c 1M "$d/whole" >"$d/part"
	cat >"$d/batch" <<-EOF
	put $d/whole sr-sftp-up
	mkdir sr-sftp
	rename sr-sftp-up sr-sftp/moved
	chmod 600 sr-sftp/moved
	symlink moved sr-sftp/link
	df .
	reget sr-sftp/moved $d/part
	get /etc/hostname $d/hostname
	EOF
	out=$(sftp_to -b "$d/batch" 2>&1)
	is "$?" 0 "sftp -b: put, mkdir, rename, chmod, symlink, df, reget and a system file's get succeed"
	test -e "$HOME_DIR/sr-sftp-up"
	ok $(( $? == 0 )) "rename: the old name is gone"
	cmp -s "$d/whole" "$HOME_DIR/sr-sftp/moved"
	ok $? "the file is whole under its new name"
	is "$(stat -c %a "$HOME_DIR/sr-sftp/moved"):$(readlink "$HOME_DIR/sr-sftp/link")" 600:moved \
		"chmod and symlink took"
	contains "$out" "%Capacity" "df says the home's space"
	cmp -s "$d/whole" "$d/part"
	ok $? "reget resumed a partial download into the whole file"
	cmp -s /etc/hostname "$d/hostname"
	ok $? "a read-only system file can be read"
	for cmd in "put $d/whole /etc/hostname" "chmod 666 /etc/hostname" "rm /etc/hostname" \
		"rename sr-sftp/moved /etc/sr-sftp" "mkdir /etc/sr-sftp" "symlink /etc/passwd /etc/sr-sftp"; do
		printf '%s\nls sr-sftp\n' "$cmd" >"$d/batch"
		out=$(sftp_to -b "$d/batch" 2>&1)
		is "$?" 1 "sftp: '$cmd' fails, and sftp exits 1 (not 255: the session is fine)"
	done
	cmp -s /etc/hostname "$d/hostname"
	ok $? "/etc/hostname is unchanged on the host"
	test -e /etc/sr-sftp
	ok $(( $? == 0 )) "nothing was made in /etc"
	rm -rf "$HOME_DIR/sr-sftp"
}

run_suite test_command_runs_sandboxed test_environment_is_reduced test_exit_status_comes_back \
	test_interactive_login_shell test_scp_sftp_protocol test_scp_legacy_protocol \
	test_sftp_batch test_host_runs_no_file_of_the_home test_pam_environment_runs_nothing_on_host \
	test_killed_client_leaves_nothing test_home_that_is_a_link test_ssh_tty_names_the_session_tty \
	test_missing_home_is_named test_login_shell_outside_view test_background_output_arrives \
	test_git_over_ssh test_binary_streams_are_whole test_rsync_over_ssh test_tty_and_window_size \
	test_agent_forwarding_off test_port_forwarding_refused test_sftp_operations test_output_reader_gone_early
