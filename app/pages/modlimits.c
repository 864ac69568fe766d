/* pages/modlimits.c: moderators' view of rate-limit allowances, and resets. */
/*
 * A moderator enters a user (name or id) or an IP address; the page shows,
 * for that subject, each rate-limit action it is counted under, with the
 * allowance now (read from Redis without spending it: rl_peek) and when
 * the next request is allowed.  One form posts resets: a button per action
 * and one for all of them, each needing a reason and the confirmation
 * checkbox (checked by the server, so it works without JavaScript).
 *
 * Subjects are the dispatcher's (http/throttle.c): a user is "u:ID" for
 * the per-user actions, scaled by the user's role and trust, and
 * "a:KEY" for sign-in attempts on the account; an IP is its subject
 * ("ip:A.B.C.D", "ip6:PREFIX/64") for every action but signin_account,
 * at the anonymous limits.  Every reset first appends a 'reset_limit' row
 * to mod_log (target kind user or ip; note: the actions; before: the
 * allowances seen), then deletes the keys in Redis.
 */
#include <sys/socket.h>

#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "acct/acct.h"
#include "cache/ratelimit.h"
#include "http/req.h"
#include "http/server.h"
#include "http/throttle.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/limits.h"
#include "lib/log.h"
#include "lib/state.h"
#include "pages/modqueue.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

#define US	1000000LL

/* One action the subject is counted under. */
struct lim_row {
	enum limit_action	 a;
	const char		*subject;
	struct limit		 lim;
	int			 exempt;
	int			 known;		/* 0: Redis unreachable */
	struct rl_result	 res;
};

struct lim_page {
	const char	*q;		/* as typed ("" none) */
	int		 found;
	int		 is_ip;
	struct user	*u;
	const char	*ip_subject;
	struct lim_row	 rows[LIMIT__MAX];
	size_t		 n;
	const char	*notice;	/* after a reset */
	const char	*error;
};

static const char *trim(struct arena *, const char *);
static int	 all_digits(const char *);
static int	 resolve(struct req *, struct lim_page *);
static void	 load_rows(struct req *, struct lim_page *);
static void	 text_n(struct html *, const char *, int64_t);
static void	 duration(struct html *, enum lang, int64_t);
static void	 rows_table(struct html *, struct req *, struct lim_page *);
static void	 limits_main(struct html *, struct req *, void *);
static const char *before_json(struct arena *, struct lim_page *);
static int	 limits_reset(struct req *, struct lim_page *, const char **);

