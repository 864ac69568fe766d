/*
 * pages/filter.c: posts through the moderation library (see filter.h).
 *
 * The rule set is loaded once, at start-up (filter_init from main.c), and
 * only read afterwards (mod_check is thread-safe on a shared set).
 * Compiling it (Hyperscan) takes tens of seconds of CPU, so it is compiled
 * on a loader thread while the server already serves pages; a post that
 * arrives before it is ready waits for it (up to FILTER_WAIT seconds).
 * Nothing is ever published unchecked: when loading failed or took too
 * long, the post is held for a moderator.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "moderation/moderation.h"

#include "http/req.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "pages/filter.h"
#include "pages/modq.h"
#include "view/i18n.h"
#include "view/md.h"

#define FILTER_WAIT	120	/* seconds a post waits for the rule set */

enum load_state { LOAD_PENDING, LOAD_DONE, LOAD_FAILED };

static struct mod_rules	*filter_rules;		/* written once, by the loader */
static enum load_state	 filter_state = LOAD_FAILED;
static pthread_mutex_t	 filter_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 filter_cv = PTHREAD_COND_INITIALIZER;
static pthread_t	 filter_thr;
static int		 filter_thr_started;
static char		*filter_dir;
static char		*filter_cache;	/* NULL: no compiled-rule cache */

static void		*loader(void *);
static int		 mkdir_p(const char *);
static const struct mod_rules *rules_wait(void);

static void *
loader(void *arg)
{
	struct mod_rules	*rs;
	char			 err[512];

	(void)arg;
	struct mod_load_opts	 o;

	memset(&o, 0, sizeof(o));
	o.cache_dir = filter_cache;
	if (filter_cache != NULL && mkdir_p(filter_cache) == -1) {
		log_warn("moderation: cannot create %s; compiling without "
		    "a cache", filter_cache);
		o.cache_dir = NULL;
	}
	rs = mod_rules_load_ex(filter_dir, &o, err, sizeof(err));
	if (rs == NULL)
		log_err("moderation: %s; every post will be held for review",
		    err);
	else
		log_info("moderation: %zu rules loaded from %s",
		    mod_rules_count(rs), filter_dir);
	pthread_mutex_lock(&filter_mtx);
	filter_rules = rs;
	filter_state = rs != NULL ? LOAD_DONE : LOAD_FAILED;
	pthread_cond_broadcast(&filter_cv);
	pthread_mutex_unlock(&filter_mtx);
	return NULL;
}

/* mkdir -p for a relative or absolute path; 0 or -1. */
static int
mkdir_p(const char *path)
{
	char	buf[1024], *p;
	size_t	n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, path, n + 1);
	for (p = buf + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) == -1 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(buf, 0755) == -1 && errno != EEXIST ? -1 : 0;
}

int
filter_init(const char *confdir, const char *cachedir)
{
	if (confdir == NULL || confdir[0] == '\0') {
		log_err("moderation: no rule directory configured; every post "
		    "will be held for review");
		return -1;
	}
	filter_dir = strdup(confdir);
	filter_cache = cachedir != NULL && cachedir[0] != '\0' ?
	    strdup(cachedir) : NULL;
	filter_state = LOAD_PENDING;
	if (filter_dir == NULL ||
	    pthread_create(&filter_thr, NULL, loader, NULL) != 0) {
		log_err("moderation: cannot start the rule loader");
		filter_state = LOAD_FAILED;
		return -1;
	}
	filter_thr_started = 1;
	return 0;
}

void
filter_free(void)
{
	int	pending;

	pthread_mutex_lock(&filter_mtx);
	pending = filter_state == LOAD_PENDING;
	pthread_mutex_unlock(&filter_mtx);
	if (filter_thr_started && pending) {
		/* Shutting down mid-compile: let exit end the loader. */
		pthread_detach(filter_thr);
		return;
	}
	if (filter_thr_started)
		pthread_join(filter_thr, NULL);
	filter_thr_started = 0;
	mod_rules_free(filter_rules);
	filter_rules = NULL;
	free(filter_dir);
	free(filter_cache);
	filter_cache = NULL;
	filter_dir = NULL;
}

