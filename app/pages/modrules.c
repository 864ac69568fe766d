/* pages/modrules.c: the moderation rule set in use and its reload by a moderator */
/*
 * GET /mod/rules shows the version of the rule set in use (a hash of the
 * files of the moderation directory), when it was loaded, how many
 * pattern rules it has, and the last reload attempt with the reason it
 * failed (file and line).  POST /mod/rules/reload (moderators and admins,
 * CSRF, a fresh second factor) appends a 'reload-rules' row to the audit
 * log and asks the loader for a reload (post/ruleset.h), then comes back to
 * the page, which says "reloading" until the loader is done: compiling
 * thousands of rules takes seconds, so the request does not wait for it.
 * SIGHUP asks for the same reload.
 */
#include <string.h>
#include <time.h>

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/pages.h"
#include "post/ruleset.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/modview.h"

static void	 rules_main(struct html *, struct req *, void *);

static void
rules_main(struct html *w, struct req *r, void *arg)
{
	const struct ruleset_status	*st = arg;
	enum lang			 l = r->lang;
	time_t				 now = time(NULL);

	html_lit(w, "<h1>");
	html_text(w, T(l, "Moderation rules"));
	html_lit(w, "</h1>\n<dl class=\"mod-rules\"><dt>");
	html_text(w, T(l, "Version in use"));
	html_lit(w, "</dt><dd><code class=\"rules-version\">");
	if (st->loaded)
		html_text(w, st->version);
	else
		html_text(w, T(l, "none: every post is held for review"));
	html_lit(w, "</code></dd><dt>");
	html_text(w, T(l, "Loaded"));
	html_lit(w, "</dt><dd>");
	if (st->loaded)
		modview_age(w, l, (int64_t)(now - st->loaded_at));
	else
		html_lit(w, "—");
	html_lit(w, "</dd><dt>");
	html_text(w, T(l, "Last reload"));
	html_lit(w, "</dt><dd class=\"rules-attempt\">");
	if (st->pending)
		html_text(w, T(l, "Reloading now; refresh this page in a "
		    "few seconds."));
	else if (st->attempt_at == 0 || st->attempts <= 1)
		html_text(w, T(l, "None since the server started."));
	else if (st->attempt_ok)
		html_text(w, T(l, "Succeeded."));
	if (!st->pending && st->error[0] != '\0') {
		html_text(w, T(l, "Failed; the version above stays in use. "
		    "Fix the file named here and reload again:"));
		html_lit(w, " <code class=\"rules-error\">");
		html_text(w, st->error);
		html_lit(w, "</code>");
	}
	html_lit(w, "</dd></dl>\n<form method=\"post\" action=\"/mod/rules/"
	    "reload\" class=\"mod-form\"><fieldset><legend>");
	html_text(w, T(l, "Reload the rules, lists and models"));
	html_lit(w, "</legend>");
	layout_csrf(w, r);
	html_lit(w, "<p>");
	html_text(w, T(l, "Reads the files of the moderation directory again "
	    "and compiles them in the background. Posts go on being checked "
	    "with the version in use until the new one is ready; a file with "
	    "an error keeps the version in use."));
	html_lit(w, "</p><label>");
	html_text(w, T(l, "Reason (for the audit log)"));
	html_lit(w, " <input name=\"reason\" maxlength=\"300\"></label> "
	    "<button type=\"submit\">");
	html_text(w, T(l, "Reload now"));
	html_lit(w, "</button></fieldset></form>\n<p><a href=\"/mod\">");
	html_text(w, T(l, "Back"));
	html_lit(w, "</a></p>\n");
}

void
page_mod_rules(struct req *r)
{
	struct ruleset_status	*st = arena_alloc(r->a, sizeof(*st));

	ruleset_status(st);
	r->resp.no_cache = 1;
	layout_page(r, 200, T(r->lang, "Moderation rules"), rules_main, st);
}

void
page_mod_rules_reload(struct req *r)
{
	struct ruleset_status	 st;
	const char		*why;

	ruleset_status(&st);
	why = r->f[F_MODR_REASON].present ? r->f[F_MODR_REASON].s : "";
	if (store_audit(r->w->db, arena_printf(r->a, "user:%lld",
	    (long long)r->sess->user_id), "reload-rules", 0,
	    st.loaded ? st.version : "not loaded", why) == -1)
		return;
	ruleset_reload();
	reply_redirect(r, "/mod/rules");
}
