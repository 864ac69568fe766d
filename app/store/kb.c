/*
 * store/kb.c: the knowledge base's reads and writes (store/kb.h).
 *
 * Each write is one transaction that first checks, in the database, that
 * the actor's account is staff (or admin) and not suspended: the route's
 * role and the page's buttons are conveniences, this is the rule.  A
 * promotion also locks the thread's question and answer and counts them
 * still visible at the revisions that were read, so a text held,
 * redacted or removed meanwhile never reaches an article.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/kb.h"
#include "store/store.h"

static char	*i64s(struct arena *, int64_t);
static int	 is_staff(struct db *, struct arena *, int64_t, int *);
static void	 art_decode(struct arena *, const struct db_row *, int, void *);
static void	 src_decode(struct arena *, const struct db_row *, int, void *);
static void	 rev_decode(struct arena *, const struct db_row *, int, void *);
static void	 hit_decode(struct arena *, const struct db_row *, int, void *);
static void	 url_decode(struct arena *, const struct db_row *, int, void *);
static void	 review_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 week_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 top_decode(struct arena *, const struct db_row *, int, void *);

#define KB_LIST_MAX	2000	/* rows of the list one can page through */

/* KB_GET, KB_LIST */
enum { KA_ID, KA_SLUG, KA_TITLE, KA_LANG, KA_QMD, KA_QHTML, KA_BMD, KA_BHTML,
    KA_REVISION, KA_TAGS, KA_CAT_SLUG, KA_NAME_JA, KA_NAME_EN, KA_CAT_ID,
    KA_SRC_THREAD, KA_SRC_ANSWER, KA_AUTHOR, KA_AUTHOR_ROLE, KA_CREATED_BY,
    KA_CREATED, KA_UPDATED, KA_REVIEW, KA_REVIEW_REASON, KA_WITHHELD, KA_YES,
    KA_NO, KA__MAX };
static const char *const art_cols[KA__MAX] = {
	"id", "slug", "title", "lang", "question_md", "question_html",
	"body_md", "body_html", "revision", "tags", "cat_slug", "name_ja",
	"name_en", "category_id", "source_thread", "source_answer", "author",
	"author_role", "created_by", "created", "updated", "needs_review",
	"review_reason", "withheld", "yes", "no",
};
static const struct db_shape art_shape = DB_SHAPE(art_cols,
    struct kb_article, art_decode);

/* KB_SOURCE */
enum { KS_THREAD, KS_TITLE, KS_CAT, KS_CAT_SLUG, KS_LANG, KS_TAGS, KS_QID, KS_QREV, KS_QMD,
    KS_AID, KS_AREV, KS_AMD, KS_AKIND, KS_EXISTING, KS__MAX };
static const char *const src_cols[KS__MAX] = {
	"thread_id", "title", "category_id", "cat_slug", "lang", "tags",
	"question_id",
	"question_rev", "question_md", "answer_id", "answer_rev", "answer_md",
	"answer_kind", "existing",
};
static const struct db_shape src_shape = DB_SHAPE(src_cols,
    struct kb_source, src_decode);

/* KB_REVISIONS */
enum { KR_REV, KR_TITLE, KR_QMD, KR_BMD, KR_NOTE, KR_WITHHELD, KR_EDITOR,
    KR_ROLE, KR_EDITOR_ID, KR_CREATED, KR__MAX };
static const char *const rev_cols[KR__MAX] = {
	"revision", "title", "question_md", "body_md", "note", "withheld",
	"editor",
	"editor_role", "editor_id", "created",
};
static const struct db_shape rev_shape = DB_SHAPE(rev_cols,
    struct kb_revision, rev_decode);

/* KB_SEARCH */
enum { KH_SLUG, KH_TITLE, KH_CAT, KH_PROMOTED, KH__MAX };
static const char *const hit_cols[KH__MAX] = {
	"slug", "title", "cat_slug", "promoted",
};
static const struct db_shape hit_shape = DB_SHAPE(hit_cols, struct kb_hit,
    hit_decode);

/* KB_SITEMAP */
enum { KU_SLUG, KU_UPDATED, KU__MAX };
static const char *const url_cols[KU__MAX] = { "slug", "updated" };
static const struct db_shape url_shape = DB_SHAPE(url_cols, struct kb_url,
    url_decode);

