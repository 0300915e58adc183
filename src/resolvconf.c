#include "resolvconf.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "gofer/policy.h"

/* The place `link` names, absolute and clean (a relative link is taken
 * from the link's directory); false when it is no link or cannot be
 * read. */
static bool sr_link_target(const char *link, char *out, size_t size)
{
	char target[PATH_MAX], dir[PATH_MAX];
	ssize_t n = readlink(link, target, sizeof(target) - 1);

	if (n < 0 || !sr_strlcpy(dir, link, sizeof(dir)))
		return false;
	target[n] = '\0';
	*strrchr(dir, '/') = '\0';
	return sr_path_normalize(dir[0] != '\0' ? dir : "/", target, out, size) == 0;
}

/* Does the profile show `path` (neither hidden nor out of the view)? */
static int sr_profile_shows(const struct sr_config *cfg, const char *path, bool *shows, struct sr_error *err)
{
	struct sr_policy policy = { 0 };

	if (sr_policy_build(cfg, &policy, err) < 0) {
		sr_policy_free(&policy);
		return -1;
	}
	enum sr_access access = sr_policy_lookup(&policy, path) & SR_ACCESS_KIND_MASK;
	sr_policy_free(&policy);
	*shows = access == SR_ACCESS_READ_ONLY || access == SR_ACCESS_READ_WRITE;
	return 0;
}

int sr_resolv_conf_show(struct sr_config *cfg, struct sr_mount_plan *plan, struct sr_error *err)
{
	char target[PATH_MAX];
	bool shows;

	if (!sr_config_net_reaches_host(cfg) || !sr_link_target(SR_RESOLV_CONF, target, sizeof(target)))
		return 0;
	/* The host's file, at its own place: a root= or a bind from
	 * elsewhere shows another /etc, whose links are its own. */
	const struct sr_plan_entry *holder = sr_mount_plan_holder(plan, SR_RESOLV_CONF);
	if (holder == NULL || holder->kind != SR_PLAN_BIND || strcmp(holder->source, holder->dest) != 0)
		return 0;
	if (sr_profile_shows(cfg, SR_RESOLV_CONF, &shows, err) < 0)
		return -1;
	/* Hidden by the profile; or the target's place is a host
	 * directory, which shows it already or shows another in its place,
	 * a bind the profile chose: nothing to add. */
	if (!shows || sr_mount_plan_is_host(plan, target))
		return 0;
	if (sr_mount_plan_add(plan, SR_PLAN_BIND, target, target, false, true, err) < 0 ||
	    sr_config_add_mount(cfg, SR_MOUNT_RO, target, target, true, err) < 0)
		return sr_error_wrap(err, "%s", SR_RESOLV_CONF);
	sr_mount_plan_sort(plan);
	return 0;
}
