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
#include "store/db_internal.h"
#include "store/store.h"

#define ID(buf, id)	snprintf((buf), sizeof(buf), "%lld", (long long)(id))

static const char *const kind_names[WATCH__MAX] = {
	[WATCH_THREAD] = "thread",
	[WATCH_TAG] = "tag",
	[WATCH_CATEGORY] = "category",
};

static int	run(struct db *, enum q, const char *const *);
static const char *val(struct arena *, PGresult *, int, const char *);
static int64_t	num(PGresult *, int, const char *);

const char *
store_watch_kind_name(enum watch_kind k)
{
	return k < WATCH__MAX ? kind_names[k] : "thread";
}

static int
run(struct db *db, enum q q, const char *const *p)
{
	PGresult	*res;

	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

static const char *
val(struct arena *a, PGresult *res, int row, const char *name)
{
	return arena_strdup(a, PQgetvalue(res, row, PQfnumber(res, name)));
}

static int64_t
num(PGresult *res, int row, const char *name)
{
	return strtoll(PQgetvalue(res, row, PQfnumber(res, name)), NULL, 10);
}

int
store_watch_set(struct db *db, int64_t user, enum watch_kind k,
    const char *target, const char *level)
{
	char		 u[24];
	const char	*p[4] = { u, store_watch_kind_name(k), target, level };

	ID(u, user);
	if (strcmp(level, "none") == 0)
		return run(db, Q_WATCH_UNSET, p);
	return run(db, Q_WATCH_SET, p);
}

int
store_watch_get(struct db *db, struct arena *a, int64_t user,
    enum watch_kind k, const char *target, const char **level)
{
	PGresult	*res;
	char		 u[24];
	const char	*p[3] = { u, store_watch_kind_name(k), target };

	*level = "";
	ID(u, user);
	if ((res = db_exec(db, Q_WATCH_GET, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1)
		*level = val(a, res, 0, "level");
	PQclear(res);
	return 0;
}

int
store_watch_list(struct db *db, struct arena *a, int64_t user,
    struct watch_row **out, size_t *n)
{
	PGresult	*res;
	char		 u[24];
	const char	*p[1] = { u };
	const char	*k;
	int		 i, j;

	*out = NULL;
	*n = 0;
	ID(u, user);
	if ((res = db_exec(db, Q_WATCH_LIST, p)) == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_calloc(a, *n + 1, sizeof(**out));
	for (i = 0; i < (int)*n; i++) {
		k = PQgetvalue(res, i, PQfnumber(res, "kind"));
		(*out)[i].kind = WATCH_THREAD;
		for (j = 0; j < WATCH__MAX; j++)
			if (strcmp(kind_names[j], k) == 0)
				(*out)[i].kind = (enum watch_kind)j;
		(*out)[i].target = val(a, res, i, "target");
		(*out)[i].level = val(a, res, i, "level");
		(*out)[i].label = val(a, res, i, "label");
		(*out)[i].name[LANG_JA] = val(a, res, i, "name_ja");
		(*out)[i].name[LANG_EN] = val(a, res, i, "name_en");
	}
	PQclear(res);
	return 0;
}

int
store_watch_post_write(struct db *db, struct arena *a,
    const struct post_write *w, int64_t thread, int64_t post, int64_t actor)
{
	const char	*p[5];
	char		 t[24], ps[24], ac[24], au[24];

	ID(t, thread);
	ID(ps, post);
	ID(ac, actor);
	(void)a;
	if (w->watch_auto != 0) {
		ID(au, w->watch_auto);
		p[0] = au;
		p[1] = t;
		p[2] = w->watch_auto_level != NULL ? w->watch_auto_level :
		    "tracking";
		if (run(db, Q_WATCH_AUTO, p) == -1)
			return -1;
	}
	if (w->watch_event != NULL && w->watch_levels != NULL) {
		p[0] = t;
		p[1] = w->watch_event;
		p[2] = ps;
		p[3] = ac;
		p[4] = w->watch_levels;
		if (run(db, Q_WATCH_NOTIFY, p) == -1)
			return -1;
	}
	if (w->mentions != NULL) {
		p[0] = w->mentions;
		p[1] = t;
		p[2] = ps;
		p[3] = ac;
		if (run(db, Q_WATCH_MENTIONS, p) == -1)
			return -1;
	}
	return 0;
}

int
store_notify_prefs_get(struct db *db, struct arena *a, int64_t user,
    const char **mode, const char **mail_off)
{
	PGresult	*res;
	char		 u[24];
	const char	*p[1] = { u };

	*mode = "instant";
	*mail_off = "";
	ID(u, user);
	if ((res = db_exec(db, Q_NOTIFY_PREFS_GET, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*mode = val(a, res, 0, "mode");
		*mail_off = val(a, res, 0, "mail_off");
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
	return run(db, Q_NOTIFY_PREFS_SET, p);
}

int
store_notify_unsubscribe(struct db *db, int64_t user, const char *kind)
{
	char		 u[24];
	const char	*p[2] = { u, kind };

	ID(u, user);
	return run(db, Q_NOTIFY_UNSUBSCRIBE, p);
}

int
store_notify_due(struct db *db, struct arena *a, struct notify_due **out,
    size_t *n)
{
	PGresult	*res;
	int		 i;

	*out = NULL;
	*n = 0;
	if (run(db, Q_NOTIFY_MAIL_SKIP, NULL) == -1)
		return -1;
	if ((res = db_exec(db, Q_NOTIFY_MAIL_DUE, NULL)) == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_calloc(a, *n + 1, sizeof(**out));
	for (i = 0; i < (int)*n; i++) {
		(*out)[i].user = num(res, i, "user_id");
		(*out)[i].thread = num(res, i, "thread_id");
	}
	PQclear(res);
	return 0;
}

int
store_notify_rows(struct db *db, struct arena *a, int64_t user,
    int64_t thread, struct notify_mail_row **out, size_t *n)
{
	PGresult		*res;
	struct notify_mail_row	*r;
	char			 u[24], t[24];
	const char		*p[2] = { u, t };
	int			 i;

	*out = NULL;
	*n = 0;
	ID(u, user);
	ID(t, thread);
	if ((res = db_exec(db, Q_NOTIFY_MAIL_ROWS, p)) == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*out = arena_calloc(a, *n + 1, sizeof(**out));
	for (i = 0; i < (int)*n; i++) {
		r = &(*out)[i];
		r->id = num(res, i, "id");
		r->kind = val(a, res, i, "kind");
		r->thread_id = num(res, i, "thread_id");
		r->post_id = num(res, i, "post_id");
		r->reason = val(a, res, i, "reason");
		r->title = val(a, res, i, "title");
		r->post_state = val(a, res, i, "post_state");
		r->post_kind = val(a, res, i, "post_kind");
	}
	PQclear(res);
	return 0;
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
	if (run(db, Q_NOTIFY_MAIL_MARK, p) == -1)
		return -1;
	if (thread == -1) {
		p[0] = u;
		return run(db, Q_NOTIFY_DIGEST_SENT, p);
	}
	p[1] = t;
	return run(db, Q_NOTIFY_MAIL_THREAD_SENT, p);
}
