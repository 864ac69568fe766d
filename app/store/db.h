/*
 * db.h: one PostgreSQL connection per app thread (no libpq types here).
 *
 * Opened lazily on first use; statements from the registry (queries.def)
 * are prepared on a connection the first time each is used.  When the
 * server goes away the connection is dropped and reopened on a later call
 * (at most one attempt per second while it stays down), so the forum
 * recovers by itself when PostgreSQL returns.
 */
#ifndef SODAN_DB_H
#define SODAN_DB_H

#include <stdint.h>

struct db;

/* A handle for conninfo url; does not connect.  Caller frees with db_free(). */
struct db	*db_new(const char *url);
void		 db_free(struct db *);
/* 0 when the server answers a trivial query now, -1 otherwise. */
int		 db_ping(struct db *);
/* Highest applied migration, or -1 when unavailable. */
int64_t		 db_schema_version(struct db *);
/* Highest migration embedded in this binary. */
int64_t		 db_known_version(void);
/*
 * Applies every embedded migration not yet applied, each in its own
 * transaction, under an advisory lock.  Returns 0, or -1 (logged).
 */
int		 db_migrate(struct db *);
/* Runs the embedded demo script (idempotent).  Returns 0 or -1. */
int		 db_demo(struct db *);
/* Prepares every registered statement (a test that the registry is valid). */
int		 db_prepare_all(struct db *);

#endif
