#include "events.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* A listener whose backlog is full leaves connect() waiting until it
 * accepts: it gets SR_EVENTS_CONNECT_WAIT_MS to make room, not for good. */
static int sr_events_connect(int fd, const struct sockaddr_un *addr, const char *path, struct sr_error *err)
{
	const struct timespec step = { .tv_nsec = SR_EVENTS_CONNECT_STEP_MS * 1000000L };

	for (int waited = 0;; waited += SR_EVENTS_CONNECT_STEP_MS) {
		if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return sr_fail(err, errno, "--events: cannot connect to %s (is a SOCK_SEQPACKET listener there?)",
				       path);
		if (waited >= SR_EVENTS_CONNECT_WAIT_MS)
			return sr_fail(err, 0, "--events: the listener at %s accepts no connection (its backlog "
				       "is full): let it accept, or give it a larger backlog", path);
		nanosleep(&step, NULL);
	}
}

static int sr_events_open_fd(const char *spec, int *fd, struct sr_error *err)
{
	if (strncmp(spec, "unix:", 5) == 0) {
		struct sockaddr_un addr = { .sun_family = AF_UNIX };
		const char *path = spec + 5;
		if (strlen(path) >= sizeof(addr.sun_path) || path[0] != '/')
			return sr_fail(err, 0, "--events=%s: expected unix:/ABSOLUTE/PATH shorter than %zu bytes",
				       spec, sizeof(addr.sun_path));
		memcpy(addr.sun_path, path, strlen(path) + 1);
		*fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (*fd < 0)
			return sr_fail(err, errno, "--events: socket");
		return sr_events_connect(*fd, &addr, path, err);
	}
	if (spec[0] != '/')
		return sr_fail(err, 0, "--events=%s: expected an absolute path or unix:PATH", spec);
	/* Not through a symbolic link: one planted by an earlier sandbox
	 * would have us append to whatever file it names, outside that
	 * sandbox's view. */
	if (sr_open_output_file("--events", spec, O_APPEND, fd, err) == 0) {
		int fl = fcntl(*fd, F_GETFL);
		if (fl < 0 || fcntl(*fd, F_SETFL, fl | O_NONBLOCK) < 0)
			return sr_fail(err, errno, "--events=%s: cannot make the stream non-blocking", spec);
		return 0;
	}
	struct stat st;
	if (err->errnum == ENXIO && lstat(spec, &st) == 0 && S_ISSOCK(st.st_mode))
		return sr_fail(err, 0, "--events: %s is a socket: name it unix:%s", spec, spec);
	return -1;
}

int sr_events_open(const char *spec, struct sr_events_sink *sink, struct sr_error *err)
{
	sink->fd = -1;
	sink->tally = mmap(NULL, sizeof(*sink->tally), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sink->tally == MAP_FAILED) {
		sink->tally = NULL;
		return sr_fail(err, errno, "--events: cannot map the count of events");
	}
	atomic_init(&sink->tally->made, 0);
	atomic_init(&sink->tally->settled, 0);
	atomic_init(&sink->tally->write_failed, false);
	if (sr_events_open_fd(spec, &sink->fd, err) < 0) {
		sr_events_close(sink);
		return -1;
	}
	return 0;
}

void sr_events_close(struct sr_events_sink *sink)
{
	if (sink->fd >= 0)
		close(sink->fd);
	if (sink->tally != NULL)
		munmap(sink->tally, sizeof(*sink->tally));
	sink->fd = -1;
	sink->tally = NULL;
}

int sr_events_write(int fd, struct sr_events_tally *tally, const char *line, size_t len, int wait_ms)
{
	bool last_try = false;
	int e = 0;

	/* The write itself never waits: the Sentry's end kills its writer,
	 * and one killed in a write that the kernel completes all the same
	 * would leave an event delivered but counted lost; killed in poll,
	 * it leaves nothing half done.  An event is one record, or at most
	 * PIPE_BUF bytes, so it goes whole or not at all, but to a terminal,
	 * which takes part of it: the rest follows, never the whole again. */
	while (len > 0) {
		ssize_t n = write(fd, line, len);
		if (n > 0) {
			line += n;
			len -= (size_t)n;
			continue;
		}
		e = n < 0 ? errno : EIO;
		if (e == EINTR)
			continue;
		if (e != EAGAIN || last_try)
			break;
		/* No room in time, or the reader is gone: one more try says
		 * which. */
		last_try = !sr_wait_writable(fd, wait_ms);
	}
	if (len == 0)
		return 0;
	if (!atomic_exchange(&tally->write_failed, true))
		sr_warn("--events: cannot write the events: %s; those that follow are lost too", strerror(e));
	return -1;
}

