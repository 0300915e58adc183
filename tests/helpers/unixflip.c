/* unixflip: races against a unix sendto or connect that names a path,
 * hoping that the kernel makes the call on something else than what
 * the Sentry checked.
 *
 * unixflip abstract DIR NAME_D NAME_S SECONDS: a child process sharing
 *   only the page that holds the address (MAP_SHARED; not the fd
 *   table) flips it between a path in DIR and the abstract NAME_D (for
 *   datagrams) or NAME_S (for connects), whose listeners are the host's.
 *   The path and the name have one length, so one address length
 *   serves both.  The process itself is single-threaded.  Prints
 *   "sent N native N connected N native N": the sends and connects that
 *   succeeded, and how many of those reached the path with this
 *   process's own pid in SCM_CREDENTIALS or SO_PEERCRED.
 *
 * unixflip fdswap-thread|fdswap-clone DIR PORT SECONDS: sendto on one fd
 *   number over and over, with a path address, while a thread (or a
 *   process made with clone(CLONE_VM | CLONE_FILES), sharing the fd
 *   table without being a thread) swaps a UDP socket onto that number
 *   and an address of 127.0.0.1:PORT into the buffer.  Prints
 *   "sent N": the sends that succeeded. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FLIPPER_STACK_SIZE (256 * 1024)
/* The fd number both sockets take turns on. */
#define SWAPPED_FD 100

struct shared {
	atomic_bool stop;
	atomic_bool flipping;
	struct sockaddr_storage addr;
	struct sockaddr_storage choices[2];
};

static struct shared *sh;
static int swap_fds[2];

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void flip_addresses(void)
{
	unsigned i = 0;

	atomic_store(&sh->flipping, true);
	while (!atomic_load(&sh->stop))
		memcpy((void *)&sh->addr, &sh->choices[i++ & 1], sizeof(sh->addr));
}

static int swapper(void *arg)
{
	unsigned i = 0;

	(void)arg;
	atomic_store(&sh->flipping, true);
	while (!atomic_load(&sh->stop)) {
		dup2(swap_fds[i & 1], SWAPPED_FD);
		memcpy((void *)&sh->addr, &sh->choices[(i >> 1) & 1], sizeof(sh->addr));
		i++;
	}
	return 0;
}

static void *swapper_thread(void *arg)
{
	swapper(arg);
	return NULL;
}

static socklen_t unix_address(struct sockaddr_storage *ss, const char *name, bool abstract)
{
	struct sockaddr_un *un = (struct sockaddr_un *)ss;

	memset(ss, 0, sizeof(*ss));
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path + abstract, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + abstract + strlen(name));
}

/* A path in DIR as long as "\0NAME", so that one length names either. */
static int path_like(const char *dir, const char *name, const char *tag, char *out, size_t size)
{
	size_t want = strlen(name) + 1;
	int n = snprintf(out, size, "%s/%s", dir, tag);

	if (n < 0 || (size_t)n > want || want >= size)
		return -1;
	while ((size_t)n < want)
		out[n++] = 'x';
	out[n] = '\0';
	unlink(out);
	return 0;
}

static pid_t sender_pid(struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c != NULL; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
			struct ucred cred;
			memcpy(&cred, CMSG_DATA(c), sizeof(cred));
			return cred.pid;
		}
	}
	return -1;
}

static long drain_datagrams(int r)
{
	long native = 0;

	for (;;) {
		char buf[16];
		_Alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(struct ucred))];
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
				     .msg_controllen = sizeof(control) };
		if (recvmsg(r, &mh, MSG_DONTWAIT) < 0)
			return native;
		native += sender_pid(&mh) == getpid();
	}
}

static long drain_connections(int l)
{
	long native = 0;
	int c;

	while ((c = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
		struct ucred cred;
		socklen_t len = sizeof(cred);
		if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.pid == getpid())
			native++;
		close(c);
	}
	return native;
}

