/*
 * store/db.c: the per-thread PostgreSQL connection: lazy connect,
 * prepare-on-first-use, reconnect, transactions, migrations.  This is the
 * only file allowed to call PQexec (migration and demo scripts, BEGIN and
 * COMMIT); everything else runs registered statements with PQexecPrepared.
 *
 * The connection string is the operator's: db_connect() passes a few
 * defaults (timeouts, TCP keepalives, tcp_user_timeout, read-write
 * sessions, statement timeout) BEFORE the string in PQconnectdbParams'
 * arrays, so any of them written in the URL wins (libpq keeps the last
 * value of a repeated keyword).  Multi-host URLs work as libpq defines them;
 * with target_session_attrs=read-write (the default here) libpq skips hosts
 * that are standbys.
 *
 * A connection is dropped, and a statement outside a transaction retried
 * once on a fresh one, when the server went away or answered that it can
 * no longer serve this session: read-only (25006, a primary demoted under
 * us), admin or crash shutdown (57P01, 57P02), cannot connect now (57P03)
 * or any connection-class error (08...).
 *
 * Statements: by default each registered statement is prepared (named) on a
 * connection the first time it is used.  Behind pgbouncer in transaction
 * pooling a named statement may be gone on the next transaction's server
 * connection, so db_use_prepared(0) switches every statement to the
 * unnamed one-shot form (PQexecParams: parse, plan and run in one round
 * trip), which any pooler passes through; docs/operations.md gives the
 * cost measured.
 *
 * Round trips: inside a transaction BEGIN is not sent alone (db_begin
 * only marks it), and writes whose results nobody reads are queued
 * (db_defer).  Both go, in order, in one libpq pipeline with the next
 * statement that returns something, or with COMMIT (db_commit,
 * db_exec_commit: the transaction's last statement and COMMIT together).
 * The server runs a pipeline's statements one after another as if sent
 * one by one and skips the rest after a failure, so the transaction
 * stays all or nothing; the failure is reported by the call that sent
 * the pipeline.  Every round trip is counted (db_round_trips; the access
 * log's db=).
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "lib/embedded.h"
#include "lib/log.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/db_internal.h"

#define DB_RETRY_US	1000000
#define DB_LAG_US	500000		/* read pool: lag measured this often */
#define DB_RESTANDBY_US	10000000	/* read pool on a primary: look again */
#define DB_PEND_MAX	32	/* deferred statements before a flush */
#define DB_PARAMS_MAX	16	/* parameters of one registered statement */

/* A statement queued by db_defer, sent with the next round trip. */
struct db_pend {
	enum q		 q;
	const char	*p[DB_PARAMS_MAX];	/* arena copies */
};

static int	 use_prepared = 1;	/* set once at start-up */
static _Atomic uint64_t	 all_connects, all_drops, all_open;
/* the read pool: requests per server kind, the last lag measured */
static _Atomic uint64_t	 reads_standby, reads_primary, reads_fallback;
static _Atomic int64_t	 read_lag_ms = -1;

struct db {
	char		*url;
	int		 read;		/* read pool: prefer-standby */
	uint64_t	 lag_at;	/* when lag_ms was measured (us) */
	int64_t		 lag_ms;	/* db_read_lag(), cached DB_LAG_US */
	int		 standby;
	char		 received[32];	/* the standby's receive LSN then */
	uint64_t	 conn_at;	/* when this connection was opened */
	PGconn		*conn;
	uint64_t	 next_try;
	int		 in_tx;
	uint64_t	 connects;	/* connections opened */
	uint64_t	 drops;		/* dropped after a lost-session error */
	uint64_t	 failures;	/* see db_failures() */
	unsigned char	 prepared[Q__MAX];
	char		 sqlstate[6];
	uint64_t	 trips;		/* round trips to the server */
	int		 begin_pending;	/* BEGIN not sent yet (db_begin) */
	size_t		 npend;
	struct db_pend	 pend[DB_PEND_MAX];
};

static int	 db_connect(struct db *);
static int	 db_failed(struct db *);
static void	 db_drop(struct db *);
static int	 db_simple(struct db *, const char *);
static int	 migration_version(const char *);
static int	 db_lost_state(const char *);
static PGconn	*db_open(const char *, int, int);
static int	 db_send(struct db *, int, const char *const *);
static PGresult	*db_pipeline(struct db *, int, const char *const *, int);
static int	 db_flush(struct db *);

