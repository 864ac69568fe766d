/*
 * store.h: domain rows as arena-owned structs, and the functions that read
 * and write them.  Every function returns 0 or -1 (-1: the store failed or
 * is unavailable; the caller answers 503).  PGresult never leaves store/.
 */
#ifndef SODAN_STORE_H
#define SODAN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "lib/cursor.h"

struct arena;
struct db;

struct category {
	int64_t		 id;
	const char	*slug;
	const char	*name[2];	/* by enum lang: ja, en */
	const char	*desc[2];
	int64_t		 nthreads;
};


struct id_text {
	int64_t		 id;
	const char	*text;
};

/* category.c */
int	store_categories(struct db *, struct arena *, struct category **,
	    size_t *);
/* The same without the thread counts (nthreads 0): for menus, cheaper. */
int	store_category_names(struct db *, struct arena *, struct category **,
	    size_t *);
/* *out is NULL when no category has that slug; nthreads is 0. */
int	store_category_by_slug(struct db *, struct arena *, const char *slug,
	    struct category **out);
int	store_recent_threads(struct db *, struct arena *, int limit,
	    struct thread_row **, size_t *);

/* session.c: the live session whose token hashes to hash (hex SHA-256), or *out NULL. */
struct session;
int	store_session_by_hash(struct db *, struct arena *, const char *hash,
	    struct session **out);

/* demo.c: used by `sodan demo` */
int	store_posts_uncooked(struct db *, struct arena *, struct id_text **,
	    size_t *);
int	store_post_set_html(struct db *, int64_t id, const char *html);

/* qa.c: threads, posts, revisions, votes, notifications, search. */

/* Which threads a list shows (category page filters, API). */
enum qa_sort {
	QA_SORT_ACTIVE,
	QA_SORT_NEWEST,
	QA_SORT_UNANSWERED,
	QA_SORT_ANSWERED,
	QA_SORT_VERIFIED,
	QA_SORT__MAX
};

struct qa_thread {
	int64_t		 id;
	int64_t		 category_id;
	const char	*cat_slug;
	const char	*cat_name[2];
	int64_t		 author_id;
	const char	*author;
	const char	*title;
	const char	*lang;
	enum thread_status status;
	int		 visible;
	int		 pinned;
	int		 has_official;
	int		 has_verified;
	int64_t		 accepted_post_id;	/* 0: none */
	int64_t		 accepted_revision;	/* its revision when accepted */
	int64_t		 duplicate_of;		/* 0: none */
	const char	*dup_title;
	const char	*tags;		/* space-separated, "" when none */
	int64_t		 created;
	int64_t		 last_activity;
	int64_t		 answers;
	int64_t		 question_post_id;
};

struct qa_post {
	int64_t		 id;
	int64_t		 thread_id;
	int64_t		 author_id;
	const char	*author;	/* display name */
	const char	*author_username;
	enum role	 author_role;
	enum post_kind	 kind;
	enum post_state	 state;		/* unknown in the database: PS_HELD */
	const char	*body_md;
	const char	*body_html;	/* cooked on write */
	int64_t		 score;
	int64_t		 verified_by;	/* 0: not verified */
	const char	*verifier;
	int64_t		 verified_at;
	int64_t		 revision;
	int64_t		 created;
	int64_t		 updated;
	const char	*mod_reasons;
	const char	*removed_reason; /* spam, scam, ...; "" unless removed */
	int64_t		 removed_at;
	const char	*editor;	/* display name of the last editor who is
					 * not the author, or "" */
	int64_t		 verified_revision;	/* the revision staff verified */
	int64_t		 redacted_at;	/* a moderator redacted it; 0: never */
	int		 voted;		/* by the viewer */
};

struct qa_revision {
	int64_t		 revision;
	const char	*editor;
	const char	*title;
	const char	*tags;
	const char	*body_md;
	int64_t		 at;
	int64_t		 redacted_at;	/* a moderator redacted it (no text); 0: no */
};

struct qa_notif {
	int64_t		 id;
	enum notif_kind	 kind;		/* decoded once; unknown: NK_UNKNOWN */
	int64_t		 thread_id;
	const char	*thread_title;
	int64_t		 post_id;
	const char	*actor;
	int64_t		 at;
	int		 unread;
	const char	*reason;	/* moderators' reason (removed, hidden), or "" */
};

struct qa_hit {
	struct thread_row t;
	int64_t		 post_id;
	const char	*body_md;	/* of the best-matching post */
	enum post_kind	 kind;
};

struct qa_feed_item {
	const char	*what;		/* official, verified */
	int64_t		 post_id;
	int64_t		 thread_id;
	const char	*title;
	const char	*who;
	int64_t		 at;
	const char	*body_md;
};

/* Lists; cat 0 = every category.  Arena-owned rows. */
int	store_qa_threads(struct db *, struct arena *, int64_t cat,
	    enum qa_sort, int limit, int offset, struct thread_row **, size_t *);
int	store_qa_threads_by_tag(struct db *, struct arena *, const char *tag,
	    int limit, int offset, struct thread_row **, size_t *);
/* answered: threads the user answered, else threads the user asked. */
int	store_qa_threads_by_user(struct db *, struct arena *, int64_t user,
	    int answered, int limit, int offset, struct thread_row **, size_t *);

/*
 * keyset.c: thread lists by keyset (lib/cursor.h).  at NULL is the first
 * page; otherwise the rows after (CURSOR_OLDER) or before (CURSOR_NEWER)
 * the cursor's key, in list order.  skip (0..STORE_SKIP_MAX) drops that
 * many rows from the start of the first page (old ?page=N links).  *pg
 * gets the count, whether there are rows on either side, and the cursors
 * of both ends; pg->bad_cursor when at does not fit the list (the caller
 * answers 400).  Arena-owned rows.  0 or -1.
 */
#define STORE_SKIP_MAX	1000
struct store_page {
	size_t		 n;
	int		 more_older, more_newer;
	int		 bad_cursor;
	struct cursor	 older, newer;
};
/* Whether ?page=N of per rows is within STORE_SKIP_MAX. */
int	store_page_skip_ok(int64_t page, int per);
/* cat 0: every category. */
int	store_list_category(struct db *, struct arena *, int64_t cat,
	    enum qa_sort, const struct cursor *at, int limit, int skip,
	    struct thread_row **, struct store_page *);
int	store_list_tag(struct db *, struct arena *, const char *tag,
	    const struct cursor *at, int limit, int skip, struct thread_row **,
	    struct store_page *);
int	store_list_user(struct db *, struct arena *, int64_t user,
	    int answered, const struct cursor *at, int limit, int skip,
	    struct thread_row **, struct store_page *);
/* *out NULL when there is no such thread. */
int	store_qa_thread(struct db *, struct arena *, int64_t id,
	    struct qa_thread **out);
/*
 * The thread's posts the viewer may see (viewer 0: anonymous; mod: also
 * held and hidden posts), question first, then official, verified,
 * accepted, then by score and age.
 */
int	store_qa_posts(struct db *, struct arena *, int64_t thread,
	    int64_t viewer, int mod, struct qa_post **, size_t *);
int	store_qa_post(struct db *, struct arena *, int64_t id,
	    struct qa_post **out);
/*
 * Who did a moderator's or staff member's act on a thread or post: the
 * act is appended to mod_log (actor, before and after) in the same
 * transaction as the change.
 */
struct qa_actor {
	int64_t		 id;
	const char	*name;		/* users.username */
};
/* Toggles the viewer's vote; *now_voted tells the result. */
int	store_qa_vote(struct db *, int64_t post, int64_t thread, int64_t user,
	    int *now_voted);
/*
 * status: open, closed, locked; dup 0: none.  Logged in mod_log as
 * action (close, reopen, lock, pin, unpin, duplicate) on the thread,
 * with status, pinned and duplicate_of before and after.
 */
int	store_qa_thread_state(struct db *, int64_t thread,
	    enum thread_status status,
	    int pinned, int64_t dup, const struct qa_actor *by,
	    const char *action);
int	store_qa_revisions(struct db *, struct arena *, int64_t post,
	    struct qa_revision **, size_t *);
/* A notification for user (nothing when user == actor). */
int	store_qa_unread(struct db *, int64_t user, int64_t *n);
/*
 * A page of user's notifications, newest first, by keyset on the id (at
 * NULL: the newest; a cursor of one key, the id; another one sets
 * pg->bad_cursor).  pg's older / newer cursors say where the next pages
 * start.
 */
int	store_qa_notifs_page(struct db *, struct arena *, int64_t user,
	    const struct cursor *at, int limit, struct qa_notif **,
	    struct store_page *);
