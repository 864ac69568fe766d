/*
 * view/session_view.c: navigation items that depend on the visitor:
 * sign in / register for anonymous visitors, and for a signed-in one
 * their name (with the staff badge), settings and a sign-out button (a
 * POST form with the session's CSRF token).
 */
#include "core.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/session_view.h"
#include "view/widgets.h"

void
session_view_nav(struct html *w, struct req *r)
{
	if (r->compose_rec && r->sess != NULL) {
		html_hole(w, HOLE_NAV, "");
		return;
	}
	html_lit(w, "<li><a href=\"/\">");
	html_text(w, T(r->lang, "Categories"));
	/* search: the box in the header (layout.c), which leads to /search */
	html_lit(w, "</a></li><li><a class=\"nav-ask\" href=\"/ask\">");
	html_text(w, T(r->lang, "Ask a question"));
	html_lit(w, "</a></li>");
	if (r->sess == NULL) {
		html_lit(w, "<li><a href=\"/login\">");
		html_text(w, T(r->lang, "Sign in"));
		html_lit(w, "</a></li><li><a href=\"/register\">");
		html_text(w, T(r->lang, "Register"));
		html_lit(w, "</a></li>");
		return;
	}
	html_lit(w, "<li class=\"nav-user\">");
	widget_user(w, r->lang, r->sess->display_name, r->sess->role,
	    r->sess->user_id);
	html_lit(w, "</li><li><a href=\"/notifications\" class=\"nav-notif\">");
	html_text(w, T(r->lang, "Notifications"));
	if (r->sess->unread > 0) {
		html_lit(w, " <span class=\"notif-count\" aria-label=\"");
		html_attr(w, T(r->lang, "unread"));
		html_lit(w, "\">");
		html_int(w, r->sess->unread > 99 ? 99 : r->sess->unread);
		html_lit(w, "</span>");
	}
	html_lit(w, "</a></li>");
	/* Role-aware: moderators reach their queues, staff their feed. */
	if (r->sess->role >= ROLE_MODERATOR) {
		html_lit(w, "<li><a href=\"/mod\" class=\"nav-mod\">");
		html_text(w, T(r->lang, "Moderation"));
		if (r->sess->modq_open > 0) {
			html_lit(w, " <span class=\"notif-count\">");
			html_int(w, r->sess->modq_open > 999 ? 999 :
			    r->sess->modq_open);
			html_lit(w, "<span class=\"visually-hidden\"> ");
			html_text(w, T(r->lang, "waiting"));
			html_lit(w, "</span></span>");
		}
		html_lit(w, "</a></li>");
	}
	if (r->sess->role == ROLE_STAFF || r->sess->role == ROLE_ADMIN) {
		html_lit(w, "<li><a href=\"/staff\" class=\"nav-staff\">");
		html_text(w, T(r->lang, "Staff feed"));
		html_lit(w, "</a></li>");
	}
	html_lit(w, "<li><a href=\"/settings\">");
	html_text(w, T(r->lang, "Settings"));
	html_lit(w, "</a></li><li><form class=\"nav-signout\" method=\"post\" "
	    "action=\"/logout\">");
	layout_csrf(w, r);
	html_lit(w, "<button type=\"submit\">");
	html_text(w, T(r->lang, "Sign out"));
	html_lit(w, "</button></form></li>");
}
