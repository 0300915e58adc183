/* Lists the fds this process holds, one per line, from /proc/self/fd
 * (excluding the directory fd used to read it). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	if (d == NULL) {
		perror("opendir /proc/self/fd");
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (atoi(de->d_name) == dirfd(d))
			continue;
		printf("%s\n", de->d_name);
	}
	closedir(d);
	return 0;
}
