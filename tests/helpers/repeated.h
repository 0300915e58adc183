/* A string of n copies of c, for the over-long names and paths the
 * helpers throw at the sandbox; exit status 2 when memory runs out. */
#ifndef SR_TEST_REPEATED_H
#define SR_TEST_REPEATED_H

#include <stdlib.h>
#include <string.h>

static inline char *repeated(char c, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		exit(2);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

#endif
