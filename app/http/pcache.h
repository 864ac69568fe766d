/*
 * pcache.h: the in-memory cache of anonymous pages.
 *
 * Keyed by language and path.  A page handler declares, while it renders,
 * the keys its page depends on (pcache_depend: "thread:12", "tag:出金",
 * "user:7", "home", "lists"); a page that declares none is not cached.
 * A write invalidates only its own keys (pcache_invalidate_keys): each key
 * hashes to one of PCACHE_KEY_SLOTS generation slots, and an entry is a
 * miss once any of its slots (or the generation of "everything") moved
 * past the sequence number read before its render began, so a page
 * rendered before a write can never be served after it.  Two keys that
 * share a slot only cost an extra render.
 *
 * Bounded by bytes (and entries) with CLOCK replacement: an entry served
 * since the hand last passed keeps its place, so a flood of pages read
 * once cannot push out the hot set.  Only 200 answers of routes flagged
 * R_CACHE, without a query string, are stored (http/dispatch.c).
 *
 * Coalescing: pcache_claim lets one app thread render a missing key while
 * the others that want it wait (on the app thread pool, never in an event
 * loop) for at most a timeout, then read the cache again.
 *
 * Entries are immutable and reference-counted: a loop holds a reference
 * while it sends one.  Thread-safe.
 *
 * Several instances behind a load balancer: pcache_invalidate_keys also
 * appends the keys to the invalidation stream in Redis (cache/pagegen.h);
 * each instance's poller applies the others' keys locally.  While the
 * poller cannot read the stream (Redis down), an entry older than
 * max_stale_us is not served (docs/internals.md, "Page cache").
 */
#ifndef SODAN_PCACHE_H
#define SODAN_PCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "core.h"

struct cache;

/*
 * While the shared stream cannot be read, entries older than this many
 * poll intervals ([server] page_cache_poll_ms) are not served.
 */
#define PCACHE_STALE_POLLS	5
/* Generation slots the keys hash to (a power of two). */
#define PCACHE_KEY_SLOTS	65536
/* How long a request waits for another thread's render of its page. */
#define PCACHE_CLAIM_WAIT_MS	2000

struct pcache_entry {
	char		*key;
	const char	*ctype;		/* static */
	char		*body;
	size_t		 len;
	char		*gz;		/* gzip of body, or NULL */
	size_t		 gzlen;
	size_t		 bytes;		/* what it costs the budget */
	uint64_t	 seq;		/* sequence read before its render */
	uint64_t	 born;		/* util_now_us() when stored */
	uint32_t	 slots[REQ_MAX_DEPS];	/* key slots it depends on */
	int		 nslots;
	int		 ring;		/* its place on the CLOCK */
	_Atomic int	 used;		/* served since the hand passed */
	unsigned	 refs;		/* atomic */
	struct pcache_entry *next;
};

struct pcache_stats {
	uint64_t	 hits;		/* served from the cache */
	uint64_t	 misses;	/* looked up, not found or stale */
	uint64_t	 stores;
	uint64_t	 evictions;	/* pushed out by the CLOCK */
	uint64_t	 renders;	/* cacheable pages rendered */
	uint64_t	 coalesced;	/* waited for another render and got it */
	uint64_t	 invalidations;	/* keys invalidated (local + remote) */
	size_t		 entries;
	size_t		 bytes;
	size_t		 max_bytes;
};

/*
 * max_bytes, max_entries: the budget (0 turns the cache off).
 * max_stale_us: 0 when this instance is alone (no shared stream); else
 * entries older than this are misses unless pcache_seen() was called
 * within the last max_stale_us.
 */
void		 pcache_init(size_t max_bytes, size_t max_entries,
		    uint64_t max_stale_us);
/* Frees every entry (at stop, and between unit tests). */
void		 pcache_free(void);
/* The poller read the shared stream, sent at t (util_now_us). */
void		 pcache_seen(uint64_t t);
/* The sequence number, read before rendering a page that may be cached. */
uint64_t	 pcache_seq(void);
/*
 * Stores a copy, depending on keys[0..nkeys-1] (at most REQ_MAX_DEPS);
 * ignored when the cache is off, nkeys is 0, one of the keys was
 * invalidated since seq was read, or the page is larger than an eighth
 * of the budget.  Older entries are pushed out by the CLOCK.
 */
void		 pcache_put(const char *key, const char *ctype, const char *body,
		    size_t len, const char *gz, size_t gzlen,
		    const char *const *keys, size_t nkeys, uint64_t seq);
/* A referenced fresh entry, or NULL.  Release with pcache_unref(). */
struct pcache_entry *pcache_get(const char *key);
void		 pcache_unref(struct pcache_entry *);
/*
 * The page being rendered for r depends on key (copied into r's arena);
 * more than REQ_MAX_DEPS keys make the page uncacheable.
 */
void		 pcache_depend(struct req *, const char *key);
/*
 * Invalidates keys[0..n-1] here and, through the stream, on every other
 * instance (after the write committed, on the app thread's connection
 * r->w->cache).  pcache_invalidate: everything (writes without a key set).
 */
void		 pcache_invalidate_keys(struct cache *, const char *const *keys,
		    size_t n);
void		 pcache_invalidate(struct cache *);
/* This instance only (the poller, for another instance's keys; n 0: all). */
void		 pcache_invalidate_local(const char *const *keys, size_t n);
/*
 * Coalescing.  1: the caller renders key and must call pcache_release;
 * 0: another thread rendered it meanwhile (read the cache again);
 * -1: waited wait_ms in vain (render without a claim).
 */
int		 pcache_claim(const char *key, int wait_ms);
void		 pcache_release(const char *key);
/* A cacheable page was rendered (the /metrics counter of renders). */
void		 pcache_rendered(void);
void		 pcache_stats(struct pcache_stats *);

#endif
