/*
 * bench/mod_bench.c: moderation filter benchmark (not a test).
 *
 *   mod_bench CONFDIR EXTRA.rules CACHEDIR [N [warm]]
 *
 * Loads the shipped rules plus EXTRA.rules (bench/mod_gen_rules.py makes
 * 5,000) three ways: without a cache (cold compile), with CACHEDIR (which
 * compiles and saves when the cache is missing) and with CACHEDIR again
 * (warm: the serialized database).  Then checks N (default 5,000) posts
 * of about 1 KB on one thread, a tenth of them scam-like, and prints the
 * median, p90, p99 and mean microseconds per post.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "moderation/moderation.h"

#define NPOSTS	64

static const char *const honest[] = {
	"How long does a JPY withdrawal to my bank usually take? I sent it "
	"yesterday at 15:30 and the status still says processing. ",
	"確定申告について質問です。2023年に0.5 BTCを4,500,000円で買い、"
	"2024年3月に5,200,000円で売りました。手数料は経費になりますか？",
	"I enabled two-factor authentication but lost my phone. What is the "
	"official procedure to reset 2FA on my account? ",
	"送金先アドレスを間違えたかもしれません。トランザクションIDは"
	"0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 です。",
	"The help page at https://bitcoin.org/en/faq says fees depend on "
	"the size of the transaction in bytes, not on the amount. ",
	"本人確認書類の提出後、審査にどのくらいかかりますか？マイナンバー"
	"カードを使いました。",
	"Is there an API rate limit for the order book endpoint? My script "
	"polls every 2 seconds and sometimes gets HTTP 429. ",
	"積立の設定を変更したいのですが、毎月10,000円から20,000円にする"
	"方法を教えてください。",
};
static const char *const scam[] = {
	"Contact the recovery expert on telegram @recover_pro, he helped me "
	"recover my stolen BTC within 48 hours. WhatsApp +1 (888) 343-0116. ",
	"公式サポートです。ウォレットの同期が必要です。シードフレーズを"
	"入力してください：https://blnance-support.com/verify ",
};

/* CPU time of this thread: the machine may be shared while measuring. */
static double
now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double
now_wall(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp(const void *a, const void *b)
{
	double		 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct mod_rules *
load(const char *conf, const char *extra, const char *cache, double *ms,
    double *wall)
{
	struct mod_load_opts o;
	struct mod_rules *r;
	char		 err[512];
	double		 t0, w0;

	memset(&o, 0, sizeof(o));
	o.extra_rules = extra;
	o.cache_dir = cache;
	/* MOD_BENCH_MODELS=1: also the shipped classifier models. */
	o.no_model = getenv("MOD_BENCH_MODELS") == NULL ||
	    strcmp(getenv("MOD_BENCH_MODELS"), "1") != 0;
	t0 = now_us();
	w0 = now_wall();
	if ((r = mod_rules_load_ex(conf, &o, err, sizeof(err))) == NULL) {
		fprintf(stderr, "mod_bench: %s\n", err);
		exit(1);
	}
	*ms = (now_us() - t0) / 1e3;
	*wall = (now_wall() - w0) / 1e3;
	return r;
}

int
main(int argc, char *argv[])
{
	struct mod_rules *r;
	struct mod_post	 p;
	struct mod_author a;
	struct mod_verdict v;
	char		*posts[NPOSTS];
	size_t		 i, n, len, held = 0;
	double		*us, t0, ms, wall, sum = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: mod_bench confdir extra.rules "
		    "cachedir [n]\n");
		return 2;
	}
	n = argc > 4 ? strtoul(argv[4], NULL, 10) : 5000;
	if (argc <= 5 || strcmp(argv[5], "warm") != 0) {
		r = load(argv[1], argv[2], NULL, &ms, &wall);
		printf("rules: %zu loaded\n", mod_rules_count(r));
		printf("load, cold compile (no cache): %.0f ms CPU, "
		    "%.0f ms wall\n", ms, wall);
		mod_rules_free(r);
	}
	r = load(argv[1], argv[2], argv[3], &ms, &wall);
	printf("load, cache first use:         %.0f ms CPU, %.0f ms wall\n",
	    ms, wall);
	mod_rules_free(r);
	r = load(argv[1], argv[2], argv[3], &ms, &wall);
	printf("load, warm cache:              %.0f ms CPU, %.0f ms wall\n",
	    ms, wall);
	/* Posts of about 1 KB: sentences in turn, every tenth scam-like. */
	for (i = 0; i < NPOSTS; i++) {
		posts[i] = calloc(1, 2048);
		len = 0;
		while (len < 1000) {
			const char *s = (i % 10 == 9 && len == 0) ?
			    scam[i % 2] : honest[(i + len) % 8];
			if (len + strlen(s) >= 2047)
				break;
			memcpy(posts[i] + len, s, strlen(s));
			len += strlen(s);
		}
	}
	us = calloc(n, sizeof(double));
	memset(&a, 0, sizeof(a));
	a.trust = 1;
	a.account_age_days = 30;
	for (i = 0; i < n + 100; i++) {
		memset(&p, 0, sizeof(p));
		p.kind = i % 2 ? MOD_KIND_ANSWER : MOD_KIND_QUESTION;
		p.reply_to_question = i % 2;
		p.seconds_after_question = -1;
		p.body = posts[i % NPOSTS];
		p.body_len = strlen(p.body);
		t0 = now_us();
		mod_check(r, &p, &a, &v);
		if (i >= 100) {	/* warm-up excluded */
			us[i - 100] = now_us() - t0;
			sum += us[i - 100];
			held += v.decision != MOD_ALLOW;
		}
		mod_verdict_free(&v);
	}
	qsort(us, n, sizeof(double), cmp);
	printf("mod_check, %zu posts of ~1 KB (%zu held), one thread, CPU "
	    "time: median %.1f us, p90 %.1f us, p99 %.1f us, mean %.1f us\n", n,
	    held, us[n / 2], us[n * 9 / 10], us[n * 99 / 100], sum / n);
	for (i = 0; i < NPOSTS; i++)
		free(posts[i]);
	free(us);
	mod_rules_free(r);
	return 0;
}
