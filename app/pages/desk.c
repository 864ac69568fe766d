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
#include "lib/buf.h"
#include "lib/conf.h"
#include "pages/pager.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "pages/triage.h"
#include "store/kb.h"
#include "store/store.h"
#include "store/support.h"
#include "store/triage.h"
#include "support/support.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/widgets.h"

#define DESK_LIMIT	300	/* urgent questions shown */
#define DESK_PER_PAGE	50	/* waiting questions a page (keyset) */
#define DESK_CASES	20	/* escalated cases on the desk */
#define CASES_PER_PAGE	50	/* on /staff/desk/cases (keyset) */

struct desk_data {
	struct desk_thread	*t;
	size_t			 nt;
	struct desk_case	*c;
	size_t			 nc;
	struct desk_staff	*s;
	size_t			 ns;
	int64_t			 now;
	int			 breaches;
	struct desk_urgent	*u;		/* urgent questions, on top */
	size_t			 nu;
	const char		*newer_at, *older_at;	/* waiting: pager */
	int			 cases_page;	/* /staff/desk/cases */
	int			 cases_more;	/* more cases than shown */
	const char		*cases_newer_at, *cases_older_at;
};

/*
 * The columns of the desk's tables, by table.  Each name is written twice:
 * as the column's header (<th scope="col">) and as each cell's data-label,
 * which app.css shows before the cell on a phone, where a row is a card
 * and the header row is off screen (but still read out).
 */
enum urgent_col { UC_QUESTION, UC_FIRST_STAFF, UC_HANDLED, UC_URGENCY,
	UC__MAX };	/* UC_URGENCY's cell is named by its form's label */
static const char *const urgent_cols[UC__MAX] = {
	N_("Question"), N_("First staff answer"), N_("Handled by"),
	N_("Urgency"),
};
enum case_col { CC_CASE, CC_ASKER, CC_FIRST_STAFF, CC_HANDLED, CC__MAX };
static const char *const case_cols[CC__MAX] = {
	N_("Case"), N_("Asked by"), N_("First staff reply"), N_("Handled by"),
};
enum wait_col { WC_QUESTION, WC_FIRST, WC_FIRST_STAFF, WC_SOLVED,
	WC_HANDLED, WC__MAX };
static const char *const wait_cols[WC__MAX] = {
	N_("Question"), N_("First answer"), N_("First staff answer"),
	N_("Solved"), N_("Handled by"),
};

static void	 desk_main(struct html *, struct req *, void *);
static void	 thead_html(struct html *, enum lang, const char *const *,
		    size_t);
static void	 td_open(struct html *, enum lang, const char *);
static void	 dur_html(struct html *, enum lang, int64_t seconds);
static int	 clock_html(struct html *, enum lang, const char *col,
		    int64_t created, int64_t done, int64_t now,
		    int target_min);
static void	 claim_forms(struct html *, struct req *, struct desk_data *,
		    const struct desk_thread *, const char *col);
static void	 urgent_html(struct html *, struct req *, struct desk_data *);
static void	 cases_html(struct html *, struct req *, struct desk_data *);
static void	 cases_main(struct html *, struct req *, void *);
static int	 is_urgent(const struct desk_data *, int64_t);

/*
 * <thead> with the n column names of cols (msgids, translated here), each
 * a <th scope="col">, then <tbody>.
 */
static void
thead_html(struct html *w, enum lang l, const char *const *cols, size_t n)
{
	size_t	i;

	html_lit(w, "<thead><tr>");
	for (i = 0; i < n; i++) {
		html_lit(w, "<th scope=\"col\">");
		html_text(w, i18n_get(l, cols[i]));
		html_lit(w, "</th>");
	}
	html_lit(w, "</tr></thead><tbody>\n");
}

/*
 * Opens a cell of column col (a msgid): "<td data-label="name"", left
 * open for the caller's other attributes and ">".
 */
static void
td_open(struct html *w, enum lang l, const char *col)
{
	html_lit(w, "<td data-label=\"");
	html_attr(w, i18n_get(l, col));
	html_lit(w, "\"");
}

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

