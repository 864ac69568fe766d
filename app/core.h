/*
 * core.h: the types every layer shares: the visitor's language, roles,
 * who is signed in, the states of a post, the request as plain data and
 * a thread list row.  A leaf (it includes only lib/buf.h), so store/,
 * acct/, view/ and post/ read them without including app/http/
 * (scripts/check-deps.sh enforces that).
 */
#ifndef SODAN_CORE_H
#define SODAN_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

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
 * The life of a post (app/post/ owns every change; docs/internals.md has
 * the table).  Stored as text in posts.state and posts.kind; decoded into
 * these enums once, where rows are read (app/store/post.c).
 */
enum post_state {
	PS_VISIBLE,		/* published */
	PS_HELD,		/* the filters held it: author and moderators */
	PS_PRIVATE,		/* the author's own secret: author and moderators */
	PS_HIDDEN,		/* flags hid it until a moderator decides */
	PS_REMOVED,		/* a placeholder says who removed it and why */
	PS__MAX
};

enum post_kind {
	PK_QUESTION,
	PK_ANSWER,
	PK_OFFICIAL,		/* a staff member's official answer */
	PK__MAX
};

/*
 * What a notification tells (notifications.kind; the CHECK of migration
 * 0135 lists the same names).  Decoded once, where notification rows are
 * read (app/store/qa.c, app/store/watch.c); the names are in lib/state.h
 * and are also the API's "kind".  NK_UNKNOWN is no stored kind: a name
 * this build does not know decodes to it (logged), and it is shown as a
 * plain notification with no link of its own.
 */
enum notif_kind {
	NK_UNKNOWN,
	NK_ANSWER,		/* a new answer to the member's question */
	NK_ACCEPTED,
	NK_VERIFIED,
	NK_UNVERIFIED,
	NK_HELD,
	NK_APPROVED,
	NK_OFFICIAL_EDITED,
	NK_REMOVED,		/* may be appealed */
	NK_HIDDEN,
	NK_ACCEPTED_EDITED,
	NK_REDACTED,
	NK_WATCH_ANSWER,
	NK_WATCH_OFFICIAL,
	NK_WATCH_VERIFIED,
	NK_MENTION,
	NK_APPEAL_UPHELD,
	NK_APPEAL_REVERSED,
	NK_SUPPORT_REPLY,	/* links the support case, not the thread */
	NK_SUPPORT_RESOLVED,	/* the same */
	NK_ACCEPT_REMINDER,
	NK_SUSPENSION_LIFTED,
	NK_SUSPENSION_UPHELD,
	NK__MAX
};

/*
 * A thread's status (threads.status): open takes answers, closed takes
 * none, locked is closed to every change but moderators'.  Decoded once,
 * where rows are read; the names are in lib/state.h.
 */
enum thread_status {
	TS_OPEN,
	TS_CLOSED,
	TS_LOCKED,
	TS__MAX
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
	/* Moderators (role, not granted): open queue items, for the header. */
	int64_t		 modq_open;
	/*
	 * A request under /api/ authenticated by a personal access token
	 * (Authorization: Bearer, sql/0147): its id and scopes
	 * (TOKEN_SCOPE_*).  0 for a cookie session.
	 */
	int64_t		 token_id;
	unsigned	 token_scopes;
};

/* Scopes of a personal access token (api_tokens.scopes). */
enum token_scope {
	TOKEN_SCOPE_READ = 1 << 0,	/* GET and HEAD */
	TOKEN_SCOPE_WRITE = 1 << 1,	/* every other method */
	TOKEN_SCOPE_MODERATE = 1 << 2,	/* moderator routes, while the
					 * account is a moderator or admin */
	TOKEN_SCOPE_ADMIN = 1 << 3,	/* admin routes, while the account
					 * is an admin (sql/0185) */
	TOKEN_SCOPE_STEPUP = 1 << 4	/* moderator routes that want a
					 * recent second factor, while the
					 * account is a moderator (sql/0193) */
};
/*
 * The scopes that stand for a second factor from the last minutes: made
 * only right after one, the token lives one day, and the role is checked
 * again on every use (pages/tokens.c, http/dispatch.c).
 */
#define TOKEN_SCOPES_FRESH	(TOKEN_SCOPE_ADMIN | TOKEN_SCOPE_STEPUP)

/* A declared input, checked and parsed by its validator (http/valid.c). */
struct fval {
	int		 present;	/* the field was sent and is valid */
	const char	*s;		/* NUL-terminated text (FT texts, enums) */
	size_t		 len;		/* bytes in s */
	int64_t		 i;		/* integers, ids, enum index, bools */
};

/*
 * What a handler sees of a request.  Pages know no h2o types: a request
 * is copied out of h2o on its event loop into a job-owned arena; the
 * handler runs on an app thread, fills r->resp (reply_* in http/req.h,
 * layout_page in view/layout.h), and the loop sends it.  All memory is
 * arena-owned and lives until the response has been sent.
 */
struct arena;
struct route;
struct worker;
struct kv;

enum method {
	M_GET,
	M_HEAD,
	M_POST,
	M_DELETE,		/* the API only (DELETE /api/v1/threads/:id/watch) */
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
	const char	*authorization;
};

/* Keys a cached page may depend on (http/pcache.h, pcache_depend). */
#define REQ_MAX_DEPS	8

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
	int			 lang_pinned;	/* ?hl=ja|en chose lang (view/layout.c) */
	int			 is_api;	/* path under /api/ */
	int			 gzip_ok;
	const char		*csrf;		/* this visitor's CSRF token */
	int			 csrf_set;	/* send the csrf cookie */
	struct session		*sess;		/* NULL: anonymous */
	int			 bearer;	/* Authorization: Bearer on /api/:
						 * 1 a live token (sess set),
						 * -1 unknown, revoked or expired */
	uint64_t		 t0;		/* microseconds, when received */
	/*
	 * Round trips the request cost on its app thread, PostgreSQL (the
	 * primary's pool and the read pool together) and Redis
	 * (db_round_trips, cache_round_trips); -1 when it was answered in
	 * the event loop without either (0 for a composed page answered
	 * there).  The access log's db= and redis=.
	 */
	int			 trips_db;
	int			 trips_redis;
	struct resp		 resp;
	/*
	 * What a page tells search engines and link previews beyond its
	 * title (view/layout.c): a plain-text description (NULL: the
	 * forum's), the page's own Atom feed, and whether it is an article
	 * (a thread) rather than a list.
	 */
	const char		*meta_desc;
	const char		*feed_url;
	const char		*feed_title;
	int			 og_article;
	int			 public_get;	/* a GET route anyone may read (dispatch) */
	/* Page cache: the keys this page depends on (http/pcache.h). */
	const char		*deps[REQ_MAX_DEPS];
	int			 ndeps;		/* > REQ_MAX_DEPS: not cacheable */
	/*
	 * Recording a body shared by a class of signed-in readers
	 * (http/dispatch.c, "composed pages"): the reader's own parts are
	 * written as holes (view/html.h, html_hole) and filled per request.
	 */
	int			 compose_rec;
};

/* A thread in a list (home, category, tag, search, a member's page). */
struct thread_row {
	int64_t		 id;
	const char	*title;
	const char	*lang;
	int64_t		 answers;
	enum thread_status status;
	const char	*author;
	enum role	 author_role;
	int64_t		 last_activity;	/* unix seconds */
	int		 pinned;
	int		 has_official;
	int		 has_verified;
	int		 accepted;
};

#endif
