/* What a sandbox is: the one description that the built-in default, a
 * profile file and the command line all build, in that order, and that
 * the launcher, init, the Sentry and the Gofer read.  Owned memory is
 * released with sr_config_free. */
#ifndef SENTRY_RUN_CONFIG_H
#define SENTRY_RUN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netlink.h"
#include "util.h"

/* A mount's origin, truncated beyond: a profile's path, line and key. */
#define SR_MOUNT_ORIGIN_MAX 256

enum sr_mount_kind {
	SR_MOUNT_RO,       /* bind a host path read-only */
	SR_MOUNT_RW,       /* bind a host path read-write */
	SR_MOUNT_TMPFS,    /* a private, empty tmpfs */
	SR_MOUNT_OVERLAY,  /* a host path read-only with writes kept in memory */
};

struct sr_mount_spec {
	enum sr_mount_kind kind;
	char *source;      /* absolute host path; NULL for tmpfs */
	char *dest;        /* absolute path inside the sandbox */
	bool optional;     /* a missing source is skipped, not an error */
	/* Where it was asked for, for messages: "web.ini:12: ro=/srv" or
	 * "--ro /srv"; empty when sentry-run added it itself. */
	char origin[SR_MOUNT_ORIGIN_MAX];
};

enum sr_net_mode { SR_NET_LOOPBACK = 0, SR_NET_NONE, SR_NET_HOST, SR_NET_VETH };
enum sr_pty_mode { SR_PTY_AUTO = 0, SR_PTY_ALWAYS, SR_PTY_NEVER };
/* Who answers stat, access and readlink by path (metadata=). */
enum sr_metadata_mode { SR_METADATA_GOFER = 0, SR_METADATA_KERNEL };
/* When the sandbox ends: with PROGRAM's first process, or, for a start
 * command that forks a daemon and exits 0, with its last process. */
enum sr_wait_mode { SR_WAIT_PROGRAM = 0, SR_WAIT_ALL };

/* The spellings of the modes above, indexed by them: a profile's keys,
 * the options and --print-profile all use these. */
extern const char *const sr_net_mode_names[SR_NET_VETH + 1];
extern const char *const sr_pty_mode_names[SR_PTY_NEVER + 1];
extern const char *const sr_metadata_mode_names[SR_METADATA_KERNEL + 1];
extern const char *const sr_wait_mode_names[SR_WAIT_ALL + 1];
/* What happens when a [limits] cgroup limit cannot be enforced by a
 * cgroup: rlimits that come near it, with a warning, or exit 125. */
enum sr_limits_enforce { SR_ENFORCE_BEST_EFFORT = 0, SR_ENFORCE_REQUIRE };
enum sr_seccomp_default { SR_DEFAULT_ERRNO = 0, SR_DEFAULT_KILL, SR_DEFAULT_LOG };

struct sr_strlist {
	char **items;
	size_t len;
	size_t cap;
};

/* An rlimit a profile may set: RLIM_INFINITY is SR_RLIM_UNLIMITED, and
 * 0 is a real limit (core=0), hence the separate flag. */
#define SR_RLIM_UNLIMITED UINT64_MAX
struct sr_rlimit_spec {
	bool set;
	uint64_t value;
};

#define SR_PASS_FDS_MAX 32

/* The sandbox's host name when neither the profile nor --hostname names one. */
#define SR_DEFAULT_HOSTNAME "sentry-run"

struct sr_config {
	/* [sandbox] */
	char *hostname;            /* NULL: SR_DEFAULT_HOSTNAME */
	char *cwd;                 /* NULL: the caller's cwd when visible, else / */
	struct sr_strlist env;     /* K=V set for PROGRAM, in order */
	bool clearenv;
	enum sr_pty_mode pty;
	enum sr_wait_mode wait;
	bool allow_sethostname;
	int64_t uid, gid;          /* PROGRAM's inside, mapped to the caller's; -1: the caller's own */

	/* [filesystem] */
	char *root;                /* NULL: a tmpfs holding the mounts; DIR: DIR, read-only */
	char root_origin[SR_MOUNT_ORIGIN_MAX];  /* where root= was set, as a mount's origin */
	bool bind_cwd;             /* bind the caller's cwd read-only */
	bool cwd_writable;         /* with bind_cwd: bind it read-write instead */
	struct sr_mount_spec *mounts;  /* in order, parents before children */
	size_t nmounts;
	size_t mounts_cap;
	struct sr_strlist hide;    /* absolute paths or fnmatch(3) patterns */
	struct sr_strlist noexec;  /* absolute paths */
	enum sr_metadata_mode metadata;

	/* [network] */
	enum sr_net_mode net;
	struct sr_strlist net_allow;    /* allow=: allowlist.h specs (host and veth modes) */
	struct sr_strlist net_bind;     /* bind=: allowlist.h specs (host and veth modes) */
	struct sr_strlist net_sockets;  /* socket=: packet, raw, netlink beyond the default */

