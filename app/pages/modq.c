/* pages/modq.c: features, cooking and notifications shared by the moderation pages. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "moderation/moderation.h"

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "pages/filter.h"
#include "pages/modq.h"
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

static const struct mod_rules	*modq_rules(void);

/* The shared rule set (pages/filter.c), or NULL while none is available. */
static const struct mod_rules *
modq_rules(void)
{
	return filter_rules_get();
}

void
modq_filter_extra(struct req *r, const struct mod_rules *rules,
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

	buf_init(&log, r->a);
	buf_puts(&log, out->log ? out->log : "");
	out->ctype = arena_calloc(r->a, v->ncontacts + 1, sizeof(char *));
	out->cvalue = arena_calloc(r->a, v->ncontacts + 1, sizeof(char *));
	for (i = 0; i < v->ncontacts; i++) {
		out->ctype[i] = mod_contact_type_name(v->contacts[i].type);
		out->cvalue[i] = arena_strdup(r->a, v->contacts[i].value);
		if (store_contact_blocked(r->w->db, r->a, out->ctype[i],
		    out->cvalue[i], &b, NULL, NULL) == 0 && b)
			blocked = 1;
	}
	out->ncontacts = v->ncontacts;
	rs = arena_calloc(r->a, nr + 3, sizeof(char *));
	for (i = 0; i < nr; i++)
		rs[i] = out->reasons[i];
	if (blocked) {
		rs[nr++] = T(r->lang, "It gives a contact point that was "
		    "removed here as a scam.");
		buf_printf(&log, "%scontact.blocked", log.len ? "; " : "");
		out->score += 2.0;
	}
	memset(&f, 0, sizeof(f));
	if (mod_post_features(rules, p, NULL, &f) == 0 && f.n > 0) {
		ham = arena_calloc(r->a, f.n, sizeof(*ham));
		spam = arena_calloc(r->a, f.n, sizeof(*spam));
		if (store_filter_counts(r->w->db, f.h, f.n, ham, spam, &nham,
		    &nspam) == 0 && nham >= BAYES_MIN_EACH &&
		    nspam >= BAYES_MIN_EACH) {
			prob = mod_bayes_score_counts(&f, ham, spam, nham,
			    nspam);
			buf_printf(&log, "%slearned.db p=%.3f",
			    log.len ? "; " : "", prob);
			if (prob >= BAYES_HOLD) {
				out->score += BAYES_WEIGHT;
				rs[nr++] = T(r->lang, "The classifier trained "
				    "on moderators' decisions finds it "
				    "spam-like.");
				blocked = 1;
			}
		}
	}
	mod_features_free(&f);
	if (blocked && out->verdict == FILTER_ALLOW) {
		out->verdict = FILTER_HOLD;
		out->state = "held";
	}
	out->reasons = rs;
	out->nreasons = nr;
	out->log = log.p;
}

void
modq_after_write(struct req *r, const struct filter_result *fr, int64_t post)
{
	size_t	i;

	if (fr == NULL)
		return;
	for (i = 0; i < fr->ncontacts; i++)
		if (store_contact_add(r->w->db, post, fr->ctype[i],
		    fr->cvalue[i]) == -1)
			log_warn("post %lld: contact point not stored",
			    (long long)post);
	if (fr->verdict != FILTER_ALLOW &&
	    store_modq_note_verdict(r->w->db, post, fr->score,
	    fr->log ? fr->log : "") == -1)
		log_warn("post %lld: verdict not stored", (long long)post);
}

int
modq_features(struct req *r, const char *title, const char *body,
    int question, struct modq_features *f)
{
	const struct mod_rules	*rules = modq_rules();
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
	f->h = arena_calloc(r->a, mf.n + 1, sizeof(*f->h));
	memcpy(f->h, mf.h, mf.n * sizeof(*f->h));
	f->n = mf.n;
	mod_features_free(&mf);
	return 0;
}

