/*
 * store/watch.c: watching threads, tags and categories, and the rows the
 * mail thread turns into notification mail.
 *
 * A member follows a thread (automatically: watching what one asked,
 * tracking what one answered), a tag
 * or a category at one of three levels: watching (every new answer),
 * tracking (official answers and staff verifications), muted (nothing).
 * The level on the thread wins over those of its tags and category;
 * among those, muted wins, then watching, then tracking.  Followers are
 * told inside the transaction of the post's transition
 * (store_watch_post_write, called by store_post_write), like every other
 * notification.  A notification row is also its own mail queue
 * ('pending'): app/mail/notify.c reads due rows here, renders one mail per
 * member and thread (at most one per 15 minutes) or a daily digest, and
 * marks them in the transaction that appends the message to the outbox.
 * Rows are decoded by column name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"

#define ID(buf, id)	snprintf((buf), sizeof(buf), "%lld", (long long)(id))

static const char *const kind_names[WATCH__MAX] = {
	[WATCH_THREAD] = "thread",
	[WATCH_TAG] = "tag",
	[WATCH_CATEGORY] = "category",
};

static enum watch_kind kind_of(const char *);
static void	watch_decode(struct arena *, const struct db_row *, int, void *);
static void	due_decode(struct arena *, const struct db_row *, int, void *);
static void	mail_row_decode(struct arena *, const struct db_row *, int,
		    void *);

/* WATCH_GET */
enum { WG_LEVEL, WG__MAX };
static const char *const get_cols[WG__MAX] = { "level" };

/* WATCH_LIST */
enum { WL_KIND, WL_TARGET, WL_LEVEL, WL_LABEL, WL_NAME_JA, WL_NAME_EN,
    WL__MAX };
static const char *const list_cols[WL__MAX] = {
	"kind", "target", "level", "label", "name_ja", "name_en",
};
static const struct db_shape list_shape = DB_SHAPE(list_cols,
    struct watch_row, watch_decode);

/* NOTIFY_PREFS_GET */
enum { NP_MODE, NP_MAIL_OFF, NP__MAX };
static const char *const prefs_cols[NP__MAX] = { "mode", "mail_off" };

/* NOTIFY_MAIL_DUE */
enum { ND_USER_ID, ND_THREAD_ID, ND__MAX };
static const char *const due_cols[ND__MAX] = { "user_id", "thread_id" };
static const struct db_shape due_shape = DB_SHAPE(due_cols,
    struct notify_due, due_decode);

/* NOTIFY_MAIL_ROWS */
enum { NR_ID, NR_KIND, NR_THREAD_ID, NR_POST_ID, NR_REASON, NR_TITLE,
    NR_POST_STATE, NR_POST_KIND, NR__MAX };
static const char *const mail_row_cols[NR__MAX] = {
	"id", "kind", "thread_id", "post_id", "reason", "title", "post_state",
	"post_kind",
};
static const struct db_shape mail_row_shape = DB_SHAPE(mail_row_cols,
    struct notify_mail_row, mail_row_decode);

const char *
store_watch_kind_name(enum watch_kind k)
{
	return k < WATCH__MAX ? kind_names[k] : "thread";
}

/* watches.kind -> enum (an unknown kind reads as a thread's) */
static enum watch_kind
kind_of(const char *k)
{
	int	j;

	for (j = 0; j < WATCH__MAX; j++)
		if (strcmp(kind_names[j], k) == 0)
			return (enum watch_kind)j;
	return WATCH_THREAD;
}

static void
watch_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct watch_row	*w = row;

	w->kind = kind_of(db_val(k, i, WL_KIND));
	w->target = db_str(a, k, i, WL_TARGET);
	w->level = db_str(a, k, i, WL_LEVEL);
	w->label = db_str(a, k, i, WL_LABEL);
	w->name[LANG_JA] = db_str(a, k, i, WL_NAME_JA);
	w->name[LANG_EN] = db_str(a, k, i, WL_NAME_EN);
}

static void
due_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct notify_due	*d = row;

	(void)a;
	d->user = db_i64(k, i, ND_USER_ID);
	d->thread = db_i64(k, i, ND_THREAD_ID);
}

static void
mail_row_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct notify_mail_row	*r = row;

	r->id = db_i64(k, i, NR_ID);
	r->kind = store_notif_kind(k, i, NR_KIND);
	r->thread_id = db_i64(k, i, NR_THREAD_ID);
	r->post_id = db_i64(k, i, NR_POST_ID);
	r->reason = db_str(a, k, i, NR_REASON);
	r->title = db_str(a, k, i, NR_TITLE);
	r->post_state = state_post_parse(db_val(k, i, NR_POST_STATE));
	r->post_kind = state_kind_parse(db_val(k, i, NR_POST_KIND));
}

int
store_watch_set(struct db *db, int64_t user, enum watch_kind k,
    const char *target, const char *level)
{
	char		 u[24];
	const char	*p[4] = { u, store_watch_kind_name(k), target, level };

	ID(u, user);
	if (strcmp(level, "none") == 0)
		return db_run(db, Q_WATCH_UNSET, p);
	return db_run(db, Q_WATCH_SET, p);
}

int
store_watch_get(struct db *db, struct arena *a, int64_t user,
    enum watch_kind k, const char *target, const char **level)
{
	PGresult	*res;
	struct db_row	 r;
	char		 u[24];
	const char	*p[3] = { u, store_watch_kind_name(k), target };

