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

/* The id in path parameter r->param[0] ("/mod/post/:id"), or 0 if not an id. */
int64_t	modq_param_id(struct req *);

#endif
