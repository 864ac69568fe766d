/*
 * lib/conf.c: configuration keys, defaults, bounds and parsing.
 *
 * One table (conf_keys) declares every key: section, name, type, where it
 * goes in struct conf, and its bounds.  The inih handler looks keys up in
 * the table and records the first error; ini_parse() reports the line of
 * the first error, so the message names file and line.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "lib/conf.h"
#include "lib/limits.h"
#include "lib/util.h"

enum ktype { K_INT, K_BOOL, K_STR };

struct conf_key {
	const char	*section;
	const char	*name;
	enum ktype	 type;
	size_t		 off;
	long		 min;
	long		 max;
};

#define KI(s, n, f, lo, hi)	{ s, n, K_INT, offsetof(struct conf, f), lo, hi }
#define KB(s, n, f)		{ s, n, K_BOOL, offsetof(struct conf, f), 0, 1 }
#define KS(s, n, f)		{ s, n, K_STR, offsetof(struct conf, f), 0, 0 }

static const struct conf_key conf_keys[] = {
	KS("server", "listen", listen),
	KI("server", "loops", loops, 0, 64),
	KI("server", "app_threads", app_threads, 1, 256),
	KI("server", "hash_threads", hash_threads, 0, 256),
	KI("server", "max_url", max_url, 256, 65536),
	KI("server", "max_body", max_body, 1024, 64 << 20),
	KI("server", "request_timeout", request_timeout, 1, 3600),
	KB("server", "tls_in_front", tls_in_front),
	KI("server", "page_cache", page_cache, 0, 1000000),
	KI("server", "page_cache_poll_ms", page_cache_poll_ms, 0, 10000),
	KI("server", "page_cache_mb", page_cache_mb, 0, 65536),
	KB("server", "compose_pages", compose_pages),
	KI("server", "session_cache_ms", session_cache_ms, 0, 5000),
	KI("search", "scan_window", search_window, 10, 1000000),
	KS("search", "synonyms", search_synonyms),
	KS("search", "mecab_dicdir", search_dicdir),
	KS("database", "url", db_url),
	KS("redis", "url", redis_url),
	KI("redis", "timeout_ms", redis_timeout_ms, 10, 60000),
	KB("database", "prepared_statements", db_prepared),
	KS("redis", "password", redis_password),
	KS("redis", "sentinels", redis_sentinels),
	KS("redis", "master_name", redis_master),
	KI("server", "drain_ms", drain_ms, 0, 60000),
	KS("metrics", "allow", metrics_allow),
	KS("metrics", "token", metrics_token),
	KB("server", "read_only", read_only),
	KS("paths", "moderation", moderation),
	KS("paths", "moderation_cache", moderation_cache),
	KS("paths", "access_log", access_log),
	KS("paths", "limits", limits_path),
	KS("paths", "secret_key", secret_key),
	KS("mail", "smtp_url", smtp_url),
	KS("mail", "smtp_user", smtp_user),
	KS("mail", "smtp_password", smtp_password),
	KS("mail", "starttls", smtp_starttls),
	KI("mail", "timeout_ms", smtp_timeout_ms, 100, 600000),
	KI("mail", "poll_ms", mail_poll_ms, 50, 600000),
	KS("mail", "from", mail_from),
	KS("site", "url", site_url),
	KS("site", "name", site_name),
	KI("moderation", "flag_threshold", flag_threshold, 1, 1000),
	KI("moderation", "flag_weight_trust0", flag_weight[0], 0, 1000),
	KI("moderation", "flag_weight_trust1", flag_weight[1], 0, 1000),
	KI("moderation", "flag_weight_trust2", flag_weight[2], 0, 1000),
	KI("moderation", "flag_weight_trust3", flag_weight[3], 0, 1000),
	KI("moderation", "flag_weight_staff", flag_weight_staff, 0, 1000),
	KI("moderation", "first_posts", first_posts, 0, 100),
	KI("moderation", "train_interval", train_interval, 0, 30 * 86400),
	KI("moderation", "model_min_precision", model_min_precision, 0, 100),
	KI("moderation", "model_min_recall", model_min_recall, 0, 100),
	KS("uploads", "dir", uploads_dir),
	KI("uploads", "max_bytes", upload_max_bytes, 1024, 32 << 20),
	KI("uploads", "max_megapixels", upload_max_mpx, 1, 200),
	KI("uploads", "max_side", upload_max_side, 64, 16384),
	KI("uploads", "thumb_side", upload_thumb_side, 16, 2048),
	KI("uploads", "ocr_ms", upload_ocr_ms, 100, 120000),
	KI("uploads", "ocr_threads", upload_ocr_threads, 1, 8),
	KI("uploads", "threads", upload_threads, 1, 64),
	KI("support", "sla_first_answer", sla_first_answer, 1, 525600),
	KI("support", "sla_first_staff", sla_first_staff, 1, 525600),
	KI("support", "sla_solved", sla_solved, 1, 525600),
	KS("support", "sla_categories", sla_categories),
	KS("support", "canned", canned_path),
	KI("support", "remind_accept_days", remind_accept_days, 0, 3650),
	KI("support", "close_after_days", close_after_days, 0, 3650),
	KI("support", "views_flush_ms", views_flush_ms, 100, 3600000),
	KS("oidc", "issuer", oidc_issuer),
	KS("oidc", "client_id", oidc_client_id),
	KS("oidc", "client_secret_file", oidc_client_secret_file),
	KS("oidc", "redirect_uri", oidc_redirect_uri),
	KS("oidc", "label_ja", oidc_label_ja),
	KS("oidc", "label_en", oidc_label_en),
	KS("oidc", "scopes", oidc_scopes),
	KS("oidc", "algorithms", oidc_algs),
	KI("oidc", "timeout_ms", oidc_timeout_ms, 100, 60000),
	KI("oidc", "clock_skew", oidc_skew, 0, 600),
	KI("oidc", "jwks_refetch_ms", oidc_jwks_refetch_ms, 0, 3600000),
	KS("support", "triage_rules", triage_rules),
	KI("support", "sla_urgent_first_staff", sla_urgent_first_staff, 1,
	    525600),
	KI("webhooks", "poll_ms", webhook_poll_ms, 50, 600000),
	KI("webhooks", "timeout_ms", webhook_timeout_ms, 100, 60000),
	KI("webhooks", "retry_base_ms", webhook_retry_base_ms, 100, 3600000),
	KI("webhooks", "retry_max_ms", webhook_retry_max_ms, 100, 86400000),
	KI("webhooks", "max_attempts", webhook_max_attempts, 1, 100),
	KB("webhooks", "allow_http_loopback", webhook_allow_http_loopback),
	KS("database", "read_url", db_read_url),
	KI("database", "max_lag_ms", db_max_lag_ms, 0, 3600000),
	KS("feeds", "metamask", feed_metamask),
	KS("feeds", "scamsniffer", feed_scamsniffer),
	KS("feeds", "jpcert", feed_jpcert),
	KI("feeds", "interval", feed_interval, 0, 604800),
};

#define LIMITS_DEFAULT_PATH	"conf/limits.conf"

struct parse_state {
	struct conf	*c;
	char		 msg[256];
};

static int	conf_handler(void *, const char *, const char *, const char *);
static int	conf_split_listen(struct conf *, char *, size_t);
static int	conf_metrics_allow(struct conf *, char *, size_t);
static int	conf_oidc(struct conf *, char *, size_t);

/* [metrics] allow: addresses or address/bits, commas or spaces between. */
static int
conf_metrics_allow(struct conf *c, char *err, size_t errlen)
{
	char	 buf[1024], *p, *tok, *save = NULL;

	c->nmetrics_nets = 0;
	if (strlen(c->metrics_allow) >= sizeof(buf)) {
		snprintf(err, errlen, "[metrics] allow: list too long");
		return -1;
	}
	strcpy(buf, c->metrics_allow);
	for (p = buf; (tok = strtok_r(p, ", \t", &save)) != NULL; p = NULL) {
		if (c->nmetrics_nets == NELEM(c->metrics_nets)) {
			snprintf(err, errlen, "[metrics] allow: more than %zu "
			    "entries", NELEM(c->metrics_nets));
			return -1;
		}
		if (limits_cidr_parse(tok, &c->metrics_nets[c->nmetrics_nets])
		    == -1) {
			snprintf(err, errlen, "[metrics] allow: '%.64s' is not "
			    "an address or address/bits", tok);
			return -1;
		}
		c->nmetrics_nets++;
	}
	return 0;
}

