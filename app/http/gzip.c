/* http/gzip.c: gzip for responses (level 6, the usual speed/size balance). */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "http/gzip.h"
#include "lib/arena.h"
#include "lib/util.h"

char *
gzip_compress(struct arena *a, const char *src, size_t len, size_t *outlen)
{
	z_stream	 zs;
	uLong		 bound;
	char		*out;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	bound = deflateBound(&zs, (uLong)len) + 32;
	out = a ? arena_alloc(a, bound) : xmalloc(bound);
	zs.next_in = (Bytef *)(uintptr_t)src;
	zs.avail_in = (uInt)len;
	zs.next_out = (Bytef *)out;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&zs);
		if (a == NULL)
			free(out);
		return NULL;
	}
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}
