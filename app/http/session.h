/*
 * session.h: who is asking.  The CSRF token of anonymous visitors is a
 * random double-submit cookie (sodan_csrf); a signed-in visitor's token
 * is bound to the session.  Origin/Referer must name this host on every
 * state-changing request.
 */
#ifndef SODAN_SESSION_H
#define SODAN_SESSION_H

#include "http/req.h"

/*
 * Attaches the session (a personal access token's on /api/ paths, see
 * bearer_attach; else the cookie's, if it names a live one) and the visitor's
 * CSRF token (creating one when need_token and there is none).
 * Returns 0, or -1 when the store is unavailable.
 */
int	session_attach(struct req *, int need_token);
/*
 * The cookie's session from the session cache alone (http/sesscache.h),
 * for the event loop: 1 attached (r->sess, r->csrf), 0 not cached
 * (r->sess NULL; nothing read, nothing written, no cookie set).
 */
int	session_attach_cached(struct req *);
/*
 * A personal access token: this prefix, then 43 characters of base64url
 * (256 random bits); stored as session tokens are, by hex SHA-256.
 */
#define SESSION_PAT_PREFIX	"sodan_pat_"
#define SESSION_PAT_LEN		(sizeof(SESSION_PAT_PREFIX) - 1 + 43)

/* hex SHA-256 of a session token, as stored in sessions.token_hash. */
void	session_token_hash(const char *token, size_t len, char hex[65]);
/* 1 when a state-changing request carries a valid token (if required) and Origin. */
int	session_csrf_ok(struct req *, const char *form_token, int need_token);

#endif
