/* Unit tests: the sandbox's cgroup (src/cgroup.c) on cgroup trees the
 * test host may not have — v2 delegated to the caller as systemd does it,
 * v1, and the hybrid of v2 holding only hugetlb beside v1.
 *
 * cgroup.c is compiled in, and its `kernel` table pointed at a fake tree
 * in a temporary directory: /proc/self/mountinfo and /proc/self/cgroup
 * are files there, and mkdir, rmdir, access and writes go through a fake
 * kernel that keeps the rules of Documentation/admin-guide/cgroup-v2.rst
 * that sentry-run meets: a new cgroup has the controllers its parent
 * enables in cgroup.subtree_control, and their interface files; a
 * controller can be enabled only when the parent's cgroup.controllers
 * lists it (ENOENT) and, below the root, only in a cgroup without
 * processes (EBUSY); a process can be moved only into a cgroup without
 * controllers enabled for its children (EBUSY); rmdir only removes an
 * empty cgroup without children (EBUSY); cgroup.kill kills them all. */
#include "cgroup.c"

#include <check.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdlib.h>

#define CGROUP_SCOPE "user.slice/user-1000.slice/user@1000.service/app.slice/run-r1.scope"
/* A pid no process can have (above any pid_max). */
#define GONE_PID 2147483647
#define LOG_MAX 16384

static char tmp[PATH_MAX];
static char v2_root[PATH_MAX];
/* memory, pids, cpuset, cpu and cpuacct, each a hierarchy of its own. */
static char v1_roots[5][PATH_MAX];
static size_t nv1;
/* access(W_OK) of this directory fails: a cgroup not delegated to us. */
static char not_delegated[PATH_MAX];
/* Linux before 5.14 has no cgroup.kill. */
static bool with_cgroup_kill;
static bool with_swap_accounting;
/* "path=value" of each write that succeeded, paths below tmp. */
static char write_log[LOG_MAX];

/* out[PATH_MAX], which it must fit. */
static void format(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void format(char *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, PATH_MAX, fmt, ap);
	va_end(ap);
	ck_assert(n >= 0 && n < PATH_MAX);
}

