/* api/openapi.c: GET /api/v1/openapi.json, the API's OpenAPI 3.1 description */
/*
 * The document is checked in (assets/api/openapi.json) and embedded in
 * the binary like the other assets.  tests/http/t269_openapi.py checks
 * that every /api/v1 route of the route table is in it and nothing else
 * is, and lints it with @redocly/cli (tests/api/package.json).  Served
 * with a strong ETag (its SHA-256) and one hour of caching: it changes
 * only with a new binary.
 */
#include <string.h>

#include "http/req.h"
#include "lib/arena.h"
#include "lib/embedded.h"
#include "pages/pages.h"

#define OPENAPI_FILE	"assets/api/openapi.json"

void
api_openapi(struct req *r)
{
	const struct embedded	*e;
	const char		*etag;

	if ((e = embedded_find(OPENAPI_FILE)) == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	etag = arena_printf(r->a, "\"%.32s\"", e->sha256);
	if (r->hdr.if_none_match != NULL &&
	    strcmp(r->hdr.if_none_match, etag) == 0) {
		reply_text(r, 304, "application/json", "");
		r->resp.no_cache = 0;
	} else {
		reply_text(r, 200, "application/json", (const char *)e->data);
		r->resp.no_cache = 0;
	}
	reply_header(r, "ETag", etag);
	reply_header(r, "Cache-Control", "public, max-age=3600");
}
