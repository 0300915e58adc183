/* netflip ALLOWED_PORT FORBIDDEN_PORT SECONDS: connect to 127.0.0.1 over
 * and over while another thread flips the port in the very sockaddr
 * being passed between the allowed and the forbidden one, hoping that
 * the kernel reads the address after the Sentry checked it.  Prints how
 * many connects got through, how many of those reached the forbidden
 * port (asked of the socket itself with getpeername, so it does not
 * depend on a listener keeping count), and how many were refused. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in target;
static atomic_bool stop;
static atomic_bool flipping;
static in_port_t ports[2];

static void *flipper(void *arg)
{
	volatile in_port_t *port = &target.sin_port;
	unsigned i = 0;

	(void)arg;
	atomic_store(&flipping, true);
	while (!atomic_load(&stop))
		*port = ports[i++ & 1];
	return NULL;
}

int main(int argc, char *argv[])
{
	pthread_t t;
	long connected = 0, forbidden = 0, refused = 0, other = 0;
	struct timespec start, now;

	if (argc != 4) {
		fprintf(stderr, "usage: netflip ALLOWED_PORT FORBIDDEN_PORT SECONDS\n");
		return 2;
	}
	ports[0] = htons((in_port_t)atoi(argv[1]));
	ports[1] = htons((in_port_t)atoi(argv[2]));
	int seconds = atoi(argv[3]);
	target.sin_family = AF_INET;
	target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	target.sin_port = ports[0];
	if (pthread_create(&t, NULL, flipper, NULL) != 0)
		return 2;
	/* On a loaded machine the flipper may not run for a while; connects
	 * made before it does would race nothing. */
	while (!atomic_load(&flipping))
		sched_yield();
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			perror("socket");
			return 2;
		}
		if (connect(fd, (struct sockaddr *)&target, sizeof(target)) == 0) {
			struct sockaddr_in peer;
			socklen_t len = sizeof(peer);

			connected++;
			if (getpeername(fd, (struct sockaddr *)&peer, &len) == 0 &&
			    peer.sin_port == ports[1])
				forbidden++;
		} else if (errno == EACCES)
			refused++;
		else
			other++;
		close(fd);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < seconds);
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	printf("connected %ld forbidden %ld refused %ld other %ld\n", connected,
	       forbidden, refused, other);
	return 0;
}
