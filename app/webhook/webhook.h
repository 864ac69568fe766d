/*
 * webhook.h: webhooks' signatures, URLs and delivery worker.
 *
 * An event is written to webhook_deliveries in the transaction of the
 * transition that causes it (store/webhook.h).  A worker thread per
 * instance (webhook_worker_start) claims due rows, posts each body with
 * libcurl and records the answer: any 2xx is delivered; anything else
 * (another status, a timeout, a refused connection) is tried again after
 * a delay that doubles from [webhooks] retry_base_ms up to retry_max_ms,
 * with random jitter, until max_attempts, then the delivery is failed.
 *
 * Each request carries
 *	Sodan-Event: question.created
 *	Sodan-Delivery: 42
 *	Sodan-Signature: t=1733340000,v1=<64 hex digits>
 * where v1 is HMAC-SHA256 keyed with the hook's secret (the whole string
 * shown once when the hook was made, "whsec_...") over the bytes
 * TIMESTAMP "." BODY.  The secret is stored sealed (acct/seal.h) and is
 * never logged.
 */
#ifndef SODAN_WEBHOOK_H
#define SODAN_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct conf;
struct db;

/* Room for "t=" 20 digits ",v1=" 64 hex digits and the NUL. */
#define WEBHOOK_SIG_MAX		96
/* The longest URL a hook may have. */
#define WEBHOOK_URL_MAX		2000

/*
 * The Sodan-Signature value for body sent at time t, signed with secret
 * (secretlen bytes, the key of HMAC-SHA256 as is).  out gets
 * "t=T,v1=HEX".  0, or -1 when out is too small.
 */
int	 webhook_sign(const char *secret, size_t secretlen, int64_t t,
	    const char *body, size_t bodylen, char *out, size_t outlen);

/* A new secret: "whsec_" and 32 random bytes in base64url (arena-owned). */
char	*webhook_secret_new(struct arena *);

enum webhook_url_err {
	WEBHOOK_URL_OK = 0,
	WEBHOOK_URL_SYNTAX,	/* not an absolute URL */
	WEBHOOK_URL_SCHEME,	/* not https (nor allowed loopback http) */
	WEBHOOK_URL_HOST,	/* no host */
	WEBHOOK_URL_USERINFO,	/* user:password@ in the URL */
	WEBHOOK_URL_FRAGMENT,	/* a #fragment */
	WEBHOOK_URL_LONG,	/* over WEBHOOK_URL_MAX bytes */
};

/*
 * Checks a hook's URL: https://HOST[:PORT][/PATH][?QUERY], no user
 * information, no fragment, no spaces or control characters; with
 * allow_http_loopback also http://127.0.0.1[:PORT]/... (and [::1]).
 */
enum webhook_url_err webhook_url_check(const char *url,
	    int allow_http_loopback);

/*
 * The delay in milliseconds before attempt attempts + 1, after attempts
 * failed ones (1 or more): base doubled attempts - 1 times, at most max,
 * then jitter: half of it plus rnd modulo the other half (rnd: a random
 * number; libsodium's randombytes_random in the worker).
 */
int	 webhook_retry_delay_ms(int attempts, int base_ms, int max_ms,
	    uint32_t rnd);

/* The sending thread: one per instance, its own database connection. */
int	 webhook_worker_start(const struct conf *);
void	 webhook_worker_stop(void);
/*
 * Claims and sends what is due once (the worker's loop body).  Returns
 * the deliveries claimed, or -1 when the store failed.
 */
int	 webhook_send_due(struct db *, const struct conf *);

#endif
