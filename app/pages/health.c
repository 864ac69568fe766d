/*
 * pages/health.c: health for load balancers and operators.
 *
 *   GET /healthz        PostgreSQL and Redis state and the version (people);
 *                       PostgreSQL down: 503 "down"; Redis down: 200
 *                       "degraded" (pages that only read go on without it).
 *   GET /healthz/live   200 while the process answers at all (restart it
 *                       when this fails); touches no store.
 *   GET /healthz/ready  200 only when this instance should get traffic:
 *                       not stopping (SIGTERM: 503 for [server] drain_ms
 *                       while still serving), the moderation rules
 *                       compiled, the schema the one this binary knows,
 *                       and PostgreSQL taking writes, unless [server]
 *                       read_only declares read-only mode.  Redis is not
 *                       required (the forum degrades without it).  The
 *                       body names what is missing and the rules' version.
 *   GET /metrics        Prometheus text, only for [metrics] allow addresses
 *                       (the client address, behind trusted proxies the
 *                       one they name) or with "Authorization: Bearer" and
 *                       [metrics] token: queue sizes tell a scammer when
 *                       moderators are away, so the public gets 403.
 *
 * The rules' version is "N rules, sha256:<first 12 hex>" of the rule
 * files (names and contents, in name order) of the set in use
 * (post/ruleset.h); "rules_reload" says whether a reload is pending, when
 * the last attempt was and why it failed (file and line): a failed reload
 * keeps the set in use, so the instance stays ready.  /metrics carries the
 * same as sodan_rules_*.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "moderation/moderation.h"

#include "cache/cache.h"
#include "cache/pagegen.h"
#include "http/metrics.h"
#include "http/pcache.h"
#include "http/req.h"
#include "http/sesscache.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "lib/limits.h"
#include "lib/util.h"
#include "pages/pages.h"
#include "post/filter.h"
#include "post/ruleset.h"
#include "store/db.h"
#include "version.h"
#include "view/i18n.h"

static int	 metrics_allowed(struct req *);
static void	 health_rules_metrics(struct buf *);
static const char *rules_json(struct arena *, const struct ruleset_status *);

/*
 * The loader's state as a JSON object: the set in use, whether a reload is
 * pending, the last attempt and why it failed (file and line).
 */
static const char *
rules_json(struct arena *a, const struct ruleset_status *st)
{
	json_t		*o;
	char		*s;
	const char	*out;

	o = json_pack("{s:b, s:s, s:s, s:I, s:I, s:b, s:I, s:I, s:I, s:I, "
	    "s:s, s:s, s:I}",
	    "loaded", st->loaded,
	    "hash", st->hash,
	    "version", st->version,
	    "loaded_at", (json_int_t)st->loaded_at,
	    "count", (json_int_t)st->nrules,
	    "reloading", st->pending,
	    "attempts", (json_int_t)st->attempts,
	    "reloads", (json_int_t)st->reloads,
	    "failures", (json_int_t)st->failures,
	    "attempt_at", (json_int_t)st->attempt_at,
	    "last_reload", st->attempt_at == 0 ? "none" :
	    st->attempt_ok ? "ok" : "failed",
	    "error", st->error,
	    "lists_version", (json_int_t)st->lists_version);
	s = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	out = arena_strdup(a, s != NULL ? s : "{}");
	free(s);
	return out;
}

void
page_healthz(struct req *r)
{
	int	pg = db_ping(r->w->db) == 0;
	int	rd = cache_ping(r->w->cache) == 0;

	r->resp.no_cache = 1;
	reply_header(r, "Cache-Control", "no-store");
	reply_json(r, pg ? 200 : 503, arena_printf(r->a,
	    "{\"status\":\"%s\",\"postgres\":\"%s\",\"redis\":\"%s\","
	    "\"version\":\"%s\"}", !pg ? "down" : rd ? "ok" : "degraded",
	    pg ? "ok" : "down", rd ? "ok" : "down", SODAN_VERSION));
}

