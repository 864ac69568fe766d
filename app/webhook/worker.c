/*
 * webhook/worker.c: the thread that delivers webhooks (libcurl).
 *
 * Each round claims up to 5 due deliveries in one statement
 * (WEBHOOK_CLAIM: FOR UPDATE SKIP LOCKED, so instances never take the
 * same row; the attempt is counted and the row is not due again for the
 * request timeout plus 30 s).  No transaction is held while a request
 * runs.  Each is then posted with its signature and its result written:
 * 2xx delivered; otherwise due again after webhook_retry_delay_ms, or
 * failed after [webhooks] max_attempts.  A crash, a stop or a lost
 * database connection while sending leaves the row claimed; it is due
 * again when the claim runs out (at least once, never lost; receivers
 * drop duplicates by Sodan-Delivery or the payload's id).  Redirects are
 * not followed and only https (and, when allowed, http) is spoken.
 * Errors are logged with the delivery's and the hook's ids, never the
 * secret nor the body.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "acct/seal.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "store/db.h"
#include "store/webhook.h"
#include "webhook/webhook.h"

#define WEBHOOK_BATCH	5

static pthread_t	 ww_thread;
static atomic_int	 ww_stop;
static int		 ww_running;
static const struct conf *ww_conf;

static size_t	 discard_cb(char *, size_t, size_t, void *);
static int	 progress_cb(void *, curl_off_t, curl_off_t, curl_off_t,
		    curl_off_t);
static int	 post_one(const struct conf *, const struct webhook_due *,
		    const char *, int *, char *, size_t);
static void	*worker_main(void *);

/* The receiver's answer is not kept. */
static size_t
discard_cb(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* A stopping server abandons a request in flight (the claim runs out). */
static int
progress_cb(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	(void)arg;
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return atomic_load(&ww_stop) ? 1 : 0;
}

/*
 * Posts d's body signed with secret.  *status gets the HTTP status (0
 * when there was no answer).  0 when it was 2xx, else -1 with err.
 */
static int
post_one(const struct conf *c, const struct webhook_due *d,
    const char *secret, int *status, char *err, size_t errlen)
{
	CURL			*h;
	struct curl_slist	*hd = NULL;
	struct arena		*a = arena_new();
	char			 sig[WEBHOOK_SIG_MAX], ebuf[CURL_ERROR_SIZE] = "";
	long			 code = 0;
	CURLcode		 rc;

	*status = 0;
	if (webhook_sign(secret, strlen(secret), (int64_t)time(NULL), d->body,
	    strlen(d->body), sig, sizeof(sig)) == -1) {
		snprintf(err, errlen, "cannot sign the body");
		arena_free(a);
		return -1;
	}
	if ((h = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		arena_free(a);
		return -1;
	}
	hd = curl_slist_append(hd, "Content-Type: application/json; "
	    "charset=utf-8");
	hd = curl_slist_append(hd, "Expect:");
	hd = curl_slist_append(hd, arena_printf(a, "Sodan-Event: %s",
	    d->event));
	hd = curl_slist_append(hd, arena_printf(a, "Sodan-Delivery: %lld",
	    (long long)d->id));
	hd = curl_slist_append(hd, arena_printf(a, "Sodan-Signature: %s",
	    sig));
	sodium_memzero(sig, sizeof(sig));
	curl_easy_setopt(h, CURLOPT_URL, d->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR,
	    c->webhook_allow_http_loopback ? "http,https" : "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "sodan-webhooks/1");
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, d->body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(d->body));
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)c->webhook_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)c->webhook_timeout_ms);
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		*status = (int)code;
		if (code < 200 || code > 299)
			snprintf(err, errlen, "HTTP %ld", code);
	} else
		snprintf(err, errlen, "%s", ebuf[0] ? ebuf :
		    curl_easy_strerror(rc));
	curl_slist_free_all(hd);
	curl_easy_cleanup(h);
	arena_free(a);
	return rc == CURLE_OK && code >= 200 && code <= 299 ? 0 : -1;
}

int
webhook_send_due(struct db *db, const struct conf *c)
{
	struct arena		*a = arena_new();
	struct webhook_due	*rows;
	const char		*secret;
	char			 err[256];
	size_t			 n = 0, i;
	int			 status, delay, lease;

	lease = c->webhook_timeout_ms / 1000 + 30;
	if (store_webhook_claim(db, a, lease, &rows, &n) == -1) {
		arena_free(a);
		return -1;
	}
	for (i = 0; i < n && !atomic_load(&ww_stop); i++) {
		err[0] = '\0';
		status = 0;
		if ((secret = acct_unseal(a, rows[i].secret)) == NULL)
			snprintf(err, sizeof(err), "cannot open the hook's "
			    "secret with the key files");
		else if (post_one(c, &rows[i], secret, &status, err,
		    sizeof(err)) == 0) {
			if (store_webhook_delivered(db, rows[i].id, status) ==
			    -1)
				break;
			continue;
		}
		if (atomic_load(&ww_stop))
			break;		/* left claimed: due after the lease */
		if (rows[i].attempts >= c->webhook_max_attempts) {
			log_ratelimited("webhook", 60, "webhook: delivery %lld "
			    "of hook %lld failed after %d attempts: %s",
			    (long long)rows[i].id, (long long)rows[i].hook_id,
			    rows[i].attempts, err);
			if (store_webhook_failed(db, rows[i].id, status, err) ==
			    -1)
				break;
			continue;
		}
		delay = webhook_retry_delay_ms(rows[i].attempts,
		    c->webhook_retry_base_ms, c->webhook_retry_max_ms,
		    randombytes_random());
		log_ratelimited("webhook", 60, "webhook: delivery %lld of hook "
		    "%lld not delivered (attempt %d, again in %d ms): %s",
		    (long long)rows[i].id, (long long)rows[i].hook_id,
		    rows[i].attempts, delay, err);
		if (store_webhook_retry(db, rows[i].id, status, delay, err) ==
		    -1)
			break;
	}
	arena_free(a);
	return (int)n;
}

static void *
worker_main(void *arg)
{
	struct db	*db = db_new(ww_conf->db_url);
	struct timespec	 ts;
	long		 rounds = 0, slept;
	int		 n;

	(void)arg;
	while (!atomic_load(&ww_stop)) {
		n = webhook_send_due(db, ww_conf);
		if (++rounds % 3600 == 0)
			(void)store_webhook_purge(db);
		if (n == WEBHOOK_BATCH)
			continue;	/* more may be due */
		/* sleep poll_ms, in steps of at most 100 ms (a quick stop) */
		for (slept = 0; slept < ww_conf->webhook_poll_ms &&
		    !atomic_load(&ww_stop); slept += 100) {
			ts.tv_sec = 0;
			ts.tv_nsec = (ww_conf->webhook_poll_ms - slept < 100 ?
			    ww_conf->webhook_poll_ms - slept : 100) * 1000000L;
			nanosleep(&ts, NULL);
		}
	}
	db_free(db);
	return NULL;
}

int
webhook_worker_start(const struct conf *c)
{
	store_webhook_site(c->site_url);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	ww_conf = c;
	atomic_store(&ww_stop, 0);
	if (pthread_create(&ww_thread, NULL, worker_main, NULL) != 0) {
		log_err("webhook: cannot start the delivery thread");
		curl_global_cleanup();
		return -1;
	}
	ww_running = 1;
	return 0;
}

void
webhook_worker_stop(void)
{
	if (!ww_running)
		return;
	atomic_store(&ww_stop, 1);
	pthread_join(ww_thread, NULL);
	ww_running = 0;
	curl_global_cleanup();
}
