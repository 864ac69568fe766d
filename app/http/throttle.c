/*
 * http/throttle.c: rate limits in the dispatcher, and the 429 page.
 *
 * The dispatcher calls throttle_global_or_reply() for every job right
 * after parsing (per IP, before the session lookup, so a refused flood
 * costs no database query), and throttle_route_or_reply() after CSRF,
 * field validation and the role check, just before the handler: a form
 * that is refused for another reason does not spend allowance.  Requests
 * answered in the event loop (static assets, the anonymous page cache,
 * 404/405/413/414) never reach either.
 *
 * The 429 page keeps what was typed: for a POST form it renders a form
 * posting the route's declared fields back to the same URL, with the
 * values sent (escaped; FIELD_SECRET fields left empty) and a fresh CSRF
 * token; texts (valid_text) become textareas, lines inputs, and ids,
 * numbers, enums and tokens hidden inputs.
 */
#include <sys/socket.h>

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cache/ratelimit.h"
#include "http/input.h"
#include "http/req.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/session.h"
#include "http/throttle.h"
#include "http/valid.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/limits.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

#define US	1000000LL

struct page429 {
	int64_t		 secs;
	int		 form;
};

static const struct limits *limits_of(const struct req *);
static const char *xff_client(struct req *, const struct limits *);
static void	 text_n(struct html *, const char *, int64_t);
static void	 wait_text(struct html *, struct req *, int64_t);
static const char *form_value(const struct req *, const char *);
static int	 is_secret(const struct field *);
static void	 form_fields(struct html *, struct req *);
static void	 main429(struct html *, struct req *, void *);
static const char *subject_of(struct req *, const struct limits *,
		    enum limit_action);
static int	 check(struct req *, enum limit_action, const char *,
		    const struct limit *);

static const struct limits *
limits_of(const struct req *r)
{
	return r->w != NULL && r->w->conf != NULL ? &r->w->conf->limits : NULL;
}

/* The right-most X-Forwarded-For entry that is not a trusted proxy. */
static const char *
xff_client(struct req *r, const struct limits *l)
{
	char	*list, *p, *e;
	size_t	 n;

	list = arena_strdup(r->a, r->hdr.x_forwarded_for);
	for (;;) {
		p = strrchr(list, ',');
		e = p != NULL ? p + 1 : list;
		while (*e == ' ' || *e == '\t')
			e++;
		n = strlen(e);
		while (n > 0 && (e[n - 1] == ' ' || e[n - 1] == '\t'))
			e[--n] = '\0';
		if (n == 0 || n >= 64)
			return NULL;
		if (!limits_is_proxy(l, e) || p == NULL)
			return e;
		*p = '\0';
	}
}

void
throttle_client(struct req *r)
{
	const struct limits	*l = limits_of(r);
	const char		*c;
	unsigned char		 a[16];

	r->client_ip = r->peer;
	if (l == NULL || l->nproxies == 0 || r->hdr.x_forwarded_for == NULL ||
	    !limits_is_proxy(l, r->peer))
		return;
	if ((c = xff_client(r, l)) != NULL &&
	    (inet_pton(AF_INET, c, a) == 1 || inet_pton(AF_INET6, c, a) == 1))
		r->client_ip = c;
}

const char *
throttle_ip_subject(struct arena *ar, const struct limits *l, const char *ip)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	unsigned char	 a[16];
	char		 txt[INET6_ADDRSTRLEN];
	int		 bits, i;

	if (ip == NULL)
		return "ip:unknown";
	if (inet_pton(AF_INET, ip, a) == 1)
		return arena_printf(ar, "ip:%s", ip);
	if (inet_pton(AF_INET6, ip, a) != 1)
		return "ip:unknown";
	if (memcmp(a, mapped, sizeof(mapped)) == 0) {
		inet_ntop(AF_INET, a + 12, txt, sizeof(txt));
		return arena_printf(ar, "ip:%s", txt);
	}
	bits = l != NULL ? l->ipv6_prefix : 64;
	for (i = 0; i < 16; i++) {
		if (bits >= 8)
			bits -= 8;
		else {
			a[i] &= (unsigned char)(0xff << (8 - bits));
			bits = 0;
		}
	}
	inet_ntop(AF_INET6, a, txt, sizeof(txt));
	return arena_printf(ar, "ip6:%s/%d", txt, l != NULL ?
	    l->ipv6_prefix : 64);
}

