/* fsdiff DIR: a matrix of file system calls on a scratch tree made in
 * DIR (which must be empty), one line per case: the call, its arguments,
 * and "= VALUE" or "= ERRNONAME", with the fields of what a stat found.
 * The test runs it on the bare host and under sentry-run --rw DIR and
 * wants the same lines: inside the view, the Sentry and the Gofer must
 * answer every call as the kernel does (call-lines.h prints them). */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "call-lines.h"
#include "repeated.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#define RENAME_WHITEOUT (1 << 2)
#endif

/* Bounds the kernel sets: a name, a path with its NUL, links met. */
#define FSDIFF_NAME_MAX 255
#define FSDIFF_PATH_MAX 4096
#define FSDIFF_LINKS_MAX 40
/* An fd number nobody holds. */
#define FSDIFF_BAD_FD 987
/* openat2's first struct size, and the kernel's bound on it (a page). */
#define FSDIFF_HOW_VER0 24
#define FSDIFF_HOW_TOO_BIG 4097

static char scratch[FSDIFF_PATH_MAX];

static long do_openat2(int dirfd, const char *path, const void *how, size_t size)
{
	return syscall(SYS_openat2, dirfd, path, how, size);
}

/* The cwd as the kernel reads it, relative to the scratch directory. */
static void do_getcwd(const char *what)
{
	char buf[CALL_LINES_BUF];
	size_t len = strlen(scratch);

	errno = 0;
	long rc = syscall(SYS_getcwd, buf, sizeof(buf));
	if (rc < 0)
		line("%s = %s", what, err_name(errno));
	else if (strncmp(buf, scratch, len) == 0)
		line("%s = DIR%s", what, buf + len);
	else
		line("%s = \"%s\"", what, buf);
}

/* The tree every case starts from:
 *   f (file, "hello"), d/ with d/inner, e/ (empty), lnk -> f,
 *   long -> abcdefgh, dlnk -> d, dangling -> missing,
 *   loop1 <-> loop2, abs -> /inner (for RESOLVE_IN_ROOT in d). */
static void make_tree(void)
{
	umask(022);
	write_file("f", "hello");
	must(mkdir("d", 0755), "mkdir d");
	must(mkdir("e", 0755), "mkdir e");
	write_file("d/inner", "inner");
	must(symlink("f", "lnk"), "lnk");
	must(symlink("abcdefgh", "long"), "long");
	must(symlink("d", "dlnk"), "dlnk");
	must(symlink("missing", "dangling"), "dangling");
	must(symlink("loop2", "loop1"), "loop1");
	must(symlink("loop1", "loop2"), "loop2");
	must(symlink("/inner", "d/abs"), "d/abs");
	must(symlink("../f", "d/up"), "d/up");
}

