/*
 * support/support.c: escalate, reply, resolve and reopen: the transitions
 * of a support case, each one call into store/support.c (one
 * transaction).  Who may act is checked here, where the state changes,
 * whatever page or API asked.
 *
 * A message is judged like a post: cooked once (md_cook), checked by
 * mod_check() on the shared rule set.  Secrets are masked by the spans
 * the filters report, then the masked text is checked again (a secret
 * with no span, or one the first mask uncovered, masks the whole
 * message), so what reaches the database never holds one.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "moderation/moderation.h"
#include "post/filter.h"
#include "store/store.h"
#include "store/support.h"
#include "support/support.h"
#include "view/i18n.h"
#include "view/md.h"

#define MASK_ROUNDS	3

struct span {
	size_t	 start;
	size_t	 end;
};

static int	 check(const struct mod_rules *, const struct support_actor *,
		    const char *, const struct md_links *,
		    struct mod_verdict *);
static char	*mask(struct arena *, const char *, const struct mod_verdict *,
		    int *found, int *spanless);
static int	 span_cmp(const void *, const void *);
static int	 blank(const char *);
static void	 prepare(struct arena *, enum lang,
		    const struct support_actor *, const char *,
		    struct support_new_msg *, struct support_result *);

int
support_is_staff(const struct support_actor *a)
{
	return a != NULL && (a->role == ROLE_STAFF || a->role == ROLE_ADMIN);
}

int
support_may_see(const struct support_actor *a, const struct support_case *c)
{
	if (a == NULL || c == NULL || a->id == 0)
		return 0;
	return a->id == c->asker_id || support_is_staff(a);
}

static int
blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

static int
check(const struct mod_rules *rules, const struct support_actor *by,
    const char *body, const struct md_links *links, struct mod_verdict *v)
{
	struct mod_post		 p;
	struct mod_author	 au;

	memset(&p, 0, sizeof(p));
	p.kind = MOD_KIND_ANSWER;
	p.body = body;
	p.body_len = strlen(body);
	if (links != NULL) {
		p.links = links->url;
		p.nlinks = links->n;
	}
	p.seconds_after_question = -1;
	memset(&au, 0, sizeof(au));
	au.trust = by->trust;
	au.account_age_days = (int)((time(NULL) - by->created) / 86400);
	au.staff = by->role >= ROLE_STAFF;
	au.name = by->name;
	au.display_name = by->display_name;
	memset(v, 0, sizeof(*v));
	return mod_check(rules, &p, &au, v);
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span	*x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * body with every secret span of v replaced by SUPPORT_MASK (arena-owned).
 * *found: a secret reason was seen; *spanless: one had no usable span.
 */
static char *
mask(struct arena *a, const char *body, const struct mod_verdict *v,
    int *found, int *spanless)
{
	struct span	*sp;
	struct buf	 b;
	size_t		 i, n = 0, at = 0, len = strlen(body);

	*found = *spanless = 0;
	sp = arena_calloc(a, v->nreasons + 1, sizeof(*sp));
	for (i = 0; i < v->nreasons; i++) {
		if (v->reasons[i].category != MOD_CAT_SECRET)
			continue;
		*found = 1;
		if (v->reasons[i].span.field != MOD_FIELD_BODY ||
		    v->reasons[i].span.end <= v->reasons[i].span.start ||
		    v->reasons[i].span.end > len) {
			*spanless = 1;
			continue;
		}
		sp[n].start = v->reasons[i].span.start;
		sp[n].end = v->reasons[i].span.end;
		n++;
	}
	if (n == 0)
		return arena_strdup(a, body);
	qsort(sp, n, sizeof(*sp), span_cmp);
	buf_init(&b, a);
	for (i = 0; i < n; i++) {
		if (sp[i].end <= at)
			continue;
		if (sp[i].start > at)
			buf_put(&b, body + at, sp[i].start - at);
		buf_puts(&b, SUPPORT_MASK);
		at = sp[i].end;
	}
	buf_put(&b, body + at, len - at);
	buf_putc(&b, '\0');
	return b.p;
}