const struct mod_rules *
filter_rules_get(void)
{
	return rules_wait();
}

const struct mod_rules *
filter_rules_ready(void)
{
	const struct mod_rules	*rs;

	pthread_mutex_lock(&filter_mtx);
	rs = filter_state == LOAD_DONE ? filter_rules : NULL;
	pthread_mutex_unlock(&filter_mtx);
	return rs;
}

/* The rule set, waiting while it is being compiled; NULL if unavailable. */
static const struct mod_rules *
rules_wait(void)
{
	struct timespec		 until;
	const struct mod_rules	*rs;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += FILTER_WAIT;
	pthread_mutex_lock(&filter_mtx);
	while (filter_state == LOAD_PENDING)
		if (pthread_cond_timedwait(&filter_cv, &filter_mtx, &until) ==
		    ETIMEDOUT)
			break;
	rs = filter_state == LOAD_DONE ? filter_rules : NULL;
	pthread_mutex_unlock(&filter_mtx);
	return rs;
}

void
filter_post(struct req *r, enum filter_kind kind, const char *title,
    const char *tags, const char *body, const struct md_links *links,
    const char *question, struct filter_result *out)
{
	struct mod_post		 p;
	struct mod_author	 au;
	struct mod_verdict	 v;
	struct session		*s = r->sess;
	struct buf		 log;
	const struct mod_rules	*rules = rules_wait();
	size_t			 i;

	memset(out, 0, sizeof(*out));
	out->state = "visible";
	out->log = "";
	if (rules == NULL) {
		out->verdict = FILTER_HOLD;
		out->state = "held";
		out->log = "filters unavailable";
		return;
	}
	memset(&p, 0, sizeof(p));
	p.kind = kind == FILTER_QUESTION ? MOD_KIND_QUESTION : MOD_KIND_ANSWER;
	p.title = title;
	p.title_len = title ? strlen(title) : 0;
	p.tags = tags;
	p.tags_len = tags ? strlen(tags) : 0;
	p.body = body;
	p.body_len = body ? strlen(body) : 0;
	if (links != NULL) {
		p.links = links->url;
		p.nlinks = links->n;
		p.rendered = links->text;
		p.rendered_len = links->text_len;
	}
	p.reply_to_question = kind == FILTER_ANSWER;
	p.seconds_after_question = -1;
	p.question = question;
	p.question_len = question ? strlen(question) : 0;

	memset(&au, 0, sizeof(au));
	if (s != NULL) {
		au.trust = s->trust;
		au.account_age_days = (int)((time(NULL) - s->created) / 86400);
		au.staff = s->role >= ROLE_STAFF;
		au.name = s->username;
		au.display_name = s->display_name;
	}

	memset(&v, 0, sizeof(v));
	if (mod_check(rules, &p, s ? &au : NULL, &v) == -1)
		log_warn("moderation: check failed; holding the post");
	out->verdict = v.decision == MOD_ALLOW ? FILTER_ALLOW :
	    v.decision == MOD_HOLD ? FILTER_HOLD : FILTER_BLOCK;
	if (out->verdict == FILTER_HOLD)
		out->state = v.category == MOD_CAT_SECRET ? "private" : "held";
	out->reasons = arena_calloc(r->a, v.nreasons + 1, sizeof(char *));
	buf_init(&log, r->a);
	buf_puts(&log, "");
	for (i = 0; i < v.nreasons; i++) {
		out->reasons[i] = arena_strdup(r->a, r->lang == LANG_JA ?
		    v.reasons[i].text_ja : v.reasons[i].text_en);
		buf_printf(&log, "%s%s", i ? "; " : "", v.reasons[i].rule);
	}
	out->nreasons = v.nreasons;
	if (out->verdict != FILTER_ALLOW && v.nreasons == 0) {
		out->reasons[0] = T(r->lang, "The filters could not check "
		    "this post.");
		out->nreasons = 1;
	}
	out->log = log.p;
	out->score = v.score;
	modq_filter_extra(r, rules, &p, &v, out);
	mod_verdict_free(&v);
}
