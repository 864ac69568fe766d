/*
 * pages/modqueue.h: what the moderator pages (pages/modqueue*.c) share.
 * Not for other files: pages.h declares their handlers.
 */
#ifndef SODAN_PAGES_MODQUEUE_H
#define SODAN_PAGES_MODQUEUE_H

#include <stdint.h>

#include "core.h"

#include "store/store.h"

struct html;
struct req;
struct post_result;

/* The queue named s (held, private, flagged, first); MQ__MAX if none. */
enum modq_kind	 modqueue_kind(const char *s);
/* A queue's title in the visitor's language. */
const char	*modqueue_kind_title(enum lang, enum modq_kind);
/* An optional text field's value, or "". */
const char	*modqueue_str(struct req *, int field);
/* A page with a title, a status line, an optional detail and a way back. */
void		 modqueue_message(struct req *, int status, const char *title,
		    const char *text, const char *detail, const char *back);
/* One item with its evidence (full: the whole text, not an excerpt). */
void		 modqueue_item_card(struct html *, struct req *,
		    struct modq_item *, int full);
/*
 * Decides one post through the lifecycle (post_moderate); a removal as
 * scam keeps the exchange's official contact points.  0 (see res->err),
 * or -1 when the store failed.
 */
int		 modqueue_decide(struct req *, int64_t post, enum modq_kind,
		    const char *action, const char *reason, const char *note,
		    const char *body, struct post_result *);
/*
 * modqueue_decide on each queue item of ids (comma-separated); *done the
 * decided, *taken those decided first by someone else.  0, or -1 when
 * the store failed.
 */
int		 modqueue_bulk(struct req *, enum modq_kind, const char *action,
		    const char *reason, const char *ids, int *done, int *taken);
/*
 * Purge or suspend account id from the fields F_MODU_* (the page's and
 * the API's): *remove_posts whether posts go too; 1 when confirm was not
 * sent (nothing done), else 0 with the transition's result in res
 * (post_purge_user).
 */
int		 modqueue_purge_apply(struct req *, int64_t id,
		    int *remove_posts, struct post_result *res);
/*
 * A campaign purge from the fields F_MODC_*: 1 when confirm was not sent
 * (nothing done), else 0 with the result in res (post_purge_campaign:
 * res->nposts, res->naccounts).
 */
int		 modqueue_campaign_apply(struct req *, struct post_result *res);
/*
 * Undo of audit-log entry id with the fields F_MODX_*: 1 when confirm was
 * not sent, else 0 with the result in res (post_undo; POST_E_STALE when
 * it cannot be undone any more).
 */
int		 modqueue_undo_apply(struct req *, int64_t id,
		    struct post_result *res);
/*
 * The rule set reloaded on every instance, written to the audit log
 * first with the reason F_MODR_REASON: 0, or -1 when the store failed.
 */
int		 modqueue_rules_reload(struct req *);
/*
 * A training run of the filters' model asked for: *run its id, 0 when
 * one was queued already (nothing added).  0, or -1 when the store
 * failed.
 */
int		 modqueue_rules_train(struct req *, int64_t *run);
/*
 * Rate limits of the subject F_MODLIMR_Q reset (F_MODLIMR_LIMIT, or all;
 * the audit row first): the status (200 done; 400 not confirmed or the
 * limit does not apply; 404 no such subject; 503 Redis or the store
 * failed) and *msg its sentence; *reset the names of the limits reset;
 * -1 when the store failed (no answer sent).
 */
int		 modqueue_limits_reset(struct req *, const char **msg,
		    const char **reset);

#endif
