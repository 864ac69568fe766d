/*
 * lib/site.c: the site's settings in use (lib/site.h).  The poller is the
 * only writer; the layout reads a copy per page, under the same mutex,
 * so the strings it holds are its own.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/site.h"
#include "lib/util.h"

static pthread_mutex_t	 site_mtx = PTHREAD_MUTEX_INITIALIZER;
static char		*site_name[LANG__MAX];
static int		 site_logo;
static int64_t		 site_ver = -1;

void
site_set(const char *const name[LANG__MAX], int has_logo, int64_t version)
{
	char	*n[LANG__MAX], *old[LANG__MAX];
	int	 i;

	for (i = 0; i < LANG__MAX; i++)
		n[i] = name[i] != NULL && name[i][0] != '\0' ?
		    xstrdup(name[i]) : NULL;
	pthread_mutex_lock(&site_mtx);
	for (i = 0; i < LANG__MAX; i++) {
		old[i] = site_name[i];
		site_name[i] = n[i];
	}
	site_logo = has_logo;
	site_ver = version;
	pthread_mutex_unlock(&site_mtx);
	for (i = 0; i < LANG__MAX; i++)
		free(old[i]);
}

void
site_get(struct arena *a, struct site_info *out)
{
	int	i;

	pthread_mutex_lock(&site_mtx);
	for (i = 0; i < LANG__MAX; i++)
		out->name[i] = site_name[i] != NULL ?
		    arena_strdup(a, site_name[i]) : "";
	out->has_logo = site_logo;
	out->version = site_ver;
	pthread_mutex_unlock(&site_mtx);
}

int64_t
site_version(void)
{
	int64_t	v;

	pthread_mutex_lock(&site_mtx);
	v = site_ver;
	pthread_mutex_unlock(&site_mtx);
	return v;
}

void
site_free(void)
{
	const char	*none[LANG__MAX] = { NULL };

	site_set(none, 0, -1);
}
