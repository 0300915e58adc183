/* forkbomb N: tries to make N processes that stay alive (each waits in
 * pause()), then prints how many it made and how many forks failed, and
 * exits; the sandbox's teardown must take the children.  A bounded bomb:
 * it never retries a failed fork. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define PROCESSES_MAX 100000UL

int main(int argc, char *argv[])
{
	char *end;
	unsigned long n = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
	unsigned long made = 0, refused = 0;

	if (argc != 2 || *end != '\0' || n == 0 || n > PROCESSES_MAX) {
		fprintf(stderr, "usage: forkbomb N (1 to %lu)\n", PROCESSES_MAX);
		return 2;
	}
	for (unsigned long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			pause();
			_exit(0);
		}
		if (pid < 0)
			refused++;
		else
			made++;
	}
	printf("made %lu refused %lu\n", made, refused);
	return 0;
}
