/* Generating the BPF program from the syscall table (DESIGN §2) and
 * loading it with a listener.  Nothing else decides what a syscall does
 * in the kernel: every rule below comes from a row, the profile's
 * [syscalls] section, or one of the argument rule sets of this file. */
#include "sentry/filter.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat.h"
#include "sentry/table.h"

/* libseccomp's optimisation level 2: a binary tree over syscall numbers
 * instead of a linear list. */
#define FILTER_OPTIMIZE_BINARY_TREE 2

/* x86-64's own numbers stay below 512: from 512 on the table is x32's,
 * reached only with bit 30 set and killed as a foreign architecture. */
#define NATIVE_NR_LIMIT 512

/* The most comparisons one argument rule needs. */
#define ARG_RULE_MAX_CMPS 3

/* The kernel reads an int argument from the low 32 bits of the register;
 * a full 64-bit compare would let a program set the high bits and slip
 * past the rule (flatpak's CVE-2019-10063 on TIOCSTI).  Compare under a
 * mask instead. */
#define LOW32_MASK UINT64_C(0xffffffff)
#define LOW32_IS(argn, value) \
	{ .arg = (argn), .op = SCMP_CMP_MASKED_EQ, .datum_a = LOW32_MASK, .datum_b = (value) }
#define HAS_BIT(argn, bit) \
	{ .arg = (argn), .op = SCMP_CMP_MASKED_EQ, .datum_a = (bit), .datum_b = (bit) }
#define MASKED_IS(argn, mask, value) \
	{ .arg = (argn), .op = SCMP_CMP_MASKED_EQ, .datum_a = (mask), .datum_b = (value) }
#define EQUALS(argn, value) \
	{ .arg = (argn), .op = SCMP_CMP_EQ, .datum_a = (value) }
#define ONE(cmp) { .ncmps = 1, .cmps = { cmp } }
#define BOTH(cmp1, cmp2) { .ncmps = 2, .cmps = { cmp1, cmp2 } }
#define ALL3(cmp1, cmp2, cmp3) { .ncmps = 3, .cmps = { cmp1, cmp2, cmp3 } }

/* socket()'s type carries SOCK_NONBLOCK and SOCK_CLOEXEC above the type
 * itself (the kernel's SOCK_TYPE_MASK). */
#define SOCK_TYPE_BITS 0xf
#define SOCK_TYPE_IS(argn, type) \
	{ .arg = (argn), .op = SCMP_CMP_MASKED_EQ, .datum_a = SOCK_TYPE_BITS, .datum_b = (type) }

struct arg_rule {
	unsigned int ncmps;
	struct scmp_arg_cmp cmps[ARG_RULE_MAX_CMPS];   /* all must hold */
};

enum arg_verdict { VERDICT_REFUSE, VERDICT_PASS };

/* The scalar argument rules of one SR_ROW_ARGRULES row: a call matching
 * any rule gets `verdict`, every other call the opposite. */
struct arg_rule_set {
	const char *syscall;
	enum arg_verdict verdict;
	unsigned int catch_all_arg;    /* the argument the "every other call" rule tests */
	const struct arg_rule *rules;
	size_t nrules;
	enum id_kind { IDS_NONE, IDS_UID, IDS_GID } ids;  /* rules built by id_rules instead */
	unsigned int nids;             /* its id arguments, the first ones */
};

/* Each id argument of a set*id call takes no more than 2 values. */
#define ID_RULES_MAX (1u << ARG_RULE_MAX_CMPS)

/* New namespaces would give the program a view the Gofer does not
 * resolve in (DESIGN §3.4), or the means to build one.  CLONE_NEWTIME
 * is absent from clone's list: there the low byte is the exit signal, so
 * only unshare (and clone3, not offered) can ask for a time namespace. */
static const struct arg_rule clone_refused[] = {
	ONE(HAS_BIT(0, CLONE_NEWUSER)), ONE(HAS_BIT(0, CLONE_NEWNS)),
	ONE(HAS_BIT(0, CLONE_NEWPID)), ONE(HAS_BIT(0, CLONE_NEWNET)),
	ONE(HAS_BIT(0, CLONE_NEWUTS)), ONE(HAS_BIT(0, CLONE_NEWIPC)),
	ONE(HAS_BIT(0, CLONE_NEWCGROUP)),
};
static const struct arg_rule unshare_refused[] = {
	ONE(HAS_BIT(0, CLONE_NEWUSER)), ONE(HAS_BIT(0, CLONE_NEWNS)),
	ONE(HAS_BIT(0, CLONE_NEWPID)), ONE(HAS_BIT(0, CLONE_NEWNET)),
	ONE(HAS_BIT(0, CLONE_NEWUTS)), ONE(HAS_BIT(0, CLONE_NEWIPC)),
	ONE(HAS_BIT(0, CLONE_NEWCGROUP)), ONE(HAS_BIT(0, CLONE_NEWTIME)),
};
/* A new process (not a thread) sharing its parent's fd table: the
 * Sentry must know (sentry/fdshare.h). */
