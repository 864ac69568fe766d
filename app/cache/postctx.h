/*
 * postctx.h: the context of a new post, kept in Redis for the filters:
 * the author's posts of the last hour and their simhashes, when a
 * question was asked, and the site-wide window of recent texts in which
 * near-copies from several accounts (campaigns) are found.
 *
 * Keys (every command names one key, so each key may live on any Redis
 * Cluster slot; the braces are hash tags that keep a user's or a
 * question's keys together):
 *   ctx:{u:ID}:p       sorted set, score unix time, member
 *                      "SIMHASH16:POSTID": the author's posts of the last
 *                      24 h (at most POSTCTX_USER_MAX kept), expires 24 h
 *                      after the last post
 *   ctx:{q:HASH}       the unix time a question with this text (SHA-256 of
 *                      its Markdown, first 16 bytes) was posted, 1 h
 *   ctx:{sh:B:V}       sorted set, score unix time, member
 *                      "SIMHASH16:USERID:POSTID": posts of 100 characters or
 *                      more whose simhash has the 16-bit value V in band B
 *                      (0..3), of the last 24 h, at most POSTCTX_BAND_MAX
 *                      each, expires 24 h after the last post
 * Two simhashes within Hamming distance 3 agree on at least one of the
 * four 16-bit bands, so the four band keys of a post hold every earlier
 * near-copy: a look-up reads four small sets instead of the whole window.
 * Memory is bounded by the caps and the expiry.  Redis down: nothing is
 * known (the fields stay "unknown"), nothing fails.
 */
#ifndef SODAN_POSTCTX_H
#define SODAN_POSTCTX_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct cache;

#define POSTCTX_WINDOW		86400	/* seconds: simhash windows */
#define POSTCTX_USER_MAX	200	/* posts kept per author */
#define POSTCTX_BAND_MAX	500	/* posts kept per band value */
#define POSTCTX_QUESTION_TTL	3600	/* seconds a question's time is kept */

struct postctx {
	int		 known;		/* Redis answered */
	int		 posts_last_hour;
	uint64_t	*recent;	/* the author's simhashes, 24 h (arena) */
	size_t		 nrecent;
	long		 seconds_after_question;	/* -1: unknown */
};

struct postctx_copy {
	uint64_t	 simhash;
	int64_t		 user_id;
	int64_t		 post_id;
	int64_t		 at;		/* unix seconds */
};

/*
 * The author's context at time now: each of their posts of the last 24 h
 * once (its newest text; an edit is no new post), but skip_post (the post
 * being edited; 0: none); qkey (or NULL): the question's key
 * (postctx_question_key) when the post answers it.  Fills *out
 * (arena-owned).  Returns 0, or -1 when Redis is unavailable (then
 * *out says nothing is known).
 */
int	postctx_get(struct cache *, struct arena *, int64_t user_id,
	    int64_t skip_post, const char *qkey, int64_t now,
	    struct postctx *out);
/*
 * Earlier posts of the last 24 h whose simhash is within maxdist bits of
 * h, each once, skip_post left out (0: none), oldest first
 * (arena-owned).  Returns 0 or -1.
 */
int	postctx_copies(struct cache *, struct arena *, uint64_t h, int maxdist,
	    int64_t skip_post, int64_t now, struct postctx_copy **out,
	    size_t *n);
/*
 * Records a stored post: in its author's set, in the site-wide bands when
 * site is set (a text of 100 characters or more), and, for a question,
 * the time under qkey (NULL: not a question).  The commands are queued
 * (cache_defer): they go out with the connection's next pipeline (after
 * an answer, the page-cache invalidation's XADD) or with cache_flush at
 * the end of the request, so recording costs no round trip of its own;
 * a failure then is logged there.  Returns 0.
 */
int	postctx_record(struct cache *, int64_t user_id, int64_t post_id,
	    uint64_t h, int site, const char *qkey, int64_t now);
/* The key text of a question's Markdown (33 bytes: 32 hex and NUL). */
void	postctx_question_key(const char *text, size_t len, char out[33]);

#endif