/* s without leading and trailing blanks; arena-owned. */
static const char *
trim(struct arena *a, const char *s)
{
	size_t	n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/*
 * Finds the subject d->q names: an IP address, a user id ("42", "#42") or
 * a user name ("alice", "@alice").  Returns 0 (d->found says whether it
 * exists) or -1 on a database error.
 */
static int
resolve(struct req *r, struct lim_page *d)
{
	const struct limits	*l = &r->w->conf->limits;
	const char		*q = d->q, *name, *key;
	unsigned char		 addr[16];

	d->found = 0;
	if (inet_pton(AF_INET, q, addr) == 1 ||
	    inet_pton(AF_INET6, q, addr) == 1) {
		d->is_ip = 1;
		d->found = 1;
		d->ip_subject = throttle_ip_subject(r->a, l, q);
		return 0;
	}
	if (*q == '#' || *q == '@')
		q++;
	if (all_digits(q)) {
		if (store_user_by_id(r->w->db, r->a, strtoll(q, NULL, 10),
		    &d->u) == -1)
			return -1;
	} else if (acct_username(r->a, q, &name, &key) == ACCT_NAME_OK) {
		if (store_user_by_key(r->w->db, r->a, key, &d->u) == -1)
			return -1;
	}
	d->found = d->u != NULL;
	return 0;
}

/* The actions the subject is counted under, with their allowance now. */
static void
load_rows(struct req *r, struct lim_page *d)
{
	const struct limits	*l = &r->w->conf->limits;
	const char		*usubj = NULL, *asubj = NULL, *name, *key;
	struct lim_row		*row;
	int			 a;

	if (!d->is_ip) {
		usubj = arena_printf(r->a, "u:%lld", (long long)d->u->id);
		if (acct_username(r->a, d->u->username, &name, &key) !=
		    ACCT_NAME_OK)
			key = d->u->username;
		asubj = throttle_account_subject(r->a, key);
	}
	d->n = 0;
	for (a = LIMIT_NONE + 1; a < LIMIT__MAX; a++) {
		row = &d->rows[d->n];
		memset(row, 0, sizeof(*row));
		row->a = (enum limit_action)a;
		if (d->is_ip) {
			if (a == LIMIT_SIGNIN_ACCOUNT)
				continue;
			row->subject = d->ip_subject;
			row->exempt = throttle_limit_subject(r, row->a, 0,
			    ROLE_ANY, 0, &row->lim);
		} else {
			if (a == LIMIT_SIGNIN_ACCOUNT)
				row->subject = asubj;
			else if (l->act[a].per_user)
				row->subject = usubj;
			else
				continue;
			row->exempt = throttle_limit_subject(r, row->a, 1,
			    d->u->role, d->u->trust,
			    &row->lim);
		}
		if (!row->exempt)
			row->known = rl_peek(r->w->cache, row->a, row->subject,
			    &row->lim, &row->res) == 0;
		d->n++;
	}
}

/* Writes s with "{n}" replaced by n. */
static void
text_n(struct html *w, const char *s, int64_t n)
{
	const char	*p;

	if ((p = strstr(s, "{n}")) == NULL) {
		html_text(w, s);
		return;
	}
	html_textn(w, s, (size_t)(p - s));
	html_int(w, n);
	html_text(w, p + 3);
}

/* A duration in microseconds, rounded up, in s, min or h. */
static void
duration(struct html *w, enum lang l, int64_t us)
{
	int64_t	secs = (us + US - 1) / US;

	if (secs < 120)
		text_n(w, T(l, "{n} s"), secs);
	else if (secs < 2 * 3600)
		text_n(w, T(l, "{n} min"), (secs + 59) / 60);
	else
		text_n(w, T(l, "{n} h"), (secs + 3599) / 3600);
}

static void
rows_table(struct html *w, struct req *r, struct lim_page *d)
{
	enum lang	 l = r->lang;
	struct lim_row	*row;
	size_t		 i;

	html_lit(w, "<form method=\"post\" action=\"/mod/limits\" "
	    "class=\"mod-form\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"q\" value=\"");
	html_attr(w, d->q);
	html_lit(w, "\">\n<table class=\"mod-limits\"><thead><tr>"
	    "<th scope=\"col\">");
	html_text(w, T(l, "Action"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Burst"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "One more every"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Allowed now"));
	html_lit(w, "</th><th scope=\"col\">");
	html_text(w, T(l, "Next request allowed in"));
	html_lit(w, "</th><th scope=\"col\"></th></tr></thead><tbody>\n");
	for (i = 0; i < d->n; i++) {
		row = &d->rows[i];
		html_lit(w, "<tr data-limit=\"");
		html_attr(w, limits_name(row->a));
		html_lit(w, "\"><th scope=\"row\"><code>");
		html_text(w, limits_name(row->a));
		html_lit(w, "</code></th>");
		if (row->exempt) {
			html_lit(w, "<td colspan=\"4\" class=\"exempt\">");
			html_text(w, T(l, "Exempt"));
			html_lit(w, "</td><td></td></tr>\n");
			continue;
		}
		html_lit(w, "<td>");
		html_int(w, row->lim.burst);
		html_lit(w, "</td><td>");
		duration(w, l, row->lim.interval_us);
		html_lit(w, "</td>");
		if (!row->known) {
			html_lit(w, "<td class=\"remaining\">?</td><td>");
			html_text(w, T(l, "Unknown: Redis is unreachable"));
			html_lit(w, "</td>");
		} else {
			html_lit(w, "<td class=\"remaining\">");
			html_int(w, row->res.remaining);
			html_lit(w, "</td><td class=\"retry\">");
			if (row->res.remaining > 0)
				html_text(w, T(l, "now"));
			else
				duration(w, l, row->res.retry_us);
			html_lit(w, "</td>");
		}
		html_lit(w, "<td><button type=\"submit\" name=\"limit\" "
		    "value=\"");
		html_attr(w, limits_name(row->a));
		html_lit(w, "\">");
		html_text(w, T(l, "Reset"));
		html_lit(w, "</button></td></tr>\n");
	}
	html_lit(w, "</tbody></table>\n<p><label>");
	html_text(w, T(l, "Reason (for the audit log)"));
	html_lit(w, " <input name=\"reason\" maxlength=\"300\" required>"
	    "</label></p>\n<p><label><input type=\"checkbox\" name=\"confirm\" "
	    "value=\"1\" required> ");
	html_text(w, T(l, "I confirm resetting these limits"));
	html_lit(w, "</label></p>\n<p><button type=\"submit\" name=\"limit\" "
	    "value=\"all\">");
	html_text(w, T(l, "Reset all"));
	html_lit(w, "</button></p></form>\n");
}

static void
limits_main(struct html *w, struct req *r, void *arg)
{
	struct lim_page	*d = arg;
	enum lang	 l = r->lang;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Rate limits"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "See how much a user or an IP address may still do "
	    "before the rate limits refuse it, and give it its allowance "
	    "back. Every reset is recorded in the audit log."));
	html_lit(w, "</p>\n<form method=\"get\" action=\"/mod/limits\" "
	    "class=\"mod-form\"><p><label>");
	html_text(w, T(l, "User name, user id or IP address"));
	html_lit(w, " <input name=\"q\" maxlength=\"64\" required value=\"");
	html_attr(w, d->q);
	html_lit(w, "\"></label> <button type=\"submit\">");
	html_text(w, T(l, "Show"));
	html_lit(w, "</button></p></form>\n");
	if (d->notice != NULL) {
		html_lit(w, "<p role=\"status\" class=\"notice\">");
		html_text(w, d->notice);
		html_lit(w, "</p>\n");
	}
	if (d->error != NULL) {
		html_lit(w, "<p role=\"alert\" class=\"error\">");
		html_text(w, d->error);
		html_lit(w, "</p>\n");
	}
	if (!d->found)
		return;
	html_lit(w, "<h2>");
	if (d->is_ip) {
		html_text(w, T(l, "IP address"));
		html_lit(w, " <code>");
		html_text(w, d->ip_subject);
		html_lit(w, "</code>");
	} else {
		html_text(w, T(l, "User"));
		html_lit(w, " <a href=\"/u/");
		html_int(w, d->u->id);
		html_lit(w, "\">");
		html_text(w, d->u->username);
		html_lit(w, "</a> (#");
		html_int(w, d->u->id);
		html_lit(w, ", ");
		html_text(w, state_role_name(d->u->role));
		html_lit(w, ", ");
		text_n(w, T(l, "trust level {n}"), d->u->trust);
		html_lit(w, ")");
	}
	html_lit(w, "</h2>\n");
	rows_table(w, r, d);
	html_lit(w, "<p><a href=\"/mod/log?action=reset_limit\">");
	html_text(w, T(l, "Earlier resets in the audit log"));
	html_lit(w, "</a></p>\n");
}

