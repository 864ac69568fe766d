/*
 * filter.h: the one place where posts meet the moderation filters: the
 * shared rule set (loaded once, off the request path) and the verdict.
 *
 * Every create and edit of a question or answer goes through app/post/,
 * which calls filter_post() before anything is stored and decides what
 * the verdict means: allow -> visible, hold -> held (private when the
 * author pasted a secret: only they and moderators see it), block -> not
 * stored, the form comes back with the reasons and the text kept.
 */
#ifndef SODAN_FILTER_H
#define SODAN_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

struct md_links;
struct post_ctx;
struct post_actor;

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
	int			 secret;	/* held for the author's own secret:
						 * the post is private */
	int			 any_secret;	/* a secret among the reasons (never
						 * approved or redacted into view) */
	int			 unchecked;	/* no rule set: held unchecked */
	const char		**reasons;	/* in ctx->lang, arena-owned */
	size_t			 nreasons;
	const char		*log;		/* "rule; rule" for moderators */
	double			 score;		/* the filters' score */
	const char		**ctype;	/* contact points found: type names */
	const char		**cvalue;	/* and normalized values (arena) */
	size_t			 ncontacts;
	/*
	 * The post's context (filter_record after the write; see the top
	 * of filter.c): its simhash, whether it enters the site-wide
	 * window, a question's key; and the campaign it completes: the
	 * earlier copies to hold in the same transaction, with the reasons
	 * their queue rows get ("context.campaign; campaign:HASH").
	 */
	int			 ctx_known;	/* Redis answered */
	uint64_t		 simhash;
	int			 site;
	const char		*qkey;
	const int64_t		*campaign;
	size_t			 ncampaign;
	const char		*campaign_log;
};

/*
 * Starts loading the rule set from confdir, once, before the server
 * starts, through the compiled-database cache in cachedir (NULL or "":
 * none).  A cold compile can take seconds (tens under sanitizers), so it
 * runs on its own thread and filter_post waits for it.  Returns 0, or -1 (logged) when loading
 * cannot start: posts are then held for a moderator, never published
 * unchecked.  db_url: the lists edited at /admin/lists (post/ruleset.h).
 */
int	filter_init(const char *confdir, const char *cachedir,
	    const char *db_url);
/*
 * The block-list feed files (post/feeds.h; NULL or "": that feed off) and
 * the seconds between looks at them (0: none), before filter_init.
 */
void	filter_feeds(const char *metamask, const char *scamsniffer,
	    const char *jpcert, int interval);
/* Stops the loader and frees the rule sets, at shutdown. */
void	filter_free(void);
/*
 * Judges a post by author (NULL: none).  title and tags may be NULL
 * (answers; tags are checked like the text, their contacts recorded);
 * links: the URLs and reader's text md_cook() found (may be NULL; the
 * text is checked besides the source); question: the text of
 * the question answered (answers; may be NULL).  Adds what only the
 * server knows: contact points removed here as scams (blocked_contacts)
 * and the model learned from moderators' decisions (post/learn.h).
 * Fills *out (arena-owned).  When the rules are unavailable the post is
 * held, never published unchecked.  With ctx->cache and an author, the
 * author's context is read from Redis first (posts of the last hour,
 * their recent texts, seconds since the question) and a near-copy that
 * completes a campaign is held (out->campaign: the earlier copies);
 * ctx->editing leaves the edited post itself out of both.
 */
void	filter_post(struct post_ctx *, const struct post_actor *author,
	    enum filter_kind, const char *title, const char *tags,
	    const char *body,
	    const struct md_links *links, const char *question,
	    struct filter_result *out);

/*
 * filter_post() for a post that may show pictures (post/pictures.c): the
 * filters see body followed by what the uploaded pictures it refers to
 * say (OCR text, QR payloads; QR URLs also as links).  What the pictures
 * add can hold the post (private for a photographed secret) but never
 * block it; a picture near a banned dHash, or not read in time, holds it.
 * Without pictures this is exactly filter_post().
 */
void	filter_post_pictures(struct post_ctx *, const struct post_actor *,
	    enum filter_kind, const char *title, const char *tags,
	    const char *body,
	    const struct md_links *links, const char *question,
	    struct filter_result *out);

/*
 * After the post judged in fr was stored as post by author: records it in
 * the context windows (Redis, cache/postctx.h) for the posts that follow.
 * Does nothing without ctx->cache or when the check ran without context.
 * A failure is logged, never the caller's: the post is stored.
 */
void	filter_record(struct post_ctx *, const struct filter_result *fr,
	    int64_t author, int64_t post);

/* A post's classifier features (arena-owned hashes). */
struct mod_features_buf {
	uint64_t	*h;
	size_t		 n;
	int		 ja;	/* title and body read as Japanese */
};
/*
 * The classifier features of a post exactly as mod_check() sees them,
 * for the lesson a moderator's decision teaches.  0, or -1 when the rule
 * set is unavailable (f is then empty).
 */
int	filter_features(struct post_ctx *, int question, const char *title,
	    const char *body, struct mod_features_buf *f);

/*
 * The shared rule set (post/ruleset.h; waiting while the first load
 * compiles), referenced until arena a is freed, or NULL when unavailable.
 */
struct arena;
struct mod_rules;
const struct mod_rules *filter_rules_get(struct arena *a);
/* filter_rules_get, and the block-list feeds of that set in *fs (or NULL). */
struct feeds;
const struct mod_rules *filter_rules_get_feeds(struct arena *a,
	    const struct feeds **fs);
/* The rule set if it is loaded, else NULL at once (pages that only show). */
const struct mod_rules *filter_rules_ready(struct arena *a);

#endif
