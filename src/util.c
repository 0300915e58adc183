#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <linux/capability.h>
#include <time.h>
#include <syslog.h>

#include "compat.h"
#include "util.h"

int sr_log_level = SR_LOG_WARN;
static bool sr_log_to_journal;

int sr_fail(struct sr_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (err == NULL)
		return -1;
	err->errnum = errnum;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (errnum != 0 && n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - (size_t)n, ": %s", strerror(errnum));
	return -1;
}

int sr_error_wrap(struct sr_error *err, const char *fmt, ...)
{
	char prefix[SR_ERROR_MAX];
	char old[SR_ERROR_MAX];
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Cut at the bound: the context comes first, the cause may lose its tail. */
	size_t n = strnlen(prefix, sizeof(prefix) - 1);
	memcpy(err->msg, prefix, n);
	if (n + 2 < sizeof(err->msg)) {
		memcpy(err->msg + n, ": ", 2);
		sr_strlcpy(err->msg + n + 2, old, sizeof(err->msg) - n - 2);
	} else {
		err->msg[n < sizeof(err->msg) ? n : sizeof(err->msg) - 1] = '\0';
	}
	return -1;
}

bool sr_journal_stream_is(const char *value, dev_t dev, ino_t ino)
{
	unsigned long long d, i;
	char *end;

	/* "DEVICE:INODE", both decimal (systemd.exec(5)). */
	if (value == NULL || value[0] < '0' || value[0] > '9')
		return false;
	errno = 0;
	d = strtoull(value, &end, 10);
	if (errno != 0 || *end != ':' || end[1] < '0' || end[1] > '9')
		return false;
	i = strtoull(end + 1, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	return d == (unsigned long long)dev && i == (unsigned long long)ino;
}

void sr_log_detect_journal(void)
{
	struct stat st;

	/* Only when our stderr is still the stream systemd connected: a
	 * redirected stderr inherits the variable but not the journal. */
	sr_log_to_journal = fstat(STDERR_FILENO, &st) == 0 &&
		sr_journal_stream_is(getenv("JOURNAL_STREAM"), st.st_dev, st.st_ino);
}

size_t sr_escape_byte(unsigned char c, char out[SR_ESCAPED_BYTE_MAX])
{
	int n;

	switch (c) {
	case '\n': n = snprintf(out, SR_ESCAPED_BYTE_MAX, "\\n"); break;
	case '\t': n = snprintf(out, SR_ESCAPED_BYTE_MAX, "\\t"); break;
	case '\r': n = snprintf(out, SR_ESCAPED_BYTE_MAX, "\\r"); break;
	default:
		n = c >= 0x20 && c < 0x7f ? snprintf(out, SR_ESCAPED_BYTE_MAX, "%c", c)
					  : snprintf(out, SR_ESCAPED_BYTE_MAX, "\\x%02x", c);
	}
	return (size_t)n;
}

/* The n bytes of s escaped, at dst with a NUL, cut where the next escape
 * would not fit in size bytes; returns the length written. */
static size_t sr_escape_text(char *dst, size_t size, const char *s, size_t n)
{
	size_t len = 0;

	if (size == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char escaped[SR_ESCAPED_BYTE_MAX];
		size_t e = sr_escape_byte((unsigned char)s[i], escaped);
		if (len + e >= size)
			break;
		memcpy(dst + len, escaped, e);
		len += e;
	}
	dst[len] = '\0';
	return len;
}

/* How long a message waits for its reader to make room. */
#define SR_LOG_WAIT_MS 1000
/* A message before its escapes, and the prefix and newline around it. */
#define SR_LOG_LINE_MAX 1024
#define SR_LOG_PREFIX_MAX sizeof("<7>sentry-run: ")

/* `priority` is syslog's (LOG_ERR...): the journal reads it from a "<N>"
 * prefix (sd-daemon(3)); a terminal gets the bare line.  The whole
 * message is escaped, as what PROGRAM named reaches it by many ways
 * (its comm, a path, a script's interpreter, an error of the Gofer's). */
static void sr_vlog(int priority, const char *fmt, va_list ap)
{
	char line[SR_LOG_LINE_MAX];
	int n = vsnprintf(line, sizeof(line), fmt, ap);

	if (n < 0)
		return;
	/* One write, so that lines from several processes do not interleave. */
	char out[SR_LOG_PREFIX_MAX + SR_LOG_LINE_MAX * (SR_ESCAPED_BYTE_MAX - 1) + 1];
	int m = sr_log_to_journal ? snprintf(out, sizeof(out), "<%d>sentry-run: ", priority)
				  : snprintf(out, sizeof(out), "sentry-run: ");
	if (m <= 0 || (size_t)m >= SR_LOG_PREFIX_MAX)
		return;
	/* Room is left for the newline, written over the NUL. */
	size_t len = (size_t)m + sr_escape_text(out + m, sizeof(out) - (size_t)m - 1, line,
						strnlen(line, sizeof(line)));
	out[len++] = '\n';
	/* A reader that does not read (a terminal stopped or full, a pipe
	 * nobody drains) must not stall whoever logs, the supervisor least
	 * of all: wait a moment for room, then let the line go. */
	if (sr_wait_writable(STDERR_FILENO, SR_LOG_WAIT_MS))
		(void)sr_write_all(STDERR_FILENO, out, len);
}

void sr_warn(const char *fmt, ...)
{
	va_list ap;

	if (sr_log_level < SR_LOG_WARN)
		return;
	va_start(ap, fmt);
	sr_vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void sr_info(const char *fmt, ...)
{
	va_list ap;

	if (sr_log_level < SR_LOG_INFO)
		return;
	va_start(ap, fmt);
	sr_vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void sr_debug(const char *fmt, ...)
{
	va_list ap;

	if (sr_log_level < SR_LOG_DEBUG)
		return;
	va_start(ap, fmt);
	sr_vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 1, 2)))
static void sr_log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sr_vlog(LOG_ERR, fmt, ap);
	va_end(ap);
}

