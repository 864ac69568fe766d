/*
 * post/post.c: the transitions of a post (see post.h for the table).
 *
 * Each function reads what it decides on, decides (who may, what the
 * filters' verdict means, which state follows, who is told), and hands
 * the whole change to the store as one struct post_write (or, for a
 * moderator's decision on a queue item and for flags, to the store's
 * own one-transaction calls).  The store checks that the post is still
 * as it was read; a post changed in between answers POST_E_STALE and
 * nothing is written.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "post/filter.h"
#include "post/post.h"
#include "post/triage.h"
#include "store/store.h"
#include "text/fold.h"
#include "view/i18n.h"
#include "view/md.h"

#define TITLE_MIN	10
#define TITLE_MAX	150
#define BODY_MIN	10
#define BODY_MAX	20000
#define TAGS_MAX	5
#define TAG_MAX		30

/* What a text turned into: cooked, folded, judged. */
struct judged {
	struct cooked		 ck;
	struct md_links		 links;
	struct filter_result	 fr;
	const char		*search_doc;
};

static int	 is_staff(const struct post_actor *);
static int	 is_mod(const struct post_actor *);
static void	 res_init(struct post_result *);
static int	 fail(struct post_result *, enum post_err, const char *);
static size_t	 check_lengths(struct post_ctx *, const char *, const char *,
		    const char **);
static int	 tags_parse(struct post_ctx *, const char *, const char **,
		    const char **);
static int	 tag_char_ok(const char *, size_t);
static int	 tags_canonical(struct post_ctx *, const char **);
static const char *detect_lang(const char *);
static int	 judge(struct post_ctx *, enum filter_kind, const char *title,
		    const char *tags, const char *body, const char *question,
		    struct judged *);
static enum post_state verdict_state(const struct filter_result *);
static void	 text_into(struct post_write *, const char *body,
		    const struct judged *);
static void	 queue_into(struct post_write *, enum post_state,
		    const struct judged *);
static void	 campaign_into(struct post_write *, struct post_result *,
		    const struct judged *);
static void	 note(struct post_write *, int64_t user, const char *kind,
		    int64_t actor, const char *reason);
static int	 blocked(struct post_result *, const struct judged *);
static const char *mentions_of(struct arena *, const char *);
static void	 publication_into(struct post_ctx *, const struct post_row *,
		    const char *, struct modq_act *);
static void	 watch_into(struct post_ctx *, struct post_write *,
		    const char *);
static void	 change_of(struct post_write *, const struct post_row *);
static int	 submitted(struct post_ctx *, struct post_write *, const char *,
		    const struct judged *, int64_t, struct post_result *);
static int	 written(struct post_ctx *, struct post_write *,
		    struct post_result *);
static char	*json_text(struct arena *, json_t *);

static int
is_staff(const struct post_actor *by)
{
	return by != NULL && (by->role == ROLE_STAFF || by->role == ROLE_ADMIN);
}

static int
is_mod(const struct post_actor *by)
{
	return by != NULL && (by->role == ROLE_MODERATOR ||
	    by->role == ROLE_ADMIN);
}

int
post_visible_to(const struct post_actor *by, enum post_state st,
    int64_t author)
{
	if (st == PS_VISIBLE)
		return 1;
	if (is_mod(by))
		return 1;
	return by != NULL && by->id == author &&
	    (st == PS_HELD || st == PS_PRIVATE);
}

int
post_may_edit(const struct post_actor *by, int64_t author,
    enum role author_role, enum post_kind kind)
{
	if (by == NULL)
		return 0;
	if (by->id == author)
		return 1;
	/* A staff post: staff edit it, moderators may only redact it. */
	if (author_role >= ROLE_STAFF || kind == PK_OFFICIAL)
		return is_staff(by) || is_mod(by);
	return by->trust >= 2 || by->role >= ROLE_STAFF;
}

enum post_state
post_state_parse(const char *s)
{
	int	i;

	for (i = 0; i < PS__MAX; i++)
		if (strcmp(s, store_post_state_name((enum post_state)i)) == 0)
			return (enum post_state)i;
	return PS_HELD;		/* unknown: never shown by mistake */
}

enum post_kind
post_kind_parse(const char *s)
{
	int	i;

	for (i = 0; i < PK__MAX; i++)
		if (strcmp(s, store_post_kind_name((enum post_kind)i)) == 0)
			return (enum post_kind)i;
	return PK_ANSWER;
}

static void
res_init(struct post_result *res)
{
	memset(res, 0, sizeof(*res));
	res->err = POST_OK;
}

static int
fail(struct post_result *res, enum post_err e, const char *msg)
{
	res->err = e;
	res->msg = msg;
	return 0;
}

