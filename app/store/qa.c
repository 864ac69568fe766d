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
#include "lib/state.h"
#include "lib/buf.h"
#include "store/db_internal.h"
#include "store/store.h"

#define I64(res, i, j)	strtoll(PQgetvalue((res), (i), (j)), NULL, 10)
#define STR(a, res, i, j) arena_strdup((a), PQgetvalue((res), (i), (j)))
#define BOOL(res, i, j)	(PQgetvalue((res), (i), (j))[0] == 't')

struct num {
	char	 s[24];
};

static const char	*num(struct num *, int64_t);
static const char	*idp(struct num *, int64_t);
static int		 run(struct db *, enum q, const char *const *);
static int		 rows(struct db *, struct arena *, enum q,
			    const char *const *, struct thread_row **, size_t *);
static void		 post_row(struct arena *, PGresult *, int,
			    struct qa_post *);
static int		 log_act(struct db *, const struct qa_actor *,
			    const char *, const char *, int64_t, const char *,
			    int64_t, json_t *, json_t *);

static const char *const sort_names[QA_SORT__MAX] = {
	[QA_SORT_ACTIVE] = "active",
	[QA_SORT_NEWEST] = "newest",
	[QA_SORT_UNANSWERED] = "unanswered",
	[QA_SORT_ANSWERED] = "answered",
	[QA_SORT_VERIFIED] = "verified",
};

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

