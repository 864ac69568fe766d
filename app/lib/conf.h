/*
 * conf.h: the configuration, parsed once at start-up, then read-only.
 *
 * conf/sodan.conf is INI (read with inih).  Every key is declared in one
 * table in conf.c with its type and bounds; an unknown key or a bad value
 * stops start-up with "FILE:LINE: what is wrong".  The environment
 * variables SODAN_DATABASE_URL, SODAN_REDIS_URL, SODAN_REDIS_PASSWORD,
 * SODAN_METRICS_TOKEN, SODAN_LISTEN and SODAN_LIMITS override
 * the file (conf_load reads them; handlers never call getenv).
 */
#ifndef SODAN_CONF_H
#define SODAN_CONF_H

#include <stddef.h>

#include "lib/limits.h"

struct conf {
	/* [server] */
	char	*listen;		/* "127.0.0.1:8080" */
	char	 listen_host[64];	/* derived from listen */
	int	 listen_port;
	int	 loops;			/* 0: one per core */
	int	 app_threads;
	int	 hash_threads;		/* argon2id at once; 0: app_threads / 2 */
	int	 max_url;		/* bytes of path + query */
	int	 max_body;		/* bytes of request body */
	int	 request_timeout;	/* seconds to receive a request */
	int	 tls_in_front;		/* cookies get Secure */
	int	 page_cache;		/* entries in the anonymous page cache, 0 = off */
	int	 page_cache_poll_ms;	/* shared generation poll; 0 = alone */
	int	 page_cache_mb;		/* page cache budget in MiB, 0 = off */
	int	 compose_pages;		/* members' thread pages from a recorded body */
	int	 session_cache_ms;	/* sessions and reader parts kept (0 off) */
	int	 search_window;		/* newest posts walked per step */
	int	 drain_ms;		/* SIGTERM: not ready, still serving, this long */
	int	 read_only;		/* declared read-only mode (ready without writes) */
	char	*search_synonyms;	/* synonym groups file, "" = none */
	char	*search_dicdir;		/* MeCab dictionary, "" = mecabrc's */
	/* [database] */
	char	*db_url;
	int	 db_prepared;		/* named statements; false behind pgbouncer */
	char	*db_read_url;		/* read pool (prefer-standby); "" = db_url */
	int	 db_max_lag_ms;		/* read pool: standby further behind -> primary */
	/* [redis] */
	char	*redis_url;
	int	 redis_timeout_ms;
	char	*redis_password;	/* "" = no AUTH */
	char	*redis_sentinels;	/* "host:port, ..." or "" */
	char	*redis_master;		/* the sentinels' master name */
	/* [metrics] */
	char	*metrics_allow;		/* addresses/prefixes that may read /metrics */
	char	*metrics_token;		/* or a bearer token; "" = none */
	struct limits_cidr metrics_nets[16];	/* parsed from metrics_allow */
	size_t	 nmetrics_nets;
	/* [paths] */
	char	*moderation;		/* rule directory */
	char	*moderation_cache;	/* compiled rule cache directory, "" = none */
	char	*access_log;		/* "-" = stderr, "off", or a file */
	char	*limits_path;		/* rate limits (conf/limits.conf) */
	/* read from limits_path */
	struct limits	 limits;
	/* [site] */
	char	*site_name;
	/* [moderation] (docs/moderation-queues.md) */
	int	 flag_threshold;	/* flag points that hide a post at once */
	int	 flag_weight[4];	/* points of a flag by trust level 0..3 */
	int	 flag_weight_staff;	/* staff, moderators, admins */
	int	 first_posts;		/* first N posts of trust-0 accounts reviewed; 0 off */
	int	 undo_hours;		/* shown only; undo is allowed for 24 hours */
	/* learning from moderators (docs/moderation.md) */
	int	 train_interval;	/* seconds between scheduled trainings; 0 off */
	int	 model_min_precision;	/* percent: a model below it is not promoted */
	int	 model_min_recall;	/* percent: the same for recall */
	/* [uploads] (docs/images.md) */
	char	*uploads_dir;		/* pictures by content hash */
	int	 upload_max_bytes;	/* largest picture accepted */
	int	 upload_max_mpx;	/* megapixels in the header, at most */
	int	 upload_max_side;	/* longest side after re-encoding */
	int	 upload_thumb_side;	/* longest side of the thumbnail */
	int	 upload_ocr_ms;		/* OCR deadline per picture */
	int	 upload_ocr_threads;	/* OCR engines at once */
	int	 upload_threads;	/* pictures decoded at once */
	/* [paths] secret_key: the key that seals secrets at rest (docs/security.md) */
	char	*secret_key;
	/* [mail] (app/mail/): the relay and the sender; [site] url for links */
	char	*smtp_url;		/* smtp://host:port or smtps://; "" = keep in outbox */
	char	*smtp_user;		/* AUTH when not "" */
	char	*smtp_password;
	char	*smtp_starttls;		/* no, try, require */
	int	 smtp_timeout_ms;
	int	 mail_poll_ms;
	char	*mail_from;
	char	*site_url;
	/* [support] (docs/support.md; lib/conf_support.c): the staff desk */
	int	 sla_first_answer;	/* default SLA targets, minutes */
	int	 sla_first_staff;
	int	 sla_solved;
	char	*sla_categories;	/* "slug:first/staff/solved, ..." */
	struct conf_sla {
		char	 slug[41];
		int	 first_answer, first_staff, solved;	/* minutes */
	}	 sla[32];
	size_t	 nsla;
	char	*canned_path;		/* canned replies (INI), "" none */
	struct conf_canned {
		char	 key[41];
		char	*title[2];	/* by enum lang: ja, en */
		char	*body[2];	/* Markdown with {asker} {staff} {case} {thread} */
	}	 canned[64];
	size_t	 ncanned;
	int	 remind_accept_days;	/* sodan admin support-sweep; 0 off */
	int	 close_after_days;	/* 0 off */
	int	 views_flush_ms;	/* thread views: memory -> database */
	/* [oidc] (docs/accounts.md, "OpenID Connect"): off without issuer */
	char	*oidc_issuer;		/* "" = no sign-in with the provider */
	char	*oidc_client_id;
	char	*oidc_client_secret_file; /* mode 0600; or SODAN_OIDC_CLIENT_SECRET */
	char	*oidc_client_secret;	/* read from either; never logged */
	char	*oidc_redirect_uri;	/* "" = [site] url + /login/oidc/callback */
	char	*oidc_label_ja;		/* the button */
	char	*oidc_label_en;
	char	*oidc_scopes;		/* "openid email profile" */
	char	*oidc_algs;		/* ID token algorithms accepted */
	int	 oidc_timeout_ms;	/* each request to the provider */
	int	 oidc_skew;		/* seconds of clock skew allowed */
	int	 oidc_jwks_refetch_ms;	/* unknown kid: JWKS read again at most this often */
	/* urgency triage (docs/support.md, "Urgency triage") */
	char	*triage_rules;		/* conf/support/triage.rules */
	int	 sla_urgent_first_staff;	/* minutes, urgent questions */
	/* [webhooks] (app/webhook/; docs/admin.md, "Webhooks") */
	int	 webhook_poll_ms;	/* how often the worker looks for due rows */
	int	 webhook_timeout_ms;	/* one request, connect included */
	int	 webhook_retry_base_ms;	/* first retry delay; doubles */
	int	 webhook_retry_max_ms;	/* longest delay between attempts */
	int	 webhook_max_attempts;	/* then the delivery is failed */
	int	 webhook_allow_http_loopback;	/* http://127.0.0.1 (tests) */
	/* [feeds] block-list feeds (post/feeds.h); "" = that feed off */
	char	*feed_metamask;		/* eth-phishing-detect config.json */
	char	*feed_scamsniffer;	/* scam-database domains (json, tsv) */
	char	*feed_jpcert;		/* phishurl-list CSV/TSV */
	int	 feed_interval;		/* seconds between looks; 0 never */
};

/*
 * Fills c with defaults, then the file at path (NULL: defaults only), then
 * the environment.  Returns 0, or -1 with "path:line: message" in err.
 * Strings are heap-owned for the life of the process.
 */
int	conf_load(struct conf *c, const char *path, char *err, size_t errlen);
/*
 * A libpq connection string (key=value form) with a relative host
 * directory ("host=var/run") made absolute against base (an absolute
 * directory); any other string is copied as is.  Caller frees.
 */
char	*conf_db_url_resolve(const char *url, const char *base);
/*
 * [support]: parses sla_categories into sla[] and reads the canned
 * replies file (lib/conf_support.c).  0, or -1 with "file:line: message".
 */
int	conf_support_load(struct conf *c, char *err, size_t errlen);
/* The SLA targets of category slug (the defaults when it has none). */
const struct conf_sla *conf_support_sla(const struct conf *c,
	    const char *slug, struct conf_sla *buf);
void	conf_support_free(struct conf *c);
/* Frees the strings of c (after conf_load, even a failed one). */
void	conf_free(struct conf *c);

#endif