	*level = "";
	ID(u, user);
	if ((res = db_query(db, Q_WATCH_GET, p, &r, get_cols, WG__MAX)) == NULL)
		return -1;
	if (r.rows == 1)
		*level = db_str(a, &r, 0, WG_LEVEL);
	PQclear(res);
	return 0;
}

int
store_watch_list(struct db *db, struct arena *a, int64_t user,
    struct watch_row **out, size_t *n)
{
	char		 u[24];
	const char	*p[1] = { u };
	void		*v;
	int		 rc;

	ID(u, user);
	rc = db_rows(db, a, Q_WATCH_LIST, p, &list_shape, &v, n);
	*out = v;
	return rc;
}

int
store_watch_post_write(struct db *db, struct arena *a,
    const struct post_write *w, int64_t thread, int64_t post, int64_t actor)
{
	return store_watch_post_notes(db, a, w, NULL, thread, post, actor);
}

/*
 * One statement (WATCH_NOTES) for the note, the author's automatic watch
 * and the followers' notifications; the @mentions after it, so that they
 * see its rows.
 */
int
store_watch_post_notes(struct db *db, struct arena *a,
    const struct post_write *w, const struct post_note *note, int64_t thread,
    int64_t post, int64_t actor)
{
	const char	*p[11];
	char		 t[24], ps[24], ac[24], au[24], nu[24], na[24];
	int		 event;

	ID(t, thread);
	ID(ps, post);
	ID(ac, actor);
	event = w->watch_event != NULL && w->watch_levels != NULL;
	if (note != NULL || w->watch_auto != 0 || event) {
		ID(nu, note != NULL ? note->user : 0);
		ID(na, note != NULL ? note->actor : 0);
		ID(au, w->watch_auto);
		p[0] = nu;
		p[1] = note != NULL ? note->kind : NULL;
		p[2] = t;
		p[3] = ps;
		p[4] = na;
		p[5] = note != NULL && note->reason != NULL ? note->reason : "";
		p[6] = au;
		p[7] = w->watch_auto_level != NULL ? w->watch_auto_level :
		    "tracking";
		p[8] = event ? w->watch_event : NULL;
		p[9] = event ? w->watch_levels : "{}";
		p[10] = ac;
		if (db_defer(db, a, Q_WATCH_NOTES, p) == -1)
			return -1;
	}
	if (w->mentions != NULL) {
		p[0] = w->mentions;
		p[1] = t;
		p[2] = ps;
		p[3] = ac;
		if (db_defer(db, a, Q_WATCH_MENTIONS, p) == -1)
			return -1;
	}
	return 0;
}

int
store_notify_prefs_get(struct db *db, struct arena *a, int64_t user,
    const char **mode, const char **mail_off)
{
	PGresult	*res;
	struct db_row	 k;
	char		 u[24];
	const char	*p[1] = { u };

	*mode = "instant";
	*mail_off = "";
	ID(u, user);
	if ((res = db_query(db, Q_NOTIFY_PREFS_GET, p, &k, prefs_cols,
	    NP__MAX)) == NULL)
		return -1;
	if (k.rows == 1) {
		*mode = db_str(a, &k, 0, NP_MODE);
		*mail_off = db_str(a, &k, 0, NP_MAIL_OFF);
	}
	PQclear(res);
	return 0;
}

int
store_notify_prefs_set(struct db *db, int64_t user, const char *mode,
    const char *mail_off)
{
	char		 u[24];
	const char	*p[3] = { u, mode, mail_off };

	ID(u, user);
	return db_run(db, Q_NOTIFY_PREFS_SET, p);
}

int
store_notify_unsubscribe(struct db *db, int64_t user, const char *kind)
{
	char		 u[24];
	const char	*p[2] = { u, kind };

	ID(u, user);
	return db_run(db, Q_NOTIFY_UNSUBSCRIBE, p);
}

int
store_notify_due(struct db *db, struct arena *a, struct notify_due **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if (db_run(db, Q_NOTIFY_MAIL_SKIP, NULL) == -1)
		return -1;
	rc = db_rows(db, a, Q_NOTIFY_MAIL_DUE, NULL, &due_shape, &v, n);
	*out = v;
	return rc;
}

int
store_notify_rows(struct db *db, struct arena *a, int64_t user,
    int64_t thread, struct notify_mail_row **out, size_t *n)
{
	char		 u[24], t[24];
	const char	*p[2] = { u, t };
	void		*v;
	int		 rc;

	ID(u, user);
	ID(t, thread);
	rc = db_rows(db, a, Q_NOTIFY_MAIL_ROWS, p, &mail_row_shape, &v, n);
	*out = v;
	return rc;
}

int
store_notify_mailed(struct db *db, struct arena *a, int64_t user,
    int64_t thread, const char *ids)
{
	char		 u[24], t[24];
	const char	*p[2] = { u, ids };

	(void)a;
	ID(u, user);
	ID(t, thread);
	if (db_run(db, Q_NOTIFY_MAIL_MARK, p) == -1)
		return -1;
	if (thread == -1) {
		p[0] = u;
		return db_run(db, Q_NOTIFY_DIGEST_SENT, p);
	}
	p[1] = t;
	return db_run(db, Q_NOTIFY_MAIL_THREAD_SENT, p);
}
