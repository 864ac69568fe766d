/*
 * pages/kb.h: the knowledge base's checks and writes, shared by its pages
 * (pages/kb.c) and their JSON twins (api/kb.c): both read the same
 * declared fields (F_KBW_*, F_KBH_*, F_KBC_*) and call these, so a rule
 * lives in one place.  Refusals are answered with reply_error, which is
 * a page, or problem details under /api/ (http/reply.c).
 */
#ifndef SODAN_PAGES_KB_H
#define SODAN_PAGES_KB_H

#include <stddef.h>
#include <stdint.h>

struct req;
struct kb_article;

#define KB_FORM_ERRS	8

/* An article's fields as sent, and what to fix in them. */
struct kb_form {
	struct kb_article *art;		/* NULL: a new article */
	const char	*title, *cat, *tags, *question, *body;
	int64_t		 revision;
	const char	*errs[KB_FORM_ERRS];	/* msgids */
	const char	*errf[KB_FORM_ERRS];	/* the field of each */
	size_t		 nerr;
};

/*
 * The article of the path for r (withheld ones for staff only), or NULL
 * after answering 404 (or nothing, when the store failed: 503 follows).
 * Arena-owned.
 */
struct kb_article *kb_load(struct req *);
/*
 * f filled from the declared fields F_KBW_*.  A field not sent is "", or,
 * with keep and f->art set, the article's own (revision: 0).
 */
void	kb_form_read(struct req *, struct kb_form *f, int keep);
/*
 * A new article from f by r's account (staff; checked again in the
 * store's transaction).  0: written, *slug its slug (arena-owned); 1:
 * nothing written, f->errs says what to fix; -1 after answering a
 * refusal (403) or when the store failed.
 */
int	kb_create(struct req *, struct kb_form *f, const char **slug);
/*
 * f->art saved from f, based on revision f->revision.  0: saved; 1: as
 * kb_create; 2: nothing written, the article changed since that revision
 * (unanswered: the caller says so); -1 after answering or a store failure.
 */
int	kb_save(struct req *, struct kb_form *f);
/* "Was this helpful?" of r's visitor for k: 0, or -1 after answering (404) or a store failure. */
int	kb_vote(struct req *, const struct kb_article *k, int helpful);
/*
 * Staff confirm k unchanged at revision: its review flag cleared.  0
 * done; 2 unanswered: k changed since, or needs no review; -1 after
 * answering (409 withheld: to be edited, 403) or a store failure.
 */
int	kb_confirm(struct req *, const struct kb_article *k, int64_t revision);
/*
 * Thread promoted to an article by r's account (staff).  0 with *slug
 * (arena-owned) and *created (0: the thread had one already, *slug is
 * it); -1 after answering (404, 409: nothing an article can carry, 403)
 * or a store failure.
 */
int	kb_promote(struct req *, int64_t thread, const char **slug,
	    int *created);

#endif
