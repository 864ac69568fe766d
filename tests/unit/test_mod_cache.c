/*
 * tests/unit/test_mod_cache.c: the compiled-rules cache is kept per
 * platform, files unused for 30 days are removed, a rules file named
 * apart is compiled (and changed) without the cached database, and a
 * rule's start is found whatever the case it is written in
 */
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <hs/hs.h>

#include "moderation/moderation.h"

/*
 * A database compiled for one platform (CPU features, tuning) is refused
 * or slower on another: valgrind hides AVX-512, so a cache written by a
 * native run was rejected under valgrind and the other way round, each
 * side recompiling over the other's file.  The platform is now part of
 * the cache key.  This program stands in for Hyperscan's
 * hs_populate_platform (the library's call resolves to the definition
 * below) to play a second platform: its cache file must sit beside the
 * host's, and each load must pick its own platform's file, never the
 * other one.  The second platform differs from the host by its tuning
 * family only, so its database still runs here.
 */

static hs_platform_info_t fake;	/* tune and features to report */
static int	 faking;

static hs_error_t (*real_populate)(hs_platform_info_t *);
static char	 cachedir[] = "/tmp/test_mod_cache.XXXXXX";

hs_error_t	 hs_populate_platform(hs_platform_info_t *);

hs_error_t
hs_populate_platform(hs_platform_info_t *p)
{
	if (real_populate == NULL)
		real_populate = (hs_error_t (*)(hs_platform_info_t *))
		    dlsym(RTLD_NEXT, "hs_populate_platform");
	if (real_populate == NULL)
		return HS_UNKNOWN_ERROR;
	if (real_populate(p) != HS_SUCCESS)
		return HS_UNKNOWN_ERROR;
	if (faking)
		*p = fake;
	return HS_SUCCESS;
}

struct entry {
	char	 name[256];
	ino_t	 ino;
	time_t	 mtime;
	long	 mtime_ns;
	off_t	 size;
};

/* The cache directory's *.hsdb files (at most max), sorted by name. */
static size_t
list(const char *dir, struct entry *e, size_t max)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 path[512];
	size_t		 n = 0, i, j;
	struct entry	 t;

	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".hsdb") == NULL ||
		    strstr(de->d_name, ".tmp") != NULL)
			continue;
		assert_true(n < max);
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(stat(path, &sb), 0);
		snprintf(e[n].name, sizeof(e[n].name), "%s", de->d_name);
		e[n].ino = sb.st_ino;
		e[n].mtime = sb.st_mtim.tv_sec;
		e[n].mtime_ns = sb.st_mtim.tv_nsec;
		e[n].size = sb.st_size;
		n++;
	}
	closedir(d);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(e[j - 1].name, e[j].name) > 0;
		    j--) {
			t = e[j];
			e[j] = e[j - 1];
			e[j - 1] = t;
		}
	return n;
}

/*
 * The same file, not rewritten: a rewrite renames a new file into place
 * (another inode).  The mtime is not compared: a load touches the file
 * it reads (its last use).
 */
static int
same_file(const struct entry *a, const struct entry *b)
{
	return strcmp(a->name, b->name) == 0 && a->ino == b->ino &&
	    a->size == b->size;
}

/* Load path through the cache in dir; the rule must still match. */
static void
load_and_match(const char *path, const char *dir)
{
	struct mod_rules *r;
	struct mod_triage_result res;
	char		 err[512];

	if ((r = mod_triage_load(path, dir, err, sizeof(err))) == NULL)
		fprintf(stderr, "%s\n", err);
	assert_non_null(r);
	assert_int_equal(mod_triage(r, "help", 4,
	    "my account was hacked yesterday", 31, &res), 0);
	assert_int_equal(res.tclass, MOD_TRIAGE_URGENT);
	mod_triage_result_free(&res);
	mod_rules_free(r);
}