/* One clock cell of column col; returns 1 when it is a breach. */
static int
clock_html(struct html *w, enum lang l, const char *col, int64_t created,
    int64_t done, int64_t now, int target_min)
{
	int64_t	el = (done != 0 ? done : now) - created;
	int	breach = el > (int64_t)target_min * 60;

	td_open(w, l, col);
	if (done != 0) {
		html_lit(w, " class=\"sla sla-done");
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
	html_lit(w, " class=\"sla");
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
    const struct desk_thread *t, const char *col)
{
	enum lang	l = r->lang;
	size_t		i;

	td_open(w, l, col);
	html_lit(w, " class=\"desk-claim\">");
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

/* 1 when thread id is listed among the urgent questions. */
static int
is_urgent(const struct desk_data *d, int64_t id)
{
	size_t	i;

	for (i = 0; i < d->nu; i++)
		if (d->u[i].id == id)
			return 1;
	return 0;
}

/*
 * Urgent questions first (docs/support.md, "Urgency triage"): oldest
 * first, each with the rules' reasons, its own clock to the first staff
 * answer ([support] sla_urgent_first_staff), claim and correction.
 */
static void
urgent_html(struct html *w, struct req *r, struct desk_data *d)
{
	const struct conf	*cf = r->w->conf;
	struct desk_thread	 t;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"desk-urgent\" aria-labelledby=\"du-h\">"
	    "<h2 id=\"du-h\">⚠ ");
	html_text(w, T(l, "Urgent questions"));
	html_lit(w, " (");
	html_int(w, (int64_t)d->nu);
	html_lit(w, ")</h2>\n<p class=\"hint sla-targets\">");
	html_text(w, T(l, "Classified urgent when asked (account taken over, "
	    "unauthorised withdrawal, funds sent to a wrong address or "
	    "network, two-step verification lost with funds at risk, a "
	    "scammer already paid or told). Target: first staff answer"));
	html_lit(w, " ");
	dur_html(w, l, (int64_t)cf->sla_urgent_first_staff * 60);
	html_lit(w, "</p>\n");
	if (d->nu == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No urgent question is waiting."));
		html_lit(w, "</p>\n</section>\n");
		return;
	}
	html_lit(w, "<table class=\"desk desk-urgent-table\">");
	thead_html(w, l, urgent_cols, UC__MAX);
	for (i = 0; i < d->nu; i++) {
		html_lit(w, "<tr data-thread=\"");
		html_int(w, d->u[i].id);
		html_lit(w, "\" data-urgent=\"1\">");
		td_open(w, l, urgent_cols[UC_QUESTION]);
		html_lit(w, "><a href=\"/t/");
		html_int(w, d->u[i].id);
		html_lit(w, "\">");
		html_text(w, d->u[i].title);
		html_lit(w, "</a> ");
		triage_badge(w, l, "urgent", d->u[i].reasons[l]);
		html_lit(w, "</td>");
		d->breaches += clock_html(w, l, urgent_cols[UC_FIRST_STAFF],
		    d->u[i].created, d->u[i].first_staff, d->now,
		    cf->sla_urgent_first_staff);
		memset(&t, 0, sizeof(t));
		t.id = d->u[i].id;
		t.claimed_by = d->u[i].claimed_by;
		t.claimed_id = d->u[i].claimed_id;
		claim_forms(w, r, d, &t, urgent_cols[UC_HANDLED]);
		/* no data-label: the form's own label is the column's name */
		html_lit(w, "<td>");
		triage_form(w, r, d->u[i].id, "urgent", 1);
		html_lit(w, "</td></tr>\n");
	}
	html_lit(w, "</tbody></table>\n</section>\n");
}

/*
 * The escalated cases: on the desk the oldest DESK_CASES (a link to the
 * rest when there are more), on /staff/desk/cases a page of them with
 * its pager.  Leaves the section open (the caller closes it).
 */
static void
cases_html(struct html *w, struct req *r, struct desk_data *d)
{
	const struct conf	*cf = r->w->conf;
	const struct conf_sla	*sla;
	struct conf_sla		 def;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<section class=\"desk-cases\" aria-labelledby=\"dc-h\">"
	    "<h2 id=\"dc-h\">");
	html_text(w, T(l, "Escalated to official support"));
	if (!d->cases_page) {
		html_lit(w, " (");
		html_int(w, (int64_t)d->nc);
		if (d->cases_more)
			html_lit(w, "+");
		html_lit(w, ")");
	}
	html_lit(w, "</h2>\n");
	if (d->nc == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No open cases."));
		html_lit(w, "</p>\n");
		return;
	}
	html_lit(w, "<table class=\"desk\">");
	thead_html(w, l, case_cols, CC__MAX);
	for (i = 0; i < d->nc; i++) {
		sla = conf_support_sla(cf, d->c[i].slug, &def);
		html_lit(w, "<tr data-case=\"");
		html_int(w, d->c[i].id);
		html_lit(w, "\">");
		td_open(w, l, case_cols[CC_CASE]);
		html_lit(w, "><a href=\"/support/");
		html_int(w, d->c[i].id);
		html_lit(w, "\">#");
		html_int(w, d->c[i].id);
		html_lit(w, " ");
		html_text(w, d->c[i].title);
		html_lit(w, "</a></td>");
		td_open(w, l, case_cols[CC_ASKER]);
		html_lit(w, ">");
		html_text(w, d->c[i].asker);
		html_lit(w, "</td>");
		d->breaches += clock_html(w, l, case_cols[CC_FIRST_STAFF],
		    d->c[i].created, d->c[i].first_staff, d->now,
		    sla->first_staff);
		td_open(w, l, case_cols[CC_HANDLED]);
		html_lit(w, ">");
		html_text(w, d->c[i].claimed_by);
		html_lit(w, "</td></tr>\n");
	}
	html_lit(w, "</tbody></table>\n");
	if (d->cases_page)
		widget_keyset_pager(w, l, "/staff/desk/cases",
		    d->cases_newer_at, d->cases_older_at, 1);
	else if (d->cases_more) {
		html_lit(w, "<p><a class=\"more\" href=\"/staff/desk/cases\">");
		html_text(w, T(l, "All open cases"));
		html_lit(w, "</a></p>\n");
	}
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
	size_t			 i, nt;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Staff desk"));
	html_lit(w, "</h1>\n<p><a href=\"/staff/stats\">");
	html_text(w, T(l, "Support statistics"));
	html_lit(w, "</a></p>\n");
	urgent_html(w, r, d);
	cases_html(w, r, d);
	html_lit(w, "</section>\n<section class=\"desk-threads\" "
	    "aria-labelledby=\"dt-h\"><h2 id=\"dt-h\">");
	html_text(w, T(l, "Waiting questions"));
	html_lit(w, " (");
	for (i = 0, nt = 0; i < d->nt; i++)
		nt += !is_urgent(d, d->t[i].id);
	html_int(w, (int64_t)nt);
	html_lit(w, ")</h2>\n<p class=\"hint\">");
	html_text(w, T(l, "Open questions without an accepted or official "
	    "answer, by category: unanswered first, then oldest first. "
	    "Clocks: time taken (✓) or elapsed / target."));
	html_lit(w, "</p>\n");
	if (nt == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "Nothing is waiting."));
		html_lit(w, "</p>\n");
	}
	for (i = 0; i < d->nt; i++) {
		if (is_urgent(d, d->t[i].id))
			continue;	/* listed on top */
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
			html_lit(w, "</p>\n<table class=\"desk\">");
			thead_html(w, l, wait_cols, WC__MAX);
		}
		html_lit(w, "<tr data-thread=\"");
		html_int(w, d->t[i].id);
		html_lit(w, "\">");
		td_open(w, l, wait_cols[WC_QUESTION]);
		html_lit(w, "><a href=\"/t/");
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
		d->breaches += clock_html(w, l, wait_cols[WC_FIRST],
		    d->t[i].created, d->t[i].first_answer, d->now,
		    sla->first_answer);
		d->breaches += clock_html(w, l, wait_cols[WC_FIRST_STAFF],
		    d->t[i].created, d->t[i].first_staff, d->now,
		    sla->first_staff);
		d->breaches += clock_html(w, l, wait_cols[WC_SOLVED],
		    d->t[i].created, 0, d->now, sla->solved);
		claim_forms(w, r, d, &d->t[i], wait_cols[WC_HANDLED]);
		html_lit(w, "</tr>\n");
	}
	if (cat != NULL)
		html_lit(w, "</tbody></table>\n");
	widget_keyset_pager(w, l, "/staff/desk", d->newer_at, d->older_at, 1);
	html_lit(w, "</section>\n");
	kb_desk_review(w, r);	/* articles to review: pages/kb.c */
}

