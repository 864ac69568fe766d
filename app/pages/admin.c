/* pages/admin.c: the admin console: index, categories, tags, audit. */
/*
 * Routes (app/http/routes.c) need ROLE_ADMIN; every POST is R_CSRF and
 * R_FRESH2FA (a second factor from the last 15 minutes, else the
 * re-authentication page of pages/account.c posts the form back with the
 * code).  The changes themselves are store/admin.c's, one transaction
 * each, which checks again that the actor is an administrator and writes
 * the audit_log row.  After a change the page cache generation is bumped
 * (pcache_invalidate), so every instance shows it at once; the lists are
 * read from PostgreSQL per request.
 *
 * Forms work without JavaScript: reordering is an up and a down button
 * per category, a merge shows a confirmation page with the counts first,
 * and so do a tag synonym and its removal.
 * A refused form comes back with the errors at the fields and what was
 * typed kept (422).
 */
#include <stdlib.h>
#include <string.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/routes.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/utf8.h"
#include "acct/acct.h"
#include "lib/state.h"
#include "pages/admin.h"
#include "pages/pages.h"
#include "store/store.h"
#include "text/fold.h"
#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"

#define NAME_MAX_CP	60
#define DESC_MAX_CP	300
#define TAG_MAX_CP	30

/*
 * The console's sections.  route: the page, shown only while the route
 * table has it (a section of another part of the console appears when
 * that part is built in, with no flag to flip).
 */
struct admin_section {
	const char	*route;
	const char	*title;		/* msgid */
	const char	*about;		/* msgid */
};

static const struct admin_section sections[] = {
	{ "/admin/categories", N_("Categories"),
	    N_("Create, rename, reorder, archive and merge categories.") },
	{ "/admin/tags", N_("Tags"),
	    N_("Rename a tag, merge it into another, or make it a synonym.") },
	{ "/admin/members", N_("Members"),
	    N_("Find a member by name or e-mail address; change a role; "
	    "suspend.") },
	/* owned by the filter-lists page (block and allow lists, contacts) */
	{ "/admin/lists", N_("Filter lists"),
	    N_("Blocked and allowed domains, watched words, official "
	    "contacts and brands.") },
	/* owned by the webhooks page (pages/webhooks.c) */
	{ "/admin/webhooks", N_("Webhooks"),
	    N_("Tell other systems when a question is published, a post is "
	    "held or removed, or a thread is escalated.") },
	/* pages/adminsettings.c */
	{ "/admin/settings", N_("Site settings"),
	    N_("The site's name in Japanese and English, and its logo.") },
};

struct cat_form {
	int64_t			 id;		/* 0: a new category */
	struct admin_category	 c;
	struct form_errs	 e;
};

struct cats_view {
	struct admin_category	*cats;
	size_t			 n;
	struct cat_form		 f;		/* the new-category form */
	const char		*notice;
};

struct merge_view {
	struct admin_category	*from;
	struct admin_category	*into;
	struct admin_category	*cats;		/* targets to choose from */
	size_t			 ncats;
};

struct edit_view {
	struct admin_category	*c;
	struct cat_form		*f;
	struct admin_category	*cats;		/* merge targets */
	size_t			 ncats;
};

struct tags_view {
	const char		*from;
	const char		*to;
	int64_t			 nfrom;
	int64_t			 nto;
	int			 confirm;	/* show the merge confirmation */
	struct form_errs	 e;
	const char		*notice;
	/* tag synonyms (migration 0177) */
	struct tag_synonym	*syn;
	size_t			 nsyn;
	const char		*alias;		/* the synonym form, as typed */
	const char		*canonical;
	struct form_errs	 se;
	int			 syn_confirm;	/* alias, canonical: folded */
	struct tagsyn_preview	 pv;
	const char		*rm_alias;	/* removal to confirm, or NULL */
	const char		*rm_tag;
};

struct index_view {
	struct admin_audit	*log;
	size_t			 n;
};

static int	 route_exists(struct req *, const char *);
static void	 index_main(struct html *, struct req *, void *);
static void	 cat_fields(struct html *, struct req *, const struct cat_form *);
static void	 cats_main(struct html *, struct req *, void *);
static void	 cat_edit_main(struct html *, struct req *, void *);
static void	 cat_edit_page(struct req *, int, struct admin_category *,
		    struct cat_form *);
static int	 merge_load(struct req *, struct merge_view *);
static void	 merge_main(struct html *, struct req *, void *);
static void	 tags_main(struct html *, struct req *, void *);
static void	 synonyms_html(struct html *, struct req *,
		    const struct tags_view *);
static void	 tags_page(struct req *, int, struct tags_view *);
static void	 tags_stored(struct req *, struct tags_view *, int,
		    const char *);
static const char *field_or_empty(struct req *, int);
static int	 slug_ok(const char *);
static int64_t	 id_param(struct req *);
static const char *role_label(enum lang, enum role);
static void	 members_main(struct html *, struct req *, void *);

static int
route_exists(struct req *r, const char *path)
{
	const struct route	*rt;
	const char		*param[ROUTE_MAX_PARAMS];

	return route_find(r->a, M_GET, path, &rt, param, NULL) ==
	    ROUTE_FOUND;
}