static void path_of(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void path_of(char *out, const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	ck_assert_int_lt(snprintf(out, PATH_MAX, "%s/%s", tmp, rel), PATH_MAX);
}

static void put(const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	format(path, "%s/%s", dir, file);
	f = fopen(path, "we");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

/* dir/file's text without its last newline; "" when missing. */
static const char *get(const char *dir, const char *file)
{
	static char text[PROC_LINE_MAX];
	struct sr_error err;

	if (read_value(dir, file, text, sizeof(text), &err) < 0)
		return "";
	text[strcspn(text, "\n")] = '\0';
	return text;
}

static bool exists(const char *dir, const char *file)
{
	char path[PATH_MAX];

	format(path, "%s/%s", dir, file);
	return access(path, F_OK) == 0;
}

static bool under(const char *path, const char *root)
{
	return root[0] != '\0' && sr_path_is_under(path, root);
}

/* The v1 mount holding path, or NULL. */
static const char *v1_root_of(const char *path)
{
	for (size_t i = 0; i < nv1; i++)
		if (under(path, v1_roots[i]))
			return v1_roots[i];
	return NULL;
}

static void parent_of(char *out, const char *path)
{
	snprintf(out, PATH_MAX, "%s", path);
	*strrchr(out, '/') = '\0';
}

/* The interface files a controller gives each cgroup but the root. */
static void add_v2_files(const char *dir, const char *controller)
{
	if (strcmp(controller, "memory") == 0) {
		put(dir, "memory.max", "max\n");
		if (with_swap_accounting)
			put(dir, "memory.swap.max", "max\n");
		put(dir, "memory.oom.group", "0\n");
		put(dir, "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n");
	} else if (strcmp(controller, "pids") == 0) {
		put(dir, "pids.max", "max\n");
	} else if (strcmp(controller, "cpu") == 0) {
		put(dir, "cpu.max", "max 100000\n");
	}
}

static void add_v1_files(const char *dir, const char *controller)
{
	if (strcmp(controller, "memory") == 0) {
		put(dir, "memory.limit_in_bytes", "9223372036854771712\n");
		if (with_swap_accounting)
			put(dir, "memory.memsw.limit_in_bytes", "9223372036854771712\n");
		put(dir, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
		put(dir, "cgroup.event_control", "");
	} else if (strcmp(controller, "pids") == 0) {
		put(dir, "pids.max", "max\n");
	} else if (strcmp(controller, "cpu") == 0) {
		put(dir, "cpu.cfs_period_us", "100000\n");
		put(dir, "cpu.cfs_quota_us", "-1\n");
	} else if (strcmp(controller, "cpuacct") == 0) {
		put(dir, "cpuacct.usage", "0\n");
	} else if (strcmp(controller, "cpuset") == 0) {
		put(dir, "cpuset.cpus", "\n");
		put(dir, "cpuset.mems", "\n");
	}
}

/* The controllers of a v1 mount: its directory's name ("cpu,cpuacct"). */
static void for_each_v1_controller(const char *root, const char *dir)
{
	char list[PATH_MAX], *save = NULL;

	snprintf(list, sizeof(list), "%s", strrchr(root, '/') + 1);
	for (char *c = strtok_r(list, ",", &save); c != NULL; c = strtok_r(NULL, ",", &save))
		add_v1_files(dir, c);
}

static int fake_mkdir(const char *path, mode_t mode)
{
	char parent[PATH_MAX], controllers[PROC_LINE_MAX], *save = NULL;
	const char *v1 = v1_root_of(path);

	if (mkdir(path, mode) < 0)
		return -1;
	put(path, "cgroup.procs", "");
	if (v1 != NULL) {
		for_each_v1_controller(v1, path);
		return 0;
	}
	parent_of(parent, path);
	snprintf(controllers, sizeof(controllers), "%s", get(parent, "cgroup.subtree_control"));
	put(path, "cgroup.controllers", controllers);
	put(path, "cgroup.subtree_control", "");
	put(path, "cgroup.events", "populated 0\nfrozen 0\n");
	if (with_cgroup_kill)
		put(path, "cgroup.kill", "");
	for (char *c = strtok_r(controllers, " ", &save); c != NULL; c = strtok_r(NULL, " ", &save))
		add_v2_files(path, c);
	return 0;
}

static bool alive(pid_t pid)
{
	/* Ours once killed: a zombie until reaped, which leaves the cgroup. */
	if (waitpid(pid, NULL, WNOHANG) == pid)
		return false;
	return kill(pid, 0) == 0 || errno != ESRCH;
}

/* dir/cgroup.procs, a pid a line, as one line: "12 34". */
static const char *procs_of(const char *dir)
{
	static char text[PROC_LINE_MAX];
	struct sr_error err;
	size_t n;

	if (read_value(dir, "cgroup.procs", text, sizeof(text), &err) < 0)
		return "";
	n = strlen(text);
	if (n > 0 && text[n - 1] == '\n')
		text[n - 1] = '\0';
	for (char *nl = strchr(text, '\n'); nl != NULL; nl = strchr(nl, '\n'))
		*nl = ' ';
	return text;
}

/* Those of dir's processes still alive. */
static const char *live_procs(const char *dir)
{
	static char live[PROC_LINE_MAX];
	char text[PROC_LINE_MAX], *save = NULL;

	snprintf(text, sizeof(text), "%s", procs_of(dir));
	live[0] = '\0';
	for (char *p = strtok_r(text, " ", &save); p != NULL; p = strtok_r(NULL, " ", &save))
		if (alive((pid_t)atoi(p)))
			snprintf(live + strlen(live), sizeof(live) - strlen(live), "%s%s", live[0] ? " " : "", p);
	return live;
}

/* A pid list "12 34" as cgroup.procs has it. */
static void put_procs(const char *dir, const char *list)
{
	char text[PROC_LINE_MAX];

	snprintf(text, sizeof(text), "%s%s", list, list[0] ? "\n" : "");
	for (char *sp = strchr(text, ' '); sp != NULL; sp = strchr(sp, ' '))
		*sp = '\n';
	put(dir, "cgroup.procs", text);
}

static int fake_rmdir(const char *path)
{
	char file[PATH_MAX];
	DIR *d;
	struct dirent *e;

	if (live_procs(path)[0] != '\0') {
		errno = EBUSY;
		return -1;
	}
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_type == DT_DIR && e->d_name[0] != '.') {
			closedir(d);
			errno = EBUSY;
			return -1;
		}
	rewinddir(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_type == DT_REG && join(file, path, e->d_name))
			unlink(file);
	closedir(d);
	return rmdir(path);
}

static int fake_access(const char *path, int mode)
{
	if ((mode & W_OK) && strcmp(path, not_delegated) == 0) {
		errno = EACCES;
		return -1;
	}
	return access(path, mode);
}

static int store(const char *path, const char *data, struct sr_error *err)
{
	sr_cleanup_close int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return sr_fail(err, errno, "cannot open %s", path);
	if (sr_write_all(fd, data, strlen(data)) < 0)
		return sr_fail(err, errno, "cannot write %s", path);
	snprintf(write_log + strlen(write_log), sizeof(write_log) - strlen(write_log), "%s=%s\n",
		 path + strlen(tmp) + 1, data);
	return 0;
}

static void remove_pid_everywhere(const char *dir, const char *pid)
{
	char text[PROC_LINE_MAX], kept[PROC_LINE_MAX] = "", *save = NULL;
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	snprintf(text, sizeof(text), "%s", procs_of(dir));
	for (char *p = strtok_r(text, " ", &save); p != NULL; p = strtok_r(NULL, " ", &save))
		if (strcmp(p, pid) != 0)
			snprintf(kept + strlen(kept), sizeof(kept) - strlen(kept), "%s%s", kept[0] ? " " : "", p);
	put_procs(dir, kept);
	while ((e = readdir(d)) != NULL) {
		char sub[PATH_MAX];
		if (e->d_type == DT_DIR && e->d_name[0] != '.' && join(sub, dir, e->d_name))
			remove_pid_everywhere(sub, pid);
	}
	closedir(d);
}

static const char *const v2_order[] = { "cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc" };

static int write_subtree_control(const char *dir, const char *data, struct sr_error *err)
{
	char request[PROC_LINE_MAX], *save = NULL, enabled[PROC_LINE_MAX] = "";
	const char *now = get(dir, "cgroup.subtree_control");
	bool on[SR_ARRAY_SIZE(v2_order)];
	DIR *d;
	struct dirent *e;

	for (size_t i = 0; i < SR_ARRAY_SIZE(v2_order); i++)
		on[i] = has_token(now, v2_order[i], " ");
	snprintf(request, sizeof(request), "%s", data);
	for (char *t = strtok_r(request, " \n", &save); t != NULL; t = strtok_r(NULL, " \n", &save)) {
		size_t i = 0;
		while (i < SR_ARRAY_SIZE(v2_order) && strcmp(t + 1, v2_order[i]) != 0)
			i++;
		if ((t[0] != '+' && t[0] != '-') || i == SR_ARRAY_SIZE(v2_order))
			return sr_fail(err, EINVAL, "cannot write %s/cgroup.subtree_control", dir);
		if (t[0] == '+' && !has_token(get(dir, "cgroup.controllers"), t + 1, " "))
			return sr_fail(err, ENOENT, "cannot write %s/cgroup.subtree_control", dir);
		on[i] = t[0] == '+';
	}
	if (strcmp(dir, v2_root) != 0 && live_procs(dir)[0] != '\0')
		return sr_fail(err, EBUSY, "cannot write %s/cgroup.subtree_control", dir);
	for (size_t i = 0; i < SR_ARRAY_SIZE(v2_order); i++)
		if (on[i])
			snprintf(enabled + strlen(enabled), sizeof(enabled) - strlen(enabled), "%s%s",
				 enabled[0] ? " " : "", v2_order[i]);
	/* The children get the controllers, and their files. */
	d = opendir(dir);
	while (d != NULL && (e = readdir(d)) != NULL) {
		char sub[PATH_MAX], was[PROC_LINE_MAX], *s2 = NULL;
		if (e->d_type != DT_DIR || e->d_name[0] == '.' || !join(sub, dir, e->d_name))
			continue;
		snprintf(was, sizeof(was), "%s", get(sub, "cgroup.controllers"));
		put(sub, "cgroup.controllers", enabled);
		snprintf(request, sizeof(request), "%s", enabled);
		for (char *c = strtok_r(request, " ", &s2); c != NULL; c = strtok_r(NULL, " ", &s2))
			if (!has_token(was, c, " "))
				add_v2_files(sub, c);
	}
	if (d != NULL)
		closedir(d);
	return store(strcat(strcpy(request, dir), "/cgroup.subtree_control"), enabled, err);
}

static int write_procs(const char *dir, const char *data, struct sr_error *err)
{
	const char *root = v1_root_of(dir);
	char pid[32], list[PROC_LINE_MAX], path[PATH_MAX];

	if (root == NULL && strcmp(dir, v2_root) != 0 && get(dir, "cgroup.subtree_control")[0] != '\0')
		return sr_fail(err, EBUSY, "cannot write %s/cgroup.procs", dir);
	snprintf(pid, sizeof(pid), "%d", atoi(data));
	remove_pid_everywhere(root != NULL ? root : v2_root, pid);
	snprintf(list, sizeof(list), "%s", procs_of(dir));
	snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", list[0] ? " " : "", pid);
	put_procs(dir, list);
	ck_assert(join(path, dir, "cgroup.procs"));
	snprintf(write_log + strlen(write_log), sizeof(write_log) - strlen(write_log), "%s=%s\n",
		 path + strlen(tmp) + 1, data);
	return 0;
}

/* cgroup.kill: every process of dir and below, killed and gone. */
static void kill_below(const char *dir)
{
	char text[PROC_LINE_MAX], *save = NULL;
	DIR *d = opendir(dir);
	struct dirent *e;

	snprintf(text, sizeof(text), "%s", procs_of(dir));
	for (char *p = strtok_r(text, " ", &save); p != NULL; p = strtok_r(NULL, " ", &save)) {
		kill(atoi(p), SIGKILL);
		waitpid(atoi(p), NULL, 0);
	}
	put(dir, "cgroup.procs", "");
	while (d != NULL && (e = readdir(d)) != NULL) {
		char sub[PATH_MAX];
		if (e->d_type == DT_DIR && e->d_name[0] != '.' && join(sub, dir, e->d_name))
			kill_below(sub);
	}
	if (d != NULL)
		closedir(d);
}

static bool valid_limit(const char *file, const char *data)
{
	char *end;
	unsigned long long quota, period;

	if (strcmp(file, "memory.max") == 0 || strcmp(file, "memory.swap.max") == 0 ||
	    strcmp(file, "pids.max") == 0)
		return strcmp(data, "max") == 0 || (strtoull(data, &end, 10), end != data && *end == '\0');
	if (strcmp(file, "cpu.max") == 0) {
		/* "$MAX $PERIOD": the period 1ms..1s, the quota at least 1ms. */
		quota = strtoull(data, &end, 10);
		if (end == data || *end != ' ')
			return false;
		period = strtoull(end + 1, &end, 10);
		return *end == '\0' && period >= 1000 && period <= 1000000 && quota >= 1000;
	}
	return true;
}

static int fake_write(const char *path, const char *data, struct sr_error *err)
{
	char dir[PATH_MAX];
	const char *file = strrchr(path, '/') + 1;

	parent_of(dir, path);
	if (access(path, F_OK) < 0)
		return sr_fail(err, errno, "cannot open %s", path);
	if (strcmp(file, "cgroup.subtree_control") == 0)
		return write_subtree_control(dir, data, err);
	if (strcmp(file, "cgroup.procs") == 0)
		return write_procs(dir, data, err);
	if (strcmp(file, "cgroup.kill") == 0) {
		kill_below(dir);
		return store(path, "", err);
	}
	if (!valid_limit(file, data))
		return sr_fail(err, EINVAL, "cannot write %s", path);
	return store(path, data, err);
}

static const struct cgroup_kernel fake_kernel = {
	.mkdir = fake_mkdir, .rmdir = fake_rmdir, .access = fake_access, .write = fake_write,
};
static struct cgroup_kernel fake;

/* A cgroup made at setup: as mkdir makes it, with `procs` in it. */
static void make_cgroup(char *out, const char *rel, const char *procs)
{
	path_of(out, "%s", rel);
	ck_assert_msg(fake_mkdir(out, 0755) == 0, "%s: %s", out, strerror(errno));
	put_procs(out, procs);
}

static void add_mount(const char *rel, const char *fstype, const char *super)
{
	char path[PATH_MAX], line[PATH_MAX];

	path_of(path, "%s", rel);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	format(line, "40 31 0:38 / %s rw,relatime - %s %s rw%s%s\n", path, fstype, fstype,
		 super[0] ? "," : "", super);
	path_of(path, "mountinfo");
	FILE *f = fopen(path, "ae");
	fputs(line, f);
	fclose(f);
}

static void set_own_cgroups(const char *text)
{
	put(tmp, "cgroup", text);
}

static char mountinfo_path[PATH_MAX], cgroup_path[PATH_MAX];

static void setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/check_cgroup.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	v2_root[0] = not_delegated[0] = write_log[0] = '\0';
	nv1 = 0;
	with_cgroup_kill = with_swap_accounting = true;
	path_of(mountinfo_path, "mountinfo");
	path_of(cgroup_path, "cgroup");
	put(tmp, "mountinfo", "22 1 0:21 / /proc rw - proc proc rw\n");
	fake = fake_kernel;
	fake.mountinfo = mountinfo_path;
	fake.own_cgroups = cgroup_path;
	kernel = &fake;
	sr_log_level = SR_LOG_QUIET;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void teardown(void)
{
	nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	kernel = &host_kernel;
}

/* A cgroup2 root offering `root_controllers`, and the chain systemd makes
 * down to CGROUP_SCOPE, each level enabling `delegated`: the scope, where
 * we are with `others`, is delegated and offers those. */
static void v2_host(const char *root_controllers, const char *delegated, const char *others, char *scope)
{
	char dir[PATH_MAX], rel[PATH_MAX] = "v2", procs[64];
	const char *s = CGROUP_SCOPE;

	add_mount("v2", "cgroup2", "nsdelegate");
	path_of(v2_root, "v2");
	put(v2_root, "cgroup.controllers", root_controllers);
	put(v2_root, "cgroup.subtree_control", delegated);
	put_procs(v2_root, "1");
	while (*s != '\0') {
		size_t n = strcspn(s, "/");
		snprintf(rel + strlen(rel), sizeof(rel) - strlen(rel), "/%.*s", (int)n, s);
		s += n + (s[n] == '/');
		make_cgroup(dir, rel, "");
		if (*s != '\0')
			put(dir, "cgroup.subtree_control", delegated);
	}
	snprintf(procs, sizeof(procs), "%d%s%s", (int)getpid(), others[0] ? " " : "", others);
	put_procs(dir, procs);
	strcpy(scope, dir);
	set_own_cgroups("0::/" CGROUP_SCOPE "\n");
}

static void limits(struct sr_config *cfg, uint64_t memory, uint64_t pids, unsigned cpu)
{
	sr_config_init(cfg);
	cfg->memory_max = memory;
	cfg->pids_max = pids;
	cfg->cpu_percent = cpu;
}

static bool has_child_dirs(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	while (d != NULL && !found && (e = readdir(d)) != NULL)
		found = e->d_type == DT_DIR && e->d_name[0] != '.';
	if (d != NULL)
		closedir(d);
	return found;
}

static pid_t sleeper(void)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pause();
		_exit(0);
	}
	return pid;
}