/*
 * Defaults, given before the URL so the URL overrides each of them:
 * fail a connect after 2 s; notice a dead peer within about 20 s when
 * idle (keepalives) and 10 s when data is unacknowledged
 * (tcp_user_timeout); only read-write sessions (a demoted primary is
 * refused, the next host of a multi-host URL tried); statements time out
 * after 10 s; no JIT compilation (a page's statement costed above
 * jit_above_cost, as the desk's generic plan is at 10 M posts, spent
 * 30-150 ms compiling 83 functions on every run to save nothing).
 */
static const char *const db_keys[] = { "connect_timeout", "keepalives",
    "keepalives_idle", "keepalives_interval", "keepalives_count",
    "tcp_user_timeout", "target_session_attrs", "application_name",
    "options", "dbname", NULL };
static const char *const db_vals[] = { "2", "1", "10", "3", "3", "10000",
    "read-write", "sodan", "-c statement_timeout=10000 -c jit=off", NULL,
    NULL };
#define DB_URL_AT	9
#define DB_TSA_AT	6		/* target_session_attrs */

static void
notice_quiet(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

struct db *
db_new(const char *url)
{
	struct db	*db = xcalloc(1, sizeof(*db));

	db->url = xstrdup(url);
	return db;
}

struct db *
db_new_read(const char *url)
{
	struct db	*db = db_new(url);

	db->read = 1;
	return db;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_drop(db);
	free(db->url);
	free(db);
}

static void
db_drop(struct db *db)
{
	if (db->conn != NULL) {
		PQfinish(db->conn);
		atomic_fetch_sub(&all_open, 1);
	}
	db->conn = NULL;
	db->in_tx = 0;
	db->begin_pending = 0;
	db->npend = 0;
	memset(db->prepared, 0, sizeof(db->prepared));
}

void
db_use_prepared(int on)
{
	use_prepared = on != 0;
}

/*
 * Blocking (wait) or started (!wait) connection for url, with db_vals
 * (a read-pool handle prefers a standby instead of requiring read-write).
 */
static PGconn *
db_open(const char *url, int wait, int read)
{
	const char	*vals[NELEM(db_vals)];

	memcpy(vals, db_vals, sizeof(vals));
	vals[DB_URL_AT] = url;
	if (read)
		vals[DB_TSA_AT] = "prefer-standby";
	return wait ? PQconnectdbParams(db_keys, vals, 1) :
	    PQconnectStartParams(db_keys, vals, 1);
}

int
db_conninfo(const char *url, const char *key, char *out, size_t outlen)
{
	PGconn			*c;
	PQconninfoOption	*o, *opts;
	int			 rc = -1;

	if ((c = db_open(url, 0, 0)) == NULL)
		return -1;
	if ((opts = PQconninfo(c)) != NULL) {
		for (o = opts; o->keyword != NULL; o++)
			if (strcmp(o->keyword, key) == 0 && o->val != NULL) {
				snprintf(out, outlen, "%s", o->val);
				rc = 0;
			}
		PQconninfoFree(opts);
	}
	PQfinish(c);
	return rc;
}

/*
 * 1 when sqlstate says this session cannot go on (see the top of the
 * file): drop the connection; outside a transaction, retry once.
 */
static int
db_lost_state(const char *ss)
{
	return strcmp(ss, "25006") == 0 || strcmp(ss, "57P01") == 0 ||
	    strcmp(ss, "57P02") == 0 || strcmp(ss, "57P03") == 0 ||
	    strncmp(ss, "08", 2) == 0;
}

static int
db_connect(struct db *db)
{
	uint64_t	 now = util_now_us();

	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
		return 0;
	db_drop(db);
	if (now < db->next_try)
		return db_failed(db);
	db->conn = db_open(db->url, 1, db->read);
	db->lag_at = 0;
	db->conn_at = now;
	if (db->conn != NULL)
		atomic_fetch_add(&all_open, 1);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		log_ratelimited("db-connect", 10, "PostgreSQL: cannot connect: "
		    "%s", db->conn ? PQerrorMessage(db->conn) : "out of memory");
		db_drop(db);
		db->next_try = now + DB_RETRY_US;
		return db_failed(db);
	}
	PQsetNoticeReceiver(db->conn, notice_quiet, NULL);
	db->next_try = 0;
	db->connects++;
	atomic_fetch_add(&all_connects, 1);
	return 0;
}