void
page_mod_limits(struct req *r)
{
	struct lim_page	d;

	memset(&d, 0, sizeof(d));
	d.q = r->f[F_MODLIM_Q].present ? trim(r->a, r->f[F_MODLIM_Q].s) : "";
	if (d.q[0] != '\0') {
		if (resolve(r, &d) == -1) {
			reply_error(r, 503, NULL);
			return;
		}
		if (d.found)
			load_rows(r, &d);
		else
			d.error = T(r->lang, "No user or IP address matches "
			    "that.");
	}
	layout_page(r, 200, T(r->lang, "Rate limits"), limits_main, &d);
}

/* The allowances seen before the reset, for mod_log.before; arena-owned. */
static const char *
before_json(struct arena *a, struct lim_page *d)
{
	json_t	*o = json_object();
	char	*s, *out;
	size_t	 i;

	if (o == NULL)
		return "{}";
	for (i = 0; i < d->n; i++)
		if (!d->rows[i].exempt && d->rows[i].known)
			json_object_set_new(o, limits_name(d->rows[i].a),
			    json_integer((json_int_t)d->rows[i].res.remaining));
	s = json_dumps(o, JSON_COMPACT);
	out = arena_strdup(a, s != NULL ? s : "{}");
	free(s);
	json_decref(o);
	return out;
}

