/*
 * pages/triage.h: the urgency of a question on the thread page and the
 * desk (pages/triage.c; docs/support.md, "Urgency triage").
 */
#ifndef SODAN_PAGES_TRIAGE_H
#define SODAN_PAGES_TRIAGE_H

#include <stdint.h>

#include "core.h"

struct html;
struct req;
struct triage_row;

/*
 * The thread's class and reasons when r's visitor is its asker or staff
 * (*out NULL otherwise: nothing read).  0, or -1 when the store failed.
 */
int	triage_page_load(struct req *, int64_t thread, int64_t author,
	    struct triage_row **out);
/* The asker's emergency steps (urgent only) and staff's box; t may be NULL. */
void	triage_page_box(struct html *, struct req *, int64_t thread,
	    const struct triage_row *t);
/* "⚠ Urgent" (not by colour alone) and the reasons, one per line. */
void	triage_badge(struct html *, enum lang, const char *tclass,
	    const char *reasons);
/* Staff's correction form; from_desk: come back to /staff/desk. */
void	triage_form(struct html *, struct req *, int64_t thread,
	    const char *current, int from_desk);
/*
 * Staff's correction of thread's class to the declared field class (with
 * note), for the page and its JSON twin: 0 done (*changed 0: it was that
 * class already); -1 after answering 404, 403, 400 or 503.
 */
int	triage_correct(struct req *, int64_t thread, int *changed);

#endif
