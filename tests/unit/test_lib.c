/* tests/unit/test_lib.c: arena, buf, utf8, util */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "lib/util.h"

#define S(lit)	(lit), sizeof(lit) - 1

static void
test_arena_align(void **state)
{
	struct arena	*a = arena_new();
	size_t		 i, sz;
	char		*p;

	(void)state;
	for (i = 0; i < 1000; i++) {
		sz = i % 37;
		p = arena_alloc(a, sz);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xa5, sz);
	}
	arena_free(a);
}

static void
test_arena_zero_distinct(void **state)
{
	struct arena	*a = arena_new();
	void		*p, *q;

	(void)state;
	p = arena_alloc(a, 0);
	q = arena_alloc(a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	assert_int_equal(arena_used(a), 0);
	arena_free(a);
}

static void
test_arena_big_and_many(void **state)
{
	struct arena	*a = arena_new();
	char		*small1, *big, *small2, *huge;
	size_t		 i;

	(void)state;
	small1 = arena_alloc(a, 100);
	memset(small1, 'a', 100);
	big = arena_alloc(a, 200 * 1024);		/* own block */
	memset(big, 'b', 200 * 1024);
	assert_int_equal((uintptr_t)big % 16, 0);
	small2 = arena_alloc(a, 100);
	memset(small2, 'c', 100);
	/* Small allocations keep using the first block after a big one. */
	assert_true(small2 > small1 && small2 - small1 < 16 * 1024);
	huge = arena_alloc(a, 8 * 1024 * 1024);
	memset(huge, 'd', 8 * 1024 * 1024);
	for (i = 0; i < 100000; i++)
		memset(arena_alloc(a, 64), 'e', 64);
	assert_int_equal(small1[99], 'a');
	assert_int_equal(big[200 * 1024 - 1], 'b');
	assert_int_equal(small2[0], 'c');
	assert_int_equal(huge[0], 'd');
	assert_int_equal(arena_used(a),
	    200 + 200 * 1024 + 8 * 1024 * 1024 + 100000 * 64);
	arena_free(a);
}

static void
test_arena_reset(void **state)
{
	struct arena	*a = arena_new();
	char		*p, *q;
	size_t		 i;

	(void)state;
	p = arena_alloc(a, 32);
	for (i = 0; i < 1000; i++)
		arena_alloc(a, 1000);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	q = arena_alloc(a, 32);
	assert_ptr_equal(p, q);		/* first block reused */
	for (i = 0; i < 3; i++) {
		arena_alloc(a, 50000);
		arena_reset(a);
	}
	arena_free(a);
	arena_free(NULL);
}

static int	defer_order[4];
static int	defer_n;

static void
defer_note(void *arg)
{
	int	*v = arg;

	defer_order[defer_n++] = *v;
}

/* arena_defer: newest first, once, on free and on reset (arg in the arena). */
static void
test_arena_defer(void **state)
{
	struct arena	*a = arena_new();
	int		*x, *y;

	(void)state;
	defer_n = 0;
	x = arena_alloc(a, sizeof(*x));
	*x = 1;
	y = arena_alloc(a, sizeof(*y));
	*y = 2;
	arena_defer(a, defer_note, x);
	arena_defer(a, defer_note, y);
	assert_int_equal(defer_n, 0);
	arena_reset(a);
	assert_int_equal(defer_n, 2);
	assert_int_equal(defer_order[0], 2);
	assert_int_equal(defer_order[1], 1);
	arena_reset(a);			/* nothing registered any more */
	assert_int_equal(defer_n, 2);
	x = arena_alloc(a, sizeof(*x));
	*x = 3;
	arena_defer(a, defer_note, x);
	arena_free(a);
	assert_int_equal(defer_n, 3);
	assert_int_equal(defer_order[2], 3);
}

static void
test_arena_strings(void **state)
{
	struct arena	*a = arena_new();
	char		*s;
	int		*v;
	size_t		 i;

	(void)state;
	assert_string_equal(arena_strdup(a, "こんにちは"), "こんにちは");
	s = arena_strndup(a, "ab\0cd", 5);
	assert_memory_equal(s, "ab\0cd", 6);
	assert_string_equal(arena_strndup(a, "xyz", 0), "");
	assert_string_equal(arena_printf(a, "%d-%s", 42, "x"), "42-x");
	s = arena_printf(a, "%5000d", 7);
	assert_int_equal(strlen(s), 5000);
	v = arena_calloc(a, 1000, sizeof(*v));
	for (i = 0; i < 1000; i++)
		assert_int_equal(v[i], 0);
	arena_free(a);
}

static void
test_arena_calloc_overflow(void **state)
{
	(void)state;
	/* Overflow aborts; checked in a child so the suite survives. */
	fflush(NULL);
	if (fork() == 0) {
		struct arena *a = arena_new();

		arena_calloc(a, SIZE_MAX / 2, 4);
		_exit(0);
	} else {
		int st;

		wait(&st);
		assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
	}
}

static void
test_buf_arena(void **state)
{
	struct arena	*a = arena_new();
	struct buf	 b;
	size_t		 i;

	(void)state;
	buf_init(&b, a);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	buf_puts(&b, "abc");
	buf_putc(&b, 'd');
	buf_put(&b, "e\0f", 3);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.p, "abcde\0f", 8);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	for (i = 0; i < 10000; i++)
		buf_printf(&b, "%zu,", i % 10);
	assert_int_equal(b.len, 20000);
	assert_int_equal(b.p[b.len], '\0');
	assert_memory_equal(b.p, "0,1,2,", 6);
	buf_free(&b);			/* arena buf: just empties */
	assert_int_equal(b.len, 0);
	arena_free(a);
}

