/* http/sesscache.c: sessions and reader parts kept for a second or two */
/*
 * Two direct-mapped tables of SC_SLOTS entries each, under one mutex: the
 * sessions by the token's hash, the reader parts by (session, thread).  A
 * new entry takes its slot whatever was there (the table is a cache of
 * the hottest few thousand readers, not a store).  Each entry owns one
 * malloc'd block for its strings and ids, freed when the slot is reused
 * or dropped.  Expiry uses CLOCK_MONOTONIC.
 *
 * The epoch counts drops: a lookup reads it before its query and
 * sesscache_put refuses to store when it moved, so an answer read before
 * a sign-out or a role change is never stored after the drop that
 * followed it.  See sesscache.h for when entries are dropped.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/sesscache.h"
#include "lib/arena.h"
#include "lib/util.h"
#include "store/store.h"

#define SC_SLOTS	4096		/* per table; a power of two */

struct sc_sess {
	char		 hash[65];	/* "" when the slot is empty */
	uint64_t	 expires;	/* monotonic ms */
	struct session	 s;		/* strings point into blk */
	char		*blk;
};

struct sc_reader {
	int64_t		 sess_id;	/* 0 when the slot is empty */
	int64_t		 thread;
	uint64_t	 expires;
	int64_t		 author;
	int		 own_held;
	size_t		 nvoted;
	int64_t		*voted;		/* in blk */
	const char	*watch;		/* in blk */
	char		*blk;
};

static pthread_mutex_t	 sc_mu = PTHREAD_MUTEX_INITIALIZER;
static struct sc_sess	 sc_sess[SC_SLOTS];
static struct sc_reader	 sc_rd[SC_SLOTS];
static unsigned		 sc_ttl;
static uint64_t		 sc_epoch;
static uint64_t		 sc_hits, sc_misses, sc_drops;

static uint64_t	 now_ms(void);
static size_t	 slot_hash(const char *);
static size_t	 slot_reader(int64_t, int64_t);
static void	 drop_sess(struct sc_sess *);
static void	 drop_reader(struct sc_reader *);
static void	 flush_locked(void);

static uint64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The token's hash is already uniform: its first 16 hex digits. */
static size_t
slot_hash(const char *hash)
{
	uint64_t	h = 0;
	int		i, c;

	for (i = 0; i < 16 && hash[i] != '\0'; i++) {
		c = hash[i];
		h = h << 4 | (uint64_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' +
		    10);
	}
	return (size_t)(h & (SC_SLOTS - 1));
}

static size_t
slot_reader(int64_t sess_id, int64_t thread)
{
	uint64_t	h;

	h = (uint64_t)sess_id * 0x9e3779b97f4a7c15ULL ^
	    (uint64_t)thread * 0xc2b2ae3d27d4eb4fULL;
	return (size_t)((h ^ h >> 29) & (SC_SLOTS - 1));
}

static void
drop_sess(struct sc_sess *e)
{
	free(e->blk);
	memset(e, 0, sizeof(*e));
}

static void
drop_reader(struct sc_reader *e)
{
	free(e->blk);
	memset(e, 0, sizeof(*e));
}

static void
flush_locked(void)
{
	size_t	i;

	for (i = 0; i < SC_SLOTS; i++) {
		if (sc_sess[i].hash[0] != '\0')
			drop_sess(&sc_sess[i]);
		if (sc_rd[i].sess_id != 0)
			drop_reader(&sc_rd[i]);
	}
	sc_epoch++;
	sc_drops++;
}

void
sesscache_init(unsigned ttl_ms)
{
	pthread_mutex_lock(&sc_mu);
	__atomic_store_n(&sc_ttl, ttl_ms > SESSCACHE_MAX_TTL_MS ?
	    SESSCACHE_MAX_TTL_MS : ttl_ms, __ATOMIC_RELAXED);
	flush_locked();
	sc_hits = sc_misses = sc_drops = 0;
	pthread_mutex_unlock(&sc_mu);
}

int
sesscache_on(void)
{
	return __atomic_load_n(&sc_ttl, __ATOMIC_RELAXED) != 0;
}

uint64_t
sesscache_epoch(void)
{
	uint64_t	e;

	pthread_mutex_lock(&sc_mu);
	e = sc_epoch;
	pthread_mutex_unlock(&sc_mu);
	return e;
}

