#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "value.h"

/* cpu=100% is a quota of one period per period. */
#define CPU_PERIOD_US 100000
#define CPU_QUOTA_US_PER_PERCENT (CPU_PERIOD_US / 100)
/* A line of /proc/self/mountinfo or /proc/self/cgroup. */
#define PROC_LINE_MAX 4096
/* cgroup.procs is read in pieces; a pid is at most 7 digits and a newline. */
#define PROCS_READ_MAX 4096
/* After init is reaped the pid namespace is empty, but tasks leave the
 * cgroup a moment later: retry rmdir (EBUSY) this often, this long. */
#define RMDIR_TRIES 200
#define RMDIR_WAIT_NS 5000000L
/* Rounds of "list the pids, kill them" before giving up on v1. */
#define KILL_ROUNDS 20
#define OOM_KILL_KEY "oom_kill "
/* Our cgroups are named PREFIX<pid>, and in v2 a leaf holding sentry-run
 * itself PREFIX<pid>SUFFIX. */
#define SR_CGROUP_PREFIX "sentry-run-"
#define SR_CGROUP_SUPERVISOR_SUFFIX ".supervisor"

static const char *const controller_names[SR_CGROUP_NCONTROLLERS] = {
	[SR_CGROUP_MEMORY] = "memory", [SR_CGROUP_PIDS] = "pids", [SR_CGROUP_CPU] = "cpu",
	[SR_CGROUP_CPUACCT] = "cpuacct", [SR_CGROUP_CPUSET] = "cpuset",
};
/* Where PROGRAM finds its cgroup, as in a container. */
#define SR_CGROUP_SHOWN_AT "/sys/fs/cgroup"

/* The kernel's files cgroup.c reads and changes, reached through this
 * table alone: tests/check_cgroup.c compiles this file in and points it
 * at a fake tree that keeps the kernel's rules, so that the v2 code runs
 * on a host without v2.  Nothing else changes it. */
struct cgroup_kernel {
	const char *mountinfo;   /* /proc/self/mountinfo */
	const char *own_cgroups; /* /proc/self/cgroup */
	int (*mkdir)(const char *path, mode_t mode);
	int (*rmdir)(const char *path);
	int (*access)(const char *path, int mode);
	int (*write)(const char *path, const char *data, struct sr_error *err);
};

static const struct cgroup_kernel host_kernel = {
	.mountinfo = "/proc/self/mountinfo", .own_cgroups = "/proc/self/cgroup",
	.mkdir = mkdir, .rmdir = rmdir, .access = access, .write = sr_write_file,
};
static const struct cgroup_kernel *kernel = &host_kernel;

/* The file whose presence says a v1 hierarchy really has the controller. */
static const char *const v1_probe_files[SR_CGROUP_NCONTROLLERS] = {
	[SR_CGROUP_MEMORY] = "memory.limit_in_bytes", [SR_CGROUP_PIDS] = "pids.max",
	[SR_CGROUP_CPU] = "cpu.cfs_quota_us", [SR_CGROUP_CPUACCT] = "cpuacct.usage",
	[SR_CGROUP_CPUSET] = "cpuset.cpus",
};

static bool wanted(const struct sr_config *cfg, enum sr_cgroup_controller c)
{
	switch (c) {
	case SR_CGROUP_MEMORY: return cfg->memory_max != 0;
	case SR_CGROUP_PIDS: return cfg->pids_max != 0;
	case SR_CGROUP_CPU: return cfg->cpu_percent != 0;
	case SR_CGROUP_CPUACCT: case SR_CGROUP_CPUSET: case SR_CGROUP_NCONTROLLERS: break;
	}
	return false;
}

/* The controllers cfg sets a limit with, 1 << controller. */
static unsigned wanted_mask(const struct sr_config *cfg)
{
	unsigned mask = 0;

	for (int c = 0; c < SR_CGROUP_NCONTROLLERS; c++)
		if (wanted(cfg, c))
			mask |= 1u << c;
	return mask;
}

/* The JVM reads v1 limits only where the memory, cpu, cpuacct and cpuset
 * hierarchies all show its cgroup (else it takes the host's memory and
 * CPUs): with --memory or --cpu the sandbox has a cgroup in each, without
 * a limit where none is asked, when it can be made. */
static bool v1_shown_unlimited(const struct sr_config *cfg, enum sr_cgroup_controller c)
{
	return (wanted(cfg, SR_CGROUP_MEMORY) || wanted(cfg, SR_CGROUP_CPU)) && c != SR_CGROUP_PIDS;
}

/* Is `word` one of the separated tokens of `list`? */
static bool has_token(const char *list, const char *word, const char *separators)
{
	size_t n = strlen(word);

	for (const char *s = list; *s != '\0';) {
		size_t len = strcspn(s, separators);
		if (len == n && strncmp(s, word, n) == 0)
			return true;
		s += len;
		s += strspn(s, separators);
	}
	return false;
}

