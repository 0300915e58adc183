#include "init.h"

#include <elf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <linux/magic.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compat.h"
#include "landlock.h"
#include "netlink.h"
#include "notify.h"
#include "passfd.h"
#include "pty.h"
#include "sandbox.h"
#include "sentry/filter.h"

/* The kernel's BINPRM_BUF_SIZE: what it reads of a script's #! line. */
#define SR_SHEBANG_MAX 256
/* Links followed from one path, as the kernel's MAXSYMLINKS. */
#define SR_EXEC_LINKS_MAX 40

const int sr_forwarded_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };
const size_t sr_forwarded_signals_len = SR_ARRAY_SIZE(sr_forwarded_signals);

int sr_exit_status_of(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return SR_EXIT_FAILURE;
}

/* Ubuntu (23.10 on) lets an unprivileged user make a user namespace
 * but, by AppArmor, with no capability in it: the first mount or
 * unshare then fails with EPERM, which alone would not say why. */
static bool sr_apparmor_restricts_userns(void)
{
	char value = '0';
	int fd = open("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (read(fd, &value, 1) != 1)
		value = '0';
	close(fd);
	return value == '1';
}

/* Set-up failed with `err`; an EPERM under that restriction says so. */
static void sr_init_die_setup(const struct sr_error *err)
{
	if (err->errnum == EPERM && geteuid() != 0 && sr_apparmor_restricts_userns())
		sr_die(SR_EXIT_FAILURE, "%s (AppArmor gives unprivileged user namespaces no capability "
		       "here, sysctl kernel.apparmor_restrict_unprivileged_userns=1: an AppArmor profile "
		       "for sentry-run with 'userns,' allows them; see README, Kernels)", err->msg);
	sr_die_error(SR_EXIT_FAILURE, err);
}

static void sr_init_signal_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	for (size_t i = 0; i < sr_forwarded_signals_len; i++)
		sigaddset(set, sr_forwarded_signals[i]);
	/* Job control (sr_init_job_control); blocked, as pid 1
	 * of a namespace is not even told of a default-action signal. */
	sigaddset(set, SIGTSTP);
	sigaddset(set, SIGCONT);
}

static int sr_apply_environment(const struct sr_config *cfg)
{
	if (cfg->clearenv && clearenv() != 0)
		return -1;
	for (size_t i = 0; i < cfg->env.len; i++) {
		char name[256];
		const char *kv = cfg->env.items[i];
		const char *eq = strchr(kv, '=');
		size_t n = eq ? (size_t)(eq - kv) : 0;

		if (n == 0 || n >= sizeof(name))
			continue;
		memcpy(name, kv, n);
		name[n] = '\0';
		if (setenv(name, eq + 1, 1) < 0)
			return -1;
	}
	return 0;
}

/* A limit is a ceiling.  Above the inherited hard limit, which only
 * CAP_SYS_RESOURCE over the host could raise, the program is already
 * held lower: keep that rather than fail. */
static int sr_set_rlimit(int resource, const char *key, uint64_t value)
{
	struct rlimit rl;
	rlim_t want = value == SR_RLIM_UNLIMITED ? RLIM_INFINITY : value;

	if (getrlimit(resource, &rl) < 0)
		return -1;
	if (rl.rlim_max != RLIM_INFINITY && (want == RLIM_INFINITY || want > rl.rlim_max)) {
		sr_info("[limits] %s: held at the caller's hard limit %llu", key,
			(unsigned long long)rl.rlim_max);
		want = rl.rlim_max;
	}
	rl.rlim_cur = rl.rlim_max = want;
	return setrlimit(resource, &rl);
}

static int sr_apply_rlimits(const struct sr_init_args *a)
{
	const struct sr_config *cfg = a->cfg;
	static const struct { int resource; const char *key; size_t offset; } limits[] = {
		{ RLIMIT_NOFILE, "nofile", offsetof(struct sr_config, nofile) },
		{ RLIMIT_FSIZE, "fsize", offsetof(struct sr_config, fsize) },
		{ RLIMIT_CORE, "core", offsetof(struct sr_config, core) },
	};

	for (size_t i = 0; i < SR_ARRAY_SIZE(limits); i++) {
		const struct sr_rlimit_spec *spec =
			(const struct sr_rlimit_spec *)((const char *)cfg + limits[i].offset);
		if (spec->set && sr_set_rlimit(limits[i].resource, limits[i].key, spec->value) < 0)
			return -1;
	}
	if (a->rlimit_as != 0 && sr_set_rlimit(RLIMIT_AS, "memory", a->rlimit_as) < 0)
		return -1;
	if (a->rlimit_nproc != 0 && sr_set_rlimit(RLIMIT_NPROC, "pids", a->rlimit_nproc) < 0)
		return -1;
	return 0;
}

/* Load the filter of the syscall table and hand its listener to the
 * launcher.  Once loaded, every call of ours may be notified (all of
 * them under --strace), and no Sentry holds the listener yet: so the
 * launcher learns our pidfd and the fd number beforehand, takes the
 * listener itself with pidfd_getfd, and says so; only then is it closed
 * here, before exec (PROGRAM must not hold it). */
