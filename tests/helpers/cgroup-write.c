/* Writes to a cgroup directory, for tests/integration/limits.sh.
 *
 *   cgroup-write DIR...
 *     for each DIR and each file in it: an open for writing, and a
 *     read-only open reopened for writing through /proc/self/fd; then
 *     our pid written to DIR's cgroup.procs (a move), a child cgroup
 *     made (removed again), DIR's mode changed (put back), and DIR
 *     remounted read-write.  Prints how many of each went through:
 *     where the cgroup is shown read-only, 0 each. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long opened = 0, reopened = 0, moved = 0, made = 0, chmodded = 0, remounted = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: cgroup-write DIR...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		char path[PATH_MAX], link[64];
		struct dirent *de;
		struct stat st;
		DIR *dir = opendir(argv[i]);

		if (dir == NULL) {
			perror(argv[i]);
			return 2;
		}
		while ((de = readdir(dir)) != NULL) {
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
				continue;
			int fd = open(path, O_WRONLY | O_CLOEXEC);
			if (fd >= 0) {
				opened++;
				close(fd);
			}
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
			int w = open(link, O_WRONLY | O_CLOEXEC);
			if (w >= 0) {
				reopened++;
				close(w);
			}
			close(fd);
		}
		closedir(dir);
		snprintf(path, sizeof(path), "%s/cgroup.procs", argv[i]);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			char pid[32];
			int n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
			moved += write(fd, pid, (size_t)n) == n;
			close(fd);
		}
		snprintf(path, sizeof(path), "%s/sr-cgroup-write", argv[i]);
		if (mkdir(path, 0755) == 0) {
			made++;
			rmdir(path);
		}
		if (stat(argv[i], &st) == 0 && chmod(argv[i], 0777) == 0) {
			chmodded++;
			chmod(argv[i], st.st_mode & 07777);
		}
		remounted += mount(NULL, argv[i], NULL, MS_REMOUNT | MS_BIND, NULL) == 0;
	}
	printf("opened=%ld reopened=%ld moved=%ld made=%ld chmod=%ld remounted=%ld\n", opened, reopened, moved,
	       made, chmodded, remounted);
	return 0;
}
