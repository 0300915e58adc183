#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat.h"
#include "sentry/strace.h"
#include "sentry/trace.h"

/* Enough of /proc/TID/status for Name, Tgid, NStgid and NSpid. */
#define SR_STATUS_READ_MAX 2048

/* The last number of a "Key:\tA\tB..." line: the innermost namespace. */
static int sr_status_last_number(const char *status, const char *key)
{
	const char *line = strstr(status, key);
	int value = -1;

	if (line == NULL)
		return -1;
	line += strlen(key);
	const char *end = strchr(line, '\n');
	while (line != NULL && (end == NULL || line < end)) {
		char *next;
		long v = strtol(line, &next, 10);
		if (next == line)
			break;
		value = (int)v;
		line = next;
	}
	return value;
}

/* The comm of a status "Name:" line, which the kernel writes with "\\n"
 * for a newline and "\\\\" for a backslash (and every other byte as it
 * is): the name the task gave itself, not that escaped form. */
static void sr_status_name(const char *name, char *comm, size_t size)
{
	size_t len = 0;

	for (const char *p = name; *p != '\0' && *p != '\n' && len + 1 < size; p++) {
		if (*p == '\\' && (p[1] == 'n' || p[1] == '\\'))
			comm[len++] = *++p == 'n' ? '\n' : '\\';
		else
			comm[len++] = *p;
	}
	comm[len] = '\0';
}

ssize_t sr_task_read(pid_t host_tid, const char *file, char *buf, size_t size)
{
	char path[SR_TASK_PATH_MAX];
	ssize_t n = -1;

	/* The Sentry's root is /proc (confine.c). */
	snprintf(path, sizeof(path), "/%d/%s", (int)host_tid, file);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, size - 1);
		close(fd);
	}
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Cleared at the first EINVAL: an older kernel, which knows no
 * PIDFD_THREAD. */
static atomic_bool thread_pidfds = true;

int sr_task_pidfd(pid_t host_tid)
{
	char buf[SR_STATUS_READ_MAX];

	if (atomic_load(&thread_pidfds)) {
		int fd = (int)syscall(SYS_pidfd_open, host_tid, PIDFD_THREAD);
		if (fd >= 0 || errno != EINVAL)
			return fd;
		atomic_store(&thread_pidfds, false);
		sr_info("Sentry: no PIDFD_THREAD in this kernel (Linux 6.9): threads' fds are taken "
			"through their process");
	}
	if (sr_task_read(host_tid, "status", buf, sizeof(buf)) < 0) {
		errno = ESRCH;
		return -1;
	}
	int tgid = sr_status_last_number(buf, "\nTgid:");
	if (tgid <= 0) {
		errno = ESRCH;
		return -1;
	}
	return (int)syscall(SYS_pidfd_open, tgid, 0);
}

int sr_task_fd_check(pid_t host_tid, int taken, int fd)
{
	if (atomic_load(&thread_pidfds))
		return 0;
	/* The same open file description, or not: the kernel compares. */
	long rc = syscall(SYS_kcmp, getpid(), host_tid, KCMP_FILE, taken, fd);
	if (rc == 0)
		return 0;
	/* A kernel without kcmp (CONFIG_KCMP) cannot tell: the thread is
	 * taken to share its leader's table, as threads do but for
	 * unshare(CLONE_FILES). */
	if (rc < 0 && errno == ENOSYS)
		return 0;
	if (rc < 0 && errno == EBADF)
		return -1;
	errno = EXDEV;
	return -1;
}

void sr_task_ids(pid_t host_tid, struct sr_task_ids *ids)
{
	char buf[SR_STATUS_READ_MAX];

	ids->pid = ids->tid = ids->umask = -1;
	strcpy(ids->comm, "?");
	if (sr_task_read(host_tid, "status", buf, sizeof(buf)) < 0)
		return;
	ids->pid = sr_status_last_number(buf, "\nNStgid:");
	ids->tid = sr_status_last_number(buf, "\nNSpid:");
	const char *umask = strstr(buf, "\nUmask:\t");
	if (umask != NULL)
		ids->umask = (int)strtol(umask + strlen("\nUmask:\t"), NULL, 8) & 0777;
	if (strncmp(buf, "Name:\t", 6) == 0)
		sr_status_name(buf + 6, ids->comm, sizeof(ids->comm));
}

/* The first `n` numbers of a "Key:\tA\tB..." line; -1 when absent. */
static int sr_status_numbers(const char *status, const char *key, unsigned long *out, size_t n)
{
	const char *p = strstr(status, key);

	if (p == NULL)
		return -1;
	p += strlen(key);
	for (size_t i = 0; i < n; i++) {
		char *next;
		out[i] = strtoul(p, &next, 10);
		if (next == p)
			return -1;
		p = next;
	}
	return 0;
}

int sr_task_creds(pid_t host_tid, struct sr_task_creds *creds)
{
	char buf[SR_STATUS_READ_MAX];
	unsigned long uid[3], gid[3];

	if (sr_task_read(host_tid, "status", buf, sizeof(buf)) < 0)
		return -1;
	creds->tgid = sr_status_last_number(buf, "\nNStgid:");
	if (creds->tgid <= 0 || sr_status_numbers(buf, "\nUid:", uid, 3) < 0 ||
	    sr_status_numbers(buf, "\nGid:", gid, 3) < 0)
		return -1;
	for (size_t i = 0; i < 3; i++) {
		creds->uid[i] = (uid_t)uid[i];
		creds->gid[i] = (gid_t)gid[i];
	}
	return 0;
}