static void own_name(char *out, const char *dir, const char *suffix)
{
	format(out, "%s/sentry-run-%d%s", dir, (int)getpid(), suffix);
}

START_TEST(test_v2_delegated_scope_gets_a_child_with_the_limits)
{
	char scope[PATH_MAX], child[PATH_MAX], leaf[PATH_MAX], pid[32];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };
	struct sr_mount_plan plan = { 0 };
	pid_t init;

	v2_host("cpuset cpu io memory hugetlb pids rdma misc", "cpu memory pids", "", scope);
	limits(&cfg, 256 << 20, 64, 50);
	ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(cg.version, SR_CGROUP_V2);
	own_name(child, scope, "");
	own_name(leaf, scope, ".supervisor");
	ck_assert_uint_eq(cg.ndirs, 1);
	ck_assert_str_eq(cg.dirs[0], child);
	/* The scope held us: we went into a leaf so that it could enable. */
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	ck_assert_str_eq(procs_of(leaf), pid);
	ck_assert_str_eq(procs_of(scope), "");
	ck_assert_str_eq(get(scope, "cgroup.subtree_control"), "cpu memory pids");
	ck_assert_str_eq(get(child, "memory.max"), "268435456");
	ck_assert_str_eq(get(child, "memory.swap.max"), "0");
	ck_assert_str_eq(get(child, "memory.oom.group"), "1");
	ck_assert_str_eq(get(child, "pids.max"), "64");
	ck_assert_str_eq(get(child, "cpu.max"), "50000 100000");
	ck_assert_int_eq(sr_cgroup_oom_fd(&cg), -1);

	init = sleeper();
	ck_assert_msg(sr_cgroup_enter(&cg, init, &err) == 0, "%s", err.msg);
	snprintf(pid, sizeof(pid), "%d", (int)init);
	ck_assert_str_eq(procs_of(child), pid);
	ck_assert_int_eq(sr_cgroup_enter_helper(&cg, init, "Gofer", ~0u, &err), 0);
	ck_assert_str_eq(procs_of(child), pid);

	ck_assert_int_eq(sr_cgroup_show(&cg, &plan, &err), 0);
	ck_assert_uint_eq(plan.len, 1);
	ck_assert_str_eq(plan.entries[0].source, child);
	ck_assert_str_eq(plan.entries[0].dest, "/sys/fs/cgroup");
	ck_assert(!plan.entries[0].writable);
	sr_mount_plan_free(&plan);

	ck_assert(!sr_cgroup_oom_killed(&cg));
	sr_cgroup_destroy(&cg);
	/* cgroup.kill took init; the cgroup is gone, the leaf stays with us. */
	ck_assert_int_eq(kill(init, 0), -1);
	ck_assert(access(child, F_OK) < 0);
	ck_assert(access(leaf, F_OK) == 0);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_v2_cpu_max_values)
{
	static const struct { unsigned percent; const char *cpu_max; } cases[] = {
		{ 50, "50000 100000" }, { 100, "100000 100000" }, { 250, "250000 100000" }, { 1, "1000 100000" },
	};
	char scope[PATH_MAX], child[PATH_MAX];

	v2_host("cpu memory pids", "cpu memory pids", "", scope);
	own_name(child, scope, "");
	for (size_t i = 0; i < SR_ARRAY_SIZE(cases); i++) {
		struct sr_config cfg;
		struct sr_cgroup cg;
		struct sr_error err = { 0 };

		limits(&cfg, 0, 0, cases[i].percent);
		ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
		ck_assert_int_eq(cg.version, SR_CGROUP_V2);
		ck_assert_str_eq(get(child, "cpu.max"), cases[i].cpu_max);
		/* Only the controllers asked for are enabled. */
		ck_assert(!exists(child, "memory.max"));
		ck_assert(!exists(child, "pids.max"));
		sr_cgroup_destroy(&cg);
		ck_assert(access(child, F_OK) < 0);
		sr_config_free(&cfg);
	}
	/* Only cpu was wanted: only cpu was enabled. */
	ck_assert_str_eq(get(scope, "cgroup.subtree_control"), "cpu");
}
END_TEST

