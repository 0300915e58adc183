/* The Gofer's server, end to end over a SOCK_SEQPACKET pair: a child
 * serves a temporary tree used as the sandbox root, under a policy built
 * from a small sr_config, and the test sends the requests the Sentry
 * would.  Each test names the attack or the behaviour it pins down. */

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gofer/serve.h"
#include "proto.h"

static char root_dir[] = "/tmp/sr-gofer-XXXXXX";
static int root_fd = -1;
static int sock = -1;
static pid_t server = -1;
static uint64_t next_id = 1;

static void put_file(const char *rel, const char *text, mode_t mode)
{
	int fd = openat(root_fd, rel, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	ck_assert_msg(fd >= 0, "create %s: %s", rel, strerror(errno));
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void put_dir(const char *rel)
{
	ck_assert_msg(mkdirat(root_fd, rel, 0755) == 0, "mkdir %s: %s", rel, strerror(errno));
}

/* /etc read-only with /etc/shadow hidden, /work read-write with a
 * no-exec /work/bin, /tmp a tmpfs; /home exists in the tree but not in
 * the view. */
static void build_policy(struct sr_policy *policy)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/etc", "/etc", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RW, "/srv/work", "/work", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_TMPFS, NULL, "/tmp", false, &err), 0);
	ck_assert_int_eq(sr_strlist_add(&cfg.hide, "/etc/shadow", &err), 0);
	ck_assert_int_eq(sr_strlist_add(&cfg.noexec, "/work/bin", &err), 0);
	ck_assert_msg(sr_policy_build(&cfg, policy, &err) == 0, "%s", err.msg);
	sr_config_free(&cfg);
}

static void setup(void)
{
	int pair[2];

	ck_assert_ptr_nonnull(mkdtemp(root_dir));
	root_fd = open(root_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(root_fd, 0);
	put_dir("etc");
	put_file("etc/passwd", "sandbox passwd\n", 0644);
	put_file("etc/shadow", "secret\n", 0600);
	put_dir("work");
	put_file("work/data", "data", 0644);
	put_file("work/tool", "#!/bin/sh\n", 0755);
	put_dir("work/bin");
	put_file("work/bin/tool", "#!/bin/sh\n", 0755);
	put_dir("tmp");
	put_dir("home");
	put_file("home/private", "private\n", 0644);

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair), 0);
	server = fork();
	ck_assert_int_ge(server, 0);
	if (server == 0) {
		struct sr_policy policy;
		/* fs.protected_symlinks on, as Debian ships it. */
		const struct sr_link_rule links = { .protect = true, .unknown_uid = SR_GOFER_OVERFLOW_UID };
		struct sr_gofer g;
		struct sr_error err = { 0 };

		close(pair[0]);
		build_policy(&policy);
		if (sr_gofer_init(&g, root_dir, &policy, &links, &err) < 0)
			sr_die_error(1, &err);
		int rc = sr_gofer_serve(&g, pair[1]);
		sr_gofer_free(&g);
		sr_policy_free(&policy);
		_exit(rc == 0 ? 0 : 1);
	}
	close(pair[1]);
	sock = pair[0];
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	if (sock >= 0)
		close(sock);
	if (server > 0)
		waitpid(server, NULL, 0);
	close(root_fd);
	nftw(root_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void req_init(struct sr_proto_request *req, enum sr_proto_op op, const char *path)
{
	struct sr_error err = { 0 };

	sr_proto_request_init(req, op, next_id++);
	req->pid = 4242;
	req->nspid = 2;
	req->nstid = 2;
	ck_assert_int_eq(sr_proto_set_path(req, path, &err), 0);
}

static void req_path2(struct sr_proto_request *req, const char *path)
{
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_proto_set_path2(req, path, &err), 0);
}

/* Send, receive the matching reply; the errno it carries. */
static int call_at(struct sr_proto_request *req, int dirfd, struct sr_proto_reply *reply, int *fd)
{
	struct sr_proto_request_fds fds = SR_PROTO_REQUEST_FDS_NONE;
	struct sr_error err = { 0 };
	int got = -1;

	if (dirfd >= 0) {
		req->fds |= SR_PROTO_FD_DIR;
		fds.dir = dirfd;
	}
	ck_assert_msg(sr_proto_send_request(sock, req, &fds, &err) == 0, "%s", err.msg);
	ck_assert_msg(sr_proto_recv_reply(sock, 0, reply, &got, &err) == 1, "%s", err.msg);
	ck_assert_uint_eq(reply->id, req->id);
	if (fd != NULL)
		*fd = got;
	else if (got >= 0)
		close(got);
	return reply->errnum;
}

static int call(struct sr_proto_request *req)
{
	struct sr_proto_reply reply;

	return call_at(req, -1, &reply, NULL);
}

static int call_path(enum sr_proto_op op, const char *path)
{
	struct sr_proto_request req;

	req_init(&req, op, path);
	return call(&req);
}

static int call_two_paths(enum sr_proto_op op, const char *path, const char *path2, uint32_t flags)
{
	struct sr_proto_request req;

	req_init(&req, op, path);
	req_path2(&req, path2);
	req.flags = flags;
	return call(&req);
}

static bool exists_in_root(const char *rel)
{
	struct stat st;

	return fstatat(root_fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static void assert_fd_reads(int fd, const char *want)
{
	char buf[64] = { 0 };

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf) - 1), (ssize_t)strlen(want));
	ck_assert_str_eq(buf, want);
	close(fd);
}

