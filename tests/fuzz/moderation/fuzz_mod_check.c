/*
 * tests/fuzz/moderation/fuzz_mod_check.c: libFuzzer target for mod_check().
 *
 * The first byte chooses the kind, trust and context; the rest is split
 * at the first NUL into title and body (invalid UTF-8 included on
 * purpose).  The body is also checked as a name and simhashed.  The rule
 * set is loaded once from $SODAN_MOD_CONF or conf/moderation, through the
 * compiled-database cache $SODAN_RULES_CACHE when it is set (run.sh sets
 * it): compiling the shipped rules under the sanitizers took longer than
 * the 30 s of fuzzing make test gives the target (a run of 2 min 16 s
 * instead of 47 s, for about as many executions).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moderation/moderation.h"

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct mod_rules *rules;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct mod_load_opts o;
	const char	*dir;
	char		 err[512];

	(void)argc;
	(void)argv;
	if ((dir = getenv("SODAN_MOD_CONF")) == NULL)
		dir = "conf/moderation";
	memset(&o, 0, sizeof(o));
	o.cache_dir = getenv("SODAN_RULES_CACHE");
	if ((rules = mod_rules_load_ex(dir, &o, err, sizeof(err))) == NULL) {
		fprintf(stderr, "fuzz_mod_check: %s\n", err);
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mod_post	 p;
	struct mod_author a;
	struct mod_verdict v;
	const char	*s, *nul, *links[1];
	size_t		 i, n;
	uint64_t	 recent[1];

	if (size < 1)
		return 0;
	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	p.kind = (enum mod_kind)(data[0] % MOD_KIND__MAX);
	p.reply_to_question = (data[0] >> 2) & 1;
	p.seconds_after_question = (data[0] >> 3) & 1 ? 30 : -1;
	a.trust = (data[0] >> 4) & 3;
	a.staff = (data[0] >> 6) & 1;
	a.account_age_days = a.trust * 30;
	s = (const char *)data + 1;
	n = size - 1;
	if ((nul = memchr(s, '\0', n)) != NULL) {
		p.title = s;
		p.title_len = (size_t)(nul - s);
		p.body = nul + 1;
		p.body_len = n - p.title_len - 1;
	} else {
		p.body = s;
		p.body_len = n;
	}
	recent[0] = 0x0123456789abcdefULL;
	p.recent_simhashes = recent;
	p.nrecent = 1;
	if ((data[0] & 0x80) && p.title != NULL) {
		/* the title doubles as the question answered */
		p.question = p.title;
		p.question_len = p.title_len;
	}
	mod_check(rules, &p, &a, &v);
	for (i = 0; i < v.nreasons; i++)
		if (v.reasons[i].span.start > v.reasons[i].span.end ||
		    v.reasons[i].span.end > (v.reasons[i].span.field ==
		    MOD_FIELD_TITLE ? p.title_len : p.body_len))
			abort();
	for (i = 0; i < v.ncontacts; i++)
		if (v.contacts[i].span.start > v.contacts[i].span.end)
			abort();
	mod_verdict_free(&v);
	mod_name_check(rules, p.body, p.body_len < 64 ? p.body_len : 64,
	    NULL, 0);
	(void)mod_simhash(p.body, p.body_len);
	/* links given by the renderer: NUL-terminated copy of the body */
	if (p.body_len < 512) {
		char	*l = malloc(p.body_len + 1);

		if (l != NULL) {
			memcpy(l, p.body, p.body_len);
			l[p.body_len] = '\0';
			links[0] = l;
			p.links = links;
			p.nlinks = 1;
			p.kind = MOD_KIND_ANSWER;
			mod_check(rules, &p, &a, &v);
			mod_verdict_free(&v);
			free(l);
		}
	}
	return 0;
}