int
throttle_limit_for(const struct req *r, enum limit_action a,
    struct limit *out)
{
	if (r->sess == NULL)
		return throttle_limit_subject(r, a, 0, ROLE_ANY, 0, out);
	return throttle_limit_subject(r, a, 1, r->sess->role, r->sess->trust,
	    out);
}

int
throttle_limit_subject(const struct req *r, enum limit_action a, int user,
    enum role role, int trust, struct limit *out)
{
	const struct limits	*l = limits_of(r);
	double			 m;

	if (l == NULL || a <= LIMIT_NONE || a >= LIMIT__MAX)
		return 1;
	*out = l->act[a];
	if (!out->per_user || !user)
		return 0;
	switch (role) {
	case ROLE_ADMIN:
	case ROLE_MODERATOR:
		m = l->moderator;
		break;
	case ROLE_STAFF:
		m = l->staff;
		break;
	default:
		m = l->trust[trust >= 0 && trust <= 3 ? trust : 0];
		break;
	}
	if (m <= 0)
		return 1;
	out->burst = (int64_t)((double)out->burst * m + 0.5);
	if (out->burst < 1)
		out->burst = 1;
	out->interval_us = (int64_t)((double)out->interval_us / m);
	if (out->interval_us < 1)
		out->interval_us = 1;
	return 0;
}

static int
check(struct req *r, enum limit_action a, const char *subject,
    const struct limit *lim)
{
	const struct limits	*l = limits_of(r);
	struct rl_result	 res;

	rl_check(r->w->cache, a, subject, lim, r->method == M_POST ||
	    r->method == M_DELETE,
	    l->fallback_divisor, &res);
	if (res.allowed)
		return 0;
	throttle_reply(r, res.retry_us);
	return -1;
}

int
throttle_or_reply(struct req *r, enum limit_action a, const char *subject)
{
	struct limit	 lim;

	if (throttle_limit_for(r, a, &lim) != 0)
		return 0;
	return check(r, a, subject, &lim);
}

int
throttle_global_or_reply(struct req *r)
{
	const struct limits	*l = limits_of(r);

	if (l == NULL || (r->rt != NULL && (r->rt->flags & R_NOGLOBAL)))
		return 0;
	if (r->client_ip == NULL)
		throttle_client(r);
	return throttle_or_reply(r, LIMIT_GLOBAL,
	    throttle_ip_subject(r->a, l, r->client_ip));
}

/*
 * Requests answered in the event loop from memory (a member's composed
 * page from the session cache: dispatch_compose_loop) cannot wait for
 * Redis; they count against an allowance of this instance alone, of the
 * global cap's size, under their own subject ("loop:" and the IP's), so
 * they never mix with what the in-process fallback counts while Redis is
 * down.  Beyond it a request goes the usual way, through an app thread
 * and the global check in Redis (429 there).
 */
int
throttle_global_local(struct req *r)
{
	const struct limits	*l = limits_of(r);
	struct limit		 lim;
	struct rl_result	 res;
	const char		*ip;
	char			 subject[96];
	size_t			 n;

	if (l == NULL || throttle_limit_for(r, LIMIT_GLOBAL, &lim) != 0)
		return 0;
	if (r->client_ip == NULL)
		throttle_client(r);
	/* IPv6 grouped by prefix, as the global check in Redis does */
	ip = throttle_ip_subject(r->a, l, r->client_ip);
	if ((n = strlen(ip)) >= sizeof(subject) - 5)
		return -1;
	memcpy(subject, "loop:", 5);
	memcpy(subject + 5, ip, n + 1);
	rl_local_check(LIMIT_GLOBAL, subject, &lim, &res);
	return res.allowed ? 0 : -1;
}

/* Per-user actions count the signed-in user, everything else the IP. */
static const char *
subject_of(struct req *r, const struct limits *l, enum limit_action a)
{
	if (r->client_ip == NULL)
		throttle_client(r);
	if (l->act[a].per_user && r->sess != NULL)
		return arena_printf(r->a, "u:%lld",
		    (long long)r->sess->user_id);
	return throttle_ip_subject(r->a, l, r->client_ip);
}

int
throttle_route_or_reply(struct req *r)
{
	const struct limits	*l = limits_of(r);
	enum limit_action	 a = (enum limit_action)r->rt->rl;

	if (l == NULL)
		return 0;
	/* a personal access token: its own allowance, whoever holds it */
	if (r->sess != NULL && r->sess->token_id != 0 &&
	    throttle_or_reply(r, LIMIT_API_TOKEN, arena_printf(r->a,
	    "t:%lld", (long long)r->sess->token_id)) == -1)
		return -1;
	if (strncmp(r->path, "/api/", 5) == 0 && a != LIMIT_API &&
	    throttle_or_reply(r, LIMIT_API, subject_of(r, l, LIMIT_API)) == -1)
		return -1;
	if (a <= LIMIT_NONE || a >= LIMIT__MAX)
		return 0;
	return throttle_or_reply(r, a, subject_of(r, l, a));
}

