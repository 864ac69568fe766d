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

#endif
