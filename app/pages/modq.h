/*
 * modq.h: what moderation pages share (pages/modq.c): the classifier's
 * features of a post, cooking an edited post, contact points, author
 * notifications.  The moderation rule set is the one the Q&A filter
 * loads (pages/filter.c) once it is available; until then features and
 * contact points are simply not computed (callers cope with -1).
 */
#ifndef SODAN_PAGES_MODQ_H
#define SODAN_PAGES_MODQ_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"
#include "view/html.h"
#include "view/modview.h"

struct modq_features {
	uint64_t	*h;	/* arena-owned */
	size_t		 n;
};

/*
 * Classifier features of a post exactly as mod_check() sees them (the
 * moderation library), copied to the arena.  Returns 0, or -1 when the
 * rule set is not available (then f is empty).
 */
int	modq_features(struct req *, const char *title, const char *body,
	    int question, struct modq_features *f);
/* Cooks Markdown for an edited post (arena-owned).  Returns 0 or -1. */
int	modq_cook(struct req *, const char *body, struct cooked *out);
/*
 * Tells the author of post what moderators did: approved ("approve",
 * "edit"), removed ("remove", with the removal reason) or hidden by flags
 * ("hidden", with the flag reason; the flagger is not named); a no-op
 * for actions authors are not told about.
 */
void	modq_notify(struct req *, int64_t author, int64_t post,
	    const char *action, const char *reason);

struct mod_rules;
struct mod_post;
struct mod_verdict;
struct filter_result;
/*
 * Called by filter_post() with the verdict of a new or edited post:
 * copies the contact points into out, holds the post when one of them was
 * removed here as a scam (checked app-side against blocked_contacts,
 * since the library's rule set is immutable between reloads), and adds
 * the classifier's opinion from the counts stored in PostgreSQL
 * (filter_tokens) to the score, holding at 0.9 when nothing else did.
 */
void	modq_filter_extra(struct req *, const struct mod_rules *,
	    const struct mod_post *, const struct mod_verdict *,
	    struct filter_result *out);
/* After the post is stored: its contact points and the filters' score and reasons. */
void	modq_after_write(struct req *, const struct filter_result *,
	    int64_t post);

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