int
throttle_signin_ip_or_reply(struct req *r)
{
	const struct limits	*l = limits_of(r);

	if (l == NULL)
		return 0;
	if (r->client_ip == NULL)
		throttle_client(r);
	return throttle_or_reply(r, LIMIT_SIGNIN_IP,
	    throttle_ip_subject(r->a, l, r->client_ip));
}

int
throttle_signin_account_or_reply(struct req *r, const char *account)
{
	if (limits_of(r) == NULL || account == NULL || account[0] == '\0')
		return 0;
	return throttle_or_reply(r, LIMIT_SIGNIN_ACCOUNT,
	    throttle_account_subject(r->a, account));
}

int
throttle_register_check_or_reply(struct req *r, int *spent)
{
	const struct limits	*l = limits_of(r);
	const char		*subject;
	struct limit		 lim;
	struct rl_result	 res;

	*spent = 0;
	if (l == NULL || throttle_limit_for(r, LIMIT_REGISTER, &lim) != 0)
		return 0;
	if (r->client_ip == NULL)
		throttle_client(r);
	subject = throttle_ip_subject(r->a, l, r->client_ip);
	if (rl_peek(r->w->cache, LIMIT_REGISTER, subject, &lim, &res) == -1) {
		*spent = 1;
		return check(r, LIMIT_REGISTER, subject, &lim);
	}
	/* A peek spends nothing; "remaining" says whether one is left. */
	if (res.remaining != 0)
		return 0;
	throttle_reply(r, res.retry_us);
	return -1;
}

void
throttle_register_spend(struct req *r)
{
	const struct limits	*l = limits_of(r);
	struct limit		 lim;
	struct rl_result	 res;

	if (l == NULL || throttle_limit_for(r, LIMIT_REGISTER, &lim) != 0)
		return;
	if (r->client_ip == NULL)
		throttle_client(r);
	rl_check(r->w->cache, LIMIT_REGISTER, throttle_ip_subject(r->a, l,
	    r->client_ip), &lim, 1, l->fallback_divisor, &res);
}

const char *
throttle_account_subject(struct arena *ar, const char *account)
{
	char	*out = arena_alloc(ar, RL_ACCOUNT_SUBJECT_MAX);

	rl_account_subject(out, RL_ACCOUNT_SUBJECT_MAX, account);
	return out;
}

/* Writes msgid's translation with "{n}" replaced by n. */
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

static void
wait_text(struct html *w, struct req *r, int64_t secs)
{
	if (secs < 120)
		text_n(w, T(r->lang, "You can try again in {n} seconds."),
		    secs);
	else if (secs < 2 * 3600)
		text_n(w, T(r->lang, "You can try again in {n} minutes."),
		    (secs + 59) / 60);
	else
		text_n(w, T(r->lang, "You can try again in {n} hours."),
		    (secs + 3599) / 3600);
}

static const char *
form_value(const struct req *r, const char *name)
{
	size_t	i;

	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, name) == 0)
			return r->form[i].val;
	return NULL;
}

static int
is_secret(const struct field *f)
{
	return (f->flags & FIELD_SECRET) || strstr(f->name, "password") != NULL;
}

/*
 * The label of a declared field on the 429 page, in words: the name the
 * form itself shows, never the input's name.  Unknown names say "Text".
 */
static const struct {
	const char	*name;
	const char	*label;		/* English msgid */
} field_labels[] = {
	{ "username", N_("Username") },
	{ "display_name", N_("Display name") },
	{ "password", N_("Password") },
	{ "title", N_("Title") },
	{ "body", N_("Your text") },
	{ "tags", N_("Tags") },
	{ "category", N_("Category") },
	{ "note", N_("Details") },
	{ "reason", N_("Reason") },
	{ "email", N_("Email address") },
	{ "q", N_("Search") },
	{ "code", N_("Code") },
};

static const char *
field_label(enum lang l, const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(field_labels) / sizeof(field_labels[0]); i++)
		if (strcmp(field_labels[i].name, name) == 0)
			return i18n_get(l, field_labels[i].label);
	return T(l, "Text");
}

