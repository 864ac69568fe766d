/*
 * filter.h: the one place where posts meet the moderation filters.
 *
 * Every create and edit of a question or answer calls filter_post() before
 * it is stored.  The verdict decides the post's state: allow -> visible,
 * hold -> held (private when the author pasted a secret: only they and
 * moderators see it), block -> not stored, the form comes back with the
 * reasons and the text kept.
 */
#ifndef SODAN_FILTER_H
#define SODAN_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"

struct md_links;

enum filter_verdict {
	FILTER_ALLOW,
	FILTER_HOLD,
	FILTER_BLOCK,
	FILTER__MAX
};

enum filter_kind {
	FILTER_QUESTION,
	FILTER_ANSWER,
	FILTER_KIND__MAX
};

struct filter_result {
	enum filter_verdict	 verdict;
	const char		*state;		/* visible, held, private */
	const char		**reasons;	/* in r->lang, arena-owned */
	size_t			 nreasons;
	const char		*log;		/* "rule; rule" for moderators */
	double			 score;		/* the filters' score */
	const char		**ctype;	/* contact points found: type names */
	const char		**cvalue;	/* and normalized values (arena) */
	size_t			 ncontacts;
};

/*
 * Starts loading the rule set from confdir, once, before the server
 * starts, through the compiled-database cache in cachedir (NULL or "":
 * none).  A cold compile can take seconds (tens under sanitizers), so it
 * runs on its own thread and filter_post waits for it.  Returns 0, or -1 (logged) when loading
 * cannot start: posts are then held for a moderator, never published
 * unchecked.
 */
int	filter_init(const char *confdir, const char *cachedir);
/* Waits for the loader and frees the rule set, at shutdown. */
void	filter_free(void);
/*
 * Judges a post by r's signed-in author.  title and tags may be NULL
 * (answers; tags are checked like the text, their contacts recorded);
 * links: the URLs and reader's text md_cook() found (may be NULL; the
 * text is checked besides the source); question: the text of
 * the question answered (answers; may be NULL).  Fills *out (arena-owned).
 */
void	filter_post(struct req *r, enum filter_kind, const char *title,
	    const char *tags, const char *body, const struct md_links *links,
	    const char *question, struct filter_result *out);

/* The shared rule set (waiting while it compiles), or NULL when unavailable. */
struct mod_rules;
const struct mod_rules *filter_rules_get(void);
/* The rule set if it is loaded, else NULL at once (pages that only show). */
const struct mod_rules *filter_rules_ready(void);

#endif
