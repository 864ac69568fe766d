/*
 * view/layout.c: page chrome.  The skeleton is the template
 * assets/templates/layout.html; each @@slot@@ is filled here through the
 * HTML writer.  Session-dependent parts (user menu) read r->sess only.
 */
#include <string.h>

#include "core.h"
#include "lib/arena.h"
#include "lib/site.h"
#include "view/asset.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/session_view.h"
#include "view/tmpl.h"

struct layout_ctx {
	struct req	*r;
	int		 status;
	const char	*title;
	layout_main_fn	 fn;
	void		*arg;
};

static void	slot_lang(struct html *, void *);
static void	slot_title(struct html *, void *);
static void	slot_css(struct html *, void *);
static void	slot_js(struct html *, void *);
static void	slot_icon(struct html *, void *);
static void	slot_header(struct html *, void *);
static void	slot_main(struct html *, void *);
static void	slot_footer(struct html *, void *);
static void	slot_skip(struct html *, void *);
static void	slot_head(struct html *, void *);
static void	lang_switch(struct html *, struct req *);
static const char *site_label(struct req *);

static void
slot_lang(struct html *w, void *arg)
{
	struct layout_ctx	*lc = arg;

	html_text(w, i18n_code(lc->r->lang));
}

/*
 * The site's name in the visitor's language: the one set at
 * /admin/settings (lib/site.h), else the built-in one.
 */
static const char *
site_label(struct req *r)
{
	struct site_info	si;

	site_get(r->a, &si);
	return si.name[r->lang][0] != '\0' ? si.name[r->lang] :
	    T(r->lang, "sodan support forum");
}

static void
slot_title(struct html *w, void *arg)
{
	struct layout_ctx	*lc = arg;

	html_text(w, lc->title);
	html_lit(w, " - ");
	html_text(w, site_label(lc->r));
}

/*
 * The forum's absolute address (conf [site] url, without a trailing
 * slash), for what leaves the page: canonical and alternate URLs and
 * OpenGraph.  Set once at start-up (layout_init).
 */
static char	site_url[512];

void
layout_init(const char *url)
{
	size_t	n = url != NULL ? strlen(url) : 0;

	if (n >= sizeof(site_url))
		n = sizeof(site_url) - 1;
	if (n > 0)
		memcpy(site_url, url, n);
	site_url[n] = '\0';
	while (n > 0 && site_url[n - 1] == '/')
		site_url[--n] = '\0';
}

/*
 * Whether the page has one address worth naming to search engines: a
 * page anyone may read (GET, no role), that answered 200, and whose
 * query says nothing but its language.  Search results, list pages past
 * the first, forms sent back and error pages name none.
 */
static int
has_address(const struct layout_ctx *lc)
{
	const struct req	*r = lc->r;
	const char		*q = r->query != NULL ? r->query : "";

	if (lc->status != 200 || !r->public_get)
		return 0;
	return q[0] == '\0' || (r->lang_pinned && strlen(q) == 5 &&
	    strncmp(q, "hl=", 3) == 0);
}

/* site_url + path, then ?hl=CODE when code is not NULL. */
static void
page_url(struct html *w, const struct req *r, const char *code)
{
	html_attr(w, site_url);
	html_attr(w, r->path);
	if (code != NULL) {
		html_lit(w, "?hl=");
		html_attr(w, code);
	}
}

/*
 * The page's description (the page's own, else its title and what the
 * forum is: search results and link previews show it), its address
 * (canonical, and one per language with hreflang: the language is a
 * cookie, so each language also has an address of its own, ?hl=), the
 * OpenGraph and Twitter card tags of link previews, and the feeds a
 * reader can follow.
 */
