/*
 * store.h: domain rows as arena-owned structs, and the functions that read
 * and write them.  Every function returns 0 or -1 (-1: the store failed or
 * is unavailable; the caller answers 503).  PGresult never leaves store/.
 */
#ifndef SODAN_STORE_H
#define SODAN_STORE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

struct category {
	int64_t		 id;
	const char	*slug;
	const char	*name[2];	/* by enum lang: ja, en */
	const char	*desc[2];
	int64_t		 nthreads;
};

struct thread_row {
	int64_t		 id;
	const char	*title;
	const char	*lang;
	int64_t		 answers;
	const char	*status;
	const char	*author;
	const char	*author_role;
	int64_t		 last_activity;	/* unix seconds */
	int		 pinned;
	int		 has_official;
	int		 has_verified;
	int		 accepted;
};

struct id_text {
	int64_t		 id;
	const char	*text;
};

/* category.c */
int	store_categories(struct db *, struct arena *, struct category **,
	    size_t *);
/* *out is NULL when no category has that slug. */
int	store_category_by_slug(struct db *, struct arena *, const char *slug,
	    struct category **out);
int	store_threads_by_category(struct db *, struct arena *, int64_t cat,
	    int limit, int offset, struct thread_row **, size_t *);
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
int	store_users_without_password(struct db *, struct arena *,
	    struct id_text **, size_t *);
int	store_user_set_password_hash(struct db *, int64_t id, const char *hash);
/* Staff, moderators and admins without two-step verification (id, username). */
int	store_staff_without_totp(struct db *, struct arena *, struct id_text **,
	    size_t *);

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
	const char	*status;	/* open, closed, locked */
	int		 visible;
	int		 pinned;
	int		 has_official;
	int		 has_verified;
	int64_t		 accepted_post_id;	/* 0: none */
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
	const char	*author_role;	/* user, staff, moderator, admin */
	const char	*kind;		/* question, answer, official */
	const char	*state;		/* visible, held, private, hidden, removed */
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
	int		 voted;		/* by the viewer */
};

/* A new question or answer, ready to store (cooked, folded, judged). */
struct qa_new_post {
	int64_t		 author_id;
	const char	*kind;
	const char	*state;
	const char	*body_md;
	const char	*body_html;
	const char	*search_doc;
	const char	*mod_reasons;
};

struct qa_revision {
	int64_t		 revision;
	const char	*editor;
	const char	*title;
	const char	*tags;
	const char	*body_md;
	int64_t		 at;
};

struct qa_notif {
	int64_t		 id;
	const char	*kind;
	int64_t		 thread_id;
	const char	*thread_title;
	int64_t		 post_id;
	const char	*actor;
	int64_t		 at;
	int		 unread;
};

struct qa_hit {
	struct thread_row t;
	int64_t		 post_id;
	const char	*body_md;	/* of the best-matching post */
	const char	*kind;
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
 * In one transaction: the thread, its question post and revision 1.
 * tags: space-separated.  Returns 0 and the ids, or -1.
 */
int	store_qa_ask(struct db *, int64_t cat, const char *title,
	    const char *title_fold, const char *lang, const char *tags,
	    const struct qa_new_post *, int64_t *thread_id, int64_t *post_id);
/* An answer (kind answer or official), its revision 1, thread counters. */
int	store_qa_answer(struct db *, int64_t thread,
	    const struct qa_new_post *, int64_t *post_id);
/*
 * An edit: new body (and for questions title/tags when title != NULL),
 * one more revision; clear_verify also clears the verification and turns
 * an official answer into a plain one.
 */
int	store_qa_edit(struct db *, int64_t post, int64_t thread,
	    int64_t editor, const char *title, const char *title_fold,
	    const char *tags, const struct qa_new_post *, int clear_verify);
/* Toggles the viewer's vote; *now_voted tells the result. */
int	store_qa_vote(struct db *, int64_t post, int64_t thread, int64_t user,
	    int *now_voted);
/* post 0 clears the accepted answer. */
int	store_qa_accept(struct db *, int64_t thread, int64_t post);
/* staff 0 removes the verification. */
int	store_qa_verify(struct db *, int64_t post, int64_t thread,
	    int64_t staff);
/* status: open, closed, locked; dup 0: none. */
int	store_qa_thread_state(struct db *, int64_t thread, const char *status,
	    int pinned, int64_t dup, int64_t by);
int	store_qa_revisions(struct db *, struct arena *, int64_t post,
	    struct qa_revision **, size_t *);
/* A notification for user (nothing when user == actor). */
int	store_qa_notify(struct db *, int64_t user, const char *kind,
	    int64_t thread, int64_t post, int64_t actor);
int	store_qa_unread(struct db *, int64_t user, int64_t *n);
int	store_qa_notifs(struct db *, struct arena *, int64_t user, int limit,
	    struct qa_notif **, size_t *);
int	store_qa_notifs_read(struct db *, int64_t user);
/* tsq: from fold_tsquery(); cat and tag: "" for any. */
int	store_qa_search(struct db *, struct arena *, const char *tsq,
	    const char *cat, const char *tag, int limit, int offset,
	    struct qa_hit **, size_t *);
/* Threads whose folded title is similar (pg_trgm) to title_fold. */
int	store_qa_similar(struct db *, struct arena *, const char *title_fold,
	    int limit, struct thread_row **, size_t *);
int	store_qa_staff_feed(struct db *, struct arena *, int limit,
	    struct qa_feed_item **, size_t *);
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
	const char	*role;		/* "user", "staff", "moderator", "admin" */
	const char	*lang;		/* "ja", "en" */
	const char	*password_hash;	/* "" when none */
	const char	*totp_secret;	/* "" when two-factor is off */
	const char	*totp_pending;	/* "" when no set-up is under way */
	int64_t		 totp_last_step;
	int64_t		 locked_until;	/* unix seconds, 0 = not locked */
	int		 trust;
	int64_t		 created;
	int		 suspended;
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
	const char	*kind;		/* question, answer, official */
	int64_t		 created;
};

struct audit_row {
	int64_t		 at;
	const char	*actor;
	const char	*action;
	const char	*detail;
};

struct trust_inputs {
	const char	*role;
	int64_t		 age_days;
	int64_t		 posts_kept;
	int64_t		 accepted;
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
int	store_user_trust_inputs(struct db *, struct arena *, int64_t id,
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

#endif