static void
form_fields(struct html *w, struct req *r)
{
	const struct route	*rt = r->rt;
	const struct field	*f;
	const char		*v;
	size_t			 i;

	for (i = 0; i < rt->nfields; i++) {
		f = &rt->fields[i];
		v = is_secret(f) ? NULL : form_value(r, f->name);
		if (f->valid == valid_id || f->valid == valid_int ||
		    f->valid == valid_enum || f->valid == valid_bool ||
		    f->valid == valid_token) {
			if (v == NULL)
				continue;
			html_lit(w, "<input type=\"hidden\" name=\"");
			html_attr(w, f->name);
			html_lit(w, "\" value=\"");
			html_attr(w, v);
			html_lit(w, "\">\n");
			continue;
		}
		html_lit(w, "<p><label>");
		html_text(w, field_label(r->lang, f->name));
		html_lit(w, "<br>");
		if (f->valid == valid_text) {
			html_lit(w, "<textarea rows=\"12\" cols=\"60\" name=\"");
			html_attr(w, f->name);
			html_lit(w, "\">");
			html_text(w, v != NULL ? v : "");
			html_lit(w, "</textarea>");
		} else {
			if (is_secret(f))
				html_lit(w, "<input type=\"password\" name=\"");
			else
				html_lit(w, "<input type=\"text\" size=\"60\" "
				    "name=\"");
			html_attr(w, f->name);
			html_lit(w, "\" value=\"");
			html_attr(w, v != NULL ? v : "");
			html_lit(w, "\">");
		}
		html_lit(w, "</label></p>\n");
	}
}

static void
main429(struct html *w, struct req *r, void *arg)
{
	struct page429	*p = arg;

	html_lit(w, "<section class=\"error-page rate-limited\"><h1>");
	html_text(w, T(r->lang, "Too many requests"));
	html_lit(w, " <span class=\"status\">429</span></h1>\n<p>");
	html_text(w, T(r->lang, "You are doing that too often. Please wait "
	    "a moment and try again."));
	html_lit(w, " <strong class=\"retry-after\">");
	wait_text(w, r, p->secs);
	html_lit(w, "</strong></p>\n");
	if (p->form) {
		html_lit(w, "<p>");
		html_text(w, T(r->lang, "What you typed is kept below: send "
		    "it again when the time is up."));
		html_lit(w, "</p>\n<form class=\"resend\" method=\"post\" "
		    "action=\"");
		html_attr(w, r->path);
		html_lit(w, "\">");
		layout_csrf(w, r);
		html_lit(w, "\n");
		form_fields(w, r);
		html_lit(w, "<p><button type=\"submit\">");
		html_text(w, T(r->lang, "Send again"));
		html_lit(w, "</button></p></form>\n");
	}
	html_lit(w, "<p><a href=\"/\">");
	html_text(w, T(r->lang, "Back to the forum"));
	html_lit(w, "</a></p></section>\n");
}

void
throttle_reply(struct req *r, int64_t retry_us)
{
	struct page429	 p;
	struct problem	 pb;
	json_t		*j;
	char		*s;

	memset(&p, 0, sizeof(p));
	p.secs = (retry_us + US - 1) / US;
	if (p.secs < 1)
		p.secs = 1;
	r->resp.nh = 0;
	r->resp.no_cache = 1;
	if (strncmp(r->path != NULL ? r->path : "", "/api/", 5) == 0) {
		memset(&pb, 0, sizeof(pb));
		pb.status = 429;
		pb.code = "rate_limited";
		pb.retry_after = p.secs;
		reply_problem(r, &pb);
		return;
	} else if (r->is_api) {
		j = json_pack("{s:s, s:s, s:I}", "error", "rate_limited",
		    "message", T(r->lang, "You are doing that too often. "
		    "Please wait a moment and try again."), "retry_after",
		    (json_int_t)p.secs);
		s = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
		reply_json(r, 429, s != NULL ? arena_strdup(r->a, s) :
		    "{\"error\":\"rate_limited\"}");
		free(s);
		json_decref(j);
	} else {
		p.form = r->method == M_POST && r->rt != NULL &&
		    r->rt->nfields > 0;
		/* A fresh token for the form (the global cap runs before the session). */
		if (p.form && r->csrf == NULL && session_attach(r, 1) == -1)
			p.form = 0;
		layout_page(r, 429, T(r->lang, "Too many requests"), main429,
		    &p);
	}
	reply_header(r, "Retry-After", arena_printf(r->a, "%lld",
	    (long long)p.secs));
}