/* Marks every unread notification of user as read. */
int	store_qa_notifs_read(struct db *, int64_t user);
/* Marks notification id read when it belongs to user (else nothing). */
int	store_qa_notif_read(struct db *, int64_t user, int64_t id);
/* What one search did (for logs, tests and the benchmark). */
struct qa_search_stats {
	int	 windows;	/* windows of newest posts walked */
	int	 walked;	/* posts in the windows walked to the end */
	const char *path;	/* "walk", "index" (the rest came from the GIN
				   index) or "tag" (the posts of a rare tag) */
	int	 candidates;	/* matching posts ranked */
	int	 threads;	/* threads among them (the result count) */
	int	 capped;	/* candidates stopped at the bound: more exist */
};
/* What to search: from fold_query(); cat and tag "" for any. */
struct qa_search_query {
	const char	*match;		/* tsquery the posts must match */
	const char	*rank;		/* tsquery they are ranked by */
	const char	*cat;
	const char	*tag;
	int		 solved;	/* accepted, official or verified only */
};
/*
 * sq: what to search.  Ranks the newest
 * matching posts (at least 60, three per result asked for, at most 1,000;
 * see store/qa.c), walking windows of `window` newest posts first (0: the
 * default, 2,000).  Runs with a 2 s statement timeout: returns 0, -1 (store
 * down) or -2 (timed out).  st may be NULL.
 */
/* The version of the stored search documents (migration 0080). */
int	store_qa_search_version(struct db *, int64_t *version);
int	store_qa_search_version_set(struct db *, int64_t version);
/* The posts after id `after` (at most limit), with their search text. */
int	store_qa_posts_doc_batch(struct db *, struct arena *, int64_t after,
	    int limit, struct id_text **, size_t *);
int	store_qa_search(struct db *, struct arena *,
	    const struct qa_search_query *sq, int limit, int offset,
	    int window, struct qa_hit **, size_t *, struct qa_search_stats *);
/* Threads whose folded title is similar (pg_trgm) to title_fold. */
int	store_qa_similar(struct db *, struct arena *, const char *title_fold,
	    int limit, struct thread_row **, size_t *);
int	store_qa_staff_feed(struct db *, struct arena *, int limit,
	    struct qa_feed_item **, size_t *);
/* The Atom feeds of a category (key: its id), a tag, a thread (its id). */
enum qa_feed_of { QA_FEED_OF_CATEGORY, QA_FEED_OF_TAG, QA_FEED_OF_THREAD };
int	store_qa_feed(struct db *, struct arena *, enum qa_feed_of,
	    const char *key, int limit, struct qa_feed_item **, size_t *);
/* *id 0 when no such user / category. */
int	store_qa_user_by_name(struct db *, struct arena *, const char *name,
	    int64_t *id, const char **display_name);
int	store_qa_category_id(struct db *, const char *slug, int64_t *id);
/* demo: posts without a search document / threads without a folded title. */
int	store_qa_posts_unindexed(struct db *, struct arena *, struct id_text **,
	    size_t *);
int	store_qa_post_set_doc(struct db *, int64_t id, const char *doc);
int	store_qa_threads_unfolded(struct db *, struct arena *,
	    struct id_text **, size_t *);
int	store_qa_thread_set_fold(struct db *, int64_t id, const char *fold);
int	store_qa_revisions_fill(struct db *);
/* user.c: accounts, sessions, two-factor, audit. */
struct user {
	int64_t		 id;
	const char	*username;
	const char	*display_name;
	enum role	 role;
	const char	*lang;		/* "ja", "en" */
	const char	*password_hash;	/* "" when none */
	const char	*totp_secret;	/* "" when two-factor is off */
	const char	*totp_pending;	/* "" when no set-up is under way */
	int64_t		 totp_last_step;
	int64_t		 locked_until;	/* unix seconds, 0 = not locked */
	int		 trust;
	int64_t		 created;
	int		 suspended;
	int64_t		 suspended_until; /* unix seconds; 0 none, -1 indefinitely */
	const char	*suspend_reason; /* what moderators told the user, or "" */
};

struct session_row {
	int64_t		 id;
	int64_t		 created;
	int64_t		 last_seen;
	int64_t		 expires;
	const char	*user_agent;
	const char	*ip;
};

struct user_post {
	int64_t		 thread_id;
	const char	*title;
	const char	*lang;
	enum post_kind	 kind;
	int64_t		 created;
};

struct audit_row {
	int64_t		 at;
	const char	*actor;
	const char	*action;
	const char	*detail;
};

struct trust_inputs {
	enum role	 role;
	int64_t		 age_days;
	int64_t		 posts_kept;
	int64_t		 accepted;
	int64_t		 flagged_upheld;	/* flags against the user, upheld */
	int64_t		 flagger_upheld;	/* the user's own flags, upheld */
	int64_t		 flagger_declined;	/* the user's own flags, declined */
};

/* *out is NULL when no user has that key (NFKC, lower case) / id. */
int	store_user_by_key(struct db *, struct arena *, const char *key,
	    struct user **out);
int	store_user_by_id(struct db *, struct arena *, int64_t id,
	    struct user **out);
/*
 * Creates a user; *id gets the new id, or 0 when the name is taken.
 * hash may be NULL (no password yet).
 */
int	store_user_create(struct db *, const char *username, const char *key,
	    const char *display, const char *hash, const char *lang,
	    const char *role, int64_t *id);
int	store_user_change_password(struct db *, int64_t id, const char *hash);
int	store_user_set_profile(struct db *, int64_t id, const char *display,
	    const char *lang);
int	store_user_set_role(struct db *, int64_t id, const char *role);
/* The account's language ("ja", "en"): the language switch saves it. */
int	store_user_set_lang(struct db *, int64_t id, const char *lang);
/*
 * Usernames and display names of staff, moderators and admins (two per
 * account, at most 4,000), for the name check.  *names is arena-owned.
 */
int	store_user_staff_names(struct db *, struct arena *,
	    const char ***names, size_t *n);
int	store_user_set_locked(struct db *, int64_t id, long seconds);
int	store_user_unlock(struct db *, int64_t id);
int	store_user_set_totp_pending(struct db *, int64_t id, const char *secret);
/* Confirms the pending secret; *ok 0 when there was none. */
int	store_user_enable_totp(struct db *, int64_t id, int64_t step, int *ok);
/* Sets the secret directly (admin, demo); NULL turns two-factor off. */
int	store_user_set_totp(struct db *, int64_t id, const char *secret);
/* Records an accepted step; *ok 0 when it was not newer (a replay). */
int	store_user_totp_step(struct db *, int64_t id, int64_t step, int *ok);
int	store_user_set_trust(struct db *, int64_t id, int level);
int	store_user_trust_inputs(struct db *, int64_t id,
	    struct trust_inputs *);
int	store_user_posts(struct db *, struct arena *, int64_t id, int limit,
	    struct user_post **, size_t *);
/* Replaces the recovery codes by n hashes (in one transaction). */
int	store_recovery_set(struct db *, int64_t id, char **hashes, size_t n);
/* Uses a recovery code; *ok 1 when it was valid and unused. */
int	store_recovery_use(struct db *, int64_t id, const char *hash, int *ok);
int	store_recovery_left(struct db *, int64_t id, int64_t *n);
/* New session row; the cookie token's hash and the CSRF token are given. */
int	store_session_create(struct db *, const char *token_hash, int64_t user,
	    const char *csrf, const char *user_agent, const char *ip,
	    int64_t *id);
int	store_session_delete_hash(struct db *, const char *token_hash);
/*
 * Deletes the row of token_hash if its session ended (30 days since
 * sign-in, or 7 idle days).  1 when a row went, 0 when none, -1 on error.
 */
int	store_session_delete_ended(struct db *, const char *token_hash);
/*
 * Deletes every ended session (expired, or idle for 7 days), also those
 * no browser will present again, in one transaction under an advisory
 * lock: while another instance sweeps, *skipped = 1 and nothing is done.
 * Returns how many, or -1.
 */
int	store_sessions_sweep(struct db *, int *skipped);
int	store_session_delete(struct db *, int64_t id, int64_t user);
/* All of a user's sessions (keep_id 0), or all but keep_id. */
int	store_sessions_delete(struct db *, int64_t user, int64_t keep_id);
int	store_sessions_by_user(struct db *, struct arena *, int64_t user,
	    struct session_row **, size_t *);
int	store_challenge_create(struct db *, const char *token_hash,
	    int64_t user, const char *next);
/* *user 0 when no live challenge has that hash. */
int	store_challenge_get(struct db *, struct arena *, const char *token_hash,
	    int64_t *user, const char **next, int *attempts);
int	store_challenge_bump(struct db *, const char *token_hash, int *attempts);
int	store_challenge_delete(struct db *, const char *token_hash);
/* Appends to the audit log; target 0: none. */
int	store_audit(struct db *, const char *actor, const char *action,
	    int64_t target, const char *target_name, const char *detail);
int	store_audit_by_user(struct db *, struct arena *, int64_t user,
	    struct audit_row **, size_t *);

/* modq.c: moderator queues, decisions, flags, purges, campaigns, mod_log. */

/*
 * The moderation queues (mod_queue.kind).  Stored as text; decoded into
 * this enum once, where rows are read (store/modq.c).  MQ_NONE: no queue
 * item (a decision on a post with nothing open).
 */
enum modq_kind {
	MQ_NONE,
	MQ_HELD,		/* held by the filters */
	MQ_PRIVATE,		/* held privately: the author's own secret */
	MQ_FLAGGED,		/* flagged by members */
	MQ_FIRST,		/* first posts of new accounts (never open) */
	MQ__MAX
};
/* "held", "private", "flagged", "first"; "" for MQ_NONE. */
const char	*store_modq_kind_name(enum modq_kind);
/* The queue named s ("" is MQ_NONE); MQ__MAX when s names none. */
enum modq_kind	 store_modq_kind_parse(const char *s);

