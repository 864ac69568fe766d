/*
 * store/webhook.c: webhooks' outbox and the console's changes.
 *
 * The hooks into the write path (store_webhook_post_write,
 * store_webhook_decided, store_webhook_enqueue) run inside the caller's
 * transaction and only add rows: one INSERT ... SELECT per event writes a
 * delivery for every enabled hook subscribed to it, so an event with no
 * subscriber costs one statement that writes nothing.  The payload is
 * built here with jansson from ids alone (never a post's text, title or
 * author) and stored as the exact bytes the worker signs and sends.
 *
 * The console's changes are one transaction each that first reads the
 * actor FOR SHARE as an administrator (ADMIN_ACTOR) and ends with an
 * audit_log row (actor "user:ID"); the sealed secret is never part of
 * the audit detail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/store.h"
#include "store/webhook.h"

#define ID(buf, id)	snprintf((buf), sizeof(buf), "%lld", (long long)(id))

static char	wh_site[512];

static const char *const event_names[WH__MAX] = {
	[WH_QUESTION_CREATED] = "question.created",
	[WH_OFFICIAL_ANSWER] = "answer.official",
	[WH_POST_HELD] = "post.held",
	[WH_POST_REMOVED] = "post.removed",
	[WH_CASE_ESCALATED] = "case.escalated",
};

static const char *event_url(struct arena *, enum webhook_event, int64_t,
		    int64_t, int64_t);
static int	 first_publication(struct db *, struct arena *, int64_t);
static int	 begin_as(struct db *, int64_t, char *, size_t);
static int	 finish(struct db *, const char *, const char *, const char *);
static void	 hook_decode(struct arena *, const struct db_row *, int, void *);
static void	 delivery_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 due_decode(struct arena *, const struct db_row *, int, void *);

/* WEBHOOK_POST_KIND; WEBHOOK_SET_ENABLED, WEBHOOK_DELETE */
static const char *const kind_cols[1] = { "kind" };
static const char *const changed_cols[2] = { "id", "url" };

/* WEBHOOK_LIST, WEBHOOK_GET */
enum { WK_ID, WK_URL, WK_EVENTS, WK_ENABLED, WK_NOTE, WK_CREATED_AT,
    WK_CREATED_BY, WK_PENDING, WK_FAILED, WK__MAX };
static const char *const hook_cols[WK__MAX] = {
	"id", "url", "events", "enabled", "note", "created_at", "created_by",
	"pending", "failed",
};
static const struct db_shape hook_shape = DB_SHAPE(hook_cols, struct webhook,
    hook_decode);

/* WEBHOOK_DELIVERIES */
enum { WD_ID, WD_EVENT, WD_EVENT_ID, WD_STATE, WD_ATTEMPTS, WD_LAST_STATUS,
    WD_LAST_ERROR, WD_CREATED_AT, WD_NEXT_ATTEMPT_AT, WD_DELIVERED_AT,
    WD__MAX };
static const char *const delivery_cols[WD__MAX] = {
	"id", "event", "event_id", "state", "attempts", "last_status",
	"last_error", "created_at", "next_attempt_at", "delivered_at",
};
static const struct db_shape delivery_shape = DB_SHAPE(delivery_cols,
    struct webhook_delivery, delivery_decode);

/* WEBHOOK_CLAIM */
enum { WC_ID, WC_HOOK_ID, WC_EVENT, WC_EVENT_ID, WC_BODY, WC_ATTEMPTS,
    WC_URL, WC_SECRET, WC__MAX };
static const char *const due_cols[WC__MAX] = {
	"id", "hook_id", "event", "event_id", "body", "attempts", "url",
	"secret",
};
static const struct db_shape due_shape = DB_SHAPE(due_cols,
    struct webhook_due, due_decode);

const char *
store_webhook_event_name(enum webhook_event e)
{
	return (unsigned)e < WH__MAX ? event_names[e] : NULL;
}

enum webhook_event
store_webhook_event_parse(const char *s)
{
	int	i;

	for (i = 0; i < WH__MAX; i++)
		if (s != NULL && strcmp(s, event_names[i]) == 0)
			return (enum webhook_event)i;
	return WH__MAX;
}

void
store_webhook_site(const char *url)
{
	size_t	n;

	snprintf(wh_site, sizeof(wh_site), "%s", url != NULL ? url : "");
	n = strlen(wh_site);
	while (n > 0 && wh_site[n - 1] == '/')
		wh_site[--n] = '\0';
}

/*
 * Where a reader of the event goes: the thread (an answer's anchor), the
 * moderator's page of a held post (sign-in needed), the support case.
 */