static char *
json_text(struct arena *a, json_t *o)
{
	char	*s = json_dumps(o, JSON_COMPACT), *r;

	r = arena_strdup(a, s != NULL ? s : "{}");
	free(s);
	json_decref(o);
	return r;
}

/* --- input ---------------------------------------------------------------- */

static size_t
check_lengths(struct post_ctx *c, const char *title, const char *body,
    const char **errs)
{
	size_t	n = 0, tl, bl;

	if (title != NULL) {
		tl = utf8_count(title, strlen(title));
		if (tl < TITLE_MIN || tl > TITLE_MAX)
			errs[n++] = T(c->lang, "The title must be 10 to 150 "
			    "characters long.");
	}
	bl = body ? utf8_count(body, strlen(body)) : 0;
	if (bl < BODY_MIN || bl > BODY_MAX)
		errs[n++] = T(c->lang, "The text must be 10 to 20,000 "
		    "characters long.");
	return n;
}

/* Letters and digits (any script, after folding), '-' and '_'. */
static int
tag_char_ok(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x80)
			continue;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_'))
			return 0;
	}
	return 1;
}

/*
 * Tags typed by a member ("送金, usdt  2fa"): folded (NFKC, lower case),
 * split on spaces, commas and 、, duplicates dropped; each 1..30 letters,
 * digits, '-' or '_'; at most 5.  0, or -1 with *err (a msgid).
 */
static int
tags_parse(struct post_ctx *c, const char *raw, const char **joined,
    const char **err)
{
	char		*f, *tok, *save = NULL, *p;
	const char	*seen[TAGS_MAX];
	size_t		 n = 0, i, len;
	struct buf	 b;

	*joined = "";
	*err = NULL;
	if (raw == NULL)
		return 0;
	f = fold_text(c->a, raw, strlen(raw));
	while ((p = strstr(f, "\xe3\x80\x81")) != NULL)	/* 、 */
		memcpy(p, "   ", 3);
	buf_init(&b, c->a);
	buf_puts(&b, "");
	for (tok = strtok_r(f, " ,\t\r\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " ,\t\r\n", &save)) {
		len = strlen(tok);
		if (utf8_count(tok, len) > TAG_MAX || !tag_char_ok(tok, len)) {
			*err = N_("Tags may hold only letters, digits, '-' "
			    "and '_', up to 30 characters each.");
			return -1;
		}
		for (i = 0; i < n; i++)
			if (strcmp(seen[i], tok) == 0)
				break;
		if (i < n)
			continue;
		if (n == TAGS_MAX) {
			*err = N_("At most 5 tags.");
			return -1;
		}
		seen[n++] = tok;
		if (b.len > 0)
			buf_putc(&b, ' ');
		buf_puts(&b, tok);
	}
	*joined = b.p;
	return 0;
}

/*
 * Tag synonyms (migration 0177): *joined, as tags_parse left it, with
 * every alias an administrator made replaced by its canonical tag
 * (duplicates dropped), read from PostgreSQL per write so a synonym
 * holds on every instance at once.  The write maps them once more under
 * the synonyms' lock (store_post_write), for a synonym made meanwhile.
 * 0, or -1 when the store failed.
 */
static int
tags_canonical(struct post_ctx *c, const char **joined)
{
	return store_tags_canonical(c->db, c->a, *joined, joined);
}

/* "ja" when s holds Japanese characters, else "en". */
static const char *
detect_lang(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; *p != '\0'; p++)
		if (*p >= 0xE3 && *p <= 0xE9)
			return "ja";
	return "en";
}

/* --- what a text means ------------------------------------------------------ */

/*
 * Cooks body once, folds the search document (title and tags first for
 * questions) and runs the filters as the actor.  0, or -1 when cmark
 * failed.
 */
static int
judge(struct post_ctx *c, enum filter_kind kind, const char *title,
    const char *tags, const char *body, const char *question,
    struct judged *j)
{
	const char	*src;

	memset(j, 0, sizeof(*j));
	if (md_cook(c->a, body, strlen(body), &j->ck, &j->links) == -1)
		return -1;
	filter_post_pictures(c, c->by, kind, title, tags, body, &j->links,
	    question, &j->fr);
	src = title != NULL ? arena_printf(c->a, "%s %s %s", title,
	    tags != NULL ? tags : "", body) : body;
	j->search_doc = fold_doc(c->a, src, strlen(src));
	return 0;
}

/* allow -> visible; hold -> held, or private for the author's secret. */
static enum post_state
verdict_state(const struct filter_result *fr)
{
	if (fr->verdict == FILTER_ALLOW)
		return PS_VISIBLE;
	return fr->secret ? PS_PRIVATE : PS_HELD;
}