/* The answer's cache_ms: given (proto.h) only where nothing in the
 * sandbox could change it. */
static uint32_t cache_ms_of(enum sr_proto_op op, const char *path, int dirfd)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;
	int fd = -1;

	req_init(&req, op, path);
	call_at(&req, dirfd, &reply, &fd);
	if (fd >= 0)
		close(fd);
	return reply.cache_ms;
}

START_TEST(test_answers_kept_only_where_nothing_can_change_them)
{
	sr_cleanup_close int etc = openat(root_fd, "etc", O_PATH | O_DIRECTORY | O_CLOEXEC);

	/* Read-only, hidden, absent: the same answer until the host changes. */
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_STAT, "/etc/passwd", -1), 0);
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_READLINK, "/etc", -1), 0);
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_ACCESS, "/etc/missing", -1), 0);
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_STAT, "/etc/shadow", -1), 0);
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_OPEN, "/etc/missing", -1), 0);
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_OPEN, "/nowhere/x", -1), 0);
	/* The program can change what is writable, and what an fd is. */
	ck_assert_uint_eq(cache_ms_of(SR_PROTO_OP_STAT, "/work/data", -1), 0);
	ck_assert_uint_eq(cache_ms_of(SR_PROTO_OP_STAT, "/tmp/x", -1), 0);
	ck_assert_uint_eq(cache_ms_of(SR_PROTO_OP_OPEN, "/etc/passwd", -1), 0);
	ck_assert_uint_eq(cache_ms_of(SR_PROTO_OP_STAT, "passwd", etc), 0);
	/* A link or ".." on the way is fine where nothing can change them,
	 * not where the program could retarget the link. */
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_STAT, "/etc/../etc/passwd", -1), 0);
	ck_assert_int_eq(symlinkat("passwd", root_fd, "etc/pw-link"), 0);
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_STAT, "/etc/pw-link", -1), 0);
	ck_assert_int_eq(symlinkat("/etc/passwd", root_fd, "work/to-passwd"), 0);
	ck_assert_uint_eq(cache_ms_of(SR_PROTO_OP_STAT, "/work/to-passwd", -1), 0);
	ck_assert_int_eq(symlinkat("../etc", root_fd, "work/to-etc"), 0);
	ck_assert_uint_eq(cache_ms_of(SR_PROTO_OP_READLINK, "/work/to-etc/passwd", -1), 0);
	ck_assert_uint_eq(cache_ms_of(SR_PROTO_OP_CHMOD, "/etc/passwd", -1), 0);
	/* An exec or chdir check is an answer too. */
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_EXEC_CHECK, "/etc/passwd", -1), 0);
	ck_assert_uint_gt(cache_ms_of(SR_PROTO_OP_CHDIR_CHECK, "/etc", -1), 0);
	ck_assert_uint_eq(cache_ms_of(SR_PROTO_OP_EXEC_CHECK, "/work/tool", -1), 0);
}
END_TEST

START_TEST(test_open_read_returns_an_fd_with_the_right_bytes)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;
	int fd;

	req_init(&req, SR_PROTO_OP_OPEN, "/etc/passwd");
	req.flags = O_RDONLY | O_CLOEXEC;
	ck_assert_int_eq(call_at(&req, -1, &reply, &fd), 0);
	ck_assert_uint_eq(reply.has_fd, 1);
	assert_fd_reads(fd, "sandbox passwd\n");
}
END_TEST