static const char *
event_url(struct arena *a, enum webhook_event e, int64_t thread, int64_t post,
    int64_t case_id)
{
	switch (e) {
	case WH_QUESTION_CREATED:
		return arena_printf(a, "%s/t/%lld", wh_site, (long long)thread);
	case WH_POST_HELD:
		return arena_printf(a, "%s/mod/post/%lld", wh_site,
		    (long long)post);
	case WH_CASE_ESCALATED:
		return arena_printf(a, "%s/support/%lld", wh_site,
		    (long long)case_id);
	default:
		return arena_printf(a, "%s/t/%lld#p%lld", wh_site,
		    (long long)thread, (long long)post);
	}
}

char *
store_webhook_payload(enum webhook_event e, const char *event_id, int64_t t,
    int64_t thread, int64_t post, int64_t case_id, const char *url)
{
	json_t		*o;
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 when[32], *s;

	if ((unsigned)e >= WH__MAX || gmtime_r(&tt, &tm) == NULL)
		return NULL;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((o = json_object()) == NULL)
		return NULL;
	json_object_set_new(o, "event", json_string(event_names[e]));
	json_object_set_new(o, "id", json_string(event_id));
	json_object_set_new(o, "time", json_string(when));
	if (thread > 0)
		json_object_set_new(o, "thread_id", json_integer(thread));
	if (post > 0)
		json_object_set_new(o, "post_id", json_integer(post));
	if (case_id > 0)
		json_object_set_new(o, "case_id", json_integer(case_id));
	if (url != NULL)
		json_object_set_new(o, "url", json_string(url));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

int
store_webhook_enqueue(struct db *db, struct arena *a, enum webhook_event e,
    int64_t thread, int64_t post, int64_t case_id)
{
	unsigned char	 rnd[16];
	char		 hex[33], *body;
	const char	*p[3];
	int		 rc;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	p[0] = store_webhook_event_name(e);
	p[1] = arena_printf(a, "evt_%s", hex);
	if ((body = store_webhook_payload(e, p[1], (int64_t)time(NULL), thread,
	    post, case_id, event_url(a, e, thread, post, case_id))) == NULL)
		return -1;
	p[2] = body;
	rc = db_run_count(db, Q_WEBHOOK_ENQUEUE, p, NULL);
	free(body);
	return rc;
}

/* 1 when post has exactly one public revision (just published), 0, -1. */
static int
first_publication(struct db *db, struct arena *a, int64_t post)
{
	const char	*p[1] = { arena_printf(a, "%lld", (long long)post) };
	int64_t		 n = 0;

	if (store_one_id(db, Q_WEBHOOK_PUBLIC_REVISIONS, p, "n", &n) == -1)
		return -1;
	return n == 1;
}

int
store_webhook_post_write(struct db *db, struct arena *a,
    const struct post_write *w, const struct post_row *cur, int64_t thread,
    int64_t post)
{
	enum post_kind	 kind = cur != NULL ? cur->kind : w->kind;
	enum post_state	 was = cur != NULL ? cur->state : PS__MAX;
	enum post_state	 now;
	int		 held_now, held_was, first;

	if (cur == NULL)
		now = w->state;
	else if (w->set_state)
		now = w->state;
	else
		return 0;
	held_now = now == PS_HELD || now == PS_PRIVATE;
	held_was = was == PS_HELD || was == PS_PRIVATE;
	if (held_now && !held_was)
		return store_webhook_enqueue(db, a, WH_POST_HELD, thread, post,
		    0);
	if (now != PS_VISIBLE || (kind != PK_QUESTION && kind != PK_OFFICIAL))
		return 0;
	if (cur != NULL) {
		/* a held post published by its redaction, never public */
		if (!held_was)
			return 0;
		if ((first = first_publication(db, a, post)) != 1)
			return first;
	}
	return store_webhook_enqueue(db, a, kind == PK_QUESTION ?
	    WH_QUESTION_CREATED : WH_OFFICIAL_ANSWER, thread, post, 0);
}

int
store_webhook_decided(struct db *db, struct arena *a, int64_t post,
    int64_t thread, enum post_state before, enum post_state after,
    int first)
{
	const char	*p[1];
	PGresult	*res;
	struct db_row	 k;
	enum post_kind	 kind;
	int		 pub;

	(void)first;
	if (after == PS_REMOVED && before != PS_REMOVED)
		return store_webhook_enqueue(db, a, WH_POST_REMOVED, thread,
		    post, 0);
	if (after != PS_VISIBLE || (before != PS_HELD && before != PS_PRIVATE))
		return 0;
	if ((pub = first_publication(db, a, post)) != 1)
		return pub;
	p[0] = arena_printf(a, "%lld", (long long)post);
	if ((res = db_query(db, Q_WEBHOOK_POST_KIND, p, &k, kind_cols,
	    1)) == NULL)
		return -1;
	kind = k.rows != 1 ? PK_ANSWER : strcmp(db_val(&k, 0, 0),
	    "question") == 0 ? PK_QUESTION : strcmp(db_val(&k, 0, 0),
	    "official") == 0 ? PK_OFFICIAL : PK_ANSWER;
	PQclear(res);
	if (kind == PK_ANSWER)
		return 0;
	return store_webhook_enqueue(db, a, kind == PK_QUESTION ?
	    WH_QUESTION_CREATED : WH_OFFICIAL_ANSWER, thread, post, 0);
}

/* --- the console ---------------------------------------------------------- */

static void
hook_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct webhook	*h = row;

	h->id = db_i64(k, i, WK_ID);
	h->url = db_str(a, k, i, WK_URL);
	h->events = db_str(a, k, i, WK_EVENTS);
	h->enabled = db_bool(k, i, WK_ENABLED);
	h->note = db_str(a, k, i, WK_NOTE);
	h->created_at = db_i64(k, i, WK_CREATED_AT);
	h->created_by = db_str(a, k, i, WK_CREATED_BY);
	h->pending = db_i64(k, i, WK_PENDING);
	h->failed = db_i64(k, i, WK_FAILED);
}

