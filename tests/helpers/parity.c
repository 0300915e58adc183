/* parity: the file system calls' answers where fsdiff does not look:
 * permissions (a file or directory the caller may not read, write or
 * search), times (UTIME_OMIT, UTIME_NOW, a NULL path), renames over
 * directories and into oneself, and the calls on a read-only part of
 * the view, where the kernel says EROFS only after what it checks first.
 *
 *   parity --tree DIR        make the tree the cases use in DIR (empty)
 *   parity RWDIR RODIR       the cases: RWDIR writable (a tree), RODIR
 *                            a tree on a read-only mount
 *
 * The test runs the cases on the bare host (RODIR bound read-only in a
 * mount namespace of its own) and under sentry-run --rw RWDIR --ro
 * RODIR, with no capability either way, and wants the same lines. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#include "call-lines.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#endif

/* A time far from now, to tell a time set from one left alone. */
#define PARITY_TIME 1000000000

/* The tree, in DIR:
 *   f ("hello", 0644), d/ with d/inner, full/ with full/x, e/ (empty),
 *   lnk -> f, dlnk -> d, dangling -> missing, fifo,
 *   ro_file ("ro", 0444), noperm ("np", 0000),
 *   rodir/ (0555) with rodir/in, nox/ (0644: no search) with nox/in. */
static void make_tree(void)
{
	umask(022);
	write_file("f", "hello");
	must(mkdir("d", 0755), "mkdir d");
	write_file("d/inner", "inner");
	must(mkdir("full", 0755), "mkdir full");
	write_file("full/x", "x");
	must(mkdir("e", 0755), "mkdir e");
	must(symlink("f", "lnk"), "lnk");
	must(symlink("d", "dlnk"), "dlnk");
	must(symlink("missing", "dangling"), "dangling");
	must(mkfifo("fifo", 0644), "fifo");
	write_file("ro_file", "ro");
	must(chmod("ro_file", 0444), "chmod ro_file");
	write_file("noperm", "np");
	must(chmod("noperm", 0), "chmod noperm");
	must(mkdir("rodir", 0755), "mkdir rodir");
	write_file("rodir/in", "in");
	must(chmod("rodir", 0555), "chmod rodir");
	must(mkdir("nox", 0755), "mkdir nox");
	write_file("nox/in", "in");
	must(chmod("nox", 0644), "chmod nox");
}

/* Whether the times of `path` are those set, as "a=1 m=0". */
static void times_line(const char *what, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		line("%s = %s", what, err_name(errno));
		return;
	}
	line("%s: a=%d m=%d", what, st.st_atime == PARITY_TIME, st.st_mtime == PARITY_TIME);
}

