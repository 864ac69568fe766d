/*
 * bench/gen.c: the benchmark data set, deterministic by seed.
 *
 *   bench-gen SEED users  FIRST_USER NUSERS
 *   bench-gen SEED threads FIRST_THREAD NTHREADS NPOSTS FIRST_USER NUSERS CATS PART NPARTS
 *   bench-gen SEED posts   FIRST_THREAD NTHREADS NPOSTS FIRST_USER NUSERS CATS PART NPARTS FIRST_POST STAFF
 *
 * writes rows in PostgreSQL's COPY text format on stdout, for
 * `\copy users|threads|posts (...) from stdin` (bench/dataset.sh gives the
 * column lists).  Threads and posts are drawn from a generator seeded by
 * (SEED, thread number), so "threads" and "posts" can run in separate
 * processes, and a part of the thread range (PART of NPARTS) each, and
 * still agree.  Markdown is cooked with the server's own md_cook() and the
 * search documents and folded titles come from app/text/fold.c, so every
 * row is what the server would have written.
 *
 *   bench-gen SEED scale-threads FIRST_THREAD NTHREADS NPOSTS FIRST_USER NUSERS CATS PART NPARTS FIRST_POST STAFF MOD
 *   bench-gen SEED scale-posts   (the same arguments)
 *
 * The "scale" modes write the large data set (10 M posts, 1 M threads,
 * 200 k users: docs/performance.md, "Data at scale"): see scale_main()
 * below for their shape and columns.  The other modes keep their rows as
 * they were (tests load them and compare with fixed expectations).
 *
 * Shape: NTHREADS questions and NPOSTS posts in all (questions included);
 * the first 100 threads have exactly 20 answers (the thread-page scenario),
 * the others 0..18, adjusted so that the total is exactly NPOSTS.  About
 * 60 % of the threads are Japanese.  About 10 % carry an official answer
 * by the staff user STAFF.  CATS is a comma-separated list of category ids.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "text/fold.h"
#include "view/md.h"

#define BENCH_ANSWERS	20	/* answers on each of the first 100 threads */
#define MAX_CATS	64

struct rng {
	uint64_t	s;
};

static uint64_t	rnd(struct rng *);
static uint32_t	rnd_n(struct rng *, uint32_t);
static void	rng_seed(struct rng *, uint64_t, uint64_t);
static void	put_copy(FILE *, const char *);
static void	sentence(struct buf *, struct rng *, int, int);
static void	body(struct buf *, struct rng *, int, int);
static void	title(struct buf *, struct rng *, int, int);
static void	tags(struct buf *, struct rng *, int);
static const char *ts(uint64_t, char *);
static int	answers_of(uint64_t, uint64_t, uint64_t, uint64_t);
static int	scale_main(int, char **);

