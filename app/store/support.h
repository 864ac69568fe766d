/*
 * store/support.h: support cases (migration 0110), private to a thread's
 * asker and staff.  Reads for the pages; the writes are called only by
 * app/support/, each one transaction (rows, first-staff clock and the
 * member's notification together).  Kept beside store.h so the support
 * loop's types stay in one place.
 */
#ifndef SODAN_STORE_SUPPORT_H
#define SODAN_STORE_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

struct arena;
struct cursor;
struct db;
struct store_page;

enum support_state {
	SUPPORT_OPEN,
	SUPPORT_RESOLVED,
	SUPPORT__MAX
};

struct support_case {
	int64_t			 id;
	int64_t			 thread_id;
	int64_t			 asker_id;
	enum support_state	 state;
	const char		*title;		/* the thread's */
	const char		*asker;		/* display name */
	int64_t			 created;	/* unix seconds */
	int64_t			 resolved;	/* 0: not resolved */
};

struct support_msg {
	int64_t		 id;
	int64_t		 author_id;
	const char	*author;	/* display name */
	enum role	 role;		/* users.role of the author */
	int		 staff;		/* written by staff */
	const char	*cooked;	/* md_cook() output, secrets masked */
	int		 masked;	/* a secret was masked before storage */
	const char	*flagged;	/* filters' reasons ("" none): staff only */
	int64_t		 created;
};

/* What one message adds (support_write_msg). */
struct support_new_msg {
	int64_t		 author_id;
	int		 staff;
	const char	*body_md;	/* masked */
	const char	*cooked;
	int		 masked;
	const char	*flagged;
};

/* The case of thread (*out NULL when none).  0, or -1 (store down). */
int	store_support_by_thread(struct db *, struct arena *, int64_t thread,
	    struct support_case **out);
/* The case id (*out NULL when none).  0 or -1.  Arena-owned. */
int	store_support_get(struct db *, struct arena *, int64_t id,
	    struct support_case **out);
/* The messages of a case, oldest first.  0 or -1.  Arena-owned. */
int	store_support_messages(struct db *, struct arena *, int64_t case_id,
	    struct support_msg **out, size_t *n);
/*
 * One transaction: opens the case of thread for asker (opened_by: who
 * pressed the button) with its first message.  *case_id: the new case,
 * or the existing one when the thread already had a case (then the
 * message is added to it).  0 or -1.
 */
int	store_support_open(struct db *, int64_t thread, int64_t asker,
	    int64_t opened_by, const struct support_new_msg *,
	    int64_t *case_id);
/*
 * One transaction: adds a message to case c; a staff message starts the
 * first-staff clock and tells the asker (notification support_reply).
 */
int	store_support_reply(struct db *, const struct support_case *c,
	    const struct support_new_msg *);
/*
 * One transaction: sets the case's state (staff); resolving tells the
 * asker (support_resolved).  *changed 0 when it already had that state.
 */
int	store_support_set_state(struct db *, const struct support_case *c,
	    enum support_state, int64_t staff_id, int *changed);

/* The staff desk: an open unsolved thread and its clocks (unix seconds). */
struct desk_thread {
	int64_t		 id;
	const char	*title;
	const char	*slug;
	const char	*cat_name[2];	/* ja, en */
	int64_t		 answers;
	int64_t		 created;
	int64_t		 first_answer;	/* 0: none yet */
	int64_t		 first_staff;	/* 0: none yet */
	const char	*claimed_by;	/* display name, "" none */
	int64_t		 claimed_id;
	int64_t		 case_id;	/* 0: not escalated */
};
struct desk_case {
	int64_t		 id;
	int64_t		 thread_id;
	const char	*title;
	const char	*slug;
	const char	*asker;
	int64_t		 created;
	int64_t		 first_staff;	/* 0: no staff message yet */
	const char	*claimed_by;
};
struct desk_staff {
	int64_t		 id;
	const char	*name;
};
/*
 * A page of the desk's waiting questions (open unsolved threads, by
 * category, unanswered first, oldest first), by
 * keyset (DESK_PAGE_O / _N): at NULL the first page; the cursor holds
 * (category id * 2 + part, creation time in microseconds, thread id),
 * part 0 unanswered, 1 answered; another shape sets pg->bad_cursor.
 */
int	store_desk_page(struct db *, struct arena *, const struct cursor *at,
	    int limit, struct desk_thread **, struct store_page *);
/*
 * A page of the open support cases, oldest first, by keyset
 * (DESK_CASES_O / _N): at NULL the first page; the cursor holds (creation
 * time in microseconds, case id); another shape sets pg->bad_cursor.
 * Fills *out (arena-owned, pg->n rows) and pg.
 */
int	store_desk_cases(struct db *, struct arena *, const struct cursor *at,
	    int limit, struct desk_case **, struct store_page *);
/* Staff and admins (claim and assign). */
int	store_desk_staff(struct db *, struct arena *, struct desk_staff **,
	    size_t *);
/*
 * Claims thread for staff_id (by: who assigned it); *ok 0 when staff_id
 * is not staff.  One statement.
 */
int	store_support_claim(struct db *, int64_t thread, int64_t staff_id,
	    int64_t by, int *ok);
/* Releases the claim on thread; *ok 0 when there was none. */
int	store_support_release(struct db *, int64_t thread, int *ok);
/* Who holds thread (*name NULL when nobody).  Arena-owned. */
int	store_support_claim_of(struct db *, struct arena *, int64_t thread,
	    int64_t *staff_id, const char **name);

/* Support analytics: one category and week. */
struct stats_week {
	const char	*slug;
	const char	*cat_name[2];
	int64_t		 week;		/* its Monday, unix seconds */
	const char	*week_label;	/* "YYYY-MM-DD" of that Monday */
	int64_t		 this_week;	/* the current week's Monday */
	int64_t		 questions;
	int64_t		 answered;	/* with a visible answer */
	int64_t		 solved;	/* accepted or official answer */
	int64_t		 fa_p50, fa_p90;	/* to first answer, s; -1: none */
	int64_t		 fo_p50, fo_p90;	/* to official answer, s; -1: none */
	int64_t		 solved_views;	/* views that week of threads solved now */
};
struct stats_tag {
	const char	*slug;
	const char	*tag;
	int64_t		 n;
};
/* The last weeks weeks, by category then week.  Arena-owned. */
int	store_stats_weeks(struct db *, struct arena *, int weeks,
	    struct stats_week **, size_t *);
/* Tags of open unanswered questions of those weeks, most first. */
int	store_stats_tags(struct db *, struct arena *, int weeks,
	    struct stats_tag **, size_t *);
/*
 * One transaction: reminds the askers of threads whose first answer is
 * older than remind_days (and none accepted or official) to accept one
 * (notification accept_reminder, once per thread), and closes open
 * threads with an accepted or official answer and no activity for
 * close_days (once per thread).  A day count of 0 skips that part.
 * *reminded, *closed: how many.  0 or -1.
 */
int	store_support_sweep(struct db *, int remind_days, int close_days,
	    int64_t *reminded, int64_t *closed);

#endif
