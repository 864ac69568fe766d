/* api/qa.c: JSON twins of the Q&A pages: threads (list, get, create), answers (create), search */
/*
 * The same route table, validators, rate-limit actions, filters and
 * limits as the pages: inputs are declared fields (urlencoded body or
 * query), writes go through qa_check_lengths, qa_tags_parse, qa_prepare
 * (Markdown, folding, moderation) and the same store calls, so an API
 * client can do nothing a browser cannot.  Signed-in writes need the
 * session's CSRF token in the X-CSRF-Token header (the dispatcher checks
 * it, with Origin/Referer, for R_CSRF routes).
 *
 * Answers: 200 (reads), 201 (created: {"id", "url", "state"}), 422
 * (problem details, http/req.h: "errors": [{"detail"}], "blocked": bool;
 * a blocked post's reasons are in errors, in the visitor's language),
 * and the dispatcher's problem details (400 invalid field, 401, 403,
 * 404, 429, 503).  Post HTML is the
 * Markdown cooked on write (safe mode); everything else is plain text
 * for the client to escape.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/state.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "post/post.h"
#include "store/store.h"
#include "text/fold.h"
#include "view/i18n.h"

#define API_PER_PAGE	20

static void	 unprocessable(struct req *, const char **, size_t, int);
static int	 api_post_failed(struct req *, const struct post_result *);
static json_t	*thread_rows(struct req *, const struct thread_row *, size_t);
static const char *field(struct req *, int);

static const char *const sort_keys[QA_SORT__MAX] = {
	"active", "newest", "unanswered", "answered", "verified"
};

/* 422 problem details with the messages (already translated). */
static void
unprocessable(struct req *r, const char **errs, size_t n, int blocked)
{
	struct problem		 p;
	struct problem_field	*f;
	size_t			 i;

	f = arena_calloc(r->a, n + 1, sizeof(*f));
	for (i = 0; i < n; i++)
		f[i].detail = errs[i];
	memset(&p, 0, sizeof(p));
	p.status = 422;
	p.code = blocked ? "blocked" : "invalid";
	p.detail = blocked ? T(r->lang, "The filters refused this post.") :
	    T(r->lang, "Please correct the fields.");
	p.errors = f;
	p.nerrors = n;
	p.blocked = blocked ? 1 : -1;
	reply_problem(r, &p);
}

/* A declared string field, or "". */
static const char *
field(struct req *r, int i)
{
	return r->f[i].present ? r->f[i].s : "";
}

static json_t *
thread_rows(struct req *r, const struct thread_row *t, size_t n)
{
	json_t	*arr = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s, s:I, s:s, s:b, s:b, s:b, s:b, s:I}",
		    "id", (json_int_t)t[i].id, "title", t[i].title,
		    "url", arena_printf(r->a, "/t/%lld", (long long)t[i].id),
		    "lang", t[i].lang, "status", state_thread_name(t[i].status),
		    "answers", (json_int_t)t[i].answers,
		    "author", t[i].author, "pinned", t[i].pinned,
		    "official", t[i].has_official,
		    "verified", t[i].has_verified, "accepted", t[i].accepted,
		    "last_activity", (json_int_t)t[i].last_activity));
	return arr;
}

void
api_threads(struct req *r)
{
	struct thread_row	*t;
	size_t			 n;
	int64_t			 cat = 0;
	int64_t			 page = r->f[F_API_LIST_PAGE].present ?
	    r->f[F_API_LIST_PAGE].i : 1;
	enum qa_sort		 sort = r->f[F_API_LIST_SORT].present ?
	    (enum qa_sort)r->f[F_API_LIST_SORT].i : QA_SORT_ACTIVE;
	const char		*slug = field(r, F_API_LIST_CAT);
	int			 more = 0;

	if (slug[0] != '\0') {
		if (store_qa_category_id(r->w->db, slug, &cat) == -1)
			return;
		if (cat == 0) {
			reply_error(r, 404, NULL);
			return;
		}
	}
	if (store_qa_threads(r->w->db, r->a, cat, sort, API_PER_PAGE + 1,
	    (int)((page - 1) * API_PER_PAGE), &t, &n) == -1)
		return;
	if (n > API_PER_PAGE) {
		n = API_PER_PAGE;
		more = 1;
	}
	api_send(r, 200, json_pack("{s:o, s:I, s:s, s:b}", "threads",
	    thread_rows(r, t, n), "page", (json_int_t)page, "sort",
	    sort_keys[sort < QA_SORT__MAX ? sort : 0], "has_next", more));
}