static const char *const ja_topics[] = {
	"送金", "出金", "入金", "二段階認証", "本人確認", "口座", "API キー",
	"取引履歴", "確定申告", "手数料", "指値注文", "成行注文", "ログイン",
	"パスワード", "メールアドレス", "スマホ", "ウォレット", "ビットコイン",
	"イーサリアム", "USDT", "日本円", "銀行振込", "ネットワーク", "着金",
	"アドレス", "レート制限", "WebSocket", "損益計算", "積立", "ステーキング",
};
static const char *const ja_title_tpl[][2] = {
	{ "の", "が反映されません。どうすればいいですか？" },
	{ "で", "エラーが出ます" },
	{ "について", "質問です。" },
	{ "を", "間違えてしまいました。取り戻せますか？" },
	{ "の", "に時間がかかっています" },
	{ "が", "できない場合の対処法を教えてください" },
	{ "の", "設定方法がわかりません" },
	{ "と", "の違いは何ですか？" },
};
static const char *const ja_sent[] = {
	"昨日から何度か試していますが、まだ反映されていません。",
	"サポートに問い合わせましたが、まだ返事がありません。",
	"送金先のアドレスは何度も確認しました。",
	"スマホを機種変更したら二段階認証のコードが届かなくなりました。",
	"取引履歴は CSV でダウンロードできます。",
	"本人確認の書類は運転免許証で提出しました。",
	"出金の手数料はネットワークによって変わります。",
	"ブロックチェーンの承認が終わるまで数十分かかることがあります。",
	"入金の反映には通常 10 分から 1 時間ほどかかります。",
	"パスワードを変更したあとは、すべての端末で再ログインが必要です。",
	"公式サイト以外で秘密鍵やリカバリーフレーズを入力しないでください。",
	"メンテナンス中は入出金が一時的に停止されます。",
	"銀行振込の場合、振込人名義の前に会員番号を入れてください。",
	"確定申告には年間の損益計算書が使えます。",
	"指値注文が約定しないのは、価格が指定した値に届いていないからです。",
	"API キーには出金の権限を付けないことをおすすめします。",
	"レート制限を超えると 429 が返ります。",
	"WebSocket の接続は 24 時間ごとに切断されます。",
	"ログイン履歴に見覚えのない IP アドレスがありました。",
	"同じ症状の方はいらっしゃいますか？",
	"よろしくお願いします。",
	"私も同じことがありましたが、翌日には解決しました。",
	"設定画面の「セキュリティ」から確認できます。",
	"アプリを最新版に更新すると直るかもしれません。",
	"ネットワークを間違えた場合、取り戻せないことが多いです。",
	"ステーキングの報酬は毎週月曜日に付与されます。",
	"積立の設定は毎月 1 日に反映されます。",
	"日本円の出金は土日祝日は翌営業日になります。",
};
static const char *const en_topics[] = {
	"withdrawal", "deposit", "2FA", "identity check", "account", "API key",
	"trade history", "tax report", "fee", "limit order", "market order",
	"sign-in", "password", "email address", "phone", "wallet", "Bitcoin",
	"Ethereum", "USDT", "bank transfer", "network", "address", "rate limit",
	"WebSocket", "staking", "recurring buy",
};
static const char *const en_title_tpl[][2] = {
	{ "My ", " is still pending after two days" },
	{ "How do I change my ", "?" },
	{ "Error 500 when I try the ", "" },
	{ "Sent a ", " to the wrong network, can I get it back?" },
	{ "Why is my ", " rejected?" },
	{ "What is the ", " limit for new accounts?" },
	{ "Cannot find the ", " settings in the app" },
	{ "Is the ", " page down for anyone else?" },
};
static const char *const en_sent[] = {
	"I have tried several times since yesterday and nothing has changed.",
	"Support has not answered my ticket yet.",
	"I checked the destination address twice before sending.",
	"After I switched phones the 2FA codes stopped working.",
	"You can download your trade history as CSV from the reports page.",
	"I submitted my driving licence for the identity check.",
	"Withdrawal fees depend on the network you choose.",
	"Confirmations on the blockchain can take up to an hour.",
	"Deposits usually arrive within ten minutes to an hour.",
	"After a password change you have to sign in again on every device.",
	"Never enter your private key or recovery phrase anywhere but the official app.",
	"Deposits and withdrawals are paused during maintenance.",
	"Put your member number before your name on a bank transfer.",
	"The yearly profit and loss report is accepted by the tax office.",
	"A limit order does not fill until the price reaches your limit.",
	"Do not give an API key the withdrawal permission unless you need it.",
	"Going over the rate limit gives you HTTP 429.",
	"WebSocket connections are closed every 24 hours.",
	"There was an IP address I did not recognise in my sign-in history.",
	"Has anyone else seen this?",
	"Thanks in advance.",
	"The same happened to me and it was fixed the next day.",
	"You can check this under Settings, Security.",
	"Updating the app to the latest version may fix it.",
	"If you picked the wrong network the funds are often lost.",
	"Staking rewards are paid every Monday.",
	"Recurring buys run on the first day of each month.",
};
static const char *const tag_pool[] = {
	"usdt", "btc", "eth", "xrp", "2fa", "kyc", "api", "tax", "fees", "app",
	"bank", "network", "staking", "websocket", "login", "phishing",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* splitmix64 */
static uint64_t
rnd(struct rng *g)
{
	uint64_t	z = (g->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
rnd_n(struct rng *g, uint32_t n)
{
	return (uint32_t)(rnd(g) % n);
}

static void
rng_seed(struct rng *g, uint64_t seed, uint64_t stream)
{
	g->s = seed * 0x2545f4914f6cdd1dULL ^ (stream + 1) * 0x9e3779b97f4a7c15ULL;
	(void)rnd(g);
}

/* COPY text format: backslash, tab, newline, carriage return escaped. */
static void
put_copy(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
			fputs("\\\\", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			putc(*s, f);
		}
	}
}

static void
sentence(struct buf *b, struct rng *g, int ja, int md)
{
	const char	*s = ja ? ja_sent[rnd_n(g, NELEM(ja_sent))] :
	    en_sent[rnd_n(g, NELEM(en_sent))];
	const char	*t = ja ? ja_topics[rnd_n(g, NELEM(ja_topics))] :
	    en_topics[rnd_n(g, NELEM(en_topics))];

	switch (md ? rnd_n(g, 12) : 11) {
	case 0:
		buf_printf(b, "**%s** ", t);
		break;
	case 1:
		buf_printf(b, "`%s` ", t);
		break;
	case 2:
		buf_printf(b, "[%s](https://help.exchange.example/%s/%u) ", t,
		    ja ? "ja" : "en", rnd_n(g, 900) + 100);
		break;
	case 3:
		buf_printf(b, "*%s* ", t);
		break;
	default:
		buf_printf(b, "%s%s", t, ja ? "について、" : ": ");
		break;
	}
	buf_puts(b, s);
	buf_puts(b, ja ? "" : " ");
}

/* A Markdown body of 1..6 blocks: paragraphs, lists, a code block, a quote. */
static void
body(struct buf *b, struct rng *g, int ja, int longer)
{
	uint32_t	blocks = 1 + rnd_n(g, longer ? 5 : 3), i, j, n;

	for (i = 0; i < blocks; i++) {
		if (i > 0)
			buf_puts(b, "\n\n");
		switch (rnd_n(g, 10)) {
		case 0:
			n = 2 + rnd_n(g, 3);
			for (j = 0; j < n; j++) {
				buf_puts(b, j ? "\n" : "");
				buf_printf(b, "%u. ", j + 1);
				sentence(b, g, ja, 1);
			}
			break;
		case 1:
			n = 2 + rnd_n(g, 3);
			for (j = 0; j < n; j++) {
				buf_puts(b, j ? "\n- " : "- ");
				sentence(b, g, ja, 1);
			}
			break;
		case 2:
			buf_printf(b, "```\nHTTP/1.1 %u\n{\"code\": %u, "
			    "\"message\": \"%s\"}\n```", 400 + rnd_n(g, 30),
			    10000 + rnd_n(g, 90000), ja ? "エラー" : "error");
			break;
		case 3:
			buf_puts(b, "> ");
			sentence(b, g, ja, 0);
			break;
		default:
			n = 1 + rnd_n(g, 4);
			for (j = 0; j < n; j++)
				sentence(b, g, ja, 1);
		}
	}
}

static void
title(struct buf *b, struct rng *g, int ja, int n)
{
	if (ja) {
		const char *const *tp = ja_title_tpl[rnd_n(g,
		    NELEM(ja_title_tpl))];
		buf_printf(b, "%s%s%s（%d）", ja_topics[rnd_n(g,
		    NELEM(ja_topics))], tp[0], tp[1], n);
	} else {
		const char *const *tp = en_title_tpl[rnd_n(g,
		    NELEM(en_title_tpl))];
		buf_printf(b, "%s%s%s (#%d)", tp[0], en_topics[rnd_n(g,
		    NELEM(en_topics))], tp[1], n);
	}
}

static void
tags(struct buf *b, struct rng *g, int pg_array)
{
	uint32_t	n = rnd_n(g, 4), i, a = rnd_n(g, NELEM(tag_pool));

	if (pg_array)
		buf_puts(b, "{");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, pg_array ? "," : " ");
		buf_puts(b, tag_pool[(a + i * 5) % NELEM(tag_pool)]);
	}
	if (pg_array)
		buf_puts(b, "}");
}