static void
slot_head(struct html *w, void *arg)
{
	struct layout_ctx	*lc = arg;
	struct req		*r = lc->r;
	enum lang		 l = r->lang;
	const char		*generic, *og_locale[] = { "ja_JP", "en_US" };
	int			 i;

	generic = T(l, "Questions and answers for the exchange's users, "
	    "with official answers from the staff.");
	html_lit(w, "<meta name=\"description\" content=\"");
	if (r->meta_desc != NULL && r->meta_desc[0] != '\0')
		html_attr(w, r->meta_desc);
	else {
		html_attr(w, lc->title);
		html_lit(w, " - ");
		html_attr(w, generic);
	}
	html_lit(w, "\">\n");
	if (has_address(lc)) {
		html_lit(w, "<link rel=\"canonical\" href=\"");
		page_url(w, r, r->lang_pinned ? i18n_code(l) : NULL);
		html_lit(w, "\">\n");
		for (i = 0; i < LANG__MAX; i++) {
			html_lit(w, "<link rel=\"alternate\" hreflang=\"");
			html_attr(w, i18n_code((enum lang)i));
			html_lit(w, "\" href=\"");
			page_url(w, r, i18n_code((enum lang)i));
			html_lit(w, "\">\n");
		}
		html_lit(w, "<link rel=\"alternate\" hreflang=\"x-default\" "
		    "href=\"");
		page_url(w, r, NULL);
		html_lit(w, "\">\n<meta property=\"og:type\" content=\"");
		if (r->og_article)
			html_lit(w, "article");
		else
			html_lit(w, "website");
		html_lit(w, "\">\n<meta property=\"og:site_name\" content=\"");
		html_attr(w, site_label(r));
		html_lit(w, "\">\n<meta property=\"og:title\" content=\"");
		html_attr(w, lc->title);
		html_lit(w, "\">\n<meta property=\"og:description\" "
		    "content=\"");
		html_attr(w, r->meta_desc != NULL && r->meta_desc[0] != '\0' ?
		    r->meta_desc : generic);
		html_lit(w, "\">\n<meta property=\"og:url\" content=\"");
		page_url(w, r, r->lang_pinned ? i18n_code(l) : NULL);
		html_lit(w, "\">\n<meta property=\"og:locale\" content=\"");
		html_attr(w, og_locale[l]);
		html_lit(w, "\">\n<meta property=\"og:locale:alternate\" "
		    "content=\"");
		html_attr(w, og_locale[l == LANG_JA ? LANG_EN : LANG_JA]);
		html_lit(w, "\">\n<meta name=\"twitter:card\" "
		    "content=\"summary\">\n");
	}
	if (r->feed_url != NULL) {
		html_lit(w, "<link rel=\"alternate\" "
		    "type=\"application/atom+xml\" href=\"");
		html_attr(w, r->feed_url);
		html_lit(w, "\" title=\"");
		html_attr(w, r->feed_title != NULL ? r->feed_title : lc->title);
		html_lit(w, "\">\n");
	}
	html_lit(w, "<link rel=\"alternate\" "
	    "type=\"application/atom+xml\" href=\"/staff/feed.atom\" "
	    "title=\"");
	html_attr(w, T(l, "From the staff"));
	html_lit(w, "\">");
}

static void
slot_css(struct html *w, void *arg)
{
	(void)arg;
	html_attr(w, asset_url("assets/css/app.css"));
}

static void
slot_js(struct html *w, void *arg)
{
	(void)arg;
	html_attr(w, asset_url("assets/js/app.js"));
}

static void
slot_icon(struct html *w, void *arg)
{
	(void)arg;
	html_attr(w, asset_url("assets/img/icon.svg"));
}

static void
slot_skip(struct html *w, void *arg)
{
	struct layout_ctx	*lc = arg;

	html_text(w, T(lc->r->lang, "Skip to content"));
}

static void
slot_header(struct html *w, void *arg)
{
	struct layout_ctx	*lc = arg;
	struct req		*r = lc->r;
	enum lang		 l = r->lang;
	struct site_info	 si;

	/*
	 * The home link is named by its text: where the name does not fit
	 * (phones, signed in) it is hidden visually, never from screen
	 * readers, and the mark is decoration.
	 */
	site_get(r->a, &si);
	html_lit(w, "<a class=\"brand\" href=\"/\">");
	if (si.has_logo) {
		/* the logo set at /admin/settings (pages/adminsettings.c) */
		html_lit(w, "<img class=\"brand-logo\" src=\"/site/logo?v=");
		html_int(w, si.version);
		html_lit(w, "\" alt=\"\" height=\"32\">");
	} else {
		html_lit(w, "<span class=\"brand-mark\" aria-hidden=\"true\">"
		    "相談</span>");
	}
	html_lit(w, " <span class=\"brand-name\">");
	html_text(w, si.name[l][0] != '\0' ? si.name[l] :
	    T(l, "sodan support forum"));
	html_lit(w, "</span></a>\n");
	/* The search box on every page (pages/search.c answers it). */
	html_lit(w, "<form class=\"header-search\" method=\"get\" "
	    "action=\"/search\" role=\"search\"><label "
	    "class=\"visually-hidden\" for=\"header-q\">");
	html_text(w, T(l, "Search the forum"));
	html_lit(w, "</label><input id=\"header-q\" name=\"q\" "
	    "type=\"search\" maxlength=\"200\" placeholder=\"");
	html_attr(w, T(l, "Search"));
	html_lit(w, "\"><button type=\"submit\">");
	html_text(w, T(l, "Search"));
	html_lit(w, "</button></form>\n<nav class=\"main-nav\" aria-label=\"");
	html_attr(w, T(l, "Main"));
	html_lit(w, "\"><ul>");
	session_view_nav(w, r);
	html_lit(w, "</ul></nav>\n");
	lang_switch(w, r);
	/*
	 * Phones: the same links behind a "Menu" disclosure (<details>, no
	 * script), so the header keeps one row; CSS shows either this or
	 * the row above, never both (the hidden one is display: none, out
	 * of the accessibility tree too).
	 */
	html_lit(w, "<details class=\"nav-menu\"><summary>");
	html_text(w, T(l, "Menu"));
	html_lit(w, "</summary><nav class=\"menu-nav\" aria-label=\"");
	html_attr(w, T(l, "Main"));
	html_lit(w, "\"><ul>");
	session_view_nav(w, r);
	html_lit(w, "</ul>");
	lang_switch(w, r);
	html_lit(w, "</nav></details>\n");
}