/* A field of /proc/TID/status holding a signal mask; 0 when absent. */
static unsigned long long sr_status_mask(const char *status, const char *field)
{
	const char *p = strstr(status, field);

	return p != NULL ? strtoull(p + strlen(field), NULL, 16) : 0;
}

void sr_task_signals(pid_t host_tid, struct sr_task_signals *out)
{
	char buf[SR_STATUS_READ_MAX];

	memset(out, 0, sizeof(*out));
	if (sr_task_read(host_tid, "status", buf, sizeof(buf)) < 0)
		return;
	unsigned long long takes = ~sr_status_mask(buf, "\nSigBlk:") & ~sr_status_mask(buf, "\nSigIgn:");
	const char *tgid = strstr(buf, "\nTgid:");
	const char *threads = strstr(buf, "\nThreads:");
	out->own = (sr_status_mask(buf, "\nSigPnd:") & takes) != 0;
	out->shared_mask = sr_status_mask(buf, "\nShdPnd:") & takes;
	out->shared = out->shared_mask != 0;
	out->alone = threads != NULL && strtoul(threads + strlen("\nThreads:"), NULL, 10) == 1;
	out->tgid = tgid != NULL ? (pid_t)strtol(tgid + strlen("\nTgid:"), NULL, 10) : 0;
}

int sr_thread_state(pid_t tgid, pid_t tid, char *state, unsigned long long *blocked)
{
	char file[SR_TASK_PATH_MAX], buf[SR_STATUS_READ_MAX];

	snprintf(file, sizeof(file), "task/%d/status", (int)tid);
	if (sr_task_read(tgid, file, buf, sizeof(buf)) < 0)
		return -1;
	const char *line = strstr(buf, "\nState:\t");
	*state = line != NULL ? line[strlen("\nState:\t")] : '?';
	*blocked = sr_status_mask(buf, "\nSigBlk:");
	return 0;
}

int sr_task_pidfd_target(pid_t host_tid, int fd)
{
	char file[SR_TASK_PATH_MAX], buf[SR_STATUS_READ_MAX];

	if (fd < 0)
		return -1;
	snprintf(file, sizeof(file), "fdinfo/%d", fd);
	if (sr_task_read(host_tid, file, buf, sizeof(buf)) < 0)
		return -1;
	/* "NSpid:" lists the pid from our namespace inwards: the last is
	 * the sandbox's.  A process gone says "Pid:\t-1" and no NSpid. */
	int pid = sr_status_last_number(buf, "\nNSpid:");
	return pid > 0 ? pid : -1;
}

static ssize_t sr_trace_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct sr_call *call = ctx;

	/* The same bounded helper as the handlers; short reads are fine. */
	if (sr_notif_read_bytes(call, addr, buf, len) == 0)
		return (ssize_t)len;
	/* Retry up to the end of the page: strace.c reads strings in chunks. */
	size_t to_page = 4096 - (size_t)(addr % 4096);
	if (to_page < len && sr_notif_read_bytes(call, addr, buf, to_page) == 0)
		return (ssize_t)to_page;
	return -1;
}

bool sr_trace_wanted(const struct sr_call *call)
{
	const struct sr_config *cfg = call->sentry->cfg;

	if (call->sentry->strace_fd < 0)
		return false;
	if (cfg->strace_only.len == 0)
		return true;
	return sr_strlist_contains(&cfg->strace_only, call->row->name);
}

/* Set at the first line that could not be written: one warning, not one
 * a syscall. */
static atomic_bool trace_write_failed = false;

/* A trace the user asked for and does not get is said (strace -o /dev/full
 * says it too); the program runs on. */
static void sr_trace_write(const struct sr_call *call, const char *line, size_t len)
{
	const char *path = call->sentry->cfg->strace_path;

	if (sr_write_all(call->sentry->strace_fd, line, len) == 0)
		return;
	int saved = errno;
	if (atomic_exchange(&trace_write_failed, true))
		return;
	sr_warn("--strace: cannot write the trace to %s: %s; trace lines are lost: "
		"give a writable FILE with room", path == NULL || path[0] == '\0' ||
		strcmp(path, "-") == 0 ? "stderr" : path, strerror(saved));
}

void sr_trace_line(const struct sr_call *call, bool exit, uint64_t duration_ns)
{
	char line[SR_STRACE_LINE_MAX];
	struct sr_trace_entry *entry = call->trace_entry;
	struct sr_task_ids own_ids;
	const struct sr_task_ids *ids = &own_ids;
	struct sr_strace_call sc;
	size_t len;

	/* The exit line names the caller as its entry line did. */
	if (entry != NULL) {
		if (!exit)
			sr_task_ids((pid_t)call->req->pid, &entry->ids);
		ids = &entry->ids;
	} else {
		sr_task_ids((pid_t)call->req->pid, &own_ids);
	}
	memset(&sc, 0, sizeof(sc));
	sc.pid = ids->pid;
	sc.tid = ids->tid;
	sc.comm = ids->comm;
	sc.row = call->row;
	for (int i = 0; i < SR_SYSCALL_MAX_ARGS; i++)
		sc.args[i] = call->req->data.args[i];
	sc.phase = exit ? SR_STRACE_EXIT : SR_STRACE_ENTRY;
	sc.ret = call->result;
	sc.duration_ns = duration_ns;
	sc.read = sr_trace_read;
	sc.read_ctx = (void *)call;
	if (entry != NULL && !exit) {
		len = sr_strace_format_entry(&entry->line, &sc);
		sr_trace_write(call, entry->line.line, len);
		return;
	}
	sc.entry = entry != NULL ? &entry->line : NULL;
	len = sr_strace_format(line, sizeof(line), &sc);
	sr_trace_write(call, line, len);
}
