/*
 * http/pcache.c: anonymous page cache (pcache.h).
 *
 * A chained hash table under a reader-writer lock holds immutable,
 * refcounted entries.  Freshness is by key: a global sequence number
 * grows with every invalidation; slot_seq[h(key)] holds the sequence
 * number of the last invalidation of any key hashing there, all_seq that
 * of "everything".  An entry remembers the sequence read before its
 * render began and the slots of the keys it declared: it is fresh while
 * none of them (nor all_seq) is newer.  A writer invalidates after its
 * COMMIT, so a render that began later reads the new data, and one that
 * began earlier is refused when stored or missed when read.
 *
 * Replacement: CLOCK over a ring of max_entries places.  A hit sets the
 * entry's used bit; the hand clears used bits and evicts the first entry
 * whose bit is clear (or that is stale), until the new entry fits the
 * byte budget and a place is free.
 *
 * Coalescing: a small list of keys being rendered, under one mutex; the
 * threads that want one of them wait on its condition variable.
 *
 * Across instances: pcache_invalidate_keys also appends to the shared
 * stream (cache/pagegen.c), whose poller calls pcache_invalidate_local
 * and pcache_seen; while it cannot, entries older than stale_us are
 * misses.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache/pagegen.h"
#include "http/pcache.h"
#include "lib/arena.h"
#include "lib/util.h"

#define PCACHE_BUCKETS	8192

struct flight {
	char		*key;
	int		 done;
	unsigned	 waiters;
	pthread_cond_t	 cv;
	struct flight	*next;
};

static pthread_rwlock_t		 lock = PTHREAD_RWLOCK_INITIALIZER;
static struct pcache_entry	*buckets[PCACHE_BUCKETS];
static struct pcache_entry	**ring;		/* CLOCK places */
static int			*freev;		/* free places (a stack) */
static size_t			 nfree, hand, count, bytes;
static size_t			 max_count, max_bytes;
static uint64_t			 stale_us;	/* 0: this instance alone */
static _Atomic uint64_t		 seen_at;	/* last good poll (util_now_us) */

static _Atomic uint64_t		 seq = 1;
static _Atomic uint64_t		 all_seq;
static _Atomic uint64_t		 slot_seq[PCACHE_KEY_SLOTS];

static _Atomic uint64_t		 n_hits, n_misses, n_stores, n_evictions,
				 n_renders, n_coalesced, n_invalidations;

static pthread_mutex_t		 fmu = PTHREAD_MUTEX_INITIALIZER;
static struct flight		*flights;

static uint32_t	hash(const char *);
static uint32_t	slot_of(const char *);
static void	entry_free(struct pcache_entry *);
static int	entry_fresh(const struct pcache_entry *, uint64_t now);
static void	seq_raise(_Atomic uint64_t *, uint64_t);
static void	unlink_entry(struct pcache_entry *);
static int	clock_evict(void);