PGresult *
db_exec(struct db *db, enum q q, const char *const *params)
{
	PGresult	*res;
	int		 attempt, st;
	const char	*ss;

	/* a transaction's BEGIN and deferred writes go with this statement */
	if (db->begin_pending || db->npend > 0)
		return db_pipeline(db, (int)q, params, 0);
	db->sqlstate[0] = '\0';
	for (attempt = 0; attempt < 2; attempt++) {
		if (db_connect(db) == -1)
			return NULL;	/* counted by db_connect */
		if (use_prepared && !db->prepared[q]) {
			db->trips++;
			res = PQprepare(db->conn, q_name[q], q_sql[q],
			    q_nparams[q], NULL);
			st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
			if (st != PGRES_COMMAND_OK) {
				if (PQstatus(db->conn) != CONNECTION_BAD)
					log_err("prepare %s: %s", q_name[q],
					    res ? PQresultErrorMessage(res) :
					    PQerrorMessage(db->conn));
				PQclear(res);
				if (PQstatus(db->conn) == CONNECTION_BAD &&
				    !db->in_tx) {
					db_drop(db);
					continue;
				}
				db_failed(db);
				return NULL;
			}
			PQclear(res);
			db->prepared[q] = 1;
		}
		db->trips++;
		if (use_prepared)
			res = PQexecPrepared(db->conn, q_name[q], q_nparams[q],
			    params, NULL, NULL, 0);
		else
			res = PQexecParams(db->conn, q_sql[q], q_nparams[q],
			    NULL, params, NULL, NULL, 0);
		st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
			return res;
		if (res != NULL && (ss = PQresultErrorField(res,
		    PG_DIAG_SQLSTATE)) != NULL)
			snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", ss);
		if (PQstatus(db->conn) == CONNECTION_BAD ||
		    db_lost_state(db->sqlstate)) {
			log_ratelimited("db-lost", 10, "PostgreSQL: %s: %s; "
			    "reconnecting", q_name[q], res ?
			    PQresultErrorMessage(res) : PQerrorMessage(db->conn));
			PQclear(res);
			db->drops++;
			atomic_fetch_add(&all_drops, 1);
			if (db->in_tx) {
				db_drop(db);
				db_failed(db);
				return NULL;
			}
			db_drop(db);
			continue;	/* another server, or it restarted */
		}
		/* Unique violations etc. are the caller's business. */
		if (strncmp(db->sqlstate, "23", 2) != 0) {
			log_err("%s: %s", q_name[q], res ?
			    PQresultErrorMessage(res) : "no result");
			db_failed(db);
		}
		PQclear(res);
		return NULL;
	}
	db_failed(db);
	return NULL;
}

/* Counts a failure the caller cannot fix (see db_failures); returns -1. */
static int
db_failed(struct db *db)
{
	db->failures++;
	return -1;
}

uint64_t
db_round_trips(const struct db *db)
{
	return db->trips;
}

uint64_t
db_failures(const struct db *db)
{
	return db->failures;
}

const char *
db_sqlstate(struct db *db)
{
	return db->sqlstate;
}

static int
db_simple(struct db *db, const char *sql)
{
	PGresult	*res;
	int		 ok;

	if ((db->begin_pending || db->npend > 0) && db_flush(db) == -1)
		return -1;
	if (db_connect(db) == -1)
		return -1;
	db->trips++;
	res = PQexec(db->conn, sql);
	ok = res && (PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK);
	if (!ok) {
		db_failed(db);
		log_err("%.60s: %s", sql, res ? PQresultErrorMessage(res) :
		    PQerrorMessage(db->conn));
		if (PQstatus(db->conn) == CONNECTION_BAD || (res != NULL &&
		    PQresultErrorField(res, PG_DIAG_SQLSTATE) != NULL &&
		    db_lost_state(PQresultErrorField(res,
		    PG_DIAG_SQLSTATE)))) {
			db->drops++;
			atomic_fetch_add(&all_drops, 1);
			db_drop(db);
		}
	}
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * BEGIN is not sent on its own: it goes in one pipeline with the
 * transaction's first statement (or with COMMIT, or not at all when the
 * transaction ran nothing).
 */
