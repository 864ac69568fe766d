/*
 * lib/views.c: the in-memory view counters (lib/views.h).
 */
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>

#include "lib/views.h"

#define PROBES	32

struct vslot {
	_Atomic int64_t	 id;
	_Atomic int64_t	 n;
};

struct vtab {
	_Atomic int	 users;		/* hits inside this table now */
	struct vslot	 s[VIEWS_SLOTS];
};

static struct vtab	 tabs[2];
static _Atomic int	 cur;
static _Atomic uint64_t	 dropped;

/*
 * Robots by User-Agent: crawlers, link previews, monitors, command-line
 * clients and libraries, headless browsers.  No User-Agent at all is a
 * robot too.  Substrings, ASCII case ignored.
 */
static const char *const bot_marks[] = {
	"bot", "crawl", "spider", "slurp", "archiver", "facebookexternalhit",
	"embedly", "preview", "monitor", "uptime", "pingdom", "headless",
	"phantomjs", "lighthouse", "curl/", "wget/", "python-", "python/",
	"go-http-client", "java/", "okhttp", "libwww", "httpclient",
	"node-fetch", "axios/", "scrapy", "feedfetcher", "feed", "validator",
	NULL
};

static int
has_mark(const char *ua, size_t len, const char *m)
{
	size_t	ml = strlen(m), i;

	if (ml > len)
		return 0;
	for (i = 0; i + ml <= len; i++)
		if (strncasecmp(ua + i, m, ml) == 0)
			return 1;
	return 0;
}

int
views_is_bot(const char *ua, size_t len)
{
	size_t	i;

	if (ua == NULL || len == 0)
		return 1;
	for (i = 0; bot_marks[i] != NULL; i++)
		if (has_mark(ua, len, bot_marks[i]))
			return 1;
	return 0;
}

static uint64_t
hash64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

void
views_hit(int64_t id)
{
	struct vtab	*t;
	struct vslot	*s;
	int64_t		 want;
	size_t		 h, i;
	int		 k;

	if (id <= 0)
		return;
	for (;;) {
		k = atomic_load(&cur);
		t = &tabs[k];
		atomic_fetch_add(&t->users, 1);
		if (atomic_load(&cur) == k)
			break;
		/* the tables were swapped meanwhile: use the new one */
		atomic_fetch_sub(&t->users, 1);
	}
	h = (size_t)(hash64((uint64_t)id) % VIEWS_SLOTS);
	for (i = 0; i < PROBES; i++) {
		s = &t->s[(h + i) % VIEWS_SLOTS];
		want = atomic_load(&s->id);
		if (want == 0) {
			want = 0;
			if (atomic_compare_exchange_strong(&s->id, &want, id) ||
			    want == id) {
				atomic_fetch_add(&s->n, 1);
				goto out;
			}
			continue;
		}
		if (want == id) {
			atomic_fetch_add(&s->n, 1);
			goto out;
		}
	}
	atomic_fetch_add(&dropped, 1);
out:
	atomic_fetch_sub(&t->users, 1);
}

/* Swaps the tables; waits for the hits still inside the old one. */
static struct vtab *
swap_out(void)
{
	int	k = atomic_load(&cur);

	atomic_store(&cur, 1 - k);
	while (atomic_load(&tabs[k].users) != 0)
		sched_yield();
	return &tabs[k];
}

size_t
views_take(int64_t *ids, int64_t *n, size_t max)
{
	static struct vtab	*old;		/* taken, not yet emptied */
	static size_t		 next;		/* where the last call stopped */
	struct vslot		*s;
	size_t			 got = 0;
	int64_t			 c;

	if (old == NULL) {
		old = swap_out();
		next = 0;
	}
	for (; next < VIEWS_SLOTS && got < max; next++) {
		s = &old->s[next];
		if (atomic_load(&s->id) == 0)
			continue;
		c = atomic_exchange(&s->n, 0);
		if (c > 0) {
			ids[got] = atomic_load(&s->id);
			n[got] = c;
			got++;
		}
		atomic_store(&s->id, 0);
	}
	if (next >= VIEWS_SLOTS)
		old = NULL;
	return got;
}

uint64_t
views_dropped(void)
{
	return atomic_exchange(&dropped, 0);
}