static const char *
ts(uint64_t t, char *o)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	gmtime_r(&tt, &tm);
	strftime(o, 40, "%Y-%m-%d %H:%M:%S+00", &tm);
	return o;
}

/*
 * Answers on thread number i (0-based) of n, for np posts in all: the first
 * 100 have BENCH_ANSWERS, the rest 0..18 drawn by seed, then spread evenly
 * up or down so that the sum of (1 + answers) is np.  Deterministic.
 */
static int
answers_of(uint64_t seed, uint64_t i, uint64_t n, uint64_t np)
{
	static int	*tab;
	static uint64_t	 tn;
	uint64_t	 k, sum = 0;
	int64_t		 diff;
	struct rng	 g;

	if (tab == NULL || tn != n) {
		free(tab);
		if ((tab = calloc(n, sizeof(*tab))) == NULL)
			abort();
		tn = n;
		rng_seed(&g, seed, 0xa11ce);
		for (k = 0; k < n; k++) {
			tab[k] = k < 100 ? BENCH_ANSWERS : (int)rnd_n(&g, 19);
			sum += 1 + (uint64_t)tab[k];
		}
		diff = (int64_t)np - (int64_t)sum;
		for (k = 100; diff != 0 && n > 100; k = k + 1 < n ? k + 1 : 100) {
			if (diff > 0 && tab[k] < 40) {
				tab[k]++;
				diff--;
			} else if (diff < 0 && tab[k] > 0) {
				tab[k]--;
				diff++;
			}
		}
	}
	return tab[i];
}