/* One queue item (or one post shown to a moderator).  Arena-owned. */
struct modq_item {
	int64_t		 post_id;
	int64_t		 thread_id;
	const char	*title;
	const char	*lang;		/* the thread's: ja, en */
	const char	*category;	/* slug */
	enum post_kind	 post_kind;
	enum post_state	 state;		/* unknown text: PS_HELD */
	const char	*body;		/* Markdown source */
	int64_t		 author_id;
	const char	*author;
	int		 author_trust;
	int64_t		 author_created;	/* unix seconds */
	int64_t		 nflags;	/* open flags */
	/* open flags: "reason:trust:weight:upheld:declined:note" joined by ',' */
	const char	*flags;
	int64_t		 queued;	/* unix seconds the item entered its queue */
	double		 score;		/* the filters' score when held */
	const char	*reasons;	/* their rule ids, "; "-separated */
	enum modq_kind	 kind;		/* lists: the queue; item pages: the
					 * first open item, MQ_NONE if none */
	unsigned	 open;		/* item pages: 1u << kind, each open item */
};

/*
 * The open items of queue kind (held, private, flagged, or first: the
 * first first_n posts of trust-0 accounts not yet reviewed), oldest first.
 * cat, lang and reason filter when not "" (reason: a rule id fragment or
 * a flag reason).  By keyset, as store_list_category: at NULL is the
 * first page, pg gets the count and the cursors (keys: queued time in
 * microseconds, queue row or post id).
 */
int	store_modq_list(struct db *, struct arena *, enum modq_kind,
	    int first_n, const char *cat, const char *lang, const char *reason,
	    const struct cursor *at, int limit, int skip, struct modq_item **,
	    struct store_page *);
/* One post as a moderator sees it; *out NULL when there is no such post. */
int	store_modq_item(struct db *, struct arena *, int64_t post,
	    struct modq_item **out);

enum modq_result {
	MODQ_OK,
	MODQ_TAKEN,		/* another moderator decided first: see outcome */
	MODQ_NOTFOUND,
	MODQ_REFUSED,		/* not allowed on this target (staff, own post...) */
	MODQ_DONE,		/* nothing to do (already undone, already flagged) */
	MODQ_STALE		/* the target changed since the decision (undo) */
};

/* A decision on a post.  Strings may be "" but not NULL unless said. */
struct modq_act {
	int64_t		 post_id;
	enum modq_kind	 kind;		/* the queue item decided, or MQ_NONE */
	const char	*action;	/* approve, remove, edit, dismiss */
	const char	*reason;	/* remove: spam, scam, abusive, offtopic, secret, other */
	const char	*note;		/* the moderator's note (audit log only) */
	int64_t		 actor_id;
	const char	*actor_name;
	/*
	 * edit (a redaction, then approve): the new source, its cooked
	 * HTML, search document and contact points.  Earlier revisions lose
	 * their text; the log records the act, never the text.
	 */
	const char	*body_md;
	const char	*body_html;
	const char	*search_doc;
	const char	**ctype;
	const char	**cvalue;
	size_t		 ncontacts;
	int64_t		 expect_revision;	/* 0: any; else REFUSED if changed */
	const uint64_t	*feat;		/* the post's classifier features, or NULL */
	size_t		 nfeat;
	int		 feat_ja;	/* the text the features came from reads
					   as Japanese (for per-language metrics) */
	/*
	 * remove as scam: contact point values never to block (the
	 * exchange's official ones), matched case-insensitively; may be
	 * NULL when nkeep is 0.
	 */
	const char *const *keep;
	size_t		 nkeep;
	/*
	 * approve: the appeal (appeals.id) this reverses, 0 for none; the
	 * appeal is decided in the same transaction (REFUSED when it is no
	 * longer open or is this moderator's own removal) and the author is
	 * told appeal_reversed instead of approved.
	 */
	int64_t		 appeal_id;
	/*
	 * approve or edit: who the post's first publication tells, as
	 * store_post_write would have at submission (app/post/ fills these
	 * from the post's kind and text).  The store tells them, after the
	 * thread's counters, only when no revision of the post was public
	 * before this decision (a held, private or removed post never
	 * shown); the rows' actor is the author.  pub_watch_event NULL:
	 * nobody.
	 */
	int64_t		 pub_asker;		/* told "answer"; 0: none */
	const char	*pub_watch_event;	/* watch_answer, watch_official */
	const char	*pub_watch_levels;	/* text[] literal */
	const char	*pub_mentions;		/* text[] of names, or NULL */
};

struct modq_outcome {
	enum modq_result result;
	int64_t		 log_id;	/* the mod_log row written */
	int64_t		 author_id;
	enum post_state	 before;	/* post state before */
	enum post_state	 after;		/* post state after */
	/* MODQ_TAKEN: who decided, what, when */
	const char	*by;
	const char	*decision;
	const char	*decision_reason;
	int64_t		 at;
};

/*
 * Decides a post in one transaction: claims the queue item (a conditional
 * UPDATE, so of two moderators at once exactly one wins; the other gets
 * MODQ_TAKEN with who decided what), sets the post's state (approve, edit:
 * visible; dismiss: visible again if flags hid it; remove: removed with the
 * reason), closes the post's other open items, upholds or declines its
 * open flags, teaches the classifier (approve/edit: ham; remove as spam or
 * scam: spam) when feat is given, and appends to mod_log.  Removing as
 * scam also blocks, in the same transaction, every contact point stored
 * for the post (post_contacts) except link domains and the values in
 * act->keep: one "block" row each, and the decision's "after" lists them
 * so that undoing the decision lifts those blocks again.
 */
int	store_modq_decide(struct db *, struct arena *, const struct modq_act *,
	    struct modq_outcome *);

/* Suspend (and with remove_posts, purge) an account. */
struct modq_purge {
	int64_t		 user_id;
	int		 days;		/* suspension length; 0 lifts it */
	const char	*reason;	/* shown to the user */
	const char	*note;
	int		 remove_posts;	/* purge: remove every post and end sessions */
	int64_t		 actor_id;
	const char	*actor_name;
};

/*
 * Suspends an account for days with a reason the user sees; with
 * remove_posts also removes all its posts (reason "purge"), closes their
 * queue items and ends every session, in one transaction, logged as one
 * mod_log row (purge or suspend) holding the state before.  Staff,
 * moderators and admins: MODQ_REFUSED.  out->log_id is the row.
 */
int	store_modq_purge(struct db *, struct arena *, const struct modq_purge *,
	    struct modq_outcome *);

/*
 * Undoes mod_log row id (within a day of it, once): the post's state (and
 * edited text), the author's suspension, a blocked contact point, and the
 * classifier's lesson are restored; ended sessions stay ended.  Appends an
 * "undo" row.  MODQ_DONE: already undone or too old; MODQ_NOTFOUND.
 * MODQ_STALE: the post is no longer in the state (or at the revision)
 * the decision left it in, because a later decision or edit changed it;
 * undoing would restore a state chosen for other text.  MODQ_REFUSED: an
 * administrator's suspension (after.by "admin", store_admin_member_suspend)
 * and actor_admin is 0: only an administrator undoes it.
 */
int	store_modq_undo(struct db *, struct arena *, int64_t id,
	    int64_t actor_id, int actor_admin, const char *actor_name,
	    const char *note, struct modq_outcome *);

struct modq_health {
	enum modq_kind	 kind;
	int64_t		 size;
	int64_t		 oldest;	/* seconds */
	int64_t		 median;	/* seconds to a decision, last 7 days */
	int64_t		 decided;	/* decisions in the last 7 days */
};
/* Open items of every moderation queue, at most 1,000 (the header). */
int	store_modq_open_count(struct db *, int64_t *n);
/* Health of the held, private, flagged and first queues (4 rows, in that order). */
int	store_modq_health(struct db *, struct arena *, struct modq_health **,
	    size_t *);

/* flag.c-like part of modq.c */
struct flag_out {
	enum modq_result result;	/* OK, DONE (already flagged), NOTFOUND, REFUSED (own post) */
	int		 hidden;	/* this flag hid the post */
	int64_t		 author_id;
	double		 total;		/* open weight now */
};
/*
 * Adds user's flag on post with base weight (from trust; the flagger's
 * record halves it when declined flags outnumber upheld ones by more than
 * two), queues the post for review, and when the open weight reaches
 * threshold hides a visible post at once when may_hide (a member's post;
 * app/post/ decides), logged as "hide" by the system, its author told and
 * the thread's derived columns refreshed in the same transaction.  The
 * post row is locked, so flags arriving together are counted in turn.
 */
int	store_flag_add(struct db *, int64_t post, int64_t user, double weight,
	    const char *reason, const char *note, double threshold,
	    int may_hide, struct flag_out *);

/* The audit log.  What a row is about (mod_log.target_kind). */
enum modlog_target {
	MT_POST,
	MT_USER,
	MT_CONTACT,
	MT_IP,
	MT_THREAD,
	MT__MAX			/* unknown text */
};
/* "post", "user", ...; "" for MT__MAX. */
const char	*store_modlog_target_name(enum modlog_target);