/*
 * The language switch is a POST form checked by Origin/Referer only: it
 * sets nothing but a display preference (and, signed in, the account's
 * language), and it sits on pages served from the anonymous page cache,
 * which cannot carry a per-visitor token.
 */
static void
lang_switch(struct html *w, struct req *r)
{
	html_lit(w, "<form class=\"lang-switch\" method=\"post\" "
	    "action=\"/lang\"><input type=\"hidden\" name=\"next\" value=\"");
	html_attr(w, r->path);
	html_lit(w, "\">");
	if (r->lang == LANG_JA)
		html_lit(w, "<button type=\"submit\" name=\"lang\" "
		    "value=\"en\" lang=\"en\">English</button>");
	else
		html_lit(w, "<button type=\"submit\" name=\"lang\" "
		    "value=\"ja\" lang=\"ja\">日本語</button>");
	html_lit(w, "</form>");
}

static void
slot_main(struct html *w, void *arg)
{
	struct layout_ctx	*lc = arg;

	lc->fn(w, lc->r, lc->arg);
}

static void
slot_footer(struct html *w, void *arg)
{
	struct layout_ctx	*lc = arg;
	enum lang		 l = lc->r->lang;

	html_lit(w, "<p>");
	html_text(w, T(l, "Staff never ask for your password, recovery "
	    "phrase or private key, and never contact you by phone, "
	    "Telegram or WhatsApp."));
	html_lit(w, "</p>\n<nav class=\"footer-nav\" aria-label=\"");
	html_attr(w, T(l, "About this forum"));
	html_lit(w, "\"><ul><li><a href=\"/kb\">");
	html_text(w, T(l, "Knowledge base"));
	html_lit(w, "</a></li><li><a href=\"/official\">");
	html_text(w, T(l, "Is this official?"));
	html_lit(w, "</a></li><li><a href=\"/staff\">");
	html_text(w, T(l, "From the staff"));
	html_lit(w, "</a></li><li><a href=\"/staff/feed.atom\" "
	    "type=\"application/atom+xml\">");
	html_text(w, T(l, "Staff feed (Atom)"));
	html_lit(w, "</a></li><li><a href=\"/moderation\">");
	html_text(w, T(l, "Moderation on this forum"));
	html_lit(w, "</a></li></ul></nav>");
}

void
layout_page(struct req *r, int status, const char *title, layout_main_fn fn,
    void *arg)
{
	struct html		 w;
	struct layout_ctx	 lc = { r, status ? status : 200, title, fn,
				    arg };
	static const struct tmpl_slot slots[] = {
		{ "lang", slot_lang },
		{ "title", slot_title },
		{ "head", slot_head },
		{ "css", slot_css },
		{ "js", slot_js },
		{ "icon", slot_icon },
		{ "skip", slot_skip },
		{ "header", slot_header },
		{ "main", slot_main },
		{ "footer", slot_footer },
	};

	html_init(&w, r->a);
	tmpl_render(&w, "assets/templates/layout.html", slots,
	    sizeof(slots) / sizeof(slots[0]), &lc);
	/* The page is the response (what reply_html does, without app/http/). */
	r->resp.status = status ? status : 200;
	r->resp.ctype = "text/html; charset=utf-8";
	r->resp.body = w.b;
}

void
layout_csrf(struct html *w, struct req *r)
{
	if (r->compose_rec) {
		html_hole(w, HOLE_CSRF, "");
		return;
	}
	html_lit(w, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(w, r->csrf ? r->csrf : "");
	html_lit(w, "\">");
}
