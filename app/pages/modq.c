/* pages/modq.c: what the moderation pages share: the filters' view of a queued post. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "moderation/moderation.h"

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "post/filter.h"
#include "pages/modq.h"
#include "store/store.h"
#include "view/i18n.h"
#include "view/md.h"

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
	const struct mod_rules	*rules = filter_rules_ready(r->a);
	struct mod_post		 p;
	struct mod_author	 au;
	struct mod_verdict	 v;
	const struct mod_span	*sp;
	size_t			 i, max;
	int			 q = it->post_kind == PK_QUESTION;
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