struct modlog_row {
	int64_t		 id;
	int64_t		 at;
	const char	*actor;
	const char	*action;
	enum modlog_target target_kind;
	int64_t		 target_id;
	const char	*target_text;
	int64_t		 target_user;
	const char	*reason;
	const char	*note;
	const char	*before;	/* JSON text */
	const char	*after;
	int64_t		 undo_of;
	int		 undoable;
};
struct modlog_filter {
	const char	*action;	/* "" any */
	const char	*actor;		/* actor name, "" any */
	int64_t		 target;	/* post or user id, 0 any */
	const char	*target_kind;	/* "" any */
};
/* Newest first, by keyset on the row id (as store_modq_list). */
int	store_modlog_list(struct db *, struct arena *,
	    const struct modlog_filter *, const struct cursor *at, int limit,
	    int skip, struct modlog_row **, struct store_page *);
/* *out NULL when there is no such row. */
int	store_modlog_get(struct db *, struct arena *, int64_t id,
	    struct modlog_row **out);
/* Appends one row (actor_id 0: the system).  *id gets its id when not NULL. */
int	store_modlog_add(struct db *, int64_t actor_id, const char *actor,
	    const char *action, const char *target_kind, int64_t target_id,
	    const char *target_text, int64_t target_user, const char *reason,
	    const char *note, const char *before, const char *after,
	    int64_t *id);
struct modlog_day {
	const char	*day;		/* YYYY-MM-DD, Japan time */
	const char	*action;
	const char	*reason;
	int64_t		 count;
};
/* Counts by day, action and reason over the last days. */
int	store_modlog_daily(struct db *, struct arena *, int days,
	    struct modlog_day **, size_t *);

/* Contact points and campaigns. */
struct contact_row {
	const char	*type;		/* mod_contact_type_name() */
	const char	*value;		/* normalized by the moderation library */
	int64_t		 accounts;	/* distinct authors using it */
	int		 blocked;
};
int	store_contacts_of_post(struct db *, struct arena *, int64_t post,
	    struct contact_row **, size_t *);
struct campaign_row {
	int64_t		 post_id;
	int64_t		 thread_id;
	const char	*title;
	enum post_state	 state;		/* unknown text: PS_HELD */
	int64_t		 user_id;
	const char	*username;
	int		 trust;
	int64_t		 created;
	int64_t		 suspended_until;	/* 0 none or over, -1 indefinitely */
};
/* Every post that used the contact point, by author. */
int	store_campaign_posts(struct db *, struct arena *, const char *type,
	    const char *value, struct campaign_row **, size_t *);
/* Blocks a contact point for everyone (logged as "block"); MODQ_DONE if it was. */
int	store_contact_block(struct db *, const char *type, const char *value,
	    const char *reason, int64_t actor_id, const char *actor_name,
	    enum modq_result *);
/* *blocked 1 when blocked (then *reason and *at, arena-owned), else 0. */
int	store_contact_blocked(struct db *, struct arena *, const char *type,
	    const char *value, int *blocked, const char **reason, int64_t *at);

/* The classifier's counts (filter_tokens). */
/* Adds sign (+1 learn, -1 unlearn) to the ham or spam counts of n features. */
int	store_filter_train(struct db *, struct arena *, const uint64_t *h,
	    size_t n, int spam, int sign);

/* --- post.c: the writes of the post lifecycle (only app/post/ calls) --- */

/* A post as its transitions read it (decoded by column name, once). */
struct post_row {
	int64_t		 id;
	int64_t		 thread_id;
	int64_t		 author_id;
	enum role	 author_role;
	const char	*author_name;
	enum post_kind	 kind;
	enum post_state	 state;
	int64_t		 revision;
	int64_t		 verified_by;		/* 0: not verified */
	int64_t		 verified_revision;
	const char	*body_md;
	const char	*body_html;
	const char	*removed_reason;
	int64_t		 thread_author;
	const char	*thread_status;		/* open, closed, locked */
	int		 thread_visible;
	const char	*title;
	const char	*tags;
	int64_t		 accepted_post;		/* the thread's; 0: none */
	int64_t		 accepted_revision;
	const char	*open_queues;		/* "held flagged" ... or "" */
};

/* Reads post id into *out (arena-owned; NULL when there is none). 0 or -1. */
int	store_post_row(struct db *, struct arena *, int64_t id,
	    struct post_row **out);
/* What an answer needs of its thread (post_answer), in one read. */
struct post_answer_to {
	int64_t		 thread_author;
	const char	*thread_status;		/* open, closed, locked */
	int		 thread_visible;
	const char	*question_md;		/* the question's text, or "" */
};
/* *out NULL when the thread does not exist.  0 or -1. */
int	store_post_answer_to(struct db *, struct arena *, int64_t thread,
	    struct post_answer_to **out);

/* A notification written in the transition's transaction. */
struct post_note {
	int64_t		 user;
	const char	*kind;		/* notifications.kind */
	int64_t		 actor;		/* 0: none (the system) */
	const char	*reason;
};

#define POST_NOTES_MAX	4

/*
 * Everything one transition changes, decided by app/post/ and written by
 * store_post_write() in one transaction, in this order: lock the post and
 * check what the decision was based on (expect_*), thread, post row,
 * revision, redaction of earlier revisions, contacts, verification,
 * acceptance, queue rows, notifications, the moderation log, and the
 * thread's derived columns.
 */
struct post_write {
	/* which post: 0 creates one (and a thread when thread_id is 0) */
	int64_t		 post_id;
	int64_t		 thread_id;
	/* what the decision saw; a mismatch is STORE_POST_STALE */
	int		 check;		/* compare the three below */
	enum post_state	 expect_state;
	int64_t		 expect_revision;
	int64_t		 expect_verified_by;
	/* a new thread: category, title, folded title, lang, tags */
	int64_t		 category;
	const char	*title;		/* also: a question's edited title */
	const char	*title_fold;
	const char	*lang;
	const char	*tags;
	/* the post */
	int64_t		 author_id;
	int64_t		 editor_id;	/* who wrote this revision */
	enum post_kind	 kind;
	enum post_state	 state;		/* written when set_state or new */
	int		 set_state;
	int		 set_text;	/* new text: one more revision */
	const char	*body_md;
	const char	*body_html;
	const char	*search_doc;
	const char	*mod_reasons;
	int		 public;	/* the post's current revision is public */
	int		 redact;	/* earlier revisions lose their text */
	int		 clear_verify;
	int		 set_verify;	/* verified_by = verify_by (0 clears) */
	int64_t		 verify_by;
	int		 set_accept;	/* thread's accepted answer = accept_post */
	int64_t		 accept_post;
	/* contacts of the current text (set_contacts replaces them all) */
	int		 set_contacts;
	const char	**ctype;
	const char	**cvalue;
	size_t		 ncontacts;
	/* the queue: open (or refresh) a held/private row with the verdict */
	const char	*queue_kind;
	double		 score;
	const char	*queue_reasons;
	const char	*settle;	/* close open held/private rows: decision */
	int64_t		 settle_by;
	struct post_note note[POST_NOTES_MAX];
	size_t		 nnote;
	/* the moderation log (action NULL: none); before/after JSON text */
	const char	*log_action;
	int64_t		 log_actor;
	const char	*log_actor_name;
	const char	*log_reason;
	const char	*log_note;
	const char	*log_before;
	const char	*log_after;
	/*
	 * Watching (store/watch.c, written after the notifications above):
	 * watch_auto follows the thread for that member at
	 * watch_auto_level (a level set before stays); watch_event (a notifications.kind, NULL: none) tells the
	 * thread's followers at the levels watch_levels (a text[] literal,
	 * e.g. "{watching,tracking}"); mentions ("{name,...}", NULL: none)
	 * tells the members named with @.
	 */
	int64_t		 watch_auto;
	const char	*watch_auto_level;	/* watching or tracking */
	int64_t		 watch_actor;	/* who caused watch_event, mentions */
	const char	*watch_event;
	const char	*watch_levels;
	const char	*mentions;
	/*
	 * Urgency triage of a new question (store/triage.c), written with
	 * the thread: the rules' class (urgent, normal, low; NULL: none)
	 * and reasons (JSON array of {"rule","ja","en"}).
	 */
	const char	*triage_class;
	const char	*triage_reasons;
	/*
	 * A campaign this post completes (post/filter.c): the earlier
	 * near-copies (post ids) still visible are held, queued with
	 * campaign_reasons, logged ('hold_campaign' by the system) and their
	 * authors told, in this transaction (store/post.c,
	 * campaign_hold_into).  Staff posts, official and verified answers
	 * are left alone.
	 */
	const int64_t	*campaign_hold;
	size_t		 ncampaign_hold;
	const char	*campaign_reasons;
};

enum store_post_result {
	STORE_POST_OK,
	STORE_POST_NOTFOUND,
	STORE_POST_STALE,	/* changed since the decision read it */
	STORE_POST__MAX
};

/*
 * Writes w in one transaction (see struct post_write).  *result says
 * whether it was written; *thread and *post get the ids (new ones when
 * created), *category and *tags (arena-owned, space-separated) the
 * thread's category and tags as committed (0 and NULL when not written).
 * Returns 0, or -1 when the store failed (nothing written).
 */