static int
conf_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct parse_state	*ps = user;
	const struct conf_key	*k = NULL;
	size_t			 i;
	char			*end, **sp;
	long			 v;

	for (i = 0; i < NELEM(conf_keys); i++)
		if (strcmp(conf_keys[i].section, section) == 0 &&
		    strcmp(conf_keys[i].name, name) == 0) {
			k = &conf_keys[i];
			break;
		}
	if (k == NULL) {
		if (ps->msg[0] == '\0')
			snprintf(ps->msg, sizeof(ps->msg),
			    "unknown key '%s' in section [%s]", name, section);
		return 0;
	}
	switch (k->type) {
	case K_STR:
		sp = (char **)((char *)ps->c + k->off);
		free(*sp);
		*sp = xstrdup(value);
		return 1;
	case K_BOOL:
		if (strcmp(value, "true") == 0 || strcmp(value, "yes") == 0 ||
		    strcmp(value, "on") == 0 || strcmp(value, "1") == 0)
			v = 1;
		else if (strcmp(value, "false") == 0 ||
		    strcmp(value, "no") == 0 || strcmp(value, "off") == 0 ||
		    strcmp(value, "0") == 0)
			v = 0;
		else {
			if (ps->msg[0] == '\0')
				snprintf(ps->msg, sizeof(ps->msg),
				    "%s: expected true or false, got '%s'",
				    name, value);
			return 0;
		}
		*(int *)((char *)ps->c + k->off) = (int)v;
		return 1;
	case K_INT:
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' ||
		    v < k->min || v > k->max) {
			if (ps->msg[0] == '\0')
				snprintf(ps->msg, sizeof(ps->msg),
				    "%s: expected a whole number from %ld to "
				    "%ld, got '%s'", name, k->min, k->max,
				    value);
			return 0;
		}
		*(int *)((char *)ps->c + k->off) = (int)v;
		return 1;
	}
	return 0;
}

