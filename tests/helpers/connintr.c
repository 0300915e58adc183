/* connintr restart|norestart THREADS TRIES: blocking connects that
 * signals interrupt, from several threads at once, the main one among
 * them.  Each connect goes to a listener of the program's own whose
 * backlog is full, so it waits until a signal ends it.  A signaller
 * thread sends SIGUSR1 (with SA_RESTART, or without) to the connecting
 * threads and to the whole process, then SIGUSR2 (never SA_RESTART) to
 * a thread whose connect has waited long enough.
 *
 * Natively every connect ends with EINTR, and only in a thread that ran
 * a handler meanwhile: SIGUSR2's with "restart", either's otherwise.
 * Prints one line: "internal=N spurious=N unexpected=N", counting the
 * connects that ended with a kernel-internal errno (512-530, which no
 * program may see), an EINTR without such a handler, and any other end.
 * The first few odd ends are told on stderr.
 *
 * connintr elsewhere TRIES: the main thread connects, while a signal of
 * the process goes to another thread (kill of that thread's id: the
 * kernel offers it that thread first), which is runnable but does not
 * run, on a CPU that a busy thread holds (SCHED_IDLE).  Natively that
 * thread takes the signal and the connect waits on, until SIGUSR2,
 * sent to the main thread 300 ms later, ends it with EINTR.  The same
 * line is printed.
 *
 * connintr notmain TRIES: another thread than the main one connects,
 * while the main thread, which blocks SIGUSR1, waits for it: the
 * process's SIGUSR1 (SA_RESTART) is for the connecting thread, whose
 * connect is restarted, until SIGUSR2 ends it 300 ms later.
 *
 * connintr busy TRIES: the main thread connects while another thread
 * runs all along, blocking SIGUSR1 and SIGUSR2: the process's SIGUSR1
 * (SA_RESTART) is the main thread's, its connect is restarted, until
 * SIGUSR2 ends it 1.5 s later. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define THREADS_MAX 16
/* Signaller rounds a connect waits before SIGUSR2 ends it. */
#define ROUNDS_BEFORE_END 4
#define ODD_TOLD_MAX 10

static bool restart;
static int nthreads, tries;
static struct sockaddr_in target;
static pthread_t workers[THREADS_MAX];
/* Tries started by each worker, odd while it connects. */
static atomic_int phase[THREADS_MAX];
static atomic_bool done;
static atomic_long internal, spurious, unexpected, told;
static _Thread_local volatile sig_atomic_t restarting_handled, ending_handled;
/* "elsewhere": the thread the process's signal is offered to; 0 for
 * "notmain": the process. */
static atomic_int idle_tid;
/* Milliseconds between SIGUSR1 and SIGUSR2, in signal_elsewhere. */
static int ms_before_end = 300;

static void on_usr1(int sig)
{
	(void)sig;
	restarting_handled++;
}

static void on_usr2(int sig)
{
	(void)sig;
	ending_handled++;
}

static void tell(const char *what, int i, int e)
{
	if (atomic_fetch_add(&told, 1) < ODD_TOLD_MAX)
		fprintf(stderr, "connintr: thread %d: %s (errno %d)\n", i, what, e);
}

static void connect_once(int i)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("connintr: socket");
		exit(2);
	}
	int usr1 = restarting_handled, usr2 = ending_handled;
	atomic_fetch_add(&phase[i], 1);
	int rc = connect(fd, (struct sockaddr *)&target, sizeof(target));
	int e = errno;
	atomic_fetch_add(&phase[i], 1);
	bool ended = ending_handled != usr2 || (!restart && restarting_handled != usr1);
	if (rc == 0) {
		atomic_fetch_add(&unexpected, 1);
		tell("connected", i, 0);
	} else if (e >= 512 && e <= 530) {
		atomic_fetch_add(&internal, 1);
		tell("kernel-internal errno", i, e);
	} else if (e == EINTR && !ended) {
		atomic_fetch_add(&spurious, 1);
		tell("EINTR without a handler that ends the call", i, e);
	} else if (e != EINTR) {
		atomic_fetch_add(&unexpected, 1);
		tell(strerror(e), i, e);
	}
	close(fd);
}

