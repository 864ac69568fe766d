/*
 * store/post.c: the writes of the post lifecycle.
 *
 * app/post/ decides a transition (who may, what the verdict means, which
 * state follows) and fills a struct post_write; this file writes all of
 * it in one transaction, so no trigger and no statement after COMMIT
 * decides any part of a post's life.  The post row is locked first and
 * compared with what the decision read (state, revision, verifier): a
 * post that changed in between is STORE_POST_STALE and nothing is
 * written.  Rows are decoded by column name (PQfnumber), once per result.
 *
 * Round trips: the writes whose results are not read are deferred
 * (db_defer) and go in one pipeline with the next statement that returns
 * something; BEGIN goes with the first statement, and the thread's
 * refresh with COMMIT (db_exec_commit).  A new answer is two round
 * trips: BEGIN and the post row (its id is needed), then the revision,
 * notifications, watches, the thread's counters and COMMIT.
 *
 * The thread's counters (answer count, has an official answer, has a
 * verified one, visible, the accepted answer) change by increment, as a
 * function of the transition (store_thread_delta): a new answer adds one
 * and reads none of the thread's other posts.  The recount
 * (QA_THREAD_REFRESH) stays for the moderators' decisions and purges in
 * store/modq.c, and as the checker (store_threads_drift, `sodan admin
 * threads-check`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/state.h"
#include "store/db_internal.h"
#include "store/kb.h"
#include "store/store.h"
#include "store/triage.h"
#include "store/webhook.h"

static char	*i64s(struct arena *, int64_t);
static int	 run(struct db *, struct arena *, enum q, const char *const *);
static void	 row_decode(struct arena *, const struct db_row *, int,
		    void *);
static void	 answer_to_decode(struct arena *, const struct db_row *, int,
		    void *);
static int	 read_row(struct db *, struct arena *, enum q, int64_t,
		    struct post_row **);
static const char *kb_change(const struct post_write *,
		    const struct post_row *);
static int	 campaign_hold_into(struct db *, struct arena *,
		    const struct post_write *);

/* POST_ROW, POST_ROW_LOCK */
enum { PR_ID, PR_THREAD_ID, PR_AUTHOR_ID, PR_AUTHOR_ROLE, PR_AUTHOR_NAME,
    PR_KIND, PR_STATE, PR_REVISION, PR_VERIFIED_BY, PR_VERIFIED_REVISION,
    PR_BODY_MD, PR_BODY_HTML, PR_REMOVED_REASON, PR_THREAD_AUTHOR,
    PR_THREAD_STATUS, PR_THREAD_VISIBLE, PR_TITLE, PR_TAGS,
    PR_ACCEPTED_POST, PR_ACCEPTED_REVISION, PR_OPEN_QUEUES, PR__MAX };
static const char *const row_cols[PR__MAX] = {
	"id", "thread_id", "author_id", "author_role", "author_name", "kind",
	"state", "revision", "verified_by", "verified_revision", "body_md",
	"body_html", "removed_reason", "thread_author", "thread_status",
	"thread_visible", "title", "tags", "accepted_post",
	"accepted_revision", "open_queues",
};
static const struct db_shape row_shape = DB_SHAPE(row_cols, struct post_row,
    row_decode);

/* POST_ANSWER_TO */
enum { AT_THREAD_AUTHOR, AT_THREAD_STATUS, AT_THREAD_VISIBLE, AT_QUESTION_MD,
    AT__MAX };
static const char *const answer_to_cols[AT__MAX] = {
	"thread_author", "thread_status", "thread_visible", "question_md",
};
static const struct db_shape answer_to_shape = DB_SHAPE(answer_to_cols,
    struct post_answer_to, answer_to_decode);

const char *
store_post_state_name(enum post_state s)
{
	return state_post_name(s);
}

const char *
store_post_kind_name(enum post_kind k)
{
	return state_kind_name(k);
}

