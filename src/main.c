#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launcher.h"
#include "mountplan.h"
#include "options.h"
#include "sandbox.h"

/* The system view of DESIGN §5. */
static int sr_default_config(struct sr_config *cfg, struct sr_error *err)
{
	static const char *const ro[] = { "/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc" };
	static const char *const ro_try[] = { "/lib32", "/libx32", "/opt" };
	static const char *const hide[] = { "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-",
					    "/etc/sudoers", "/etc/sudoers.d", "/etc/ssh/ssh_host_*_key" };
	static const char *const tmpfs[] = { "/tmp", "/var/tmp", "/dev/shm" };

	sr_config_init(cfg);
	for (size_t i = 0; i < SR_ARRAY_SIZE(ro); i++)
		if (sr_config_add_mount(cfg, SR_MOUNT_RO, ro[i], ro[i], false, err) < 0)
			return -1;
	for (size_t i = 0; i < SR_ARRAY_SIZE(ro_try); i++)
		if (sr_config_add_mount(cfg, SR_MOUNT_RO, ro_try[i], ro_try[i], true, err) < 0)
			return -1;
	for (size_t i = 0; i < SR_ARRAY_SIZE(hide); i++)
		if (sr_strlist_add(&cfg->hide, hide[i], err) < 0)
			return -1;
	for (size_t i = 0; i < SR_ARRAY_SIZE(tmpfs); i++)
		if (sr_config_add_mount(cfg, SR_MOUNT_TMPFS, NULL, tmpfs[i], false, err) < 0)
			return -1;
	return 0;
}

int main(int argc, char *argv[])
{
	struct sr_error err = { 0 };
	struct sr_options opts;
	struct sr_config cfg;
	struct sr_mount_plan plan;
	char cwd[PATH_MAX];
	int status;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		strcpy(cwd, "/");
	if (sr_options_parse(argc, argv, cwd, &opts, &err) < 0) {
		sr_print_error(&err);
		sr_options_free(&opts);
		return SR_EXIT_FAILURE;
	}
	sr_log_level = opts.verbosity;
	if (opts.action == SR_ACTION_HELP) {
		sr_options_usage(stdout);
		sr_options_free(&opts);
		return 0;
	}
	if (opts.action == SR_ACTION_VERSION) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		sr_options_free(&opts);
		return 0;
	}
	if (sr_default_config(&cfg, &err) < 0 || sr_options_apply(&opts, &cfg, &err) < 0 ||
	    sr_mount_plan_build(&cfg, cwd, &plan, &err) < 0) {
		sr_print_error(&err);
		sr_config_free(&cfg);
		sr_options_free(&opts);
		return SR_EXIT_FAILURE;
	}
	if (sr_sandbox_resolve_plan(&plan, &err) < 0) {
		sr_print_error(&err);
		status = SR_EXIT_FAILURE;
	} else {
		status = sr_launch(&cfg, &plan, opts.program, cwd);
	}
	sr_mount_plan_free(&plan);
	sr_config_free(&cfg);
	sr_options_free(&opts);
	return status;
}
