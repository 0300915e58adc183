/* memhog MIB: allocates MIB mebibytes and touches every page, so that the
 * memory is really charged (a limit on virtual size alone stops malloc).
 * Prints "allocated" and exits 0, or says why and exits 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1024UL * 1024UL)
#define MIB_MAX 65536UL

int main(int argc, char *argv[])
{
	char *end;
	unsigned long mib = argc == 2 ? strtoul(argv[1], &end, 10) : 0;

	if (argc != 2 || *end != '\0' || mib == 0 || mib > MIB_MAX) {
		fprintf(stderr, "usage: memhog MIB (1 to %lu)\n", MIB_MAX);
		return 2;
	}
	/* A chunk a MiB at a time: a failure comes early and says how far. */
	for (unsigned long i = 0; i < mib; i++) {
		char *chunk = malloc(MIB);
		if (chunk == NULL) {
			printf("cannot allocate beyond %lu MiB\n", i);
			return 1;
		}
		memset(chunk, 0xa5, MIB);
	}
	printf("allocated\n");
	return 0;
}