static void sr_install_filter(const struct sr_config *cfg, int ctl, bool landlock_scoped)
{
	struct sr_error err = { 0 };
	struct sr_ctl_program msg = { .type = SR_CTL_PROGRAM, .pid = getpid(), .landlock_scoped = landlock_scoped };
	scmp_filter_ctx filter;
	int pidfd, listener;
	char ack;

	if (sr_filter_build(cfg, sr_config_notify_all(cfg), &filter, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (pidfd < 0)
		sr_die(SR_EXIT_FAILURE, "pidfd_open: %s (Linux 5.3 or later is needed)", strerror(errno));
	/* The pidfd took the lowest free fd; once it is closed, the
	 * listener takes that same number, as seccomp() allocates alike. */
	msg.listener_fd = pidfd;
	if (sr_send_fds(ctl, &msg, sizeof(msg), &pidfd, 1) < 0)
		sr_die(SR_EXIT_FAILURE, "cannot reach the launcher: %s", strerror(errno));
	close(pidfd);
	if (sr_filter_load_listener(filter, 0, &listener, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	if (listener != msg.listener_fd)
		sr_die(SR_EXIT_FAILURE, "the seccomp listener is fd %d, not %d as announced", listener, msg.listener_fd);
	if (read(ctl, &ack, 1) != 1 || ack != SR_CTL_TAKEN)
		_exit(SR_EXIT_FAILURE);
	close(listener);
	close(ctl);
}

/* The sandbox's end of the veth pair, from inside its network namespace
 * (init holds the capabilities of the namespace's owner until it drops
 * them): the address, the link up, the default route via the host end. */
static int sr_init_configure_veth(const struct sr_veth *veth, struct sr_error *err)
{
	if (sr_netlink_add_ipv4(SR_VETH_PEER_NAME, veth->sandbox_addr, SR_VETH_PREFIX_LEN, err) < 0 ||
	    sr_netlink_set_link_up(SR_VETH_PEER_NAME, true, err) < 0 ||
	    sr_netlink_add_default_route(veth->host_addr, err) < 0)
		return sr_error_wrap(err, "init: --net=veth");
	return 0;
}

/* Whether execvp goes on along PATH after execve failed with `e`:
 * glibc's list, the entry holding nothing it may run. */
static bool sr_execvp_passes_over(int e)
{
	return e == EACCES || e == ENOENT || e == ESTALE || e == ENOTDIR || e == ENODEV || e == ETIMEDOUT;
}

/* What execvp would run: a file it may execute. */
static bool sr_is_executable(const char *path, const struct stat *st)
{
	return S_ISREG(st->st_mode) && access(path, X_OK) == 0;
}

/* What execve refuses with EACCES whatever its modes (noexec=). */
static bool sr_is_on_noexec_mount(const char *path, const struct stat *st)
{
	struct statvfs vfs;

	return S_ISREG(st->st_mode) && statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_NOEXEC) != 0;
}

/* The file execvp would have run for `program`: itself when it names a
 * path (whatever `fits` says), else the first PATH entry that holds it
 * as a file `fits` takes (sr_is_executable).  False when there is none, or when execvp would
 * stop before it (a link loop, a name too long: it fails with that
 * error). */
static bool sr_find_program(const char *program, bool (*fits)(const char *, const struct stat *), char *path,
			    size_t size)
{
	const char *dirs = getenv("PATH");
	struct stat st;

	if (strchr(program, '/') != NULL)
		return (size_t)snprintf(path, size, "%s", program) < size;
	/* glibc's execvp with PATH unset. */
	if (dirs == NULL)
		dirs = "/bin:/usr/bin";
	for (const char *dir = dirs; ; dir++) {
		size_t n = strcspn(dir, ":");
		int len = n == 0 ? snprintf(path, size, "%s", program)
				 : snprintf(path, size, "%.*s/%s", (int)n, dir, program);
		if (len < 0 || (size_t)len >= size)
			return false;
		if (stat(path, &st) == 0) {
			if (fits(path, &st))
				return true;
		} else if (!sr_execvp_passes_over(errno)) {
			return false;
		}
		dir += n;
		if (*dir == '\0')
			return false;
	}
}

/* A path that is a symbolic link whose chain ends at a path the sandbox
 * does not show (a virtualenv's bin/python, made by a python under the
 * hidden home): the first missing path along the chain, or false. */
static bool sr_link_leads_nowhere(const char *path, char *end, size_t size)
{
	char cur[PATH_MAX], target[PATH_MAX];
	struct stat st;

	if (!sr_strlcpy(cur, path, sizeof(cur)))
		return false;
	for (int i = 0; i < SR_EXEC_LINKS_MAX; i++) {
		if (lstat(cur, &st) < 0)
			return i > 0 && errno == ENOENT && sr_strlcpy(end, cur, size);
		if (!S_ISLNK(st.st_mode))
			return false;
		ssize_t n = readlink(cur, target, sizeof(target) - 1);
		if (n < 0)
			return false;
		target[n] = '\0';
		/* A relative target is read from the link's own directory. */
		char *slash = strrchr(cur, '/');
		size_t keep = target[0] == '/' || slash == NULL ? 0 : (size_t)(slash - cur) + 1;
		if (keep + (size_t)n >= sizeof(cur))
			return false;
		memcpy(cur + keep, target, (size_t)n + 1);
	}
	return false;
}

/* execvp said ENOENT of a PROGRAM that may be there: a script whose
 * interpreter (#!) is not, in the sandbox (a virtualenv's python under
 * a hidden /home).  Its interpreter, as the kernel reads the line, or
 * false. */
static bool sr_missing_interpreter(const char *path, char *interp, size_t size)
{
	char line[SR_SHEBANG_MAX];
	struct stat st;

	sr_cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, line, sizeof(line) - 1);
	if (n < 2 || line[0] != '#' || line[1] != '!')
		return false;
	line[n] = '\0';
	char *name = line + 2 + strspn(line + 2, " \t");
	name[strcspn(name, " \t\n")] = '\0';
	if (*name == '\0' || stat(name, &st) == 0)
		return false;
	return (size_t)snprintf(interp, size, "%s", name) < size;
}

/* The same for a binary whose dynamic loader (its ELF PT_INTERP) is not
 * in the sandbox (one built by Nix, whose loader is under /nix/store):
 * that loader, or false. */
static bool sr_missing_loader(const char *path, char *loader, size_t size)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	struct stat st;

	sr_cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(ph))
		return false;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (uint64_t)i * sizeof(ph))) != (ssize_t)sizeof(ph))
			return false;
		if (ph.p_type != PT_INTERP)
			continue;
		/* The kernel wants the name NUL-terminated within p_filesz. */
		if (ph.p_filesz < 2 || ph.p_filesz > size ||
		    pread(fd, loader, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz ||
		    loader[ph.p_filesz - 1] != '\0')
			return false;
		return stat(loader, &st) < 0 && errno == ENOENT;
	}
	return false;
}