void sr_print_error(const struct sr_error *err)
{
	/* Errors are printed even with -q: an exit of 125 must say why. */
	sr_log_error("%s", err->msg);
}

void sr_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sr_vlog(LOG_ERR, fmt, ap);
	va_end(ap);
	_exit(status);
}

void sr_die_error(int status, const struct sr_error *err)
{
	sr_print_error(err);
	_exit(status);
}

void sr_cleanup_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

void sr_cleanup_freep(void *p)
{
	void **pp = p;
	free(*pp);
}

/* A helper (the Sentry, the Gofer) shares our process group: a ^C, or
 * the SIGTTOU a background job gets as it sets the terminal, reaches it
 * too.  Blocking signals after fork() would leave a window in which a
 * SIGTTOU stops it, set-up unfinished, until the next SIGCONT, while
 * init's timeout backstop may end the sandbox under it. */
pid_t sr_fork_signals_blocked(void)
{
	sigset_t all, old;
	pid_t pid;
	int e;

	sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, &old) < 0)
		return -1;
	pid = fork();
	if (pid != 0) {
		e = errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		errno = e;
	}
	return pid;
}

bool sr_wait_writable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	for (int tries = 0; tries < SR_WAIT_WRITABLE_TRIES; tries++) {
		int ready = poll(&p, 1, timeout_ms);
		if (ready == 1)
			return (p.revents & POLLOUT) != 0;
		if (ready == 0 || errno != EINTR)
			return false;
	}
	return false;
}

int sr_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t sr_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int sr_write_file(const char *path, const char *data, struct sr_error *err)
{
	sr_cleanup_close int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return sr_fail(err, errno, "cannot open %s", path);
	if (sr_write_all(fd, data, strlen(data)) < 0)
		return sr_fail(err, errno, "cannot write %s", path);
	return 0;
}

int sr_set_blocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		return -1;
	return 0;
}

