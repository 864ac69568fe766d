/*
 * mail/worker.c: the thread that empties the outbox over SMTP (libcurl).
 *
 * Each round, in one transaction: lock up to 5 due rows (FOR UPDATE SKIP
 * LOCKED, so instances never send a row twice), send each with libcurl's
 * SMTP (STARTTLS as [mail] starttls says, AUTH when a user is set,
 * connect and total timeouts), mark it sent or due again after a delay
 * that doubles from 30 s to an hour, commit.  A row leaves the queue only
 * when the relay said 250; a crash before the commit sends it again (at
 * least once, never lost).  The round repeats every [mail] poll_ms.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "acct/seal.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "mail/mail.h"
#include "store/db.h"
#include "store/store.h"

struct upload {
	const char	*p;
	size_t		 left;
};

static pthread_t	 mw_thread;
static atomic_int	 mw_stop;
static pthread_mutex_t	 mw_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 mw_cv = PTHREAD_COND_INITIALIZER;	/* stop */
static int		 mw_running;
static const struct conf *mw_conf;

static size_t	 read_cb(char *, size_t, size_t, void *);
static int	 send_one(const struct conf *, const char *, const char *,
		    char *, size_t);
static void	*worker_main(void *);
static const char *envelope_from(struct arena *, const char *);

static size_t
read_cb(char *out, size_t size, size_t n, void *arg)
{
	struct upload	*u = arg;
	size_t		 k = size * n < u->left ? size * n : u->left;

	memcpy(out, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

/* The bare address of a From header value ("name <a@b>" or "a@b"). */
static const char *
envelope_from(struct arena *a, const char *from)
{
	const char	*lt = strrchr(from, '<'), *gt;

	if (lt != NULL && (gt = strchr(lt, '>')) != NULL)
		return arena_printf(a, "<%.*s>", (int)(gt - lt - 1), lt + 1);
	return arena_printf(a, "<%s>", from);
}

/* One message to one address; 0 when the relay accepted it, else -1 and err. */
static int
send_one(const struct conf *c, const char *to, const char *msg, char *err,
    size_t errlen)
{
	CURL			*h;
	struct curl_slist	*rcpt = NULL;
	struct upload		 up = { msg, strlen(msg) };
	struct arena		*a = arena_new();
	char			 ebuf[CURL_ERROR_SIZE] = "";
	CURLcode		 rc;

	if ((h = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		arena_free(a);
		return -1;
	}
	rcpt = curl_slist_append(rcpt, arena_printf(a, "<%s>", to));
	curl_easy_setopt(h, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, envelope_from(a, c->mail_from));
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)c->smtp_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)c->smtp_timeout_ms * 4);
	if (strcmp(c->smtp_starttls, "require") == 0)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	else if (strcmp(c->smtp_starttls, "try") == 0)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (c->smtp_user != NULL && c->smtp_user[0] != '\0') {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->smtp_password);
	}
	rc = curl_easy_perform(h);
	if (rc != CURLE_OK)
		snprintf(err, errlen, "%s", ebuf[0] ? ebuf :
		    curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	arena_free(a);
	return rc == CURLE_OK ? 0 : -1;
}

int
mail_send_due(struct db *db, const struct conf *c)
{
	struct arena		*a = arena_new();
	struct outbox_row	*rows;
	const char		*msg;
	char			 err[256];
	size_t			 n, i;
	int			 sent = 0, delay, k;

	if (store_mail_begin(db) == -1) {
		arena_free(a);
		return -1;
	}
	if (store_mail_due(db, a, &rows, &n) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		err[0] = '\0';
		if ((msg = acct_unseal(a, rows[i].message)) == NULL)
			snprintf(err, sizeof(err), "cannot open the stored "
			    "message with the key files");
		else if (send_one(c, rows[i].to, msg, err, sizeof(err)) == 0) {
			if (store_mail_sent(db, rows[i].id) == -1)
				goto fail;
			sent++;
			continue;
		}
		for (delay = 30, k = 0; k < rows[i].attempts && delay < 3600;
		    k++)
			delay *= 2;
		if (delay > 3600)
			delay = 3600;
		log_ratelimited("mail", 60, "mail: message %lld not sent "
		    "(attempt %d, again in %d s): %s",
		    (long long)rows[i].id, rows[i].attempts + 1, delay, err);
		if (store_mail_retry(db, rows[i].id, delay, err) == -1)
			goto fail;
	}
	if (store_mail_commit(db) == -1) {
		arena_free(a);
		return -1;
	}
	arena_free(a);
	return sent;
fail:
	store_mail_rollback(db);
	arena_free(a);
	return -1;
}

static void *
worker_main(void *arg)
{
	struct db	*db = db_new(mw_conf->db_url);
	struct timespec	 ts;
	long		 rounds = 0;

	(void)arg;
	while (!atomic_load(&mw_stop)) {
		(void)mail_notify_due(db);
		(void)mail_send_due(db, mw_conf);
		if (++rounds % 3600 == 0)
			(void)store_mail_purge_sent(db);
		/* poll_ms, or until mail_worker_stop() wakes it */
		util_deadline(&ts, CLOCK_REALTIME, mw_conf->mail_poll_ms);
		pthread_mutex_lock(&mw_mtx);
		if (!atomic_load(&mw_stop))
			(void)pthread_cond_timedwait(&mw_cv, &mw_mtx, &ts);
		pthread_mutex_unlock(&mw_mtx);
	}
	db_free(db);
	return NULL;
}

int
mail_worker_start(const struct conf *c)
{
	if (c->smtp_url == NULL || c->smtp_url[0] == '\0') {
		log_info("mail: no [mail] smtp_url: messages wait in the "
		    "outbox");
		return 0;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	mw_conf = c;
	atomic_store(&mw_stop, 0);
	if (pthread_create(&mw_thread, NULL, worker_main, NULL) != 0) {
		log_err("mail: cannot start the sending thread");
		return -1;
	}
	mw_running = 1;
	return 0;
}

void
mail_worker_stop(void)
{
	if (!mw_running)
		return;
	pthread_mutex_lock(&mw_mtx);
	atomic_store(&mw_stop, 1);
	pthread_cond_signal(&mw_cv);
	pthread_mutex_unlock(&mw_mtx);
	pthread_join(mw_thread, NULL);
	mw_running = 0;
	curl_global_cleanup();
}
