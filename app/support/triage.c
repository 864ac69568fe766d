/*
 * support/triage.c: staff correct the urgency of a question.
 *
 * The class a question was given when asked (post/triage.c) is the rules'
 * guess; staff who read it may say otherwise.  Each correction is kept
 * (triage_corrections) and logged (mod_log, action "triage"): the
 * corrections are the measure of the rules in use (/staff/stats,
 * docs/support.md).  The route admits staff only; the store checks it
 * again in the transaction, so a role taken away meanwhile writes
 * nothing.
 */
#include <string.h>

#include "lib/arena.h"
#include "store/triage.h"
#include "support/support.h"

void
support_triage_correct(struct arena *a, struct db *db,
    const struct support_actor *actor, int64_t thread, const char *tclass,
    const char *note, struct support_result *res)
{
	enum store_triage_result sr;
	const char		*from;

	memset(res, 0, sizeof(*res));
	if (!support_is_staff(actor)) {
		res->err = SUPPORT_E_FORBIDDEN;
		return;
	}
	if (strcmp(tclass, "urgent") != 0 && strcmp(tclass, "normal") != 0 &&
	    strcmp(tclass, "low") != 0) {
		res->err = SUPPORT_E_INVALID;
		return;
	}
	if (store_triage_correct(db, a, thread, actor->id, actor->name, tclass,
	    note, &sr, &from) == -1) {
		res->err = SUPPORT_E_STORE;
		return;
	}
	switch (sr) {
	case STORE_TRIAGE_OK:
		res->changed = 1;
		break;
	case STORE_TRIAGE_UNCHANGED:
		break;
	case STORE_TRIAGE_FORBIDDEN:
		res->err = SUPPORT_E_FORBIDDEN;
		break;
	default:
		res->err = SUPPORT_E_NOTFOUND;
		break;
	}
}
