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
/* Fills r->resp with the error page for status (no store needed). */
void	dispatch_error(struct req *, int status);

#endif
