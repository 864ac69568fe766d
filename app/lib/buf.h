/*
 * buf.h: growable byte buffer.
 *
 * A buf either grows inside an arena (b->a != NULL: arena-owned, never freed
 * by hand) or on the heap (b->a == NULL: caller calls buf_free()).  The data
 * is always NUL-terminated after len bytes so it can be used as a C string.
 */
#ifndef SODAN_BUF_H
#define SODAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct buf {
	char		*p;
	size_t		 len;
	size_t		 cap;
	struct arena	*a;
};

void	buf_init(struct buf *, struct arena *);
void	buf_reserve(struct buf *, size_t extra);
void	buf_put(struct buf *, const void *, size_t);
void	buf_puts(struct buf *, const char *);
void	buf_putc(struct buf *, int);
void	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vprintf(struct buf *, const char *, va_list);
void	buf_reset(struct buf *);
/* Heap bufs only; arena bufs are released with their arena. */
void	buf_free(struct buf *);

#endif
