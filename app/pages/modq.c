/* pages/modq.c: what the moderation pages share: the filters' view of a queued post. */
/*
 * The filters' view of a queued post is the queue pages' main cost: the
 * rule set's regular expressions over every card's title and body on
 * every view (on the held queue of the 1 M-post data set, ICU's regex
 * matcher was about half the server's CPU samples), while a moderator
 * sees the same items view after view.  So each result is kept in a
 * small table in memory (MODQ_MEMO slots, direct-mapped, the last result
 * that hashed to a slot wins), under a BLAKE2b digest of everything
 * mod_check() reads (the rule set in use, by address and install count,
 * the post's kind, title and body, the author's trust, account age in
 * days and name) and the viewer's language.  An edited body, a reload of
 * the rules or a day more of account age is another digest, so nothing
 * is ever invalidated; the table owns its copies and frees a slot's when
 * another result takes it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "moderation/moderation.h"

#include "http/req.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "post/filter.h"
#include "post/ruleset.h"
#include "pages/modq.h"
#include "store/store.h"
#include "view/i18n.h"
#include "view/md.h"

#define MODQ_MEMO	1024	/* remembered rechecks (slots) */
#define MODQ_KEY	16	/* digest bytes */

struct modq_memo {
	unsigned char		 key[MODQ_KEY];
	int			 used;
	struct modq_check	 c;	/* xmalloc'd copies, the table's own */
};

static void	memo_key(const struct mod_rules *, enum lang,
		    const struct mod_post *, const struct mod_author *,
		    unsigned char *);
static int	memo_get(const unsigned char *, struct arena *,
		    struct modq_check *);
static void	memo_put(const unsigned char *, const struct modq_check *);
static void	memo_clear(struct modq_check *);

static pthread_mutex_t	 memo_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct modq_memo	 memo[MODQ_MEMO];

/* Adds a length and the bytes, so that fields cannot run into another. */
static void
key_add(crypto_generichash_state *st, const void *p, size_t n)
{
	uint64_t	len = n;

	crypto_generichash_update(st, (const unsigned char *)&len,
	    sizeof(len));
	if (n > 0)
		crypto_generichash_update(st, p, n);
}

static void
memo_key(const struct mod_rules *rules, enum lang l, const struct mod_post *p,
    const struct mod_author *au, unsigned char *key)
{
	crypto_generichash_state	 st;
	struct ruleset_status		 rs;
	int64_t				 v[7];

	ruleset_status(&rs);
	v[0] = (int64_t)(uintptr_t)rules;
	v[1] = (int64_t)rs.reloads;
	v[2] = rs.lists_version;
	v[3] = (int64_t)l;
	v[4] = (int64_t)p->kind;
	v[5] = au->trust;
	v[6] = au->account_age_days;
	crypto_generichash_init(&st, NULL, 0, MODQ_KEY);
	key_add(&st, v, sizeof(v));
	key_add(&st, rs.hash, strlen(rs.hash));
	key_add(&st, p->title ? p->title : "", p->title_len);
	key_add(&st, p->body, p->body_len);
	key_add(&st, au->name ? au->name : "", au->name ?
	    strlen(au->name) : 0);
	crypto_generichash_final(&st, key, MODQ_KEY);
}

static size_t
memo_slot(const unsigned char *key)
{
	return ((size_t)key[0] | (size_t)key[1] << 8) % MODQ_MEMO;
}

/* The result remembered under key, copied into a; 1 found, 0 not. */
static int
memo_get(const unsigned char *key, struct arena *a, struct modq_check *c)
{
	struct modq_memo	*m = &memo[memo_slot(key)];
	size_t			 i;
	int			 hit;

	pthread_mutex_lock(&memo_mtx);
	hit = m->used && sodium_memcmp(m->key, key, MODQ_KEY) == 0;
	if (hit) {
		*c = m->c;
		c->spans = arena_calloc(a, c->nspans + 1, sizeof(*c->spans));
		if (c->nspans > 0)
			memcpy(c->spans, m->c.spans,
			    c->nspans * sizeof(*c->spans));
		c->rule = arena_calloc(a, c->nreasons + 1, sizeof(char *));
		c->text = arena_calloc(a, c->nreasons + 1, sizeof(char *));
		for (i = 0; i < c->nreasons; i++) {
			c->rule[i] = arena_strdup(a, m->c.rule[i]);
			c->text[i] = arena_strdup(a, m->c.text[i]);
		}
	}
	pthread_mutex_unlock(&memo_mtx);
	return hit;
}

static void
memo_clear(struct modq_check *c)
{
	size_t	i;

	for (i = 0; i < c->nreasons; i++) {
		free((void *)c->rule[i]);
		free((void *)c->text[i]);
	}
	free(c->rule);
	free(c->text);
	free(c->spans);
	memset(c, 0, sizeof(*c));
}

/* Remembers c (copied) under key, in place of the slot's last result. */
static void
memo_put(const unsigned char *key, const struct modq_check *c)
{
	struct modq_memo	*m = &memo[memo_slot(key)];
	struct modq_check	 k;
	size_t			 i;

	k = *c;
	k.spans = xcalloc(c->nspans + 1, sizeof(*k.spans));
	if (c->nspans > 0)
		memcpy(k.spans, c->spans, c->nspans * sizeof(*k.spans));
	k.rule = xcalloc(c->nreasons + 1, sizeof(char *));
	k.text = xcalloc(c->nreasons + 1, sizeof(char *));
	for (i = 0; i < c->nreasons; i++) {
		k.rule[i] = xstrdup(c->rule[i]);
		k.text[i] = xstrdup(c->text[i] ? c->text[i] : "");
	}
	pthread_mutex_lock(&memo_mtx);
	if (m->used)
		memo_clear(&m->c);
	memcpy(m->key, key, MODQ_KEY);
	m->c = k;
	m->used = 1;
	pthread_mutex_unlock(&memo_mtx);
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
	const struct mod_rules	*rules = filter_rules_ready(r->a);
	struct mod_post		 p;
	struct mod_author	 au;
	struct mod_verdict	 v;
	const struct mod_span	*sp;
	size_t			 i, max;
	int			 q = it->post_kind == PK_QUESTION;
	int64_t			 age = (int64_t)time(NULL) - it->author_created;
	unsigned char		 key[MODQ_KEY];

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
	memo_key(rules, r->lang, &p, &au, key);
	if (memo_get(key, r->a, c))
		return 0;
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
	memo_put(key, c);
	return 0;
}