static char *
i64s(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

/* A write whose result is not read: sent with the next round trip. */
static int
run(struct db *db, struct arena *a, enum q q, const char *const *p)
{
	return db_defer(db, a, q, p);
}

static void
row_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct post_row	*p = row;

	p->id = db_i64(k, i, PR_ID);
	p->thread_id = db_i64(k, i, PR_THREAD_ID);
	p->author_id = db_i64(k, i, PR_AUTHOR_ID);
	p->author_role = state_role_parse(db_val(k, i, PR_AUTHOR_ROLE));
	p->author_name = db_str(a, k, i, PR_AUTHOR_NAME);
	p->kind = state_kind_parse(db_val(k, i, PR_KIND));
	/* An unknown state is treated as held: never shown by mistake. */
	p->state = state_post_parse(db_val(k, i, PR_STATE));
	p->revision = db_i64(k, i, PR_REVISION);
	p->verified_by = db_i64(k, i, PR_VERIFIED_BY);
	p->verified_revision = db_i64(k, i, PR_VERIFIED_REVISION);
	p->body_md = db_str(a, k, i, PR_BODY_MD);
	p->body_html = db_str(a, k, i, PR_BODY_HTML);
	p->removed_reason = db_str(a, k, i, PR_REMOVED_REASON);
	p->thread_author = db_i64(k, i, PR_THREAD_AUTHOR);
	p->thread_status = db_str(a, k, i, PR_THREAD_STATUS);
	p->thread_visible = db_bool(k, i, PR_THREAD_VISIBLE);
	p->title = db_str(a, k, i, PR_TITLE);
	p->tags = db_str(a, k, i, PR_TAGS);
	p->accepted_post = db_i64(k, i, PR_ACCEPTED_POST);
	p->accepted_revision = db_i64(k, i, PR_ACCEPTED_REVISION);
	p->open_queues = db_str(a, k, i, PR_OPEN_QUEUES);
}

static void
answer_to_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct post_answer_to	*t = row;

	t->thread_author = db_i64(k, i, AT_THREAD_AUTHOR);
	t->thread_status = db_str(a, k, i, AT_THREAD_STATUS);
	t->thread_visible = db_bool(k, i, AT_THREAD_VISIBLE);
	t->question_md = db_str(a, k, i, AT_QUESTION_MD);
}

static int
read_row(struct db *db, struct arena *a, enum q q, int64_t id,
    struct post_row **out)
{
	const char	*p[1] = { i64s(a, id) };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, q, p, &row_shape, &v);
	*out = v;
	return rc;
}

int
store_post_row(struct db *db, struct arena *a, int64_t id,
    struct post_row **out)
{
	return read_row(db, a, Q_POST_ROW, id, out);
}

int
store_post_answer_to(struct db *db, struct arena *a, int64_t thread,
    struct post_answer_to **out)
{
	const char	*p[1] = { i64s(a, thread) };
	void		*v;
	int		 rc;

	rc = db_row1(db, a, Q_POST_ANSWER_TO, p, &answer_to_shape, &v);
	*out = v;
	return rc;
}

/*
 * The thread's counters as a function of the transition: the post's
 * contribution before (cur, as locked) and after (w).  A post counts as
 * an answer when it is not the question and is visible; the thread has
 * an official answer when a visible official post exists, a verified
 * one when a visible verified post exists; the thread is visible when
 * its question is; the accepted answer stays only while visible.  What
 * turns on is set; what turns off is checked against the other posts.
 */
void
store_thread_delta(const struct post_row *cur, const struct post_write *w,
    struct thread_delta *d)
{
	enum post_kind	 kind;
	int		 vis0, vis1, ver0, ver1;

	memset(d, 0, sizeof(*d));
	kind = cur != NULL ? cur->kind : w->kind;
	vis0 = cur != NULL && cur->state == PS_VISIBLE;
	vis1 = (cur == NULL || w->set_state) ? w->state == PS_VISIBLE : vis0;
	ver0 = cur != NULL && cur->verified_by != 0;
	if (w->set_verify)
		ver1 = w->verify_by != 0;
	else if (w->clear_verify)
		ver1 = 0;
	else
		ver1 = ver0;
	if (kind != PK_QUESTION)
		d->answers = vis1 - vis0;
	else if (vis0 != vis1 || cur == NULL)
		d->visible = vis1 ? TD_ON : TD_OFF;
	if (kind == PK_OFFICIAL && vis1 && !vis0)
		d->official = TD_ON;
	else if (kind == PK_OFFICIAL && vis0 && !vis1)
		d->official = TD_CHECK;
	if (vis1 && ver1 && !(vis0 && ver0))
		d->verified = TD_ON;
	else if (vis0 && ver0 && !(vis1 && ver1))
		d->verified = TD_CHECK;
	if (w->set_accept || (vis0 && !vis1))
		d->accepted = TD_CHECK;
}

/*
 * What a change of a post means to a knowledge-base article built on it
 * (store_kb_source_changed): NULL when nothing an article copied changed.
 */