static const struct arg_rule clone_notified[] = {
	ONE(MASKED_IS(0, CLONE_FILES | CLONE_THREAD, CLONE_FILES)),
};
/* Typing into a terminal the program shares with its caller; and
 * TIOCSETD, which attaches a line discipline to the program's own
 * terminal (beyond DESIGN §2): with dev.tty.ldisc_autoload, as Debian
 * ships it, any user loads and drives n_gsm, n_hdlc and the like, kernel
 * code that is rarely run and often broken (CVE-2023-6546, n_gsm, and
 * CVE-2017-2636, n_hdlc, both root from an unprivileged user).  The
 * argument is a pointer the filter cannot read, so even N_TTY is
 * refused; only line-discipline tools (ldattach, pppd) ask. */
static const struct arg_rule ioctl_refused[] = {
	ONE(LOW32_IS(1, TIOCSTI)), ONE(LOW32_IS(1, TIOCLINUX)), ONE(LOW32_IS(1, TIOCSETD)),
};
/* A listener of the program's own could CONTINUE what the Sentry means to
 * emulate.  prctl(PR_SET_SECCOMP) cannot ask for a listener: it stays. */
static const struct arg_rule seccomp_refused[] = {
	BOTH(LOW32_IS(0, SECCOMP_SET_MODE_FILTER), HAS_BIT(1, SECCOMP_FILTER_FLAG_NEW_LISTENER)),
};
/* PR_SET_MM rewrites what /proc says of the process (its exe link
 * among them); PR_SET_PTRACER invites a tracer, and ptrace is not
 * offered; raising ambient capabilities would carry the sandbox's
 * namespace capabilities across execve; PR_SET_IO_FLUSHER is for storage
 * daemons.  Options that only restrict the caller (PR_SET_MDWE,
 * PR_SET_SPECULATION_CTRL, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP) stay. */
static const struct arg_rule prctl_refused[] = {
	ONE(LOW32_IS(0, PR_SET_MM)), ONE(LOW32_IS(0, PR_SET_PTRACER)),
	ONE(LOW32_IS(0, PR_SET_IO_FLUSHER)),
	BOTH(LOW32_IS(0, PR_CAP_AMBIENT), EQUALS(1, PR_CAP_AMBIENT_RAISE)),
};
/* pid 1 is the sandbox's init, which only sentry-run signals (kill is
 * refused it in sentry/proc.c): a pidfd of it would reach it with
 * pidfd_send_signal. */
static const struct arg_rule pidfd_open_refused[] = {
	ONE(LOW32_IS(0, 1)),
};
/* The address-space layouts a program may choose for itself (setarch
 * -R, -L, -B, -3): where its own mappings go, nothing more. */
#define PERSONALITY_LAYOUTS (ADDR_NO_RANDOMIZE | ADDR_COMPAT_LAYOUT | ADDR_LIMIT_32BIT | ADDR_LIMIT_3GB)
#define PERSONALITY_IS(value) MASKED_IS(0, LOW32_MASK & ~(uint64_t)PERSONALITY_LAYOUTS, (value))
/* The query, and plain Linux with any of those layouts.
 * READ_IMPLIES_EXEC, MMAP_PAGE_ZERO, UNAME26 (which the Sentry's uname
 * would have to answer), STICKY_TIMEOUTS and the foreign personalities
 * are refused. */
static const struct arg_rule personality_passed[] = {
	ONE(LOW32_IS(0, 0xffffffff)), ONE(PERSONALITY_IS(PER_LINUX)),
};
/* PER_LINUX32 (setarch i686, linux32) is allowed too, but the Sentry
 * must know: uname, which it answers, then says i686 (proc.c). */
static const struct arg_rule personality_notified[] = {
	ONE(PERSONALITY_IS(PER_LINUX32)),
};
/* Sockets: unix ones, TCP and UDP over IPv4 and IPv6, and route
 * netlink (which reads the addresses and routes of the namespace; changing
 * them needs a capability the program lacks).  Raw and packet sockets see
 * or forge any traffic of the namespace, SCTP and MPTCP can reach peers
 * connect() never named, and the other families are kernel surface the
 * program has no business with: refused unless [network] socket= names
 * them (socket_opt_ins). */