/* KB_REVIEW_LIST */
enum { KV_SLUG, KV_TITLE, KV_REASON, KV_WITHHELD, KV_SINCE, KV_THREAD,
    KV__MAX };
static const char *const review_cols[KV__MAX] = {
	"slug", "title", "review_reason", "withheld", "since", "source_thread",
};
static const struct db_shape review_shape = DB_SHAPE(review_cols,
    struct kb_review, review_decode);

/* KB_SOLVED_WEEKS */
enum { KW_SLUG, KW_WEEK, KW_N, KW__MAX };
static const char *const week_cols[KW__MAX] = { "slug", "week_label", "n" };
static const struct db_shape week_shape = DB_SHAPE(week_cols,
    struct kb_week, week_decode);

/* KB_SOLVED_TOP */
enum { KT_SLUG, KT_TITLE, KT_N, KT__MAX };
static const char *const top_cols[KT__MAX] = { "slug", "title", "n" };
static const struct db_shape top_shape = DB_SHAPE(top_cols, struct kb_top,
    top_decode);

static char *
i64s(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

/* In the open transaction: whether actor may change the knowledge base. */
static int
is_staff(struct db *db, struct arena *a, int64_t actor, int *ok)
{
	const char	*p[1] = { i64s(a, actor) };
	int64_t		 n;

	*ok = 0;
	if (store_one_id(db, Q_KB_ACTOR_STAFF, p, "n", &n) == -1)
		return -1;
	*ok = n == 1;
	return 0;
}

static void
art_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct kb_article	*t = row;

	t->id = db_i64(k, i, KA_ID);
	t->slug = db_str(a, k, i, KA_SLUG);
	t->title = db_str(a, k, i, KA_TITLE);
	t->lang = db_str(a, k, i, KA_LANG);
	t->question_md = db_str(a, k, i, KA_QMD);
	t->question_html = db_str(a, k, i, KA_QHTML);
	t->body_md = db_str(a, k, i, KA_BMD);
	t->body_html = db_str(a, k, i, KA_BHTML);
	t->revision = db_i64(k, i, KA_REVISION);
	t->tags = db_str(a, k, i, KA_TAGS);
	t->cat_slug = db_str(a, k, i, KA_CAT_SLUG);
	t->cat_name[0] = db_str(a, k, i, KA_NAME_JA);
	t->cat_name[1] = db_str(a, k, i, KA_NAME_EN);
	t->category_id = db_i64(k, i, KA_CAT_ID);
	t->source_thread = db_i64(k, i, KA_SRC_THREAD);
	t->source_answer = db_i64(k, i, KA_SRC_ANSWER);
	t->author = db_str(a, k, i, KA_AUTHOR);
	t->author_role = state_role_parse(db_val(k, i, KA_AUTHOR_ROLE));
	t->author_id = db_i64(k, i, KA_CREATED_BY);
	t->created = db_i64(k, i, KA_CREATED);
	t->updated = db_i64(k, i, KA_UPDATED);
	t->needs_review = db_bool(k, i, KA_REVIEW);
	t->review_reason = db_str(a, k, i, KA_REVIEW_REASON);
	t->withheld = db_bool(k, i, KA_WITHHELD);
	t->yes = db_i64(k, i, KA_YES);
	t->no = db_i64(k, i, KA_NO);
}

static void
src_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct kb_source	*s = row;

	s->thread_id = db_i64(k, i, KS_THREAD);
	s->title = db_str(a, k, i, KS_TITLE);
	s->category_id = db_i64(k, i, KS_CAT);
	s->cat_slug = db_str(a, k, i, KS_CAT_SLUG);
	s->lang = db_str(a, k, i, KS_LANG);
	s->tags = db_str(a, k, i, KS_TAGS);
	s->question_id = db_i64(k, i, KS_QID);
	s->question_rev = db_i64(k, i, KS_QREV);
	s->question_md = db_str(a, k, i, KS_QMD);
	s->answer_id = db_i64(k, i, KS_AID);
	s->answer_rev = db_i64(k, i, KS_AREV);
	s->answer_md = db_str(a, k, i, KS_AMD);
	s->answer_kind = db_str(a, k, i, KS_AKIND);
	s->existing = db_str(a, k, i, KS_EXISTING);
}

