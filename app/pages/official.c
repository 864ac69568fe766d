/* pages/official.c: "Is this official?" (page and JSON): official, not official and why, or unknown. */
/*
 * The pasted text goes through mod_check() like a post, so a phone number,
 * e-mail address, handle or link is normalized exactly as the filters
 * normalize contact points (full-width digits, +81, case...), and the
 * library's own findings about it are used.  Each contact point found is:
 *
 *   official      one of the exchange's contact points: a line of
 *                 conf/moderation/official_contacts.txt or an official
 *                 phone, handle or domain added at /admin/lists (as
 *                 loaded with the rule set, so within the lists' poll
 *                 interval), or a host under such a domain or under the
 *                 domain of a listed e-mail address
 *                 (support@exchange.example makes exchange.example and
 *                 www.exchange.example official); an allow_domain entry
 *                 alone is not official;
 *   not_official  a lookalike of a protected brand or of an allowed
 *                 domain (the library's link.lookalike finding; a brand's
 *                 own domain is read from brands.txt: "looks like
 *                 binance.com"; a copy of an allowed domain names it);
 *   scam          on the block list (block_domains.txt: link.blocklisted),
 *                 blocked by moderators (blocked_contacts), or seen in
 *                 posts removed as scams (post_contacts: "N times");
 *   unknown       none of these.
 *
 * Every reason is given in the visitor's language; the JSON answer has the
 * same verdicts with a list of reasons (code, text, and brand or count).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "moderation/moderation.h"

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "post/feeds.h"
#include "post/filter.h"
#include "post/ruleset.h"
#include "pages/pages.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

enum verdict { V_OFFICIAL, V_SCAM, V_UNKNOWN, V_NOT_OFFICIAL };

#define WHY_MAX	4

struct why {
	const char	*code;		/* lookalike, block_list, feed, blocked,
					   removed_posts */
	const char	*text;		/* in r->lang */
	const char	*brand;		/* lookalike: the brand's domain, or NULL */
	int64_t		 count;		/* removed_posts */
};

struct found {
	const char	*type;
	const char	*value;
	enum verdict	 v;
	struct why	 why[WHY_MAX];
	size_t		 nwhy;
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
static int	 official_domain(struct req *, const char *);
static const char *brand_domain(struct req *, const char *);
static int	 overlaps(const struct mod_span *, const struct mod_span *);
static void	 add_why(struct found *, const char *, const char *,
		    const char *, int64_t);

/*
 * Is value one of the exchange's contact points: a line of
 * official_contacts.txt or an official phone or handle of /admin/lists,
 * as loaded with the rule set in use (no file read, no query)?
 */
int
official_listed(struct req *r, const char *value)
{
	return ruleset_official(r->a, value, 0);
}

/*
 * Is host under one of the exchange's own domains: a line of
 * official_contacts.txt without "@" or "+", an official domain of
 * /admin/lists (not a mere allow_domain entry), or the domain of a listed
 * e-mail address?
 */
static int
official_domain(struct req *r, const char *host)
{
	return ruleset_official(r->a, host, 1);
}

/* The first official domain of brand label in brands.txt, or NULL. */
static const char *
brand_domain(struct req *r, const char *label)
{
	char		 line[1024], *p, *lab, *dom;
	char		*path;
	const char	*out = NULL;
	FILE		*fp;

	path = arena_printf(r->a, "%s/brands.txt", r->w->conf->moderation);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	while (out == NULL && fgets(line, sizeof(line), fp) != NULL) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = line;
		if ((lab = strsep(&p, " \t\r\n")) == NULL || *lab == '\0')
			continue;
		if (*lab == '=')
			lab++;
		if (strcasecmp(lab, label) != 0)
			continue;
		while ((dom = strsep(&p, " \t\r\n")) != NULL)
			if (*dom != '\0') {
				out = arena_strdup(r->a, dom);
				break;
			}
	}
	fclose(fp);
	return out;
}

static int
overlaps(const struct mod_span *a, const struct mod_span *b)
{
	return a->field == b->field && a->start < b->end && b->start < a->end;
}

static void
add_why(struct found *f, const char *code, const char *text,
    const char *brand, int64_t count)
{
	if (f->nwhy == WHY_MAX)
		return;
	f->why[f->nwhy].code = code;
	f->why[f->nwhy].text = text;
	f->why[f->nwhy].brand = brand;
	f->why[f->nwhy].count = count;
	f->nwhy++;
}

