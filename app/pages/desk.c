/* pages/desk.c: the staff desk: waiting questions, escalated cases, claims */
/*
 * /staff/desk lists, for staff, every open question without an accepted
 * or official answer, by category (unanswered first, then oldest first),
 * and every open support case, each with its SLA clocks: time to the
 * first answer, to the first staff answer and to solved, against the
 * targets of its category ([support] in conf/sodan.conf).  A clock past
 * its target is a breach: the row says so in words (not only in colour).
 * Claim, assign and release go through support_claim() (app/support/).
 */
#include <string.h>
#include <time.h>

#include "http/pcache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "store/support.h"
#include "support/support.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"

#define DESK_LIMIT	300

struct desk_data {
	struct desk_thread	*t;
	size_t			 nt;
	struct desk_case	*c;
	size_t			 nc;
	struct desk_staff	*s;
	size_t			 ns;
	int64_t			 now;
	int			 breaches;
};

static void	 desk_main(struct html *, struct req *, void *);
static void	 dur_html(struct html *, enum lang, int64_t seconds);
static int	 clock_html(struct html *, enum lang, int64_t created,
		    int64_t done, int64_t now, int target_min);
static void	 claim_forms(struct html *, struct req *, struct desk_data *,
		    const struct desk_thread *);

/* "2 d 3 h", "5 h 20 min", "12 min" */
static void
dur_html(struct html *w, enum lang l, int64_t s)
{
	int64_t	d, h, m;

	if (s < 0)
		s = 0;
	d = s / 86400;
	h = (s % 86400) / 3600;
	m = (s % 3600) / 60;
	if (d > 0) {
		html_int(w, d);
		html_text(w, T(l, " d"));
		if (h > 0) {
			html_lit(w, " ");
			html_int(w, h);
			html_text(w, T(l, " h"));
		}
	} else if (h > 0) {
		html_int(w, h);
		html_text(w, T(l, " h"));
		if (m > 0) {
			html_lit(w, " ");
			html_int(w, m);
			html_text(w, T(l, " min"));
		}
	} else {
		html_int(w, m);
		html_text(w, T(l, " min"));
	}
}

/* One clock cell; returns 1 when it is a breach. */
static int
clock_html(struct html *w, enum lang l, int64_t created, int64_t done,
    int64_t now, int target_min)
{
	int64_t	el = (done != 0 ? done : now) - created;
	int	breach = el > (int64_t)target_min * 60;

	if (done != 0) {
		html_lit(w, "<td class=\"sla sla-done");
		if (breach)
			html_lit(w, " sla-late");
		html_lit(w, "\">✓ ");
		dur_html(w, l, el);
		if (breach) {
			html_lit(w, " <span class=\"sla-note\">");
			html_text(w, T(l, "(late)"));
			html_lit(w, "</span>");
		}
		html_lit(w, "</td>");
		return 0;
	}
	html_lit(w, "<td class=\"sla");
	if (breach)
		html_lit(w, " sla-breach\" data-sla=\"breach");
	html_lit(w, "\">");
	dur_html(w, l, el);
	html_lit(w, " / ");
	dur_html(w, l, (int64_t)target_min * 60);
	if (breach) {
		html_lit(w, " <strong class=\"sla-note\">");
		html_text(w, T(l, "SLA breached"));
		html_lit(w, "</strong>");
	}
	html_lit(w, "</td>");
	return breach;
}

static void
claim_forms(struct html *w, struct req *r, struct desk_data *d,
    const struct desk_thread *t)
{
	enum lang	l = r->lang;
	size_t		i;

	html_lit(w, "<td class=\"desk-claim\">");
	if (t->claimed_by[0] != '\0') {
		html_text(w, t->claimed_by);
		html_lit(w, " ");
	}
	html_lit(w, "<form method=\"post\" action=\"/staff/desk/claim\" "
	    "class=\"inline\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"thread\" value=\"");
	html_int(w, t->id);
	html_lit(w, "\">");
	if (t->claimed_id == r->sess->user_id) {
		html_lit(w, "<button type=\"submit\" name=\"action\" "
		    "value=\"release\" class=\"btn\">");
		html_text(w, T(l, "Release"));
	} else {
		html_lit(w, "<button type=\"submit\" name=\"action\" "
		    "value=\"claim\" class=\"btn\">");
		html_text(w, T(l, "Claim"));
	}
	html_lit(w, "</button></form> <form method=\"post\" "
	    "action=\"/staff/desk/claim\" class=\"inline\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"thread\" value=\"");
	html_int(w, t->id);
	html_lit(w, "\"><input type=\"hidden\" name=\"action\" "
	    "value=\"assign\"><label class=\"visually-hidden\" for=\"as");
	html_int(w, t->id);
	html_lit(w, "\">");
	html_text(w, T(l, "Assign to"));
	html_lit(w, "</label><select id=\"as");
	html_int(w, t->id);
	html_lit(w, "\" name=\"assignee\">");
	for (i = 0; i < d->ns; i++) {
		html_lit(w, "<option value=\"");
		html_int(w, d->s[i].id);
		html_lit(w, "\"");
		if (d->s[i].id == t->claimed_id)
			html_lit(w, " selected");
		html_lit(w, ">");
		html_text(w, d->s[i].name);
		html_lit(w, "</option>");
	}
	html_lit(w, "</select> <button type=\"submit\" class=\"btn\">");
	html_text(w, T(l, "Assign"));
	html_lit(w, "</button></form></td>");
}