/* A directory the caller gives as fd 0, 1 or 2 lies in the caller's
 * mount namespace: through its /proc/self/fd link the kernel climbs
 * above it, out of the view (a unix socket's connect, an execve a
 * racing thread rewrites after its check, metadata=kernel's lookups),
 * which is why --pass-fd refuses one (passfd.c).  Where the view shows
 * that very directory at its path, the view's is opened in its place,
 * its .. within the view; else PROGRAM does not run. */
static void sr_std_dirs_into_view(unsigned pty_fds)
{
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		char link[32], path[PATH_MAX];
		struct stat given, shown;
		int flags;

		if ((pty_fds & (1u << fd)) || fstat(fd, &given) < 0 || !S_ISDIR(given.st_mode))
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, path, sizeof(path) - 1);
		if (n < 0 || (flags = fcntl(fd, F_GETFD)) < 0)
			sr_die(SR_EXIT_FAILURE, "cannot read fd %d, a directory: %s", fd, strerror(errno));
		path[n] = '\0';
		int dfd = path[0] == '/' ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		if (dfd < 0 || fstat(dfd, &shown) < 0 || shown.st_dev != given.st_dev ||
		    shown.st_ino != given.st_ino)
			sr_die(SR_EXIT_FAILURE, "fd %d is the directory %s, which the sandbox does not show: its "
			       "/proc/self/fd link would lead out of the view; bind it with --ro or --rw, or "
			       "give PROGRAM another fd %d (%s/dev/null)", fd, path, fd, fd == 0 ? "<" : ">");
		if (dup3(dfd, fd, (flags & FD_CLOEXEC) ? O_CLOEXEC : 0) < 0)
			sr_die(SR_EXIT_FAILURE, "cannot put the view's %s on fd %d: %s", path, fd, strerror(errno));
		close(dfd);
	}
}

/* In PROGRAM's process, between fork and exec. */
__attribute__((noreturn))
static void sr_exec_program(const struct sr_init_args *a, int pty_slave, const char *pty_name,
			    bool landlock_scoped)
{
	const struct sr_config *cfg = a->cfg;
	int keep[SR_PASS_FDS_MAX + 1];
	size_t nkeep = cfg->npass_fds;
	sigset_t all;

	/* init is not dumpable, and neither is this copy of it; the Sentry
	 * must read our memory from the first notified call (execve). */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		sr_die(SR_EXIT_FAILURE, "PR_SET_DUMPABLE: %s", strerror(errno));
	/* The caller's terminal never becomes PROGRAM's (DESIGN invariant 6):
	 * PROGRAM is in init's session, a new one, which has a pty of the
	 * sandbox's own or no terminal at all, so that even an allowed
	 * TIOCSTI could not reach the caller's.  In a process group of its
	 * own, as a shell's job: with init, its parent, in the same session,
	 * the group is not orphaned, and a stop PROGRAM sends itself
	 * (kill(0, SIGTSTP), as vim and less do) stops it, where the kernel
	 * drops it for an orphaned group; init then reports the stop. */
	if (pty_slave >= 0) {
		struct sr_error err = { 0 };
		if (sr_pty_take_foreground(pty_slave, a->pty_fds, &err) < 0)
			sr_die_error(SR_EXIT_FAILURE, &err);
	} else if (setpgid(0, 0) < 0) {
		sr_die(SR_EXIT_FAILURE, "setpgid: %s", strerror(errno));
	}
	sr_std_dirs_into_view(a->pty_fds);
	/* Nothing leaks in (DESIGN invariant 6): fds 0-2 and --pass-fd
	 * only; the control socket goes before exec. */
	memcpy(keep, cfg->pass_fds, nkeep * sizeof(int));
	keep[nkeep++] = a->ctl_fd;
	if (sr_close_fds_except(keep, nkeep) < 0)
		sr_die(SR_EXIT_FAILURE, "cannot close inherited fds: %s", strerror(errno));
	/* As across the caller's own exec: what it ignored stays ignored,
	 * the rest (init's and the launcher's handling) is the default. */
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, sigismember(a->ignored_signals, sig) == 1 ? SIG_IGN : SIG_DFL);
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	if (sr_apply_environment(cfg) < 0 || sr_notify_set_watchdog_pid() < 0 || sr_listen_fds_set_pid() < 0 ||
	    (pty_slave >= 0 && sr_pty_set_ssh_tty(pty_name) < 0))
		sr_die(SR_EXIT_FAILURE, "cannot set the environment: %s", strerror(errno));
	if (cfg->cwd != NULL) {
		if (chdir(cfg->cwd) < 0)
			sr_die(SR_EXIT_FAILURE, "cannot change to directory %s inside the sandbox: %s",
			       cfg->cwd, strerror(errno));
	} else if (a->caller_cwd == NULL || chdir(a->caller_cwd) < 0) {
		if (chdir("/") < 0)
			sr_die(SR_EXIT_FAILURE, "chdir /: %s", strerror(errno));
	}
	sr_install_filter(cfg, a->ctl_fd, landlock_scoped);
	/* Last, so that they bind PROGRAM and not the set-up above: a small
	 * fsize would cut the filter libseccomp exports into a memfd, a small
	 * nofile leave no fd for the pidfd and the listener.  setrlimit is
	 * allowed in the kernel, and the Sentry already holds the listener. */
	if (sr_apply_rlimits(a) < 0)
		sr_die(SR_EXIT_FAILURE, "cannot set the [limits] rlimits: %s", strerror(errno));
	/* As the caller had them (`PROGRAM >&-`: its writes fail with
	 * EBADF), unless the pty took their place. */
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if ((a->closed_std_fds & ~a->pty_fds) & (1u << fd))
			close(fd);
	/* PROGRAM's own execve, alone: --strace and --stats start with the
	 * first, and execvp's tries along PATH would come first.  When that
	 * one fails (a noexec mount, a script without #!), execvp does what
	 * it does, from the start. */
	char found[PATH_MAX];
	if (strchr(a->program[0], '/') == NULL &&
	    sr_find_program(a->program[0], sr_is_executable, found, sizeof(found)))
		execv(found, a->program);
	execvp(a->program[0], a->program);
	int e = errno;
	char path[PATH_MAX], interp[PATH_MAX], end[PATH_MAX];
	if (e == ENOENT && sr_find_program(a->program[0], sr_is_executable, path, sizeof(path))) {
		if (sr_missing_interpreter(path, interp, sizeof(interp))) {
			if (sr_link_leads_nowhere(interp, end, sizeof(end)))
				sr_die(SR_EXIT_NOTFOUND, "%s: its interpreter %s leads to %s: %s", a->program[0],
				       interp, end, strerror(e));
			sr_die(SR_EXIT_NOTFOUND, "%s: its interpreter %s: %s", a->program[0], interp, strerror(e));
		}
		if (sr_missing_loader(path, interp, sizeof(interp)))
			sr_die(SR_EXIT_NOTFOUND, "%s: its dynamic loader %s: %s", a->program[0], interp, strerror(e));
		if (sr_link_leads_nowhere(path, end, sizeof(end)))
			sr_die(SR_EXIT_NOTFOUND, "%s: it leads to %s: %s", a->program[0], end, strerror(e));
	}
	/* sshd ran the ForceCommand with this shell, on the host: it is
	 * there, and only the profile can hide it. */
	if (e == ENOENT && a->cfg->login_shell_of != NULL)
		sr_die(SR_EXIT_NOTFOUND, "the login shell of %s, %s, is not in the sandbox (%s): the profile does not "
		       "show it; bind its directory with ro=, or give %s a login shell the profile shows "
		       "(/bin/bash, /bin/sh)", a->cfg->login_shell_of, a->program[0], strerror(e),
		       a->cfg->login_shell_of);
	/* Natively as plain, and no mode to blame. */
	struct stat st;
	if (e == EACCES && sr_find_program(a->program[0], sr_is_on_noexec_mount, path, sizeof(path)) &&
	    stat(path, &st) == 0 && sr_is_on_noexec_mount(path, &st))
		sr_die(SR_EXIT_NOEXEC, "%s: %s: it lies on a noexec mount (the profile's noexec=, or the host's): "
		       "run it from elsewhere, or drop the rule", a->program[0], strerror(e));
	sr_die(e == ENOENT ? SR_EXIT_NOTFOUND : SR_EXIT_NOEXEC, "%s: %s", a->program[0], strerror(e));
}