static void
text_into(struct post_write *w, const char *body, const struct judged *j)
{
	w->set_text = 1;
	w->body_md = body;
	w->body_html = j->ck.html;
	w->search_doc = j->search_doc;
	w->mod_reasons = j->fr.log;
	w->set_contacts = 1;
	w->ctype = j->fr.ctype;
	w->cvalue = j->fr.cvalue;
	w->ncontacts = j->fr.ncontacts;
}

/* A held or private post has its queue row, with the filters' verdict. */
static void
queue_into(struct post_write *w, enum post_state st, const struct judged *j)
{
	if (st != PS_HELD && st != PS_PRIVATE)
		return;
	w->queue_kind = st == PS_HELD ? "held" : "private";
	w->score = j->fr.score;
	w->queue_reasons = j->fr.log;
}

/*
 * A text that completes a campaign (post/filter.c): its earlier copies
 * are held in the same transaction; they may be on any thread, so every
 * public page may have changed.
 */
static void
campaign_into(struct post_write *w, struct post_result *res,
    const struct judged *j)
{
	if (j->fr.ncampaign == 0)
		return;
	w->campaign_hold = j->fr.campaign;
	w->ncampaign_hold = j->fr.ncampaign;
	w->campaign_reasons = j->fr.campaign_log;
	res->public_changed = 1;
	res->scope = POST_SCOPE_ALL;
}

static void
note(struct post_write *w, int64_t user, const char *kind, int64_t actor,
    const char *reason)
{
	if (w->nnote < POST_NOTES_MAX && user != 0) {
		w->note[w->nnote].user = user;
		w->note[w->nnote].kind = kind;
		w->note[w->nnote].actor = actor;
		w->note[w->nnote].reason = reason;
		w->nnote++;
	}
}

/*
 * Usernames written as @name in body (ASCII letters, digits, '_'; not
 * inside a word, so an e-mail address is no mention), at most 10, as a
 * text[] literal in lower case; NULL when there is none.  Arena-owned.
 */
static const char *
mentions_of(struct arena *a, const char *body)
{
	const char	*s, *e;
	char		*out, *o;
	size_t		 n = 0, len;

	out = o = arena_alloc(a, strlen(body) + 3);
	*o++ = '{';
	for (s = body; (s = strchr(s, '@')) != NULL && n < 10; s = e) {
		e = s + 1;
		if (s > body && (isalnum((unsigned char)s[-1]) || s[-1] == '_'))
			continue;
		while (isalnum((unsigned char)*e) || *e == '_')
			e++;
		if ((len = (size_t)(e - s - 1)) < 2 || len > 40)
			continue;
		if (n++ > 0)
			*o++ = ',';
		for (s++; s < e; s++)
			*o++ = (char)tolower((unsigned char)*s);
	}
	*o++ = '}';
	*o = '\0';
	return n > 0 ? out : NULL;
}

/*
 * Watching: the author of a new post follows its thread (the asker
 * watching, an answerer tracking); a published
 * post tells the thread's followers (a question or an answer: those
 * watching; an official answer: those watching or tracking) and the
 * members it mentions.  Nothing is told of a held or private post.
 */
static void
watch_into(struct post_ctx *c, struct post_write *w, const char *body)
{
	w->watch_auto = c->by->id;
	w->watch_auto_level = w->kind == PK_QUESTION ? "watching" : "tracking";
	w->watch_actor = c->by->id;
	if (w->state != PS_VISIBLE)
		return;
	w->mentions = mentions_of(c->a, body);
	if (w->kind == PK_OFFICIAL) {
		w->watch_event = "watch_official";
		w->watch_levels = "{watching,tracking}";
	} else {
		w->watch_event = "watch_answer";
		w->watch_levels = "{watching}";
	}
}

/* The filters refused the text: their reasons, nothing stored. */
static int
blocked(struct post_result *res, const struct judged *j)
{
	res->errs = j->fr.reasons;
	res->nerr = j->fr.nreasons;
	return fail(res, POST_E_BLOCKED, NULL);
}

/*
 * A change of existing post p: the store writes it only if p is still as
 * it was read (state, revision, verifier), else STALE.
 */
static void
change_of(struct post_write *w, const struct post_row *p)
{
	memset(w, 0, sizeof(*w));
	w->post_id = p->id;
	w->check = 1;
	w->expect_state = p->state;
	w->expect_revision = p->revision;
	w->expect_verified_by = p->verified_by;
	w->author_id = p->author_id;
	w->kind = p->kind;
}

/*
 * A new post (w has its thread or new thread and kind): its state from the
 * verdict, text, queue row; the asker (notify, 0: none) is told of a
 * published answer, the author of a held post.  Always returns 0.
 */