void
page_healthz_live(struct req *r)
{
	r->resp.no_cache = 1;
	reply_header(r, "Cache-Control", "no-store");
	reply_json(r, 200, "{\"live\":true}");
}

void
page_healthz_ready(struct req *r)
{
	const struct conf	*c = r->w->conf;
	struct ruleset_status	 st;
	struct buf		 why;
	int64_t			 have = -1, known = db_known_version();
	int			 wr = -1, draining = server_draining();
	int			 rd = cache_ping(r->w->cache) == 0;

	ruleset_status(&st);
	buf_init(&why, r->a);
	if (draining)
		buf_puts(&why, "\"stopping\",");
	if (!st.loaded)
		buf_puts(&why, "\"moderation rules not loaded\",");
	if ((have = db_schema_version(r->w->db)) < 0)
		buf_puts(&why, "\"postgres down\",");
	else if (have != known)
		buf_puts(&why, "\"schema version differs from this binary\",");
	if (have >= 0 && (wr = db_writable(r->w->db)) != 1 && !c->read_only)
		buf_puts(&why, "\"postgres not writable\",");
	if (why.len > 0)
		why.p[--why.len] = '\0';	/* the last comma */
	r->resp.no_cache = 1;
	reply_header(r, "Cache-Control", "no-store");
	reply_json(r, why.len == 0 ? 200 : 503, arena_printf(r->a,
	    "{\"ready\":%s,\"not_ready\":[%s],\"rules\":\"%s\","
	    "\"schema\":{\"have\":%lld,\"known\":%lld},"
	    "\"postgres\":\"%s\",\"read_only_mode\":%s,\"redis\":\"%s\","
	    "\"draining\":%s,\"version\":\"%s\",\"rules_reload\":%s}",
	    why.len == 0 ? "true" : "false", why.p,
	    st.loaded ? st.version : "not loaded",
	    (long long)have, (long long)known,
	    wr == 1 ? "writable" : wr == 0 ? "read-only" : "down",
	    c->read_only ? "true" : "false", rd ? "ok" : "down",
	    draining ? "true" : "false", SODAN_VERSION,
	    rules_json(r->a, &st)));
}

static int
metrics_allowed(struct req *r)
{
	const struct conf	*c = r->w->conf;
	const char		*a = r->hdr.authorization;
	size_t			 tl = strlen(c->metrics_token);

	if (r->client_ip != NULL && limits_cidr_match(c->metrics_nets,
	    c->nmetrics_nets, r->client_ip))
		return 1;
	if (tl == 0 || a == NULL || strncmp(a, "Bearer ", 7) != 0 ||
	    strlen(a + 7) != tl)
		return 0;
	return sodium_memcmp(a + 7, c->metrics_token, tl) == 0;
}

