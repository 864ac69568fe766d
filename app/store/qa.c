/*
 * store/qa.c: threads, posts, revisions, votes, notifications, search.
 *
 * Writes that touch several rows run in one transaction and end with
 * QA_THREAD_REFRESH, which recomputes the thread's derived columns
 * (visible, has_official, has_verified, answer_count, accepted answer
 * still visible, last activity) from its posts, so the flags the lists
 * show can never drift from the posts themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/store.h"

struct num {
	char	 s[24];
};

static const char	*num(struct num *, int64_t);
static const char	*idp(struct num *, int64_t);
static void		 thread_decode(struct arena *, const struct db_row *,
			    int, void *);
static void		 post_decode(struct arena *, const struct db_row *,
			    int, void *);
static void		 revision_decode(struct arena *,
			    const struct db_row *, int, void *);
static void		 notif_decode(struct arena *, const struct db_row *,
			    int, void *);
static void		 feed_decode(struct arena *, const struct db_row *,
			    int, void *);
static void		 id_text_decode(struct arena *, const struct db_row *,
			    int, void *);
static void		 user_decode(struct arena *, const struct db_row *,
			    int, void *);
static int		 log_act(struct db *, const struct qa_actor *,
			    const char *, const char *, int64_t, const char *,
			    int64_t, json_t *, json_t *);

/* QA_THREAD_GET */
enum { TH_ID, TH_CATEGORY_ID, TH_SLUG, TH_NAME_JA, TH_NAME_EN, TH_AUTHOR_ID,
    TH_AUTHOR, TH_TITLE, TH_LANG, TH_STATUS, TH_VISIBLE, TH_PINNED,
    TH_HAS_OFFICIAL, TH_HAS_VERIFIED, TH_ACCEPTED_POST_ID, TH_DUPLICATE_OF,
    TH_DUP_TITLE, TH_TAGS, TH_CREATED, TH_LAST_ACTIVITY, TH_ANSWERS,
    TH_QUESTION_POST_ID, TH_ACCEPTED_REVISION, TH__MAX };
static const char *const thread_cols[TH__MAX] = {
	"id", "category_id", "slug", "name_ja", "name_en", "author_id",
	"display_name", "title", "lang", "status", "visible", "pinned",
	"has_official", "has_verified", "accepted_post_id", "duplicate_of",
	"dup_title", "tags", "created", "last_activity", "answer_count",
	"question_post_id", "accepted_revision",
};
static const struct db_shape thread_shape = DB_SHAPE(thread_cols,
    struct qa_thread, thread_decode);

/* QA_THREAD_POSTS, QA_POST_GET (QA_PROW) */
enum { PO_ID, PO_THREAD_ID, PO_AUTHOR_ID, PO_AUTHOR, PO_AUTHOR_USERNAME,
    PO_AUTHOR_ROLE, PO_KIND, PO_STATE, PO_BODY_MD, PO_BODY_HTML, PO_SCORE,
    PO_VERIFIED_BY, PO_VERIFIER, PO_VERIFIED_AT, PO_REVISION, PO_CREATED,
    PO_UPDATED, PO_MOD_REASONS, PO_REMOVED_REASON, PO_REMOVED_AT, PO_EDITOR,
    PO_VERIFIED_REVISION, PO_REDACTED_AT, PO_VOTED, PO__MAX };
static const char *const post_cols[PO__MAX] = {
	"id", "thread_id", "author_id", "display_name", "username", "role",
	"kind", "state", "body_md", "body_html", "score", "verified_by",
	"verifier", "verified_at", "revision", "created", "updated",
	"mod_reasons", "removed_reason", "removed_at", "editor",
	"verified_revision", "redacted_at", "voted",
};
static const struct db_shape post_shape = DB_SHAPE(post_cols,
    struct qa_post, post_decode);

/* QA_THREAD_LOG_LOCK */
enum { LL_STATUS, LL_PINNED, LL_DUPLICATE_OF, LL_AUTHOR_ID, LL_TITLE,
    LL__MAX };
static const char *const lock_cols[LL__MAX] = {
	"status", "pinned", "duplicate_of", "author_id", "title",
};

/* QA_REVISIONS */
enum { RV_REVISION, RV_EDITOR, RV_TITLE, RV_TAGS, RV_BODY_MD, RV_AT,
    RV_REDACTED_AT, RV__MAX };
static const char *const revision_cols[RV__MAX] = {
	"revision", "display_name", "title", "tags", "body_md", "at",
	"redacted_at",
};
static const struct db_shape revision_shape = DB_SHAPE(revision_cols,
    struct qa_revision, revision_decode);