int
main(int argc, char **argv)
{
	struct arena	*a;
	struct buf	 bb, tbb, tgb, srcb, *b = &bb, *tb = &tbb, *tg = &tgb, *src = &srcb;
	struct cooked	 ck;
	struct rng	 g;
	uint64_t	 seed, t0, nt, np, u0, nu, p0 = 0, staff = 0, i, pid;
	uint64_t	 part = 0, nparts = 1;
	int		 cats[MAX_CATS], ncat = 0, j, na, ja, mode;
	char		*cs, *tok, *doc, *fold;
	FILE		*out = stdout;
	char		 t1[40], t2[40];
	static char	 obuf[1 << 20];

	if (argc > 2 && strncmp(argv[2], "scale-", 6) == 0)
		return scale_main(argc, argv);
	if (argc < 5) {
usage:
		fprintf(stderr, "usage: see bench/gen.c\n");
		return 2;
	}
	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	seed = strtoull(argv[1], NULL, 10);
	a = arena_new();
	buf_init(b, NULL);
	if (strcmp(argv[2], "users") == 0) {
		u0 = strtoull(argv[3], NULL, 10);
		nu = strtoull(argv[4], NULL, 10);
		for (i = 0; i < nu; i++) {
			rng_seed(&g, seed, 0x5e5500000000ULL + i);
			ja = rnd_n(&g, 10) < 6;
			/* id username username_key display_name role trust lang created */
			fprintf(out, "%" PRIu64 "\tbench_u%" PRIu64 "\tbench_u%"
			    PRIu64 "\t%s%" PRIu64 "\tuser\t%u\t%s\t"
			    "2025-01-01 00:00:00+00\n", u0 + i, i, i,
			    ja ? "ユーザー" : "User ", i, rnd_n(&g, 4),
			    ja ? "ja" : "en");
		}
		goto done;
	}
	if (argc < 11)
		goto usage;
	mode = strcmp(argv[2], "posts") == 0;
	if (!mode && strcmp(argv[2], "threads") != 0)
		goto usage;
	t0 = strtoull(argv[3], NULL, 10);
	nt = strtoull(argv[4], NULL, 10);
	np = strtoull(argv[5], NULL, 10);
	u0 = strtoull(argv[6], NULL, 10);
	nu = strtoull(argv[7], NULL, 10);
	cs = strdup(argv[8]);
	for (tok = strtok(cs, ","); tok && ncat < MAX_CATS; tok = strtok(NULL, ","))
		cats[ncat++] = atoi(tok);
	part = strtoull(argv[9], NULL, 10);
	nparts = strtoull(argv[10], NULL, 10);
	if (mode) {
		if (argc < 13)
			goto usage;
		p0 = strtoull(argv[11], NULL, 10);
		staff = strtoull(argv[12], NULL, 10);
	}
	if (ncat == 0 || nu == 0 || nparts == 0 || np < nt)
		goto usage;
	buf_init(tb, NULL);
	buf_init(tg, NULL);
	buf_init(src, NULL);
	pid = p0;
	for (i = 0; i < nt; i++) {
		na = answers_of(seed, i, nt, np);
		if (i % nparts != part) {
			pid += 1 + (uint64_t)na;
			continue;
		}
		arena_reset(a);
		rng_seed(&g, seed, i + 1);
		ja = rnd_n(&g, 10) < 6;
		buf_reset(tb);
		buf_reset(tg);
		title(tb, &g, ja, (int)i);
		tags(tg, &g, 0);
		uint64_t author = u0 + rnd_n(&g, (uint32_t)nu);
		int cat = cats[rnd_n(&g, (uint32_t)ncat)];
		int official = i >= 100 && na > 0 && rnd_n(&g, 10) == 0;
		/* created: spread over ~2 years, newest last */
		uint64_t created = 1700000000ULL + i * 600 + rnd_n(&g, 600);
		uint64_t last = created + (uint64_t)na * 3600;

		if (!mode) {
			/* id category author title lang status visible pinned
			 * has_official answer_count created last tags title_fold */
			fold = fold_text(a, tb->p, tb->len);
			fprintf(out, "%" PRIu64 "\t%d\t%" PRIu64 "\t", t0 + i,
			    cat, author);
			put_copy(out, tb->p);
			fprintf(out, "\t%s\topen\tt\tf\t%s\t%d\t"
			    "%s\t%s\t{",
			    ja ? "ja" : "en", official ? "t" : "f", na,
			    ts(created, t1), ts(last, t2));
			{
				const char *p = tg->p;
				for (; *p; p++)
					putc(*p == ' ' ? ',' : *p, out);
			}
			fputs("}\t", out);
			put_copy(out, fold);
			putc('\n', out);
			continue;
		}
		for (j = 0; j <= na; j++) {
			const char	*kind = j == 0 ? "question" :
			    (official && j == 1) ? "official" : "answer";
			uint64_t	 who = j == 0 ? author :
			    (official && j == 1) ? staff :
			    u0 + rnd_n(&g, (uint32_t)nu);
			uint64_t	 at = created + (uint64_t)j * 3600;

			buf_reset(b);
			body(b, &g, ja, j == 0 || (official && j == 1));
			if (md_cook(a, b->p, b->len, &ck, NULL) == -1) {
				fprintf(stderr, "bench-gen: md_cook failed\n");
				return 1;
			}
			buf_reset(src);
			if (j == 0)
				buf_printf(src, "%s %s %s", tb->p,
				    tg->p, b->p);
			else
				buf_puts(src, b->p);
			doc = fold_doc(a, src->p, src->len);
			/* id thread author kind state body_md body_html score
			 * created updated search_doc */
			fprintf(out, "%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
			    "\t%s\tvisible\t", pid, t0 + i, who, kind);
			put_copy(out, b->p);
			putc('\t', out);
			put_copy(out, ck.html);
			fprintf(out, "\t%u\t%s\t%s\t", j == 0 ? 0 :
			    rnd_n(&g, 8), ts(at, t1), ts(at, t2));
			put_copy(out, doc);
			putc('\n', out);
			pid++;
		}
	}
done:
	if (fflush(out) != 0) {
		perror("bench-gen: stdout");
		return 1;
	}
	return 0;
}

