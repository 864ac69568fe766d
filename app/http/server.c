/*
 * http/server.c: event loops, listeners, the in-loop fast paths, the
 * hand-off to app threads and back, the access log and shutdown.
 *
 * Each event loop is a thread with its own h2o context and its own
 * SO_REUSEPORT listener, so the kernel spreads connections across loops.
 * A loop never blocks: it answers static assets and cached anonymous pages
 * itself, renders error pages that need no store (404, 405, 413, 414), and
 * turns every other request into a job.  A job copies what the handler may
 * read out of h2o into its own arena, so app threads never touch
 * h2o_req_t.  App threads (a fixed pool, each owning one PostgreSQL and one
 * Redis connection) run the dispatcher and post the job back to its loop
 * with h2o's multithread messages; the loop sends the response.
 *
 * A client may disconnect while its job runs.  Each job has a hook object
 * allocated in the request's pool with a destructor (h2o_mem_alloc_shared):
 * when h2o frees the request, the destructor runs on the loop thread and
 * either marks the job orphaned (still running: the loop frees it when the
 * app thread posts it back) or frees the job (already answered: the
 * response body lived in the job's arena until now, so it is sent without
 * a copy).  Both the destructor and the message receiver run on the loop
 * thread, so no lock guards this hand-over.
 *
 * Shutdown (SIGTERM, SIGINT): first, for [server] drain_ms, nothing changes
 * but /healthz/ready answering 503 (server_draining()), so a load balancer
 * takes the instance out before its listeners close.  Then loops accept
 * what is waiting in the listen backlog (closing a listener resets those connections), close their
 * listeners, ask h2o to close idle connections, keep running until their jobs in flight are answered
 * and flushed, then exit; then the app threads drain the queue and exit.
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <linux/filter.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <h2o.h>
#include <h2o/multithread.h>

#include "cache/cache.h"
#include "cache/pagegen.h"
#include "http/dispatch.h"
#include "http/gzip.h"
#include "http/input.h"
#include "http/metrics.h"
#include "http/pcache.h"
#include "http/req.h"
#include "http/routes.h"
#include "http/sesscache.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/embedded.h"
#include "lib/log.h"
#include "lib/util.h"
#include "lib/views.h"
#include "store/store.h"
#include "store/db.h"
#include "view/asset.h"
#include "view/i18n.h"

#define SHUTDOWN_DRAIN_US	1000000		/* idle time before a loop ends */
#define SHUTDOWN_MAX_US		15000000	/* longest a shutdown waits */

struct loop {
	h2o_context_t			 ctx;
	h2o_accept_ctx_t		 actx;
	h2o_multithread_queue_t		*q;
	h2o_multithread_receiver_t	 rx;
	h2o_socket_t			*listener;
	int				 fd;
	int				 idx;
	size_t				 inflight;
	size_t				 conns;		/* open connections */
	pthread_t			 tid;
	/*
	 * What a request answered in the loop sees as its worker: the
	 * configuration, and no connection (db, rdb, cache NULL): the loop
	 * never waits on PostgreSQL or Redis (dispatch_compose_loop).
	 */
	struct worker			 w;
};

struct job_hook;

struct job {
	h2o_multithread_message_t	 msg;
	struct job			*next;		/* queue link */
	struct loop			*lp;
	h2o_req_t			*req;		/* loop thread only; NULL once freed */
	struct job_hook			*hook;		/* loop thread only */
	struct req			 r;		/* arena-owned copy for the handler */
	int				 sent;
};

struct job_hook {
	struct job	*job;
};

/* Keeps an arena (error pages) or a cached page alive until h2o frees the request. */
struct keep {
	struct arena		*a;
	struct pcache_entry	*e;
};

static const struct conf	*cf;
static h2o_globalconf_t		 gconf;
static struct loop		*loops;
static int			 nloops;
static pthread_t		*apps;
static int			 napps;
static atomic_int		 stopping;
static _Atomic uint64_t		 drain_end;	/* 0: not draining yet */
static _Atomic int		 queued;	/* jobs waiting for an app thread */
static _Atomic int		 running_jobs;	/* jobs an app thread is running */
static int			 access_fd = 2;

static pthread_mutex_t		 qmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t		 qcv = PTHREAD_COND_INITIALIZER;
static struct job		*qhead, *qtail;
static int			 qclosed;

static __thread struct loop	*cur_loop;

static const char csp[] = "default-src 'self'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static void	 close_idle(h2o_context_t *);
static void	 on_signal(int);
static void	 job_push(struct job *);
static struct job *job_pop(void);
static void	 job_free(struct job *);
static void	 hook_dispose(void *);
static void	 keep_dispose(void *);
static void	*app_main(void *);
static void	 on_msgs(h2o_multithread_receiver_t *, h2o_linklist_t *);
static int	 on_req(h2o_handler_t *, h2o_req_t *);
static void	 view_cached(h2o_req_t *, const char *);
static void	*views_main(void *);
static void	 on_accept(h2o_socket_t *, const char *);
static void	 conn_accept(struct loop *, h2o_socket_t *);
static void	 conn_closed(void *);
static void	*loop_main(void *);
static int	 listen_socket(int);
static const char *reason(int);
static const char *hdr_copy(struct arena *, h2o_req_t *, const h2o_token_t *);
static const char *hdr_copy_str(struct arena *, h2o_req_t *, const char *);
static void	 peer_text(h2o_req_t *, char *, size_t);
static enum method method_of(h2o_req_t *);
static void	 req_fill(struct req *, h2o_req_t *);
static void	 send_resp(h2o_req_t *, struct req *);
static void	 send_local_error(h2o_req_t *, struct req *, int, const char *);
static void	 serve_asset(h2o_req_t *, struct asset *, struct req *);
static void	 serve_cached(h2o_req_t *, struct pcache_entry *, struct req *);
static void	 common_headers(h2o_req_t *, int html);
static void	 access_log(const struct req *, const char *, size_t,
		    const char *, size_t, int,
		    size_t, uint64_t);
