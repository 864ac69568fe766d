/*
 * pages/health.c: GET /healthz, for load balancers and people: the state of
 * PostgreSQL and Redis and the version.  PostgreSQL down: 503 "down";
 * Redis down: 200 "degraded" (pages that only read go on without it).
 */
#include "cache/cache.h"
#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "pages/pages.h"
#include "store/db.h"
#include "version.h"

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
