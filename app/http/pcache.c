/*
 * http/pcache.c: anonymous page cache: a chained hash table under a
 * reader-writer lock, immutable refcounted entries, generation-checked.
 * When full it is emptied (simple, and a forum's hot set is small).
 * Across instances: pcache_invalidate also bumps the shared generation
 * (cache/pagegen.c), whose poller calls pcache_invalidate_local and
 * pcache_seen; while it cannot, entries older than stale_us are misses.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cache/pagegen.h"
#include "http/pcache.h"
#include "lib/util.h"

#define PCACHE_BUCKETS	4096

static pthread_rwlock_t		 lock = PTHREAD_RWLOCK_INITIALIZER;
static struct pcache_entry	*buckets[PCACHE_BUCKETS];
static size_t			 count, max_count;
static _Atomic uint64_t		 generation = 1;
static uint64_t			 stale_us;	/* 0: this instance alone */
static _Atomic uint64_t		 seen_at;	/* last good poll (util_now_us) */

static uint32_t	hash(const char *);
static void	entry_free(struct pcache_entry *);

static uint32_t
hash(const char *s)
{
	uint32_t	h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
entry_free(struct pcache_entry *e)
{
	free(e->key);
	free(e->body);
	free(e->gz);
	free(e);
}

void
pcache_init(size_t max_entries, uint64_t max_stale_us)
{
	max_count = max_entries;
	stale_us = max_stale_us;
}

void
pcache_seen(uint64_t t)
{
	atomic_store(&seen_at, t);
}

uint64_t
pcache_gen(void)
{
	return atomic_load(&generation);
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
	uint64_t		 g = atomic_load(&generation), now = 0;
	int			 young_only = 0;

	if (max_count == 0)
		return NULL;
	/* Other instances' writes not seen lately: only young entries. */
	if (stale_us != 0) {
		now = util_now_us();
		young_only = atomic_load(&seen_at) + stale_us < now;
	}
	pthread_rwlock_rdlock(&lock);
	for (e = buckets[hash(key) % PCACHE_BUCKETS]; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0)
			break;
	if (e != NULL && e->gen == g &&
	    (!young_only || e->born + stale_us >= now))
		atomic_fetch_add((_Atomic unsigned *)&e->refs, 1);
	else
		e = NULL;
	pthread_rwlock_unlock(&lock);
	return e;
}

void
pcache_put(const char *key, const char *ctype, const char *body, size_t len,
    const char *gz, size_t gzlen, uint64_t gen)
{
	struct pcache_entry	*e, **pp, *old;
	size_t			 i;

	if (max_count == 0 || gen != atomic_load(&generation))
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
	e->gen = gen;
	e->born = util_now_us();
	e->refs = 1;	/* the table's reference */

	pthread_rwlock_wrlock(&lock);
	if (count >= max_count) {
		for (i = 0; i < PCACHE_BUCKETS; i++)
			while ((old = buckets[i]) != NULL) {
				buckets[i] = old->next;
				pcache_unref(old);
			}
		count = 0;
	}
	pp = &buckets[hash(key) % PCACHE_BUCKETS];
	for (; *pp != NULL; pp = &(*pp)->next)
		if (strcmp((*pp)->key, key) == 0) {
			old = *pp;
			*pp = old->next;
			pcache_unref(old);
			count--;
			break;
		}
	e->next = buckets[hash(key) % PCACHE_BUCKETS];
	buckets[hash(key) % PCACHE_BUCKETS] = e;
	count++;
	pthread_rwlock_unlock(&lock);
}

void
pcache_invalidate_local(void)
{
	atomic_fetch_add(&generation, 1);
}

void
pcache_invalidate(struct cache *k)
{
	pcache_invalidate_local();
	if (stale_us != 0 && k != NULL)
		(void)pagegen_bump(k);
}
