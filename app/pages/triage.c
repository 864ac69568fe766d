/* pages/triage.c: urgency of a question: emergency steps, badge, correction */
/*
 * A question is classified urgent, normal or low when it is asked
 * (post/triage.c).  Here: what the asker of an urgent question sees on
 * the thread page (the official emergency steps, at once, as an alert
 * with a heading), what staff see there and on the desk (the class with
 * its reasons, and a form to correct it), and POST /t/:id/triage, the
 * correction (staff, CSRF; support_triage_correct re-checks the role in
 * the transaction), whose checks its JSON twin shares (triage_correct,
 * api/triage.c).  Only signed-in askers and staff read the class, so
 * the anonymous page cache never holds any of it.
 */
#include <string.h>

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "pages/triage.h"
#include "store/triage.h"
#include "support/support.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

static const char *const classes[] = { "urgent", "normal", "low" };

static void	 reasons_html(struct html *, const char *);
static const char *class_label(enum lang, const char *);

static const char *
class_label(enum lang l, const char *c)
{
	if (strcmp(c, "urgent") == 0)
		return T(l, "Urgent");
	if (strcmp(c, "low") == 0)
		return T(l, "Low");
	return T(l, "Normal");
}

/* One <li> per line of reasons (already in the reader's language). */
static void
reasons_html(struct html *w, const char *reasons)
{
	const char	*p = reasons, *e;

	html_lit(w, "<ul class=\"triage-reasons\">");
	while (p != NULL && *p != '\0') {
		e = strchr(p, '\n');
		html_lit(w, "<li>");
		html_textn(w, p, e != NULL ? (size_t)(e - p) : strlen(p));
		html_lit(w, "</li>");
		p = e != NULL ? e + 1 : NULL;
	}
	html_lit(w, "</ul>");
}

void
triage_badge(struct html *w, enum lang l, const char *tclass,
    const char *reasons)
{
	html_lit(w, "<span class=\"tag tag-triage tag-triage-");
	html_attr(w, tclass);
	html_lit(w, "\">");
	if (strcmp(tclass, "urgent") == 0)
		html_lit(w, "⚠ ");
	html_text(w, class_label(l, tclass));
	html_lit(w, "</span>");
	if (reasons != NULL && reasons[0] != '\0')
		reasons_html(w, reasons);
}

void
triage_form(struct html *w, struct req *r, int64_t thread,
    const char *current, int from_desk)
{
	enum lang	l = r->lang;
	size_t		i;

	html_lit(w, "<form class=\"triage-form\" method=\"post\" "
	    "action=\"/t/");
	html_int(w, thread);
	html_lit(w, "/triage\">");
	layout_csrf(w, r);
	if (from_desk)
		html_lit(w, "<input type=\"hidden\" name=\"back\" "
		    "value=\"desk\">");
	html_lit(w, "<label for=\"tc");
	html_int(w, thread);
	html_lit(w, "\">");
	html_text(w, T(l, "Urgency"));
	html_lit(w, "</label> <select id=\"tc");
	html_int(w, thread);
	html_lit(w, "\" name=\"class\">");
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		html_lit(w, "<option value=\"");
		html_attr(w, classes[i]);
		html_lit(w, "\"");
		if (strcmp(classes[i], current) == 0)
			html_lit(w, " selected");
		html_lit(w, ">");
		html_text(w, class_label(l, classes[i]));
		html_lit(w, "</option>");
	}
	html_lit(w, "</select> <label class=\"visually-hidden\" for=\"tn");
	html_int(w, thread);
	html_lit(w, "\">");
	html_text(w, T(l, "Note (optional)"));
	html_lit(w, "</label><input id=\"tn");
	html_int(w, thread);
	html_lit(w, "\" name=\"note\" maxlength=\"300\" placeholder=\"");
	html_attr(w, T(l, "Note (optional)"));
	html_lit(w, "\"> <button type=\"submit\" class=\"btn\">");
	html_text(w, T(l, "Correct the urgency"));
	html_lit(w, "</button></form>");
}

int
triage_page_load(struct req *r, int64_t thread, int64_t author,
    struct triage_row **out)
{
	*out = NULL;
	if (r->sess == NULL || r->sess->user_id == 0 ||
	    (r->sess->user_id != author && !qa_is_staff(r)))
		return 0;
	return store_triage_of(r->w->db, r->a, thread, out);
}

