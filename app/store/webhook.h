/*
 * store/webhook.h: webhooks (migration 0172; docs/admin.md, "Webhooks").
 *
 * Events are written to the outbox table webhook_deliveries, one row per
 * enabled hook subscribed to the event, inside the transaction of the
 * transition that causes them: the post lifecycle calls
 * store_webhook_post_write (store/post.c, store_post_write) and
 * store_webhook_decided (store/modq.c, store_modq_decide); an escalation
 * calls store_webhook_enqueue (store/support.c, store_support_open).  No
 * row is ever written after a COMMIT, so an event exists exactly when its
 * transition does.  The payload is JSON (jansson) with the event, a
 * random event id, the time, the thread, post or case ids and a URL; it
 * never carries a post's text, title or author, so a held or private
 * post's words cannot leave the forum this way.
 *
 * The hooks themselves are changed by administrators only: each change
 * checks the actor's role in its own transaction and appends an
 * audit_log row before COMMIT.  The delivery worker (app/webhook/)
 * claims due rows with WEBHOOK_CLAIM and records each attempt's result.
 */
#ifndef SODAN_STORE_WEBHOOK_H
#define SODAN_STORE_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

struct arena;
struct db;
struct post_write;
struct post_row;

enum webhook_event {
	WH_QUESTION_CREATED,	/* a question became public */
	WH_OFFICIAL_ANSWER,	/* an official answer became public */
	WH_POST_HELD,		/* a post was held (or kept private) */
	WH_POST_REMOVED,	/* a moderator removed a post */
	WH_CASE_ESCALATED,	/* a thread was escalated to support */
	WH__MAX
};

/* "question.created", ...; NULL past WH__MAX. */
const char	*store_webhook_event_name(enum webhook_event);
/* The event named s, or WH__MAX. */
enum webhook_event store_webhook_event_parse(const char *s);

/*
 * The site's absolute URL for the payloads' links ([site] url, without a
 * trailing slash); set once at start-up, before any thread writes.
 */
void	 store_webhook_site(const char *url);

/*
 * The payload of one event (JSON, caller frees with free()): event, id
 * (event_id), time (RFC 3339, UTC, from t), thread_id, post_id, case_id
 * (those > 0) and url.  NULL on allocation failure.
 */
char	*store_webhook_payload(enum webhook_event, const char *event_id,
	    int64_t t, int64_t thread, int64_t post, int64_t case_id,
	    const char *url);

/*
 * Writes ev for every enabled hook subscribed to it, in the caller's open
 * transaction (one statement; nothing when none is).  The event id is
 * random (libsodium).  0 or -1 (the caller rolls back).
 */
int	 store_webhook_enqueue(struct db *, struct arena *, enum webhook_event,
	    int64_t thread, int64_t post, int64_t case_id);

/*
 * The events of a store_post_write, from what it writes (w) and what the
 * post was (cur, NULL for a new post): a new public question, a new
 * public official answer, a post submitted or edited into held or
 * private.  Inside that transaction.  0 or -1.
 */
int	 store_webhook_post_write(struct db *, struct arena *,
	    const struct post_write *w, const struct post_row *cur,
	    int64_t thread, int64_t post);

/*
 * The events of a moderator's decision (store_modq_decide): removed
 * (before != removed, after == removed); a first publication
 * (first) of a question or an official answer.  Inside that
 * transaction.  0 or -1.
 */
int	 store_webhook_decided(struct db *, struct arena *, int64_t post,
	    int64_t thread, enum post_state before, enum post_state after,
	    int first);

/* --- the console (pages/webhooks.c) ------------------------------------ */

struct webhook {
	int64_t		 id;
	const char	*url;
	const char	*events;	/* event names, space-separated */
	int		 enabled;
	const char	*note;
	int64_t		 created_at;
	const char	*created_by;	/* username, "" when gone */
	int64_t		 pending;	/* deliveries waiting */
	int64_t		 failed;	/* deliveries given up */
};

struct webhook_delivery {
	int64_t		 id;
	const char	*event;
	const char	*event_id;
	const char	*state;		/* pending, delivered, failed */
	int		 attempts;
	int		 last_status;	/* HTTP status; 0: none (no answer) */
	const char	*last_error;
	int64_t		 created_at;
	int64_t		 next_attempt_at;
	int64_t		 delivered_at;	/* 0: not delivered */
};

enum webhook_rc {
	WEBHOOK_OK = 0,
	WEBHOOK_FORBIDDEN,	/* the actor is not an administrator (now) */
	WEBHOOK_NOTFOUND,	/* no such hook */
	WEBHOOK_DUPLICATE,	/* a hook sends one of the events to the URL */
};

/* Every hook, oldest first (arena-owned).  0 or -1. */
int	 store_webhook_list(struct db *, struct arena *, struct webhook **,
	    size_t *);
/* One hook, *out NULL when there is none.  0 or -1. */
int	 store_webhook_get(struct db *, struct arena *, int64_t id,
	    struct webhook **out);
/* The last n deliveries of hook id, newest first.  0 or -1. */
int	 store_webhook_deliveries(struct db *, struct arena *, int64_t id,
	    int n, struct webhook_delivery **, size_t *);
/*
 * Adds a hook: url, events (a text-array literal "{a,b}"), the secret
 * already sealed, a note; audit row webhook-add.  *id the new hook.
 * webhook_rc or -1: WEBHOOK_DUPLICATE, with *id the existing hook, when
 * a hook already sends one of these events to the same URL (each event
 * would reach the receiver twice).
 */
int	 store_webhook_add(struct db *, struct arena *, int64_t actor,
	    const char *url, const char *events, const char *sealed,
	    const char *note, int64_t *id);
/* Enables or disables hook id; audit row webhook-enable/-disable. */
int	 store_webhook_set_enabled(struct db *, struct arena *, int64_t actor,
	    int64_t id, int enabled);
/* Deletes hook id and its deliveries; audit row webhook-delete. */
int	 store_webhook_delete(struct db *, struct arena *, int64_t actor,
	    int64_t id);

/* --- the delivery worker (app/webhook/) -------------------------------- */

struct webhook_due {
	int64_t		 id;		/* the delivery: Sodan-Delivery */
	int64_t		 hook_id;
	const char	*event;
	const char	*event_id;
	const char	*body;
	int		 attempts;	/* counting this one */
	const char	*url;
	const char	*secret;	/* sealed */
};

/*
 * Claims up to 5 due deliveries (one statement, its own transaction):
 * each one's attempt is counted and it is not due again for lease_s
 * seconds.  0 or -1.
 */
int	 store_webhook_claim(struct db *, struct arena *, int lease_s,
	    struct webhook_due **, size_t *);
/* Delivery id answered status (2xx). */
int	 store_webhook_delivered(struct db *, int64_t id, int status);
/* Not delivered: again in delay_ms milliseconds (status 0: no answer). */
int	 store_webhook_retry(struct db *, int64_t id, int status, int delay_ms,
	    const char *error);
/* Not delivered and no attempt left. */
int	 store_webhook_failed(struct db *, int64_t id, int status,
	    const char *error);
/* Drops delivered and failed rows older than 30 days. */
int	 store_webhook_purge(struct db *);

#endif