int	store_post_write(struct db *, struct arena *, const struct post_write *w,
	    enum store_post_result *result, int64_t *thread, int64_t *post,
	    int64_t *category, const char **tags);

/*
 * What a transition does to its thread's counters (threads.answer_count,
 * has_official, has_verified, visible, accepted_post_id), computed from
 * the post as locked (cur; NULL for a new post) and the write, so that
 * store_post_write updates them by increment instead of recounting the
 * thread's posts.  A flag that may only turn on is set; one that may
 * turn off is checked against the thread's other posts (TD_CHECK).
 * The recount stays as the checker (store_threads_drift).
 */
enum td_flag { TD_KEEP, TD_ON, TD_OFF, TD_CHECK };
struct thread_delta {
	int		 answers;	/* added to answer_count: -1, 0, 1 */
	enum td_flag	 official;	/* KEEP, ON or CHECK */
	enum td_flag	 verified;	/* KEEP, ON or CHECK */
	enum td_flag	 visible;	/* KEEP, ON or OFF (the question's) */
	enum td_flag	 accepted;	/* KEEP or CHECK (still visible?) */
};
void	store_thread_delta(const struct post_row *cur,
	    const struct post_write *w, struct thread_delta *d);
/*
 * Threads whose stored counters differ from a recount of their posts:
 * up to max ids into ids (arena-owned), *n their number; with repair,
 * those threads are recounted in the same statement.  0 or -1.
 */
int	store_threads_drift(struct db *, struct arena *, int repair,
	    int max, int64_t **ids, int *n);

/*
 * member_answered (the threads each member answered in, kept by
 * triggers) against a recount from the posts: the number of (user,
 * thread) pairs that differ, up to max; with repair, the table is set to
 * the recount and *n is the number of rows changed.  0 or -1.
 */
int	store_member_answered_drift(struct db *, struct arena *, int repair,
	    int max, int *n);

/* "visible" ... for enum post_state, "question" ... for enum post_kind. */
const char	*store_post_state_name(enum post_state);
const char	*store_post_kind_name(enum post_kind);
/* store/upload.c: pictures (docs/images.md). */
#define UPLOAD_REFS_MAX	20	/* pictures one post may show */

/* A picture to record; strings are JSON where named so. */
struct upload_new {
	const char	*hash;		/* 64 hex digits */
	int64_t		 uploader;
	const char	*mime;
	int64_t		 bytes, width, height, thumb_bytes;
	uint64_t	 phash;
	const char	*scan;		/* done, timeout, failed */
	const char	*ocr_text;
	const char	*ocr_words;	/* JSON array */
	const char	*qr;		/* JSON array */
};

/* What a post's pictures say to the filters, or show a moderator. */
struct upload_row {
	const char	*hash;
	const char	*mime;
	int64_t		 width, height;
	const char	*scan;
	const char	*ocr_text;
	const char	*ocr_words;	/* JSON (moderator page only) */
	const char	*qr;		/* JSON */
	int		 banned;	/* its dHash is near a banned one */
};

/*
 * The picture hashes a Markdown body refers to ("/uploads/HASH.ext"), each
 * once, in order, at most max.  hashes[] gets arena copies.  Returns the
 * count.
 */
size_t	store_upload_refs(struct arena *, const char *body_md,
	    const char **hashes, size_t max);
/* Records a picture and its uploader (again: only the uploader).  0 or -1. */
int	store_upload_add(struct db *, const struct upload_new *);
/*
 * May viewer (0: anonymous) see picture hash?  *found: the picture exists;
 * *mime its type (arena); *public: a visible post in a visible thread
 * shows it; *mine: viewer uploaded it.  0 or -1.
 */
int	store_upload_access(struct db *, struct arena *, const char *hash,
	    int64_t viewer, int *found, const char **mime, int *public,
	    int *mine);
/*
 * Inside the transaction that writes post: replaces the post's picture
 * links with the pictures body_md shows that its author uploaded or that
 * are already public (is_new: the post was just inserted and has none to
 * replace, which saves a statement).  0 or -1.
 */
int	store_uploads_link(struct db *, int64_t post, const char *body_md,
	    int is_new);
/* The rows of hashes[0..n) (scan fields and banned; no words).  0 or -1. */
int	store_upload_scan_rows(struct db *, struct arena *,
	    const char *const *hashes, size_t n, struct upload_row **out,
	    size_t *nout);
/* The pictures linked to post, with words, for moderators.  0 or -1. */
int	store_upload_of_post(struct db *, struct arena *, int64_t post,
	    struct upload_row **out, size_t *n);
/*
 * Inside a removal-as-scam transaction: bans the dHash of every picture
 * post shows, so the same picture is held wherever it comes again.  0 or -1.
 */
int	store_uploads_ban(struct db *, int64_t post, int64_t moderator);
/* store/acct.c: privilege changes of an account, one transaction each. */
/* When session_id last passed a second factor (unix seconds; 0: never). */
int	store_acct_session_mfa_at(struct db *, int64_t session_id,
	    int64_t *at);
/* The session passed a second factor now. */
int	store_acct_session_mfa_set(struct db *, int64_t session_id);
/* The id of the session whose token hashes to token_hash (0: none). */
int	store_acct_session_id(struct db *, const char *token_hash,
	    int64_t *id);
/*
 * Sets the role, ends every session and sign-in challenge of the account
 * and appends a set-role row to audit_log (actor: 'cli:<user>', ...), in
 * one transaction.  0 or -1 (nothing changed).
 */
int	store_acct_role_change(struct db *, int64_t user_id,
	    const char *username, const char *old_role, const char *new_role,
	    const char *actor);
/*
 * Removes the two-step secret (and a pending one), the recovery codes,
 * every session and challenge, and audits it (reset-2fa), in one
 * transaction.  The next sign-in of a role that needs two-step
 * verification goes through enrolment.  0 or -1.
 */
int	store_acct_reset_2fa(struct db *, int64_t user_id,
	    const char *username, const char *actor);

/*
 * Re-seals every two-step secret in one transaction (rows locked): fn
 * gets each non-empty or empty value and sets *out to the value to store
 * (the same pointer: unchanged); -1 from fn rolls everything back.
 * *changed: rows written.  0 or -1.
 */
int	store_acct_reseal(struct db *, struct arena *,
	    int (*fn)(void *, struct arena *, const char *in, const char **out),
	    void *arg, size_t *changed);

/* store/mail.c: e-mail addresses, single-use tokens, the outbox. */
struct mail_user {
	int64_t		 id;		/* 0: no such user */
	const char	*email;		/* "" when none */
	const char	*lang;		/* "ja" or "en" */
	const char	*username;
	int		 verified;	/* the address was confirmed */
};
struct outbox_row {
	int64_t		 id;
	const char	*to;
	const char	*message;	/* sealed (acct/seal.h) */
	int		 attempts;
};
int	store_mail_user(struct db *, struct arena *, int64_t user_id,
	    struct mail_user *);
/* The account with this confirmed address (case ignored); *id 0: none. */
int	store_mail_user_by_email(struct db *, const char *email, int64_t *id);
/* Appends a message to the outbox, in the caller's transaction if any. */
int	store_mail_outbox_add(struct db *, const char *to, int64_t to_user,
	    const char *tmpl, const char *message_id, const char *message);
/*
 * Up to 5 messages due, rows locked (FOR UPDATE SKIP LOCKED: several
 * workers never send one twice); call inside store_mail_begin/commit.
 */
int	store_mail_due(struct db *, struct arena *, struct outbox_row **,
	    size_t *);
int	store_mail_sent(struct db *, int64_t id);
/* Not sent: tried again in delay_s seconds; error kept for support. */
int	store_mail_retry(struct db *, int64_t id, int delay_s,
	    const char *error);
/* Sent messages older than a week go. */
int	store_mail_purge_sent(struct db *);
int	store_mail_begin(struct db *);
int	store_mail_commit(struct db *);
void	store_mail_rollback(struct db *);
/* A single-use token (its hash) of kind "reset" or "verify", minutes valid. */
int	store_mail_token_add(struct db *, const char *token_hash,
	    int64_t user_id, const char *kind, const char *email, int minutes);
/* A live token's user (0: none or used or expired) and address; not used up. */
int	store_mail_token_peek(struct db *, struct arena *,
	    const char *token_hash, const char *kind, int64_t *user,
	    const char **email);
/* The same, and the token is used up (only one caller ever gets *user). */
int	store_mail_token_use(struct db *, struct arena *,
	    const char *token_hash, const char *kind, int64_t *user,
	    const char **email);
/* Every live token of a kind of the user stops working. */
int	store_mail_tokens_void(struct db *, int64_t user_id, const char *kind);
/* Sets (or clears, "") the address, unconfirmed; *taken 1 when another
 * account has it (nothing changed). */
int	store_mail_set_email(struct db *, int64_t user_id, const char *email,
	    int *taken);
/* Confirms the address when it is still the account's; *ok 1 when done. */
int	store_mail_email_verified(struct db *, int64_t user_id,
	    const char *email, int *ok);
/*
 * One transaction: uses up the reset token, sets the password hash,
 * clears a lock and ends every session.  *user: the account, 0 when the
 * token was not live (nothing changed).
 */
int	store_mail_reset_password(struct db *, struct arena *,
	    const char *token_hash, const char *hash, int64_t *user);

