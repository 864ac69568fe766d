/* api/api.c: what the JSON API's handlers share (api.h). */
#include <stdlib.h>

#include <jansson.h>

#include "api/api.h"
#include "http/req.h"
#include "lib/arena.h"

void
api_send(struct req *r, int status, json_t *o)
{
	char	*s;

	s = json_dumps(o, JSON_COMPACT);
	reply_json(r, status, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(o);
}
