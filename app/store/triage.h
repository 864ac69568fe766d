/*
 * store/triage.h: the urgency triage of questions in the database
 * (store/triage.c; docs/support.md, "Urgency triage").
 */
#ifndef SODAN_STORE_TRIAGE_H
#define SODAN_STORE_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

/* A thread's triage.  Strings arena-owned; reasons one per line. */
struct triage_row {
	const char	*tclass;	/* urgent, normal, low */
	const char	*auto_class;	/* the rules' class, "" unclassified */
	int64_t		 author_id;
	const char	*reasons[2];	/* by enum lang: ja, en */
};

/* An urgent question waiting on the desk. */
struct desk_urgent {
	int64_t		 id;
	const char	*title;
	int64_t		 created;
	int64_t		 first_staff;	/* 0: no staff answer yet */
	int64_t		 answers;
	const char	*claimed_by;	/* "" none */
	int64_t		 claimed_id;
	const char	*auto_class;	/* "" unclassified */
	const char	*reasons[2];	/* by enum lang, one per line */
};

enum store_triage_result {
	STORE_TRIAGE_OK,
	STORE_TRIAGE_NOTFOUND,		/* no such thread */
	STORE_TRIAGE_FORBIDDEN,		/* the actor is not staff now */
	STORE_TRIAGE_UNCHANGED,		/* already that class */
	STORE_TRIAGE__MAX
};

/* Classified questions: n[auto][final] by enum mod_tclass order
 * (normal, urgent, low); corrections and threads corrected. */
struct triage_stats {
	int64_t		 n[3][3];
	int64_t		 corrections;
	int64_t		 corrected_threads;
};

/*
 * Inside the transaction that creates thread: the rules' class (urgent,
 * normal, low) and reasons (a JSON array of {"rule","ja","en"}).  0 or -1.
 */
int	store_triage_set(struct db *, struct arena *, int64_t thread,
	    const char *tclass, const char *reasons_json);
/* The triage of thread (*out NULL: no such thread).  0 or -1. */
int	store_triage_of(struct db *, struct arena *, int64_t thread,
	    struct triage_row **out);
/*
 * Staff member staff_id (named staff_name in the log) sets thread's class
 * to tclass, with note: one transaction that locks the thread, records
 * the correction only if staff_id is staff or an admin at that moment,
 * changes the class and appends a mod_log row.  *result says what
 * happened (nothing is written unless OK); *from gets the class before
 * (arena-owned).  Returns 0, or -1 when the store failed.
 */
int	store_triage_correct(struct db *, struct arena *, int64_t thread,
	    int64_t staff_id, const char *staff_name, const char *tclass,
	    const char *note, enum store_triage_result *result,
	    const char **from);
/* Urgent questions waiting, oldest first.  0 or -1. */
int	store_desk_urgent(struct db *, struct arena *, int limit,
	    struct desk_urgent **, size_t *);
/* The figures of /staff/stats.  0 or -1. */
int	store_triage_stats(struct db *, struct arena *, struct triage_stats *);

#endif
