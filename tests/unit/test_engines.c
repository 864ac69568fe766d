/*
 * tests/unit/test_engines.c: how sodan reaches its engines without a
 * server: the libpq defaults and the URL that overrides them
 * (store/db.c) and the sentinel list of [redis] (cache/cache.c).  The
 * same against real servers: tests/http/t180_engines.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cache/cache.h"
#include "store/db.h"

static const char *
ci(const char *url, const char *key)
{
	static char	out[256];

	if (db_conninfo(url, key, out, sizeof(out)) == -1)
		return "(none)";
	return out;
}

/* The defaults apply when the URL says nothing. */
static void
test_db_defaults(void **state)
{
	const char	*u = "host=/nonexistent dbname=sodan user=sodan";

	(void)state;
	assert_string_equal(ci(u, "keepalives"), "1");
	assert_string_equal(ci(u, "keepalives_idle"), "10");
	assert_string_equal(ci(u, "tcp_user_timeout"), "10000");
	assert_string_equal(ci(u, "target_session_attrs"), "read-write");
	assert_string_equal(ci(u, "connect_timeout"), "2");
	assert_string_equal(ci(u, "options"),
	    "-c statement_timeout=10000 -c jit=off");
	assert_string_equal(ci(u, "dbname"), "sodan");
}

/* Whatever the URL sets wins over every default (nothing hard-coded). */
static void
test_db_url_wins(void **state)
{
	const char	*u = "postgresql://app@127.0.0.1:1,127.0.0.1:2/forum"
	    "?connect_timeout=7&keepalives_idle=30&tcp_user_timeout=2500"
	    "&target_session_attrs=any&application_name=web1"
	    "&options=-c%20statement_timeout%3D500";
	const char	*kv = "host=/tmp port=6432 dbname=x "
	    "target_session_attrs=prefer-standby keepalives=0";

	(void)state;
	assert_string_equal(ci(u, "host"), "127.0.0.1,127.0.0.1");
	assert_string_equal(ci(u, "port"), "1,2");
	assert_string_equal(ci(u, "dbname"), "forum");
	assert_string_equal(ci(u, "user"), "app");
	assert_string_equal(ci(u, "connect_timeout"), "7");
	assert_string_equal(ci(u, "keepalives_idle"), "30");
	assert_string_equal(ci(u, "tcp_user_timeout"), "2500");
	assert_string_equal(ci(u, "target_session_attrs"), "any");
	assert_string_equal(ci(u, "application_name"), "web1");
	assert_string_equal(ci(u, "options"), "-c statement_timeout=500");
	/* Not named in the URL: still the default. */
	assert_string_equal(ci(u, "keepalives"), "1");
	assert_string_equal(ci(kv, "port"), "6432");
	assert_string_equal(ci(kv, "target_session_attrs"), "prefer-standby");
	assert_string_equal(ci(kv, "keepalives"), "0");
	assert_string_equal(ci(kv, "tcp_user_timeout"), "10000");
}

static void
test_sentinel_list(void **state)
{
	char	err[256];

	(void)state;
	assert_int_equal(cache_configure(NULL, "", NULL, err, sizeof(err)),
	    0);
	assert_int_equal(cache_sentinel_mode(), 0);
	assert_int_equal(cache_configure("pw", "127.0.0.1:26379, "
	    "127.0.0.1:26380,[::1]:26381", "m", err, sizeof(err)), 0);
	assert_int_equal(cache_sentinel_mode(), 1);
	err[0] = '\0';
	assert_int_equal(cache_configure(NULL, "127.0.0.1", NULL, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "HOST:PORT"));
	assert_int_equal(cache_configure(NULL, "a:1, b:99999", NULL, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "bad port in 'b:99999'"));
	assert_int_equal(cache_configure(NULL, "a:1x", NULL, err,
	    sizeof(err)), -1);
	assert_int_equal(cache_configure(NULL, "a:1,b:2,c:3,d:4,e:5,f:6,g:7,"
	    "h:8,i:9", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "at most 8"));
	cache_unconfigure();
	assert_int_equal(cache_sentinel_mode(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_db_defaults),
		cmocka_unit_test(test_db_url_wins),
		cmocka_unit_test(test_sentinel_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
