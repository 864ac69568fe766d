/*
 * lib/state.c: names of post states, post kinds, roles, thread statuses,
 * notification kinds.
 */
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

static const char *const notif_names[NK__MAX] = {
	[NK_UNKNOWN] = "unknown",
	[NK_ANSWER] = "answer",
	[NK_ACCEPTED] = "accepted",
	[NK_VERIFIED] = "verified",
	[NK_UNVERIFIED] = "unverified",
	[NK_HELD] = "held",
	[NK_APPROVED] = "approved",
	[NK_OFFICIAL_EDITED] = "official_edited",
	[NK_REMOVED] = "removed",
	[NK_HIDDEN] = "hidden",
	[NK_ACCEPTED_EDITED] = "accepted_edited",
	[NK_REDACTED] = "redacted",
	[NK_WATCH_ANSWER] = "watch_answer",
	[NK_WATCH_OFFICIAL] = "watch_official",
	[NK_WATCH_VERIFIED] = "watch_verified",
	[NK_MENTION] = "mention",
	[NK_APPEAL_UPHELD] = "appeal_upheld",
	[NK_APPEAL_REVERSED] = "appeal_reversed",
	[NK_SUPPORT_REPLY] = "support_reply",
	[NK_SUPPORT_RESOLVED] = "support_resolved",
	[NK_ACCEPT_REMINDER] = "accept_reminder",
	[NK_SUSPENSION_LIFTED] = "suspension_lifted",
	[NK_SUSPENSION_UPHELD] = "suspension_upheld",
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
static const struct set notifs = { notif_names, NK__MAX, NK_UNKNOWN };

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

enum notif_kind
state_notif_parse(const char *s)
{
	return (enum notif_kind)parse(&notifs, s);
}

const char *
state_notif_name(enum notif_kind k)
{
	return name(&notifs, (int)k);
}