/* A host without systemd: we are in the root cgroup, which may hold
 * processes and has the controllers enabled already. */
START_TEST(test_v2_root_cgroup_with_controllers_enabled)
{
	char child[PATH_MAX], procs[64];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };

	add_mount("v2", "cgroup2", "");
	path_of(v2_root, "v2");
	put(v2_root, "cgroup.controllers", "cpu memory pids");
	put(v2_root, "cgroup.subtree_control", "cpu memory pids");
	snprintf(procs, sizeof(procs), "1 %d", (int)getpid());
	put_procs(v2_root, procs);
	set_own_cgroups("0::/\n");
	limits(&cfg, 1 << 30, 100, 0);
	ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
	own_name(child, v2_root, "");
	ck_assert_str_eq(cg.dirs[0], child);
	ck_assert_str_eq(get(child, "memory.max"), "1073741824");
	ck_assert_str_eq(get(child, "pids.max"), "100");
	/* Nothing written to the root's files, nobody moved. */
	ck_assert_ptr_null(strstr(write_log, "v2/cgroup."));
	ck_assert_str_eq(procs_of(v2_root), procs);
	sr_cgroup_destroy(&cg);
	ck_assert(access(child, F_OK) < 0);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_v2_without_swap_accounting)
{
	char scope[PATH_MAX], child[PATH_MAX];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };

	with_swap_accounting = false;
	v2_host("memory pids", "memory pids", "", scope);
	limits(&cfg, 64 << 20, 0, 0);
	ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
	own_name(child, scope, "");
	ck_assert_str_eq(get(child, "memory.max"), "67108864");
	ck_assert(!exists(child, "memory.swap.max"));
	sr_cgroup_destroy(&cg);
	sr_config_free(&cfg);
}
END_TEST