/* A process has exited and is not reaped yet: how, and its pid and
 * comm for the exit event, as the launcher is told.  Its /proc entry
 * lives until it is reaped, and with no mm left it passes hidepid's check
 * even if it made itself undumpable; a /proc that is not procfs (a
 * profile mounting over it) tells nothing. */
static void sr_exit_record(const siginfo_t *exited, struct sr_ctl_exited *msg)
{
	char path[64];
	struct statfs fs;

	*msg = (struct sr_ctl_exited){
		.type = SR_CTL_EXITED,
		.pid = exited->si_pid,
		.signal = exited->si_code == CLD_KILLED || exited->si_code == CLD_DUMPED ? exited->si_status : 0,
	};
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)exited->si_pid);
	sr_cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstatfs(fd, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC) {
		ssize_t n = read(fd, msg->comm, sizeof(msg->comm) - 1);
		if (n > 0 && msg->comm[n - 1] == '\n')
			n--;
		msg->comm[n > 0 ? n : 0] = '\0';
	}
}

/* The standard output and error that PROGRAM's end waits for (struct
 * sr_config's wait_for_output): pipes or sockets, as sshd's are. */
struct sr_init_outputs {
	struct stat st[2];
	size_t n;
};

/* How often, once PROGRAM has exited, init looks whether a process still
 * holds one of the outputs: no event says when the last one lets go. */
#define SR_INIT_OUTPUT_CHECK_MS 50

static void sr_init_outputs_take(struct sr_init_outputs *o)
{
	o->n = 0;
	for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++) {
		struct stat st;
		if (fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
			o->st[o->n++] = st;
	}
}

static bool sr_init_is_output(const struct sr_init_outputs *o, const struct stat *st)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->st[i].st_dev == st->st_dev && o->st[i].st_ino == st->st_ino)
			return true;
	return false;
}

/* Whether a process of the sandbox other than us holds one of the
 * outputs.  One whose fds we may not read (it made itself undumpable)
 * holds none: the sandbox still ends with the session. */
static bool sr_init_outputs_held(const struct sr_init_outputs *o)
{
	DIR *proc;
	struct dirent *de;
	bool held = false;

	if (o->n == 0 || (proc = opendir("/proc")) == NULL)
		return false;
	while (!held && (de = readdir(proc)) != NULL) {
		char path[64];
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end != '\0' || pid <= 1)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
		sr_cleanup_close int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		DIR *fds = dfd >= 0 ? fdopendir(dfd) : NULL;
		if (fds == NULL)
			continue;
		dfd = -1;
		struct dirent *fe;
		while (!held && (fe = readdir(fds)) != NULL) {
			struct stat st;
			if (fe->d_name[0] != '.' && fstatat(dirfd(fds), fe->d_name, &st, 0) == 0)
				held = sr_init_is_output(o, &st);
		}
		closedir(fds);
	}
	closedir(proc);
	return held;
}