static int64_t
id_param(struct req *r)
{
	char	*end;
	long long v;

	if (r->param[0] == NULL || r->param[0][0] < '1' ||
	    r->param[0][0] > '9')
		return 0;
	v = strtoll(r->param[0], &end, 10);
	return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

/*
 * The answer to a store result that is not ADMIN_OK: 1 when a reply was
 * sent (403, 404) or the store failed (the dispatcher answers 503), else
 * 0.
 */
int
admin_refused(struct req *r, int rc)
{
	if (rc == -1)
		return 1;
	if (rc == ADMIN_FORBIDDEN) {
		reply_error(r, 403, T(r->lang, "Only an administrator may "
		    "change this."));
		return 1;
	}
	if (rc == ADMIN_NOT_FOUND) {
		reply_error(r, 404, T(r->lang, "There is no such category."));
		return 1;
	}
	return 0;
}

static const char *
field_or_empty(struct req *r, int i)
{
	return r->f[i].present ? r->f[i].s : "";
}

/* 1 when s is 1..40 of a-z, 0-9 and '-' (the column's CHECK). */
static int
slug_ok(const char *s)
{
	size_t	n = strlen(s), i;

	if (n == 0 || n > 40)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/*
 * Reads the category fields (F_ADMIN_CAT_*) into c (values kept as
 * typed) and checks them into e; returns the number of errors.
 */
int
admin_cat_read(struct req *r, struct admin_category *c, struct form_errs *e)
{
	struct cat_form	 ff, *f = &ff;
	enum lang	 l = r->lang;
	const char	*s;

	memset(&ff, 0, sizeof(ff));
	f->e = *e;
	f->c.slug = field_or_empty(r, F_ADMIN_CAT_SLUG);
	f->c.name[0] = field_or_empty(r, F_ADMIN_CAT_NAME_JA);
	f->c.name[1] = field_or_empty(r, F_ADMIN_CAT_NAME_EN);
	f->c.desc[0] = field_or_empty(r, F_ADMIN_CAT_DESC_JA);
	f->c.desc[1] = field_or_empty(r, F_ADMIN_CAT_DESC_EN);
	if (!slug_ok(f->c.slug))
		form_err(&f->e, "slug", T(l, "The address name (slug) may "
		    "hold only lower-case letters a-z, digits and '-', 1 to "
		    "40 characters, for example \"nft-help\"."));
	s = f->c.name[0];
	if (s[0] == '\0')
		form_err(&f->e, "name_ja", T(l, "Enter the Japanese name."));
	else if (utf8_count(s, strlen(s)) > NAME_MAX_CP)
		form_err(&f->e, "name_ja", T(l, "The Japanese name may be "
		    "at most 60 characters long."));
	s = f->c.name[1];
	if (s[0] == '\0')
		form_err(&f->e, "name_en", T(l, "Enter the English name."));
	else if (utf8_count(s, strlen(s)) > NAME_MAX_CP)
		form_err(&f->e, "name_en", T(l, "The English name may be at "
		    "most 60 characters long."));
	if (utf8_count(f->c.desc[0], strlen(f->c.desc[0])) > DESC_MAX_CP)
		form_err(&f->e, "desc_ja", T(l, "The Japanese description "
		    "may be at most 300 characters long."));
	if (utf8_count(f->c.desc[1], strlen(f->c.desc[1])) > DESC_MAX_CP)
		form_err(&f->e, "desc_en", T(l, "The English description may "
		    "be at most 300 characters long."));
	c->slug = f->c.slug;
	c->name[0] = f->c.name[0];
	c->name[1] = f->c.name[1];
	c->desc[0] = f->c.desc[0];
	c->desc[1] = f->c.desc[1];
	*e = f->e;
	return (int)e->n;
}

/*
 * A tag as posts store it (folded: NFKC, lower case; 1..30 letters,
 * digits, '-' or '_'), or NULL when s is not one.
 */
const char *
admin_tag_norm(struct req *r, const char *s)
{
	const char	*t;
	char		*f;
	size_t		 n, i;

	while (*s == ' ')
		s++;
	f = fold_text(r->a, s, strlen(s));
	n = strlen(f);
	while (n > 0 && f[n - 1] == ' ')
		f[--n] = '\0';
	if (n == 0 || utf8_count(f, n) > TAG_MAX_CP)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)f[i];

		if (ch >= 0x80)
			continue;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_'))
			return NULL;
	}
	t = f;
	return t;
}

/* --- index ---------------------------------------------------------- */

static void
index_main(struct html *w, struct req *r, void *arg)
{
	struct index_view	*v = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"admin\"><h1>");
	html_text(w, T(l, "Admin console"));
	html_lit(w, "</h1>\n<ul class=\"admin-sections\">");
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (!route_exists(r, sections[i].route))
			continue;
		html_lit(w, "<li><a href=\"");
		html_attr(w, sections[i].route);
		html_lit(w, "\">");
		html_text(w, i18n_get(l, sections[i].title));
		html_lit(w, "</a><p class=\"hint\">");
		html_text(w, i18n_get(l, sections[i].about));
		html_lit(w, "</p></li>");
	}
	html_lit(w, "</ul>\n<h2>");
	html_text(w, T(l, "Recent administrative changes"));
	html_lit(w, "</h2>\n");
	if (v->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No changes yet."));
		html_lit(w, "</p>");
	} else {
		html_lit(w, "<div class=\"table-scroll\"><table class=\"desk "
		    "admin-audit\"><thead><tr><th scope=\"col\">");
		html_text(w, T(l, "When"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Who"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Action"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Target"));
		html_lit(w, "</th><th scope=\"col\">");
		html_text(w, T(l, "Details"));
		html_lit(w, "</th></tr></thead><tbody>");
		for (i = 0; i < v->n; i++) {
			html_lit(w, "<tr><td>");
			widget_time(w, l, v->log[i].at);
			html_lit(w, "</td><td>");
			html_text(w, v->log[i].actor);
			html_lit(w, "</td><td><code>");
			html_text(w, v->log[i].action);
			html_lit(w, "</code></td><td>");
			html_text(w, v->log[i].target);
			html_lit(w, "</td><td>");
			html_text(w, v->log[i].detail);
			html_lit(w, "</td></tr>");
		}
		html_lit(w, "</tbody></table></div>");
	}
	html_lit(w, "</section>\n");
}

void
page_admin(struct req *r)
{
	struct index_view	v;

	memset(&v, 0, sizeof(v));
	if (store_admin_audit(r->w->db, r->a, &v.log, &v.n) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Admin console"), index_main, &v);
}

/* --- categories ----------------------------------------------------- */

static void
cat_fields(struct html *w, struct req *r, const struct cat_form *f)
{
	enum lang	l = r->lang;

	form_input(w, "slug", T(l, "Address name (slug)"), "text",
	    f->c.slug, "off", T(l, "Lower-case letters a-z, digits and '-'; "
	    "the category's address is /c/slug."), &f->e, 1);
	form_input(w, "name_ja", T(l, "Name in Japanese"), "text",
	    f->c.name[0], "off", NULL, &f->e, 1);
	form_input(w, "name_en", T(l, "Name in English"), "text",
	    f->c.name[1], "off", NULL, &f->e, 1);
	form_input(w, "desc_ja", T(l, "Description in Japanese"), "text",
	    f->c.desc[0], "off", T(l, "Optional, up to 300 characters."),
	    &f->e, 0);
	form_input(w, "desc_en", T(l, "Description in English"), "text",
	    f->c.desc[1], "off", T(l, "Optional, up to 300 characters."),
	    &f->e, 0);
}

static void
cats_main(struct html *w, struct req *r, void *arg)
{
	struct cats_view	*v = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin\">");
	html_text(w, T(l, "Admin console"));
	html_lit(w, "</a></p><h1>");
	html_text(w, T(l, "Categories"));
	html_lit(w, "</h1>\n");
	if (v->notice != NULL) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, v->notice);
		html_lit(w, "</p>\n");
	}
	html_lit(w, "<div class=\"table-scroll\"><table class=\"desk "
	    "admin-cats\"><thead><tr><th scope=\"col\">");
	html_text(w, T(l, "Name"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Threads"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Actions"));
	html_lit(w, "</th></tr></thead><tbody>");
	for (i = 0; i < v->n; i++) {
		struct admin_category *c = &v->cats[i];

		html_lit(w, "<tr");
		if (c->archived)
			html_lit(w, " class=\"archived\"");
		html_lit(w, "><td><a href=\"/admin/categories/");
		html_int(w, c->id);
		html_lit(w, "\">");
		html_text(w, c->name[l == LANG_EN]);
		html_lit(w, "</a> <span class=\"muted\">(");
		html_text(w, c->name[l != LANG_EN]);
		html_lit(w, ", /c/");
		html_text(w, c->slug);
		html_lit(w, ")</span>");
		if (c->archived) {
			html_lit(w, " <strong>");
			html_text(w, T(l, "archived"));
			html_lit(w, "</strong>");
		}
		html_lit(w, "</td><td>");
		html_int(w, c->nthreads);
		html_lit(w, "</td><td class=\"admin-actions\">");
		if (!c->archived) {
			html_lit(w, "<form method=\"post\" action=\""
			    "/admin/categories/");
			html_int(w, c->id);
			html_lit(w, "/move\">");
			layout_csrf(w, r);
			html_lit(w, "<button name=\"dir\" value=\"up\" "
			    "aria-label=\"");
			html_attr(w, T(l, "Move up"));
			html_lit(w, ": ");
			html_attr(w, c->name[l == LANG_EN]);
			html_lit(w, "\">&#8593;</button> <button name=\"dir\" "
			    "value=\"down\" aria-label=\"");
			html_attr(w, T(l, "Move down"));
			html_lit(w, ": ");
			html_attr(w, c->name[l == LANG_EN]);
			html_lit(w, "\">&#8595;</button></form> ");
		}
		html_lit(w, "<a href=\"/admin/categories/");
		html_int(w, c->id);
		html_lit(w, "\">");
		html_text(w, T(l, "Edit"));
		html_lit(w, "</a></td></tr>");
	}
	html_lit(w, "</tbody></table></div>\n<h2 id=\"new\">");
	html_text(w, T(l, "New category"));
	html_lit(w, "</h2>\n");
	form_errors(w, l, &v->f.e);
	html_lit(w, "<form method=\"post\" action=\"/admin/categories\" "
	    "class=\"stack narrow\">");
	layout_csrf(w, r);
	cat_fields(w, r, &v->f);
	html_lit(w, "<button class=\"button\" type=\"submit\">");
	html_text(w, T(l, "Create the category"));
	html_lit(w, "</button></form></section>\n");
}

