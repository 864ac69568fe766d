/*
 * db_internal.h: for the files of app/store only.  PGresult never leaves store/:
 * store functions copy rows into arena-owned structs and PQclear.
 */
#ifndef SODAN_DB_INTERNAL_H
#define SODAN_DB_INTERNAL_H

#include <stdint.h>

#include <libpq-fe.h>

#include "store/db.h"
#include "store/queries.h"

/*
 * Runs registered statement q with text parameters (NULL = SQL NULL).
 * Returns a result whose status is TUPLES_OK or COMMAND_OK (caller
 * PQclears), or NULL on any failure (logged; the connection is dropped if
 * it broke, and a statement outside a transaction is retried once on a
 * fresh connection).
 */
PGresult	*db_exec(struct db *, enum q, const char *const *params);
/*
 * db_exec for a statement whose rows are not read: 0, or -1 when it
 * failed.  db_run_count also gives the rows it returned or changed
 * (*affected; NULL: not wanted).
 */
int		 db_run(struct db *, enum q, const char *const *params);
int		 db_run_count(struct db *, enum q, const char *const *params,
		    int *affected);
/* Transactions; db_exec inside one is never retried. */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
/* SQLSTATE of the last failed statement ("" if none), e.g. "23505". */
const char	*db_sqlstate(struct db *);

/*
 * Rows are decoded by column name.  A decoder names the columns it reads
 * in a table indexed by its own enum (enum { C_ID, C_TITLE, C__MAX };
 * names[C_ID] = "id"); db_query runs the statement and looks every name
 * up once per result (PQfnumber).  A name the result lacks is a store
 * failure: logged with the statement's name, counted (db_failures: the
 * dispatcher answers 503) and the result cleared.  The values are then
 * read by the decoder's enum: db_i64(&k, row, C_ID).
 */
#define DB_COLS_MAX	32

struct arena;

struct db_row {
	PGresult	*res;
	int		 rows;		/* PQntuples */
	int		 col[DB_COLS_MAX];
};

/*
 * db_exec(q, params), then the n columns names[0..n) found in the result
 * (n <= DB_COLS_MAX).  Returns k->res (the caller PQclears), or NULL when
 * the statement failed or a column is missing.
 */
PGresult	*db_query(struct db *, enum q, const char *const *params,
		    struct db_row *k, const char *const *names, int n);
/* Looks the names up in a result the caller already holds; 0 or -1. */
int		 db_cols(struct db *, enum q, PGresult *, struct db_row *k,
		    const char *const *names, int n);
/* Values of row i, column c (the decoder's enum); SQL NULL reads as "". */
const char	*db_val(const struct db_row *, int i, int c);
char		*db_str(struct arena *, const struct db_row *, int i, int c);
int64_t		 db_i64(const struct db_row *, int i, int c);
int		 db_bool(const struct db_row *, int i, int c);

/*
 * A write whose result the caller does not read, inside a transaction:
 * queued (parameters copied into a) and sent in one pipeline with the
 * transaction's next statement that returns rows, or with COMMIT, so a
 * transaction of N such writes costs one round trip, not N.  Its failure
 * shows there: that statement (or db_commit) fails and the transaction
 * is rolled back; db_sqlstate names the first error.  Outside a
 * transaction it runs at once.  Returns 0, or -1 when it could not be
 * queued or (outside a transaction) run.
 */
int		 db_defer(struct db *, struct arena *, enum q,
		    const char *const *params);
/*
 * The transaction's last statement and its COMMIT in one round trip
 * (with whatever db_defer queued).  Returns q's result (caller PQclears)
 * once both succeeded; NULL when either failed, and the transaction is
 * then rolled back.  Ends the transaction either way.
 */
PGresult	*db_exec_commit(struct db *, enum q, const char *const *params);

/*
 * One decoder per query (or per row shape several queries share): the
 * columns it reads, the size of the struct it fills and the function that
 * fills one from row i.
 */
struct db_shape {
	const char *const	*names;
	int			 ncols;
	size_t			 size;
	void			(*decode)(struct arena *, const struct db_row *,
				    int i, void *row);
};
#define DB_SHAPE(names, type, fn)	\
	{ (names), (int)(sizeof(names) / sizeof((names)[0])), sizeof(type), \
	    (fn) }

/*
 * Runs q and decodes every row into an arena array of *n structs (one
 * more, zeroed, at the end).  Returns 0, or -1 when the store failed
 * (*rows NULL, *n 0).
 */
int		 db_rows(struct db *, struct arena *, enum q,
		    const char *const *params, const struct db_shape *,
		    void **rows, size_t *n);
/* The same for a statement of at most one row: *row NULL when none. */
int		 db_row1(struct db *, struct arena *, enum q,
		    const char *const *params, const struct db_shape *,
		    void **row);

struct thread_row;
/*
 * A thread list row (struct thread_row): the columns of
 * THREADS_BY_CATEGORY and the other lists, by name.  A statement that
 * returns more columns lists these first in its own names table
 * (STORE_THREAD_COLS, then its own) and decodes the thread part with
 * store_thread_decode on the same db_row.
 */
enum { TR_ID, TR_TITLE, TR_LANG, TR_ANSWERS, TR_STATUS, TR_AUTHOR,
    TR_AUTHOR_ROLE, TR_LAST_ACTIVITY, TR_PINNED, TR_HAS_OFFICIAL,
    TR_HAS_VERIFIED, TR_ACCEPTED, TR__MAX };
#define STORE_THREAD_COLS \
	"id", "title", "lang", "answer_count", "status", "display_name", \
	"role", "last_activity", "pinned", "has_official", "has_verified", \
	"accepted"
/* Fills the struct thread_row row from row i. */
void		 store_thread_decode(struct arena *, const struct db_row *,
		    int i, void *row);
/* Runs q and decodes its rows as thread list rows.  0 or -1. */
int		 store_thread_rows(struct db *, struct arena *, enum q,
		    const char *const *, struct thread_row **, size_t *);
/*
 * Runs q; *id gets column col of the first row as an integer, 0 when
 * there is none.  Returns 0 or -1 (store down, or no such column).
 */
int		 store_one_id(struct db *, enum q, const char *const *,
		    const char *col, int64_t *);
struct id_text;
/*
 * Runs q (no parameters) and copies its rows (columns "id" and "text")
 * into arena id_text items.  Returns 0 or -1 (store down).
 */
int		 store_id_texts(struct db *, struct arena *, enum q,
		    struct id_text **, size_t *);
/*
 * notifications.kind in column c of row i, decoded once (qa.c): a name
 * this build does not know is NK_UNKNOWN and logged (at most once a
 * minute), never an error.
 */
enum notif_kind	 store_notif_kind(const struct db_row *, int i, int c);
struct store_page;
/*
 * A keyset page read with limit + 1 rows of size bytes (keyset.c): sets
 * pg's more_older / more_newer (newer: the rows came from the "before the
 * cursor" statement, oldest first; had_cursor: a cursor was given), puts
 * them back newest first when newer, and returns how many the page
 * shows (at most limit).  The cursors are the caller's to set.
 */
size_t		 store_page_trim(void *rows, size_t n, size_t size, int limit,
		    int newer, int had_cursor, struct store_page *pg);

#endif
