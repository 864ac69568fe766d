/*
 * req.h: how a handler answers (reply_*).  What it sees of a request,
 * struct req, is plain data in app/core.h, so the view and the lower
 * layers read it without including app/http/.
 */
#ifndef SODAN_REQ_H
#define SODAN_REQ_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "http/valid.h"

struct html;

/* reply.c: every handler answers through these. */

/* A complete HTML page from the writer, status 200 unless given. */
void	reply_html(struct req *, int status, struct html *);
/* JSON text (already serialized, e.g. by jansson), arena-owned or static. */
void	reply_json(struct req *, int status, const char *json);
/* Plain text (e.g. Prometheus metrics) with content type ctype (static). */
void	reply_text(struct req *, int status, const char *ctype,
	    const char *text);
/* 303 See Other to a local path (must start with '/' and not "//"). */
void	reply_redirect(struct req *, const char *location);
/*
 * 301 Moved Permanently to a local path, as reply_redirect (a tag
 * synonym's pages to the canonical tag's); not stored by the page cache.
 */
void	reply_redirect_permanent(struct req *, const char *location);
/*
 * 303 See Other to an absolute http(s) URL the server built itself (the
 * OpenID provider's authorization URL), never one taken from a request.
 */
void	reply_redirect_external(struct req *, const char *url);
/*
 * An error page (HTML in the visitor's language, JSON under /api/) with
 * status 400..503.  msg, if not NULL, is an English msgid shown translated;
 * the page echoes nothing else from the request.  503 adds Retry-After.
 */
void	reply_error(struct req *, int status, const char *msg);
/* As reply_error, with a detail (e.g. a field name) shown escaped after the message. */
void	reply_error_detail(struct req *, int status, const char *msg,
	    const char *detail);
/*
 * Errors under /api/ in one shape, RFC 9457 problem details
 * (application/problem+json): type (about:blank: the status says what
 * went wrong), title (the status in the request's language), status,
 * detail (a sentence in the request's language), error (a stable code,
 * e.g. "invalid_token"), and when given: errors (one object per field,
 * {"field", "detail"}), retry_after, blocked.  reply_error and the 429
 * answer use it for every path under /api/; handlers call it for field
 * errors.
 */
struct problem_field {
	const char	*field;		/* the declared field's name, or NULL */
	const char	*detail;	/* translated */
};
struct problem {
	int			 status;
	const char		*code;		/* NULL: from status */
	const char		*detail;	/* translated; NULL: from status */
	const struct problem_field *errors;
	size_t			 nerrors;
	int64_t			 retry_after;	/* > 0: the member, and Retry-After */
	int			 blocked;	/* > 0: "blocked": true; < 0 false */
};
void	reply_problem(struct req *, const struct problem *);

/* Adds a response header; name and value must outlive the request (arena or static). */
void	reply_header(struct req *, const char *name, const char *value);
/* Set-Cookie with Path=/, HttpOnly, SameSite=Lax, Secure behind TLS; max_age < 0: session cookie. */
void	reply_cookie(struct req *, const char *name, const char *value,
	    long max_age);

#endif
