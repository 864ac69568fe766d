/* api/kb.c: JSON twins of the knowledge base: list, read, write, edit, "was this helpful?", review, promote */
/*
 * Each handler reads the same declared fields as its page (the routes
 * share the page's field tables, so the indices are the page's) and
 * calls the same function (pages/kb.h: kb_create, kb_save, kb_vote,
 * kb_confirm, kb_promote), which checks the lengths, the category and
 * the tags and makes the one store call whose transaction checks the
 * account's role again; refusals are problem details (reply_error under
 * /api/).  Writes of staff are ROLE_STAFF routes: a staff member's token
 * needs only write (the role is read afresh with the token on every
 * use, http/session.c), a member's gets 403.  Every write answers the
 * article as it is now, read back after the write.
 *
 * Differences from the forms, each for a program's sake: an edit needs
 * the revision it is based on (400 without it; another current revision
 * is 409 stale_revision with X-Current-Revision) and keeps the fields
 * it does not send; the fields to correct are 422 with their names.
 * docs/api.md.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/kb.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "store/kb.h"
#include "view/i18n.h"

#define API_KB_PER_PAGE	30

static const char *const kb_sort_keys[KB_SORT__MAX] = {
	"category", "newest", "helpful"
};

static json_t	*tags_json(const char *);
static json_t	*id_or_null(int64_t);
static json_t	*article_json(struct req *, const struct kb_article *);
static void	 send_article(struct req *, int, const char *);
static void	 invalid(struct req *, const struct kb_form *);
static void	 stale(struct req *, const char *, int64_t);

/* Space-separated tags as an array of strings. */
static json_t *
tags_json(const char *tags)
{
	json_t		*a = json_array();
	const char	*p = tags, *e;

	while (p != NULL && *p != '\0') {
		if ((e = strchr(p, ' ')) == NULL)
			e = p + strlen(p);
		if (e > p)
			json_array_append_new(a, json_stringn(p, (size_t)(e - p)));
		p = *e != '\0' ? e + 1 : NULL;
	}
	return a;
}

static json_t *
id_or_null(int64_t id)
{
	return id != 0 ? json_integer((json_int_t)id) : json_null();
}

/* An article as the page shows it; the review state for staff only. */
static json_t *
article_json(struct req *r, const struct kb_article *k)
{
	json_t	*o;

	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, "
	    "s:I, s:o, s:o, s:s, s:I, s:I, s:{s:I, s:I}}",
	    "slug", k->slug,
	    "url", arena_printf(r->a, "/kb/%s", k->slug),
	    "title", k->title, "lang", k->lang,
	    "category", k->cat_slug, "tags", tags_json(k->tags),
	    "question_md", k->question_md, "question_html", k->question_html,
	    "body_md", k->body_md, "body_html", k->body_html,
	    "revision", (json_int_t)k->revision,
	    "source_thread", id_or_null(k->source_thread),
	    "source_answer", id_or_null(k->source_answer),
	    "author", k->author,
	    "created", (json_int_t)k->created,
	    "updated", (json_int_t)k->updated,
	    "votes", "yes", (json_int_t)k->yes, "no", (json_int_t)k->no);
	if (o != NULL && qa_is_staff(r)) {
		json_object_set_new(o, "needs_review",
		    json_boolean(k->needs_review));
		json_object_set_new(o, "review_reason", k->needs_review ?
		    json_string(k->review_reason) : json_null());
		json_object_set_new(o, "withheld", json_boolean(k->withheld));
	}
	return o;
}