static int read_small_file(const char *path, char *buf, size_t size, struct sr_error *err)
{
	sr_cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return sr_fail(err, errno, "%s", path);
	n = sr_read_all(fd, buf, size - 1);
	if (n < 0)
		return sr_fail(err, errno, "%s", path);
	buf[n] = '\0';
	return 0;
}

/* dir/file into path[PATH_MAX]; false when it does not fit. */
static bool join(char *path, const char *dir, const char *file)
{
	int n = snprintf(path, PATH_MAX, "%s/%s", dir, file);

	return n >= 0 && n < PATH_MAX;
}

static int write_value(const char *dir, const char *file, const char *value, struct sr_error *err)
{
	char path[PATH_MAX];

	if (!join(path, dir, file))
		return sr_fail(err, ENAMETOOLONG, "%s/%s", dir, file);
	return kernel->write(path, value, err);
}

static int read_value(const char *dir, const char *file, char *buf, size_t size, struct sr_error *err)
{
	char path[PATH_MAX];

	if (!join(path, dir, file))
		return sr_fail(err, ENAMETOOLONG, "%s/%s", dir, file);
	return read_small_file(path, buf, size, err);
}

/* The mount point of a cgroup hierarchy: cgroup2 (controller NULL) or the
 * v1 hierarchy holding `controller`.  `root` is the path within the
 * hierarchy that is mounted there (not "/" inside a container). */
static int find_mount(const char *controller, char *mountpoint, size_t mpsize, char *root,
		      size_t rootsize, struct sr_error *err)
{
	FILE *f = fopen(kernel->mountinfo, "re");
	char line[PROC_LINE_MAX];
	int found = -1;

	if (f == NULL)
		return sr_fail(err, errno, "%s", kernel->mountinfo);
	while (found < 0 && fgets(line, sizeof(line), f) != NULL) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER */
		char *fields[5], *save = NULL, *dash = strstr(line, " - ");
		char *fstype, *super;
		size_t i;

		if (dash == NULL)
			continue;
		*dash = '\0';
		fstype = strtok_r(dash + 3, " \n", &save);
		(void)strtok_r(NULL, " \n", &save);
		super = strtok_r(NULL, " \n", &save);
		if (fstype == NULL || super == NULL)
			continue;
		if (controller == NULL ? strcmp(fstype, "cgroup2") != 0 :
		    strcmp(fstype, "cgroup") != 0 || !has_token(super, controller, ","))
			continue;
		save = NULL;
		for (i = 0; i < SR_ARRAY_SIZE(fields); i++)
			if ((fields[i] = strtok_r(i == 0 ? line : NULL, " ", &save)) == NULL)
				break;
		/* Escaped names (\040) are not what a cgroup mount looks like. */
		if (i < SR_ARRAY_SIZE(fields) || strchr(fields[3], '\\') || strchr(fields[4], '\\'))
			continue;
		if (sr_strlcpy(mountpoint, fields[4], mpsize) && sr_strlcpy(root, fields[3], rootsize))
			found = 0;
	}
	fclose(f);
	if (found < 0)
		return sr_fail(err, 0, "no %s%s cgroup hierarchy is mounted", controller ? "v1 " : "v2",
			       controller ? controller : "");
	return 0;
}

/* Our cgroup's path within the hierarchy: "0::PATH" for v2, or the v1
 * line listing `controller`. */
static int find_own_path(const char *controller, char *path, size_t size, struct sr_error *err)
{
	FILE *f = fopen(kernel->own_cgroups, "re");
	char line[PROC_LINE_MAX];
	int found = -1;

	if (f == NULL)
		return sr_fail(err, errno, "%s", kernel->own_cgroups);
	while (found < 0 && fgets(line, sizeof(line), f) != NULL) {
		char *first = strchr(line, ':');
		char *second = first ? strchr(first + 1, ':') : NULL;

		if (second == NULL)
			continue;
		*first = *second = '\0';
		second[1 + strcspn(second + 1, "\n")] = '\0';
		if (controller == NULL ? strcmp(line, "0") == 0 && first[1] == '\0' :
		    has_token(first + 1, controller, ","))
			found = sr_strlcpy(path, second + 1, size) ? 0 : -1;
	}
	fclose(f);
	if (found < 0)
		return sr_fail(err, 0, "%s names no %s cgroup", kernel->own_cgroups, controller ? controller : "v2");
	return 0;
}