/* QA_NOTIF_PAGE_O, QA_NOTIF_PAGE_N */
enum { NO_ID, NO_KIND, NO_THREAD_ID, NO_THREAD_TITLE, NO_POST_ID, NO_ACTOR,
    NO_AT, NO_UNREAD, NO_REASON, NO__MAX };
static const char *const notif_cols[NO__MAX] = {
	"id", "kind", "thread_id", "thread_title", "post_id", "actor", "at",
	"unread", "reason",
};
static const struct db_shape notif_shape = DB_SHAPE(notif_cols,
    struct qa_notif, notif_decode);

/* QA_SEARCH_RANK: a thread list row, then the best post */
enum { SR_POST_ID = TR__MAX, SR_BODY_MD, SR_KIND, SR_TOTAL, SR__MAX };
static const char *const rank_cols[SR__MAX] = {
	STORE_THREAD_COLS, "post_id", "body_md", "kind", "total",
};

/* QA_STAFF_FEED */
enum { FE_WHAT, FE_POST_ID, FE_THREAD_ID, FE_TITLE, FE_WHO, FE_AT,
    FE_BODY_MD, FE__MAX };
static const char *const feed_cols[FE__MAX] = {
	"what", "post_id", "thread_id", "title", "display_name", "at",
	"body_md",
};
static const struct db_shape feed_shape = DB_SHAPE(feed_cols,
    struct qa_feed_item, feed_decode);

/* QA_POSTS_UNINDEXED, QA_POSTS_DOC_BATCH, QA_THREADS_UNFOLDED,
 * POSTS_UNCOOKED */
enum { IT_ID, IT_TEXT, IT__MAX };
static const char *const id_text_cols[IT__MAX] = { "id", "text" };
static const struct db_shape id_text_shape = DB_SHAPE(id_text_cols,
    struct id_text, id_text_decode);

/* QA_USER_BY_NAME */
struct qa_user {
	int64_t		 id;
	const char	*display_name;
};
enum { US_ID, US_DISPLAY_NAME, US__MAX };
static const char *const user_cols[US__MAX] = { "id", "display_name" };
static const struct db_shape user_shape = DB_SHAPE(user_cols, struct qa_user,
    user_decode);

/* The search statements that list post ids */
enum { PI_POST_ID, PI__MAX };
static const char *const post_id_cols[PI__MAX] = { "post_id" };

/* QA_SEARCH_SHARE */
enum { SH_SHARE, SH__MAX };
static const char *const share_cols[SH__MAX] = { "share" };

/* QA_NOTIF_UNREAD */
enum { UN_COUNT, UN__MAX };
static const char *const unread_cols[UN__MAX] = { "count" };

static const char *
num(struct num *n, int64_t v)
{
	snprintf(n->s, sizeof(n->s), "%lld", (long long)v);
	return n->s;
}

/* An id, or SQL NULL for 0. */
static const char *
idp(struct num *n, int64_t v)
{
	return v == 0 ? NULL : num(n, v);
}

/*
 * The lists with an offset (home, the JSON API) read by keyset from the
 * start (store/keyset.c): an offset past STORE_SKIP_MAX reads nothing.
 */
int
store_qa_threads(struct db *db, struct arena *a, int64_t cat,
    enum qa_sort sort, int limit, int offset, struct thread_row **out,
    size_t *n)
{
	struct store_page	pg;

	*n = 0;
	*out = NULL;
	if (offset > STORE_SKIP_MAX)
		return 0;
	if (store_list_category(db, a, cat, sort, NULL, limit, offset, out,
	    &pg) == -1)
		return -1;
	*n = pg.n;
	return 0;
}

int
store_qa_threads_by_tag(struct db *db, struct arena *a, const char *tag,
    int limit, int offset, struct thread_row **out, size_t *n)
{
	struct store_page	pg;

	*n = 0;
	*out = NULL;
	if (offset > STORE_SKIP_MAX)
		return 0;
	if (store_list_tag(db, a, tag, NULL, limit, offset, out, &pg) == -1)
		return -1;
	*n = pg.n;
	return 0;
}

int
store_qa_threads_by_user(struct db *db, struct arena *a, int64_t user,
    int answered, int limit, int offset, struct thread_row **out, size_t *n)
{
	struct store_page	pg;

	*n = 0;
	*out = NULL;
	if (offset > STORE_SKIP_MAX)
		return 0;
	if (store_list_user(db, a, user, answered, NULL, limit, offset, out,
	    &pg) == -1)
		return -1;
	*n = pg.n;
	return 0;
}