static void cases_open(void)
{
	int fd, lfd;

	line("# open");
	OPEN("openat(\"f\", O_PATH)", syscall(SYS_openat, AT_FDCWD, "f", O_PATH), &fd);
	if (fd >= 0) {
		do_fstat("  fstat(O_PATH fd of f)", fd);
		CALL("  read(O_PATH fd)", read(fd, (char[8]){ 0 }, 8));
		close(fd);
	}
	OPEN("openat(\"lnk\", O_PATH|O_NOFOLLOW)", syscall(SYS_openat, AT_FDCWD, "lnk", O_PATH | O_NOFOLLOW), &lfd);
	if (lfd >= 0) {
		do_fstatat("  fstatat(lnk fd, \"\", AT_EMPTY_PATH)", lfd, "", AT_EMPTY_PATH);
		do_readlink("  readlinkat(lnk fd, \"\")", lfd, "", 64);
		CALL("  fchownat(lnk fd, \"\", -1, -1, AT_EMPTY_PATH)",
		     syscall(SYS_fchownat, lfd, "", -1, -1, AT_EMPTY_PATH));
		close(lfd);
	}
	OPEN("openat(\"missing\", O_PATH)", syscall(SYS_openat, AT_FDCWD, "missing", O_PATH), NULL);
	OPEN("openat(\"f\", O_PATH|O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, "f", O_PATH | O_DIRECTORY), NULL);
	OPEN("openat(\"dangling\", O_PATH)", syscall(SYS_openat, AT_FDCWD, "dangling", O_PATH), NULL);
	OPEN("openat(\"f\", O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, "f", O_RDONLY | O_DIRECTORY), NULL);
	OPEN("openat(\"dlnk\", O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, "dlnk", O_RDONLY | O_DIRECTORY), NULL);
	OPEN("openat(\"lnk\", O_NOFOLLOW)", syscall(SYS_openat, AT_FDCWD, "lnk", O_RDONLY | O_NOFOLLOW), NULL);
	OPEN("openat(\"dlnk/inner\", O_NOFOLLOW)",
	     syscall(SYS_openat, AT_FDCWD, "dlnk/inner", O_RDONLY | O_NOFOLLOW), NULL);
	OPEN("openat(\"dangling\", O_CREAT|O_EXCL)",
	     syscall(SYS_openat, AT_FDCWD, "dangling", O_WRONLY | O_CREAT | O_EXCL, 0600), NULL);
	OPEN("openat(\"lnk\", O_CREAT|O_EXCL)", syscall(SYS_openat, AT_FDCWD, "lnk", O_WRONLY | O_CREAT | O_EXCL, 0600), NULL);
	do_lstat("missing");
	OPEN("openat(\"dangling\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "dangling", O_WRONLY | O_CREAT, 0600), NULL);
	do_lstat("missing");
	CALL("unlink(\"missing\")", syscall(SYS_unlink, "missing"));
	OPEN("openat(\"dangling\", O_CREAT|O_NOFOLLOW)",
	     syscall(SYS_openat, AT_FDCWD, "dangling", O_WRONLY | O_CREAT | O_NOFOLLOW, 0600), NULL);
	OPEN("openat(\"f/\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "f/", O_RDONLY), NULL);
	OPEN("openat(\"f/\", O_PATH)", syscall(SYS_openat, AT_FDCWD, "f/", O_PATH), NULL);
	OPEN("openat(\"d/\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "d/", O_RDONLY), NULL);
	OPEN("openat(\"dlnk/\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "dlnk/", O_RDONLY), NULL);
	OPEN("openat(\"lnk/\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "lnk/", O_RDONLY), NULL);
	OPEN("openat(\"nope/\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "nope/", O_RDONLY), NULL);
	OPEN("openat(\"nope/\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "nope/", O_WRONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"f/\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "f/", O_WRONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"d\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "d", O_RDONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"d\", O_WRONLY)", syscall(SYS_openat, AT_FDCWD, "d", O_WRONLY), NULL);
	OPEN("openat(\"d\", O_RDONLY|O_TRUNC)", syscall(SYS_openat, AT_FDCWD, "d", O_RDONLY | O_TRUNC), NULL);
	OPEN("openat(\"new\", O_CREAT|O_DIRECTORY)",
	     syscall(SYS_openat, AT_FDCWD, "new", O_RDONLY | O_CREAT | O_DIRECTORY, 0600), NULL);
	do_lstat("new");
	OPEN("openat(\"f\", O_CREAT|O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, "f", O_RDONLY | O_CREAT | O_DIRECTORY, 0600), NULL);
	OPEN("openat(\"d\", O_CREAT|O_EXCL)", syscall(SYS_openat, AT_FDCWD, "d", O_RDONLY | O_CREAT | O_EXCL, 0600), NULL);
	OPEN("openat(\"d/inner/\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "d/inner/", O_RDONLY), NULL);
	OPEN("openat(\"/proc/self/cwd/f\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "/proc/self/cwd/f", O_RDONLY), NULL);
	do_stat("/proc/self/cwd/d/up");
	do_lstat("/proc/self/cwd/");
	OPEN("openat(\"\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "", O_RDONLY), NULL);
	OPEN("openat(\"loop1\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "loop1", O_RDONLY), NULL);
	OPEN("openat(\"loop1/x\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "loop1/x", O_RDONLY), NULL);
	OPEN("openat(\"f/x\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "f/x", O_RDONLY), NULL);
	OPEN("openat(\"d/..\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "d/..", O_RDONLY), NULL);
	OPEN("openat(\".\", O_WRONLY|O_CREAT)", syscall(SYS_openat, AT_FDCWD, ".", O_WRONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"f\", O_RDONLY|O_CREAT|O_EXCL, 0)", syscall(SYS_openat, AT_FDCWD, "f", O_RDONLY | O_CREAT | O_EXCL, 0), NULL);
	OPEN("openat(\"new0\", O_CREAT, 0)", syscall(SYS_openat, AT_FDCWD, "new0", O_RDONLY | O_CREAT, 0), NULL);
	do_stat("new0");
	CALL("unlink(\"new0\")", syscall(SYS_unlink, "new0"));
	OPEN("openat(\"newm\", O_CREAT, 04777)", syscall(SYS_openat, AT_FDCWD, "newm", O_RDONLY | O_CREAT, 04777), NULL);
	do_stat("newm");
	CALL("unlink(\"newm\")", syscall(SYS_unlink, "newm"));
}

/* O_CREAT where the last name asks for a directory, by its own trailing
 * slash or one in a link's target (the kernel answers EISDIR, or EINVAL
 * with O_DIRECTORY, before it looks the name up: nothing is made), or is
 * ".", ".." or "/" (an existing directory: EEXIST with O_EXCL). */
static void cases_create_dir_names(void)
{
	line("# O_CREAT of a directory's name");
	must(symlink("sx/", "slnk"), "slnk");
	must(symlink("f/", "fslnk"), "fslnk");
	OPEN("openat(\"slnk\" -> \"sx/\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "slnk", O_WRONLY | O_CREAT, 0600), NULL);
	do_lstat("sx");
	OPEN("openat(\"fslnk\" -> \"f/\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "fslnk", O_RDONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"fslnk\" -> \"f/\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "fslnk", O_RDONLY), NULL);
	OPEN("openat(\"./\", O_CREAT|O_EXCL)", syscall(SYS_openat, AT_FDCWD, "./", O_RDONLY | O_CREAT | O_EXCL, 0600), NULL);
	OPEN("openat(\"d/./\", O_CREAT|O_EXCL)", syscall(SYS_openat, AT_FDCWD, "d/./", O_RDONLY | O_CREAT | O_EXCL, 0600), NULL);
	OPEN("openat(\"d/../\", O_CREAT|O_EXCL)", syscall(SYS_openat, AT_FDCWD, "d/../", O_RDONLY | O_CREAT | O_EXCL, 0600), NULL);
	OPEN("openat(\"d/../\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "d/../", O_RDONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"/\", O_CREAT|O_EXCL)", syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_CREAT | O_EXCL, 0600), NULL);
	OPEN("openat(\"d/\", O_CREAT|O_EXCL)", syscall(SYS_openat, AT_FDCWD, "d/", O_RDONLY | O_CREAT | O_EXCL, 0600), NULL);
	OPEN("openat(\"d/\", O_CREAT|O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, "d/", O_RDONLY | O_CREAT | O_DIRECTORY, 0600), NULL);
	OPEN("openat(\"./\", O_CREAT|O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, "./", O_RDONLY | O_CREAT | O_DIRECTORY, 0600), NULL);
	OPEN("openat(\"dlnk\", O_DIRECTORY|O_NOFOLLOW)", syscall(SYS_openat, AT_FDCWD, "dlnk", O_RDONLY | O_DIRECTORY | O_NOFOLLOW), NULL);
	OPEN("openat(\"dlnk\", O_TMPFILE|O_NOFOLLOW)", syscall(SYS_openat, AT_FDCWD, "dlnk", O_RDWR | O_TMPFILE | O_NOFOLLOW, 0600), NULL);
	CALL("unlink(\"slnk\")", syscall(SYS_unlink, "slnk"));
	CALL("unlink(\"fslnk\")", syscall(SYS_unlink, "fslnk"));
}

/* The program's own fds by the other names /proc gives them: its pid
 * for "self", a thread's directory, extra slashes: what an fd with no
 * path in the view is (a pipe, a memfd) is reached all the same. */
static void cases_proc_own_fds(void)
{
	int p[2];
	int m = (int)syscall(SYS_memfd_create, "m", 0);
	int pid = getpid(), tid = (int)syscall(SYS_gettid);
	char path[128], what[CALL_LINES_BUF];

	line("# /proc names of the program's own fds");
	must(pipe(p), "pipe");
	must(m, "memfd_create");
	for (int i = 0; i < 2; i++) {
		int fd = i == 0 ? p[0] : m;
		const char *kind = i == 0 ? "pipe" : "memfd";
		char spellings[6][sizeof(path)];

		snprintf(spellings[0], sizeof(path), "/proc/%d/fd/%d", pid, fd);
		snprintf(spellings[1], sizeof(path), "/proc/self/task/%d/fd/%d", tid, fd);
		snprintf(spellings[2], sizeof(path), "/proc/%d/task/%d/fd/%d", pid, tid, fd);
		snprintf(spellings[3], sizeof(path), "/proc/self//fd/%d", fd);
		snprintf(spellings[4], sizeof(path), "/proc/./self/fd/%d", fd);
		snprintf(spellings[5], sizeof(path), "/proc/self/fd/%d/", fd);
		for (size_t j = 0; j < sizeof(spellings) / sizeof(spellings[0]); j++) {
			snprintf(what, sizeof(what), "openat(%s, spelling %zu)", kind, j);
			OPEN(what, syscall(SYS_openat, AT_FDCWD, spellings[j], O_RDONLY), NULL);
			snprintf(what, sizeof(what), "stat(%s, spelling %zu)", kind, j);
			do_fstatat(what, AT_FDCWD, spellings[j], 0);
		}
	}
	close(p[0]);
	close(p[1]);
	close(m);
}

static void cases_tmpfile(void)
{
	char proc[64];
	int fd;

	line("# O_TMPFILE");
	OPEN("openat(\"d\", O_TMPFILE|O_RDWR)", syscall(SYS_openat, AT_FDCWD, "d", O_TMPFILE | O_RDWR, 0640), &fd);
	if (fd >= 0) {
		CALL("  write(tmpfile)", write(fd, "tmp", 3));
		do_fstat("  fstat(tmpfile)", fd);
		CALL("  linkat(tmpfile, \"\", \"t1\", AT_EMPTY_PATH)",
		     syscall(SYS_linkat, fd, "", AT_FDCWD, "t1", AT_EMPTY_PATH));
		do_stat("t1");
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		CALL("  linkat(\"/proc/self/fd/N\", \"t2\", AT_SYMLINK_FOLLOW)",
		     syscall(SYS_linkat, AT_FDCWD, proc, AT_FDCWD, "t2", AT_SYMLINK_FOLLOW));
		do_stat("t2");
		CALL("  linkat(\"/proc/self/fd/N\", \"t3\", 0)",
		     syscall(SYS_linkat, AT_FDCWD, proc, AT_FDCWD, "t3", 0));
		do_fstat("  fstat(tmpfile)", fd);
		close(fd);
	}
	OPEN("openat(\"d\", O_TMPFILE|O_RDWR|O_EXCL)",
	     syscall(SYS_openat, AT_FDCWD, "d", O_TMPFILE | O_RDWR | O_EXCL, 0600), &fd);
	if (fd >= 0) {
		CALL("  linkat(excl tmpfile, \"\", \"t4\", AT_EMPTY_PATH)",
		     syscall(SYS_linkat, fd, "", AT_FDCWD, "t4", AT_EMPTY_PATH));
		close(fd);
	}
	/* An O_PATH fd the program opened itself, by the kernel (fs.c). */
	OPEN("openat(\"f\", O_PATH)", syscall(SYS_openat, AT_FDCWD, "f", O_PATH), &fd);
	if (fd >= 0) {
		CALL("  linkat(O_PATH fd, \"\", \"t5\", AT_EMPTY_PATH)",
		     syscall(SYS_linkat, fd, "", AT_FDCWD, "t5", AT_EMPTY_PATH));
		do_stat("f");
		close(fd);
	}
	CALL("unlink(\"t5\")", syscall(SYS_unlink, "t5"));
	OPEN("openat(\"d\", O_TMPFILE|O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "d", O_TMPFILE | O_RDONLY, 0600), NULL);
	OPEN("openat(\"f\", O_TMPFILE|O_RDWR)", syscall(SYS_openat, AT_FDCWD, "f", O_TMPFILE | O_RDWR, 0600), NULL);
	OPEN("openat(\"missing\", O_TMPFILE|O_RDWR)",
	     syscall(SYS_openat, AT_FDCWD, "missing", O_TMPFILE | O_RDWR, 0600), NULL);
	OPEN("openat(\"dlnk\", O_TMPFILE|O_WRONLY)", syscall(SYS_openat, AT_FDCWD, "dlnk", O_TMPFILE | O_WRONLY, 0600), NULL);
	CALL("unlink(\"t1\")", syscall(SYS_unlink, "t1"));
	CALL("unlink(\"t2\")", syscall(SYS_unlink, "t2"));
	CALL("unlink(\"t3\")", syscall(SYS_unlink, "t3"));
	CALL("unlink(\"t4\")", syscall(SYS_unlink, "t4"));
}

static void cases_empty_path_and_dirfd(void)
{
	int ffd, dfd;

	line("# empty paths, dirfds");
	ffd = open("f", O_RDONLY | O_CLOEXEC);
	dfd = open("d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	must(ffd, "open f");
	must(dfd, "open d");
	do_fstatat("fstatat(AT_FDCWD, \"\", 0)", AT_FDCWD, "", 0);
	do_fstatat("fstatat(AT_FDCWD, \"\", AT_EMPTY_PATH)", AT_FDCWD, "", AT_EMPTY_PATH);
	do_fstatat("fstatat(file fd, \"\", 0)", ffd, "", 0);
	do_fstatat("fstatat(file fd, \"\", AT_EMPTY_PATH)", ffd, "", AT_EMPTY_PATH);
	do_statx("statx(file fd, \"\", 0)", ffd, "", 0, STATX_BASIC_STATS);
	do_statx("statx(file fd, \"\", AT_EMPTY_PATH)", ffd, "", AT_EMPTY_PATH, STATX_BASIC_STATS);
	do_statx("statx(AT_FDCWD, \"\", AT_EMPTY_PATH)", AT_FDCWD, "", AT_EMPTY_PATH, STATX_BASIC_STATS);
	CALL("fchownat(file fd, \"\", -1, -1, 0)", syscall(SYS_fchownat, ffd, "", -1, -1, 0));
	CALL("fchownat(file fd, \"\", -1, -1, AT_EMPTY_PATH)", syscall(SYS_fchownat, ffd, "", -1, -1, AT_EMPTY_PATH));
	CALL("linkat(file fd, \"\", \"l1\", 0)", syscall(SYS_linkat, ffd, "", AT_FDCWD, "l1", 0));
	CALL("linkat(dir fd, \"\", \"l1\", AT_EMPTY_PATH)", syscall(SYS_linkat, dfd, "", AT_FDCWD, "l1", AT_EMPTY_PATH));
	do_readlink("readlinkat(file fd, \"\")", ffd, "", 64);
	do_readlink("readlinkat(AT_FDCWD, \"\")", AT_FDCWD, "", 64);
	CALL("faccessat2(file fd, \"\", R_OK, AT_EMPTY_PATH)", syscall(SYS_faccessat2, ffd, "", R_OK, AT_EMPTY_PATH));
	CALL("faccessat2(file fd, \"\", R_OK, 0)", syscall(SYS_faccessat2, ffd, "", R_OK, 0));
	CALL("utimensat(file fd, \"\", NULL, 0)", syscall(SYS_utimensat, ffd, "", NULL, 0));
	CALL("linkat(file fd, NULL, \"l1\", AT_EMPTY_PATH)", syscall(SYS_linkat, ffd, NULL, AT_FDCWD, "l1", AT_EMPTY_PATH));
	CALL("linkat(file fd, \"\", NULL, AT_EMPTY_PATH)", syscall(SYS_linkat, ffd, "", AT_FDCWD, NULL, AT_EMPTY_PATH));
	CALL("linkat(file fd, \"\", \"\", AT_EMPTY_PATH)", syscall(SYS_linkat, ffd, "", AT_FDCWD, "", AT_EMPTY_PATH));
	CALL("linkat(file fd, \"\", \"f\", AT_EMPTY_PATH)", syscall(SYS_linkat, ffd, "", AT_FDCWD, "f", AT_EMPTY_PATH));
	CALL("linkat(file fd, \"\", \"nope/x\", AT_EMPTY_PATH)",
	     syscall(SYS_linkat, ffd, "", AT_FDCWD, "nope/x", AT_EMPTY_PATH));
	CALL("linkat(BAD, \"\", \"l1\", AT_EMPTY_PATH)", syscall(SYS_linkat, FSDIFF_BAD_FD, "", AT_FDCWD, "l1", AT_EMPTY_PATH));
	CALL("linkat(AT_FDCWD, \"f\", \"l2\", AT_EMPTY_PATH)", syscall(SYS_linkat, AT_FDCWD, "f", AT_FDCWD, "l2", AT_EMPTY_PATH));
	CALL("unlink(\"l2\")", syscall(SYS_unlink, "l2"));
	do_fstatat("fstatat(file fd, NULL, AT_EMPTY_PATH)", ffd, NULL, AT_EMPTY_PATH);
	do_statx("statx(file fd, NULL, AT_EMPTY_PATH)", ffd, NULL, AT_EMPTY_PATH, STATX_BASIC_STATS);
	CALL("mkdirat(AT_FDCWD, \"\")", syscall(SYS_mkdirat, AT_FDCWD, "", 0755));
	CALL("unlinkat(AT_FDCWD, \"\")", syscall(SYS_unlinkat, AT_FDCWD, "", 0));

	/* A regular file as the dirfd, and an fd nobody holds. */
	OPEN("openat(file fd, \"x\")", syscall(SYS_openat, ffd, "x", O_RDONLY), NULL);
	OPEN("openat(file fd, \"x\", O_CREAT)", syscall(SYS_openat, ffd, "x", O_WRONLY | O_CREAT, 0600), NULL);
	do_fstatat("fstatat(file fd, \"x\")", ffd, "x", 0);
	do_fstatat("fstatat(file fd, \".\")", ffd, ".", 0);
	CALL("mkdirat(file fd, \"x\")", syscall(SYS_mkdirat, ffd, "x", 0755));
	CALL("unlinkat(file fd, \"x\")", syscall(SYS_unlinkat, ffd, "x", 0));
	do_readlink("readlinkat(file fd, \"x\")", ffd, "x", 64);
	CALL("faccessat(file fd, \"x\")", syscall(SYS_faccessat, ffd, "x", R_OK));
	CALL("renameat(file fd, \"x\", AT_FDCWD, \"y\")", syscall(SYS_renameat, ffd, "x", AT_FDCWD, "y"));
	OPEN("openat(BAD, \"x\")", syscall(SYS_openat, FSDIFF_BAD_FD, "x", O_RDONLY), NULL);
	OPEN("openat(-5, \"x\")", syscall(SYS_openat, -5, "x", O_RDONLY), NULL);
	do_fstatat("fstatat(BAD, \"x\")", FSDIFF_BAD_FD, "x", 0);
	do_fstatat("fstatat(BAD, \"\", AT_EMPTY_PATH)", FSDIFF_BAD_FD, "", AT_EMPTY_PATH);
	CALL("mkdirat(BAD, \"x\")", syscall(SYS_mkdirat, FSDIFF_BAD_FD, "x", 0755));
	CALL("symlinkat(\"t\", BAD, \"x\")", syscall(SYS_symlinkat, "t", FSDIFF_BAD_FD, "x"));
	CALL("renameat(AT_FDCWD, \"f\", BAD, \"y\")", syscall(SYS_renameat, AT_FDCWD, "f", FSDIFF_BAD_FD, "y"));
	CALL("linkat(AT_FDCWD, \"f\", BAD, \"y\")", syscall(SYS_linkat, AT_FDCWD, "f", FSDIFF_BAD_FD, "y", 0));
	char abs_f[CALL_LINES_BUF];
	snprintf(abs_f, sizeof(abs_f), "%s/f", scratch);
	do_fstatat("fstatat(BAD, \"DIR/f\")", FSDIFF_BAD_FD, abs_f, 0);
	do_fstatat("fstatat(file fd, \"DIR/f\")", ffd, abs_f, 0);
	do_fstatat("fstatat(dir fd, \"inner\")", dfd, "inner", 0);
	do_fstatat("fstatat(dir fd, \"up\")", dfd, "up", 0);
	do_fstatat("fstatat(dir fd, \"..\")", dfd, "..", 0);
	close(ffd);
	close(dfd);
}

static void cases_nofollow_changes(void)
{
	struct timespec times[2] = { { .tv_sec = 1000000000, .tv_nsec = 0 }, { .tv_sec = 1000000000, .tv_nsec = 0 } };
	struct stat st;

	line("# AT_SYMLINK_NOFOLLOW");
	/* glibc's: fchmodat2, or before it (and where the call is not
	 * offered) an O_PATH open and a chmod of its /proc/self/fd link. */
	CALL("fchmodat(\"lnk\", 0600, AT_SYMLINK_NOFOLLOW)", fchmodat(AT_FDCWD, "lnk", 0600, AT_SYMLINK_NOFOLLOW));
	CALL("fchmodat(\"f\", 0640, AT_SYMLINK_NOFOLLOW)", fchmodat(AT_FDCWD, "f", 0640, AT_SYMLINK_NOFOLLOW));
	do_stat("f");
	CALL("fchmodat(\"dangling\", 0640, AT_SYMLINK_NOFOLLOW)",
	     fchmodat(AT_FDCWD, "dangling", 0640, AT_SYMLINK_NOFOLLOW));
	CALL("fchmodat(\"lnk\", 0644)", syscall(SYS_fchmodat, AT_FDCWD, "lnk", 0644));
	do_stat("f");
	CALL("fchmodat(\"dangling\", 0644)", syscall(SYS_fchmodat, AT_FDCWD, "dangling", 0644));
	CALL("utimensat(\"lnk\", T, AT_SYMLINK_NOFOLLOW)", syscall(SYS_utimensat, AT_FDCWD, "lnk", times, AT_SYMLINK_NOFOLLOW));
	must(lstat("lnk", &st), "lstat lnk");
	line("  lnk mtime set: %d", st.st_mtime == times[1].tv_sec);
	must(stat("f", &st), "stat f");
	line("  f mtime set: %d", st.st_mtime == times[1].tv_sec);
	CALL("utimensat(\"dangling\", T, AT_SYMLINK_NOFOLLOW)",
	     syscall(SYS_utimensat, AT_FDCWD, "dangling", times, AT_SYMLINK_NOFOLLOW));
	CALL("utimensat(\"dangling\", T, 0)", syscall(SYS_utimensat, AT_FDCWD, "dangling", times, 0));
	CALL("utimensat(\"f\", T, 0x1)", syscall(SYS_utimensat, AT_FDCWD, "f", times, 0x1));
	CALL("fchownat(\"lnk\", -1, -1, AT_SYMLINK_NOFOLLOW)", syscall(SYS_fchownat, AT_FDCWD, "lnk", -1, -1, AT_SYMLINK_NOFOLLOW));
	CALL("fchownat(\"dangling\", -1, -1, 0)", syscall(SYS_fchownat, AT_FDCWD, "dangling", -1, -1, 0));
}

static void cases_openat2(void)
{
	struct open_how how;
	unsigned char big[FSDIFF_HOW_TOO_BIG];
	int dfd = open("d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char abs_f[CALL_LINES_BUF];

	line("# openat2");
	must(dfd, "open d");
	snprintf(abs_f, sizeof(abs_f), "%s/f", scratch);
#define HOW(f, m, r) (how = (struct open_how){ .flags = (f), .mode = (m), .resolve = (r) }, &how)
	OPEN("openat2(\"f\", size 0)", do_openat2(AT_FDCWD, "f", HOW(O_RDONLY, 0, 0), 0), NULL);
	OPEN("openat2(\"f\", size 23)", do_openat2(AT_FDCWD, "f", HOW(O_RDONLY, 0, 0), FSDIFF_HOW_VER0 - 1), NULL);
	OPEN("openat2(\"f\", size 24)", do_openat2(AT_FDCWD, "f", HOW(O_RDONLY, 0, 0), FSDIFF_HOW_VER0), NULL);
	memset(big, 0, sizeof(big));
	OPEN("openat2(\"f\", size 4096 zeros)", do_openat2(AT_FDCWD, "f", big, sizeof(big) - 1), NULL);
	OPEN("openat2(\"f\", size 4097)", do_openat2(AT_FDCWD, "f", big, sizeof(big)), NULL);
	big[40] = 1;
	OPEN("openat2(\"f\", size 64, byte 40 set)", do_openat2(AT_FDCWD, "f", big, 64), NULL);
	OPEN("openat2(\"f\", unknown flag)", do_openat2(AT_FDCWD, "f", HOW(O_RDONLY | (1ULL << 40), 0, 0), sizeof(how)), NULL);
	OPEN("openat2(\"f\", unknown resolve)", do_openat2(AT_FDCWD, "f", HOW(O_RDONLY, 0, 1ULL << 20), sizeof(how)), NULL);
	OPEN("openat2(\"f\", mode without O_CREAT)", do_openat2(AT_FDCWD, "f", HOW(O_RDONLY, 0644, 0), sizeof(how)), NULL);
	OPEN("openat2(\"n\", O_CREAT, mode 010000)", do_openat2(AT_FDCWD, "n", HOW(O_RDONLY | O_CREAT, 010000, 0), sizeof(how)), NULL);
	OPEN("openat2(\"f\", O_PATH|O_RDWR)", do_openat2(AT_FDCWD, "f", HOW(O_PATH | O_RDWR, 0, 0), sizeof(how)), NULL);
	OPEN("openat2(\"f\", BENEATH|IN_ROOT)",
	     do_openat2(AT_FDCWD, "f", HOW(O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT), sizeof(how)), NULL);
	OPEN("openat2(d, \"inner\", BENEATH)", do_openat2(dfd, "inner", HOW(O_RDONLY, 0, RESOLVE_BENEATH), sizeof(how)), NULL);
	OPEN("openat2(d, \"../f\", BENEATH)", do_openat2(dfd, "../f", HOW(O_RDONLY, 0, RESOLVE_BENEATH), sizeof(how)), NULL);
	OPEN("openat2(d, \"up\", BENEATH)", do_openat2(dfd, "up", HOW(O_RDONLY, 0, RESOLVE_BENEATH), sizeof(how)), NULL);
	OPEN("openat2(d, \"abs\", BENEATH)", do_openat2(dfd, "abs", HOW(O_RDONLY, 0, RESOLVE_BENEATH), sizeof(how)), NULL);
	OPEN("openat2(d, DIR/f, BENEATH)", do_openat2(dfd, abs_f, HOW(O_RDONLY, 0, RESOLVE_BENEATH), sizeof(how)), NULL);
	OPEN("openat2(d, \"./inner/..\", BENEATH)", do_openat2(dfd, "./inner/..", HOW(O_RDONLY, 0, RESOLVE_BENEATH), sizeof(how)), NULL);
	OPEN("openat2(d, \"abs\", IN_ROOT)", do_openat2(dfd, "abs", HOW(O_RDONLY, 0, RESOLVE_IN_ROOT), sizeof(how)), NULL);
	OPEN("openat2(d, \"/inner\", IN_ROOT)", do_openat2(dfd, "/inner", HOW(O_RDONLY, 0, RESOLVE_IN_ROOT), sizeof(how)), NULL);
	OPEN("openat2(d, \"../../inner\", IN_ROOT)", do_openat2(dfd, "../../inner", HOW(O_RDONLY, 0, RESOLVE_IN_ROOT), sizeof(how)), NULL);
	OPEN("openat2(d, \"up\", IN_ROOT)", do_openat2(dfd, "up", HOW(O_RDONLY, 0, RESOLVE_IN_ROOT), sizeof(how)), NULL);
	OPEN("openat2(d, \"/new\", IN_ROOT|O_CREAT)", do_openat2(dfd, "/new", HOW(O_WRONLY | O_CREAT, 0600, RESOLVE_IN_ROOT), sizeof(how)), NULL);
	do_stat("d/new");
	OPEN("openat2(\"lnk\", NO_SYMLINKS)", do_openat2(AT_FDCWD, "lnk", HOW(O_RDONLY, 0, RESOLVE_NO_SYMLINKS), sizeof(how)), NULL);
	OPEN("openat2(\"dlnk/inner\", NO_SYMLINKS)",
	     do_openat2(AT_FDCWD, "dlnk/inner", HOW(O_RDONLY, 0, RESOLVE_NO_SYMLINKS), sizeof(how)), NULL);
	OPEN("openat2(\"lnk\", NO_SYMLINKS, O_PATH|O_NOFOLLOW)",
	     do_openat2(AT_FDCWD, "lnk", HOW(O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS), sizeof(how)), NULL);
	OPEN("openat2(\"f\", NO_SYMLINKS)", do_openat2(AT_FDCWD, "f", HOW(O_RDONLY, 0, RESOLVE_NO_SYMLINKS), sizeof(how)), NULL);
	OPEN("openat2(\"lnk\", NO_MAGICLINKS)", do_openat2(AT_FDCWD, "lnk", HOW(O_RDONLY, 0, RESOLVE_NO_MAGICLINKS), sizeof(how)), NULL);
	OPEN("openat2(\"/proc/self/cwd\", NO_MAGICLINKS)",
	     do_openat2(AT_FDCWD, "/proc/self/cwd", HOW(O_RDONLY, 0, RESOLVE_NO_MAGICLINKS), sizeof(how)), NULL);
	OPEN("openat2(\"/proc/self/fd/0\", NO_MAGICLINKS)",
	     do_openat2(AT_FDCWD, "/proc/self/fd/0", HOW(O_RDONLY, 0, RESOLVE_NO_MAGICLINKS), sizeof(how)), NULL);
	OPEN("openat2(\"/proc/self/cwd/f\", NO_MAGICLINKS)",
	     do_openat2(AT_FDCWD, "/proc/self/cwd/f", HOW(O_RDONLY, 0, RESOLVE_NO_MAGICLINKS), sizeof(how)), NULL);
	OPEN("openat2(\"/proc/self/cwd/f\", 0)",
	     do_openat2(AT_FDCWD, "/proc/self/cwd/f", HOW(O_RDONLY, 0, 0), sizeof(how)), NULL);
	OPEN("openat2(\"/proc/self/cwd\", NO_SYMLINKS)",
	     do_openat2(AT_FDCWD, "/proc/self/cwd", HOW(O_RDONLY, 0, RESOLVE_NO_SYMLINKS), sizeof(how)), NULL);
	OPEN("openat2(\"/proc/self/cwd\", O_PATH|O_NOFOLLOW, NO_MAGICLINKS)",
	     do_openat2(AT_FDCWD, "/proc/self/cwd", HOW(O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_MAGICLINKS), sizeof(how)), NULL);
#undef HOW
	close(dfd);
}

static void cases_statx(void)
{
	static const struct { const char *name; unsigned mask; } masks[] = {
		{ "0", 0 }, { "TYPE", STATX_TYPE }, { "MODE|SIZE", STATX_MODE | STATX_SIZE },
		{ "BASIC", STATX_BASIC_STATS }, { "ALL", STATX_ALL }, { "BTIME", STATX_BTIME },
	};
	static const struct { const char *name; int flags; } syncs[] = {
		{ "SYNC_AS_STAT", AT_STATX_SYNC_AS_STAT }, { "FORCE_SYNC", AT_STATX_FORCE_SYNC },
		{ "DONT_SYNC", AT_STATX_DONT_SYNC },
		{ "FORCE|DONT", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC },
	};
	char what[CALL_LINES_BUF];

	line("# statx");
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		snprintf(what, sizeof(what), "statx(\"f\", 0, %s)", masks[i].name);
		do_statx(what, AT_FDCWD, "f", 0, masks[i].mask);
	}
	for (size_t i = 0; i < sizeof(syncs) / sizeof(syncs[0]); i++) {
		snprintf(what, sizeof(what), "statx(\"lnk\", %s, BASIC)", syncs[i].name);
		do_statx(what, AT_FDCWD, "lnk", syncs[i].flags, STATX_BASIC_STATS);
	}
	do_statx("statx(\"lnk\", AT_SYMLINK_NOFOLLOW, BASIC)", AT_FDCWD, "lnk", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS);
	do_statx("statx(\"d\", 0, BASIC)", AT_FDCWD, "d", 0, STATX_BASIC_STATS);
	do_statx("statx(\"f\", 0, RESERVED)", AT_FDCWD, "f", 0, STATX__RESERVED);
	do_statx("statx(\"f\", 0x10000, BASIC)", AT_FDCWD, "f", 0x10000, STATX_BASIC_STATS);
	do_statx("statx(\"missing\", 0, BASIC)", AT_FDCWD, "missing", 0, STATX_BASIC_STATS);
	do_statx("statx(\"f/\", 0, BASIC)", AT_FDCWD, "f/", 0, STATX_BASIC_STATS);
	do_statx("statx(\"loop1\", 0, BASIC)", AT_FDCWD, "loop1", 0, STATX_BASIC_STATS);
	do_statx("statx(\"loop1\", NOFOLLOW, BASIC)", AT_FDCWD, "loop1", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS);
}

static void cases_readlink(void)
{
	line("# readlink");
	do_readlink("readlink(\"long\", 3)", AT_FDCWD, "long", 3);
	do_readlink("readlink(\"long\", 8)", AT_FDCWD, "long", 8);
	do_readlink("readlink(\"long\", 9)", AT_FDCWD, "long", 9);
	do_readlink("readlink(\"long\", 1)", AT_FDCWD, "long", 1);
	do_readlink("readlink(\"long\", 0)", AT_FDCWD, "long", 0);
	do_readlink("readlink(\"long\", -1)", AT_FDCWD, "long", (size_t)-1);
	do_readlink("readlink(\"f\")", AT_FDCWD, "f", 64);
	do_readlink("readlink(\"d\")", AT_FDCWD, "d", 64);
	do_readlink("readlink(\"missing\")", AT_FDCWD, "missing", 64);
	do_readlink("readlink(\"lnk/\")", AT_FDCWD, "lnk/", 64);
	do_readlink("readlink(\"dlnk/\")", AT_FDCWD, "dlnk/", 64);
	do_readlink("readlink(\"dlnk/abs\")", AT_FDCWD, "dlnk/abs", 64);
	do_readlink("readlink(\"loop1\")", AT_FDCWD, "loop1", 64);
	do_readlink("readlink(\"/proc/self/cwd\")", AT_FDCWD, "/proc/self/cwd", 1);
}

static void cases_rename(void)
{
	line("# rename");
	write_file("a", "aa");
	write_file("b", "bbb");
	CALL("renameat2(\"a\", \"b\", NOREPLACE)", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE));
	CALL("renameat2(\"a\", \"c\", NOREPLACE)", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "c", RENAME_NOREPLACE));
	CALL("renameat2(\"c\", \"b\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "b", RENAME_EXCHANGE));
	do_stat("b");
	do_stat("c");
	CALL("renameat2(\"c\", \"nope\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "nope", RENAME_EXCHANGE));
	CALL("renameat2(\"c\", \"d\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "d", RENAME_EXCHANGE));
	do_stat("c");
	CALL("renameat2(\"c\", \"d\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "d", RENAME_EXCHANGE));
	CALL("renameat2(\"c\", \"b\", EXCHANGE|NOREPLACE)",
	     syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "b", RENAME_EXCHANGE | RENAME_NOREPLACE));
	CALL("renameat2(\"c\", \"b\", 0x80)", syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "b", 0x80));
	CALL("renameat2(\"c\", \"b\", EXCHANGE|WHITEOUT)",
	     syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "b", RENAME_EXCHANGE | RENAME_WHITEOUT));
	CALL("rename(\"d\", \"d/sub\")", syscall(SYS_rename, "d", "d/sub"));
	CALL("rename(\"d\", \"dlnk/sub\")", syscall(SYS_rename, "d", "dlnk/sub"));
	CALL("rename(\"b\", \"b\")", syscall(SYS_rename, "b", "b"));
	must(symlink("b", "blnk"), "blnk");
	CALL("rename(\"b\", \"blnk\")", syscall(SYS_rename, "b", "blnk"));
	do_lstat("blnk");
	CALL("rename(\"d\", \"c\")", syscall(SYS_rename, "d", "c"));
	CALL("rename(\"c\", \"e\")", syscall(SYS_rename, "c", "e"));
	CALL("rename(\"e\", \"d\")", syscall(SYS_rename, "e", "d"));
	CALL("rename(\"c/\", \"x\")", syscall(SYS_rename, "c/", "x"));
	CALL("rename(\"c\", \"x/\")", syscall(SYS_rename, "c", "x/"));
	CALL("rename(\".\", \"x\")", syscall(SYS_rename, ".", "x"));
	CALL("rename(\"c\", \".\")", syscall(SYS_rename, "c", "."));
	CALL("rename(\"c\", \"..\")", syscall(SYS_rename, "c", ".."));
	CALL("rename(\"nope\", \"x\")", syscall(SYS_rename, "nope", "x"));
	CALL("rename(\"c\", \"nope/x\")", syscall(SYS_rename, "c", "nope/x"));
	CALL("rename(\"c\", \"f/x\")", syscall(SYS_rename, "c", "f/x"));
	must(mkdir("e3", 0755), "mkdir e3");
	CALL("rename(\"e3\", \"e2/\")", syscall(SYS_rename, "e3", "e2/"));
	CALL("rename(\"e2/\", \"e3/\")", syscall(SYS_rename, "e2/", "e3/"));
	CALL("renameat2(\"c\", \"w\", WHITEOUT)", syscall(SYS_renameat2, AT_FDCWD, "c", AT_FDCWD, "w", RENAME_WHITEOUT));
	CALL("unlink(\"c\")", syscall(SYS_unlink, "c"));
	CALL("unlink(\"w\")", syscall(SYS_unlink, "w"));
}

static void cases_remove_and_link(void)
{
	line("# rmdir, unlink, link, symlink");
	CALL("rmdir(\"d\")", syscall(SYS_rmdir, "d"));
	CALL("rmdir(\".\")", syscall(SYS_rmdir, "."));
	CALL("rmdir(\"..\")", syscall(SYS_rmdir, ".."));
	CALL("rmdir(\"d/.\")", syscall(SYS_rmdir, "d/."));
	CALL("rmdir(\"f\")", syscall(SYS_rmdir, "f"));
	CALL("rmdir(\"dlnk\")", syscall(SYS_rmdir, "dlnk"));
	CALL("rmdir(\"dlnk/\")", syscall(SYS_rmdir, "dlnk/"));
	CALL("rmdir(\"missing\")", syscall(SYS_rmdir, "missing"));
	CALL("rmdir(\"/\")", syscall(SYS_rmdir, "/"));
	CALL("unlink(\"d\")", syscall(SYS_unlink, "d"));
	CALL("unlink(\"d/\")", syscall(SYS_unlink, "d/"));
	CALL("unlink(\".\")", syscall(SYS_unlink, "."));
	CALL("unlink(\"f/\")", syscall(SYS_unlink, "f/"));
	CALL("unlink(\"dlnk/\")", syscall(SYS_unlink, "dlnk/"));
	CALL("unlink(\"missing/\")", syscall(SYS_unlink, "missing/"));
	CALL("unlinkat(\"e\", AT_REMOVEDIR|0x1)", syscall(SYS_unlinkat, AT_FDCWD, "e", AT_REMOVEDIR | 0x1));
	CALL("link(\"d\", \"dl\")", syscall(SYS_link, "d", "dl"));
	CALL("link(\"f\", \"f2\")", syscall(SYS_link, "f", "f2"));
	do_stat("f");
	CALL("link(\"f\", \"lnk\")", syscall(SYS_link, "f", "lnk"));
	CALL("link(\"missing\", \"x\")", syscall(SYS_link, "missing", "x"));
	CALL("link(\"f\", \"nope/x\")", syscall(SYS_link, "f", "nope/x"));
	CALL("link(\"f\", \"x/\")", syscall(SYS_link, "f", "x/"));
	CALL("link(\"f/\", \"x\")", syscall(SYS_link, "f/", "x"));
	CALL("link(\"dangling\", \"hl\")", syscall(SYS_link, "dangling", "hl"));
	do_lstat("hl");
	CALL("linkat(\"dangling\", \"hl2\", AT_SYMLINK_FOLLOW)",
	     syscall(SYS_linkat, AT_FDCWD, "dangling", AT_FDCWD, "hl2", AT_SYMLINK_FOLLOW));
	CALL("linkat(\"lnk\", \"hl3\", AT_SYMLINK_FOLLOW)", syscall(SYS_linkat, AT_FDCWD, "lnk", AT_FDCWD, "hl3", AT_SYMLINK_FOLLOW));
	do_lstat("hl3");
	CALL("linkat(\"f\", \"x\", 0x1)", syscall(SYS_linkat, AT_FDCWD, "f", AT_FDCWD, "x", 0x1));
	CALL("symlink(\"\", \"empty\")", syscall(SYS_symlink, "", "empty"));
	CALL("symlink(\"t\", \"f\")", syscall(SYS_symlink, "t", "f"));
	CALL("symlink(\"t\", \"new/\")", syscall(SYS_symlink, "t", "new/"));
	CALL("symlink(\"t\", \"f/\")", syscall(SYS_symlink, "t", "f/"));
	CALL("symlink(\"t\", \"dangling\")", syscall(SYS_symlink, "t", "dangling"));
	CALL("symlink(\"t\", \"s\")", syscall(SYS_symlink, "t", "s"));
	do_lstat("s");
	CALL("unlink(\"s\")", syscall(SYS_unlink, "s"));
	CALL("unlink(\"f2\")", syscall(SYS_unlink, "f2"));
	CALL("unlink(\"hl\")", syscall(SYS_unlink, "hl"));
	CALL("unlink(\"hl3\")", syscall(SYS_unlink, "hl3"));
}

static void cases_mkdir_mknod(void)
{
	line("# mkdir, mknod");
	umask(022);
	CALL("mkdir(\"m1\", 0777) umask 022", syscall(SYS_mkdir, "m1", 0777));
	do_stat("m1");
	umask(0);
	CALL("mkdir(\"m2\", 01777) umask 0", syscall(SYS_mkdir, "m2", 01777));
	do_stat("m2");
	CALL("mkdir(\"m3\", 07777) umask 0", syscall(SYS_mkdir, "m3", 07777));
	do_stat("m3");
	umask(077);
	CALL("mkdir(\"m4\", 0777) umask 077", syscall(SYS_mkdir, "m4", 0777));
	do_stat("m4");
	umask(022);
	CALL("mkdir(\"m5/\")", syscall(SYS_mkdir, "m5/", 0755));
	do_stat("m5");
	CALL("mkdir(\"m6//\")", syscall(SYS_mkdir, "m6//", 0755));
	CALL("mkdir(\"f/\")", syscall(SYS_mkdir, "f/", 0755));
	CALL("mkdir(\"f\")", syscall(SYS_mkdir, "f", 0755));
	CALL("mkdir(\"dangling\")", syscall(SYS_mkdir, "dangling", 0755));
	CALL("mkdir(\"dangling/\")", syscall(SYS_mkdir, "dangling/", 0755));
	CALL("mkdir(\"f/x\")", syscall(SYS_mkdir, "f/x", 0755));
	CALL("mkdir(\"nope/x\")", syscall(SYS_mkdir, "nope/x", 0755));
	CALL("mkdir(\"d/.\")", syscall(SYS_mkdir, "d/.", 0755));
	CALL("mkdir(\"d/..\")", syscall(SYS_mkdir, "d/..", 0755));
	CALL("mkdir(\"/\")", syscall(SYS_mkdir, "/", 0755));
	CALL("mknod(\"fifo\", S_IFIFO|0666)", syscall(SYS_mknod, "fifo", S_IFIFO | 0666, 0));
	do_stat("fifo");
	OPEN("openat(\"fifo\", O_RDONLY|O_NONBLOCK)", syscall(SYS_openat, AT_FDCWD, "fifo", O_RDONLY | O_NONBLOCK), NULL);
	OPEN("openat(\"fifo\", O_WRONLY|O_NONBLOCK)", syscall(SYS_openat, AT_FDCWD, "fifo", O_WRONLY | O_NONBLOCK), NULL);
	CALL("truncate(\"fifo\", 0)", syscall(SYS_truncate, "fifo", 0));
	CALL("mknod(\"reg\", S_IFREG|0640)", syscall(SYS_mknod, "reg", S_IFREG | 0640, 0));
	do_stat("reg");
	CALL("mknod(\"reg0\", 0600)", syscall(SYS_mknod, "reg0", 0600, 0));
	do_stat("reg0");
	CALL("mknod(\"sock\", S_IFSOCK|0600)", syscall(SYS_mknod, "sock", S_IFSOCK | 0600, 0));
	do_stat("sock");
	CALL("mknod(\"bad\", 0170000)", syscall(SYS_mknod, "bad", 0170000 | 0600, 0));
	CALL("mknod(\"f\", S_IFIFO)", syscall(SYS_mknod, "f", S_IFIFO | 0600, 0));
	CALL("mknod(\"x/\", S_IFIFO)", syscall(SYS_mknod, "x/", S_IFIFO | 0600, 0));
	CALL("mknodat(\"d\", S_IFIFO)", syscall(SYS_mknodat, AT_FDCWD, "d", S_IFIFO | 0600, 0));
	CALL("mkdirat(AT_FDCWD, \"m7\", 0) then stat", syscall(SYS_mkdirat, AT_FDCWD, "m7", 0));
	do_stat("m7");
}

static void cases_cwd(void)
{
	int ffd = open("f", O_RDONLY | O_CLOEXEC);

	line("# chdir, getcwd");
	must(ffd, "open f");
	CALL("chdir(\"f\")", syscall(SYS_chdir, "f"));
	CALL("chdir(\"f/\")", syscall(SYS_chdir, "f/"));
	CALL("chdir(\"missing\")", syscall(SYS_chdir, "missing"));
	CALL("chdir(\"dangling\")", syscall(SYS_chdir, "dangling"));
	CALL("chdir(\"loop1\")", syscall(SYS_chdir, "loop1"));
	CALL("chdir(\"\")", syscall(SYS_chdir, ""));
	CALL("fchdir(file fd)", syscall(SYS_fchdir, ffd));
	close(ffd);
	CALL("chdir(\"dlnk\")", syscall(SYS_chdir, "dlnk"));
	do_getcwd("  getcwd");
	do_stat("inner");
	CALL("chdir(\"..\")", syscall(SYS_chdir, ".."));
	do_getcwd("  getcwd");
	must(mkdir("w1", 0755), "mkdir w1");
	must(mkdir("w1/w2", 0755), "mkdir w1/w2");
	CALL("chdir(\"w1/w2\")", syscall(SYS_chdir, "w1/w2"));
	CALL("rename(\"DIR/w1\", \"DIR/w3\")", rename("../../w1", "../../w3"));
	do_getcwd("  getcwd after rename");
	do_fstatat("  fstatat(\".\")", AT_FDCWD, ".", 0);
	CALL("mkdir(\"in-renamed\")", syscall(SYS_mkdir, "in-renamed", 0755));
	CALL("rmdir(\"in-renamed\")", syscall(SYS_rmdir, "in-renamed"));
	CALL("rmdir(\"../w2\")", syscall(SYS_rmdir, "../w2"));
	do_getcwd("  getcwd after rmdir");
	do_fstatat("  fstatat(\".\")", AT_FDCWD, ".", 0);
	CALL("mkdir(\"in-removed\")", syscall(SYS_mkdir, "in-removed", 0755));
	OPEN("openat(\"new\", O_CREAT) in removed", syscall(SYS_openat, AT_FDCWD, "new", O_WRONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\".\", O_RDONLY) in removed", syscall(SYS_openat, AT_FDCWD, ".", O_RDONLY), NULL);
	OPEN("openat(\"..\", O_RDONLY) in removed", syscall(SYS_openat, AT_FDCWD, "..", O_RDONLY), NULL);
	do_fstatat("  fstatat(\"..\")", AT_FDCWD, "..", 0);
	CALL("chdir(\"..\")", syscall(SYS_chdir, ".."));
	do_getcwd("  getcwd");
	must(chdir(scratch), "chdir back");
}

static void cases_access_truncate(void)
{
	line("# access, truncate");
	must(chmod("f", 0644), "chmod f");
	CALL("faccessat2(\"f\", R_OK, AT_EACCESS)", syscall(SYS_faccessat2, AT_FDCWD, "f", R_OK, AT_EACCESS));
	CALL("faccessat2(\"f\", W_OK, AT_EACCESS)", syscall(SYS_faccessat2, AT_FDCWD, "f", W_OK, AT_EACCESS));
	CALL("faccessat2(\"f\", X_OK, AT_EACCESS)", syscall(SYS_faccessat2, AT_FDCWD, "f", X_OK, AT_EACCESS));
	CALL("faccessat2(\"d\", X_OK, 0)", syscall(SYS_faccessat2, AT_FDCWD, "d", X_OK, 0));
	CALL("faccessat2(\"f\", 8, 0)", syscall(SYS_faccessat2, AT_FDCWD, "f", 8, 0));
	CALL("faccessat2(\"f\", R_OK, 0x2)", syscall(SYS_faccessat2, AT_FDCWD, "f", R_OK, 0x2));
	CALL("faccessat2(\"dangling\", F_OK, 0)", syscall(SYS_faccessat2, AT_FDCWD, "dangling", F_OK, 0));
	CALL("faccessat2(\"dangling\", F_OK, AT_SYMLINK_NOFOLLOW)",
	     syscall(SYS_faccessat2, AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
	CALL("faccessat2(\"f/\", F_OK, 0)", syscall(SYS_faccessat2, AT_FDCWD, "f/", F_OK, 0));
	CALL("faccessat(\"f\", R_OK|W_OK)", syscall(SYS_faccessat, AT_FDCWD, "f", R_OK | W_OK));
	CALL("access(\"missing\", F_OK)", syscall(SYS_access, "missing", F_OK));
	CALL("truncate(\"d\", 0)", syscall(SYS_truncate, "d", 0));
	CALL("truncate(\"f\", -1)", syscall(SYS_truncate, "f", -1));
	CALL("truncate(\"missing\", 0)", syscall(SYS_truncate, "missing", 0));
	CALL("truncate(\"f/\", 0)", syscall(SYS_truncate, "f/", 0));
	CALL("truncate(\"lnk\", 2)", syscall(SYS_truncate, "lnk", 2));
	do_stat("f");
	CALL("truncate(\"dangling\", 0)", syscall(SYS_truncate, "dangling", 0));
}

/* The kernel's own walk of a 40-link chain answers ELOOP now and then
 * when a mount changes anywhere on the machine meanwhile, as other tests'
 * sandboxes do: its RCU walk restarts and keeps counting the links of the
 * first try.  A real answer is the same on every try, a spurious ELOOP is
 * not, so the first other answer of a few tries counts. */
#define FSDIFF_CHAIN_TRIES 100

static void chain_walk(const char *path)
{
	char what[64];
	struct stat st;
	long rc = -1;
	int e = 0;

	for (int i = 0; i < FSDIFF_CHAIN_TRIES; i++) {
		errno = 0;
		rc = syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0);
		e = errno;
		if (rc == 0 || e != ELOOP)
			break;
	}
	snprintf(what, sizeof(what), "stat(\"%s\")", path);
	stat_line(what, rc, e, &st);
	for (int i = 0; i < FSDIFF_CHAIN_TRIES; i++) {
		errno = 0;
		rc = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
		e = errno;
		if (rc >= 0 || e != ELOOP)
			break;
	}
	snprintf(what, sizeof(what), "openat(\"%s\")", path);
	fd_result(what, rc, e, NULL);
}

static void cases_limits(void)
{
	char *name = repeated('n', FSDIFF_NAME_MAX + 1);
	char *name_ok = repeated('n', FSDIFF_NAME_MAX);
	char *path = repeated('/', FSDIFF_PATH_MAX);
	char *path_ok = repeated('/', FSDIFF_PATH_MAX - 1);
	char chain[16], next[16];

	line("# limits");
	OPEN("openat(256-byte name, O_CREAT)", syscall(SYS_openat, AT_FDCWD, name, O_WRONLY | O_CREAT, 0600), NULL);
	OPEN("openat(255-byte name, O_CREAT)", syscall(SYS_openat, AT_FDCWD, name_ok, O_WRONLY | O_CREAT, 0600), NULL);
	CALL("unlink(255-byte name)", syscall(SYS_unlink, name_ok));
	do_fstatat("fstatat(256-byte name)", AT_FDCWD, name, 0);
	CALL("mkdir(256-byte name)", syscall(SYS_mkdir, name, 0755));
	CALL("symlink(\"t\", 256-byte name)", syscall(SYS_symlink, "t", name));
	path[0] = '.';
	path_ok[0] = '.';
	do_fstatat("fstatat(4096-byte path)", AT_FDCWD, path, 0);
	do_fstatat("fstatat(4095-byte path)", AT_FDCWD, path_ok, 0);
	OPEN("openat(4096-byte path)", syscall(SYS_openat, AT_FDCWD, path, O_RDONLY), NULL);
	CALL("mkdir(4096-byte path)", syscall(SYS_mkdir, path, 0755));
	path[FSDIFF_PATH_MAX - 1] = 'x';
	CALL("symlink(4096-byte target, \"s\")", syscall(SYS_symlink, path, "s"));
	path_ok[FSDIFF_PATH_MAX - 2] = 'x';
	CALL("symlink(4095-byte target, \"s\")", syscall(SYS_symlink, path_ok, "s"));
	do_lstat("s");
	CALL("unlink(\"s\")", syscall(SYS_unlink, "s"));
	OPEN("openat(\"loop1\")", syscall(SYS_openat, AT_FDCWD, "loop1", O_RDONLY), NULL);
	do_stat("loop1");
	do_lstat("loop1");
	CALL("mkdir(\"loop1/x\")", syscall(SYS_mkdir, "loop1/x", 0755));
	/* A chain c0 -> c1 -> ... -> c40 -> f: 41 links to follow from c0. */
	for (int i = 0; i <= FSDIFF_LINKS_MAX; i++) {
		snprintf(chain, sizeof(chain), "c%d", i);
		if (i == FSDIFF_LINKS_MAX)
			snprintf(next, sizeof(next), "f");
		else
			snprintf(next, sizeof(next), "c%d", i + 1);
		must(symlink(next, chain), "chain");
	}
	chain_walk("c1");
	chain_walk("c0");
	free(name);
	free(name_ok);
	free(path);
	free(path_ok);
}

static void cases_xattr_inotify_statfs(void)
{
	char buf[CALL_LINES_BUF];
	struct statfs sfs;
	int in = inotify_init1(IN_CLOEXEC);

	line("# xattrs, inotify, statfs");
	must(in, "inotify_init1");
	CALL("setxattr(\"f\", \"user.k\", \"val\", XATTR_CREATE)",
	     syscall(SYS_setxattr, "f", "user.k", "val", 3, XATTR_CREATE));
	CALL("setxattr(\"f\", \"user.k\", \"val\", XATTR_CREATE)",
	     syscall(SYS_setxattr, "f", "user.k", "val", 3, XATTR_CREATE));
	CALL("setxattr(\"f\", \"user.n\", \"val\", XATTR_REPLACE)",
	     syscall(SYS_setxattr, "f", "user.n", "val", 3, XATTR_REPLACE));
	CALL("getxattr(\"lnk\", \"user.k\", 0)", syscall(SYS_getxattr, "lnk", "user.k", NULL, 0));
	CALL("getxattr(\"lnk\", \"user.k\", 2)", syscall(SYS_getxattr, "lnk", "user.k", buf, 2));
	CALL("getxattr(\"f\", \"user.none\", 64)", syscall(SYS_getxattr, "f", "user.none", buf, 64));
	CALL("getxattr(\"f/\", \"user.k\", 64)", syscall(SYS_getxattr, "f/", "user.k", buf, 64));
	CALL("lgetxattr(\"lnk\", \"user.k\", 64)", syscall(SYS_lgetxattr, "lnk", "user.k", buf, 64));
	CALL("lsetxattr(\"lnk\", \"user.k\")", syscall(SYS_lsetxattr, "lnk", "user.k", "v", 1, 0));
	CALL("getxattr(\"f\", \"\", 64)", syscall(SYS_getxattr, "f", "", buf, 64));
	CALL("getxattr(\"f\", \"nonamespace\", 64)", syscall(SYS_getxattr, "f", "nonamespace", buf, 64));
	CALL("listxattr(\"f\", 0)", syscall(SYS_listxattr, "f", NULL, 0));
	CALL("listxattr(\"f\", 1)", syscall(SYS_listxattr, "f", buf, 1));
	CALL("removexattr(\"f\", \"user.k\")", syscall(SYS_removexattr, "f", "user.k"));
	CALL("removexattr(\"f\", \"user.k\")", syscall(SYS_removexattr, "f", "user.k"));
	CALL("inotify_add_watch(\"d\", IN_CREATE)", syscall(SYS_inotify_add_watch, in, "d", IN_CREATE) < 0 ? -1 : 0);
	CALL("inotify_add_watch(\"f\", IN_ONLYDIR)", syscall(SYS_inotify_add_watch, in, "f", IN_CLOSE | IN_ONLYDIR) < 0 ? -1 : 0);
	CALL("inotify_add_watch(\"dangling\", IN_OPEN)", syscall(SYS_inotify_add_watch, in, "dangling", IN_OPEN) < 0 ? -1 : 0);
	CALL("inotify_add_watch(\"dangling\", IN_OPEN|IN_DONT_FOLLOW)",
	     syscall(SYS_inotify_add_watch, in, "dangling", IN_OPEN | IN_DONT_FOLLOW) < 0 ? -1 : 0);
	CALL("inotify_add_watch(\"f/\", IN_OPEN)", syscall(SYS_inotify_add_watch, in, "f/", IN_OPEN) < 0 ? -1 : 0);
	close(in);
	errno = 0;
	long rc = syscall(SYS_statfs, "f", &sfs);
	if (rc < 0)
		line("statfs(\"f\") = %s", err_name(errno));
	else
		line("statfs(\"f\") = 0 type=%#lx", (unsigned long)sfs.f_type);
	CALL("statfs(\"missing\")", syscall(SYS_statfs, "missing", &sfs));
	CALL("statfs(\"f/\")", syscall(SYS_statfs, "f/", &sfs));
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fsdiff EMPTY-DIR\n");
		return 2;
	}
	if (realpath(argv[1], scratch) == NULL || chdir(scratch) < 0) {
		perror(argv[1]);
		return 2;
	}
	make_tree();
	cases_open();
	cases_create_dir_names();
	cases_proc_own_fds();
	cases_tmpfile();
	cases_empty_path_and_dirfd();
	cases_nofollow_changes();
	cases_openat2();
	cases_statx();
	cases_readlink();
	cases_rename();
	cases_remove_and_link();
	cases_mkdir_mknod();
	cases_cwd();
	cases_access_truncate();
	cases_xattr_inotify_statfs();
	cases_limits();
	return 0;
}
