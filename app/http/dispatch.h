/*
 * dispatch.h: everything between "a request arrived" and "a handler
 * answered", run on an app thread: form and query parsing, declared-field
 * validation, visitor identity (session, CSRF), role and rate-limit checks,
 * the handler, compression and the page cache.
 */
#ifndef SODAN_DISPATCH_H
#define SODAN_DISPATCH_H

#include "http/req.h"

/* Runs r (r->rt set) to a complete r->resp. */
void	dispatch_run(struct req *);
/*
 * A signed-in member's composed page answered in the event loop from
 * memory alone (session cache, page cache, this instance's allowance):
 * 0 with r->resp filled, -1 to run r on an app thread as usual.
 */
int	dispatch_compose_loop(struct req *);
/* Fills r->resp with the error page for status (no store needed). */
void	dispatch_error(struct req *, int status);

#endif