/* Splits "host:port" (or "[v6]:port") into listen_host/listen_port. */
static int
conf_split_listen(struct conf *c, char *err, size_t errlen)
{
	const char	*s = c->listen, *colon;
	char		*end;
	long		 port;
	size_t		 hl;

	if ((colon = strrchr(s, ':')) == NULL) {
		snprintf(err, errlen, "listen: expected HOST:PORT, got '%s'",
		    s);
		return -1;
	}
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 0 || port > 65535 || end == colon + 1) {
		snprintf(err, errlen, "listen: bad port in '%s'", s);
		return -1;
	}
	if (s[0] == '[' && colon > s && colon[-1] == ']') {
		s++;
		hl = (size_t)(colon - s - 1);
	} else
		hl = (size_t)(colon - s);
	if (hl == 0 || hl >= sizeof(c->listen_host)) {
		snprintf(err, errlen, "listen: bad host in '%s'", c->listen);
		return -1;
	}
	memcpy(c->listen_host, s, hl);
	c->listen_host[hl] = '\0';
	c->listen_port = (int)port;
	return 0;
}

char *
conf_db_url_resolve(const char *url, const char *base)
{
	const char	*h, *v, *e;
	size_t		 pre, vlen;
	char		*out;

	/* key=value form only; "host=" at the start or after a space. */
	for (h = url; (h = strstr(h, "host=")) != NULL; h += 5)
		if (h == url || h[-1] == ' ' || h[-1] == '\t')
			break;
	if (h == NULL || base == NULL || base[0] != '/' ||
	    strncmp(url, "postgres", 8) == 0)
		return xstrdup(url);
	v = h + 5;
	e = v + strcspn(v, " \t");
	vlen = (size_t)(e - v);
	/* A relative directory: has a '/' but does not start with one. */
	if (vlen == 0 || v[0] == '/' || v[0] == '\'' ||
	    memchr(v, '/', vlen) == NULL)
		return xstrdup(url);
	pre = (size_t)(v - url);
	out = xmalloc(strlen(url) + strlen(base) + 2);
	memcpy(out, url, pre);
	out[pre] = '\0';
	strcat(out, base);
	strcat(out, "/");
	strncat(out, v, vlen);
	strcat(out, e);
	return out;
}