void
page_metrics(struct req *r)
{
	const struct conf	*c = r->w->conf;
	struct buf		 b;
	uint64_t		 connects, drops, open;
	uint64_t		 rstandby, rprimary, rfallback;
	int64_t			 rlag;
	int			 waiting, running;
	char			 role[32];
	int			 rd;
	struct pcache_stats	 ps;
	uint64_t		 sh, sm, sd;

	if (!metrics_allowed(r)) {
		reply_error(r, 403, N_("Metrics are served only to the "
		    "addresses in [metrics] allow or with the metrics token."));
		return;
	}
	buf_init(&b, r->a);
	buf_printf(&b, "# HELP sodan_build_info The running version.\n"
	    "# TYPE sodan_build_info gauge\nsodan_build_info{version=\"%s\"} "
	    "1\n", SODAN_VERSION);
	buf_printf(&b, "# HELP sodan_draining 1 once SIGTERM arrived.\n"
	    "# TYPE sodan_draining gauge\nsodan_draining %d\n",
	    server_draining());
	metrics_write(&b);
	server_queue(&waiting, &running);
	buf_printf(&b, "# HELP sodan_app_threads App threads (each one "
	    "PostgreSQL and one Redis connection).\n# TYPE sodan_app_threads "
	    "gauge\nsodan_app_threads %d\n"
	    "# HELP sodan_jobs_waiting Requests waiting for an app thread.\n"
	    "# TYPE sodan_jobs_waiting gauge\nsodan_jobs_waiting %d\n"
	    "# HELP sodan_jobs_running Requests an app thread is running.\n"
	    "# TYPE sodan_jobs_running gauge\nsodan_jobs_running %d\n",
	    c->app_threads, waiting, running);
	db_stats(&connects, &drops, &open);
	buf_printf(&b, "# HELP sodan_db_connections_open PostgreSQL "
	    "connections open now.\n# TYPE sodan_db_connections_open gauge\n"
	    "sodan_db_connections_open %llu\n"
	    "# HELP sodan_db_connects_total PostgreSQL connections opened.\n"
	    "# TYPE sodan_db_connects_total counter\n"
	    "sodan_db_connects_total %llu\n"
	    "# HELP sodan_db_sessions_dropped_total Connections dropped after "
	    "an error that ends the session (read-only, shutdown, lost).\n"
	    "# TYPE sodan_db_sessions_dropped_total counter\n"
	    "sodan_db_sessions_dropped_total %llu\n"
	    "# HELP sodan_db_prepared_statements 1: named statements; 0: "
	    "unnamed (pgbouncer transaction pooling).\n"
	    "# TYPE sodan_db_prepared_statements gauge\n"
	    "sodan_db_prepared_statements %d\n",
	    (unsigned long long)open, (unsigned long long)connects,
	    (unsigned long long)drops, c->db_prepared);
	db_read_stats(&rstandby, &rprimary, &rfallback, &rlag);
	buf_printf(&b, "# HELP sodan_db_reads_total Anonymous reads that "
	    "tolerate lag, by the server that served them: a standby of the "
	    "read pool, a primary the read pool reached, or the write pool "
	    "(standby too far behind or unreachable).\n"
	    "# TYPE sodan_db_reads_total counter\n"
	    "sodan_db_reads_total{server=\"standby\"} %llu\n"
	    "sodan_db_reads_total{server=\"primary\"} %llu\n"
	    "sodan_db_reads_total{server=\"fallback\"} %llu\n"
	    "# HELP sodan_db_replica_lag_seconds How far the read pool's "
	    "standby replays behind (0: all it received, or a primary; -1: "
	    "not measured yet).\n# TYPE sodan_db_replica_lag_seconds gauge\n"
	    "sodan_db_replica_lag_seconds %.3f\n"
	    "# HELP sodan_db_replica_max_lag_seconds [database] max_lag_ms: "
	    "a standby further behind is not read.\n"
	    "# TYPE sodan_db_replica_max_lag_seconds gauge\n"
	    "sodan_db_replica_max_lag_seconds %.3f\n",
	    (unsigned long long)rstandby, (unsigned long long)rprimary,
	    (unsigned long long)rfallback, rlag < 0 ? -1.0 :
	    (double)rlag / 1000.0, (double)c->db_max_lag_ms / 1000.0);
	rd = cache_role(r->w->cache, role, sizeof(role)) == 0;
	buf_printf(&b, "# HELP sodan_redis_up 1 when Redis answered now.\n"
	    "# TYPE sodan_redis_up gauge\nsodan_redis_up %d\n"
	    "# HELP sodan_redis_role The role of the Redis this instance "
	    "writes to.\n# TYPE sodan_redis_role gauge\n"
	    "sodan_redis_role{role=\"%s\"} 1\n"
	    "# HELP sodan_redis_sentinel 1 when the master is found through "
	    "Sentinel.\n# TYPE sodan_redis_sentinel gauge\n"
	    "sodan_redis_sentinel %d\n", rd, rd ? role : "unreachable",
	    cache_sentinel_mode());
	buf_printf(&b, "# HELP sodan_pagegen_owed_seconds Age of the oldest "
	    "page-cache generation increment not yet in Redis (other "
	    "instances may serve pages this old).\n"
	    "# TYPE sodan_pagegen_owed_seconds gauge\n"
	    "sodan_pagegen_owed_seconds %.3f\n"
	    "# HELP sodan_pagegen_incr_failures_total Generation increments "
	    "that failed on a writer's connection.\n"
	    "# TYPE sodan_pagegen_incr_failures_total counter\n"
	    "sodan_pagegen_incr_failures_total %llu\n",
	    pagegen_owed_seconds(),
	    (unsigned long long)pagegen_incr_failures());
	sesscache_stats(&sh, &sm, &sd);
	buf_printf(&b, "# HELP sodan_session_cache_hits_total Sessions and "
	    "reader parts answered from memory ([server] session_cache_ms).\n"
	    "# TYPE sodan_session_cache_hits_total counter\n"
	    "sodan_session_cache_hits_total %llu\n"
	    "# HELP sodan_session_cache_misses_total Look-ups that went to "
	    "PostgreSQL.\n"
	    "# TYPE sodan_session_cache_misses_total counter\n"
	    "sodan_session_cache_misses_total %llu\n"
	    "# HELP sodan_session_cache_drops_total Writes that dropped "
	    "cached sessions.\n"
	    "# TYPE sodan_session_cache_drops_total counter\n"
	    "sodan_session_cache_drops_total %llu\n",
	    (unsigned long long)sh, (unsigned long long)sm,
	    (unsigned long long)sd);
	pcache_stats(&ps);
	buf_printf(&b, "# HELP sodan_page_cache_hits_total Page cache look-ups "
	    "that found a fresh page: anonymous pages served whole and "
	    "signed-in thread pages composed from the cached body.\n"
	    "# TYPE sodan_page_cache_hits_total counter\n"
	    "sodan_page_cache_hits_total %llu\n"
	    "# HELP sodan_page_cache_misses_total Page cache look-ups that "
	    "found no fresh page.\n"
	    "# TYPE sodan_page_cache_misses_total counter\n"
	    "sodan_page_cache_misses_total %llu\n"
	    "# HELP sodan_page_cache_renders_total Cacheable pages rendered "
	    "(one per key under a stampede).\n"
	    "# TYPE sodan_page_cache_renders_total counter\n"
	    "sodan_page_cache_renders_total %llu\n"
	    "# HELP sodan_page_cache_coalesced_total Requests that waited "
	    "for another render of their page and got it.\n"
	    "# TYPE sodan_page_cache_coalesced_total counter\n"
	    "sodan_page_cache_coalesced_total %llu\n"
	    "# HELP sodan_page_cache_stores_total Pages stored.\n"
	    "# TYPE sodan_page_cache_stores_total counter\n"
	    "sodan_page_cache_stores_total %llu\n"
	    "# HELP sodan_page_cache_evictions_total Pages pushed out by the "
	    "CLOCK to stay within the budget.\n"
	    "# TYPE sodan_page_cache_evictions_total counter\n"
	    "sodan_page_cache_evictions_total %llu\n"
	    "# HELP sodan_page_cache_invalidations_total Keys invalidated "
	    "(writes here and on other instances).\n"
	    "# TYPE sodan_page_cache_invalidations_total counter\n"
	    "sodan_page_cache_invalidations_total %llu\n"
	    "# HELP sodan_page_cache_entries Pages held.\n"
	    "# TYPE sodan_page_cache_entries gauge\n"
	    "sodan_page_cache_entries %zu\n"
	    "# HELP sodan_page_cache_bytes Bytes held.\n"
	    "# TYPE sodan_page_cache_bytes gauge\n"
	    "sodan_page_cache_bytes %zu\n"
	    "# HELP sodan_page_cache_budget_bytes The budget ([server] "
	    "page_cache_mb).\n"
	    "# TYPE sodan_page_cache_budget_bytes gauge\n"
	    "sodan_page_cache_budget_bytes %zu\n",
	    (unsigned long long)ps.hits, (unsigned long long)ps.misses,
	    (unsigned long long)ps.renders, (unsigned long long)ps.coalesced,
	    (unsigned long long)ps.stores, (unsigned long long)ps.evictions,
	    (unsigned long long)ps.invalidations, ps.entries, ps.bytes,
	    ps.max_bytes);
	health_rules_metrics(&b);
	if (page_metrics_modq(r, &b) == -1)
		buf_puts(&b, "# moderation queues: PostgreSQL unavailable\n");
	r->resp.no_cache = 1;
	reply_header(r, "Cache-Control", "no-store");
	reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", b.p);
}