static void *work(void *arg)
{
	int i = (int)(long)arg;

	for (int n = 0; n < tries; n++)
		connect_once(i);
	return NULL;
}

/* The process's signals (SIGUSR1, SIGUSR2) are for the connecting
 * threads, not the one sending them. */
static void leave_signals_to_connectors(void)
{
	sigset_t mine;

	sigemptyset(&mine);
	sigaddset(&mine, SIGUSR1);
	sigaddset(&mine, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &mine, NULL);
}

static void *signal_workers(void *arg)
{
	int seen[THREADS_MAX], rounds[THREADS_MAX];
	struct timespec pause = { 0, 3 * 1000 * 1000 };
	unsigned seed = 1;

	(void)arg;
	leave_signals_to_connectors();
	memset(seen, 0, sizeof(seen));
	memset(rounds, 0, sizeof(rounds));
	while (!atomic_load(&done)) {
		for (int i = 0; i < nthreads; i++) {
			int p = atomic_load(&phase[i]);
			if (p != seen[i]) {
				seen[i] = p;
				rounds[i] = 0;
			}
			if (!(p & 1))
				continue;
			if (++rounds[i] > ROUNDS_BEFORE_END)
				pthread_kill(workers[i], SIGUSR2);
			else if (rand_r(&seed) % 3 == 0)
				kill(getpid(), SIGUSR1);
			else
				pthread_kill(workers[i], SIGUSR1);
		}
		pause.tv_nsec = (1 + rand_r(&seed) % 5) * 1000 * 1000;
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/* Keep CPU 0 busy, or idle on it (SCHED_IDLE) as the thread that is
 * runnable but hardly ever runs. */
static void *spin_on_cpu0(void *arg)
{
	bool idle = arg != NULL;
	cpu_set_t cpu0;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0) < 0) {
		perror("connintr: sched_setaffinity");
		exit(2);
	}
	if (idle) {
		struct sched_param none = { 0 };
		if (sched_setscheduler(0, SCHED_IDLE, &none) < 0) {
			perror("connintr: SCHED_IDLE");
			exit(2);
		}
		atomic_store(&idle_tid, (int)syscall(SYS_gettid));
	}
	while (!atomic_load(&done))
		;
	return NULL;
}

/* Whether the monotonic clock has reached `t`. */
static bool reached(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

static void *signal_elsewhere(void *arg)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 }, end;

	(void)arg;
	leave_signals_to_connectors();
	while (!atomic_load(&done)) {
		int p = atomic_load(&phase[0]);
		if (!(p & 1)) {
			nanosleep(&pause, NULL);
			continue;
		}
		kill(atomic_load(&idle_tid) != 0 ? atomic_load(&idle_tid) : getpid(), SIGUSR1);
		/* By the clock, not by counting pauses, each longer than asked
		 * on a loaded machine: 15 of them took longer than the Sentry
		 * waits for a runnable thread to take SIGUSR1 (10 rounds of
		 * 50 ms) before it ends the connect with EINTR. */
		clock_gettime(CLOCK_MONOTONIC, &end);
		end.tv_nsec += (long)ms_before_end * 1000 * 1000;
		end.tv_sec += end.tv_nsec / (1000 * 1000 * 1000);
		end.tv_nsec %= 1000 * 1000 * 1000;
		while (atomic_load(&phase[0]) == p && !reached(&end))
			nanosleep(&pause, NULL);
		while (atomic_load(&phase[0]) == p) {
			pthread_kill(workers[0], SIGUSR2);
			nanosleep(&pause, NULL);
		}
	}
	return NULL;
}

/* A listener whose backlog is full: a further connect's SYN is dropped
 * and the connect waits. */
static void listen_full(void)
{
	socklen_t len = sizeof(target);
	int srv = socket(AF_INET, SOCK_STREAM, 0);

	target.sin_family = AF_INET;
	target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (srv < 0 || bind(srv, (struct sockaddr *)&target, sizeof(target)) < 0 || listen(srv, 0) < 0 ||
	    getsockname(srv, (struct sockaddr *)&target, &len) < 0) {
		perror("connintr: listener");
		exit(2);
	}
	for (int i = 0; i < 4; i++) {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (fd < 0 || (connect(fd, (struct sockaddr *)&target, sizeof(target)) < 0 && errno != EINPROGRESS)) {
			perror("connintr: filling the backlog");
			exit(2);
		}
	}
	/* Let the handshakes of the held connects end. */
	usleep(200 * 1000);
}