int sr_open_output_file(const char *option, const char *path, int flags, int *fd, struct sr_error *err)
{
	struct stat st;

	/* O_NONBLOCK: a FIFO that no process reads fails (ENXIO) instead of
	 * holding us until a reader comes; it served the open alone. */
	*fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK | flags, 0644);
	if (*fd < 0 && errno == ELOOP)
		return sr_fail(err, ELOOP, "%s: %s is a symbolic link: name the file itself", option, path);
	if (*fd < 0 && errno == ENXIO && lstat(path, &st) == 0 && S_ISFIFO(st.st_mode))
		return sr_fail(err, 0, "%s: %s is a FIFO that no process reads: start its reader first", option,
			       path);
	if (*fd < 0)
		return sr_fail(err, errno, "%s: cannot open %s", option, path);
	if (sr_set_blocking(*fd) < 0) {
		int e = errno;
		close(*fd);
		*fd = -1;
		return sr_fail(err, e, "%s: cannot make %s blocking", option, path);
	}
	return 0;
}

int sr_send_fds(int sock, const void *buf, size_t len, const int *fds, size_t nfds)
{
	return sr_send_fds_to(sock, NULL, 0, 0, buf, len, fds, nfds);
}

int sr_send_fds_to(int sock, const struct sockaddr *addr, socklen_t addr_len, int flags, const void *buf,
		   size_t len, const int *fds, size_t nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * SR_FDPASS_MAX)];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_name = (void *)addr, .msg_namelen = addr != NULL ? addr_len : 0,
			      .msg_iov = &iov, .msg_iovlen = 1 };

	if (nfds > SR_FDPASS_MAX || len == 0) {
		errno = EINVAL;
		return -1;
	}
	if (nfds > 0) {
		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * nfds);
	}
	for (;;) {
		ssize_t n = sendmsg(sock, &msg, MSG_NOSIGNAL | flags);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if ((size_t)n != len) {
			errno = EMSGSIZE;
			return -1;
		}
		return 0;
	}
}

ssize_t sr_recv_fds(int sock, unsigned spin_us, void *buf, size_t len, int *fds, size_t max_fds,
		    size_t *nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * SR_FDPASS_MAX)];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
	ssize_t n;
	size_t got = 0;
	bool bad = false;
	/* Each turn of the spin is the receive itself: a peek first, then
	 * the receive, cost one more system call (~1 µs here) on the way of
	 * every message that came while spinning. */
	uint64_t deadline = spin_us > 0 ? sr_monotonic_ns() + (uint64_t)spin_us * 1000 : 0;

	*nfds = 0;
	for (;;) {
		msg.msg_controllen = sizeof(control.buf);
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | (deadline != 0 ? MSG_DONTWAIT : 0));
		if (n >= 0)
			break;
		if (errno == EINTR)
			continue;
		if (deadline == 0 || errno != EAGAIN)
			return -1;
		if (sr_monotonic_ns() >= deadline)
			deadline = 0;
		else
			sched_yield();
	}
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
			bad = true;
			continue;
		}
		size_t cnt = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		int tmp[SR_FDPASS_MAX * 2];
		if (cnt > SR_ARRAY_SIZE(tmp))
			cnt = SR_ARRAY_SIZE(tmp);
		memcpy(tmp, CMSG_DATA(c), cnt * sizeof(int));
		for (size_t i = 0; i < cnt; i++) {
			if (got < max_fds && !bad)
				fds[got++] = tmp[i];
			else {
				close(tmp[i]);
				bad = true;
			}
		}
	}
	if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		bad = true;
	if (bad) {
		for (size_t i = 0; i < got; i++)
			close(fds[i]);
		errno = EMSGSIZE;
		return -1;
	}
	*nfds = got;
	return n;
}

