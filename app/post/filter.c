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
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "moderation/moderation.h"

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "post/filter.h"
#include "post/post.h"
#include "post/ruleset.h"
#include "store/store.h"
#include "view/i18n.h"
#include "view/md.h"

#define BAYES_HOLD	0.90
/*
 * The counts learned from moderators' decisions may hold a post only once
 * each side has this many examples: after a first "remove as spam", a
 * classifier of one example would hold every post sharing a word with it.
 */
#define BAYES_MIN_EACH	50
#define BAYES_WEIGHT	1.0

static void		 server_extra(struct post_ctx *, const struct mod_rules *,
			    const struct mod_post *, const struct mod_verdict *,
			    struct filter_result *);

int
filter_init(const char *confdir, const char *cachedir, const char *db_url)
{
	return ruleset_start(confdir, cachedir, db_url);
}

void
filter_free(void)
{
	ruleset_stop();
}

const struct mod_rules *
filter_rules_get(struct arena *a)
{
	return ruleset_get(a);
}

const struct mod_rules *
filter_rules_ready(struct arena *a)
{
	return ruleset_ready(a);
}

/*
 * What only the server knows, added to the library's verdict: the
 * contact points (copied out), a contact point removed here as a scam
 * (checked against blocked_contacts, since the library's rule set is
 * immutable between reloads), and the classifier trained on moderators'
 * decisions (filter_tokens), holding at BAYES_HOLD when nothing else did.
 */
static void
server_extra(struct post_ctx *c, const struct mod_rules *rules,
    const struct mod_post *p, const struct mod_verdict *v,
    struct filter_result *out)
{
	struct mod_features	 f;
	uint32_t		*ham, *spam, nham, nspam;
	size_t			 i, nr = out->nreasons;
	const char		**rs;
	double			 prob;
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
	if (mod_post_features(rules, p, NULL, &f) == 0 && f.n > 0) {
		ham = arena_calloc(c->a, f.n, sizeof(*ham));
		spam = arena_calloc(c->a, f.n, sizeof(*spam));
		if (store_filter_counts(c->db, f.h, f.n, ham, spam, &nham,
		    &nspam) == 0 && nham >= BAYES_MIN_EACH &&
		    nspam >= BAYES_MIN_EACH) {
			prob = mod_bayes_score_counts(&f, ham, spam, nham,
			    nspam);
			buf_printf(&log, "%slearned.db p=%.3f",
			    log.len ? "; " : "", prob);
			if (prob >= BAYES_HOLD) {
				out->score += BAYES_WEIGHT;
				rs[nr++] = T(c->lang, "The classifier trained "
				    "on moderators' decisions finds it "
				    "spam-like.");
				blocked = 1;
			}
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
	const struct mod_rules	*rules = ruleset_get(c->a);
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
	mod_features_free(&mf);
	return 0;
}
