/*
 * qa.h: helpers shared by the Q&A pages (thread.c, ask.c, search.c,
 * feed.c) and the JSON API (api/qa.c).  Not a module of its own: the
 * prefix is qa_ and the definitions live in pages/qa.c.
 */
#ifndef SODAN_QA_H
#define SODAN_QA_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"
#include "view/html.h"

struct qa_thread;
struct qa_post;

#define QA_TITLE_MIN	10
#define QA_TITLE_MAX	150
#define QA_BODY_MIN	10
#define QA_BODY_MAX	20000
#define QA_TAGS_MAX	5
#define QA_TAG_MAX	30

/*
 * A path segment (r->param[i]) of 1 to 18 decimal digits as an id; 0 for
 * anything else (the page then answers 404).
 */
int64_t	 qa_param_id(const char *);
void	 qa_diff_html(struct html *, struct req *, const char *old,
	    const char *new);
/*
 * 1 when the segment is an id written one way only (no leading zero):
 * a cached page is stored under one path (http/pcache.h).
 */
int	 qa_param_canonical(const char *);
/* Staff or admin (official answers, verification). */
int	 qa_is_staff(const struct req *);
/* Staff, moderator or admin (close, reopen, lock, pin, duplicate). */
int	 qa_is_mod(const struct req *);
/* Moderator or admin (sees held and hidden posts in place). */
int	 qa_sees_held(const struct req *);
struct post_ctx;
struct post_actor;
struct post_result;
/* The lifecycle context for r's signed-in user (by: storage for the actor). */
void	 qa_post_ctx(struct req *, struct post_ctx *, struct post_actor *by);
/*
 * Renders a transition's failure as the page or JSON error it means (404,
 * 403, 409 with the reason, 503) and returns 1; returns 0 for POST_OK and
 * for BLOCKED and INVALID, which the caller shows in its own form.
 */
int	 qa_post_failed(struct req *, const struct post_result *);
/* After a transition: drops cached pages when what strangers see changed. */
void	 qa_post_done(struct req *, const struct post_result *);
/* Tag links for space-separated tags. */
void	 qa_tags_html(struct html *, const char *tags);
/*
 * When tag (folded) is a synonym an administrator made (migration 0177):
 * a 301 to the canonical tag's page, "/tag/" TAG suffix (suffix "" or
 * "/feed.atom"), and 1.  0 when it is none; -1 when the store failed
 * (nothing sent: the dispatcher answers 503).
 */
int	 qa_tag_synonym_redirect(struct req *, const char *tag,
	    const char *suffix);
/*
 * The thread of r->param[0] closed, reopened, locked, pinned, unpinned or
 * marked a duplicate (F_TSTATE_*; staff and moderators, qa_is_mod) in
 * one store transaction with its audit row, its cached pages dropped:
 * 0 (*id the thread, *done the action's name when done is not NULL), or
 * -1 after replying (403, 404, 400) or when the store failed.
 */
int	 qa_thread_state_apply(struct req *, int64_t *id, const char **done);
struct user;
/*
 * user.c: the sign-in lock of account r->param[0] lifted (moderators and
 * admins), written to the audit log with from as its detail: 0 (*u the
 * account), or -1 after replying (404, 403) or when a store failed.
 */
int	 user_unlock_apply(struct req *, const char *from, struct user **u);
/* A list of error messages (already translated), role="alert". */
void	 qa_errors_html(struct html *, struct req *, const char **errs,
	    size_t n);
/*
 * The category <select> (name="category"), selected by slug.  any: NULL for
 * a required choice (ask), else the label of a first "" option (search).
 */
int	 qa_category_select(struct html *, struct req *, const char *selected,
	    const char *any);

#endif
