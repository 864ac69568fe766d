/* gzip.h: one-shot gzip (zlib) into an arena or the heap. */
#ifndef SODAN_GZIP_H
#define SODAN_GZIP_H

#include <stddef.h>

struct arena;

/*
 * Compresses src[0..len) as gzip.  Returns the output (arena-owned when a
 * is not NULL, else caller frees) and sets *outlen, or NULL on failure.
 */
char	*gzip_compress(struct arena *a, const char *src, size_t len,
	    size_t *outlen);

#endif