void
triage_page_box(struct html *w, struct req *r, int64_t thread,
    const struct triage_row *t)
{
	enum lang	l = r->lang;

	if (t == NULL)
		return;
	if (strcmp(t->tclass, "urgent") == 0 && r->sess != NULL &&
	    r->sess->user_id == t->author_id) {
		html_lit(w, "<section class=\"emergency\" role=\"alert\" "
		    "aria-labelledby=\"emergency-h\"><h2 id=\"emergency-h\">");
		html_text(w, T(l, "Emergency: do this now"));
		html_lit(w, "</h2>\n<p>");
		html_text(w, T(l, "Your question looks urgent. While you wait "
		    "for an answer, take these official steps at once:"));
		html_lit(w, "</p>\n<ol class=\"emergency-steps\"><li><strong>");
		html_text(w, T(l, "Freeze your account from the app."));
		html_lit(w, "</strong> ");
		html_text(w, T(l, "In the app's security settings: while the "
		    "account is frozen, no one can sign in, trade or "
		    "withdraw."));
		html_lit(w, "</li><li><strong>");
		html_text(w, T(l, "Use official support channels only."));
		html_lit(w, "</strong> ");
		html_text(w, T(l, "The help in the app, the official web site, "
		    "or \"escalate to official support\" on this page. Staff "
		    "never contact you first by DM, phone, LINE or "
		    "Telegram."));
		html_lit(w, "</li><li><strong>");
		html_text(w, T(l, "Never share your recovery phrase or private "
		    "key."));
		html_lit(w, "</strong> ");
		html_text(w, T(l, "Not with anyone, not even someone who says "
		    "they are staff or can recover your funds. The same goes "
		    "for passwords and two-step codes."));
		html_lit(w, "</li></ol>\n");
		if (t->reasons[l][0] != '\0') {
			html_lit(w, "<p class=\"hint\">");
			html_text(w, T(l, "Why this looks urgent:"));
			html_lit(w, "</p>");
			reasons_html(w, t->reasons[l]);
		}
		html_lit(w, "</section>\n");
	}
	if (!qa_is_staff(r))
		return;
	html_lit(w, "<section class=\"triage-staff\" aria-labelledby="
	    "\"triage-h\"><h2 id=\"triage-h\">");
	html_text(w, T(l, "Urgency"));
	html_lit(w, "</h2>\n<p>");
	if (t->auto_class[0] == '\0') {
		html_text(w, T(l, "Asked before urgency triage; not "
		    "classified."));
		html_lit(w, " ");
	}
	triage_badge(w, l, t->tclass, t->reasons[l]);
	html_lit(w, "</p>\n");
	triage_form(w, r, thread, t->tclass, 0);
	html_lit(w, "</section>\n");
}

int
triage_correct(struct req *r, int64_t id, int *changed)
{
	struct support_actor	 a;
	struct support_result	 res;

	*changed = 0;
	if (id == 0) {
		reply_error(r, 404, NULL);
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.id = r->sess->user_id;
	a.name = r->sess->username;
	a.display_name = r->sess->display_name;
	a.role = r->sess->role;
	a.trust = r->sess->trust;
	a.created = r->sess->created;
	support_triage_correct(r->a, r->w->db, &a, id,
	    r->f[F_TRIAGE_CLASS].s, r->f[F_TRIAGE_NOTE].present ?
	    r->f[F_TRIAGE_NOTE].s : "", &res);
	switch (res.err) {
	case SUPPORT_OK:
		break;
	case SUPPORT_E_NOTFOUND:
		reply_error(r, 404, NULL);
		return -1;
	case SUPPORT_E_FORBIDDEN:
		reply_error(r, 403, T(r->lang, "Only staff can correct the "
		    "urgency of a question."));
		return -1;
	case SUPPORT_E_INVALID:
		reply_error(r, 400, T(r->lang, "Choose urgent, normal or "
		    "low."));
		return -1;
	default:
		reply_error(r, 503, NULL);
		return -1;
	}
	*changed = res.changed;
	return 0;
}

void
page_triage_correct(struct req *r)
{
	int64_t	id = qa_param_id(r->param[0]);
	int	changed;

	if (triage_correct(r, id, &changed) == -1)
		return;
	reply_redirect(r, r->f[F_TRIAGE_BACK].present &&
	    strcmp(r->f[F_TRIAGE_BACK].s, "desk") == 0 ? "/staff/desk" :
	    arena_printf(r->a, "/t/%lld", (long long)id));
}
