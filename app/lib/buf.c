/*
 * buf.c: growable byte buffer, in an arena or on the heap.
 *
 * Capacity doubles on growth.  An arena buf cannot give memory back, so
 * growing copies into a fresh arena region and abandons the old one: the
 * doubling keeps that waste below the final size.  Until the first write
 * a buf points at a shared empty string (cap == 0), so buf_init() never
 * allocates and an untouched heap buf needs no buf_free() (calling it is
 * still fine).  The data is NUL-terminated after len bytes at all times.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/util.h"

#define BUF_MIN	64

/* Never written: every write reserves first, and cap == 0 means "this". */
static char	buf_empty[1];

/*
 * buf_init: an empty buf growing in arena a, or on the heap when a is
 * NULL (then the caller calls buf_free()).  Does not allocate.
 */
void
buf_init(struct buf *b, struct arena *a)
{
	b->p = buf_empty;
	b->len = 0;
	b->cap = 0;
	b->a = a;
}

/*
 * buf_reserve: makes room for `extra` more bytes plus the terminating NUL.
 * May move b->p (pointers into the old data become stale).  Aborts on
 * size overflow or out-of-memory.
 */
void
buf_reserve(struct buf *b, size_t extra)
{
	size_t	 need, cap;
	char	*p;

	if (extra > SIZE_MAX - 1 - b->len) {
		log_err("buf: size overflow");
		abort();
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap < BUF_MIN ? BUF_MIN : b->cap;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;

	if (b->a != NULL) {
		p = arena_alloc(b->a, cap);
		memcpy(p, b->p, b->len + 1);
	} else if (b->cap == 0) {
		p = xmalloc(cap);
		p[0] = '\0';
	} else
		p = xrealloc(b->p, cap);
	b->p = p;
	b->cap = cap;
}

/* buf_put: appends n bytes (any values, NUL included) from p. */
void
buf_put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_reserve(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* buf_puts: appends the C string s. */
void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* buf_putc: appends the byte (unsigned char)c; 0 appends a NUL byte. */
void
buf_putc(struct buf *b, int c)
{
	buf_reserve(b, 1);
	b->p[b->len++] = (char)(unsigned char)c;
	b->p[b->len] = '\0';
}

/* buf_printf: appends formatted text. */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/*
 * buf_vprintf: as buf_printf; consumes ap.  An encoding error appends
 * nothing (logged).
 */
void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 ap2;
	size_t	 room;
	int	 n;

	room = b->cap == 0 ? 0 : b->cap - b->len;
	va_copy(ap2, ap);
	n = vsnprintf(room == 0 ? NULL : b->p + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		if (b->cap != 0)
			b->p[b->len] = '\0';
		log_warn("buf_vprintf: encoding error");
		return;
	}
	if ((size_t)n >= room) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

/* buf_reset: empties the buf, keeping its memory. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap != 0)
		b->p[0] = '\0';
}

/*
 * buf_free: releases a heap buf's memory and leaves it empty and reusable.
 * For an arena buf it only empties it (the arena owns the memory).
 */
void
buf_free(struct buf *b)
{
	if (b->a == NULL && b->cap != 0)
		free(b->p);
	buf_init(b, b->a);
}