static const char *
kb_change(const struct post_write *w, const struct post_row *cur)
{
	if (w->redact)
		return "redacted";
	if (w->set_state && w->state != cur->state && w->state != PS_VISIBLE)
		return w->state == PS_REMOVED ? "removed" :
		    w->state == PS_HIDDEN ? "hidden" : "held";
	if (w->set_text)
		return "edited";
	if (cur->verified_by != 0 && ((w->clear_verify && !w->set_verify) ||
	    (w->set_verify && w->verify_by == 0)))
		return "unverified";
	return NULL;
}

/*
 * The earlier copies of a campaign this post completes (w->campaign_hold):
 * those still visible (not staff's, not official, not verified) become
 * held with their queue row, a 'hold_campaign' log row by the system and
 * a "held" notification to their author, in one statement; then their
 * threads are refreshed and knowledge-base articles built on them told.
 * Inside store_post_write's transaction.  0 or -1.
 */
static int
campaign_hold_into(struct db *db, struct arena *a, const struct post_write *w)
{
	PGresult	*res;
	const char	*p[2];
	struct buf	 b;
	size_t		 i;
	int		 n, k, fid;
	int64_t		 id;

	if (w->ncampaign_hold == 0)
		return 0;
	buf_init(&b, a);
	buf_putc(&b, '{');
	for (i = 0; i < w->ncampaign_hold; i++)
		buf_printf(&b, "%s%lld", i ? "," : "",
		    (long long)w->campaign_hold[i]);
	buf_putc(&b, '}');
	p[0] = b.p;
	p[1] = w->campaign_reasons != NULL ? w->campaign_reasons : "campaign";
	if ((res = db_exec(db, Q_POST_CAMPAIGN_HOLD, p)) == NULL)
		return -1;
	n = PQntuples(res);
	fid = PQfnumber(res, "id");
	for (k = 0; k < n; k++) {
		id = strtoll(PQgetvalue(res, k, fid), NULL, 10);
		p[0] = i64s(a, id);
		if (run(db, a, Q_POST_THREAD_REFRESH, p) == -1 ||
		    store_kb_source_changed(db, a, id, "held") == -1) {
			PQclear(res);
			return -1;
		}
	}
	PQclear(res);
	return 0;
}