int
db_begin(struct db *db)
{
	if ((db->begin_pending || db->npend > 0) && db_flush(db) == -1)
		return -1;
	if (db_connect(db) == -1)
		return -1;
	db->in_tx = 1;
	db->begin_pending = 1;
	return 0;
}

int
db_commit(struct db *db)
{
	PGresult	*res;
	int		 rc = 0;

	if (db->begin_pending && db->npend == 0)
		db->begin_pending = 0;		/* nothing ran: nothing to end */
	else if (db->begin_pending || db->npend > 0) {
		if ((res = db_pipeline(db, -1, NULL, 1)) == NULL) {
			rc = -1;
			db_rollback(db);	/* the failed transaction is open */
		} else
			PQclear(res);
	} else
		rc = db_simple(db, "COMMIT");
	db->in_tx = 0;
	return rc;
}

void
db_rollback(struct db *db)
{
	db->npend = 0;
	if (db->begin_pending)
		db->begin_pending = 0;		/* BEGIN never sent */
	else if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
		(void)db_simple(db, "ROLLBACK");
	db->in_tx = 0;
}

int
db_defer(struct db *db, struct arena *a, enum q q, const char *const *params)
{
	struct db_pend	*d;
	PGresult	*res;
	int		 i;

	if (!db->in_tx) {
		if ((res = db_exec(db, q, params)) == NULL)
			return -1;
		PQclear(res);
		return 0;
	}
	if (q_nparams[q] > DB_PARAMS_MAX) {
		log_err("%s: %d parameters, at most %d deferred", q_name[q],
		    q_nparams[q], DB_PARAMS_MAX);
		return db_failed(db);
	}
	if (db->npend == DB_PEND_MAX && db_flush(db) == -1)
		return -1;
	d = &db->pend[db->npend++];
	d->q = q;
	for (i = 0; i < q_nparams[q]; i++)
		d->p[i] = params[i] != NULL ? arena_strdup(a, params[i]) : NULL;
	return 0;
}

int
db_run_count(struct db *db, enum q q, const char *const *params,
    int *affected)
{
	PGresult	*res;

	if ((res = db_exec(db, q, params)) == NULL)
		return -1;
	if (affected != NULL)
		*affected = PQresultStatus(res) == PGRES_TUPLES_OK ?
		    PQntuples(res) : atoi(PQcmdTuples(res));
	PQclear(res);
	return 0;
}

int
db_run(struct db *db, enum q q, const char *const *params)
{
	return db_run_count(db, q, params, NULL);
}

PGresult *
db_exec_commit(struct db *db, enum q q, const char *const *params)
{
	PGresult	*res;

	if (!db->in_tx) {
		log_err("%s: db_exec_commit outside a transaction", q_name[q]);
		db_failed(db);
		return NULL;
	}
	if ((res = db_pipeline(db, (int)q, params, 1)) == NULL)
		db_rollback(db);	/* the failed transaction is open */
	db->in_tx = 0;
	return res;
}

