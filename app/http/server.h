/*
 * server.h: the HTTP server (h2o event loops + app thread pool).
 */
#ifndef SODAN_SERVER_H
#define SODAN_SERVER_H

struct conf;

/*
 * Per app thread: the connections a handler may use.  Each app thread owns
 * exactly one of these for its whole life.
 */
struct worker {
	int			 id;
	const struct conf	*conf;
	struct db		*db;
	struct db		*rdb;	/* read pool: reads that tolerate lag */
	struct cache		*cache;
};

/*
 * Binds, starts conf->loops event loops and conf->app_threads app threads,
 * and serves until SIGTERM or SIGINT, then lets requests in flight finish.
 * Returns 0 after a clean shutdown, -1 when it could not start.
 */
int	server_run(const struct conf *);
/* 1 once SIGTERM or SIGINT arrived (draining, then stopping). */
int	server_draining(void);
/* Jobs waiting for an app thread, and jobs being run now. */
void	server_queue(int *waiting, int *running);

#endif
