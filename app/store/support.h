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

struct arena;
struct db;

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
	const char	*role;		/* users.role of the author */
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

#endif
