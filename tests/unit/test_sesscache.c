/*
 * tests/unit/test_sesscache.c: the session cache (http/sesscache.c):
 * copies out and in, expiry after the configured lifetime, a drop, a
 * lookup that raced a drop (its answer is not stored), reader parts keyed
 * by session and thread, the lifetime's ceiling, and off means off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core.h"
#include "http/sesscache.h"
#include "lib/arena.h"
#include "store/store.h"

#define H1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define H2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static struct arena	*a;

static int
setup(void **st)
{
	(void)st;
	a = arena_new();
	sesscache_init(1000);
	return 0;
}

static int
teardown(void **st)
{
	(void)st;
	sesscache_init(0);
	arena_free(a);
	return 0;
}

static void
sleep_ms(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct session
member(int64_t id, int64_t uid, const char *name)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	s.id = id;
	s.user_id = uid;
	s.username = name;
	s.display_name = "表示名";
	s.role = ROLE_USER;
	s.granted = ROLE_MODERATOR;
	s.trust = 2;
	s.csrf = "csrf-token";
	s.unread = 3;
	return s;
}

static void
test_copy(void **st)
{
	struct session	 s = member(7, 70, "kenji"), *got;
	char		 name[8];

	(void)st;
	assert_int_equal(sesscache_get(H1, a, &got), 0);
	assert_null(got);
	strcpy(name, "kenji");
	s.username = name;
	sesscache_put(H1, &s, sesscache_epoch());
	name[0] = 'X';			/* the cache kept its own copy */
	assert_int_equal(sesscache_get(H1, a, &got), 1);
	assert_non_null(got);
	assert_int_equal(got->id, 7);
	assert_int_equal(got->user_id, 70);
	assert_string_equal(got->username, "kenji");
	assert_string_equal(got->display_name, "表示名");
	assert_string_equal(got->csrf, "csrf-token");
	assert_int_equal(got->role, ROLE_USER);
	assert_int_equal(got->granted, ROLE_MODERATOR);
	assert_int_equal(got->unread, 3);
	/* another token is another entry */
	assert_int_equal(sesscache_get(H2, a, &got), 0);
	/* a token's session is never stored */
	s.token_id = 5;
	sesscache_put(H2, &s, sesscache_epoch());
	assert_int_equal(sesscache_get(H2, a, &got), 0);
}

static void
test_expiry(void **st)
{
	struct session	 s = member(1, 10, "yuki"), *got;

	(void)st;
	sesscache_init(150);
	sesscache_put(H1, &s, sesscache_epoch());
	assert_int_equal(sesscache_get(H1, a, &got), 1);
	sleep_ms(200);
	assert_int_equal(sesscache_get(H1, a, &got), 0);
}

static void
test_flush_and_race(void **st)
{
	struct session	 s = member(1, 10, "yuki"), *got;
	uint64_t	 e;

	(void)st;
	sesscache_put(H1, &s, sesscache_epoch());
	sesscache_flush();		/* a sign-out, a role change... */
	assert_int_equal(sesscache_get(H1, a, &got), 0);
	/* read before a drop, stored after it: refused */
	e = sesscache_epoch();
	sesscache_flush();
	sesscache_put(H1, &s, e);
	assert_int_equal(sesscache_get(H1, a, &got), 0);
	sesscache_put(H1, &s, sesscache_epoch());
	assert_int_equal(sesscache_get(H1, a, &got), 1);
}

static void
test_reader(void **st)
{
	int64_t			 voted[2] = { 11, 13 };
	struct thread_reader	 rd, got;
	uint64_t		 e;

	(void)st;
	memset(&rd, 0, sizeof(rd));
	rd.author = 99;
	rd.voted = voted;
	rd.nvoted = 2;
	rd.watch = "watching";
	assert_int_equal(sesscache_reader_get(7, 5, a, &got), 0);
	sesscache_reader_put(7, 5, &rd, sesscache_epoch());
	voted[0] = 0;
	assert_int_equal(sesscache_reader_get(7, 5, a, &got), 1);
	assert_int_equal(got.author, 99);
	assert_int_equal(got.own_held, 0);
	assert_int_equal(got.nvoted, 2);
	assert_int_equal(got.voted[0], 11);
	assert_int_equal(got.voted[1], 13);
	assert_string_equal(got.watch, "watching");
	/* another thread, another session */
	assert_int_equal(sesscache_reader_get(7, 6, a, &got), 0);
	assert_int_equal(sesscache_reader_get(8, 5, a, &got), 0);
	/* no votes, no watch */
	rd.nvoted = 0;
	rd.watch = NULL;
	rd.own_held = 1;
	sesscache_reader_put(8, 5, &rd, sesscache_epoch());
	assert_int_equal(sesscache_reader_get(8, 5, a, &got), 1);
	assert_int_equal(got.nvoted, 0);
	assert_int_equal(got.own_held, 1);
	assert_string_equal(got.watch, "");
	/* a drop takes reader parts too; a racing fill is refused */
	e = sesscache_epoch();
	sesscache_flush();
	assert_int_equal(sesscache_reader_get(7, 5, a, &got), 0);
	sesscache_reader_put(7, 5, &rd, e);
	assert_int_equal(sesscache_reader_get(7, 5, a, &got), 0);
}

static void
test_off_and_ceiling(void **st)
{
	struct session	 s = member(1, 10, "yuki"), *got;

	(void)st;
	sesscache_init(0);
	assert_int_equal(sesscache_on(), 0);
	sesscache_put(H1, &s, sesscache_epoch());
	assert_int_equal(sesscache_get(H1, a, &got), 0);
	/* a lifetime above the ceiling is cut to it, not refused */
	sesscache_init(SESSCACHE_MAX_TTL_MS * 10);
	assert_int_equal(sesscache_on(), 1);
	sesscache_put(H1, &s, sesscache_epoch());
	assert_int_equal(sesscache_get(H1, a, &got), 1);
	/* turning it off drops what it held */
	sesscache_init(0);
	sesscache_init(1000);
	assert_int_equal(sesscache_get(H1, a, &got), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_and_race, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(test_off_and_ceiling, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
