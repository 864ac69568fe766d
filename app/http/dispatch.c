/*
 * http/dispatch.c: the checks every request passes, once, before its
 * handler runs, in this order: query and body parsing (malformed escapes
 * or invalid UTF-8 anywhere: 400), visitor identity, CSRF (403), declared
 * fields (400 naming the field; undeclared fields are dropped), role,
 * the route's rate limit, then the handler.  Afterwards: gzip when the
 * client accepts it, and the anonymous page cache for routes that allow it.
 *
 * Composed pages (R_COMPOSE, [server] compose_pages): a signed-in
 * member's GET without a query is answered from a body recorded for
 * every member, kept in the page cache under "m:LANG:PATH" with the keys
 * the page declared (so the same writes drop it as drop the anonymous
 * page), with the reader's own parts filled per request (compose()).
 *
 * Rate limits (http/throttle.c): the global per-IP cap right after
 * parsing, before the session is looked up (a refused flood costs no
 * query); the route's own action (routes.c, rl) after CSRF, fields and
 * role, just before the handler, so a form refused for another reason
 * spends no allowance.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/dispatch.h"
#include "http/gzip.h"
#include "http/input.h"
#include "http/pcache.h"
#include "http/req.h"
#include "http/routes.h"
#include "http/sesscache.h"
#include "http/server.h"
#include "http/session.h"
#include "http/throttle.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/views.h"
#include "lib/utf8.h"
#include "pages/pages.h"
#include "store/db.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"

#define GZIP_MIN	512

static int	 kv_valid(const struct kv *, size_t);
static const struct kv *kv_find(const struct kv *, size_t, const char *);
static int	 is_urlencoded(const char *);
static int	 is_multipart(const char *);
static const struct kv *kv_join(struct req *, const struct kv *, size_t,
		    const char *);
static void	 finish(struct req *, int cacheable, uint64_t gen);
static int	 serve_entry(struct req *, const char *key);
static void	 render(struct req *, int);
static int	 compose(struct req *, uint64_t gen);
static void	 compose_key(char *, size_t, const struct req *);
static int	 role_ok(enum role, enum role);
static void	 bearer_refuse(struct req *, int, const char *);
static int	 bearer_scope_or_reply(struct req *, int);

/*
 * RFC 6750: 401 invalid_token (unknown, revoked, expired) or 403
 * insufficient_scope (scope names the one needed), as problem details
 * with WWW-Authenticate.
 */
static void
bearer_refuse(struct req *r, int status, const char *scope)
{
	struct problem	p;

	memset(&p, 0, sizeof(p));
	p.status = status;
	if (status == 401) {
		p.code = "invalid_token";
		p.detail = T(r->lang, "The access token is unknown, revoked or "
		    "expired. Create a new one at /settings/tokens.");
		reply_problem(r, &p);
		reply_header(r, "WWW-Authenticate", "Bearer realm=\"sodan\", "
		    "error=\"invalid_token\"");
		return;
	}
	p.code = "insufficient_scope";
	p.detail = arena_printf(r->a, "%s %s", T(r->lang, "This access token "
	    "lacks the scope this request needs:"), scope);
	reply_problem(r, &p);
	reply_header(r, "WWW-Authenticate", arena_printf(r->a, "Bearer "
	    "realm=\"sodan\", error=\"insufficient_scope\", scope=\"%s\"",
	    scope));
}

/*
 * The scopes a token needs for this route: read for GET and HEAD, write
 * for every other method, moderate as well on moderator routes and admin
 * on admin routes.  A route that wants a second factor in the last
 * minutes (R_FRESH2FA) takes a token only under /api/ and only with a
 * scope that stands for it (TOKEN_SCOPES_FRESH, given only after a fresh
 * second factor, living one day: pages/tokens.c): admin on an admin
 * route, stepup on a moderator's (an administrator's admin token
 * includes stepup, session.c).
 */