/* One phase of the abstract race: datagrams or connects. */
static int race_abstract(const char *dir, const char *name, int type, double seconds, long *ok, long *native)
{
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int one = 1;

	if (path_like(dir, name, type == SOCK_DGRAM ? "d" : "s", path, sizeof(path)) < 0) {
		fprintf(stderr, "unixflip: %s is too long for %s\n", dir, name);
		return -1;
	}
	socklen_t len = unix_address(&sh->choices[0], path, false);
	if (unix_address(&sh->choices[1], name, true) != len)
		return -1;
	memcpy(&sh->addr, &sh->choices[0], sizeof(sh->addr));
	int r = socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
	if (r < 0 || bind(r, (struct sockaddr *)&sh->choices[0], len) < 0 ||
	    setsockopt(r, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0 ||
	    (type == SOCK_STREAM && listen(r, 128) < 0)) {
		perror("unixflip: the path's own socket");
		return -1;
	}
	atomic_store(&sh->stop, false);
	atomic_store(&sh->flipping, false);
	pid_t child = fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		flip_addresses();
		_exit(0);
	}
	while (!atomic_load(&sh->flipping))
		sched_yield();
	/* Past the time, on until a call went through (on a loaded
	 * machine the flipper may have won every race of the first second),
	 * for at most ten seconds more. */
	double end = now_s() + seconds;
	while (now_s() < end || (*ok == 0 && now_s() < end + 10)) {
		int s = socket(AF_UNIX, type, 0);
		if (s < 0)
			return -1;
		int rc = type == SOCK_DGRAM ? (int)sendto(s, "x", 1, 0, (struct sockaddr *)&sh->addr, len)
			: connect(s, (struct sockaddr *)&sh->addr, len);
		*ok += rc >= 0;
		close(s);
		*native += type == SOCK_DGRAM ? drain_datagrams(r) : drain_connections(r);
	}
	atomic_store(&sh->stop, true);
	waitpid(child, NULL, 0);
	*native += type == SOCK_DGRAM ? drain_datagrams(r) : drain_connections(r);
	close(r);
	return 0;
}

static int race_fd_swap(const char *dir, int port, double seconds, bool thread)
{
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct sockaddr_in *in = (struct sockaddr_in *)&sh->choices[1];
	long sent = 0;

	snprintf(path, sizeof(path), "%s/swap.sock", dir);
	unlink(path);
	socklen_t len = unix_address(&sh->choices[0], path, false);
	int r = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (r < 0 || bind(r, (struct sockaddr *)&sh->choices[0], len) < 0) {
		perror("unixflip: the path's own socket");
		return -1;
	}
	in->sin_family = AF_INET;
	in->sin_port = htons((in_port_t)port);
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memcpy(&sh->addr, &sh->choices[0], sizeof(sh->addr));
	swap_fds[0] = socket(AF_UNIX, SOCK_DGRAM, 0);
	swap_fds[1] = socket(AF_INET, SOCK_DGRAM, 0);
	if (swap_fds[0] < 0 || swap_fds[1] < 0 || dup2(swap_fds[0], SWAPPED_FD) < 0)
		return -1;
	pthread_t t;
	pid_t child = -1;
	if (thread) {
		if (pthread_create(&t, NULL, swapper_thread, NULL) != 0)
			return -1;
	} else {
		char *stack = malloc(FLIPPER_STACK_SIZE);
		if (stack == NULL)
			return -1;
		child = clone(swapper, stack + FLIPPER_STACK_SIZE, CLONE_VM | CLONE_FILES | SIGCHLD, NULL);
		if (child < 0) {
			perror("unixflip: clone");
			return -1;
		}
	}
	while (!atomic_load(&sh->flipping))
		sched_yield();
	double end = now_s() + seconds;
	while (now_s() < end) {
		sent += sendto(SWAPPED_FD, "x", 1, 0, (struct sockaddr *)&sh->addr, sizeof(struct sockaddr_un)) >= 0;
		drain_datagrams(r);
	}
	atomic_store(&sh->stop, true);
	if (thread)
		pthread_join(t, NULL);
	else
		waitpid(child, NULL, 0);
	printf("sent %ld\n", sent);
	return 0;
}

int main(int argc, char *argv[])
{
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	if (argc == 6 && strcmp(argv[1], "abstract") == 0) {
		long sent = 0, dnative = 0, connected = 0, snative = 0;
		double seconds = atof(argv[5]);
		if (race_abstract(argv[2], argv[3], SOCK_DGRAM, seconds, &sent, &dnative) < 0 ||
		    race_abstract(argv[2], argv[4], SOCK_STREAM, seconds, &connected, &snative) < 0)
			return 2;
		printf("sent %ld native %ld connected %ld native %ld\n", sent, dnative, connected, snative);
		return 0;
	}
	if (argc == 5 && (strcmp(argv[1], "fdswap-thread") == 0 || strcmp(argv[1], "fdswap-clone") == 0))
		return race_fd_swap(argv[2], atoi(argv[3]), atof(argv[4]), strcmp(argv[1], "fdswap-thread") == 0)
			< 0 ? 2 : 0;
	fprintf(stderr, "usage: unixflip abstract DIR NAME_D NAME_S SECONDS\n"
		"       unixflip fdswap-thread|fdswap-clone DIR PORT SECONDS\n");
	return 2;
}
