/*
 * req.h: what a handler sees of a request, and how it answers.
 *
 * Pages know no h2o types.  A request is copied out of h2o on its event
 * loop into a job-owned arena; the handler runs on an app thread, fills
 * r->resp through the reply_* functions, and the loop sends it.  All memory
 * is arena-owned and lives until the response has been sent.
 */
#ifndef SODAN_REQ_H
#define SODAN_REQ_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "http/valid.h"

struct arena;
struct route;
struct worker;
struct html;
struct session;
struct kv;

enum lang {
	LANG_JA,
	LANG_EN,
	LANG__MAX
};

/* Who may use a route; a session's role is one of USER..ADMIN. */
enum role {
	ROLE_ANY,		/* anonymous allowed */
	ROLE_USER,		/* signed in */
	ROLE_STAFF,
	ROLE_MODERATOR,
	ROLE_ADMIN,
	ROLE__MAX
};

/*
 * A signed-in visitor (r->sess), attached by the dispatcher from the
 * sodan_session cookie.  The cookie holds a 256-bit random token
 * (base64url); only its SHA-256 (hex) is stored, in sessions.token_hash.
 * Arena-owned.
 */
struct session {
	int64_t		 id;		/* sessions.id */
	int64_t		 user_id;
	const char	*username;
	const char	*display_name;
	enum role	 role;
	int		 trust;		/* 0..3 */
	int64_t		 created;	/* account created, unix seconds */
	const char	*csrf;		/* the session's CSRF token */
	int64_t		 unread;	/* unread notifications (header count) */
	/*
	 * Privilege follows the session: role is what this session may do
	 * now; granted is the account's role.  A staff, moderator or admin
	 * session that has not passed a second factor itself has role
	 * ROLE_USER until it does (the dispatcher sends it to the step-up
	 * page).  mfa_at: when it last did (unix seconds, 0: never).
	 */
	enum role	 granted;
	int64_t		 mfa_at;
};

enum method {
	M_GET,
	M_HEAD,
	M_POST,
	M_OTHER,
	M__MAX
};

#define ROUTE_MAX_PARAMS	4
#define ROUTE_MAX_FIELDS	16
#define RESP_MAX_HDRS		16

struct resp {
	int		 status;	/* 0 until a reply_* call */
	const char	*ctype;
	struct buf	 body;
	struct {
		const char	*name;
		const char	*value;
	}		 h[RESP_MAX_HDRS];
	size_t		 nh;
	int		 no_cache;	/* never store in the page cache */
	int		 gzipped;
};

/* Request headers copied out of h2o (NULL when absent). */
struct req_hdrs {
	const char	*cookie;
	const char	*accept_language;
	const char	*accept_encoding;
	const char	*content_type;
	const char	*origin;
	const char	*referer;
	const char	*host;
	const char	*user_agent;
	const char	*x_forwarded_for;
	const char	*x_csrf_token;
	const char	*if_none_match;
};

struct req {
	struct arena		*a;
	struct worker		*w;
	const struct route	*rt;
	enum method		 method;
	const char		*path;		/* path without the query */
	const char		*query;		/* raw query (no '?'), or "" */
	const char		*body;		/* raw body, NUL-terminated */
	size_t			 bodylen;
	const char		*param[ROUTE_MAX_PARAMS];	/* ":name" path segments */
	struct fval		 f[ROUTE_MAX_FIELDS];	/* declared inputs, by index */
	struct req_hdrs		 hdr;
	char			 peer[64];	/* connection's address as text */
	const char		*client_ip;	/* peer, or the client a trusted proxy names
						 * in X-Forwarded-For (http/throttle.c) */
	const struct kv		*form;		/* parsed POST body (the 429 page re-renders it) */
	size_t			 nform;
	enum lang		 lang;
	int			 is_api;	/* path under /api/ */
	int			 gzip_ok;
	const char		*csrf;		/* this visitor's CSRF token */
	int			 csrf_set;	/* send the csrf cookie */
	struct session		*sess;		/* NULL: anonymous */
	uint64_t		 t0;		/* microseconds, when received */
	struct resp		 resp;
};

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
 * An error page (HTML in the visitor's language, JSON under /api/) with
 * status 400..503.  msg, if not NULL, is an English msgid shown translated;
 * the page echoes nothing else from the request.  503 adds Retry-After.
 */
void	reply_error(struct req *, int status, const char *msg);
/* As reply_error, with a detail (e.g. a field name) shown escaped after the message. */
void	reply_error_detail(struct req *, int status, const char *msg,
	    const char *detail);
/* Adds a response header; name and value must outlive the request (arena or static). */
void	reply_header(struct req *, const char *name, const char *value);
/* Set-Cookie with Path=/, HttpOnly, SameSite=Lax, Secure behind TLS; max_age < 0: session cookie. */
void	reply_cookie(struct req *, const char *name, const char *value,
	    long max_age);

#endif