START_TEST(test_open_path_is_checked_then_continued)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;
	int fd;

	req_init(&req, SR_PROTO_OP_OPEN, "/work/data");
	req.flags = O_PATH;
	ck_assert_int_eq(call_at(&req, -1, &reply, &fd), 0);
	ck_assert_int_eq(fd, -1);
	ck_assert_int_eq(reply.value, SR_PROTO_CONTINUE);
	req_init(&req, SR_PROTO_OP_OPEN, "/etc/shadow");
	req.flags = O_PATH;
	ck_assert_int_eq(call(&req), ENOENT);
}
END_TEST

/* The open itself would wait for a writer in the Gofer, where no signal
 * of the program's could interrupt it: the kernel performs it. */
START_TEST(test_open_fifo_is_checked_then_continued)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;
	int fd;

	ck_assert_int_eq(mkfifoat(root_fd, "work/fifo", 0600), 0);
	req_init(&req, SR_PROTO_OP_OPEN, "/work/fifo");
	req.flags = O_RDONLY;
	ck_assert_int_eq(call_at(&req, -1, &reply, &fd), 0);
	ck_assert_int_eq(fd, -1);
	ck_assert_int_eq(reply.value, SR_PROTO_CONTINUE);
	/* Outside the view it does not exist, FIFO or not. */
	ck_assert_int_eq(mkfifoat(root_fd, "home/fifo", 0600), 0);
	req_init(&req, SR_PROTO_OP_OPEN, "/home/fifo");
	req.flags = O_WRONLY;
	ck_assert_int_eq(call(&req), ENOENT);
}
END_TEST

/* A FIFO that comes and goes at /work/n, from its place at /work/in/p
 * (/work/f is another name of it, should a removal of n take it); with
 * fifo_race_socket, n is a unix socket (/work/sock) the rest of the time. */
static atomic_bool fifo_race_done;
static bool fifo_race_socket;

static void *fifo_comes_and_goes(void *arg)
{
	(void)arg;
	while (!atomic_load(&fifo_race_done)) {
		if (renameat(root_fd, "work/in/p", root_fd, "work/n") < 0 && errno == ENOENT)
			linkat(root_fd, "work/f", root_fd, "work/in/p", 0);
		renameat(root_fd, "work/n", root_fd, "work/in/p");
		if (fifo_race_socket)
			linkat(root_fd, "work/sock", root_fd, "work/n", 0);
		usleep(20);
	}
	return NULL;
}

/* Opens of /work/n with `flags` for two seconds while the FIFO comes
 * and goes: none may wait in the Gofer for a writer, out of reach of the
 * program's signals (test_open_fifo_is_checked_then_continued), and
 * the FIFO met is the kernel's to open.  How many opens met it: the
 * FIFO stays at n only as long as a rename takes. */
static long race_opens_against_a_fifo(uint32_t flags)
{
	struct timeval patience = { .tv_sec = 2 };
	struct sr_error err = { 0 };
	pthread_t racer;
	long tries = 0, continued = 0;
	bool stuck = false;

	put_dir("work/in");
	ck_assert_int_eq(mkfifoat(root_fd, "work/in/p", 0600), 0);
	ck_assert_int_eq(linkat(root_fd, "work/in/p", root_fd, "work/f", 0), 0);
	ck_assert_int_eq(setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof(patience)), 0);
	ck_assert_int_eq(pthread_create(&racer, NULL, fifo_comes_and_goes, NULL), 0);
	for (struct timespec start, now; !stuck; tries++) {
		struct sr_proto_request req;
		struct sr_proto_reply reply;
		struct sr_proto_request_fds none = SR_PROTO_REQUEST_FDS_NONE;
		int fd = -1;

		if (tries == 0)
			clock_gettime(CLOCK_MONOTONIC, &start);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= 2)
			break;
		req_init(&req, SR_PROTO_OP_OPEN, "/work/n");
		req.flags = flags;
		if (flags & O_CREAT) {
			req.mode = 0600;
			req.umask = 022;
		}
		ck_assert_msg(sr_proto_send_request(sock, &req, &none, &err) == 0, "%s", err.msg);
		if (sr_proto_recv_reply(sock, 0, &reply, &fd, &err) != 1) {
			stuck = true;
			break;
		}
		if (reply.errnum == 0 && reply.value == SR_PROTO_CONTINUE)
			continued++;
		if (fd >= 0) {
			struct stat st;
			ck_assert_int_eq(fstat(fd, &st), 0);
			ck_assert_msg(!S_ISFIFO(st.st_mode), "the Gofer handed on a FIFO that has no writer");
			unlinkat(root_fd, "work/n", 0);
			close(fd);
		}
	}
	atomic_store(&fifo_race_done, true);
	pthread_join(racer, NULL);
	if (stuck) {
		/* A writer ends the Gofer's wait, and the server its life. */
		int w = openat(root_fd, "work/f", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (w >= 0)
			close(w);
	}
	ck_assert_msg(!stuck, "an open waited in the Gofer for a FIFO's writer (after %ld tries: %s)", tries,
		      err.msg);
	return continued;
}

