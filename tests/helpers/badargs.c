/* badargs DIR: system calls with hostile arguments (NULL and wild
 * pointers, strings that run into an unmapped page, buffers in read-only
 * memory or straddling a page the caller cannot write, lengths at and
 * past their bounds), one line each: "NAME: ok", "NAME: = VALUE" or
 * "NAME: ERRNONAME".  The test runs it natively and in the sandbox and
 * wants the same lines: the Sentry copies and checks what the program
 * passes and must answer as the kernel would, without faltering.  DIR is
 * a writable directory for the calls that create. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "repeated.h"

static char *page;        /* readable and writable */
static char *ro_page;     /* readable only */
static long page_size;    /* page + page_size: PROT_NONE */
static const char *dir;

/* `s` copied so that its NUL is the last byte before the unmapped page. */
static char *at_page_end(const char *s)
{
	size_t len = strlen(s) + 1;
	char *p = page + page_size - len;

	memcpy(p, s, len);
	return p;
}

/* Bytes that run, without a NUL, into the unmapped page. */
static char *unterminated(void)
{
	memset(page + 100, 'a', (size_t)page_size - 100);
	return page + 100;
}

static char *in_dir(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void report(const char *name, long rc, int show_value)
{
	if (rc < 0)
		printf("%s: %s\n", name, strerrorname_np(errno));
	else if (show_value)
		printf("%s: = %ld\n", name, rc);
	else
		printf("%s: ok\n", name);
	fflush(stdout);
}

#define WILD ((void *)1)
#define KERNEL ((void *)0xffff888000000000ul)

static long open_close(const char *path, int flags)
{
	long fd = syscall(SYS_openat, AT_FDCWD, path, flags | O_CLOEXEC, 0600);

	if (fd >= 0)
		close((int)fd);
	return fd;
}

static void paths(void)
{
	report("open NULL", open_close(NULL, O_RDONLY), 0);
	report("open wild", open_close(WILD, O_RDONLY), 0);
	report("open kernel address", open_close(KERNEL, O_RDONLY), 0);
	report("open ending at a page's end", open_close(at_page_end("/etc/passwd"), O_RDONLY), 0);
	report("open running into an unmapped page", open_close(unterminated(), O_RDONLY), 0);
	report("open 4095 slashes", open_close(repeated('/', 4095), O_RDONLY | O_DIRECTORY), 0);
	report("open 4096 slashes", open_close(repeated('/', 4096), O_RDONLY | O_DIRECTORY), 0);
	char name[512];
	snprintf(name, sizeof(name), "/tmp/%s", repeated('n', 256));
	report("open a name over NAME_MAX", open_close(name, O_RDONLY), 0);
	report("creat a file", open_close(in_dir("created"), O_WRONLY | O_CREAT), 0);

	struct open_how how = { .flags = O_RDONLY };
	report("openat2 how NULL", syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", NULL, sizeof(how)), 0);
	report("openat2 how too small", syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", &how, 8), 0);
	char *big = page;
	memset(big, 0, (size_t)page_size);
	memcpy(big, &how, sizeof(how));
	big[200] = 1;
	report("openat2 how with a nonzero tail", syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", big, 256), 0);
	char *straddle = page + page_size - sizeof(how) / 2;
	report("openat2 how straddling an unmapped page",
	       syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", straddle, sizeof(how)), 0);

	report("chdir NULL", syscall(SYS_chdir, NULL), 0);
	report("mkdir wild", syscall(SYS_mkdirat, AT_FDCWD, WILD, 0700), 0);
	report("rename from NULL", syscall(SYS_renameat, AT_FDCWD, NULL, AT_FDCWD, in_dir("x")), 0);
	report("symlink to a wild target", syscall(SYS_symlinkat, WILD, AT_FDCWD, in_dir("link")), 0);
	report("symlink to a target running into an unmapped page",
	       syscall(SYS_symlinkat, unterminated(), AT_FDCWD, in_dir("link")), 0);
	report("utimensat wild times", syscall(SYS_utimensat, AT_FDCWD, in_dir("created"), WILD, 0), 0);
	report("setxattr wild value", syscall(SYS_setxattr, in_dir("created"), "user.x", WILD, 10, 0), 0);
	report("getxattr wild buffer", syscall(SYS_getxattr, "/etc/passwd", "user.none", WILD, 10), 0);
	report("execve NULL", syscall(SYS_execve, NULL, NULL, NULL), 0);
	report("execve wild argv", syscall(SYS_execve, "/bin/true", WILD, NULL), 0);
	report("execve argv entry running into an unmapped page",
	       syscall(SYS_execve, "/bin/true", (char *[]){ "true", unterminated(), NULL }, NULL), 0);
	/* The path is read before the flags are looked at. */
	report("execveat wild path, unknown flags", syscall(SYS_execveat, AT_FDCWD, WILD, NULL, NULL, 0x20000), 0);
	report("execveat empty path, unknown flags", syscall(SYS_execveat, AT_FDCWD, "", NULL, NULL, 0x20000), 0);
	report("execveat unterminated path, unknown flags",
	       syscall(SYS_execveat, AT_FDCWD, unterminated(), NULL, NULL, 0x20000), 0);
	int in = inotify_init1(IN_CLOEXEC);
	report("inotify_add_watch NULL", syscall(SYS_inotify_add_watch, in, NULL, IN_ALL_EVENTS), 0);
	close(in);
}

/* open's flags and openat2's how are checked before the path is read
 * (build_open_flags): a NULL, empty or unreadable path, or a bad dirfd,
 * comes second. */
static void open_flags(void)
{
	report("openat O_CREAT|O_DIRECTORY, empty path",
	       syscall(SYS_openat, AT_FDCWD, "", O_CREAT | O_DIRECTORY, 0600), 0);
	report("openat O_CREAT|O_DIRECTORY, NULL", syscall(SYS_openat, AT_FDCWD, NULL, O_CREAT | O_DIRECTORY, 0600), 0);
	report("openat O_CREAT|O_DIRECTORY, bad dirfd", syscall(SYS_openat, 999, "x", O_CREAT | O_DIRECTORY, 0600), 0);
	report("open O_TMPFILE read-only, empty path", syscall(SYS_open, "", O_TMPFILE | O_RDONLY, 0600), 0);
	report("openat O_TMPFILE read-only, wild path", syscall(SYS_openat, AT_FDCWD, WILD, O_TMPFILE | O_RDONLY, 0600), 0);
	struct open_how how = { .flags = O_CREAT | O_DIRECTORY, .mode = 0600 };
	report("openat2 O_CREAT|O_DIRECTORY, empty path", syscall(SYS_openat2, AT_FDCWD, "", &how, sizeof(how)), 0);
	how = (struct open_how){ .flags = O_TMPFILE | O_RDONLY, .mode = 0600 };
	report("openat2 O_TMPFILE read-only, NULL", syscall(SYS_openat2, AT_FDCWD, NULL, &how, sizeof(how)), 0);
	how = (struct open_how){ .flags = O_CREAT | O_WRONLY, .mode = 0600, .resolve = RESOLVE_CACHED };
	report("openat2 O_CREAT, RESOLVE_CACHED", syscall(SYS_openat2, AT_FDCWD, in_dir("cached"), &how, sizeof(how)), 0);
	how = (struct open_how){ .flags = O_RDONLY | O_TRUNC, .resolve = RESOLVE_CACHED };
	report("openat2 O_TRUNC, RESOLVE_CACHED, empty path", syscall(SYS_openat2, AT_FDCWD, "", &how, sizeof(how)), 0);
	/* O_DIRECTORY makes nothing: a mode is refused. */
	how = (struct open_how){ .flags = O_DIRECTORY, .mode = 0600 };
	long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));
	report("openat2 O_DIRECTORY with a mode", fd, 0);
	if (fd >= 0)
		close((int)fd);
}

/* Checks the kernel makes after the lookup: a path that fails to
 * resolve is answered first. */
static void after_lookup(void)
{
	struct timespec bad_nsec[2] = { { 0, 1000000000 }, { 0, 0 } };

	/* vfs_utimes checks the times once the path is found, and before
	 * it asks whether they may be set. */
	report("utimensat bad nsec, empty path", syscall(SYS_utimensat, AT_FDCWD, "", bad_nsec, 0), 0);
	report("utimensat bad nsec, 4096 chars",
	       syscall(SYS_utimensat, AT_FDCWD, repeated('a', 4096), bad_nsec, 0), 0);
	report("utimensat bad nsec, a name over NAME_MAX",
	       syscall(SYS_utimensat, AT_FDCWD, repeated('n', 256), bad_nsec, 0), 0);
	report("utimensat bad nsec, file/", syscall(SYS_utimensat, AT_FDCWD, "/etc/passwd/", bad_nsec, 0), 0);
	report("utimensat bad nsec, missing", syscall(SYS_utimensat, AT_FDCWD, in_dir("missing"), bad_nsec, 0), 0);
	report("utimensat bad nsec, not the caller's",
	       syscall(SYS_utimensat, AT_FDCWD, "/etc/passwd", bad_nsec, 0), 0);
	report("utimensat bad nsec", syscall(SYS_utimensat, AT_FDCWD, in_dir("created"), bad_nsec, 0), 0);
}

/* A last name over NAME_MAX is the file system's to refuse when it is
 * looked up: after the walk to its directory and, for rename, after the
 * source is found (do_renameat2 looks up both parents, then the source,
 * then the target). */
static void long_last_name(void)
{
	char name[512], to[512], dot[512];

	snprintf(name, sizeof(name), "%s", in_dir(repeated('n', 256)));
	snprintf(to, sizeof(to), "%s", in_dir("created/x"));
	snprintf(dot, sizeof(dot), "%s", in_dir("."));
	report("rename missing to a long name", syscall(SYS_renameat2, AT_FDCWD, in_dir("missing"), AT_FDCWD, name, 0), 0);
	report("rename a long name to file/x", syscall(SYS_renameat2, AT_FDCWD, name, AT_FDCWD, to, 0), 0);
	report("rename a long name to nodir/x",
	       syscall(SYS_renameat2, AT_FDCWD, name, AT_FDCWD, in_dir("nodir/x"), 0), 0);
	report("rename a long name to dir/.", syscall(SYS_renameat2, AT_FDCWD, name, AT_FDCWD, dot, 0), 0);
	report("rename dir/. to a long name", syscall(SYS_renameat2, AT_FDCWD, dot, AT_FDCWD, name, 0), 0);
	report("rename a file to a long name",
	       syscall(SYS_renameat2, AT_FDCWD, in_dir("created"), AT_FDCWD, name, 0), 0);
	report("mkdir a long name", syscall(SYS_mkdirat, AT_FDCWD, name, 0700), 0);
	report("mknod a long name", syscall(SYS_mknodat, AT_FDCWD, name, S_IFIFO | 0600, 0), 0);
	report("symlink at a long name", syscall(SYS_symlinkat, "t", AT_FDCWD, name), 0);
	report("link missing to a long name", syscall(SYS_linkat, AT_FDCWD, in_dir("missing"), AT_FDCWD, name, 0), 0);
	report("link a file to a long name", syscall(SYS_linkat, AT_FDCWD, in_dir("created"), AT_FDCWD, name, 0), 0);
	report("unlink a long name", syscall(SYS_unlinkat, AT_FDCWD, name, 0), 0);
	report("rmdir a long name", syscall(SYS_unlinkat, AT_FDCWD, name, AT_REMOVEDIR), 0);
	report("creat a long name", open_close(name, O_WRONLY | O_CREAT), 0);
	strcat(name, "/");
	report("mkdir a long name/", syscall(SYS_mkdirat, AT_FDCWD, name, 0700), 0);
	report("creat a long name/", open_close(name, O_WRONLY | O_CREAT), 0);
}

/* rename and link look up their first path (rename: its parent) before
 * they take anything of the second, whose copy (EFAULT, ENAMETOOLONG),
 * emptiness (ENOENT) and dirfd (EBADF) fail only then; symlink copies
 * its target before the new path. */
static void second_path(void)
{
	char *too_long = repeated('a', 4096);
	char missing_dir[512], file_x[512];

	snprintf(missing_dir, sizeof(missing_dir), "%s", in_dir("nodir/x"));
	snprintf(file_x, sizeof(file_x), "%s", in_dir("created/x"));
	report("rename nodir/x to NULL", syscall(SYS_renameat2, AT_FDCWD, missing_dir, AT_FDCWD, NULL, 0), 0);
	report("rename file/x to NULL", syscall(SYS_renameat2, AT_FDCWD, file_x, AT_FDCWD, NULL, 0), 0);
	report("rename missing to NULL", syscall(SYS_renameat2, AT_FDCWD, in_dir("missing"), AT_FDCWD, NULL, 0), 0);
	report("rename bad dirfd to NULL", syscall(SYS_renameat2, 999, "x", AT_FDCWD, NULL, 0), 0);
	report("rename nodir/x to 4096 chars", syscall(SYS_renameat2, AT_FDCWD, missing_dir, AT_FDCWD, too_long, 0), 0);
	report("rename nodir/x to empty", syscall(SYS_renameat2, AT_FDCWD, missing_dir, AT_FDCWD, "", 0), 0);
	report("rename nodir/x to a bad dirfd", syscall(SYS_renameat2, AT_FDCWD, missing_dir, 999, "x", 0), 0);
	report("rename empty to 4096 chars", syscall(SYS_renameat2, AT_FDCWD, "", AT_FDCWD, too_long, 0), 0);
	report("rename a file to 4096 chars",
	       syscall(SYS_renameat2, AT_FDCWD, in_dir("created"), AT_FDCWD, too_long, 0), 0);
	report("link missing to NULL", syscall(SYS_linkat, AT_FDCWD, in_dir("missing"), AT_FDCWD, NULL, 0), 0);
	report("link file/x to 4096 chars", syscall(SYS_linkat, AT_FDCWD, file_x, AT_FDCWD, too_long, 0), 0);
	report("link missing to empty", syscall(SYS_linkat, AT_FDCWD, in_dir("missing"), AT_FDCWD, "", 0), 0);
	report("link missing to a bad dirfd", syscall(SYS_linkat, AT_FDCWD, in_dir("missing"), 999, "x", 0), 0);
	report("link a file to NULL", syscall(SYS_linkat, AT_FDCWD, in_dir("created"), AT_FDCWD, NULL, 0), 0);
	report("link a bad fd to 4096 chars", syscall(SYS_linkat, 999, "", AT_FDCWD, too_long, AT_EMPTY_PATH), 0);
	report("symlink to 4096 chars at NULL", syscall(SYS_symlinkat, too_long, AT_FDCWD, NULL), 0);
	report("symlink to empty at 4096 chars", syscall(SYS_symlinkat, "", AT_FDCWD, too_long), 0);
	free(too_long);
}

/* do_renameat2 once both names are found: RENAME_NOREPLACE's EEXIST,
 * RENAME_EXCHANGE's ENOENT for a missing target and ENOTDIR for a
 * target with a slash that is no directory, then ENOTDIR for a slash
 * after a source that is none. */
static void rename_order(void)
{
	char dir_[512], file_slash[512], missing_slash[512];

	snprintf(dir_, sizeof(dir_), "%s", in_dir("adir"));
	snprintf(file_slash, sizeof(file_slash), "%s", in_dir("created/"));
	snprintf(missing_slash, sizeof(missing_slash), "%s", in_dir("missing/"));
	if (mkdir(dir_, 0700) < 0 && errno != EEXIST)
		exit(2);
	report("rename noreplace a dir to file/", syscall(SYS_renameat2, AT_FDCWD, dir_, AT_FDCWD, file_slash,
								  RENAME_NOREPLACE), 0);
	report("rename exchange a dir and file/", syscall(SYS_renameat2, AT_FDCWD, dir_, AT_FDCWD, file_slash,
								  RENAME_EXCHANGE), 0);
	report("rename exchange a dir and missing/", syscall(SYS_renameat2, AT_FDCWD, dir_, AT_FDCWD, missing_slash,
								     RENAME_EXCHANGE), 0);
	report("rename exchange file/ and a dir", syscall(SYS_renameat2, AT_FDCWD, file_slash, AT_FDCWD, dir_,
								  RENAME_EXCHANGE), 0);
	report("rename exchange a file and missing", syscall(SYS_renameat2, AT_FDCWD, in_dir("created"), AT_FDCWD,
								     in_dir("missing"), RENAME_EXCHANGE), 0);
}

/* mknod refuses a directory's type (EPERM) and an unknown one (EINVAL)
 * before the path (may_mknod), and a device only after the new name's
 * checks (vfs_mknod).  No case makes a device as root. */
static void mknod_order(void)
{
	report("mknod a directory type, empty path", syscall(SYS_mknodat, AT_FDCWD, "", S_IFDIR | 0600, 0), 0);
	report("mknod a directory type", syscall(SYS_mknodat, AT_FDCWD, in_dir("node"), S_IFDIR | 0600, 0), 0);
	report("mknod an unknown type, empty path", syscall(SYS_mknodat, AT_FDCWD, "", 0170000 | 0600, 0), 0);
	report("mknod a device, empty path", syscall(SYS_mknodat, AT_FDCWD, "", S_IFCHR | 0600, 0x0103), 0);
	report("mknod a device, existing", syscall(SYS_mknodat, AT_FDCWD, in_dir("created"), S_IFCHR | 0600, 0x0103), 0);
	report("mknod a device, missing dir",
	       syscall(SYS_mknodat, AT_FDCWD, in_dir("nodir/x"), S_IFBLK | 0600, 0x0103), 0);
	report("mknod a device, a long name",
	       syscall(SYS_mknodat, AT_FDCWD, in_dir(repeated('n', 256)), S_IFCHR | 0600, 0x0103), 0);
}

/* linkat(AT_FDCWD, "", ..., AT_EMPTY_PATH) links the cwd, a directory:
 * the new name's checks first, then vfs_link's EPERM. */
static void link_cwd(void)
{
	char *cwd = getcwd(NULL, 0);

	if (cwd == NULL || chdir(dir) < 0)
		exit(2);
	report("linkat the cwd", syscall(SYS_linkat, AT_FDCWD, "", AT_FDCWD, "cwd-link", AT_EMPTY_PATH), 0);
	report("linkat the cwd, missing dir",
	       syscall(SYS_linkat, AT_FDCWD, "", AT_FDCWD, "nodir/x", AT_EMPTY_PATH), 0);
	report("linkat the cwd, existing", syscall(SYS_linkat, AT_FDCWD, "", AT_FDCWD, "created", AT_EMPTY_PATH), 0);
	report("linkat the cwd, name over NAME_MAX",
	       syscall(SYS_linkat, AT_FDCWD, "", AT_FDCWD, repeated('n', 256), AT_EMPTY_PATH), 0);
	if (chdir(cwd) < 0)
		exit(2);
	free(cwd);
}

/* openat2's RESOLVE_BENEATH refuses an absolute path as it starts the
 * walk (nd_jump_root): before the dirfd is looked at. */
static void beneath(void)
{
	struct open_how how = { .flags = O_RDONLY, .resolve = RESOLVE_BENEATH };
	int file = open("/etc/passwd", O_RDONLY | O_CLOEXEC);

	report("openat2 beneath a file, /", syscall(SYS_openat2, file, "/", &how, sizeof(how)), 0);
	report("openat2 beneath a file, file/", syscall(SYS_openat2, file, "/etc/passwd/", &how, sizeof(how)), 0);
	report("openat2 beneath a file, relative", syscall(SYS_openat2, file, "x", &how, sizeof(how)), 0);
	report("openat2 beneath a bad fd, /etc", syscall(SYS_openat2, 999, "/etc", &how, sizeof(how)), 0);
	how.resolve = RESOLVE_IN_ROOT;
	report("openat2 in the root of a file, /", syscall(SYS_openat2, file, "/", &how, sizeof(how)), 0);
	close(file);
}

static void buffers(void)
{
	char buf[256];

	report("stat into NULL", syscall(SYS_newfstatat, AT_FDCWD, "/etc/passwd", NULL, 0), 0);
	report("stat into a read-only page", syscall(SYS_newfstatat, AT_FDCWD, "/etc/passwd", ro_page, 0), 0);
	report("stat straddling an unmapped page",
	       syscall(SYS_newfstatat, AT_FDCWD, "/etc/passwd", page + page_size - 16, 0), 0);
	report("statx into NULL",
	       syscall(SYS_statx, AT_FDCWD, "/etc/passwd", 0, STATX_BASIC_STATS, NULL), 0);
	report("readlink into NULL", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", NULL, 100), 0);
	report("readlink of size 0", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", buf, 0), 0);
	report("readlink of size 1", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", buf, 1), 1);
	report("readlink into a read-only page",
	       syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", ro_page, 100), 0);
	report("uname into NULL", syscall(SYS_uname, NULL), 0);
	report("uname into a read-only page", syscall(SYS_uname, ro_page), 0);
	report("uname straddling an unmapped page", syscall(SYS_uname, page + page_size - 100), 0);
	report("getcwd NULL, 0", syscall(SYS_getcwd, NULL, 0), 0);
	report("getcwd wild", syscall(SYS_getcwd, WILD, 4096), 0);
	report("getcwd of size 1", syscall(SYS_getcwd, buf, 1), 0);
}

static void sockets(void)
{
	int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int tcp = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(9),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	if (udp < 0 || tcp < 0)
		exit(2);
	report("connect NULL", syscall(SYS_connect, tcp, NULL, sizeof(sin)), 0);
	report("connect length 0", syscall(SYS_connect, tcp, &sin, 0), 0);
	report("connect length 4096", syscall(SYS_connect, tcp, &sin, 4096), 0);
	report("connect length -1", syscall(SYS_connect, tcp, &sin, -1), 0);
	report("connect straddling an unmapped page",
	       syscall(SYS_connect, tcp, page + page_size - 8, sizeof(sin)), 0);
	report("bind wild", syscall(SYS_bind, udp, WILD, sizeof(sin)), 0);
	report("sendto wild address", syscall(SYS_sendto, udp, "x", 1, 0, WILD, sizeof(sin)), 0);
	report("sendto wild data", syscall(SYS_sendto, udp, WILD, 1, 0, &sin, sizeof(sin)), 0);
	report("sendmsg NULL", syscall(SYS_sendmsg, udp, NULL, 0), 0);
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr msg = { .msg_name = WILD, .msg_namelen = sizeof(sin), .msg_iov = &iov, .msg_iovlen = 1 };
	report("sendmsg wild name", syscall(SYS_sendmsg, udp, &msg, 0), 0);
	msg.msg_name = &sin;
	msg.msg_iovlen = 1u << 20;
	report("sendmsg iovlen 2^20", syscall(SYS_sendmsg, udp, &msg, 0), 0);
	msg.msg_iovlen = 1;
	msg.msg_iov = WILD;
	report("sendmsg wild iov", syscall(SYS_sendmsg, udp, &msg, 0), 0);
	msg.msg_iov = &iov;
	msg.msg_control = WILD;
	msg.msg_controllen = 64;
	report("sendmsg wild control", syscall(SYS_sendmsg, udp, &msg, 0), 0);
	report("sendmmsg wild vector", syscall(SYS_sendmmsg, udp, WILD, 2, 0), 0);
	close(udp);
	close(tcp);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: badargs DIR\n");
		return 2;
	}
	dir = argv[1];
	page_size = sysconf(_SC_PAGESIZE);
	page = mmap(NULL, (size_t)page_size * 3, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || mprotect(page + page_size, (size_t)page_size, PROT_NONE) < 0)
		return 2;
	ro_page = page + 2 * page_size;
	if (mprotect(ro_page, (size_t)page_size, PROT_READ) < 0)
		return 2;
	paths();
	open_flags();
	after_lookup();
	beneath();
	link_cwd();
	long_last_name();
	second_path();
	mknod_order();
	rename_order();
	buffers();
	sockets();
	return 0;
}
