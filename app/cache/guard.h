/*
 * guard.h: sign-in protection in Redis (no hiredis types here).
 *
 * Failures are counted per account name (whatever was typed, so an
 * account that does not exist behaves exactly like one that does) and per
 * client address (IPv4 address, or IPv6 /64).  From the 3rd failure in a
 * row each attempt must wait a growing delay (250 ms more each time); the
 * 10th failure locks the name for 15 minutes, doubling with every further
 * lock within 30 days (at most 16 hours).  An address with 100 failures in
 * 15 minutes is refused until the window ends.  A successful sign-in
 * clears the name's failures (not its lock count); an unlock clears both.
 * Both also reset the name's signin_account rate limit.
 *
 * If Redis is unavailable the checks let the attempt through (logged):
 * the password hash still costs every attempt ~50 ms of CPU, and sign-in
 * keeps working while Redis is restarted.
 */
#ifndef SODAN_GUARD_H
#define SODAN_GUARD_H

#include <stddef.h>

struct cache;

#define GUARD_LOCK_AFTER	10	/* failures that lock a name */
#define GUARD_LOCK_SECONDS	900	/* first lock; doubles */
#define GUARD_IP_MAX		100	/* failures per address per window */
#define GUARD_IP_WINDOW		900

enum guard_verdict {
	GUARD_OK,
	GUARD_DELAY,		/* wait *wait_ms, then try again */
	GUARD_LOCKED,		/* the name is locked for *wait_ms */
	GUARD_IP_BLOCKED	/* this address tried too often */
};

/*
 * May a sign-in for account key (the normalized name typed) come from
 * address key ip now?  Sets *wait_ms for every verdict but GUARD_OK.
 */
enum guard_verdict guard_check(struct cache *, const char *acct,
		    const char *ip, long *wait_ms);
/*
 * Records a failed sign-in.  *locked is set to the lock's length in
 * seconds when this failure locked the name (0 otherwise) and *nlocks to
 * the number of locks within 30 days.  Returns 0, or -1 when Redis failed.
 */
int		 guard_fail(struct cache *, const char *acct, const char *ip,
		    long *locked, long *nlocks);
/*
 * A successful sign-in: clears the name's failures and gives back its
 * signin_account allowance (rate limits).  0 or -1.
 */
int		 guard_success(struct cache *, const char *acct);
/*
 * Clears failures, delay, lock and lock count of a name (its password
 * and its second factor, guard_2fa_key), and gives back its
 * signin_account allowance.  0 or -1.
 */
int		 guard_unlock(struct cache *, const char *acct);
/*
 * The guard's name for the second factor of account key acct: wrong codes
 * are counted, delayed and locked on their own, so a correct password
 * (guard_success on acct) never clears them.  Writes at most outlen bytes.
 */
void		 guard_2fa_key(const char *acct, char *out, size_t outlen);
/*
 * The address key of a client address in text form: IPv4 as is (also
 * when IPv4-mapped), IPv6 as its /64 prefix ("2001:db8:1:2::/64").
 * out has outlen bytes (64 is enough); unparsable input is copied.
 */
void		 guard_ip_key(const char *peer, char *out, size_t outlen);

#endif
