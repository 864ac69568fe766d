/*
 * store/modq.c: moderator queues, decisions, flags, purges, undo,
 * campaigns, the audit log (mod_log) and the classifier's counts.
 *
 * Every decision is one transaction that (1) claims the queue item with a
 * conditional UPDATE ... WHERE state = 'open' (or, for a new account's
 * first post, an INSERT that conflicts), so two moderators acting at once
 * record exactly one decision and the other learns who decided; (2) locks
 * the post row and changes it; (3) appends to mod_log the state before and
 * after, which is what undo restores.  mod_log refuses UPDATE and DELETE
 * (sql/0006_modq.sql), so an undo is a new row pointing at the old one,
 * and a unique index lets each row be undone once.
 *
 * Rows are decoded by column name (the registry names every column this
 * file reads), one decoder per query; states, kinds and roles stored as
 * text become enums there, once.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/kb.h"
#include "store/store.h"
#include "store/webhook.h"

/* What POST_MOD_LOCK says about the post it locks. */
struct mod_lock {
	enum post_state	 state;
	int64_t		 author;
	int64_t		 thread_id;
	const char	*removed_reason;
	int64_t		 revision;
};

static char	*i64(struct arena *, int64_t);
static const char *val(PGresult *, int, const char *);
static int64_t	 num(PGresult *, int, const char *);
static int	 lookup(const char *const *, int, const char *);
static int	 state_known(const char *, enum post_state *);
static enum post_state state_of(const char *);
static enum post_kind kind_of(const char *);
static enum role role_of(const char *);
static enum modlog_target target_of(const char *);
static void	 item_row(struct arena *, PGresult *, int, struct modq_item *);
static void	 lock_row(struct arena *, PGresult *, struct mod_lock *);
static size_t	 page_cut(struct arena *, void *, size_t, size_t, int64_t *,
		    int, const struct cursor *, int, int, struct store_page *);
static int	 lock_post(struct db *, struct arena *, const char *,
		    struct mod_lock *, int *);
static char	*hash_array(struct arena *, const uint64_t *, size_t);
static int	 log_row(struct db *, struct arena *, int64_t, const char *,
		    const char *, const char *, int64_t, const char *, int64_t,
		    const char *, const char *, const char *, const char *,
		    int64_t, int64_t *);
static void	 modlog_fill(struct arena *, PGresult *, int,
		    struct modlog_row *);
static const char *jstr(json_t *, const char *, const char *);
static int	 undo_lesson(struct db *, struct arena *, json_t *);
static int	 redact_text(struct db *, struct arena *,
		    const struct modq_act *, const char *);
static char	*lesson_json(struct arena *, const uint64_t *, size_t, int);
static char	*obj(struct arena *, json_t *);
static char	*text_array(struct arena *, const char *const *, size_t);
static int	 block_post_contacts(struct db *, struct arena *,
		    const struct modq_act *, json_t **);
static int	 first_publication(struct db *, struct arena *,
		    const struct modq_act *, const char *, int64_t);
static int	 log_blocks(struct db *, struct arena *,
		    const struct modq_act *, int64_t, json_t *);

