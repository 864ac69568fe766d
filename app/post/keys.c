/*
 * post/keys.c: which cached public pages a change of a post or a thread
 * made stale, as the page cache's keys (http/pcache.h, docs/internals.md
 * "Page cache"):
 *
 *   thread:ID   the thread's page and its posts' history pages
 *   home        the home page
 *   lists       the other lists of threads (members' pages, sitemap,
 *               staff feed), whose rows show counts any answer changes
 *   cat:ID      the thread's category
 *   tag:NAME    each tag page the thread is on
 *   tags        every tag page (a question's tags may have changed)
 *   *           every page
 *
 * The thread's category and tags are those the pages will show from now
 * on: returned by the transaction's last statement (store_post_write,
 * res->keys_category and keys_tags), else read after it committed.
 */
#include <stdint.h>
#include <string.h>

#include "lib/arena.h"
#include "post/post.h"
#include "store/store.h"

#define KEYS_MAX	(REQ_MAX_DEPS * 4)

static void	 thread_keys(struct arena *, int64_t thread, int known,
		    int64_t category, const char *tags, const char ***keys,
		    size_t *n);

/* The keys of thread, in category with tags when known. */
static void
thread_keys(struct arena *a, int64_t thread, int known, int64_t category,
    const char *tags, const char ***keys, size_t *n)
{
	const char	**k, *p, *e;
	size_t		  m = 0;

	k = arena_calloc(a, KEYS_MAX, sizeof(*k));
	k[m++] = arena_printf(a, "thread:%lld", (long long)thread);
	k[m++] = "home";
	k[m++] = "lists";
	if (known) {
		k[m++] = arena_printf(a, "cat:%lld", (long long)category);
		for (p = tags != NULL ? tags : ""; *p != '\0' &&
		    m < KEYS_MAX - 1; p = *e != '\0' ? e + 1 : e) {
			if ((e = strchr(p, ' ')) == NULL)
				e = p + strlen(p);
			if (e > p)
				k[m++] = arena_printf(a, "tag:%.*s",
				    (int)(e - p), p);
		}
	}
	*keys = k;
	*n = m;
}

int
post_thread_keys(struct arena *a, struct db *db, int64_t thread,
    const char ***keys, size_t *n)
{
	struct qa_thread	*t;

	*keys = NULL;
	*n = 0;
	if (store_qa_thread(db, a, thread, &t) == -1)
		return -1;
	thread_keys(a, thread, t != NULL, t != NULL ? t->category_id : 0,
	    t != NULL ? t->tags : NULL, keys, n);
	return 0;
}

int
post_public_keys(struct arena *a, struct db *db, const struct post_result *res,
    const char ***keys, size_t *n)
{
	const char	**k;

	*keys = NULL;
	*n = 0;
	if (res->err != POST_OK || !res->public_changed)
		return 0;
	if (res->scope == POST_SCOPE_ALL || res->thread_id <= 0 ||
	    res->scope == POST_SCOPE_THREAD) {
		k = arena_calloc(a, 1, sizeof(*k));
		k[0] = res->scope == POST_SCOPE_THREAD && res->thread_id > 0 ?
		    arena_printf(a, "thread:%lld", (long long)res->thread_id) :
		    "*";
		*keys = k;
		*n = 1;
		return 0;
	}
	if (res->keys_category != 0)
		thread_keys(a, res->thread_id, 1, res->keys_category,
		    res->keys_tags, keys, n);
	else if (post_thread_keys(a, db, res->thread_id, keys, n) == -1)
		return -1;
	if (res->scope == POST_SCOPE_RETAG)
		(*keys)[(*n)++] = "tags";
	return 0;
}