static const struct arg_rule socket_passed[] = {
	ONE(LOW32_IS(0, AF_UNIX)),
	ALL3(LOW32_IS(0, AF_INET), SOCK_TYPE_IS(1, SOCK_STREAM), LOW32_IS(2, 0)),
	ALL3(LOW32_IS(0, AF_INET), SOCK_TYPE_IS(1, SOCK_STREAM), LOW32_IS(2, IPPROTO_TCP)),
	ALL3(LOW32_IS(0, AF_INET), SOCK_TYPE_IS(1, SOCK_DGRAM), LOW32_IS(2, 0)),
	ALL3(LOW32_IS(0, AF_INET), SOCK_TYPE_IS(1, SOCK_DGRAM), LOW32_IS(2, IPPROTO_UDP)),
	ALL3(LOW32_IS(0, AF_INET6), SOCK_TYPE_IS(1, SOCK_STREAM), LOW32_IS(2, 0)),
	ALL3(LOW32_IS(0, AF_INET6), SOCK_TYPE_IS(1, SOCK_STREAM), LOW32_IS(2, IPPROTO_TCP)),
	ALL3(LOW32_IS(0, AF_INET6), SOCK_TYPE_IS(1, SOCK_DGRAM), LOW32_IS(2, 0)),
	ALL3(LOW32_IS(0, AF_INET6), SOCK_TYPE_IS(1, SOCK_DGRAM), LOW32_IS(2, IPPROTO_UDP)),
	BOTH(LOW32_IS(0, AF_NETLINK), LOW32_IS(2, NETLINK_ROUTE)),
};
/* socketpair creates both sockets of the family it is given before it
 * asks the family for a pair, loading the family's module if need be:
 * without a rule of its own it would reach every family socket()
 * refuses.  Only unix sockets come in pairs here (TIPC's are kernel
 * surface like the rest), and no [network] socket= family has them. */
static const struct arg_rule socketpair_passed[] = {
	ONE(LOW32_IS(0, AF_UNIX)),
};
static const struct arg_rule socket_packet[] = {
	ONE(LOW32_IS(0, AF_PACKET)),
};
/* Raw IP, and the unprivileged ICMP ("ping") sockets. */
static const struct arg_rule socket_raw[] = {
	BOTH(LOW32_IS(0, AF_INET), SOCK_TYPE_IS(1, SOCK_RAW)),
	BOTH(LOW32_IS(0, AF_INET6), SOCK_TYPE_IS(1, SOCK_RAW)),
	ALL3(LOW32_IS(0, AF_INET), SOCK_TYPE_IS(1, SOCK_DGRAM), LOW32_IS(2, IPPROTO_ICMP)),
	ALL3(LOW32_IS(0, AF_INET6), SOCK_TYPE_IS(1, SOCK_DGRAM), LOW32_IS(2, IPPROTO_ICMPV6)),
};
static const struct arg_rule socket_netlink[] = {
	ONE(LOW32_IS(0, AF_NETLINK)),
};

/* [network] socket=NAME: more of socket() passed. */
static const struct {
	const char *name;
	const struct arg_rule *rules;
	size_t nrules;
} socket_opt_ins[] = {
	{ "packet", socket_packet, SR_ARRAY_SIZE(socket_packet) },
	{ "raw", socket_raw, SR_ARRAY_SIZE(socket_raw) },
	{ "netlink", socket_netlink, SR_ARRAY_SIZE(socket_netlink) },
};

/* An IPv6 routing header sends each packet to its first segment, not to
 * the address connect() or sendto() named and the allowlist checked, and
 * the kernel takes one (a segment routing header, type 4) from any
 * program.  An IPv4 source route (LSRR, SSRR) sends it to the route's
 * first hop: kernels before "ipv4: restrict IPOPT_SSRR and IPOPT_LSRR
 * options" take one from any program too.  The filter cannot read the
 * option, so every IPv4 option is refused (ping -R's record route is
 * the one in common use, on the raw sockets the profile must let in).
 * The same as ancillary data of sendmsg is the Sentry's to refuse
 * (net.c). */
static const struct arg_rule setsockopt_refused[] = {
	BOTH(LOW32_IS(1, SOL_IPV6), LOW32_IS(2, IPV6_RTHDR)),
	BOTH(LOW32_IS(1, SOL_IPV6), LOW32_IS(2, IPV6_2292RTHDR)),
	/* RFC 2292 sticky options, given as control messages: a routing
	 * header among them. */
	BOTH(LOW32_IS(1, SOL_IPV6), LOW32_IS(2, IPV6_2292PKTOPTIONS)),
	/* IPv6 sockets take it too, for v4-mapped peers. */
	BOTH(LOW32_IS(1, SOL_IP), LOW32_IS(2, IP_OPTIONS)),
};
static const struct arg_rule userfaultfd_passed[] = {
	ONE(HAS_BIT(0, UFFD_USER_MODE_ONLY)),
};
/* Emulated rows: the calls on an fd the program holds stay in the
 * kernel, the rest go to the Sentry.  glibc's fstat is newfstatat(fd, "",
 * AT_EMPTY_PATH), far too frequent for a round trip.  BPF cannot see the
 * path: a program passing AT_EMPTY_PATH with a non-empty one gets the
 * kernel's stat of it, bounded by the mount view (DESIGN §3.5), and a
 * stat changes nothing. */
static const struct arg_rule newfstatat_passed[] = {
	ONE(HAS_BIT(3, AT_EMPTY_PATH)),
};
static const struct arg_rule statx_passed[] = {
	ONE(HAS_BIT(2, AT_EMPTY_PATH)),
};
/* futimens(fd, times) is utimensat(fd, NULL, times, 0); with a path and
 * AT_EMPTY_PATH the Sentry hands it back to the kernel. */
