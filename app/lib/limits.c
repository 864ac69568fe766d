/*
 * lib/limits.c: the rate-limit configuration (conf/limits.conf).
 *
 * One INI section per action ([ask] burst = 3, rate = 6/hour), plus
 * [trust] (multipliers) and [clients] (trusted proxies, IPv6 grouping,
 * the strictness of the fallback used while Redis is down).  inih reports
 * the line of the first error; the handler keeps the message, so errors
 * read "FILE:LINE: what is wrong", as for sodan.conf.
 */
#include <sys/socket.h>

#include <arpa/inet.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "lib/limits.h"
#include "lib/util.h"

#define US_PER_SEC	1000000LL

struct limits_state {
	struct limits	*l;
	char		 msg[256];
};

static const char *const limit_names[LIMIT__MAX] = {
	[LIMIT_NONE] = "",
	[LIMIT_GLOBAL] = "global",
	[LIMIT_REGISTER] = "register",
	[LIMIT_SIGNIN_IP] = "signin_ip",
	[LIMIT_SIGNIN_ACCOUNT] = "signin_account",
	[LIMIT_ASK] = "ask",
	[LIMIT_ANSWER] = "answer",
	[LIMIT_EDIT] = "edit",
	[LIMIT_VOTE] = "vote",
	[LIMIT_FLAG] = "flag",
	[LIMIT_SEARCH] = "search",
	[LIMIT_API] = "api",
	[LIMIT_UPLOAD] = "upload",
	[LIMIT_REGISTER_ATTEMPT] = "register_attempt",
	[LIMIT_API_TOKEN] = "api_token",
};

static void	set(struct limits *, enum limit_action, int64_t, int64_t,
		    int64_t, int);
static int	cidr_has(const struct limits_cidr *, int,
		    const unsigned char *);
static int	limits_handler(void *, const char *, const char *,
		    const char *);
static int	parse_rate(const char *, int64_t *);
static int	parse_mult(const char *, double *);
static int	parse_long(const char *, long, long, long *);
static int	parse_proxies(struct limits *, const char *, char *, size_t);

const char *
limits_name(enum limit_action a)
{
	if ((int)a < 0 || a >= LIMIT__MAX)
		return "";
	return limit_names[a];
}

static void
set(struct limits *l, enum limit_action a, int64_t burst, int64_t per_n,
    int64_t secs, int per_user)
{
	l->act[a].burst = burst;
	l->act[a].interval_us = secs * US_PER_SEC / per_n;
	l->act[a].per_user = per_user;
}

void
limits_defaults(struct limits *l)
{
	memset(l, 0, sizeof(*l));
	set(l, LIMIT_GLOBAL, 300, 20, 1, 0);
	set(l, LIMIT_REGISTER, 3, 6, 3600, 0);
	set(l, LIMIT_SIGNIN_IP, 20, 60, 3600, 0);
	set(l, LIMIT_SIGNIN_ACCOUNT, 12, 6, 3600, 0);
	set(l, LIMIT_ASK, 3, 6, 3600, 1);
	set(l, LIMIT_ANSWER, 5, 20, 3600, 1);
	set(l, LIMIT_EDIT, 10, 60, 3600, 1);
	set(l, LIMIT_VOTE, 20, 120, 3600, 1);
	set(l, LIMIT_FLAG, 5, 20, 3600, 1);
	set(l, LIMIT_SEARCH, 20, 30, 60, 1);
	set(l, LIMIT_API, 60, 1, 1, 1);
	set(l, LIMIT_UPLOAD, 20, 20, 86400, 1);
	set(l, LIMIT_REGISTER_ATTEMPT, 20, 60, 3600, 0);
	set(l, LIMIT_API_TOKEN, 120, 1, 1, 0);
	l->trust[0] = 1;
	l->trust[1] = 2;
	l->trust[2] = 4;
	l->trust[3] = 8;
	l->staff = 10;
	l->moderator = 0;
	l->fallback_divisor = 4;
	l->ipv6_prefix = 64;
}

/* "N/sec|min|hour|day" (also s, m, h, d) -> emission interval in microseconds. */
static int
parse_rate(const char *s, int64_t *interval_us)
{
	char		*end;
	long		 n;
	int64_t		 secs;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || n < 1 || n > 1000000 || *end != '/')
		return -1;
	end++;
	if (strcmp(end, "sec") == 0 || strcmp(end, "s") == 0)
		secs = 1;
	else if (strcmp(end, "min") == 0 || strcmp(end, "m") == 0)
		secs = 60;
	else if (strcmp(end, "hour") == 0 || strcmp(end, "h") == 0)
		secs = 3600;
	else if (strcmp(end, "day") == 0 || strcmp(end, "d") == 0)
		secs = 86400;
	else
		return -1;
	*interval_us = secs * US_PER_SEC / n;
	return *interval_us >= 1 ? 0 : -1;
}

static int
parse_mult(const char *s, double *out)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v) ||
	    v < 0 || v > 10000)
		return -1;
	*out = v;
	return 0;
}

static int
parse_long(const char *s, long lo, long hi, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
limits_cidr_parse(const char *s, struct limits_cidr *out)
{
	char		 buf[64], *slash;
	long		 bits;
	int		 max;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->family = AF_INET6;
		max = 128;
	} else
		return -1;
	if (slash == NULL)
		bits = max;
	else if (parse_long(slash, 0, max, &bits) == -1)
		return -1;
	out->bits = (int)bits;
	return 0;
}