static void
test_buf_heap(void **state)
{
	struct buf	 b;
	char		 big[300];

	(void)state;
	buf_init(&b, NULL);
	buf_free(&b);			/* untouched: no-op */
	buf_reset(&b);
	memset(big, 'x', sizeof(big));
	buf_put(&b, big, sizeof(big));
	buf_printf(&b, "%s|%d", "ok", -1);
	assert_int_equal(b.len, 305);
	assert_string_equal(b.p + 300, "ok|-1");
	buf_putc(&b, 0x1e9);		/* truncated to a byte */
	assert_int_equal((unsigned char)b.p[305], 0xe9);
	buf_reserve(&b, 100000);
	assert_true(b.cap >= b.len + 100001);
	buf_free(&b);
	assert_int_equal(b.cap, 0);
	buf_puts(&b, "again");
	assert_string_equal(b.p, "again");
	buf_free(&b);
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid(S("")));
	assert_true(utf8_valid(NULL, 0));
	assert_true(utf8_valid(S("hello")));
	assert_true(utf8_valid(S("日本語のテキスト")));
	assert_true(utf8_valid(S("\xc2\x80")));		/* U+0080 */
	assert_true(utf8_valid(S("\xdf\xbf")));		/* U+07FF */
	assert_true(utf8_valid(S("\xe0\xa0\x80")));		/* U+0800 */
	assert_true(utf8_valid(S("\xed\x9f\xbf")));		/* U+D7FF */
	assert_true(utf8_valid(S("\xee\x80\x80")));		/* U+E000 */
	assert_true(utf8_valid(S("\xef\xbf\xbf")));		/* U+FFFF */
	assert_true(utf8_valid(S("\xf0\x90\x80\x80")));	/* U+10000 */
	assert_true(utf8_valid(S("\xf4\x8f\xbf\xbf")));	/* U+10FFFF */
	assert_true(utf8_valid(S("😀")));

	assert_false(utf8_valid(S("a\0b")));			/* NUL */
	assert_false(utf8_valid(S("\0")));
	assert_false(utf8_valid(S("\xc0\xaf")));		/* overlong / */
	assert_false(utf8_valid(S("\xc1\xbf")));
	assert_false(utf8_valid(S("\xc0\x80")));		/* overlong NUL */
	assert_false(utf8_valid(S("\xe0\x80\xaf")));
	assert_false(utf8_valid(S("\xe0\x9f\xbf")));
	assert_false(utf8_valid(S("\xf0\x80\x80\xaf")));
	assert_false(utf8_valid(S("\xf0\x8f\xbf\xbf")));
	assert_false(utf8_valid(S("\xed\xa0\x80")));		/* U+D800 */
	assert_false(utf8_valid(S("\xed\xbf\xbf")));		/* U+DFFF */
	assert_false(utf8_valid(S("\xed\xa0\xbd\xed\xb8\x80")));	/* CESU */
	assert_false(utf8_valid(S("\xf4\x90\x80\x80")));	/* U+110000 */
	assert_false(utf8_valid(S("\xf5\x80\x80\x80")));
	assert_false(utf8_valid(S("\xff")));
	assert_false(utf8_valid(S("\xfe")));
	assert_false(utf8_valid(S("\x80")));			/* lone cont. */
	assert_false(utf8_valid(S("a\xbf")));
	assert_false(utf8_valid(S("\xe6\x97")));		/* truncated 日 */
	assert_false(utf8_valid(S("\xe6\x97" "a")));
	assert_false(utf8_valid(S("\xf0\x9f\x98")));
	assert_false(utf8_valid(S("\xc3")));
	assert_false(utf8_valid(S("\xc3\xc3")));
}