int
support_judge(struct arena *a, const struct mod_rules *rules, enum lang lang,
    const struct support_actor *by, const char *body,
    struct support_judged *out)
{
	struct mod_verdict	 v;
	struct md_links		 links;
	struct cooked		 ck;
	struct buf		 log;
	const char		*text = body;
	int			 round, found, spanless, rc = 0;
	size_t			 i;

	memset(out, 0, sizeof(*out));
	if (rules == NULL)
		return -1;
	memset(&links, 0, sizeof(links));
	if (md_cook(a, text, strlen(text), &ck, &links) == -1)
		return -1;
	for (round = 0; ; round++) {
		if (check(rules, by, text, &links, &v) == -1)
			rc = -1;
		text = mask(a, text, &v, &found, &spanless);
		if (!found)
			break;
		out->masked = 1;
		if (spanless || round + 1 >= MASK_ROUNDS) {
			/* a secret the spans do not cover: mask it all */
			text = SUPPORT_MASK;
			mod_verdict_free(&v);
			if (check(rules, by, text, NULL, &v) == -1)
				rc = -1;
			break;
		}
		mod_verdict_free(&v);
	}
	/* v is the verdict of the text that will be stored */
	out->blocked = v.decision == MOD_BLOCK;
	out->reasons = arena_calloc(a, v.nreasons + 1, sizeof(char *));
	buf_init(&log, a);
	buf_puts(&log, "");
	for (i = 0; i < v.nreasons; i++) {
		out->reasons[i] = arena_strdup(a, lang == LANG_JA ?
		    v.reasons[i].text_ja : v.reasons[i].text_en);
		buf_printf(&log, "%s%s", i ? "; " : "", v.reasons[i].rule);
	}
	out->nreasons = v.nreasons;
	out->flagged = v.decision != MOD_ALLOW ? log.p : "";
	mod_verdict_free(&v);
	if (rc == -1)
		return -1;
	memset(&links, 0, sizeof(links));
	if (md_cook(a, text, strlen(text), &ck, &links) == -1)
		return -1;
	out->body_md = text;
	out->cooked = ck.html;
	return 0;
}

/* Judges body into m; on refusal sets res->err. */
static void
prepare(struct arena *a, enum lang lang, const struct support_actor *by,
    const char *body, struct support_new_msg *m, struct support_result *res)
{
	struct support_judged	 j;

	memset(m, 0, sizeof(*m));
	if (blank(body)) {
		res->err = SUPPORT_E_INVALID;
		res->reasons = arena_calloc(a, 2, sizeof(char *));
		res->reasons[0] = T(lang, "Write a message.");
		res->nreasons = 1;
		return;
	}
	if (support_judge(a, filter_rules_get(a), lang, by, body, &j) == -1) {
		log_warn("support: the filters could not check a message");
		res->err = SUPPORT_E_UNCHECKED;
		return;
	}
	if (j.blocked) {
		res->err = SUPPORT_E_BLOCKED;
		res->reasons = j.reasons;
		res->nreasons = j.nreasons;
		return;
	}
	m->author_id = by->id;
	m->staff = support_is_staff(by);
	m->body_md = j.body_md;
	m->cooked = j.cooked;
	m->masked = j.masked;
	m->flagged = j.flagged;
	res->masked = j.masked;
}

void
support_escalate(struct arena *a, struct db *db, enum lang lang,
    const struct support_actor *by, int64_t thread, const char *body,
    struct support_result *res)
{
	struct qa_thread	*t = NULL;
	struct support_new_msg	 m;

	memset(res, 0, sizeof(*res));
	if (by == NULL || by->id == 0) {
		res->err = SUPPORT_E_NOTFOUND;
		return;
	}
	if (store_qa_thread(db, a, thread, &t) == -1) {
		res->err = SUPPORT_E_STORE;
		return;
	}
	if (t == NULL || (t->author_id != by->id && !support_is_staff(by))) {
		res->err = SUPPORT_E_NOTFOUND;
		return;
	}
	prepare(a, lang, by, body, &m, res);
	if (res->err != SUPPORT_OK)
		return;
	if (store_support_open(db, t->id, t->author_id, by->id, &m,
	    &res->case_id) == -1)
		res->err = SUPPORT_E_STORE;
}