void
page_admin_categories(struct req *r)
{
	struct cats_view	v;

	memset(&v, 0, sizeof(v));
	v.f.c.slug = v.f.c.name[0] = v.f.c.name[1] = "";
	v.f.c.desc[0] = v.f.c.desc[1] = "";
	if (r->f[F_ADMIN_DONE].present && r->f[F_ADMIN_DONE].s[0] != '\0')
		v.notice = T(r->lang, "Saved.");
	if (store_admin_categories(r->w->db, r->a, &v.cats, &v.n) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Categories"), cats_main, &v);
}

void
page_admin_category_create(struct req *r)
{
	struct cats_view	v;
	int64_t			id;
	int			rc;

	memset(&v, 0, sizeof(v));
	if (admin_cat_read(r, &v.f.c, &v.f.e) == 0) {
		rc = store_admin_category_save(r->w->db, r->a,
		    r->sess->user_id, 0, &v.f.c, &id);
		if (admin_refused(r, rc))
			return;
		if (rc == ADMIN_OK) {
			pcache_invalidate(r->w->cache);
			reply_redirect(r, "/admin/categories?done=created");
			return;
		}
		form_err(&v.f.e, "slug", T(r->lang, "Another category has "
		    "this address name already; choose another."));
	}
	if (store_admin_categories(r->w->db, r->a, &v.cats, &v.n) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, 422, T(r->lang, "Categories"), cats_main, &v);
}

static void
cat_edit_main(struct html *w, struct req *r, void *arg)
{
	struct edit_view	*v = arg;
	struct cat_form		*f = v->f;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin\">");
	html_text(w, T(l, "Admin console"));
	html_lit(w, "</a> / <a href=\"/admin/categories\">");
	html_text(w, T(l, "Categories"));
	html_lit(w, "</a></p><h1>");
	html_text(w, v->c->name[l == LANG_EN]);
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "Threads in this category:"));
	html_lit(w, " ");
	html_int(w, v->c->nthreads);
	if (v->c->archived) {
		html_lit(w, " &middot; <strong>");
		html_text(w, T(l, "archived"));
		html_lit(w, "</strong>");
	}
	html_lit(w, "</p>\n<h2>");
	html_text(w, T(l, "Names and description"));
	html_lit(w, "</h2>\n");
	form_errors(w, l, &f->e);
	html_lit(w, "<form method=\"post\" action=\"/admin/categories/");
	html_int(w, v->c->id);
	html_lit(w, "\" class=\"stack narrow\">");
	layout_csrf(w, r);
	cat_fields(w, r, f);
	html_lit(w, "<button class=\"button\" type=\"submit\">");
	html_text(w, T(l, "Save"));
	html_lit(w, "</button></form>\n<h2>");
	html_text(w, v->c->archived ? T(l, "Restore") : T(l, "Archive"));
	html_lit(w, "</h2>\n<p>");
	html_text(w, v->c->archived ? T(l, "A restored category is shown "
	    "on the home page and in the ask form again.") : T(l, "An "
	    "archived category is hidden from the home page and the ask "
	    "form; its threads stay readable."));
	html_lit(w, "</p><form method=\"post\" action=\"/admin/categories/");
	html_int(w, v->c->id);
	html_lit(w, "/archive\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"on\" value=\"");
	if (v->c->archived)
		html_lit(w, "0");
	else
		html_lit(w, "1");
	html_lit(w, "\"><button class=\"button\" type=\"submit\">");
	html_text(w, v->c->archived ? T(l, "Restore the category") :
	    T(l, "Archive the category"));
	html_lit(w, "</button></form>\n");
	if (!v->c->archived && v->ncats > 1) {
		html_lit(w, "<h2>");
		html_text(w, T(l, "Merge into another category"));
		html_lit(w, "</h2>\n<form method=\"get\" action=\""
		    "/admin/categories/");
		html_int(w, v->c->id);
		html_lit(w, "/merge\" class=\"stack narrow\"><label for=\""
		    "into\">");
		html_text(w, T(l, "Move every thread into"));
		html_lit(w, "</label><select id=\"into\" name=\"into\">");
		for (i = 0; i < v->ncats; i++) {
			if (v->cats[i].id == v->c->id ||
			    v->cats[i].archived)
				continue;
			html_lit(w, "<option value=\"");
			html_int(w, v->cats[i].id);
			html_lit(w, "\">");
			html_text(w, v->cats[i].name[l == LANG_EN]);
			html_lit(w, "</option>");
		}
		html_lit(w, "</select><button class=\"button\" type=\""
		    "submit\">");
		html_text(w, T(l, "Continue"));
		html_lit(w, "</button></form>\n");
	}
	html_lit(w, "</section>\n");
}

