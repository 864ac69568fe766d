/*
 * throttle.h: the dispatcher's rate-limit step, and the same checks for
 * handlers that limit something the route table cannot name (sign-in
 * attempts per account).  Limits are in conf/limits.conf; the counting is
 * app/cache/ratelimit.c (GCRA in Redis).
 *
 * Subjects: "u:ID" for a signed-in user on per-user actions, else the
 * client IP: "ip:A.B.C.D", or "ip6:PREFIX/64" for IPv6 (grouped by
 * [clients] ipv6_prefix).  The client IP is the connection's address,
 * unless that address is a trusted proxy: then it is the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy.
 *
 * Every *_or_reply function returns 0 (go on) or -1 after answering 429
 * itself: Retry-After, and a page in the visitor's language saying when to
 * try again that shows a POST form again with the text typed (JSON under
 * /api/).  Redis unreachable: reads pass, writes are limited in-process.
 */
#ifndef SODAN_THROTTLE_H
#define SODAN_THROTTLE_H

#include "http/req.h"
#include "lib/limits.h"

/* Sets r->client_ip (arena-owned) from r->peer and X-Forwarded-For. */
void	throttle_client(struct req *r);
/*
 * The subject text for IP address ip (IPv4, IPv6, IPv4-mapped IPv6);
 * arena-owned.  "ip:unknown" when ip is not an address.
 */
const char *throttle_ip_subject(struct arena *, const struct limits *,
	    const char *ip);
/*
 * Scales the limit of action a for the visitor of r (trust level, staff,
 * moderator).  Returns 0 with *out filled, or 1 when r's visitor is
 * exempt.  Per-IP actions are never scaled.
 */
int	throttle_limit_for(const struct req *r, enum limit_action a,
	    struct limit *out);
/*
 * The same for someone other than the visitor (a moderator looking at a
 * user's or an IP's allowance): user 0 means an anonymous visitor (an IP
 * subject), else a signed-in user with role and trust level trust.
 * Returns 0 with *out filled, or 1 when that subject is exempt.
 */
int	throttle_limit_subject(const struct req *r, enum limit_action a,
	    int user, enum role role, int trust, struct limit *out);
/*
 * The subject of sign-in attempts for account (the name typed or its
 * key; ASCII case ignored, at most 128 bytes): "a:NAME", arena-owned.
 */
const char *throttle_account_subject(struct arena *, const char *account);
/* The global per-IP cap, checked for every job before the session. */
int	throttle_global_or_reply(struct req *r);
/*
 * The global cap for a request answered in the event loop (no Redis):
 * an allowance of this instance of the same size, per client IP.
 * 0 go on, -1 spent (hand the request to an app thread).
 */
int	throttle_global_local(struct req *r);
/* The route's action (r->rt->rl), if any, for r's subject. */
int	throttle_route_or_reply(struct req *r);
/*
 * For the sign-in handler, once per attempt, before anything else: counts
 * the attempt per client IP (signin_ip).  Fields flagged FIELD_SECRET
 * (the password) are not shown again on the 429 page.
 */
int	throttle_signin_ip_or_reply(struct req *r);
/*
 * Then, after the lock-out guard let the attempt through and just before
 * the password is hashed: counts it per account (signin_account; account
 * is the normalized name typed, compared without ASCII case).  Attempts
 * the guard refuses (locked, delayed) cost no hash and spend nothing here,
 * and guard_success()/guard_unlock() give the allowance back.
 */
int	throttle_signin_account_or_reply(struct req *r, const char *account);
/*
 * Sign-up: the route counts every form sent (register_attempt); the
 * register allowance of the client IP counts only accounts created, so a
 * form refused for a short password spends none of what people behind
 * one carrier address share.  throttle_register_check_or_reply() looks
 * before the account is created (nothing spent; with Redis unreachable
 * the in-process limiter counts it at once and *spent is set), and
 * throttle_register_spend() spends one once it exists (*spent: 0).
 */
int	throttle_register_check_or_reply(struct req *r, int *spent);
void	throttle_register_spend(struct req *r);
/* Any action for an explicit subject (e.g. "ip:…", "u:42"). */
int	throttle_or_reply(struct req *r, enum limit_action a,
	    const char *subject);
/* The 429 answer for a refused request; retry_us: when to try again. */
void	throttle_reply(struct req *r, int64_t retry_us);

#endif