int
modq_cook(struct req *r, const char *body, struct cooked *out)
{
	return md_cook(r->a, body, strlen(body), out, NULL);
}

void
modq_notify(struct req *r, int64_t author, int64_t post, const char *action,
    const char *reason)
{
	const char	*kind;
	int64_t		 actor = r->sess != NULL ? r->sess->user_id : 0;

	if (strcmp(action, "approve") == 0 || strcmp(action, "edit") == 0) {
		kind = "approved";
		reason = "";
	} else if (strcmp(action, "remove") == 0)
		kind = "removed";
	else if (strcmp(action, "hidden") == 0) {
		/* Flags hid it: the author is never told who flagged. */
		kind = "hidden";
		actor = 0;
	} else
		return;		/* dismissed flags: nothing changed for the author */
	if (store_modq_notify(r->w->db, author, kind, post, actor,
	    reason) == -1)
		log_warn("moderation: could not notify user %lld",
		    (long long)author);
}

int64_t
modq_param_id(struct req *r)
{
	const char	*s = r->param[0];
	char		*end;
	long long	 v;

	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 18)
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' ? (int64_t)v : 0;
}

int
modq_recheck(struct req *r, const struct modq_item *it, struct modq_check *c)
{
	const struct mod_rules	*rules = filter_rules_ready();
	struct mod_post		 p;
	struct mod_author	 au;
	struct mod_verdict	 v;
	const struct mod_span	*sp;
	size_t			 i, max;
	int			 q = strcmp(it->post_kind, "question") == 0;
	int64_t			 age = (int64_t)time(NULL) - it->author_created;

	memset(c, 0, sizeof(*c));
	if (rules == NULL)
		return 0;
	memset(&p, 0, sizeof(p));
	p.kind = q ? MOD_KIND_QUESTION : MOD_KIND_ANSWER;
	p.title = q ? it->title : NULL;
	p.title_len = p.title ? strlen(p.title) : 0;
	p.body = it->body;
	p.body_len = strlen(it->body);
	p.reply_to_question = !q;
	p.seconds_after_question = -1;
	memset(&au, 0, sizeof(au));
	au.trust = it->author_trust;
	au.account_age_days = age > 0 ? (int)(age / 86400) : 0;
	au.name = it->author;
	memset(&v, 0, sizeof(v));
	if (mod_check(rules, &p, &au, &v) == -1) {
		mod_verdict_free(&v);
		return 0;
	}
	max = v.nreasons + v.ncontacts;
	c->spans = arena_calloc(r->a, max + 1, sizeof(*c->spans));
	c->rule = arena_calloc(r->a, v.nreasons + 1, sizeof(char *));
	c->text = arena_calloc(r->a, v.nreasons + 1, sizeof(char *));
	for (i = 0; i < v.nreasons; i++) {
		c->rule[i] = arena_strdup(r->a, v.reasons[i].rule);
		c->text[i] = arena_strdup(r->a, r->lang == LANG_JA ?
		    v.reasons[i].text_ja : v.reasons[i].text_en);
		sp = &v.reasons[i].span;
		if (sp->field != MOD_FIELD_BODY || sp->start >= sp->end)
			continue;
		c->spans[c->nspans].start = sp->start;
		c->spans[c->nspans].end = sp->end;
		if ((c->spans[c->nspans].secret =
		    v.reasons[i].category == MOD_CAT_SECRET))
			c->nsecrets++;
		c->nspans++;
	}
	c->nreasons = v.nreasons;
	for (i = 0; i < v.ncontacts; i++) {
		sp = &v.contacts[i].span;
		if (sp->field != MOD_FIELD_BODY || sp->start >= sp->end)
			continue;
		c->spans[c->nspans].start = sp->start;
		c->spans[c->nspans].end = sp->end;
		c->nspans++;
	}
	c->ok = 1;
	mod_verdict_free(&v);
	return 0;
}
