/*
 * http/reply.c: how handlers answer: pages, JSON, redirects, cookies and
 * the error pages.  Error pages echo nothing from the request but an
 * optional detail chosen by our code (a field name), always escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http/redirect.h"
#include "http/req.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "http/server.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"

struct errpage {
	int		 status;
	const char	*title;
	const char	*msg;
	const char	*detail;
};

static const char	*err_title(int);
static const char	*err_msg(int);
static const char	*err_code(int);
static void		 err_main(struct html *, struct req *, void *);

static const char *
err_title(int status)
{
	switch (status) {
	case 400: return N_("Bad request");
	case 401: return N_("Not signed in");
	case 403: return N_("Not allowed");
	case 404: return N_("Page not found");
	case 405: return N_("Method not allowed");
	case 413: return N_("Too large");
	case 414: return N_("Address too long");
	case 429: return N_("Too many requests");
	case 409: return N_("Conflict");
	case 422: return N_("Cannot be processed");
	case 503: return N_("Temporarily unavailable");
	default: return N_("Something went wrong");
	}
}

static const char *
err_msg(int status)
{
	switch (status) {
	case 400: return N_("The request could not be understood.");
	case 401: return N_("The access token is missing, unknown, revoked "
	    "or expired.");
	case 403: return N_("You are not allowed to do this.");
	case 404: return N_("There is no page at this address. It may "
	    "have been moved or removed.");
	case 405: return N_("This address does not accept that kind of "
	    "request.");
	case 413: return N_("What you sent is larger than the forum "
	    "accepts. Shorten it and try again.");
	case 414: return N_("The address is too long.");
	case 429: return N_("You are doing that too often. Please wait "
	    "a moment and try again.");
	case 409: return N_("This conflicts with the current state of what "
	    "you changed. Read it again and retry.");
	case 422: return N_("Please correct the fields.");
	case 503: return N_("The forum is temporarily unavailable. Please "
	    "try again in a few seconds.");
	default: return N_("Something went wrong on our side. Please try "
	    "again later.");
	}
}

static const char *
err_code(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 413: return "too_large";
	case 414: return "uri_too_long";
	case 429: return "rate_limited";
	case 409: return "conflict";
	case 422: return "unprocessable";
	case 503: return "unavailable";
	default: return "internal_error";
	}
}

static void
err_main(struct html *w, struct req *r, void *arg)
{
	struct errpage	*ep = arg;

	html_lit(w, "<section class=\"error-page\"><h1>");
	html_text(w, i18n_get(r->lang, err_title(ep->status)));
	html_lit(w, " <span class=\"status\">");
	html_int(w, ep->status);
	html_lit(w, "</span></h1>\n<p>");
	html_text(w, i18n_get(r->lang, ep->msg));
	if (ep->detail != NULL) {
		html_lit(w, " <code>");
		html_text(w, ep->detail);
		html_lit(w, "</code>");
	}
	html_lit(w, "</p>\n<p><a href=\"/\">");
	html_text(w, T(r->lang, "Back to the forum"));
	html_lit(w, "</a></p></section>\n");
}

void
reply_header(struct req *r, const char *name, const char *value)
{
	struct resp	*rs = &r->resp;

	if (rs->nh < RESP_MAX_HDRS) {
		rs->h[rs->nh].name = name;
		rs->h[rs->nh].value = value;
		rs->nh++;
	}
}

void
reply_html(struct req *r, int status, struct html *w)
{
	r->resp.status = status ? status : 200;
	r->resp.ctype = "text/html; charset=utf-8";
	r->resp.body = w->b;
}

void
reply_json(struct req *r, int status, const char *json)
{
	r->resp.status = status ? status : 200;
	r->resp.ctype = "application/json; charset=utf-8";
	buf_init(&r->resp.body, r->a);
	buf_puts(&r->resp.body, json);
	buf_putc(&r->resp.body, '\n');
}

void
reply_text(struct req *r, int status, const char *ctype, const char *text)
{
	r->resp.status = status ? status : 200;
	r->resp.ctype = ctype;
	r->resp.no_cache = 1;
	buf_init(&r->resp.body, r->a);
	buf_puts(&r->resp.body, text);
}

void
reply_redirect(struct req *r, const char *location)
{
	location = redirect_local(r->a, location);
	r->resp.status = 303;
	r->resp.ctype = "text/plain; charset=utf-8";
	buf_init(&r->resp.body, r->a);
	reply_header(r, "Location", arena_strdup(r->a, location));
	r->resp.no_cache = 1;
}

void
reply_redirect_permanent(struct req *r, const char *location)
{
	reply_redirect(r, location);
	r->resp.status = 301;
}

void
reply_redirect_external(struct req *r, const char *url)
{
	if (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0) {
		reply_error(r, 500, NULL);
		return;
	}
	r->resp.status = 303;
	r->resp.ctype = "text/plain; charset=utf-8";
	buf_init(&r->resp.body, r->a);
	reply_header(r, "Location", arena_strdup(r->a, url));
	r->resp.no_cache = 1;
}

void
reply_cookie(struct req *r, const char *name, const char *value,
    long max_age)
{
	const struct conf	*c = r->w ? r->w->conf : NULL;
	char			 age[48] = "";

	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	reply_header(r, "Set-Cookie", arena_printf(r->a,
	    "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value, age,
	    c && c->tls_in_front ? "; Secure" : ""));
	r->resp.no_cache = 1;
}

void
reply_problem(struct req *r, const struct problem *p)
{
	json_t		*j, *arr, *o;
	char		*s;
	size_t		 i;

	r->resp.nh = 0;
	r->resp.no_cache = 1;
	j = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", "about:blank",
	    "title", i18n_get(r->lang, err_title(p->status)), "status",
	    p->status, "detail", p->detail != NULL ? p->detail :
	    i18n_get(r->lang, err_msg(p->status)), "error", p->code != NULL ?
	    p->code : err_code(p->status));
	if (j != NULL && p->nerrors > 0) {
		arr = json_array();
		for (i = 0; i < p->nerrors; i++) {
			o = json_pack("{s:s}", "detail", p->errors[i].detail);
			if (o != NULL && p->errors[i].field != NULL)
				json_object_set_new(o, "field",
				    json_string(p->errors[i].field));
			json_array_append_new(arr, o);
		}
		json_object_set_new(j, "errors", arr);
	}
	if (j != NULL && p->retry_after > 0)
		json_object_set_new(j, "retry_after",
		    json_integer(p->retry_after));
	if (j != NULL && p->blocked != 0)
		json_object_set_new(j, "blocked", json_boolean(p->blocked > 0));
	s = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
	reply_json(r, p->status, s != NULL ? arena_strdup(r->a, s) :
	    "{\"type\":\"about:blank\",\"status\":500}");
	r->resp.ctype = "application/problem+json";
	free(s);
	json_decref(j);
	if (p->status == 503)
		reply_header(r, "Retry-After", "5");
	else if (p->retry_after > 0)
		reply_header(r, "Retry-After", arena_printf(r->a, "%lld",
		    (long long)p->retry_after));
}

void
reply_error_detail(struct req *r, int status, const char *msg,
    const char *detail)
{
	struct errpage		 ep = { status, NULL, msg ? msg : err_msg(status),
	    detail };
	struct problem		 p;
	struct problem_field	 f;
	json_t			*j;
	char			*s;

	if (strncmp(r->path != NULL ? r->path : "", "/api/", 5) == 0) {
		memset(&p, 0, sizeof(p));
		p.status = status;
		p.detail = i18n_get(r->lang, ep.msg);
		if (detail != NULL) {
			/* a declared field's name (our code chose it) */
			p.detail = arena_printf(r->a, "%s %s", p.detail, detail);
			f.field = detail;
			f.detail = p.detail;
			p.errors = &f;
			p.nerrors = 1;
		}
		reply_problem(r, &p);
		return;
	}
	r->resp.nh = 0;
	r->resp.no_cache = 1;
	if (status == 503)
		reply_header(r, "Retry-After", "5");
	if (r->is_api) {
		j = json_pack("{s:s, s:s}", "error", err_code(status),
		    "message", i18n_get(r->lang, ep.msg));
		if (j != NULL && detail != NULL)
			json_object_set_new(j, "detail", json_string(detail));
		s = j ? json_dumps(j, JSON_COMPACT) : NULL;
		reply_json(r, status, s ? arena_strdup(r->a, s) :
		    "{\"error\":\"internal_error\"}");
		free(s);
		json_decref(j);
		return;
	}
	layout_page(r, status, i18n_get(r->lang, err_title(status)), err_main,
	    &ep);
}

void
reply_error(struct req *r, int status, const char *msg)
{
	reply_error_detail(r, status, msg, NULL);
}