static void
rev_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct kb_revision	*r = row;

	r->revision = db_i64(k, i, KR_REV);
	r->title = db_str(a, k, i, KR_TITLE);
	r->question_md = db_str(a, k, i, KR_QMD);
	r->body_md = db_str(a, k, i, KR_BMD);
	r->note = db_str(a, k, i, KR_NOTE);
	r->withheld = db_bool(k, i, KR_WITHHELD);
	r->editor = db_str(a, k, i, KR_EDITOR);
	r->editor_role = state_role_parse(db_val(k, i, KR_ROLE));
	r->editor_id = db_i64(k, i, KR_EDITOR_ID);
	r->created = db_i64(k, i, KR_CREATED);
}

static void
hit_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct kb_hit	*h = row;

	h->slug = db_str(a, k, i, KH_SLUG);
	h->title = db_str(a, k, i, KH_TITLE);
	h->cat_slug = db_str(a, k, i, KH_CAT);
	h->promoted = db_bool(k, i, KH_PROMOTED);
}

static void
url_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct kb_url	*u = row;

	u->slug = db_str(a, k, i, KU_SLUG);
	u->updated = db_i64(k, i, KU_UPDATED);
}

static void
review_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct kb_review	*v = row;

	v->slug = db_str(a, k, i, KV_SLUG);
	v->title = db_str(a, k, i, KV_TITLE);
	v->reason = db_str(a, k, i, KV_REASON);
	v->withheld = db_bool(k, i, KV_WITHHELD);
	v->since = db_i64(k, i, KV_SINCE);
	v->source_thread = db_i64(k, i, KV_THREAD);
}

static void
week_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct kb_week	*w = row;

	w->slug = db_str(a, k, i, KW_SLUG);
	w->week_label = db_str(a, k, i, KW_WEEK);
	w->n = db_i64(k, i, KW_N);
}

static void
top_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct kb_top	*t = row;

	t->slug = db_str(a, k, i, KT_SLUG);
	t->title = db_str(a, k, i, KT_TITLE);
	t->n = db_i64(k, i, KT_N);
}

int
store_kb_source(struct db *db, struct arena *a, int64_t thread,
    struct kb_source **out)
{
	const char	*p[1] = { i64s(a, thread) };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_KB_SOURCE, p, &src_shape, &v);
	*out = v;
	return rc;
}

int
store_kb_create(struct db *db, struct arena *a, const struct kb_write *w,
    enum kb_result *res, const char **slug)
{
	PGresult	*r;
	struct db_row	 k;
	static const char *const cols[2] = { "id", "slug" };
	const char	*p[14];
	int64_t		 n, id;
	int		 ok;