void
support_reply(struct arena *a, struct db *db, enum lang lang,
    const struct support_actor *by, const struct support_case *c,
    const char *body, struct support_result *res)
{
	struct support_new_msg	 m;

	memset(res, 0, sizeof(*res));
	if (!support_may_see(by, c)) {
		res->err = SUPPORT_E_NOTFOUND;
		return;
	}
	res->case_id = c->id;
	if (c->state != SUPPORT_OPEN) {
		res->err = SUPPORT_E_CLOSED;
		return;
	}
	prepare(a, lang, by, body, &m, res);
	if (res->err != SUPPORT_OK)
		return;
	if (store_support_reply(db, c, &m) == -1)
		res->err = SUPPORT_E_STORE;
}

void
support_set_resolved(struct db *db, const struct support_actor *by,
    const struct support_case *c, int resolved, struct support_result *res)
{
	memset(res, 0, sizeof(*res));
	if (!support_may_see(by, c) || !support_is_staff(by)) {
		res->err = SUPPORT_E_NOTFOUND;
		return;
	}
	res->case_id = c->id;
	if (store_support_set_state(db, c, resolved ? SUPPORT_RESOLVED :
	    SUPPORT_OPEN, by->id, &res->changed) == -1)
		res->err = SUPPORT_E_STORE;
}

void
support_claim(struct arena *a, struct db *db, enum lang lang,
    const struct support_actor *by, int64_t thread, int64_t assignee,
    int release, struct support_result *res)
{
	struct qa_thread	*t = NULL;
	int			 ok = 0, rc;

	memset(res, 0, sizeof(*res));
	if (!support_is_staff(by)) {
		res->err = SUPPORT_E_NOTFOUND;
		return;
	}
	if (store_qa_thread(db, a, thread, &t) == -1) {
		res->err = SUPPORT_E_STORE;
		return;
	}
	if (t == NULL || !t->visible) {
		res->err = SUPPORT_E_NOTFOUND;
		return;
	}
	if (release)
		rc = store_support_release(db, thread, &ok);
	else
		rc = store_support_claim(db, thread, assignee != 0 ? assignee :
		    by->id, by->id, &ok);
	if (rc == -1) {
		res->err = SUPPORT_E_STORE;
		return;
	}
	res->changed = ok;
	if (!ok && !release) {
		res->err = SUPPORT_E_INVALID;
		res->reasons = arena_calloc(a, 2, sizeof(char *));
		res->reasons[0] = T(lang, "Only staff members can be assigned "
		    "a thread.");
		res->nreasons = 1;
	}
}

char *
support_canned_fill(struct arena *a, const char *tmpl, const char *asker,
    const char *staff, int64_t case_id, const char *thread)
{
	struct buf	 b;
	const char	*p;

	buf_init(&b, a);
	for (p = tmpl; *p != '\0'; ) {
		if (strncmp(p, "{asker}", 7) == 0) {
			buf_puts(&b, asker);
			p += 7;
		} else if (strncmp(p, "{staff}", 7) == 0) {
			buf_puts(&b, staff);
			p += 7;
		} else if (strncmp(p, "{case}", 6) == 0) {
			buf_printf(&b, "%lld", (long long)case_id);
			p += 6;
		} else if (strncmp(p, "{thread}", 8) == 0) {
			buf_puts(&b, thread);
			p += 8;
		} else
			buf_putc(&b, *p++);
	}
	buf_putc(&b, '\0');
	return b.p;
}

int
support_sweep(struct db *db, int remind_days, int close_days,
    int64_t *reminded, int64_t *closed)
{
	return store_support_sweep(db, remind_days, close_days, reminded,
	    closed);
}