/* What init's wait loop knows of the sandbox's processes. */
struct sr_init_watch {
	pid_t program;             /* PROGRAM's first process */
	int ctl;                   /* to the launcher */
	enum sr_wait_mode wait;
	bool all_held;             /* between the launcher's SIGTSTP and SIGCONT,
	                            * PROGRAM gone: every process stopped */
	bool stop_pending;         /* PROGRAM is stopped, its job runs on: looked
	                            * at again (sr_init_check_job) */
	bool stop_told;            /* PROGRAM's stop is the launcher's */
	bool program_gone;         /* --wait=all: it exited 0, the sandbox lives on */
	int stop;                  /* a stop passed to it: for every process, should
	                            * it exit 0 (--wait=all) */
	struct sr_ctl_exited last; /* then: the last process reaped */
	int last_status;
	struct sr_init_outputs outputs;  /* wait_for_output without a pty */
	bool draining;             /* PROGRAM exited, a process holds an output */
	int program_status;        /* then: PROGRAM's, the sandbox's */
};

/* PROGRAM has exited with `status` and no --wait=all keeps the sandbox:
 * it ends now, or once no process holds its output (the session's). */
static void sr_init_program_ended(struct sr_init_watch *w, int status)
{
	if (!sr_init_outputs_held(&w->outputs))
		_exit(status);
	w->draining = true;
	w->program_gone = true;
	w->program_status = status;
}

/* Reap every child that has exited: orphans are re-parented to us.
 * PROGRAM's exit ends the sandbox (we exit, and the kernel kills the
 * rest of the pid namespace), unless --wait=all and it exited 0: then
 * the sandbox ends when no child is left, with the status of the last
 * one to die, which the launcher is told first (a daemon that crashed
 * is a failed service).  Not of one found dead with PROGRAM: a child it
 * never reaped died before it, and natively its status is PROGRAM's.
 * Nor, of those found dead together, of any but the first found: the
 * kernel lists our children in the order they became ours, and a child
 * that a daemon never reaped comes to us dead as the daemon exits,
 * after it, though it died before it. */
static void sr_init_reap(struct sr_init_watch *w)
{
	bool counted = w->program_gone;

	for (;;) {
		siginfo_t dead = { .si_pid = 0 };
		int status;

		if (waitid(P_ALL, 0, &dead, WEXITED | WNOHANG | WNOWAIT) < 0) {
			if (errno == ECHILD && w->draining)
				_exit(w->program_status);
			if (errno == ECHILD && w->program_gone) {
				(void)sr_write_all(w->ctl, &w->last, sizeof(w->last));
				_exit(w->last_status);
			}
			return;
		}
		if (dead.si_pid == 0)
			return;
		if (counted && !w->draining)
			sr_exit_record(&dead, &w->last);
		if (waitpid(dead.si_pid, &status, 0) < 0)
			return;
		if (dead.si_pid == w->program) {
			if (w->wait != SR_WAIT_ALL || status != 0) {
				sr_init_program_ended(w, sr_exit_status_of(status));
				counted = false;
				continue;
			}
			w->program_gone = true;
		}
		if (counted)
			w->last_status = sr_exit_status_of(status);
		counted = false;
	}
}

/* A stop (SIGTERM, SIGINT, SIGQUIT) that goes to every process, as
 * systemd signals a forking service's cgroup. */
static bool sr_init_is_stop(int sig)
{
	return sig == SIGTERM || sig == SIGINT || sig == SIGQUIT;
}

/* `sig`, a stop, to every process of the sandbox (not us), with SIGCONT
 * after it, as systemd sends, so that a stopped process acts on it
 * rather than wait for the grace period's SIGKILL. */
static void sr_init_stop_all(int sig)
{
	kill(-1, sig);
	kill(-1, SIGCONT);
}

/* How often, while PROGRAM is stopped and its job is not, init looks
 * whether the job is now: the others' stops and exits reach its parent,
 * not us. */
#define SR_INIT_JOB_CHECK_MS 50

/* Whether process `pid` ignores or blocks `sig` (/proc/PID/status):
 * it does not stop when its group is sent it. */
static bool sr_init_holds_off(long pid, int sig)
{
	char path[64], line[256];
	unsigned long long ign = 0, blk = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if ((f = fopen(path, "re")) == NULL)
		return false;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "SigIgn:", 7) == 0)
			ign = strtoull(line + 7, NULL, 16);
		else if (strncmp(line, "SigBlk:", 7) == 0)
			blk = strtoull(line + 7, NULL, 16);
	}
	fclose(f);
	return ((ign | blk) >> (sig - 1)) & 1;
}

/* Whether a process of `pgrp` other than its leader runs: one neither
 * stopped (by a signal, or by a tracer) nor dead, nor holding off `sig`,
 * which stopped the leader: Ctrl-Z does not stop one that ignores it,
 * and a shell sees its job stopped all the same.  One /proc does not
 * show (sr_read_proc_stat) cannot be told: it counts as stopped. */
static bool sr_init_group_runs(pid_t pgrp, int sig)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	bool runs = false;

	if (proc == NULL)
		return false;
	while (!runs && (de = readdir(proc)) != NULL) {
		char *end, state;
		long pid = strtol(de->d_name, &end, 10);
		int ppid, group;

		if (*end == '\0' && pid > 1 && pid != pgrp && sr_read_proc_stat(pid, &state, &ppid, &group) &&
		    group == pgrp)
			runs = strchr("TtZX", state) == NULL && !sr_init_holds_off(pid, sig);
	}
	closedir(proc);
	return runs;
}

/* Whether PROGRAM is stopped now, and by what.  Left for the next
 * look (WNOWAIT): the kernel forgets the stop once it is continued, or
 * once it exits (which also forgets that it was continued first). */
