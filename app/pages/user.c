/*
 * pages/user.c: a member's public profile (name with the staff badge,
 * trust level, member since, questions and answers), and the moderator's
 * unlock of a locked sign-in.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acct/acct.h"
#include "cache/guard.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"

#define POSTS_SHOWN	30

struct profile_view {
	struct user		*u;
	struct user_post	*p;
	size_t			 n;
};

static void	profile_main(struct html *, struct req *, void *);

static void
profile_main(struct html *w, struct req *r, void *arg)
{
	struct profile_view	*v = arg;
	enum lang		 l = r->lang;
	enum role		 role = v->u->role;
	size_t			 i;

	html_lit(w, "<section class=\"profile\"><h1>");
	widget_user(w, l, v->u->display_name, role, 0);
	html_lit(w, "</h1>\n<dl class=\"profile-facts\"><dt>");
	html_text(w, T(l, "Username"));
	html_lit(w, "</dt><dd>@");
	html_text(w, v->u->username);
	html_lit(w, "</dd><dt>");
	html_text(w, T(l, "Member since"));
	html_lit(w, "</dt><dd>");
	widget_time(w, l, v->u->created);
	html_lit(w, "</dd><dt>");
	html_text(w, T(l, "Trust level"));
	html_lit(w, "</dt><dd class=\"trust-level\">");
	html_int(w, v->u->trust);
	html_lit(w, " / 3</dd></dl>\n");
	if (r->sess != NULL && r->sess->user_id == v->u->id) {
		html_lit(w, "<p><a href=\"/settings\">");
		html_text(w, T(l, "Edit your profile and settings"));
		html_lit(w, "</a></p>\n");
	}
	if (r->sess != NULL && (r->sess->role == ROLE_MODERATOR ||
	    r->sess->role == ROLE_ADMIN)) {
		html_lit(w, "<form method=\"post\" action=\"/u/");
		html_int(w, v->u->id);
		html_lit(w, "/unlock\">");
		layout_csrf(w, r);
		html_lit(w, "<button type=\"submit\">");
		html_text(w, T(l, "Unlock sign-in"));
		html_lit(w, "</button>");
		if (v->u->locked_until > (int64_t)time(NULL)) {
			html_lit(w, " <span class=\"tag tag-closed\">");
			html_text(w, T(l, "Locked"));
			html_lit(w, "</span>");
		}
		html_lit(w, "</form>\n");
	}
	html_lit(w, "</section>\n<section aria-labelledby=\"posts-h\"><h2 "
	    "id=\"posts-h\">");
	html_text(w, T(l, "Questions and answers"));
	html_lit(w, "</h2>\n");
	if (v->n == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "Nothing posted yet."));
		html_lit(w, "</p>\n</section>\n");
		return;
	}
	html_lit(w, "<ul class=\"thread-list\">\n");
	for (i = 0; i < v->n; i++) {
		html_lit(w, "<li class=\"thread-item\"><span class=\"tag\">");
		html_text(w, v->p[i].kind == PK_QUESTION ?
		    T(l, "Question") : T(l, "Answer"));
		html_lit(w, "</span> <a class=\"thread-title\" href=\"/t/");
		html_int(w, v->p[i].thread_id);
		html_lit(w, "\" lang=\"");
		html_attr(w, v->p[i].lang);
		html_lit(w, "\">");
		html_text(w, v->p[i].title);
		html_lit(w, "</a> ");
		widget_time(w, l, v->p[i].created);
		html_lit(w, "</li>\n");
	}
	html_lit(w, "</ul>\n</section>\n");
}

void
page_profile(struct req *r)
{
	struct profile_view	v;
	const char		*p = r->param[0], *disp;
	int64_t			id = 0;

	memset(&v, 0, sizeof(v));
	/* /u/ID, or /u/NAME (what author names link to). */
	if (p[strspn(p, "0123456789")] == '\0' && strlen(p) < 19)
		id = strtoll(p, NULL, 10);
	if (id > 0 && store_user_by_id(r->w->db, r->a, id, &v.u) == -1)
		return;
	if (v.u == NULL) {
		if (store_qa_user_by_name(r->w->db, r->a, p, &id, &disp) ==
		    -1 || (id > 0 && store_user_by_id(r->w->db, r->a, id,
		    &v.u) == -1)) {
			reply_error(r, 503, NULL);
			return;
		}
	}
	if (v.u == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_user_posts(r->w->db, r->a, id, POSTS_SHOWN, &v.p,
	    &v.n) == -1)
		return;
	layout_page(r, 200, v.u->display_name, profile_main, &v);
}

void
page_profile_unlock(struct req *r)
{
	struct user	*u;

	if (user_unlock_apply(r, "from the profile page", &u) == -1)
		return;
	reply_redirect(r, arena_printf(r->a, "/u/%lld", (long long)u->id));
}

int
user_unlock_apply(struct req *r, const char *from, struct user **out)
{
	struct user	*u = NULL;
	int64_t		 id = strtoll(r->param[0], NULL, 10);
	const char	*name, *key;

	if (id <= 0 || store_user_by_id(r->w->db, r->a, id, &u) == -1) {
		reply_error(r, id <= 0 ? 404 : 503, NULL);
		return -1;
	}
	if (u == NULL) {
		reply_error(r, 404, NULL);
		return -1;
	}
	if (r->sess->role != ROLE_MODERATOR && r->sess->role != ROLE_ADMIN) {
		reply_error(r, 403, NULL);
		return -1;
	}
	if (acct_username(r->a, u->username, &name, &key) != ACCT_NAME_OK)
		key = u->username;
	if (guard_unlock(r->w->cache, key) == -1 ||
	    store_user_unlock(r->w->db, u->id) == -1 ||
	    store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)r->sess->user_id), "unlock", u->id, u->username,
	    from) == -1)
		return -1;
	*out = u;
	return 0;
}