/* The directory of our own cgroup in a hierarchy. */
static int own_dir(const char *controller, char *dir, size_t size, struct sr_error *err)
{
	char mountpoint[PATH_MAX], root[PATH_MAX], path[PATH_MAX];
	const char *rel = path;

	if (find_mount(controller, mountpoint, sizeof(mountpoint), root, sizeof(root), err) < 0 ||
	    find_own_path(controller, path, sizeof(path), err) < 0)
		return -1;
	if (strcmp(root, "/") != 0) {
		if (!sr_path_is_under(path, root))
			return sr_fail(err, 0, "our %s cgroup %s is outside the mounted %s",
				       controller ? controller : "v2", path, root);
		rel = path + strlen(root);
	}
	if (snprintf(dir, size, "%s%s", mountpoint, strcmp(rel, "/") == 0 ? "" : rel) >= (int)size)
		return sr_fail(err, ENAMETOOLONG, "cgroup path");
	return 0;
}

/* The one of cg's directories that is dir, or NULL. */
static const char *made_by_us(const struct sr_cgroup *cg, const char *dir)
{
	for (size_t i = 0; i < cg->ndirs; i++)
		if (strcmp(cg->dirs[i], dir) == 0)
			return cg->dirs[i];
	return NULL;
}

/* A sentry-run killed with SIGKILL, its janitor (start_janitor) with it,
 * removes nothing: its cgroups stay,
 * empty, and the name of one would refuse the next sentry-run given the
 * same pid (EEXIST), which then fell back to rlimits.  Remove those whose
 * sentry-run is gone (rmdir takes only empty ones).  A pid is judged in
 * our pid namespace: a sentry-run of another one that shares this parent
 * could lose a cgroup it has just made, and then fails to enter it.  Ours
 * of this run are kept: in a v1 hierarchy of two controllers (cpu,cpuacct)
 * the one made for the first is still empty when the second comes. */
static void remove_stale(const struct sr_cgroup *cg, const char *parent)
{
	DIR *d = opendir(parent);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		char *end;
		long pid;

		if (e->d_type != DT_DIR || !sr_has_prefix(e->d_name, SR_CGROUP_PREFIX))
			continue;
		errno = 0;
		pid = strtol(e->d_name + strlen(SR_CGROUP_PREFIX), &end, 10);
		if (errno != 0 || pid <= 0 || pid > INT_MAX ||
		    (*end != '\0' && strcmp(end, SR_CGROUP_SUPERVISOR_SUFFIX) != 0))
			continue;
		if (pid != getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		if (join(path, parent, e->d_name) && made_by_us(cg, path) == NULL && kernel->rmdir(path) == 0)
			sr_debug("removed the cgroup %s of a sentry-run that is gone", path);
	}
	closedir(d);
}

/* The child `name` of parent, in *made; one made already (a hierarchy
 * of two controllers, as v1's cpu,cpuacct) is taken again. */
static int make_child(struct sr_cgroup *cg, const char *parent, const char *name, const char **made,
		      struct sr_error *err)
{
	char dir[PATH_MAX];
	char *copy;

	if (snprintf(dir, sizeof(dir), "%s/%s", parent, name) >= (int)sizeof(dir))
		return sr_fail(err, ENAMETOOLONG, "cgroup path");
	if ((*made = made_by_us(cg, dir)) != NULL)
		return 0;
	if (kernel->mkdir(dir, 0755) < 0)
		return sr_fail(err, errno, "cannot create the cgroup %s", dir);
	copy = strdup(dir);
	if (copy == NULL) {
		kernel->rmdir(dir);
		return sr_fail(err, ENOMEM, "out of memory");
	}
	cg->dirs[cg->ndirs++] = copy;
	*made = copy;
	return 0;
}

static void child_name(char *name, size_t size, const char *suffix)
{
	snprintf(name, size, SR_CGROUP_PREFIX "%d%s", (int)getpid(), suffix);
}

/* v2 forbids processes in a cgroup whose children have domain controllers
 * ("no internal processes"): when enabling them in our own cgroup fails
 * for that reason, move ourselves into a leaf of our own and retry.  The
 * leaf stays while we live (nothing can leave a cgroup for its parent
 * once the parent has controllers); under systemd the unit's cgroup goes
 * with the unit.  When others are in our cgroup too (the shell that ran
 * us), the retry fails as well: we go back, and the leaf goes. */