static void
thread_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct qa_thread	*t = row;

	t->id = db_i64(k, i, TH_ID);
	t->category_id = db_i64(k, i, TH_CATEGORY_ID);
	t->cat_slug = db_str(a, k, i, TH_SLUG);
	t->cat_name[0] = db_str(a, k, i, TH_NAME_JA);
	t->cat_name[1] = db_str(a, k, i, TH_NAME_EN);
	t->author_id = db_i64(k, i, TH_AUTHOR_ID);
	t->author = db_str(a, k, i, TH_AUTHOR);
	t->title = db_str(a, k, i, TH_TITLE);
	t->lang = db_str(a, k, i, TH_LANG);
	t->status = state_thread_parse(db_val(k, i, TH_STATUS));
	t->visible = db_bool(k, i, TH_VISIBLE);
	t->pinned = db_bool(k, i, TH_PINNED);
	t->has_official = db_bool(k, i, TH_HAS_OFFICIAL);
	t->has_verified = db_bool(k, i, TH_HAS_VERIFIED);
	t->accepted_post_id = db_i64(k, i, TH_ACCEPTED_POST_ID);
	t->duplicate_of = db_i64(k, i, TH_DUPLICATE_OF);
	t->dup_title = db_str(a, k, i, TH_DUP_TITLE);
	t->tags = db_str(a, k, i, TH_TAGS);
	t->created = db_i64(k, i, TH_CREATED);
	t->last_activity = db_i64(k, i, TH_LAST_ACTIVITY);
	t->answers = db_i64(k, i, TH_ANSWERS);
	t->question_post_id = db_i64(k, i, TH_QUESTION_POST_ID);
	t->accepted_revision = db_i64(k, i, TH_ACCEPTED_REVISION);
}

int
store_qa_thread(struct db *db, struct arena *a, int64_t id,
    struct qa_thread **out)
{
	struct num	 i;
	const char	*p[1] = { num(&i, id) };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_QA_THREAD_GET, p, &thread_shape, &v);
	*out = v;
	return rc;
}

static void
post_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct qa_post	*p = row;

	p->id = db_i64(k, i, PO_ID);
	p->thread_id = db_i64(k, i, PO_THREAD_ID);
	p->author_id = db_i64(k, i, PO_AUTHOR_ID);
	p->author = db_str(a, k, i, PO_AUTHOR);
	p->author_username = db_str(a, k, i, PO_AUTHOR_USERNAME);
	p->author_role = state_role_parse(db_val(k, i, PO_AUTHOR_ROLE));
	p->kind = state_kind_parse(db_val(k, i, PO_KIND));
	/* an unknown state is held: never shown by mistake */
	p->state = state_post_parse(db_val(k, i, PO_STATE));
	p->body_md = db_str(a, k, i, PO_BODY_MD);
	p->body_html = db_str(a, k, i, PO_BODY_HTML);
	p->score = db_i64(k, i, PO_SCORE);
	p->verified_by = db_i64(k, i, PO_VERIFIED_BY);
	p->verifier = db_str(a, k, i, PO_VERIFIER);
	p->verified_at = db_i64(k, i, PO_VERIFIED_AT);
	p->revision = db_i64(k, i, PO_REVISION);
	p->created = db_i64(k, i, PO_CREATED);
	p->updated = db_i64(k, i, PO_UPDATED);
	p->mod_reasons = db_str(a, k, i, PO_MOD_REASONS);
	p->removed_reason = db_str(a, k, i, PO_REMOVED_REASON);
	p->removed_at = db_i64(k, i, PO_REMOVED_AT);
	p->editor = db_str(a, k, i, PO_EDITOR);
	p->verified_revision = db_i64(k, i, PO_VERIFIED_REVISION);
	p->redacted_at = db_i64(k, i, PO_REDACTED_AT);
	p->voted = db_bool(k, i, PO_VOTED);
}

int
store_qa_posts(struct db *db, struct arena *a, int64_t thread, int64_t viewer,
    int mod, struct qa_post **out, size_t *n)
{
	struct num	 t, v;
	const char	*p[3] = { num(&t, thread), num(&v, viewer),
	    mod ? "true" : "false" };
	void		*rows;
	size_t		 i;

	if (db_rows(db, a, Q_QA_THREAD_POSTS, p, &post_shape, &rows, n) == -1)
		return -1;
	*out = rows;
	for (i = 0; i < *n; i++) {
		/* A removed post is listed as a placeholder: its text stays
		 * with the moderators (/mod/post/:id), never on the page. */
		if ((*out)[i].state == PS_REMOVED) {
			(*out)[i].body_md = "";
			(*out)[i].body_html = "";
		}
	}
	return 0;
}

int
store_qa_post(struct db *db, struct arena *a, int64_t id,
    struct qa_post **out)
{
	struct num	 i;
	const char	*p[1] = { num(&i, id) };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_QA_POST_GET, p, &post_shape, &v);
	*out = v;
	return rc;
}





