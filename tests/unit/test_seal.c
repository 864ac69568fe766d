/* tests/unit/test_seal.c: secrets sealed under the key file (acct/seal.c). */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "acct/seal.h"
#include "lib/arena.h"

static char	dir[64], key[128];

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	snprintf(dir, sizeof(dir), "/tmp/sodan-seal.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(key, sizeof(key), "%s/sodan.key", dir);
	return 0;
}

static int
teardown(void **state)
{
	char	p[160];

	(void)state;
	acct_seal_free();
	unlink(key);
	snprintf(p, sizeof(p), "%s.new", key);
	unlink(p);
	rmdir(dir);
	return 0;
}

static void
test_roundtrip(void **state)
{
	struct arena	*a = arena_new();
	struct stat	 st;
	char		 err[256], *s1, *s2;

	(void)state;
	assert_int_equal(acct_seal_keygen(key), 0);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(acct_seal_init(key, err, sizeof(err)), 0);
	s1 = acct_seal(a, "JBSWY3DPEHPK3PXP");
	s2 = acct_seal(a, "JBSWY3DPEHPK3PXP");
	assert_non_null(s1);
	assert_true(acct_sealed(s1));
	assert_null(strstr(s1, "JBSWY3DPEHPK3PXP"));
	assert_string_not_equal(s1, s2);		/* a fresh nonce each time */
	assert_string_equal(acct_unseal(a, s1), "JBSWY3DPEHPK3PXP");
	assert_string_equal(acct_unseal(a, ""), "");
	/* Clear text, an altered box, a foreign key id: refused. */
	assert_null(acct_unseal(a, "JBSWY3DPEHPK3PXP"));
	s2 = arena_strdup(a, s1);
	s2[strlen(s2) - 3] = s2[strlen(s2) - 3] == 'A' ? 'B' : 'A';
	assert_null(acct_unseal(a, s2));
	s2 = arena_strdup(a, s1);
	memcpy(s2 + 3, "00000000", 8);
	assert_null(acct_unseal(a, s2));
	arena_free(a);
}

static void
test_bad_key_files(void **state)
{
	char	 err[256];
	FILE	*f;

	(void)state;
	acct_seal_free();
	assert_int_equal(acct_seal_init("/nonexistent/sodan.key", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/sodan.key"));
	assert_int_equal(acct_seal_keygen(key), 0);
	assert_int_equal(chmod(key, 0644), 0);
	assert_int_equal(acct_seal_init(key, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "chmod 600"));
	f = fopen(key, "w");
	fputs("not hex at all\n", f);
	fclose(f);
	assert_int_equal(chmod(key, 0600), 0);
	assert_int_equal(acct_seal_init(key, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "64 hex digits"));
}

static void
test_rotation(void **state)
{
	struct arena	*a = arena_new();
	char		 err[256], *old, *neu, p[160];

	(void)state;
	acct_seal_free();
	assert_int_equal(acct_seal_keygen(key), 0);
	assert_int_equal(acct_seal_init(key, err, sizeof(err)), 0);
	old = acct_seal(a, "OLDSECRET234567A");
	assert_int_equal(acct_seal_rotate_begin(key), 0);
	neu = acct_seal(a, "NEWSECRET234567A");
	assert_memory_not_equal(old + 3, neu + 3, 8);	/* another key id */
	/* Mid-rotation both open, in this process and in a new one. */
	assert_string_equal(acct_unseal(a, old), "OLDSECRET234567A");
	acct_seal_free();
	assert_int_equal(acct_seal_init(key, err, sizeof(err)), 0);
	assert_string_equal(acct_unseal(a, old), "OLDSECRET234567A");
	assert_string_equal(acct_unseal(a, neu), "NEWSECRET234567A");
	/* Done: the new key is the file's; the old one is gone from disk. */
	assert_int_equal(acct_seal_rotate_end(key), 0);
	snprintf(p, sizeof(p), "%s.new", key);
	assert_int_equal(access(p, F_OK), -1);
	acct_seal_free();
	assert_int_equal(acct_seal_init(key, err, sizeof(err)), 0);
	assert_string_equal(acct_unseal(a, neu), "NEWSECRET234567A");
	assert_null(acct_unseal(a, old));
	arena_free(a);
}

/* Keyed hashes for links that store no token (unsubscribe). */
static void
test_mac(void **state)
{
	char	err[256], m1[65], m2[65], m3[65], other[65];

	(void)state;
	acct_seal_free();
	assert_int_equal(acct_seal_mac("ctx", "12:all", m1), -1);	/* no key */
	assert_int_equal(acct_seal_mac_ok("ctx", "12:all", m1), 0);
	assert_int_equal(acct_seal_keygen(key), 0);
	assert_int_equal(acct_seal_init(key, err, sizeof(err)), 0);
	assert_int_equal(acct_seal_mac("ctx", "12:all", m1), 0);
	assert_int_equal(strlen(m1), 64);
	assert_int_equal(acct_seal_mac("ctx", "12:all", m2), 0);
	assert_string_equal(m1, m2);			/* deterministic */
	assert_int_equal(acct_seal_mac_ok("ctx", "12:all", m1), 1);
	/* another message, another context, an altered or cut MAC: no */
	assert_int_equal(acct_seal_mac("ctx", "13:all", m3), 0);
	assert_string_not_equal(m1, m3);
	assert_int_equal(acct_seal_mac_ok("ctx", "13:all", m1), 0);
	assert_int_equal(acct_seal_mac("other", "12:all", other), 0);
	assert_string_not_equal(m1, other);
	assert_int_equal(acct_seal_mac_ok("other", "12:all", m1), 0);
	m2[0] = m2[0] == 'a' ? 'b' : 'a';
	assert_int_equal(acct_seal_mac_ok("ctx", "12:all", m2), 0);
	m1[63] = '\0';
	assert_int_equal(acct_seal_mac_ok("ctx", "12:all", m1), 0);
	assert_int_equal(acct_seal_mac_ok("ctx", "12:all", NULL), 0);
	/* a new key makes older MACs stop working */
	assert_int_equal(acct_seal_mac("ctx", "12:all", m1), 0);
	acct_seal_free();
	assert_int_equal(acct_seal_keygen(key), 0);
	assert_int_equal(acct_seal_init(key, err, sizeof(err)), 0);
	assert_int_equal(acct_seal_mac_ok("ctx", "12:all", m1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_bad_key_files),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_mac),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
