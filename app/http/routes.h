/*
 * routes.h: the route table (method, path pattern, handler, declared
 * inputs, role, flags, rate-limit action).  The dispatcher checks all of
 * these once, before the handler runs.
 */
#ifndef SODAN_ROUTES_H
#define SODAN_ROUTES_H

#include <stddef.h>

#include "http/req.h"
#include "http/valid.h"

typedef void (*handler_fn)(struct req *);

enum route_flags {
	R_CSRF	= 1 << 0,	/* state-changing: token + Origin checked */
	R_CACHE	= 1 << 1,	/* anonymous GET may be served from the page cache */
	R_API	= 1 << 2,	/* JSON errors */
	R_NOCSRFTOKEN = 1 << 3,	/* Origin/Referer check only (no per-visitor token) */
	R_NOGLOBAL = 1 << 4,	/* outside the global per-IP cap (health checks) */
	R_UPLOAD = 1 << 5,	/* multipart/form-data with a file, up to
				 * [uploads] max_bytes + UPLOAD_FORM_SLACK */
	R_FRESH2FA = 1 << 6,	/* sensitive: a second factor within the last
				 * 15 minutes, else the re-authentication page */
	R_MULTIPART = 1 << 7,	/* multipart/form-data accepted too (text
				 * fields, the usual body size) */
	R_VIEW = 1 << 8,	/* a GET answered 200 is a view of thread
				 * param[0] (lib/views.h), robots excepted */
	R_READ = 1 << 9,	/* an anonymous GET reads only, tolerates
				 * lag: the read pool (R_CACHE routes too,
				 * when the render is not stored) */
	R_COMPOSE = 1 << 10	/* a signed-in member's GET is composed from
				 * a body recorded for members (dispatch.c;
				 * only /t/:id: page_thread_reader) */
};

/* Bytes an upload's body may hold beyond the file: boundaries, the token. */
#define UPLOAD_FORM_SLACK	65536

struct route {
	enum method		 method;
	const char		*pattern;	/* "/c/:slug" */
	handler_fn		 fn;
	const struct field	*fields;
	size_t			 nfields;
	enum role		 role;
	int			 flags;
	int			 rl;		/* enum limit_action (lib/limits.h), 0 = none;
						 * paths under /api/ also count LIMIT_API */
};

enum route_match {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_BAD_METHOD
};

/*
 * Finds the route for method and path (no query).  On ROUTE_FOUND sets
 * *rt and param[] (pointers into path, NUL-terminated copies made in the
 * arena).  On ROUTE_BAD_METHOD, allow (if not NULL) gets e.g. "GET, HEAD".
 */
enum route_match route_find(struct arena *, enum method, const char *path,
	    const struct route **rt, const char *param[ROUTE_MAX_PARAMS],
	    const char **allow);

/*
 * A page that can be shown with GET for target, a local path (a query
 * allowed): target itself when a GET route has its path, else its
 * nearest parent that has one ("/t/7/answer" -> "/t/7"; the query is
 * dropped then), else "/".  Used where a visitor is sent back to "the
 * page they were on", which may have been the answer to a POST.
 * Arena-owned or static; never NULL.
 */
const char	*route_get_page(struct arena *, const char *target);
/* The table's size, a route's place in it, and the route at a place. */
size_t		 route_count(void);
size_t		 route_index(const struct route *);
const struct route *route_at(size_t);

#endif
