/*
 * post/filter.c: posts through the moderation library (see filter.h).
 *
 * The rule set is loaded at start-up (filter_init from main.c) and
 * reloaded on SIGHUP or a moderator's button by post/ruleset.c, on its
 * loader thread while the server serves pages; a check holds the set it
 * started with until its arena is freed (mod_check is thread-safe on a
 * shared set).  A post that arrives before the first set is ready waits
 * for it (up to RULESET_WAIT seconds).  Nothing is ever published
 * unchecked: when loading failed or took too long, the post is held for a
 * moderator.
 *
 * Context (context_read, before the check): for a post by a member with
 * ctx->cache, the author's posts of the last hour and their recent
 * simhashes (the library's burst and duplicate rules) and the seconds
 * since the question answered was asked (its fast-reply rule), read from
 * Redis (cache/postctx.h).  Campaigns (campaign_find, after the check): a
 * text of CAMPAIGN_MIN_CHARS characters or more whose near-copies
 * (simhash within CAMPAIGN_DISTANCE bits) were posted in the last 24 h by
 * CAMPAIGN_ACCOUNTS - 1 or more other accounts is held, and the earlier
 * copies are held with it in the post's own transaction
 * (store/post.c, campaign_hold_into), all queued with the reason
 * "context.campaign; campaign:HASH" (HASH: the first copy's simhash), so
 * /mod/queue/held?reason=campaign:HASH lists the campaign.  Staff posts
 * are never part of one.  filter_record, after the write, adds the post
 * to the windows.  Redis down: no context, no campaign; the rest of the
 * check is the same.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "moderation/moderation.h"

#include "cache/postctx.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "post/feeds.h"
#include "post/filter.h"
#include "post/learn.h"
#include "post/post.h"
#include "post/ruleset.h"
#include "store/store.h"
#include "view/i18n.h"
#include "view/md.h"

/* What the model learned from moderators adds when it holds (learn.h). */
#define LEARNED_WEIGHT	1.0

#define CAMPAIGN_MIN_CHARS	100	/* characters of the body */
#define CAMPAIGN_ACCOUNTS	3	/* accounts, this one included */
#define CAMPAIGN_DISTANCE	3	/* simhash bits */

static void		 context_read(struct post_ctx *,
			    const struct post_actor *, enum filter_kind,
			    const char *, const char *, struct mod_post *,
			    struct mod_author *, struct filter_result *);
static void		 campaign_find(struct post_ctx *,
			    const struct post_actor *, const struct mod_verdict *,
			    struct filter_result *);
static void		 feeds_check(struct post_ctx *, const struct feeds *,
			    const struct mod_verdict *, struct filter_result *);
static void		 server_extra(struct post_ctx *, const struct mod_rules *,
			    const struct mod_post *, const struct mod_verdict *,
			    struct filter_result *);

void
filter_feeds(const char *metamask, const char *scamsniffer,
    const char *jpcert, int interval)
{
	const char	*paths[FEED__MAX];

	paths[FEED_METAMASK] = metamask;
	paths[FEED_SCAMSNIFFER] = scamsniffer;
	paths[FEED_JPCERT] = jpcert;
	ruleset_feeds(paths, interval);
}

/*
 * A link to a host on a block-list feed (post/feeds.h, behind the allow
 * list) holds the post, with the feed named for moderators.  Hold, not
 * block: feeds list hacked sites and stale entries too.
 */
static void
feeds_check(struct post_ctx *c, const struct feeds *fs,
    const struct mod_verdict *v, struct filter_result *out)
{
	const char	**rs, *m;
	enum feed	  f;
	size_t		  i, k;

	for (i = 0; fs != NULL && i < v->ncontacts; i++) {
		if (v->contacts[i].type != MOD_CONTACT_DOMAIN ||
		    !feeds_lookup(fs, v->contacts[i].value, &f, &m))
			continue;
		out->log = arena_printf(c->a, "%s%slink.feed.%s(%s)", out->log,
		    out->log[0] ? "; " : "", feeds_name(f), m);
		rs = arena_calloc(c->a, out->nreasons + 2, sizeof(*rs));
		for (k = 0; k < out->nreasons; k++)
			rs[k] = out->reasons[k];
		rs[out->nreasons++] = arena_printf(c->a, T(c->lang, "It links "
		    "to %s, a site on the %s block list of phishing and scam "
		    "sites; a moderator will review it."),
		    v->contacts[i].value, feeds_title(f));
		out->reasons = rs;
		if (out->verdict == FILTER_ALLOW)
			out->verdict = FILTER_HOLD;
		if (out->score < 1.0)
			out->score = 1.0;
		return;			/* one feed reason is enough */
	}
}