/* Appends one mod_log row; takes before and after (NULL: {}).  0 or -1. */
static int
log_act(struct db *db, const struct qa_actor *by, const char *action,
    const char *kind, int64_t target, const char *text, int64_t user,
    json_t *before, json_t *after)
{
	char	*b = before ? json_dumps(before, JSON_COMPACT) : NULL;
	char	*f = after ? json_dumps(after, JSON_COMPACT) : NULL;
	int	 rc;

	rc = store_modlog_add(db, by->id, by->name, action, kind, target,
	    text, user, "", "", b ? b : "{}", f ? f : "{}", NULL);
	free(b);
	free(f);
	json_decref(before);
	json_decref(after);
	return rc;
}


int
store_qa_vote(struct db *db, int64_t post, int64_t thread, int64_t user,
    int *now_voted)
{
	PGresult	*res;
	struct num	 pi, u, t;
	const char	*p[2] = { num(&pi, post), num(&u, user) };
	const char	*r[1] = { num(&t, thread) };
	int		 added;

	(void)r;
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_QA_VOTE_ADD, p)) == NULL)
		goto fail;
	added = PQntuples(res) == 1;
	PQclear(res);
	if (!added && db_run(db, Q_QA_VOTE_DEL, p) == -1)
		goto fail;
	if (db_run(db, Q_QA_POST_SCORE, p) == -1)
		goto fail;
	*now_voted = added;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}



int
store_qa_thread_state(struct db *db, int64_t thread,
    enum thread_status status, int pinned, int64_t dup,
    const struct qa_actor *by, const char *action)
{
	PGresult	*res;
	struct num	 t, d, b;
	const char	*p[5] = { num(&t, thread), state_thread_name(status),
	    pinned ? "true" : "false", idp(&d, dup), num(&b, by->id) };
	struct db_row	 k;
	json_t		*before, *after;
	int64_t		 author;
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((res = db_query(db, Q_QA_THREAD_LOG_LOCK, p, &k, lock_cols,
	    LL__MAX)) == NULL)
		goto fail;
	if (k.rows != 1) {
		PQclear(res);
		goto fail;
	}
	before = json_pack("{s:s, s:b, s:I}", "status", db_val(&k, 0,
	    LL_STATUS), "pinned", db_bool(&k, 0, LL_PINNED), "duplicate_of",
	    (json_int_t)db_i64(&k, 0, LL_DUPLICATE_OF));
	author = db_i64(&k, 0, LL_AUTHOR_ID);
	after = json_pack("{s:s, s:b, s:I}", "status", p[1], "pinned",
	    pinned, "duplicate_of", (json_int_t)dup);
	/* Once called, log_act owns before and after. */
	rc = db_run(db, Q_QA_THREAD_SET_STATE, p);
	if (rc == 0)
		rc = log_act(db, by, action, "thread", thread,
		    db_val(&k, 0, LL_TITLE), author, before, after);
	else {
		json_decref(before);
		json_decref(after);
	}
	PQclear(res);
	if (rc == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

static void
revision_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct qa_revision	*v = row;

	v->revision = db_i64(k, i, RV_REVISION);
	v->editor = db_str(a, k, i, RV_EDITOR);
	v->title = db_str(a, k, i, RV_TITLE);
	v->tags = db_str(a, k, i, RV_TAGS);
	v->body_md = db_str(a, k, i, RV_BODY_MD);
	v->at = db_i64(k, i, RV_AT);
	v->redacted_at = db_i64(k, i, RV_REDACTED_AT);
}

int
store_qa_revisions(struct db *db, struct arena *a, int64_t post,
    struct qa_revision **out, size_t *n)
{
	struct num	 pi;
	const char	*p[1] = { num(&pi, post) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_QA_REVISIONS, p, &revision_shape, &v, n);
	*out = v;
	return rc;
}



int
store_qa_unread(struct db *db, int64_t user, int64_t *n)
{
	PGresult	*res;
	struct db_row	 k;
	struct num	 u;
	const char	*p[1] = { num(&u, user) };

	*n = 0;
	if ((res = db_query(db, Q_QA_NOTIF_UNREAD, p, &k, unread_cols,
	    UN__MAX)) == NULL)
		return -1;
	if (k.rows >= 1)
		*n = db_i64(&k, 0, UN_COUNT);
	PQclear(res);
	return 0;
}

enum notif_kind
store_notif_kind(const struct db_row *k, int i, int c)
{
	const char	*s = db_val(k, i, c);
	enum notif_kind	 v = state_notif_parse(s);

	if (v == NK_UNKNOWN)
		log_ratelimited("notif-kind", 60, "notifications.kind \"%.40s\" "
		    "unknown to this build: shown as a plain notification", s);
	return v;
}

static void
notif_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct qa_notif	*v = row;

	v->id = db_i64(k, i, NO_ID);
	v->kind = store_notif_kind(k, i, NO_KIND);
	v->thread_id = db_i64(k, i, NO_THREAD_ID);
	v->thread_title = db_str(a, k, i, NO_THREAD_TITLE);
	v->post_id = db_i64(k, i, NO_POST_ID);
	v->actor = db_str(a, k, i, NO_ACTOR);
	v->at = db_i64(k, i, NO_AT);
	v->unread = db_bool(k, i, NO_UNREAD);
	v->reason = db_str(a, k, i, NO_REASON);
}