static const struct arg_rule utimensat_passed[] = {
	ONE(EQUALS(1, 0)),
};

#define RULE_SET(name, verdict, arg, rules) \
	{ name, verdict, arg, rules, SR_ARRAY_SIZE(rules), IDS_NONE, 0 }
#define ID_RULE_SET(name, kind, nids) \
	{ name, VERDICT_PASS, 0, NULL, 0, kind, nids }

static const struct arg_rule_set arg_rule_sets[] = {
	RULE_SET("clone", VERDICT_REFUSE, 0, clone_refused),
	RULE_SET("ioctl", VERDICT_REFUSE, 1, ioctl_refused),
	RULE_SET("newfstatat", VERDICT_PASS, 3, newfstatat_passed),
	RULE_SET("personality", VERDICT_PASS, 0, personality_passed),
	RULE_SET("pidfd_open", VERDICT_REFUSE, 0, pidfd_open_refused),
	RULE_SET("prctl", VERDICT_REFUSE, 0, prctl_refused),
	RULE_SET("seccomp", VERDICT_REFUSE, 0, seccomp_refused),
	ID_RULE_SET("setgid", IDS_GID, 1),
	ID_RULE_SET("setregid", IDS_GID, 2),
	ID_RULE_SET("setresgid", IDS_GID, 3),
	ID_RULE_SET("setresuid", IDS_UID, 3),
	ID_RULE_SET("setreuid", IDS_UID, 2),
	RULE_SET("setsockopt", VERDICT_REFUSE, 1, setsockopt_refused),
	RULE_SET("socket", VERDICT_PASS, 0, socket_passed),
	RULE_SET("socketpair", VERDICT_PASS, 0, socketpair_passed),
	ID_RULE_SET("setuid", IDS_UID, 1),
	RULE_SET("statx", VERDICT_PASS, 2, statx_passed),
	RULE_SET("unshare", VERDICT_REFUSE, 0, unshare_refused),
	RULE_SET("userfaultfd", VERDICT_PASS, 0, userfaultfd_passed),
	RULE_SET("utimensat", VERDICT_PASS, 1, utimensat_passed),
};

static const struct arg_rule_set *arg_rule_set_of(const char *syscall)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(arg_rule_sets); i++)
		if (strcmp(arg_rule_sets[i].syscall, syscall) == 0)
			return &arg_rule_sets[i];
	return NULL;
}

/* The set*id calls pass when each id is the caller's own or -1
 * ("unchanged"): the program holds no capability, so these are all the
 * kernel would let it take, and the user namespace maps no other, where
 * the kernel checks the map first and says EINVAL for what the bare host
 * refuses with EPERM.  Built from this process's ids: PROGRAM's before
 * its exec for the filter, the Sentry's in the sandbox's user namespace
 * (the same ids) for sr_filter_refusal. */
static size_t id_rules(const struct arg_rule_set *set, struct arg_rule rules[ID_RULES_MAX])
{
	const uint64_t own = set->ids == IDS_UID ? getuid() : getgid();
	const size_t nrules = (size_t)1 << set->nids;

	for (size_t r = 0; r < nrules; r++) {
		rules[r].ncmps = set->nids;
		for (unsigned int i = 0; i < set->nids; i++) {
			const struct scmp_arg_cmp either = LOW32_IS(i, (r >> i) & 1 ? own : LOW32_MASK);
			rules[r].cmps[i] = either;
		}
	}
	return nrules;
}

/* The rules of `set`: its own, or its id rules, built in `buf`. */
static size_t arg_rule_set_rules(const struct arg_rule_set *set, struct arg_rule buf[ID_RULES_MAX],
				 const struct arg_rule **rules)
{
	if (set->ids == IDS_NONE) {
		*rules = set->rules;
		return set->nrules;
	}
	*rules = buf;
	return id_rules(set, buf);
}

/* Whether the kernel's compare `cmp` holds for these argument registers. */
static bool arg_cmp_holds(const struct scmp_arg_cmp *cmp, const __u64 *args)
{
	uint64_t v = args[cmp->arg];

	switch (cmp->op) {
	case SCMP_CMP_MASKED_EQ:
		return (v & cmp->datum_a) == cmp->datum_b;
	case SCMP_CMP_EQ:
		return v == cmp->datum_a;
	case SCMP_CMP_NE:
		return v != cmp->datum_a;
	case SCMP_CMP_GE:
		return v >= cmp->datum_a;
	default:
		/* No rule of this file uses another compare. */
		return false;
	}
}

static bool arg_rules_match(const struct arg_rule *rules, size_t nrules, const __u64 *args)
{
	for (size_t i = 0; i < nrules; i++) {
		bool all = true;
		for (unsigned int j = 0; j < rules[i].ncmps && all; j++)
			all = arg_cmp_holds(&rules[i].cmps[j], args);
		if (all)
			return true;
	}
	return false;
}

/* The "refused" half of a row's argument rules, as add_arg_rules sets
 * them in the kernel. */