/*
 * The large data set (the "scale" modes; bench/dataset.sh with
 * BENCH_SHAPE=scale).  For NTHREADS threads and NPOSTS posts (questions
 * included):
 *  - answers per thread: the first 100 threads 20 (the thread-page
 *    scenario); the next 10 are huge threads, 1,000 * k * k answers for
 *    k = 1..10 (at most NPOSTS / 50 each); the others 0..18, spread so
 *    that the total is NPOSTS;
 *  - categories by a Zipf law over CATS (the first one the busiest); 0..3
 *    tags of 400 by a Zipf law (16 named ones, then "coin-NNN");
 *  - about 60 % Japanese threads, 10 % with an official answer by STAFF;
 *    a quarter of the answers by 1,000 regular helpers;
 *  - states: a fifth of the unanswered questions held (their thread is not
 *    visible) and 0.3 % of the answered ones removed; of the other answers
 *    2 % held (a scam wave for the held queue) and 0.5 % removed by MOD;
 *    30 % of the threads with a visible answer have its first one
 *    accepted;
 *  - threads one after the other over the two years before 2026-11-24,
 *    answers an hour apart (closer together in the huge threads).
 * The columns derived from the posts are what THREAD_REFRESH_SET in
 * app/store/queries.def computes (visible, has_official, answer_count,
 * accepted_post_id) and last_activity_at is the last visible post's time;
 * bench/dataset.sh checks a sample of threads against the posts after the
 * load.  A post's state is drawn from its own id, so that scale-threads
 * knows the states without drawing the bodies.
 *
 * Bodies come from a pool of 4 x 4,096 bodies (Japanese or English,
 * question-sized or answer-sized) drawn by the same generator, cooked
 * (md_cook) and folded (fold_doc) once each: doing that for every post
 * costs about 200 us, half an hour of CPU at 10 M posts.  A question's
 * search document folds its own title and tags, then the body's.
 *
 * scale-threads columns: id, category_id, author_id, title, lang, status,
 * visible, pinned, has_official, answer_count, created_at,
 * last_activity_at, tags, title_fold, accepted_post_id, accepted_revision.
 * scale-posts columns: id, thread_id, author_id, kind, state, body_md,
 * body_html, score, created_at, updated_at, search_doc, mod_reasons,
 * removed_reason, removed_at, removed_by.
 */