static int	 accepts_gzip(h2o_req_t *);
static int	 has_session_cookie(h2o_req_t *);

static void
on_signal(int sig)
{
	(void)sig;
	atomic_store(&stopping, 1);
}

/* Job queue: one mutex, one condition; app threads block in job_pop(). */
static void
job_push(struct job *j)
{
	pthread_mutex_lock(&qmu);
	j->next = NULL;
	if (qtail)
		qtail->next = j;
	else
		qhead = j;
	qtail = j;
	atomic_fetch_add(&queued, 1);
	pthread_cond_signal(&qcv);
	pthread_mutex_unlock(&qmu);
}

static struct job *
job_pop(void)
{
	struct job	*j;

	pthread_mutex_lock(&qmu);
	while (qhead == NULL && !qclosed)
		pthread_cond_wait(&qcv, &qmu);
	if ((j = qhead) != NULL) {
		atomic_fetch_sub(&queued, 1);
		qhead = j->next;
		if (qhead == NULL)
			qtail = NULL;
	}
	pthread_mutex_unlock(&qmu);
	return j;
}

static void
job_free(struct job *j)
{
	arena_free(j->r.a);
	free(j);
}

/* Runs on the loop thread when h2o frees the request's pool. */
static void
hook_dispose(void *p)
{
	struct job_hook	*h = p;
	struct job	*j = h->job;

	if (j == NULL)
		return;
	if (j->sent)
		job_free(j);
	else {
		j->req = NULL;	/* orphaned: freed when posted back */
		j->hook = NULL;
	}
}

static void
keep_dispose(void *p)
{
	struct keep	*k = p;

	arena_free(k->a);
	pcache_unref(k->e);
}

/*
 * Ended sessions are deleted when presented (http/session.c); those no
 * browser presents again are swept by an app thread at start and then
 * at most once an hour, between jobs (app threads may wait on
 * PostgreSQL; the event loop never does).
 */
#define SESSION_SWEEP_US	(3600ULL * 1000000ULL)

static _Atomic uint64_t	 next_sweep;

static void
session_sweep(struct db *db)
{
	uint64_t	 now = util_now_us(), due = atomic_load(&next_sweep);
	int		 n, skipped;

	if (now < due || !atomic_compare_exchange_strong(&next_sweep, &due,
	    now + SESSION_SWEEP_US))
		return;
	/* One instance at a time (an advisory lock in the store). */
	if ((n = store_sessions_sweep(db, &skipped)) > 0)
		log_info("sessions: %d ended sessions deleted", n);
	else if (skipped)
		log_info("sessions: another instance is sweeping");
}


/*
 * Connections still open when the drain ends (idle keep-alive ones, as
 * HAProxy and browsers keep) hold entries in the context's timeouts, and
 * h2o 2.2's h2o_context_dispose asserts that none is left: the process
 * aborted at the end of every drain that had one.  Each timeout is run as
 * if it had expired, which closes those connections as their idle
 * timeout would; the loop then frees their sockets (closing may link
 * entries again, hence a few rounds).
 */
static void
close_idle(h2o_context_t *ctx)
{
	h2o_timeout_t	*t[] = { &ctx->http1.req_timeout,
			    &ctx->http2.idle_timeout,
			    &ctx->http2.graceful_shutdown_timeout,
			    &ctx->handshake_timeout, &ctx->proxy.io_timeout,
			    &ctx->hundred_ms_timeout, &ctx->one_sec_timeout,
			    &ctx->zero_timeout };
	size_t		 i;
	int		 round;

	for (round = 0; round < 4; round++) {
		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
			h2o_timeout_run(ctx->loop, t[i], UINT64_MAX / 2);
		h2o_evloop_run(ctx->loop, 0);
	}
}

static void *
app_main(void *arg)
{
	struct worker	 w;
	struct job	*j;
	uint64_t	 db0, rd0;

	memset(&w, 0, sizeof(w));
	w.id = (int)(intptr_t)arg;
	w.conf = cf;
	w.db = db_new(cf->db_url);
	w.rdb = db_new_read(cf->db_read_url);
	w.cache = cache_new(cf->redis_url, cf->redis_timeout_ms);
	session_sweep(w.db);
	while ((j = job_pop()) != NULL) {
		session_sweep(w.db);
		j->r.w = &w;
		atomic_fetch_add(&running_jobs, 1);
		/* both pools: an anonymous read runs on the read pool */
		db0 = db_round_trips(w.db) + db_round_trips(w.rdb);
		rd0 = cache_round_trips(w.cache);
		dispatch_run(&j->r);
		/* what the request queued for Redis (cache_defer), if no
		 * later command of its own took it along */
		(void)cache_flush(w.cache);
		j->r.trips_db = (int)(db_round_trips(w.db) +
		    db_round_trips(w.rdb) - db0);
		j->r.trips_redis = (int)(cache_round_trips(w.cache) - rd0);
		atomic_fetch_sub(&running_jobs, 1);
		j->r.w = NULL;
		h2o_multithread_send_message(&j->lp->rx, &j->msg);
	}
	db_free(w.db);
	db_free(w.rdb);
	cache_free(w.cache);
	return NULL;
}

