/*
 * pagegen.h: the page-cache generation shared by every server instance.
 *
 * Every instance keeps its own anonymous page cache (http/pcache.c).  A
 * write on one instance INCRs one Redis key (PAGEGEN_KEY) from the app
 * thread that did it; one small thread per instance polls that key and,
 * when its value changed since its last look, invalidates the local cache.
 * While the key cannot be read, the poller reports nothing, and the page
 * cache bounds how old a page it serves (docs/internals.md, "Page cache").
 */
#ifndef SODAN_PAGEGEN_H
#define SODAN_PAGEGEN_H

#include <stdint.h>

struct cache;

#define PAGEGEN_KEY	"sodan:pages:gen"

/*
 * INCR the shared generation on the caller's connection.  0, or -1 when
 * Redis did not answer: the increment is then left to the poller, which
 * retries it on its own connection at every poll until it succeeds.
 */
int	pagegen_bump(struct cache *);
/*
 * Seconds since the oldest increment still owed (0 when none): the
 * longest another instance may be unaware of a write; exported as a
 * metric and logged at every poll while it grows.
 */
double	pagegen_owed_seconds(void);
/* INCRs that failed on a writer's connection since start-up. */
uint64_t pagegen_incr_failures(void);

/*
 * Starts the poller: reads the key once at once (call it before any page
 * is cached), then every poll_ms, on its own connection (connect and
 * command timeout timeout_ms).  changed() is called when the value
 * differs from the last one read, and on the first good read after a
 * failed one (writes may have been missed meanwhile).  Then
 * read_ok(t) is called with the monotonic time (util_now_us) at which the
 * successful GET was sent: every write whose INCR finished before t has
 * been seen.  Both are called from the poller thread.  0, or -1.
 */
int	pagegen_start(const char *url, int timeout_ms, int poll_ms,
	    void (*changed)(void), void (*read_ok)(uint64_t));
/* Stops and joins the poller (a no-op when it was not started). */
void	pagegen_stop(void);

#endif