#define SC_HUGE		10		/* huge threads after the first 100 */
#define SC_NTAGS	400
#define SC_POOL		4096		/* bodies per class */
#define SC_END		1795564800ULL	/* 2026-11-24 00:00 UTC */
#define SC_SPAN		(2ULL * 365 * 86400)
#define SC_HELPERS	1000

enum { SC_VISIBLE, SC_HELD, SC_REMOVED };

struct sc_body {
	char	*md;		/* COPY-escaped */
	char	*html;		/* COPY-escaped */
	char	*doc;		/* COPY-escaped */
	char	*doc_raw;	/* as folded, for a question's document */
};

static struct sc_body	 sc_pool[4][SC_POOL];
static double		 sc_tag_cum[SC_NTAGS];
static double		 sc_cat_cum[MAX_CATS];

static char *
sc_escape(const char *s)
{
	struct buf	 b;
	char		*r;

	buf_init(&b, NULL);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
			buf_puts(&b, "\\\\");
			break;
		case '\t':
			buf_puts(&b, "\\t");
			break;
		case '\n':
			buf_puts(&b, "\\n");
			break;
		case '\r':
			buf_puts(&b, "\\r");
			break;
		default:
			buf_putc(&b, *s);
		}
	}
	if ((r = strdup(b.len ? b.p : "")) == NULL)
		abort();
	buf_free(&b);
	return r;
}

/* Class: ja * 2 + longer.  Deterministic by seed. */
static int
sc_pool_fill(uint64_t seed)
{
	struct arena	*a = arena_new();
	struct buf	 b;
	struct cooked	 ck;
	struct rng	 g;
	int		 c, k;

	buf_init(&b, NULL);
	for (c = 0; c < 4; c++)
		for (k = 0; k < SC_POOL; k++) {
			arena_reset(a);
			rng_seed(&g, seed, 0xb0d900000000ULL +
			    (uint64_t)c * SC_POOL + (uint64_t)k);
			buf_reset(&b);
			body(&b, &g, c >> 1, c & 1);
			if (md_cook(a, b.p, b.len, &ck, NULL) == -1)
				return -1;
			sc_pool[c][k].md = sc_escape(b.p);
			sc_pool[c][k].html = sc_escape(ck.html);
			sc_pool[c][k].doc_raw = strdup(fold_doc(a, b.p, b.len));
			if (sc_pool[c][k].doc_raw == NULL)
				abort();
			sc_pool[c][k].doc = sc_escape(sc_pool[c][k].doc_raw);
		}
	buf_free(&b);
	arena_free(a);
	return 0;
}

static void
sc_zipf_init(double *cum, int n)
{
	double	 s = 0;
	int	 k;

	for (k = 0; k < n; k++)
		cum[k] = (s += 1.0 / (k + 1));
	for (k = 0; k < n; k++)
		cum[k] /= s;
}

