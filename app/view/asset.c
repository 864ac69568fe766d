/* view/asset.c: content-hashed URLs for embedded static assets. */
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/log.h"
#include "lib/util.h"
#include "view/asset.h"

static struct asset	*assets;
static size_t		 nassets;

static const char	*asset_ctype(const char *);

static const char *
asset_ctype(const char *name)
{
	const char	*dot = strrchr(name, '.');

	if (dot == NULL)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".ico") == 0)
		return "image/x-icon";
	if (strcmp(dot, ".txt") == 0)
		return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

void
asset_init(void)
{
	size_t		 i;
	const char	*name, *dot;
	struct asset	*a;
	size_t		 stem;

	assets = xcalloc(embedded_nfiles, sizeof(*assets));
	for (i = 0; i < embedded_nfiles; i++) {
		name = embedded_files[i].name;
		if (strncmp(name, "assets/", 7) != 0 ||
		    strncmp(name, "assets/templates/", 17) == 0)
			continue;
		a = &assets[nassets++];
		a->file = &embedded_files[i];
		dot = strrchr(name, '.');
		stem = dot ? (size_t)(dot - name) : strlen(name);
		a->url = xmalloc(strlen(name) + 16);
		/* "/" + stem + "." + 12 hex + ext */
		strcpy((char *)a->url, "/");
		strncat((char *)a->url, name, stem);
		strcat((char *)a->url, ".");
		strncat((char *)a->url, a->file->sha256, 12);
		if (dot)
			strcat((char *)a->url, dot);
		a->ctype = asset_ctype(name);
		a->etag[0] = '"';
		memcpy(a->etag + 1, a->file->sha256, 32);
		a->etag[33] = '"';
		a->etag[34] = '\0';
		a->compressible = strncmp(a->ctype, "text/", 5) == 0 ||
		    strcmp(a->ctype, "image/svg+xml") == 0;
	}
}

void
asset_free(void)
{
	size_t	i;

	for (i = 0; i < nassets; i++)
		free((void *)assets[i].url);
	free(assets);
	assets = NULL;
	nassets = 0;
}

const char *
asset_url(const char *name)
{
	size_t	i;

	for (i = 0; i < nassets; i++)
		if (strcmp(assets[i].file->name, name) == 0)
			return assets[i].url;
	log_fatal("asset %s is not embedded", name);
}

struct asset *
asset_by_url(const char *url, size_t len)
{
	size_t	i;

	for (i = 0; i < nassets; i++)
		if (strlen(assets[i].url) == len &&
		    memcmp(assets[i].url, url, len) == 0)
			return &assets[i];
	return NULL;
}

size_t
asset_count(void)
{
	return nassets;
}

struct asset *
asset_at(size_t i)
{
	return &assets[i];
}
