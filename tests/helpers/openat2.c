/* openat2 DIR PATH [RESOLVE...]: openat2(2) of PATH from an O_PATH fd
 * on DIR, read-only, with the named RESOLVE_* flags (no-xdev,
 * no-magiclinks, no-symlinks, beneath, in-root); prints "opened" or the
 * errno's name, so that a test compares the sandbox's answer with the
 * kernel's for the same tree. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	const char *name;
	unsigned long long flag;
} resolve_names[] = {
	{ "no-xdev", RESOLVE_NO_XDEV },
	{ "no-magiclinks", RESOLVE_NO_MAGICLINKS },
	{ "no-symlinks", RESOLVE_NO_SYMLINKS },
	{ "beneath", RESOLVE_BENEATH },
	{ "in-root", RESOLVE_IN_ROOT },
};

int main(int argc, char **argv)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC };

	if (argc < 3) {
		fprintf(stderr, "usage: openat2 DIR PATH [RESOLVE...]\n");
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		size_t k = 0;
		while (k < sizeof(resolve_names) / sizeof(resolve_names[0]) &&
		       strcmp(argv[i], resolve_names[k].name) != 0)
			k++;
		if (k == sizeof(resolve_names) / sizeof(resolve_names[0])) {
			fprintf(stderr, "openat2: unknown resolve flag %s\n", argv[i]);
			return 2;
		}
		how.resolve |= resolve_names[k].flag;
	}
	int dir = open(argv[1], O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		printf("%s: %s\n", argv[1], strerrorname_np(errno));
		return 1;
	}
	long fd = syscall(SYS_openat2, dir, argv[2], &how, sizeof(how));
	printf("%s\n", fd >= 0 ? "opened" : strerrorname_np(errno));
	return 0;
}