/* An O_CREAT open that found no name, where the FIFO is by the time the
 * Gofer opens it. */
START_TEST(test_create_that_meets_a_fifo_is_continued)
{
	race_opens_against_a_fifo(O_RDONLY | O_CREAT | O_CLOEXEC);
}
END_TEST

/* An open that found a unix socket (ENXIO, which O_NONBLOCK does not
 * change), where the FIFO is by the time the Gofer opens it: a program
 * binds a socket and renames a FIFO over it in any place it writes. */
START_TEST(test_open_of_a_socket_that_meets_a_fifo_is_continued)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int bound = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(bound, 0);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/work/sock", root_dir);
	ck_assert_int_eq(bind(bound, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(linkat(root_fd, "work/sock", root_fd, "work/n", 0), 0);
	fifo_race_socket = true;
	ck_assert_int_gt(race_opens_against_a_fifo(O_RDONLY | O_CLOEXEC), 0);
	close(bound);
}
END_TEST

START_TEST(test_create_in_read_only_place_is_erofs_and_creates_nothing)
{
	struct sr_proto_request req;

	req_init(&req, SR_PROTO_OP_OPEN, "/etc/new");
	req.flags = O_WRONLY | O_CREAT;
	req.mode = 0644;
	ck_assert_int_eq(call(&req), EROFS);
	ck_assert(!exists_in_root("etc/new"));
	/* Writing an existing read-only file, or truncating it, is EROFS too. */
	req_init(&req, SR_PROTO_OP_OPEN, "/etc/passwd");
	req.flags = O_RDONLY | O_TRUNC;
	ck_assert_int_eq(call(&req), EROFS);
	/* ...while the same file opens for reading even with O_CREAT. */
	req_init(&req, SR_PROTO_OP_OPEN, "/etc/passwd");
	req.flags = O_RDONLY | O_CREAT;
	ck_assert_int_eq(call(&req), 0);
	/* In the read-write place the file is made. */
	req_init(&req, SR_PROTO_OP_OPEN, "/work/new");
	req.flags = O_WRONLY | O_CREAT | O_EXCL;
	req.mode = 0600;
	ck_assert_int_eq(call(&req), 0);
	ck_assert(exists_in_root("work/new"));
	ck_assert_int_eq(call(&req), EEXIST);
	/* "name/" with O_CREAT asks to create a directory: EISDIR. */
	req_init(&req, SR_PROTO_OP_OPEN, "/work/data/");
	req.flags = O_WRONLY | O_CREAT;
	ck_assert_int_eq(call(&req), EISDIR);
	req_init(&req, SR_PROTO_OP_OPEN, "/work/other/");
	req.flags = O_WRONLY | O_CREAT;
	ck_assert_int_eq(call(&req), EISDIR);
	ck_assert(!exists_in_root("work/other"));
}
END_TEST

START_TEST(test_hidden_file_is_enoent_even_via_a_planted_symlink)
{
	struct sr_proto_request req;

	req_init(&req, SR_PROTO_OP_OPEN, "/etc/shadow");
	ck_assert_int_eq(call(&req), ENOENT);
	ck_assert_int_eq(call_path(SR_PROTO_OP_STAT, "/etc/shadow"), ENOENT);
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_SYMLINK, "/work/link", "/etc/shadow", 0), 0);
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_SYMLINK, "/tmp/rel", "../etc/./shadow", 0), 0);
	req_init(&req, SR_PROTO_OP_OPEN, "/work/link");
	ck_assert_int_eq(call(&req), ENOENT);
	req_init(&req, SR_PROTO_OP_OPEN, "/tmp/rel");
	ck_assert_int_eq(call(&req), ENOENT);
	/* O_CREAT through the link must not make the hidden name either. */
	req_init(&req, SR_PROTO_OP_OPEN, "/work/link");
	req.flags = O_WRONLY | O_CREAT;
	ck_assert_int_eq(call(&req), ENOENT);
}
END_TEST

