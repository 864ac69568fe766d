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
/*
 * A handle of the read pool: the same, but libpq's target_session_attrs
 * defaults to prefer-standby (a standby of a multi-host URL first, else
 * any server); the URL may still name another.  Only for statements that
 * read.  Caller frees with db_free().
 */
struct db	*db_new_read(const char *url);
void		 db_free(struct db *);
/*
 * The read pool's view of its server, measured at most every 500 ms per
 * handle (connecting if needed): 1 a standby, with *lag_ms how far its
 * replay is behind (0 when it has replayed all it received), 0 a primary
 * (*lag_ms 0), -1 when it cannot be asked.
 */
int		 db_read_lag(struct db *, int64_t *lag_ms);
/*
 * The handle a read that tolerates lag runs on: rdb (the read pool) when
 * its server is a standby at most max_lag_ms behind, or a primary; wdb
 * when the standby is further behind or rdb cannot be asked (or rdb is
 * NULL).  Counted for db_read_stats.
 */
struct db	*db_for_read(struct db *rdb, struct db *wdb, int max_lag_ms);
/*
 * Process-wide: reads served by a standby, by a primary through the read
 * pool, sent to the write pool instead; the last lag measured on the
 * read pool (ms; 0 on a primary, -1 before the first).
 */
void		 db_read_stats(uint64_t *standby, uint64_t *primary,
		    uint64_t *fallback, int64_t *lag_ms);
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