static uint32_t
hash(const char *s)
{
	uint32_t	h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static uint32_t
slot_of(const char *key)
{
	/* A second mixing step: slots and buckets must not correlate. */
	uint32_t	h = hash(key);

	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	return h & (PCACHE_KEY_SLOTS - 1);
}

static void
entry_free(struct pcache_entry *e)
{
	free(e->key);
	free(e->body);
	free(e->gz);
	free(e);
}

/* Raises *p to v unless it is already higher. */
static void
seq_raise(_Atomic uint64_t *p, uint64_t v)
{
	uint64_t	cur = atomic_load(p);

	while (cur < v && !atomic_compare_exchange_weak(p, &cur, v))
		;
}

static int
entry_fresh(const struct pcache_entry *e, uint64_t now)
{
	int	i;

	if (atomic_load(&all_seq) > e->seq)
		return 0;
	for (i = 0; i < e->nslots; i++)
		if (atomic_load(&slot_seq[e->slots[i]]) > e->seq)
			return 0;
	/* Other instances' writes not seen lately: only young entries. */
	if (stale_us != 0 && atomic_load(&seen_at) + stale_us < now &&
	    e->born + stale_us < now)
		return 0;
	return 1;
}

void
pcache_init(size_t maxb, size_t max_entries, uint64_t max_stale_us)
{
	size_t	i;

	pcache_free();
	max_bytes = maxb;
	max_count = maxb == 0 ? 0 : max_entries;
	stale_us = max_stale_us;
	if (max_count == 0)
		return;
	ring = xcalloc(max_count, sizeof(*ring));
	freev = xcalloc(max_count, sizeof(*freev));
	for (i = 0; i < max_count; i++)
		freev[i] = (int)(max_count - 1 - i);
	nfree = max_count;
	hand = 0;
}

void
pcache_free(void)
{
	struct pcache_entry	*e;
	size_t			 i;

	pthread_rwlock_wrlock(&lock);
	for (i = 0; i < max_count; i++)
		if (ring != NULL && (e = ring[i]) != NULL) {
			unlink_entry(e);
			pcache_unref(e);
		}
	free(ring);
	free(freev);
	ring = NULL;
	freev = NULL;
	nfree = hand = count = bytes = 0;
	max_count = max_bytes = 0;
	pthread_rwlock_unlock(&lock);
}

void
pcache_seen(uint64_t t)
{
	atomic_store(&seen_at, t);
}

uint64_t
pcache_seq(void)
{
	return atomic_load(&seq);
}

void
pcache_unref(struct pcache_entry *e)
{
	if (e != NULL && atomic_fetch_sub((_Atomic unsigned *)&e->refs, 1) == 1)
		entry_free(e);
}

struct pcache_entry *
pcache_get(const char *key)
{
	struct pcache_entry	*e;
	uint64_t		 now = stale_us != 0 ? util_now_us() : 0;

	if (max_count == 0)
		return NULL;
	pthread_rwlock_rdlock(&lock);
	for (e = buckets[hash(key) % PCACHE_BUCKETS]; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0)
			break;
	if (e != NULL && entry_fresh(e, now)) {
		atomic_store_explicit(&e->used, 1, memory_order_relaxed);
		atomic_fetch_add((_Atomic unsigned *)&e->refs, 1);
	} else
		e = NULL;
	pthread_rwlock_unlock(&lock);
	atomic_fetch_add(e != NULL ? &n_hits : &n_misses, 1);
	return e;
}

/* Takes e out of its bucket and its place (write lock held). */
static void
unlink_entry(struct pcache_entry *e)
{
	struct pcache_entry	**pp;

	for (pp = &buckets[hash(e->key) % PCACHE_BUCKETS]; *pp != NULL;
	    pp = &(*pp)->next)
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	ring[e->ring] = NULL;
	freev[nfree++] = e->ring;
	bytes -= e->bytes;
	count--;
}

/*
 * One turn of the hand, at most twice round the ring: evicts the first
 * entry not used since the hand last passed (or stale).  0, or -1 when
 * the ring is empty.
 */
static int
clock_evict(void)
{
	struct pcache_entry	*e;
	uint64_t		 now = stale_us != 0 ? util_now_us() : 0;
	size_t			 i;

	for (i = 0; i < 2 * max_count + 1 && count > 0; i++) {
		e = ring[hand];
		hand = (hand + 1) % max_count;
		if (e == NULL)
			continue;
		if (atomic_exchange_explicit(&e->used, 0,
		    memory_order_relaxed) && entry_fresh(e, now))
			continue;
		unlink_entry(e);
		pcache_unref(e);
		atomic_fetch_add(&n_evictions, 1);
		return 0;
	}
	return -1;
}

void
pcache_put(const char *key, const char *ctype, const char *body, size_t len,
    const char *gz, size_t gzlen, const char *const *keys, size_t nkeys,
    uint64_t s)
{
	struct pcache_entry	*e, *old;
	size_t			 i, b;

	if (max_count == 0 || nkeys == 0 || nkeys > REQ_MAX_DEPS)
		return;
	b = sizeof(*e) + strlen(key) + 1 + len + 1 + (gz != NULL ? gzlen : 0);
	if (b > max_bytes / 8)
		return;
	e = xcalloc(1, sizeof(*e));
	e->key = xstrdup(key);
	e->ctype = ctype;
	e->body = xmalloc(len + 1);
	memcpy(e->body, body, len);
	e->body[len] = '\0';
	e->len = len;
	if (gz != NULL) {
		e->gz = xmalloc(gzlen);
		memcpy(e->gz, gz, gzlen);
		e->gzlen = gzlen;
	}
	e->bytes = b;
	e->seq = s;
	for (i = 0; i < nkeys; i++)
		e->slots[i] = slot_of(keys[i]);
	e->nslots = (int)nkeys;
	e->born = util_now_us();
	e->refs = 1;	/* the table's reference */

	pthread_rwlock_wrlock(&lock);
	/* A key written while it rendered: the copy is already old. */
	if (!entry_fresh(e, e->born)) {
		pthread_rwlock_unlock(&lock);
		entry_free(e);
		return;
	}
	for (old = buckets[hash(key) % PCACHE_BUCKETS]; old != NULL;
	    old = old->next)
		if (strcmp(old->key, key) == 0) {
			unlink_entry(old);
			pcache_unref(old);
			break;
		}
	while ((nfree == 0 || bytes + b > max_bytes) && clock_evict() == 0)
		;
	if (nfree == 0 || bytes + b > max_bytes) {
		pthread_rwlock_unlock(&lock);
		entry_free(e);
		return;
	}
	e->ring = freev[--nfree];
	ring[e->ring] = e;
	e->next = buckets[hash(key) % PCACHE_BUCKETS];
	buckets[hash(key) % PCACHE_BUCKETS] = e;
	bytes += b;
	count++;
	pthread_rwlock_unlock(&lock);
	atomic_fetch_add(&n_stores, 1);
}

void
pcache_depend(struct req *r, const char *key)
{
	int	i;

	for (i = 0; i < r->ndeps && i < REQ_MAX_DEPS; i++)
		if (strcmp(r->deps[i], key) == 0)
			return;
	if (r->ndeps < REQ_MAX_DEPS)
		r->deps[r->ndeps] = arena_strdup(r->a, key);
	if (r->ndeps <= REQ_MAX_DEPS)
		r->ndeps++;
}

void
pcache_invalidate_local(const char *const *keys, size_t n)
{
	uint64_t	v = atomic_fetch_add(&seq, 1) + 1;
	size_t		i;

	if (n == 0) {
		seq_raise(&all_seq, v);
		atomic_fetch_add(&n_invalidations, 1);
		return;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(keys[i], PAGEGEN_ALL) == 0)
			seq_raise(&all_seq, v);
		else
			seq_raise(&slot_seq[slot_of(keys[i])], v);
	}
	atomic_fetch_add(&n_invalidations, n);
}

