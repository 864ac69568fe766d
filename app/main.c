/*
 * main.c: start-up.  sodan [-c FILE] [-n] [-v] [serve|migrate|demo]
 *
 *   serve    (default) check the schema, then serve until SIGTERM/SIGINT;
 *            SIGHUP reloads the moderation rules, lists and models
 *   migrate  apply the embedded migrations in sql/
 *   demo     apply the migrations, then load the demo data (idempotent):
 *            categories, staff, moderator, threads in Japanese and
 *            English; cooks their Markdown
 *   admin    create-user, set-role, unlock, reset-password (cli/admin.c)
 *   -n       check the configuration and exit ("configuration OK")
 */
#include <sys/resource.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "acct/acct.h"
#include "acct/seal.h"
#include "cache/cache.h"
#include "cli/cli.h"
#include "http/server.h"
#include "http/sitepoll.h"
#include "image/image.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "mail/mail.h"
#include "oidc/oidc.h"
#include "post/filter.h"
#include "post/learn.h"
#include "post/triage.h"
#include "post/ruleset.h"
#include "pages/pages.h"
#include "store/db.h"
#include "store/store.h"
#include "text/fold.h"
#include "version.h"
#include "view/asset.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/md.h"
#include "webhook/webhook.h"

/*
 * The demo accounts' password and the known TOTP secret of the demo staff,
 * moderator and admin (docs/accounts.md): sql/demo/demo.sql stores them
 * for its own accounts (the password as an argon2id hash); here they are
 * only printed.
 */
#define DEMO_PASSWORD	"sodan-demo-2026"
#define DEMO_TOTP	"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

static int	cmd_serve(const struct conf *);
static void	raise_nofile(void);
static void	on_hup(int);
static int	cmd_migrate(const struct conf *);
static int	cmd_demo(const struct conf *);
static int	search_reindex(const struct conf *);
static void	usage(void) __attribute__((noreturn));

static void
usage(void)
{
	fprintf(stderr, "usage: sodan [-c FILE] [-n] [-v] "
	    "[serve|migrate|demo|admin ...]\n");
	exit(2);
}

/*
 * Every open connection is a file descriptor; many systems start a process
 * with a soft limit of 1024.  Raise it to the hard limit so that idle
 * keep-alive connections (tested with 10,000: tests/security/conns.py)
 * cannot exhaust descriptors while the hard limit allows more.
 */
static void
raise_nofile(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		log_warn("could not raise the open-file limit");
}

/* SIGHUP: reload the moderation rule set (post/ruleset.h). */
static void
on_hup(int sig)
{
	(void)sig;
	ruleset_reload_signal();
}