static int v2_enable_controllers(const char *parent, const char *enable, struct sr_error *err)
{
	char leaf[PATH_MAX], name[64], pid[32];
	struct sr_error back;

	if (write_value(parent, "cgroup.subtree_control", enable, err) == 0)
		return 0;
	if (err->errnum != EBUSY)
		return -1;
	child_name(name, sizeof(name), SR_CGROUP_SUPERVISOR_SUFFIX);
	if (snprintf(leaf, sizeof(leaf), "%s/%s", parent, name) >= (int)sizeof(leaf))
		return sr_fail(err, ENAMETOOLONG, "cgroup path");
	if (kernel->mkdir(leaf, 0755) < 0 && errno != EEXIST)
		return sr_fail(err, errno, "cannot create the cgroup %s", leaf);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (write_value(leaf, "cgroup.procs", pid, err) < 0) {
		kernel->rmdir(leaf);
		return -1;
	}
	if (write_value(parent, "cgroup.subtree_control", enable, err) == 0)
		return 0;
	if (err->errnum == EBUSY)
		sr_fail(err, EBUSY, "the v2 cgroup %s holds other processes than sentry-run, and a cgroup "
			"that gives its children controllers can hold none: run sentry-run as the only process "
			"of a delegated cgroup (systemd-run [--user] --scope -p Delegate=yes sentry-run ...)", parent);
	/* Our cgroup has no controllers for its children still: we can go
	 * back.  Should we not, the next sentry-run removes the leaf. */
	if (write_value(parent, "cgroup.procs", pid, &back) == 0)
		kernel->rmdir(leaf);
	else
		sr_debug("cgroup v2: cannot leave %s: %s", leaf, back.msg);
	return -1;
}

/* The names of the controllers in mask (1 << controller), "a and b". */
static void controller_list(unsigned mask, char *out, size_t size)
{
	out[0] = '\0';
	for (int c = 0; c < SR_CGROUP_NCONTROLLERS; c++) {
		size_t used = strlen(out);
		if (mask & (1u << c))
			snprintf(out + used, size - used, "%s%s", used ? " and " : "", controller_names[c]);
	}
}

/* The reason given for controllers our v2 cgroup does not offer. */
static int v2_missing(struct sr_error *err, const char *parent, unsigned missing)
{
	char list[64];

	controller_list(missing, list, sizeof(list));
	return sr_fail(err, 0, "the v2 cgroup %s has no %s controller%s", parent, list,
		       strchr(list, ' ') != NULL ? "s" : "");
}

/* In *missing, the controllers cfg wants that our cgroup does not offer
 * (its parent does not delegate them: user@.service often gives memory
 * and pids alone), and in err why.  With `partial`, the cgroup is made
 * for the others; without, or when none is offered, those missing are
 * the failure. */
static int v2_create(struct sr_cgroup *cg, const struct sr_config *cfg, bool partial, unsigned *missing,
		     struct sr_error *err)
{
	char parent[PATH_MAX], avail[PROC_LINE_MAX], enabled[PROC_LINE_MAX];
	char enable[64] = "", name[64];
	const char *made;

	*missing = 0;
	if (own_dir(NULL, parent, sizeof(parent), err) < 0)
		return -1;
	if (read_value(parent, "cgroup.controllers", avail, sizeof(avail), err) < 0 ||
	    read_value(parent, "cgroup.subtree_control", enabled, sizeof(enabled), err) < 0)
		return -1;
	for (int c = 0; c < SR_CGROUP_NCONTROLLERS; c++) {
		if (!wanted(cfg, c))
			continue;
		if (!has_token(avail, controller_names[c], " \n")) {
			*missing |= 1u << c;
			continue;
		}
		if (!has_token(enabled, controller_names[c], " \n")) {
			size_t used = strlen(enable);
			snprintf(enable + used, sizeof(enable) - used, "%s+%s", used ? " " : "",
				 controller_names[c]);
		}
	}
	if (*missing != 0 && (!partial || *missing == wanted_mask(cfg)))
		return v2_missing(err, parent, *missing);
	if (kernel->access(parent, W_OK) < 0)
		return sr_fail(err, errno, "the v2 cgroup %s is not delegated to us", parent);
	remove_stale(cg, parent);
	if (enable[0] != '\0' && v2_enable_controllers(parent, enable, err) < 0)
		return -1;
	child_name(name, sizeof(name), "");
	if (make_child(cg, parent, name, &made, err) < 0)
		return -1;
	cg->version = SR_CGROUP_V2;
	for (int c = 0; c < SR_CGROUP_NCONTROLLERS; c++)
		cg->controller_dirs[c] = wanted(cfg, c) && !(*missing & (1u << c)) ? cg->dirs[0] : NULL;
	if (*missing != 0)
		v2_missing(err, parent, *missing);
	return 0;
}

/* A new cpuset cgroup has no CPU and no memory node, and takes no task
 * until it is given its parent's. */
static int v1_copy_cpuset(const char *parent, const char *dir, struct sr_error *err)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	char value[PROC_LINE_MAX];

	for (size_t i = 0; i < SR_ARRAY_SIZE(files); i++)
		if (read_value(parent, files[i], value, sizeof(value), err) < 0 ||
		    write_value(dir, files[i], value, err) < 0)
			return -1;
	return 0;
}

