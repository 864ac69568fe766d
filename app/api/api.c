/* api/api.c: what the JSON API's handlers share (api.h). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "http/req.h"
#include "lib/arena.h"
#include "view/form.h"
#include "view/i18n.h"

void
api_send(struct req *r, int status, json_t *o)
{
	char	*s;

	s = json_dumps(o, JSON_COMPACT);
	reply_json(r, status, arena_strdup(r->a, s ? s : "{}"));
	free(s);
	json_decref(o);
}

void
api_form_problem(struct req *r, int status, const struct form_errs *e)
{
	struct problem		 p;
	struct problem_field	*f;
	size_t			 i;

	f = arena_calloc(r->a, e->n + 1, sizeof(*f));
	for (i = 0; i < e->n; i++) {
		f[i].field = e->field[i];
		f[i].detail = e->msg[i];
	}
	memset(&p, 0, sizeof(p));
	p.status = status;
	p.code = status == 409 ? "conflict" : "invalid";
	p.detail = e->n == 1 ? e->msg[0] : T(r->lang, "Please correct the "
	    "fields.");
	p.errors = f;
	p.nerrors = e->n;
	reply_problem(r, &p);
}