/* The edit page of category id with form f (or the stored values). */
static void
cat_edit_page(struct req *r, int status, struct admin_category *c,
    struct cat_form *f)
{
	struct edit_view	v;

	memset(&v, 0, sizeof(v));
	v.c = c;
	v.f = f;
	if (store_admin_categories(r->w->db, r->a, &v.cats, &v.ncats) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, status, c->name[r->lang == LANG_EN], cat_edit_main,
	    &v);
}

void
page_admin_category(struct req *r)
{
	struct admin_category	*c;
	struct cat_form		*f;

	if (store_admin_category(r->w->db, r->a, id_param(r), &c) == -1)
		return;
	if (c == NULL) {
		reply_error(r, 404, T(r->lang, "There is no such category."));
		return;
	}
	f = arena_alloc(r->a, sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->id = c->id;
	f->c = *c;
	cat_edit_page(r, 200, c, f);
}

void
page_admin_category_save(struct req *r)
{
	struct admin_category	*c;
	struct cat_form		*f;
	int64_t			 id;
	int			 rc;

	if (store_admin_category(r->w->db, r->a, id_param(r), &c) == -1)
		return;
	if (c == NULL) {
		reply_error(r, 404, T(r->lang, "There is no such category."));
		return;
	}
	f = arena_alloc(r->a, sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->id = c->id;
	if (admin_cat_read(r, &f->c, &f->e) == 0) {
		rc = store_admin_category_save(r->w->db, r->a,
		    r->sess->user_id, c->id, &f->c, &id);
		if (admin_refused(r, rc))
			return;
		if (rc == ADMIN_OK) {
			pcache_invalidate(r->w->cache);
			reply_redirect(r, "/admin/categories?done=saved");
			return;
		}
		form_err(&f->e, "slug", T(r->lang, "Another category has "
		    "this address name already; choose another."));
	}
	cat_edit_page(r, 422, c, f);
}

void
page_admin_category_move(struct req *r)
{
	int	rc;

	rc = store_admin_category_move(r->w->db, r->sess->user_id,
	    id_param(r), r->f[F_ADMIN_MOVE_DIR].i == 0);
	if (admin_refused(r, rc))
		return;
	if (rc == ADMIN_OK)
		pcache_invalidate(r->w->cache);
	reply_redirect(r, "/admin/categories");
}

void
page_admin_category_archive(struct req *r)
{
	int	rc;

	rc = store_admin_category_archive(r->w->db, r->sess->user_id,
	    id_param(r), r->f[F_ADMIN_ARCHIVE_ON].i != 0);
	if (admin_refused(r, rc))
		return;
	pcache_invalidate(r->w->cache);
	reply_redirect(r, "/admin/categories?done=archived");
}

static void
merge_main(struct html *w, struct req *r, void *arg)
{
	struct merge_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin/categories\">");
	html_text(w, T(l, "Categories"));
	html_lit(w, "</a></p><h1>");
	html_text(w, T(l, "Merge categories"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "Every thread of"));
	html_lit(w, " <strong>");
	html_text(w, v->from->name[l == LANG_EN]);
	html_lit(w, "</strong> (<span class=\"merge-count\">");
	html_int(w, v->from->nthreads);
	html_lit(w, "</span>) ");
	html_text(w, T(l, "moves into"));
	html_lit(w, " <strong>");
	html_text(w, v->into->name[l == LANG_EN]);
	html_lit(w, "</strong> (");
	html_int(w, v->into->nthreads);
	html_lit(w, "), ");
	html_text(w, T(l, "and the first category is archived. Members who "
	    "watched it watch the other one. This is one change: all of it "
	    "happens, or nothing."));
	html_lit(w, "</p>\n<form method=\"post\" action=\"/admin/categories/");
	html_int(w, v->from->id);
	html_lit(w, "/merge\" class=\"stack narrow\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"into\" value=\"");
	html_int(w, v->into->id);
	html_lit(w, "\"><input type=\"hidden\" name=\"confirm\" value=\"1\">"
	    "<button class=\"button danger\" type=\"submit\">");
	html_text(w, T(l, "Merge the categories"));
	html_lit(w, "</button></form>\n<p><a href=\"/admin/categories/");
	html_int(w, v->from->id);
	html_lit(w, "\">");
	html_text(w, T(l, "Cancel"));
	html_lit(w, "</a></p></section>\n");
}

/* Loads the two categories of a merge; 0, or -1 with the reply sent. */
static int
merge_load(struct req *r, struct merge_view *v)
{
	memset(v, 0, sizeof(*v));
	return admin_merge_check(r, id_param(r), r->f[F_ADMIN_MERGE_INTO].i,
	    &v->from, &v->into);
}

/*
 * Reads categories from and into of a merge and checks that one may be
 * merged into the other; 0, or -1 after replying (404, 409) or when the
 * store failed.
 */
int
admin_merge_check(struct req *r, int64_t from_id, int64_t into_id,
    struct admin_category **from, struct admin_category **into)
{
	if (store_admin_category(r->w->db, r->a, from_id, from) == -1 ||
	    store_admin_category(r->w->db, r->a, into_id, into) == -1)
		return -1;
	if (*from == NULL || *into == NULL) {
		reply_error(r, 404, T(r->lang, "There is no such category."));
		return -1;
	}
	if ((*from)->id == (*into)->id || (*into)->archived ||
	    (*from)->archived) {
		reply_error(r, 409, T(r->lang, "A category can be merged "
		    "only into another category that is not archived."));
		return -1;
	}
	return 0;
}

void
page_admin_category_merge_form(struct req *r)
{
	struct merge_view	v;

	if (merge_load(r, &v) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Merge categories"), merge_main, &v);
}

void
page_admin_category_merge(struct req *r)
{
	struct merge_view	v;
	int64_t			moved;
	int			rc;

	if (merge_load(r, &v) == -1)
		return;
	if (!r->f[F_ADMIN_MERGE_CONFIRM].i) {
		r->resp.no_cache = 1;
		layout_page(r, 422, T(r->lang, "Merge categories"),
		    merge_main, &v);
		return;
	}
	rc = store_admin_category_merge(r->w->db, r->a, r->sess->user_id,
	    v.from->id, v.into->id, &moved);
	if (admin_refused(r, rc))
		return;
	pcache_invalidate(r->w->cache);
	reply_redirect(r, "/admin/categories?done=merged");
}

/* --- tags ----------------------------------------------------------- */

static void
tags_main(struct html *w, struct req *r, void *arg)
{
	struct tags_view	*v = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin\">");
	html_text(w, T(l, "Admin console"));
	html_lit(w, "</a></p><h1>");
	html_text(w, T(l, "Tags"));
	html_lit(w, "</h1>\n");
	if (v->notice != NULL) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, v->notice);
		html_lit(w, "</p>\n");
	}
	html_lit(w, "<p>");
	html_text(w, T(l, "Renaming a tag retags every thread that has it. "
	    "When the new name is a tag in use already, the two are merged."));
	html_lit(w, "</p>\n");
	form_errors(w, l, &v->e);
	if (v->confirm) {
		html_lit(w, "<p class=\"notice\">");
		html_text(w, T(l, "Both tags are in use. Merging moves every "
		    "thread of the first into the second:"));
		html_lit(w, " <strong>");
		html_text(w, v->from);
		html_lit(w, "</strong> (<span class=\"merge-count\">");
		html_int(w, v->nfrom);
		html_lit(w, "</span>) &#8594; <strong>");
		html_text(w, v->to);
		html_lit(w, "</strong> (");
		html_int(w, v->nto);
		html_lit(w, ")</p>\n");
	}
	html_lit(w, "<form method=\"post\" action=\"/admin/tags\" "
	    "class=\"stack narrow\">");
	layout_csrf(w, r);
	form_input(w, "from", T(l, "Tag"), "text", v->from, "off", NULL,
	    &v->e, 1);
	form_input(w, "to", T(l, "New name"), "text", v->to, "off",
	    T(l, "Letters, digits, '-' and '_', up to 30 characters."),
	    &v->e, 1);
	if (v->confirm)
		html_lit(w, "<input type=\"hidden\" name=\"confirm\" "
		    "value=\"1\">");
	html_lit(w, "<button class=\"button\" type=\"submit\">");
	html_text(w, v->confirm ? T(l, "Merge the tags") :
	    T(l, "Rename the tag"));
	html_lit(w, "</button></form>\n");
	synonyms_html(w, r, v);
	html_lit(w, "</section>\n");
}