void
conf_free(struct conf *c)
{
	size_t	i;

	conf_support_free(c);
	free(c->oidc_client_secret);
	c->oidc_client_secret = NULL;
	for (i = 0; i < NELEM(conf_keys); i++)
		if (conf_keys[i].type == K_STR) {
			free(*(char **)((char *)c + conf_keys[i].off));
			*(char **)((char *)c + conf_keys[i].off) = NULL;
		}
}

int
conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	struct parse_state	 ps;
	const char		*e;
	int			 line;
	char			 lerr[256], cwd[PATH_MAX], *resolved;

	memset(c, 0, sizeof(*c));
	c->listen = xstrdup("127.0.0.1:8080");
	c->loops = 0;
	c->app_threads = 8;
	c->hash_threads = 0;
	c->max_url = 4096;
	c->max_body = 1 << 20;
	c->request_timeout = 10;
	c->tls_in_front = 0;
	c->page_cache = 4096;
	c->page_cache_poll_ms = 200;
	c->page_cache_mb = 64;
	c->compose_pages = 1;
	c->session_cache_ms = 0;
	c->search_window = 2000;
	c->search_synonyms = xstrdup("conf/search-synonyms.txt");
	c->search_dicdir = xstrdup("");
	c->db_url = xstrdup("host=var/run dbname=sodan user=sodan");
	c->db_read_url = xstrdup("");
	c->db_max_lag_ms = 2000;
	c->redis_url = xstrdup("unix:var/run/redis.sock");
	c->redis_timeout_ms = 500;
	c->db_prepared = 1;
	c->redis_password = xstrdup("");
	c->redis_sentinels = xstrdup("");
	c->redis_master = xstrdup("sodan");
	c->drain_ms = 0;
	c->metrics_allow = xstrdup("127.0.0.1, ::1");
	c->metrics_token = xstrdup("");
	c->read_only = 0;
	c->moderation = xstrdup("conf/moderation");
	c->moderation_cache = xstrdup("var/cache/moderation");
	c->access_log = xstrdup("-");
	c->site_name = xstrdup("sodan");
	c->limits_path = NULL;
	c->flag_threshold = 6;
	c->flag_weight[0] = 1;
	c->flag_weight[1] = 2;
	c->flag_weight[2] = 3;
	c->flag_weight[3] = 4;
	c->flag_weight_staff = 6;
	c->first_posts = 3;
	c->train_interval = 86400;
	c->model_min_precision = 90;
	c->model_min_recall = 50;
	c->undo_hours = 24;
	c->uploads_dir = xstrdup("var/uploads");
	c->upload_max_bytes = 5 << 20;
	c->upload_max_mpx = 40;
	c->upload_max_side = 2560;
	c->upload_thumb_side = 320;
	c->upload_ocr_ms = 5000;
	c->upload_ocr_threads = 2;
	c->upload_threads = 2;
	c->secret_key = xstrdup("var/keys/sodan.key");
	c->smtp_url = xstrdup("");
	c->smtp_user = xstrdup("");
	c->smtp_password = xstrdup("");
	c->smtp_starttls = xstrdup("try");
	c->smtp_timeout_ms = 10000;
	c->mail_poll_ms = 1000;
	c->webhook_poll_ms = 1000;
	c->webhook_timeout_ms = 10000;
	c->webhook_retry_base_ms = 30000;
	c->webhook_retry_max_ms = 3600000;
	c->webhook_max_attempts = 8;
	c->webhook_allow_http_loopback = 0;
	c->mail_from = xstrdup("sodan <noreply@localhost>");
	c->site_url = xstrdup("http://127.0.0.1:8080");
	c->sla_first_answer = 240;
	c->sla_first_staff = 480;
	c->sla_solved = 2880;
	c->sla_categories = xstrdup("");
	c->canned_path = xstrdup("conf/support/canned.conf");
	c->remind_accept_days = 3;
	c->close_after_days = 30;
	c->views_flush_ms = 60000;
	c->oidc_issuer = xstrdup("");
	c->oidc_client_id = xstrdup("");
	c->oidc_client_secret_file = xstrdup("");
	c->oidc_redirect_uri = xstrdup("");
	c->oidc_label_ja = xstrdup("取引所のアカウントでログイン");
	c->oidc_label_en = xstrdup("Sign in with the exchange's account");
	c->oidc_scopes = xstrdup("openid email profile");
	c->oidc_algs = xstrdup("RS256 ES256 PS256");
	c->oidc_timeout_ms = 5000;
	c->oidc_skew = 60;
	c->oidc_jwks_refetch_ms = 10000;
	c->triage_rules = xstrdup("conf/support/triage.rules");
	c->sla_urgent_first_staff = 30;
	/* the copies in ../shared/data when they are there (docs/moderation.md) */
	c->feed_metamask = xstrdup("");
	c->feed_scamsniffer = xstrdup("../shared/data/"
	    "phishing_domains_scamsniffer/domains_first_seen.tsv");
	c->feed_jpcert = xstrdup("../shared/data/"
	    "phishing_urls_japan_jpcert/phish_urls_sample.tsv");
	c->feed_interval = 3600;

	if (path != NULL) {
		memset(&ps, 0, sizeof(ps));
		ps.c = c;
		line = ini_parse(path, conf_handler, &ps);
		if (line == -1) {
			snprintf(err, errlen, "%s: cannot open: %s", path,
			    strerror(errno));
			return -1;
		}
		if (line != 0) {
			snprintf(err, errlen, "%s:%d: %s", path, line,
			    ps.msg[0] ? ps.msg : "syntax error (expected "
			    "[section] or key = value)");
			return -1;
		}
	}
	if ((e = getenv("SODAN_DATABASE_URL")) != NULL && *e) {
		free(c->db_url);
		c->db_url = xstrdup(e);
	}
	/*
	 * libpq reads host=var/run as a host name: a relative socket
	 * directory is made absolute against the working directory, the
	 * base of every relative path in the file (conf/moderation, ...), so
	 * `sodan admin` from the project root finds the private cluster.
	 */
	if (getcwd(cwd, sizeof(cwd)) != NULL) {
		resolved = conf_db_url_resolve(c->db_url, cwd);
		free(c->db_url);
		c->db_url = resolved;
	}
	if ((e = getenv("SODAN_DATABASE_READ_URL")) != NULL && *e) {
		free(c->db_read_url);
		c->db_read_url = xstrdup(e);
	}
	/* The read pool: the same server(s) as the writes unless named. */
	if (c->db_read_url[0] == '\0') {
		free(c->db_read_url);
		c->db_read_url = xstrdup(c->db_url);
	} else if (getcwd(cwd, sizeof(cwd)) != NULL) {
		resolved = conf_db_url_resolve(c->db_read_url, cwd);
		free(c->db_read_url);
		c->db_read_url = resolved;
	}
	if ((e = getenv("SODAN_REDIS_URL")) != NULL && *e) {
		free(c->redis_url);
		c->redis_url = xstrdup(e);
	}
	if ((e = getenv("SODAN_REDIS_PASSWORD")) != NULL && *e) {
		free(c->redis_password);
		c->redis_password = xstrdup(e);
	}
	if ((e = getenv("SODAN_METRICS_TOKEN")) != NULL && *e) {
		free(c->metrics_token);
		c->metrics_token = xstrdup(e);
	}
	if ((e = getenv("SODAN_SECRET_KEY")) != NULL && *e) {
		free(c->secret_key);
		c->secret_key = xstrdup(e);
	}
	if ((e = getenv("SODAN_SMTP_URL")) != NULL && *e) {
		free(c->smtp_url);
		c->smtp_url = xstrdup(e);
	}
	if ((e = getenv("SODAN_SITE_URL")) != NULL && *e) {
		free(c->site_url);
		c->site_url = xstrdup(e);
	}
	if (strcmp(c->smtp_starttls, "no") != 0 &&
	    strcmp(c->smtp_starttls, "try") != 0 &&
	    strcmp(c->smtp_starttls, "require") != 0) {
		snprintf(err, errlen, "%s: [mail] starttls must be no, try or "
		    "require", path ? path : "(defaults)");
		return -1;
	}
	if ((e = getenv("SODAN_LISTEN")) != NULL && *e) {
		free(c->listen);
		c->listen = xstrdup(e);
	}
	if ((e = getenv("SODAN_LIMITS")) != NULL && *e) {
		free(c->limits_path);
		c->limits_path = xstrdup(e);
	}
	/*
	 * Rate limits: the file named by [paths] limits (or SODAN_LIMITS)
	 * must exist; when neither names one, conf/limits.conf is read if
	 * present, else the built-in defaults (the same values) apply.
	 */
	limits_defaults(&c->limits);
	if (c->limits_path == NULL && access(LIMITS_DEFAULT_PATH, R_OK) == 0)
		c->limits_path = xstrdup(LIMITS_DEFAULT_PATH);
	if (c->limits_path != NULL && limits_load(&c->limits, c->limits_path,
	    err, errlen) == -1)
		return -1;
	if (conf_metrics_allow(c, lerr, sizeof(lerr)) == -1 ||
	    conf_split_listen(c, lerr, sizeof(lerr)) == -1) {
		snprintf(err, errlen, "%s: %s", path ? path : "(defaults)",
		    lerr);
		return -1;
	}
	if (conf_oidc(c, lerr, sizeof(lerr)) == -1) {
		snprintf(err, errlen, "%s: [oidc] %s", path ? path :
		    "(defaults)", lerr);
		return -1;
	}
	if (conf_support_load(c, lerr, sizeof(lerr)) == -1) {
		snprintf(err, errlen, "%s: [support] %s", path ? path :
		    "(defaults)", lerr);
		return -1;
	}
	return 0;
}

