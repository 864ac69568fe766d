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

/*
 * Loads the support case of thread (*out NULL when none).  0, or -1 when
 * the store failed (the thread page then shows no state).
 */
int	support_page_case(struct req *, int64_t thread,
	    struct support_case **out);
/* The public tag: "escalated to official support" / "resolved by support". */
void	support_page_tag(struct html *, struct req *,
	    const struct support_case *);
/*
 * For the thread's asker and staff only: a link to the case, or the form
 * that opens one; nothing for anyone else.
 */
void	support_page_box(struct html *, struct req *, int64_t thread,
	    int64_t asker, const struct support_case *);

#endif