static void cases_permissions(void)
{
	line("# permissions");
	OPEN("openat(\"noperm\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "noperm", O_RDONLY), NULL);
	OPEN("openat(\"ro_file\", O_WRONLY)", syscall(SYS_openat, AT_FDCWD, "ro_file", O_WRONLY), NULL);
	OPEN("openat(\"ro_file\", O_RDONLY|O_TRUNC)", syscall(SYS_openat, AT_FDCWD, "ro_file", O_RDONLY | O_TRUNC), NULL);
	OPEN("openat(\"ro_file\", O_RDONLY|O_CREAT)", syscall(SYS_openat, AT_FDCWD, "ro_file", O_RDONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"rodir/new\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "rodir/new", O_WRONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"rodir/in\", O_RDWR)", syscall(SYS_openat, AT_FDCWD, "rodir/in", O_RDWR), NULL);
	OPEN("openat(\"rodir\", O_TMPFILE)", syscall(SYS_openat, AT_FDCWD, "rodir", O_TMPFILE | O_RDWR, 0600), NULL);
	OPEN("openat(\"nox/in\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "nox/in", O_RDONLY), NULL);
	OPEN("openat(\"nox\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "nox", O_RDONLY), NULL);
	OPEN("openat(\"nox/in\", O_PATH)", syscall(SYS_openat, AT_FDCWD, "nox/in", O_PATH), NULL);
	OPEN("openat(\"f\", O_NOATIME)", syscall(SYS_openat, AT_FDCWD, "f", O_RDONLY | O_NOATIME), NULL);
	OPEN("openat(\"f\", O_WRONLY|O_RDWR)", syscall(SYS_openat, AT_FDCWD, "f", O_ACCMODE), NULL);
	OPEN("openat(\"ro_file\", O_WRONLY|O_RDWR)", syscall(SYS_openat, AT_FDCWD, "ro_file", O_ACCMODE), NULL);
	OPEN("openat(\"noperm\", O_WRONLY|O_RDWR)", syscall(SYS_openat, AT_FDCWD, "noperm", O_ACCMODE), NULL);
	do_stat("noperm");
	do_stat("nox");
	do_stat("nox/in");
	do_lstat("nox/in");
	do_readlink("readlink(\"nox/in\")", AT_FDCWD, "nox/in", 64);
	CALL("faccessat2(\"noperm\", R_OK)", syscall(SYS_faccessat2, AT_FDCWD, "noperm", R_OK, 0));
	CALL("faccessat2(\"noperm\", F_OK)", syscall(SYS_faccessat2, AT_FDCWD, "noperm", F_OK, 0));
	CALL("faccessat2(\"ro_file\", W_OK)", syscall(SYS_faccessat2, AT_FDCWD, "ro_file", W_OK, 0));
	CALL("faccessat2(\"rodir\", W_OK)", syscall(SYS_faccessat2, AT_FDCWD, "rodir", W_OK, 0));
	CALL("faccessat2(\"nox\", X_OK)", syscall(SYS_faccessat2, AT_FDCWD, "nox", X_OK, 0));
	CALL("faccessat2(\"nox/in\", F_OK)", syscall(SYS_faccessat2, AT_FDCWD, "nox/in", F_OK, 0));
	CALL("faccessat2(\"lnk\", W_OK, AT_SYMLINK_NOFOLLOW)",
	     syscall(SYS_faccessat2, AT_FDCWD, "lnk", W_OK, AT_SYMLINK_NOFOLLOW));
	CALL("mkdir(\"rodir/x\")", syscall(SYS_mkdir, "rodir/x", 0755));
	CALL("mkdir(\"rodir/in\")", syscall(SYS_mkdir, "rodir/in", 0755));
	CALL("mkdir(\"nox/x\")", syscall(SYS_mkdir, "nox/x", 0755));
	CALL("mkdir(\"noperm/x\")", syscall(SYS_mkdir, "noperm/x", 0755));
	CALL("mknod(\"rodir/p\", S_IFIFO)", syscall(SYS_mknod, "rodir/p", S_IFIFO | 0600, 0));
	CALL("symlink(\"t\", \"rodir/s\")", syscall(SYS_symlink, "t", "rodir/s"));
	CALL("link(\"f\", \"rodir/h\")", syscall(SYS_link, "f", "rodir/h"));
	CALL("link(\"nox/in\", \"h\")", syscall(SYS_link, "nox/in", "h"));
	CALL("unlink(\"rodir/in\")", syscall(SYS_unlink, "rodir/in"));
	CALL("unlink(\"rodir/missing\")", syscall(SYS_unlink, "rodir/missing"));
	CALL("unlink(\"nox/in\")", syscall(SYS_unlink, "nox/in"));
	CALL("rename(\"rodir/in\", \"r\")", syscall(SYS_rename, "rodir/in", "r"));
	CALL("rename(\"f\", \"rodir/in\")", syscall(SYS_rename, "f", "rodir/in"));
	CALL("rename(\"nox/in\", \"r\")", syscall(SYS_rename, "nox/in", "r"));
	CALL("truncate(\"ro_file\", 0)", syscall(SYS_truncate, "ro_file", 0));
	CALL("truncate(\"noperm\", 0)", syscall(SYS_truncate, "noperm", 0));
	CALL("truncate(\"nox/in\", 0)", syscall(SYS_truncate, "nox/in", 0));
	CALL("chmod(\"nox/in\", 0600)", syscall(SYS_chmod, "nox/in", 0600));
	CALL("chown(\"f\", -1, -1)", syscall(SYS_chown, "f", -1, -1));
	CALL("chown(\"f\", uid, gid)", syscall(SYS_chown, "f", geteuid(), getegid()));
	CALL("chown(\"f\", uid + 1, -1)", syscall(SYS_chown, "f", geteuid() + 1, -1));
	CALL("chown(\"f\", -1, 4242)", syscall(SYS_chown, "f", -1, 4242));
	CALL("utimensat(\"ro_file\", NULL)", syscall(SYS_utimensat, AT_FDCWD, "ro_file", NULL, 0));
	CALL("utimensat(\"nox/in\", NULL)", syscall(SYS_utimensat, AT_FDCWD, "nox/in", NULL, 0));
	CALL("chdir(\"nox\")", syscall(SYS_chdir, "nox"));
	CALL("chdir(\"noperm\")", syscall(SYS_chdir, "noperm"));
	CALL("getxattr(\"nox/in\", \"user.k\")", syscall(SYS_getxattr, "nox/in", "user.k", NULL, 0));
	CALL("setxattr(\"ro_file\", \"user.k\")", syscall(SYS_setxattr, "ro_file", "user.k", "v", 1, 0));
}

static void cases_times(void)
{
	struct timespec set[2] = { { .tv_sec = PARITY_TIME }, { .tv_sec = PARITY_TIME } };
	struct timespec omit[2] = { { .tv_nsec = UTIME_OMIT }, { .tv_nsec = UTIME_OMIT } };
	struct timespec omit_a[2] = { { .tv_nsec = UTIME_OMIT }, { .tv_sec = PARITY_TIME } };
	struct timespec now_m[2] = { { .tv_sec = PARITY_TIME }, { .tv_nsec = UTIME_NOW } };
	struct timespec bad[2] = { { .tv_nsec = 1000000000 }, { .tv_nsec = 0 } };
	struct timeval tv_set[2] = { { .tv_sec = PARITY_TIME }, { .tv_sec = PARITY_TIME } };
	struct timeval tv_bad[2] = { { .tv_usec = 1000000 }, { .tv_usec = 0 } };
	struct utimbuf ub = { .actime = PARITY_TIME, .modtime = PARITY_TIME };
	int dfd = open("e", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	line("# times");
	must(dfd, "open e");
	CALL("utimensat(\"missing\", OMIT OMIT)", syscall(SYS_utimensat, AT_FDCWD, "missing", omit, 0));
	CALL("utimensat(\"missing\", OMIT OMIT, 0x1)", syscall(SYS_utimensat, AT_FDCWD, "missing", omit, 0x1));
	CALL("utimensat(\"\", OMIT OMIT)", syscall(SYS_utimensat, AT_FDCWD, "", omit, 0));
	CALL("utimensat(\"noperm\", OMIT OMIT)", syscall(SYS_utimensat, AT_FDCWD, "noperm", omit, 0));
	CALL("utimensat(\"f\", bad nsec)", syscall(SYS_utimensat, AT_FDCWD, "f", bad, 0));
	CALL("utimensat(\"f\", T T)", syscall(SYS_utimensat, AT_FDCWD, "f", set, 0));
	times_line("  f", "f");
	CALL("utimensat(\"f\", NOW NOW)", syscall(SYS_utimensat, AT_FDCWD, "f", NULL, 0));
	times_line("  f", "f");
	CALL("utimensat(\"f\", OMIT T)", syscall(SYS_utimensat, AT_FDCWD, "f", omit_a, 0));
	times_line("  f", "f");
	CALL("utimensat(\"f\", T NOW)", syscall(SYS_utimensat, AT_FDCWD, "f", now_m, 0));
	times_line("  f", "f");
	CALL("utimensat(dir fd, NULL, T T)", syscall(SYS_utimensat, dfd, NULL, set, 0));
	times_line("  e", "e");
	CALL("utimensat(dir fd, NULL, NULL, AT_SYMLINK_NOFOLLOW)",
	     syscall(SYS_utimensat, dfd, NULL, NULL, AT_SYMLINK_NOFOLLOW));
	CALL("utimensat(AT_FDCWD, NULL, NULL)", syscall(SYS_utimensat, AT_FDCWD, NULL, NULL, 0));
	CALL("utimensat(dir fd, \"\", NULL, 0)", syscall(SYS_utimensat, dfd, "", NULL, 0));
	CALL("utimensat(dir fd, \"\", NULL, AT_EMPTY_PATH)", syscall(SYS_utimensat, dfd, "", NULL, AT_EMPTY_PATH));
	CALL("futimesat(dir fd, NULL, NULL)", syscall(SYS_futimesat, dfd, NULL, NULL));
	times_line("  e", "e");
	CALL("futimesat(dir fd, NULL, T T)", syscall(SYS_futimesat, dfd, NULL, tv_set));
	times_line("  e", "e");
	CALL("futimesat(AT_FDCWD, NULL, NULL)", syscall(SYS_futimesat, AT_FDCWD, NULL, NULL));
	CALL("utimes(\"f\", bad usec)", syscall(SYS_utimes, "f", tv_bad));
	CALL("utimes(\"d\", T T)", syscall(SYS_utimes, "d", tv_set));
	times_line("  d", "d");
	CALL("utime(\"d/inner\", T T)", syscall(SYS_utime, "d/inner", &ub));
	times_line("  d/inner", "d/inner");
	CALL("utime(\"d/inner\", NULL)", syscall(SYS_utime, "d/inner", NULL));
	times_line("  d/inner", "d/inner");
	CALL("utimensat(\"lnk\", T T, AT_SYMLINK_NOFOLLOW)", syscall(SYS_utimensat, AT_FDCWD, "lnk", set, AT_SYMLINK_NOFOLLOW));
	times_line("  lnk", "lnk");
	close(dfd);
}

static void cases_rename(void)
{
	line("# rename");
	CALL("rename(\"e\", \"full\")", syscall(SYS_rename, "e", "full"));
	CALL("rename(\"e\", \"f\")", syscall(SYS_rename, "e", "f"));
	CALL("rename(\"f\", \"e\")", syscall(SYS_rename, "f", "e"));
	CALL("rename(\"e\", \"dlnk\")", syscall(SYS_rename, "e", "dlnk"));
	CALL("rename(\"f\", \"lnk/\")", syscall(SYS_rename, "f", "lnk/"));
	CALL("rename(\"dlnk/\", \"x\")", syscall(SYS_rename, "dlnk/", "x"));
	CALL("rename(\"e\", \"full/..\")", syscall(SYS_rename, "e", "full/.."));
	CALL("rename(\"full/x\", \"full/x\")", syscall(SYS_rename, "full/x", "full/x"));
	CALL("rename(\"d\", \"d/inner/x\")", syscall(SYS_rename, "d", "d/inner/x"));
	CALL("rename(\"d\", \"d/sub/x\")", syscall(SYS_rename, "d", "d/sub/x"));
	CALL("rename(\"d\", \"d\")", syscall(SYS_rename, "d", "d"));
	CALL("rename(\"d\", \"dlnk\")", syscall(SYS_rename, "d", "dlnk"));
	CALL("renameat2(\"e\", \"full\", NOREPLACE)", syscall(SYS_renameat2, AT_FDCWD, "e", AT_FDCWD, "full", RENAME_NOREPLACE));
	CALL("renameat2(\"e\", \"e\", NOREPLACE)", syscall(SYS_renameat2, AT_FDCWD, "e", AT_FDCWD, "e", RENAME_NOREPLACE));
	CALL("renameat2(\"d\", \"d/inner\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "d", AT_FDCWD, "d/inner", RENAME_EXCHANGE));
	CALL("renameat2(\"d/inner\", \"d\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "d/inner", AT_FDCWD, "d", RENAME_EXCHANGE));
	CALL("renameat2(\"f\", \"f\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "f", RENAME_EXCHANGE));
	CALL("renameat2(\"f\", \"e\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "e", RENAME_EXCHANGE));
	do_lstat("f");
	do_lstat("e");
	CALL("renameat2(\"f\", \"e\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "e", RENAME_EXCHANGE));
	CALL("renameat2(\"lnk\", \"dangling\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "lnk", AT_FDCWD, "dangling", RENAME_EXCHANGE));
	do_readlink("readlink(\"lnk\")", AT_FDCWD, "lnk", 64);
	CALL("renameat2(\"lnk\", \"dangling\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "lnk", AT_FDCWD, "dangling", RENAME_EXCHANGE));
	CALL("renameat2(\"e/\", \"full/\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "e/", AT_FDCWD, "full/", RENAME_EXCHANGE));
	do_stat("e/x");
	CALL("renameat2(\"e\", \"full\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "e", AT_FDCWD, "full", RENAME_EXCHANGE));
	CALL("renameat2(\"f/\", \"e\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "f/", AT_FDCWD, "e", RENAME_EXCHANGE));
	CALL("link(\"f\", \"f2\")", syscall(SYS_link, "f", "f2"));
	CALL("rename(\"f\", \"f2\")", syscall(SYS_rename, "f", "f2"));
	do_stat("f");
	CALL("unlink(\"f2\")", syscall(SYS_unlink, "f2"));
	CALL("rename(\"lnk\", \"dlnk/moved\")", syscall(SYS_rename, "lnk", "dlnk/moved"));
	do_stat("d/moved");
	CALL("rename(\"d/moved\", \"lnk\")", syscall(SYS_rename, "d/moved", "lnk"));
	do_stat("lnk");
	CALL("rename(\"fifo\", \"e/fifo\")", syscall(SYS_rename, "fifo", "e/fifo"));
	CALL("rename(\"e/fifo\", \"fifo\")", syscall(SYS_rename, "e/fifo", "fifo"));
}

static void cases_remove_link_mkdir(void)
{
	line("# unlink, link, mkdir");
	CALL("unlinkat(\"f\", AT_REMOVEDIR)", syscall(SYS_unlinkat, AT_FDCWD, "f", AT_REMOVEDIR));
	CALL("unlinkat(\"lnk\", AT_REMOVEDIR)", syscall(SYS_unlinkat, AT_FDCWD, "lnk", AT_REMOVEDIR));
	CALL("unlinkat(\"dlnk\", AT_REMOVEDIR)", syscall(SYS_unlinkat, AT_FDCWD, "dlnk", AT_REMOVEDIR));
	CALL("unlinkat(\"fifo\", AT_REMOVEDIR)", syscall(SYS_unlinkat, AT_FDCWD, "fifo", AT_REMOVEDIR));
	CALL("unlinkat(\"f/\", AT_REMOVEDIR)", syscall(SYS_unlinkat, AT_FDCWD, "f/", AT_REMOVEDIR));
	CALL("rmdir(\"full\")", syscall(SYS_rmdir, "full"));
	CALL("rmdir(\"full/\")", syscall(SYS_rmdir, "full/"));
	CALL("rmdir(\"e/.\")", syscall(SYS_rmdir, "e/."));
	CALL("rmdir(\"e/..\")", syscall(SYS_rmdir, "e/.."));
	CALL("rmdir(\"nope/x\")", syscall(SYS_rmdir, "nope/x"));
	CALL("rmdir(\"f/x\")", syscall(SYS_rmdir, "f/x"));
	CALL("unlink(\"e/.\")", syscall(SYS_unlink, "e/."));
	CALL("unlink(\"nope/x\")", syscall(SYS_unlink, "nope/x"));
	CALL("linkat(\"dlnk\", \"h\", AT_SYMLINK_FOLLOW)", syscall(SYS_linkat, AT_FDCWD, "dlnk", AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
	CALL("linkat(\"lnk\", \"h\", 0)", syscall(SYS_linkat, AT_FDCWD, "lnk", AT_FDCWD, "h", 0));
	do_lstat("h");
	CALL("unlink(\"h\")", syscall(SYS_unlink, "h"));
	CALL("link(\"f\", \"d/\")", syscall(SYS_link, "f", "d/"));
	CALL("link(\"f\", \"e/.\")", syscall(SYS_link, "f", "e/."));
	CALL("link(\"fifo\", \"h\")", syscall(SYS_link, "fifo", "h"));
	do_lstat("h");
	CALL("unlink(\"h\")", syscall(SYS_unlink, "h"));
	CALL("link(\"noperm\", \"h\")", syscall(SYS_link, "noperm", "h"));
	CALL("unlink(\"h\")", syscall(SYS_unlink, "h"));
	CALL("mkdir(\"lnk\")", syscall(SYS_mkdir, "lnk", 0755));
	CALL("mkdir(\"dlnk\")", syscall(SYS_mkdir, "dlnk", 0755));
	CALL("mkdir(\"dlnk/\")", syscall(SYS_mkdir, "dlnk/", 0755));
	CALL("mkdir(\"dlnk/new\")", syscall(SYS_mkdir, "dlnk/new", 0755));
	do_stat("d/new");
	CALL("mkdir(\"nope/.\")", syscall(SYS_mkdir, "nope/.", 0755));
	CALL("mkdir(\"e/../m\")", syscall(SYS_mkdir, "e/../m", 0755));
	do_stat("m");
	CALL("mkdir(\"fifo\")", syscall(SYS_mkdir, "fifo", 0755));
	CALL("symlink(\"t\", \"dlnk/s\")", syscall(SYS_symlink, "t", "dlnk/s"));
	do_readlink("readlink(\"d/s\")", AT_FDCWD, "d/s", 64);
	CALL("symlink(\"t\", \"e/.\")", syscall(SYS_symlink, "t", "e/."));
	CALL("symlink(\"t\", \"..\")", syscall(SYS_symlink, "t", ".."));
	CALL("mknod(\"dangling\", S_IFIFO)", syscall(SYS_mknod, "dangling", S_IFIFO | 0600, 0));
	CALL("mknod(\"r\", S_IFREG|0755) then stat", syscall(SYS_mknod, "r", S_IFREG | 0755, 0));
	do_stat("r");
}

static void cases_open_more(void)
{
	char proc[64];
	int fd, dfd;

	line("# open");
	OPEN("creat(\"c\", 0640)", syscall(SYS_creat, "c", 0640), NULL);
	do_stat("c");
	write_file("c", "content");
	OPEN("openat(\"c\", O_CREAT|O_TRUNC|O_WRONLY, 0600)", syscall(SYS_openat, AT_FDCWD, "c", O_CREAT | O_TRUNC | O_WRONLY, 0600), NULL);
	do_stat("c");
	write_file("c", "content");
	OPEN("openat(\"c\", O_RDONLY|O_TRUNC)", syscall(SYS_openat, AT_FDCWD, "c", O_RDONLY | O_TRUNC), NULL);
	do_stat("c");
	OPEN("openat(\"lnk\", O_CREAT|O_NOFOLLOW)", syscall(SYS_openat, AT_FDCWD, "lnk", O_WRONLY | O_CREAT | O_NOFOLLOW, 0600), NULL);
	OPEN("openat(\"dangling\", O_CREAT|O_EXCL|O_NOFOLLOW)",
	     syscall(SYS_openat, AT_FDCWD, "dangling", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600), NULL);
	OPEN("openat(\"fifo\", O_RDWR)", syscall(SYS_openat, AT_FDCWD, "fifo", O_RDWR), NULL);
	OPEN("openat(\"fifo\", O_RDWR|O_TRUNC)", syscall(SYS_openat, AT_FDCWD, "fifo", O_RDWR | O_TRUNC), NULL);
	OPEN("openat(\"fifo\", O_RDONLY|O_NONBLOCK|O_DIRECTORY)",
	     syscall(SYS_openat, AT_FDCWD, "fifo", O_RDONLY | O_NONBLOCK | O_DIRECTORY), NULL);
	OPEN("openat(\"d\", O_TMPFILE|O_CREAT)", syscall(SYS_openat, AT_FDCWD, "d", O_TMPFILE | O_CREAT | O_RDWR, 0600), NULL);
	OPEN("openat(\"d\", O_TMPFILE|O_WRONLY, 0)", syscall(SYS_openat, AT_FDCWD, "d", O_TMPFILE | O_WRONLY, 0), &fd);
	if (fd >= 0) {
		do_fstat("  fstat(tmpfile)", fd);
		close(fd);
	}
	OPEN("openat(\"d\", O_PATH|O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, "d", O_PATH | O_DIRECTORY), &dfd);
	if (dfd >= 0) {
		OPEN("  openat(O_PATH dir fd, \"inner\")", syscall(SYS_openat, dfd, "inner", O_RDONLY), NULL);
		OPEN("  openat(O_PATH dir fd, \"new\", O_CREAT)", syscall(SYS_openat, dfd, "new2", O_WRONLY | O_CREAT, 0600), NULL);
		do_stat("d/new2");
		do_fstatat("  fstatat(O_PATH dir fd, \"inner\")", dfd, "inner", 0);
		do_statx("  statx(O_PATH dir fd, \"\", AT_EMPTY_PATH)", dfd, "", AT_EMPTY_PATH, STATX_BASIC_STATS);
		CALL("  mkdirat(O_PATH dir fd, \"sub\")", syscall(SYS_mkdirat, dfd, "sub", 0755));
		CALL("  unlinkat(O_PATH dir fd, \"sub\", AT_REMOVEDIR)", syscall(SYS_unlinkat, dfd, "sub", AT_REMOVEDIR));
		CALL("  faccessat2(O_PATH dir fd, \"\", W_OK, AT_EMPTY_PATH)", syscall(SYS_faccessat2, dfd, "", W_OK, AT_EMPTY_PATH));
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d/inner", dfd);
		OPEN("  openat(\"/proc/self/fd/N/inner\")", syscall(SYS_openat, AT_FDCWD, proc, O_RDONLY), NULL);
		CALL("  fchdir(O_PATH dir fd)", syscall(SYS_fchdir, dfd));
		do_stat("inner");
		must(chdir(".."), "chdir ..");
		close(dfd);
	}
	OPEN("openat(\"f\", O_PATH)", syscall(SYS_openat, AT_FDCWD, "f", O_PATH), &fd);
	if (fd >= 0) {
		OPEN("  openat(O_PATH file fd, \"x\")", syscall(SYS_openat, fd, "x", O_RDONLY), NULL);
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		OPEN("  openat(\"/proc/self/fd/N\", O_RDWR)", syscall(SYS_openat, AT_FDCWD, proc, O_RDWR), NULL);
		do_fstatat("  stat(\"/proc/self/fd/N\")", AT_FDCWD, proc, 0);
		CALL("  truncate(\"/proc/self/fd/N\", 2)", syscall(SYS_truncate, proc, 2));
		CALL("  chown(\"/proc/self/fd/N\", uid, gid)", syscall(SYS_chown, proc, geteuid(), getegid()));
		CALL("  chown(\"/proc/self/fd/N\", uid + 1, -1)", syscall(SYS_chown, proc, geteuid() + 1, -1));
		CALL("  chown(\"/proc/self/fd/N\", -1, 4242)", syscall(SYS_chown, proc, -1, 4242));
		do_stat("f");
		close(fd);
	}
	OPEN("openat(\"noperm\", O_PATH)", syscall(SYS_openat, AT_FDCWD, "noperm", O_PATH), &fd);
	if (fd >= 0) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		OPEN("  openat(\"/proc/self/fd/N\" of noperm, O_RDONLY)", syscall(SYS_openat, AT_FDCWD, proc, O_RDONLY), NULL);
		close(fd);
	}
	do_stat("f/.");
	do_stat("d//inner");
	do_stat("d/./inner/");
	do_lstat("lnk/");
	do_lstat("dlnk/");
	do_lstat("dlnk/.");
	do_fstatat("fstatat(\"lnk\", AT_EMPTY_PATH|AT_SYMLINK_NOFOLLOW)", AT_FDCWD, "lnk", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
	do_statx("statx(\"lnk\", AT_EMPTY_PATH)", AT_FDCWD, "lnk", AT_EMPTY_PATH, STATX_TYPE);
	CALL("chmod(\"lnk/\", 0644)", syscall(SYS_chmod, "lnk/", 0644));
	CALL("truncate(\"dlnk\", 0)", syscall(SYS_truncate, "dlnk", 0));
	CALL("truncate(\"f\", 1<<62)", syscall(SYS_truncate, "f", 1LL << 62));
	CALL("chdir(\"dlnk/\")", syscall(SYS_chdir, "dlnk/"));
	must(chdir(".."), "chdir ..");
}

/* Opens for reading that fail, each a component the walk stops at:
 * the Gofer stats such a path whole, and answers its failure only
 * when the walk without links fails alike (resolve.c). */
static void cases_plain_read_errors(void)
{
	static const char *const paths[] = {
		"missing/x", "d/missing", "f/x", "f/", "fifo/x", "lnk/x", "dangling", "dangling/x",
		"dlnk/missing", "nox/in", "nox/missing", "loop1", "loop1/x", "d/loop1/x",
	};
	char cwd[PATH_MAX], path[PATH_MAX + 2];
	char what[PATH_MAX + 32];

	line("# plain reads that fail");
	must(symlink("loop2", "loop1"), "loop1");
	must(symlink("loop1", "loop2"), "loop2");
	must(symlink("../loop1", "d/loop1"), "d/loop1");
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		must(-1, "getcwd");
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		snprintf(what, sizeof(what), "openat(\"%s\", O_RDONLY)", paths[i]);
		OPEN(what, syscall(SYS_openat, AT_FDCWD, paths[i], O_RDONLY), NULL);
		snprintf(path, sizeof(path), "%s/%s", cwd, paths[i]);
		snprintf(what, sizeof(what), "openat(\"DIR/%s\", O_RDONLY)", paths[i]);
		OPEN(what, syscall(SYS_openat, AT_FDCWD, path, O_RDONLY), NULL);
	}
	/* A name longer than NAME_MAX; paths of PATH_MAX - 1 and PATH_MAX
	 * bytes, the first the longest the kernel takes. */
	memcpy(path, "d/", 2);
	memset(path + 2, 'n', NAME_MAX + 1);
	path[NAME_MAX + 3] = '\0';
	OPEN("openat(\"d/NAME_MAX+1\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, path, O_RDONLY), NULL);
	for (size_t len = PATH_MAX - 1; len <= PATH_MAX; len++) {
		for (size_t i = 0; i + 1 < len; i += 2)
			memcpy(path + i, "d/", 2);
		path[len - 1] = 'f';
		path[len] = '\0';
		snprintf(what, sizeof(what), "openat(\"d/d/.../f\" of %zu bytes, O_RDONLY)", len);
		OPEN(what, syscall(SYS_openat, AT_FDCWD, path, O_RDONLY), NULL);
	}
	must(unlink("d/loop1"), "unlink d/loop1");
	must(unlink("loop2"), "unlink loop2");
	must(unlink("loop1"), "unlink loop1");
}

/* Only what is the same on every read-only mount: the rest of a stat
 * (times, the block counts) is the file system's. */
static void statvfs_line(const char *path)
{
	struct statvfs sv;

	errno = 0;
	if (statvfs(path, &sv) < 0)
		line("statvfs(\"%s\") = %s", path, err_name(errno));
	else
		line("statvfs(\"%s\") = 0 rdonly=%d", path, (sv.f_flag & ST_RDONLY) != 0);
}

/* In RODIR, a tree on a read-only mount; `rw` is RWDIR, another mount. */
static void cases_read_only(const char *rw)
{
	char rw_x[CALL_LINES_BUF + 2], rw_f[CALL_LINES_BUF + 2], proc[64];
	int fd;
	struct timespec omit[2] = { { .tv_nsec = UTIME_OMIT }, { .tv_nsec = UTIME_OMIT } };

	line("# read-only");
	snprintf(rw_x, sizeof(rw_x), "%s/x", rw);
	snprintf(rw_f, sizeof(rw_f), "%s/f", rw);
	statvfs_line(".");
	OPEN("openat(\"f\", O_RDONLY)", syscall(SYS_openat, AT_FDCWD, "f", O_RDONLY), NULL);
	OPEN("openat(\"f\", O_WRONLY)", syscall(SYS_openat, AT_FDCWD, "f", O_WRONLY), NULL);
	OPEN("openat(\"f\", O_RDONLY|O_TRUNC)", syscall(SYS_openat, AT_FDCWD, "f", O_RDONLY | O_TRUNC), NULL);
	OPEN("openat(\"f\", O_RDONLY|O_CREAT)", syscall(SYS_openat, AT_FDCWD, "f", O_RDONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"f\", O_CREAT|O_EXCL)", syscall(SYS_openat, AT_FDCWD, "f", O_RDONLY | O_CREAT | O_EXCL, 0600), NULL);
	OPEN("openat(\"new\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "new", O_RDONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"nope/new\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "nope/new", O_RDONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"dangling\", O_CREAT)", syscall(SYS_openat, AT_FDCWD, "dangling", O_WRONLY | O_CREAT, 0600), NULL);
	OPEN("openat(\"d\", O_WRONLY)", syscall(SYS_openat, AT_FDCWD, "d", O_WRONLY), NULL);
	OPEN("openat(\"d\", O_RDONLY|O_TRUNC)", syscall(SYS_openat, AT_FDCWD, "d", O_RDONLY | O_TRUNC), NULL);
	OPEN("openat(\"d\", O_RDWR|O_CREAT)", syscall(SYS_openat, AT_FDCWD, "d", O_RDWR | O_CREAT, 0600), NULL);
	OPEN("openat(\"d\", O_TMPFILE)", syscall(SYS_openat, AT_FDCWD, "d", O_TMPFILE | O_RDWR, 0600), NULL);
	OPEN("openat(\"lnk\", O_WRONLY|O_NOFOLLOW)", syscall(SYS_openat, AT_FDCWD, "lnk", O_WRONLY | O_NOFOLLOW), NULL);
	OPEN("openat(\"f/\", O_WRONLY)", syscall(SYS_openat, AT_FDCWD, "f/", O_WRONLY), NULL);
	OPEN("openat(\"f\", O_WRONLY|O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, "f", O_WRONLY | O_DIRECTORY), NULL);
	OPEN("openat(\"ro_file\", O_WRONLY)", syscall(SYS_openat, AT_FDCWD, "ro_file", O_WRONLY), NULL);
	OPEN("openat(\"f\", O_WRONLY|O_RDWR)", syscall(SYS_openat, AT_FDCWD, "f", O_ACCMODE), NULL);
	OPEN("openat(\"fifo\", O_WRONLY|O_RDWR|O_NONBLOCK)", syscall(SYS_openat, AT_FDCWD, "fifo", O_ACCMODE | O_NONBLOCK), NULL);
	OPEN("openat(\"ro_file\", O_WRONLY|O_TRUNC)", syscall(SYS_openat, AT_FDCWD, "ro_file", O_WRONLY | O_TRUNC), NULL);
	OPEN("openat(\"noperm\", O_RDWR)", syscall(SYS_openat, AT_FDCWD, "noperm", O_RDWR), NULL);
	OPEN("openat(\"fifo\", O_RDWR)", syscall(SYS_openat, AT_FDCWD, "fifo", O_RDWR), NULL);
	OPEN("openat(\"fifo\", O_WRONLY|O_NONBLOCK|O_TRUNC)",
	     syscall(SYS_openat, AT_FDCWD, "fifo", O_WRONLY | O_NONBLOCK | O_TRUNC), NULL);
	CALL("faccessat2(\"f\", W_OK)", syscall(SYS_faccessat2, AT_FDCWD, "f", W_OK, 0));
	CALL("faccessat2(\"d\", W_OK)", syscall(SYS_faccessat2, AT_FDCWD, "d", W_OK, 0));
	CALL("faccessat2(\"lnk\", W_OK, AT_SYMLINK_NOFOLLOW)", syscall(SYS_faccessat2, AT_FDCWD, "lnk", W_OK, AT_SYMLINK_NOFOLLOW));
	CALL("faccessat2(\"fifo\", W_OK)", syscall(SYS_faccessat2, AT_FDCWD, "fifo", W_OK, 0));
	CALL("faccessat2(\"ro_file\", W_OK)", syscall(SYS_faccessat2, AT_FDCWD, "ro_file", W_OK, 0));
	CALL("faccessat2(\"noperm\", R_OK|W_OK)", syscall(SYS_faccessat2, AT_FDCWD, "noperm", R_OK | W_OK, 0));
	CALL("faccessat2(\"f\", R_OK)", syscall(SYS_faccessat2, AT_FDCWD, "f", R_OK, 0));
	CALL("mkdir(\"d\")", syscall(SYS_mkdir, "d", 0755));
	CALL("mkdir(\"new\")", syscall(SYS_mkdir, "new", 0755));
	CALL("mkdir(\"nope/new\")", syscall(SYS_mkdir, "nope/new", 0755));
	CALL("mkdir(\"f/new\")", syscall(SYS_mkdir, "f/new", 0755));
	CALL("mkdir(\"dangling\")", syscall(SYS_mkdir, "dangling", 0755));
	CALL("mkdir(\"rodir/new\")", syscall(SYS_mkdir, "rodir/new", 0755));
	CALL("mknod(\"p\", S_IFIFO)", syscall(SYS_mknod, "p", S_IFIFO | 0600, 0));
	CALL("mknod(\"f\", S_IFIFO)", syscall(SYS_mknod, "f", S_IFIFO | 0600, 0));
	CALL("symlink(\"t\", \"s\")", syscall(SYS_symlink, "t", "s"));
	CALL("symlink(\"t\", \"lnk\")", syscall(SYS_symlink, "t", "lnk"));
	CALL("unlink(\"f\")", syscall(SYS_unlink, "f"));
	CALL("unlink(\"missing\")", syscall(SYS_unlink, "missing"));
	CALL("unlink(\"nope/x\")", syscall(SYS_unlink, "nope/x"));
	CALL("unlink(\"d\")", syscall(SYS_unlink, "d"));
	CALL("unlink(\"f/\")", syscall(SYS_unlink, "f/"));
	CALL("unlink(\".\")", syscall(SYS_unlink, "."));
	CALL("rmdir(\"e\")", syscall(SYS_rmdir, "e"));
	CALL("rmdir(\"full\")", syscall(SYS_rmdir, "full"));
	CALL("rmdir(\"missing\")", syscall(SYS_rmdir, "missing"));
	CALL("rmdir(\"f\")", syscall(SYS_rmdir, "f"));
	CALL("rmdir(\".\")", syscall(SYS_rmdir, "."));
	CALL("rmdir(\"e/..\")", syscall(SYS_rmdir, "e/.."));
	CALL("rename(\"f\", \"g\")", syscall(SYS_rename, "f", "g"));
	CALL("rename(\"missing\", \"g\")", syscall(SYS_rename, "missing", "g"));
	CALL("rename(\"e\", \"full\")", syscall(SYS_rename, "e", "full"));
	CALL("rename(\"d\", \"d/x\")", syscall(SYS_rename, "d", "d/x"));
	CALL("rename(\"f\", \".\")", syscall(SYS_rename, "f", "."));
	CALL("renameat2(\"f\", \"d\", NOREPLACE)", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "d", RENAME_NOREPLACE));
	CALL("rename(\"f\", \"RWDIR/x\")", syscall(SYS_rename, "f", rw_x));
	CALL("rename(\"missing\", \"RWDIR/x\")", syscall(SYS_rename, "missing", rw_x));
	CALL("rename(\"RWDIR/f\", \"x\")", syscall(SYS_rename, rw_f, "x"));
	CALL("renameat2(\"f\", \"RWDIR/x\", EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, rw_x, RENAME_EXCHANGE));
	CALL("link(\"f\", \"g\")", syscall(SYS_link, "f", "g"));
	CALL("link(\"f\", \"d\")", syscall(SYS_link, "f", "d"));
	CALL("link(\"missing\", \"g\")", syscall(SYS_link, "missing", "g"));
	CALL("link(\"f\", \"RWDIR/x\")", syscall(SYS_link, "f", rw_x));
	CALL("chmod(\"f\", 0600)", syscall(SYS_chmod, "f", 0600));
	CALL("chmod(\"missing\", 0600)", syscall(SYS_chmod, "missing", 0600));
	CALL("chmod(\"fifo\", 0600)", syscall(SYS_chmod, "fifo", 0600));
	CALL("chown(\"f\", -1, -1)", syscall(SYS_chown, "f", -1, -1));
	CALL("lchown(\"lnk\", -1, -1)", syscall(SYS_lchown, "lnk", -1, -1));
	fd = (int)syscall(SYS_openat, AT_FDCWD, "f", O_RDONLY);
	if (fd >= 0) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		CALL("chown(\"/proc/self/fd/N\" of f, uid + 1, -1)", syscall(SYS_chown, proc, geteuid() + 1, -1));
		close(fd);
	}
	CALL("utimensat(\"f\", NULL)", syscall(SYS_utimensat, AT_FDCWD, "f", NULL, 0));
	CALL("utimensat(\"f\", OMIT OMIT)", syscall(SYS_utimensat, AT_FDCWD, "f", omit, 0));
	CALL("utimensat(\"missing\", NULL)", syscall(SYS_utimensat, AT_FDCWD, "missing", NULL, 0));
	CALL("utimensat(\"fifo\", NULL)", syscall(SYS_utimensat, AT_FDCWD, "fifo", NULL, 0));
	CALL("truncate(\"f\", 0)", syscall(SYS_truncate, "f", 0));
	CALL("truncate(\"d\", 0)", syscall(SYS_truncate, "d", 0));
	CALL("truncate(\"dlnk\", 0)", syscall(SYS_truncate, "dlnk", 0));
	CALL("truncate(\"fifo\", 0)", syscall(SYS_truncate, "fifo", 0));
	CALL("truncate(\"missing\", 0)", syscall(SYS_truncate, "missing", 0));
	CALL("setxattr(\"f\", \"user.k\")", syscall(SYS_setxattr, "f", "user.k", "v", 1, 0));
	CALL("setxattr(\"f\", \"bad\")", syscall(SYS_setxattr, "f", "bad", "v", 1, 0));
	CALL("removexattr(\"f\", \"user.none\")", syscall(SYS_removexattr, "f", "user.none"));
	CALL("getxattr(\"f\", \"user.none\")", syscall(SYS_getxattr, "f", "user.none", NULL, 0));
	CALL("chdir(\"d\")", syscall(SYS_chdir, "d"));
	must(chdir(".."), "chdir ..");
}

/* --- magic links: /proc/PID/fd/N, cwd, root, exe ------------------------- */

/* The spellings of fd N the cases try: by /proc/self, /proc/thread-self,
 * the process's own pid, and /dev/fd (sandbox.c's link, natively
 * udev's). */
#define MAGIC_SPELLINGS 4
static const char *const magic_kinds[MAGIC_SPELLINGS] = { "self", "thread-self", "pid", "dev/fd" };

static void magic_path(char *buf, size_t size, int kind, int fd)
{
	switch (kind) {
	case 0: snprintf(buf, size, "/proc/self/fd/%d", fd); break;
	case 1: snprintf(buf, size, "/proc/thread-self/fd/%d", fd); break;
	case 2: snprintf(buf, size, "/proc/%d/fd/%d", (int)getpid(), fd); break;
	default: snprintf(buf, size, "/dev/fd/%d", fd); break;
	}
}

/* The directories whose names differ from run to run, as RW and RO. */
static char magic_rw[CALL_LINES_BUF], magic_ro[CALL_LINES_BUF];

/* readlinkat, its text with RW and RO for those directories and the
 * inode number of a pipe or a socket left out. */
static void magic_readlink(const char *what, int dirfd, const char *path)
{
	char buf[CALL_LINES_BUF];
	size_t rw = strlen(magic_rw), ro = strlen(magic_ro);

	errno = 0;
	long rc = syscall(SYS_readlinkat, dirfd, path, buf, sizeof(buf) - 1);
	if (rc < 0) {
		line("%s = %s", what, err_name(errno));
		return;
	}
	buf[rc] = '\0';
	if (strncmp(buf, magic_rw, rw) == 0 && (buf[rw] == '/' || buf[rw] == '\0'))
		line("%s = \"RW%s\"", what, buf + rw);
	else if (strncmp(buf, magic_ro, ro) == 0 && (buf[ro] == '/' || buf[ro] == '\0'))
		line("%s = \"RO%s\"", what, buf + ro);
	else if (strchr(buf, '[') != NULL)
		line("%s = \"%.*s[N]\"", what, (int)(strchr(buf, '[') - buf), buf);
	else
		line("%s = \"%s\"", what, buf);
}

/* The lookups and changes of the file `fd` is, through its link
 * spelled `kind`: `name` is the file's name in the cwd, or NULL. */
static void magic_file_calls(const char *label, int fd, const char *name)
{
	struct timespec set[2] = { { .tv_sec = PARITY_TIME }, { .tv_sec = PARITY_TIME } };
	char p[64], what[CALL_LINES_BUF];

	magic_path(p, sizeof(p), 0, fd);
#define W(fmt) (snprintf(what, sizeof(what), "  " fmt, label), what)
	OPEN(W("openat(%s, O_RDONLY)"), syscall(SYS_openat, AT_FDCWD, p, O_RDONLY), NULL);
	OPEN(W("openat(%s, O_RDWR)"), syscall(SYS_openat, AT_FDCWD, p, O_RDWR), NULL);
	OPEN(W("openat(%s, O_WRONLY|O_APPEND)"), syscall(SYS_openat, AT_FDCWD, p, O_WRONLY | O_APPEND), NULL);
	OPEN(W("openat(%s, O_RDONLY|O_DIRECTORY)"), syscall(SYS_openat, AT_FDCWD, p, O_RDONLY | O_DIRECTORY), NULL);
	OPEN(W("openat(%s, O_RDONLY|O_NOFOLLOW)"), syscall(SYS_openat, AT_FDCWD, p, O_RDONLY | O_NOFOLLOW), NULL);
	OPEN(W("openat(%s, O_PATH|O_NOFOLLOW)"), syscall(SYS_openat, AT_FDCWD, p, O_PATH | O_NOFOLLOW), NULL);
	OPEN(W("openat(%s, O_PATH)"), syscall(SYS_openat, AT_FDCWD, p, O_PATH), NULL);
	do_fstatat(W("stat(%s)"), AT_FDCWD, p, 0);
	do_statx(W("statx(%s)"), AT_FDCWD, p, 0, STATX_TYPE | STATX_NLINK | STATX_SIZE);
	magic_readlink(W("readlink(%s)"), AT_FDCWD, p);
	CALL(W("faccessat2(%s, R_OK)"), syscall(SYS_faccessat2, AT_FDCWD, p, R_OK, 0));
	CALL(W("faccessat2(%s, W_OK)"), syscall(SYS_faccessat2, AT_FDCWD, p, W_OK, 0));
	CALL(W("getxattr(%s, \"user.none\")"), syscall(SYS_getxattr, p, "user.none", NULL, 0));
	CALL(W("listxattr(%s)"), syscall(SYS_listxattr, p, NULL, 0));
	CALL(W("chmod(%s, 0640)"), syscall(SYS_chmod, p, 0640));
	CALL(W("utimensat(%s, T T)"), syscall(SYS_utimensat, AT_FDCWD, p, set, 0));
	CALL(W("utimensat(%s, NULL, AT_SYMLINK_NOFOLLOW)"), syscall(SYS_utimensat, AT_FDCWD, p, NULL, AT_SYMLINK_NOFOLLOW));
	CALL(W("chown(%s, uid, gid)"), syscall(SYS_chown, p, geteuid(), getegid()));
	CALL(W("lchown(%s, uid, gid)"), syscall(SYS_lchown, p, geteuid(), getegid()));
	CALL(W("truncate(%s, 3)"), syscall(SYS_truncate, p, 3));
	if (name != NULL) {
		do_stat(name);
		times_line(W("times of %s"), name);
	}
	CALL(W("linkat(%s, \"h\", AT_SYMLINK_FOLLOW)"), syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
	do_lstat("h");
	unlink("h");
	CALL(W("linkat(%s, \"h\", 0)"), syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, "h", 0));
	CALL(W("rename(%s, \"h\")"), syscall(SYS_rename, p, "h"));
	CALL(W("mkdir(%s)"), syscall(SYS_mkdir, p, 0755));
	CALL(W("symlink(\"t\", %s)"), syscall(SYS_symlink, "t", p));
#undef W
}

/* fd N as a base: a reopening as a directory, and paths below it. */
static void magic_dir_calls(const char *label, int fd)
{
	char p[64], below[96], what[CALL_LINES_BUF];
	int dfd;

#define W(fmt) (snprintf(what, sizeof(what), "  " fmt, label), what)
	magic_path(p, sizeof(p), 0, fd);
	OPEN(W("openat(%s, O_RDONLY|O_DIRECTORY)"), syscall(SYS_openat, AT_FDCWD, p, O_RDONLY | O_DIRECTORY), &dfd);
	if (dfd >= 0) {
		OPEN(W("  openat(reopened %s, \"inner\")"), syscall(SYS_openat, dfd, "inner", O_RDONLY), NULL);
		CALL(W("  mkdirat(reopened %s, \"sub\")"), syscall(SYS_mkdirat, dfd, "sub", 0755));
		do_fstatat(W("  fstatat(reopened %s, \"sub\")"), dfd, "sub", 0);
		CALL(W("  unlinkat(reopened %s, \"sub\", AT_REMOVEDIR)"), syscall(SYS_unlinkat, dfd, "sub", AT_REMOVEDIR));
		OPEN(W("  openat(reopened %s, \"new\", O_CREAT)"), syscall(SYS_openat, dfd, "new", O_WRONLY | O_CREAT, 0600), NULL);
		CALL(W("  unlinkat(reopened %s, \"new\")"), syscall(SYS_unlinkat, dfd, "new", 0));
		close(dfd);
	}
	OPEN(W("openat(%s, O_WRONLY)"), syscall(SYS_openat, AT_FDCWD, p, O_WRONLY), NULL);
	magic_readlink(W("readlink(%s)"), AT_FDCWD, p);
	do_fstatat(W("stat(%s)"), AT_FDCWD, p, 0);
	snprintf(below, sizeof(below), "%s/inner", p);
	OPEN(W("openat(%s/inner)"), syscall(SYS_openat, AT_FDCWD, below, O_RDONLY), NULL);
	snprintf(below, sizeof(below), "%s/sub2", p);
	CALL(W("mkdir(%s/sub2)"), syscall(SYS_mkdir, below, 0755));
	CALL(W("rmdir(%s/sub2)"), syscall(SYS_rmdir, below));
	snprintf(below, sizeof(below), "%s/..", p);
	do_fstatat(W("stat(%s/..)"), AT_FDCWD, below, 0);
	snprintf(below, sizeof(below), "%s/.", p);
	do_fstatat(W("stat(%s/.)"), AT_FDCWD, below, 0);
	CALL(W("chdir(%s)"), syscall(SYS_chdir, p));
	magic_readlink(W("  readlink(\"/proc/self/cwd\") after chdir(%s)"), AT_FDCWD, "/proc/self/cwd");
	must(chdir(magic_rw), "chdir back");
#undef W
}

/* execve of `path` in a child, `exe` its argv[0]: the exit status
 * (PARITY_EXEC_STATUS when the program ran), or the errno. */
#define PARITY_EXEC_STATUS 7
static void magic_exec(const char *what, const char *path, int fd, int flags)
{
	char *argv[] = { (char *)"parity", (char *)"--exit", NULL };
	int pipefd[2], e = 0, status;

	must(pipe2(pipefd, O_CLOEXEC), "pipe2");
	pid_t pid = fork();
	must(pid, "fork");
	if (pid == 0) {
		if (fd >= 0)
			syscall(SYS_execveat, fd, path, argv, environ, flags);
		else
			syscall(SYS_execve, path, argv, environ);
		e = errno;
		if (write(pipefd[1], &e, sizeof(e)) < 0)
			_exit(1);
		_exit(1);
	}
	close(pipefd[1]);
	ssize_t n = read(pipefd[0], &e, sizeof(e));
	close(pipefd[0]);
	must(waitpid(pid, &status, 0), "waitpid");
	if (n == (ssize_t)sizeof(e))
		line("%s = %s", what, err_name(e));
	else
		line("%s = ran, exit %d", what, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void cases_magic_exec(void)
{
	char p[64], what[CALL_LINES_BUF];
	int fd, pfd, cfd, mfd;

	line("# exec through magic links");
	magic_exec("execve(\"/proc/self/exe\")", "/proc/self/exe", -1, 0);
	fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/exe", O_RDONLY);
	pfd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/exe", O_PATH);
	cfd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/exe", O_RDONLY | O_CLOEXEC);
	mfd = (int)syscall(SYS_memfd_create, "exe", 0);
	must(fd < 0 || pfd < 0 || cfd < 0 || mfd < 0 ? -1 : 0, "open /proc/self/exe");
	for (;;) {
		char buf[65536];
		ssize_t n = read(fd, buf, sizeof(buf));
		must((int)n, "read exe");
		if (n == 0)
			break;
		must(write(mfd, buf, (size_t)n) == n ? 0 : -1, "write memfd");
	}
	const int fds[] = { fd, pfd, cfd, mfd };
	const char *kinds[] = { "exe fd", "O_PATH exe fd", "O_CLOEXEC exe fd", "memfd" };
	for (size_t i = 0; i < 4; i++) {
		for (int k = 0; k < MAGIC_SPELLINGS; k++) {
			magic_path(p, sizeof(p), k, fds[i]);
			snprintf(what, sizeof(what), "execve(%s, %s)", magic_kinds[k], kinds[i]);
			magic_exec(what, p, -1, 0);
		}
		snprintf(what, sizeof(what), "execveat(%s, \"\", AT_EMPTY_PATH)", kinds[i]);
		magic_exec(what, "", fds[i], AT_EMPTY_PATH);
	}
	close(fd);
	close(pfd);
	close(cfd);
	close(mfd);
}

/* Another process's fds and cwd by its /proc directory: a child of
 * ours, the same user. */
static void cases_magic_other_process(void)
{
	char p[96];
	int ready[2], hold[2];

	line("# another process's links");
	must(pipe(ready), "pipe");
	must(pipe(hold), "pipe");
	pid_t pid = fork();
	must(pid, "fork");
	if (pid == 0) {
		int pp[2];
		char c;
		close(ready[0]);
		close(hold[1]);
		must(dup2(open("f", O_RDONLY), 50), "dup2");
		must(pipe(pp), "pipe");
		must(dup2(pp[0], 51), "dup2");
		must(dup2(open("d", O_RDONLY | O_DIRECTORY), 52), "dup2");
		write_file("gone2", "bye");
		must(dup2(open("gone2", O_RDONLY), 53), "dup2");
		must(unlink("gone2"), "unlink");
		if (write(ready[1], "r", 1) != 1 || read(hold[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	must(read(ready[0], p, 1) == 1 ? 0 : -1, "child ready");
	const char *const names[] = { "file", "pipe", "dir", "deleted file" };
	for (int i = 0; i < 4; i++) {
		char what[CALL_LINES_BUF];
		snprintf(p, sizeof(p), "/proc/%d/fd/%d", (int)pid, 50 + i);
		snprintf(what, sizeof(what), "openat(child's %s, O_RDONLY)", names[i]);
		OPEN(what, syscall(SYS_openat, AT_FDCWD, p, O_RDONLY), NULL);
		snprintf(what, sizeof(what), "stat(child's %s)", names[i]);
		do_fstatat(what, AT_FDCWD, p, 0);
		snprintf(what, sizeof(what), "readlink(child's %s)", names[i]);
		magic_readlink(what, AT_FDCWD, p);
		snprintf(what, sizeof(what), "chmod(child's %s, 0640)", names[i]);
		CALL(what, syscall(SYS_chmod, p, 0640));
	}
	snprintf(p, sizeof(p), "/proc/%d/fd/52/inner", (int)pid);
	OPEN("openat(child's dir/inner)", syscall(SYS_openat, AT_FDCWD, p, O_RDONLY), NULL);
	snprintf(p, sizeof(p), "/proc/%d/cwd/f", (int)pid);
	OPEN("openat(child's cwd/f)", syscall(SYS_openat, AT_FDCWD, p, O_RDONLY), NULL);
	snprintf(p, sizeof(p), "/proc/%d/cwd", (int)pid);
	magic_readlink("readlink(child's cwd)", AT_FDCWD, p);
	snprintf(p, sizeof(p), "/proc/%d/root", (int)pid);
	magic_readlink("readlink(child's root)", AT_FDCWD, p);
	close(hold[1]);
	close(ready[0]);
	must(waitpid(pid, NULL, 0), "waitpid");
}

/* A directory removed while open: what is below its link ("." and
 * "..", which the kernel still serves: ".." is the old parent). */
static void magic_removed_dir(void)
{
	char p[64], below[96];
	struct stat here, st;
	int dfd;

	must(mkdir("rmd", 0755), "mkdir rmd");
	dfd = (int)syscall(SYS_openat, AT_FDCWD, "rmd", O_RDONLY | O_DIRECTORY);
	must(dfd, "open rmd");
	must(rmdir("rmd"), "rmdir rmd");
	magic_path(p, sizeof(p), 0, dfd);
	snprintf(below, sizeof(below), "%s/..", p);
	do_fstatat("stat(removed dir's link/..)", AT_FDCWD, below, 0);
	must(stat(".", &here), "stat .");
	line("  is the cwd: %d", stat(below, &st) == 0 && st.st_ino == here.st_ino && st.st_dev == here.st_dev);
	OPEN("openat(removed dir's link/.., O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, below, O_RDONLY | O_DIRECTORY), NULL);
	snprintf(below, sizeof(below), "%s/../mf", p);
	do_fstatat("stat(removed dir's link/../mf)", AT_FDCWD, below, 0);
	snprintf(below, sizeof(below), "%s/.", p);
	do_fstatat("stat(removed dir's link/.)", AT_FDCWD, below, 0);
	snprintf(below, sizeof(below), "%s/x", p);
	CALL("mkdir(removed dir's link/x)", syscall(SYS_mkdir, below, 0755));
	do_fstatat("stat(removed dir's link/x)", AT_FDCWD, below, 0);
	CALL("unlink(removed dir's link)", syscall(SYS_unlink, p));
	CALL("rmdir(removed dir's link)", syscall(SYS_rmdir, p));
	close(dfd);
}

/* The fd directories as dirfds (/proc/self/fd, /proc/self/task/TID/fd
 * and /dev/fd, which leads there), and each name in them: a file, a
 * pipe and a deleted file; and the removal of an fd's link, which
 * procfs refuses (EPERM), as it does a directory's (ENOTDIR). */
static void magic_fd_dirs(void)
{
	char dirs[3][64], p[64], what[CALL_LINES_BUF];
	const char *dir_names[] = { "/proc/self/fd", "/proc/self/task/TID/fd", "/dev/fd" };
	const char *names[] = { "mf", "pipe", "deleted file" };
	int fds[3], p2[2];

	snprintf(dirs[0], sizeof(dirs[0]), "/proc/self/fd");
	snprintf(dirs[1], sizeof(dirs[1]), "/proc/self/task/%d/fd", (int)getpid());
	snprintf(dirs[2], sizeof(dirs[2]), "/dev/fd");
	fds[0] = (int)syscall(SYS_openat, AT_FDCWD, "mf", O_RDONLY);
	must(fds[0], "open mf");
	must(pipe(p2), "pipe");
	fds[1] = p2[0];
	write_file("gone", "bye");
	fds[2] = (int)syscall(SYS_openat, AT_FDCWD, "gone", O_RDWR);
	must(fds[2], "open gone");
	must(unlink("gone"), "unlink gone");
	for (int d = 0; d < 3; d++) {
		int pd = (int)syscall(SYS_openat, AT_FDCWD, dirs[d], O_RDONLY | O_DIRECTORY);
		must(pd, dirs[d]);
		for (int i = 0; i < 3; i++) {
#define W(fmt) (snprintf(what, sizeof(what), fmt, dir_names[d], names[i]), what)
			snprintf(p, sizeof(p), "%d", fds[i]);
			OPEN(W("openat(%s dirfd, N of %s)"), syscall(SYS_openat, pd, p, O_RDONLY), NULL);
			do_fstatat(W("fstatat(%s dirfd, N of %s)"), pd, p, 0);
			magic_readlink(W("readlinkat(%s dirfd, N of %s)"), pd, p);
			CALL(W("linkat(%s dirfd, N of %s, \"h\", AT_SYMLINK_FOLLOW)"),
			     syscall(SYS_linkat, pd, p, AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
			unlink("h");
			CALL(W("unlinkat(%s dirfd, N of %s)"), syscall(SYS_unlinkat, pd, p, 0));
			CALL(W("unlinkat(%s dirfd, N of %s, AT_REMOVEDIR)"), syscall(SYS_unlinkat, pd, p, AT_REMOVEDIR));
			snprintf(p, sizeof(p), "%s/%d", dirs[d], fds[i]);
			CALL(W("unlink(%s/N of %s)"), syscall(SYS_unlink, p));
			CALL(W("rmdir(%s/N of %s)"), syscall(SYS_rmdir, p));
#undef W
		}
		close(pd);
	}
	for (int i = 0; i < 3; i++)
		close(fds[i]);
	close(p2[1]);
}

static void cases_magic_links(void)
{
	char p[64], q[CALL_LINES_BUF + 64], what[CALL_LINES_BUF];
	int fd, pfd, dfd, p2[2], s2[2], m;

	line("# magic links");
	/* The O_TMPFILE named by its link, each spelling, and by the fd. */
	for (int k = 0; k < MAGIC_SPELLINGS; k++) {
		const char *dirs[] = { ".", "/tmp" };
		for (int i = 0; i < 2; i++) {
			snprintf(what, sizeof(what), "openat(\"%s\", O_TMPFILE|O_RDWR)", dirs[i]);
			OPEN(what, syscall(SYS_openat, AT_FDCWD, dirs[i], O_TMPFILE | O_RDWR, 0600), &fd);
			if (fd < 0)
				continue;
			magic_path(p, sizeof(p), k, fd);
			snprintf(q, sizeof(q), "%s/parity-tmp-%d", dirs[i], (int)getpid());
			snprintf(what, sizeof(what), "  linkat(%s, \"%s/NEW\", AT_SYMLINK_FOLLOW)", magic_kinds[k], dirs[i]);
			CALL(what, syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, q, AT_SYMLINK_FOLLOW));
			do_fstat("  fstat(tmpfile)", fd);
			unlink(q);
			snprintf(what, sizeof(what), "  linkat(%s, \"%s/NEW\", 0)", magic_kinds[k], dirs[i]);
			CALL(what, syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, q, 0));
			unlink(q);
			close(fd);
		}
	}
	/* Named by the fd: the kernel lets its opener (Linux 6.10). */
	OPEN("openat(\"/tmp\", O_TMPFILE|O_RDWR)", syscall(SYS_openat, AT_FDCWD, "/tmp", O_TMPFILE | O_RDWR, 0600), &fd);
	if (fd >= 0) {
		snprintf(q, sizeof(q), "/tmp/parity-tmp-%d", (int)getpid());
		CALL("  linkat(tmpfile, \"\", \"/tmp/NEW\", AT_EMPTY_PATH)",
		     syscall(SYS_linkat, fd, "", AT_FDCWD, q, AT_EMPTY_PATH));
		do_fstat("  fstat(tmpfile)", fd);
		unlink(q);
		close(fd);
	}
	OPEN("openat(\".\", O_TMPFILE|O_RDWR|O_EXCL)", syscall(SYS_openat, AT_FDCWD, ".", O_TMPFILE | O_RDWR | O_EXCL, 0600), &fd);
	if (fd >= 0) {
		magic_path(p, sizeof(p), 0, fd);
		CALL("  linkat(self, \"NEW\", AT_SYMLINK_FOLLOW)", syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, "tx", AT_SYMLINK_FOLLOW));
		close(fd);
	}
	/* A file: its every spelling, then the whole list by one. */
	write_file("mf", "magic");
	fd = (int)syscall(SYS_openat, AT_FDCWD, "mf", O_RDONLY);
	must(fd, "open mf");
	for (int k = 0; k < MAGIC_SPELLINGS; k++) {
		magic_path(p, sizeof(p), k, fd);
		snprintf(what, sizeof(what), "openat(%s of mf, O_RDWR)", magic_kinds[k]);
		OPEN(what, syscall(SYS_openat, AT_FDCWD, p, O_RDWR), NULL);
		snprintf(what, sizeof(what), "lstat(%s of mf)", magic_kinds[k]);
		do_fstatat(what, AT_FDCWD, p, AT_SYMLINK_NOFOLLOW);
		snprintf(what, sizeof(what), "readlink(%s of mf)", magic_kinds[k]);
		magic_readlink(what, AT_FDCWD, p);
		snprintf(what, sizeof(what), "chmod(%s of mf, 0600)", magic_kinds[k]);
		CALL(what, syscall(SYS_chmod, p, 0600));
	}
	magic_file_calls("O_RDONLY fd of mf", fd, "mf");
	close(fd);
	OPEN("openat(\"mf\", O_PATH)", syscall(SYS_openat, AT_FDCWD, "mf", O_PATH), &pfd);
	if (pfd >= 0) {
		magic_file_calls("O_PATH fd of mf", pfd, "mf");
		CALL("  setxattr(O_PATH fd of mf's link, \"user.k\")", ({
			magic_path(p, sizeof(p), 0, pfd);
			syscall(SYS_setxattr, p, "user.k", "v", 1, 0);
		}));
		CALL("  getxattr(O_PATH fd of mf's link, \"user.k\")", syscall(SYS_getxattr, p, "user.k", NULL, 0));
		CALL("  removexattr(O_PATH fd of mf's link, \"user.k\")", syscall(SYS_removexattr, p, "user.k"));
		CALL("  lsetxattr(O_PATH fd of mf's link, \"user.k\")", syscall(SYS_lsetxattr, p, "user.k", "v", 1, 0));
		CALL("  linkat(O_PATH fd of mf, \"\", \"h\", AT_EMPTY_PATH)",
		     syscall(SYS_linkat, pfd, "", AT_FDCWD, "h", AT_EMPTY_PATH));
		unlink("h");
		close(pfd);
	}
	/* glibc's fchmodat(AT_SYMLINK_NOFOLLOW): an O_PATH open, then
	 * chmod of its /proc/self/fd link (before fchmodat2). */
	CALL("fchmodat(\"mf\", 0644, AT_SYMLINK_NOFOLLOW) (libc)", fchmodat(AT_FDCWD, "mf", 0644, AT_SYMLINK_NOFOLLOW));
	CALL("fchmodat(\"lnk\", 0644, AT_SYMLINK_NOFOLLOW) (libc)", fchmodat(AT_FDCWD, "lnk", 0644, AT_SYMLINK_NOFOLLOW));
	do_stat("mf");
	/* A file removed while open. */
	write_file("gone", "bye");
	fd = (int)syscall(SYS_openat, AT_FDCWD, "gone", O_RDWR);
	must(fd, "open gone");
	must(unlink("gone"), "unlink gone");
	magic_file_calls("deleted file", fd, NULL);
	do_fstat("  fstat(deleted file)", fd);
	close(fd);
	/* A pipe, a socket, a memfd: no path in any view. */
	must(pipe(p2), "pipe");
	magic_file_calls("pipe", p2[0], NULL);
	close(p2[0]);
	close(p2[1]);
	must(socketpair(AF_UNIX, SOCK_STREAM, 0, s2), "socketpair");
	magic_file_calls("socket", s2[0], NULL);
	close(s2[0]);
	close(s2[1]);
	m = (int)syscall(SYS_memfd_create, "m", 0);
	must(m, "memfd_create");
	magic_file_calls("memfd", m, NULL);
	close(m);
	/* A directory, by a plain and an O_PATH fd; one removed. */
	dfd = (int)syscall(SYS_openat, AT_FDCWD, "d", O_RDONLY | O_DIRECTORY);
	must(dfd, "open d");
	magic_dir_calls("dir fd of d", dfd);
	close(dfd);
	dfd = (int)syscall(SYS_openat, AT_FDCWD, "d", O_PATH | O_DIRECTORY);
	must(dfd, "open d");
	magic_dir_calls("O_PATH dir fd of d", dfd);
	CALL("fchmodat(O_PATH dir fd's link, 0750)", ({
		magic_path(p, sizeof(p), 0, dfd);
		syscall(SYS_chmod, p, 0750);
	}));
	do_stat("d");
	must(chmod("d", 0755), "chmod d");
	close(dfd);
	magic_removed_dir();
	magic_fd_dirs();
	/* cwd, root and exe. */
	magic_readlink("readlink(\"/proc/self/cwd\")", AT_FDCWD, "/proc/self/cwd");
	magic_readlink("readlink(\"/proc/thread-self/cwd\")", AT_FDCWD, "/proc/thread-self/cwd");
	magic_readlink("readlink(\"/proc/self/root\")", AT_FDCWD, "/proc/self/root");
	do_fstatat("lstat(\"/proc/self/cwd\")", AT_FDCWD, "/proc/self/cwd", AT_SYMLINK_NOFOLLOW);
	do_fstatat("stat(\"/proc/self/exe\")", AT_FDCWD, "/proc/self/exe", 0);
	CALL("mkdir(\"/proc/self/cwd/mc\")", syscall(SYS_mkdir, "/proc/self/cwd/mc", 0755));
	do_stat("mc");
	CALL("rmdir(\"/proc/self/cwd/mc\")", syscall(SYS_rmdir, "/proc/self/cwd/mc"));
	CALL("chmod(\"/proc/self/cwd/mf\", 0600)", syscall(SYS_chmod, "/proc/self/cwd/mf", 0600));
	CALL("truncate(\"/proc/self/cwd/mf\", 1)", syscall(SYS_truncate, "/proc/self/cwd/mf", 1));
	snprintf(q, sizeof(q), "/proc/self/root%s/mf", magic_rw);
	OPEN("openat(\"/proc/self/root/RW/mf\")", syscall(SYS_openat, AT_FDCWD, q, O_RDONLY), NULL);
	do_fstatat("stat(\"/proc/self/root/RW/mf\")", AT_FDCWD, q, 0);
	snprintf(q, sizeof(q), "/proc/self/root%s/mr", magic_rw);
	CALL("mkdir(\"/proc/self/root/RW/mr\")", syscall(SYS_mkdir, q, 0755));
	CALL("rmdir(\"/proc/self/root/RW/mr\")", syscall(SYS_rmdir, q));
	OPEN("openat(\"/proc/self/root/..\")", syscall(SYS_openat, AT_FDCWD, "/proc/self/root/..", O_RDONLY | O_DIRECTORY), &fd);
	if (fd >= 0) {
		magic_readlink("  readlink(its link)", AT_FDCWD, ({ magic_path(p, sizeof(p), 0, fd); p; }));
		close(fd);
	}
	magic_readlink("readlink(\"/proc/self/cwd/..\" link)", AT_FDCWD, "/proc/self/cwd/..");
	do_fstatat("stat(\"/proc/self/root/proc/self/cwd/mf\")", AT_FDCWD, "/proc/self/root/proc/self/cwd/mf", 0);
	unlink("mf");
}

/* In RODIR: a link is no way around the read-only mount. */
static void cases_magic_read_only(void)
{
	char p[64], q[CALL_LINES_BUF + 64], what[CALL_LINES_BUF];
	struct timespec set[2] = { { .tv_sec = PARITY_TIME }, { .tv_sec = PARITY_TIME } };
	int fd, dfd, tfd;

	line("# magic links on the read-only mount");
	for (int i = 0; i < 2; i++) {
		const char *kind = i == 0 ? "O_PATH" : "O_RDONLY";
		fd = (int)syscall(SYS_openat, AT_FDCWD, "f", i == 0 ? O_PATH : O_RDONLY);
		must(fd, "open f");
		magic_path(p, sizeof(p), 0, fd);
#define W(fmt) (snprintf(what, sizeof(what), fmt, kind), what)
		OPEN(W("openat(%s fd's link, O_RDWR)"), syscall(SYS_openat, AT_FDCWD, p, O_RDWR), NULL);
		OPEN(W("openat(%s fd's link, O_RDONLY|O_TRUNC)"), syscall(SYS_openat, AT_FDCWD, p, O_RDONLY | O_TRUNC), NULL);
		CALL(W("chmod(%s fd's link, 0600)"), syscall(SYS_chmod, p, 0600));
		CALL(W("chown(%s fd's link, uid, gid)"), syscall(SYS_chown, p, geteuid(), getegid()));
		CALL(W("utimensat(%s fd's link, T T)"), syscall(SYS_utimensat, AT_FDCWD, p, set, 0));
		CALL(W("truncate(%s fd's link, 0)"), syscall(SYS_truncate, p, 0));
		CALL(W("setxattr(%s fd's link, \"user.k\")"), syscall(SYS_setxattr, p, "user.k", "v", 1, 0));
		CALL(W("removexattr(%s fd's link, \"user.k\")"), syscall(SYS_removexattr, p, "user.k"));
		CALL(W("linkat(%s fd's link, \"h\", AT_SYMLINK_FOLLOW)"), syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, "h", AT_SYMLINK_FOLLOW));
		snprintf(q, sizeof(q), "%s/h", magic_rw);
		CALL(W("linkat(%s fd's link, \"RW/h\", AT_SYMLINK_FOLLOW)"), syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, q, AT_SYMLINK_FOLLOW));
		unlink(q);
		CALL(W("linkat(%s fd, \"\", \"RW/h\", AT_EMPTY_PATH)"), syscall(SYS_linkat, fd, "", AT_FDCWD, q, AT_EMPTY_PATH));
		unlink(q);
#undef W
		close(fd);
	}
	CALL("fchmodat(\"f\", 0600, AT_SYMLINK_NOFOLLOW) (libc)", fchmodat(AT_FDCWD, "f", 0600, AT_SYMLINK_NOFOLLOW));
	do_stat("f");
	dfd = (int)syscall(SYS_openat, AT_FDCWD, "d", O_PATH | O_DIRECTORY);
	must(dfd, "open d");
	magic_path(p, sizeof(p), 0, dfd);
	OPEN("openat(O_PATH dir fd's link, O_RDONLY|O_DIRECTORY)", syscall(SYS_openat, AT_FDCWD, p, O_RDONLY | O_DIRECTORY), &fd);
	if (fd >= 0) {
		CALL("  mkdirat(reopened, \"x\")", syscall(SYS_mkdirat, fd, "x", 0755));
		CALL("  unlinkat(reopened, \"inner\")", syscall(SYS_unlinkat, fd, "inner", 0));
		OPEN("  openat(reopened, \"new\", O_CREAT)", syscall(SYS_openat, fd, "new", O_WRONLY | O_CREAT, 0600), NULL);
		OPEN("  openat(reopened, \".\", O_TMPFILE)", syscall(SYS_openat, fd, ".", O_TMPFILE | O_RDWR, 0600), NULL);
		close(fd);
	}
	snprintf(q, sizeof(q), "%s/x", p);
	CALL("mkdir(O_PATH dir fd's link/x)", syscall(SYS_mkdir, q, 0755));
	snprintf(q, sizeof(q), "%s/inner", p);
	CALL("unlink(O_PATH dir fd's link/inner)", syscall(SYS_unlink, q));
	CALL("chmod(O_PATH dir fd's link/inner)", syscall(SYS_chmod, q, 0600));
	OPEN("openat(O_PATH dir fd's link/inner, O_RDWR)", syscall(SYS_openat, AT_FDCWD, q, O_RDWR), NULL);
	CALL("chmod(O_PATH dir fd's link, 0700)", syscall(SYS_chmod, p, 0700));
	close(dfd);
	CALL("mkdir(\"/proc/self/cwd/x\")", syscall(SYS_mkdir, "/proc/self/cwd/x", 0755));
	CALL("chmod(\"/proc/self/cwd\", 0700)", syscall(SYS_chmod, "/proc/self/cwd", 0700));
	/* An O_TMPFILE made where writes go, named here by its link. */
	OPEN("openat(\"RW\", O_TMPFILE|O_RDWR)", syscall(SYS_openat, AT_FDCWD, magic_rw, O_TMPFILE | O_RDWR, 0600), &tfd);
	if (tfd >= 0) {
		magic_path(p, sizeof(p), 0, tfd);
		CALL("  linkat(its link, \"t\", AT_SYMLINK_FOLLOW)", syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, "t", AT_SYMLINK_FOLLOW));
		CALL("  linkat(tmpfile, \"\", \"t\", AT_EMPTY_PATH)", syscall(SYS_linkat, tfd, "", AT_FDCWD, "t", AT_EMPTY_PATH));
		close(tfd);
	}
}

int main(int argc, char **argv)
{
	char rw[CALL_LINES_BUF], ro[CALL_LINES_BUF];

	/* What the exec cases run (cases_magic_exec). */
	if (argc == 2 && strcmp(argv[1], "--exit") == 0)
		return PARITY_EXEC_STATUS;
	if (argc == 3 && strcmp(argv[1], "--tree") == 0) {
		if (chdir(argv[2]) < 0) {
			perror(argv[2]);
			return 2;
		}
		make_tree();
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: parity --tree EMPTY-DIR | parity RWDIR RODIR\n");
		return 2;
	}
	if (realpath(argv[1], rw) == NULL || realpath(argv[2], ro) == NULL) {
		perror("realpath");
		return 2;
	}
	must(chdir(rw), rw);
	snprintf(magic_rw, sizeof(magic_rw), "%s", rw);
	snprintf(magic_ro, sizeof(magic_ro), "%s", ro);
	cases_permissions();
	cases_times();
	cases_rename();
	cases_remove_link_mkdir();
	cases_open_more();
	cases_plain_read_errors();
	cases_magic_links();
	cases_magic_other_process();
	cases_magic_exec();
	must(chdir(ro), ro);
	cases_read_only(rw);
	cases_magic_read_only();
	return 0;
}