static int
cidr_has(const struct limits_cidr *c, int family, const unsigned char *a)
{
	int	full, rest;

	if (c->family != family)
		return 0;
	full = c->bits / 8;
	rest = c->bits % 8;
	if (memcmp(c->addr, a, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((c->addr[full] ^ a[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

int
limits_is_proxy(const struct limits *l, const char *s)
{
	unsigned char	a[16];
	int		family;
	size_t		i;

	if (inet_pton(AF_INET, s, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, s, a) == 1)
		family = AF_INET6;
	else
		return 0;
	for (i = 0; i < l->nproxies; i++)
		if (cidr_has(&l->proxies[i], family, a))
			return 1;
	return 0;
}

int
limits_cidr_match(const struct limits_cidr *c, size_t n, const char *s)
{
	unsigned char	a[16];
	int		family;
	size_t		i;

	if (inet_pton(AF_INET, s, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, s, a) == 1)
		family = AF_INET6;
	else
		return 0;
	for (i = 0; i < n; i++)
		if (cidr_has(&c[i], family, a))
			return 1;
	return 0;
}

/* A comma- or space-separated list of addresses or CIDR blocks. */
static int
parse_proxies(struct limits *l, const char *v, char *msg, size_t msglen)
{
	char	 buf[2048], *p, *tok, *save = NULL;

	if (strlen(v) >= sizeof(buf)) {
		snprintf(msg, msglen, "trusted_proxies: list too long");
		return -1;
	}
	strcpy(buf, v);
	l->nproxies = 0;
	for (p = buf; (tok = strtok_r(p, ", \t", &save)) != NULL; p = NULL) {
		if (l->nproxies >= LIMITS_MAX_PROXIES) {
			snprintf(msg, msglen, "trusted_proxies: more than %d "
			    "entries", LIMITS_MAX_PROXIES);
			return -1;
		}
		if (limits_cidr_parse(tok, &l->proxies[l->nproxies]) == -1) {
			snprintf(msg, msglen, "trusted_proxies: '%.64s' is not "
			    "an address or address/bits", tok);
			return -1;
		}
		l->nproxies++;
	}
	return 0;
}

static int
limits_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct limits_state	*st = user;
	struct limits		*l = st->l;
	size_t			 i;
	long			 v;
	int64_t			 iv;
	double			 d;
	char			 m[256] = "";

	if (strcmp(section, "trust") == 0) {
		if (parse_mult(value, &d) == -1)
			snprintf(m, sizeof(m), "%s: expected a multiplier from "
			    "0 to 10000, got '%.64s'", name, value);
		else if (strncmp(name, "level", 5) == 0 && name[5] >= '0' &&
		    name[5] <= '3' && name[6] == '\0')
			l->trust[name[5] - '0'] = d;
		else if (strcmp(name, "staff") == 0)
			l->staff = d;
		else if (strcmp(name, "moderator") == 0)
			l->moderator = d;
		else
			snprintf(m, sizeof(m), "unknown key '%.64s' in section "
			    "[trust]", name);
		goto out;
	}
	if (strcmp(section, "clients") == 0) {
		if (strcmp(name, "trusted_proxies") == 0)
			(void)parse_proxies(l, value, m, sizeof(m));
		else if (strcmp(name, "ipv6_prefix") == 0) {
			if (parse_long(value, 32, 128, &v) == -1)
				snprintf(m, sizeof(m), "ipv6_prefix: expected "
				    "32 to 128, got '%.64s'", value);
			else
				l->ipv6_prefix = (int)v;
		} else if (strcmp(name, "fallback_divisor") == 0) {
			if (parse_long(value, 1, 1000, &v) == -1)
				snprintf(m, sizeof(m), "fallback_divisor: "
				    "expected 1 to 1000, got '%.64s'", value);
			else
				l->fallback_divisor = (int)v;
		} else
			snprintf(m, sizeof(m), "unknown key '%.64s' in section "
			    "[clients]", name);
		goto out;
	}
	for (i = 1; i < LIMIT__MAX; i++)
		if (strcmp(section, limit_names[i]) == 0)
			break;
	if (i == LIMIT__MAX) {
		snprintf(m, sizeof(m), "unknown section [%.64s]", section);
		goto out;
	}
	if (strcmp(name, "burst") == 0) {
		if (parse_long(value, 1, 1000000, &v) == -1)
			snprintf(m, sizeof(m), "burst: expected a whole number "
			    "from 1 to 1000000, got '%.64s'", value);
		else
			l->act[i].burst = v;
	} else if (strcmp(name, "rate") == 0) {
		if (parse_rate(value, &iv) == -1)
			snprintf(m, sizeof(m), "rate: expected N/sec, N/min, "
			    "N/hour or N/day, got '%.64s'", value);
		else
			l->act[i].interval_us = iv;
	} else
		snprintf(m, sizeof(m), "unknown key '%.64s' in section [%s]",
		    name, section);
out:
	if (m[0] == '\0')
		return 1;
	if (st->msg[0] == '\0')
		memcpy(st->msg, m, sizeof(st->msg));
	return 0;
}

int
limits_load(struct limits *l, const char *path, char *err, size_t errlen)
{
	struct limits_state	 st;
	int			 line;

	memset(&st, 0, sizeof(st));
	st.l = l;
	line = ini_parse(path, limits_handler, &st);
	if (line == -1) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return -1;
	}
	if (line != 0) {
		snprintf(err, errlen, "%s:%d: %s", path, line, st.msg[0] ?
		    st.msg : "syntax error (expected [section] or key = value)");
		return -1;
	}
	return 0;
}
