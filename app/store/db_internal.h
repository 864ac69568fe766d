/*
 * db_internal.h: for the files of app/store only.  PGresult never leaves store/:
 * store functions copy rows into arena-owned structs and PQclear.
 */
#ifndef SODAN_DB_INTERNAL_H
#define SODAN_DB_INTERNAL_H

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
/* Transactions; db_exec inside one is never retried. */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
/* SQLSTATE of the last failed statement ("" if none), e.g. "23505". */
const char	*db_sqlstate(struct db *);

struct arena;
struct thread_row;
/*
 * Copies a thread list (the 12 columns of THREADS_BY_CATEGORY, in that
 * order) into arena rows.  Does not PQclear.  Returns 0.
 */
int		 store_thread_rows(struct arena *, PGresult *,
		    struct thread_row **, size_t *);
/*
 * Runs q; *id gets the first column of the first row as an integer, 0
 * when there is none.  Returns 0 or -1 (store down).
 */
int		 store_one_id(struct db *, enum q, const char *const *,
		    int64_t *);
struct id_text;
/*
 * Runs q (no parameters) and copies its rows, (id, text), into arena
 * id_text items.  Returns 0 or -1 (store down).
 */
int		 store_id_texts(struct db *, struct arena *, enum q,
		    struct id_text **, size_t *);

#endif