/* Sends what is pending (BEGIN, deferred statements) now; 0 or -1. */
static int
db_flush(struct db *db)
{
	PGresult	*res;

	if ((res = db_pipeline(db, -1, NULL, 0)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/*
 * Queues one registered statement (after its PQsendPrepare the first
 * time on this connection) in the pipeline.  Returns how many results it
 * will bring (1 or 2), or -1.
 */
static int
db_send(struct db *db, int q, const char *const *p)
{
	int	n = 0;

	if (use_prepared && !db->prepared[q]) {
		if (PQsendPrepare(db->conn, q_name[q], q_sql[q], q_nparams[q],
		    NULL) != 1)
			return -1;
		db->prepared[q] = 2;	/* sent: 1 once its result is good */
		n++;
	}
	if (use_prepared ? PQsendQueryPrepared(db->conn, q_name[q],
	    q_nparams[q], p, NULL, NULL, 0) != 1 :
	    PQsendQueryParams(db->conn, q_sql[q], q_nparams[q], NULL, p, NULL,
	    NULL, 0) != 1)
		return -1;
	return n + 1;
}

/*
 * One round trip in libpq's pipeline mode: BEGIN if it is pending, the
 * deferred statements in order, then statement last (when last >= 0)
 * and COMMIT (when commit).  Returns the result of statement last, or
 * else of the last command sent (caller PQclears), or NULL when any of
 * them failed (a COMMIT that rolled back included): the server
 * skips everything after a failure up to the pipeline's end, so the
 * transaction is then aborted and the caller rolls it back.  Nothing is
 * retried (a transaction is open).
 */
static PGresult *
db_pipeline(struct db *db, int last, const char *const *lastp, int commit)
{
	enum { X_SIMPLE = -1, X_PREPARE = -2 };
	int		 what[2 * DB_PEND_MAX + 4], stmt[2 * DB_PEND_MAX + 4];
	int		 n = 0, i, k, q, st, broken = 0, failed = 0, at = -1;
	size_t		 j;
	PGresult	*res, *keep = NULL;
	const char	*ss;

	db->sqlstate[0] = '\0';
	/* BEGIN went earlier: only its own connection may go on */
	if (!db->begin_pending && (db->conn == NULL ||
	    PQstatus(db->conn) != CONNECTION_OK)) {
		db->npend = 0;
		db_drop(db);
		db_failed(db);
		return NULL;
	}
	if (db_connect(db) == -1) {
		db->npend = 0;
		db->begin_pending = 0;
		return NULL;
	}
	if (PQenterPipelineMode(db->conn) != 1) {
		log_err("PostgreSQL: cannot enter pipeline mode: %s",
		    PQerrorMessage(db->conn));
		db->npend = 0;
		db->begin_pending = 0;
		db_failed(db);
		return NULL;
	}
	if (db->begin_pending) {
		if (PQsendQueryParams(db->conn, "BEGIN", 0, NULL, NULL, NULL,
		    NULL, 0) != 1)
			broken = 1;
		stmt[n] = -1;
		what[n++] = X_SIMPLE;
	}
	for (j = 0; j < db->npend + (last >= 0) && !broken; j++) {
		q = j < db->npend ? (int)db->pend[j].q : last;
		if ((k = db_send(db, q, j < db->npend ? db->pend[j].p :
		    lastp)) == -1) {
			broken = 1;
			break;
		}
		if (k == 2) {
			stmt[n] = q;
			what[n++] = X_PREPARE;
		}
		stmt[n] = q;
		if (j == db->npend)
			at = n;		/* statement last: its result */
		what[n++] = q;
	}
	if (commit && !broken) {
		if (PQsendQueryParams(db->conn, "COMMIT", 0, NULL, NULL, NULL,
		    NULL, 0) != 1)
			broken = 1;
		stmt[n] = -1;
		what[n++] = X_SIMPLE;
	}
	db->npend = 0;
	db->begin_pending = 0;
	if (!broken && PQpipelineSync(db->conn) != 1)
		broken = 1;
	db->trips++;
	for (i = 0; i < n && !broken; i++) {
		if ((res = PQgetResult(db->conn)) == NULL) {
			broken = 1;
			break;
		}
		st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
			if (what[i] == X_PREPARE)
				db->prepared[stmt[i]] = 1;
			if (commit && i == n - 1 &&
			    strcmp(PQcmdStatus(res), "COMMIT") != 0)
				failed = 1;	/* the server rolled back */
		} else {
			if (what[i] == X_PREPARE)
				db->prepared[stmt[i]] = 0;
			if (st != PGRES_PIPELINE_ABORTED && !failed) {
				ss = PQresultErrorField(res, PG_DIAG_SQLSTATE);
				snprintf(db->sqlstate, sizeof(db->sqlstate),
				    "%s", ss != NULL ? ss : "");
				/* unique violations etc.: the caller's */
				if (strncmp(db->sqlstate, "23", 2) != 0)
					log_err("%s: %s", stmt[i] >= 0 ?
					    q_name[stmt[i]] : "BEGIN/COMMIT",
					    PQresultErrorMessage(res));
			}
			failed = 1;
		}
		if (i == (at >= 0 ? at : n - 1) && !failed)
			keep = res;
		else
			PQclear(res);
		/* each command's results end with a NULL */
		if ((res = PQgetResult(db->conn)) != NULL) {
			PQclear(res);
			broken = 1;
		}
	}
	if (!broken) {
		res = PQgetResult(db->conn);
		if (res == NULL || PQresultStatus(res) != PGRES_PIPELINE_SYNC)
			broken = 1;
		PQclear(res);
	}
	if (broken || PQexitPipelineMode(db->conn) != 1) {
		log_ratelimited("db-lost", 10, "PostgreSQL: pipeline: %s; "
		    "reconnecting", PQerrorMessage(db->conn));
		PQclear(keep);
		db->drops++;
		atomic_fetch_add(&all_drops, 1);
		db_drop(db);
		db_failed(db);
		return NULL;
	}
	for (i = 0; i < n; i++)		/* prepares never answered */
		if (what[i] == X_PREPARE && db->prepared[stmt[i]] == 2)
			db->prepared[stmt[i]] = 0;
	if (failed) {
		PQclear(keep);
		keep = NULL;
		if (db_lost_state(db->sqlstate)) {
			db->drops++;
			atomic_fetch_add(&all_drops, 1);
			db_drop(db);
		}
		if (strncmp(db->sqlstate, "23", 2) != 0)
			db_failed(db);
		return NULL;
	}
	return keep;
}

int
db_ping(struct db *db)
{
	PGresult	*res;

	if ((res = db_exec(db, Q_PING, NULL)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int64_t
db_schema_version(struct db *db)
{
	int64_t		 v;

	if (store_one_id(db, Q_SCHEMA_VERSION, NULL, "version", &v) == -1)
		return -1;
	return v;
}

/* "sql/0012_name.sql" -> 12; anything else (sql/demo/...) -> -1. */
static int
migration_version(const char *name)
{
	int	i, v = 0;

	if (strncmp(name, "sql/", 4) != 0)
		return -1;
	for (i = 4; i < 8; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return name[8] == '_' && strchr(name + 4, '/') == NULL ? v : -1;
}

int64_t
db_known_version(void)
{
	size_t	i;
	int	v, max = 0;

	for (i = 0; i < embedded_nfiles; i++)
		if ((v = migration_version(embedded_files[i].name)) > max)
			max = v;
	return max;
}

int
db_migrate(struct db *db)
{
	size_t		 i;
	int		 v, k;
	char		 vs[16];
	const char	*params[2];
	PGresult	*res;
	int64_t		 have;
	unsigned char	*applied = NULL;

	if (db_simple(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version integer PRIMARY KEY, name text NOT NULL, "
	    "applied_at timestamptz NOT NULL DEFAULT now())") == -1 ||
	    db_simple(db, "SELECT pg_advisory_lock(7361626)") == -1)
		return -1;
	if ((have = db_schema_version(db)) < 0)
		goto fail;
	if (have > db_known_version()) {
		log_err("the database schema (version %lld) is newer than this "
		    "binary knows (%lld)", (long long)have,
		    (long long)db_known_version());
		goto fail;
	}
	/*
	 * The versions recorded, read in one round trip (a query per file
	 * cost a round trip for each of some 200 files on every start of a
	 * test server): applied[v] is 1 for each.  No other migrator runs
	 * meanwhile (the advisory lock), so only the loop below adds to them.
	 */
	applied = xcalloc((size_t)have + 1, 1);
	res = PQexecParams(db->conn, "SELECT version FROM schema_migrations",
	    0, NULL, NULL, NULL, NULL, 0);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		goto fail;
	}
	for (k = 0; k < PQntuples(res); k++) {
		v = atoi(PQgetvalue(res, k, 0));
		if (v >= 0 && v <= have)
			applied[v] = 1;
	}
	PQclear(res);
	/*
	 * Embedded files are sorted by name, so migrations come in order.
	 * Any version not yet recorded is applied, even below the highest
	 * applied one (branches may land migrations out of numeric order).
	 */
	for (i = 0; i < embedded_nfiles; i++) {
		if ((v = migration_version(embedded_files[i].name)) < 0)
			continue;
		if (v <= have && applied[v])
			continue;
		/*
		 * No statement timeout inside a migration: on a large forum
		 * one may rewrite a million rows (0022 takes about a minute
		 * per million posts).
		 */
		if (db_begin(db) == -1)
			goto fail;
		if (db_simple(db, "SET LOCAL statement_timeout = 0") == -1) {
			db_rollback(db);
			goto fail;
		}
		if (db_simple(db, (const char *)embedded_files[i].data) == -1) {
			log_err("migration %s failed", embedded_files[i].name);
			db_rollback(db);
			goto fail;
		}
		snprintf(vs, sizeof(vs), "%d", v);
		params[0] = vs;
		params[1] = embedded_files[i].name;
		res = PQexecParams(db->conn, "INSERT INTO schema_migrations "
		    "(version, name) VALUES ($1, $2)", 2, NULL, params, NULL,
		    NULL, 0);
		if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
			PQclear(res);
			db_rollback(db);
			goto fail;
		}
		PQclear(res);
		if (db_commit(db) == -1)
			goto fail;
		log_info("applied %s", embedded_files[i].name);
	}
	(void)db_simple(db, "SELECT pg_advisory_unlock(7361626)");
	free(applied);
	return 0;
fail:
	if (db->conn != NULL)
		(void)db_simple(db, "SELECT pg_advisory_unlock(7361626)");
	free(applied);
	return -1;
}

int
db_demo(struct db *db)
{
	const struct embedded	*e;

	if ((e = embedded_find("sql/demo/demo.sql")) == NULL)
		return -1;
	return db_simple(db, (const char *)e->data);
}

void
db_counts(struct db *db, uint64_t *connects, uint64_t *drops)
{
	*connects = db->connects;
	*drops = db->drops;
}

void
db_stats(uint64_t *connects, uint64_t *drops, uint64_t *open)
{
	*connects = atomic_load(&all_connects);
	*drops = atomic_load(&all_drops);
	*open = atomic_load(&all_open);
}

int
db_writable(struct db *db)
{
	static const char *const cols[1] = { "writable" };
	PGresult	*res;
	struct db_row	 k;
	int		 w;

	if ((res = db_query(db, Q_WRITABLE, NULL, &k, cols, 1)) == NULL)
		return -1;
	w = k.rows == 1 && db_bool(&k, 0, 0);
	PQclear(res);
	return w;
}

int
db_read_lag(struct db *db, int64_t *lag_ms)
{
	static const char *const cols[3] = { "standby", "lag_ms",
	    "received" };
	const char	*params[1];
	PGresult	*res;
	struct db_row	 k;
	uint64_t	 now = util_now_us();

	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK &&
	    db->lag_at != 0 && now - db->lag_at < DB_LAG_US) {
		*lag_ms = db->lag_ms;
		return db->standby;
	}
	/*
	 * A read-pool session that found a primary (no standby was up when
	 * it connected, or its standby was promoted) looks for a standby of
	 * a multi-host URL again every DB_RESTANDBY_US: prefer-standby takes
	 * one that came back (the old primary, rejoined), else the primary.
	 */
	if (db->read && db->conn != NULL && db->lag_at != 0 && !db->standby &&
	    strchr(db->url, ',') != NULL &&
	    now - db->conn_at > DB_RESTANDBY_US) {
		db_drop(db);
		db->lag_at = 0;
	}
	/* what it had received at the last measurement on this session */
	params[0] = db->lag_at != 0 && db->received[0] != '\0' ?
	    db->received : NULL;
	if ((res = db_query(db, Q_REPLICA_LAG, params, &k, cols, 3)) == NULL)
		return -1;
	if (k.rows != 1) {
		PQclear(res);
		return -1;
	}
	db->standby = db_bool(&k, 0, 0);
	db->lag_ms = db_i64(&k, 0, 1);
	snprintf(db->received, sizeof(db->received), "%s",
	    db_val(&k, 0, 2));
	db->lag_at = now;
	PQclear(res);
	*lag_ms = db->lag_ms;
	return db->standby;
}

struct db *
db_for_read(struct db *rdb, struct db *wdb, int max_lag_ms)
{
	int64_t	 lag = 0;

	if (rdb == NULL || rdb == wdb)
		return wdb;
	switch (db_read_lag(rdb, &lag)) {
	case 1:
		atomic_store(&read_lag_ms, lag);
		if (lag <= max_lag_ms) {
			atomic_fetch_add(&reads_standby, 1);
			return rdb;
		}
		break;
	case 0:
		atomic_store(&read_lag_ms, 0);
		atomic_fetch_add(&reads_primary, 1);
		return rdb;
	default:
		break;
	}
	atomic_fetch_add(&reads_fallback, 1);
	return wdb;
}

void
db_read_stats(uint64_t *standby, uint64_t *primary, uint64_t *fallback,
    int64_t *lag_ms)
{
	*standby = atomic_load(&reads_standby);
	*primary = atomic_load(&reads_primary);
	*fallback = atomic_load(&reads_fallback);
	*lag_ms = atomic_load(&read_lag_ms);
}

int
db_prepare_all(struct db *db)
{
	PGresult	*res;
	int		 q, rc = 0;

	if (db_connect(db) == -1)
		return -1;
	for (q = 0; q < Q__MAX; q++) {
		if (db->prepared[q])
			continue;
		res = PQprepare(db->conn, q_name[q], q_sql[q], q_nparams[q],
		    NULL);
		if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
			log_err("prepare %s: %s", q_name[q], res ?
			    PQresultErrorMessage(res) : "no result");
			rc = -1;
		} else
			db->prepared[q] = 1;
		PQclear(res);
	}
	return rc;
}

int
db_cols(struct db *db, enum q q, PGresult *res, struct db_row *k,
    const char *const *names, int n)
{
	int	c;

	k->res = res;
	k->rows = PQntuples(res);
	if (n > DB_COLS_MAX) {
		log_err("%s: %d columns to decode, at most %d", q_name[q], n,
		    DB_COLS_MAX);
		return db_failed(db);
	}
	for (c = 0; c < n; c++)
		if ((k->col[c] = PQfnumber(res, names[c])) < 0) {
			log_err("%s: the result has no column \"%s\"",
			    q_name[q], names[c]);
			return db_failed(db);
		}
	return 0;
}

PGresult *
db_query(struct db *db, enum q q, const char *const *params,
    struct db_row *k, const char *const *names, int n)
{
	PGresult	*res;

	if ((res = db_exec(db, q, params)) == NULL)
		return NULL;
	if (db_cols(db, q, res, k, names, n) == -1) {
		PQclear(res);
		return NULL;
	}
	return res;
}

const char *
db_val(const struct db_row *k, int i, int c)
{
	return PQgetvalue(k->res, i, k->col[c]);
}

char *
db_str(struct arena *a, const struct db_row *k, int i, int c)
{
	return arena_strdup(a, PQgetvalue(k->res, i, k->col[c]));
}

int64_t
db_i64(const struct db_row *k, int i, int c)
{
	return strtoll(PQgetvalue(k->res, i, k->col[c]), NULL, 10);
}

int
db_bool(const struct db_row *k, int i, int c)
{
	return PQgetvalue(k->res, i, k->col[c])[0] == 't';
}

int
db_rows(struct db *db, struct arena *a, enum q q, const char *const *params,
    const struct db_shape *sh, void **rows, size_t *n)
{
	struct db_row	 k;
	PGresult	*res;
	char		*v;
	int		 i;

	*rows = NULL;
	*n = 0;
	if ((res = db_query(db, q, params, &k, sh->names, sh->ncols)) == NULL)
		return -1;
	v = arena_calloc(a, (size_t)k.rows + 1, sh->size);
	for (i = 0; i < k.rows; i++)
		sh->decode(a, &k, i, v + (size_t)i * sh->size);
	PQclear(res);
	*rows = v;
	*n = (size_t)k.rows;
	return 0;
}

int
db_row1(struct db *db, struct arena *a, enum q q, const char *const *params,
    const struct db_shape *sh, void **row)
{
	struct db_row	 k;
	PGresult	*res;

	*row = NULL;
	if ((res = db_query(db, q, params, &k, sh->names, sh->ncols)) == NULL)
		return -1;
	if (k.rows >= 1) {
		*row = arena_calloc(a, 1, sh->size);
		sh->decode(a, &k, 0, *row);
	}
	PQclear(res);
	return 0;
}