static void
test_cache_per_platform(void **state)
{
	char		 path[600];
	struct entry	 e1[4], e2[4], e3[4], e4[4];
	hs_platform_info_t host;
	size_t		 hostix, otherix;
	FILE		*f;

	(void)state;
	snprintf(path, sizeof(path), "%s/t.rules", cachedir);
	assert_non_null(f = fopen(path, "w"));
	fputs("x.hacked\t1\turgent\t-\tあ\ta\t(was|got)\\s+hacked\n", f);
	fclose(f);
	faking = 0;
	assert_int_equal(hs_populate_platform(&host), HS_SUCCESS);

	/* The host: one file, compiled here. */
	load_and_match(path, cachedir);
	assert_int_equal(list(cachedir, e1, 4), 1);

	/* Another platform (another tuning family): a file of its own. */
	fake = host;
	fake.tune = host.tune == HS_TUNE_FAMILY_HSW ? HS_TUNE_FAMILY_SKL :
	    HS_TUNE_FAMILY_HSW;
	faking = 1;
	load_and_match(path, cachedir);
	assert_int_equal(list(cachedir, e2, 4), 2);
	hostix = strcmp(e2[0].name, e1[0].name) == 0 ? 0 : 1;
	otherix = 1 - hostix;
	assert_true(same_file(&e2[hostix], &e1[0]));	/* not rewritten */
	assert_string_not_equal(e2[otherix].name, e1[0].name);

	/* The host again: its own file is read, the other left alone. */
	faking = 0;
	load_and_match(path, cachedir);
	assert_int_equal(list(cachedir, e3, 4), 2);
	assert_true(same_file(&e3[0], &e2[0]));
	assert_true(same_file(&e3[1], &e2[1]));

	/* The other platform again: its file is read, nothing written. */
	faking = 1;
	load_and_match(path, cachedir);
	assert_int_equal(list(cachedir, e4, 4), 2);
	assert_true(same_file(&e4[0], &e2[0]));
	assert_true(same_file(&e4[1], &e2[1]));
	faking = 0;
}

/* Creates dir/name with its mtime age seconds ago. */
static void
make_aged(const char *dir, const char *name, time_t age)
{
	char		 path[4096];
	struct timespec	 ts[2];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs("x", f);
	fclose(f);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - age;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static int
exists(const char *dir, const char *name)
{
	char		 path[4096];
	struct stat	 sb;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &sb) == 0;
}

/*
 * Writing a new database removes the databases unused for 30 days and
 * the temporary files older than an hour; a database read is touched,
 * so one in use is kept however old it is.
 */
static void
test_cache_prune(void **state)
{
	char		 dir[600], rules[700], path[4096];
	struct entry	 e[8];
	struct timespec	 ts[2];
	struct stat	 sb;
	size_t		 n, i;
	FILE		*f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/prune", cachedir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(rules, sizeof(rules), "%s/t.rules", dir);
	assert_non_null(f = fopen(rules, "w"));
	fputs("x.hacked\t1\turgent\t-\tあ\ta\t(was|got)\\s+hacked\n", f);
	fclose(f);
	make_aged(dir, "rules-0old-f0-t0.hsdb", 40 * 86400);
	make_aged(dir, "rules-1recent-f0-t0.hsdb", 10 * 86400);
	make_aged(dir, "rules-2old-f0-t0.hsdb.99.tmp", 2 * 3600);
	make_aged(dir, "rules-3new-f0-t0.hsdb.98.tmp", 60);
	make_aged(dir, "notes-old.hsdb", 40 * 86400);	/* not ours */
	make_aged(dir, "t-old.rules", 40 * 86400);

	load_and_match(rules, dir);			/* compiled, saved */
	assert_false(exists(dir, "rules-0old-f0-t0.hsdb"));
	assert_false(exists(dir, "rules-2old-f0-t0.hsdb.99.tmp"));
	assert_true(exists(dir, "rules-1recent-f0-t0.hsdb"));
	assert_true(exists(dir, "rules-3new-f0-t0.hsdb.98.tmp"));
	assert_true(exists(dir, "notes-old.hsdb"));
	assert_true(exists(dir, "t-old.rules"));
	n = list(dir, e, 8);
	for (i = 0; i < n && (strcmp(e[i].name, "notes-old.hsdb") == 0 ||
	    strcmp(e[i].name, "rules-1recent-f0-t0.hsdb") == 0); i++)
		;
	assert_true(i < n);				/* the new file */
	assert_int_equal(n, 3);

	/* Made old, then read: touched, so a later save keeps it. */
	snprintf(path, sizeof(path), "%s/%s", dir, e[i].name);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - 40 * 86400;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	load_and_match(rules, dir);			/* read */
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_mtime > time(NULL) - 3600);
	assert_non_null(f = fopen(rules, "w"));		/* other rules */
	fputs("x.hacked\t1\turgent\t-\tあ\ta\t(was|got|been)\\s+hacked\n",
	    f);
	fclose(f);
	load_and_match(rules, dir);			/* compiled, saved */
	assert_true(exists(dir, e[i].name));
	assert_int_equal(list(dir, e, 8), 4);

	/* Unused for 40 days: the next save removes it. */
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	assert_non_null(f = fopen(rules, "w"));
	fputs("x.hacked\t1\turgent\t-\tあ\ta\t(was|got|is)\\s+hacked\n",
	    f);
	fclose(f);
	load_and_match(rules, dir);
	assert_int_equal(stat(path, &sb), -1);
	assert_int_equal(list(dir, e, 8), 4);
}