static bool arg_rules_refuse(const struct sr_config *cfg, const struct sr_syscall_row *row,
			     const __u64 *args)
{
	const struct arg_rule_set *set = arg_rule_set_of(row->name);
	if (set == NULL)
		return false;
	struct arg_rule buf[ID_RULES_MAX];
	const struct arg_rule *rules;
	size_t nrules = arg_rule_set_rules(set, buf, &rules);
	bool matched = arg_rules_match(rules, nrules, args);
	if (set->verdict == VERDICT_REFUSE)
		return matched;
	if (strcmp(row->name, "socket") == 0)
		for (size_t i = 0; i < SR_ARRAY_SIZE(socket_opt_ins) && !matched; i++)
			if (sr_strlist_contains(&cfg->net_sockets, socket_opt_ins[i].name))
				matched = arg_rules_match(socket_opt_ins[i].rules, socket_opt_ins[i].nrules, args);
	if (strcmp(row->name, "personality") == 0 && !matched)
		matched = arg_rules_match(personality_notified, SR_ARRAY_SIZE(personality_notified), args);
	return !matched;
}

int sr_filter_refusal(const struct sr_config *cfg, const struct sr_syscall_row *row,
		      const struct seccomp_data *data, const char **reason)
{
	if (sr_strlist_contains(&cfg->syscall_deny, row->name)) {
		*reason = "denied by the profile";
		return row->disp == SR_DISP_ERRNO ? row->err : EPERM;
	}
	struct sr_row_context ctx = sr_filter_row_context(cfg);
	switch (sr_row_disposition(row, &ctx)) {
	case SR_DISP_ALLOW:
		if (sr_row_allowed_with_rules(row, &ctx) && arg_rules_refuse(cfg, row, data->args)) {
			*reason = "refused for its arguments";
			return EPERM;
		}
		return 0;
	case SR_DISP_ERRNO:
		if (sr_strlist_contains(&cfg->syscall_allow, row->name))
			return 0;
		if ((row->flags & SR_ROW_ARGRULES) && !arg_rules_refuse(cfg, row, data->args))
			return 0;
		*reason = (row->flags & SR_ROW_ARGRULES) ? "refused for its arguments" :
			  "refused by the syscall table";
		return row->err;
	default:
		/* The refused half of an emulated row's rules is the
		 * Sentry's handler's; KILL rows never reach the Sentry. */
		return 0;
	}
}

struct filter_build {
	scmp_filter_ctx ctx;
	uint32_t default_action;
	bool trace_all;            /* --strace, --stats: allowed calls are shown or counted */
	uint32_t pass_action;      /* the row's being added: ALLOW, or NOTIFY to be shown */
	bool notify_refused;       /* --strace, --stats, --events: refusals are the Sentry's to report */
	bool has_row[NATIVE_NR_LIMIT];
	struct sr_error *err;
};

/* What an allowed call of `row` gets: the kernel's answer, unless the
 * Sentry must see it to show or count it.  --strace-syscalls without
 * --stats names the calls shown: the others need not leave the kernel. */
static uint32_t row_pass_action(const struct filter_build *b, const struct sr_config *cfg,
				const struct sr_syscall_row *row)
{
	if (!b->trace_all)
		return SCMP_ACT_ALLOW;
	if (cfg->stats || cfg->strace_only.len == 0 || sr_strlist_contains(&cfg->strace_only, row->name))
		return SCMP_ACT_NOTIFY;
	return SCMP_ACT_ALLOW;
}

static int add_rule(struct filter_build *b, const struct sr_syscall_row *row, int nr,
		    uint32_t action, unsigned int ncmps, const struct scmp_arg_cmp *cmps)
{
	/* libseccomp refuses a rule whose action is the default one; the
	 * default gives the call the same fate. */
	if (action == b->default_action)
		return 0;
	int rc = seccomp_rule_add_array(b->ctx, action, nr, ncmps, cmps);
	if (rc < 0)
		return sr_fail(b->err, -rc, "cannot add the seccomp rule for %s", row->name);
	return 0;
}

static int add_socket_opt_ins(struct filter_build *b, const struct sr_config *cfg,
			      const struct sr_syscall_row *row, int nr)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(socket_opt_ins); i++) {
		if (!sr_strlist_contains(&cfg->net_sockets, socket_opt_ins[i].name))
			continue;
		for (size_t j = 0; j < socket_opt_ins[i].nrules; j++) {
			const struct arg_rule *rule = &socket_opt_ins[i].rules[j];
			if (add_rule(b, row, nr, b->pass_action, rule->ncmps, rule->cmps) < 0)
				return -1;
		}
	}
	return 0;
}