static int
bearer_scope_or_reply(struct req *r, int is_get)
{
	unsigned	have = r->sess->token_scopes;

	if ((r->rt->flags & R_FRESH2FA) && !(r->rt->flags & R_API)) {
		reply_error(r, 403, N_("This action needs a recent second "
		    "factor and cannot be done with an access token."));
		return -1;
	}
	if (r->rt->role >= ROLE_ADMIN) {
		if (!(have & TOKEN_SCOPE_ADMIN)) {
			bearer_refuse(r, 403, "admin");
			return -1;
		}
	} else if (r->rt->role >= ROLE_MODERATOR &&
	    !(have & TOKEN_SCOPE_MODERATE)) {
		bearer_refuse(r, 403, "moderate");
		return -1;
	}
	if ((r->rt->flags & R_FRESH2FA) && r->rt->role < ROLE_ADMIN &&
	    !(have & TOKEN_SCOPE_STEPUP)) {
		bearer_refuse(r, 403, "stepup");
		return -1;
	}
	if (is_get && !(have & TOKEN_SCOPE_READ)) {
		bearer_refuse(r, 403, "read");
		return -1;
	}
	if (!is_get && !(have & TOKEN_SCOPE_WRITE)) {
		bearer_refuse(r, 403, "write");
		return -1;
	}
	return 0;
}

/*
 * Admins may do everything; staff and moderators each their own work
 * (staff also close, lock and pin: routes that allow both say ROLE_STAFF
 * and check the moderator case in the handler).
 */
static int
role_ok(enum role have, enum role need)
{
	if (have == ROLE_ADMIN || need <= ROLE_USER)
		return 1;
	return have == need;
}

void
dispatch_error(struct req *r, int status)
{
	reply_error(r, status, NULL);
}

static int
kv_valid(const struct kv *kv, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (!utf8_valid(kv[i].key, kv[i].keylen) ||
		    (!kv[i].file && !utf8_valid(kv[i].val, kv[i].vallen)))
			return 0;
	return 1;
}

static const struct kv *
kv_find(const struct kv *kv, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(kv[i].key, name) == 0)
			return &kv[i];
	return NULL;
}

/* Every value of a repeated field (checkboxes), joined by ',' (arena). */
static const struct kv *
kv_join(struct req *r, const struct kv *kv, size_t n, const char *name)
{
	struct kv	*out = arena_calloc(r->a, 1, sizeof(*out));
	struct buf	 b;
	size_t		 i;

	buf_init(&b, r->a);
	buf_puts(&b, "");
	for (i = 0; i < n; i++) {
		if (strcmp(kv[i].key, name) != 0)
			continue;
		if (b.len > 0)
			buf_putc(&b, ',');
		buf_put(&b, kv[i].val, kv[i].vallen);
	}
	out->key = name;
	out->keylen = strlen(name);
	out->val = b.p;
	out->vallen = b.len;
	return out;
}