/* Writes text to dir/name. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char		 path[600];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Checks body as an answer by a member of two months. */
static void
check_answer(struct mod_rules *r, const char *body, struct mod_verdict *v)
{
	struct mod_post	 p;
	struct mod_author a;

	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	p.kind = MOD_KIND_ANSWER;
	p.body = body;
	p.body_len = strlen(body);
	p.seconds_after_question = -1;
	a.trust = 1;
	a.account_age_days = 60;
	assert_int_equal(mod_check(r, &p, &a, v), 0);
}

/* The test rules ("t.*") that hit body, by name, space-separated. */
static void
hits(struct mod_rules *r, const char *body, char *out, size_t outlen)
{
	struct mod_verdict v;
	const char	*ids[8];
	size_t		 i, n = 0, k = 0;

	check_answer(r, body, &v);
	for (i = 0; i < v.nreasons && n < 8; i++)
		if (strncmp(v.reasons[i].rule, "t.", 2) == 0)
			ids[n++] = v.reasons[i].rule;
	qsort(ids, n, sizeof(*ids), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(out + k, outlen - k, "%s%s",
		    k ? " " : "", ids[i]);
	mod_verdict_free(&v);
}

static struct mod_rules *
load_set(const char *conf, const char *cache, const char *apart, char *err,
    size_t errlen)
{
	struct mod_load_opts o;

	memset(&o, 0, sizeof(o));
	o.no_model = 1;
	o.cache_dir = cache;
	o.apart_rules = apart;
	return mod_rules_load_ex(conf, &o, err, errlen);
}

/*
 * A rules file named apart (the watched words of /admin/lists) is
 * compiled into a database of its own, never cached: changing it leaves
 * the large database's cache file as it was (no compile of the other
 * rules), and the rules of both databases hit as they do in one.  A bad
 * pattern in the apart file is reported with its file and line.
 */
static void
test_cache_apart(void **state)
{
	char		 conf[300], cache[300], cmd[1400], err[512], got[256];
	struct entry	 e1[4], e2[4], e3[4];
	struct mod_rules *r;
	const char	*post = "Ask about moonpump: send 1 BTC and they "
	    "send 2 BTC back, my wallet was hacked after that";

	(void)state;
	snprintf(conf, sizeof(conf), "%s/conf", cachedir);
	snprintf(cache, sizeof(cache), "%s/apart-cache", cachedir);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' '%s' && cp "
	    "conf/moderation/*.txt conf/moderation/settings.conf '%s'/",
	    conf, cache, conf);
	assert_int_equal(system(cmd), 0);
	write_file(conf, "a.rules",
	    "t.hacked\t1.0\tscam\t-\tあ\ta\t(was|got)\\s+hacked\n"
	    "t.double\t1.0\tscam\t-\tい\tb\tsend\\s+1\\s+btc &&& "
	    "send\\s+2\\s+btc\n");
	write_file(conf, "w.rules",
	    "t.watch_moon\t1.0\tspam\tkeep\tう\tc\t\\bmoonpump\\b\n"
	    "t.watch_pair\t1.0\tspam\tkeep\tえ\td\tmoonpump &&& "
	    "ask\\s+about\n");

	/* Apart: both databases hit, one cache file (the a.rules part). */
	if ((r = load_set(conf, cache, "w.rules", err, sizeof(err))) == NULL)
		fprintf(stderr, "%s\n", err);
	assert_non_null(r);
	assert_int_equal(mod_rules_count(r), 4);
	hits(r, post, got, sizeof(got));
	assert_string_equal(got, "t.double t.hacked t.watch_moon t.watch_pair");
	hits(r, "nothing to see here", got, sizeof(got));
	assert_string_equal(got, "");
	mod_rules_free(r);
	assert_int_equal(list(cache, e1, 4), 1);

	/* One database: the same hits (another cache key, a second file). */
	assert_non_null(r = load_set(conf, cache, NULL, err, sizeof(err)));
	hits(r, post, got, sizeof(got));
	assert_string_equal(got, "t.double t.hacked t.watch_moon t.watch_pair");
	mod_rules_free(r);
	assert_int_equal(list(cache, e2, 4), 2);

	/* Another watched word: the a.rules file is read, not rewritten. */
	write_file(conf, "w.rules",
	    "t.watch_star\t1.0\tspam\tkeep\tお\te\t\\bstarpump\\b\n");
	assert_non_null(r = load_set(conf, cache, "w.rules", err,
	    sizeof(err)));
	assert_int_equal(mod_rules_count(r), 3);
	hits(r, post, got, sizeof(got));
	assert_string_equal(got, "t.double t.hacked");
	hits(r, "is STARPUMP real?", got, sizeof(got));
	assert_string_equal(got, "t.watch_star");
	mod_rules_free(r);
	assert_int_equal(list(cache, e3, 4), 2);
	assert_true(same_file(&e3[0], &e2[0]));
	assert_true(same_file(&e3[1], &e2[1]));

	/* Only the apart file holds rules: the set still checks. */
	snprintf(cmd, sizeof(cmd), "rm '%s/a.rules'", conf);
	assert_int_equal(system(cmd), 0);
	assert_non_null(r = load_set(conf, cache, "w.rules", err,
	    sizeof(err)));
	hits(r, "STARPUMP was hacked", got, sizeof(got));
	assert_string_equal(got, "t.watch_star");
	mod_rules_free(r);

	/* A bad pattern in the apart file: its file, line and rule. */
	write_file(conf, "w.rules",
	    "t.watch_ok\t1.0\tspam\tkeep\tか\tf\t\\bokword\\b\n"
	    "t.watch_bad\t1.0\tspam\tkeep\tき\tg\tbad(word\n");
	assert_null(load_set(conf, cache, "w.rules", err, sizeof(err)));
	assert_non_null(strstr(err, "w.rules:2"));
	assert_non_null(strstr(err, "t.watch_bad"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", conf, cache);
	assert_int_equal(system(cmd), 0);
}

/*
 * The start of a hit is searched with the rule's ICU expression, matched
 * with regard to case unless the pattern has a character that changes
 * when case-folded (rules.c, needs_caseless): the text is case-folded,
 * so a rule written in lower case needs no caseless matching, which was
 * most of the search's cost.  A rule written with capitals (Hyperscan
 * matches it without regard to case) must still get its start, as must
 * one written in lower case, one with escapes in capitals (\S, \W) and
 * one with a set of capitals.  The search window counts a run of spaces
 * as at most eight (rules.c, pattern_width): a match with a run of
 * twenty still gets its start, from the wider search.
 */
static void
test_span_any_case(void **state)
{
	static const struct {
		const char	*id;
		const char	*from;	/* where its span starts in body */
		const char	*to;	/* the text its span ends with */
	} want[] = {
		{ "t.capitals", "call Bob", "now" },
		{ "t.lower", "ring Alice", "today" },
		{ "t.escapes", "mail Carol", "soon" },
		{ "t.set", "TEXT dave", "later" },
		{ "t.spaces", "wire", "funds now" },
	};
	char		 conf[300], cmd[1400], err[512];
	const char	*body = "Hi there. Please call Bob now, or ring Alice "
	    "today, mail Carol soon or TEXT dave later. And wire"
	    "                    funds now.";
	struct mod_rules *r;
	struct mod_verdict v;
	size_t		 i, k, len;

	(void)state;
	snprintf(conf, sizeof(conf), "%s/case", cachedir);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp "
	    "conf/moderation/*.txt conf/moderation/settings.conf '%s'/",
	    conf, conf);
	assert_int_equal(system(cmd), 0);
	write_file(conf, "c.rules",
	    "t.capitals\t1.0\tscam\t-\tあ\ta\t\\bCALL\\s+Bob\\s+NOW\\b\n"
	    "t.lower\t1.0\tscam\t-\tい\tb\t\\bring\\s+alice\\s+today\\b\n"
	    "t.escapes\t1.0\tscam\t-\tう\tc\t\\bmail\\S*\\W+carol\\s+soon\n"
	    "t.set\t1.0\tscam\t-\tえ\td\t\\b[T][E][X][T]\\s+dave\\s+later\n"
	    "t.spaces\t1.0\tscam\t-\tお\te\t\\bwire\\s+funds\\s+now\n");
	r = load_set(conf, NULL, NULL, err, sizeof(err));
	if (r == NULL)
		fprintf(stderr, "%s\n", err);
	assert_non_null(r);
	check_answer(r, body, &v);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		for (k = 0; k < v.nreasons; k++)
			if (strcmp(v.reasons[k].rule, want[i].id) == 0)
				break;
		if (k == v.nreasons)
			fail_msg("%s did not hit", want[i].id);
		len = strlen(want[i].to);
		assert_int_equal(v.reasons[k].span.field, MOD_FIELD_BODY);
		if (v.reasons[k].span.start !=
		    (size_t)(strstr(body, want[i].from) - body))
			fail_msg("%s starts at %zu", want[i].id,
			    v.reasons[k].span.start);
		assert_true(v.reasons[k].span.end >= len);
		assert_memory_equal(body + v.reasons[k].span.end - len,
		    want[i].to, len);
	}
	mod_verdict_free(&v);
	mod_rules_free(r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", conf);
	assert_int_equal(system(cmd), 0);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(cachedir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char		 cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cachedir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_per_platform),
		cmocka_unit_test(test_cache_prune),
		cmocka_unit_test(test_cache_apart),
		cmocka_unit_test(test_span_any_case),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