/*
 * The waiting questions come DESK_PER_PAGE at a time, by keyset (?at=,
 * store_desk_page); the cases and the urgent questions are bounded lists
 * in index order (DESK_LIMIT).
 */
void
page_desk(struct req *r)
{
	struct desk_data	 d;
	struct pager		 pp;
	struct store_page	 pg, cpg;

	memset(&d, 0, sizeof(d));
	d.now = (int64_t)time(NULL);
	if (pager_read_or_reply(r, F_LIST_AT, F_LIST_PAGE, DESK_PER_PAGE,
	    "/staff/desk", &pp) == -1)
		return;
	if (store_desk_page(r->w->db, r->a, pp.at, DESK_PER_PAGE, &d.t,
	    &pg) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	if (pager_check_or_reply(r, &pg) == -1)
		return;
	d.nt = pg.n;
	d.newer_at = pager_newer(r, &pg);
	d.older_at = pager_older(r, &pg);
	if (store_desk_cases(r->w->db, r->a, NULL, DESK_CASES, &d.c,
	    &cpg) == -1 ||
	    store_desk_staff(r->w->db, r->a, &d.s, &d.ns) == -1 ||
	    store_desk_urgent(r->w->db, r->a, DESK_LIMIT, &d.u, &d.nu) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	d.nc = cpg.n;
	d.cases_more = cpg.more_older;
	layout_page(r, 200, T(r->lang, "Staff desk"), desk_main, &d);
}

static void
cases_main(struct html *w, struct req *r, void *arg)
{
	struct desk_data	*d = arg;

	html_lit(w, "<h1>");
	html_text(w, T(r->lang, "Open support cases"));
	html_lit(w, "</h1>\n<p><a href=\"/staff/desk\">");
	html_text(w, T(r->lang, "Staff desk"));
	html_lit(w, "</a></p>\n");
	cases_html(w, r, d);
	html_lit(w, "</section>\n");
}

/* The open support cases, oldest first, CASES_PER_PAGE at a time (?at=). */
void
page_desk_cases(struct req *r)
{
	struct desk_data	 d;
	struct pager		 pp;
	struct store_page	 pg;

	memset(&d, 0, sizeof(d));
	d.now = (int64_t)time(NULL);
	d.cases_page = 1;
	if (pager_read_or_reply(r, F_LIST_AT, F_LIST_PAGE, CASES_PER_PAGE,
	    "/staff/desk/cases", &pp) == -1)
		return;
	if (store_desk_cases(r->w->db, r->a, pp.at, CASES_PER_PAGE, &d.c,
	    &pg) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	if (pager_check_or_reply(r, &pg) == -1)
		return;
	d.nc = pg.n;
	d.cases_newer_at = pager_newer(r, &pg);
	d.cases_older_at = pager_older(r, &pg);
	layout_page(r, 200, T(r->lang, "Open support cases"), cases_main, &d);
}

void
page_desk_claim(struct req *r)
{
	struct support_outcome	o;

	if (desk_claim_apply(r, &o) == -1)
		return;
	reply_redirect(r, "/staff/desk");
}

int
desk_claim_apply(struct req *r, struct support_outcome *o)
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
			return -1;
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
		return -1;
	case SUPPORT_E_INVALID:
		reply_error(r, 400, res.reasons[0]);
		return -1;
	default:
		reply_error(r, 503, NULL);
		return -1;
	}
	memset(o, 0, sizeof(*o));
	o->changed = res.changed;
	if (o->changed)
		pcache_invalidate(r->w->cache);	/* "being handled by staff" */
	return 0;
}

/*
 * /staff/stats: per category and week, questions, answered and solved
 * shares, median and 90th percentile of the time to the first answer and
 * to the official answer, with an SVG chart drawn here (no script), the
 * tags of unanswered questions, and the same numbers as CSV.
 */
#define STATS_WEEKS	8
#define CHART_W		560
#define CHART_H		160
#define CHART_PAD	24

struct stats_data {
	struct stats_week	*w;
	size_t			 nw;
	struct stats_tag	*t;
	size_t			 nt;
	int			 weeks;
	struct triage_stats	 tr;		/* urgency triage */
	/* "this solved it" on knowledge-base articles (pages/kb.c) */
	struct kb_week		*kw;
	size_t			 nkw;
	struct kb_top		*kt;
	size_t			 nkt;
};

/* The stats tables' columns (as the desk's, above). */
enum stats_col { SC_WEEK, SC_QUESTIONS, SC_ANSWERED, SC_SOLVED, SC_FA_P50,
	SC_FA_P90, SC_FO_P50, SC_FO_P90, SC_VIEWS, SC_KB, SC__MAX };
static const char *const stats_cols[SC__MAX] = {
	N_("Week"), N_("Questions"), N_("Answered (%)"), N_("Solved (%)"),
	N_("First answer (median)"), N_("First answer (p90)"),
	N_("Official answer (median)"), N_("Official answer (p90)"),
	N_("Views of solved threads"), N_("Solved by an article"),
};
enum kb_col { KC_WEEK, KC_SOLVED, KC__MAX };
static const char *const kb_cols[KC__MAX] = {
	N_("Week"), N_("Solved by an article"),
};
enum triage_col { TC_CLASS, TC_FOUND, TC_NOW, TC_RIGHT, TC_PRECISION,
	TC_RECALL, TC__MAX };
static const char *const triage_cols[TC__MAX] = {
	N_("Class"), N_("Classified by the rules"), N_("In the class now"),
	N_("Left as classified"), N_("Precision"), N_("Recall"),
};

static int64_t	 pct(int64_t part, int64_t whole);
static void	 chart_html(struct html *, enum lang,
		    const struct stats_week *, size_t, int weeks);
static void	 stats_main(struct html *, struct req *, void *);
static void	 triage_stats_html(struct html *, enum lang,
		    const struct triage_stats *);
static int	 stats_load(struct req *, struct stats_data *);
static int64_t	 kb_solved_at(const struct stats_data *, const char *,
		    const char *);
static void	 kb_stats_html(struct html *, enum lang,
		    const struct stats_data *);
static void	 dur_cell(struct html *, enum lang, const char *, int64_t);
static void	 csv_field(struct buf *, const char *);
static void	 csv_num(struct buf *, int64_t);

static int64_t
pct(int64_t part, int64_t whole)
{
	return whole > 0 ? (part * 1000 / whole + 5) / 10 : 0;
}

static void
dur_cell(struct html *w, enum lang l, const char *col, int64_t s)
{
	td_open(w, l, col);
	html_lit(w, ">");
	if (s < 0)
		html_lit(w, "—");
	else
		dur_html(w, l, s);
	html_lit(w, "</td>");
}

/*
 * Bars: questions per week; lines with points: answered % and solved %.
 * One slot per week of the period, the current week last, so weeks with
 * no question leave a gap.
 */
static void
chart_html(struct html *w, enum lang l, const struct stats_week *wk,
    size_t n, int weeks)
{
	int64_t		 max = 1, x, y, h, bw, slot, plot_h = CHART_H - 2 * CHART_PAD;
	int64_t		 vmax = 1;
	size_t		 i;
	int		 pass, first;

	for (i = 0; i < n; i++) {
		if (wk[i].questions > max)
			max = wk[i].questions;
		if (wk[i].solved_views > vmax)
			vmax = wk[i].solved_views;
	}
	bw = (CHART_W - 2 * CHART_PAD) / (weeks > 0 ? weeks : 1);
	html_lit(w, "<svg class=\"stats-chart\" xmlns=\"http://www.w3.org/2000/"
	    "svg\" viewBox=\"0 0 560 160\" width=\"560\" height=\"160\" "
	    "role=\"img\" aria-label=\"");
	html_attr(w, T(l, "Questions per week (bars), answered % and solved % "
	    "(lines)"));
	html_lit(w, "\"><title>");
	html_text(w, T(l, "Questions per week (bars), answered % and solved % "
	    "(lines)"));
	html_lit(w, "</title><line x1=\"24\" y1=\"136\" x2=\"536\" y2=\"136\" "
	    "stroke=\"#888\"/>");
	for (i = 0; i < n; i++) {
		slot = weeks - 1 - (wk[i].this_week - wk[i].week + 302400) /
		    604800;
		if (slot < 0 || slot >= weeks)
			continue;
		x = CHART_PAD + slot * bw + bw / 8;
		/* a week with views of solved threads but no question: no bar */
		if (wk[i].questions > 0) {
			h = wk[i].questions * plot_h / max;
			html_lit(w, "<rect class=\"bar\" fill=\"#9cc3e6\" x=\"");
			html_int(w, x);
			html_lit(w, "\" y=\"");
			html_int(w, CHART_H - CHART_PAD - h);
			html_lit(w, "\" width=\"");
			html_int(w, bw * 3 / 4 > 1 ? bw * 3 / 4 : 1);
			html_lit(w, "\" height=\"");
			html_int(w, h);
			html_lit(w, "\"><title>");
			html_text(w, wk[i].week_label);
			html_lit(w, ": ");
			html_int(w, wk[i].questions);
			html_lit(w, "</title></rect>");
		}
		/* views of solved threads: a narrow bar, on its own scale */
		if (wk[i].solved_views > 0) {
			h = wk[i].solved_views * plot_h / vmax;
			html_lit(w, "<rect class=\"views\" fill=\"#1f4e79\" "
			    "x=\"");
			html_int(w, CHART_PAD + slot * bw + bw * 5 / 8);
			html_lit(w, "\" y=\"");
			html_int(w, CHART_H - CHART_PAD - h);
			html_lit(w, "\" width=\"");
			html_int(w, bw / 4 > 1 ? bw / 4 : 1);
			html_lit(w, "\" height=\"");
			html_int(w, h);
			html_lit(w, "\"><title>");
			html_text(w, wk[i].week_label);
			html_lit(w, ": ");
			html_int(w, wk[i].solved_views);
			html_lit(w, " ");
			html_text(w, T(l, "views of solved threads"));
			html_lit(w, "</title></rect>");
		}
		if (weeks <= 16) {
			html_lit(w, "<text x=\"");
			html_int(w, x);
			html_lit(w, "\" y=\"152\" font-size=\"9\">");
			html_text(w, wk[i].week_label + 5);
			html_lit(w, "</text>");
		}
	}
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			html_lit(w, "<polyline class=\"answered\" fill=\"none\" "
			    "stroke=\"#2a7a2a\" stroke-width=\"2\" points=\"");
		else
			html_lit(w, "<polyline class=\"solved\" fill=\"none\" "
			    "stroke=\"#b35c00\" stroke-width=\"2\" "
			    "stroke-dasharray=\"4 3\" points=\"");
		first = 1;
		for (i = 0; i < n; i++) {
			slot = weeks - 1 - (wk[i].this_week - wk[i].week +
			    302400) / 604800;
			if (slot < 0 || slot >= weeks || wk[i].questions == 0)
				continue;
			x = CHART_PAD + slot * bw + bw / 2;
			y = CHART_H - CHART_PAD - pct(pass == 0 ?
			    wk[i].answered : wk[i].solved, wk[i].questions) *
			    plot_h / 100;
			if (!first)
				html_lit(w, " ");
			first = 0;
			html_int(w, x);
			html_lit(w, ",");
			html_int(w, y);
		}
		html_lit(w, "\"/>");
		for (i = 0; i < n; i++) {
			slot = weeks - 1 - (wk[i].this_week - wk[i].week +
			    302400) / 604800;
			if (slot < 0 || slot >= weeks || wk[i].questions == 0)
				continue;
			html_lit(w, "<circle r=\"3\" cx=\"");
			html_int(w, CHART_PAD + slot * bw + bw / 2 + pass * 3);
			html_lit(w, "\" cy=\"");
			html_int(w, CHART_H - CHART_PAD - pct(pass == 0 ?
			    wk[i].answered : wk[i].solved, wk[i].questions) *
			    plot_h / 100);
			if (pass == 0)
				html_lit(w, "\" fill=\"#2a7a2a\"/>");
			else
				html_lit(w, "\" fill=\"#b35c00\"/>");
		}
	}
	html_lit(w, "<text x=\"24\" y=\"14\" font-size=\"11\" "
	    "fill=\"#2a7a2a\">");
	html_text(w, T(l, "answered %"));
	html_lit(w, "</text><text x=\"140\" y=\"14\" font-size=\"11\" "
	    "fill=\"#b35c00\">");
	html_text(w, T(l, "solved %"));
	html_lit(w, "</text><text x=\"240\" y=\"14\" font-size=\"11\">");
	html_text(w, T(l, "max"));
	html_lit(w, " ");
	html_int(w, max);
	html_lit(w, "</text><text class=\"views-legend\" x=\"330\" y=\"14\" "
	    "font-size=\"11\" fill=\"#1f4e79\">");
	html_text(w, T(l, "views of solved threads"));
	html_lit(w, ", ");
	html_text(w, T(l, "max"));
	html_lit(w, " ");
	html_int(w, vmax);
	html_lit(w, "</text></svg>\n");
}

