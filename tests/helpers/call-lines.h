/* One line per call, for the helpers that run a matrix of file system
 * calls on the bare host and under sentry-run and want the same lines
 * (fsdiff, parity): the call, its arguments, and "= VALUE" or
 * "= ERRNONAME", with the fields of what a stat found.  The calls are
 * made raw (syscall(2)), so that no libc emulation hides what the
 * kernel, or the Sentry, said; fds are printed as "fd", never as their
 * numbers.  Every function is static inline: each helper uses some. */
#ifndef SR_TEST_CALL_LINES_H
#define SR_TEST_CALL_LINES_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Big enough for every description, link target and cwd printed. */
#define CALL_LINES_BUF 8192

static inline void line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static inline const char *err_name(int e)
{
	const char *n = strerrorname_np(e);

	return n != NULL ? n : "E?";
}

/* "= VALUE" or "= ERRNO" for a call that returned rc with errno e. */
static inline void result(const char *what, long rc, int e)
{
	if (rc < 0)
		line("%s = %s", what, err_name(e));
	else
		line("%s = %ld", what, rc);
}

#define CALL(what, expr) do { errno = 0; long rc_ = (long)(expr); result((what), rc_, errno); } while (0)

/* An fd-returning call: "= fd", and the fd kept in *out (or closed). */
static inline int fd_result(const char *what, long rc, int e, int *out)
{
	if (rc < 0) {
		line("%s = %s", what, err_name(e));
	} else {
		line("%s = fd", what);
		if (out == NULL)
			close((int)rc);
	}
	if (out != NULL)
		*out = (int)rc;
	return (int)rc;
}

#define OPEN(what, expr, out) do { errno = 0; long rc_ = (long)(expr); fd_result((what), rc_, errno, (out)); } while (0)

static inline const char *type_name(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG: return "reg";
	case S_IFDIR: return "dir";
	case S_IFLNK: return "lnk";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "sock";
	case S_IFCHR: return "chr";
	case S_IFBLK: return "blk";
	}
	return "?";
}

static inline void stat_line(const char *what, long rc, int e, const struct stat *st)
{
	if (rc < 0) {
		line("%s = %s", what, err_name(e));
		return;
	}
	/* A directory's size and the owner's number are the file system's
	 * and the user namespace's: only whether it is the caller's. */
	line("%s = %ld %s %04o nlink=%lu size=%lld own=%d", what, rc, type_name(st->st_mode),
	     (unsigned)(st->st_mode & 07777), (unsigned long)st->st_nlink,
	     S_ISDIR(st->st_mode) ? 0LL : (long long)st->st_size, st->st_uid == geteuid());
}

/* fstatat, raw (newfstatat). */
static inline void do_fstatat(const char *what, int dirfd, const char *path, int flags)
{
	struct stat st;

	errno = 0;
	long rc = syscall(SYS_newfstatat, dirfd, path, &st, flags);
	stat_line(what, rc, errno, &st);
}

static inline void do_stat(const char *path)
{
	char what[CALL_LINES_BUF];

	snprintf(what, sizeof(what), "stat(\"%.64s\")", path);
	do_fstatat(what, AT_FDCWD, path, 0);
}

static inline void do_lstat(const char *path)
{
	char what[CALL_LINES_BUF];

	snprintf(what, sizeof(what), "lstat(\"%.64s\")", path);
	do_fstatat(what, AT_FDCWD, path, AT_SYMLINK_NOFOLLOW);
}

static inline void do_fstat(const char *what, int fd)
{
	struct stat st;

	errno = 0;
	long rc = syscall(SYS_fstat, fd, &st);
	stat_line(what, rc, errno, &st);
}

static inline void do_statx(const char *what, int dirfd, const char *path, int flags, unsigned mask)
{
	struct statx stx;

	memset(&stx, 0, sizeof(stx));
	errno = 0;
	long rc = syscall(SYS_statx, dirfd, path, flags, mask, &stx);
	if (rc < 0) {
		line("%s = %s", what, err_name(errno));
		return;
	}
	/* What came back of what was asked; the file system may add more. */
	line("%s = %ld mask&asked=%#x %s %04o nlink=%u size=%llu", what, rc, stx.stx_mask & mask,
	     (stx.stx_mask & STATX_TYPE) ? type_name(stx.stx_mode) : "-",
	     (stx.stx_mask & STATX_MODE) ? (unsigned)(stx.stx_mode & 07777) : 0u,
	     (stx.stx_mask & STATX_NLINK) ? stx.stx_nlink : 0u,
	     (stx.stx_mask & STATX_SIZE) && !S_ISDIR(stx.stx_mode) ? (unsigned long long)stx.stx_size : 0ULL);
}

static inline void do_readlink(const char *what, int dirfd, const char *path, size_t size)
{
	char buf[CALL_LINES_BUF];

	memset(buf, '#', sizeof(buf));
	errno = 0;
	long rc = syscall(SYS_readlinkat, dirfd, path, buf, size);
	if (rc < 0) {
		line("%s = %s", what, err_name(errno));
		return;
	}
	/* The bytes written, and the one after them: never a NUL. */
	line("%s = %ld \"%.*s\" then '%c'", what, rc, (int)rc, buf, buf[rc] == '\0' ? '0' : buf[rc]);
}

static inline void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd) < 0) {
		perror(path);
		exit(2);
	}
}

static inline void must(int rc, const char *what)
{
	if (rc < 0) {
		perror(what);
		exit(2);
	}
}

#endif