	*res = KB_OK;
	*slug = NULL;
	if (db_begin(db) == -1)
		return -1;
	if (is_staff(db, a, w->actor_id, &ok) == -1)
		goto fail;
	if (!ok) {
		*res = KB_FORBIDDEN;
		db_rollback(db);
		return 0;
	}
	if (w->src != NULL) {
		p[0] = i64s(a, w->src->question_id);
		p[1] = i64s(a, w->src->question_rev);
		p[2] = i64s(a, w->src->answer_id);
		p[3] = i64s(a, w->src->answer_rev);
		if (store_one_id(db, Q_KB_SOURCE_CHECK, p, "n", &n) == -1)
			goto fail;
		if (n != 2) {
			*res = KB_STALE;
			db_rollback(db);
			return 0;
		}
	}
	p[0] = w->slug_base;
	p[1] = i64s(a, w->category_id);
	p[2] = w->tags;
	p[3] = w->lang;
	p[4] = w->title;
	p[5] = w->question_md;
	p[6] = w->question_html;
	p[7] = w->body_md;
	p[8] = w->body_html;
	p[9] = i64s(a, w->src != NULL ? w->src->thread_id : 0);
	p[10] = i64s(a, w->src != NULL ? w->src->question_id : 0);
	p[11] = i64s(a, w->src != NULL ? w->src->answer_id : 0);
	p[12] = i64s(a, w->actor_id);
	p[13] = w->search_doc;
	if ((r = db_query(db, Q_KB_CREATE, p, &k, cols, 2)) == NULL) {
		/* a second promotion of the same thread, meanwhile */
		if (w->src != NULL && db_sqlstate(db) != NULL &&
		    strcmp(db_sqlstate(db), "23505") == 0) {
			db_rollback(db);
			*res = KB_EXISTS;
			return 0;
		}
		goto fail;
	}
	id = db_i64(&k, 0, 0);
	*slug = db_str(a, &k, 0, 1);
	PQclear(r);
	p[0] = i64s(a, id);
	p[1] = i64s(a, w->actor_id);
	p[2] = w->src != NULL ? "promoted" : "written";
	if (db_run(db, Q_KB_REVISION_ADD, p) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
store_kb_edit(struct db *db, struct arena *a, const struct kb_write *w,
    enum kb_result *res)
{
	const char	*p[11];
	int64_t		 id;
	int		 ok;

	*res = KB_OK;
	if (db_begin(db) == -1)
		return -1;
	if (is_staff(db, a, w->actor_id, &ok) == -1)
		goto fail;
	if (!ok) {
		*res = KB_FORBIDDEN;
		db_rollback(db);
		return 0;
	}
	p[0] = i64s(a, w->article_id);
	p[1] = i64s(a, w->expect_revision);
	p[2] = w->title;
	p[3] = w->question_md;
	p[4] = w->question_html;
	p[5] = w->body_md;
	p[6] = w->body_html;
	p[7] = i64s(a, w->category_id);
	p[8] = w->tags;
	p[9] = w->search_doc;
	p[10] = w->lang;
	if (store_one_id(db, Q_KB_EDIT, p, "id", &id) == -1)
		goto fail;
	if (id == 0) {
		*res = KB_STALE;
		db_rollback(db);
		return 0;
	}
	p[1] = i64s(a, w->actor_id);
	p[2] = "edited";
	if (db_run(db, Q_KB_REVISION_ADD, p) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
store_kb_confirm(struct db *db, struct arena *a, int64_t actor,
    int64_t article, int64_t expect_revision, enum kb_result *res)
{
	const char	*p[2];
	int64_t		 id;
	int		 ok;

	*res = KB_OK;
	if (db_begin(db) == -1)
		return -1;
	if (is_staff(db, a, actor, &ok) == -1)
		goto fail;
	if (!ok) {
		*res = KB_FORBIDDEN;
		db_rollback(db);
		return 0;
	}
	p[0] = i64s(a, article);
	p[1] = i64s(a, expect_revision);
	if (store_one_id(db, Q_KB_CONFIRM, p, "id", &id) == -1)
		goto fail;
	if (id == 0) {
		*res = KB_STALE;
		db_rollback(db);
		return 0;
	}
	if (db_commit(db) == -1)
		return -1;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
store_kb_source_changed(struct db *db, struct arena *a, int64_t post,
    const char *why)
{
	const char	*p[3];

	if (why == NULL || post == 0)
		return 0;
	p[0] = i64s(a, post);
	p[1] = why;
	/* text the public may no longer read: out of the article too */
	p[2] = strcmp(why, "removed") == 0 || strcmp(why, "redacted") == 0 ||
	    strcmp(why, "hidden") == 0 || strcmp(why, "held") == 0 ?
	    "true" : "false";
	return db_run(db, Q_KB_SOURCE_CHANGED, p);
}

int
store_kb_user_removed(struct db *db, struct arena *a, int64_t user)
{
	const char	*p[1] = { i64s(a, user) };

	return db_run(db, Q_KB_SOURCE_USER_REMOVED, p);
}

int
store_kb_get(struct db *db, struct arena *a, const char *slug, int staff,
    struct kb_article **out)
{
	const char	*p[2] = { slug, staff ? "true" : "false" };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_KB_GET, p, &art_shape, &v);
	*out = v;
	return rc;
}

int
store_kb_list(struct db *db, struct arena *a, enum kb_sort sort,
    const char *cat, const char *tag, int limit, int offset,
    struct kb_article **out, size_t *n)
{
	static const char *const sorts[KB_SORT__MAX] = { "category", "newest",
	    "helpful" };
	const char	*p[4];
	void		*v;
	int		 rc;

	/*
	 * Staff write the articles, so there are hundreds, not millions,
	 * and the list has at most KB_LIST_MAX rows to page through: the
	 * rows before the page are read and skipped here (no OFFSET in a
	 * statement: t297).
	 */
	if (offset < 0 || limit < 0 || offset + limit > KB_LIST_MAX) {
		*out = NULL;
		*n = 0;
		return 0;
	}
	p[0] = sorts[sort < KB_SORT__MAX ? sort : KB_SORT_NEWEST];
	p[1] = cat != NULL ? cat : "";
	p[2] = tag != NULL ? tag : "";
	p[3] = arena_printf(a, "%d", offset + limit);
	rc = db_rows(db, a, Q_KB_LIST, p, &art_shape, &v, n);
	if (rc == 0 && *n > (size_t)offset) {
		*out = (struct kb_article *)v + offset;
		*n -= (size_t)offset;
	} else {
		*out = v;
		if (rc == 0)
			*n = 0;
	}
	return rc;
}

int
store_kb_revisions(struct db *db, struct arena *a, int64_t article,
    struct kb_revision **out, size_t *n)
{
	const char	*p[1] = { i64s(a, article) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_KB_REVISIONS, p, &rev_shape, &v, n);
	*out = v;
	return rc;
}

int
store_kb_vote(struct db *db, struct arena *a, int64_t article,
    const char *voter, const char *cookie, int helpful, int *found)
{
	const char	*p[4];
	int64_t		 id;

	p[0] = i64s(a, article);
	p[1] = voter != NULL ? voter : "";
	p[2] = cookie != NULL ? cookie : "";
	p[3] = helpful ? "true" : "false";
	if (store_one_id(db, Q_KB_VOTE, p, "article_id", &id) == -1)
		return -1;
	*found = id != 0;
	return 0;
}

int
store_kb_solved(struct db *db, struct arena *a, int64_t article, int64_t user,
    int *found, int *added)
{
	PGresult	*r;
	struct db_row	 k;
	static const char *const cols[2] = { "added", "found" };
	const char	*p[2] = { i64s(a, article), i64s(a, user) };

	*found = *added = 0;
	if ((r = db_query(db, Q_KB_SOLVED, p, &k, cols, 2)) == NULL)
		return -1;
	*added = db_i64(&k, 0, 0) > 0;
	*found = db_i64(&k, 0, 1) > 0;
	PQclear(r);
	return 0;
}

int
store_kb_search(struct db *db, struct arena *a, const char *match,
    const char *rank, int limit, struct kb_hit **out, size_t *n)
{
	const char	*p[3] = { match, rank, arena_printf(a, "%d", limit) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_KB_SEARCH, p, &hit_shape, &v, n);
	*out = v;
	return rc;
}

int
store_kb_sitemap(struct db *db, struct arena *a, struct kb_url **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	rc = db_rows(db, a, Q_KB_SITEMAP, NULL, &url_shape, &v, n);
	*out = v;
	return rc;
}

int
store_kb_review_list(struct db *db, struct arena *a, int limit,
    struct kb_review **out, size_t *n)
{
	const char	*p[1] = { arena_printf(a, "%d", limit) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_KB_REVIEW_LIST, p, &review_shape, &v, n);
	*out = v;
	return rc;
}

int
store_kb_solved_weeks(struct db *db, struct arena *a, int weeks,
    struct kb_week **out, size_t *n)
{
	const char	*p[1] = { arena_printf(a, "%d", weeks) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_KB_SOLVED_WEEKS, p, &week_shape, &v, n);
	*out = v;
	return rc;
}

int
store_kb_solved_top(struct db *db, struct arena *a, int weeks,
    struct kb_top **out, size_t *n)
{
	const char	*p[1] = { arena_printf(a, "%d", weeks) };
	void		*v;
	int		 rc;

	rc = db_rows(db, a, Q_KB_SOLVED_TOP, p, &top_shape, &v, n);
	*out = v;
	return rc;
}
