/*
 * asset.h: static assets (assets/css, js, img) by content-hashed URL.
 *
 * "assets/css/app.css" is served as "/assets/css/app.<12 hex of sha256>.css",
 * so a changed file gets a new URL and every URL can be cached forever.
 */
#ifndef SODAN_ASSET_H
#define SODAN_ASSET_H

#include <stddef.h>

struct embedded;

struct asset {
	const struct embedded	*file;
	const char		*url;	/* "/assets/css/app.0123456789ab.css" */
	const char		*ctype;
	char			 etag[36];	/* "\"<32 hex>\"" */
	int			 compressible;
	const unsigned char	*gz;	/* gzip body or NULL (set by the server) */
	size_t			 gzlen;
};

/* Builds the table from the embedded files.  Call once at start-up. */
void		 asset_init(void);
/* Releases the table (at exit). */
void		 asset_free(void);
/* URL of the asset embedded as name; aborts if absent (a build error). */
const char	*asset_url(const char *name);
/* The asset served at url (path without query), or NULL. */
struct asset	*asset_by_url(const char *url, size_t len);
/* Iteration for start-up work (precompression). */
size_t		 asset_count(void);
struct asset	*asset_at(size_t);

#endif