/* The sodan_rules_* lines of /metrics: the set in use and its reloads. */
static void
health_rules_metrics(struct buf *b)
{
	struct ruleset_status	st;
	int			f;

	ruleset_status(&st);
	buf_puts(b, "# HELP sodan_rules_info The moderation rule set in use "
	    "(hash: sha256 of the files of the moderation directory).\n"
	    "# TYPE sodan_rules_info gauge\n");
	if (st.loaded)
		buf_printf(b, "sodan_rules_info{hash=\"%s\"} 1\n", st.hash);
	buf_printf(b, "# HELP sodan_rules_loaded_timestamp_seconds When the "
	    "rule set in use was loaded.\n"
	    "# TYPE sodan_rules_loaded_timestamp_seconds gauge\n"
	    "sodan_rules_loaded_timestamp_seconds %lld\n"
	    "# HELP sodan_rules_count Pattern rules in the set in use.\n"
	    "# TYPE sodan_rules_count gauge\nsodan_rules_count %zu\n"
	    "# HELP sodan_rules_last_reload_ok 1 when the last load attempt "
	    "installed a set or found no change.\n"
	    "# TYPE sodan_rules_last_reload_ok gauge\n"
	    "sodan_rules_last_reload_ok %d\n"
	    "# HELP sodan_rules_reloads_total Rule sets installed after the "
	    "first.\n# TYPE sodan_rules_reloads_total counter\n"
	    "sodan_rules_reloads_total %llu\n"
	    "# HELP sodan_rules_reload_failures_total Load attempts that "
	    "failed (the set in use was kept).\n"
	    "# TYPE sodan_rules_reload_failures_total counter\n"
	    "sodan_rules_reload_failures_total %llu\n"
	    "# HELP sodan_rules_sets_alive Rule sets in memory (the one in "
	    "use and older ones a request still holds).\n"
	    "# TYPE sodan_rules_sets_alive gauge\nsodan_rules_sets_alive %zu\n",
	    (long long)st.loaded_at, st.nrules,
	    st.attempt_at == 0 || st.attempt_ok,
	    (unsigned long long)st.reloads, (unsigned long long)st.failures,
	    st.alive);
	buf_puts(b, "# HELP sodan_feed_entries Entries of a block-list feed "
	    "in the set in use.\n# TYPE sodan_feed_entries gauge\n");
	for (f = 0; f < FEED__MAX; f++)
		buf_printf(b, "sodan_feed_entries{feed=\"%s\"} %zu\n",
		    feeds_name((enum feed)f), st.feed_entries[f]);
	buf_puts(b, "# HELP sodan_feed_allowed_skipped Feed entries left out "
	    "because the allow list holds them.\n"
	    "# TYPE sodan_feed_allowed_skipped gauge\n");
	for (f = 0; f < FEED__MAX; f++)
		buf_printf(b, "sodan_feed_allowed_skipped{feed=\"%s\"} %zu\n",
		    feeds_name((enum feed)f), st.feed_skipped[f]);
	buf_puts(b, "# HELP sodan_feed_loaded 1 when the feed's file was read "
	    "into the set in use.\n# TYPE sodan_feed_loaded gauge\n");
	for (f = 0; f < FEED__MAX; f++)
		buf_printf(b, "sodan_feed_loaded{feed=\"%s\"} %d\n",
		    feeds_name((enum feed)f), st.feed_on[f]);
}