/* user@.service delegates "memory pids" on many hosts: no cpu. */
START_TEST(test_v2_controller_not_delegated_falls_back)
{
	char scope[PATH_MAX], pid[32];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };

	v2_host("cpu memory pids", "memory pids", "", scope);
	limits(&cfg, 0, 0, 50);
	ck_assert_int_eq(sr_cgroup_create(&cg, &cfg, &err), 0);
	ck_assert_int_eq(cg.version, SR_CGROUP_NONE);
	ck_assert_uint_eq(cg.ndirs, 0);
	/* Nothing changed in the scope, and we are still in it. */
	ck_assert(!has_child_dirs(scope));
	ck_assert_str_eq(get(scope, "cgroup.subtree_control"), "");
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	ck_assert_str_eq(procs_of(scope), pid);
	ck_assert_str_eq(write_log, "");

	cfg.limits_enforce = SR_ENFORCE_REQUIRE;
	ck_assert_int_eq(sr_cgroup_create(&cg, &cfg, &err), -1);
	ck_assert_msg(strstr(err.msg, "has no cpu controller") != NULL, "%s", err.msg);
	ck_assert(!has_child_dirs(scope));
	sr_config_free(&cfg);
}
END_TEST

/* What sr_cgroup_create warns, in *out: stderr to a file meanwhile. */
static int create_warning(struct sr_cgroup *cg, const struct sr_config *cfg, struct sr_error *err, char *out,
			  size_t size)
{
	char path[PATH_MAX];
	int saved = dup(STDERR_FILENO), fd, rc;
	ssize_t n;

	path_of(path, "stderr");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert(saved >= 0 && fd >= 0 && dup2(fd, STDERR_FILENO) == STDERR_FILENO);
	sr_log_level = SR_LOG_WARN;
	rc = sr_cgroup_create(cg, cfg, err);
	sr_log_level = SR_LOG_QUIET;
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fd, out, size - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	return rc;
}

/* user@.service delegates "memory pids" on many hosts: --cpu with
 * --memory and --pids gets those in a cgroup all the same, and a warning
 * for cpu alone; RLIMIT_AS took --memory's place before. */