int
store_qa_notifs_page(struct db *db, struct arena *a, int64_t user,
    const struct cursor *at, int limit, struct qa_notif **out,
    struct store_page *pg)
{
	struct num	 u, k, l;
	const char	*p[3];
	struct qa_notif	*rows;
	void		*v;
	size_t		 n;
	int		 newer;

	memset(pg, 0, sizeof(*pg));
	*out = NULL;
	if (at != NULL && at->nk != 1) {
		pg->bad_cursor = 1;
		return 0;
	}
	newer = at != NULL && at->dir == CURSOR_NEWER;
	p[0] = num(&u, user);
	p[1] = num(&k, at != NULL ? at->k[0] : INT64_MAX);
	p[2] = num(&l, (int64_t)limit + 1);
	if (db_rows(db, a, newer ? Q_QA_NOTIF_PAGE_N : Q_QA_NOTIF_PAGE_O, p,
	    &notif_shape, &v, &n) == -1)
		return -1;
	rows = v;
	n = store_page_trim(rows, n, sizeof(*rows), limit, newer, at != NULL,
	    pg);
	if (n > 0) {
		pg->newer.dir = CURSOR_NEWER;
		pg->newer.nk = 1;
		pg->newer.k[0] = rows[0].id;
		pg->older.dir = CURSOR_OLDER;
		pg->older.nk = 1;
		pg->older.k[0] = rows[n - 1].id;
	}
	*out = rows;
	return 0;
}

int
store_qa_notifs_read(struct db *db, int64_t user)
{
	struct num	 u;
	const char	*p[1] = { num(&u, user) };

	return db_run(db, Q_QA_NOTIF_READ_ALL, p);
}

int
store_qa_notif_read(struct db *db, int64_t user, int64_t id)
{
	struct num	 u, n;
	const char	*p[2] = { num(&u, user), num(&n, id) };

	return db_run(db, Q_QA_NOTIF_READ_ONE, p);
}

/*
 * Search in bounded work.  Ranking every match cannot be fast on a large
 * forum: a common word is in a tenth of all posts, and PostgreSQL's GIN
 * index reads (and the ranking fetches) every one of them, seconds at a
 * million posts.  So the candidates are the newest `want` matching visible
 * posts, found by whichever of two ways costs less for this query:
 *
 *   - walking the newest posts backwards in windows (QA_SEARCH_SCAN), which
 *     stops as soon as enough match: a few hundred rows for a common word,
 *     but the whole table for a rare one;
 *   - the GIN index below the last window (QA_SEARCH_GIN), whose cost grows
 *     with the number of matches: cheap for a rare word, seconds for a
 *     common one;
 *   - with a tag on at most SEARCH_TAG_FIRST threads, the posts of those
 *     threads (QA_SEARCH_TAGGED): a rare tag would otherwise be walked
 *     past a million documents.
 *
 * After each window the share of matching posts seen so far predicts both
 * costs for the rest: walking needs (want - found) / share more rows, the
 * index share * remaining matches.  The cheaper is taken (costs per row
 * and per match measured on the benchmark data set, docs/performance.md).
 * Then QA_SEARCH_RANK ranks only the candidates (best post per thread,
 * official, verified and accepted answers first) and cuts the page.
 */
#define SEARCH_COST_SCAN	5.0	/* µs per post walked */
#define SEARCH_COST_GIN		10.0	/* µs per match through the index */
#define SEARCH_WINDOW_MAX	65536
#define SEARCH_TAG_FIRST	3000	/* threads: a tag on fewer is read first */

static int
search_ids(struct db *db, enum q q, const char *const *p, struct buf *ids,
    int *found)
{
	PGresult	*res;
	struct db_row	 k;
	int		 i, nr;

	if ((res = db_query(db, q, p, &k, post_id_cols, PI__MAX)) == NULL)
		return -1;
	nr = k.rows;
	for (i = 0; i < nr; i++) {
		if (*found > 0)
			buf_putc(ids, ',');
		buf_puts(ids, db_val(&k, i, PI_POST_ID));
		(*found)++;
	}
	PQclear(res);
	return nr;
}