static void
desk_main(struct html *w, struct req *r, void *arg)
{
	struct desk_data	*d = arg;
	const struct conf	*cf = r->w->conf;
	const struct conf_sla	*sla;
	struct conf_sla		 def;
	enum lang		 l = r->lang;
	const char		*cat = NULL;
	size_t			 i;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Staff desk"));
	html_lit(w, "</h1>\n<p><a href=\"/staff/stats\">");
	html_text(w, T(l, "Support statistics"));
	html_lit(w, "</a></p>\n");
	/* escalated cases */
	html_lit(w, "<section class=\"desk-cases\" aria-labelledby=\"dc-h\">"
	    "<h2 id=\"dc-h\">");
	html_text(w, T(l, "Escalated to official support"));
	html_lit(w, " (");
	html_int(w, (int64_t)d->nc);
	html_lit(w, ")</h2>\n");
	if (d->nc == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No open cases."));
		html_lit(w, "</p>\n");
	} else {
		html_lit(w, "<table class=\"desk\"><thead><tr><th>");
		html_text(w, T(l, "Case"));
		html_lit(w, "</th><th>");
		html_text(w, T(l, "Asked by"));
		html_lit(w, "</th><th>");
		html_text(w, T(l, "First staff reply"));
		html_lit(w, "</th><th>");
		html_text(w, T(l, "Handled by"));
		html_lit(w, "</th></tr></thead><tbody>\n");
		for (i = 0; i < d->nc; i++) {
			sla = conf_support_sla(cf, d->c[i].slug, &def);
			html_lit(w, "<tr data-case=\"");
			html_int(w, d->c[i].id);
			html_lit(w, "\"><td><a href=\"/support/");
			html_int(w, d->c[i].id);
			html_lit(w, "\">#");
			html_int(w, d->c[i].id);
			html_lit(w, " ");
			html_text(w, d->c[i].title);
			html_lit(w, "</a></td><td>");
			html_text(w, d->c[i].asker);
			html_lit(w, "</td>");
			d->breaches += clock_html(w, l, d->c[i].created,
			    d->c[i].first_staff, d->now, sla->first_staff);
			html_lit(w, "<td>");
			html_text(w, d->c[i].claimed_by);
			html_lit(w, "</td></tr>\n");
		}
		html_lit(w, "</tbody></table>\n");
	}
	html_lit(w, "</section>\n<section class=\"desk-threads\" "
	    "aria-labelledby=\"dt-h\"><h2 id=\"dt-h\">");
	html_text(w, T(l, "Waiting questions"));
	html_lit(w, " (");
	html_int(w, (int64_t)d->nt);
	html_lit(w, ")</h2>\n<p class=\"hint\">");
	html_text(w, T(l, "Open questions without an accepted or official "
	    "answer, by category: unanswered first, then oldest first. "
	    "Clocks: time taken (✓) or elapsed / target."));
	html_lit(w, "</p>\n");
	if (d->nt == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "Nothing is waiting."));
		html_lit(w, "</p>\n");
	}
	for (i = 0; i < d->nt; i++) {
		sla = conf_support_sla(cf, d->t[i].slug, &def);
		if (cat == NULL || strcmp(cat, d->t[i].slug) != 0) {
			if (cat != NULL)
				html_lit(w, "</tbody></table>\n");
			cat = d->t[i].slug;
			html_lit(w, "<h3 id=\"cat-");
			html_attr(w, cat);
			html_lit(w, "\">");
			html_text(w, d->t[i].cat_name[l]);
			html_lit(w, "</h3>\n<p class=\"hint sla-targets\">");
			html_text(w, T(l, "Targets: first answer"));
			html_lit(w, " ");
			dur_html(w, l, (int64_t)sla->first_answer * 60);
			html_lit(w, " · ");
			html_text(w, T(l, "first staff answer"));
			html_lit(w, " ");
			dur_html(w, l, (int64_t)sla->first_staff * 60);
			html_lit(w, " · ");
			html_text(w, T(l, "solved"));
			html_lit(w, " ");
			dur_html(w, l, (int64_t)sla->solved * 60);
			html_lit(w, "</p>\n<table class=\"desk\"><thead><tr><th>");
			html_text(w, T(l, "Question"));
			html_lit(w, "</th><th>");
			html_text(w, T(l, "First answer"));
			html_lit(w, "</th><th>");
			html_text(w, T(l, "First staff answer"));
			html_lit(w, "</th><th>");
			html_text(w, T(l, "Solved"));
			html_lit(w, "</th><th>");
			html_text(w, T(l, "Handled by"));
			html_lit(w, "</th></tr></thead><tbody>\n");
		}
		html_lit(w, "<tr data-thread=\"");
		html_int(w, d->t[i].id);
		html_lit(w, "\"><td><a href=\"/t/");
		html_int(w, d->t[i].id);
		html_lit(w, "\">");
		html_text(w, d->t[i].title);
		html_lit(w, "</a>");
		if (d->t[i].answers == 0) {
			html_lit(w, " <span class=\"tag\">");
			html_text(w, T(l, "unanswered"));
			html_lit(w, "</span>");
		}
		if (d->t[i].case_id != 0) {
			html_lit(w, " <a class=\"tag tag-support\" "
			    "href=\"/support/");
			html_int(w, d->t[i].case_id);
			html_lit(w, "\">");
			html_text(w, T(l, "case"));
			html_lit(w, " #");
			html_int(w, d->t[i].case_id);
			html_lit(w, "</a>");
		}
		html_lit(w, "</td>");
		d->breaches += clock_html(w, l, d->t[i].created,
		    d->t[i].first_answer, d->now, sla->first_answer);
		d->breaches += clock_html(w, l, d->t[i].created,
		    d->t[i].first_staff, d->now, sla->first_staff);
		d->breaches += clock_html(w, l, d->t[i].created, 0, d->now,
		    sla->solved);
		claim_forms(w, r, d, &d->t[i]);
		html_lit(w, "</tr>\n");
	}
	if (cat != NULL)
		html_lit(w, "</tbody></table>\n");
	html_lit(w, "</section>\n");
}

