/* threads N M: N threads each calling uname(2) M times; prints the number
 * of calls that answered with the sandbox's host name, and exits 1 if
 * any call failed or answered otherwise. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

static int calls;
static const char *expected;
static int good;
static int bad;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
	int ok = 0, ko = 0;

	(void)arg;
	for (int i = 0; i < calls; i++) {
		struct utsname u;
		if (uname(&u) == 0 && strcmp(u.nodename, expected) == 0)
			ok++;
		else
			ko++;
	}
	pthread_mutex_lock(&lock);
	good += ok;
	bad += ko;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: threads N M HOSTNAME\n");
		return 2;
	}
	int n = atoi(argv[1]);
	calls = atoi(argv[2]);
	expected = argv[3];
	pthread_t *t = calloc((size_t)n, sizeof(*t));
	if (t == NULL)
		return 2;
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0) {
			perror("pthread_create");
			return 2;
		}
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("%d\n", good);
	return bad == 0 ? 0 : 1;
}
