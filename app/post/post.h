/*
 * post.h: the life of a post, owned by one module.
 *
 * Every change to a question or an answer (submit, edit, redact, approve,
 * remove, dismiss, verify, accept, flag) is one function here and one
 * transaction in the store (store_post_write), whatever asked for it: a
 * page, the JSON API, a moderator page, a bulk action, the CLI.  Adapters
 * parse, call and render; they never write posts, revisions, queue rows,
 * contacts or search documents themselves.  The filter library gives a
 * verdict (post/verdict.c); this module decides what it means.
 *
 * The states and who may move a post between them are one table
 * (post.c, post_may; docs/internals.md draws it):
 *
 *   submit:  -> visible | held | private, or blocked (nothing stored:
 *            the form comes back with the text kept)
 *   edit:    the author, staff, or a member of trust 2+ (never a staff
 *            post); the text is judged again; a held or private post
 *            stays in the queue until a moderator decides, a visible one
 *            may become held; any change of text by someone who is not
 *            staff clears a verification
 *   redact:  a moderator replaces the text; every earlier revision loses
 *            its text ("redacted by a moderator on DATE"); the log keeps
 *            no copy
 *   approve: held | hidden -> visible; never while the text still holds
 *            the author's own secret (POST_E_SECRET: redact first)
 *   remove:  -> removed (a placeholder names the reason)
 *   dismiss: hidden -> visible, flags declined
 *   verify:  staff, bound to the revision they read (POST_E_STALE)
 *   flag:    a member's post is hidden at the threshold; a staff post
 *            only goes to the queue
 *   undo:    a moderator reverses one audit-log decision (a day, once),
 *            only while the post is as that decision left it
 *   purge:   a moderator suspends a member's account, and removes every
 *            post of it (never a staff account); a campaign removes every
 *            post that used one contact point, purges their authors and
 *            blocks the contact point (post/purge.c)
 *
 * History shows only revisions the public saw (post_revisions.public).
 */
#ifndef SODAN_POST_H
#define SODAN_POST_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

struct arena;
struct cache;
struct db;
struct conf;
struct md_links;

/* Who acts (NULL for the system). */
struct post_actor {
	int64_t		 id;
	const char	*name;		/* username */
	const char	*display_name;
	enum role	 role;
	int		 trust;
	int64_t		 created;	/* account created, unix seconds */
};

/* What every transition needs: where to write and in which language to explain. */
struct post_ctx {
	struct arena		*a;
	struct db		*db;
	const struct conf	*conf;
	enum lang		 lang;
	const struct post_actor	*by;
	/*
	 * Redis, for the filters' context of the author's new or edited
	 * posts (post/filter.c, cache/postctx.h); NULL: judged without it.
	 */
	struct cache		*cache;
	int64_t			 editing;	/* the author's own post being
						 * edited (context); 0: new */
};

enum post_err {
	POST_OK,
	POST_E_BLOCKED,		/* the filters refused it: reasons given, nothing stored */
	POST_E_INVALID,		/* lengths, tags, category: errs given */
	POST_E_NOTFOUND,	/* no such post, or not one this actor may see */
	POST_E_FORBIDDEN,	/* msg says why */
	POST_E_CLOSED,		/* the thread takes no new answers */
	POST_E_STALE,		/* changed since it was read (verify: another revision) */
	POST_E_SECRET,		/* the text still holds the author's secret */
	POST_E_TAKEN,		/* another moderator decided first */
	POST_E_STORE,		/* the store failed: 503 */
	POST_E__MAX
};

/*
 * Which public pages a transition changed, when public_changed: the
 * thread's page and the lists it appears in (the default), its page alone
 * (a vote moves only scores and order inside it), those and every tag
 * page (a question's tags may have changed), or every page (a purge, an
 * undo: posts of many threads).  post_public_keys turns it into the page
 * cache's keys.
 */
enum post_scope {
	POST_SCOPE_LISTS,
	POST_SCOPE_THREAD,
	POST_SCOPE_RETAG,
	POST_SCOPE_ALL,
	POST_SCOPE__MAX
};

/* What a transition did, for the adapter to render (arena-owned). */
struct post_result {
	enum post_err	 err;
	const char	*msg;		/* English msgid for FORBIDDEN etc., or NULL */
	const char	**errs;		/* translated reasons (BLOCKED, INVALID) */
	size_t		 nerr;
	int64_t		 thread_id;
	int64_t		 post_id;
	enum post_state	 state;		/* after the transition */
	int		 public_changed;	/* what strangers see changed */
	const char	*current_md;	/* STALE verify: the text as it is now */
	int64_t		 current_revision;
	const char	*taken_by;	/* TAKEN: who decided, what, when */
	const char	*taken_decision;
	const char	*taken_reason;
	int64_t		 taken_at;
	int64_t		 author_id;	/* the post's author */
	int		 nposts;	/* campaign: posts removed */
	int		 naccounts;	/* campaign: accounts purged */
	enum post_scope	 scope;		/* when public_changed (post_public_keys) */
	/* the thread's category and tags as written (0/NULL: not known) */
	int64_t		 keys_category;
	const char	*keys_tags;
};

/* A new question. */
struct post_ask_in {
	const char	*title;
	const char	*body;
	const char	*tags;		/* as typed */
	const char	*category;	/* slug */
};