static int
is_urlencoded(const char *ct)
{
	size_t	n = sizeof("application/x-www-form-urlencoded") - 1;

	return ct != NULL &&
	    strncasecmp(ct, "application/x-www-form-urlencoded", n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int
is_multipart(const char *ct)
{
	return ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0;
}

static int
is_text_type(const char *ct)
{
	return ct != NULL && (strncmp(ct, "text/", 5) == 0 ||
	    strncmp(ct, "application/json", 16) == 0 ||
	    strncmp(ct, "application/atom+xml", 20) == 0);
}

/*
 * Compression and the page cache, once the handler has answered.  A page
 * is stored only when it answered 200 and declared the keys it depends
 * on (pcache_depend), under the sequence number read before it rendered.
 */
static void
finish(struct req *r, int cacheable, uint64_t gen)
{
	struct resp	*rs = &r->resp;
	char		*gz = NULL, key[600];
	size_t		 gzlen = 0, nk;
	int		 store;

	/*
	 * A request that may have changed state drops this instance's cached
	 * sessions and reader parts before its response leaves
	 * (http/sesscache.h): besides sign-out, roles and suspensions, a
	 * write can notify any member (the unread count in every header).
	 * A refusal (4xx) changed nothing.
	 */
	if (r->method != M_GET && r->method != M_HEAD &&
	    (rs->status < 400 || rs->status >= 500))
		sesscache_flush();
	if (r->csrf_set)
		reply_cookie(r, "sodan_csrf", r->csrf, -1);
	store = cacheable && rs->status == 200 && !rs->no_cache &&
	    rs->nh == 0 && r->ndeps > 0 && r->ndeps <= REQ_MAX_DEPS;
	/* miss: rendered and stored; pass: rendered, not storable */
	if (cacheable && rs->status == 200)
		reply_header(r, "X-Cache", store ? "miss" : "pass");
	if (rs->gzipped || rs->body.len < GZIP_MIN ||
	    !is_text_type(rs->ctype))
		gz = NULL;
	else if (r->gzip_ok || store)
		gz = gzip_compress(r->a, rs->body.p, rs->body.len, &gzlen);
	if (store) {
		nk = (size_t)r->ndeps;
		snprintf(key, sizeof(key), "%s:%s", i18n_code(r->lang),
		    r->path);
		pcache_put(key, rs->ctype, rs->body.p, rs->body.len, gz, gzlen,
		    r->deps, nk, gen);
	}
	if (gz != NULL && r->gzip_ok) {
		rs->body.p = gz;
		rs->body.len = gzlen;
		rs->gzipped = 1;
	}
}

void
dispatch_run(struct req *r)
{
	const struct route	*rt = r->rt;
	const struct field	*fd;
	const struct kv		*v;
	struct kv		*q = NULL, *b = NULL;
	size_t			 nq = 0, nb = 0, i;
	int			 cacheable, need_token, is_get, hl;
	uint64_t		 gen = pcache_seq();
	char			 key[600];

	buf_init(&r->resp.body, r->a);
	is_get = r->method == M_GET || r->method == M_HEAD;
	r->is_api = (rt->flags & R_API) != 0 ||
	    strncmp(r->path, "/api/", 5) == 0;

	if (input_parse_form(r->a, r->query, strlen(r->query), &q, &nq) == -1 ||
	    !kv_valid(q, nq)) {
		reply_error(r, 400, N_("The address contains malformed or "
		    "non-UTF-8 characters."));
		goto out;
	}
	if (r->method == M_POST && r->bodylen > 0) {
		if (is_urlencoded(r->hdr.content_type)) {
			if (input_parse_form(r->a, r->body, r->bodylen, &b,
			    &nb) == -1 || !kv_valid(b, nb)) {
				reply_error(r, 400, N_("The form contains "
				    "malformed or non-UTF-8 characters."));
				goto out;
			}
		} else if ((rt->flags & (R_UPLOAD | R_MULTIPART)) &&
		    is_multipart(r->hdr.content_type)) {
			if (input_parse_multipart(r->a, r->hdr.content_type,
			    r->body, r->bodylen, &b, &nb) == -1 ||
			    !kv_valid(b, nb)) {
				reply_error(r, 400, N_("The form could not be "
				    "read. Reload the page and try again."));
				goto out;
			}
		} else if (!(rt->flags & R_API)) {
			reply_error(r, 400, N_("Unsupported form encoding."));
			goto out;
		}
	}
	r->form = b;
	r->nform = nb;
	/*
	 * ?hl=ja or ?hl=en names the page's language for this request alone
	 * (the hreflang alternates of view/layout.c: a search engine
	 * without cookies reaches each language at its own address).  Such
	 * a request has a query, so it never enters the page cache.
	 */
	r->public_get = r->method == M_GET && rt->role == ROLE_ANY;
	if (is_get && (v = kv_find(q, nq, "hl")) != NULL && v->vallen == 2 &&
	    (hl = i18n_parse(v->val, v->vallen)) >= 0) {
		r->lang = (enum lang)hl;
		r->lang_pinned = 1;
	}
	throttle_client(r);
	if (throttle_global_or_reply(r) == -1)
		goto out;

	need_token = !(rt->flags & R_CACHE) && !(rt->flags & R_API) &&
	    !r->is_api;
	if (session_attach(r, need_token) == -1) {
		reply_error(r, 503, NULL);
		goto out;
	}
	cacheable = (rt->flags & R_CACHE) && is_get && r->query[0] == '\0' &&
	    r->sess == NULL;
	if (r->bearer == -1) {
		bearer_refuse(r, 401, NULL);
		goto out;
	}

	/* Under /api/, no credentials at all: say how to send them. */
	if (rt->role != ROLE_ANY && r->sess == NULL &&
	    strncmp(r->path, "/api/", 5) == 0) {
		reply_error(r, 401, N_("Sign in first, or send a personal "
		    "access token (Authorization: Bearer)."));
		reply_header(r, "WWW-Authenticate", "Bearer realm=\"sodan\"");
		goto out;
	}
	/* A bearer token is not ambient: no CSRF token to check. */
	if ((r->method == M_POST || r->method == M_DELETE) &&
	    (rt->flags & R_CSRF) && r->bearer != 1) {
		v = kv_find(b, nb, "csrf");
		if (!session_csrf_ok(r, v ? v->val : NULL,
		    !(rt->flags & R_NOCSRFTOKEN))) {
			reply_error(r, 403, N_("This form has expired or was "
			    "sent from another site. Reload the page and try "
			    "again."));
			goto out;
		}
	}

	for (i = 0; i < rt->nfields && i < ROUTE_MAX_FIELDS; i++) {
		fd = &rt->fields[i];
		memset(&r->f[i], 0, sizeof(r->f[i]));
		v = r->method == M_POST ? kv_find(b, nb, fd->name) : NULL;
		if (v == NULL)
			v = kv_find(q, nq, fd->name);
		if (v != NULL && (fd->flags & FIELD_MULTI))
			v = kv_join(r, r->method == M_POST && nb > 0 ? b : q,
			    r->method == M_POST && nb > 0 ? nb : nq, fd->name);
		if (v == NULL) {
			if (fd->flags & FIELD_REQUIRED) {
				reply_error_detail(r, 400, N_("A required "
				    "field is missing:"), fd->name);
				goto out;
			}
			continue;
		}
		if (v->file == 0 && fd->valid == valid_cursor &&
		    fd->valid(fd, v->val, v->vallen, &r->f[i]) == -1) {
			reply_error(r, 400, N_("This link to a further page "
			    "of the list is not valid: it was changed or cut "
			    "short. Open the list again and use its Newer and "
			    "Older links."));
			goto out;
		}
		if ((v->file != 0) != ((fd->flags & FIELD_FILE) != 0) ||
		    fd->valid(fd, v->val, v->vallen, &r->f[i]) == -1) {
			reply_error_detail(r, 400, N_("A field is not valid:"),
			    fd->name);
			goto out;
		}
		r->f[i].present = 1;
	}

	if (r->bearer == 1 && bearer_scope_or_reply(r, is_get) == -1)
		goto out;
	if (rt->role != ROLE_ANY && r->sess == NULL) {
		if (r->is_api)
			reply_error(r, 403, N_("Sign in first."));
		else
			reply_redirect(r, arena_printf(r->a, "/login?next=%s",
			    r->path));
		goto out;
	}

	if (rt->role > ROLE_USER && !role_ok(r->sess->role, rt->role)) {
		/*
		 * The account has the power but this session has not passed
		 * a second factor: the step-up page (enrolment if the account
		 * has none yet), then back here.
		 */
		if (role_ok(r->sess->granted, rt->role)) {
			if (r->is_api)
				reply_error(r, 403, N_("Two-step verification "
				    "is needed in this session first."));
			else
				reply_redirect(r, arena_printf(r->a,
				    "/login/verify?next=%s", is_get ? r->path :
				    "/"));
			goto out;
		}
		reply_error(r, 403, NULL);
		goto out;
	}
	/* a token reaches here on an R_FRESH2FA route only with a scope
	 * that stands for the second factor (admin or stepup) */
	if ((rt->flags & R_FRESH2FA) && r->bearer != 1 &&
	    account_fresh_or_reply(r) == -1)
		goto out;

	if (throttle_route_or_reply(r) == -1)
		goto out;

	if ((rt->flags & R_COMPOSE) && r->method == M_GET &&
	    r->query[0] == '\0' && r->sess != NULL && r->bearer != 1 &&
	    !r->is_api && r->w->conf != NULL && r->w->conf->compose_pages &&
	    compose(r, gen) == 0)
		goto served;
	if (cacheable) {
		/*
		 * One render per page under a stampede: the first request
		 * renders, the others wait here (an app thread, never a
		 * loop) and take its copy.
		 */
		snprintf(key, sizeof(key), "%s:%s", i18n_code(r->lang),
		    r->path);
		if (serve_entry(r, key) == 0) {
			cacheable = 0;
			goto served;
		}
		switch (pcache_claim(key, PCACHE_CLAIM_WAIT_MS)) {
		case 1:
			pcache_rendered();
			render(r, 1);
			finish(r, cacheable, gen);
			pcache_release(key);
			goto viewed;
		case 0:
			if (serve_entry(r, key) == 0) {
				cacheable = 0;
				goto served;
			}
			break;
		default:
			break;
		}
		pcache_rendered();
	}
	render(r, cacheable);
served:
	finish(r, cacheable, gen);
viewed:
	/* a thread page shown: one view (lib/views.h), robots excepted */
	if ((rt->flags & R_VIEW) && r->method == M_GET &&
	    r->resp.status == 200 && r->param[0] != NULL &&
	    !views_is_bot(r->hdr.user_agent, r->hdr.user_agent != NULL ?
	    strlen(r->hdr.user_agent) : 0))
		views_hit(strtoll(r->param[0], NULL, 10));
	return;
out:
	finish(r, 0, gen);
}

/*
 * Answers r from the page cache (another thread rendered the page while
 * r waited in the queue or in pcache_claim).  0, or -1 when not cached.
 */
static int
serve_entry(struct req *r, const char *key)
{
	struct pcache_entry	*e;
	struct resp		*rs = &r->resp;

	if ((e = pcache_get(key)) == NULL)
		return -1;
	rs->status = 200;
	rs->ctype = e->ctype;
	if (e->gz != NULL && r->gzip_ok) {
		buf_put(&rs->body, e->gz, e->gzlen);
		rs->gzipped = 1;
	} else
		buf_put(&rs->body, e->body, e->len);
	pcache_unref(e);
	reply_header(r, "X-Cache", "hit");
	return 0;
}

/*
 * The handler, and the answer when it gave none.  An anonymous GET of a
 * route that only reads (R_READ, or R_CACHE) runs on the read pool
 * (db_for_read: a standby within [database] max_lag_ms, else the
 * primary) unless its render goes into the page cache (stored): a
 * standby that has not replayed a write yet would store the page as it
 * was before, as fresh, after that write's invalidation.  Those renders,
 * one per key per write, read the primary.
 */
static void
render(struct req *r, int stored)
{
	const struct route	*rt = r->rt;
	struct db		*wdb = r->w->db;
	uint64_t		 fails;

	if (!stored && r->method == M_GET && r->sess == NULL &&
	    r->bearer == 0 && (rt->flags & (R_READ | R_CACHE)))
		r->w->db = db_for_read(r->w->rdb, wdb,
		    r->w->conf->db_max_lag_ms);
	fails = db_failures(r->w->db);
	rt->fn(r);
	if (r->w->db != wdb) {
		if (r->resp.status == 0 && db_failures(r->w->db) != fails)
			reply_error(r, 503, NULL);
		r->w->db = wdb;
	}
	if (r->resp.status == 0) {
		/*
		 * The one place where a store failure becomes an answer:
		 * handlers return without one, and the page (or the API's
		 * JSON error) says the forum is temporarily unavailable.
		 */
		if (db_failures(r->w->db) != fails)
			reply_error(r, 503, NULL);
		else {
			log_err("%s: handler gave no answer", rt->pattern);
			reply_error(r, 500, NULL);
		}
	}
}

/* "m:LANG:PATH", the page cache's key of a composed page's record. */
static void
compose_key(char *key, size_t len, const struct req *r)
{
	const char	*lc = i18n_code(r->lang);
	size_t		 n = strlen(lc), pl = strlen(r->path);

	if (2 + n + 1 + pl + 1 > len)
		pl = len - (2 + n + 1 + 1);	/* never stored: no hit */
	memcpy(key, "m:", 2);
	memcpy(key + 2, lc, n);
	key[2 + n] = ':';
	memcpy(key + 3 + n, r->path, pl);
	key[3 + n + pl] = '\0';
}

/*
 * A signed-in member's composed page in the event loop, when everything
 * it needs is in memory: the session and the reader's parts in the
 * session cache (http/sesscache.h), the record in the page cache, and
 * an allowance of the global cap on this instance (throttle_global_local).
 * No PostgreSQL, no Redis, no hand-off: the same fill as compose() below,
 * so the same bytes.  What an app thread would do besides is nothing for
 * this request: no query string to parse, no form, no CSRF to check (a
 * GET), a route open to anyone, no route limit, no cookie to set.  0 when
 * r->resp is the answer; -1 when the request must go to an app thread
 * (r as it was: no session attached, no response begun).
 */
int
dispatch_compose_loop(struct req *r)
{
	const struct route	*rt = r->rt;
	struct thread_reader	 rd;
	struct pcache_entry	*e;
	struct resp		*rs = &r->resp;
	struct html		 w;
	char			 key[600], *gz;
	size_t			 gzlen = 0;

	if (rt == NULL || !(rt->flags & R_COMPOSE) || rt->role != ROLE_ANY ||
	    rt->rl != 0 || r->method != M_GET || r->query[0] != '\0' ||
	    r->is_api || r->w == NULL || r->w->conf == NULL ||
	    !r->w->conf->compose_pages || !sesscache_on())
		return -1;
	if (session_attach_cached(r) != 1)
		goto pass;
	if (page_thread_reader_cached(r, &rd) != 1 ||
	    throttle_global_local(r) == -1)
		goto pass;
	compose_key(key, sizeof(key), r);
	if ((e = pcache_get(key)) == NULL)
		goto pass;
	buf_init(&rs->body, r->a);
	html_init(&w, r->a);
	if (page_thread_compose(&w, r, &rd, e->body, e->len) == -1) {
		pcache_unref(e);
		goto pass;
	}
	pcache_unref(e);
	rs->status = 200;
	rs->ctype = "text/html; charset=utf-8";
	rs->body = w.b;
	reply_header(r, "X-Compose", "hit");
	if (r->gzip_ok && rs->body.len >= GZIP_MIN &&
	    (gz = gzip_compress(r->a, rs->body.p, rs->body.len,
	    &gzlen)) != NULL) {
		rs->body.p = gz;
		rs->body.len = gzlen;
		rs->gzipped = 1;
	}
	if ((rt->flags & R_VIEW) && r->param[0] != NULL &&
	    !views_is_bot(r->hdr.user_agent, r->hdr.user_agent != NULL ?
	    strlen(r->hdr.user_agent) : 0))
		views_hit(strtoll(r->param[0], NULL, 10));
	return 0;
pass:
	r->sess = NULL;
	r->csrf = NULL;
	r->client_ip = NULL;
	return -1;
}

/*
 * A signed-in member's page from the body recorded for members: the
 * reader's parts are read first (one round trip); a reader who sees
 * more than other members (page_thread_reader says 0) is rendered whole
 * (-1 here).  On a miss the handler runs with r->compose_rec set, so the
 * reader's parts come out as holes; that record is stored when it
 * answered 200 and declared its keys (the handler declares none when
 * what it read was not every member's: pages/thread.c, recordable), then
 * filled for this reader like a hit.  X-Compose says which: hit, miss
 * (recorded and stored), pass (recorded, not stored), whole.  0 when r
 * was answered.
 */
static int
compose(struct req *r, uint64_t gen)
{
	struct thread_reader	 rd;
	struct pcache_entry	*e;
	struct resp		*rs = &r->resp;
	struct html		 w;
	struct buf		 rec;
	char			 key[600];
	const char		*how;
	int			 rc;

	if ((rc = page_thread_reader(r, &rd)) != 1) {
		if (rc == 0)
			reply_header(r, "X-Compose", "whole");
		return -1;
	}
	compose_key(key, sizeof(key), r);
	html_init(&w, r->a);
	if ((e = pcache_get(key)) != NULL) {
		rc = page_thread_compose(&w, r, &rd, e->body, e->len);
		pcache_unref(e);
		if (rc == -1)
			return -1;
		rs->status = 200;
		rs->ctype = "text/html; charset=utf-8";
		rs->body = w.b;
		reply_header(r, "X-Compose", "hit");
		return 0;
	}
	pcache_rendered();
	r->compose_rec = 1;
	render(r, 1);
	r->compose_rec = 0;
	rec = rs->body;
	if (rs->status == 200 && !rs->no_cache && rs->nh == 0 &&
	    r->ndeps > 0 && r->ndeps <= REQ_MAX_DEPS) {
		pcache_put(key, rs->ctype, rec.p, rec.len, NULL, 0, r->deps,
		    (size_t)r->ndeps, gen);
		how = "miss";
	} else
		how = "pass";
	if (page_thread_compose(&w, r, &rd, rec.p, rec.len) == -1) {
		log_err("%s: a recorded page was cut short", r->path);
		reply_error(r, 500, NULL);
		return 0;
	}
	rs->body = w.b;
	reply_header(r, "X-Compose", how);
	return 0;
}
