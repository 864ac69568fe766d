/*
 * pagegen.h: page-cache invalidations shared by every server instance.
 *
 * Every instance keeps its own anonymous page cache (http/pcache.c).  A
 * write on one instance appends the keys it changed ("thread:12 home
 * ...", or PAGEGEN_ALL) to one Redis stream (PAGEGEN_KEY, XADD, capped)
 * from the app thread that did it; one small thread per instance reads
 * the entries added since its last look and applies the other instances'
 * keys to the local cache.  While the stream cannot be read, the poller
 * reports nothing, and the page cache bounds how old a page it serves
 * (docs/internals.md, "Page cache").
 */
#ifndef SODAN_PAGEGEN_H
#define SODAN_PAGEGEN_H

#include <stddef.h>
#include <stdint.h>

struct cache;

/* One key, hash-tagged (Redis Cluster: one slot). */
#define PAGEGEN_KEY	"{sodan:pages}:inval"
/* Entries kept (approximately): a reader further behind drops everything. */
#define PAGEGEN_MAXLEN	"100000"
/* The key that stands for every page. */
#define PAGEGEN_ALL	"*"
/* Entries read per round trip. */
#define PAGEGEN_BATCH	256

/*
 * XADD the keys (one entry) on the caller's connection.  0, or -1 when
 * Redis did not answer: then an entry invalidating everything is owed,
 * and the poller retries it on its own connection at every poll until
 * it succeeds (the staleness bound never depends on one write).
 */
int	pagegen_publish(struct cache *, const char *const *keys, size_t n);
/* pagegen_publish of PAGEGEN_ALL (writes outside the server: the CLI). */
int	pagegen_bump(struct cache *);
/*
 * Seconds since the oldest entry still owed (0 when none): the longest
 * another instance may be unaware of a write; exported as a metric and
 * logged at every poll while it grows.
 */
double	pagegen_owed_seconds(void);
/* Appends that failed on a writer's connection since start-up. */
uint64_t pagegen_incr_failures(void);

/*
 * Starts the poller: reads the stream's end at once (call it before any
 * page is cached), then every poll_ms, on its own connection (connect and
 * command timeout timeout_ms).  changed(keys, n) is called for each entry
 * another instance added, and changed(NULL, 0) (everything) on the first
 * good read after a failed one, and when entries were lost (the stream
 * trimmed past this reader, or emptied).  Then read_ok(t) is called with
 * the monotonic time (util_now_us) at which the successful read was sent:
 * every write whose XADD finished before t has been seen.  Both are
 * called from the poller thread.  0, or -1.
 */
int	pagegen_start(const char *url, int timeout_ms, int poll_ms,
	    void (*changed)(const char *const *, size_t),
	    void (*read_ok)(uint64_t));
/* Stops and joins the poller (a no-op when it was not started). */
void	pagegen_stop(void);

#endif