/* Loop thread: jobs coming back from app threads. */
static void
on_msgs(h2o_multithread_receiver_t *rx, h2o_linklist_t *msgs)
{
	struct job	*j;

	(void)rx;
	while (!h2o_linklist_is_empty(msgs)) {
		j = H2O_STRUCT_FROM_MEMBER(struct job, msg.link, msgs->next);
		h2o_linklist_unlink(&j->msg.link);
		j->lp->inflight--;
		if (j->req == NULL) {
			job_free(j);
			continue;
		}
		j->sent = 1;
		send_resp(j->req, &j->r);
	}
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "OK";
	}
}

static void
common_headers(h2o_req_t *req, int html)
{
	h2o_add_header_by_str(&req->pool, &req->res.headers,
	    H2O_STRLIT("x-content-type-options"), 0, NULL,
	    H2O_STRLIT("nosniff"));
	h2o_add_header_by_str(&req->pool, &req->res.headers,
	    H2O_STRLIT("referrer-policy"), 0, NULL,
	    H2O_STRLIT("strict-origin-when-cross-origin"));
	if (html) {
		h2o_add_header_by_str(&req->pool, &req->res.headers,
		    H2O_STRLIT("content-security-policy"), 0, NULL,
		    csp, sizeof(csp) - 1);
		h2o_add_header_by_str(&req->pool, &req->res.headers,
		    H2O_STRLIT("x-frame-options"), 0, NULL,
		    H2O_STRLIT("DENY"));
	}
}

/*
 * One line per answer; one that went through an app thread also says
 * how many round trips it made to PostgreSQL (db=) and Redis (redis=).
 */
static void
access_log(const struct req *r, const char *method, size_t mlen,
    const char *path, size_t plen, int status, size_t bytes, uint64_t t0)
{
	char	line[768], trips[48] = "";
	int	n;

	if (access_fd < 0)
		return;
	if (plen > 512)
		plen = 512;
	if (r != NULL && r->trips_db >= 0)
		snprintf(trips, sizeof(trips), " db=%d redis=%d", r->trips_db,
		    r->trips_redis);
	n = snprintf(line, sizeof(line),
	    "access method=%.*s path=%.*s status=%d bytes=%zu us=%llu%s\n",
	    (int)(mlen > 16 ? 16 : mlen), method, (int)plen, path, status,
	    bytes, (unsigned long long)(util_now_us() - t0), trips);
	if (n > 0)
		(void)!write(access_fd, line,
		    (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* Loop thread: sends r->resp; the body stays in r's arena until disposal. */
static void
send_resp(h2o_req_t *req, struct req *r)
{
	static h2o_generator_t	 gen = { NULL, NULL };
	struct resp		*rs = &r->resp;
	h2o_iovec_t		 body;
	size_t			 i, plen;
	int			 html;

	req->res.status = rs->status;
	req->res.reason = reason(rs->status);
	html = rs->ctype && strncmp(rs->ctype, "text/html", 9) == 0;
	if (rs->ctype)
		h2o_add_header(&req->pool, &req->res.headers,
		    H2O_TOKEN_CONTENT_TYPE, NULL, rs->ctype, strlen(rs->ctype));
	common_headers(req, html);
	for (i = 0; i < rs->nh; i++)
		h2o_add_header_by_str(&req->pool, &req->res.headers,
		    rs->h[i].name, strlen(rs->h[i].name), 1, NULL,
		    rs->h[i].value, strlen(rs->h[i].value));
	if (rs->gzipped)
		h2o_add_header(&req->pool, &req->res.headers,
		    H2O_TOKEN_CONTENT_ENCODING, NULL, H2O_STRLIT("gzip"));
	if (html || rs->gzipped)
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_VARY,
		    NULL, H2O_STRLIT("Accept-Encoding, Cookie"));
	if (html)
		h2o_add_header(&req->pool, &req->res.headers,
		    H2O_TOKEN_CACHE_CONTROL, NULL,
		    H2O_STRLIT("no-cache, private"));
	body = h2o_iovec_init(rs->body.p, rs->body.len);
	req->res.content_length = body.len;
	plen = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
	access_log(r, req->method.base, req->method.len, req->path.base, plen,
	    rs->status, body.len, r->t0);
	metrics_record(r->rt, rs->status, util_now_us() - r->t0);
	h2o_start_response(req, &gen);
	if (r->method == M_HEAD)
		h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
	else
		h2o_send(req, &body, 1, H2O_SEND_STATE_FINAL);
}

/* Loop thread: an error page that needs no store, from a temporary arena. */
static void
send_local_error(h2o_req_t *req, struct req *r, int status, const char *allow)
{
	struct keep	*k;

	k = h2o_mem_alloc_shared(&req->pool, sizeof(*k), keep_dispose);
	k->a = r->a;
	k->e = NULL;
	dispatch_error(r, status);
	if (allow != NULL)
		reply_header(r, "Allow", allow);
	send_resp(req, r);
}

static void
serve_asset(h2o_req_t *req, struct asset *as, struct req *r)
{
	static h2o_generator_t	 gen = { NULL, NULL };
	h2o_iovec_t		 body;
	ssize_t			 i;
	size_t			 plen = req->path.len;

	i = h2o_find_header(&req->headers, H2O_TOKEN_IF_NONE_MATCH, -1);
	common_headers(req, 0);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ETAG, NULL,
	    as->etag, strlen(as->etag));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL,
	    NULL, H2O_STRLIT("public, max-age=31536000, immutable"));
	if (i != -1 && h2o_memis(req->headers.entries[i].value.base,
	    req->headers.entries[i].value.len, as->etag, strlen(as->etag))) {
		req->res.status = 304;
		req->res.reason = "Not Modified";
		access_log(r, req->method.base, req->method.len, req->path.base,
		    plen, 304, 0, r->t0);
		metrics_record(NULL, 304, util_now_us() - r->t0);
		h2o_start_response(req, &gen);
		h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
		return;
	}
	req->res.status = 200;
	req->res.reason = "OK";
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE,
	    NULL, as->ctype, strlen(as->ctype));
	if (as->gz != NULL) {
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_VARY,
		    NULL, H2O_STRLIT("Accept-Encoding"));
	}
	if (as->gz != NULL && accepts_gzip(req)) {
		h2o_add_header(&req->pool, &req->res.headers,
		    H2O_TOKEN_CONTENT_ENCODING, NULL, H2O_STRLIT("gzip"));
		body = h2o_iovec_init(as->gz, as->gzlen);
	} else
		body = h2o_iovec_init(as->file->data, as->file->len);
	req->res.content_length = body.len;
	access_log(r, req->method.base, req->method.len, req->path.base, plen,
	    200, body.len, r->t0);
	metrics_record(NULL, 200, util_now_us() - r->t0);
	h2o_start_response(req, &gen);
	h2o_send(req, r->method == M_HEAD ? NULL : &body,
	    r->method == M_HEAD ? 0 : 1, H2O_SEND_STATE_FINAL);
}