static void
delivery_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct webhook_delivery	*d = row;

	d->id = db_i64(k, i, WD_ID);
	d->event = db_str(a, k, i, WD_EVENT);
	d->event_id = db_str(a, k, i, WD_EVENT_ID);
	d->state = db_str(a, k, i, WD_STATE);
	d->attempts = (int)db_i64(k, i, WD_ATTEMPTS);
	d->last_status = (int)db_i64(k, i, WD_LAST_STATUS);
	d->last_error = db_str(a, k, i, WD_LAST_ERROR);
	d->created_at = db_i64(k, i, WD_CREATED_AT);
	d->next_attempt_at = db_i64(k, i, WD_NEXT_ATTEMPT_AT);
	d->delivered_at = db_i64(k, i, WD_DELIVERED_AT);
}

static void
due_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct webhook_due	*d = row;

	d->id = db_i64(k, i, WC_ID);
	d->hook_id = db_i64(k, i, WC_HOOK_ID);
	d->event = db_str(a, k, i, WC_EVENT);
	d->event_id = db_str(a, k, i, WC_EVENT_ID);
	d->body = db_str(a, k, i, WC_BODY);
	d->attempts = (int)db_i64(k, i, WC_ATTEMPTS);
	d->url = db_str(a, k, i, WC_URL);
	d->secret = db_str(a, k, i, WC_SECRET);
}

int
store_webhook_list(struct db *db, struct arena *a, struct webhook **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_WEBHOOK_LIST, NULL, &hook_shape, &v, n);
	*out = v;
	return rc;
}

int
store_webhook_get(struct db *db, struct arena *a, int64_t id,
    struct webhook **out)
{
	const char	*p[1] = { arena_printf(a, "%lld", (long long)id) };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_WEBHOOK_GET, p, &hook_shape, &v);
	*out = v;
	return rc;
}

int
store_webhook_deliveries(struct db *db, struct arena *a, int64_t id, int n,
    struct webhook_delivery **out, size_t *nout)
{
	const char	*p[2] = { arena_printf(a, "%lld", (long long)id),
	    arena_printf(a, "%d", n) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_WEBHOOK_DELIVERIES, p, &delivery_shape, &v,
	    nout);
	*out = v;
	return rc;
}

/* The transaction of a change by an administrator; webhook_rc or -1. */
static int
begin_as(struct db *db, int64_t actor, char *who, size_t len)
{
	char		 ids[24];
	const char	*p[1] = { ids };
	int		 n = 0;

	ID(ids, actor);
	snprintf(who, len, "user:%lld", (long long)actor);
	if (db_begin(db) == -1)
		return -1;
	if (db_run_count(db, Q_ADMIN_ACTOR, p, &n) == -1) {
		db_rollback(db);
		return -1;
	}
	if (n != 1) {
		db_rollback(db);
		return WEBHOOK_FORBIDDEN;
	}
	return WEBHOOK_OK;
}