void
page_desk(struct req *r)
{
	struct desk_data	 d;

	memset(&d, 0, sizeof(d));
	d.now = (int64_t)time(NULL);
	if (store_desk_cases(r->w->db, r->a, DESK_LIMIT, &d.c, &d.nc) == -1 ||
	    store_desk_threads(r->w->db, r->a, DESK_LIMIT, &d.t,
	    &d.nt) == -1 ||
	    store_desk_staff(r->w->db, r->a, &d.s, &d.ns) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	layout_page(r, 200, T(r->lang, "Staff desk"), desk_main, &d);
}

void
page_desk_claim(struct req *r)
{
	struct support_actor	 a;
	struct support_result	 res;
	const char		*act = r->f[F_CLAIM_ACTION].s;
	int64_t			 assignee = 0;

	memset(&a, 0, sizeof(a));
	a.id = r->sess->user_id;
	a.name = r->sess->username;
	a.display_name = r->sess->display_name;
	a.role = r->sess->role;
	a.trust = r->sess->trust;
	a.created = r->sess->created;
	if (strcmp(act, "assign") == 0) {
		if (!r->f[F_CLAIM_ASSIGNEE].present) {
			reply_error(r, 400, T(r->lang, "Choose the staff "
			    "member to assign the question to."));
			return;
		}
		assignee = r->f[F_CLAIM_ASSIGNEE].i;
	}
	support_claim(r->a, r->w->db, r->lang, &a, r->f[F_CLAIM_THREAD].i,
	    assignee, strcmp(act, "release") == 0, &res);
	switch (res.err) {
	case SUPPORT_OK:
		break;
	case SUPPORT_E_NOTFOUND:
		reply_error(r, 404, NULL);
		return;
	case SUPPORT_E_INVALID:
		reply_error(r, 400, res.reasons[0]);
		return;
	default:
		reply_error(r, 503, NULL);
		return;
	}
	if (res.changed)
		pcache_invalidate(r->w->cache);	/* "being handled by staff" */
	reply_redirect(r, "/staff/desk");
}