static bool sr_init_program_stopped(const struct sr_init_watch *w, int *sig)
{
	siginfo_t stopped = { .si_pid = 0 };

	if (waitid(P_PID, (id_t)w->program, &stopped, WSTOPPED | WNOHANG | WNOWAIT) < 0 ||
	    stopped.si_pid != w->program)
		return false;
	*sig = stopped.si_status;
	return true;
}

/* PROGRAM stopped: the launcher stops as its job, once the job is
 * stopped as a shell judges one, every process of its process group
 * (PROGRAM's pid) stopped or dead.  Not before: a shell would not see
 * the job stop while a process of it runs (a watchdog that will
 * `kill -CONT $PPID`).  The rest of the sandbox runs on, and what
 * continues PROGRAM from there continues the launcher too. */
static void sr_init_check_job(struct sr_init_watch *w)
{
	int sig;

	w->stop_pending = false;
	if (w->program_gone)
		return;
	if (!sr_init_program_stopped(w, &sig)) {
		/* Continued by someone else than the launcher (a process
		 * outside its process group): a shell would see its job go on
		 * in the background, and the launcher, stopped as that job,
		 * must too (its waker is told, sr_wake_on). */
		if (w->stop_told) {
			char msg = SR_CTL_CONTINUED;
			(void)sr_write_all(w->ctl, &msg, sizeof(msg));
		}
		w->stop_told = false;
		return;
	}
	/* Told already: the launcher is told again only should someone
	 * else continue PROGRAM. */
	if (w->stop_told)
		return;
	w->stop_pending = true;
	/* PROGRAM asked again after the others: one seen gone may have
	 * continued it just before it went. */
	if (sr_init_group_runs(w->program, sig) || !sr_init_program_stopped(w, &sig))
		return;
	struct sr_ctl_stopped msg = { .type = SR_CTL_STOPPED, .signal = sig };
	(void)sr_write_all(w->ctl, &msg, sizeof(msg));
	w->stop_pending = false;
	w->stop_told = true;
}

/* A child changed state (SIGCHLD): PROGRAM exited or stopped, which
 * the launcher is told, and the dead are reaped. */
static void sr_init_children_changed(struct sr_init_watch *w)
{
	siginfo_t exited = { .si_pid = 0 };

	if (!w->program_gone &&
	    waitid(P_PID, (id_t)w->program, &exited, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    exited.si_pid == w->program) {
		struct sr_ctl_exited msg;
		w->stop_pending = false;
		sr_exit_record(&exited, &msg);
		msg.lives_on = w->wait == SR_WAIT_ALL && exited.si_code == CLD_EXITED && exited.si_status == 0;
		(void)sr_write_all(w->ctl, &msg, sizeof(msg));
		w->last = msg;
		w->last.lives_on = false;
		/* Stopped while it started: the service is, daemons and all
		 * (the launcher's grace period runs already). */
		if (msg.lives_on && w->stop != 0)
			sr_init_stop_all(w->stop);
	}
	/* Stopped (Ctrl-Z on the pty, its own kill(0, SIGTSTP) as vim's,
	 * kill -STOP from elsewhere): a shell would see its job stop, and
	 * the launcher stops as that job, once it is (sr_init_check_job). */
	else
		sr_init_check_job(w);
	sr_init_reap(w);
}

/* The launcher's SIGTSTP (Ctrl-Z without a pty, a `kill -TSTP` to it)
 * goes to PROGRAM's job, its process group, as a terminal's Ctrl-Z
 * goes to the foreground one: a program that handles it (vim, less)
 * puts its terminal back and then stops itself, one that ignores it
 * runs on, and the launcher stops as the job once it is stopped
 * (sr_init_check_job), not before.  With PROGRAM's first process gone
 * (--wait=all), what the sandbox runs is the job, and no process of it
 * is one a shell would watch: every one is stopped, and the launcher
 * told at once.  Its SIGCONT (fg, bg) continues the job it stopped as.
 * What runs outside the job (a daemon, a continuer) runs on
 * meanwhile, as natively. */
static void sr_init_job_control(struct sr_init_watch *w, int sig)
{
	if (sig == SIGCONT) {
		kill(w->all_held ? -1 : -w->program, SIGCONT);
		w->all_held = false;
		/* Whatever stops PROGRAM after this is new. */
		w->stop_pending = false;
		w->stop_told = false;
	} else if (!w->program_gone) {
		kill(-w->program, SIGTSTP);
	} else {
		struct sr_ctl_stopped msg = { .type = SR_CTL_STOPPED, .signal = SIGTSTP };
		kill(-1, SIGSTOP);
		w->all_held = true;
		(void)sr_write_all(w->ctl, &msg, sizeof(msg));
	}
}

/* The launcher stops the sandbox at --timeout, unless it is stopped
 * itself (SIGSTOP, or SIGTTOU as a shell's background job touching the
 * terminal) while the sandbox, in sessions of its own, runs on.  Nothing
 * stops pid 1 or signals it from inside: init ends the sandbox at
 * kill_by.  -1: no timeout. */
static int sr_init_kill_timer(const struct timespec *kill_by, pid_t program)
{
	struct itimerspec its = { .it_value = *kill_by };
	int tfd;

	if (kill_by->tv_sec == 0 && kill_by->tv_nsec == 0)
		return -1;
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (tfd < 0 || timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0) {
		kill(program, SIGKILL);
		sr_die(SR_EXIT_FAILURE, "init: cannot keep the timeout: %s", strerror(errno));
	}
	return tfd;
}

/* `sig` to the processes whose /proc/PID/stat names us as their parent:
 * sr_init_signal_children's way where the kernel has no children file. */
static void sr_init_signal_children_in_proc(int sig)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;

	if (proc == NULL) {
		sr_warn("init: cannot list /proc to pass on signal %d: %s", sig, strerror(errno));
		return;
	}
	while ((de = readdir(proc)) != NULL) {
		char *end, state;
		long pid = strtol(de->d_name, &end, 10);
		int ppid, pgrp;

		if (*end == '\0' && pid > 1 && sr_read_proc_stat(pid, &state, &ppid, &pgrp) && ppid == 1)
			kill((pid_t)pid, sig);
	}
	closedir(proc);
}