void
api_thread(struct req *r)
{
	struct qa_thread	*t;
	struct qa_post		*p;
	size_t			 n, i;
	int64_t			 viewer = r->sess ? r->sess->user_id : 0;
	json_t			*posts, *o, *tags;
	const char		*s, *e;
	int			 gone;

	if (store_qa_thread(r->w->db, r->a, qa_param_id(r->param[0]),
	    &t) == -1)
		return;
	if (t == NULL || (!t->visible && viewer != t->author_id &&
	    !qa_sees_held(r))) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_qa_posts(r->w->db, r->a, t->id, viewer, qa_sees_held(r),
	    &p, &n) == -1)
		return;
	tags = json_array();
	for (s = t->tags; *s != '\0'; s = *e ? e + 1 : e) {
		e = strchr(s, ' ');
		if (e == NULL)
			e = s + strlen(s);
		if (e > s)
			json_array_append_new(tags, json_stringn(s,
			    (size_t)(e - s)));
	}
	posts = json_array();
	for (i = 0; i < n; i++) {
		/* A removed post: why and when, never its text nor its
		 * author (as on the page). */
		gone = p[i].state == PS_REMOVED;
		o = json_pack("{s:I, s:s, s:s, s:s, s:b, s:I, s:s, s:I, "
		    "s:I, s:b}",
		    "id", (json_int_t)p[i].id, "kind", state_kind_name(p[i].kind),
		    "state", state_post_name(p[i].state), "author", gone ? "" : p[i].author,
		    "staff", !gone && p[i].author_role != ROLE_USER,
		    "score", (json_int_t)p[i].score, "html", p[i].body_html,
		    "created", (json_int_t)p[i].created,
		    "revision", (json_int_t)p[i].revision,
		    "accepted", p[i].id == t->accepted_post_id);
		if (p[i].verified_by != 0)
			json_object_set_new(o, "verified", json_pack("{s:s, "
			    "s:I}", "by", p[i].verifier, "at",
			    (json_int_t)p[i].verified_at));
		if (viewer != 0 && p[i].kind != PK_QUESTION)
			json_object_set_new(o, "voted", json_boolean(
			    p[i].voted));
		json_array_append_new(posts, o);
	}
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:o, s:I, s:I, s:o}",
	    "id", (json_int_t)t->id, "title", t->title, "lang", t->lang,
	    "category", t->cat_slug, "status", state_thread_name(t->status),
	    "pinned", t->pinned,
	    "tags", tags, "created", (json_int_t)t->created,
	    "answers", (json_int_t)t->answers, "posts", posts);
	if (t->duplicate_of != 0)
		json_object_set_new(o, "duplicate_of",
		    json_integer(t->duplicate_of));
	api_send(r, 200, o);
}

/*
 * A transition's outcome as JSON: 422 with the reasons for BLOCKED and
 * INVALID, the page errors (404, 403, 409, 503) through qa_post_failed.
 * Returns 1 when it answered.
 */
static int
api_post_failed(struct req *r, const struct post_result *res)
{
	if (res->err == POST_E_BLOCKED || res->err == POST_E_INVALID) {
		unprocessable(r, res->errs, res->nerr,
		    res->err == POST_E_BLOCKED);
		return 1;
	}
	return qa_post_failed(r, res);
}

void
api_thread_create(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_ask_in	 in;
	struct post_result	 res;

	in.title = field(r, F_API_ASK_TITLE);
	in.body = field(r, F_API_ASK_BODY);
	in.category = field(r, F_API_ASK_CAT);
	in.tags = field(r, F_API_ASK_TAGS);
	qa_post_ctx(r, &c, &by);
	post_ask(&c, &in, &res);
	if (api_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	api_send(r, 201, json_pack("{s:I, s:I, s:s, s:s}", "id",
	    (json_int_t)res.thread_id, "post_id", (json_int_t)res.post_id,
	    "url", arena_printf(r->a, "/t/%lld", (long long)res.thread_id),
	    "state", store_post_state_name(res.state)));
}

void
api_answer_create(struct req *r)
{
	struct post_ctx		 c;
	struct post_actor	 by;
	struct post_result	 res;
	int			 official = r->f[F_API_ANS_OFFICIAL].present &&
	    r->f[F_API_ANS_OFFICIAL].i != 0;

	qa_post_ctx(r, &c, &by);
	post_answer(&c, qa_param_id(r->param[0]), field(r, F_API_ANS_BODY),
	    official, &res);
	if (api_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	api_send(r, 201, json_pack("{s:I, s:s, s:s, s:s}", "id",
	    (json_int_t)res.post_id, "kind", official ? "official" : "answer",
	    "url", arena_printf(r->a, "/t/%lld#p%lld",
	    (long long)res.thread_id, (long long)res.post_id), "state",
	    store_post_state_name(res.state)));
}

void
api_search(struct req *r)
{
	struct search_result	 sr;
	struct qa_hit		*h;
	size_t			 n, i;
	json_t			*arr;

	if (search_run(r, F_API_SEARCH_Q, F_API_SEARCH_CAT, F_API_SEARCH_TAG,
	    F_API_SEARCH_PAGE, F_API_SEARCH_SOLVED, &sr) == -1)
		return;
	h = sr.h;
	n = sr.n;
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:I, "
		    "s:s, s:b, s:b, s:b, s:I}", "id", (json_int_t)h[i].t.id,
		    "title", h[i].t.title, "url", h[i].kind ==
		    PK_QUESTION ? arena_printf(r->a, "/t/%lld",
		    (long long)h[i].t.id) : arena_printf(r->a, "/t/%lld#p%lld",
		    (long long)h[i].t.id, (long long)h[i].post_id),
		    "post_id", (json_int_t)h[i].post_id,
		    "kind", state_kind_name(h[i].kind),
		    "official", h[i].t.has_official,
		    "verified", h[i].t.has_verified,
		    "accepted", h[i].t.accepted,
		    "answers", (json_int_t)h[i].t.answers));
	api_send(r, 200, json_pack("{s:s, s:o, s:b, s:i, s:b, s:s?}", "q",
	    field(r, F_API_SEARCH_Q), "results", arr, "has_next", sr.has_next,
	    "count", sr.count, "count_is_lower_bound", sr.more, "corrected",
	    sr.corrected));
}