static char *
i64(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

static const char *const modq_kind_names[MQ__MAX] = {
	[MQ_NONE] = "",
	[MQ_HELD] = "held",
	[MQ_PRIVATE] = "private",
	[MQ_FLAGGED] = "flagged",
	[MQ_FIRST] = "first",
};

static const char *const target_names[MT__MAX] = {
	[MT_POST] = "post",
	[MT_USER] = "user",
	[MT_CONTACT] = "contact",
	[MT_IP] = "ip",
	[MT_THREAD] = "thread",
};

static const char *const role_names[ROLE__MAX] = {
	[ROLE_USER] = "user",
	[ROLE_STAFF] = "staff",
	[ROLE_MODERATOR] = "moderator",
	[ROLE_ADMIN] = "admin",
};

const char *
store_modq_kind_name(enum modq_kind k)
{
	return k < MQ__MAX ? modq_kind_names[k] : "";
}

enum modq_kind
store_modq_kind_parse(const char *s)
{
	int	v = lookup(modq_kind_names, MQ__MAX, s);

	return v < 0 ? MQ__MAX : (enum modq_kind)v;
}

const char *
store_modlog_target_name(enum modlog_target t)
{
	return t < MT__MAX ? target_names[t] : "";
}

/*
 * Column name of row i, as text.  A statement without that column is a
 * bug of the registry: logged, and read as "".
 */
static const char *
val(PGresult *res, int i, const char *name)
{
	int	c = PQfnumber(res, name);

	if (c < 0) {
		log_err("store/modq: no column \"%s\"", name);
		return "";
	}
	return PQgetvalue(res, i, c);
}

static int64_t
num(PGresult *res, int i, const char *name)
{
	return strtoll(val(res, i, name), NULL, 10);
}

/* Index of s in names[0..n), or -1. */
static int
lookup(const char *const *names, int n, const char *s)
{
	int	i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* posts.state text -> *st; 0 when the text names no state. */
static int
state_known(const char *s, enum post_state *st)
{
	int	i;

	for (i = 0; i < PS__MAX; i++)
		if (strcmp(s, store_post_state_name((enum post_state)i)) == 0) {
			*st = (enum post_state)i;
			return 1;
		}
	return 0;
}

/* posts.state; an unknown state is held: never shown by mistake. */
static enum post_state
state_of(const char *s)
{
	enum post_state	st;

	return state_known(s, &st) ? st : PS_HELD;
}

static enum post_kind
kind_of(const char *s)
{
	int	i;

	for (i = 0; i < PK__MAX; i++)
		if (strcmp(s, store_post_kind_name((enum post_kind)i)) == 0)
			return (enum post_kind)i;
	return PK_ANSWER;
}

/* users.role; unknown: a member (no privilege by mistake). */
static enum role
role_of(const char *s)
{
	int	v = lookup(role_names, ROLE__MAX, s);

	return v < 0 ? ROLE_USER : (enum role)v;
}

static enum modlog_target
target_of(const char *s)
{
	int	v = lookup(target_names, MT__MAX, s);

	return v < 0 ? MT__MAX : (enum modlog_target)v;
}

/* MODQ_LIST, MODQ_FIRST, MODQ_ITEM (MODQ_COLS and their tails). */
static void
item_row(struct arena *a, PGresult *res, int i, struct modq_item *it)
{
	const char	*s, *e;
	enum modq_kind	 k;
	char		 one[16];
	size_t		 n;

	it->post_id = num(res, i, "post_id");
	it->thread_id = num(res, i, "thread_id");
	it->title = arena_strdup(a, val(res, i, "title"));
	it->lang = arena_strdup(a, val(res, i, "lang"));
	it->category = arena_strdup(a, val(res, i, "category"));
	it->post_kind = kind_of(val(res, i, "post_kind"));
	it->state = state_of(val(res, i, "state"));
	it->body = arena_strdup(a, val(res, i, "body_md"));
	it->author_id = num(res, i, "author_id");
	it->author = arena_strdup(a, val(res, i, "author"));
	it->author_trust = (int)num(res, i, "author_trust");
	it->author_created = num(res, i, "author_created");
	it->nflags = num(res, i, "nflags");
	it->flags = arena_strdup(a, val(res, i, "flags"));
	it->queued = num(res, i, "queued");
	it->score = strtod(val(res, i, "score"), NULL);
	it->reasons = arena_strdup(a, val(res, i, "reasons"));
	/* one kind (lists), or the open kinds in order, ' '-separated */
	it->kind = MQ_NONE;
	it->open = 0;
	for (s = val(res, i, "kind"); *s != '\0'; s = *e ? e + 1 : e) {
		if ((e = strchr(s, ' ')) == NULL)
			e = s + strlen(s);
		if ((n = (size_t)(e - s)) == 0 || n >= sizeof(one))
			continue;
		memcpy(one, s, n);
		one[n] = '\0';
		if ((k = store_modq_kind_parse(one)) == MQ__MAX ||
		    k == MQ_NONE)
			continue;
		if (it->kind == MQ_NONE)
			it->kind = k;
		it->open |= 1u << k;
	}
}

/* POST_MOD_LOCK's one row. */
static void
lock_row(struct arena *a, PGresult *res, struct mod_lock *l)
{
	l->state = state_of(val(res, 0, "state"));
	l->author = num(res, 0, "author_id");
	l->thread_id = num(res, 0, "thread_id");
	l->removed_reason = arena_strdup(a, val(res, 0, "removed_reason"));
	l->revision = num(res, 0, "revision");
}

/*
 * Locks post pid until the end of the transaction and reads it: *found
 * 0 when there is no such post.  0, or -1 when the store failed.
 */
static int
lock_post(struct db *db, struct arena *a, const char *pid, struct mod_lock *l,
    int *found)
{
	PGresult	*res;
	const char	*p[1] = { pid };

	memset(l, 0, sizeof(*l));
	*found = 0;
	if ((res = db_exec(db, Q_POST_MOD_LOCK, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		lock_row(a, res, l);
		*found = 1;
	}
	PQclear(res);
	return 0;
}

/*
 * A page of rows by keyset: the reverse of rows[0..n) when read backwards,
 * the skip dropped, the extra row telling whether there is more, the
 * cursors of both ends from keys[] (two keys per row).  Returns the rows
 * kept (a suffix of the array, turned round when newer).
 */
static size_t
page_cut(struct arena *a, void *rows, size_t size, size_t n, int64_t *keys,
    int nk, const struct cursor *at, int limit, int skip,
    struct store_page *pg)
{
	char	*b = rows, *tmp = arena_alloc(a, size);
	int64_t	 kt[CURSOR_MAXK];
	size_t	 i, j;

	if (at != NULL && at->dir == CURSOR_NEWER) {
		pg->more_older = 1;
		if (n > (size_t)limit) {
			pg->more_newer = 1;
			n = (size_t)limit;
		}
		for (i = 0, j = n - 1; n > 0 && i < j; i++, j--) {
			memcpy(tmp, b + i * size, size);
			memmove(b + i * size, b + j * size, size);
			memcpy(b + j * size, tmp, size);
			memcpy(kt, keys + i * nk, sizeof(int64_t) * nk);
			memmove(keys + i * nk, keys + j * nk,
			    sizeof(int64_t) * nk);
			memcpy(keys + j * nk, kt, sizeof(int64_t) * nk);
		}
	} else {
		pg->more_newer = at != NULL || skip > 0;
		if (n <= (size_t)skip)
			n = 0;
		else {
			memmove(b, b + (size_t)skip * size, (n - skip) * size);
			memmove(keys, keys + (size_t)skip * nk,
			    (n - skip) * nk * sizeof(int64_t));
			n -= (size_t)skip;
		}
		if (n > (size_t)limit) {
			pg->more_older = 1;
			n = (size_t)limit;
		}
	}
	pg->n = n;
	if (n > 0) {
		pg->older.dir = CURSOR_OLDER;
		pg->newer.dir = CURSOR_NEWER;
		pg->older.nk = pg->newer.nk = nk;
		memcpy(pg->older.k, keys + (n - 1) * nk, sizeof(int64_t) * nk);
		memcpy(pg->newer.k, keys, sizeof(int64_t) * nk);
	}
	return n;
}

int
store_modq_list(struct db *db, struct arena *a, enum modq_kind kind,
    int first_n, const char *cat, const char *lang, const char *reason,
    const struct cursor *at, int limit, int skip, struct modq_item **out,
    struct store_page *pg)
{
	PGresult	*res;
	const char	*p[7];
	char		 ts[40];
	int64_t		*keys;
	int		 i, rows, first = kind == MQ_FIRST, newer;
	enum q		 q;

	memset(pg, 0, sizeof(*pg));
	*out = NULL;
	if (skip < 0 || skip > STORE_SKIP_MAX)
		skip = 0;
	if (at != NULL && at->nk != 2) {
		pg->bad_cursor = 1;
		return 0;
	}
	newer = at != NULL && at->dir == CURSOR_NEWER;
	p[0] = first ? arena_printf(a, "%d", first_n) :
	    store_modq_kind_name(kind);
	p[1] = cat;
	p[2] = lang;
	p[3] = reason;
	p[4] = arena_printf(a, "%d", (newer ? 0 : skip) + limit + 1);
	/* Oldest first: the first page starts after (-infinity, 0). */
	p[5] = arena_strdup(a, cursor_ts(at != NULL ? at->k[0] : INT64_MIN,
	    ts));
	p[6] = arena_printf(a, "%lld", at != NULL ? (long long)at->k[1] : 0LL);
	if (first && first_n <= 0)
		return 0;
	q = first ? (newer ? Q_MODQ_FIRST_N : Q_MODQ_FIRST) :
	    (newer ? Q_MODQ_LIST_N : Q_MODQ_LIST);
	if (!first && *cat == '\0' && *lang == '\0' && *reason == '\0') {
		/* no filter: the page's queue rows first (MODQ_LIST_ALL) */
		p[1] = p[4];
		p[2] = p[5];
		p[3] = p[6];
		q = newer ? Q_MODQ_LIST_ALL_N : Q_MODQ_LIST_ALL;
	}
	if (q == Q_MODQ_LIST || q == Q_MODQ_LIST_N) {
		/* a custom plan, in one round trip (PLAN_CUSTOM says why) */
		if (db_begin(db) == -1)
			return -1;
		if (db_defer(db, a, Q_PLAN_CUSTOM, NULL) == -1) {
			db_rollback(db);
			return -1;
		}
		res = db_exec_commit(db, q, p);
	} else
		res = db_exec(db, q, p);
	if (res == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	keys = arena_calloc(a, (size_t)rows * 2 + 2, sizeof(*keys));
	for (i = 0; i < rows; i++) {
		item_row(a, res, i, &(*out)[i]);
		keys[2 * i] = num(res, i, "k_at");
		keys[2 * i + 1] = num(res, i, "k_id");
	}
	PQclear(res);
	page_cut(a, *out, sizeof(**out), (size_t)rows, keys, 2, at, limit, skip,
	    pg);
	return 0;
}

int
store_modq_item(struct db *db, struct arena *a, int64_t post,
    struct modq_item **out)
{
	PGresult	*res;
	const char	*p[1] = { i64(a, post) };

	*out = NULL;
	if ((res = db_exec(db, Q_MODQ_ITEM, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*out = arena_calloc(a, 1, sizeof(**out));
		item_row(a, res, 0, *out);
	}
	PQclear(res);
	return 0;
}


/* PostgreSQL array text of the hashes as signed bigints: "{1,-2}". */
static char *
hash_array(struct arena *a, const uint64_t *h, size_t n)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, a);
	buf_putc(&b, '{');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%" PRId64, i ? "," : "", (int64_t)h[i]);
	buf_putc(&b, '}');
	return b.p;
}

/* {"spam":1,"h":[...]} : what a decision taught the classifier. */
static char *
lesson_json(struct arena *a, const uint64_t *h, size_t n, int spam)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, a);
	buf_printf(&b, "{\"spam\": %d, \"h\": [", spam);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s\"%" PRIu64 "\"", i ? "," : "", h[i]);
	buf_puts(&b, "]}");
	return b.p;
}

int
store_filter_train(struct db *db, struct arena *a, const uint64_t *h,
    size_t n, int spam, int sign)
{
	const char	*p[3], *t[2];

	p[0] = hash_array(a, h, n);
	p[1] = spam ? "0" : (sign > 0 ? "1" : "-1");
	p[2] = spam ? (sign > 0 ? "1" : "-1") : "0";
	t[0] = p[1];
	t[1] = p[2];
	if (n > 0 && db_run(db, Q_FILTER_TOKENS_ADD, p) == -1)
		return -1;
	return db_run(db, Q_FILTER_TOTALS_ADD, t);
}

static int
log_row(struct db *db, struct arena *a, int64_t actor_id, const char *actor,
    const char *action, const char *tkind, int64_t tid, const char *ttext,
    int64_t tuser, const char *reason, const char *note, const char *before,
    const char *after, int64_t undo_of, int64_t *id)
{
	PGresult	*res;
	const char	*p[12];

	p[0] = i64(a, actor_id);
	p[1] = actor;
	p[2] = action;
	p[3] = tkind;
	p[4] = i64(a, tid);
	p[5] = ttext ? ttext : "";
	p[6] = i64(a, tuser);
	p[7] = reason ? reason : "";
	p[8] = note ? note : "";
	p[9] = before ? before : "{}";
	p[10] = after ? after : "{}";
	p[11] = i64(a, undo_of);
	if ((res = db_exec(db, Q_MODLOG_ADD, p)) == NULL)
		return -1;
	if (id != NULL)
		*id = num(res, 0, "id");
	PQclear(res);
	return 0;
}

int
store_modlog_add(struct db *db, int64_t actor_id, const char *actor,
    const char *action, const char *target_kind, int64_t target_id,
    const char *target_text, int64_t target_user, const char *reason,
    const char *note, const char *before, const char *after, int64_t *id)
{
	struct arena	*a = arena_new();
	int		 rc;

	rc = log_row(db, a, actor_id, actor, action, target_kind, target_id,
	    target_text, target_user, reason, note, before, after, 0, id);
	arena_free(a);
	return rc;
}

/* A JSON object {"k": "v", ...} with escaped values, for before/after. */
static char *
obj(struct arena *a, json_t *o)
{
	char	*s = json_dumps(o, JSON_COMPACT), *r;

	r = arena_strdup(a, s ? s : "{}");
	free(s);
	json_decref(o);
	return r;
}

/* PostgreSQL array text of lower-cased strings: {"a","b \\"c\\""}. */
static char *
text_array(struct arena *a, const char *const *v, size_t n)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;

	buf_init(&b, a);
	buf_putc(&b, '{');
	for (i = 0; i < n; i++) {
		buf_puts(&b, i ? ",\"" : "\"");
		for (s = v[i]; *s != '\0'; s++) {
			if (*s == '"' || *s == '\\')
				buf_putc(&b, '\\');
			buf_putc(&b, *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' :
			    *s);
		}
		buf_putc(&b, '"');
	}
	buf_putc(&b, '}');
	return b.p;
}

/*
 * Remove as scam, inside the decision's transaction: blocks the post's
 * contact points but link domains and act->keep.  *blocked gets a JSON
 * array of the newly blocked {"type", "value"} (caller owns it, also on
 * failure).  Returns 0 or -1.
 */
static int
block_post_contacts(struct db *db, struct arena *a, const struct modq_act *act,
    json_t **blocked)
{
	PGresult	*res;
	const char	*p[4];
	int		 i, rows;

	*blocked = json_array();
	p[0] = i64(a, act->post_id);
	p[1] = "scam";
	p[2] = i64(a, act->actor_id);
	p[3] = text_array(a, act->keep, act->keep != NULL ? act->nkeep : 0);
	if ((res = db_exec(db, Q_CONTACTS_BLOCK_POST, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	for (i = 0; i < rows; i++)
		json_array_append_new(*blocked, json_pack("{s:s, s:s}",
		    "type", val(res, i, "type"), "value",
		    val(res, i, "value")));
	PQclear(res);
	return 0;
}

/* One "block" row per contact point a scam removal blocked.  0 or -1. */
static int
log_blocks(struct db *db, struct arena *a, const struct modq_act *act,
    int64_t author, json_t *blocked)
{
	size_t		 i;
	json_t		*b;
	const char	*type;

	json_array_foreach(blocked, i, b) {
		type = jstr(b, "type", "");
		if (log_row(db, a, act->actor_id, act->actor_name, "block",
		    "contact", 0, jstr(b, "value", ""), author, "scam",
		    type, "{}", obj(a, json_pack("{s:s, s:s, s:I}", "type",
		    type, "blocked", "yes", "post", (json_int_t)act->post_id)),
		    0, NULL) == -1)
			return -1;
	}
	return 0;
}

/*
 * The redaction of a moderator's "edit": the new text as one more, public
 * revision; every earlier revision loses its text; contacts and the
 * search document follow the text; a verification is cleared.  Inside
 * the decision's transaction.  0 or -1.
 */
static int
redact_text(struct db *db, struct arena *a, const struct modq_act *act,
    const char *pid)
{
	const char	*p[6];
	size_t		 i;

	p[0] = pid;
	p[1] = act->body_md;
	p[2] = act->body_html;
	p[3] = act->search_doc != NULL ? act->search_doc : "";
	p[4] = "";
	p[5] = i64(a, act->actor_id);
	if (db_run(db, Q_POST_SET_TEXT, p) == -1)
		return -1;
	p[1] = i64(a, act->actor_id);
	p[2] = NULL;
	p[3] = NULL;
	p[4] = act->body_md;
	p[5] = "true";
	if (db_run(db, Q_POST_REVISION_ADD, p) == -1 ||
	    db_run(db, Q_POST_REVISIONS_REDACT, p) == -1 ||
	    db_run(db, Q_POST_MARK_REDACTED, p) == -1 ||
	    db_run(db, Q_POST_CLEAR_VERIFY, p) == -1 ||
	    db_run(db, Q_POST_CONTACTS_CLEAR, p) == -1)
		return -1;
	if (store_uploads_link(db, strtoll(pid, NULL, 10), act->body_md,
	    0) == -1)
		return -1;
	for (i = 0; i < act->ncontacts; i++) {
		p[1] = act->ctype[i];
		p[2] = act->cvalue[i];
		if (db_run(db, Q_CONTACT_ADD, p) == -1)
			return -1;
	}
	return 0;
}

/*
 * A held, private or removed post a moderator publishes for the first time
 * tells whom its publication would have told (store_post_write at
 * submission): the asker of an answer, the thread's followers, the members
 * it mentions; after the thread's counters, so the thread is visible.  The
 * author's own row (approved) was written before: nobody is told twice.
 */
static int
first_publication(struct db *db, struct arena *a, const struct modq_act *act,
    const char *tid, int64_t author)
{
	struct post_write	 w;
	const char		*p[6];

	if (act->pub_asker != 0) {
		p[0] = i64(a, act->pub_asker);
		p[1] = "answer";
		p[2] = tid;
		p[3] = i64(a, act->post_id);
		p[4] = i64(a, author);
		p[5] = "";
		if (db_run(db, Q_POST_NOTIFY, p) == -1)
			return -1;
	}
	memset(&w, 0, sizeof(w));
	w.watch_event = act->pub_watch_event;
	w.watch_levels = act->pub_watch_levels;
	w.mentions = act->pub_mentions;
	return store_watch_post_write(db, a, &w, strtoll(tid, NULL, 10),
	    act->post_id, author);
}

int
store_modq_decide(struct db *db, struct arena *a, const struct modq_act *act,
    struct modq_outcome *o)
{
	PGresult	*res;
	struct mod_lock	 lk;
	const char	*p[5], *flagst, *tid;
	enum notif_kind	 notify = NK_UNKNOWN;	/* NK_UNKNOWN: tell nobody */
	const char	*lesson = NULL, *logged = act->action;
	const char	*kind = store_modq_kind_name(act->kind);
	char		*pid = i64(a, act->post_id);
	enum post_state	 state, newstate;
	int64_t		 author, revision;
	int		 learn = -1, edit = strcmp(act->action, "edit") == 0;
	int		 found;
	int		 first = 0;
	json_t		*before, *after, *blocked = NULL;

	memset(o, 0, sizeof(*o));
	if (act->kind >= MQ__MAX)
		return -1;
	if (db_begin(db) == -1)
		return -1;
	if (act->kind != MQ_NONE) {
		if (act->kind == MQ_FIRST) {
			p[0] = pid;
			p[1] = act->action;
			p[2] = act->reason;
			p[3] = i64(a, act->actor_id);
			res = db_exec(db, Q_MODQ_CLAIM_FIRST, p);
		} else {
			p[0] = pid;
			p[1] = kind;
			p[2] = act->action;
			p[3] = act->reason;
			p[4] = i64(a, act->actor_id);
			res = db_exec(db, Q_MODQ_CLAIM, p);
		}
		if (res == NULL)
			goto fail;
		if (PQntuples(res) == 0) {
			PQclear(res);
			p[0] = pid;
			p[1] = kind;
			if ((res = db_exec(db, Q_MODQ_WHO_DECIDED, p)) == NULL)
				goto fail;
			o->result = PQntuples(res) == 1 ? MODQ_TAKEN :
			    MODQ_NOTFOUND;
			if (o->result == MODQ_TAKEN) {
				o->decision = arena_strdup(a,
				    val(res, 0, "decision"));
				o->decision_reason = arena_strdup(a,
				    val(res, 0, "reason"));
				o->by = arena_strdup(a, val(res, 0, "by_name"));
				o->at = num(res, 0, "decided_at");
			}
			PQclear(res);
			db_rollback(db);
			return 0;
		}
		PQclear(res);
	}
	if (lock_post(db, a, pid, &lk, &found) == -1)
		goto fail;
	if (!found) {
		db_rollback(db);
		o->result = MODQ_NOTFOUND;
		return 0;
	}
	state = lk.state;
	author = lk.author;
	tid = i64(a, lk.thread_id);
	revision = lk.revision;
	if (act->expect_revision != 0 && revision != act->expect_revision) {
		db_rollback(db);
		o->result = MODQ_REFUSED;
		return 0;
	}
	/* A redaction's log keeps no text: only that it happened. */
	before = json_pack("{s:s, s:s, s:I}", "state",
	    store_post_state_name(state), "removed_reason", lk.removed_reason,
	    "revision", (json_int_t)revision);

	if (strcmp(act->action, "remove") == 0) {
		newstate = PS_REMOVED;
		flagst = "upheld";
		notify = NK_REMOVED;
		if (strcmp(act->reason, "spam") == 0 ||
		    strcmp(act->reason, "scam") == 0)
			learn = 1;
	} else if (strcmp(act->action, "dismiss") == 0) {
		newstate = state == PS_HIDDEN ? PS_VISIBLE : state;
		flagst = "declined";
	} else {	/* approve, edit */
		newstate = PS_VISIBLE;
		flagst = "declined";
		notify = NK_APPROVED;
		learn = 0;
	}
	/* a post never public before: told of as its publication would be */
	if (newstate == PS_VISIBLE && act->pub_watch_event != NULL) {
		p[0] = pid;
		if ((res = db_exec(db, Q_MODQ_EVER_PUBLIC, p)) == NULL)
			goto fail_json;
		first = strcmp(val(res, 0, "ever_public"), "f") == 0;
		PQclear(res);
	}
	if (edit) {
		logged = "redact";
		if (redact_text(db, a, act, pid) == -1)
			goto fail_json;
	}
	/* an appeal this decision reverses: decided in this transaction */
	if (act->appeal_id != 0) {
		p[0] = i64(a, act->appeal_id);
		p[1] = "reversed";
		p[2] = i64(a, act->actor_id);
		p[3] = act->note != NULL ? act->note : "";
		if ((res = db_exec(db, Q_APPEAL_DECIDE, p)) == NULL)
			goto fail_json;
		if (PQntuples(res) != 1) {
			PQclear(res);
			json_decref(before);
			db_rollback(db);
			o->result = MODQ_REFUSED;
			return 0;
		}
		PQclear(res);
		notify = NK_APPEAL_REVERSED;
	}
	p[0] = pid;
	p[1] = store_post_state_name(newstate);
	p[2] = act->reason;
	if (db_run(db, Q_POST_MOD_SET_STATE, p) == -1)
		goto fail_json;
	if (newstate == PS_REMOVED) {
		p[1] = i64(a, act->actor_id);
		if (db_run(db, Q_POST_MOD_SET_REMOVER, p) == -1)
			goto fail_json;
	}
	/* knowledge-base articles built on this post (store/kb.c) */
	if (store_kb_source_changed(db, a, act->post_id,
	    newstate == PS_REMOVED ? "removed" : edit ? "redacted" : NULL) == -1)
		goto fail_json;
	/* What is published now was allowed by a moderator: public. */
	if (newstate == PS_VISIBLE &&
	    db_run(db, Q_POST_REVISION_PUBLISH, p) == -1)
		goto fail_json;
	p[0] = pid;
	p[1] = act->action;
	p[2] = act->reason;
	p[3] = i64(a, act->actor_id);
	if (db_run(db, Q_MODQ_CLOSE_POST, p) == -1)
		goto fail_json;
	p[1] = flagst;
	if (db_run(db, Q_FLAGS_RESOLVE, p) == -1)
		goto fail_json;
	if (notify != NK_UNKNOWN) {
		p[0] = i64(a, author);
		p[1] = state_notif_name(notify);
		p[2] = pid;
		p[3] = i64(a, act->actor_id);
		p[4] = notify == NK_REMOVED ? act->reason : "";
		if (db_run(db, Q_MODQ_NOTIFY, p) == -1)
			goto fail_json;
	}
	p[0] = tid;
	if (db_run(db, Q_QA_THREAD_REFRESH, p) == -1)
		goto fail_json;
	if (first && first_publication(db, a, act, tid, author) == -1)
		goto fail_json;
	/* webhooks subscribed to this decision (store/webhook.c) */
	if (store_webhook_decided(db, a, act->post_id, lk.thread_id, state,
	    newstate, first) == -1)
		goto fail_json;
	if (learn >= 0 && act->feat != NULL) {
		if (store_filter_train(db, a, act->feat, act->nfeat, learn,
		    1) == -1)
			goto fail_json;
		lesson = lesson_json(a, act->feat, act->nfeat, learn);
	}
	after = json_pack("{s:s, s:s}", "state",
	    store_post_state_name(newstate), "flags", flagst);
	if (edit) {
		json_object_set_new(after, "revision",
		    json_integer(revision + 1));
		json_object_set_new(after, "earlier_revisions_redacted",
		    json_true());
	}
	if (lesson != NULL)
		json_object_set_new(after, "lesson", json_loads(lesson, 0,
		    NULL));
	p[0] = pid;
	if (strcmp(act->action, "remove") == 0 &&
	    strcmp(act->reason, "scam") == 0) {
		if (block_post_contacts(db, a, act, &blocked) == -1 ||
		    store_uploads_ban(db, act->post_id, act->actor_id) == -1) {
			json_decref(blocked);
			json_decref(after);
			goto fail_json;
		}
		json_object_set(after, "blocked", blocked);
	}
	/* The decision's row first, then one row per contact point blocked. */
	if (log_row(db, a, act->actor_id, act->actor_name, logged, "post",
	    act->post_id, "", author, act->reason, act->note, obj(a, before),
	    obj(a, after), 0, &o->log_id) == -1 || (blocked != NULL &&
	    log_blocks(db, a, act, author, blocked) == -1)) {
		json_decref(blocked);
		goto fail;
	}
	/* The training set of the classifier (store/learn.c). */
	if (learn >= 0 && act->feat != NULL && store_learn_add(db, a,
	    act->post_id, o->log_id, learn, act->feat_ja ? "ja" : "en",
	    act->feat, act->nfeat) == -1) {
		json_decref(blocked);
		goto fail;
	}
	json_decref(blocked);
	if (db_commit(db) == -1)
		goto fail;
	o->result = MODQ_OK;
	o->author_id = author;
	o->before = state;
	o->after = newstate;
	return 0;
fail_json:
	json_decref(before);
fail:
	db_rollback(db);
	return -1;
}

/*
 * post.removed for each post a purge removed (posts: the JSON array of
 * USER_LIVE_POSTS_JSON, read before the removal), inside the purge's
 * transaction as a single decision's are (store_webhook_decided).
 */
static int
purge_webhooks(struct db *db, struct arena *a, const char *posts)
{
	json_t	*arr, *v;
	size_t	 i;
	int	 rc = 0;

	if ((arr = json_loads(posts, 0, NULL)) == NULL)
		return -1;
	json_array_foreach(arr, i, v) {
		if (store_webhook_enqueue(db, a, WH_POST_REMOVED,
		    (int64_t)json_integer_value(json_object_get(v, "thread")),
		    (int64_t)json_integer_value(json_object_get(v, "id")),
		    0) == -1) {
			rc = -1;
			break;
		}
	}
	json_decref(arr);
	return rc;
}

int
store_modq_purge(struct db *db, struct arena *a, const struct modq_purge *pu,
    struct modq_outcome *o)
{
	PGresult	*res;
	const char	*p[3], *posts = "[]";
	char		*uid = i64(a, pu->user_id);
	json_t		*before, *after;
	int64_t		 susp;
	const char	*sreason, *uname;
	enum role	 role;

	memset(o, 0, sizeof(*o));
	if (db_begin(db) == -1)
		return -1;
	p[0] = uid;
	if ((res = db_exec(db, Q_USER_MOD_LOCK, p)) == NULL)
		goto fail;
	if (PQntuples(res) == 0) {
		PQclear(res);
		db_rollback(db);
		o->result = MODQ_NOTFOUND;
		return 0;
	}
	uname = arena_strdup(a, val(res, 0, "username"));
	role = role_of(val(res, 0, "role"));
	susp = num(res, 0, "suspended_until");
	sreason = arena_strdup(a, val(res, 0, "suspend_reason"));
	PQclear(res);
	if (role != ROLE_USER) {
		db_rollback(db);
		o->result = MODQ_REFUSED;
		return 0;
	}
	if (pu->remove_posts) {
		/* knowledge-base articles built on them (store/kb.c) */
		if (store_kb_user_removed(db, a, pu->user_id) == -1)
			goto fail;
		if ((res = db_exec(db, Q_USER_LIVE_POSTS_JSON, p)) == NULL)
			goto fail;
		posts = arena_strdup(a, val(res, 0, "posts"));
		PQclear(res);
		p[1] = "purge";
		p[2] = i64(a, pu->actor_id);
		if (db_run(db, Q_USER_REMOVE_POSTS, p) == -1 ||
		    db_run(db, Q_MODQ_CLOSE_USER, p) == -1 ||
		    db_run(db, Q_USER_THREADS_REFRESH, p) == -1 ||
		    db_run(db, Q_SESSIONS_END_USER, p) == -1 ||
		    purge_webhooks(db, a, posts) == -1)
			goto fail;
	}
	p[1] = arena_printf(a, "%d", pu->days);
	p[2] = pu->reason;
	if (db_run(db, Q_USER_SUSPEND, p) == -1)
		goto fail;
	before = json_pack("{s:I, s:s, s:o}", "suspended_until",
	    (json_int_t)susp, "suspend_reason", sreason, "posts",
	    json_loads(posts, 0, NULL));
	after = json_pack("{s:i, s:s, s:b}", "days", pu->days,
	    "suspend_reason", pu->reason, "sessions_ended", pu->remove_posts);
	if (log_row(db, a, pu->actor_id, pu->actor_name,
	    pu->remove_posts ? "purge" : "suspend", "user", pu->user_id, uname,
	    pu->user_id, pu->reason, pu->note, obj(a, before), obj(a, after), 0,
	    &o->log_id) == -1)
		goto fail;
	if (db_commit(db) == -1)
		goto fail;
	o->result = MODQ_OK;
	o->author_id = pu->user_id;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

static const char *
jstr(json_t *o, const char *k, const char *def)
{
	json_t	*v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : def;
}

/* Reverses the classifier lesson recorded in an "after" object, if any. */
static int
undo_lesson(struct db *db, struct arena *a, json_t *after)
{
	json_t		*l = json_object_get(after, "lesson"), *h, *v;
	uint64_t	*hs;
	size_t		 i, n;

	if (!json_is_object(l))
		return 0;
	h = json_object_get(l, "h");
	n = json_array_size(h);
	hs = arena_calloc(a, n + 1, sizeof(*hs));
	json_array_foreach(h, i, v)
		hs[i] = strtoull(json_string_value(v) ? json_string_value(v) :
		    "0", NULL, 10);
	return store_filter_train(db, a, hs, n,
	    (int)json_integer_value(json_object_get(l, "spam")), -1);
}

/*
 * 1 when post id is still as the decision left it: in its "after" state
 * and at the revision it recorded (after's, else before's); 0 when a
 * later decision or edit changed it; -1 when the store failed.  Locks
 * the post until the end of the transaction.
 */
static int
undo_post_current(struct db *db, struct arena *a, int64_t id, json_t *before,
    json_t *after)
{
	struct mod_lock	 lk;
	enum post_state	 left;
	json_t		*rev;
	int		 ok, found;

	if (lock_post(db, a, i64(a, id), &lk, &found) == -1)
		return -1;
	if (!found)
		return 0;
	/* the state the decision left; unknown text is no match */
	ok = state_known(jstr(after, "state", ""), &left) && left == lk.state;
	rev = json_object_get(after, "revision");
	if (!json_is_integer(rev))
		rev = json_object_get(before, "revision");
	if (ok && json_is_integer(rev))
		ok = lk.revision == json_integer_value(rev);
	return ok;
}

int
store_modq_undo(struct db *db, struct arena *a, int64_t id, int64_t actor_id,
    int actor_admin, const char *actor_name, const char *note,
    struct modq_outcome *o)
{
	struct modlog_row	*l;
	json_t			*before = NULL, *after = NULL, *b;
	const char		*p[3];
	PGresult		*res;
	size_t			 i;
	int			 rc = -1;

	memset(o, 0, sizeof(*o));
	if (db_begin(db) == -1)
		return -1;
	if (store_modlog_get(db, a, id, &l) == -1)
		goto out;
	if (l == NULL || !l->undoable) {
		o->result = l == NULL ? MODQ_NOTFOUND : MODQ_DONE;
		rc = 0;
		goto out;
	}
	before = json_loads(l->before, 0, NULL);
	after = json_loads(l->after, 0, NULL);
	if (before == NULL || after == NULL)
		goto out;
	/* An administrator's suspension is undone by an administrator. */
	if (l->target_kind == MT_USER && !actor_admin &&
	    strcmp(jstr(after, "by", ""), "admin") == 0) {
		o->result = MODQ_REFUSED;
		rc = 0;
		goto out;
	}
	/* The unique index on undo_of makes a second, concurrent undo fail here. */
	if (log_row(db, a, actor_id, actor_name, "undo",
	    store_modlog_target_name(l->target_kind),
	    l->target_id, l->target_text, l->target_user, l->action, note,
	    l->after, l->before, l->id, &o->log_id) == -1) {
		if (strncmp(db_sqlstate(db), "23", 2) == 0) {
			o->result = MODQ_DONE;
			rc = 0;
		}
		goto out;
	}
	if (l->target_kind == MT_POST) {
		if ((rc = undo_post_current(db, a, l->target_id, before,
		    after)) != 1) {
			if (rc == 0)
				o->result = MODQ_STALE;
			goto out;
		}
		rc = -1;
		p[0] = i64(a, l->target_id);
		p[1] = jstr(before, "state", "visible");
		p[2] = jstr(before, "removed_reason", "");
		if (db_run(db, Q_POST_MOD_SET_STATE, p) == -1)
			goto out;
		if (jstr(before, "body_md", NULL) != NULL) {
			p[1] = jstr(before, "body_md", "");
			p[2] = jstr(before, "body_html", "");
			if (db_run(db, Q_POST_MOD_EDIT, p) == -1)
				goto out;
		}
		/* No trigger queues it again: a held or private state
		 * restored is a queue item again. */
		p[1] = jstr(before, "state", "visible");
		if (db_run(db, Q_POST_REQUEUE, p) == -1 ||
		    db_run(db, Q_POST_THREAD_REFRESH, p) == -1)
			goto out;
		/* A removal as scam blocked the post's contact points. */
		json_array_foreach(json_object_get(after, "blocked"), i, b) {
			p[0] = jstr(b, "type", "");
			p[1] = jstr(b, "value", "");
			if (db_run(db, Q_CONTACT_UNBLOCK, p) == -1)
				goto out;
		}
	} else if (l->target_kind == MT_USER) {
		p[0] = i64(a, l->target_id);
		p[1] = i64(a, (int64_t)json_integer_value(json_object_get(before,
		    "suspended_until")));
		p[2] = jstr(before, "suspend_reason", "");
		if (db_run(db, Q_USER_SET_SUSPENSION, p) == -1)
			goto out;
		if (strcmp(l->action, "purge") == 0) {
			char *s = json_dumps(json_object_get(before, "posts"),
			    JSON_COMPACT);

			p[0] = arena_strdup(a, s ? s : "[]");
			free(s);
			if (db_run(db, Q_POSTS_RESTORE_JSON, p) == -1 ||
			    db_run(db, Q_POSTS_REQUEUE_JSON, p) == -1)
				goto out;
			p[0] = i64(a, l->target_id);
			if (db_run(db, Q_USER_THREADS_REFRESH, p) == -1)
				goto out;
		}
	} else if (l->target_kind == MT_CONTACT) {
		p[0] = jstr(after, "type", "");
		p[1] = l->target_text;
		if ((res = db_exec(db, Q_CONTACT_UNBLOCK, p)) == NULL)
			goto out;
		PQclear(res);
	}
	if (undo_lesson(db, a, after) == -1 ||
	    store_learn_undo(db, a, l->id) == -1)	/* out of training */
		goto out;
	if (db_commit(db) == -1)
		goto out;
	o->result = MODQ_OK;
	o->author_id = l->target_user;
	rc = 0;
	json_decref(before);
	json_decref(after);
	return rc;
out:
	json_decref(before);
	json_decref(after);
	db_rollback(db);
	return rc;
}

int
store_modq_open_count(struct db *db, int64_t *n)
{
	PGresult	*res;

	*n = 0;
	if ((res = db_exec(db, Q_MODQ_OPEN_COUNT, NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 1)
		*n = num(res, 0, "n");
	PQclear(res);
	return 0;
}

int
store_modq_health(struct db *db, struct arena *a, struct modq_health **out,
    size_t *n)
{
	PGresult	*res;
	int		 i, rows;

	if ((res = db_exec(db, Q_MODQ_HEALTH, NULL)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].kind = store_modq_kind_parse(val(res, i, "kind"));
		(*out)[i].size = num(res, i, "size");
		(*out)[i].oldest = num(res, i, "oldest");
		(*out)[i].median = num(res, i, "median");
		(*out)[i].decided = num(res, i, "decided");
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_flag_add(struct db *db, int64_t post, int64_t user, double weight,
    const char *reason, const char *note, double threshold, int may_hide,
    struct flag_out *o)
{
	struct arena	*a = arena_new();
	PGresult	*res;
	struct mod_lock	 lk;
	const char	*p[5], *q[5], *tid = NULL;
	char		*pid = i64(a, post);
	int64_t		 up, down;
	int		 rc = -1, found;

	memset(o, 0, sizeof(*o));
	if (db_begin(db) == -1)
		goto done;
	if (lock_post(db, a, pid, &lk, &found) == -1)
		goto fail;
	if (!found || lk.state == PS_REMOVED || lk.state == PS_PRIVATE) {
		o->result = MODQ_NOTFOUND;
		rc = 0;
		goto fail;
	}
	o->author_id = lk.author;
	tid = i64(a, lk.thread_id);
	if (o->author_id == user) {
		o->result = MODQ_REFUSED;
		rc = 0;
		goto fail;
	}
	p[0] = i64(a, user);
	if ((res = db_exec(db, Q_FLAG_RECORD, p)) == NULL)
		goto fail;
	up = PQntuples(res) ? num(res, 0, "flags_upheld") : 0;
	down = PQntuples(res) ? num(res, 0, "flags_declined") : 0;
	PQclear(res);
	if (down > up + 2)
		weight /= 2;
	p[0] = pid;
	p[1] = i64(a, user);
	p[2] = reason;
	p[3] = note;
	p[4] = arena_printf(a, "%.3f", weight);
	if ((res = db_exec(db, Q_FLAG_ADD, p)) == NULL)
		goto fail;
	if (PQntuples(res) == 0) {
		PQclear(res);
		o->result = MODQ_DONE;
		rc = 0;
		goto fail;
	}
	PQclear(res);
	if (db_run(db, Q_FLAG_QUEUE, p) == -1)
		goto fail;
	if ((res = db_exec(db, Q_FLAG_WEIGHT, p)) == NULL)
		goto fail;
	o->total = strtod(val(res, 0, "total"), NULL);
	PQclear(res);
	if (may_hide && o->total + 1e-9 >= threshold) {
		if ((res = db_exec(db, Q_POST_HIDE_IF_VISIBLE, p)) == NULL)
			goto fail;
		o->hidden = PQntuples(res) == 1;
		PQclear(res);
		q[0] = i64(a, o->author_id);
		q[1] = "hidden";
		q[2] = pid;
		q[3] = NULL;
		q[4] = reason;
		if (o->hidden && (db_run(db, Q_QA_THREAD_REFRESH, &tid) == -1 ||
		    db_run(db, Q_MODQ_NOTIFY, q) == -1 ||
		    log_row(db, a, 0, "system", "hide", "post", post, "",
		    o->author_id, "flags", arena_printf(a, "flag weight %.2f",
		    o->total), "{\"state\": \"visible\"}",
		    "{\"state\": \"hidden\"}", 0, NULL) == -1))
			goto fail;
		/* knowledge-base articles built on this post (store/kb.c) */
		if (o->hidden &&
		    store_kb_source_changed(db, a, post, "hidden") == -1)
			goto fail;
	}
	if (db_commit(db) == -1)
		goto done;
	o->result = MODQ_OK;
	rc = 0;
	goto done;
fail:
	db_rollback(db);
done:
	arena_free(a);
	return rc;
}

static void
modlog_fill(struct arena *a, PGresult *res, int i, struct modlog_row *l)
{
	l->id = num(res, i, "id");
	l->at = num(res, i, "at");
	l->actor = arena_strdup(a, val(res, i, "actor_name"));
	l->action = arena_strdup(a, val(res, i, "action"));
	l->target_kind = target_of(val(res, i, "target_kind"));
	l->target_id = num(res, i, "target_id");
	l->target_text = arena_strdup(a, val(res, i, "target_text"));
	l->target_user = num(res, i, "target_user");
	l->reason = arena_strdup(a, val(res, i, "reason"));
	l->note = arena_strdup(a, val(res, i, "note"));
	l->before = arena_strdup(a, val(res, i, "before"));
	l->after = arena_strdup(a, val(res, i, "after"));
	l->undo_of = num(res, i, "undo_of");
	l->undoable = val(res, i, "undoable")[0] == 't';
}

int
store_modlog_list(struct db *db, struct arena *a,
    const struct modlog_filter *f, const struct cursor *at, int limit,
    int skip, struct modlog_row **out, struct store_page *pg)
{
	PGresult	*res;
	const char	*p[6];
	int64_t		*keys;
	int		 i, rows, newer;

	memset(pg, 0, sizeof(*pg));
	*out = NULL;
	if (skip < 0 || skip > STORE_SKIP_MAX)
		skip = 0;
	if (at != NULL && at->nk != 1) {
		pg->bad_cursor = 1;
		return 0;
	}
	newer = at != NULL && at->dir == CURSOR_NEWER;
	p[0] = f->action;
	p[1] = f->actor;
	p[2] = i64(a, f->target);
	p[3] = f->target_kind;
	p[4] = arena_printf(a, "%d", (newer ? 0 : skip) + limit + 1);
	p[5] = at != NULL ? i64(a, at->k[0]) : "9223372036854775807";
	if ((res = db_exec(db, newer ? Q_MODLOG_LIST_N : Q_MODLOG_LIST,
	    p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	keys = arena_calloc(a, (size_t)rows + 1, sizeof(*keys));
	for (i = 0; i < rows; i++) {
		modlog_fill(a, res, i, &(*out)[i]);
		keys[i] = (*out)[i].id;
	}
	PQclear(res);
	page_cut(a, *out, sizeof(**out), (size_t)rows, keys, 1, at, limit, skip,
	    pg);
	return 0;
}

int
store_modlog_get(struct db *db, struct arena *a, int64_t id,
    struct modlog_row **out)
{
	PGresult	*res;
	const char	*p[1] = { i64(a, id) };

	*out = NULL;
	if ((res = db_exec(db, Q_MODLOG_GET, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*out = arena_calloc(a, 1, sizeof(**out));
		modlog_fill(a, res, 0, *out);
	}
	PQclear(res);
	return 0;
}

int
store_modlog_daily(struct db *db, struct arena *a, int days,
    struct modlog_day **out, size_t *n)
{
	PGresult	*res;
	const char	*p[1] = { arena_printf(a, "%d", days) };
	int		 i, rows;

	if ((res = db_exec(db, Q_MODLOG_DAILY, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].day = arena_strdup(a, val(res, i, "day"));
		(*out)[i].action = arena_strdup(a, val(res, i, "action"));
		(*out)[i].reason = arena_strdup(a, val(res, i, "reason"));
		(*out)[i].count = num(res, i, "n");
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}


int
store_contacts_of_post(struct db *db, struct arena *a, int64_t post,
    struct contact_row **out, size_t *n)
{
	PGresult	*res;
	const char	*p[1] = { i64(a, post) };
	int		 i, rows;

	if ((res = db_exec(db, Q_CONTACTS_OF_POST, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		(*out)[i].type = arena_strdup(a, val(res, i, "type"));
		(*out)[i].value = arena_strdup(a, val(res, i, "value"));
		(*out)[i].accounts = num(res, i, "accounts");
		(*out)[i].blocked = val(res, i, "blocked")[0] == 't';
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_campaign_posts(struct db *db, struct arena *a, const char *type,
    const char *value, struct campaign_row **out, size_t *n)
{
	PGresult		*res;
	const char		*p[2] = { type, value };
	struct campaign_row	*c;
	int			 i, rows;

	if ((res = db_exec(db, Q_CAMPAIGN_POSTS, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++) {
		c = &(*out)[i];
		c->post_id = num(res, i, "post_id");
		c->thread_id = num(res, i, "thread_id");
		c->title = arena_strdup(a, val(res, i, "title"));
		c->state = state_of(val(res, i, "state"));
		c->user_id = num(res, i, "user_id");
		c->username = arena_strdup(a, val(res, i, "username"));
		c->trust = (int)num(res, i, "trust_level");
		c->created = num(res, i, "created");
		c->suspended_until = num(res, i, "suspended_until");
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_contact_block(struct db *db, const char *type, const char *value,
    const char *reason, int64_t actor_id, const char *actor_name,
    enum modq_result *r)
{
	struct arena	*a = arena_new();
	PGresult	*res;
	const char	*p[4];
	json_t		*after;
	int		 rc = -1;

	*r = MODQ_OK;
	if (db_begin(db) == -1)
		goto done;
	p[0] = type;
	p[1] = value;
	p[2] = reason;
	p[3] = i64(a, actor_id);
	if ((res = db_exec(db, Q_CONTACT_BLOCK, p)) == NULL)
		goto fail;
	if (PQntuples(res) == 0)
		*r = MODQ_DONE;
	PQclear(res);
	if (*r == MODQ_OK) {
		after = json_pack("{s:s, s:s}", "type", type, "blocked",
		    "yes");
		if (log_row(db, a, actor_id, actor_name, "block", "contact", 0,
		    value, 0, reason, type, "{}", obj(a, after), 0,
		    NULL) == -1)
			goto fail;
	}
	if (db_commit(db) == -1)
		goto done;
	rc = 0;
	goto done;
fail:
	db_rollback(db);
done:
	arena_free(a);
	return rc;
}

int
store_contact_blocked(struct db *db, struct arena *a, const char *type,
    const char *value, int *blocked, const char **reason, int64_t *at)
{
	PGresult	*res;
	const char	*p[2] = { type, value };

	*blocked = 0;
	if ((res = db_exec(db, Q_CONTACT_BLOCKED, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*blocked = 1;
		if (reason != NULL)
			*reason = arena_strdup(a, val(res, 0, "reason"));
		if (at != NULL)
			*at = num(res, 0, "blocked_at");
	}
	PQclear(res);
	return 0;
}