/* `sig` to init's children: once PROGRAM's first process is gone, the
 * daemons it left, whose parent we became, and not their workers, as
 * `kill -HUP $MAINPID` reaches only the main process natively (a worker
 * would die of a reload it does not expect).  The kernel lists them in
 * our children file (CONFIG_PROC_CHILDREN), read whole before any is
 * signalled, as one that dies meanwhile changes it: /proc's entries
 * would not show us a daemon that made itself undumpable when we are
 * not root (hidepid=invisible).  A child forked meanwhile may be
 * missed, as it would be by kill(2) natively. */
static void sr_init_signal_children(int sig)
{
	FILE *file = fopen("/proc/1/task/1/children", "re");
	sr_cleanup_free char *pids = NULL;
	size_t size = 0;

	if (file == NULL) {
		sr_init_signal_children_in_proc(sig);
		return;
	}
	/* Up to the end: the file holds no NUL.  -1 at once: no child. */
	ssize_t n = getdelim(&pids, &size, '\0', file);
	bool failed = n < 0 && ferror(file);
	int e = errno;
	fclose(file);
	if (failed)
		sr_warn("init: cannot read our children to pass on signal %d: %s", sig, strerror(e));
	if (n < 0)
		return;
	for (char *p = pids, *end; ; p = end) {
		long pid = strtol(p, &end, 10);
		if (end == p)
			break;
		if (pid > 1)
			kill((pid_t)pid, sig);
	}
}

__attribute__((noreturn))
static void sr_init_wait_loop(pid_t program, int ctl, const struct timespec *kill_by, enum sr_wait_mode wait,
			      bool wait_for_output)
{
	enum { SIGNALS, KILL_BY, NFDS };
	sigset_t set;
	int sfd;

	sr_init_signal_set(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0) {
		kill(program, SIGKILL);
		sr_die(SR_EXIT_FAILURE, "init: signalfd: %s", strerror(errno));
	}
	int tfd = sr_init_kill_timer(kill_by, program);
	struct sr_init_watch w = {
		.program = program, .ctl = ctl, .wait = wait,
		.last = { .type = SR_CTL_EXITED },
	};
	if (wait_for_output)
		sr_init_outputs_take(&w.outputs);
	for (;;) {
		struct pollfd pfd[NFDS] = {
			[SIGNALS] = { .fd = sfd, .events = POLLIN },
			[KILL_BY] = { .fd = tfd, .events = POLLIN },
		};
		struct signalfd_siginfo si;

		int check_ms = w.draining ? SR_INIT_OUTPUT_CHECK_MS : w.stop_pending ? SR_INIT_JOB_CHECK_MS : -1;
		if (poll(pfd, NFDS, check_ms) < 0 && errno != EINTR)
			sr_die(SR_EXIT_FAILURE, "init: poll: %s", strerror(errno));
		/* The kernel kills the rest of the pid namespace with us. */
		if (pfd[KILL_BY].revents & POLLIN)
			_exit(128 + SIGKILL);
		if (w.draining && !sr_init_outputs_held(&w.outputs))
			_exit(w.program_status);
		if (w.stop_pending)
			sr_init_check_job(&w);
		if (!(pfd[SIGNALS].revents & POLLIN))
			continue;
		ssize_t n = read(sfd, &si, sizeof(si));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(si))
			sr_die(SR_EXIT_FAILURE, "init: reading signals: %s", strerror(errno));
		if (si.ssi_signo == SIGCHLD) {
			sr_init_children_changed(&w);
			continue;
		}
		/* Job control (sr_init_job_control).  Only from outside our
		 * pid namespace (ssi_pid 0) with kill(), the launcher: not the
		 * pty's own (SI_KERNEL), should PROGRAM make our process group
		 * the terminal's foreground. */
		if (si.ssi_signo == SIGTSTP || si.ssi_signo == SIGCONT) {
			if (si.ssi_code == SI_USER && si.ssi_pid == 0)
				sr_init_job_control(&w, (int)si.ssi_signo);
			continue;
		}
		/* The pty hung up (the launcher closed it: the reader of its
		 * output is gone).  The kernel tells the session's leader, us;
		 * we tell PROGRAM's process group, as a shell tells its job,
		 * with SIGCONT, as the kernel sends the leader, so that a
		 * stopped job sees it. */
		if (si.ssi_signo == SIGHUP && si.ssi_code == SI_KERNEL) {
			kill(-program, SIGHUP);
			kill(-program, SIGCONT);
			continue;
		}
		/* Sent by a process from outside our pid namespace (ssi_pid
		 * 0) with kill(), the launcher.  Not the terminal's own
		 * (SI_KERNEL, with ssi_pid 0 too), which go to its foreground,
		 * PROGRAM's process group, and reach us only if PROGRAM made
		 * ours the foreground; nor what the program sends init
		 * (pidfd_send_signal on a /proc/1 fd, which the Sentry does
		 * not check as it checks kill).  Only the codes whose
		 * ssi_pid the kernel fills: a queued signal (SI_QUEUE)
		 * carries the si_pid its sender wrote, 0 as well. */
		if ((si.ssi_code != SI_USER && si.ssi_code != SI_TKILL) || si.ssi_pid != 0)
			continue;
		/* Signals come before SIGCHLD (the lowest number first):
		 * PROGRAM may have exited, its SIGCHLD not yet read. */
		if (!w.program_gone)
			sr_init_children_changed(&w);
		if (!w.program_gone) {
			if (sr_init_is_stop((int)si.ssi_signo))
				w.stop = (int)si.ssi_signo;
			kill(program, (int)si.ssi_signo);
			continue;
		}
		/* --wait=all with PROGRAM's first process gone: a stop goes
		 * to every process of the sandbox; a reload to the daemons'
		 * main processes alone (sr_init_signal_children).  Not a
		 * resize of the caller's terminal, which only its foreground
		 * would get natively, and the daemons have none (and Apache
		 * stops on SIGWINCH). */
		if (sr_init_is_stop((int)si.ssi_signo))
			sr_init_stop_all((int)si.ssi_signo);
		else if (si.ssi_signo != SIGWINCH)
			sr_init_signal_children((int)si.ssi_signo);
	}
}

