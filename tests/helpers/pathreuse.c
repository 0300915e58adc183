/* pathreuse N PATH: opens PATH N times from one buffer and, as soon as
 * each open returns, writes another path over that buffer, as a shell
 * reuses its memory: --strace must show each open with the path it was
 * made with, whenever the Sentry formats the exit line. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PATHREUSE_PATH_MAX 256

int main(int argc, char **argv)
{
	static char path[PATHREUSE_PATH_MAX];

	if (argc != 3 || strlen(argv[2]) >= sizeof(path)) {
		fprintf(stderr, "usage: pathreuse N PATH\n");
		return 2;
	}
	int n = atoi(argv[1]);
	for (int i = 0; i < n; i++) {
		strcpy(path, argv[2]);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		memset(path, 'X', sizeof(path) - 1);
		if (fd < 0) {
			perror("pathreuse: open");
			return 1;
		}
		close(fd);
	}
	return 0;
}