/*
 * The synonyms part of /admin/tags: what a synonym does, the removal to
 * confirm, the form (or the confirmation with the counts), the list.
 */
static void
synonyms_html(struct html *w, struct req *r, const struct tags_view *v)
{
	enum lang	 l = r->lang;
	size_t		 i;

	html_lit(w, "<h2 id=\"synonyms\">");
	html_text(w, T(l, "Synonyms"));
	html_lit(w, "</h2>\n<p>");
	html_text(w, T(l, "A synonym is another name for a tag. Making one "
	    "retags every thread that has the synonym, and from then on a "
	    "synonym typed in a question is saved as its tag; the synonym's "
	    "page leads to the tag's page."));
	html_lit(w, "</p>\n");
	if (v->rm_alias != NULL) {
		html_lit(w, "<div class=\"notice tagsyn-confirm\" "
		    "role=\"status\"><p>");
		html_text(w, T(l, "Remove this synonym? Threads keep their "
		    "tags; from now on the synonym is a tag of its own."));
		html_lit(w, " <strong>");
		html_text(w, v->rm_alias);
		html_lit(w, "</strong> &#8594; <strong>");
		html_text(w, v->rm_tag);
		html_lit(w, "</strong></p><form method=\"post\" "
		    "action=\"/admin/tags/synonyms/remove\">");
		layout_csrf(w, r);
		html_lit(w, "<input type=\"hidden\" name=\"alias\" value=\"");
		html_attr(w, v->rm_alias);
		html_lit(w, "\"><input type=\"hidden\" name=\"confirm\" "
		    "value=\"1\"><button class=\"button\" type=\"submit\">");
		html_text(w, T(l, "Remove the synonym"));
		html_lit(w, "</button> <a href=\"/admin/tags#synonyms\">");
		html_text(w, T(l, "Cancel"));
		html_lit(w, "</a></form></div>\n");
	}
	form_errors(w, l, &v->se);
	if (v->syn_confirm) {
		html_lit(w, "<div class=\"notice tagsyn-confirm\" "
		    "role=\"status\"><p>");
		html_text(w, T(l, "Make this synonym? Threads tagged with the "
		    "synonym are retagged:"));
		html_lit(w, " <strong>");
		html_text(w, v->alias);
		html_lit(w, "</strong> &#8594; <strong>");
		html_text(w, v->canonical);
		html_lit(w, "</strong></p>\n<ul><li>");
		html_text(w, T(l, "Threads to retag:"));
		html_lit(w, " <span class=\"tagsyn-count\">");
		html_int(w, v->pv.nthreads);
		html_lit(w, "</span></li>");
		if (v->pv.naliases > 0) {
			html_lit(w, "<li>");
			html_text(w, T(l, "Its own synonyms, which will lead to "
			    "the new tag instead:"));
			html_lit(w, " <span class=\"tagsyn-repoint\">");
			html_int(w, v->pv.naliases);
			html_lit(w, "</span></li>");
		}
		if (v->pv.alias_of[0] != '\0') {
			html_lit(w, "<li>");
			html_text(w, T(l, "It is a synonym of another tag now, "
			    "which it will no longer lead to:"));
			html_lit(w, " <strong>");
			html_text(w, v->pv.alias_of);
			html_lit(w, "</strong></li>");
		}
		html_lit(w, "</ul></div>\n");
	}
	html_lit(w, "<form method=\"post\" action=\"/admin/tags/synonyms\" "
	    "class=\"stack narrow\">");
	layout_csrf(w, r);
	form_input(w, "alias", T(l, "Synonym"), "text", v->alias, "off",
	    T(l, "The name to stop using, for example \"tether\"."), &v->se,
	    1);
	form_input(w, "canonical", T(l, "Tag it stands for"), "text",
	    v->canonical, "off", T(l, "The tag threads keep, for example "
	    "\"usdt\"."), &v->se, 1);
	if (v->syn_confirm)
		html_lit(w, "<input type=\"hidden\" name=\"confirm\" "
		    "value=\"1\">");
	html_lit(w, "<button class=\"button\" type=\"submit\">");
	html_text(w, v->syn_confirm ? T(l, "Retag and make the synonym") :
	    T(l, "Make a synonym"));
	html_lit(w, "</button>");
	if (v->syn_confirm) {
		html_lit(w, " <a href=\"/admin/tags#synonyms\">");
		html_text(w, T(l, "Cancel"));
		html_lit(w, "</a>");
	}
	html_lit(w, "</form>\n");
	if (v->nsyn == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No synonyms yet."));
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<div class=\"table-scroll\"><table class=\"desk "
	    "admin-tagsyn\"><thead><tr><th scope=\"col\">");
	html_text(w, T(l, "Synonym"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Tag"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Made"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Actions"));
	html_lit(w, "</th></tr></thead><tbody>");
	for (i = 0; i < v->nsyn; i++) {
		const struct tag_synonym *s = &v->syn[i];

		html_lit(w, "<tr><td class=\"tagsyn-alias\">");
		html_text(w, s->alias);
		html_lit(w, "</td><td class=\"tagsyn-tag\"><a class=\"tag-link\" "
		    "href=\"/tag/");
		html_url(w, s->tag);
		html_lit(w, "\">");
		html_text(w, s->tag);
		html_lit(w, "</a></td><td>");
		widget_time(w, l, s->created_at);
		if (s->created_by[0] != '\0') {
			html_lit(w, " (");
			html_text(w, s->created_by);
			html_lit(w, ")");
		}
		html_lit(w, "</td><td class=\"admin-actions\"><form "
		    "method=\"post\" action=\"/admin/tags/synonyms/remove\">");
		layout_csrf(w, r);
		html_lit(w, "<input type=\"hidden\" name=\"alias\" value=\"");
		html_attr(w, s->alias);
		html_lit(w, "\"><button type=\"submit\" aria-label=\"");
		html_attr(w, T(l, "Remove"));
		html_lit(w, ": ");
		html_attr(w, s->alias);
		html_lit(w, "\">");
		html_text(w, T(l, "Remove…"));
		html_lit(w, "</button></form></td></tr>");
	}
	html_lit(w, "</tbody></table></div>\n");
}

/*
 * The tags page with v (the synonyms read here), status 200 or 422.
 * Nothing sent when the store failed (the dispatcher answers 503).
 */
static void
tags_page(struct req *r, int status, struct tags_view *v)
{
	if (store_tag_synonyms(r->w->db, r->a, &v->syn, &v->nsyn) == -1)
		return;
	if (v->alias == NULL)
		v->alias = "";
	if (v->canonical == NULL)
		v->canonical = "";
	r->resp.no_cache = 1;
	layout_page(r, status, T(r->lang, "Tags"), tags_main, v);
}

void
page_admin_tags(struct req *r)
{
	struct tags_view	v;

	memset(&v, 0, sizeof(v));
	v.from = v.to = "";
	if (r->f[F_ADMIN_DONE].present && r->f[F_ADMIN_DONE].s[0] != '\0')
		v.notice = T(r->lang, "Saved.");
	tags_page(r, 200, &v);
}

/*
 * Checks a rename of tag from_in into to_in (as typed): *from and *to
 * folded, the threads of each counted, errors into e.  0, or -1 when the
 * store failed.
 */
int
admin_tag_check(struct req *r, const char *from_in, const char *to_in,
    const char **from, const char **to, int64_t *nfrom, int64_t *nto,
    struct form_errs *e)
{
	enum lang	l = r->lang;

	*nfrom = *nto = 0;
	*from = admin_tag_norm(r, from_in);
	*to = admin_tag_norm(r, to_in);
	if (*from == NULL)
		form_err(e, "from", T(l, "Enter the tag to rename: letters, "
		    "digits, '-' and '_', up to 30 characters."));
	if (*to == NULL)
		form_err(e, "to", T(l, "Enter the new name: letters, "
		    "digits, '-' and '_', up to 30 characters."));
	if (e->n == 0 && strcmp(*from, *to) == 0)
		form_err(e, "to", T(l, "The new name is the same as the "
		    "old one."));
	if (e->n == 0) {
		if (store_admin_tag_count(r->w->db, *from, nfrom) == -1 ||
		    store_admin_tag_count(r->w->db, *to, nto) == -1)
			return -1;
		if (*nfrom == 0)
			form_err(e, "from", T(l, "No thread has this tag."));
	}
	if (e->n == 0) {
		const char	*canon;

		/* never renamed into a synonym (0177) */
		if (store_tag_synonym_of(r->w->db, r->a, *to, &canon) == -1)
			return -1;
		if (canon != NULL)
			form_err(e, "to", arena_printf(r->a, T(l, "The new "
			    "name is a synonym of the tag \"%s\". Choose that "
			    "tag, or remove the synonym first."), canon));
	}
	return 0;
}

void
page_admin_tag_rename(struct req *r)
{
	struct tags_view	 v;
	const char		*from, *to;
	int64_t			 moved;

	memset(&v, 0, sizeof(v));
	v.from = field_or_empty(r, F_ADMIN_TAG_FROM);
	v.to = field_or_empty(r, F_ADMIN_TAG_TO);
	if (admin_tag_check(r, v.from, v.to, &from, &to, &v.nfrom, &v.nto,
	    &v.e) == -1)
		return;
	if (v.e.n == 0 && v.nto > 0 && !r->f[F_ADMIN_TAG_CONFIRM].i) {
		/* a merge: the counts first, then the same form confirmed */
		v.from = from;
		v.to = to;
		v.confirm = 1;
		tags_page(r, 200, &v);
		return;
	}
	if (v.e.n > 0) {
		tags_page(r, 422, &v);
		return;
	}
	tags_stored(r, &v, admin_tag_retag(r, from, to, v.nto > 0, &moved,
	    &v.e), "/admin/tags?done=1");
}

/*
 * The end every change of the tags page shares: rc of admin_tag_retag,
 * admin_tagsyn_add or admin_tagsyn_remove; 422 shows the form again with
 * its errors, 0 leads to done.
 */
static void
tags_stored(struct req *r, struct tags_view *v, int rc, const char *done)
{
	if (rc == 422)
		tags_page(r, 422, v);
	else if (rc == 0)
		reply_redirect(r, done);
}

int
admin_tag_retag(struct req *r, const char *from, const char *to, int merge,
    int64_t *moved, struct form_errs *e)
{
	int	rc;

	rc = store_admin_tag_retag(r->w->db, r->a, r->sess->user_id, from,
	    to, merge, moved);
	if (rc == ADMIN_TAKEN) {
		/* made a synonym meanwhile (0177) */
		form_err(e, "to", T(r->lang, "The new name has just been made "
		    "a synonym. Choose its tag."));
		return 422;
	}
	if (admin_refused(r, rc))
		return -1;
	pcache_invalidate(r->w->cache);
	return 0;
}

int
admin_tagsyn_check(struct req *r, const char *alias_in,
    const char *canon_in, const char **alias, const char **tag,
    struct tagsyn_preview *pv, struct form_errs *e)
{
	enum lang	l = r->lang;

	*alias = admin_tag_norm(r, alias_in);
	*tag = admin_tag_norm(r, canon_in);
	if (*alias == NULL)
		form_err(e, "alias", T(l, "Enter the synonym: letters, "
		    "digits, '-' and '_', up to 30 characters."));
	if (*tag == NULL)
		form_err(e, "canonical", T(l, "Enter the tag it stands "
		    "for: letters, digits, '-' and '_', up to 30 characters."));
	if (e->n == 0 && strcmp(*alias, *tag) == 0)
		form_err(e, "canonical", T(l, "A tag cannot be a synonym "
		    "of itself."));
	if (e->n == 0) {
		if (store_tagsyn_preview(r->w->db, r->a, *alias, *tag,
		    pv) == -1)
			return -1;
		if (pv->tag_alias_of[0] != '\0')
			form_err(e, "canonical", arena_printf(r->a, T(l,
			    "This tag is itself a synonym of \"%s\". Choose "
			    "\"%s\" instead."), pv->tag_alias_of,
			    pv->tag_alias_of));
		else if (strcmp(pv->alias_of, *tag) == 0)
			form_err(e, "alias", T(l, "This synonym exists "
			    "already."));
	}
	return 0;
}

int
admin_tagsyn_add(struct req *r, const char *alias, const char *tag,
    int64_t *moved, struct form_errs *e)
{
	int	rc;

	rc = store_admin_tagsyn_add(r->w->db, r->a, r->sess->user_id, alias,
	    tag, moved);
	if (rc == ADMIN_TAKEN || rc == ADMIN_SAME) {
		/* changed meanwhile by another administrator */
		form_err(e, "canonical", rc == ADMIN_TAKEN ?
		    T(r->lang, "This tag has just been made a synonym itself. "
		    "Choose its tag.") : T(r->lang, "This synonym exists "
		    "already."));
		return 422;
	}
	if (admin_refused(r, rc))
		return -1;
	/* threads of any category may carry the tag: every page */
	pcache_invalidate(r->w->cache);
	return 0;
}

int
admin_tagsyn_find(struct req *r, const char *alias_in, const char **alias,
    const char **tag, struct form_errs *e)
{
	*tag = NULL;
	*alias = admin_tag_norm(r, alias_in);
	if (*alias != NULL &&
	    store_tag_synonym_of(r->w->db, r->a, *alias, tag) == -1)
		return -1;
	if (*tag == NULL) {
		form_err(e, NULL, T(r->lang, "There is no such synonym. The "
		    "list below shows the synonyms there are."));
		return 422;
	}
	return 0;
}

int
admin_tagsyn_remove(struct req *r, const char *alias, struct form_errs *e)
{
	int	rc;

	rc = store_admin_tagsyn_remove(r->w->db, r->a, r->sess->user_id,
	    alias);
	if (rc == ADMIN_NOT_FOUND) {
		form_err(e, NULL, T(r->lang, "There is no such synonym. The "
		    "list below shows the synonyms there are."));
		return 422;
	}
	if (admin_refused(r, rc))
		return -1;
	/* the synonym's page answers again instead of leading elsewhere */
	pcache_invalidate(r->w->cache);
	return 0;
}

/*
 * POST /admin/tags/synonyms: alias becomes a synonym of canonical.  The
 * first post shows what will change (threads retagged, synonyms
 * re-pointed); the same form with confirm=1 makes it, in one
 * transaction (store_admin_tagsyn_add), then drops every cached page, as
 * a merge does: threads of any category may carry the tag.
 */
void
page_admin_tagsyn_add(struct req *r)
{
	struct tags_view	 v;
	const char		*alias, *tag;
	int64_t			 moved;

	memset(&v, 0, sizeof(v));
	v.from = v.to = "";
	v.alias = field_or_empty(r, F_ADMIN_TAGSYN_ALIAS);
	v.canonical = field_or_empty(r, F_ADMIN_TAGSYN_TAG);
	if (admin_tagsyn_check(r, v.alias, v.canonical, &alias, &tag, &v.pv,
	    &v.se) == -1)
		return;
	if (v.se.n > 0) {
		tags_page(r, 422, &v);
		return;
	}
	if (!r->f[F_ADMIN_TAGSYN_CONFIRM].i) {
		v.alias = alias;
		v.canonical = tag;
		v.syn_confirm = 1;
		tags_page(r, 200, &v);
		return;
	}
	tags_stored(r, &v, admin_tagsyn_add(r, alias, tag, &moved, &v.se),
	    "/admin/tags?done=synonym#synonyms");
}

/*
 * POST /admin/tags/synonyms/remove: the synonym alias goes (threads keep
 * their tags); a confirmation first, then the same form with confirm=1.
 */
void
page_admin_tagsyn_remove(struct req *r)
{
	struct tags_view	 v;
	const char		*alias, *tag;
	int			 rc;

	memset(&v, 0, sizeof(v));
	v.from = v.to = "";
	rc = admin_tagsyn_find(r, field_or_empty(r, F_ADMIN_TAGSYN_ALIAS),
	    &alias, &tag, &v.se);
	if (rc == 0 && !r->f[F_ADMIN_TAGSYN_CONFIRM].i) {
		v.rm_alias = alias;
		v.rm_tag = tag;
		tags_page(r, 200, &v);
		return;
	}
	if (rc == 0)
		rc = admin_tagsyn_remove(r, alias, &v.se);
	tags_stored(r, &v, rc, "/admin/tags?done=removed#synonyms");
}

/* --- members -------------------------------------------------------- */

struct members_view {
	const char		*q;
	struct admin_member	*m;
	size_t			 n;
	const char		*notice;
	const char		*error;
};

static const enum role member_roles[] = { ROLE_USER, ROLE_STAFF,
	ROLE_MODERATOR, ROLE_ADMIN };

static const char *
role_label(enum lang l, enum role r)
{
	switch (r) {
	case ROLE_STAFF:
		return T(l, "Staff");
	case ROLE_MODERATOR:
		return T(l, "Moderator");
	case ROLE_ADMIN:
		return T(l, "Administrator");
	default:
		return T(l, "Member");
	}
}

static void
members_main(struct html *w, struct req *r, void *arg)
{
	struct members_view	*v = arg;
	enum lang		 l = r->lang;
	size_t			 i, j;

	html_lit(w, "<section class=\"admin\"><p class=\"crumbs\">"
	    "<a href=\"/admin\">");
	html_text(w, T(l, "Admin console"));
	html_lit(w, "</a></p><h1>");
	html_text(w, T(l, "Members"));
	html_lit(w, "</h1>\n");
	if (v->notice != NULL) {
		html_lit(w, "<p class=\"notice\" role=\"status\">");
		html_text(w, v->notice);
		html_lit(w, "</p>\n");
	}
	if (v->error != NULL) {
		html_lit(w, "<div class=\"form-errors\" role=\"alert\"><p>");
		html_text(w, v->error);
		html_lit(w, "</p></div>\n");
	}
	html_lit(w, "<form method=\"get\" action=\"/admin/members\" "
	    "class=\"stack narrow\" role=\"search\">");
	form_input(w, "q", T(l, "Name or e-mail address"), "search", v->q,
	    "off", NULL, NULL, 1);
	html_lit(w, "<button class=\"button\" type=\"submit\">");
	html_text(w, T(l, "Search"));
	html_lit(w, "</button></form>\n");
	if (v->q[0] == '\0') {
		html_lit(w, "</section>\n");
		return;
	}
	if (v->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No member matches."));
		html_lit(w, "</p></section>\n");
		return;
	}
	html_lit(w, "<div class=\"table-scroll\"><table class=\"desk "
	    "admin-members\"><thead><tr><th scope=\"col\">");
	html_text(w, T(l, "Member"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "E-mail address"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Role"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Suspension"));
	html_lit(w, "</th></tr></thead><tbody>");
	for (i = 0; i < v->n; i++) {
		struct admin_member *m = &v->m[i];

		html_lit(w, "<tr><td><a href=\"/u/");
		html_int(w, m->id);
		html_lit(w, "\">");
		html_text(w, m->display_name);
		html_lit(w, "</a> <span class=\"muted\">@");
		html_text(w, m->username);
		html_lit(w, "</span></td><td>");
		html_text(w, m->email);
		html_lit(w, "</td><td>");
		if (r->sess != NULL && m->id == r->sess->user_id) {
			html_text(w, role_label(l, m->role));
		} else {
			html_lit(w, "<form method=\"post\" action=\""
			    "/admin/members/");
			html_int(w, m->id);
			html_lit(w, "/role\" class=\"admin-role\">");
			layout_csrf(w, r);
			html_lit(w, "<label class=\"visually-hidden\" for=\"role-");
			html_int(w, m->id);
			html_lit(w, "\">");
			html_text(w, T(l, "Role"));
			html_lit(w, ": @");
			html_text(w, m->username);
			html_lit(w, "</label><select name=\"role\" id=\"role-");
			html_int(w, m->id);
			html_lit(w, "\">");
			for (j = 0; j < sizeof(member_roles) /
			    sizeof(member_roles[0]); j++) {
				html_lit(w, "<option value=\"");
				html_attr(w, state_role_name(member_roles[j]));
				html_lit(w, "\"");
				if (member_roles[j] == m->role)
					html_lit(w, " selected");
				html_lit(w, ">");
				html_text(w, role_label(l, member_roles[j]));
				html_lit(w, "</option>");
			}
			html_lit(w, "</select> <button type=\"submit\">");
			html_text(w, T(l, "Change"));
			html_lit(w, "</button></form>");
		}
		html_lit(w, "</td><td>");
		/* pages/adminmembers.c */
		if (m->suspended) {
			html_text(w, T(l, "Suspended"));
			html_lit(w, " &middot; <a href=\"/admin/members/");
			html_int(w, m->id);
			html_lit(w, "/suspension\">");
			html_text(w, T(l, "Restore"));
			html_lit(w, "</a>");
		} else if (m->role != ROLE_ADMIN) {
			html_lit(w, "<a href=\"/admin/members/");
			html_int(w, m->id);
			html_lit(w, "/suspension\">");
			html_text(w, T(l, "Suspend"));
			html_lit(w, "</a>");
		}
		html_lit(w, "</td></tr>");
	}
	html_lit(w, "</tbody></table></div></section>\n");
}

void
page_admin_members(struct req *r)
{
	struct members_view	v;

	memset(&v, 0, sizeof(v));
	v.q = r->f[F_ADMIN_MEMBERS_Q].present ? r->f[F_ADMIN_MEMBERS_Q].s :
	    "";
	if (r->f[F_ADMIN_MEMBERS_DONE].present)
		v.notice = T(r->lang, "The role is changed; every session of "
		    "the account was signed out.");
	if (v.q[0] != '\0' && store_admin_members(r->w->db, r->a, v.q,
	    &v.m, &v.n) == -1)
		return;
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Members"), members_main, &v);
}

/* Why a role change was refused (rc ADMIN_SELF, ADMIN_SAME, ADMIN_NEEDS_EMAIL). */
const char *
admin_role_refusal(struct req *r, int rc)
{
	return rc == ADMIN_SELF ? T(r->lang, "An administrator's own role "
	    "is changed by another administrator.") : rc == ADMIN_SAME ?
	    T(r->lang, "The member has this role already.") : T(r->lang,
	    "Staff, moderators and administrators need an e-mail address: "
	    "the member adds one in their settings first.");
}

/* The role of index i of the role field (routes.c admin_roles). */
enum role
admin_member_role(int64_t i)
{
	return member_roles[i];
}

void
page_admin_member_role(struct req *r)
{
	struct members_view	 v;
	enum role		 role;
	int			 rc;

	role = admin_member_role(r->f[F_ADMIN_ROLE_ROLE].i);
	rc = store_admin_role_change(r->w->db, r->a, r->sess->user_id,
	    id_param(r), role, acct_role_needs_email(role));
	if (rc == ADMIN_NOT_FOUND) {
		reply_error(r, 404, T(r->lang, "There is no such member."));
		return;
	}
	if (admin_refused(r, rc))
		return;
	if (rc == ADMIN_OK) {
		/* role badges are on cached pages */
		pcache_invalidate(r->w->cache);
		reply_redirect(r, "/admin/members?done=1");
		return;
	}
	memset(&v, 0, sizeof(v));
	v.q = "";
	v.error = admin_role_refusal(r, rc);
	r->resp.no_cache = 1;
	layout_page(r, 422, T(r->lang, "Members"), members_main, &v);
}