START_TEST(test_v2_undelegated_controller_leaves_the_others_in_a_cgroup)
{
	char scope[PATH_MAX], child[PATH_MAX], warning[4096];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };

	v2_host("cpu memory pids", "memory pids", "", scope);
	own_name(child, scope, "");
	limits(&cfg, 64 << 20, 32, 50);
	ck_assert_msg(create_warning(&cg, &cfg, &err, warning, sizeof(warning)) == 0, "%s", err.msg);
	ck_assert_int_eq(cg.version, SR_CGROUP_V2);
	ck_assert_str_eq(cg.dirs[0], child);
	ck_assert_str_eq(get(scope, "cgroup.subtree_control"), "memory pids");
	ck_assert_str_eq(get(child, "memory.max"), "67108864");
	ck_assert_str_eq(get(child, "pids.max"), "32");
	ck_assert_ptr_null(cg.controller_dirs[SR_CGROUP_CPU]);
	ck_assert_uint_eq(cg.rlimit_as, 0);
	ck_assert_uint_eq(cg.rlimit_nproc, 0);
	ck_assert_msg(strstr(warning, "no usable cgroup for [limits] cpu (the v2 cgroup ") != NULL &&
		      strstr(warning, "has no cpu controller") != NULL && strstr(warning, "; cpu: not limited") != NULL,
		      "%s", warning);
	ck_assert_msg(strstr(warning, "memory:") == NULL && strstr(warning, "pids:") == NULL, "%s", warning);
	sr_cgroup_destroy(&cg);
	ck_assert(access(child, F_OK) < 0);

	/* Only memory missing: RLIMIT_AS for it, the rest in the cgroup. */
	teardown();
	setup();
	v2_host("cpu memory pids", "cpu pids", "", scope);
	own_name(child, scope, "");
	ck_assert_msg(create_warning(&cg, &cfg, &err, warning, sizeof(warning)) == 0, "%s", err.msg);
	ck_assert_int_eq(cg.version, SR_CGROUP_V2);
	ck_assert_str_eq(get(child, "pids.max"), "32");
	ck_assert_str_eq(get(child, "cpu.max"), "50000 100000");
	ck_assert_uint_eq(cg.rlimit_as, 64 << 20);
	ck_assert_uint_eq(cg.rlimit_nproc, 0);
	ck_assert_msg(strstr(warning, "no usable cgroup for [limits] memory (") != NULL &&
		      strstr(warning, "memory: RLIMIT_AS=64M") != NULL && strstr(warning, "cpu:") == NULL,
		      "%s", warning);
	ck_assert(!sr_cgroup_oom_killed(&cg));
	sr_cgroup_destroy(&cg);

	/* enforce=require: all of them, or none. */
	cfg.limits_enforce = SR_ENFORCE_REQUIRE;
	ck_assert_int_eq(sr_cgroup_create(&cg, &cfg, &err), -1);
	ck_assert_msg(strstr(err.msg, "has no memory controller") != NULL, "%s", err.msg);
	ck_assert(access(child, F_OK) < 0);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_v2_not_delegated_falls_back)
{
	char scope[PATH_MAX];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };

	v2_host("cpu memory pids", "cpu memory pids", "", scope);
	strcpy(not_delegated, scope);
	limits(&cfg, 64 << 20, 32, 0);
	ck_assert_int_eq(sr_cgroup_create(&cg, &cfg, &err), 0);
	ck_assert_int_eq(cg.version, SR_CGROUP_NONE);
	ck_assert_uint_eq(cg.rlimit_as, 64 << 20);
	ck_assert(!has_child_dirs(scope));
	ck_assert_str_eq(write_log, "");
	cfg.limits_enforce = SR_ENFORCE_REQUIRE;
	ck_assert_int_eq(sr_cgroup_create(&cg, &cfg, &err), -1);
	ck_assert_msg(strstr(err.msg, "is not delegated to us") != NULL, "%s", err.msg);
	sr_config_free(&cfg);
}
END_TEST

/* A shell in the delegated scope runs sentry-run: the scope cannot give
 * its children controllers while the shell is in it, whatever we do. */
START_TEST(test_v2_cgroup_with_other_processes)
{
	char scope[PATH_MAX], leaf[PATH_MAX], mine[32], others[32];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };
	pid_t shell = sleeper();

	snprintf(others, sizeof(others), "%d", (int)shell);
	v2_host("cpu memory pids", "cpu memory pids", others, scope);
	limits(&cfg, 64 << 20, 32, 0);
	cfg.limits_enforce = SR_ENFORCE_REQUIRE;
	ck_assert_int_eq(sr_cgroup_create(&cg, &cfg, &err), -1);
	/* We are back where we were, and left nothing behind. */
	own_name(leaf, scope, ".supervisor");
	ck_assert_msg(access(leaf, F_OK) < 0, "%s left behind, holding %s", leaf, procs_of(leaf));
	snprintf(mine, sizeof(mine), "%d", (int)getpid());
	ck_assert_msg(has_token(procs_of(scope), mine, " ") && has_token(procs_of(scope), others, " "), "%s",
		      procs_of(scope));
	ck_assert_str_eq(get(scope, "cgroup.subtree_control"), "");
	/* What to do is said. */
	ck_assert_msg(strstr(err.msg, "other processes") != NULL && strstr(err.msg, "systemd-run") != NULL,
		      "%s", err.msg);
	kill(shell, SIGKILL);
	waitpid(shell, NULL, 0);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_v2_without_cgroup_kill)
{
	char scope[PATH_MAX], child[PATH_MAX];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };
	pid_t init;

	with_cgroup_kill = false;
	v2_host("memory pids", "memory pids", "", scope);
	limits(&cfg, 0, 16, 0);
	ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
	own_name(child, scope, "");
	ck_assert(!exists(child, "cgroup.kill"));
	init = sleeper();
	ck_assert_int_eq(sr_cgroup_enter(&cg, init, &err), 0);
	sr_cgroup_destroy(&cg);
	ck_assert(access(child, F_OK) < 0);
	ck_assert_int_eq(kill(init, 0), -1);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_v2_stale_cgroups_removed)
{
	char scope[PATH_MAX], stale[PATH_MAX], stale_leaf[PATH_MAX], live[PATH_MAX];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };

	v2_host("memory pids", "memory pids", "", scope);
	format(stale, "%s/sentry-run-%d", scope, GONE_PID);
	format(stale_leaf, "%s/sentry-run-%d.supervisor", scope, GONE_PID);
	/* pid 1 lives: its cgroup is kept. */
	format(live, "%s/sentry-run-1", scope);
	ck_assert_int_eq(fake_mkdir(stale, 0755), 0);
	ck_assert_int_eq(fake_mkdir(stale_leaf, 0755), 0);
	ck_assert_int_eq(fake_mkdir(live, 0755), 0);
	limits(&cfg, 0, 16, 0);
	ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
	ck_assert(access(stale, F_OK) < 0);
	ck_assert(access(stale_leaf, F_OK) < 0);
	ck_assert(access(live, F_OK) == 0);
	sr_cgroup_destroy(&cg);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_v2_oom_kill_counted_from_memory_events)
{
	char scope[PATH_MAX], child[PATH_MAX];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };

	v2_host("memory pids", "memory pids", "", scope);
	limits(&cfg, 64 << 20, 0, 0);
	ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
	own_name(child, scope, "");
	put(child, "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 0\noom_group_kill 1\n");
	ck_assert(!sr_cgroup_oom_killed(&cg));
	put(child, "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\noom_group_kill 1\n");
	ck_assert(sr_cgroup_oom_killed(&cg));
	sr_cgroup_destroy(&cg);
	sr_config_free(&cfg);
}
END_TEST

