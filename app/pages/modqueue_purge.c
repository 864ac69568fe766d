/* pages/modqueue_purge.c: suspend or purge one account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "moderation/moderation.h"

#include "http/req.h"
#include "http/server.h"
#include "http/pcache.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "pages/modq.h"
#include "pages/modqueue.h"
#include "pages/qa.h"
#include "post/post.h"
#include "pages/pages.h"
#include "pages/upload.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"
#include "view/widgets.h"

struct purge_data {
	int64_t			 user;
	struct modq_item	*it;	/* optional: the post that led here */
};

static void	 purge_main(struct html *, struct req *, void *);

static void
purge_main(struct html *w, struct req *r, void *arg)
{
	struct purge_data	*d = arg;
	enum lang		 l = r->lang;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Suspend or purge an account"));
	html_lit(w, "</h1>\n<form method=\"post\" action=\"/mod/user/");
	html_int(w, d->user);
	html_lit(w, "/purge\" class=\"mod-form mod-danger\">");
	layout_csrf(w, r);
	html_lit(w, "<p><label><input type=\"radio\" name=\"what\" "
	    "value=\"purge\" checked> ");
	html_text(w, T(l, "Purge: suspend, remove all their posts and sign "
	    "them out everywhere"));
	html_lit(w, "</label><br><label><input type=\"radio\" name=\"what\" "
	    "value=\"suspend\"> ");
	html_text(w, T(l, "Suspend only"));
	html_lit(w, "</label></p><p><label>");
	html_text(w, T(l, "Suspension (days)"));
	html_lit(w, " <input name=\"days\" type=\"number\" min=\"1\" "
	    "max=\"3650\" value=\"365\" required></label></p><p><label>");
	html_text(w, T(l, "Reason the user sees"));
	html_lit(w, " <input name=\"reason\" maxlength=\"300\" required>"
	    "</label></p><p><label>");
	html_text(w, T(l, "Note for the audit log"));
	html_lit(w, " <input name=\"note\" maxlength=\"300\"></label></p>"
	    "<p><label><input type=\"checkbox\" name=\"confirm\" value=\"1\" "
	    "required> ");
	html_text(w, T(l, "I confirm this action on the account"));
	html_lit(w, "</label></p><button type=\"submit\">");
	html_text(w, T(l, "Apply"));
	html_lit(w, "</button></form>\n");
}

void
page_mod_purge_form(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct purge_data	d;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	memset(&d, 0, sizeof(d));
	d.user = id;
	layout_page(r, 200, T(r->lang, "Suspend or purge an account"),
	    purge_main, &d);
}

int
modqueue_purge_apply(struct req *r, int64_t id, int *remove_posts,
    struct post_result *res)
{
	struct post_purge_in	 pu;
	struct post_ctx		 c;
	struct post_actor	 by;

	*remove_posts = !r->f[F_MODU_WHAT].present ||
	    strcmp(r->f[F_MODU_WHAT].s, "purge") == 0;
	if (!r->f[F_MODU_CONFIRM].i)
		return 1;
	memset(&pu, 0, sizeof(pu));
	pu.user = id;
	pu.days = (int)r->f[F_MODU_DAYS].i;
	pu.reason = r->f[F_MODU_REASON].s;
	pu.note = modqueue_str(r, F_MODU_NOTE);
	pu.remove_posts = *remove_posts;
	qa_post_ctx(r, &c, &by);
	post_purge_user(&c, &pu, res);
	return 0;
}

void
page_mod_purge(struct req *r)
{
	int64_t			 id = modq_param_id(r);
	struct post_result	 res;
	int			 purge;

	if (id == 0) {
		reply_error(r, 404, NULL);
		return;
	}
	if (modqueue_purge_apply(r, id, &purge, &res) == 1) {
		modqueue_message(r, 400, T(r->lang, "Please confirm"),
		    T(r->lang, "Tick the confirmation box first."), NULL,
		    arena_printf(r->a, "/mod/user/%lld/purge",
		    (long long)id));
		return;
	}
	if (qa_post_failed(r, &res))
		return;
	qa_post_done(r, &res);
	modqueue_message(r, 200, T(r->lang, "Done"), purge ?
	    T(r->lang, "The account is suspended, its posts are removed and "
	    "its sessions have ended.") : T(r->lang, "The account is "
	    "suspended."), NULL, "/mod");
}