static int
sc_zipf(struct rng *g, const double *cum, int n)
{
	double	 u = (double)(rnd(g) >> 11) / 9007199254740992.0;
	int	 lo = 0, hi = n - 1, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
sc_tag_name(struct buf *b, int t)
{
	if (t < (int)NELEM(tag_pool))
		buf_puts(b, tag_pool[t]);
	else
		buf_printf(b, "coin-%03d", t);
}

/* 0..3 distinct tags, space-separated in sp, as an array literal in arr. */
static void
sc_tags(struct rng *g, struct buf *sp, struct buf *arr)
{
	int	 n = (int)rnd_n(g, 4), got[3], i, j, t, tries;

	buf_puts(arr, "{");
	for (i = 0; i < n; i++) {
		for (tries = 0; tries < 8; tries++) {
			t = sc_zipf(g, sc_tag_cum, SC_NTAGS);
			for (j = 0; j < i && got[j] != t; j++)
				;
			if (j == i)
				break;
		}
		if (tries == 8)
			break;
		got[i] = t;
		if (i > 0) {
			buf_puts(sp, " ");
			buf_puts(arr, ",");
		}
		sc_tag_name(sp, t);
		sc_tag_name(arr, t);
	}
	buf_puts(arr, "}");
}

/* Answers on thread i of n (see above); deterministic, a table built once. */
static int
sc_answers_of(uint64_t seed, uint64_t i, uint64_t n, uint64_t np)
{
	static int	*tab;
	uint64_t	 k, sum = 0, huge, cap = np / 50;
	int64_t		 diff;
	struct rng	 g;

	if (tab == NULL) {
		if ((tab = calloc(n, sizeof(*tab))) == NULL)
			abort();
		rng_seed(&g, seed, 0xa11ce5ca1eULL);
		for (k = 0; k < n; k++) {
			if (k < 100)
				tab[k] = BENCH_ANSWERS;
			else if (k < 100 + SC_HUGE) {
				huge = 1000 * (k - 99) * (k - 99);
				tab[k] = (int)(huge < cap ? huge : cap);
			} else
				tab[k] = (int)rnd_n(&g, 19);
			sum += 1 + (uint64_t)tab[k];
		}
		diff = (int64_t)np - (int64_t)sum;
		for (k = 110; diff != 0 && n > 110; k = k + 1 < n ? k + 1 : 110) {
			if (diff > 0 && tab[k] < 40) {
				tab[k]++;
				diff--;
			} else if (diff < 0 && tab[k] > 0) {
				tab[k]--;
				diff++;
			}
		}
	}
	return tab[i];
}

/* An answer's state, drawn from its id alone. */
static int
sc_answer_state(uint64_t seed, uint64_t pid)
{
	struct rng	 h;
	uint32_t	 d;

	rng_seed(&h, seed, 0x57a7e0000000000ULL ^ pid);
	d = rnd_n(&h, 1000);
	return d < 20 ? SC_HELD : d < 25 ? SC_REMOVED : SC_VISIBLE;
}

static void
sc_null_or(FILE *out, int cond, const char *s)
{
	fputs(cond ? s : "\\N", out);
}

static int
scale_main(int argc, char **argv)
{
	struct arena	*a;
	struct buf	 tbb, tsb, tab, srcb, *tb = &tbb, *tsp = &tsb, *tar = &tab;
	struct buf	*src = &srcb;
	struct rng	 g;
	uint64_t	 seed, t0, nt, np, u0, nu, p0, staff, mod, i, pid;
	uint64_t	 part, nparts, spacing;
	int		 cats[MAX_CATS], ncat = 0, j, na, ja, posts;
	char		*cs, *tok;
	FILE		*out = stdout;
	char		 t1[40], t2[40], t3[40];
	static char	 obuf[1 << 20];

	if (argc < 14) {
		fprintf(stderr, "usage: see bench/gen.c\n");
		return 2;
	}
	posts = strcmp(argv[2], "scale-posts") == 0;
	if (!posts && strcmp(argv[2], "scale-threads") != 0) {
		fprintf(stderr, "usage: see bench/gen.c\n");
		return 2;
	}
	setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	seed = strtoull(argv[1], NULL, 10);
	t0 = strtoull(argv[3], NULL, 10);
	nt = strtoull(argv[4], NULL, 10);
	np = strtoull(argv[5], NULL, 10);
	u0 = strtoull(argv[6], NULL, 10);
	nu = strtoull(argv[7], NULL, 10);
	if ((cs = strdup(argv[8])) == NULL)
		abort();
	for (tok = strtok(cs, ","); tok && ncat < MAX_CATS; tok = strtok(NULL, ","))
		cats[ncat++] = atoi(tok);
	part = strtoull(argv[9], NULL, 10);
	nparts = strtoull(argv[10], NULL, 10);
	p0 = strtoull(argv[11], NULL, 10);
	staff = strtoull(argv[12], NULL, 10);
	mod = strtoull(argv[13], NULL, 10);
	if (ncat == 0 || nu <= SC_HELPERS || nparts == 0 || nt < 200 ||
	    np < nt * 2) {
		fprintf(stderr, "bench-gen: scale modes need 200 threads, "
		    "twice as many posts, more than %d users\n", SC_HELPERS);
		return 2;
	}
	sc_zipf_init(sc_tag_cum, SC_NTAGS);
	sc_zipf_init(sc_cat_cum, ncat);
	if (posts && sc_pool_fill(seed) == -1) {
		fprintf(stderr, "bench-gen: md_cook failed\n");
		return 1;
	}
	a = arena_new();
	buf_init(tb, NULL);
	buf_init(tsp, NULL);
	buf_init(tar, NULL);
	buf_init(src, NULL);
	spacing = SC_SPAN / nt > 0 ? SC_SPAN / nt : 1;
	pid = p0;
	for (i = 0; i < nt; i++) {
		uint64_t	 first = pid, step, created, last, author;
		uint64_t	 accepted = 0;
		uint32_t	 qdraw, adraw;
		int		 cat, official, qstate = SC_VISIBLE, nvis = 0;

		na = sc_answers_of(seed, i, nt, np);
		pid += 1 + (uint64_t)na;
		if (i % nparts != part)
			continue;
		arena_reset(a);
		rng_seed(&g, seed, 0x5ca1e00000000ULL + i);
		ja = rnd_n(&g, 10) < 6;
		buf_reset(tb);
		buf_reset(tsp);
		buf_reset(tar);
		title(tb, &g, ja, (int)i);
		sc_tags(&g, tsp, tar);
		author = u0 + rnd_n(&g, (uint32_t)nu);
		cat = cats[sc_zipf(&g, sc_cat_cum, ncat)];
		official = i >= 100 && na > 0 && rnd_n(&g, 10) == 0;
		created = SC_END - SC_SPAN + i * spacing + rnd_n(&g,
		    (uint32_t)spacing);
		step = na <= 100 ? 3600 : 360000 / (uint64_t)na;
		if (step == 0)
			step = 1;
		qdraw = rnd_n(&g, 1000);
		adraw = rnd_n(&g, 1000);
		if (i >= 100 + SC_HUGE) {
			if (na == 0 && qdraw < 200)
				qstate = SC_HELD;
			else if (na > 0 && qdraw < 3)
				qstate = SC_REMOVED;
		}
		last = created;

		if (!posts) {
			for (j = 1; j <= na; j++) {
				int	 off = official && j == 1;

				if (!off && i >= 100 &&
				    sc_answer_state(seed, first + (uint64_t)j) !=
				    SC_VISIBLE)
					continue;
				nvis++;
				last = created + (uint64_t)j * step;
				if (!off && accepted == 0 && qstate == SC_VISIBLE)
					accepted = first + (uint64_t)j;
			}
			if (adraw >= 300)
				accepted = 0;
			fprintf(out, "%" PRIu64 "\t%d\t%" PRIu64 "\t", t0 + i,
			    cat, author);
			put_copy(out, tb->p);
			fprintf(out, "\t%s\topen\t%s\tf\t%s\t%d\t%s\t%s\t%s\t",
			    ja ? "ja" : "en", qstate == SC_VISIBLE ? "t" : "f",
			    official ? "t" : "f", nvis, ts(created, t1),
			    ts(last, t2), tar->p);
			put_copy(out, fold_text(a, tb->p, tb->len));
			if (accepted)
				fprintf(out, "\t%" PRIu64 "\t1\n", accepted);
			else
				fputs("\t\\N\t\\N\n", out);
			continue;
		}
		for (j = 0; j <= na; j++) {
			int		 off = official && j == 1, st;
			uint64_t	 who, at = created + (uint64_t)j * step;
			const char	*kind = j == 0 ? "question" :
			    off ? "official" : "answer";
			struct sc_body	*bd;

			if (j == 0)
				st = qstate;
			else if (off || i < 100)
				st = SC_VISIBLE;
			else
				st = sc_answer_state(seed, first + (uint64_t)j);
			if (j == 0)
				who = author;
			else if (off)
				who = staff;
			else if (rnd_n(&g, 4) == 0)
				who = u0 + rnd_n(&g, SC_HELPERS);
			else
				who = u0 + rnd_n(&g, (uint32_t)nu);
			bd = &sc_pool[ja * 2 + (j == 0 || off)][rnd_n(&g,
			    SC_POOL)];
			fprintf(out, "%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
			    "\t%s\t%s\t%s\t%s\t%u\t%s\t%s\t", first +
			    (uint64_t)j, t0 + i, who, kind, st == SC_HELD ?
			    "held" : st == SC_REMOVED ? "removed" : "visible",
			    bd->md, bd->html, j == 0 ? 0 : rnd_n(&g, 8),
			    ts(at, t1), ts(at, t2));
			if (j == 0) {
				buf_reset(src);
				buf_printf(src, "%s %s", tb->p, tsp->len ?
				    tsp->p : "");
				put_copy(out, fold_doc(a, src->p, src->len));
				putc(' ', out);
			}
			fputs(bd->doc, out);
			fprintf(out, "\t%s\t", st == SC_HELD ?
			    "bench.scam_wave" : "");
			sc_null_or(out, st == SC_REMOVED, "spam");
			putc('\t', out);
			sc_null_or(out, st == SC_REMOVED, ts(at + 3600, t3));
			if (st == SC_REMOVED)
				fprintf(out, "\t%" PRIu64 "\n", mod);
			else
				fputs("\t\\N\n", out);
		}
	}
	if (fflush(out) != 0) {
		perror("bench-gen: stdout");
		return 1;
	}
	return 0;
}
