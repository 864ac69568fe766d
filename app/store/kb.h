/*
 * store/kb.h: the knowledge base (migration 0137): articles written by
 * staff or promoted from a solved thread, their revisions, "was this
 * helpful?" votes and "this solved it" marks.
 *
 * Every change is one function and one transaction here; each one that
 * only staff may make checks the actor's account role inside its own
 * transaction (KB_ACTOR_STAFF), so a route that forgot its role could
 * still not write.  store_kb_source_changed() is the one hook the post
 * lifecycle calls (store/post.c, store/modq.c), inside the transaction
 * of the change to the source post.
 */
#ifndef SODAN_STORE_KB_H
#define SODAN_STORE_KB_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

struct arena;
struct db;

struct kb_article {
	int64_t		 id;
	const char	*slug;
	const char	*title;
	const char	*lang;
	const char	*question_md;	/* "" on a staff article */
	const char	*question_html;
	const char	*body_md;
	const char	*body_html;
	int64_t		 revision;
	const char	*tags;		/* space-separated */
	const char	*cat_slug;
	const char	*cat_name[2];	/* by enum lang */
	int64_t		 category_id;
	int64_t		 source_thread;	/* 0: written by staff */
	int64_t		 source_answer;
	const char	*author;	/* who created it (display name) */
	enum role	 author_role;
	int64_t		 author_id;
	int64_t		 created, updated;	/* unix seconds */
	int		 needs_review;
	const char	*review_reason;	/* edited, unverified, removed, ... */
	int		 withheld;	/* out of public view until edited */
	int64_t		 yes, no;	/* helpful votes */
};

struct kb_revision {
	int64_t		 revision;
	const char	*title;
	const char	*question_md;
	const char	*body_md;
	const char	*note;		/* promoted, written, edited */
	int		 withheld;	/* text from a source gone: not shown */
	const char	*editor;
	enum role	 editor_role;
	int64_t		 editor_id;
	int64_t		 created;
};

/* What a thread can give an article (KB_SOURCE). */
struct kb_source {
	int64_t		 thread_id;
	const char	*title;
	int64_t		 category_id;
	const char	*cat_slug;
	const char	*lang;
	const char	*tags;
	int64_t		 question_id, question_rev;
	const char	*question_md;
	int64_t		 answer_id, answer_rev;	/* 0: no answer to give */
	const char	*answer_md;
	const char	*answer_kind;	/* official or answer (verified) */
	const char	*existing;	/* slug of its article, or "" */
};

/* A new or edited article, cooked by the caller (view/md.c). */
struct kb_write {
	int64_t		 actor_id;
	const char	*slug_base;	/* [a-z0-9-]* from the title, or "" */
	int64_t		 category_id;
	const char	*tags;		/* space-separated, checked */
	const char	*lang;
	const char	*title;
	const char	*question_md, *question_html;
	const char	*body_md, *body_html;
	const char	*search_doc;	/* text/fold.c of title + texts */
	/* a promotion: the source as read (rechecked in the transaction) */
	const struct kb_source *src;
	/* an edit: the article and the revision the editor read */
	int64_t		 article_id;
	int64_t		 expect_revision;
};

enum kb_result {
	KB_OK,
	KB_FORBIDDEN,		/* the actor is not staff (now) */
	KB_NOTFOUND,
	KB_STALE,		/* changed since it was read */
	KB_EXISTS,		/* the thread has an article already */
	KB__MAX
};

struct kb_hit {
	const char	*slug;
	const char	*title;
	const char	*cat_slug;
	int		 promoted;
};

struct kb_review {
	const char	*slug;
	const char	*title;
	const char	*reason;
	int		 withheld;
	int64_t		 since;
	int64_t		 source_thread;
};

struct kb_week {
	const char	*slug;		/* category */
	const char	*week_label;	/* YYYY-MM-DD, a Monday */
	int64_t		 n;
};

struct kb_top {
	const char	*slug;
	const char	*title;
	int64_t		 n;
};

struct kb_url {
	const char	*slug;
	int64_t		 updated;
};

enum kb_sort { KB_SORT_CATEGORY, KB_SORT_NEWEST, KB_SORT_HELPFUL,
    KB_SORT__MAX };

/* *out NULL when the thread is not visible or its question is not. */
int	store_kb_source(struct db *, struct arena *, int64_t thread,
	    struct kb_source **out);
/*
 * Creates an article (w->src set: promoted from that thread, whose posts
 * must still be as read) and its revision 1.  *res: KB_OK with *slug,
 * KB_FORBIDDEN, KB_STALE, or KB_EXISTS with *slug the thread's article.
 * Returns 0, or -1 when the store failed (nothing written).
 */
int	store_kb_create(struct db *, struct arena *, const struct kb_write *,
	    enum kb_result *res, const char **slug);
/* An edit by staff (clears the review flag and the withholding). */
int	store_kb_edit(struct db *, struct arena *, const struct kb_write *,
	    enum kb_result *res);
/* Staff confirm an article unchanged: clears the review flag. */
int	store_kb_confirm(struct db *, struct arena *, int64_t actor,
	    int64_t article, int64_t expect_revision, enum kb_result *res);
/*
 * The post lifecycle's hook, in the caller's open transaction: post
 * changed for the reason why (edited, unverified, hidden, redacted,
 * removed; NULL: nothing to do).  Returns 0 or -1.
 */
int	store_kb_source_changed(struct db *, struct arena *, int64_t post,
	    const char *why);
/* The same for every live post of an account about to be purged. */
int	store_kb_user_removed(struct db *, struct arena *, int64_t user);
/* *out NULL when no such article (withheld ones only when staff). */
int	store_kb_get(struct db *, struct arena *, const char *slug, int staff,
	    struct kb_article **out);
int	store_kb_list(struct db *, struct arena *, enum kb_sort,
	    const char *cat, const char *tag, int limit, int offset,
	    struct kb_article **, size_t *);
int	store_kb_revisions(struct db *, struct arena *, int64_t article,
	    struct kb_revision **, size_t *);
/*
 * One vote per voter ("u:ID"; "" for a visitor: then the SHA-256 of
 * cookie names the voter); a second vote replaces the first.  *found 0:
 * no such article shown.
 */
int	store_kb_vote(struct db *, struct arena *, int64_t article,
	    const char *voter, const char *cookie, int helpful, int *found);
/* "This solved it": *added 1 when counted (once a member, article, day). */
int	store_kb_solved(struct db *, struct arena *, int64_t article,
	    int64_t user, int *found, int *added);
int	store_kb_search(struct db *, struct arena *, const char *match,
	    const char *rank, int limit, struct kb_hit **, size_t *);
int	store_kb_sitemap(struct db *, struct arena *, struct kb_url **,
	    size_t *);
int	store_kb_review_list(struct db *, struct arena *, int limit,
	    struct kb_review **, size_t *);
int	store_kb_solved_weeks(struct db *, struct arena *, int weeks,
	    struct kb_week **, size_t *);
int	store_kb_solved_top(struct db *, struct arena *, int weeks,
	    struct kb_top **, size_t *);

#endif
