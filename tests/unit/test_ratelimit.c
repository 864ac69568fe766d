/* tests/unit/test_ratelimit.c: limits.conf parsing, proxies, subjects, the in-process limiter */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cache/ratelimit.h"
#include "http/throttle.h"
#include "lib/arena.h"
#include "lib/limits.h"

static const char *
write_tmp(const char *text)
{
	static char	path[64];
	int		fd;

	strcpy(path, "/tmp/sodan-limits-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
test_defaults_and_file(void **state)
{
	struct limits	 l;
	char		 err[256];
	const char	*p;

	(void)state;
	limits_defaults(&l);
	assert_int_equal(l.act[LIMIT_ASK].burst, 3);
	assert_int_equal(l.act[LIMIT_ASK].interval_us, 600000000LL);
	assert_true(l.act[LIMIT_ASK].per_user);
	assert_false(l.act[LIMIT_GLOBAL].per_user);
	/* The shipped file holds the built-in defaults. */
	if (access("conf/limits.conf", R_OK) == 0) {
		struct limits	 f;

		limits_defaults(&f);
		memset(&f.act, 0, sizeof(f.act[0]));	/* act[0] unused */
		assert_int_equal(limits_load(&f, "conf/limits.conf", err,
		    sizeof(err)), 0);
		assert_memory_equal(&f.act[1], &l.act[1],
		    sizeof(l.act) - sizeof(l.act[0]));
		assert_true(f.trust[2] == l.trust[2]);
	}
	p = write_tmp("[vote]\nburst = 7\nrate = 30/min\n[trust]\nlevel2 = 3.5\n"
	    "[clients]\ntrusted_proxies = 10.0.0.0/8, ::1\nipv6_prefix = 56\n");
	assert_int_equal(limits_load(&l, p, err, sizeof(err)), 0);
	unlink(p);
	assert_int_equal(l.act[LIMIT_VOTE].burst, 7);
	assert_int_equal(l.act[LIMIT_VOTE].interval_us, 2000000);
	assert_true(l.trust[2] == 3.5);
	assert_int_equal(l.nproxies, 2);
	assert_int_equal(l.ipv6_prefix, 56);
	assert_true(limits_is_proxy(&l, "10.1.2.3"));
	assert_false(limits_is_proxy(&l, "11.1.2.3"));
	assert_true(limits_is_proxy(&l, "::1"));
	assert_false(limits_is_proxy(&l, "::2"));
	assert_false(limits_is_proxy(&l, "nonsense"));
}

static void
test_errors_name_line(void **state)
{
	struct limits	 l;
	char		 err[256];
	const char	*p;

	(void)state;
	limits_defaults(&l);
	p = write_tmp("[ask]\nburst = 3\nrate = 5/fortnight\n");
	assert_int_equal(limits_load(&l, p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":3: rate: expected"));
	unlink(p);
	p = write_tmp("[asking]\nburst = 3\n");
	assert_int_equal(limits_load(&l, p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: unknown section [asking]"));
	unlink(p);
	p = write_tmp("[ask]\nburst = 0\n");
	assert_int_equal(limits_load(&l, p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: burst"));
	unlink(p);
	p = write_tmp("[clients]\ntrusted_proxies = 10.0.0.0/33\n");
	assert_int_equal(limits_load(&l, p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: trusted_proxies"));
	unlink(p);
	assert_int_equal(limits_load(&l, "/nonexistent/limits.conf", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot open"));
}

static void
test_cidr(void **state)
{
	struct limits_cidr	c;

	(void)state;
	assert_int_equal(limits_cidr_parse("192.0.2.0/24", &c), 0);
	assert_int_equal(c.bits, 24);
	assert_int_equal(limits_cidr_parse("2001:db8::/32", &c), 0);
	assert_int_equal(c.bits, 32);
	assert_int_equal(limits_cidr_parse("2001:db8::1", &c), 0);
	assert_int_equal(c.bits, 128);
	assert_int_equal(limits_cidr_parse("192.0.2.0/", &c), -1);
	assert_int_equal(limits_cidr_parse("192.0.2/24", &c), -1);
	assert_int_equal(limits_cidr_parse("::/129", &c), -1);
}

/* The in-process limiter: burst, then one per interval; subjects apart. */
static void
test_local_gcra(void **state)
{
	struct limit		lim = { 5, 3600LL * 1000000, 0 };
	struct rl_result	res;
	int			i, ok = 0;

	(void)state;
	for (i = 0; i < 20; i++) {
		rl_local_check(LIMIT_VOTE, "u:unit-1", &lim, &res);
		ok += res.allowed;
		assert_true(res.fallback);
	}
	assert_int_equal(ok, 5);
	assert_false(res.allowed);
	assert_true(res.retry_us > 3500LL * 1000000);
	rl_local_check(LIMIT_VOTE, "u:unit-2", &lim, &res);
	assert_true(res.allowed);
	assert_int_equal(res.remaining, 4);
	rl_local_check(LIMIT_FLAG, "u:unit-1", &lim, &res);
	assert_true(res.allowed);
	/* A short interval refills. */
	lim.interval_us = 20000;
	lim.burst = 1;
	rl_local_check(LIMIT_EDIT, "u:unit-3", &lim, &res);
	assert_true(res.allowed);
	rl_local_check(LIMIT_EDIT, "u:unit-3", &lim, &res);
	assert_false(res.allowed);
	usleep(25000);
	rl_local_check(LIMIT_EDIT, "u:unit-3", &lim, &res);
	assert_true(res.allowed);
}

/* Bounded memory: many subjects never fail, and old entries are recycled. */
static void
test_local_bounded(void **state)
{
	struct limit		lim = { 1, 3600LL * 1000000, 0 };
	struct rl_result	res;
	char			s[32];
	int			i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		snprintf(s, sizeof(s), "ip:%d", i);
		rl_local_check(LIMIT_GLOBAL, s, &lim, &res);
		assert_true(res.allowed);
	}
}

/*
 * Subjects: IPv4 as is (also IPv4-mapped IPv6), IPv6 by its /64 (or the
 * configured prefix), anything else one "unknown" subject; the sign-in
 * account subject ignores ASCII case.
 */
#define KENJI_SUBJECT	"a:f58094b217b4e327d9cb25c41d7ced56"

static void
test_ip_subjects(void **state)
{
	struct arena	*a = arena_new();
	struct limits	 l;
	char		 acct[RL_ACCOUNT_SUBJECT_MAX];
	char		 longname[200];

	(void)state;
	limits_defaults(&l);
	assert_int_equal(l.ipv6_prefix, 64);
	assert_string_equal(throttle_ip_subject(a, &l, "192.0.2.7"),
	    "ip:192.0.2.7");
	assert_string_equal(throttle_ip_subject(a, &l, "::ffff:192.0.2.7"),
	    "ip:192.0.2.7");
	/* One household's /64: every address in it is one subject. */
	assert_string_equal(throttle_ip_subject(a, &l,
	    "2001:db8:1:2:3:4:5:6"), "ip6:2001:db8:1:2::/64");
	assert_string_equal(throttle_ip_subject(a, &l,
	    "2001:db8:1:2:ffff:ffff:ffff:ffff"), "ip6:2001:db8:1:2::/64");
	assert_string_equal(throttle_ip_subject(a, &l, "2001:db8:1:2::"),
	    "ip6:2001:db8:1:2::/64");
	/* The next /64 is another subject. */
	assert_string_equal(throttle_ip_subject(a, &l,
	    "2001:db8:1:3:3:4:5:6"), "ip6:2001:db8:1:3::/64");
	/* Another prefix length, not on a byte boundary. */
	l.ipv6_prefix = 60;
	assert_string_equal(throttle_ip_subject(a, &l,
	    "2001:db8:1:2f:3:4:5:6"), "ip6:2001:db8:1:20::/60");
	l.ipv6_prefix = 48;
	assert_string_equal(throttle_ip_subject(a, &l,
	    "2001:db8:1:2:3:4:5:6"), "ip6:2001:db8:1::/48");
	/* No limits given: /64. */
	assert_string_equal(throttle_ip_subject(a, NULL,
	    "2001:db8:1:2:3:4:5:6"), "ip6:2001:db8:1:2::/64");
	assert_string_equal(throttle_ip_subject(a, &l, "nonsense"),
	    "ip:unknown");
	assert_string_equal(throttle_ip_subject(a, &l, NULL), "ip:unknown");
	/*
	 * Sign-in account subjects: a hash of the folded name, never the
	 * name (`printf kenji_t | sha256sum`, first 32 hex digits).
	 */
	rl_account_subject(acct, sizeof(acct), "Kenji_T");
	assert_int_equal(strlen(acct), 34);
	assert_memory_equal(acct, "a:", 2);
	assert_null(strstr(acct, "kenji"));
	assert_string_equal(acct, KENJI_SUBJECT);
	memset(longname, 'X', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	rl_account_subject(acct, sizeof(acct), longname);
	assert_int_equal(strlen(acct), 34);
	longname[150] = 'Y';		/* beyond 128 bytes: the same subject */
	{
		char	 acct2[RL_ACCOUNT_SUBJECT_MAX];

		rl_account_subject(acct2, sizeof(acct2), longname);
		assert_string_equal(acct, acct2);
	}
	assert_string_equal(throttle_account_subject(a, "ABC"),
	    throttle_account_subject(a, "abc"));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_file),
		cmocka_unit_test(test_errors_name_line),
		cmocka_unit_test(test_cidr),
		cmocka_unit_test(test_ip_subjects),
		cmocka_unit_test(test_local_gcra),
		cmocka_unit_test(test_local_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