static void
test_utf8_count_prefix(void **state)
{
	const char	*s = "aé日😀";	/* 1 + 2 + 3 + 4 bytes */

	(void)state;
	assert_int_equal(utf8_count(s, strlen(s)), 4);
	assert_int_equal(utf8_count(S("")), 0);
	assert_int_equal(utf8_count(S("日本語")), 3);
	assert_int_equal(utf8_prefix(s, strlen(s), 0), 0);
	assert_int_equal(utf8_prefix(s, strlen(s), 1), 1);
	assert_int_equal(utf8_prefix(s, strlen(s), 2), 3);
	assert_int_equal(utf8_prefix(s, strlen(s), 3), 6);
	assert_int_equal(utf8_prefix(s, strlen(s), 4), 10);
	assert_int_equal(utf8_prefix(s, strlen(s), 100), 10);
	/* Never splits a character, and stops at invalid bytes. */
	assert_int_equal(utf8_prefix(s, 5, 100), 3);
	assert_int_equal(utf8_prefix(S("ab\xffzz"), 100), 2);
	assert_int_equal(utf8_prefix(S("ab\0c"), 100), 2);
	/* Garbage in: count stays bounded. */
	assert_true(utf8_count(S("\x80\x80\x80")) <= 3);
}

static void
test_util(void **state)
{
	char	*p;
	uint64_t t0, t1;

	(void)state;
	assert_true(util_strncaseeq(S("Content-Type"), "content-type"));
	assert_true(util_strncaseeq(S("ABC"), "abc"));
	assert_true(util_strncaseeq(S(""), ""));
	assert_false(util_strncaseeq(S("abc"), "ab"));
	assert_false(util_strncaseeq(S("ab"), "abc"));
	assert_false(util_strncaseeq(S("a\0c"), "a"));
	assert_false(util_strncaseeq(S("a\0c"), "abc"));
	assert_false(util_strncaseeq(S("\xc3\xa9"), "\xc3\x89"));	/* é/É */
	assert_false(util_strncaseeq(S("["), "{"));	/* 0x5b vs 0x7b */

	p = xstrndup("hello", 3);
	assert_string_equal(p, "hel");
	free(p);
	p = xstrndup("hi", 10);
	assert_string_equal(p, "hi");
	free(p);
	p = xstrdup("日本");
	assert_string_equal(p, "日本");
	free(p);
	p = xcalloc(0, 0);
	assert_non_null(p);
	p = xrealloc(p, 1000);
	memset(p, 0, 1000);
	free(p);
	free(xmalloc(0));

	t0 = util_now_us();
	t1 = util_now_us();
	assert_true(t1 >= t0);
	assert_true(t1 - t0 < 1000000);
}