int
filter_init(const char *confdir, const char *cachedir, const char *db_url)
{
	return ruleset_start(confdir, cachedir, db_url);
}

void
filter_free(void)
{
	ruleset_stop();
	learn_stop();	/* after the loader, which polls the model in use */
}

const struct mod_rules *
filter_rules_get(struct arena *a)
{
	return ruleset_get(a);
}

const struct mod_rules *
filter_rules_get_feeds(struct arena *a, const struct feeds **fs)
{
	return ruleset_get_feeds(a, fs);
}

const struct mod_rules *
filter_rules_ready(struct arena *a)
{
	return ruleset_ready(a);
}

/*
 * Fills the post's and the author's context from Redis (nothing when it
 * is unreachable or there is no author) and remembers in out what
 * filter_record adds to the windows.
 */
static void
context_read(struct post_ctx *c, const struct post_actor *by,
    enum filter_kind kind, const char *body, const char *question,
    struct mod_post *p, struct mod_author *au, struct filter_result *out)
{
	struct postctx	 ctx;
	char		 qk[33];

	if (c->cache == NULL || by == NULL || by->id == 0 || body == NULL)
		return;
	if (kind == FILTER_QUESTION && c->editing == 0) {
		postctx_question_key(body, strlen(body), qk);
		out->qkey = arena_strdup(c->a, qk);
	}
	/* Staff repeat official texts on purpose: never a campaign. */
	out->site = by->role < ROLE_STAFF && utf8_count(body, strlen(body)) >=
	    CAMPAIGN_MIN_CHARS;
	if (kind == FILTER_ANSWER && question != NULL)
		postctx_question_key(question, strlen(question), qk);
	if (postctx_get(c->cache, c->a, by->id, c->editing,
	    kind == FILTER_ANSWER && question != NULL ? qk : NULL,
	    (int64_t)time(NULL), &ctx) == -1) {
		log_ratelimited("postctx", 60, "post context unavailable "
		    "(Redis); posts are judged without it");
		return;
	}
	out->ctx_known = 1;
	au->posts_last_hour = ctx.posts_last_hour;
	p->recent_simhashes = ctx.recent;
	p->nrecent = ctx.nrecent;
	p->seconds_after_question = ctx.seconds_after_question;
}

/* Holds the post when it completes a campaign (see the top of the file). */
static void
campaign_find(struct post_ctx *c, const struct post_actor *by,
    const struct mod_verdict *v, struct filter_result *out)
{
	struct postctx_copy	*cp;
	int64_t			*users, *ids;
	size_t			 n, i, j, nu = 0, ni = 0;
	const char		**rs;
	char			 tag[17];
	int			 seen;

	out->simhash = v->simhash;
	if (!out->ctx_known || !out->site)
		return;
	if (postctx_copies(c->cache, c->a, v->simhash, CAMPAIGN_DISTANCE,
	    c->editing, (int64_t)time(NULL), &cp, &n) == -1 || n == 0)
		return;
	users = arena_calloc(c->a, n + 1, sizeof(*users));
	ids = arena_calloc(c->a, n + 1, sizeof(*ids));
	users[nu++] = by->id;
	for (i = 0; i < n; i++) {
		for (seen = 0, j = 0; j < nu && !seen; j++)
			seen = users[j] == cp[i].user_id;
		if (!seen)
			users[nu++] = cp[i].user_id;
		ids[ni++] = cp[i].post_id;
	}
	if (nu < CAMPAIGN_ACCOUNTS)
		return;
	for (i = 0; i < 16; i++)
		tag[i] = "0123456789abcdef"[(cp[0].simhash >> (60 - 4 * i)) &
		    15];
	tag[16] = '\0';
	out->campaign = ids;
	out->ncampaign = ni;
	out->campaign_log = arena_printf(c->a, "context.campaign; "
	    "campaign:%s", tag);
	out->log = arena_printf(c->a, "%s%s%s", out->log, out->log[0] ?
	    "; " : "", out->campaign_log);
	if (out->verdict == FILTER_ALLOW)
		out->verdict = FILTER_HOLD;
	rs = arena_calloc(c->a, out->nreasons + 2, sizeof(*rs));
	for (i = 0; i < out->nreasons; i++)
		rs[i] = out->reasons[i];
	rs[out->nreasons++] = arena_printf(c->a, T(c->lang, "Nearly the same "
	    "text was posted by %zu accounts within 24 hours; a moderator "
	    "will review it."), nu);
	out->reasons = rs;
	if (out->score < 1.0)
		out->score = 1.0;
	log_info("campaign %s: post by user %lld is copy %zu from %zu "
	    "accounts", tag, (long long)by->id, n + 1, nu);
}

