/*
 * modq.h: what moderation pages share (pages/modq.c): the filters' view
 * of a queued post for the moderator's eyes.  Every change to a post goes
 * through app/post/; nothing here writes.
 */
#ifndef SODAN_PAGES_MODQ_H
#define SODAN_PAGES_MODQ_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"
#include "view/html.h"
#include "view/modview.h"

/* What the filters find in a queued post now, for the moderator's eyes. */
struct modq_check {
	struct modview_span	*spans;		/* in the body (arena) */
	size_t			 nspans;
	size_t			 nsecrets;	/* spans that are secrets */
	const char		**rule;		/* rule ids that matched */
	const char		**text;		/* their sentences, r->lang */
	size_t			 nreasons;
	int			 ok;		/* 0: not checked (no rule set) */
};
struct modq_item;
/*
 * Runs the filters again on a queued post's stored title and body (the
 * rule set is only used when already loaded; the page never waits for
 * it) and fills c with the matched spans of the body (reasons' and
 * contact points'; the author's secrets flagged) and each reason's
 * sentence in the viewer's language.  Always returns 0; c->ok says
 * whether the filters ran.
 */
int	modq_recheck(struct req *, const struct modq_item *,
	    struct modq_check *c);

/* The id in path parameter r->param[0] ("/mod/post/:id"), or 0 if not an id. */
int64_t	modq_param_id(struct req *);

#endif