static void
stats_main(struct html *w, struct req *r, void *arg)
{
	struct stats_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i, j, start, ntag;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Support statistics"));
	html_lit(w, "</h1>\n<p><a href=\"/staff/desk\">");
	html_text(w, T(l, "Staff desk"));
	html_lit(w, "</a> · <a href=\"/staff/stats.csv?weeks=");
	html_int(w, d->weeks);
	html_lit(w, "\" download>");
	html_text(w, T(l, "Download CSV"));
	html_lit(w, "</a></p>\n<form method=\"get\" action=\"/staff/stats\" "
	    "class=\"inline\"><label for=\"weeks\">");
	html_text(w, T(l, "Weeks"));
	html_lit(w, "</label> <input id=\"weeks\" name=\"weeks\" "
	    "type=\"number\" min=\"1\" max=\"104\" value=\"");
	html_int(w, d->weeks);
	html_lit(w, "\"> <button type=\"submit\" class=\"btn\">");
	html_text(w, T(l, "Show"));
	html_lit(w, "</button></form>\n<p class=\"hint\">");
	html_text(w, T(l, "Questions asked in each week (weeks start on "
	    "Monday); answered: with a visible answer; solved: with an "
	    "accepted or official answer; times from the question to its "
	    "first answer and to its official answer (median and 90th "
	    "percentile of the questions that have one)."));
	html_lit(w, "</p>\n");
	kb_stats_html(w, l, d);
	if (d->nw == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "No questions in these weeks."));
		html_lit(w, "</p>\n");
		triage_stats_html(w, l, &d->tr);
		return;
	}
	for (start = 0; start < d->nw; start = i) {
		for (i = start; i < d->nw &&
		    strcmp(d->w[i].slug, d->w[start].slug) == 0; i++)
			;
		html_lit(w, "<section class=\"stats-cat\" id=\"stats-");
		html_attr(w, d->w[start].slug);
		html_lit(w, "\"><h2>");
		html_text(w, d->w[start].cat_name[l]);
		html_lit(w, "</h2>\n");
		chart_html(w, l, &d->w[start], i - start, d->weeks);
		html_lit(w, "<table class=\"desk stats\">");
		thead_html(w, l, stats_cols, SC__MAX);
		for (j = start; j < i; j++) {
			html_lit(w, "<tr data-week=\"");
			html_attr(w, d->w[j].week_label);
			html_lit(w, "\">");
			td_open(w, l, stats_cols[SC_WEEK]);
			html_lit(w, ">");
			html_text(w, d->w[j].week_label);
			html_lit(w, "</td>");
			td_open(w, l, stats_cols[SC_QUESTIONS]);
			html_lit(w, ">");
			html_int(w, d->w[j].questions);
			html_lit(w, "</td>");
			td_open(w, l, stats_cols[SC_ANSWERED]);
			html_lit(w, ">");
			if (d->w[j].questions > 0) {
				html_int(w, pct(d->w[j].answered,
				    d->w[j].questions));
				html_lit(w, "%</td>");
			} else
				html_lit(w, "—</td>");
			td_open(w, l, stats_cols[SC_SOLVED]);
			html_lit(w, ">");
			if (d->w[j].questions > 0) {
				html_int(w, pct(d->w[j].solved,
				    d->w[j].questions));
				html_lit(w, "%</td>");
			} else
				html_lit(w, "—</td>");
			dur_cell(w, l, stats_cols[SC_FA_P50], d->w[j].fa_p50);
			dur_cell(w, l, stats_cols[SC_FA_P90], d->w[j].fa_p90);
			dur_cell(w, l, stats_cols[SC_FO_P50], d->w[j].fo_p50);
			dur_cell(w, l, stats_cols[SC_FO_P90], d->w[j].fo_p90);
			td_open(w, l, stats_cols[SC_VIEWS]);
			html_lit(w, " class=\"solved-views\">");
			html_int(w, d->w[j].solved_views);
			html_lit(w, "</td>");
			td_open(w, l, stats_cols[SC_KB]);
			html_lit(w, " class=\"kb-solved\">");
			html_int(w, kb_solved_at(d, d->w[j].slug,
			    d->w[j].week_label));
			html_lit(w, "</td></tr>\n");
		}
		html_lit(w, "</tbody></table>\n<p class=\"stats-tags\">");
		html_text(w, T(l, "Top unanswered tags:"));
		ntag = 0;
		for (j = 0; j < d->nt && ntag < 10; j++) {
			if (strcmp(d->t[j].slug, d->w[start].slug) != 0)
				continue;
			html_lit(w, " <a class=\"tag\" href=\"/tag/");
			html_url(w, d->t[j].tag);
			html_lit(w, "\">");
			html_text(w, d->t[j].tag);
			html_lit(w, "</a> ×");
			html_int(w, d->t[j].n);
			ntag++;
		}
		if (ntag == 0) {
			html_lit(w, " ");
			html_text(w, T(l, "none"));
		}
		html_lit(w, "</p></section>\n");
	}
	triage_stats_html(w, l, &d->tr);
}