/*
 * [oidc]: with an issuer, a client id and a secret are required; the
 * secret comes from SODAN_OIDC_CLIENT_SECRET or client_secret_file (one
 * line, not readable by others).  Neither is ever printed.
 */
static int
conf_oidc(struct conf *c, char *err, size_t errlen)
{
	const char	*e;
	FILE		*f;
	struct stat	 st;
	char		 buf[512];
	size_t		 n;

	free(c->oidc_client_secret);
	c->oidc_client_secret = NULL;
	if (c->oidc_issuer[0] == '\0')
		return 0;
	if (strncmp(c->oidc_issuer, "https://", 8) != 0 &&
	    strncmp(c->oidc_issuer, "http://127.0.0.1:", 17) != 0 &&
	    strncmp(c->oidc_issuer, "http://localhost:", 17) != 0) {
		snprintf(err, errlen, "issuer must be an https:// URL "
		    "(http only on loopback, for tests)");
		return -1;
	}
	if (c->oidc_client_id[0] == '\0') {
		snprintf(err, errlen, "issuer is set but client_id is empty");
		return -1;
	}
	/* Asymmetric JWS only: never "none", never HMAC. */
	for (e = c->oidc_algs; *e != '\0'; e += strspn(e, ", \t")) {
		n = strcspn(e, ", \t");
		if (n == 0)
			break;
		if (n != 5 || (strncmp(e, "RS", 2) != 0 &&
		    strncmp(e, "PS", 2) != 0 && strncmp(e, "ES", 2) != 0) ||
		    (strncmp(e + 2, "256", 3) != 0 &&
		    strncmp(e + 2, "384", 3) != 0 &&
		    strncmp(e + 2, "512", 3) != 0)) {
			snprintf(err, errlen, "algorithms: '%.*s' is not an "
			    "asymmetric JWS algorithm (RS256, PS256, ES256, "
			    "...)", (int)(n > 16 ? 16 : n), e);
			return -1;
		}
		e += n;
	}
	if ((e = getenv("SODAN_OIDC_CLIENT_SECRET")) != NULL && *e) {
		c->oidc_client_secret = xstrdup(e);
		return 0;
	}
	if (c->oidc_client_secret_file[0] == '\0') {
		snprintf(err, errlen, "issuer is set but neither "
		    "client_secret_file nor SODAN_OIDC_CLIENT_SECRET gives "
		    "the client secret");
		return -1;
	}
	if ((f = fopen(c->oidc_client_secret_file, "r")) == NULL) {
		snprintf(err, errlen, "client_secret_file %s: %s",
		    c->oidc_client_secret_file, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == -1 || (st.st_mode & 077) != 0) {
		fclose(f);
		snprintf(err, errlen, "client_secret_file %s: others may read "
		    "it (chmod 600)", c->oidc_client_secret_file);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0] == '\0') {
		snprintf(err, errlen, "client_secret_file %s is empty",
		    c->oidc_client_secret_file);
		return -1;
	}
	c->oidc_client_secret = xstrdup(buf);
	memset(buf, 0, sizeof(buf));
	return 0;
}