/* The article slug read back (as this account may see it), with status. */
static void
send_article(struct req *r, int status, const char *slug)
{
	struct kb_article	*k;

	if (store_kb_get(r->w->db, r->a, slug, qa_is_staff(r), &k) == -1)
		return;
	if (k == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	api_send(r, status, article_json(r, k));
}

/* 422: the fields to correct, each with its name. */
static void
invalid(struct req *r, const struct kb_form *f)
{
	struct problem		 p;
	struct problem_field	 e[KB_FORM_ERRS];
	size_t			 i;

	for (i = 0; i < f->nerr; i++) {
		e[i].field = f->errf[i];
		e[i].detail = i18n_get(r->lang, f->errs[i]);
	}
	memset(&p, 0, sizeof(p));
	p.status = 422;
	p.code = "invalid";
	p.detail = f->nerr == 1 ? e[0].detail : T(r->lang, "Please correct "
	    "the fields.");
	p.errors = e;
	p.nerrors = f->nerr;
	reply_problem(r, &p);
}

/*
 * 409 for a write the store refused as based on revision rev: the
 * article is at another revision now (stale_revision, the current one in
 * X-Current-Revision), or it is at rev with nothing left to do
 * (already_done: a review of an article that needs none).
 */
static void
stale(struct req *r, const char *slug, int64_t rev)
{
	struct kb_article	*k;
	struct problem		 p;

	if (store_kb_get(r->w->db, r->a, slug, 1, &k) == -1)
		return;
	memset(&p, 0, sizeof(p));
	p.status = 409;
	if (k != NULL && k->revision == rev) {
		p.code = "already_done";
		p.detail = T(r->lang, "This article needs no review: nothing "
		    "was changed.");
		reply_problem(r, &p);
		return;
	}
	p.code = "stale_revision";
	p.detail = T(r->lang, "This changed while you were reading it. Open "
	    "it again to see the current version.");
	reply_problem(r, &p);
	if (k != NULL)
		reply_header(r, "X-Current-Revision", arena_printf(r->a,
		    "%lld", (long long)k->revision));
}

/* GET /api/v1/kb: one page of articles, as /kb lists them. */
void
api_kb_list(struct req *r)
{
	struct kb_article	*k;
	size_t			 n, i;
	enum kb_sort		 sort = r->f[F_KBL_SORT].present ?
	    (enum kb_sort)r->f[F_KBL_SORT].i : KB_SORT_CATEGORY;
	int64_t			 page = r->f[F_KBL_PAGE].present ?
	    r->f[F_KBL_PAGE].i : 1;
	int			 more = 0;
	json_t			*arr;

	if ((unsigned)sort >= KB_SORT__MAX)
		sort = KB_SORT_CATEGORY;
	if (store_kb_list(r->w->db, r->a, sort, r->f[F_KBL_CAT].present ?
	    r->f[F_KBL_CAT].s : "", r->f[F_KBL_TAG].present ?
	    r->f[F_KBL_TAG].s : "", API_KB_PER_PAGE + 1,
	    (int)((page - 1) * API_KB_PER_PAGE), &k, &n) == -1)
		return;
	if (n > API_KB_PER_PAGE) {
		n = API_KB_PER_PAGE;
		more = 1;
	}
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:o, s:I, s:I, s:b}", "slug", k[i].slug,
		    "url", arena_printf(r->a, "/kb/%s", k[i].slug),
		    "title", k[i].title, "lang", k[i].lang,
		    "category", k[i].cat_slug, "tags", tags_json(k[i].tags),
		    "updated", (json_int_t)k[i].updated,
		    "helpful", (json_int_t)k[i].yes,
		    "promoted", k[i].source_thread != 0));
	api_send(r, 200, json_pack("{s:o, s:I, s:s, s:b}", "articles", arr,
	    "page", (json_int_t)page, "sort", kb_sort_keys[sort],
	    "has_next", more));
}

/* GET /api/v1/kb/:slug: an article (withheld ones for staff only). */
void
api_kb_article(struct req *r)
{
	struct kb_article	*k;

	if ((k = kb_load(r)) == NULL)
		return;
	api_send(r, 200, article_json(r, k));
}

/* POST /api/v1/kb: a new article by staff (kb_create, as /kb/new). */
void
api_kb_create(struct req *r)
{
	struct kb_form	 f;
	const char	*slug;
	int		 rc;

	memset(&f, 0, sizeof(f));
	kb_form_read(r, &f, 0);
	if ((rc = kb_create(r, &f, &slug)) == -1)
		return;
	if (rc == 1) {
		invalid(r, &f);
		return;
	}
	send_article(r, 201, slug);
}

/*
 * POST /api/v1/kb/:slug: an edit by staff (kb_save, as /kb/:slug/edit),
 * based on revision; the fields not sent are kept.
 */
void
api_kb_edit(struct req *r)
{
	struct kb_form		 f;
	struct kb_article	*k;
	int			 rc;

	if (!r->f[F_KBW_REV].present) {
		reply_error_detail(r, 400, N_("A required field is missing:"),
		    "revision");
		return;
	}
	if ((k = kb_load(r)) == NULL)
		return;
	memset(&f, 0, sizeof(f));
	f.art = k;
	kb_form_read(r, &f, 1);
	if ((rc = kb_save(r, &f)) == -1)
		return;
	if (rc == 1) {
		invalid(r, &f);
		return;
	}
	if (rc == 2) {
		stale(r, k->slug, f.revision);
		return;
	}
	send_article(r, 200, k->slug);
}

/* POST /api/v1/kb/:slug/helpful: the member's vote (kb_vote); again replaces it. */
void
api_kb_helpful(struct req *r)
{
	struct kb_article	*k;

	if ((k = kb_load(r)) == NULL ||
	    kb_vote(r, k, r->f[F_KBH_HELPFUL].i != 0) == -1)
		return;
	send_article(r, 200, k->slug);
}

/* POST /api/v1/kb/:slug/review: staff confirm it unchanged (kb_confirm). */
void
api_kb_review(struct req *r)
{
	struct kb_article	*k;
	int64_t			 rev = r->f[F_KBC_REV].i;
	int			 rc;

	if ((k = kb_load(r)) == NULL || (rc = kb_confirm(r, k, rev)) == -1)
		return;
	if (rc == 2) {
		stale(r, k->slug, rev);
		return;
	}
	send_article(r, 200, k->slug);
}

/*
 * POST /api/v1/threads/:id/promote: the thread's question and official
 * (else staff-verified) answer become an article (kb_promote): 201, or
 * 200 with the article the thread has already.
 */
void
api_kb_promote(struct req *r)
{
	const char	*slug;
	int		 created;

	if (kb_promote(r, qa_param_id(r->param[0]), &slug, &created) == -1)
		return;
	send_article(r, created ? 201 : 200, slug);
}