/* The cgroup of a hierarchy without a limit, shown alone: when it
 * cannot be had, PROGRAM finds no v1 limit, as before. */
static void v1_make_unlimited(struct sr_cgroup *cg, enum sr_cgroup_controller c, const char *parent,
			      const char *name)
{
	struct sr_error err;
	size_t ndirs = cg->ndirs;
	const char *made;

	if (make_child(cg, parent, name, &made, &err) == 0 &&
	    (cg->ndirs == ndirs || c != SR_CGROUP_CPUSET || v1_copy_cpuset(parent, made, &err) == 0)) {
		cg->shown_dirs[c] = made;
		return;
	}
	sr_debug("cgroup v1 %s, shown without a limit: %s", controller_names[c], err.msg);
	if (cg->ndirs > ndirs) {
		kernel->rmdir(cg->dirs[--cg->ndirs]);
		free(cg->dirs[cg->ndirs]);
	}
}

static int v1_create(struct sr_cgroup *cg, const struct sr_config *cfg, struct sr_error *err)
{
	char name[64];

	child_name(name, sizeof(name), "");
	cg->version = SR_CGROUP_V1;
	for (int c = 0; c < SR_CGROUP_NCONTROLLERS; c++) {
		char parent[PATH_MAX], probe[PATH_MAX];
		struct sr_error ignored;
		const char *made;

		/* Also where this run makes nothing: a killed run may have. */
		if (!wanted(cfg, c)) {
			if (own_dir(controller_names[c], parent, sizeof(parent), &ignored) == 0) {
				remove_stale(cg, parent);
				if (v1_shown_unlimited(cfg, c))
					v1_make_unlimited(cg, c, parent, name);
			}
			continue;
		}
		if (own_dir(controller_names[c], parent, sizeof(parent), err) < 0)
			return -1;
		remove_stale(cg, parent);
		if (make_child(cg, parent, name, &made, err) < 0)
			return -1;
		if (!join(probe, made, v1_probe_files[c]))
			return sr_fail(err, ENAMETOOLONG, "cgroup path");
		if (kernel->access(probe, W_OK) < 0)
			return sr_fail(err, errno, "%s", probe);
		cg->controller_dirs[c] = cg->shown_dirs[c] = made;
	}
	return 0;
}

/* Write a limit to a file that only some kernels have (swap accounting). */
static int write_optional(const char *dir, const char *file, const char *value, struct sr_error *err)
{
	if (write_value(dir, file, value, err) < 0 && err->errnum != ENOENT)
		return -1;
	return 0;
}

static int set_limits(struct sr_cgroup *cg, const struct sr_config *cfg, struct sr_error *err)
{
	char v[64];
	bool v2 = cg->version == SR_CGROUP_V2;

	/* A controller v2 does not offer has no directory: an rlimit, or
	 * nothing, stands in for it (sr_cgroup_create). */
	if (cg->controller_dirs[SR_CGROUP_MEMORY] != NULL) {
		const char *dir = cg->controller_dirs[SR_CGROUP_MEMORY];
		snprintf(v, sizeof(v), "%llu", (unsigned long long)cfg->memory_max);
		/* No swap beyond the limit; v2 kills the whole sandbox on OOM. */
		if (write_value(dir, v2 ? "memory.max" : "memory.limit_in_bytes", v, err) < 0 ||
		    write_optional(dir, v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes",
				   v2 ? "0" : v, err) < 0 ||
		    (v2 && write_value(dir, "memory.oom.group", "1", err) < 0))
			return -1;
	}
	if (cg->controller_dirs[SR_CGROUP_PIDS] != NULL) {
		snprintf(v, sizeof(v), "%llu", (unsigned long long)cfg->pids_max);
		if (write_value(cg->controller_dirs[SR_CGROUP_PIDS], "pids.max", v, err) < 0)
			return -1;
	}
	if (cg->controller_dirs[SR_CGROUP_CPU] != NULL) {
		const char *dir = cg->controller_dirs[SR_CGROUP_CPU];
		unsigned long quota = (unsigned long)cfg->cpu_percent * CPU_QUOTA_US_PER_PERCENT;
		if (v2) {
			snprintf(v, sizeof(v), "%lu %d", quota, CPU_PERIOD_US);
			if (write_value(dir, "cpu.max", v, err) < 0)
				return -1;
		} else {
			snprintf(v, sizeof(v), "%d", CPU_PERIOD_US);
			if (write_value(dir, "cpu.cfs_period_us", v, err) < 0)
				return -1;
			snprintf(v, sizeof(v), "%lu", quota);
			if (write_value(dir, "cpu.cfs_quota_us", v, err) < 0)
				return -1;
		}
	}
	return 0;
}

