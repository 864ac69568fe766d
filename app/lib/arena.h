/*
 * arena.h: per-request region allocator.
 *
 * A request (or any short-lived job) owns one arena; everything allocated
 * from it is released at once by arena_free().  Allocation never fails:
 * out of memory logs and aborts (see util.h), so callers skip NULL checks.
 */
#ifndef SODAN_ARENA_H
#define SODAN_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* New empty arena.  Caller frees with arena_free(). */
struct arena	*arena_new(void);
/* Releases every block; NULL is a no-op. */
void		 arena_free(struct arena *);
/* Forget all allocations but keep the first block for reuse. */
void		 arena_reset(struct arena *);
/* n bytes aligned to 16, arena-owned, never NULL (n == 0 gives a valid pointer). */
void		*arena_alloc(struct arena *, size_t n);
/* Zeroed n * sz bytes, overflow-checked (aborts), arena-owned. */
void		*arena_calloc(struct arena *, size_t n, size_t sz);
/* NUL-terminated copies, arena-owned. */
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
char		*arena_vprintf(struct arena *, const char *, va_list);
/*
 * fn(arg) runs once when the arena is freed or reset, newest first, before
 * its memory is released (references held as long as a request).
 */
void		 arena_defer(struct arena *, void (*fn)(void *), void *arg);
/* Total bytes handed out since creation or last reset (for tests, metrics). */
size_t		 arena_used(const struct arena *);

#endif