/* watch.c: watching threads, tags and categories; notification mail. */
enum watch_kind {
	WATCH_THREAD,
	WATCH_TAG,
	WATCH_CATEGORY,
	WATCH__MAX
};
struct watch_row {
	enum watch_kind	 kind;
	const char	*target;	/* thread id, tag, category id */
	const char	*level;		/* watching, tracking, muted */
	const char	*label;		/* thread title ("" when not public),
					 * tag, category slug */
	const char	*name[2];	/* category names by enum lang */
};
/* level "watching", "tracking", "muted", or "none" (stops following). */
int	store_watch_set(struct db *, int64_t user, enum watch_kind,
	    const char *target, const char *level);
/* *level: the member's level, "" when none (arena-owned). */
int	store_watch_get(struct db *, struct arena *, int64_t user,
	    enum watch_kind, const char *target, const char **level);
/* Everything the member follows (at most 500), arena-owned rows. */
int	store_watch_list(struct db *, struct arena *, int64_t user,
	    struct watch_row **, size_t *);
/* store_post_write's watching part (struct post_write), in its transaction. */
int	store_watch_post_write(struct db *, struct arena *,
	    const struct post_write *, int64_t thread, int64_t post,
	    int64_t actor);
/*
 * The same with store_post_write's last note (NULL: none) in the one
 * statement of the watch and the followers' notifications.
 */
int	store_watch_post_notes(struct db *, struct arena *,
	    const struct post_write *, const struct post_note *note,
	    int64_t thread, int64_t post, int64_t actor);
/* "watching" ... for enum watch_kind: "thread", "tag", "category". */
const char	*store_watch_kind_name(enum watch_kind);

/* Mail preferences: mode instant|digest|off; mail_off: kinds, spaces. */
int	store_notify_prefs_get(struct db *, struct arena *, int64_t user,
	    const char **mode, const char **mail_off);
int	store_notify_prefs_set(struct db *, int64_t user, const char *mode,
	    const char *mail_off);
/* One kind's mail off, or every mail ("all"). */
int	store_notify_unsubscribe(struct db *, int64_t user, const char *kind);

/* One pending notification as a mail may tell it (see NOTIFY_MAIL_ROWS). */
struct notify_mail_row {
	int64_t		 id;
	enum notif_kind	 kind;		/* decoded once; unknown: NK_UNKNOWN */
	int64_t		 thread_id;
	int64_t		 post_id;
	const char	*reason;
	const char	*title;		/* "" unless strangers may read it */
	enum post_state	 post_state;
	enum post_kind	 post_kind;
};
struct notify_due {
	int64_t		 user;
	int64_t		 thread;	/* -1: the daily digest */
};
/* Marks pending rows no mail will carry 'skipped'; then the due pairs. */
int	store_notify_due(struct db *, struct arena *, struct notify_due **,
	    size_t *);
/* Inside store_mail_begin/commit: the pair's pending rows, locked. */
int	store_notify_rows(struct db *, struct arena *, int64_t user,
	    int64_t thread, struct notify_mail_row **, size_t *);
/* The rows mailed ("{1,2}"); the thread's 15 minutes (or the digest's day). */
int	store_notify_mailed(struct db *, struct arena *, int64_t user,
	    int64_t thread, const char *ids);

/* appeal.c: appeals of removals */
enum appeal_state {
	APPEAL_NONE,		/* not appealed */
	APPEAL_OPEN,
	APPEAL_UPHELD,
	APPEAL_REVERSED,
	APPEAL__MAX
};
struct appeal_target {
	enum post_state	 state;
	int64_t		 author;
	int64_t		 thread;
	int64_t		 decision;	/* mod_log id of the removal, 0: none */
	int64_t		 removed_by;
	const char	*reason;	/* the removal's reason code */
	int64_t		 appeal;	/* 0: not appealed */
	enum appeal_state appeal_state;
	const char	*appeal_note;
};
/* *t NULL when there is no such post. */
int	store_appeal_target(struct db *, struct arena *, int64_t post,
	    struct appeal_target **t);
/*
 * One transaction: the appeal and its mod_log row ('appeal').  *id 0
 * when this decision was appealed already (nothing written).
 */
int	store_appeal_add(struct db *, struct arena *, int64_t post,
	    const struct appeal_target *, int64_t user, const char *user_name,
	    const char *body, int64_t *id);
struct appeal_row {
	int64_t		 id;
	int64_t		 post_id;
	int64_t		 thread_id;
	const char	*title;
	const char	*author;
	const char	*removed_by_name;
	int64_t		 removed_by;
	const char	*reason;
	const char	*body;
	int64_t		 created;
};
int	store_appeal_open(struct db *, struct arena *, struct appeal_row **,
	    size_t *);
/* *post 0 when there is no such appeal. */
int	store_appeal_get(struct db *, struct arena *, int64_t id,
	    int64_t *post, enum appeal_state *, int64_t *removed_by);
/*
 * One transaction: the removal stays; the appeal upheld, the author told
 * (appeal_upheld), the mod_log row ('appeal_uphold').  *ok 0 when it is
 * no longer open or is the actor's own removal while another moderator
 * exists.
 */
int	store_appeal_uphold(struct db *, struct arena *, int64_t id,
	    int64_t actor, const char *actor_name, const char *note, int *ok);
/* Appeals made in the last days, and how many reversed the removal. */
int	store_appeal_counts(struct db *, int days, int64_t *appeals,
	    int64_t *reversed);

/*
 * Appeals of a suspension (store/appeal.c): once per suspending decision
 * (the mod_log row of the suspend or purge), decided by a moderator other
 * than the one who suspended where there are two (APPEAL_DECIDE).
 */
struct susp_appeal_target {
	int		 suspended;	/* the suspension still stands */
	int64_t		 decision;	/* mod_log id; 0: none found */
	int64_t		 removed_by;	/* who suspended */
	int64_t		 appeal;	/* 0: not appealed */
	const char	*appeal_state;	/* open, upheld, reversed, or "" */
};
int	store_appeal_susp_target(struct db *, struct arena *, int64_t user,
	    struct susp_appeal_target *);
/* Files it with a mod_log row 'appeal', one transaction; *id 0: appealed. */
int	store_appeal_susp_add(struct db *, struct arena *, int64_t user,
	    const char *user_name, const struct susp_appeal_target *,
	    const char *body, int64_t *id);
struct susp_appeal_row {
	int64_t		 id;
	int64_t		 user_id;
	const char	*member;	/* display name */
	const char	*suspend_reason;
	const char	*removed_by_name;
	int64_t		 removed_by;
	const char	*body;
	int64_t		 created;
};
int	store_appeal_susp_open(struct db *, struct arena *,
	    struct susp_appeal_row **, size_t *);
enum susp_appeal_result {
	SUSP_APPEAL_NOTFOUND,	/* no such appeal of a suspension */
	SUSP_APPEAL_DONE,
	SUSP_APPEAL_DECIDED,	/* decided already */
	SUSP_APPEAL_OWN,	/* the actor suspended; another moderator decides */
};
/*
 * One transaction: the appeal upheld or reversed (reverse lifts the
 * suspension), the member told (suspension_upheld, suspension_lifted),
 * the mod_log row ('appeal_uphold' or 'unsuspend' with the appeal).
 */
int	store_appeal_susp_decide(struct db *, struct arena *, int64_t id,
	    int reverse, int64_t actor, const char *actor_name,
	    const char *note, enum susp_appeal_result *);

/* --- search engines (store/seo.c) ---------------------------------- */

struct seo_url {
	int64_t		 thread_id;
	int64_t		 lastmod;	/* last activity, unix seconds */
};
/* The highest id of a public thread (0: none). */
int	store_seo_max_thread(struct db *, int64_t *);
/*
 * The public threads (visible thread, visible question) with an id in
 * (lo, hi], by id.  Held, private and removed questions are never in it.
 */
int	store_seo_threads(struct db *, struct arena *, int64_t lo, int64_t hi,
	    struct seo_url **, size_t *);

/* *n: posts removed as scams that used the contact point (type, value). */
int	store_contact_scam_posts(struct db *, const char *type,
	    const char *value, int64_t *n);
/* --- thread views (store/views.c, lib/views.h) ---------------------- */

/*
 * Adds the views counted in memory since the last flush to today's rows
 * (one statement per VIEWS_BATCH threads).  One flush at a time (others
 * return at once).  0 or -1 (the counts of a failed batch are lost and
 * logged).
 */
int	store_views_flush(struct db *);

/* --- identities at the OpenID provider (store/oidc.c, 0157) ------- */

struct oidc_link_row {
	const char	*issuer;
	const char	*subject;
	const char	*email;		/* "" when the provider gave none */
	int64_t		 created;	/* unix seconds */
};
/* *user_id: the account linked to (issuer, subject), 0 when none. */
int	store_oidc_user(struct db *, const char *issuer, const char *subject,
	    int64_t *user_id);
/* Notes a sign-in with (issuer, subject). */
int	store_oidc_touch(struct db *, const char *issuer, const char *subject);
/* The identities linked to user_id, arena-owned. */
int	store_oidc_links(struct db *, struct arena *, int64_t user_id,
	    struct oidc_link_row **, size_t *);
