/* pages/official.c: "Is this official?" (page and JSON): official, known scam, or unknown. */
/*
 * The pasted text goes through mod_check() like a post, so a phone number,
 * e-mail address, handle or link is normalized exactly as the filters
 * normalize contact points (full-width digits, +81, case...).  Each one
 * found is then: official (listed in conf/moderation/official_contacts.txt,
 * the allowlist the library also reads), a known scam (in
 * blocked_contacts: moderators removed it here as a scam), or unknown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "moderation/moderation.h"

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "post/filter.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

enum verdict { V_OFFICIAL, V_SCAM, V_UNKNOWN };

struct found {
	const char	*type;
	const char	*value;
	enum verdict	 v;
};

struct official_data {
	const char	*q;
	struct found	*f;
	size_t		 n;
	int		 checked;
};

static int	 check(struct req *, const char *, struct official_data *);
static void	 official_main(struct html *, struct req *, void *);
static const char *advice(enum lang, enum verdict);

/* Is value a line of the allowlist official_contacts.txt? */
int
official_listed(struct req *r, const char *value)
{
	char	 line[512];
	char	*path;
	FILE	*fp;
	size_t	 n;
	int	 hit = 0;

	path = arena_printf(r->a, "%s/official_contacts.txt",
	    r->w->conf->moderation);
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	while (!hit && fgets(line, sizeof(line), fp) != NULL) {
		n = strcspn(line, " \t\r\n#");
		line[n] = '\0';
		hit = n > 0 && strcasecmp(line, value) == 0;
	}
	fclose(fp);
	return hit;
}

/* 0, or -1 when the rule set or the store is unavailable. */
static int
check(struct req *r, const char *q, struct official_data *d)
{
	const struct mod_rules	*rules = filter_rules_get();
	struct mod_post		 p;
	struct mod_verdict	 v;
	size_t			 i;
	int			 b;

	if (rules == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	memset(&v, 0, sizeof(v));
	p.kind = MOD_KIND_ANSWER;
	p.body = q;
	p.body_len = strlen(q);
	p.seconds_after_question = -1;
	if (mod_check(rules, &p, NULL, &v) == -1) {
		mod_verdict_free(&v);
		return -1;
	}
	d->f = arena_calloc(r->a, v.ncontacts + 1, sizeof(*d->f));
	for (i = 0; i < v.ncontacts; i++) {
		d->f[i].type = mod_contact_type_name(v.contacts[i].type);
		d->f[i].value = arena_strdup(r->a, v.contacts[i].value);
		if (official_listed(r, d->f[i].value))
			d->f[i].v = V_OFFICIAL;
		else if (store_contact_blocked(r->w->db, r->a, d->f[i].type,
		    d->f[i].value, &b, NULL, NULL) == -1) {
			mod_verdict_free(&v);
			return -1;
		} else
			d->f[i].v = b ? V_SCAM : V_UNKNOWN;
	}
	d->n = v.ncontacts;
	d->checked = 1;
	mod_verdict_free(&v);
	return 0;
}

static const char *
advice(enum lang l, enum verdict v)
{
	switch (v) {
	case V_OFFICIAL:
		return T(l, "Official: this is one of the exchange's own "
		    "contact points. Even so, staff never ask for your "
		    "password, recovery phrase or private key.");
	case V_SCAM:
		return T(l, "Known scam: moderators removed posts using this "
		    "contact point as a scam. Do not call, message or send "
		    "anything to it. If you already did, change your password "
		    "and contact official support from the exchange's website.");
	default:
		return T(l, "Unknown: this is not one of the exchange's "
		    "official contact points. Treat it as untrusted; reach "
		    "support only through the exchange's website or app.");
	}
}

static void
official_main(struct html *w, struct req *r, void *arg)
{
	struct official_data	*d = arg;
	enum lang		 l = r->lang;
	size_t			 i;

	html_lit(w, "<h1>");
	html_text(w, T(l, "Is this official?"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(l, "Paste a phone number, web address, e-mail address "
	    "or Telegram/WhatsApp/LINE handle that claims to be the exchange's "
	    "support."));
	html_lit(w, "</p>\n<form method=\"get\" action=\"/official\" "
	    "role=\"search\"><label for=\"official-q\">");
	html_text(w, T(l, "Contact point"));
	html_lit(w, "</label> <input id=\"official-q\" name=\"q\" size=\"40\" "
	    "maxlength=\"300\" required value=\"");
	html_attr(w, d->q);
	html_lit(w, "\"> <button type=\"submit\">");
	html_text(w, T(l, "Check"));
	html_lit(w, "</button></form>\n");
	if (!d->checked)
		return;
	html_lit(w, "<section class=\"official-result\" aria-live=\"polite\">");
	if (d->n == 0) {
		html_lit(w, "<p>");
		html_text(w, T(l, "No phone number, address or handle was "
		    "recognised in what you entered."));
		html_lit(w, "</p>");
	}
	for (i = 0; i < d->n; i++) {
		html_lit(w, "<div class=\"official-");
		html_text(w, d->f[i].v == V_OFFICIAL ? "official" :
		    d->f[i].v == V_SCAM ? "scam" : "unknown");
		html_lit(w, "\"><p><code>");
		html_text(w, d->f[i].value);
		html_lit(w, "</code> (");
		html_text(w, d->f[i].type);
		html_lit(w, ")</p><p><strong>");
		html_text(w, advice(l, d->f[i].v));
		html_lit(w, "</strong></p></div>");
	}
	html_lit(w, "</section>\n");
}

void
page_official(struct req *r)
{
	struct official_data	d;

	memset(&d, 0, sizeof(d));
	d.q = r->f[F_OFF_Q].present ? r->f[F_OFF_Q].s : "";
	if (d.q[0] != '\0' && check(r, d.q, &d) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	layout_page(r, 200, T(r->lang, "Is this official?"), official_main,
	    &d);
}

void
api_official(struct req *r)
{
	struct official_data	 d;
	json_t			*arr, *root;
	size_t			 i;
	char			*s;
	static const char *const vn[] = { "official", "scam", "unknown" };

	memset(&d, 0, sizeof(d));
	d.q = r->f[F_OFF_Q].s;
	if (check(r, d.q, &d) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	arr = json_array();
	for (i = 0; i < d.n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}",
		    "type", d.f[i].type, "value", d.f[i].value,
		    "verdict", vn[d.f[i].v], "advice", advice(r->lang,
		    d.f[i].v)));
	root = json_pack("{s:o}", "contacts", arr);
	s = json_dumps(root, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(root);
}