/* Runs fn with stderr redirected to a temporary file; returns its text. */
static char *
capture_stderr(void (*fn)(void))
{
	static char	 out[8192];
	FILE		*f;
	int		 saved;
	size_t		 n;

	assert_non_null(f = tmpfile());
	saved = dup(STDERR_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	return out;
}

static void
log_some(void)
{
	log_info("hello %s", "world\nforged 2024-01-01T00:00:00.000Z error: x");
	log_err("code %d", 7);
}

static const char rl_key[] = "rl-test";
static const char rl_key2[] = "rl-test2";

static void
log_rl(void)
{
	int	 i;

	for (i = 0; i < 5; i++)
		log_ratelimited(rl_key, 60, "limited %d", i);
	log_ratelimited(rl_key2, 60, "other");
	log_ratelimited(rl_key2, 0, "zero window %d", 1);
	log_ratelimited(rl_key2, 0, "zero window %d", 2);
}

static void
log_long(void)
{
	char	 big[5000];

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	log_warn("%s", big);
}

static void
test_log(void **state)
{
	char	*s, *nl;
	int	 lines = 0;

	(void)state;
	s = capture_stderr(log_some);
	for (nl = s; (nl = strchr(nl, '\n')) != NULL; nl++)
		lines++;
	assert_int_equal(lines, 2);	/* the embedded newline is escaped */
	/* 2024-05-01T12:34:56.789Z info: */
	assert_true(strlen(s) > 30);
	assert_int_equal(s[4], '-');
	assert_int_equal(s[10], 'T');
	assert_int_equal(s[19], '.');
	assert_int_equal(s[23], 'Z');
	assert_memory_equal(s + 24, " info: hello world\\x0aforged", 28);
	assert_non_null(strstr(s, " error: code 7\n"));

	s = capture_stderr(log_rl);
	assert_non_null(strstr(s, "limited 0"));
	assert_null(strstr(s, "limited 1"));
	assert_null(strstr(s, "limited 4"));
	assert_non_null(strstr(s, " warn: other\n"));
	assert_non_null(strstr(s, "zero window 1"));
	assert_non_null(strstr(s, "zero window 2"));

	s = capture_stderr(log_long);
	assert_true(strlen(s) <= 2048);
	assert_non_null(strstr(s, "zzz...\n"));
}

/* A relative socket directory in the database URL is made absolute. */
static void
test_conf_db_url(void **state)
{
	static const struct {
		const char	*in, *want;
	} t[] = {
		{ "host=var/run dbname=sodan user=sodan",
		  "host=/srv/sodan/var/run dbname=sodan user=sodan" },
		{ "dbname=sodan host=var/run",
		  "dbname=sodan host=/srv/sodan/var/run" },
		{ "host=/var/run/postgresql dbname=x",
		  "host=/var/run/postgresql dbname=x" },
		{ "host=db.example dbname=x", "host=db.example dbname=x" },
		{ "host=localhost", "host=localhost" },
		{ "dbname=x", "dbname=x" },
		{ "postgresql://u@h/db?host=var/run",
		  "postgresql://u@h/db?host=var/run" },
		{ "ghost=var/run dbname=x", "ghost=var/run dbname=x" },
	};
	size_t	 i;
	char	*out;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		out = conf_db_url_resolve(t[i].in, "/srv/sodan");
		assert_string_equal(out, t[i].want);
		free(out);
	}
	out = conf_db_url_resolve("host=var/run", "relative/base");
	assert_string_equal(out, "host=var/run");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_align),
		cmocka_unit_test(test_arena_zero_distinct),
		cmocka_unit_test(test_arena_big_and_many),
		cmocka_unit_test(test_arena_reset),
		cmocka_unit_test(test_arena_defer),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_arena_calloc_overflow),
		cmocka_unit_test(test_buf_arena),
		cmocka_unit_test(test_buf_heap),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_count_prefix),
		cmocka_unit_test(test_util),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_conf_db_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