	/* [limits]: 0 means "not limited" unless said otherwise. */
	uint64_t memory_max;       /* bytes (cgroup memory.max) */
	uint64_t pids_max;         /* tasks (cgroup pids.max) */
	unsigned cpu_percent;      /* 100 is one whole CPU (cgroup cpu.max) */
	struct sr_rlimit_spec nofile;  /* RLIMIT_NOFILE, a count */
	struct sr_rlimit_spec fsize;   /* RLIMIT_FSIZE, bytes */
	struct sr_rlimit_spec core;    /* RLIMIT_CORE, bytes */
	uint64_t timeout_ms;       /* run time before the sandbox is stopped */
	uint64_t kill_after_ms;    /* SIGTERM to SIGKILL grace; 0: the launcher's */
	enum sr_limits_enforce limits_enforce;

	/* [syscalls] */
	struct sr_strlist syscall_allow;
	struct sr_strlist syscall_deny;
	enum sr_seccomp_default default_action;

	/* [log] */
	char *strace_path;         /* NULL: off; "-" or "": stderr */
	bool strace;
	struct sr_strlist strace_only;  /* --strace-syscalls */
	enum sr_log_level log_level;    /* -q and -v override it */
	char *events_path;         /* NULL: none; PATH or unix:PATH */

	/* Command line only. */
	int pass_fds[SR_PASS_FDS_MAX];
	size_t npass_fds;
	bool stats;                /* --stats: every call through the Sentry, counted */
	/* --ssh: when sshd's process for the session is gone (the client
	 * disconnected; the reader of fd 1 where that process cannot be
	 * told), hang the sandbox up: SIGHUP, then SIGKILL after the grace. */
	bool stop_on_hangup;
	/* --ssh: the user whose login shell PROGRAM is, for init's message
	 * when the profile does not show it.  NULL otherwise. */
	char *login_shell_of;
	/* --ssh: as sshd does without a pty, PROGRAM's end waits until no
	 * process of the sandbox holds its standard output or error. */
	bool wait_for_output;

	/* Set by the launcher once the sandbox's network exists, never by a
	 * profile (so not part of a round trip): with mode=veth, the pair's
	 * addresses and the namespace's cookie, which the Sentry's
	 * allowlist needs (allowlist.c, sentry/net.c). */
	struct sr_veth veth;
	/* Set by the launcher before the sandbox starts, never by a profile:
	 * with mode=loopback or none, the network namespaces (SO_NETNS_COOKIE)
	 * of the TCP and UDP sockets passed in (fds 0-2 among them), which are
	 * the host's or another's.  Such a socket would connect or send
	 * there, so the Sentry refuses it every destination (sentry/net.c). */
	uint64_t foreign_netns[SR_PASS_FDS_MAX + 3];
	size_t nforeign_netns;
};

/* Whether every allowed call is notified too (--strace, --stats). */
static inline bool sr_config_notify_all(const struct sr_config *cfg)
{
	return cfg->strace || cfg->stats;
}

/* Whether the sandbox's own network reaches beyond it: the host's
 * network, or a veth pair, whose default route reaches every address of
 * the host (the host routes by destination, not by interface).  Then
 * the allowlist applies. */
static inline bool sr_config_net_reaches_host(const struct sr_config *cfg)
{
	return cfg->net == SR_NET_HOST || cfg->net == SR_NET_VETH;
}

/* Whether connect, bind and the sends with an address are emulated by
 * the Sentry and held to the allowlist: where the network reaches the
 * host, and where a socket passed in does (foreign_netns). */
static inline bool sr_config_net_emulated(const struct sr_config *cfg)
{
	return sr_config_net_reaches_host(cfg) || cfg->nforeign_netns > 0;
}

void sr_config_init(struct sr_config *cfg);
void sr_config_free(struct sr_config *cfg);
/* Field by field, capacities aside: what a round trip must preserve. */
bool sr_config_equal(const struct sr_config *a, const struct sr_config *b);

int sr_strlist_add(struct sr_strlist *l, const char *s, struct sr_error *err);
void sr_strlist_free(struct sr_strlist *l);
bool sr_strlist_contains(const struct sr_strlist *l, const char *s);

int sr_config_add_mount(struct sr_config *cfg, enum sr_mount_kind kind,
			const char *source, const char *dest, bool optional,
			struct sr_error *err);
/* Says where the mount added last was asked for (its origin). */
__attribute__((format(printf, 2, 3)))
void sr_config_mount_origin(struct sr_config *cfg, const char *fmt, ...);
/* The profile key that asks for such a mount ("ro", "rw-try", ...), or
 * NULL when none does (an optional tmpfs). */
const char *sr_mount_key(enum sr_mount_kind kind, bool optional);
/* Set *slot to a copy of value (replacing what was there). */
int sr_config_set_string(char **slot, const char *value, struct sr_error *err);

#endif