static void
serve_cached(h2o_req_t *req, struct pcache_entry *e, struct req *r)
{
	static h2o_generator_t	 gen = { NULL, NULL };
	struct keep		*k;
	h2o_iovec_t		 body;
	size_t			 plen;

	k = h2o_mem_alloc_shared(&req->pool, sizeof(*k), keep_dispose);
	k->a = NULL;
	k->e = e;
	req->res.status = 200;
	req->res.reason = "OK";
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE,
	    NULL, e->ctype, strlen(e->ctype));
	common_headers(req, 1);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_VARY, NULL,
	    H2O_STRLIT("Accept-Encoding, Cookie"));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL,
	    NULL, H2O_STRLIT("no-cache, private"));
	h2o_add_header_by_str(&req->pool, &req->res.headers,
	    H2O_STRLIT("x-cache"), 0, NULL, H2O_STRLIT("hit"));
	if (e->gz != NULL && accepts_gzip(req)) {
		h2o_add_header(&req->pool, &req->res.headers,
		    H2O_TOKEN_CONTENT_ENCODING, NULL, H2O_STRLIT("gzip"));
		body = h2o_iovec_init(e->gz, e->gzlen);
	} else
		body = h2o_iovec_init(e->body, e->len);
	req->res.content_length = body.len;
	plen = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
	access_log(r, req->method.base, req->method.len, req->path.base, plen,
	    200, body.len, r->t0);
	metrics_record(r->rt, 200, util_now_us() - r->t0);
	h2o_start_response(req, &gen);
	h2o_send(req, r->method == M_HEAD ? NULL : &body,
	    r->method == M_HEAD ? 0 : 1, H2O_SEND_STATE_FINAL);
}

static const char *
hdr_copy(struct arena *a, h2o_req_t *req, const h2o_token_t *tok)
{
	ssize_t	i;

	if ((i = h2o_find_header(&req->headers, tok, -1)) == -1)
		return NULL;
	return arena_strndup(a, req->headers.entries[i].value.base,
	    req->headers.entries[i].value.len);
}

static const char *
hdr_copy_str(struct arena *a, h2o_req_t *req, const char *name)
{
	ssize_t	i;

	if ((i = h2o_find_header_by_str(&req->headers, name, strlen(name),
	    -1)) == -1)
		return NULL;
	return arena_strndup(a, req->headers.entries[i].value.base,
	    req->headers.entries[i].value.len);
}

static int
accepts_gzip(h2o_req_t *req)
{
	ssize_t	i;

	if ((i = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT_ENCODING,
	    -1)) == -1)
		return 0;
	return h2o_contains_token(req->headers.entries[i].value.base,
	    req->headers.entries[i].value.len, H2O_STRLIT("gzip"), ',');
}

static int
has_session_cookie(h2o_req_t *req)
{
	ssize_t	i;
	size_t	vlen;

	if ((i = h2o_find_header(&req->headers, H2O_TOKEN_COOKIE, -1)) == -1)
		return 0;
	return input_cookie(req->headers.entries[i].value.base,
	    req->headers.entries[i].value.len, "sodan_session", &vlen) != NULL;
}

