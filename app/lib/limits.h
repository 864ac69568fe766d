/*
 * limits.h: rate-limit actions and their limits, read once from
 * conf/limits.conf (INI), then read-only.
 *
 * Each action has a burst (requests allowed at once) and a rate ("N/sec",
 * "N/min", "N/hour", "N/day": the steady pace once the burst is spent).
 * Actions counted per user are multiplied by the user's trust level
 * ([trust] level0..level3) or role (staff, moderator; admins count as
 * moderators); a multiplier of 0 exempts.  Actions counted per IP
 * (global, register, signin_ip) are never multiplied.  The same file
 * names the proxies whose X-Forwarded-For is believed.  Errors name the
 * file and line, like conf.c.
 */
#ifndef SODAN_LIMITS_H
#define SODAN_LIMITS_H

#include <stddef.h>
#include <stdint.h>

/* The closed set of limited actions; a route's rl field is one of these. */
enum limit_action {
	LIMIT_NONE,		/* not limited (0 in the route table) */
	LIMIT_GLOBAL,		/* every job, per IP, checked first */
	LIMIT_REGISTER,		/* per IP */
	LIMIT_SIGNIN_IP,	/* sign-in attempts, per IP */
	LIMIT_SIGNIN_ACCOUNT,	/* sign-in attempts, per account name */
	LIMIT_ASK,
	LIMIT_ANSWER,
	LIMIT_EDIT,
	LIMIT_VOTE,
	LIMIT_FLAG,
	LIMIT_SEARCH,
	LIMIT_API,		/* /api/ requests: per user, or per IP */
	LIMIT_UPLOAD,		/* pictures uploaded: a daily quota per user */
	LIMIT_REGISTER_ATTEMPT,	/* sign-up forms sent, per IP (LIMIT_REGISTER
				 * counts only the accounts created) */
	LIMIT_API_TOKEN,	/* /api/ requests made with a personal access
				 * token, per token (never multiplied) */
	LIMIT__MAX
};

#define LIMITS_MAX_PROXIES	32

struct limit {
	int64_t		 burst;		/* >= 1 */
	int64_t		 interval_us;	/* emission interval: 1 / rate */
	int		 per_user;	/* scaled by trust; subject is the user when signed in */
};

struct limits_cidr {
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 addr[16];
	int		 bits;
};

struct limits {
	struct limit		 act[LIMIT__MAX];
	double			 trust[4];	/* multipliers for trust 0..3 */
	double			 staff;		/* 0 = exempt */
	double			 moderator;	/* moderators and admins; 0 = exempt */
	int			 fallback_divisor; /* Redis down: bursts and rates / this */
	int			 ipv6_prefix;	/* IPv6 clients grouped by this prefix */
	struct limits_cidr	 proxies[LIMITS_MAX_PROXIES];
	size_t			 nproxies;
};

/* Fills l with the built-in defaults (the values documented in conf/limits.conf). */
void		 limits_defaults(struct limits *l);
/*
 * Reads path over the current values of l (call limits_defaults first).
 * Returns 0, or -1 with "path:line: message" in err.
 */
int		 limits_load(struct limits *l, const char *path, char *err,
		    size_t errlen);
/* The section name of an action ("ask"), static; "" for LIMIT_NONE. */
const char	*limits_name(enum limit_action);
/* Parses "1.2.3.4/24", "2001:db8::/32" or a bare address; 0 or -1. */
int		 limits_cidr_parse(const char *s, struct limits_cidr *out);
/* 1 when the textual address s lies inside one of the n blocks of c. */
int		 limits_cidr_match(const struct limits_cidr *c, size_t n,
		    const char *s);
/* 1 when the textual address s lies inside one of l's proxies. */
int		 limits_is_proxy(const struct limits *l, const char *s);

#endif
