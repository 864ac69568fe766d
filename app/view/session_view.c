/* view/session_view.c: navigation items that depend on the visitor. */
#include "http/req.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/session_view.h"

void
session_view_nav(struct html *w, struct req *r)
{
	html_lit(w, "<li><a href=\"/\">");
	html_text(w, T(r->lang, "Categories"));
	html_lit(w, "</a></li>");
}
