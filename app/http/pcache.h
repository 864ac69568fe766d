/*
 * pcache.h: the in-memory cache of anonymous pages.
 *
 * Keyed by language and path; every entry carries the generation it was
 * rendered in, and a write that changes any page bumps the generation
 * (pcache_invalidate), so a page rendered before the write can never be
 * served after it.  Entries are immutable and reference-counted: a loop
 * holds a reference while it sends one.  Thread-safe.
 */
#ifndef SODAN_PCACHE_H
#define SODAN_PCACHE_H

#include <stddef.h>
#include <stdint.h>

struct pcache_entry {
	char		*key;
	const char	*ctype;		/* static */
	char		*body;
	size_t		 len;
	char		*gz;		/* gzip of body, or NULL */
	size_t		 gzlen;
	uint64_t	 gen;
	unsigned	 refs;		/* atomic */
	struct pcache_entry *next;
};

void		 pcache_init(size_t max_entries);
/* Current generation, read before rendering a page that may be cached. */
uint64_t	 pcache_gen(void);
/* Stores a copy; ignored when gen is no longer current or the cache is off. */
void		 pcache_put(const char *key, const char *ctype, const char *body,
		    size_t len, const char *gz, size_t gzlen, uint64_t gen);
/* A referenced entry, or NULL.  Release with pcache_unref(). */
struct pcache_entry *pcache_get(const char *key);
void		 pcache_unref(struct pcache_entry *);
/* Makes every cached page stale (call after any write visible on a page). */
void		 pcache_invalidate(void);

#endif