void
page_mod_limits_reset(struct req *r)
{
	struct lim_page	 d;
	int		 status;

	status = limits_reset(r, &d, NULL);
	if (status == -1)
		return;
	if (status == 503 && !d.found) {
		reply_error(r, 503, NULL);
		return;
	}
	layout_page(r, status, T(r->lang, "Rate limits"), limits_main, &d);
}

int
modqueue_limits_reset(struct req *r, const char **msg, const char **reset)
{
	struct lim_page	 d;
	int		 status;

	*reset = "";
	status = limits_reset(r, &d, reset);
	if (status == -1)
		return -1;
	*msg = d.error != NULL ? d.error : d.notice;
	if (*msg == NULL)
		*msg = T(r->lang, "The service is busy. Try again in a moment.");
	return status;
}

/*
 * The reset of the page and the API: d filled for the page (the subject,
 * its limits, an error or a notice); *reset (when not NULL) the names of
 * the limits reset.  The status: 200, 400, 404, 503 (Redis; or the
 * subject could not be looked up: d.found 0), or -1 when the store
 * failed writing the audit row.
 */
static int
limits_reset(struct req *r, struct lim_page *d, const char **reset)
{
	const char	*which = r->f[F_MODLIMR_LIMIT].s, *note = "";
	int		 all, failed = 0, matched = 0;
	size_t		 i;

	memset(d, 0, sizeof(*d));
	d->q = trim(r->a, r->f[F_MODLIMR_Q].s);
	all = r->f[F_MODLIMR_LIMIT].i == 0;
	if (resolve(r, d) == -1) {
		d->found = 0;
		return 503;
	}
	if (!d->found) {
		d->error = T(r->lang, "No user or IP address matches that.");
		return 404;
	}
	load_rows(r, d);
	if (!r->f[F_MODLIMR_CONFIRM].i) {
		d->error = T(r->lang, "Tick the confirmation box first.");
		return 400;
	}
	for (i = 0; i < d->n; i++) {
		if (d->rows[i].exempt ||
		    (!all && strcmp(limits_name(d->rows[i].a), which) != 0))
			continue;
		note = matched++ == 0 ? limits_name(d->rows[i].a) :
		    arena_printf(r->a, "%s, %s", note,
		    limits_name(d->rows[i].a));
	}
	if (matched == 0) {
		d->error = T(r->lang, "That limit does not apply to this "
		    "subject.");
		return 400;
	}
	/* The audit row first: a reset is never done unrecorded. */
	if (store_modlog_add(r->w->db, r->sess->user_id, r->sess->username,
	    "reset_limit", d->is_ip ? "ip" : "user", d->is_ip ? 0 : d->u->id,
	    d->is_ip ? d->ip_subject : d->u->username, d->is_ip ? 0 : d->u->id,
	    r->f[F_MODLIMR_REASON].s, note, before_json(r->a, d), "{}",
	    NULL) == -1)
		return -1;
	for (i = 0; i < d->n; i++) {
		if (d->rows[i].exempt ||
		    (!all && strcmp(limits_name(d->rows[i].a), which) != 0))
			continue;
		if (rl_reset(r->w->cache, d->rows[i].a, d->rows[i].subject) ==
		    -1)
			failed = 1;
	}
	log_info("rate limits: %s reset %s for %s", r->sess->username, note,
	    d->is_ip ? d->ip_subject : d->u->username);
	if (reset != NULL)
		*reset = note;
	load_rows(r, d);
	d->found = 1;
	if (failed)
		d->error = T(r->lang, "Redis is unreachable: the limits could "
		    "not be reset. Try again in a moment.");
	else
		d->notice = all ? T(r->lang, "All limits were reset.") :
		    T(r->lang, "The limit was reset.");
	return failed ? 503 : 200;
}