static void
peer_text(h2o_req_t *req, char *out, size_t outlen)
{
	struct sockaddr_storage	ss;
	socklen_t		len;

	out[0] = '\0';
	if (req->conn->callbacks->get_peername == NULL)
		return;
	len = req->conn->callbacks->get_peername(req->conn,
	    (struct sockaddr *)&ss);
	if (len == 0)
		return;
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
		    out, (socklen_t)outlen);
	else if (ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr,
		    out, (socklen_t)outlen);
}

static enum method
method_of(h2o_req_t *req)
{
	if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")))
		return M_GET;
	if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("POST")))
		return M_POST;
	if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD")))
		return M_HEAD;
	if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("DELETE")))
		return M_DELETE;
	return M_OTHER;
}

/* Copies what a handler may read out of h2o into r's arena. */
static void
req_fill(struct req *r, h2o_req_t *req)
{
	struct req_hdrs	*h = &r->hdr;
	size_t		 plen;
	const char	*lc;
	size_t		 lclen = 0;

	plen = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
	r->path = arena_strndup(r->a, req->path.base, plen);
	r->query = req->query_at != SIZE_MAX ?
	    arena_strndup(r->a, req->path.base + plen + 1,
	    req->path.len - plen - 1) : "";
	r->body = arena_strndup(r->a, req->entity.base ? req->entity.base : "",
	    req->entity.base ? req->entity.len : 0);
	r->bodylen = req->entity.base ? req->entity.len : 0;
	h->cookie = hdr_copy(r->a, req, H2O_TOKEN_COOKIE);
	h->accept_language = hdr_copy(r->a, req, H2O_TOKEN_ACCEPT_LANGUAGE);
	h->accept_encoding = hdr_copy(r->a, req, H2O_TOKEN_ACCEPT_ENCODING);
	h->content_type = hdr_copy(r->a, req, H2O_TOKEN_CONTENT_TYPE);
	h->referer = hdr_copy(r->a, req, H2O_TOKEN_REFERER);
	/* h2o moves Host into req->input.authority (not req->headers). */
	h->host = req->input.authority.len > 0 ? arena_strndup(r->a,
	    req->input.authority.base, req->input.authority.len) :
	    hdr_copy(r->a, req, H2O_TOKEN_HOST);
	h->user_agent = hdr_copy(r->a, req, H2O_TOKEN_USER_AGENT);
	h->if_none_match = hdr_copy(r->a, req, H2O_TOKEN_IF_NONE_MATCH);
	h->origin = hdr_copy_str(r->a, req, "origin");
	h->x_forwarded_for = hdr_copy(r->a, req, H2O_TOKEN_X_FORWARDED_FOR);
	h->x_csrf_token = hdr_copy_str(r->a, req, "x-csrf-token");
	h->authorization = hdr_copy(r->a, req, H2O_TOKEN_AUTHORIZATION);
	peer_text(req, r->peer, sizeof(r->peer));
	r->gzip_ok = accepts_gzip(req);
	lc = h->cookie ? input_cookie(h->cookie, strlen(h->cookie), "lang",
	    &lclen) : NULL;
	r->lang = i18n_negotiate(lc, lclen, h->accept_language);
}