static int add_arg_rules(struct filter_build *b, const struct sr_config *cfg,
			 const struct sr_syscall_row *row, int nr, uint32_t refuse_action)
{
	const struct arg_rule_set *set = arg_rule_set_of(row->name);
	if (set == NULL)
		return sr_fail(b->err, 0, "the syscall table marks %s with argument rules, but filter.c has none",
			       row->name);

	uint32_t match = set->verdict == VERDICT_PASS ? b->pass_action : refuse_action;
	uint32_t other = set->verdict == VERDICT_PASS ? refuse_action : b->pass_action;
	struct arg_rule buf[ID_RULES_MAX];
	const struct arg_rule *rules;
	size_t nrules = arg_rule_set_rules(set, buf, &rules);
	for (size_t i = 0; i < nrules; i++)
		if (add_rule(b, row, nr, match, rules[i].ncmps, rules[i].cmps) < 0)
			return -1;
	if (strcmp(row->name, "socket") == 0 && add_socket_opt_ins(b, cfg, row, nr) < 0)
		return -1;
	if (strcmp(row->name, "personality") == 0)
		for (size_t i = 0; i < SR_ARRAY_SIZE(personality_notified); i++)
			if (add_rule(b, row, nr, SCMP_ACT_NOTIFY, personality_notified[i].ncmps,
				     personality_notified[i].cmps) < 0)
				return -1;
	if (strcmp(row->name, "clone") == 0)
		for (size_t i = 0; i < SR_ARRAY_SIZE(clone_notified); i++)
			if (add_rule(b, row, nr, SCMP_ACT_NOTIFY, clone_notified[i].ncmps, clone_notified[i].cmps) < 0)
				return -1;
	/* "Every other call" must stay a conditional rule: libseccomp lets an
	 * unconditional rule (and a compare it can prove always true, such
	 * as MASKED_EQ 0) swallow the syscall's conditional ones.  It sorts
	 * the masked compares above before this one, which check_filter
	 * pins down in the kernel. */
	struct scmp_arg_cmp any_value = {
		.arg = set->catch_all_arg, .op = SCMP_CMP_GE, .datum_a = 0,
	};
	return add_rule(b, row, nr, other, 1, &any_value);
}

/* send() is sendto() with no address: a connected socket sending, which
 * reaches only what connect() let it reach, stays in the kernel.  The
 * address is a register, so the kernel cannot see another one later. */
static int add_sendto_rules(struct filter_build *b, const struct sr_syscall_row *row, int nr)
{
	struct scmp_arg_cmp no_address = EQUALS(4, 0);
	struct scmp_arg_cmp an_address = { .arg = 4, .op = SCMP_CMP_NE, .datum_a = 0 };

	if (add_rule(b, row, nr, b->pass_action, 1, &no_address) < 0)
		return -1;
	return add_rule(b, row, nr, SCMP_ACT_NOTIFY, 1, &an_address);
}

/* fchown to the ids the sandbox's user namespace maps (ours: the filter
 * is built by the process that becomes PROGRAM, once its maps are
 * written), or -1 for "unchanged", stays in the kernel: tar x and cp -a
 * make one a file.  Any other id is EINVAL in the kernel, where the
 * program, natively, would get EPERM: the Sentry has the Gofer make it
 * (fs.c). */
static int add_fchown_rules(struct filter_build *b, const struct sr_syscall_row *row, int nr)
{
	const uint64_t uids[] = { (uid_t)-1, getuid() }, gids[] = { (gid_t)-1, getgid() };

	for (size_t u = 0; u < SR_ARRAY_SIZE(uids); u++)
		for (size_t g = 0; g < SR_ARRAY_SIZE(gids); g++) {
			struct scmp_arg_cmp ids[] = { LOW32_IS(1, uids[u]), LOW32_IS(2, gids[g]) };
			if (add_rule(b, row, nr, b->pass_action, SR_ARRAY_SIZE(ids), ids) < 0)
				return -1;
		}
	/* Conditional, as add_arg_rules's "every other call". */
	struct scmp_arg_cmp any_uid = { .arg = 1, .op = SCMP_CMP_GE, .datum_a = 0 };
	return add_rule(b, row, nr, SCMP_ACT_NOTIFY, 1, &any_uid);
}

