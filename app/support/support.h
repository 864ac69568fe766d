/*
 * support.h: escalation to official support, the one owner of a support
 * case's changes (STYLE rule 26).  A thread's asker (or staff) opens a
 * case with a first message; the asker and staff write in it; staff
 * resolve and reopen it.  Each transition is one function here and one
 * transaction in store/support.c, which also writes the asker's in-forum
 * notification.  Pages and any later API parse, call and render.
 *
 * Every message passes the same filters as a post (moderation/): a
 * secret the author pasted (a recovery phrase, a private key) is masked
 * before anything is stored and the result says so, so the page can warn
 * that staff never ask for it; a message the filters block is refused
 * with their reasons and the text comes back; other findings are kept
 * beside the message for staff to read.
 */
#ifndef SODAN_SUPPORT_H
#define SODAN_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "store/support.h"

struct arena;
struct db;

/* Who acts: from the request's session (privilege follows the session). */
struct support_actor {
	int64_t		 id;
	const char	*name;
	const char	*display_name;
	enum role	 role;
	int		 trust;
	int64_t		 created;	/* account created, unix seconds */
};

enum support_err {
	SUPPORT_OK,
	SUPPORT_E_NOTFOUND,	/* no such thread or case, or not theirs: 404 */
	SUPPORT_E_INVALID,	/* empty message: the form again, 400 */
	SUPPORT_E_BLOCKED,	/* the filters refused it: the form again, 422 */
	SUPPORT_E_CLOSED,	/* the case is resolved: 409 */
	SUPPORT_E_UNCHECKED,	/* no rule set to mask secrets with: 503 */
	SUPPORT_E_STORE,	/* PostgreSQL: 503 */
	SUPPORT_E_FORBIDDEN,	/* not staff (checked in the write): 403 */
	SUPPORT_E__MAX
};

struct support_result {
	enum support_err err;
	int64_t		 case_id;
	int		 masked;	/* a secret was masked before storage */
	const char	**reasons;	/* why refused, in the actor's language */
	size_t		 nreasons;
	int		 changed;	/* resolve/reopen: the state changed */
};

/* 1 when actor is staff or an admin (moderators are not). */
int	support_is_staff(const struct support_actor *);
/* 1 when actor may read and write case c: its asker, or staff. */
int	support_may_see(const struct support_actor *,
	    const struct support_case *);
/*
 * Opens (or, when the thread has one, adds to) the support case of
 * thread with body as its first message.  Only the thread's asker or
 * staff; anyone else gets SUPPORT_E_NOTFOUND.  Fills *res (arena-owned).
 */
void	support_escalate(struct arena *, struct db *, enum lang,
	    const struct support_actor *, int64_t thread, const char *body,
	    struct support_result *res);
/* A message in case c (asker or staff; open cases only). */
void	support_reply(struct arena *, struct db *, enum lang,
	    const struct support_actor *, const struct support_case *c,
	    const char *body, struct support_result *res);
/* Staff resolve (resolved = 1) or reopen (0) case c. */
void	support_set_resolved(struct db *, const struct support_actor *,
	    const struct support_case *c, int resolved,
	    struct support_result *res);
/*
 * The filters on a message: body with every secret the filters find
 * replaced by a marker (*masked 1), its cooked HTML, and the reasons the
 * filters gave, judged with rules (support_escalate and support_reply
 * pass the server's; the unit test its own).  0; -1 when rules is NULL
 * (nothing can be masked).  Arena-owned.
 */
struct support_judged {
	const char	*body_md;
	const char	*cooked;
	int		 masked;
	int		 blocked;
	const char	**reasons;	/* in lang */
	size_t		 nreasons;
	const char	*flagged;	/* "rule; rule" for staff, "" none */
};
struct mod_rules;
int	support_judge(struct arena *, const struct mod_rules *, enum lang,
	    const struct support_actor *, const char *body,
	    struct support_judged *out);

/*
 * Staff claim thread for themselves (assignee 0), assign it to another
 * staff member (assignee: their id), or release it (release 1).  Only
 * staff; the thread must exist and be public.  res->changed 1 when
 * something changed; SUPPORT_E_INVALID when assignee is not staff.
 */
void	support_claim(struct arena *, struct db *, enum lang,
	    const struct support_actor *, int64_t thread, int64_t assignee,
	    int release, struct support_result *res);
/*
 * A canned reply's text with its variables filled: {asker}, {staff},
 * {case} (a number) and {thread}; other braces are kept as written.
 * Arena-owned.
 */
char	*support_canned_fill(struct arena *, const char *tmpl,
	    const char *asker, const char *staff, int64_t case_id,
	    const char *thread);

/*
 * The periodic sweep (sodan admin support-sweep): reminders to accept and
 * the closing of solved quiet threads, with the days of conf's [support].
 * 0, or -1 (store).
 */
int	support_sweep(struct db *, int remind_days, int close_days,
	    int64_t *reminded, int64_t *closed);

/* The marker a masked secret becomes. */
/*
 * support/triage.c: staff correct the urgency class of a question
 * (urgent, normal, low) with an optional note.  One transaction
 * (store_triage_correct) that re-checks that the actor is staff, records
 * the correction (counted on /staff/stats) and logs it.  res->err: OK
 * (res->changed 0 when it already had that class), NOTFOUND, INVALID
 * (unknown class), FORBIDDEN or STORE.
 */
void	support_triage_correct(struct arena *, struct db *,
	    const struct support_actor *, int64_t thread, const char *tclass,
	    const char *note, struct support_result *res);

#define SUPPORT_MASK	"[secret masked]"

#endif