int
sesscache_get(const char *hash, struct arena *a, struct session **out)
{
	struct sc_sess	*e;
	struct session	*s;
	int		 found = 0;

	*out = NULL;
	if (!sesscache_on())
		return 0;
	s = arena_alloc(a, sizeof(*s));
	pthread_mutex_lock(&sc_mu);
	e = &sc_sess[slot_hash(hash)];
	if (e->hash[0] != '\0' && strcmp(e->hash, hash) == 0) {
		if (e->expires > now_ms()) {
			*s = e->s;
			s->username = arena_strdup(a, e->s.username);
			s->display_name = arena_strdup(a, e->s.display_name);
			s->csrf = arena_strdup(a, e->s.csrf);
			found = 1;
		} else
			drop_sess(e);
	}
	if (found)
		sc_hits++;
	else
		sc_misses++;
	pthread_mutex_unlock(&sc_mu);
	if (found)
		*out = s;
	return found;
}

void
sesscache_put(const char *hash, const struct session *s, uint64_t epoch)
{
	struct sc_sess	*e;
	size_t		 lu, ld, lc;
	char		*blk;

	if (!sesscache_on() || s == NULL || s->token_id != 0 ||
	    strlen(hash) != 64)
		return;
	lu = strlen(s->username ? s->username : "") + 1;
	ld = strlen(s->display_name ? s->display_name : "") + 1;
	lc = strlen(s->csrf ? s->csrf : "") + 1;
	blk = xmalloc(lu + ld + lc);
	memcpy(blk, s->username ? s->username : "", lu);
	memcpy(blk + lu, s->display_name ? s->display_name : "", ld);
	memcpy(blk + lu + ld, s->csrf ? s->csrf : "", lc);
	pthread_mutex_lock(&sc_mu);
	if (epoch != sc_epoch) {
		pthread_mutex_unlock(&sc_mu);
		free(blk);
		return;
	}
	e = &sc_sess[slot_hash(hash)];
	drop_sess(e);
	memcpy(e->hash, hash, 65);
	e->expires = now_ms() + sc_ttl;
	e->s = *s;
	e->blk = blk;
	e->s.username = blk;
	e->s.display_name = blk + lu;
	e->s.csrf = blk + lu + ld;
	pthread_mutex_unlock(&sc_mu);
}

int
sesscache_reader_get(int64_t sess_id, int64_t thread, struct arena *a,
    struct thread_reader *out)
{
	struct sc_reader	*e;
	int			 found = 0;

	if (!sesscache_on() || sess_id == 0)
		return 0;
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&sc_mu);
	e = &sc_rd[slot_reader(sess_id, thread)];
	if (e->sess_id == sess_id && e->thread == thread) {
		if (e->expires > now_ms()) {
			out->author = e->author;
			out->own_held = e->own_held;
			out->nvoted = e->nvoted;
			out->voted = arena_alloc(a, (e->nvoted ? e->nvoted :
			    1) * sizeof(int64_t));
			if (e->nvoted > 0)
				memcpy(out->voted, e->voted, e->nvoted *
				    sizeof(int64_t));
			out->watch = arena_strdup(a, e->watch);
			found = 1;
		} else
			drop_reader(e);
	}
	if (found)
		sc_hits++;
	else
		sc_misses++;
	pthread_mutex_unlock(&sc_mu);
	return found;
}

void
sesscache_reader_put(int64_t sess_id, int64_t thread,
    const struct thread_reader *rd, uint64_t epoch)
{
	struct sc_reader	*e;
	size_t			 nv, lw;
	char			*blk;

	if (!sesscache_on() || sess_id == 0)
		return;
	nv = rd->nvoted * sizeof(int64_t);
	lw = strlen(rd->watch ? rd->watch : "") + 1;
	blk = xmalloc(nv + lw);
	if (nv > 0)
		memcpy(blk, rd->voted, nv);
	memcpy(blk + nv, rd->watch ? rd->watch : "", lw);
	pthread_mutex_lock(&sc_mu);
	if (epoch != sc_epoch) {
		pthread_mutex_unlock(&sc_mu);
		free(blk);
		return;
	}
	e = &sc_rd[slot_reader(sess_id, thread)];
	drop_reader(e);
	e->sess_id = sess_id;
	e->thread = thread;
	e->expires = now_ms() + sc_ttl;
	e->author = rd->author;
	e->own_held = rd->own_held;
	e->nvoted = rd->nvoted;
	e->voted = (int64_t *)(void *)blk;
	e->watch = blk + nv;
	e->blk = blk;
	pthread_mutex_unlock(&sc_mu);
}

void
sesscache_flush(void)
{
	if (!sesscache_on())
		return;
	pthread_mutex_lock(&sc_mu);
	flush_locked();
	pthread_mutex_unlock(&sc_mu);
}

void
sesscache_stats(uint64_t *hits, uint64_t *misses, uint64_t *drops)
{
	pthread_mutex_lock(&sc_mu);
	*hits = sc_hits;
	*misses = sc_misses;
	*drops = sc_drops;
	pthread_mutex_unlock(&sc_mu);
}
