/* lib/gate.c: a bounded number of threads in a section (gate.h). */
#include <errno.h>
#include <time.h>

#include "lib/gate.h"
#include "lib/log.h"

void
gate_init(struct gate *g, const char *name, int max, int wait_ms,
    int max_waiting)
{
	pthread_condattr_t	ca;

	pthread_mutex_init(&g->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->cv, &ca);
	pthread_condattr_destroy(&ca);
	g->name = name;
	g->max = max > 0 ? max : 0;
	g->wait_ms = wait_ms > 0 ? wait_ms : 0;
	g->max_waiting = max_waiting > 0 ? max_waiting : 1;
	g->running = 0;
	g->waiting = 0;
}

int
gate_take(struct gate *g)
{
	struct timespec	until;
	int		rc = 0;

	if (g->max == 0)
		return 0;
	pthread_mutex_lock(&g->mu);
	if (g->running >= g->max && g->waiting < g->max_waiting) {
		g->waiting++;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += g->wait_ms / 1000;
		until.tv_nsec += (long)(g->wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (g->running >= g->max && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&g->cv, &g->mu, &until);
		g->waiting--;
	}
	if (g->running >= g->max) {
		pthread_mutex_unlock(&g->mu);
		log_ratelimited(g->name, 60, "all %d %s slots stayed busy: "
		    "answering 503 (a flood?)", g->max, g->name);
		return -1;
	}
	g->running++;
	pthread_mutex_unlock(&g->mu);
	return 0;
}

void
gate_give(struct gate *g)
{
	if (g->max == 0)
		return;
	pthread_mutex_lock(&g->mu);
	g->running--;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
}