/* 0, or -1 when the rule set or the store is unavailable. */
static int
check(struct req *r, const char *q, struct official_data *d)
{
	const struct feeds	*feeds = NULL;
	const struct mod_rules	*rules = filter_rules_get_feeds(r->a, &feeds);
	const struct mod_reason	*rs;
	const char		*listed;
	enum feed		 which;
	const char		*lab, *end, *brand;
	struct mod_post		 p;
	struct mod_verdict	 v;
	struct found		*f;
	size_t			 i, k;
	int64_t			 nrm;
	int			 b, rc = -1;
	enum lang		 l = r->lang;

	if (rules == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	memset(&v, 0, sizeof(v));
	p.kind = MOD_KIND_ANSWER;
	p.body = q;
	p.body_len = strlen(q);
	p.seconds_after_question = -1;
	if (mod_check(rules, &p, NULL, &v) == -1)
		goto out;
	d->f = arena_calloc(r->a, v.ncontacts + 1, sizeof(*d->f));
	for (i = 0; i < v.ncontacts; i++) {
		f = &d->f[i];
		f->type = mod_contact_type_name(v.contacts[i].type);
		f->value = arena_strdup(r->a, v.contacts[i].value);
		f->v = V_UNKNOWN;
		if (official_listed(r, f->value) ||
		    (v.contacts[i].type == MOD_CONTACT_DOMAIN &&
		    official_domain(r, f->value))) {
			f->v = V_OFFICIAL;
			continue;
		}
		/* The library's findings on this contact point's text. */
		for (k = 0; k < v.nreasons; k++) {
			rs = &v.reasons[k];
			if (!overlaps(&rs->span, &v.contacts[i].span))
				continue;
			if (strcmp(rs->rule, "link.lookalike") == 0) {
				/* "(host ~ label)": the protected brand. */
				brand = NULL;
				if ((lab = strstr(rs->text_en, " ~ ")) != NULL &&
				    (end = strchr(lab + 3, ')')) != NULL) {
					brand = arena_strndup(r->a, lab + 3,
					    (size_t)(end - lab - 3));
					/* an allowed domain's copy names it */
					if (strchr(brand, '.') == NULL)
						brand = brand_domain(r, brand);
				}
				add_why(f, "lookalike", brand != NULL ?
				    arena_printf(r->a, T(l, "It looks like %s "
				    "but is a different address: a lookalike "
				    "made to pass for it."), brand) :
				    arena_strdup(r->a, l == LANG_JA ?
				    rs->text_ja : rs->text_en), brand, 0);
				if (f->v == V_UNKNOWN)
					f->v = V_NOT_OFFICIAL;
			} else if (strcmp(rs->rule, "link.blocklisted") == 0) {
				add_why(f, "block_list", T(l, "It is on the "
				    "block list of known scam and phishing "
				    "sites."), NULL, 0);
				f->v = V_SCAM;
			}
		}
		/* A block-list feed (behind the allow list): named. */
		if (v.contacts[i].type == MOD_CONTACT_DOMAIN &&
		    feeds_lookup(feeds, f->value, &which, &listed)) {
			add_why(f, "feed", arena_printf(r->a, T(l, "It is on "
			    "the %s block list of phishing and scam sites "
			    "(listed: %s)."), feeds_title(which), listed),
			    NULL, 0);
			f->v = V_SCAM;
		}
		if (store_contact_blocked(r->w->db, r->a, f->type, f->value, &b,
		    NULL, NULL) == -1 || store_contact_scam_posts(r->w->db,
		    f->type, f->value, &nrm) == -1)
			goto out;
		if (b) {
			add_why(f, "blocked", T(l, "Moderators blocked it as a "
			    "scam."), NULL, 0);
			f->v = V_SCAM;
		}
		if (nrm > 0) {
			add_why(f, "removed_posts", arena_printf(r->a, T(l,
			    "It was seen in posts removed as scams %lld "
			    "time(s)."), (long long)nrm), NULL, nrm);
			f->v = V_SCAM;
		}
	}
	d->n = v.ncontacts;
	d->checked = 1;
	rc = 0;
out:
	mod_verdict_free(&v);
	return rc;
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
	case V_NOT_OFFICIAL:
		return T(l, "Not official: this imitates a known exchange or "
		    "wallet. Do not sign in, call or send anything there; reach "
		    "support only through the exchange's website or app.");
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
	size_t			 i, k;

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
		    d->f[i].v == V_SCAM ? "scam" : d->f[i].v ==
		    V_NOT_OFFICIAL ? "not-official" : "unknown");
		html_lit(w, "\"><p><code>");
		html_text(w, d->f[i].value);
		html_lit(w, "</code> (");
		html_text(w, d->f[i].type);
		html_lit(w, ")</p><p><strong>");
		html_text(w, advice(l, d->f[i].v));
		html_lit(w, "</strong></p>");
		if (d->f[i].nwhy > 0) {
			html_lit(w, "<ul class=\"official-why\">");
			for (k = 0; k < d->f[i].nwhy; k++) {
				html_lit(w, "<li>");
				html_text(w, d->f[i].why[k].text);
				html_lit(w, "</li>");
			}
			html_lit(w, "</ul>");
		}
		html_lit(w, "</div>");
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
	json_t			*arr, *root, *why, *o;
	size_t			 i, k;
	char			*s;
	static const char *const vn[] = { "official", "scam", "unknown",
	    "not_official" };

	memset(&d, 0, sizeof(d));
	d.q = r->f[F_OFF_Q].s;
	if (check(r, d.q, &d) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	arr = json_array();
	for (i = 0; i < d.n; i++) {
		why = json_array();
		for (k = 0; k < d.f[i].nwhy; k++) {
			o = json_pack("{s:s, s:s}", "code", d.f[i].why[k].code,
			    "text", d.f[i].why[k].text);
			if (d.f[i].why[k].brand != NULL)
				json_object_set_new(o, "brand",
				    json_string(d.f[i].why[k].brand));
			if (d.f[i].why[k].count > 0)
				json_object_set_new(o, "count",
				    json_integer(d.f[i].why[k].count));
			json_array_append_new(why, o);
		}
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:o}", "type", d.f[i].type, "value", d.f[i].value,
		    "verdict", vn[d.f[i].v], "advice", advice(r->lang,
		    d.f[i].v), "reasons", why));
	}
	root = json_pack("{s:o}", "contacts", arr);
	s = json_dumps(root, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(root);
}