bool sr_json_append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return false;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *len) {
		buf[*len] = '\0';
		return false;
	}
	*len += (size_t)n;
	return true;
}

/* The length of the valid UTF-8 sequence that starts s (n > 0 bytes
 * left), or 0 when none does: no overlong form, no surrogate, nothing
 * above U+10FFFF (RFC 3629, table 3-7 of Unicode). */
static size_t sr_utf8_sequence_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		lo = s[0] == 0xe0 ? 0xa0 : lo;   /* overlong below U+0800 */
		hi = s[0] == 0xed ? 0x9f : hi;   /* U+D800-U+DFFF */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		lo = s[0] == 0xf0 ? 0x90 : lo;   /* overlong below U+10000 */
		hi = s[0] == 0xf4 ? 0x8f : hi;   /* above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* The code point of the valid UTF-8 sequence of len bytes at s. */
static unsigned sr_utf8_code_point(const unsigned char *s, size_t len)
{
	static const unsigned char lead_bits[] = { 0x7f, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned code = s[0] & lead_bits[len];

	for (size_t i = 1; i < len; i++)
		code = code << 6 | (s[i] & 0x3f);
	return code;
}

/* Besides C0 and DEL, which JSON itself forbids raw: C1, which a
 * terminal tailing the stream may obey (U+009B is CSI), and what a
 * line-by-line reader may take for a line's end (NEL U+0085, U+2028,
 * U+2029; Python's str.splitlines does). */
static bool sr_json_code_point_is_control(unsigned code)
{
	return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code == 0x2028 || code == 0x2029;
}

/* The character that starts s (n > 0 bytes left) as JSON text,
 * NUL-terminated in out; returns how many bytes of s it stands for.
 * What a program names need not be UTF-8, and the stream must stay
 * valid JSON, one line an event, that gives back the exact bytes: valid
 * UTF-8 as it is but for controls, escaped, and each other byte as the
 * lone surrogate U+DC80-U+DCFF, as Python's surrogateescape decodes it. */
static size_t sr_json_escape_next(const char *s, size_t n, char out[SR_JSON_ESCAPED_MAX])
{
	unsigned char c = (unsigned char)s[0];
	size_t len = sr_utf8_sequence_len((const unsigned char *)s, n);

	if (len == 0) {
		snprintf(out, SR_JSON_ESCAPED_MAX, "\\u%04x", 0xdc00 | c);
		return 1;
	}
	unsigned code = sr_utf8_code_point((const unsigned char *)s, len);
	if (c == '"' || c == '\\')
		snprintf(out, SR_JSON_ESCAPED_MAX, "\\%c", c);
	else if (sr_json_code_point_is_control(code))
		snprintf(out, SR_JSON_ESCAPED_MAX, "\\u%04x", code);
	else
		snprintf(out, SR_JSON_ESCAPED_MAX, "%.*s", (int)len, s);
	return len;
}

bool sr_json_string(char *buf, size_t size, size_t *len, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (!sr_json_append(buf, size, len, "\""))
		return false;
	for (size_t i = 0; i < n;) {
		char escaped[SR_JSON_ESCAPED_MAX];
		i += sr_json_escape_next(s + i, n - i, escaped);
		if (!sr_json_append(buf, size, len, "%s", escaped))
			return false;
	}
	return sr_json_append(buf, size, len, "\"");
}

bool sr_json_string_cut(char *buf, size_t size, size_t *len, const char *s, size_t max,
			size_t reserve, bool *cut)
{
	size_t n = strnlen(s, max);

	*cut = false;
	/* The quotes, and reserve bytes and the NUL after them. */
	if (*len >= size || size - *len < reserve + sizeof("\"\""))
		return false;
	size_t limit = size - reserve - 1;
	(void)sr_json_append(buf, size, len, "\"");
	for (size_t i = 0; i < n;) {
		char escaped[SR_JSON_ESCAPED_MAX];
		i += sr_json_escape_next(s + i, n - i, escaped);
		/* A character whole or not at all. */
		if (*len + strlen(escaped) + 1 > limit) {
			*cut = true;
			break;
		}
		(void)sr_json_append(buf, size, len, "%s", escaped);
	}
	return sr_json_append(buf, size, len, "\"");
}

bool sr_events_format_dropped(char *buf, size_t size, size_t *len, const char *sandbox_id,
			      unsigned long long count)
{
	return sr_json_append(buf, size, len, "{\"time\":%llu,\"sandbox\":", (unsigned long long)sr_monotonic_ns()) &&
	       sr_json_string(buf, size, len, sandbox_id, SR_SANDBOX_ID_MAX) &&
	       sr_json_append(buf, size, len, ",\"type\":\"dropped\",\"count\":%llu}\n", count);
}

/* The bytes the sink holds that its reader has not taken yet: a
 * socket's send queue (SIOCOUTQ; a terminal's TIOCOUTQ is the same
 * request), what a pipe holds (FIONREAD); -1 when the sink cannot say
 * (a regular file, which is always writable anyway). */
static long sr_events_queued(int fd)
{
	struct stat st;
	int queued;

	if (fstat(fd, &st) < 0)
		return -1;
	if (ioctl(fd, S_ISFIFO(st.st_mode) ? FIONREAD : TIOCOUTQ, &queued) < 0)
		return -1;
	return queued;
}

/* Room for one event, once the Sentry is gone.  A consumer that stopped
 * reading must not keep sentry-run from returning PROGRAM's status: it
 * gets SR_EVENTS_EXIT_WAIT_MS.  One that still drains (what the sink
 * holds goes down) gets as long as it keeps at it, until deadline_ns. */
static bool sr_events_wait_room(int fd, uint64_t deadline_ns)
{
	long queued = sr_events_queued(fd);

	for (;;) {
		uint64_t now = sr_monotonic_ns();
		if (now >= deadline_ns)
			return false;
		uint64_t left_ms = (deadline_ns - now + 999999) / 1000000;
		if (sr_wait_writable(fd, left_ms < SR_EVENTS_EXIT_WAIT_MS ? (int)left_ms : SR_EVENTS_EXIT_WAIT_MS))
			return true;
		long before = queued;
		queued = sr_events_queued(fd);
		if (before < 0 || queued < 0 || queued >= before)
			return false;
	}
}

void sr_events_write_exit(const struct sr_events_sink *sink, const char *sandbox_id, int pid,
			  const char *comm, int status, int signal, const char *reason, const struct rusage *ru)
{
	char line[SR_EVENT_MAX];
	size_t len = 0;

	if (sink->fd < 0)
		return;
	uint64_t deadline_ns = sr_monotonic_ns() + (uint64_t)SR_EVENTS_EXIT_TOTAL_MS * 1000000;
	/* The Sentry is gone: what it made and never settled is lost.  The
	 * loss is said once, before the exit event: in a dropped event, or
	 * when that could not be written, in the exit event itself, so that
	 * a consumer that gets the exit event knows of every loss. */
	unsigned long long lost = atomic_load(&sink->tally->made) - atomic_load(&sink->tally->settled);
	if (lost > 0 && sr_events_format_dropped(line, sizeof(line), &len, sandbox_id, lost) &&
	    sr_events_wait_room(sink->fd, deadline_ns) &&
	    sr_events_write(sink->fd, sink->tally, line, len, SR_EVENTS_EXIT_WAIT_MS) == 0)
		lost = 0;
	len = 0;
	if (sr_json_append(line, sizeof(line), &len, "{\"time\":%llu,\"sandbox\":",
			   (unsigned long long)sr_monotonic_ns()) &&
	    sr_json_string(line, sizeof(line), &len, sandbox_id, SR_SANDBOX_ID_MAX) &&
	    sr_json_append(line, sizeof(line), &len, ",\"type\":\"exit\",\"pid\":%d,\"tid\":%d,\"comm\":", pid, pid) &&
	    sr_json_string(line, sizeof(line), &len, comm, SR_EVENT_MAX) &&
	    sr_json_append(line, sizeof(line), &len, ",\"status\":%d", status) &&
	    (signal == 0 || sr_json_append(line, sizeof(line), &len, ",\"signal\":%d", signal)) &&
	    (reason == NULL || sr_json_append(line, sizeof(line), &len, ",\"reason\":\"%s\"", reason)) &&
	    (lost == 0 || sr_json_append(line, sizeof(line), &len, ",\"dropped\":%llu", lost)) &&
	    sr_json_append(line, sizeof(line), &len,
			   ",\"rusage\":{\"utime_us\":%lld,\"stime_us\":%lld,"
			   "\"maxrss_kb\":%ld}}\n",
			   (long long)ru->ru_utime.tv_sec * 1000000 + ru->ru_utime.tv_usec,
			   (long long)ru->ru_stime.tv_sec * 1000000 + ru->ru_stime.tv_usec,
			   ru->ru_maxrss) &&
	    /* Written by the launcher, after the Sentry's writer is gone. */
	    sr_events_wait_room(sink->fd, deadline_ns))
		(void)sr_events_write(sink->fd, sink->tally, line, len, SR_EVENTS_EXIT_WAIT_MS);
}