void
filter_record(struct post_ctx *c, const struct filter_result *fr,
    int64_t author, int64_t post)
{
	if (c->cache == NULL || fr == NULL || !fr->ctx_known || author == 0 ||
	    post <= 0)
		return;
	if (postctx_record(c->cache, author, post, fr->simhash, fr->site,
	    fr->qkey, (int64_t)time(NULL)) == -1)
		log_ratelimited("postctx", 60, "post context not recorded "
		    "(Redis unavailable)");
}

/*
 * What only the server knows, added to the library's verdict: the
 * contact points (copied out), a contact point removed here as a scam
 * (checked against blocked_contacts, since the library's rule set is
 * immutable between reloads), and the model trained on moderators'
 * decisions (post/learn.c), holding at LEARN_CUT when nothing else did.
 * That model counts only once promoted, and a model is promoted only
 * when it beat the floors on the decisions held back from its training;
 * it reads the features the decisions were trained on (title and body,
 * as filter_features gives them).
 */
static void
server_extra(struct post_ctx *c, const struct mod_rules *rules,
    const struct mod_post *p, const struct mod_verdict *v,
    struct filter_result *out)
{
	struct mod_features	 f;
	struct mod_post		 fp;
	const struct mod_linear	*lm;
	size_t			 i, nr = out->nreasons;
	const char		**rs;
	double			 z;
	int64_t			 lver;
	int			 blocked = 0, b;
	struct buf		 log;

	buf_init(&log, c->a);
	buf_puts(&log, out->log ? out->log : "");
	out->ctype = arena_calloc(c->a, v->ncontacts + 1, sizeof(char *));
	out->cvalue = arena_calloc(c->a, v->ncontacts + 1, sizeof(char *));
	for (i = 0; i < v->ncontacts; i++) {
		out->ctype[i] = mod_contact_type_name(v->contacts[i].type);
		out->cvalue[i] = arena_strdup(c->a, v->contacts[i].value);
		if (store_contact_blocked(c->db, c->a, out->ctype[i],
		    out->cvalue[i], &b, NULL, NULL) == 0 && b)
			blocked = 1;
	}
	out->ncontacts = v->ncontacts;
	rs = arena_calloc(c->a, nr + 3, sizeof(char *));
	for (i = 0; i < nr; i++)
		rs[i] = out->reasons[i];
	if (blocked) {
		rs[nr++] = T(c->lang, "It gives a contact point that was "
		    "removed here as a scam.");
		buf_printf(&log, "%scontact.blocked", log.len ? "; " : "");
		out->score += 2.0;
	}
	memset(&f, 0, sizeof(f));
	memset(&fp, 0, sizeof(fp));
	fp.kind = p->kind;
	fp.title = p->title;
	fp.title_len = p->title_len;
	fp.body = p->body;
	fp.body_len = p->body_len;
	fp.seconds_after_question = -1;
	if ((lm = learn_model_get(c->a, &lver)) != NULL &&
	    mod_post_features(rules, &fp, NULL, &f) == 0) {
		z = mod_linear_score(lm, &f);
		buf_printf(&log, "%slearned.db p=%.3f model=%lld",
		    log.len ? "; " : "", 1.0 / (1.0 + exp(-z)),
		    (long long)lver);
		if (z >= LEARN_CUT) {
			out->score += LEARNED_WEIGHT;
			rs[nr++] = T(c->lang, "The classifier trained "
			    "on moderators' decisions finds it "
			    "spam-like.");
			blocked = 1;
		}
	}
	mod_features_free(&f);
	if (blocked && out->verdict == FILTER_ALLOW)
		out->verdict = FILTER_HOLD;
	out->reasons = rs;
	out->nreasons = nr;
	out->log = log.p;
}