/* The audit row, then COMMIT.  WEBHOOK_OK or -1 (rolled back). */
static int
finish(struct db *db, const char *who, const char *action,
    const char *detail)
{
	const char	*p[5] = { who, action, NULL, "webhook", detail };

	if (db_run_count(db, Q_AUDIT_ADD, p, NULL) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == -1 ? -1 : WEBHOOK_OK;
}

int
store_webhook_add(struct db *db, struct arena *a, int64_t actor,
    const char *url, const char *events, const char *sealed,
    const char *note, int64_t *id)
{
	char		 who[32], bys[24];
	const char	*p[5] = { url, events, sealed, note, bys };
	int		 rc;

	*id = 0;
	ID(bys, actor);
	if ((rc = begin_as(db, actor, who, sizeof(who))) != WEBHOOK_OK)
		return rc;
	if (db_run_count(db, Q_WEBHOOK_LOCK, NULL, NULL) == -1 ||
	    store_one_id(db, Q_WEBHOOK_OVERLAP, p, "id", id) == -1) {
		db_rollback(db);
		return -1;
	}
	if (*id != 0) {
		db_rollback(db);
		return WEBHOOK_DUPLICATE;
	}
	if (store_one_id(db, Q_WEBHOOK_ADD, p, "id", id) == -1 || *id == 0) {
		db_rollback(db);
		return -1;
	}
	return finish(db, who, "webhook-add", arena_printf(a, "#%lld %s %s",
	    (long long)*id, url, events));
}

int
store_webhook_set_enabled(struct db *db, struct arena *a, int64_t actor,
    int64_t id, int enabled)
{
	char		 who[32], ids[24];
	const char	*p[2] = { ids, enabled ? "true" : "false" };
	PGresult	*res;
	struct db_row	 k;
	const char	*url;
	int		 rc;

	ID(ids, id);
	if ((rc = begin_as(db, actor, who, sizeof(who))) != WEBHOOK_OK)
		return rc;
	if ((res = db_query(db, Q_WEBHOOK_SET_ENABLED, p, &k, changed_cols,
	    2)) == NULL) {
		db_rollback(db);
		return -1;
	}
	if (k.rows != 1) {
		PQclear(res);
		db_rollback(db);
		return WEBHOOK_NOTFOUND;
	}
	url = db_str(a, &k, 0, 1);
	PQclear(res);
	return finish(db, who, enabled ? "webhook-enable" : "webhook-disable",
	    arena_printf(a, "#%lld %s", (long long)id, url));
}

int
store_webhook_delete(struct db *db, struct arena *a, int64_t actor,
    int64_t id)
{
	char		 who[32], ids[24];
	const char	*p[1] = { ids };
	PGresult	*res;
	struct db_row	 k;
	const char	*url;
	int		 rc;

	ID(ids, id);
	if ((rc = begin_as(db, actor, who, sizeof(who))) != WEBHOOK_OK)
		return rc;
	if ((res = db_query(db, Q_WEBHOOK_DELETE, p, &k, changed_cols,
	    2)) == NULL) {
		db_rollback(db);
		return -1;
	}
	if (k.rows != 1) {
		PQclear(res);
		db_rollback(db);
		return WEBHOOK_NOTFOUND;
	}
	url = db_str(a, &k, 0, 1);
	PQclear(res);
	return finish(db, who, "webhook-delete", arena_printf(a, "#%lld %s",
	    (long long)id, url));
}

/* --- the worker ----------------------------------------------------------- */

int
store_webhook_claim(struct db *db, struct arena *a, int lease_s,
    struct webhook_due **out, size_t *n)
{
	const char	*p[1] = { arena_printf(a, "%d", lease_s) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_WEBHOOK_CLAIM, p, &due_shape, &v, n);
	*out = v;
	return rc;
}

int
store_webhook_delivered(struct db *db, int64_t id, int status)
{
	char		 ids[24], st[24];
	const char	*p[2] = { ids, st };

	ID(ids, id);
	snprintf(st, sizeof(st), "%d", status);
	return db_run_count(db, Q_WEBHOOK_DELIVERED, p, NULL);
}

int
store_webhook_retry(struct db *db, int64_t id, int status, int delay_ms,
    const char *error)
{
	char		 ids[24], st[24], ds[24];
	const char	*p[4] = { ids, status > 0 ? st : NULL, ds, error };

	ID(ids, id);
	snprintf(st, sizeof(st), "%d", status);
	snprintf(ds, sizeof(ds), "%d", delay_ms);
	return db_run_count(db, Q_WEBHOOK_RETRY, p, NULL);
}

int
store_webhook_failed(struct db *db, int64_t id, int status,
    const char *error)
{
	char		 ids[24], st[24];
	const char	*p[3] = { ids, status > 0 ? st : NULL, error };

	ID(ids, id);
	snprintf(st, sizeof(st), "%d", status);
	return db_run_count(db, Q_WEBHOOK_FAILED, p, NULL);
}

int
store_webhook_purge(struct db *db)
{
	return db_run_count(db, Q_WEBHOOK_PURGE, NULL, NULL);
}