static int
on_req(h2o_handler_t *self, h2o_req_t *req)
{
	struct req		 tmp, *r;
	struct job		*j;
	struct job_hook		*hook;
	struct keep		*k;
	struct asset		*as;
	struct pcache_entry	*e;
	const struct route	*rt;
	const char		*allow = NULL, *param[ROUTE_MAX_PARAMS];
	enum route_match	 m;
	size_t			 plen;
	char			 key[600];
	ssize_t			 hi;
	size_t			 lclen = 0;
	const char		*lc = NULL;

	(void)self;
	memset(&tmp, 0, sizeof(tmp));
	tmp.t0 = util_now_us();
	tmp.trips_db = -1;		/* set by the app thread, if it runs */
	tmp.method = method_of(req);
	plen = req->query_at != SIZE_MAX ? req->query_at : req->path.len;

	if (plen > 8 && memcmp(req->path.base, "/assets/", 8) == 0 &&
	    (tmp.method == M_GET || tmp.method == M_HEAD) &&
	    (as = asset_by_url(req->path.base, plen)) != NULL) {
		serve_asset(req, as, &tmp);
		return 0;
	}

	/* Everything below may render a page: give it an arena. */
	tmp.a = arena_new();
	r = &tmp;
	r->path = arena_strndup(r->a, req->path.base,
	    plen > (size_t)cf->max_url ? 64 : plen);
	r->query = "";
	r->is_api = plen >= 5 && memcmp(req->path.base, "/api/", 5) == 0;
	if ((hi = h2o_find_header(&req->headers, H2O_TOKEN_COOKIE, -1)) != -1)
		lc = input_cookie(req->headers.entries[hi].value.base,
		    req->headers.entries[hi].value.len, "lang", &lclen);
	hi = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT_LANGUAGE, -1);
	r->lang = i18n_negotiate(lc, lclen, hi == -1 ? NULL :
	    arena_strndup(r->a, req->headers.entries[hi].value.base,
	    req->headers.entries[hi].value.len));
	r->gzip_ok = accepts_gzip(req);

	if (req->path.len > (size_t)cf->max_url) {
		send_local_error(req, r, 414, NULL);
		return 0;
	}
	m = route_find(r->a, tmp.method == M_HEAD ? M_GET : tmp.method,
	    r->path, &rt, param, &allow);
	if (m == ROUTE_NOT_FOUND) {
		send_local_error(req, r, 404, NULL);
		return 0;
	}
	if (m == ROUTE_BAD_METHOD) {
		send_local_error(req, r, 405, allow);
		return 0;
	}
	if (rt->flags & R_API)
		r->is_api = 1;
	if (req->entity.base != NULL && req->entity.len >
	    ((rt->flags & R_UPLOAD) ? (size_t)cf->upload_max_bytes +
	    UPLOAD_FORM_SLACK : (size_t)cf->max_body)) {
		send_local_error(req, r, 413, NULL);
		return 0;
	}
	if ((rt->flags & R_CACHE) && (tmp.method == M_GET ||
	    tmp.method == M_HEAD) && req->query_at == SIZE_MAX &&
	    !has_session_cookie(req)) {
		snprintf(key, sizeof(key), "%s:%s", i18n_code(r->lang), r->path);
		if ((e = pcache_get(key)) != NULL) {
			if ((rt->flags & R_VIEW) && tmp.method == M_GET)
				view_cached(req, param[0]);
			arena_free(r->a);
			tmp.rt = rt;
			serve_cached(req, e, &tmp);
			return 0;
		}
	}
	j = xcalloc(1, sizeof(*j));
	j->r = tmp;
	j->r.rt = rt;
	memcpy(j->r.param, param, sizeof(param));
	req_fill(&j->r, req);
	/*
	 * A member's composed thread page, when the session, the reader's
	 * parts and the record are all in memory: answered here, with no
	 * hand-off and no round trip (db=0 redis=0 in the access log).
	 */
	if ((rt->flags & R_COMPOSE) && tmp.method == M_GET &&
	    req->query_at == SIZE_MAX && cf->compose_pages &&
	    sesscache_on()) {
		j->r.w = &cur_loop->w;
		if (dispatch_compose_loop(&j->r) == 0) {
			k = h2o_mem_alloc_shared(&req->pool, sizeof(*k),
			    keep_dispose);
			k->a = j->r.a;
			k->e = NULL;
			j->r.trips_db = 0;
			j->r.trips_redis = 0;
			send_resp(req, &j->r);
			free(j);
			return 0;
		}
		j->r.w = NULL;
	}
	j->lp = cur_loop;
	j->req = req;
	hook = h2o_mem_alloc_shared(&req->pool, sizeof(*hook), hook_dispose);
	hook->job = j;
	j->hook = hook;
	cur_loop->inflight++;
	job_push(j);
	return 0;
}

/*
 * A thread page served from the page cache is a view too (lib/views.h:
 * a few atomic operations, nothing that blocks), unless a robot asked.
 */
static void
view_cached(h2o_req_t *req, const char *id)
{
	ssize_t		 hi;
	char		*end;
	long long	 v;

	hi = h2o_find_header(&req->headers, H2O_TOKEN_USER_AGENT, -1);
	if (hi == -1 || views_is_bot(req->headers.entries[hi].value.base,
	    req->headers.entries[hi].value.len))
		return;
	v = strtoll(id, &end, 10);
	if (*id != '\0' && *end == '\0' && v > 0)
		views_hit(v);
}

/*
 * The views flusher: every [support] views_flush_ms, the views counted in
 * memory go to the database in one statement (store_views_flush), on a
 * connection of its own; once more when the server stops.
 */
static void *
views_main(void *arg)
{
	struct db	*db;
	uint64_t	 last = util_now_us();

	(void)arg;
	db = db_new(cf->db_url);
	while (!atomic_load(&stopping)) {
		usleep(50000);
		if (util_now_us() - last >= (uint64_t)cf->views_flush_ms * 1000) {
			(void)store_views_flush(db);
			last = util_now_us();
		}
	}
	db_free(db);
	return NULL;
}

/* New handshakes on listening socket fd are dropped from now on. */
static void
listener_refuse_new(int fd)
{
	static struct sock_filter	 drop[] = {
		BPF_STMT(BPF_RET | BPF_K, 0),	/* keep 0 bytes: drop */
	};
	struct sock_fprog		 prog = { 1, drop };

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1)
		log_warn("listener: cannot stop new connections before "
		    "closing (%s); a connection made in that instant may be "
		    "reset", strerror(errno));
}

static void
on_accept(h2o_socket_t *listener, const char *err)
{
	h2o_socket_t	*sock;

	if (err != NULL)
		return;
	if ((sock = h2o_evloop_socket_accept(listener)) == NULL)
		return;
	conn_accept(cur_loop, sock);
}

/* A connection's socket is disposed: one fewer open on its loop. */
static void
conn_closed(void *data)
{
	struct loop	*lp = data;

	lp->conns--;
}

/*
 * Serves a new connection, counted until h2o disposes of its socket (the
 * socket's on_close, which h2o leaves to its user on server sockets), so
 * that a stopping loop with no connection left ends at once.
 */
static void
conn_accept(struct loop *lp, h2o_socket_t *sock)
{
	sock->on_close.cb = conn_closed;
	sock->on_close.data = lp;
	lp->conns++;
	h2o_accept(&lp->actx, sock);
}