/*
 * Links (issuer, subject) to user_id and appends "oidc_link" to the
 * audit log, one transaction.  *linked: 1, or 0 when the identity is
 * linked to an account already or the account has one at this issuer.
 */
int	store_oidc_link(struct db *, int64_t user_id, const char *username,
	    const char *issuer, const char *subject, const char *email,
	    int *linked);
/* Unlinks user_id's identity at issuer, audited, one transaction. */
int	store_oidc_unlink(struct db *, int64_t user_id, const char *username,
	    const char *issuer, int *unlinked);
/*
 * A new member account with no password, linked to (issuer, subject),
 * with email as its confirmed address when given and used by no account:
 * one transaction, audited ("oidc_register").  *id: the account, or 0
 * when nothing was stored: *linked 0, the name is taken; *linked -1, the
 * identity was linked to an account meanwhile.
 */
int	store_oidc_user_create(struct db *, const char *username,
	    const char *key, const char *display, const char *lang,
	    const char *issuer, const char *subject, const char *email,
	    int64_t *id, int *linked);
/* --- personal access tokens (store/token.c, sql/0147) ------------- */

/* A token in its owner's list (never the token, which is not kept). */
struct token_row {
	int64_t		 id;
	const char	*name;
	unsigned	 scopes;	/* TOKEN_SCOPE_* */
	int64_t		 created;	/* unix seconds */
	int64_t		 expires;	/* 0: never */
	int64_t		 last_used;	/* 0: never */
	const char	*last_ip;
	int64_t		 revoked;	/* 0: live */
	int		 expired;
};

/* TOKEN_SCOPE_* of a list of names ("read write"); unknown names add nothing. */
unsigned store_token_scopes(const char *);
/*
 * The live token whose hex SHA-256 is hash, as an arena-owned session of
 * its account (token_id, token_scopes set; csrf NULL; the role is the
 * account's role now), *out NULL when none is live (unknown, revoked,
 * expired, the account suspended).  Notes the use (at most once a
 * minute) with ip.  0 or -1.
 */
int	store_token_by_hash(struct db *, struct arena *, const char *hash,
	    const char *ip, struct session **out);
/* A new token; scopes are names ("read write"); days 0: never expires. */
int	store_token_create(struct db *, int64_t user, const char *name,
	    const char *hash, const char *scopes, int days, int64_t *id);
/* The user's tokens, newest first (arena-owned). */
int	store_tokens_by_user(struct db *, struct arena *, int64_t user,
	    struct token_row **, size_t *);
/* Revokes a live token of user's; *done 1 when one was revoked. */
int	store_token_revoke(struct db *, int64_t id, int64_t user, int *done);
/* modlists.c: moderation lists edited at /admin/lists (migration 0160). */
struct modlist_entry {
	int64_t		 id;
	const char	*list;		/* block_domain, allow_domain, ... */
	const char	*value;		/* normalized by the page */
	const char	*note;
	int64_t		 created_at;
	const char	*created_by;	/* username, "" when gone */
};
/* The lists' version (bumped by every change).  0 or -1. */
int	store_modlist_version(struct db *, int64_t *version);
/* Every entry, by list and value (arena-owned).  0 or -1. */
int	store_modlist_all(struct db *, struct arena *,
	    struct modlist_entry **, size_t *);
/*
 * Adds an entry, bumps the version and appends an audit_log row (actor,
 * action "list-add", detail "list value"), in one transaction.  *dup is
 * set when the entry exists already (nothing changed).  0 or -1.
 */
int	store_modlist_add(struct db *, const char *list, const char *value,
	    const char *note, int64_t by, const char *actor, int *dup);
/*
 * Removes entry id, bumps the version and appends an audit_log row
 * ("list-remove"), in one transaction.  *found 0 when there was no such
 * entry (nothing changed).  0 or -1.
 */
int	store_modlist_remove(struct db *, int64_t id, const char *actor,
	    int *found);
/* --- the admin console (store/admin.c; docs/admin.md) -------------- */

/*
 * What a change of the admin console came to.  Every change is one
 * transaction that first checks, on the actor's locked row, that the
 * actor is an administrator now, and appends one audit_log row.
 */
enum admin_rc {
	ADMIN_OK = 0,
	ADMIN_FORBIDDEN,	/* the actor is not an administrator (now) */
	ADMIN_NOT_FOUND,	/* no such category */
	ADMIN_TAKEN,		/* the slug belongs to another category */
	ADMIN_SAME,		/* nothing to do (same target; first or last) */
	ADMIN_SELF,		/* an administrator's own role */
	ADMIN_NEEDS_EMAIL,	/* the role needs an e-mail address */
	ADMIN_PROTECTED		/* the target is an administrator */
};

/* A category as the console shows it: archived ones too. */
struct admin_category {
	int64_t		 id;
	const char	*slug;
	const char	*name[2];	/* by enum lang: ja, en */
	const char	*desc[2];
	int64_t		 position;
	int		 archived;
	int64_t		 nthreads;	/* every thread, hidden ones too */
};

/* An audit_log row. */
struct admin_audit {
	int64_t		 at;		/* unix seconds */
	const char	*actor;
	const char	*action;
	const char	*target;
	const char	*detail;
};

/* Every category, live ones first in their order, then archived.  0/-1. */
int	store_admin_categories(struct db *, struct arena *,
	    struct admin_category **, size_t *);
/* One category by id (*out NULL: none).  0 or -1. */
int	store_admin_category(struct db *, struct arena *, int64_t id,
	    struct admin_category **out);
/* The newest 100 audit_log rows.  0 or -1. */
int	store_admin_audit(struct db *, struct arena *, struct admin_audit **,
	    size_t *);
/*
 * Creates (id 0: placed last) or edits category id with c's slug, names
 * and descriptions (checked by the caller).  *newid: its id.  Returns
 * enum admin_rc (ADMIN_TAKEN: the slug is another's) or -1.
 */
int	store_admin_category_save(struct db *, struct arena *, int64_t actor,
	    int64_t id, const struct admin_category *c, int64_t *newid);
/* Swaps id with its live neighbour above (up) or below.  admin_rc or -1. */
int	store_admin_category_move(struct db *, int64_t actor, int64_t id,
	    int up);
/* Archives (on) or restores id.  admin_rc or -1. */
int	store_admin_category_archive(struct db *, int64_t actor, int64_t id,
	    int on);
/*
 * Moves every thread (and every watch) of category from into to and
 * archives from, in one transaction; *moved: threads moved.  admin_rc
 * (ADMIN_SAME when from == to) or -1.
 */
int	store_admin_category_merge(struct db *, struct arena *, int64_t actor,
	    int64_t from, int64_t to, int64_t *moved);
/* *n: threads tagged tag.  0 or -1. */
int	store_admin_tag_count(struct db *, const char *tag, int64_t *n);
/*
 * Every thread tagged from is tagged to instead (once, in from's place),
 * and watches of from follow, in one transaction; merge only names the
 * audit row (to was in use already).  *moved: threads changed.
 * Synonyms of from point to to (0177); ADMIN_TAKEN: to is a synonym.
 * admin_rc or -1.
 */
int	store_admin_tag_retag(struct db *, struct arena *, int64_t actor,
	    const char *from, const char *to, int merge, int64_t *moved);

/* A member as the console lists one. */
struct admin_member {
	int64_t		 id;
	const char	*username;
	const char	*display_name;
	enum role	 role;
	const char	*email;		/* "" none */
	int		 suspended;
};
/*
 * Up to 50 members whose name or e-mail address contains q (ASCII case
 * ignored; '%', '_' and backslash taken literally).  0 or -1.
 */
int	store_admin_members(struct db *, struct arena *, const char *q,
	    struct admin_member **, size_t *);
/*
 * Sets user_id's role, ends every session and sign-in challenge of the
 * account and appends a set-role row to audit_log, in one transaction
 * whose actor must be an administrator.  needs_email (from
 * acct_role_needs_email): refused with ADMIN_NEEDS_EMAIL when the
 * account has no address.  ADMIN_SELF: an administrator's own role
 * (never changed here, so the console cannot lock itself out).
 * admin_rc or -1.
 */
int	store_admin_role_change(struct db *, struct arena *, int64_t actor,
	    int64_t user_id, enum role role, int needs_email);

/*
 * learn.c: learning from moderators' decisions (migration 0184): the
 * training rows, the trained models, the one in use, training runs.
 */
struct training_row {
	int64_t		 id;
	int		 spam;		/* 1 removed as spam or scam, 0 approved */
	int		 ja;		/* the text reads as Japanese */
	uint64_t	*h;		/* features at decision time (arena) */
	size_t		 n;
};
/*
 * Records a decision's lesson for post (spam 1 or 0, lang "ja" or "en",
 * the post's n features), by the mod_log row modlog; called inside the
 * decision's transaction (store_modq_decide).  0 or -1.
 */
int	store_learn_add(struct db *, struct arena *, int64_t post,
	    int64_t modlog, int spam, const char *lang, const uint64_t *h,
	    size_t n);
/* Marks the lesson of mod_log row modlog undone (inside the undo's
 * transaction); no lesson is no error.  0 or -1. */