/* v1 hierarchies, `cpu` the name of the one holding cpu: "cpu" beside a
 * "cpuacct" (this test host), or "cpu,cpuacct" (Debian, Fedora, RHEL).
 * We are in user.slice, but for cpuset (at its root). */
static void v1_host(const char *cpu)
{
	const char *mounts[] = { "memory", "pids", "cpuset", cpu, strcmp(cpu, "cpu") == 0 ? "cpuacct" : NULL };
	char dir[PATH_MAX], rel[PATH_MAX], own[PROC_LINE_MAX] = "";

	ck_assert_int_eq(mkdir(strcat(strcpy(dir, tmp), "/v1"), 0755), 0);
	for (size_t i = 0; i < SR_ARRAY_SIZE(mounts) && mounts[i] != NULL; i++) {
		format(rel, "v1/%s", mounts[i]);
		add_mount(rel, "cgroup", mounts[i]);
		ck_assert_uint_lt(nv1, SR_ARRAY_SIZE(v1_roots));
		path_of(v1_roots[nv1++], "%s", rel);
		put_procs(v1_roots[i], "1");
		for_each_v1_controller(v1_roots[i], v1_roots[i]);
		if (strcmp(mounts[i], "cpuset") == 0) {
			put(v1_roots[i], "cpuset.cpus", "0-3\n");
			put(v1_roots[i], "cpuset.mems", "0\n");
		} else {
			make_cgroup(dir, strcat(rel, "/user.slice"), "");
		}
		format(rel, "%zu:%s:%s\n", 9 - i, mounts[i], strcmp(mounts[i], "cpuset") == 0 ? "/" : "/user.slice");
		strcat(own, rel);
	}
	strcat(own, "1:name=systemd:/user.slice/session-1.scope\n0::/user.slice/session-1.scope\n");
	set_own_cgroups(own);
}

START_TEST(test_v1_limits_and_teardown)
{
	char memory[PATH_MAX], pids[PATH_MAX], cpu[PATH_MAX], cpuacct[PATH_MAX], cpuset[PATH_MAX], pid[32];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };
	struct sr_mount_plan plan = { 0 };
	pid_t init;

	v1_host("cpu");
	limits(&cfg, 128 << 20, 50, 150);
	ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(cg.version, SR_CGROUP_V1);
	path_of(memory, "v1/memory/user.slice/sentry-run-%d", (int)getpid());
	path_of(pids, "v1/pids/user.slice/sentry-run-%d", (int)getpid());
	path_of(cpu, "v1/cpu/user.slice/sentry-run-%d", (int)getpid());
	path_of(cpuacct, "v1/cpuacct/user.slice/sentry-run-%d", (int)getpid());
	path_of(cpuset, "v1/cpuset/sentry-run-%d", (int)getpid());
	ck_assert_uint_eq(cg.ndirs, 5);
	ck_assert_str_eq(cg.controller_dirs[SR_CGROUP_CPU], cpu);
	ck_assert_ptr_null(cg.controller_dirs[SR_CGROUP_CPUACCT]);
	ck_assert_str_eq(cg.shown_dirs[SR_CGROUP_CPUACCT], cpuacct);
	ck_assert_str_eq(cg.shown_dirs[SR_CGROUP_CPUSET], cpuset);
	ck_assert_str_eq(get(memory, "memory.limit_in_bytes"), "134217728");
	ck_assert_str_eq(get(memory, "memory.memsw.limit_in_bytes"), "134217728");
	ck_assert_str_eq(get(pids, "pids.max"), "50");
	ck_assert_str_eq(get(cpu, "cpu.cfs_period_us"), "100000");
	ck_assert_str_eq(get(cpu, "cpu.cfs_quota_us"), "150000");
	ck_assert_str_eq(get(cpuset, "cpuset.cpus"), "0-3");
	ck_assert_str_eq(get(cpuset, "cpuset.mems"), "0");
	ck_assert_int_ge(sr_cgroup_oom_fd(&cg), 0);

	ck_assert_int_eq(sr_cgroup_show(&cg, &plan, &err), 0);
	ck_assert_uint_eq(plan.len, 5);
	for (size_t i = 0; i < plan.len; i++)
		ck_assert(sr_has_prefix(plan.entries[i].dest, "/sys/fs/cgroup/") && !plan.entries[i].writable);
	ck_assert_str_eq(sr_mount_plan_holder(&plan, "/sys/fs/cgroup/cpuacct")->source, cpuacct);
	sr_mount_plan_free(&plan);

	init = sleeper();
	ck_assert_int_eq(sr_cgroup_enter(&cg, init, &err), 0);
	snprintf(pid, sizeof(pid), "%d", (int)init);
	ck_assert_str_eq(procs_of(memory), pid);
	ck_assert_str_eq(procs_of(cpuacct), pid);
	ck_assert_str_eq(procs_of(cpuset), pid);
	/* The Gofer: memory and cpu, not pids. */
	ck_assert_int_eq(sr_cgroup_enter_helper(&cg, getpid(), "Gofer",
						(1u << SR_CGROUP_MEMORY) | (1u << SR_CGROUP_CPU), &err), 0);
	snprintf(pid, sizeof(pid), "%d %d", (int)init, (int)getpid());
	ck_assert_str_eq(procs_of(memory), pid);
	ck_assert_str_eq(procs_of(cpu), pid);
	snprintf(pid, sizeof(pid), "%d", (int)init);
	ck_assert_str_eq(procs_of(pids), pid);
	/* Back out, as the Gofer would have exited. */
	put_procs(memory, pid);
	put_procs(cpu, pid);

	sr_cgroup_destroy(&cg);
	ck_assert_int_eq(kill(init, 0), -1);
	ck_assert(access(memory, F_OK) < 0);
	ck_assert(access(pids, F_OK) < 0);
	ck_assert(access(cpu, F_OK) < 0);
	ck_assert(access(cpuacct, F_OK) < 0);
	ck_assert(access(cpuset, F_OK) < 0);
	sr_config_free(&cfg);
}
END_TEST