static int
submitted(struct post_ctx *c, struct post_write *w, const char *body,
    const struct judged *j, int64_t notify, struct post_result *res)
{
	w->author_id = c->by->id;
	w->state = verdict_state(&j->fr);
	w->public = w->state == PS_VISIBLE;
	text_into(w, body, j);
	queue_into(w, w->state, j);
	if (w->state != PS_VISIBLE)
		note(w, c->by->id, "held", 0, "");
	else if (notify != 0)
		note(w, notify, "answer", c->by->id, "");
	watch_into(c, w, body);
	campaign_into(w, res, j);
	if (written(c, w, res) == -1 || res->err != POST_OK)
		return 0;
	res->state = w->state;
	res->author_id = c->by->id;
	res->public_changed = w->state == PS_VISIBLE || w->ncampaign_hold > 0;
	filter_record(c, &j->fr, c->by->id, res->post_id);
	return 0;
}

/* Writes w; translates the store's answer into res. */
static int
written(struct post_ctx *c, struct post_write *w, struct post_result *res)
{
	enum store_post_result	 sr;

	if (store_post_write(c->db, c->a, w, &sr, &res->thread_id,
	    &res->post_id, &res->keys_category, &res->keys_tags) == -1)
		return fail(res, POST_E_STORE, NULL);
	switch (sr) {
	case STORE_POST_NOTFOUND:
		return fail(res, POST_E_NOTFOUND, NULL);
	case STORE_POST_STALE:
		return fail(res, POST_E_STALE, N_("The post changed while "
		    "you were reading it. Nothing was saved; here it is as it "
		    "is now."));
	default:
		break;
	}
	res->err = POST_OK;
	return 0;
}

/* --- submit --------------------------------------------------------------- */

int
post_ask(struct post_ctx *c, const struct post_ask_in *in,
    struct post_result *res)
{
	struct post_write	 w;
	struct judged		 j;
	const char		*joined, *terr;
	int64_t			 cat = 0;