static int
cmd_serve(const struct conf *c)
{
	struct sigaction sa;
	struct db	*db = db_new(c->db_url);
	int64_t		 have, known = db_known_version();
	int		 rc;
	char		 err[256];

	have = db_schema_version(db);
	db_free(db);
	if (have > known) {
		log_err("the database schema (version %lld) is newer than this "
		    "binary knows (%lld): refusing to start", (long long)have,
		    (long long)known);
		return 1;
	}
	if (have >= 0 && have < known) {
		log_err("the database schema is at version %lld, this binary "
		    "needs %lld: run `sodan migrate` first", (long long)have,
		    (long long)known);
		return 1;
	}
	if (have < 0)
		log_warn("PostgreSQL is not reachable now; serving anyway, "
		    "pages that need it answer 503 until it is back");
	else if (search_reindex(c) == -1)
		return 1;
	raise_nofile();
	/* [server] hash_threads may hash passwords at once (argon2id). */
	acct_hash_limit(c->hash_threads > 0 ? c->hash_threads :
	    (c->app_threads / 2 > 0 ? c->app_threads / 2 : 1),
	    ACCT_HASH_WAIT_MS);
	search_limit(c->app_threads);
	/* Loaded on its own thread; failure holds every post. */
	filter_feeds(c->feed_metamask, c->feed_scamsniffer, c->feed_jpcert,
	    c->feed_interval);
	(void)filter_init(c->moderation, c->moderation_cache, c->db_url);
	/* Training runs, scheduled and asked for, off the request path. */
	(void)learn_start(c->db_url, c->train_interval,
	    c->model_min_precision, c->model_min_recall);
	/* Urgency triage of new questions: a bad rule file stops here. */
	if (triage_init(c->triage_rules, c->moderation_cache) == -1) {
		filter_free();
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_hup;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGHUP, &sa, NULL);
	/* Pictures (docs/images.md): libvips once, before the threads. */
	if (image_init("sodan", c->upload_ocr_threads, c->upload_threads) ==
	    -1) {
		filter_free();
		triage_free();
		return 1;
	}
	/* Sign in with the exchange's account: [oidc], no network yet. */
	if (oidc_init(c, err, sizeof(err)) == -1) {
		log_err("%s", err);
		image_shutdown();
		filter_free();
		return 1;
	}
	/* The outbox's sender: mail waits in the table until it is sent. */
	(void)mail_worker_start(c);
	/* Webhooks' deliveries (app/webhook/): rows wait until delivered. */
	(void)webhook_worker_start(c);
	/* The site's name and logo from /admin/settings (docs/admin.md). */
	(void)sitepoll_start(c->db_url);
	rc = server_run(c) == 0 ? 0 : 1;
	sitepoll_stop();
	webhook_worker_stop();
	mail_worker_stop();
	oidc_free();
	image_shutdown();
	signal(SIGHUP, SIG_IGN);
	filter_free();
	triage_free();
	return rc;
}

/*
 * Rewrites every post's search document when the stored ones are of an
 * older FOLD_DOC_VERSION (migration 0080), in batches of 500 posts, then
 * records the version.  Returns 0, or -1 (store failed; logged).
 */
static int
search_reindex(const struct conf *c)
{
	struct db	*db = db_new(c->db_url);
	struct arena	*a = arena_new();
	struct id_text	*it;
	int64_t		 v = 0, last = 0, done = 0;
	size_t		 n, i;
	int		 rc = -1;

	if (store_qa_search_version(db, &v) == -1)
		goto out;
	if (v >= FOLD_DOC_VERSION) {
		rc = 0;
		goto out;
	}
	log_info("rewriting the search documents (version %lld -> %d)",
	    (long long)v, FOLD_DOC_VERSION);
	for (;;) {
		arena_reset(a);
		if (store_qa_posts_doc_batch(db, a, last, 500, &it, &n) == -1)
			goto out;
		if (n == 0)
			break;
		for (i = 0; i < n; i++)
			if (store_qa_post_set_doc(db, it[i].id, fold_doc(a,
			    it[i].text, strlen(it[i].text))) == -1)
				goto out;
		last = it[n - 1].id;
		done += (int64_t)n;
	}
	if (store_qa_search_version_set(db, FOLD_DOC_VERSION) == -1)
		goto out;
	log_info("search documents rewritten: %lld posts", (long long)done);
	rc = 0;
out:
	if (rc == -1)
		log_err("rewriting the search documents failed");
	arena_free(a);
	db_free(db);
	return rc;
}

static int
cmd_migrate(const struct conf *c)
{
	struct db	*db = db_new(c->db_url);
	int		 rc = db_migrate(db);
	size_t		 n = 0;

	/* Secrets stored in clear by an older version are sealed now. */
	if (rc == 0 && cli_seal_secrets(db, 0, &n) == -1)
		rc = -1;
	else if (n > 0)
		log_info("sealed the two-step secrets of %zu accounts", n);
	db_free(db);
	return rc == 0 ? 0 : 1;
}

