/* lib/state.c: names of post states, post kinds, roles, thread statuses. */
#include <string.h>

#include "lib/state.h"

static const char *const post_names[PS__MAX] = {
	[PS_VISIBLE] = "visible",
	[PS_HELD] = "held",
	[PS_PRIVATE] = "private",
	[PS_HIDDEN] = "hidden",
	[PS_REMOVED] = "removed",
};

static const char *const kind_names[PK__MAX] = {
	[PK_QUESTION] = "question",
	[PK_ANSWER] = "answer",
	[PK_OFFICIAL] = "official",
};

/* ROLE_ANY is no stored role: it has no name and never decodes. */
static const char *const role_names[ROLE__MAX] = {
	[ROLE_USER] = "user",
	[ROLE_STAFF] = "staff",
	[ROLE_MODERATOR] = "moderator",
	[ROLE_ADMIN] = "admin",
};

static const char *const thread_names[TS__MAX] = {
	[TS_OPEN] = "open",
	[TS_CLOSED] = "closed",
	[TS_LOCKED] = "locked",
};

static int	find(const char *const *, int, const char *);

/* Index of s in names[0..n), or -1 (s NULL or unknown). */
static int
find(const char *const *names, int n, const char *s)
{
	int	i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

enum post_state
state_post_parse(const char *s)
{
	int	i = find(post_names, PS__MAX, s);

	return i < 0 ? PS_HELD : (enum post_state)i;
}

const char *
state_post_name(enum post_state s)
{
	return (unsigned)s < PS__MAX ? post_names[s] : post_names[PS_HELD];
}

enum post_kind
state_kind_parse(const char *s)
{
	int	i = find(kind_names, PK__MAX, s);

	return i < 0 ? PK_ANSWER : (enum post_kind)i;
}

const char *
state_kind_name(enum post_kind k)
{
	return (unsigned)k < PK__MAX ? kind_names[k] : kind_names[PK_ANSWER];
}

enum role
state_role_parse(const char *s)
{
	int	i = find(role_names, ROLE__MAX, s);

	return i < 0 ? ROLE_USER : (enum role)i;
}

const char *
state_role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX && role_names[r] != NULL ?
	    role_names[r] : role_names[ROLE_USER];
}

enum thread_status
state_thread_parse(const char *s)
{
	int	i = find(thread_names, TS__MAX, s);

	return i < 0 ? TS_LOCKED : (enum thread_status)i;
}

const char *
state_thread_name(enum thread_status t)
{
	return (unsigned)t < TS__MAX ? thread_names[t] : thread_names[TS_LOCKED];
}