/* Whether one of the fds passed in is a socket: without Landlock's
 * scope nothing but the network namespace bounds what it reaches (a
 * socket of the host's namespace, its abstract unix sockets). */
static bool sr_init_passes_socket(const struct sr_config *cfg)
{
	struct stat st;

	for (size_t i = 0; i < cfg->npass_fds; i++)
		if (fstat(cfg->pass_fds[i], &st) == 0 && S_ISSOCK(st.st_mode))
			return true;
	return false;
}

void sr_init_main(const struct sr_init_args *a)
{
	struct sr_error err = { 0 };
	char msg;
	pid_t program;

	/* Fail closed: if the launcher (the Sentry) dies, so does the sandbox. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		sr_die(SR_EXIT_FAILURE, "init: PR_SET_PDEATHSIG: %s", strerror(errno));
	/* Out of the launcher's process group, which the terminal signals
	 * (Ctrl-C, Ctrl-Z without a pty): one such signal pending here would
	 * swallow the same signal passed on by the launcher (standard
	 * signals do not queue), and it would never reach PROGRAM.  With a
	 * pty, init leads the pty's session (pty.h). */
	if (setsid() < 0)
		sr_die(SR_EXIT_FAILURE, "init: setsid: %s", strerror(errno));
	/* The launcher writes our id maps, then says go; EOF means it died
	 * before that, after PDEATHSIG was set: nothing is left to do. */
	if (read(a->ctl_fd, &msg, 1) != 1 || msg != SR_CTL_GO)
		_exit(SR_EXIT_FAILURE);
	/* In the sandbox's cgroup now (the launcher moved us before GO): a
	 * cgroup namespace made here has it as its root, so the program sees
	 * "/" and nothing of the host's cgroup tree. */
	if (unshare(CLONE_NEWCGROUP) < 0) {
		sr_fail(&err, errno, "init: cannot make a cgroup namespace");
		sr_init_die_setup(&err);
	}
	/* PROGRAM runs as our uid: keep it from reading our fds through
	 * /proc/1/fd, and hold none of the launcher's to begin with. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		sr_die(SR_EXIT_FAILURE, "init: PR_SET_DUMPABLE: %s", strerror(errno));
	{
		int keep[SR_PASS_FDS_MAX + 1];
		size_t nkeep = a->cfg->npass_fds;
		memcpy(keep, a->cfg->pass_fds, nkeep * sizeof(int));
		keep[nkeep++] = a->ctl_fd;
		if (sr_close_fds_except(keep, nkeep) < 0)
			sr_die(SR_EXIT_FAILURE, "init: cannot close inherited fds: %s", strerror(errno));
	}

	if (sr_sandbox_build_root(a->plan, a->cfg, &err) < 0)
		sr_init_die_setup(&err);
	if (sr_sandbox_set_hostname(a->cfg->hostname ? a->cfg->hostname : SR_DEFAULT_HOSTNAME, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	if ((a->cfg->net == SR_NET_LOOPBACK || a->cfg->net == SR_NET_VETH) &&
	    sr_netlink_set_loopback(true, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	if (a->veth != NULL && sr_init_configure_veth(a->veth, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	if (sr_drop_capabilities(-1, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		sr_die(SR_EXIT_FAILURE, "init: PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
	/* init and PROGRAM share one domain: its signals to init pass. */
	bool scoped;
	if (sr_landlock_scope_self(&scoped, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	if (!scoped && sr_init_passes_socket(a->cfg))
		sr_warn("this kernel has no Landlock scopes (Linux 6.12): a socket passed in (--pass-fd, "
			"LISTEN_FDS) reaches the abstract unix sockets of its network namespace");
	else if (!scoped)
		sr_info("no Landlock scopes in this kernel (Linux 6.12)");

	int master = -1, slave = -1;
	char pty_name[SR_PTY_NAME_MAX] = "";
	if (a->pty_fds != 0 &&
	    (sr_pty_open(&master, &slave, &err) < 0 || sr_pty_name(master, pty_name, sizeof(pty_name), &err) < 0 ||
	     sr_pty_make_controlling(slave, &err) < 0))
		sr_die_error(SR_EXIT_FAILURE, &err);
	program = fork();
	if (program < 0)
		sr_die(SR_EXIT_FAILURE, "init: cannot fork PROGRAM: %s", strerror(errno));
	if (program == 0)
		sr_exec_program(a, slave, pty_name, scoped);

	msg = SR_CTL_READY;
	if (sr_send_fds(a->ctl_fd, &msg, 1, &master, master >= 0 ? 1 : 0) < 0) {
		kill(program, SIGKILL);
		_exit(SR_EXIT_FAILURE);
	}
	if (master >= 0) {
		close(master);
		close(slave);
	}
	/* With a pty, sshd ends the session with the shell, as we do. */
	sr_init_wait_loop(program, a->ctl_fd, &a->kill_by, a->cfg->wait, a->cfg->wait_for_output && a->pty_fds == 0);
}
