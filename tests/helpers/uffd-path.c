/* uffd-path: path and address arguments that lie in a page registered
 * with a userfaultfd (UFFD_USER_MODE_ONLY, as an unprivileged program
 * may) that nobody ever resolves.  A fault of the program's own code
 * there waits for good; the kernel's copy of a syscall argument (and the
 * Sentry's process_vm_readv of it) must fail with EFAULT instead, not
 * hang.  First the trap is shown armed: a thread that reads the page
 * waits until the page is resolved.  Then one line a call, "NAME: ERRNO"
 * or "NAME: ok", and "still served" when an ordinary open works after. */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define PAGE 4096

static const char *errno_name(int e)
{
	switch (e) {
	case EFAULT: return "EFAULT";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	default: return strerror(e);
	}
}

static void show(const char *name, long rc)
{
	printf("%s: %s\n", name, rc < 0 ? errno_name(errno) : "ok");
	fflush(stdout);
}

static void *touch(void *arg)
{
	return (void *)(long)*(volatile char *)arg;
}

int main(void)
{
	int uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY);
	struct uffdio_api api = { .api = UFFD_API };
	char *area = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api) < 0 || area == MAP_FAILED) {
		perror("uffd-path: userfaultfd");
		return 2;
	}
	/* The trap: the middle page, and a spare one for the armed check. */
	char *trap = area + PAGE;
	char *spare = area + 2 * PAGE;
	struct uffdio_register reg = {
		.range = { .start = (unsigned long)trap, .len = 2 * PAGE },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	if (ioctl(uffd, UFFDIO_REGISTER, &reg) < 0) {
		perror("uffd-path: UFFDIO_REGISTER");
		return 2;
	}

	pthread_t t;
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };
	struct uffd_msg msg;
	pthread_create(&t, NULL, touch, spare);
	if (poll(&pfd, 1, 10000) == 1 && read(uffd, &msg, sizeof(msg)) == sizeof(msg) &&
	    msg.event == UFFD_EVENT_PAGEFAULT) {
		struct uffdio_zeropage zero = { .range = { .start = (unsigned long)spare, .len = PAGE } };
		ioctl(uffd, UFFDIO_ZEROPAGE, &zero);
		pthread_join(t, NULL);
		printf("trap armed: a read of the page waited for it\n");
	} else {
		printf("trap not armed\n");
		return 1;
	}

	struct stat st;
	show("open", open(trap, O_RDONLY));
	show("stat", stat(trap, &st));
	show("mkdir", mkdir(trap, 0755));
	/* A path that starts in an ordinary page and runs into the trap. */
	memset(area, 'a', PAGE);
	memcpy(trap - 5, "/etc", 4);
	show("open across", open(trap - 5, O_RDONLY));
	char *argv[] = { trap, NULL };
	show("execve", execve(trap, argv, argv));
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect", connect(s, (struct sockaddr *)trap, sizeof(struct sockaddr_un)));
	int fd = open("/etc/hostname", O_RDONLY);
	if (fd >= 0)
		printf("still served\n");
	return 0;
}