/* v1 has no memory.oom.group: the launcher is told of an OOM through an
 * eventfd and kills the sandbox itself. */
static int v1_watch_oom(struct sr_cgroup *cg, struct sr_error *err)
{
	char path[PATH_MAX], line[64];
	sr_cleanup_close int control = -1;

	if (!join(path, cg->controller_dirs[SR_CGROUP_MEMORY], "memory.oom_control"))
		return sr_fail(err, ENAMETOOLONG, "cgroup path");
	control = open(path, O_RDONLY | O_CLOEXEC);
	if (control < 0)
		return sr_fail(err, errno, "%s", path);
	cg->oom_eventfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (cg->oom_eventfd < 0)
		return sr_fail(err, errno, "eventfd");
	snprintf(line, sizeof(line), "%d %d", cg->oom_eventfd, control);
	return write_value(cg->controller_dirs[SR_CGROUP_MEMORY], "cgroup.event_control", line, err);
}

/* No cgroup for the controllers in mask (all that cfg wants, or those
 * v2 does not offer): the nearest rlimits, and a warning saying what
 * holds instead. */
static void fall_back(struct sr_cgroup *cg, const struct sr_config *cfg, unsigned mask,
		      const struct sr_error *why)
{
	char memory[160] = "", pids[224] = "", cpu[32] = "", which[64] = "";

	cg->rlimit_as = mask & (1u << SR_CGROUP_MEMORY) ? cfg->memory_max : 0;
	/* The kernel lets uid 0 (on the host: ours is its mapping) fork
	 * past RLIMIT_NPROC. */
	cg->rlimit_nproc = geteuid() == 0 || !(mask & (1u << SR_CGROUP_PIDS)) ? 0 : cfg->pids_max;
	if (mask != wanted_mask(cfg)) {
		which[0] = ' ';
		controller_list(mask, which + 1, sizeof(which) - 1);
	}
	if (cg->rlimit_as != 0) {
		char size[32];
		sr_format_size(cg->rlimit_as, size, sizeof(size));
		snprintf(memory, sizeof(memory), "; memory: RLIMIT_AS=%s for each process (not their sum, "
			 "nor what they write in a tmpfs)", size);
	}
	/* The Sentry and the Gofer join the sandbox's user namespace as its
	 * uid: their threads, more with more calls served at once, count. */
	if (cg->rlimit_nproc != 0)
		snprintf(pids, sizeof(pids), "; pids: RLIMIT_NPROC=%llu, shared with the Sentry's and the Gofer's "
			 "threads (it counts per uid: within the sandbox's user namespace on Linux 5.14+, across "
			 "the host before)", (unsigned long long)cg->rlimit_nproc);
	else if (mask & (1u << SR_CGROUP_PIDS))
		snprintf(pids, sizeof(pids), "; pids: not limited (RLIMIT_NPROC does not hold uid 0)");
	if (mask & (1u << SR_CGROUP_CPU))
		snprintf(cpu, sizeof(cpu), "; cpu: not limited");
	/* --cpu alone, or root's --pids, has no rlimit in its place. */
	sr_warn("no usable cgroup for [limits]%s (%s): %s%s%s%s; [limits] enforce=require refuses to run this way",
		which, why->msg, cg->rlimit_as != 0 || cg->rlimit_nproc != 0 ? "using rlimits instead" : "no rlimit "
		"stands in", memory, pids, cpu);
}

/* Is a v1 hierarchy of any controller cfg wants mounted?  On a host
 * with v2 alone, v1 fails only for not being there: v2's failure is the
 * reason to give. */
static bool v1_mounted(const struct sr_config *cfg)
{
	for (int c = 0; c < SR_CGROUP_NCONTROLLERS; c++) {
		char mountpoint[PATH_MAX], root[PATH_MAX];
		struct sr_error ignored;

		if (wanted(cfg, c) && find_mount(controller_names[c], mountpoint, sizeof(mountpoint), root,
						 sizeof(root), &ignored) == 0)
			return true;
	}
	return false;
}

static void reset(struct sr_cgroup *cg)
{
	memset(cg, 0, sizeof(*cg));
	cg->oom_eventfd = -1;
	cg->janitor = -1;
}

/* A sentry-run killed with SIGKILL removes nothing: a child of ours
 * outlives us for that.  Once we are gone (our pidfd readable) it kills
 * what is left in the cgroups and removes them; on every other ending
 * sr_cgroup_destroy kills it first.  It holds none of our fds (a pipe
 * to the caller's reader would stay open) and leaves our session, so
 * that the terminal's Ctrl-C or hang-up does not end it with us.  -1
 * when it cannot start: the next sentry-run removes them then. */