static int add_row(struct filter_build *b, const struct sr_config *cfg,
		   const struct sr_syscall_row *row)
{
	int nr = sr_table_nr(row);
	if (nr < 0)
		return sr_fail(b->err, 0, "libseccomp does not know the syscall %s: update libseccomp",
			       row->name);
	if (nr < NATIVE_NR_LIMIT)
		b->has_row[nr] = true;
	b->pass_action = row_pass_action(b, cfg, row);

	/* deny=NAME refuses the call outright; a row refused already keeps
	 * its errno (libc falls back from clone3 only on ENOSYS). */
	if (sr_strlist_contains(&cfg->syscall_deny, row->name)) {
		int err = row->disp == SR_DISP_ERRNO ? row->err : EPERM;
		/* Observed (--strace, --stats, --events), refusals go through
		 * the Sentry, which answers the same errno and reports them. */
		return add_rule(b, row, nr, b->notify_refused ? SCMP_ACT_NOTIFY : SCMP_ACT_ERRNO((uint16_t)err),
				0, NULL);
	}

	struct sr_row_context ctx = sr_filter_row_context(cfg);
	switch (sr_row_disposition(row, &ctx)) {
	case SR_DISP_ALLOW:
		if (sr_row_allowed_with_rules(row, &ctx))
			return add_arg_rules(b, cfg, row, nr,
					     b->notify_refused ? SCMP_ACT_NOTIFY : SCMP_ACT_ERRNO(EPERM));
		if ((row->flags & SR_ROW_EVENT) && cfg->events_path != NULL)
			return add_rule(b, row, nr, SCMP_ACT_NOTIFY, 0, NULL);
		return add_rule(b, row, nr, b->pass_action, 0, NULL);
	case SR_DISP_EMULATE:
	case SR_DISP_CONTINUE:
		if (strcmp(row->name, "sendto") == 0)
			return add_sendto_rules(b, row, nr);
		if (strcmp(row->name, "fchown") == 0)
			return add_fchown_rules(b, row, nr);
		/* The "refused" half of an emulated row's rules is the Sentry's. */
		if (row->flags & SR_ROW_ARGRULES)
			return add_arg_rules(b, cfg, row, nr, SCMP_ACT_NOTIFY);
		return add_rule(b, row, nr, SCMP_ACT_NOTIFY, 0, NULL);
	case SR_DISP_ERRNO:
		if (sr_strlist_contains(&cfg->syscall_allow, row->name))
			return add_rule(b, row, nr, b->pass_action, 0, NULL);
		if (row->flags & SR_ROW_ARGRULES)
			return add_arg_rules(b, cfg, row, nr,
					     b->notify_refused ? SCMP_ACT_NOTIFY : SCMP_ACT_ERRNO((uint16_t)row->err));
		return add_rule(b, row, nr, b->notify_refused ? SCMP_ACT_NOTIFY : SCMP_ACT_ERRNO((uint16_t)row->err),
				0, NULL);
	case SR_DISP_KILL:
		return add_rule(b, row, nr, SCMP_ACT_KILL_PROCESS, 0, NULL);
	}
	return sr_fail(b->err, 0, "the syscall table gives %s an unknown disposition", row->name);
}

/* Profile names are checked before any rule is built, so that a typo is
 * reported as such.  allow= cannot lift a SR_ROW_NEVER row (the call
 * would undo the sandbox: io_uring bypasses seccomp, mount and setns
 * change the Gofer's view, modules and kexec reach the host), nor a row
 * the Sentry serves: its check is the policy. */
static int check_profile_names(const struct sr_config *cfg, struct sr_error *err)
{
	for (size_t i = 0; i < cfg->syscall_deny.len; i++) {
		const char *name = cfg->syscall_deny.items[i];
		if (sr_table_by_name(name) == NULL)
			return sr_fail(err, 0, "[syscalls] deny=%s: no syscall of that name on x86-64", name);
	}
	for (size_t i = 0; i < cfg->syscall_allow.len; i++) {
		const char *name = cfg->syscall_allow.items[i];
		const struct sr_syscall_row *row = sr_table_by_name(name);
		if (row == NULL)
			return sr_fail(err, 0, "[syscalls] allow=%s: no syscall of that name on x86-64", name);
		if (row->flags & SR_ROW_NEVER)
			return sr_fail(err, 0, "[syscalls] allow=%s: %s is never offered: remove the line",
				       name, name);
		if ((row->disp == SR_DISP_EMULATE || row->disp == SR_DISP_CONTINUE) && (row->flags & SR_ROW_METADATA))
			return sr_fail(err, 0, "[syscalls] allow=%s: %s is served by the Sentry; to leave the "
				       "lookups of stat, access and readlink to the kernel, remove the line and "
				       "set metadata=kernel in [filesystem]", name, name);
		if (row->disp == SR_DISP_EMULATE || row->disp == SR_DISP_CONTINUE)
			return sr_fail(err, 0, "[syscalls] allow=%s: %s is served by the Sentry and cannot be "
				       "allowed in the kernel: remove the line", name, name);
	}
	return 0;
}

/* default-action=log notifies each native number without a row by an
 * explicit rule, not through the filter's default: libseccomp refuses
 * any rule whose action is the default one, and under --strace the
 * allowed half of an argument rule set (personality's) is NOTIFY too. */
static int notify_numbers_without_row(struct filter_build *b)
{
	for (int nr = 0; nr < NATIVE_NR_LIMIT; nr++) {
		if (b->has_row[nr])
			continue;
		int rc = seccomp_rule_add(b->ctx, SCMP_ACT_NOTIFY, nr, 0);
		if (rc < 0)
			return sr_fail(b->err, -rc, "cannot add the seccomp rule for syscall %d", nr);
	}
	return 0;
}