/*
 * Urgency triage measured by staff's corrections: for each class, the
 * questions the rules put there (found), those staff left there (right:
 * never corrected, or corrected back), precision = right / found and
 * recall = right / the questions in that class now.  A question nobody
 * corrected counts as right, so these are upper bounds until staff have
 * looked at every question; the corrections are counted beside them.
 */
static void
triage_stats_html(struct html *w, enum lang l, const struct triage_stats *s)
{
	static const char *const names[3] = { "normal", "urgent", "low" };
	static const int order[3] = { 1, 0, 2 };	/* urgent first */
	int64_t		 found, now, right, total = 0;
	int		 i, j, c;

	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++)
			total += s->n[i][j];
	html_lit(w, "<section class=\"stats-triage\" aria-labelledby="
	    "\"st-h\"><h2 id=\"st-h\">");
	html_text(w, T(l, "Urgency triage"));
	html_lit(w, "</h2>\n<p class=\"hint\">");
	html_text(w, T(l, "Questions classified when asked, measured by "
	    "staff's corrections. A question nobody corrected counts as "
	    "right."));
	html_lit(w, "</p>\n<p>");
	html_text(w, T(l, "Classified questions:"));
	html_lit(w, " <span data-triage=\"classified\">");
	html_int(w, total);
	html_lit(w, "</span> · ");
	html_text(w, T(l, "Corrections:"));
	html_lit(w, " <span data-triage=\"corrections\">");
	html_int(w, s->corrections);
	html_lit(w, "</span> (");
	html_int(w, s->corrected_threads);
	html_lit(w, " ");
	html_text(w, T(l, "questions"));
	html_lit(w, ")</p>\n<table class=\"desk stats\">");
	thead_html(w, l, triage_cols, TC__MAX);
	for (i = 0; i < 3; i++) {
		c = order[i];
		found = now = 0;
		for (j = 0; j < 3; j++) {
			found += s->n[c][j];
			now += s->n[j][c];
		}
		right = s->n[c][c];
		html_lit(w, "<tr data-class=\"");
		html_attr(w, names[c]);
		html_lit(w, "\">");
		td_open(w, l, triage_cols[TC_CLASS]);
		html_lit(w, ">");
		html_text(w, c == 1 ? T(l, "Urgent") : c == 2 ? T(l, "Low") :
		    T(l, "Normal"));
		html_lit(w, "</td>");
		td_open(w, l, triage_cols[TC_FOUND]);
		html_lit(w, ">");
		html_int(w, found);
		html_lit(w, "</td>");
		td_open(w, l, triage_cols[TC_NOW]);
		html_lit(w, ">");
		html_int(w, now);
		html_lit(w, "</td>");
		td_open(w, l, triage_cols[TC_RIGHT]);
		html_lit(w, ">");
		html_int(w, right);
		html_lit(w, "</td>");
		td_open(w, l, triage_cols[TC_PRECISION]);
		html_lit(w, " data-m=\"precision\">");
		if (found > 0) {
			html_int(w, pct(right, found));
			html_lit(w, "%");
		} else
			html_lit(w, "—");
		html_lit(w, "</td>");
		td_open(w, l, triage_cols[TC_RECALL]);
		html_lit(w, " data-m=\"recall\">");
		if (now > 0) {
			html_int(w, pct(right, now));
			html_lit(w, "%");
		} else
			html_lit(w, "—");
		html_lit(w, "</td></tr>\n");
	}
	html_lit(w, "</tbody></table></section>\n");
}