static void start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	if (pthread_create(t, NULL, fn, arg) != 0) {
		fprintf(stderr, "connintr: cannot start a thread\n");
		exit(2);
	}
}

/* "elsewhere": the main thread connects; SIGUSR1 is offered to a thread
 * on a CPU a busy one holds. */
static void run_elsewhere(void)
{
	pthread_t signaller, spinners[2];

	start(&spinners[0], spin_on_cpu0, NULL);
	start(&spinners[1], spin_on_cpu0, &idle_tid);
	while (atomic_load(&idle_tid) == 0)
		sched_yield();
	start(&signaller, signal_elsewhere, NULL);
	work((void *)0L);
	atomic_store(&done, true);
	for (int i = 0; i < 2; i++)
		pthread_join(spinners[i], NULL);
	pthread_join(signaller, NULL);
}

/* "notmain": another thread connects, the main one blocks SIGUSR1. */
static void run_notmain(void)
{
	pthread_t signaller;
	sigset_t usr1;

	start(&workers[0], work, (void *)0L);
	start(&signaller, signal_elsewhere, NULL);
	/* After the threads are made, which would inherit it. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
	pthread_join(workers[0], NULL);
	atomic_store(&done, true);
	pthread_join(signaller, NULL);
}

/* "busy": the main thread connects while another runs all along, with
 * SIGUSR1 and SIGUSR2 blocked. */
static void *spin_blocking(void *arg)
{
	sigset_t usr;

	(void)arg;
	sigemptyset(&usr);
	sigaddset(&usr, SIGUSR1);
	sigaddset(&usr, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &usr, NULL);
	while (!atomic_load(&done))
		;
	return NULL;
}

static void run_busy(void)
{
	pthread_t signaller, spinner;

	ms_before_end = 1500;
	start(&spinner, spin_blocking, NULL);
	start(&signaller, signal_elsewhere, NULL);
	work((void *)0L);
	atomic_store(&done, true);
	pthread_join(spinner, NULL);
	pthread_join(signaller, NULL);
}

static void run_threads(void)
{
	pthread_t signaller;

	for (int i = 1; i < nthreads; i++)
		start(&workers[i], work, (void *)(long)i);
	start(&signaller, signal_workers, NULL);
	work((void *)0L);
	for (int i = 1; i < nthreads; i++)
		pthread_join(workers[i], NULL);
	atomic_store(&done, true);
	pthread_join(signaller, NULL);
}

int main(int argc, char *argv[])
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	bool threads = argc == 4 && (strcmp(argv[1], "restart") == 0 || strcmp(argv[1], "norestart") == 0);
	bool one = argc == 3 && (strcmp(argv[1], "elsewhere") == 0 || strcmp(argv[1], "notmain") == 0 ||
				 strcmp(argv[1], "busy") == 0);

	if (!threads && !one) {
		fprintf(stderr, "usage: connintr restart|norestart THREADS TRIES, or connintr elsewhere|notmain|busy TRIES\n");
		return 2;
	}
	restart = strcmp(argv[1], "norestart") != 0;
	nthreads = threads ? atoi(argv[2]) : 1;
	tries = atoi(argv[threads ? 3 : 2]);
	if (nthreads < 1 || nthreads > THREADS_MAX || tries < 1) {
		fprintf(stderr, "connintr: 1 to %d threads, 1 try at least\n", THREADS_MAX);
		return 2;
	}
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sa.sa_flags = 0;
	sigaction(SIGUSR2, &sa, NULL);
	listen_full();
	workers[0] = pthread_self();
	if (threads)
		run_threads();
	else if (strcmp(argv[1], "elsewhere") == 0)
		run_elsewhere();
	else if (strcmp(argv[1], "notmain") == 0)
		run_notmain();
	else
		run_busy();
	printf("internal=%ld spurious=%ld unexpected=%ld\n", atomic_load(&internal), atomic_load(&spurious),
	       atomic_load(&unexpected));
	return 0;
}