START_TEST(test_dotdot_from_a_writable_dir_cannot_leave_the_root)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;
	sr_cleanup_close int work = openat(root_fd, "work", O_PATH | O_DIRECTORY | O_CLOEXEC);
	int fd;

	ck_assert_int_ge(work, 0);
	req_init(&req, SR_PROTO_OP_OPEN, "../../../../../../etc/passwd");
	ck_assert_int_eq(call_at(&req, work, &reply, &fd), 0);
	assert_fd_reads(fd, "sandbox passwd\n");
	/* The tree's /home is outside the view: it does not exist. */
	req_init(&req, SR_PROTO_OP_OPEN, "../home/private");
	ck_assert_int_eq(call_at(&req, work, &reply, NULL), ENOENT);
	req_init(&req, SR_PROTO_OP_OPEN, "/home/private");
	ck_assert_int_eq(call(&req), ENOENT);
}
END_TEST

START_TEST(test_stat_readlink_mkdir_unlink)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;
	struct stat st;

	req_init(&req, SR_PROTO_OP_STAT, "/work/data");
	ck_assert_int_eq(call_at(&req, -1, &reply, NULL), 0);
	ck_assert_int_eq(reply.result.st.st_size, 4);

	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_SYMLINK, "/work/link", "data", 0), 0);
	req_init(&req, SR_PROTO_OP_READLINK, "/work/link");
	ck_assert_int_eq(call_at(&req, -1, &reply, NULL), 0);
	ck_assert_int_eq(reply.value, 4);
	ck_assert_str_eq(reply.result.link_target, "data");
	ck_assert_int_eq(call_path(SR_PROTO_OP_READLINK, "/work/data"), EINVAL);

	/* Made under the request's umask, whatever the Gofer's was. */
	req_init(&req, SR_PROTO_OP_MKDIR, "/work/d");
	req.mode = 0777;
	req.umask = 027;
	ck_assert_int_eq(call(&req), 0);
	ck_assert(exists_in_root("work/d"));
	ck_assert_int_eq(fstatat(root_fd, "work/d", &st, 0), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0750);
	ck_assert_int_eq(call(&req), EEXIST);
	ck_assert_int_eq(call_path(SR_PROTO_OP_MKDIR, "/etc/d"), EROFS);
	ck_assert_int_eq(call_path(SR_PROTO_OP_MKDIR, "/work/."), EEXIST);
	ck_assert_int_eq(call_path(SR_PROTO_OP_MKDIR, "/etc/shadow"), ENOENT);

	req_init(&req, SR_PROTO_OP_UNLINK, "/work/d/.");
	req.flags = AT_REMOVEDIR;
	ck_assert_int_eq(call(&req), EINVAL);
	req_init(&req, SR_PROTO_OP_UNLINK, "/work/d");
	ck_assert_int_eq(call(&req), EISDIR);
	req.flags = AT_REMOVEDIR;
	ck_assert_int_eq(call(&req), 0);
	ck_assert(!exists_in_root("work/d"));
	ck_assert_int_eq(call_path(SR_PROTO_OP_UNLINK, "/etc/passwd"), EROFS);
	ck_assert_int_eq(call_path(SR_PROTO_OP_UNLINK, "/work/data/"), ENOTDIR);
	ck_assert_int_eq(call_path(SR_PROTO_OP_UNLINK, "/work/link"), 0);
	ck_assert(exists_in_root("work/data"));
}
END_TEST

START_TEST(test_rename_of_a_read_only_file_is_erofs)
{
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_RENAME, "/etc/passwd", "/work/passwd", 0), EROFS);
	ck_assert(exists_in_root("etc/passwd"));
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_RENAME, "/work/data", "/etc/data", 0), EROFS);
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_RENAME, "/work/data", "/etc/shadow", 0), ENOENT);
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_RENAME, "/work/..", "/work/x", 0), EBUSY);
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_RENAME, "/work/data", "/work/.", RENAME_NOREPLACE),
			 EEXIST);
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_RENAME, "/work/data", "/work/data2", 0), 0);
	ck_assert(exists_in_root("work/data2"));
	ck_assert(!exists_in_root("work/data"));
}
END_TEST