static int
stats_load(struct req *r, struct stats_data *d)
{
	memset(d, 0, sizeof(*d));
	d->weeks = r->f[F_STATS_WEEKS].present ?
	    (int)r->f[F_STATS_WEEKS].i : STATS_WEEKS;
	if (store_stats_weeks(r->w->db, r->a, d->weeks, &d->w, &d->nw) == -1 ||
	    store_stats_tags(r->w->db, r->a, d->weeks, &d->t, &d->nt) == -1 ||
	    store_triage_stats(r->w->db, r->a, &d->tr) == -1 ||
	    store_kb_solved_weeks(r->w->db, r->a, d->weeks, &d->kw,
	    &d->nkw) == -1 ||
	    store_kb_solved_top(r->w->db, r->a, d->weeks, &d->kt,
	    &d->nkt) == -1) {
		reply_error(r, 503, NULL);
		return -1;
	}
	return 0;
}

void
page_stats(struct req *r)
{
	struct stats_data	 d;

	if (stats_load(r, &d) == -1)
		return;
	layout_page(r, 200, T(r->lang, "Support statistics"), stats_main, &d);
}

/* A CSV field, quoted (RFC 4180); a leading = + - @ is made inert. */
static void
csv_field(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		buf_putc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void
csv_num(struct buf *b, int64_t v)
{
	char	 tmp[24];
	size_t	 n = 0;
	uint64_t u;

	if (v < 0)
		return;		/* none: an empty field */
	u = (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	while (n > 0)
		buf_putc(b, tmp[--n]);
}

void
page_stats_csv(struct req *r)
{
	struct stats_data	 d;
	struct buf		 b;
	size_t			 i;

	if (stats_load(r, &d) == -1)
		return;
	buf_init(&b, r->a);
	buf_puts(&b, "category,week,questions,answered,answered_pct,solved,"
	    "solved_pct,first_answer_median_s,first_answer_p90_s,"
	    "official_answer_median_s,official_answer_p90_s,"
	    "solved_thread_views,kb_solved\r\n");
	for (i = 0; i < d.nw; i++) {
		csv_field(&b, d.w[i].slug);
		buf_putc(&b, ',');
		buf_puts(&b, d.w[i].week_label);
		buf_putc(&b, ',');
		csv_num(&b, d.w[i].questions);
		buf_putc(&b, ',');
		csv_num(&b, d.w[i].answered);
		buf_putc(&b, ',');
		csv_num(&b, pct(d.w[i].answered, d.w[i].questions));
		buf_putc(&b, ',');
		csv_num(&b, d.w[i].solved);
		buf_putc(&b, ',');
		csv_num(&b, pct(d.w[i].solved, d.w[i].questions));
		buf_putc(&b, ',');
		csv_num(&b, d.w[i].fa_p50);
		buf_putc(&b, ',');
		csv_num(&b, d.w[i].fa_p90);
		buf_putc(&b, ',');
		csv_num(&b, d.w[i].fo_p50);
		buf_putc(&b, ',');
		csv_num(&b, d.w[i].fo_p90);
		buf_putc(&b, ',');
		csv_num(&b, d.w[i].solved_views);
		buf_putc(&b, ',');
		csv_num(&b, kb_solved_at(&d, d.w[i].slug, d.w[i].week_label));
		buf_puts(&b, "\r\n");
	}
	/* weeks with articles that solved but no row above: rows of their own */
	for (i = 0; i < d.nkw; i++) {
		size_t	j;

		for (j = 0; j < d.nw; j++)
			if (strcmp(d.w[j].slug, d.kw[i].slug) == 0 &&
			    strcmp(d.w[j].week_label, d.kw[i].week_label) == 0)
				break;
		if (j < d.nw)
			continue;
		csv_field(&b, d.kw[i].slug);
		buf_putc(&b, ',');
		buf_puts(&b, d.kw[i].week_label);
		buf_puts(&b, ",,,,,,,,,,,");
		csv_num(&b, d.kw[i].n);
		buf_puts(&b, "\r\n");
	}
	buf_putc(&b, '\0');
	reply_header(r, "Content-Disposition",
	    "attachment; filename=\"sodan-support-stats.csv\"");
	reply_text(r, 200, "text/csv; charset=utf-8", b.p);
}

/* "This solved it" counted for a category's week (0: none). */
static int64_t
kb_solved_at(const struct stats_data *d, const char *slug, const char *week)
{
	size_t	i;

	for (i = 0; i < d->nkw; i++)
		if (strcmp(d->kw[i].slug, slug) == 0 &&
		    strcmp(d->kw[i].week_label, week) == 0)
			return d->kw[i].n;
	return 0;
}

/*
 * The knowledge base's deflection: how often a member pressed "this
 * solved it" on an article suggested by the ask form, per week (all
 * categories) and the articles that solved most.
 */
static void
kb_stats_html(struct html *w, enum lang l, const struct stats_data *d)
{
	size_t	i, j;
	int64_t	n;

	html_lit(w, "<section class=\"stats-kb\" id=\"stats-kb\"><h2>");
	html_text(w, T(l, "Solved by a knowledge-base article"));
	html_lit(w, "</h2>\n<p class=\"hint\">");
	html_text(w, T(l, "Members who pressed \"This solved it\" on an "
	    "article suggested while asking, and so did not post their "
	    "question (once per member, article and day)."));
	html_lit(w, "</p>\n");
	if (d->nkw == 0) {
		html_lit(w, "<p class=\"empty\">");
		html_text(w, T(l, "None in these weeks."));
		html_lit(w, "</p></section>\n");
		return;
	}
	html_lit(w, "<table class=\"desk stats\">");
	thead_html(w, l, kb_cols, KC__MAX);
	for (i = 0; i < d->nkw; i++) {
		/* the first row of each week sums its categories */
		for (j = 0; j < i; j++)
			if (strcmp(d->kw[j].week_label, d->kw[i].week_label) ==
			    0)
				break;
		if (j < i)
			continue;
		for (n = 0, j = i; j < d->nkw; j++)
			if (strcmp(d->kw[j].week_label, d->kw[i].week_label) ==
			    0)
				n += d->kw[j].n;
		html_lit(w, "<tr data-week=\"");
		html_attr(w, d->kw[i].week_label);
		html_lit(w, "\">");
		td_open(w, l, kb_cols[KC_WEEK]);
		html_lit(w, ">");
		html_text(w, d->kw[i].week_label);
		html_lit(w, "</td>");
		td_open(w, l, kb_cols[KC_SOLVED]);
		html_lit(w, " class=\"kb-solved-total\">");
		html_int(w, n);
		html_lit(w, "</td></tr>\n");
	}
	html_lit(w, "</tbody></table>\n<ol class=\"kb-top\">");
	for (i = 0; i < d->nkt; i++) {
		html_lit(w, "<li><a href=\"/kb/");
		html_attr(w, d->kt[i].slug);
		html_lit(w, "\">");
		html_text(w, d->kt[i].title);
		html_lit(w, "</a> ×");
		html_int(w, d->kt[i].n);
		html_lit(w, "</li>");
	}
	html_lit(w, "</ol></section>\n");
}