/*
 * The transitions.  Each returns 0 and fills *res (res->err says what
 * happened), or -1 only when ctx is unusable.  None replies: the adapter
 * renders res.
 */
int	post_ask(struct post_ctx *, const struct post_ask_in *,
	    struct post_result *);
int	post_answer(struct post_ctx *, int64_t thread, const char *body,
	    int official, struct post_result *);
/* title/tags NULL for answers (and for questions: keep them). */
int	post_edit(struct post_ctx *, int64_t post, const char *title,
	    const char *tags, const char *body, struct post_result *);
/*
 * post_edit of the text as it was at base_revision (the API sends the
 * revision it read): another current revision answers POST_E_STALE with
 * current_md and current_revision, nothing written.  0: no check.
 */
int	post_edit_from(struct post_ctx *, int64_t post, int64_t base_revision,
	    const char *title, const char *tags, const char *body,
	    struct post_result *);
/* A moderator's decision on a post. */
struct post_mod_in {
	const char	*kind;		/* queue item decided: held, private,
					 * flagged, first, or "" for none */
	const char	*action;	/* approve, remove, dismiss, or edit
					 * (redact with body, then approve) */
	const char	*reason;	/* removal: spam, scam, ... */
	const char	*note;		/* for the log */
	const char	*body;		/* edit: the redacted text */
	/* remove as scam: contact points never to block (official ones) */
	const char *const *keep;
	size_t		 nkeep;
	/* approve of a removed post: the appeal (appeals.id) it reverses */
	int64_t		 appeal;
};
int	post_moderate(struct post_ctx *, int64_t post,
	    const struct post_mod_in *, struct post_result *);
/* Staff verification of the revision the staff member read (on = 0 removes it). */
int	post_verify(struct post_ctx *, int64_t post, int64_t revision, int on,
	    struct post_result *);
/* The asker accepts an answer (again: takes it back). */
int	post_accept(struct post_ctx *, int64_t post, struct post_result *);
/* A vote (again: takes it back). */
int	post_vote(struct post_ctx *, int64_t post, struct post_result *);
/* A flag with weight by the flagger; hides a member's post at the threshold. */
int	post_flag(struct post_ctx *, int64_t post, const char *reason,
	    const char *note, struct post_result *);

/*
 * Moderators' transitions beyond one post (post/purge.c).  Each checks
 * that the actor is a moderator (else POST_E_FORBIDDEN, nothing read).
 *
 * post_undo: reverses mod_log row log_id in one transaction (the post's
 * state and text, a suspension and the posts a purge removed, contact
 * blocks, the classifier's lesson), appending an "undo" row.
 * POST_E_NOTFOUND: no such row; POST_E_STALE: too old, undone already,
 * not a decision, or the post changed since (msg says which).
 */
int	post_undo(struct post_ctx *, int64_t log_id, const char *note,
	    struct post_result *);
struct post_purge_in {
	int64_t		 user;
	int		 days;		/* suspension, 1..3650 */
	const char	*reason;	/* shown to the user */
	const char	*note;		/* for the log */
	int		 remove_posts;	/* purge; else suspend only */
};
/*
 * Suspends (remove_posts: purges) a member's account in one transaction.
 * POST_E_NOTFOUND: no such account; POST_E_FORBIDDEN: a staff,
 * moderator or admin account.  res->author_id is the account.
 */
int	post_purge_user(struct post_ctx *, const struct post_purge_in *,
	    struct post_result *);
struct post_campaign_in {
	const char	*type;		/* contact point type */
	const char	*value;		/* its normalized value */
	int		 purge;		/* also purge every author */
	int		 days;
	const char	*reason;	/* shown to purged users */
	/* contact values of the exchange never to block (may be NULL) */
	int		(*official)(void *, const char *);
	void		*official_arg;
};
/*
 * A campaign: every live post that used the contact point is removed as
 * scam (post_moderate, one transaction each), each author is purged when
 * in->purge (post_purge_user, one transaction each), then the contact
 * point is blocked (one transaction).  A failure stops it where it is;
 * running it again finishes the rest.  res->nposts, res->naccounts.
 */
int	post_purge_campaign(struct post_ctx *, const struct post_campaign_in *,
	    struct post_result *);

/*
 * May the actor see post's text at all (state, author, role)?  Used by
 * every read path that shows a single post outside the thread page.
 */
int	post_visible_to(const struct post_actor *, enum post_state,
	    int64_t author);
/* Whether the actor may edit a post of this author (role) and kind. */
int	post_may_edit(const struct post_actor *, int64_t author,
	    enum role author_role, enum post_kind);

/*
 * The page-cache keys (http/pcache.h) a transition's result made stale,
 * for the adapter to invalidate after the transaction committed (the
 * thread's category and tags from res->keys_category and keys_tags when
 * the transaction returned them, else one round trip to read them).  *keys arena-owned;
 * *n 0 when nothing public changed.  -1 when the store failed (then
 * invalidate everything).  post/keys.c.
 */
int	post_public_keys(struct arena *, struct db *,
	    const struct post_result *, const char ***keys, size_t *n);
/* The same for a change of the thread itself (status, pin, duplicate). */
int	post_thread_keys(struct arena *, struct db *, int64_t thread,
	    const char ***keys, size_t *n);

/* posts.state / posts.kind text -> enum (unknown: held / answer). */
enum post_state	post_state_parse(const char *);
enum post_kind	post_kind_parse(const char *);

#endif