int	store_learn_undo(struct db *, struct arena *, int64_t modlog);
/*
 * The training set: each post's latest decision not undone, at most max
 * (the most recent), oldest first, arena-owned.  0 or -1.
 */
int	store_learn_rows(struct db *, struct arena *, size_t max,
	    struct training_row **, size_t *);
/*
 * Opens the training transaction and takes the cluster-wide training
 * lock (transaction-scoped, so it works through pgbouncer and ends with
 * the transaction).  *locked 0: another instance trains (the
 * transaction is closed).  0 or -1.  store_learn_train_end commits (ok)
 * or rolls back.
 */
int	store_learn_train_begin(struct db *, int *locked);
int	store_learn_train_end(struct db *, int ok);
struct model_row {
	int64_t		 version;
	int64_t		 created_at;
	const char	*created_by;
	int64_t		 ntrain;
	int64_t		 ntest;
	const char	*weights;	/* "" in lists */
	const char	*metrics;	/* JSON */
	int		 passed;	/* beat the floors of promotion */
	int		 current;	/* the model in use */
};
/* Stores a trained model; *version its number.  0 or -1. */
int	store_learn_model_add(struct db *, struct arena *,
	    const char *created_by, size_t ntrain, size_t ntest,
	    const char *weights, const char *metrics, int passed,
	    int64_t *version);
/* The last 50 models, newest first, without weights.  0 or -1. */
int	store_learn_models(struct db *, struct arena *, struct model_row **,
	    size_t *);
/* One model with its weights (*m NULL when there is none).  0 or -1. */
int	store_learn_model_get(struct db *, struct arena *, int64_t version,
	    struct model_row **m);
/* The version in use on every instance, 0: none.  0 or -1. */
int	store_learn_current(struct db *, int64_t *version);
enum learn_change {
	LEARN_CHANGED,
	LEARN_NO_MODEL,		/* promote: no such version */
	LEARN_BELOW_FLOOR,	/* promote: it did not beat the floors */
	LEARN_ALREADY,		/* promote: it is in use already */
	LEARN_NOTHING_BEFORE,	/* rollback: no promotion to go back on */
	LEARN_CHANGE__MAX
};
/*
 * Makes version the model in use (it must have passed), recording the
 * one before it, with an audit_log row, in one transaction.  *previous
 * gets the version replaced (0: none).  enum learn_change or -1.
 */
int	store_learn_promote(struct db *, struct arena *, int64_t version,
	    const char *actor, int64_t *previous);
/*
 * Goes back to the model in use before the current one was promoted
 * (0: none), with an audit_log row, in one transaction.  *from, *to the
 * versions.  enum learn_change or -1.
 */
int	store_learn_rollback(struct db *, struct arena *, const char *actor,
	    int64_t *from, int64_t *to);
struct train_run {
	int64_t		 id;
	const char	*asked_by;
	int64_t		 asked_at;
	const char	*state;		/* queued running done failed */
	int64_t		 finished_at;
	int64_t		 version;	/* the model it made, 0: none */
	const char	*message;
};
/* Queues a training run; *id 0 when one is queued or running.  0 or -1. */
int	store_learn_run_ask(struct db *, const char *asked_by, int64_t *id);
/* Claims the oldest queued run (*id 0: none); stale runs fail. 0 or -1. */
int	store_learn_run_claim(struct db *, int64_t *id);
/* Ends run id: ok, the model made (0: none), a message.  0 or -1. */
int	store_learn_run_finish(struct db *, struct arena *, int64_t id,
	    int ok, int64_t version, const char *message);
/* The latest run (*r NULL when none).  0 or -1. */
int	store_learn_run_last(struct db *, struct arena *, struct train_run **r);

/*
 * A signed-in reader's own parts of a thread page (store/reader.c): what
 * pages/thread.c fills into the cached body per request.
 */
struct thread_reader {
	int64_t		 author;	/* the thread's author */
	int		 own_held;	/* the reader has held or private posts here */
	int64_t		*voted;		/* posts of the thread the reader voted for */
	size_t		 nvoted;
	const char	*watch;		/* the reader's watch level, or "" */
};
/*
 * Reads thread's reader parts for user into *out (arena-owned) in one
 * round trip.  1, 0 when there is no such thread, -1 on a store failure.
 */
int	store_thread_reader(struct db *, struct arena *, int64_t thread,
	    int64_t user, struct thread_reader *out);
/* A member's suspension as the console shows it (store_admin_suspension). */
struct admin_susp {
	int64_t		 id;
	const char	*username;
	const char	*display_name;
	enum role	 role;
	int		 suspended;
	int64_t		 until;		/* unix seconds; 0 none, -1 indefinitely */
	const char	*reason;	/* what the member was told, or "" */
	int64_t		 sessions;	/* live sessions now */
};
/* user_id's suspension (*out NULL: no such member).  0 or -1. */
int	store_admin_suspension(struct db *, struct arena *, int64_t user_id,
	    struct admin_susp **out);
/*
 * Suspends user_id for days (1-3650) with reason, the member is told
 * (days 0: restores, i.e. lifts a suspension, reason then the audit's),
 * in one transaction whose actor must be an administrator: the
 * suspension, every session and sign-in challenge of the account ended,
 * one audit_log row ("suspend" or "restore") and one mod_log row
 * ("suspend" or "unsuspend", as a moderator's).  ADMIN_SELF: the
 * actor's own account; ADMIN_PROTECTED: another administrator (their
 * role is changed first); ADMIN_SAME: restoring an account that is not
 * suspended; ADMIN_NOT_FOUND.  admin_rc or -1.
 */
int	store_admin_suspend(struct db *, struct arena *, int64_t actor,
	    int64_t user_id, int days, const char *reason);

/* The site's settings (migration 0176; app/pages/adminsettings.c). */
struct site_row {
	const char	*name[2];	/* by enum lang; "" the built-in name */
	const char	*logo;		/* an upload's SHA-256 (hex), or "" */
	int64_t		 version;
};
/* The settings' version (bumped by every change).  0 or -1. */
int	store_site_version(struct db *, int64_t *version);
/* The settings (arena-owned).  0 or -1. */
int	store_site_get(struct db *, struct arena *, struct site_row *);
/* *mime: the type of uploaded picture hash, NULL when none.  0 or -1. */
int	store_site_logo_mime(struct db *, struct arena *, const char *hash,
	    const char **mime);
/*
 * Saves s (checked by the caller), bumps the version and appends a
 * "site-settings" audit_log row naming what changed, in one transaction
 * whose actor must be an administrator.  ADMIN_SAME: nothing changed.
 * admin_rc or -1.
 */
int	store_site_save(struct db *, struct arena *, int64_t actor,
	    const struct site_row *s);

/*
 * Tag synonyms (migration 0177; store/tagsyn.c reads, store/admin.c
 * changes; docs/admin.md, "Tags").  Tags are as threads store them
 * (folded; the caller checks them).
 */
struct tag_synonym {
	const char	*alias;
	const char	*tag;		/* the canonical tag */
	const char	*created_by;	/* a username, "" when gone */
	int64_t		 created_at;	/* unix seconds */
};
/* What making alias a synonym of tag would change (the confirmation). */
struct tagsyn_preview {
	int64_t		 nthreads;	/* threads tagged alias: retagged */
	int64_t		 naliases;	/* synonyms of alias: re-pointed */
	const char	*tag_alias_of;	/* tag is a synonym of this, or "" */
	const char	*alias_of;	/* alias is a synonym of this now, or "" */
};
/*
 * *out: tags (space-separated, as post/ joins them) with every alias
 * replaced by its canonical tag, duplicates dropped, order kept
 * (arena-owned; "" for "").  0 or -1.
 */
int	store_tags_canonical(struct db *, struct arena *, const char *tags,
	    const char **out);
/* *tag: the canonical tag of alias, NULL when alias is none.  0 or -1. */
int	store_tag_synonym_of(struct db *, struct arena *, const char *alias,
	    const char **tag);
/* Every synonym, by canonical tag then alias.  0 or -1. */
int	store_tag_synonyms(struct db *, struct arena *, struct tag_synonym **,
	    size_t *);
/* Fills *p for making alias a synonym of tag.  0 or -1. */
int	store_tagsyn_preview(struct db *, struct arena *, const char *alias,
	    const char *tag, struct tagsyn_preview *p);
/*
 * Makes alias a synonym of tag in one transaction (under the synonyms'
 * lock, exclusive): synonyms of alias are re-pointed to tag, alias is
 * recorded (replacing an earlier target), every thread tagged alias is
 * tagged tag instead (once, in alias's place) and watches of alias
 * follow, then a "tag-synonym" audit_log row.  *moved: threads retagged.
 * ADMIN_TAKEN: tag is itself a synonym; ADMIN_SAME: alias == tag, or the
 * synonym exists already as asked.  admin_rc or -1.
 */
int	store_admin_tagsyn_add(struct db *, struct arena *, int64_t actor,
	    const char *alias, const char *tag, int64_t *moved);
/*
 * Removes the synonym alias (threads keep their tags) and appends a
 * "tag-synonym-remove" audit_log row, in one transaction.
 * ADMIN_NOT_FOUND: alias is no synonym.  admin_rc or -1.
 */
int	store_admin_tagsyn_remove(struct db *, struct arena *, int64_t actor,
	    const char *alias);

#endif