/*
 * The lexemes of a query from fold_tsquery ('送金' & ('二段' <-> '段階') &
 * 'withdraw':*) as the two array literals of QA_SEARCH_SHARE: text[] and
 * boolean[] (prefix or not).
 */
static void
search_lexemes(const char *tsq, struct buf *lex, struct buf *pre)
{
	const char	*p = tsq;
	int		 n = 0;

	buf_putc(lex, '{');
	buf_putc(pre, '{');
	while ((p = strchr(p, '\'')) != NULL) {
		if (n++ > 0) {
			buf_putc(lex, ',');
			buf_putc(pre, ',');
		}
		buf_putc(lex, '"');
		for (p++; *p != '\0'; p++) {
			if (*p == '\'' && p[1] == '\'') {
				buf_putc(lex, '\'');
				p++;
				continue;
			}
			if (*p == '\'')
				break;
			if (*p == '"' || *p == '\\')
				buf_putc(lex, '\\');
			buf_putc(lex, *p);
		}
		buf_putc(lex, '"');
		if (*p == '\'')
			p++;
		buf_putc(pre, strncmp(p, ":*", 2) == 0 ? 't' : 'f');
	}
	buf_putc(lex, '}');
	buf_putc(pre, '}');
}

/*
 * QA_SEARCH_SHARE for tsq: 0 to 1, or -1 when the store failed.  A query
 * with alternatives (synonyms: '出金' | 'withdraw':*) is judged by its
 * most common lexeme, not its rarest.
 */
static double
search_stats_share(struct db *db, struct arena *a, const char *tsq)
{
	PGresult	*res;
	struct db_row	 k;
	struct buf	 lex, pre;
	double		 share;

	buf_init(&lex, a);
	buf_init(&pre, a);
	search_lexemes(tsq, &lex, &pre);
	{
		const char *p[3] = { lex.p, pre.p,
		    strchr(tsq, '|') != NULL ? "t" : "f" };

		if ((res = db_query(db, Q_QA_SEARCH_SHARE, p, &k, share_cols,
		    SH__MAX)) == NULL)
			return -1;
	}
	share = k.rows == 1 ? strtod(db_val(&k, 0, SH_SHARE), NULL) : 0;
	PQclear(res);
	return share;
}

static int
search_candidates(struct db *db, struct arena *a,
    const struct qa_search_query *sq, int want, int window, struct buf *ids,
    struct qa_search_stats *st)
{
	struct num	 hi, w, k, off;
	int64_t		 top = INT64_MAX, edge;
	double		 share, walk, gin, stats = -1;
	int		 found = 0, filtered;
	const char	*tsq = sq->match, *cat = sq->cat, *tag = sq->tag;
	const char	*solved = sq->solved ? "t" : "f";

	filtered = cat[0] != '\0' || tag[0] != '\0' || sq->solved;
	if (tag[0] != '\0') {
		const char	*pc[2] = { tag, num(&k, SEARCH_TAG_FIRST) };
		const char	*pt[5] = { tsq, tag, cat, num(&w, want),
		    solved };
		int64_t		 ntag;

		if (store_one_id(db, Q_QA_SEARCH_TAG_COUNT, pc, "count", &ntag) == -1)
			return -1;
		if (ntag <= SEARCH_TAG_FIRST) {
			st->path = "tag";
			if (search_ids(db, Q_QA_SEARCH_TAGGED, pt, ids,
			    &found) < 0)
				return -1;
			st->candidates = found;
			return 0;
		}
	}
	for (;;) {
		/*
		 * QA_SEARCH_SCAN: q, below, window, limit; _IN: q, below,
		 * window, cat, tag, limit, solved
		 */
		const char *ps[7] = { tsq, num(&hi, top), num(&w, window),
		    num(&k, want - found), NULL, NULL, NULL };

		if (filtered) {
			ps[3] = cat;
			ps[4] = tag;
			ps[5] = num(&k, want - found);
			ps[6] = solved;
		}

		if (search_ids(db, filtered ? Q_QA_SEARCH_SCAN_IN :
		    Q_QA_SEARCH_SCAN, ps, ids, &found) < 0)
			return -1;
		st->windows++;
		if (found >= want)
			break;
		/* The oldest id of the window just walked (none: the end). */
		{
			const char *pe[2] = { num(&hi, top),
			    num(&off, window) };

			if (store_one_id(db, Q_QA_SEARCH_EDGE, pe, "post_id", &edge) == -1)
				return -1;
		}
		st->walked += edge > 0 ? window : 0;
		if (edge <= 1)
			break;	/* every post walked */
		top = edge;
		/*
		 * The newest posts need not be like the older ones (a burst of
		 * posts on another subject): both costs are judged by the
		 * larger of the share seen and the share the statistics give
		 * the query's lexemes, so a word that is common in the table
		 * is walked on rather than looked up.
		 */
		if (stats < 0 &&
		    (stats = search_stats_share(db, a, tsq)) < 0)
			return -1;
		share = (found + 0.5) / (double)st->walked;
		if (stats > share)
			share = stats;
		walk = (want - found) / share * SEARCH_COST_SCAN;
		/* ids are dense: about `top` posts remain below the window */
		gin = share * (double)top * SEARCH_COST_GIN;
		if (gin < walk) {
			/* QA_SEARCH_GIN: q, below, limit; _IN: q, below, cat,
			 * tag, limit, solved */
			const char *pg[6] = { tsq, num(&hi, top),
			    num(&k, want - found), NULL, NULL, NULL };

			if (filtered) {
				pg[2] = cat;
				pg[3] = tag;
				pg[4] = num(&k, want - found);
				pg[5] = solved;
			}

			st->path = "index";
			if (search_ids(db, filtered ? Q_QA_SEARCH_GIN_IN :
			    Q_QA_SEARCH_GIN, pg, ids, &found) < 0)
				return -1;
			break;
		}
		if (window < SEARCH_WINDOW_MAX)
			window *= 2;
	}
	st->candidates = found;
	return 0;
}