START_TEST(test_hidden_file_cannot_be_hard_linked_into_a_writable_dir)
{
	struct stat st;

	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_LINK, "/etc/shadow", "/work/shadow", 0), ENOENT);
	ck_assert(!exists_in_root("work/shadow"));
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_SYMLINK, "/work/to-shadow", "/etc/shadow", 0), 0);
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_LINK, "/work/to-shadow", "/work/shadow",
					AT_SYMLINK_FOLLOW), ENOENT);
	ck_assert(!exists_in_root("work/shadow"));
	/* A visible file links. */
	ck_assert_int_eq(call_two_paths(SR_PROTO_OP_LINK, "/work/data", "/work/data-link", 0), 0);
	ck_assert_int_eq(fstatat(root_fd, "work/data", &st, 0), 0);
	ck_assert_int_eq(st.st_nlink, 2);
}
END_TEST

START_TEST(test_chmod_and_truncate_respect_read_only)
{
	struct sr_proto_request req;
	struct stat st;

	req_init(&req, SR_PROTO_OP_CHMOD, "/work/data");
	req.mode = 0600;
	ck_assert_int_eq(call(&req), 0);
	ck_assert_int_eq(fstatat(root_fd, "work/data", &st, 0), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	req_init(&req, SR_PROTO_OP_CHMOD, "/etc/passwd");
	req.mode = 0666;
	ck_assert_int_eq(call(&req), EROFS);
	ck_assert_int_eq(fstatat(root_fd, "etc/passwd", &st, 0), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);

	req_init(&req, SR_PROTO_OP_TRUNCATE, "/work/data");
	req.size = 2;
	ck_assert_int_eq(call(&req), 0);
	ck_assert_int_eq(fstatat(root_fd, "work/data", &st, 0), 0);
	ck_assert_int_eq(st.st_size, 2);
	req_init(&req, SR_PROTO_OP_TRUNCATE, "/etc/passwd");
	ck_assert_int_eq(call(&req), EROFS);
	ck_assert_int_eq(fstatat(root_fd, "etc/passwd", &st, 0), 0);
	ck_assert_int_eq(st.st_size, 15);
	req_init(&req, SR_PROTO_OP_TRUNCATE, "/work");
	ck_assert_int_eq(call(&req), EISDIR);
}
END_TEST

/* The kernel checks utimensat's nsec once the path is found and before
 * whether the times may be set: a missing or hidden path is ENOENT, a
 * read-only one EINVAL. */
START_TEST(test_utimens_nsec_checked_between_lookup_and_policy)
{
	struct sr_proto_request req;
	struct stat before, after;

	ck_assert_int_eq(fstatat(root_fd, "work/data", &before, 0), 0);
	const struct {
		const char *path;
		int errnum;
	} cases[] = {
		{ "/work/data", EINVAL }, { "/work/missing", ENOENT }, { "/etc/shadow", ENOENT },
		{ "/etc/passwd", EINVAL }, { "/home", ENOENT },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		req_init(&req, SR_PROTO_OP_UTIMENS, cases[i].path);
		req.times[0] = (struct sr_proto_timespec){ .sec = 1, .nsec = 1000000000 };
		req.times[1] = (struct sr_proto_timespec){ .sec = 1, .nsec = 0 };
		ck_assert_msg(call(&req) == cases[i].errnum, "%s", cases[i].path);
	}
	ck_assert_int_eq(fstatat(root_fd, "work/data", &after, 0), 0);
	ck_assert_int_eq(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
	/* Valid times there meet the policy. */
	req_init(&req, SR_PROTO_OP_UTIMENS, "/etc/passwd");
	req.times[0] = req.times[1] = (struct sr_proto_timespec){ .sec = 1, .nsec = 0 };
	ck_assert_int_eq(call(&req), EROFS);
}
END_TEST

START_TEST(test_exec_and_chdir_checks)
{
	ck_assert_int_eq(call_path(SR_PROTO_OP_EXEC_CHECK, "/work/tool"), 0);
	ck_assert_int_eq(call_path(SR_PROTO_OP_EXEC_CHECK, "/work/bin/tool"), EACCES);
	ck_assert_int_eq(call_path(SR_PROTO_OP_EXEC_CHECK, "/work"), EACCES);
	ck_assert_int_eq(call_path(SR_PROTO_OP_EXEC_CHECK, "/etc/shadow"), ENOENT);
	ck_assert_int_eq(call_path(SR_PROTO_OP_CHDIR_CHECK, "/work/bin"), 0);
	ck_assert_int_eq(call_path(SR_PROTO_OP_CHDIR_CHECK, "/work/data"), ENOTDIR);
	ck_assert_int_eq(call_path(SR_PROTO_OP_CHDIR_CHECK, "/home"), ENOENT);
}
END_TEST

START_TEST(test_access_and_xattrs_follow_the_policy)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;
	struct sr_error err = { 0 };

	req_init(&req, SR_PROTO_OP_ACCESS, "/etc/passwd");
	req.mode = W_OK;
	ck_assert_int_eq(call(&req), EROFS);
	req_init(&req, SR_PROTO_OP_ACCESS, "/work/bin/tool");
	req.mode = X_OK;
	ck_assert_int_eq(call(&req), EACCES);
	req_init(&req, SR_PROTO_OP_ACCESS, "/work/tool");
	req.mode = R_OK | X_OK;
	ck_assert_int_eq(call(&req), 0);

	req_init(&req, SR_PROTO_OP_SETXATTR, "/etc/passwd");
	ck_assert_int_eq(sr_proto_set_xattr_name(&req, "user.note", &err), 0);
	ck_assert_int_eq(sr_proto_set_xattr_value(&req, "v1", 2, &err), 0);
	ck_assert_int_eq(call(&req), EROFS);
	req_init(&req, SR_PROTO_OP_GETXATTR, "/etc/shadow");
	ck_assert_int_eq(sr_proto_set_xattr_name(&req, "user.note", &err), 0);
	ck_assert_int_eq(call(&req), ENOENT);

	/* Where the file system takes user xattrs, the value comes back. */
	req_init(&req, SR_PROTO_OP_SETXATTR, "/work/data");
	ck_assert_int_eq(sr_proto_set_xattr_name(&req, "user.note", &err), 0);
	ck_assert_int_eq(sr_proto_set_xattr_value(&req, "v1", 2, &err), 0);
	int rc = call(&req);
	if (rc != 0) {
		ck_assert_int_eq(rc, EOPNOTSUPP);
		return;
	}
	req_init(&req, SR_PROTO_OP_GETXATTR, "/work/data");
	ck_assert_int_eq(sr_proto_set_xattr_name(&req, "user.note", &err), 0);
	req.size = 64;
	ck_assert_int_eq(call_at(&req, -1, &reply, NULL), 0);
	ck_assert_int_eq(reply.value, 2);
	ck_assert_int_eq(memcmp(reply.result.bytes, "v1", 2), 0);

	/* Size 0 asks the size: the answer carries no bytes. */
	req.size = 0;
	ck_assert_int_eq(call_at(&req, -1, &reply, NULL), 0);
	ck_assert_int_eq(reply.value, 2);
	ck_assert_int_eq(reply.result_len, 0);
	req_init(&req, SR_PROTO_OP_LISTXATTR, "/work/data");
	ck_assert_int_eq(call_at(&req, -1, &reply, NULL), 0);
	int64_t list_size = reply.value;
	ck_assert_int_ge(list_size, (int64_t)sizeof("user.note"));
	ck_assert_int_eq(reply.result_len, 0);
	req.size = list_size;
	ck_assert_int_eq(call_at(&req, -1, &reply, NULL), 0);
	ck_assert_int_eq(reply.result_len, list_size);
	ck_assert_ptr_nonnull(memmem(reply.result.bytes, reply.result_len, "user.note", sizeof("user.note")));
}
END_TEST

START_TEST(test_inotify_watch_lands_on_the_programs_instance)
{
	struct sr_proto_request req;
	struct sr_proto_request_fds fds = SR_PROTO_REQUEST_FDS_NONE;
	struct sr_proto_reply reply;
	struct sr_error err = { 0 };
	char events[256];
	int fd;
	sr_cleanup_close int ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);

	ck_assert_int_ge(ifd, 0);
	req_init(&req, SR_PROTO_OP_INOTIFY_ADD_WATCH, "/work");
	req.flags = IN_CREATE;
	req.fds = SR_PROTO_FD_INOTIFY;
	fds.inotify = ifd;
	ck_assert_int_eq(sr_proto_send_request(sock, &req, &fds, &err), 0);
	ck_assert_int_eq(sr_proto_recv_reply(sock, 0, &reply, &fd, &err), 1);
	ck_assert_int_eq(reply.errnum, 0);
	ck_assert_int_ge(reply.value, 1);
	put_file("work/fresh", "x", 0644);
	ck_assert_int_gt(read(ifd, events, sizeof(events)), 0);

	/* A relative path, from the base the Sentry sends beside it. */
	sr_cleanup_close int work = openat(root_fd, "work", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(work, 0);
	req_init(&req, SR_PROTO_OP_INOTIFY_ADD_WATCH, ".");
	req.flags = IN_DELETE;
	req.fds = SR_PROTO_FD_INOTIFY | SR_PROTO_FD_DIR;
	fds.dir = work;
	ck_assert_int_eq(sr_proto_send_request(sock, &req, &fds, &err), 0);
	ck_assert_int_eq(sr_proto_recv_reply(sock, 0, &reply, &fd, &err), 1);
	ck_assert_int_eq(reply.errnum, 0);
	ck_assert_int_ge(reply.value, 1);
	ck_assert_int_eq(unlinkat(root_fd, "work/fresh", 0), 0);
	ck_assert_int_gt(read(ifd, events, sizeof(events)), 0);
	fds.dir = -1;

	req_init(&req, SR_PROTO_OP_INOTIFY_ADD_WATCH, "/etc/shadow");
	req.flags = IN_MODIFY;
	req.fds = SR_PROTO_FD_INOTIFY;
	ck_assert_int_eq(sr_proto_send_request(sock, &req, &fds, &err), 0);
	ck_assert_int_eq(sr_proto_recv_reply(sock, 0, &reply, &fd, &err), 1);
	ck_assert_int_eq(reply.errnum, ENOENT);
}
END_TEST

START_TEST(test_malformed_record_refused_and_serving_goes_on)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;
	struct sr_error err = { 0 };
	int fd;

	/* A record whose header names it: refused with EPROTO, by id. */
	req_init(&req, SR_PROTO_OP_STAT, "/work/data");
	req.umask = 022;
	ck_assert_int_eq(sr_send_fds(sock, &req, sizeof(req), NULL, 0), 0);
	ck_assert_int_eq(sr_proto_recv_reply(sock, 0, &reply, &fd, &err), 1);
	ck_assert_uint_eq(reply.id, req.id);
	ck_assert_int_eq(reply.errnum, EPROTO);
	/* Garbage names nobody: no reply, so the next reply is the next
	 * request's (call_at checks the id). */
	ck_assert_int_eq(sr_send_fds(sock, "junk", 4, NULL, 0), 0);
	ck_assert_int_eq(call_path(SR_PROTO_OP_STAT, "/work/data"), 0);
}
END_TEST

