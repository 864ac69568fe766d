/* api/triage.c: JSON twin of staff's correction of a question's urgency */
/*
 * POST /api/v1/threads/:id/triage reads the page's declared fields
 * (class, note; back means nothing here) and calls triage_correct
 * (pages/triage.c), the page's own function: support_triage_correct
 * checks the role again in the transaction that locks the thread and
 * writes the mod_log row.  A ROLE_STAFF route: a staff member's token
 * needs write, a member's gets 403.  The answer is the class read back
 * after the write, with the rules' class and reasons (in the language of
 * Accept-Language).  docs/api.md.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "http/req.h"
#include "http/server.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "pages/triage.h"
#include "store/triage.h"

static json_t	*lines_json(const char *);

/* Reasons, one a line, as an array of strings. */
static json_t *
lines_json(const char *s)
{
	json_t		*a = json_array();
	const char	*p = s, *e;

	while (p != NULL && *p != '\0') {
		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		if (e > p)
			json_array_append_new(a, json_stringn(p, (size_t)(e - p)));
		p = *e != '\0' ? e + 1 : NULL;
	}
	return a;
}

/* POST /api/v1/threads/:id/triage: staff set the class (urgent, normal, low). */
void
api_thread_triage(struct req *r)
{
	struct triage_row	*t;
	int64_t			 id = qa_param_id(r->param[0]);
	int			 changed;

	if (triage_correct(r, id, &changed) == -1)
		return;
	if (store_triage_of(r->w->db, r->a, id, &t) == -1)
		return;
	if (t == NULL) {
		reply_error(r, 404, NULL);
		return;
	}
	api_send(r, 200, json_pack("{s:I, s:s, s:o, s:b, s:o}", "thread_id",
	    (json_int_t)id, "class", t->tclass, "auto_class",
	    t->auto_class[0] != '\0' ? json_string(t->auto_class) :
	    json_null(), "changed", changed, "reasons",
	    lines_json(t->reasons[r->lang])));
}
