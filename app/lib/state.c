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

/* A closed set: its names and the value an unknown name decodes to. */
struct set {
	const char *const	*names;
	int			 n;
	int			 fallback;
};

static const struct set posts = { post_names, PS__MAX, PS_HELD };
static const struct set kinds = { kind_names, PK__MAX, PK_ANSWER };
static const struct set roles = { role_names, ROLE__MAX, ROLE_USER };
static const struct set threads = { thread_names, TS__MAX, TS_LOCKED };

static int		 parse(const struct set *, const char *);
static const char	*name(const struct set *, int);

/* Index of s in the set, or its fallback (s NULL or unknown). */
static int
parse(const struct set *t, const char *s)
{
	int	i;

	if (s != NULL)
		for (i = 0; i < t->n; i++)
			if (t->names[i] != NULL && strcmp(t->names[i], s) == 0)
				return i;
	return t->fallback;
}

/* The name of v, or of the fallback when v has none. */
static const char *
name(const struct set *t, int v)
{
	return v >= 0 && v < t->n && t->names[v] != NULL ? t->names[v] :
	    t->names[t->fallback];
}

enum post_state
state_post_parse(const char *s)
{
	return (enum post_state)parse(&posts, s);
}

const char *
state_post_name(enum post_state s)
{
	return name(&posts, (int)s);
}

enum post_kind
state_kind_parse(const char *s)
{
	return (enum post_kind)parse(&kinds, s);
}

const char *
state_kind_name(enum post_kind k)
{
	return name(&kinds, (int)k);
}

enum role
state_role_parse(const char *s)
{
	return (enum role)parse(&roles, s);
}

const char *
state_role_name(enum role r)
{
	return name(&roles, (int)r);
}

enum thread_status
state_thread_parse(const char *s)
{
	return (enum thread_status)parse(&threads, s);
}

const char *
state_thread_name(enum thread_status t)
{
	return name(&threads, (int)t);
}