START_TEST(test_server_exits_cleanly_at_eof)
{
	int status;

	ck_assert_int_eq(call_path(SR_PROTO_OP_STATFS, "/work"), 0);
	close(sock);
	sock = -1;
	ck_assert_int_eq(waitpid(server, &status, 0), server);
	server = -1;
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

static Suite *gofer_suite(void)
{
	Suite *s = suite_create("gofer");
	TCase *tc = tcase_create("serve");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_open_read_returns_an_fd_with_the_right_bytes);
	tcase_add_test(tc, test_answers_kept_only_where_nothing_can_change_them);
	tcase_add_test(tc, test_open_path_is_checked_then_continued);
	tcase_add_test(tc, test_open_fifo_is_checked_then_continued);
	tcase_add_test(tc, test_create_that_meets_a_fifo_is_continued);
	tcase_add_test(tc, test_open_of_a_socket_that_meets_a_fifo_is_continued);
	tcase_add_test(tc, test_create_in_read_only_place_is_erofs_and_creates_nothing);
	tcase_add_test(tc, test_hidden_file_is_enoent_even_via_a_planted_symlink);
	tcase_add_test(tc, test_dotdot_from_a_writable_dir_cannot_leave_the_root);
	tcase_add_test(tc, test_stat_readlink_mkdir_unlink);
	tcase_add_test(tc, test_rename_of_a_read_only_file_is_erofs);
	tcase_add_test(tc, test_hidden_file_cannot_be_hard_linked_into_a_writable_dir);
	tcase_add_test(tc, test_chmod_and_truncate_respect_read_only);
	tcase_add_test(tc, test_utimens_nsec_checked_between_lookup_and_policy);
	tcase_add_test(tc, test_exec_and_chdir_checks);
	tcase_add_test(tc, test_access_and_xattrs_follow_the_policy);
	tcase_add_test(tc, test_inotify_watch_lands_on_the_programs_instance);
	tcase_add_test(tc, test_malformed_record_refused_and_serving_goes_on);
	tcase_add_test(tc, test_server_exits_cleanly_at_eof);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(gofer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