void
pcache_invalidate_keys(struct cache *k, const char *const *keys, size_t n)
{
	if (n == 0)
		return;
	pcache_invalidate_local(keys, n);
	if (stale_us != 0 && k != NULL)
		(void)pagegen_publish(k, keys, n);
}

void
pcache_invalidate(struct cache *k)
{
	const char	*all[1] = { PAGEGEN_ALL };

	pcache_invalidate_keys(k, all, 1);
}

int
pcache_claim(const char *key, int wait_ms)
{
	struct flight	*f, **pp;
	struct timespec	 ts;
	int		 rc = 0, err = 0;

	if (max_count == 0)
		return 1;
	pthread_mutex_lock(&fmu);
	for (f = flights; f != NULL; f = f->next)
		if (strcmp(f->key, key) == 0)
			break;
	if (f == NULL) {
		f = xcalloc(1, sizeof(*f));
		f->key = xstrdup(key);
		pthread_cond_init(&f->cv, NULL);
		f->next = flights;
		flights = f;
		pthread_mutex_unlock(&fmu);
		return 1;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += wait_ms / 1000;
	ts.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	f->waiters++;
	while (!f->done && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&f->cv, &fmu, &ts);
	rc = f->done ? 0 : -1;
	/* The last waiter of a finished render frees it. */
	if (--f->waiters == 0 && f->done) {
		for (pp = &flights; *pp != NULL; pp = &(*pp)->next)
			if (*pp == f) {
				*pp = f->next;
				break;
			}
		pthread_cond_destroy(&f->cv);
		free(f->key);
		free(f);
	}
	pthread_mutex_unlock(&fmu);
	if (rc == 0)
		atomic_fetch_add(&n_coalesced, 1);
	return rc;
}

void
pcache_release(const char *key)
{
	struct flight	*f, **pp;

	pthread_mutex_lock(&fmu);
	for (pp = &flights; (f = *pp) != NULL; pp = &f->next)
		if (!f->done && strcmp(f->key, key) == 0)
			break;
	if (f != NULL) {
		f->done = 1;
		if (f->waiters > 0) {
			/* Out of the list: a new claim starts a new render. */
			*pp = f->next;
			f->next = NULL;
			/* the last waiter frees it (pcache_claim) */
			pthread_cond_broadcast(&f->cv);
		} else {
			*pp = f->next;
			pthread_cond_destroy(&f->cv);
			free(f->key);
			free(f);
		}
	}
	pthread_mutex_unlock(&fmu);
}

void
pcache_rendered(void)
{
	atomic_fetch_add(&n_renders, 1);
}

void
pcache_stats(struct pcache_stats *st)
{
	st->hits = atomic_load(&n_hits);
	st->misses = atomic_load(&n_misses);
	st->stores = atomic_load(&n_stores);
	st->evictions = atomic_load(&n_evictions);
	st->renders = atomic_load(&n_renders);
	st->coalesced = atomic_load(&n_coalesced);
	st->invalidations = atomic_load(&n_invalidations);
	pthread_rwlock_rdlock(&lock);
	st->entries = count;
	st->bytes = bytes;
	st->max_bytes = max_bytes;
	pthread_rwlock_unlock(&lock);
}
