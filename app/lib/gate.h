/*
 * gate.h: a bounded number of threads in a section at once, with a short
 * wait for a place.
 *
 * App threads use it to keep expensive work (password hashing, search) from
 * taking every app thread: a thread that finds the gate full waits at most
 * wait_ms for a place, and only while fewer than max_waiting others wait;
 * otherwise gate_take() fails at once and the caller answers 503.
 */
#ifndef SODAN_GATE_H
#define SODAN_GATE_H

#include <pthread.h>

struct gate {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	const char	*name;		/* for the log */
	int		 max;		/* 0: no limit */
	int		 wait_ms;
	int		 max_waiting;
	int		 running;
	int		 waiting;
};

/* max 0: every take succeeds.  max_waiting < 1 is taken as 1. */
void	gate_init(struct gate *, const char *name, int max, int wait_ms,
	    int max_waiting);
/* 0: a place taken (give it back with gate_give); -1: full, answer 503. */
int	gate_take(struct gate *);
void	gate_give(struct gate *);

#endif