int
store_qa_search(struct db *db, struct arena *a,
    const struct qa_search_query *sq, int limit, int offset, int window,
    struct qa_hit **out, size_t *n, struct qa_search_stats *st)
{
	PGresult		*res;
	struct db_row		 k;
	struct num		 l, o;
	struct buf		 ids;
	struct qa_search_stats	 dummy;
	struct qa_hit		*h;
	size_t			 nr, i;
	int			 want, timed_out;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	st->path = "walk";
	/* Enough candidates for this page and a few posts per thread. */
	want = 3 * (offset + limit);
	want = want < 60 ? 60 : want > 1000 ? 1000 : want;
	if (window < 1)
		window = 2000;
	buf_init(&ids, a);
	buf_putc(&ids, '{');
	/*
	 * The 2 s statement timeout is the last resort should the estimate
	 * above go wrong: a search must not hold an app thread for long.
	 * Plans are made for each query's own words (force_custom_plan).
	 */
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_SEARCH_TIMEOUT, NULL)) == NULL)
		goto fail;
	PQclear(res);
	if (search_candidates(db, a, sq, want, window, &ids, st) == -1)
		goto fail;
	st->capped = st->candidates >= want;
	buf_putc(&ids, '}');
	{
		const char *p[4] = { sq->rank, ids.p, num(&l, limit),
		    num(&o, offset) };

		if ((res = db_query(db, Q_QA_SEARCH_RANK, p, &k, rank_cols,
		    SR__MAX)) == NULL)
			goto fail;
	}
	if (db_commit(db) == -1) {
		PQclear(res);
		return -1;
	}
	/* The rows of the earlier pages (offset) are left out here. */
	nr = k.rows > offset ? (size_t)(k.rows - offset) : 0;
	if (k.rows > 0)
		st->threads = (int)db_i64(&k, 0, SR_TOTAL);
	*out = h = arena_calloc(a, nr + 1, sizeof(*h));
	for (i = 0; i < nr; i++) {
		int	row = (int)i + offset;

		store_thread_decode(a, &k, row, &h[i].t);
		h[i].post_id = db_i64(&k, row, SR_POST_ID);
		h[i].body_md = db_str(a, &k, row, SR_BODY_MD);
		h[i].kind = state_kind_parse(db_val(&k, row, SR_KIND));
	}
	*n = nr;
	PQclear(res);
	return 0;
fail:
	timed_out = strcmp(db_sqlstate(db), "57014") == 0;
	db_rollback(db);
	return timed_out ? -2 : -1;
}

int
store_qa_similar(struct db *db, struct arena *a, const char *title_fold,
    int limit, struct thread_row **out, size_t *n)
{
	struct num	 l;
	const char	*p[2] = { title_fold, num(&l, limit) };

	return store_thread_rows(db, a, Q_QA_SIMILAR, p, out, n);
}

static void
feed_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct qa_feed_item	*v = row;

	v->what = db_str(a, k, i, FE_WHAT);
	v->post_id = db_i64(k, i, FE_POST_ID);
	v->thread_id = db_i64(k, i, FE_THREAD_ID);
	v->title = db_str(a, k, i, FE_TITLE);
	v->who = db_str(a, k, i, FE_WHO);
	v->at = db_i64(k, i, FE_AT);
	v->body_md = db_str(a, k, i, FE_BODY_MD);
}