int
store_post_write(struct db *db, struct arena *a, const struct post_write *w,
    enum store_post_result *result, int64_t *thread, int64_t *post,
    int64_t *category, const char **tags)
{
	static const char *const keys_cols[2] = { "category_id", "tags" };
	struct post_row		*cur = NULL;
	const char		*p[12];
	const char		*pid, *tid, *editor;
	static const char *const td_names[] = {
		[TD_KEEP] = "keep", [TD_ON] = "on", [TD_OFF] = "off",
		[TD_CHECK] = "check",
	};
	struct thread_delta	 d;
	struct db_row		 k;
	PGresult		*res;
	enum q			 q;
	size_t			 i, nnote;

	*result = STORE_POST_OK;
	*thread = w->thread_id;
	*post = w->post_id;
	*category = 0;
	*tags = NULL;
	if (db_begin(db) == -1)
		return -1;
	/* a question's tags: tag synonyms may not change meanwhile (0177) */
	if (w->title != NULL && run(db, a, Q_TAGSYN_LOCK_SHARED, NULL) == -1)
		goto fail;
	if (w->post_id != 0) {
		if (read_row(db, a, Q_POST_ROW_LOCK, w->post_id, &cur) == -1)
			goto fail;
		if (cur == NULL) {
			*result = STORE_POST_NOTFOUND;
			db_rollback(db);
			return 0;
		}
		if (w->check && (cur->state != w->expect_state ||
		    cur->revision != w->expect_revision ||
		    cur->verified_by != w->expect_verified_by)) {
			*result = STORE_POST_STALE;
			db_rollback(db);
			return 0;
		}
		*thread = cur->thread_id;
	} else if (w->thread_id == 0) {
		p[0] = i64s(a, w->category);
		p[1] = i64s(a, w->author_id);
		p[2] = w->title;
		p[3] = w->lang;
		p[4] = w->tags != NULL ? w->tags : "";
		p[5] = w->state == PS_VISIBLE ? "true" : "false";
		p[6] = w->title_fold;
		if (store_one_id(db, Q_QA_THREAD_CREATE, p, "id", thread) == -1)
			goto fail;
		/* the question's urgency, in the transaction that asks it */
		if (w->triage_class != NULL && store_triage_set(db, a, *thread,
		    w->triage_class, w->triage_reasons) == -1)
			goto fail;
	}
	tid = i64s(a, *thread);
	editor = i64s(a, w->editor_id != 0 ? w->editor_id : w->author_id);

	/* the post row */
	if (w->post_id == 0) {
		p[0] = tid;
		p[1] = i64s(a, w->author_id);
		p[2] = store_post_kind_name(w->kind);
		p[3] = store_post_state_name(w->state);
		p[4] = w->body_md;
		p[5] = w->body_html;
		p[6] = w->search_doc;
		p[7] = w->mod_reasons != NULL ? w->mod_reasons : "";
		if (store_one_id(db, Q_QA_POST_CREATE, p, "id", post) == -1)
			goto fail;
	}
	pid = i64s(a, *post);
	if (w->post_id != 0 && w->set_text) {
		p[0] = pid;
		p[1] = w->body_md;
		p[2] = w->body_html;
		p[3] = w->search_doc;
		p[4] = w->mod_reasons != NULL ? w->mod_reasons : "";
		p[5] = w->editor_id == cur->author_id ? "0" : editor;
		if (run(db, a, Q_POST_SET_TEXT, p) == -1)
			goto fail;
	}
	if (w->post_id != 0 && w->set_state && w->state != cur->state) {
		p[0] = pid;
		p[1] = store_post_state_name(w->state);
		if (run(db, a, Q_POST_SET_STATE, p) == -1)
			goto fail;
	}
	if (w->title != NULL && w->post_id != 0) {
		p[0] = tid;
		p[1] = w->title;
		p[2] = w->tags != NULL ? w->tags : "";
		p[3] = w->title_fold;
		if (run(db, a, Q_QA_THREAD_SET_TITLE, p) == -1)
			goto fail;
	}

	/* the revision: a new one for new text, else the current one */
	if (w->post_id == 0 || w->set_text) {
		p[0] = pid;
		p[1] = editor;
		p[2] = w->title;
		p[3] = w->title != NULL ? (w->tags != NULL ? w->tags : "") :
		    NULL;
		p[4] = w->body_md;
		p[5] = w->public ? "true" : "false";
		if (run(db, a, Q_POST_REVISION_ADD, p) == -1)
			goto fail;
	} else if (w->public) {
		p[0] = pid;
		if (run(db, a, Q_POST_REVISION_PUBLISH, p) == -1)
			goto fail;
	}
	if (w->redact) {
		p[0] = pid;
		p[1] = editor;
		if (run(db, a, Q_POST_REVISIONS_REDACT, p) == -1 ||
		    run(db, a, Q_POST_MARK_REDACTED, p) == -1)
			goto fail;
	}

	/* the pictures the text shows (public once the post is) */
	if ((w->post_id == 0 || w->set_text) &&
	    store_uploads_link(db, *post, w->body_md, w->post_id == 0) == -1)
		goto fail;

	/* what the text is worth: contacts, verification, acceptance */
	if (w->set_contacts) {
		p[0] = pid;
		if (w->post_id != 0 && run(db, a, Q_POST_CONTACTS_CLEAR, p) == -1)
			goto fail;
		for (i = 0; i < w->ncontacts; i++) {
			p[1] = w->ctype[i];
			p[2] = w->cvalue[i];
			if (run(db, a, Q_CONTACT_ADD, p) == -1)
				goto fail;
		}
	}
	if (w->clear_verify && !w->set_verify) {
		p[0] = pid;
		if (run(db, a, Q_POST_CLEAR_VERIFY, p) == -1)
			goto fail;
	}
	if (w->set_verify) {
		p[0] = pid;
		p[1] = i64s(a, w->verify_by);
		if (run(db, a, Q_POST_SET_VERIFY, p) == -1)
			goto fail;
	}
	if (w->set_accept) {
		p[0] = tid;
		p[1] = i64s(a, w->accept_post);
		if (run(db, a, Q_POST_THREAD_ACCEPT, p) == -1)
			goto fail;
	}

	/* the queue: settled rows first, then the verdict's own row */
	if (w->settle != NULL) {
		p[0] = pid;
		p[1] = w->settle;
		p[2] = i64s(a, w->settle_by);
		if (run(db, a, Q_POST_QUEUE_SETTLE, p) == -1)
			goto fail;
	}
	if (w->queue_kind != NULL) {
		p[0] = pid;
		p[1] = w->queue_kind;
		p[2] = arena_printf(a, "%.3f", w->score);
		p[3] = w->queue_reasons != NULL ? w->queue_reasons : "";
		if (run(db, a, Q_POST_QUEUE_OPEN, p) == -1)
			goto fail;
	}

	/*
	 * Notifications: all notes but the last one by one, the last in
	 * the statement of the watches (store/watch.c), then @mentions.
	 */
	nnote = w->nnote < POST_NOTES_MAX ? w->nnote : POST_NOTES_MAX;
	for (i = 0; i + 1 < nnote; i++) {
		p[0] = i64s(a, w->note[i].user);
		p[1] = w->note[i].kind;
		p[2] = tid;
		p[3] = pid;
		p[4] = i64s(a, w->note[i].actor);
		p[5] = w->note[i].reason != NULL ? w->note[i].reason : "";
		if (run(db, a, Q_POST_NOTIFY, p) == -1)
			goto fail;
	}
	if (store_watch_post_notes(db, a, w, nnote > 0 ? &w->note[nnote - 1] :
	    NULL, *thread, *post, w->watch_actor) == -1)
		goto fail;
	if (w->log_action != NULL && store_modlog_add(db, w->log_actor,
	    w->log_actor_name, w->log_action, "post", *post, "",
	    cur != NULL ? cur->author_id : w->author_id,
	    w->log_reason != NULL ? w->log_reason : "",
	    w->log_note != NULL ? w->log_note : "",
	    w->log_before != NULL ? w->log_before : "{}",
	    w->log_after != NULL ? w->log_after : "{}", NULL) == -1)
		goto fail;
	/* the earlier copies of a campaign this post completes */
	if (campaign_hold_into(db, a, w) == -1)
		goto fail;
	/* knowledge-base articles built on this post (store/kb.c) */
	if (cur != NULL && store_kb_source_changed(db, a, *post,
	    kb_change(w, cur)) == -1)
		goto fail;
	/* webhooks subscribed to what this write means (store/webhook.c) */
	if (store_webhook_post_write(db, a, w, cur, *thread, *post) == -1)
		goto fail;
	/* tags mapped to their canonical tags, under the lock taken above */
	if (w->title != NULL && run(db, a, Q_TAGSYN_APPLY, &tid) == -1)
		goto fail;
	/*
	 * The thread's counters, then COMMIT: one round trip for the lot.
	 * By increment (store_thread_delta); a campaign's holds recounted
	 * their threads above, this one maybe among them, so it is
	 * recounted too rather than incremented twice.
	 */
	p[0] = tid;
	if (w->ncampaign_hold > 0) {
		q = Q_QA_THREAD_REFRESH_KEYS;
	} else {
		q = Q_QA_THREAD_DELTA_KEYS;
		store_thread_delta(cur, w, &d);
		p[1] = d.answers < 0 ? "-1" : d.answers > 0 ? "1" : "0";
		p[2] = td_names[d.official];
		p[3] = td_names[d.verified];
		p[4] = td_names[d.visible];
		p[5] = td_names[d.accepted];
	}
	if ((res = db_exec_commit(db, q, p)) == NULL)
		return -1;
	if (db_cols(db, q, res, &k, keys_cols, 2) == 0 &&
	    k.rows == 1) {
		*category = db_i64(&k, 0, 0);
		*tags = db_str(a, &k, 0, 1);
	}
	PQclear(res);
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
store_member_answered_drift(struct db *db, struct arena *a, int repair,
    int max, int *n)
{
	static const char *const dcols[2] = { "user_id", "thread_id" };
	static const char *const rcols[1] = { "n" };
	const char	*p[1];
	struct db_row	 k;
	PGresult	*res;

	*n = 0;
	if (repair) {
		if ((res = db_query(db, Q_MEMBER_ANSWERED_REPAIR, NULL, &k,
		    rcols, 1)) == NULL)
			return -1;
		if (k.rows == 1)
			*n = (int)db_i64(&k, 0, 0);
		PQclear(res);
		return 0;
	}
	p[0] = i64s(a, max > 0 ? max : 1);
	if ((res = db_query(db, Q_MEMBER_ANSWERED_DRIFT, p, &k, dcols,
	    2)) == NULL)
		return -1;
	*n = k.rows;
	PQclear(res);
	return 0;
}

int
store_threads_drift(struct db *db, struct arena *a, int repair, int max,
    int64_t **ids, int *n)
{
	static const char *const cols[1] = { "id" };
	const char	*p[1];
	struct db_row	 k;
	PGresult	*res;
	enum q		 q = repair ? Q_THREADS_REPAIR : Q_THREADS_DRIFT;
	int		 i;

	*ids = NULL;
	*n = 0;
	p[0] = i64s(a, max > 0 ? max : 1);
	if ((res = db_query(db, q, p, &k, cols, 1)) == NULL)
		return -1;
	*ids = arena_calloc(a, (size_t)k.rows + 1, sizeof(**ids));
	for (i = 0; i < k.rows; i++)
		(*ids)[i] = db_i64(&k, i, 0);
	*n = k.rows;
	PQclear(res);
	return 0;
}