static int build_rules(struct filter_build *b, const struct sr_config *cfg)
{
	b->ctx = seccomp_init(b->default_action);
	if (b->ctx == NULL)
		return sr_fail(b->err, ENOMEM, "cannot create the seccomp filter");

	/* seccomp_init covers the native architecture only; x32 shares its
	 * audit arch, and libseccomp sends its numbers (bit 30 set) to the
	 * bad-arch action too (check_filter tests both). */
	int rc = seccomp_attr_set(b->ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc == 0)
		rc = seccomp_attr_set(b->ctx, SCMP_FLTATR_CTL_OPTIMIZE, FILTER_OPTIMIZE_BINARY_TREE);
	/* The loader checks no_new_privs itself and never calls seccomp_load. */
	if (rc == 0)
		rc = seccomp_attr_set(b->ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (rc < 0)
		return sr_fail(b->err, -rc, "cannot set the seccomp filter's attributes");

	for (size_t i = 0; i < sr_syscall_nrows; i++)
		if (add_row(b, cfg, &sr_syscall_rows[i]) < 0)
			return -1;
	if (cfg->default_action == SR_DEFAULT_LOG)
		return notify_numbers_without_row(b);
	return 0;
}

int sr_filter_build(const struct sr_config *cfg, bool trace_all,
		    scmp_filter_ctx *out, struct sr_error *err)
{
	if (check_profile_names(cfg, err) < 0)
		return -1;

	struct filter_build b = {
		.default_action = cfg->default_action == SR_DEFAULT_KILL ?
			SCMP_ACT_KILL_PROCESS : SCMP_ACT_ERRNO(ENOSYS),
		.trace_all = trace_all,
		/* strace(1) shows a call the kernel refuses too; where speed
		 * matters (no observer), refusals stay in the kernel. */
		.notify_refused = trace_all || cfg->events_path != NULL,
		.err = err,
	};
	if (build_rules(&b, cfg) < 0) {
		if (b.ctx != NULL)
			seccomp_release(b.ctx);
		return -1;
	}
	*out = b.ctx;
	return 0;
}

void sr_filter_probe_features(struct sr_filter_features *features)
{
	/* seccomp() checks the flags before it reads the program: with a
	 * NULL program, a known flag set fails with EFAULT, an unknown one
	 * with EINVAL, and nothing is installed. */
	long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
			  NULL);
	features->wait_killable_recv = rc < 0 && errno == EFAULT;
}

/* libseccomp 2.5 exports only to an fd (seccomp_export_bpf_mem is 2.6):
 * export into a memfd and read the program back into insns. */
static int export_program(scmp_filter_ctx ctx, struct sock_filter *insns, size_t max_insns,
			  size_t *ninsns, struct sr_error *err)
{
	sr_cleanup_close int fd = memfd_create("sentry-run-filter", MFD_CLOEXEC);
	if (fd < 0)
		return sr_fail(err, errno, "cannot create a memfd for the seccomp filter");
	int rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0)
		return sr_fail(err, -rc, "cannot export the seccomp filter");

	struct stat st;
	if (fstat(fd, &st) < 0)
		return sr_fail(err, errno, "cannot size the exported seccomp filter");
	size_t size = (size_t)st.st_size;
	if (size == 0 || size % sizeof(struct sock_filter) != 0 ||
	    size / sizeof(struct sock_filter) > max_insns)
		return sr_fail(err, 0, "the exported seccomp filter has a bad size (%zu bytes)", size);
	if (lseek(fd, 0, SEEK_SET) < 0)
		return sr_fail(err, errno, "cannot rewind the exported seccomp filter");
	ssize_t n = sr_read_all(fd, insns, size);
	if (n != (ssize_t)size)
		return sr_fail(err, n < 0 ? errno : EIO, "cannot read back the exported seccomp filter");
	*ninsns = size / sizeof(struct sock_filter);
	return 0;
}

int sr_filter_load_listener(scmp_filter_ctx ctx, unsigned int extra_flags,
			    int *listener_fd, struct sr_error *err)
{
	/* Without no_new_privs a root loader would succeed, and a setuid
	 * program could then run under a filter it may subvert. */
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return sr_fail(err, 0, "no_new_privs is not set: set PR_SET_NO_NEW_PRIVS before loading the filter");

	/* On the stack, and the memfd closed before loading: once the filter
	 * is in, no free() or close() may run (under --strace they would be
	 * notified before anyone holds the listener). */
	struct sock_filter insns[BPF_MAXINSNS];
	size_t ninsns = 0;
	if (export_program(ctx, insns, SR_ARRAY_SIZE(insns), &ninsns, err) < 0)
		return -1;
	struct sock_fprog prog = { .len = (unsigned short)ninsns, .filter = insns };

	unsigned long flags = SECCOMP_FILTER_FLAG_NEW_LISTENER | extra_flags;
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  flags | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &prog);
	/* Before 5.19 the flag is unknown: a notified call is then
	 * interruptible while it waits to be received (DESIGN §4). */
	if (fd < 0 && errno == EINVAL) {
		sr_info("no SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV in this kernel (Linux 5.19): a signal may "
			"interrupt a call the Sentry serves");
		fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	}
	if (fd < 0)
		return sr_fail(err, errno, "cannot load the seccomp filter");
	*listener_fd = (int)fd;
	return 0;
}
