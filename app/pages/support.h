/*
 * pages/support.h: what the thread page shows of escalation (defined in
 * pages/support.c): the public state of a thread's support case, and for
 * its asker and staff the way in.
 */
#ifndef SODAN_PAGES_SUPPORT_H
#define SODAN_PAGES_SUPPORT_H

#include <stdint.h>

#include "http/req.h"
#include "view/html.h"

struct support_case;

/* What the thread page shows of support: the case and the desk's claim. */
struct support_view {
	struct support_case	*c;		/* NULL: not escalated */
	const char		*claimed_by;	/* NULL: nobody */
};

/* Loads the support view of thread into *v.  0, or -1 (store down). */
int	support_page_case(struct req *, int64_t thread,
	    struct support_view *v);
/*
 * The public tags: "escalated to official support" / "resolved by
 * support", and "being handled by staff" while a staff member holds it.
 */
void	support_page_tag(struct html *, struct req *,
	    const struct support_view *);
/*
 * For the thread's asker and staff only: a link to the case, or the form
 * that opens one; nothing for anyone else.
 */
void	support_page_box(struct html *, struct req *, int64_t thread,
	    int64_t asker, const struct support_view *);

#endif