	res_init(res);
	res->errs = arena_calloc(c->a, 8, sizeof(char *));
	res->nerr = check_lengths(c, in->title, in->body, res->errs);
	if (tags_parse(c, in->tags, &joined, &terr) == -1)
		res->errs[res->nerr++] = i18n_get(c->lang, terr);
	if (store_qa_category_id(c->db, in->category, &cat) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (cat == 0)
		res->errs[res->nerr++] = T(c->lang, "Choose a category.");
	if (res->nerr > 0)
		return fail(res, POST_E_INVALID, NULL);
	if (tags_canonical(c, &joined) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (judge(c, FILTER_QUESTION, in->title, joined, in->body, NULL,
	    &j) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (j.fr.verdict == FILTER_BLOCK)
		return blocked(res, &j);
	memset(&w, 0, sizeof(w));
	w.category = cat;
	w.title = in->title;
	w.title_fold = fold_text(c->a, in->title, strlen(in->title));
	w.lang = detect_lang(in->title);
	w.tags = joined;
	w.kind = PK_QUESTION;
	/* urgency triage: class and reasons go into this transaction */
	triage_into(c->a, &w, in->title, in->body);
	return submitted(c, &w, in->body, &j, 0, res);
}

int
post_answer(struct post_ctx *c, int64_t thread, const char *body,
    int official, struct post_result *res)
{
	struct post_write	 w;
	struct judged		 j;
	struct post_answer_to	*t;

	res_init(res);
	if (store_post_answer_to(c->db, c->a, thread, &t) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (t == NULL || (!t->thread_visible && c->by->id != t->thread_author &&
	    !is_mod(c->by)))
		return fail(res, POST_E_NOTFOUND, NULL);
	if (strcmp(t->thread_status, "open") != 0 || !t->thread_visible)
		return fail(res, POST_E_CLOSED, N_("This thread is closed to "
		    "new answers."));
	if (official && !is_staff(c->by))
		return fail(res, POST_E_FORBIDDEN, N_("Only staff post "
		    "official answers."));
	res->errs = arena_calloc(c->a, 4, sizeof(char *));
	if ((res->nerr = check_lengths(c, NULL, body, res->errs)) > 0)
		return fail(res, POST_E_INVALID, NULL);
	/* The question's text tells the filters what the thread is about. */
	if (judge(c, FILTER_ANSWER, NULL, NULL, body, t->question_md[0] !=
	    '\0' ? t->question_md : NULL, &j) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (j.fr.verdict == FILTER_BLOCK)
		return blocked(res, &j);
	memset(&w, 0, sizeof(w));
	w.thread_id = thread;
	w.kind = official ? PK_OFFICIAL : PK_ANSWER;
	return submitted(c, &w, body, &j, t->thread_author, res);
}

/* --- edit and redact -------------------------------------------------------- */

int
post_edit(struct post_ctx *c, int64_t post, const char *title,
    const char *tags, const char *body, struct post_result *res)
{
	return post_edit_from(c, post, 0, title, tags, body, res);
}

int
post_edit_from(struct post_ctx *c, int64_t post, int64_t base_revision,
    const char *title, const char *tags, const char *body,
    struct post_result *res)
{
	struct post_write	 w;
	struct judged		 j;
	struct post_row		*p;
	const char		*joined = NULL, *terr;
	int			 q, own, redact, trusted, rc;
	enum post_state		 st;
	struct cache		*cache;

	res_init(res);
	if (store_post_row(c->db, c->a, post, &p) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (p == NULL || !post_visible_to(c->by, p->state, p->author_id) ||
	    (p->state == PS_REMOVED && !is_mod(c->by)))
		return fail(res, POST_E_NOTFOUND, NULL);
	res->thread_id = p->thread_id;
	res->post_id = p->id;
	res->author_id = p->author_id;
	if (strcmp(p->thread_status, "locked") == 0 &&
	    c->by->role < ROLE_STAFF)
		return fail(res, POST_E_FORBIDDEN, N_("This thread is locked."));
	/*
	 * post_edit_from: the text was edited from another revision.  The
	 * write below expects p->revision, so a change after this read is
	 * refused by the store as well.
	 */
	if (base_revision != 0 && base_revision != p->revision &&
	    post_may_edit(c->by, p->author_id, p->author_role, p->kind)) {
		res->current_md = p->body_md;
		res->current_revision = p->revision;
		return fail(res, POST_E_STALE, N_("The post changed after the "
		    "revision your edit is based on. Nothing was saved; start "
		    "again from the current revision."));
	}
	if (!post_may_edit(c->by, p->author_id, p->author_role, p->kind))
		return fail(res, POST_E_FORBIDDEN,
		    p->author_role >= ROLE_STAFF || p->kind == PK_OFFICIAL ?
		    N_("Posts by staff can be changed only by staff.") :
		    N_("Editing other people's posts needs trust level 2."));
	q = p->kind == PK_QUESTION;
	own = c->by->id == p->author_id;
	/* A moderator changing someone else's text redacts it. */
	redact = !own && is_mod(c->by) && !is_staff(c->by);
	if (!own && c->by->role == ROLE_ADMIN)
		redact = 1;
	res->errs = arena_calloc(c->a, 8, sizeof(char *));
	res->nerr = check_lengths(c, q ? (title != NULL ? title : p->title) :
	    NULL, body, res->errs);
	if (q && tags_parse(c, tags != NULL ? tags : p->tags, &joined,
	    &terr) == -1)
		res->errs[res->nerr++] = i18n_get(c->lang, terr);
	if (res->nerr > 0)
		return fail(res, POST_E_INVALID, NULL);
	if (q && tags_canonical(c, &joined) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (q && title == NULL)
		title = p->title;
	/*
	 * The filters' context is the author's: their own edit is judged
	 * with it (the post itself left out); another's edit without it.
	 */
	cache = c->cache;
	if (own)
		c->editing = p->id;
	else
		c->cache = NULL;
	rc = judge(c, q ? FILTER_QUESTION : FILTER_ANSWER, q ? title : NULL,
	    joined, body, NULL, &j);
	c->cache = cache;
	c->editing = 0;
	if (rc == -1)
		return fail(res, POST_E_STORE, NULL);
	if (j.fr.verdict == FILTER_BLOCK)
		return blocked(res, &j);
	if (redact && (j.fr.secret || j.fr.any_secret))
		return fail(res, POST_E_SECRET, N_("The text still holds a "
		    "recovery phrase, private key or secret. Redact it first."));

	/* What the new text means for the state. */
	st = p->state;
	switch (p->state) {
	case PS_VISIBLE:
		st = redact ? PS_VISIBLE : verdict_state(&j.fr);
		break;
	case PS_HELD:
	case PS_PRIVATE:
		/* In the queue until a moderator decides; a redaction is
		 * that decision only through post_moderate. */
		st = j.fr.secret ? PS_PRIVATE : PS_HELD;
		break;
	default:
		break;		/* hidden, removed: a moderator's state */
	}

	change_of(&w, p);
	w.editor_id = c->by->id;
	w.state = st;
	w.set_state = 1;
	w.public = st == PS_VISIBLE;
	w.redact = redact;
	if (q) {
		w.title = title;
		w.title_fold = fold_text(c->a, title, strlen(title));
		w.tags = joined;
	}
	text_into(&w, body, &j);
	queue_into(&w, st, &j);
	campaign_into(&w, res, &j);
	if ((p->state == PS_HELD || p->state == PS_PRIVATE) &&
	    st != p->state) {
		/* held <-> private: the old row is settled, the new opened */
		w.settle = "edited";
		w.settle_by = 0;
	}
	trusted = p->verified_by != 0 || p->kind == PK_OFFICIAL;
	w.clear_verify = p->verified_by != 0 && !is_staff(c->by);
	if (trusted && !own && !is_staff(c->by))
		note(&w, p->verified_by != 0 ? p->verified_by : p->author_id,
		    "official_edited", c->by->id, "");
	if (p->accepted_post == p->id && p->thread_author != c->by->id)
		note(&w, p->thread_author, "accepted_edited", c->by->id, "");
	if (st != PS_VISIBLE && p->state == PS_VISIBLE)
		note(&w, p->author_id, "held", 0, "");
	if (redact) {
		note(&w, p->author_id, "redacted", c->by->id, "");
		w.log_action = "redact";
		w.log_before = json_text(c->a, json_pack("{s:s, s:I}",
		    "state", store_post_state_name(p->state), "revision",
		    (json_int_t)p->revision));
		w.log_after = json_text(c->a, json_pack("{s:s, s:I, s:b, s:b}",
		    "state", store_post_state_name(st), "revision",
		    (json_int_t)(p->revision + 1), "earlier_revisions_redacted",
		    1, "verification_cleared", w.clear_verify));
	} else if (!own && c->by->role >= ROLE_STAFF) {
		/* staff editing someone else's post: audited */
		w.log_action = "edit_post";
		w.log_before = json_text(c->a, json_pack("{s:s, s:s}",
		    "state", store_post_state_name(p->state), "body_md",
		    p->body_md));
		w.log_after = json_text(c->a, json_pack("{s:s, s:s, s:b}",
		    "state", store_post_state_name(st), "body_md", body,
		    "verification_cleared", w.clear_verify));
	}
	if (w.log_action != NULL) {
		w.log_actor = c->by->id;
		w.log_actor_name = c->by->name;
	}
	if (written(c, &w, res) == -1 || res->err != POST_OK) {
		res->current_md = p->body_md;
		return 0;
	}
	res->state = st;
	res->public_changed = st == PS_VISIBLE || p->state == PS_VISIBLE ||
	    w.ncampaign_hold > 0;
	if (w.ncampaign_hold > 0)
		res->scope = POST_SCOPE_ALL;	/* copies on other threads */
	else if (p->kind == PK_QUESTION)
		res->scope = POST_SCOPE_RETAG;	/* tags may have changed */
	if (own)
		filter_record(c, &j.fr, c->by->id, p->id);
	return 0;
}

/* --- moderators --------------------------------------------------------------- */

/*
 * Whether the text as it is now still holds the author's own secret
 * (recovery phrase, private key, xprv, WIF, API secret).  -1: unknown
 * (the rules are unavailable): treated as "yes" by callers.
 */
static int
holds_secret(struct post_ctx *c, const struct post_row *p, const char *body)
{
	struct filter_result	 fr;

	filter_post_pictures(c, NULL, p->kind == PK_QUESTION ?
	    FILTER_QUESTION : FILTER_ANSWER, p->kind == PK_QUESTION ? p->title :
	    NULL, p->kind == PK_QUESTION ? p->tags : NULL, body, NULL, NULL,
	    &fr);
	return fr.unchecked ? -1 : fr.any_secret || fr.secret;
}

/*
 * A moderator publishing a post: whom its publication tells, as
 * watch_into and submitted would have (the asker of an answer, the
 * followers, the members it mentions).  The store tells them only when
 * the post was never public before.
 */
static void
publication_into(struct post_ctx *c, const struct post_row *p,
    const char *body, struct modq_act *act)
{
	act->pub_asker = p->kind == PK_QUESTION ? 0 : p->thread_author;
	act->pub_mentions = mentions_of(c->a, body);
	if (p->kind == PK_OFFICIAL) {
		act->pub_watch_event = "watch_official";
		act->pub_watch_levels = "{watching,tracking}";
	} else {
		act->pub_watch_event = "watch_answer";
		act->pub_watch_levels = "{watching}";
	}
}

int
post_moderate(struct post_ctx *c, int64_t post, const struct post_mod_in *in,
    struct post_result *res)
{
	struct modq_act		 act;
	struct modq_outcome	 o;
	struct post_row		*p;
	struct judged		 j;
	struct mod_features_buf	 feat;
	const char		*action = in->action;
	int			 edit = strcmp(action, "edit") == 0;

	res_init(res);
	if (!is_mod(c->by))
		return fail(res, POST_E_FORBIDDEN, NULL);
	if (store_post_row(c->db, c->a, post, &p) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (p == NULL)
		return fail(res, POST_E_NOTFOUND, NULL);
	res->thread_id = p->thread_id;
	res->post_id = p->id;
	res->author_id = p->author_id;
	memset(&act, 0, sizeof(act));
	memset(&j, 0, sizeof(j));
	if (edit) {
		if (judge(c, p->kind == PK_QUESTION ? FILTER_QUESTION :
		    FILTER_ANSWER, p->kind == PK_QUESTION ? p->title : NULL,
		    p->tags, in->body, NULL, &j) == -1)
			return fail(res, POST_E_STORE, NULL);
		if (j.fr.secret || j.fr.any_secret || j.fr.unchecked)
			return fail(res, POST_E_SECRET, N_("The text still "
			    "holds a recovery phrase, private key or secret. "
			    "Redact it first."));
		act.body_md = in->body;
		act.body_html = j.ck.html;
		act.search_doc = j.search_doc;
		act.ctype = j.fr.ctype;
		act.cvalue = j.fr.cvalue;
		act.ncontacts = j.fr.ncontacts;
	} else if (strcmp(action, "approve") == 0 ||
	    (strcmp(action, "dismiss") == 0 && p->state == PS_HIDDEN)) {
		/* Publishing: never while the author's secret is in it. */
		if (holds_secret(c, p, p->body_md) != 0)
			return fail(res, POST_E_SECRET, N_("The text still "
			    "holds a recovery phrase, private key or secret. "
			    "Redact it first: edit it, replace the secret, and "
			    "approve."));
	}
	act.post_id = post;
	/* the queue item decided ("" none); an unknown name is refused */
	if ((act.kind = store_modq_kind_parse(in->kind != NULL ? in->kind :
	    "")) == MQ__MAX)
		return fail(res, POST_E_INVALID, NULL);
	act.action = action;
	act.reason = in->reason;
	act.note = in->note;
	act.keep = in->keep;
	act.nkeep = in->nkeep;
	act.appeal_id = in->appeal;
	/* the classifier's lesson: the text as the moderator decides on it */
	if (filter_features(c, p->kind == PK_QUESTION, p->title,
	    edit ? in->body : p->body_md, &feat) == 0) {
		act.feat = feat.h;
		act.nfeat = feat.n;
		act.feat_ja = feat.ja;
	}
	act.actor_id = c->by->id;
	act.actor_name = c->by->name;
	act.expect_revision = p->revision;
	if (edit || strcmp(action, "approve") == 0)
		publication_into(c, p, edit ? in->body : p->body_md, &act);
	if (store_modq_decide(c->db, c->a, &act, &o) == -1)
		return fail(res, POST_E_STORE, NULL);
	switch (o.result) {
	case MODQ_NOTFOUND:
		return fail(res, POST_E_NOTFOUND, NULL);
	case MODQ_TAKEN:
		res->taken_by = o.by;
		res->taken_decision = o.decision;
		res->taken_reason = o.decision_reason;
		res->taken_at = o.at;
		return fail(res, POST_E_TAKEN, NULL);
	case MODQ_REFUSED:
		return fail(res, POST_E_STALE, N_("The post changed while "
		    "you were reading it. Nothing was saved."));
	default:
		break;
	}
	res->public_changed = 1;
	return 0;
}

/* --- verification, acceptance, votes, flags ------------------------------------ */

int
post_verify(struct post_ctx *c, int64_t post, int64_t revision, int on,
    struct post_result *res)
{
	struct post_write	 w;
	struct post_row		*p;

	res_init(res);
	if (store_post_row(c->db, c->a, post, &p) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (p == NULL || !post_visible_to(c->by, p->state, p->author_id))
		return fail(res, POST_E_NOTFOUND, NULL);
	res->thread_id = p->thread_id;
	res->post_id = p->id;
	res->author_id = p->author_id;
	if (!is_staff(c->by))
		return fail(res, POST_E_FORBIDDEN, NULL);
	if (p->kind != PK_ANSWER || p->state != PS_VISIBLE)
		return fail(res, POST_E_FORBIDDEN, N_("Only visible community "
		    "answers can be verified."));
	if (revision != p->revision) {
		res->current_md = p->body_md;
		res->current_revision = p->revision;
		return fail(res, POST_E_STALE, N_("The answer changed after "
		    "you read it. Read it again as it is now, then verify."));
	}
	change_of(&w, p);
	w.set_verify = 1;
	w.verify_by = on ? c->by->id : 0;
	note(&w, p->author_id, on ? "verified" : "unverified", c->by->id, "");
	if (on) {
		/* the thread's followers hear of a verification (watching) */
		w.watch_actor = c->by->id;
		w.watch_event = "watch_verified";
		w.watch_levels = "{watching,tracking}";
	}
	w.log_action = on ? "verify" : "unverify";
	w.log_actor = c->by->id;
	w.log_actor_name = c->by->name;
	w.log_before = json_text(c->a, json_pack("{s:I}", "verified_by",
	    (json_int_t)p->verified_by));
	w.log_after = json_text(c->a, json_pack("{s:I, s:I}", "verified_by",
	    (json_int_t)(on ? c->by->id : 0), "revision",
	    (json_int_t)p->revision));
	if (written(c, &w, res) == -1 || res->err != POST_OK) {
		res->current_md = p->body_md;
		return 0;
	}
	res->state = p->state;
	res->public_changed = 1;
	return 0;
}

int
post_accept(struct post_ctx *c, int64_t post, struct post_result *res)
{
	struct post_write	 w;
	struct post_row		*p;
	int			 undo;

	res_init(res);
	if (store_post_row(c->db, c->a, post, &p) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (p == NULL || !post_visible_to(c->by, p->state, p->author_id))
		return fail(res, POST_E_NOTFOUND, NULL);
	res->thread_id = p->thread_id;
	res->post_id = p->id;
	if (p->thread_author != c->by->id)
		return fail(res, POST_E_FORBIDDEN, N_("Only the person who "
		    "asked can accept an answer."));
	if (p->kind == PK_QUESTION || p->state != PS_VISIBLE ||
	    strcmp(p->thread_status, "locked") == 0)
		return fail(res, POST_E_FORBIDDEN, NULL);
	undo = p->accepted_post == p->id;
	change_of(&w, p);
	w.set_accept = 1;
	w.accept_post = undo ? 0 : p->id;
	if (!undo)
		note(&w, p->author_id, "accepted", c->by->id, "");
	if (written(c, &w, res) == -1 || res->err != POST_OK)
		return 0;
	res->public_changed = 1;
	return 0;
}

int
post_vote(struct post_ctx *c, int64_t post, struct post_result *res)
{
	struct post_row		*p;
	int			 voted;

	res_init(res);
	if (store_post_row(c->db, c->a, post, &p) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (p == NULL || !post_visible_to(c->by, p->state, p->author_id))
		return fail(res, POST_E_NOTFOUND, NULL);
	res->thread_id = p->thread_id;
	res->post_id = p->id;
	if (p->author_id == c->by->id)
		return fail(res, POST_E_FORBIDDEN, N_("You cannot vote for "
		    "your own post."));
	if (strcmp(p->thread_status, "locked") == 0 || p->state != PS_VISIBLE)
		return fail(res, POST_E_FORBIDDEN, NULL);
	if (store_qa_vote(c->db, p->id, p->thread_id, c->by->id, &voted) == -1)
		return fail(res, POST_E_STORE, NULL);
	res->public_changed = 1;
	res->scope = POST_SCOPE_THREAD;	/* scores and order on its page */
	return 0;
}

int
post_flag(struct post_ctx *c, int64_t post, const char *reason,
    const char *note_text, struct post_result *res)
{
	const struct conf	*cf = c->conf;
	struct post_row		*p;
	struct flag_out		 o;
	double			 weight;
	int			 t = c->by->trust < 0 ? 0 : c->by->trust > 3 ? 3 :
				    c->by->trust;

	res_init(res);
	if (store_post_row(c->db, c->a, post, &p) == -1)
		return fail(res, POST_E_STORE, NULL);
	if (p == NULL || p->state == PS_REMOVED || p->state == PS_PRIVATE ||
	    (p->state != PS_VISIBLE && !is_mod(c->by)))
		return fail(res, POST_E_NOTFOUND, NULL);
	res->thread_id = p->thread_id;
	res->post_id = p->id;
	if (p->author_id == c->by->id)
		return fail(res, POST_E_FORBIDDEN, N_("You cannot flag your "
		    "own post."));
	weight = c->by->role >= ROLE_STAFF ? cf->flag_weight_staff :
	    cf->flag_weight[t];
	/* Flags hide a member's post at the threshold; a staff post (or an
	 * official answer) only goes to the queue. */
	if (store_flag_add(c->db, p->id, c->by->id, weight, reason, note_text,
	    cf->flag_threshold, p->author_role == ROLE_USER &&
	    p->kind != PK_OFFICIAL, &o) == -1)
		return fail(res, POST_E_STORE, NULL);
	switch (o.result) {
	case MODQ_NOTFOUND:
		return fail(res, POST_E_NOTFOUND, NULL);
	case MODQ_REFUSED:
		return fail(res, POST_E_FORBIDDEN, N_("You cannot flag your "
		    "own post."));
	case MODQ_DONE:
		return fail(res, POST_E_TAKEN, N_("You have already flagged "
		    "this post."));
	default:
		break;
	}
	res->state = o.hidden ? PS_HIDDEN : p->state;
	res->public_changed = o.hidden;
	return 0;
}