/* Debian's, Fedora's and RHEL's v1: cpu and cpuacct in one hierarchy,
 * where the cgroup made for one is the other's. */
START_TEST(test_v1_cpu_and_cpuacct_in_one_hierarchy)
{
	static const struct { uint64_t memory; unsigned cpu; } cases[] = { { 0, 50 }, { 64 << 20, 0 } };
	char cpu[PATH_MAX], pid[32];

	v1_host("cpu,cpuacct");
	path_of(cpu, "v1/cpu,cpuacct/user.slice/sentry-run-%d", (int)getpid());
	for (size_t i = 0; i < SR_ARRAY_SIZE(cases); i++) {
		struct sr_config cfg;
		struct sr_cgroup cg;
		struct sr_error err = { 0 };
		pid_t init;

		limits(&cfg, cases[i].memory, 0, cases[i].cpu);
		ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
		ck_assert_int_eq(cg.version, SR_CGROUP_V1);
		ck_assert_msg(access(cpu, F_OK) == 0, "%s removed", cpu);
		ck_assert_str_eq(cg.shown_dirs[SR_CGROUP_CPU], cpu);
		ck_assert_str_eq(cg.shown_dirs[SR_CGROUP_CPUACCT], cpu);
		ck_assert_str_eq(get(cpu, "cpu.cfs_quota_us"), cases[i].cpu ? "50000" : "-1");
		init = sleeper();
		ck_assert_msg(sr_cgroup_enter(&cg, init, &err) == 0, "%s", err.msg);
		snprintf(pid, sizeof(pid), "%d", (int)init);
		ck_assert_str_eq(procs_of(cpu), pid);
		sr_cgroup_destroy(&cg);
		ck_assert(access(cpu, F_OK) < 0);
		sr_config_free(&cfg);
	}
}
END_TEST

/* This test host's layout: the v1 controllers, and a cgroup2 mount
 * beside them holding hugetlb alone. */
START_TEST(test_hybrid_with_hugetlb_only_v2_uses_v1)
{
	char dir[PATH_MAX], pids[PATH_MAX];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };

	v1_host("cpu");
	add_mount("unified", "cgroup2", "");
	path_of(v2_root, "unified");
	put(v2_root, "cgroup.controllers", "hugetlb");
	put(v2_root, "cgroup.subtree_control", "");
	make_cgroup(dir, "unified/user.slice", "");
	set_own_cgroups("9:memory:/user.slice\n8:pids:/user.slice\n7:cpuset:/\n6:cpu:/user.slice\n"
			"5:cpuacct:/user.slice\n0::/user.slice\n");
	limits(&cfg, 0, 20, 0);
	ck_assert_msg(sr_cgroup_create(&cg, &cfg, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(cg.version, SR_CGROUP_V1);
	path_of(pids, "v1/pids/user.slice/sentry-run-%d", (int)getpid());
	ck_assert_str_eq(get(pids, "pids.max"), "20");
	ck_assert(!has_child_dirs(dir));
	ck_assert_ptr_null(strstr(write_log, "unified/"));
	sr_cgroup_destroy(&cg);
	ck_assert(access(pids, F_OK) < 0);
	sr_config_free(&cfg);
}
END_TEST

/* v2 alone, without the controller: the reason given is v2's. */
START_TEST(test_v2_only_host_gives_the_v2_reason)
{
	char scope[PATH_MAX];
	struct sr_config cfg;
	struct sr_cgroup cg;
	struct sr_error err = { 0 };

	v2_host("memory pids", "memory", "", scope);
	limits(&cfg, 0, 20, 0);
	cfg.limits_enforce = SR_ENFORCE_REQUIRE;
	ck_assert_int_eq(sr_cgroup_create(&cg, &cfg, &err), -1);
	ck_assert_msg(strstr(err.msg, "has no pids controller") != NULL, "%s", err.msg);
	sr_config_free(&cfg);
}
END_TEST

static Suite *cgroup_suite(void)
{
	Suite *s = suite_create("cgroup");
	TCase *v2 = tcase_create("v2");
	TCase *v1 = tcase_create("v1");

	tcase_add_checked_fixture(v2, setup, teardown);
	tcase_add_checked_fixture(v1, setup, teardown);
	tcase_add_test(v2, test_v2_delegated_scope_gets_a_child_with_the_limits);
	tcase_add_test(v2, test_v2_cpu_max_values);
	tcase_add_test(v2, test_v2_root_cgroup_with_controllers_enabled);
	tcase_add_test(v2, test_v2_without_swap_accounting);
	tcase_add_test(v2, test_v2_controller_not_delegated_falls_back);
	tcase_add_test(v2, test_v2_undelegated_controller_leaves_the_others_in_a_cgroup);
	tcase_add_test(v2, test_v2_not_delegated_falls_back);
	tcase_add_test(v2, test_v2_cgroup_with_other_processes);
	tcase_add_test(v2, test_v2_without_cgroup_kill);
	tcase_add_test(v2, test_v2_stale_cgroups_removed);
	tcase_add_test(v2, test_v2_oom_kill_counted_from_memory_events);
	tcase_add_test(v2, test_v2_only_host_gives_the_v2_reason);
	tcase_add_test(v1, test_v1_limits_and_teardown);
	tcase_add_test(v1, test_v1_cpu_and_cpuacct_in_one_hierarchy);
	tcase_add_test(v1, test_hybrid_with_hugetlb_only_v2_uses_v1);
	suite_add_tcase(s, v2);
	suite_add_tcase(s, v1);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cgroup_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