static int
listen_socket(int first)
{
	struct addrinfo	 hints, *res = NULL;
	char		 port[16];
	int		 fd, one = 1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(port, sizeof(port), "%d", cf->listen_port);
	if ((rc = getaddrinfo(cf->listen_host, port, &hints, &res)) != 0) {
		log_err("listen %s: %s", cf->listen, gai_strerror(rc));
		return -1;
	}
	/*
	 * SO_REUSEPORT lets every process of this user bind the same port,
	 * so a second server would silently share it.  Before the first
	 * listener, a probe without SO_REUSEPORT checks that nobody holds
	 * the address.
	 */
	if (first) {
		if ((fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC,
		    0)) == -1 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
		    sizeof(one)) != 0 || bind(fd, res->ai_addr,
		    res->ai_addrlen) != 0) {
			log_err("listen %s: %s", cf->listen, errno == EADDRINUSE ?
			    "address already in use (is another server running?)" :
			    strerror(errno));
			if (fd != -1)
				close(fd);
			freeaddrinfo(res);
			return -1;
		}
		close(fd);
	}
	if ((fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 ||
	    listen(fd, SOMAXCONN) != 0) {
		log_err("listen %s: %s", cf->listen, strerror(errno));
		if (fd != -1)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	return fd;
}

static void *
loop_main(void *arg)
{
	struct loop	*lp = arg;
	uint64_t	 drain_until = 0, give_up = 0;
	h2o_evloop_t	*loop;
	h2o_socket_t	*sock;
	h2o_multithread_queue_t	*ctxq;

	cur_loop = lp;
	memset(&lp->w, 0, sizeof(lp->w));
	lp->w.id = -1 - lp->idx;
	lp->w.conf = cf;
	h2o_context_init(&lp->ctx, h2o_evloop_create(), &gconf);
	lp->actx.ctx = &lp->ctx;
	lp->actx.hosts = gconf.hosts;
	lp->q = h2o_multithread_create_queue(lp->ctx.loop);
	h2o_multithread_register_receiver(lp->q, &lp->rx, on_msgs);
	lp->listener = h2o_evloop_socket_create(lp->ctx.loop, lp->fd,
	    H2O_SOCKET_FLAG_DONT_READ);
	h2o_socket_read_start(lp->listener, on_accept);

	for (;;) {
		h2o_evloop_run(lp->ctx.loop, 50);
		if (!atomic_load(&stopping))
			continue;
		if (lp->listener != NULL && cf->drain_ms > 0) {
			/* Draining: serve as usual, ready says 503. */
			uint64_t	zero = 0, now = util_now_us();

			(void)atomic_compare_exchange_strong(&drain_end, &zero,
			    now + (uint64_t)cf->drain_ms * 1000);
			if (now < atomic_load(&drain_end))
				continue;
		}
		if (lp->listener != NULL) {
			/*
			 * Connections the kernel has accepted but we have not
			 * are in flight for their clients: closing the
			 * listener would reset them.  Take them all first;
			 * they are served like the others.  A connection
			 * completed between the last accept and the close
			 * would be reset after its client had sent its
			 * request, so first the listener drops every new
			 * handshake (a socket filter that keeps nothing): a
			 * client that connects now is refused later, before
			 * it sends anything.
			 */
			listener_refuse_new(lp->fd);
			while ((sock = h2o_evloop_socket_accept(lp->listener)) !=
			    NULL)
				conn_accept(lp, sock);
			h2o_socket_read_stop(lp->listener);
			h2o_socket_close(lp->listener);
			lp->listener = NULL;
			h2o_context_request_shutdown(&lp->ctx);
			give_up = util_now_us() + SHUTDOWN_MAX_US;
		}
		/*
		 * Requests already on a connection still arrive and are served
		 * (no new connections are accepted); the loop ends once nothing
		 * has been in flight for a drain period, at once when no
		 * connection is open (none can come: the listener is closed),
		 * or at the latest after SHUTDOWN_MAX_US.
		 */
		if (util_now_us() > give_up)
			break;
		if (lp->inflight == 0 && lp->conns == 0)
			break;
		if (lp->inflight > 0) {
			drain_until = 0;
			continue;
		}
		if (drain_until == 0)
			drain_until = util_now_us() + SHUTDOWN_DRAIN_US;
		else if (util_now_us() > drain_until)
			break;
	}
	h2o_multithread_unregister_receiver(lp->q, &lp->rx);
	h2o_multithread_destroy_queue(lp->q);
	loop = lp->ctx.loop;
	ctxq = lp->ctx.queue;
	h2o_evloop_run(loop, 0);	/* sockets closed above are freed here */
	close_idle(&lp->ctx);
	h2o_context_dispose(&lp->ctx);
	h2o_evloop_run(loop, 0);
	h2o_evloop_destroy(loop);
	/*
	 * h2o 2.2's h2o_multithread_destroy_queue closes a queue's socket and
	 * mutex but never frees the queue itself (valgrind: "definitely lost",
	 * 88 bytes per queue, from h2o_multithread_create_queue); ours and the
	 * context's are freed here, after the loop has released the sockets
	 * that pointed at them.
	 */
	free(lp->q);
	free(ctxq);
	/* Socket buffers h2o keeps for reuse in this thread. */
	while (h2o_socket_buffer_prototype.allocator.cnt > 0)
		free(h2o_mem_alloc_recycle(
		    &h2o_socket_buffer_prototype.allocator, 1));
	return NULL;
}

int
server_draining(void)
{
	return atomic_load(&stopping) != 0;
}

void
server_queue(int *waiting, int *running)
{
	*waiting = atomic_load(&queued);
	*running = atomic_load(&running_jobs);
}

int
server_run(const struct conf *c)
{
	h2o_hostconf_t		*host;
	h2o_pathconf_t		*pathconf;
	h2o_handler_t		*handler;
	struct sigaction	 sa;
	struct asset		*as;
	struct db		*vdb;
	pthread_t		 views_tid;
	size_t			 i;
	long			 ncpu;
	int			 k, ptimeout;

	cf = c;
	if (strcmp(c->access_log, "off") == 0)
		access_fd = -1;
	else if (strcmp(c->access_log, "-") != 0 &&
	    (access_fd = open(c->access_log, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC, 0640)) == -1) {
		log_err("%s: %s", c->access_log, strerror(errno));
		return -1;
	}
	/* Precompress text assets once. */
	for (i = 0; i < asset_count(); i++) {
		as = asset_at(i);
		if (as->compressible && as->file->len > 256)
			as->gz = (unsigned char *)gzip_compress(NULL,
			    (const char *)as->file->data, as->file->len,
			    &as->gzlen);
	}
	metrics_init();
	/* Shared generation: stale bound while unreadable (pcache.h). */
	pcache_init((size_t)c->page_cache_mb << 20, (size_t)c->page_cache,
	    (uint64_t)c->page_cache_poll_ms * PCACHE_STALE_POLLS * 1000);
	sesscache_init((unsigned)c->session_cache_ms);

	h2o_config_init(&gconf);
	gconf.server_name = h2o_iovec_init(H2O_STRLIT("sodan"));
	gconf.max_request_entity_size = (size_t)c->max_body * 2 + 65536;
	/* Uploads twice the limit still get sodan's own 413. */
	if (gconf.max_request_entity_size < (size_t)c->upload_max_bytes * 2 +
	    UPLOAD_FORM_SLACK)
		gconf.max_request_entity_size = (size_t)c->upload_max_bytes *
		    2 + UPLOAD_FORM_SLACK;
	gconf.http1.req_timeout = (uint64_t)c->request_timeout * 1000;
	gconf.http1.upgrade_to_http2 = 0;
	host = h2o_config_register_host(&gconf,
	    h2o_iovec_init(H2O_STRLIT("default")), 65535);
	pathconf = h2o_config_register_path(host, "/", 0);
	handler = h2o_create_handler(pathconf, sizeof(*handler));
	handler->on_req = on_req;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	nloops = c->loops > 0 ? c->loops : (ncpu > 0 ? (int)ncpu : 1);
	napps = c->app_threads;
	loops = xcalloc((size_t)nloops, sizeof(*loops));
	for (k = 0; k < nloops; k++) {
		loops[k].idx = k;
		if ((loops[k].fd = listen_socket(k == 0)) == -1)
			return -1;
	}
	/* Own connection; timeout one poll (>= 100 ms, <= [redis] timeout). */
	ptimeout = c->page_cache_poll_ms > 100 ? c->page_cache_poll_ms : 100;
	if (ptimeout > c->redis_timeout_ms)
		ptimeout = c->redis_timeout_ms;
	if (c->page_cache_poll_ms > 0 && pagegen_start(c->redis_url, ptimeout,
	    c->page_cache_poll_ms, pcache_invalidate_local, pcache_seen) == -1) {
		log_err("cannot start the page-cache generation poller");
		return -1;
	}
	apps = xcalloc((size_t)napps, sizeof(*apps));
	for (k = 0; k < napps; k++)
		pthread_create(&apps[k], NULL, app_main, (void *)(intptr_t)k);
	pthread_create(&views_tid, NULL, views_main, NULL);
	for (k = 0; k < nloops; k++)
		pthread_create(&loops[k].tid, NULL, loop_main, &loops[k]);
	log_info("listening on http://%s:%d/ (%d loops, %d app threads)",
	    c->listen_host, c->listen_port, nloops, napps);
	/* Wait for the signal here, so the drain can be announced. */
	while (!atomic_load(&stopping))
		usleep(50000);
	if (c->drain_ms > 0)
		log_info("stopping: draining for %d ms (ready answers 503), "
		    "then closing the listeners", c->drain_ms);

	for (k = 0; k < nloops; k++)
		pthread_join(loops[k].tid, NULL);
	pthread_mutex_lock(&qmu);
	qclosed = 1;
	pthread_cond_broadcast(&qcv);
	pthread_mutex_unlock(&qmu);
	for (k = 0; k < napps; k++)
		pthread_join(apps[k], NULL);
	pthread_join(views_tid, NULL);
	/* the views counted since the last flush */
	if ((vdb = db_new(c->db_url)) != NULL) {
		(void)store_views_flush(vdb);
		db_free(vdb);
	}
	pagegen_stop();
	pcache_free();
	log_info("stopped");
	h2o_config_dispose(&gconf);
	metrics_free();
	free(apps);
	free(loops);
	for (i = 0; i < asset_count(); i++)
		free((void *)asset_at(i)->gz);
	return 0;
}
