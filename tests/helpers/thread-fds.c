/* A thread's calls on its own fds, for tests/integration/oldkernel.sh:
 * the Sentry takes such an fd (pidfd_getfd) from the thread's own fd
 * table, which before Linux 6.9 (no PIDFD_THREAD) it can reach only
 * through the thread group's leader.
 *
 *   thread-fds own-table DIR
 *     the leader holds an inotify instance at fd N; a thread unshares
 *     its fd table (CLONE_FILES), makes an inotify instance of its own
 *     at the same N, watches DIR on it and creates a file in DIR.
 *     Prints "thread: events" when the thread's instance saw it (what
 *     the kernel does), "thread: refused" when its watch failed, and
 *     "leader: events" when the leader's instance saw it (a watch added
 *     to another table's file).
 *   thread-fds leader-gone DIR
 *     the leader exits (pthread_exit) and a thread watches DIR on its
 *     inotify instance; prints "thread: watched" or "thread: refused".
 *     Neither may hang. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#define EVENTS_MAX 4096

static const char *dir;
static int leader_fd;

static bool has_event(int fd)
{
	char buf[EVENTS_MAX] __attribute__((aligned(8)));

	return read(fd, buf, sizeof(buf)) > 0;
}

static void *own_table(void *arg)
{
	char file[4096];

	(void)arg;
	if (unshare(CLONE_FILES) < 0) {
		perror("thread-fds: unshare(CLONE_FILES)");
		exit(2);
	}
	close(leader_fd);
	int fd = inotify_init1(IN_NONBLOCK);
	if (fd != leader_fd) {
		fprintf(stderr, "thread-fds: the thread's instance is fd %d, not %d\n", fd, leader_fd);
		exit(2);
	}
	if (inotify_add_watch(fd, dir, IN_CREATE) < 0) {
		printf("thread: refused (%s)\n", strerror(errno));
	} else {
		snprintf(file, sizeof(file), "%s/made", dir);
		/* Made anew: a file already there is no IN_CREATE. */
		unlink(file);
		int made = open(file, O_WRONLY | O_CREAT, 0600);
		if (made < 0) {
			perror("thread-fds: create");
			exit(2);
		}
		close(made);
		printf("thread: %s\n", has_event(fd) ? "events" : "none");
	}
	return NULL;
}

static void *leader_gone(void *arg)
{
	(void)arg;
	/* Until the leader is a zombie: its status says so. */
	for (int i = 0; i < 1000; i++) {
		char state[256] = "";
		FILE *f = fopen("/proc/self/stat", "r");
		if (f != NULL) {
			if (fgets(state, sizeof(state), f) == NULL)
				state[0] = '\0';
			fclose(f);
		}
		char *end = strrchr(state, ')');
		if (end != NULL && end[1] == ' ' && end[2] == 'Z')
			break;
		usleep(1000);
	}
	int fd = inotify_init1(IN_NONBLOCK);
	if (inotify_add_watch(fd, dir, IN_CREATE) < 0)
		printf("thread: refused (%s)\n", strerror(errno));
	else
		printf("thread: watched\n");
	exit(0);
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc != 3) {
		fprintf(stderr, "usage: thread-fds own-table|leader-gone DIR\n");
		return 2;
	}
	dir = argv[2];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(argv[1], "own-table") == 0) {
		leader_fd = inotify_init1(IN_NONBLOCK);
		if (leader_fd < 0 || inotify_add_watch(leader_fd, "/", IN_CREATE) < 0) {
			perror("thread-fds: the leader's inotify");
			return 2;
		}
		if (pthread_create(&t, NULL, own_table, NULL) != 0 || pthread_join(t, NULL) != 0)
			return 2;
		if (has_event(leader_fd))
			printf("leader: events\n");
		return 0;
	}
	if (strcmp(argv[1], "leader-gone") == 0) {
		if (pthread_create(&t, NULL, leader_gone, NULL) != 0)
			return 2;
		pthread_exit(NULL);
	}
	fprintf(stderr, "thread-fds: unknown mode %s\n", argv[1]);
	return 2;
}