static int
cmd_demo(const struct conf *c)
{
	struct db	*db = db_new(c->db_url);
	struct arena	*a = arena_new();
	struct id_text	*it;
	struct cooked	 ck;
	size_t		 n = 0, i;
	int		 rc = 1;

	/*
	 * The migrations first (what `sodan migrate` does; a no-op on a
	 * database already up to date): the demo needs the schema, and the
	 * test harness starts one process for a demo server instead of two.
	 */
	if (db_migrate(db) == -1 || db_demo(db) == -1 ||
	    cli_seal_secrets(db, 0, &n) == -1)
		goto out;
	if (store_posts_uncooked(db, a, &it, &n) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if (md_cook(a, it[i].text, strlen(it[i].text), &ck,
		    NULL) == -1 ||
		    store_post_set_html(db, it[i].id, ck.html) == -1)
			goto out;
	}
	if (store_qa_posts_unindexed(db, a, &it, &n) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (store_qa_post_set_doc(db, it[i].id, fold_doc(a, it[i].text,
		    strlen(it[i].text))) == -1)
			goto out;
	if (store_qa_threads_unfolded(db, a, &it, &n) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (store_qa_thread_set_fold(db, it[i].id, fold_text(a,
		    it[i].text, strlen(it[i].text))) == -1)
			goto out;
	if (store_qa_revisions_fill(db) == -1)
		goto out;
	log_info("demo data loaded (demo accounts' password: %s; staff "
	    "two-step secret: %s)", DEMO_PASSWORD, DEMO_TOTP);
	rc = 0;
out:
	arena_free(a);
	db_free(db);
	return rc;
}

int
main(int argc, char **argv)
{
	static struct conf c;	/* static: lives (and stays reachable) until exit */
	const char	*path = NULL, *cmd = "serve";
	char		 err[512];
	int		 ch, check = 0, rc;

	while ((ch = getopt(argc, argv, "c:nv")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'v':
			printf("sodan %s\n", SODAN_VERSION);
			return 0;
		default:
			usage();
		}
	}
	if (optind < argc)
		cmd = argv[optind++];
	if (optind < argc && strcmp(cmd, "admin") != 0)
		usage();
	if (path == NULL && access("conf/sodan.conf", R_OK) == 0)
		path = "conf/sodan.conf";
	if (conf_load(&c, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "sodan: %s\n", err);
		conf_free(&c);
		return 1;
	}
	if (cache_configure(c.redis_password, c.redis_sentinels,
	    c.redis_master, err, sizeof(err)) == -1) {
		fprintf(stderr, "sodan: %s: [redis] %s\n", path ? path :
		    "(defaults)", err);
		conf_free(&c);
		return 1;
	}
	db_use_prepared(c.db_prepared);
	if (fold_setup(c.search_dicdir, c.search_synonyms, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "sodan: %s\n", err);
		fold_cleanup();
		cache_unconfigure();
		conf_free(&c);
		return 1;
	}
	if (check) {
		printf("configuration OK\n");
		cache_unconfigure();
		fold_cleanup();
		conf_free(&c);
		return 0;
	}
	if (sodium_init() < 0)
		log_fatal("libsodium failed to initialise");
	if (md_check_version() == -1)
		log_fatal("cmark 0.29 or newer is required");
	if (i18n_init() == -1)
		return 1;
	asset_init();
	layout_init(c.site_url);
	if (acct_init(c.moderation) == -1)
		return 1;
	/*
	 * The key that seals two-step secrets: required to serve, migrate
	 * and load the demo (sodan admin works without it, except
	 * rotate-key).
	 */
	if (acct_seal_init(c.secret_key, err, sizeof(err)) == -1 &&
	    strcmp(cmd, "admin") != 0) {
		fprintf(stderr, "sodan: secret key: %s (make run creates "
		    "var/keys/sodan.key; see docs/security.md)\n", err);
		conf_free(&c);
		asset_free();
		return 1;
	}

	mail_init(&c);
	if (strcmp(cmd, "serve") == 0)
		rc = cmd_serve(&c);
	else if (strcmp(cmd, "migrate") == 0)
		rc = cmd_migrate(&c);
	else if (strcmp(cmd, "demo") == 0)
		rc = cmd_demo(&c);
	else if (strcmp(cmd, "admin") == 0)
		rc = cli_admin(&c, argc - optind, argv + optind);
	else {
		conf_free(&c);
		usage();
	}
	cache_unconfigure();
	conf_free(&c);
	asset_free();
	fold_cleanup();
	acct_seal_free();
	return rc;
}