int
store_qa_staff_feed(struct db *db, struct arena *a, int limit,
    struct qa_feed_item **out, size_t *n)
{
	struct num	 l;
	const char	*p[1] = { num(&l, limit) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_QA_STAFF_FEED, p, &feed_shape, &v, n);
	*out = v;
	return rc;
}

/* QA_FEED_CATEGORY (key: the category id), QA_FEED_TAG, QA_FEED_THREAD. */
int
store_qa_feed(struct db *db, struct arena *a, enum qa_feed_of of,
    const char *key, int limit, struct qa_feed_item **out, size_t *n)
{
	static const enum q	 qs[] = { Q_QA_FEED_CATEGORY, Q_QA_FEED_TAG,
				    Q_QA_FEED_THREAD };
	struct num		 l;
	const char		*p[2] = { key, num(&l, limit) };
	void			*v;
	int			 rc;

	rc = db_rows(db, a, qs[of], p, &feed_shape, &v, n);
	*out = v;
	return rc;
}

static void
user_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct qa_user	*u = row;

	u->id = db_i64(k, i, US_ID);
	u->display_name = db_str(a, k, i, US_DISPLAY_NAME);
}

int
store_qa_user_by_name(struct db *db, struct arena *a, const char *name,
    int64_t *id, const char **display_name)
{
	const char	*p[1] = { name };
	void		*v;
	struct qa_user	*u;

	*id = 0;
	*display_name = NULL;
	if (db_row1(db, a, Q_QA_USER_BY_NAME, p, &user_shape, &v) == -1)
		return -1;
	if ((u = v) != NULL) {
		*id = u->id;
		*display_name = u->display_name;
	}
	return 0;
}

int
store_qa_category_id(struct db *db, const char *slug, int64_t *id)
{
	const char	*p[1] = { slug };

	return store_one_id(db, Q_QA_CATEGORY_ID_BY_SLUG, p, "id", id);
}

int
store_one_id(struct db *db, enum q q, const char *const *p, const char *col,
    int64_t *id)
{
	PGresult	*res;
	struct db_row	 k;
	const char	*names[1] = { col };

	*id = 0;
	if ((res = db_query(db, q, p, &k, names, 1)) == NULL)
		return -1;
	if (k.rows > 0)
		*id = db_i64(&k, 0, 0);
	PQclear(res);
	return 0;
}

static void
id_text_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct id_text	*t = row;

	t->id = db_i64(k, i, IT_ID);
	t->text = db_str(a, k, i, IT_TEXT);
}

int
store_id_texts(struct db *db, struct arena *a, enum q q, struct id_text **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, q, NULL, &id_text_shape, &v, n);
	*out = v;
	return rc;
}

int
store_qa_posts_unindexed(struct db *db, struct arena *a, struct id_text **out,
    size_t *n)
{
	return store_id_texts(db, a, Q_QA_POSTS_UNINDEXED, out, n);
}

int
store_qa_threads_unfolded(struct db *db, struct arena *a,
    struct id_text **out, size_t *n)
{
	return store_id_texts(db, a, Q_QA_THREADS_UNFOLDED, out, n);
}

int
store_qa_post_set_doc(struct db *db, int64_t id, const char *doc)
{
	struct num	 i;
	const char	*p[2] = { num(&i, id), doc };

	return db_run(db, Q_QA_POST_SET_DOC, p);
}

int
store_qa_thread_set_fold(struct db *db, int64_t id, const char *fold)
{
	struct num	 i;
	const char	*p[2] = { num(&i, id), fold };

	return db_run(db, Q_QA_THREAD_SET_FOLD, p);
}

int
store_qa_revisions_fill(struct db *db)
{
	return db_run(db, Q_QA_REVISIONS_MISSING, NULL);
}

int
store_qa_search_version(struct db *db, int64_t *version)
{
	return store_one_id(db, Q_QA_SEARCH_VERSION_GET, NULL, "doc_version",
	    version);
}

int
store_qa_search_version_set(struct db *db, int64_t version)
{
	struct num	 v;
	const char	*p[1] = { num(&v, version) };

	return db_run(db, Q_QA_SEARCH_VERSION_SET, p);
}

int
store_qa_posts_doc_batch(struct db *db, struct arena *a, int64_t after,
    int limit, struct id_text **out, size_t *n)
{
	struct num	 af, l;
	const char	*p[2] = { num(&af, after), num(&l, limit) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_QA_POSTS_DOC_BATCH, p, &id_text_shape, &v, n);
	*out = v;
	return rc;
}