static int sr_close_range(unsigned int first, unsigned int last)
{
	if (first > last)
		return 0;
	if (syscall(SYS_close_range, first, last, 0) == 0)
		return 0;
	if (errno != ENOSYS && errno != EPERM)
		return -1;
	/* Kernels before 5.9: close one by one up to the fd limit. */
	long max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > INT_MAX)
		max = 65536;
	for (long fd = first; fd <= (long)last && fd < max; fd++)
		close((int)fd);
	return 0;
}

int sr_close_fds_except(const int *keep, size_t nkeep)
{
	int sorted[SR_CLOSE_FDS_KEEP_MAX];
	size_t n = 0;

	if (nkeep > SR_ARRAY_SIZE(sorted)) {
		errno = E2BIG;
		return -1;
	}
	for (size_t i = 0; i < nkeep; i++)
		if (keep[i] >= 3)
			sorted[n++] = keep[i];
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
			int t = sorted[j];
			sorted[j] = sorted[j - 1];
			sorted[j - 1] = t;
		}
	unsigned int from = 3;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned int)sorted[i] > from && sr_close_range(from, (unsigned int)sorted[i] - 1) < 0)
			return -1;
		from = (unsigned int)sorted[i] + 1;
	}
	return sr_close_range(from, ~0U);
}

bool sr_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(src, size);

	if (size == 0)
		return false;
	if (len >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, len + 1);
	return true;
}

bool sr_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool sr_path_is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return path[0] == '/';
	if (strncmp(path, dir, n) != 0)
		return false;
	return path[n] == '\0' || path[n] == '/';
}

int sr_path_normalize(const char *cwd, const char *path, char *out, size_t outsize)
{
	size_t limit = outsize < PATH_MAX ? outsize : PATH_MAX;
	size_t len;

	if (limit < 2)
		return ENAMETOOLONG;
	if (path[0] == '\0')
		return ENOENT;
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return ENAMETOOLONG;
	if (path[0] != '/') {
		if (cwd == NULL || cwd[0] != '/')
			return EINVAL;
		int rc = sr_path_normalize("/", cwd, out, outsize);
		if (rc != 0)
			return rc;
		len = strlen(out);
	} else {
		out[0] = '/';
		out[1] = '\0';
		len = 1;
	}

	const char *p = path;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		const char *end = strchrnul(p, '/');
		size_t clen = (size_t)(end - p);

		if (clen == 0 || (clen == 1 && p[0] == '.')) {
			p = end;
			continue;
		}
		if (clen == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(out, '/');
			len = slash == out ? 1 : (size_t)(slash - out);
			out[len] = '\0';
		} else {
			size_t sep = len > 1 ? 1 : 0;
			if (len + sep + clen >= limit)
				return ENAMETOOLONG;
			if (sep)
				out[len++] = '/';
			memcpy(out + len, p, clen);
			len += clen;
			out[len] = '\0';
		}
		p = end;
	}
	return 0;
}

bool sr_read_proc_stat(long pid, char *state, int *ppid, int *pgrp)
{
	char path[64], line[512];

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	sr_cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, line, sizeof(line) - 1);
	if (n <= 0)
		return false;
	line[n] = '\0';
	/* "PID (COMM) STATE PPID PGRP ...": the comm may hold ") ". */
	char *after_comm = strrchr(line, ')');
	return after_comm != NULL && sscanf(after_comm, ") %c %d %d", state, ppid, pgrp) == 3;
}

uint64_t sr_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct timespec sr_realtime_after_ms(long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

int sr_drop_capabilities(int keep, struct sr_error *err)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];

	for (int cap = 0; prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++)
		if (cap != keep && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return sr_fail(err, errno, "cannot drop capability %d from the bounding set", cap);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return sr_fail(err, errno, "cannot clear ambient capabilities");
	memset(data, 0, sizeof(data));
	if (keep >= 0)
		data[keep / 32].effective = data[keep / 32].permitted = 1u << (keep % 32);
	if (syscall(SYS_capset, &hdr, data) < 0)
		return sr_fail(err, errno, "cannot drop capabilities");
	return 0;
}