static pid_t start_janitor(struct sr_cgroup *cg)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid < 0) {
		sr_warn("cannot start the cgroup janitor (fork: %s): if sentry-run is killed with SIGKILL, "
			"its cgroups stay until the next one", strerror(errno));
		return -1;
	}
	if (pid > 0)
		return pid;
	cg->janitor = -1;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (null < 0 || dup2(null, fd) < 0)
			_exit(SR_EXIT_FAILURE);
	if (sr_close_fds_except(NULL, 0) < 0 || setsid() < 0 ||
	    prctl(PR_SET_NAME, "cgroup-janitor", 0, 0, 0) < 0)
		_exit(SR_EXIT_FAILURE);
	/* Opened after the fork: if we died meanwhile, it is readable, and
	 * if we were reaped too, there is none to open (ESRCH). */
	int pidfd = (int)syscall(SYS_pidfd_open, parent, 0);
	if (pidfd < 0 && errno != ESRCH)
		_exit(SR_EXIT_FAILURE);
	struct pollfd gone = { .fd = pidfd, .events = POLLIN };
	while (pidfd >= 0 && poll(&gone, 1, -1) < 0)
		if (errno != EINTR)
			_exit(SR_EXIT_FAILURE);
	sr_cgroup_destroy(cg);
	_exit(0);
}

int sr_cgroup_create(struct sr_cgroup *cg, const struct sr_config *cfg, struct sr_error *err)
{
	struct sr_error v2_err = { 0 };
	unsigned missing;

	reset(cg);
	if (wanted_mask(cfg) == 0)
		return 0;
	if (v2_create(cg, cfg, false, &missing, &v2_err) < 0) {
		sr_cgroup_destroy(cg);
		if (v1_create(cg, cfg, err) < 0) {
			sr_debug("cgroup v2: %s", v2_err.msg);
			sr_debug("cgroup v1: %s", err->msg);
			sr_cgroup_destroy(cg);
			if (!v1_mounted(cfg))
				*err = v2_err;
			if (cfg->limits_enforce == SR_ENFORCE_REQUIRE) {
				struct sr_error why = *err;
				/* why.msg names the errno already. */
				sr_fail(err, 0, "[limits] enforce=require: no usable cgroup for "
					       "memory, pids or cpu: %s; run sentry-run as root, or in a cgroup "
					       "delegated to its user (a systemd unit with Delegate=yes, or "
					       "systemd-run --user --scope -p Delegate=yes), or drop "
					       "enforce=require to fall back to rlimits", why.msg);
				err->errnum = why.errnum;
				return -1;
			}
			/* v2 offers some of them: a cgroup for those. */
			if (missing == 0 || v2_create(cg, cfg, true, &missing, &v2_err) < 0) {
				sr_cgroup_destroy(cg);
				fall_back(cg, cfg, wanted_mask(cfg), err);
				return 0;
			}
			fall_back(cg, cfg, missing, &v2_err);
		}
	}
	if (set_limits(cg, cfg, err) < 0 ||
	    (cg->version == SR_CGROUP_V1 && cg->controller_dirs[SR_CGROUP_MEMORY] != NULL &&
	     v1_watch_oom(cg, err) < 0)) {
		sr_cgroup_destroy(cg);
		return sr_error_wrap(err, "cgroup");
	}
	sr_debug("cgroup v%d: %s", cg->version == SR_CGROUP_V2 ? 2 : 1, cg->dirs[0]);
	cg->janitor = start_janitor(cg);
	return 0;
}

int sr_cgroup_show(const struct sr_cgroup *cg, struct sr_mount_plan *plan, struct sr_error *err)
{
	char dest[PATH_MAX];

	if (cg->version == SR_CGROUP_NONE || sr_mount_plan_is_host(plan, SR_CGROUP_SHOWN_AT))
		return 0;
	if (cg->version == SR_CGROUP_V2 &&
	    sr_mount_plan_add(plan, SR_PLAN_BIND, cg->dirs[0], SR_CGROUP_SHOWN_AT, false, false, err) < 0)
		return -1;
	for (int c = 0; cg->version == SR_CGROUP_V1 && c < SR_CGROUP_NCONTROLLERS; c++) {
		if (cg->shown_dirs[c] == NULL)
			continue;
		snprintf(dest, sizeof(dest), SR_CGROUP_SHOWN_AT "/%s", controller_names[c]);
		if (sr_mount_plan_add(plan, SR_PLAN_BIND, cg->shown_dirs[c], dest, false, false, err) < 0)
			return -1;
	}
	sr_mount_plan_sort(plan);
	return 0;
}

int sr_cgroup_enter(const struct sr_cgroup *cg, pid_t pid, struct sr_error *err)
{
	char v[32];

	snprintf(v, sizeof(v), "%d", (int)pid);
	for (size_t i = 0; i < cg->ndirs; i++)
		if (write_value(cg->dirs[i], "cgroup.procs", v, err) < 0)
			return sr_error_wrap(err, "cannot put the sandbox in its cgroup");
	return 0;
}

