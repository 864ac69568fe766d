/*
 * pcache.h: the in-memory cache of anonymous pages.
 *
 * Keyed by language and path; every entry carries the generation it was
 * rendered in, and a write that changes any page bumps the generation
 * (pcache_invalidate), so a page rendered before the write can never be
 * served after it.  Entries are immutable and reference-counted: a loop
 * holds a reference while it sends one.  Thread-safe.
 *
 * Several instances behind a load balancer: pcache_invalidate also INCRs
 * the generation shared in Redis (cache/pagegen.h); each instance's poller
 * sees the change and calls pcache_invalidate_local().  While the poller
 * cannot read it (Redis down), an entry older than max_stale_us is not
 * served (docs/internals.md, "Page cache").
 */
#ifndef SODAN_PCACHE_H
#define SODAN_PCACHE_H

#include <stddef.h>
#include <stdint.h>

struct cache;

/*
 * While the shared generation cannot be read, entries older than this many
 * poll intervals ([server] page_cache_poll_ms) are not served.
 */
#define PCACHE_STALE_POLLS	5

struct pcache_entry {
	char		*key;
	const char	*ctype;		/* static */
	char		*body;
	size_t		 len;
	char		*gz;		/* gzip of body, or NULL */
	size_t		 gzlen;
	uint64_t	 gen;
	uint64_t	 born;		/* util_now_us() when stored */
	unsigned	 refs;		/* atomic */
	struct pcache_entry *next;
};

/*
 * max_stale_us: 0 when this instance is alone (no shared generation);
 * else entries older than this are misses unless pcache_seen() was called
 * within the last max_stale_us.
 */
void		 pcache_init(size_t max_entries, uint64_t max_stale_us);
/* The poller read the shared generation, sent at t (util_now_us). */
void		 pcache_seen(uint64_t t);
/* Current generation, read before rendering a page that may be cached. */
uint64_t	 pcache_gen(void);
/* Stores a copy; ignored when gen is no longer current or the cache is off. */
void		 pcache_put(const char *key, const char *ctype, const char *body,
		    size_t len, const char *gz, size_t gzlen, uint64_t gen);
/* A referenced entry, or NULL.  Release with pcache_unref(). */
struct pcache_entry *pcache_get(const char *key);
void		 pcache_unref(struct pcache_entry *);
/*
 * Makes every cached page stale, here and on every other instance (call
 * after any write visible on a page, with the app thread's connection:
 * r->w->cache).
 */
void		 pcache_invalidate(struct cache *);
/* This instance only (the poller, when another instance wrote). */
void		 pcache_invalidate_local(void);

#endif
