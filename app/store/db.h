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

#include <stddef.h>
#include <stdint.h>

struct db;

/* A handle for conninfo url; does not connect.  Caller frees with db_free(). */
struct db	*db_new(const char *url);
void		 db_free(struct db *);
/* 0 when the server answers a trivial query now, -1 otherwise. */
int		 db_ping(struct db *);
/*
 * Failures of this handle that no caller can fix: no connection, a lost
 * session, a statement the server refused for any reason but an
 * integrity violation (SQLSTATE class 23, the caller's business).  The
 * dispatcher compares it before and after a handler: a handler that
 * returns without an answer after a store failure gets 503 there, in
 * one place.
 */
uint64_t	 db_failures(const struct db *);
/*
 * Round trips this handle made to the server (a statement, a prepare, a
 * BEGIN or COMMIT sent alone, or one pipeline of several): the
 * dispatcher logs the count of each request (access log "db=").
 */
uint64_t	 db_round_trips(const struct db *);
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
/*
 * Process-wide, before any connection: 1 (default) prepares each
 * registered statement once per connection (named); 0 sends each one
 * unnamed (PQexecParams), which works through pgbouncer's transaction
 * pooling.
 */
void		 db_use_prepared(int);
/*
 * The value libpq would use for keyword key when connecting to url with
 * sodan's defaults (the URL overrides them); does not wait for a server.
 * Returns 0 with the value in out, or -1 when key has no value.
 */
int		 db_conninfo(const char *url, const char *key, char *out,
		    size_t outlen);
/* Connections this handle opened, and dropped after a lost session. */
void		 db_counts(struct db *, uint64_t *connects, uint64_t *drops);
/* The same for every handle of the process, and how many are open now. */
void		 db_stats(uint64_t *connects, uint64_t *drops, uint64_t *open);
/*
 * 1 when the session's server takes writes (a primary, not read-only),
 * 0 when it does not, -1 when it cannot be asked.
 */
int		 db_writable(struct db *);

#endif
