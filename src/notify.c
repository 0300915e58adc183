#include "notify.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What PROGRAM may tell the service manager (sd_notify(3)).  Left out:
 * the fd store, whose fds sentry-run does not pass on, BARRIER=1, which
 * is passed on only alone with its pipe (sr_notify_is_barrier), and
 * NOTIFYACCESS=, which is the unit's business. */
static const char *const sr_notify_keys[] = {
	"READY", "RELOADING", "STOPPING", "STATUS", "ERRNO", "BUSERROR", "EXIT_STATUS",
	"MAINPID", "WATCHDOG", "WATCHDOG_USEC", "EXTEND_TIMEOUT_USEC", "MONOTONIC_USEC",
};

/* Datagrams forwarded per wake-up: the whole queue in practice, without
 * letting a flood starve the supervisor's signals. */
#define SR_NOTIFY_BATCH_MAX 64
/* "MAINPID=" and a pid, with room to spare. */
#define SR_NOTIFY_PID_MAX 32
/* The fds a message may carry (the kernel's SCM_MAX_FD): all are
 * received, since those that do not fit would be closed by the kernel
 * in our task, where a close may wait (sr_notify_drop_fds). */
#define SR_NOTIFY_FDS_MAX 253
/* The fds of dropped messages held until a child takes them: room for
 * another message's before each receive, under the usual 1024 open
 * files. */
#define SR_NOTIFY_DROPPED_MAX 512

void sr_notify_relay_init(struct sr_notify_relay *relay)
{
	memset(relay, 0, sizeof(*relay));
	relay->sandbox_fd = -1;
	relay->manager_fd = -1;
	relay->dir_lock_fd = -1;
}

int sr_notify_parse_address(const char *value, struct sockaddr_un *addr, socklen_t *addr_len,
			    struct sr_error *err)
{
	size_t len = strlen(value);

	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	if (value[0] != '/' && value[0] != '@')
		return sr_fail(err, 0, "'%s': expected an absolute path or an @abstract name "
			       "(vsock addresses are not supported)", value);
	if (len < 2 || len > sizeof(addr->sun_path) - (value[0] == '/'))
		return sr_fail(err, 0, "'%s': expected 2 to %zu characters", value, sizeof(addr->sun_path) - 1);
	memcpy(addr->sun_path, value, len);
	/* An abstract name starts with a NUL and is exactly len bytes long. */
	if (value[0] == '@')
		addr->sun_path[0] = '\0';
	*addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (value[0] == '/'));
	return 0;
}

static bool sr_notify_key_is_known(const char *line, size_t keylen)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(sr_notify_keys); i++)
		if (strlen(sr_notify_keys[i]) == keylen && memcmp(sr_notify_keys[i], line, keylen) == 0)
			return true;
	return false;
}

/* Text only, tabs included; bytes from 0x80 up are let through for
 * UTF-8 in STATUS=.  Other control characters (a terminal's escape
 * sequences in `systemctl status`) are not for the manager. */
static bool sr_notify_line_has_control(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c != '\t' && (c < 0x20 || c == 0x7f))
			return true;
	}
	return false;
}

ssize_t sr_notify_filter(const char *msg, size_t len, pid_t mainpid,
			 char *out, size_t outsize, size_t *dropped)
{
	size_t limit;
	size_t n = 0;

	*dropped = 0;
	if (outsize == 0 || len > SR_NOTIFY_MESSAGE_MAX)
		return -1;
	/* What systemd would read whole, and what fits out with its NUL. */
	limit = outsize - 1 < SR_NOTIFY_MESSAGE_MAX ? outsize - 1 : SR_NOTIFY_MESSAGE_MAX;
	/* systemd ignores a message holding a NUL whole. */
	if (memchr(msg, '\0', len) != NULL)
		return -1;
	for (const char *line = msg, *end = msg + len; line < end; ) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t linelen = nl ? (size_t)(nl - line) : (size_t)(end - line);
		const char *eq = memchr(line, '=', linelen);
		char pidline[SR_NOTIFY_PID_MAX];
		const char *copy = line;
		size_t copylen = linelen;

		if (linelen == 0)
			goto next;
		if (eq == NULL || !sr_notify_key_is_known(line, (size_t)(eq - line)) ||
		    sr_notify_line_has_control(line, linelen)) {
			(*dropped)++;
			goto next;
		}
		if ((size_t)(eq - line) == strlen("MAINPID") && memcmp(line, "MAINPID", strlen("MAINPID")) == 0) {
			/* PROGRAM's pid means nothing outside its pid namespace;
			 * the service's main process is sentry-run. */
			int m = snprintf(pidline, sizeof(pidline), "MAINPID=%d", (int)mainpid);
			if (m < 0 || (size_t)m >= sizeof(pidline))
				return -1;
			copy = pidline;
			copylen = (size_t)m;
		}
		if (n + (n > 0) + copylen > limit)
			return -1;
		if (n > 0)
			out[n++] = '\n';
		memcpy(out + n, copy, copylen);
		n += copylen;
next:
		line += linelen + 1;
	}
	out[n] = '\0';
	return (ssize_t)n;
}

