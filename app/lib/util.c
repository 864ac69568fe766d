/*
 * util.c: allocation that never returns NULL, the monotonic clock and a
 * length-delimited ASCII case-insensitive compare.
 *
 * Out of memory is not a condition the server can recover from in any
 * useful way (every request path allocates), so the x* functions log one
 * line and abort() instead of returning NULL.  That keeps every call site
 * free of checks that would never be tested.  abort() rather than exit()
 * so that the core dump shows who asked for what.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/util.h"

static void	util_oom(size_t) __attribute__((noreturn));

static void
util_oom(size_t n)
{
	log_err("out of memory allocating %zu bytes", n);
	abort();
}

/*
 * xmalloc: n bytes from the heap, caller frees.  n == 0 still returns a
 * unique pointer (malloc(1)).  Aborts on failure.
 */
void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		util_oom(n);
	return p;
}

/*
 * xcalloc: zeroed n * sz bytes, caller frees.  Overflow of n * sz is
 * treated as out of memory (calloc itself checks).  Aborts on failure.
 */
void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if (n == 0 || sz == 0)
		n = sz = 1;
	if ((p = calloc(n, sz)) == NULL)
		util_oom(sz != 0 && n > SIZE_MAX / sz ? SIZE_MAX : n * sz);
	return p;
}

/*
 * xrealloc: resizes p (NULL allocates), caller frees the result; p is
 * invalidated.  n == 0 keeps a 1-byte block rather than freeing, so the
 * result is never NULL.  Aborts on failure (p is then untouched).
 */
void *
xrealloc(void *p, size_t n)
{
	void	*q;

	if ((q = realloc(p, n == 0 ? 1 : n)) == NULL)
		util_oom(n);
	return q;
}

/* xstrdup: heap copy of the C string s, caller frees. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/*
 * xstrndup: heap copy of at most n bytes of s (stops early at a NUL),
 * always NUL-terminated, caller frees.
 */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	if (len == SIZE_MAX)
		util_oom(len);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * util_deadline: *ts = now on clock + ms milliseconds, normalized: the
 * deadline of a pthread_cond_timedwait() (whose condition variable waits
 * on that clock).
 */
void
util_deadline(struct timespec *ts, clockid_t clock, long ms)
{
	clock_gettime(clock, ts);
	ts->tv_nsec += ms % 1000 * 1000000L;
	ts->tv_sec += ms / 1000 + ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

/*
 * util_now_us: CLOCK_MONOTONIC in microseconds; only differences are
 * meaningful (the origin is unspecified, usually boot).
 */
uint64_t
util_now_us(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		log_fatal("clock_gettime(CLOCK_MONOTONIC): %s", strerror(errno));
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * util_strncaseeq: 1 when s[0..n) equals the C string c ignoring ASCII
 * case (same length, so a prefix never matches), 0 otherwise.  s may hold
 * NUL bytes; they never match.  Bytes >= 0x80 compare exactly.
 */
int
util_strncaseeq(const char *s, size_t n, const char *c)
{
	size_t		 i;
	unsigned char	 x, y;

	for (i = 0; i < n; i++) {
		x = (unsigned char)s[i];
		y = (unsigned char)c[i];
		if (y == '\0')
			return 0;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return c[n] == '\0';
}

/* util_mkdir_p: mkdir -p (mode 0755) for a relative or absolute path; 0 or -1. */
int
util_mkdir_p(const char *path)
{
	char	buf[1024], *p;
	size_t	n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, path, n + 1);
	for (p = buf + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) == -1 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(buf, 0755) == -1 && errno != EEXIST ? -1 : 0;
}