void
filter_post(struct post_ctx *c, const struct post_actor *by,
    enum filter_kind kind, const char *title, const char *tags,
    const char *body,
    const struct md_links *links, const char *question,
    struct filter_result *out)
{
	struct mod_post		 p;
	struct mod_author	 au;
	struct mod_verdict	 v;
	struct buf		 log;
	const struct feeds	*feeds = NULL;
	const struct mod_rules	*rules = ruleset_get_feeds(c->a, &feeds);
	size_t			 i;

	memset(out, 0, sizeof(*out));
	out->log = "";
	if (rules == NULL) {
		out->verdict = FILTER_HOLD;
		out->unchecked = 1;
		out->log = "filters unavailable";
		out->reasons = arena_calloc(c->a, 2, sizeof(char *));
		out->reasons[0] = T(c->lang, "The filters could not check "
		    "this post.");
		out->nreasons = 1;
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
	if (by != NULL) {
		au.trust = by->trust;
		au.account_age_days = (int)((time(NULL) - by->created) / 86400);
		au.staff = by->role >= ROLE_STAFF;
		au.name = by->name;
		au.display_name = by->display_name;
	}
	context_read(c, by, kind, body, question, &p, &au, out);

	memset(&v, 0, sizeof(v));
	if (mod_check(rules, &p, by ? &au : NULL, &v) == -1)
		log_warn("moderation: check failed; holding the post");
	out->verdict = v.decision == MOD_ALLOW ? FILTER_ALLOW :
	    v.decision == MOD_HOLD ? FILTER_HOLD : FILTER_BLOCK;
	for (i = 0; i < v.nreasons; i++)
		if (v.reasons[i].category == MOD_CAT_SECRET)
			out->any_secret = 1;
	if (out->verdict == FILTER_HOLD && v.category == MOD_CAT_SECRET)
		out->secret = 1;
	out->reasons = arena_calloc(c->a, v.nreasons + 1, sizeof(char *));
	buf_init(&log, c->a);
	buf_puts(&log, "");
	for (i = 0; i < v.nreasons; i++) {
		out->reasons[i] = arena_strdup(c->a, c->lang == LANG_JA ?
		    v.reasons[i].text_ja : v.reasons[i].text_en);
		buf_printf(&log, "%s%s", i ? "; " : "", v.reasons[i].rule);
	}
	out->nreasons = v.nreasons;
	if (out->verdict != FILTER_ALLOW && v.nreasons == 0) {
		out->reasons[0] = T(c->lang, "The filters could not check "
		    "this post.");
		out->nreasons = 1;
	}
	out->log = log.p;
	out->score = v.score;
	server_extra(c, rules, &p, &v, out);
	feeds_check(c, feeds, &v, out);
	campaign_find(c, by, &v, out);
	mod_verdict_free(&v);
}

int
filter_features(struct post_ctx *c, int question, const char *title,
    const char *body, struct mod_features_buf *f)
{
	const struct mod_rules	*rules = ruleset_get(c->a);
	struct mod_post		 p;
	struct mod_features	 mf;

	memset(f, 0, sizeof(*f));
	if (rules == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	memset(&mf, 0, sizeof(mf));
	p.kind = question ? MOD_KIND_QUESTION : MOD_KIND_ANSWER;
	p.title = question ? title : NULL;
	p.title_len = p.title ? strlen(p.title) : 0;
	p.body = body;
	p.body_len = strlen(body);
	p.seconds_after_question = -1;
	if (mod_post_features(rules, &p, NULL, &mf) == -1) {
		mod_features_free(&mf);
		return -1;
	}
	f->h = arena_calloc(c->a, mf.n + 1, sizeof(*f->h));
	memcpy(f->h, mf.h, mf.n * sizeof(*f->h));
	f->n = mf.n;
	/* the language of the text, for the per-language metrics */
	f->ja = mod_text_is_ja(body, strlen(body)) || (p.title != NULL &&
	    mod_text_is_ja(p.title, p.title_len));
	mod_features_free(&mf);
	return 0;
}