static int
run(struct db *db, enum q q, const char *const *p)
{
	PGresult	*res;

	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

static int
rows(struct db *db, struct arena *a, enum q q, const char *const *p,
    struct thread_row **out, size_t *n)
{
	PGresult	*res;

	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	store_thread_rows(a, res, out, n);
	PQclear(res);
	return 0;
}

int
store_qa_threads(struct db *db, struct arena *a, int64_t cat,
    enum qa_sort sort, int limit, int offset, struct thread_row **out,
    size_t *n)
{
	struct num	 c, l, o;
	const char	*p[4];

	p[0] = idp(&c, cat);
	if (cat > 0 && (sort == QA_SORT_ACTIVE || sort >= QA_SORT__MAX)) {
		p[1] = num(&l, limit);
		p[2] = num(&o, offset);
		return rows(db, a, Q_QA_THREADS_ACTIVE, p, out, n);
	}
	p[1] = sort_names[sort < QA_SORT__MAX ? sort : QA_SORT_ACTIVE];
	p[2] = num(&l, limit);
	p[3] = num(&o, offset);
	return rows(db, a, Q_QA_THREADS_FILTERED, p, out, n);
}

int
store_qa_threads_by_tag(struct db *db, struct arena *a, const char *tag,
    int limit, int offset, struct thread_row **out, size_t *n)
{
	struct num	 l, o;
	const char	*p[3] = { tag, num(&l, limit), num(&o, offset) };

	return rows(db, a, Q_QA_THREADS_BY_TAG, p, out, n);
}

int
store_qa_threads_by_user(struct db *db, struct arena *a, int64_t user,
    int answered, int limit, int offset, struct thread_row **out, size_t *n)
{
	struct num	 u, l, o;
	const char	*p[3] = { num(&u, user), num(&l, limit),
	    num(&o, offset) };

	return rows(db, a, answered ? Q_QA_THREADS_ANSWERED_BY_USER :
	    Q_QA_THREADS_BY_USER, p, out, n);
}

int
store_qa_thread(struct db *db, struct arena *a, int64_t id,
    struct qa_thread **out)
{
	PGresult		*res;
	struct num		 i;
	const char		*p[1] = { num(&i, id) };
	struct qa_thread	*t;

	*out = NULL;
	if ((res = db_exec(db, Q_QA_THREAD_GET, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		t = arena_calloc(a, 1, sizeof(*t));
		t->id = I64(res, 0, 0);
		t->category_id = I64(res, 0, 1);
		t->cat_slug = STR(a, res, 0, 2);
		t->cat_name[0] = STR(a, res, 0, 3);
		t->cat_name[1] = STR(a, res, 0, 4);
		t->author_id = I64(res, 0, 5);
		t->author = STR(a, res, 0, 6);
		t->title = STR(a, res, 0, 7);
		t->lang = STR(a, res, 0, 8);
		t->status = state_thread_parse(PQgetvalue(res, 0, 9));
		t->visible = BOOL(res, 0, 10);
		t->pinned = BOOL(res, 0, 11);
		t->has_official = BOOL(res, 0, 12);
		t->has_verified = BOOL(res, 0, 13);
		t->accepted_post_id = I64(res, 0, 14);
		t->duplicate_of = I64(res, 0, 15);
		t->dup_title = STR(a, res, 0, 16);
		t->tags = STR(a, res, 0, 17);
		t->created = I64(res, 0, 18);
		t->last_activity = I64(res, 0, 19);
		t->answers = I64(res, 0, 20);
		t->question_post_id = I64(res, 0, 21);
		t->accepted_revision = I64(res, 0, 22);
		*out = t;
	}
	PQclear(res);
	return 0;
}

static void
post_row(struct arena *a, PGresult *res, int i, struct qa_post *p)
{
	p->id = I64(res, i, 0);
	p->thread_id = I64(res, i, 1);
	p->author_id = I64(res, i, 2);
	p->author = STR(a, res, i, 3);
	p->author_username = STR(a, res, i, 4);
	p->author_role = state_role_parse(PQgetvalue(res, i, 5));
	p->kind = state_kind_parse(PQgetvalue(res, i, 6));
	p->state = state_post_parse(PQgetvalue(res, i, 7));
	p->body_md = STR(a, res, i, 8);
	p->body_html = STR(a, res, i, 9);
	p->score = I64(res, i, 10);
	p->verified_by = I64(res, i, 11);
	p->verifier = STR(a, res, i, 12);
	p->verified_at = I64(res, i, 13);
	p->revision = I64(res, i, 14);
	p->created = I64(res, i, 15);
	p->updated = I64(res, i, 16);
	p->mod_reasons = STR(a, res, i, 17);
	p->removed_reason = STR(a, res, i, 18);
	p->removed_at = I64(res, i, 19);
	p->editor = STR(a, res, i, 20);
	p->verified_revision = I64(res, i, 21);
	p->redacted_at = I64(res, i, 22);
	p->voted = BOOL(res, i, 23);
}

int
store_qa_posts(struct db *db, struct arena *a, int64_t thread, int64_t viewer,
    int mod, struct qa_post **out, size_t *n)
{
	PGresult	*res;
	struct num	 t, v;
	const char	*p[3] = { num(&t, thread), num(&v, viewer),
	    mod ? "true" : "false" };
	int		 i, nr;

	if ((res = db_exec(db, Q_QA_THREAD_POSTS, p)) == NULL)
		return -1;
	nr = PQntuples(res);
	*out = arena_calloc(a, (size_t)nr + 1, sizeof(**out));
	for (i = 0; i < nr; i++) {
		post_row(a, res, i, &(*out)[i]);
		/* A removed post is listed as a placeholder: its text stays
		 * with the moderators (/mod/post/:id), never on the page. */
		if ((*out)[i].state == PS_REMOVED) {
			(*out)[i].body_md = "";
			(*out)[i].body_html = "";
		}
	}
	*n = (size_t)nr;
	PQclear(res);
	return 0;
}

int
store_qa_post(struct db *db, struct arena *a, int64_t id,
    struct qa_post **out)
{
	PGresult	*res;
	struct num	 i;
	const char	*p[1] = { num(&i, id) };

	*out = NULL;
	if ((res = db_exec(db, Q_QA_POST_GET, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*out = arena_calloc(a, 1, sizeof(**out));
		post_row(a, res, 0, *out);
	}
	PQclear(res);
	return 0;
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
	if (!added && run(db, Q_QA_VOTE_DEL, p) == -1)
		goto fail;
	if (run(db, Q_QA_POST_SCORE, p) == -1)
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
	json_t		*before, *after;
	int64_t		 author;
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_QA_THREAD_LOG_LOCK, p)) == NULL)
		goto fail;
	if (PQntuples(res) != 1) {
		PQclear(res);
		goto fail;
	}
	before = json_pack("{s:s, s:b, s:I}", "status", PQgetvalue(res, 0, 0),
	    "pinned", BOOL(res, 0, 1), "duplicate_of",
	    (json_int_t)I64(res, 0, 2));
	author = I64(res, 0, 3);
	after = json_pack("{s:s, s:b, s:I}", "status", p[1], "pinned",
	    pinned, "duplicate_of", (json_int_t)dup);
	/* Once called, log_act owns before and after. */
	rc = run(db, Q_QA_THREAD_SET_STATE, p);
	if (rc == 0)
		rc = log_act(db, by, action, "thread", thread,
		    PQgetvalue(res, 0, 4), author, before, after);
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

int
store_qa_revisions(struct db *db, struct arena *a, int64_t post,
    struct qa_revision **out, size_t *n)
{
	PGresult		*res;
	struct num		 pi;
	const char		*p[1] = { num(&pi, post) };
	struct qa_revision	*v;
	int			 i, nr;

	if ((res = db_exec(db, Q_QA_REVISIONS, p)) == NULL)
		return -1;
	nr = PQntuples(res);
	*out = v = arena_calloc(a, (size_t)nr + 1, sizeof(*v));
	for (i = 0; i < nr; i++) {
		v[i].revision = I64(res, i, 0);
		v[i].editor = STR(a, res, i, 1);
		v[i].title = STR(a, res, i, 2);
		v[i].tags = STR(a, res, i, 3);
		v[i].body_md = STR(a, res, i, 4);
		v[i].at = I64(res, i, 5);
		v[i].redacted_at = I64(res, i, 6);
	}
	*n = (size_t)nr;
	PQclear(res);
	return 0;
}



int
store_qa_unread(struct db *db, int64_t user, int64_t *n)
{
	PGresult	*res;
	struct num	 u;
	const char	*p[1] = { num(&u, user) };

	*n = 0;
	if ((res = db_exec(db, Q_QA_NOTIF_UNREAD, p)) == NULL)
		return -1;
	*n = I64(res, 0, 0);
	PQclear(res);
	return 0;
}

int
store_qa_notifs(struct db *db, struct arena *a, int64_t user, int limit,
    struct qa_notif **out, size_t *n)
{
	PGresult	*res;
	struct num	 u, l;
	const char	*p[2] = { num(&u, user), num(&l, limit) };
	struct qa_notif	*v;
	int		 i, nr;

	if ((res = db_exec(db, Q_QA_NOTIF_LIST, p)) == NULL)
		return -1;
	nr = PQntuples(res);
	*out = v = arena_calloc(a, (size_t)nr + 1, sizeof(*v));
	for (i = 0; i < nr; i++) {
		v[i].id = I64(res, i, 0);
		v[i].kind = STR(a, res, i, 1);
		v[i].thread_id = I64(res, i, 2);
		v[i].thread_title = STR(a, res, i, 3);
		v[i].post_id = I64(res, i, 4);
		v[i].actor = STR(a, res, i, 5);
		v[i].at = I64(res, i, 6);
		v[i].unread = BOOL(res, i, 7);
		v[i].reason = STR(a, res, i, 8);
	}
	*n = (size_t)nr;
	PQclear(res);
	return 0;
}

int
store_qa_notifs_read(struct db *db, int64_t user)
{
	struct num	 u;
	const char	*p[1] = { num(&u, user) };

	return run(db, Q_QA_NOTIF_READ_ALL, p);
}

int
store_qa_notif_read(struct db *db, int64_t user, int64_t id)
{
	struct num	 u, n;
	const char	*p[2] = { num(&u, user), num(&n, id) };

	return run(db, Q_QA_NOTIF_READ_ONE, p);
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
	int		 i, nr;

	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	nr = PQntuples(res);
	for (i = 0; i < nr; i++) {
		if (*found > 0)
			buf_putc(ids, ',');
		buf_puts(ids, PQgetvalue(res, i, 0));
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
	struct buf	 lex, pre;
	double		 share;

	buf_init(&lex, a);
	buf_init(&pre, a);
	search_lexemes(tsq, &lex, &pre);
	{
		const char *p[3] = { lex.p, pre.p,
		    strchr(tsq, '|') != NULL ? "t" : "f" };

		if ((res = db_exec(db, Q_QA_SEARCH_SHARE, p)) == NULL)
			return -1;
	}
	share = PQntuples(res) == 1 ? strtod(PQgetvalue(res, 0, 0), NULL) : 0;
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

		if (store_one_id(db, Q_QA_SEARCH_TAG_COUNT, pc, &ntag) == -1)
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
			    num(&off, window - 1) };

			if (store_one_id(db, Q_QA_SEARCH_EDGE, pe, &edge) == -1)
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
	struct num		 l, o;
	struct buf		 ids;
	struct qa_search_stats	 dummy;
	struct thread_row	*tr;
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

		if ((res = db_exec(db, Q_QA_SEARCH_RANK, p)) == NULL)
			goto fail;
	}
	if (db_commit(db) == -1) {
		PQclear(res);
		return -1;
	}
	store_thread_rows(a, res, &tr, &nr);
	*out = h = arena_calloc(a, nr + 1, sizeof(*h));
	for (i = 0; i < nr; i++) {
		h[i].t = tr[i];
		h[i].post_id = I64(res, (int)i, 12);
		h[i].body_md = STR(a, res, (int)i, 13);
		h[i].kind = state_kind_parse(PQgetvalue(res, (int)i, 14));
		st->threads = (int)I64(res, (int)i, 16);
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

	return rows(db, a, Q_QA_SIMILAR, p, out, n);
}

int
store_qa_staff_feed(struct db *db, struct arena *a, int limit,
    struct qa_feed_item **out, size_t *n)
{
	PGresult		*res;
	struct num		 l;
	const char		*p[1] = { num(&l, limit) };
	struct qa_feed_item	*v;
	int			 i, nr;

	if ((res = db_exec(db, Q_QA_STAFF_FEED, p)) == NULL)
		return -1;
	nr = PQntuples(res);
	*out = v = arena_calloc(a, (size_t)nr + 1, sizeof(*v));
	for (i = 0; i < nr; i++) {
		v[i].what = STR(a, res, i, 0);
		v[i].post_id = I64(res, i, 1);
		v[i].thread_id = I64(res, i, 2);
		v[i].title = STR(a, res, i, 3);
		v[i].who = STR(a, res, i, 4);
		v[i].at = I64(res, i, 5);
		v[i].body_md = STR(a, res, i, 6);
	}
	*n = (size_t)nr;
	PQclear(res);
	return 0;
}

int
store_qa_user_by_name(struct db *db, struct arena *a, const char *name,
    int64_t *id, const char **display_name)
{
	PGresult	*res;
	const char	*p[1] = { name };

	*id = 0;
	*display_name = NULL;
	if ((res = db_exec(db, Q_QA_USER_BY_NAME, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*id = I64(res, 0, 0);
		*display_name = STR(a, res, 0, 1);
	}
	PQclear(res);
	return 0;
}

int
store_qa_category_id(struct db *db, const char *slug, int64_t *id)
{
	const char	*p[1] = { slug };

	return store_one_id(db, Q_QA_CATEGORY_ID_BY_SLUG, p, id);
}

int
store_one_id(struct db *db, enum q q, const char *const *p, int64_t *id)
{
	PGresult	*res;

	*id = 0;
	if ((res = db_exec(db, q, p)) == NULL)
		return -1;
	if (PQntuples(res) > 0)
		*id = I64(res, 0, 0);
	PQclear(res);
	return 0;
}

int
store_id_texts(struct db *db, struct arena *a, enum q q, struct id_text **out,
    size_t *n)
{
	PGresult	*res;
	int		 i, nr;

	if ((res = db_exec(db, q, NULL)) == NULL)
		return -1;
	nr = PQntuples(res);
	*out = arena_calloc(a, (size_t)nr + 1, sizeof(**out));
	for (i = 0; i < nr; i++) {
		(*out)[i].id = I64(res, i, 0);
		(*out)[i].text = STR(a, res, i, 1);
	}
	*n = (size_t)nr;
	PQclear(res);
	return 0;
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

	return run(db, Q_QA_POST_SET_DOC, p);
}

int
store_qa_thread_set_fold(struct db *db, int64_t id, const char *fold)
{
	struct num	 i;
	const char	*p[2] = { num(&i, id), fold };

	return run(db, Q_QA_THREAD_SET_FOLD, p);
}

int
store_qa_revisions_fill(struct db *db)
{
	return run(db, Q_QA_REVISIONS_MISSING, NULL);
}

int
store_qa_search_version(struct db *db, int64_t *version)
{
	return store_one_id(db, Q_QA_SEARCH_VERSION_GET, NULL, version);
}

int
store_qa_search_version_set(struct db *db, int64_t version)
{
	struct num	 v;
	const char	*p[1] = { num(&v, version) };

	return run(db, Q_QA_SEARCH_VERSION_SET, p);
}

int
store_qa_posts_doc_batch(struct db *db, struct arena *a, int64_t after,
    int limit, struct id_text **out, size_t *n)
{
	PGresult	*res;
	struct num	 af, l;
	const char	*p[2] = { num(&af, after), num(&l, limit) };
	int		 i, nr;

	if ((res = db_exec(db, Q_QA_POSTS_DOC_BATCH, p)) == NULL)
		return -1;
	nr = PQntuples(res);
	*out = arena_calloc(a, (size_t)nr + 1, sizeof(**out));
	for (i = 0; i < nr; i++) {
		(*out)[i].id = I64(res, i, 0);
		(*out)[i].text = STR(a, res, i, 1);
	}
	*n = (size_t)nr;
	PQclear(res);
	return 0;
}