int sr_cgroup_enter_helper(const struct sr_cgroup *cg, pid_t pid, const char *who, unsigned mask,
			   struct sr_error *err)
{
	char v[32];

	if (cg->version != SR_CGROUP_V1)
		return 0;
	snprintf(v, sizeof(v), "%d", (int)pid);
	for (int c = 0; c < SR_CGROUP_NCONTROLLERS; c++)
		if ((mask & (1u << c)) && cg->controller_dirs[c] != NULL &&
		    write_value(cg->controller_dirs[c], "cgroup.procs", v, err) < 0)
			return sr_error_wrap(err, "cannot put the %s in the sandbox's %s cgroup", who,
					     controller_names[c]);
	return 0;
}

int sr_cgroup_oom_fd(const struct sr_cgroup *cg)
{
	return cg->oom_eventfd;
}

void sr_cgroup_note_oom(struct sr_cgroup *cg)
{
	uint64_t count;

	if (read(cg->oom_eventfd, &count, sizeof(count)) == (ssize_t)sizeof(count))
		cg->oom_seen = true;
}

bool sr_cgroup_oom_killed(const struct sr_cgroup *cg)
{
	struct sr_error err;
	char text[PROC_LINE_MAX];
	const char *key;

	if (cg->oom_seen)
		return true;
	if (cg->controller_dirs[SR_CGROUP_MEMORY] == NULL)
		return false;
	/* The same "oom_kill N" line in v2's memory.events and v1's
	 * memory.oom_control (Linux 4.13+). */
	if (read_value(cg->controller_dirs[SR_CGROUP_MEMORY],
		       cg->version == SR_CGROUP_V2 ? "memory.events" : "memory.oom_control", text, sizeof(text),
		       &err) < 0)
		return false;
	for (key = strstr(text, OOM_KILL_KEY); key != NULL; key = strstr(key + 1, OOM_KILL_KEY))
		if (key == text || key[-1] == '\n')
			return strtoull(key + strlen(OOM_KILL_KEY), NULL, 10) > 0;
	return false;
}

/* SIGKILL the tasks listed in dir/cgroup.procs; returns how many were
 * listed.  A pid is pinned with a pidfd and then seen in the list again,
 * so that a pid reused by a process outside the cgroup is never hit. */
static size_t kill_listed(const char *dir)
{
	char path[PATH_MAX], text[PROCS_READ_MAX];
	struct sr_error err;
	size_t listed = 0;

	if (!join(path, dir, "cgroup.procs") || read_small_file(path, text, sizeof(text), &err) < 0)
		return 0;
	for (char *s = text, *end; *s != '\0'; s = end) {
		long pid = strtol(s, &end, 10);
		char again[PROCS_READ_MAX];
		char needle[32];

		if (end == s)
			break;
		end += strspn(end, "\n");
		listed++;
		sr_cleanup_close int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		if (pidfd < 0 || read_small_file(path, again, sizeof(again), &err) < 0)
			continue;
		snprintf(needle, sizeof(needle), "%ld", pid);
		if (has_token(again, needle, "\n"))
			syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	}
	return listed;
}

static void kill_all(const struct sr_cgroup *cg, const char *dir)
{
	struct sr_error err;
	char path[PATH_MAX];

	if (cg->version == SR_CGROUP_V2 && join(path, dir, "cgroup.kill") && kernel->access(path, F_OK) == 0 &&
	    kernel->write(path, "1", &err) == 0)
		return;
	for (int round = 0; round < KILL_ROUNDS && kill_listed(dir) > 0; round++)
		nanosleep(&(struct timespec){ .tv_nsec = RMDIR_WAIT_NS }, NULL);
}

void sr_cgroup_destroy(struct sr_cgroup *cg)
{
	if (cg->janitor > 0) {
		kill(cg->janitor, SIGKILL);
		waitpid(cg->janitor, NULL, 0);
	}
	for (size_t i = cg->ndirs; i-- > 0;) {
		int tries = 0, rc;

		kill_all(cg, cg->dirs[i]);
		while ((rc = kernel->rmdir(cg->dirs[i])) < 0 && errno == EBUSY && ++tries < RMDIR_TRIES)
			nanosleep(&(struct timespec){ .tv_nsec = RMDIR_WAIT_NS }, NULL);
		if (rc < 0 && errno != ENOENT)
			sr_warn("cannot remove the cgroup %s: %s", cg->dirs[i], strerror(errno));
		free(cg->dirs[i]);
	}
	if (cg->oom_eventfd >= 0)
		close(cg->oom_eventfd);
	reset(cg);
}