/* The first entry of RUNTIME_DIRECTORY (systemd's RuntimeDirectory=, a
 * colon-separated list), when it is a usable directory, into buf. */
static const char *sr_notify_runtime_directory(char *buf, size_t size)
{
	const char *list = getenv("RUNTIME_DIRECTORY");
	size_t len;

	if (list == NULL || list[0] != '/')
		return NULL;
	len = strcspn(list, ":");
	if (len >= size)
		return NULL;
	memcpy(buf, list, len);
	buf[len] = '\0';
	return buf;
}

static bool sr_notify_dir_usable(const char *dir)
{
	return dir != NULL && dir[0] == '/' && access(dir, W_OK | X_OK) == 0;
}

/* A sentry-run killed with SIGKILL (a stop timeout, the OOM killer)
 * leaves its directory, and each restart of the service one more.  A
 * live one holds a lock on its own (taken before its socket is made),
 * which goes with its last process: a directory of ours that holds the
 * socket and is not locked is a dead one's.  A pid in the name would
 * not tell, as sentry-runs of other pid namespaces share /tmp. */
static void sr_notify_remove_stale(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (!sr_has_prefix(e->d_name, SR_NOTIFY_DIR_PREFIX) ||
		    strlen(e->d_name) != strlen(SR_NOTIFY_DIR_PREFIX) + SR_NOTIFY_DIR_RANDOM)
			continue;
		sr_cleanup_close int fd = openat(dirfd(d), e->d_name,
						 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0 || st.st_uid != geteuid() || flock(fd, LOCK_EX | LOCK_NB) < 0)
			continue;
		/* No socket: its sentry-run has not locked it yet (or died
		 * in that moment, which leaves an empty directory). */
		if (unlinkat(fd, SR_NOTIFY_SOCKET_NAME, 0) == 0 && unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) == 0)
			sr_debug("removed %s/%s of a sentry-run that is gone", base, e->d_name);
	}
	closedir(d);
}

/* Our own directory's lock (sr_notify_remove_stale): it waits only for
 * another sentry-run looking at it. */
