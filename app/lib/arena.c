/*
 * arena.c: per-request region allocator.
 *
 * An arena is a chain of malloc'd blocks.  Allocation bumps a pointer in
 * the current block, rounding up to 16 bytes so any C object fits; when the
 * block is full a new one, twice the size of the last (up to
 * ARENA_BLOCK_MAX), becomes current.  A request bigger than a quarter of
 * the current block gets a block of its own, linked behind the current one
 * so the space left there is not wasted.  arena_free() walks the chain;
 * arena_reset() keeps only the first block, which also holds struct arena
 * itself, so a reused arena costs no malloc at all for small requests.
 *
 * Nothing here returns NULL: the blocks come from xmalloc(), which logs
 * and aborts when the heap is exhausted, and size arithmetic that would
 * overflow aborts the same way.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/util.h"

#define ARENA_ALIGN		16
#define ARENA_BLOCK_FIRST	(16 * 1024)
#define ARENA_BLOCK_MAX		(1024 * 1024)

struct arena_block {
	struct arena_block	*next;
	size_t			 size;	/* bytes usable in data[] */
	size_t			 used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena_defer {
	struct arena_defer	*next;
	void			(*fn)(void *);
	void			*arg;
};

struct arena {
	struct arena_block	*first;	/* holds this struct; kept on reset */
	struct arena_block	*cur;	/* bump block */
	size_t			 next_size;
	size_t			 handed;	/* for arena_used() */
	struct arena_defer	*defer;	/* run by free/reset, newest first */
};

static struct arena_block	*arena_block_new(size_t);
static void			*arena_bump(struct arena_block *, size_t);
static void			 arena_overflow(void) __attribute__((noreturn));
static void			 arena_run_defer(struct arena *);

static void
arena_overflow(void)
{
	log_err("arena: allocation size overflow");
	abort();
}

static struct arena_block *
arena_block_new(size_t size)
{
	struct arena_block	*b;

	/* Slack so data[] can be re-aligned even if malloc gives less. */
	if (size > SIZE_MAX - sizeof(*b) - ARENA_ALIGN)
		arena_overflow();
	b = xmalloc(sizeof(*b) + size + ARENA_ALIGN);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

/*
 * n bytes at 16-byte alignment from b, or NULL if they do not fit.  data[]
 * really has size + ARENA_ALIGN bytes (see arena_block_new), so aligning
 * by hand works whatever alignment malloc gave.
 */
static void *
arena_bump(struct arena_block *b, size_t n)
{
	uintptr_t	 base, p;
	size_t		 off, avail;

	base = (uintptr_t)b->data;
	p = (base + b->used + ARENA_ALIGN - 1) & ~(uintptr_t)(ARENA_ALIGN - 1);
	off = (size_t)(p - base);
	avail = b->size + ARENA_ALIGN;
	if (off > avail || n > avail - off)
		return NULL;
	b->used = off + n;
	return (void *)p;
}

/*
 * arena_new: an empty arena whose first block also holds the arena
 * header.  Caller frees with arena_free().  Never NULL.
 */
struct arena *
arena_new(void)
{
	struct arena_block	*b;
	struct arena		*a;

	b = arena_block_new(ARENA_BLOCK_FIRST);
	a = arena_bump(b, sizeof(*a));
	a->first = a->cur = b;
	a->next_size = ARENA_BLOCK_FIRST * 2;
	a->handed = 0;
	a->defer = NULL;
	return a;
}

/* Runs the deferred calls, newest first, each once. */
static void
arena_run_defer(struct arena *a)
{
	struct arena_defer	*d;

	while ((d = a->defer) != NULL) {
		a->defer = d->next;
		d->fn(d->arg);
	}
}

/*
 * arena_defer: fn(arg) runs once when the arena is freed or reset, after
 * the calls registered later (newest first) and before any memory is
 * released, so arg may point into the arena.  For references to
 * long-lived objects (a rule set) held exactly as long as a request.
 */
void
arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_defer	*d;

	d = arena_alloc(a, sizeof(*d));
	d->fn = fn;
	d->arg = arg;
	d->next = a->defer;
	a->defer = d;
}

/* arena_free: releases every block, including the arena.  NULL is a no-op. */
void
arena_free(struct arena *a)
{
	struct arena_block	*b, *next;

	if (a == NULL)
		return;
	arena_run_defer(a);
	/* a lives in a->first: read the chain before freeing that block. */
	for (b = a->first->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a->first);
}

/*
 * arena_reset: forgets every allocation (pointers into the arena become
 * invalid) but keeps the first block, so the next request reuses it.
 */
void
arena_reset(struct arena *a)
{
	struct arena_block	*b, *next, *first;

	arena_run_defer(a);
	first = a->first;
	for (b = first->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	first->next = NULL;
	first->used = 0;
	/* Re-reserve the header's own space; it stays where it is. */
	(void)arena_bump(first, sizeof(*a));
	a->cur = first;
	a->next_size = ARENA_BLOCK_FIRST * 2;
	a->handed = 0;
	a->defer = NULL;
}

/*
 * arena_alloc: n bytes aligned to 16, arena-owned, never NULL, contents
 * undefined.  n == 0 returns a valid, distinct pointer (one byte is
 * reserved).  Aborts on out-of-memory.
 */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block	*b;
	void			*p;
	size_t			 need, sz;

	need = n == 0 ? 1 : n;
	if ((p = arena_bump(a->cur, need)) != NULL)
		goto out;

	if (need > a->cur->size / 4) {
		/* Its own block, behind cur, so cur keeps its free space. */
		b = arena_block_new(need);
		b->next = a->cur->next;
		a->cur->next = b;
		p = arena_bump(b, need);
		goto out;
	}

	sz = a->next_size;
	if (a->next_size < ARENA_BLOCK_MAX)
		a->next_size *= 2;
	b = arena_block_new(sz);
	b->next = a->cur->next;
	a->cur->next = b;
	a->cur = b;
	p = arena_bump(b, need);
out:
	if (p == NULL)
		arena_overflow();
	a->handed += n;
	return p;
}

/*
 * arena_calloc: zeroed n * sz bytes, arena-owned.  Aborts if n * sz
 * overflows or memory is exhausted.
 */
void *
arena_calloc(struct arena *a, size_t n, size_t sz)
{
	void	*p;

	if (sz != 0 && n > SIZE_MAX / sz)
		arena_overflow();
	p = arena_alloc(a, n * sz);
	memset(p, 0, n * sz);
	return p;
}

/* arena_strdup: arena-owned copy of the C string s. */
char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/*
 * arena_strndup: arena-owned copy of s[0..n), NUL-terminated.  Unlike
 * strndup, all n bytes are copied even if s holds a NUL before n (the
 * parsers use it on decoded bytes); s must have n readable bytes.
 */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	if (n == SIZE_MAX)
		arena_overflow();
	p = arena_alloc(a, n + 1);
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* arena_printf: formatted, NUL-terminated, arena-owned string. */
char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

/*
 * arena_vprintf: as arena_printf; consumes ap.  An encoding error from
 * vsnprintf yields an empty string (logged).
 */
char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 ap2;
	char	*p;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		log_warn("arena_vprintf: encoding error");
		return arena_strndup(a, "", 0);
	}
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/*
 * arena_used: bytes requested since creation or the last reset (sum of the
 * n passed to arena_alloc; alignment padding and block slack not counted).
 */
size_t
arena_used(const struct arena *a)
{
	return a->handed;
}