static int sr_notify_lock_dir(struct sr_notify_relay *relay, struct sr_error *err)
{
	relay->dir_lock_fd = open(relay->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (relay->dir_lock_fd < 0)
		return sr_fail(err, errno, "cannot open %s", relay->dir);
	while (flock(relay->dir_lock_fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return sr_fail(err, errno, "cannot lock %s", relay->dir);
	return 0;
}

static int sr_notify_make_dir(struct sr_notify_relay *relay, struct sr_error *err)
{
	char runtime[PATH_MAX];
	/* A service's own runtime directory first: under ProtectSystem=strict
	 * without PrivateTmp=yes, /tmp is read-only for the service. */
	const char *base = sr_notify_runtime_directory(runtime, sizeof(runtime));
	int n;

	if (!sr_notify_dir_usable(base))
		base = getenv("XDG_RUNTIME_DIR");
	if (!sr_notify_dir_usable(base))
		base = "/tmp";
	sr_notify_remove_stale(base);
	n = snprintf(relay->dir, sizeof(relay->dir), "%s/" SR_NOTIFY_DIR_PREFIX "XXXXXX", base);
	if (n < 0 || (size_t)n >= sizeof(relay->dir)) {
		relay->dir[0] = '\0';
		return sr_fail(err, ENAMETOOLONG, "directory under %s", base);
	}
	/* mkdtemp makes it 0700: only we (and PROGRAM, our uid) reach the socket. */
	if (mkdtemp(relay->dir) == NULL) {
		int e = errno;
		relay->dir[0] = '\0';
		return sr_fail(err, e, "cannot make a directory under %s (under systemd, give the unit "
			       "RuntimeDirectory= or PrivateTmp=yes)", base);
	}
	return sr_notify_lock_dir(relay, err);
}

int sr_notify_relay_open(struct sr_notify_relay *relay, const char *notify_socket,
			 struct sr_error *err)
{
	struct sockaddr_un own = { .sun_family = AF_UNIX };
	int n;

	struct sr_error unusable = { 0 };

	if (notify_socket == NULL)
		return 0;
	/* sd_notify(3) refuses such an address (EINVAL, ENAMETOOLONG) and
	 * the service runs on: so does PROGRAM, which gets the variable as
	 * it is and the same refusal. */
	if (sr_notify_parse_address(notify_socket, &relay->manager_addr, &relay->manager_addr_len,
				    &unusable) < 0) {
		sr_warn("NOTIFY_SOCKET: %s; PROGRAM's notifications are not relayed", unusable.msg);
		return 0;
	}
	relay->manager_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (relay->manager_fd < 0)
		return sr_fail(err, errno, "socket");
	if (sr_notify_make_dir(relay, err) < 0)
		return -1;
	n = snprintf(own.sun_path, sizeof(own.sun_path), "%s/%s", relay->dir, SR_NOTIFY_SOCKET_NAME);
	if (n < 0 || (size_t)n >= sizeof(own.sun_path))
		return sr_fail(err, ENAMETOOLONG, "socket in %s", relay->dir);
	/* No SO_PASSCRED: the sender's pid is not trusted for anything (MAINPID
	 * is rewritten whatever it says), and only PROGRAM, or a process of our
	 * own uid, can reach a socket in a 0700 directory of ours. */
	relay->sandbox_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (relay->sandbox_fd < 0)
		return sr_fail(err, errno, "socket");
	if (bind(relay->sandbox_fd, (const struct sockaddr *)&own, sizeof(own)) < 0)
		return sr_fail(err, errno, "cannot bind %s", own.sun_path);
	relay->mainpid = getpid();
	return 0;
}

/* WATCHDOG_PID names the process the watchdog is for; unset, it is for
 * whoever reads WATCHDOG_USEC (sd_watchdog_enabled(3)). */
static bool sr_notify_watchdog_is_ours(void)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *pid = getenv("WATCHDOG_PID");
	char self[SR_NOTIFY_PID_MAX];

	if (usec == NULL || usec[0] == '\0' || strspn(usec, "0123456789") != strlen(usec))
		return false;
	snprintf(self, sizeof(self), "%d", (int)getpid());
	return pid == NULL || strcmp(pid, self) == 0;
}

int sr_notify_relay_configure(const struct sr_notify_relay *relay, struct sr_config *cfg,
			      struct sr_mount_plan *plan, struct sr_error *err)
{
	const char *dir = SR_NOTIFY_SANDBOX_DIR;
	char env[sizeof("NOTIFY_SOCKET=") + sizeof(SR_NOTIFY_SANDBOX_DIR_DEV "/" SR_NOTIFY_SOCKET_NAME)];

	if (relay->sandbox_fd < 0)
		return 0;
	if (sr_mount_plan_is_host(plan, "/run"))
		dir = SR_NOTIFY_SANDBOX_DIR_DEV;
	snprintf(env, sizeof(env), "NOTIFY_SOCKET=%s/%s", dir, SR_NOTIFY_SOCKET_NAME);
	/* In the plan, which is built already, and in the config, whose
	 * mounts the Gofer's policy reads (read-only, as /dev is not). */
	if (sr_mount_plan_add(plan, SR_PLAN_BIND, relay->dir, dir, false, false, err) < 0 ||
	    sr_config_add_mount(cfg, SR_MOUNT_RO, relay->dir, dir, false, err) < 0 ||
	    sr_strlist_add(&cfg->env, env, err) < 0)
		return -1;
	sr_mount_plan_sort(plan);
	if (sr_notify_watchdog_is_ours()) {
		char kv[SR_NOTIFY_PID_MAX + sizeof("WATCHDOG_USEC=")];
		int n = snprintf(kv, sizeof(kv), "WATCHDOG_USEC=%s", getenv("WATCHDOG_USEC"));
		if (n < 0 || (size_t)n >= sizeof(kv))
			return sr_fail(err, 0, "WATCHDOG_USEC: expected a number of microseconds");
		if (sr_strlist_add(&cfg->env, kv, err) < 0)
			return -1;
	}
	/* PROGRAM inherits our environment: these describe sentry-run. */
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	return 0;
}

static int64_t sr_notify_now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* What is left of this forward's time for the manager, for the next send
 * (an SO_SNDTIMEO of 0 would wait for ever: left_ms is at least 1). */
static int sr_notify_set_send_timeout(int fd, int64_t left_ms)
{
	struct timeval timeout = { .tv_sec = (time_t)(left_ms / 1000),
				   .tv_usec = (suseconds_t)(left_ms % 1000) * 1000 };

	return setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
}

static void sr_notify_close_fds(const int *fds, size_t nfds)
{
	for (size_t i = 0; i < nfds; i++)
		close(fds[i]);
}

/* The fds of the messages of one forward that go nowhere. */
struct sr_notify_dropped {
	int fds[SR_NOTIFY_DROPPED_MAX];
	size_t n;
};

/* Close the fds PROGRAM sent that go nowhere, of which we may hold the
 * last reference.  A last close may wait as long as PROGRAM likes (a TCP
 * socket with SO_LINGER waits for its peer to take what it holds; so
 * does a unix socket holding such a socket in its queue), and nothing
 * would interrupt ours: our signals are blocked for the signalfd, and
 * the supervisor would be deaf to SIGTERM.  A task that exits never
 * lingers (inet_release): a child holds copies while we close ours, then
 * exits with the last ones. */
static void sr_notify_drop_fds(struct sr_notify_dropped *dropped)
{
	int gate[2];
	pid_t child = -1;

	if (dropped->n == 0)
		return;
	if (pipe2(gate, O_CLOEXEC) == 0) {
		/* No signal may end or stop it before we closed ours. */
		child = sr_fork_signals_blocked();
		if (child == 0) {
			char c;
			close(gate[1]);
			while (read(gate[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(0);
		}
		close(gate[0]);
		if (child < 0)
			close(gate[1]);
	}
	if (child < 0)
		sr_warn("notify: cannot start a process to close the fds a message carried: %s; closing them "
			"here, which waits as long as a socket among them lingers", strerror(errno));
	sr_notify_close_fds(dropped->fds, dropped->n);
	dropped->n = 0;
	if (child < 0)
		return;
	close(gate[1]);
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
}

/* Keep fds[] for sr_notify_drop_fds; there is room (see the caller). */
static void sr_notify_keep_dropped(struct sr_notify_dropped *dropped, const int *fds, size_t nfds)
{
	memcpy(dropped->fds + dropped->n, fds, nfds * sizeof(*fds));
	dropped->n += nfds;
}

/* The fds a received message carried, at most `max`, into fds[]. */
static size_t sr_notify_take_fds(struct msghdr *msg, int *fds, size_t max)
{
	size_t n = 0;

	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int) && n < max; i++)
			memcpy(&fds[n++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
	}
	return n;
}

/* sd_notify_barrier(): "BARRIER=1" alone, with one fd, the write end of
 * a pipe whose reader waits until the manager, having read every earlier
 * message, closes it.  Passed on as it came, it waits for the manager
 * itself; the manager only closes what it gets. */
static bool sr_notify_is_barrier(const char *buf, size_t len, const int *fds, size_t nfds, bool cut)
{
	static const char barrier[] = "BARRIER=1";
	struct stat st;

	if (cut || nfds != 1 || fstat(fds[0], &st) < 0 || !S_ISFIFO(st.st_mode))
		return false;
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	return len == strlen(barrier) && memcmp(buf, barrier, len) == 0;
}

/* Send `len` bytes (and `fd` unless -1) to the manager, within left_ms;
 * 0, or -1 with errno. */
static int sr_notify_send_manager(struct sr_notify_relay *relay, const char *out, size_t len, int fd,
				  int64_t left_ms)
{
	if (!relay->manager_stalled && sr_notify_set_send_timeout(relay->manager_fd, left_ms) < 0)
		return -1;
	return sr_send_fds_to(relay->manager_fd, (const struct sockaddr *)&relay->manager_addr,
			      relay->manager_addr_len, relay->manager_stalled ? MSG_DONTWAIT : 0, out, len,
			      &fd, fd >= 0 ? 1 : 0);
}

/* Whether one of the lines of `msg` (as sr_notify_filter writes it)
 * is READY=1. */
static bool sr_notify_says_ready(const char *msg)
{
	static const char ready[] = "READY=1";
	size_t len = strlen(ready);

	for (const char *line = msg;; line++) {
		if (strncmp(line, ready, len) == 0 && (line[len] == '\n' || line[len] == '\0'))
			return true;
		line = strchr(line, '\n');
		if (line == NULL)
			return false;
	}
}

/* Forward the next datagram of the sandbox, within left_ms for the
 * manager; its fds that go nowhere join `gone`.  False when there is
 * none. */
static bool sr_notify_forward_one(struct sr_notify_relay *relay, int64_t left_ms, struct sr_notify_dropped *gone)
{
	for (;;) {
		char buf[SR_NOTIFY_MESSAGE_MAX];
		char out[SR_NOTIFY_MESSAGE_MAX + 1];
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		union {
			char buf[CMSG_SPACE(sizeof(int) * SR_NOTIFY_FDS_MAX)];
			struct cmsghdr align;
		} control;
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
		int fds[SR_NOTIFY_FDS_MAX];
		size_t dropped;
		ssize_t n = recvmsg(relay->sandbox_fd, &msg, MSG_DONTWAIT | MSG_TRUNC | MSG_CMSG_CLOEXEC);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				sr_info("notify: cannot receive from the sandbox: %s", strerror(errno));
			return false;
		}
		size_t nfds = sr_notify_take_fds(&msg, fds, SR_NOTIFY_FDS_MAX);
		bool cut = (msg.msg_flags & MSG_CTRUNC) != 0;
		if ((size_t)n > sizeof(buf)) {
			sr_notify_keep_dropped(gone, fds, nfds);
			sr_info("notify: dropped a %zd-byte message (at most %d bytes)", n, SR_NOTIFY_MESSAGE_MAX);
			return true;
		}
		/* A pipe's close never waits. */
		if (sr_notify_is_barrier(buf, (size_t)n, fds, nfds, cut)) {
			if (sr_notify_send_manager(relay, buf, (size_t)n, fds[0], left_ms) < 0)
				sr_info("notify: cannot forward BARRIER=1 to NOTIFY_SOCKET: %s", strerror(errno));
			close(fds[0]);
			return true;
		}
		/* Its fds are closed (sd_notify_barrier() returns), and what
		 * it says besides still goes out: READY=1 sent with FDSTORE=1
		 * must not be lost. */
		sr_notify_keep_dropped(gone, fds, nfds);
		if (cut || nfds > 0)
			sr_info("notify: dropped the fds a message carried (FDSTORE= is not passed on, "
				"BARRIER=1 only alone with one pipe)");
		ssize_t len = sr_notify_filter(buf, (size_t)n, relay->mainpid, out, sizeof(out), &dropped);
		if (len < 0) {
			sr_info("notify: dropped a message holding a NUL, or longer than %d bytes once MAINPID= "
				"was rewritten", SR_NOTIFY_MESSAGE_MAX);
			return true;
		}
		if (dropped > 0)
			sr_info("notify: dropped %zu line(s) with a key sentry-run does not pass on or a control "
				"character", dropped);
		if (len == 0)
			return true;
		if (sr_notify_send_manager(relay, out, (size_t)len, -1, left_ms) < 0) {
			int e = errno;
			sr_info("notify: cannot forward to NOTIFY_SOCKET: %s", strerror(e));
			/* The manager is not reading (its queue stayed full for the
			 * send timeout): later sends do not wait, or a flood from
			 * PROGRAM would hold the supervisor one timeout a message,
			 * away from its signals and deadlines. */
			if (e == EAGAIN || e == EWOULDBLOCK)
				relay->manager_stalled = true;
			return true;
		}
		relay->manager_stalled = false;
		if (sr_notify_says_ready(out))
			relay->ready_sent = true;
		if (sr_log_level >= SR_LOG_DEBUG) {
			/* Messages are one line each. */
			for (char *p = out; (p = strchr(p, '\n')) != NULL; )
				*p = ' ';
			sr_debug("notify: forwarded %s", out);
		}
		return true;
	}
}

void sr_notify_relay_forward(struct sr_notify_relay *relay)
{
	int64_t start_ms = sr_notify_now_ms();
	struct sr_notify_dropped gone = { .n = 0 };

	for (int i = 0; i < SR_NOTIFY_BATCH_MAX; i++) {
		/* The sends of one forward wait SR_NOTIFY_SEND_TIMEOUT_MS in
		 * all, not each: a manager that makes room slowly, one message
		 * at a time, would otherwise hold the supervisor a whole batch
		 * of waits, away from its signals.  What is not read now waits
		 * in the sandbox's socket for the next forward. */
		int64_t left_ms = SR_NOTIFY_SEND_TIMEOUT_MS - (sr_notify_now_ms() - start_ms);
		if (left_ms <= 0)
			break;
		/* Room for the next message's fds. */
		if (gone.n + SR_NOTIFY_FDS_MAX > SR_NOTIFY_DROPPED_MAX)
			sr_notify_drop_fds(&gone);
		if (!sr_notify_forward_one(relay, left_ms, &gone))
			break;
	}
	sr_notify_drop_fds(&gone);
}

void sr_notify_relay_started(struct sr_notify_relay *relay)
{
	char msg[sizeof("READY=1\n") + SR_NOTIFY_PID_MAX];

	if (relay->sandbox_fd < 0)
		return;
	sr_notify_relay_forward(relay);
	if (relay->ready_sent)
		return;
	int n = snprintf(msg, sizeof(msg), "READY=1\nMAINPID=%d", (int)relay->mainpid);
	if (n < 0 || (size_t)n >= sizeof(msg) ||
	    sr_notify_send_manager(relay, msg, (size_t)n, -1, SR_NOTIFY_SEND_TIMEOUT_MS) < 0) {
		sr_warn("notify: cannot send READY=1 to NOTIFY_SOCKET: %s; the service manager does not "
			"know that the service started", strerror(errno));
		return;
	}
	relay->ready_sent = true;
	sr_debug("notify: PROGRAM exited 0 with --wait=all; sent READY=1");
}

void sr_notify_relay_close(struct sr_notify_relay *relay)
{
	char path[PATH_MAX + sizeof(SR_NOTIFY_SOCKET_NAME) + 1];

	if (relay->sandbox_fd >= 0)
		close(relay->sandbox_fd);
	if (relay->manager_fd >= 0)
		close(relay->manager_fd);
	if (relay->dir[0] != '\0') {
		snprintf(path, sizeof(path), "%s/%s", relay->dir, SR_NOTIFY_SOCKET_NAME);
		(void)unlink(path);
		if (rmdir(relay->dir) < 0)
			sr_warn("cannot remove %s: %s", relay->dir, strerror(errno));
	}
	if (relay->dir_lock_fd >= 0)
		close(relay->dir_lock_fd);
	sr_notify_relay_init(relay);
}

int sr_notify_set_watchdog_pid(void)
{
	char pid[SR_NOTIFY_PID_MAX];

	if (getenv("WATCHDOG_USEC") == NULL)
		return 0;
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	return setenv("WATCHDOG_PID", pid, 1);
}
