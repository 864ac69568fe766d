/*
 * post/ruleset.c: the rule set in use, its loader thread and reloads
 * (see ruleset.h).
 *
 * Each loaded set is an entry with a reference count; `cur` is the entry
 * new requests get.  ruleset_get() takes a reference under the mutex and
 * registers its release with the request's arena (arena_defer), so the
 * reference is dropped when the request's memory is, wherever that
 * happens.  Installing a new set moves `cur` and drops the loader's own
 * reference to the old entry; an entry nobody references is put on the
 * retired list, and the loader thread frees it (freeing a Hyperscan
 * database never happens on an event loop or in a request).
 *
 * The loader waits on a semaphore, posted by SIGHUP's handler (sem_post is
 * async-signal-safe) or by ruleset_reload(), and wakes once a second to
 * free retired sets.  Before loading it hashes the files of the moderation
 * directory: unchanged files install nothing and clear an earlier error.
 * A load that fails keeps the set in use and keeps the library's message
 * (file and line).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "moderation/moderation.h"

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "post/learn.h"
#include "post/feeds.h"
#include "post/ruleset.h"
#include "store/db.h"
#include "store/store.h"

#define RULESET_WAIT	120	/* seconds a post waits for the first load */
#define RULESET_POLL	2	/* seconds between looks at the lists' version */
#define WATCH_RULES	"admin_lists.rules"	/* generated: watched words */

struct rs_entry {
	struct mod_rules	*rules;
	struct feeds		*feeds;		/* block-list feeds, swapped with
						   the rules */
	char			 feeds_stamp[512];	/* their files then */
	unsigned		 refs;		/* under rs_mtx */
	char			 hash[RULESET_HASH_LEN + 1];
	char			 version[64];
	time_t			 loaded_at;
	size_t			 nrules;
	char			**official;	/* official_contacts.txt of the
						   set, official domains too */
	size_t			 nofficial;
	struct rs_entry		*next;		/* on the retired list */
};

static pthread_mutex_t	 rs_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 rs_cv = PTHREAD_COND_INITIALIZER;	/* first load */
static struct rs_entry	*rs_cur;		/* under rs_mtx */
static struct rs_entry	*rs_retired;		/* under rs_mtx */
static int		 rs_first_done;		/* under rs_mtx */
static struct ruleset_status rs_st = { .lists_version = -1 }; /* under rs_mtx */
static size_t		 rs_alive;		/* under rs_mtx */
static sem_t		 rs_sem;
static volatile sig_atomic_t rs_asked;		/* a reload is asked for */
static atomic_int	 rs_stop;
static atomic_int	 rs_busy;		/* the loader is loading */
static pthread_t	 rs_thr;
static int		 rs_started;
static char		*rs_dir;
static char		*rs_cache;
static char		*rs_db_url;		/* NULL: no lists in PostgreSQL */
static struct db	*rs_db;			/* the loader's own connection */
static int64_t		 rs_list_ver = -1;	/* of the set in use; -1: none */
static char		*rs_feed[FEED__MAX];	/* feed files; NULL: off */
static int		 rs_feed_interval;	/* seconds; 0: no schedule */

static void		*rs_loader(void *);
static void		 rs_load(void);
static void		 rs_release(void *);
static void		 rs_unref_locked(struct rs_entry *);
static void		 rs_free_retired(void);
static const struct mod_rules *rs_take(struct arena *, int,
			    const struct feeds **);
static int		 rs_name_cmp(const void *, const void *);
static char		*rs_merge(struct arena *, int64_t *);
static int		 rs_copy(const char *, const char *, struct buf *);
static void		 rs_watch_rule(struct buf *, const struct modlist_entry *);
static const char	*rs_list_file(const char *);
static int		 rs_lists_changed(void);
static void		 rs_rmdir(const char *);
static void		 rs_feeds_stamp(char *, size_t, const char **);
static int		 rs_feeds_changed(void);
static void		 rs_official_read(const char *, struct rs_entry *);
static void		 rs_official_free(struct rs_entry *);
static struct rs_entry	*rs_take_entry(struct arena *, int);

static int
rs_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ruleset_hash(const char *confdir, char *out)
{
	crypto_hash_sha256_state h;
	unsigned char		 d[crypto_hash_sha256_BYTES], chunk[8192];
	char			 hex[sizeof(d) * 2 + 1], **names = NULL, **nn;
	char			*path = NULL;
	DIR			*dp;
	struct dirent		*de;
	struct stat		 sb;
	size_t			 n = 0, cap = 0, i, k;
	FILE			*fp;
	int			 rc = -1;

	if ((dp = opendir(confdir)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nn = realloc(names, cap * sizeof(*names))) == NULL)
				goto out;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto out;
		n++;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), rs_name_cmp);
	crypto_hash_sha256_init(&h);
	for (i = 0; i < n; i++) {
		free(path);
		if ((path = malloc(strlen(confdir) + strlen(names[i]) + 2)) ==
		    NULL)
			goto out;
		sprintf(path, "%s/%s", confdir, names[i]);
		if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		if ((fp = fopen(path, "rb")) == NULL)
			goto out;
		crypto_hash_sha256_update(&h, (const unsigned char *)names[i],
		    strlen(names[i]) + 1);
		while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			crypto_hash_sha256_update(&h, chunk, k);
		if (ferror(fp)) {
			fclose(fp);
			goto out;
		}
		fclose(fp);
	}
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, sizeof(hex), d, sizeof(d));
	memcpy(out, hex, RULESET_HASH_LEN);
	out[RULESET_HASH_LEN] = '\0';
	rc = 0;
out:
	closedir(dp);
	free(path);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Removes a flat directory made by rs_merge. */
static void
rs_rmdir(const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	char		 path[4096];

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    de->d_name) < sizeof(path))
			(void)unlink(path);
	}
	closedir(dp);
	(void)rmdir(dir);
}

/* The file of the moderation directory a list's entries are added to. */
static const char *
rs_list_file(const char *list)
{
	if (strcmp(list, "block_domain") == 0)
		return "block_domains.txt";
	if (strcmp(list, "allow_domain") == 0 ||
	    strcmp(list, "official_domain") == 0)
		return "allow_domains.txt";
	if (strcmp(list, "official_phone") == 0 ||
	    strcmp(list, "official_handle") == 0)
		return "official_contacts.txt";
	if (strcmp(list, "brand") == 0)
		return "brands.txt";
	if (strcmp(list, "watch_word") == 0)
		return WATCH_RULES;
	return NULL;
}

/*
 * One .rules line holding a post that contains a watched word: the word
 * as a literal (ASCII letters and digits and any non-ASCII byte as they
 * are, white space as \s+, other ASCII escaped), with word boundaries at
 * ASCII word ends; the texts name the word.  Weight 1.0, not cancelled by
 * a negation (keep): it holds a post of a member below trust 2, and
 * counts at the trusted factor for trusted authors, like any rule.  The
 * page refused tabs and control characters in it.
 */
static void
rs_watch_rule(struct buf *b, const struct modlist_entry *e)
{
	const unsigned char	*p = (const unsigned char *)e->value;
	size_t			 n = strlen(e->value);
	int			 aw0 = n > 0 && isalnum(p[0]);
	int			 aw1 = n > 0 && isalnum(p[n - 1]);

	buf_printf(b, "admin.watch_%lld\t1.0\tspam\tkeep\t"
	    "監視語「%s」を含んでいます\tcontains the watched word \"%s\"\t%s",
	    (long long)e->id, e->value, e->value, aw0 ? "\\b" : "");
	for (; *p != '\0'; p++) {
		if (*p >= 0x80 || isalnum(*p))
			buf_putc(b, (char)*p);
		else if (isspace(*p)) {
			buf_puts(b, "\\s+");
			while (isspace(p[1]))
				p++;
		} else
			buf_printf(b, "\\%c", *p);
	}
	buf_printf(b, "%s\n", aw1 ? "\\b" : "");
}

/* Appends the file src to dst's buffer; 0, or -1 when unreadable. */
static int
rs_copy(const char *src, const char *dst, struct buf *extra)
{
	FILE		*in, *out;
	char		 chunk[8192];
	size_t		 k;
	int		 rc = -1, last = '\n';

	if ((in = fopen(src, "rb")) == NULL)
		return -1;
	if ((out = fopen(dst, "wb")) == NULL) {
		fclose(in);
		return -1;
	}
	while ((k = fread(chunk, 1, sizeof(chunk), in)) > 0) {
		if (fwrite(chunk, 1, k, out) != k)
			goto out;
		last = (unsigned char)chunk[k - 1];
	}
	if (ferror(in))
		goto out;
	if (extra != NULL && extra->len > 0) {
		if (last != '\n')
			fputc('\n', out);
		fputs("# added at /admin/lists\n", out);
		fwrite(extra->p, 1, extra->len, out);
	}
	rc = 0;
out:
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

/*
 * The directory to compile: the moderation directory itself when no list
 * entry is kept in PostgreSQL (or it cannot be read: *ver -1, the poll
 * tries again), else a private copy (in the arena's name) with the
 * entries appended to their files and the watched words as a generated
 * .rules file.  *ver gets the lists' version the copy holds.
 */
static char *
rs_merge(struct arena *a, int64_t *ver)
{
	struct modlist_entry	*e;
	struct buf		*extra;
	const char		*files[5] = { "block_domains.txt",
	    "allow_domains.txt", "official_contacts.txt", "brands.txt",
	    WATCH_RULES };
	const char		*f;
	char			*tmp;
	DIR			*dp;
	struct dirent		*de;
	struct stat		 sb;
	size_t			 n, i, k;
	int			 ok = 1;

	*ver = -1;
	if (rs_db_url == NULL)
		return rs_dir;
	if (rs_db == NULL && (rs_db = db_new(rs_db_url)) == NULL)
		return rs_dir;
	if (store_modlist_version(rs_db, ver) == -1 ||
	    store_modlist_all(rs_db, a, &e, &n) == -1) {
		log_warn("moderation: the lists at /admin/lists cannot be "
		    "read now; compiling the files alone");
		*ver = -1;
		return rs_dir;
	}
	if (n == 0)
		return rs_dir;
	extra = arena_calloc(a, NELEM(files), sizeof(*extra));
	for (k = 0; k < NELEM(files); k++)
		buf_init(&extra[k], a);
	for (i = 0; i < n; i++) {
		if ((f = rs_list_file(e[i].list)) == NULL)
			continue;
		for (k = 0; k < NELEM(files); k++)
			if (strcmp(files[k], f) == 0)
				break;
		if (strcmp(e[i].list, "official_domain") == 0)
			/* Also an official contact point ("Is this official?"):
			   the allow list alone does not say so. */
			buf_printf(&extra[2], "%s\n", e[i].value);
		if (strcmp(f, WATCH_RULES) == 0)
			rs_watch_rule(&extra[k], &e[i]);
		else if (strcmp(e[i].list, "official_handle") == 0 &&
		    e[i].value[0] == '@')
			/* Telegram and LINE values lack the "@". */
			buf_printf(&extra[k], "%s\n%s\n", e[i].value + 1,
			    e[i].value);
		else
			buf_printf(&extra[k], "%s\n", e[i].value);
	}
	tmp = arena_printf(a, "%s/sodan-rules.XXXXXX", rs_cache != NULL ?
	    rs_cache : "/tmp");
	if (mkdtemp(tmp) == NULL || (dp = opendir(rs_dir)) == NULL) {
		log_err("moderation: cannot prepare %s: %s", tmp,
		    strerror(errno));
		*ver = -1;
		return rs_dir;
	}
	while (ok && (de = readdir(dp)) != NULL) {
		const char	*src, *dst;

		if (de->d_name[0] == '.')
			continue;
		src = arena_printf(a, "%s/%s", rs_dir, de->d_name);
		if (stat(src, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		dst = arena_printf(a, "%s/%s", tmp, de->d_name);
		for (k = 0; k < NELEM(files); k++)
			if (strcmp(files[k], de->d_name) == 0)
				break;
		if (rs_copy(src, dst, k < NELEM(files) ? &extra[k] : NULL) ==
		    -1)
			ok = 0;
	}
	closedir(dp);
	/* The watched words' file exists only in the copy. */
	for (k = 0; ok && k < NELEM(files); k++) {
		FILE	*fp;
		const char *dst = arena_printf(a, "%s/%s", tmp, files[k]);

		if (extra[k].len == 0 || stat(dst, &sb) == 0)
			continue;
		if ((fp = fopen(dst, "wb")) == NULL ||
		    fwrite(extra[k].p, 1, extra[k].len, fp) != extra[k].len)
			ok = 0;
		if (fp != NULL && fclose(fp) != 0)
			ok = 0;
	}
	if (!ok) {
		log_err("moderation: cannot copy %s to %s", rs_dir, tmp);
		rs_rmdir(tmp);
		*ver = -1;
		return rs_dir;
	}
	return tmp;
}

/* 1 when the lists' version moved since the set in use was compiled. */
static int
rs_lists_changed(void)
{
	int64_t	v;

	if (rs_db_url == NULL)
		return 0;
	if (rs_db == NULL && (rs_db = db_new(rs_db_url)) == NULL)
		return 0;
	if (store_modlist_version(rs_db, &v) == -1)
		return 0;
	return v != rs_list_ver;
}

/*
 * The feed files as they are now: for each, its size and modification
 * time, or "-" when it is not there (that feed is then off, named in
 * *missing; NULL: none).  A feed is a download that is replaced whole, so
 * this says when to read it again without reading it.
 */
static void
rs_feeds_stamp(char *out, size_t len, const char **missing)
{
	struct stat	sb;
	size_t		k = 0;
	int		f, n;

	out[0] = '\0';
	if (missing != NULL)
		*missing = NULL;
	for (f = 0; f < FEED__MAX && k < len; f++) {
		if (rs_feed[f] == NULL)
			n = snprintf(out + k, len - k, "off;");
		else if (stat(rs_feed[f], &sb) == -1) {
			n = snprintf(out + k, len - k, "-;");
			if (missing != NULL && *missing == NULL)
				*missing = rs_feed[f];
		} else
			n = snprintf(out + k, len - k, "%lld:%lld.%09ld;",
			    (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
			    sb.st_mtim.tv_nsec);
		if (n < 0)
			break;
		k += (size_t)n;
	}
}

/* 1 when a feed file changed since the set in use read them. */
static int
rs_feeds_changed(void)
{
	char	now[512];
	int	changed;

	rs_feeds_stamp(now, sizeof(now), NULL);
	pthread_mutex_lock(&rs_mtx);
	changed = rs_cur != NULL && strcmp(rs_cur->feeds_stamp, now) != 0;
	pthread_mutex_unlock(&rs_mtx);
	return changed;
}

void
ruleset_feeds(const char *const *paths, int interval)
{
	int	f;

	for (f = 0; f < FEED__MAX; f++) {
		free(rs_feed[f]);
		rs_feed[f] = paths[f] != NULL && paths[f][0] != '\0' ?
		    strdup(paths[f]) : NULL;
	}
	rs_feed_interval = interval;
}

/* One load attempt, on the loader thread. */
static void
rs_load(void)
{
	struct mod_load_opts	 o;
	struct mod_rules	*rs = NULL;
	struct feeds		*fs = NULL;
	struct rs_entry		*e, *old;
	struct arena		*a;
	const char		*dir, *fixed, *missing, *paths[FEED__MAX];
	char			 hash[RULESET_HASH_LEN + 1], err[512];
	char			 stamp[512];
	int64_t			 lver = -1;
	int			 same, f;

	memset(&o, 0, sizeof(o));
	o.cache_dir = rs_cache;
	/* The watched words apart: adding one compiles only them. */
	o.apart_rules = WATCH_RULES;
	if (rs_cache != NULL && util_mkdir_p(rs_cache) == -1) {
		log_warn("moderation: cannot create %s; compiling without "
		    "a cache", rs_cache);
		o.cache_dir = NULL;
	}
	err[0] = '\0';
	a = arena_new();
	dir = rs_merge(a, &lver);
	if (ruleset_hash(dir, hash) == -1) {
		snprintf(err, sizeof(err), "%s: cannot read the directory or "
		    "one of its files", rs_dir);
		goto done;
	}
	rs_feeds_stamp(stamp, sizeof(stamp), &missing);
	if (missing != NULL)
		log_warn("moderation: feed file %s is not there; that feed is "
		    "off until it is", missing);
	pthread_mutex_lock(&rs_mtx);
	same = rs_cur != NULL && strcmp(rs_cur->hash, hash) == 0 &&
	    strcmp(rs_cur->feeds_stamp, stamp) == 0;
	if (same) {
		rs_st.attempt_at = time(NULL);
		rs_st.attempts++;
		rs_st.attempt_ok = 1;
		rs_st.error[0] = '\0';
		rs_st.lists_version = lver;
	}
	pthread_mutex_unlock(&rs_mtx);
	if (same) {
		rs_list_ver = lver;
		log_info("moderation: rules unchanged (sha256:%s)", hash);
		goto out;
	}
	rs = mod_rules_load_ex(dir, &o, err, sizeof(err));
	/* The feeds, behind the allow list of the same (merged) directory. */
	for (f = 0; f < FEED__MAX; f++) {
		struct stat	sb;

		paths[f] = rs_feed[f] != NULL && stat(rs_feed[f], &sb) == 0 ?
		    rs_feed[f] : NULL;
	}
	if (rs != NULL && (fs = feeds_load(paths, dir, err, sizeof(err))) ==
	    NULL) {
		mod_rules_free(rs);
		rs = NULL;
	}
	if (rs == NULL && dir != rs_dir &&
	    strncmp(err, dir, strlen(dir)) == 0) {
		/* Name the file of the moderation directory, not the copy. */
		fixed = arena_printf(a, "%s%s", rs_dir, err + strlen(dir));
		snprintf(err, sizeof(err), "%s", fixed);
	}
done:
	pthread_mutex_lock(&rs_mtx);
	rs_st.attempt_at = time(NULL);
	rs_st.attempts++;
	rs_st.attempt_ok = rs != NULL;
	if (rs == NULL) {
		rs_st.failures++;
		snprintf(rs_st.error, sizeof(rs_st.error), "%s", err);
		if (rs_cur != NULL)
			log_err("moderation: reload failed, keeping %s: %s",
			    rs_cur->version, err);
		else
			log_err("moderation: %s; every post will be held for "
			    "review", err);
	} else if ((e = calloc(1, sizeof(*e))) == NULL) {
		rs_st.failures++;
		snprintf(rs_st.error, sizeof(rs_st.error), "out of memory");
		log_err("moderation: out of memory installing rules");
		pthread_mutex_unlock(&rs_mtx);
		mod_rules_free(rs);
		feeds_free(fs);
		pthread_mutex_lock(&rs_mtx);
	} else {
		e->rules = rs;
		e->feeds = fs;
		rs_official_read(dir, e);
		memcpy(e->feeds_stamp, stamp, sizeof(e->feeds_stamp));
		for (f = 0; f < FEED__MAX; f++) {
			rs_st.feed_entries[f] = feeds_count(fs, (enum feed)f);
			rs_st.feed_skipped[f] = feeds_skipped(fs,
			    (enum feed)f);
			rs_st.feed_on[f] = paths[f] != NULL;
			if (paths[f] != NULL)
				log_info("moderation: feed %s: %zu entries, "
				    "%zu on the allow list skipped",
				    feeds_name((enum feed)f),
				    rs_st.feed_entries[f],
				    rs_st.feed_skipped[f]);
		}
		e->refs = 1;		/* the loader's, while it is cur */
		memcpy(e->hash, hash, sizeof(e->hash));
		e->nrules = mod_rules_count(rs);
		snprintf(e->version, sizeof(e->version), "%zu rules, "
		    "sha256:%s", e->nrules, hash);
		e->loaded_at = time(NULL);
		old = rs_cur;
		rs_cur = e;
		rs_alive++;
		if (old != NULL) {
			rs_st.reloads++;
			rs_unref_locked(old);
		}
		rs_st.error[0] = '\0';
		log_info("moderation: %zu rules loaded from %s (sha256:%s)",
		    e->nrules, rs_dir, hash);
	}
	if (rs != NULL)
		rs_list_ver = rs_st.lists_version = lver;
	rs_first_done = 1;
	pthread_cond_broadcast(&rs_cv);
	pthread_mutex_unlock(&rs_mtx);
out:
	if (dir != rs_dir)
		rs_rmdir(dir);
	arena_free(a);
}

/* Drops one reference; the last one of a set not in use retires it. */
static void
rs_unref_locked(struct rs_entry *e)
{
	if (--e->refs == 0 && e != rs_cur) {
		e->next = rs_retired;
		rs_retired = e;
	}
}

static void
rs_release(void *arg)
{
	pthread_mutex_lock(&rs_mtx);
	rs_unref_locked(arg);
	pthread_mutex_unlock(&rs_mtx);
}

static void
rs_free_retired(void)
{
	struct rs_entry	*e, *next;

	pthread_mutex_lock(&rs_mtx);
	e = rs_retired;
	rs_retired = NULL;
	pthread_mutex_unlock(&rs_mtx);
	for (; e != NULL; e = next) {
		next = e->next;
		log_info("moderation: rule set sha256:%s freed", e->hash);
		mod_rules_free(e->rules);
		feeds_free(e->feeds);
		rs_official_free(e);
		free(e);
		pthread_mutex_lock(&rs_mtx);
		rs_alive--;
		pthread_mutex_unlock(&rs_mtx);
	}
}

static void *
rs_loader(void *arg)
{
	struct timespec	until;
	int		polls = 0;
	time_t		last = time(NULL);

	(void)arg;
	rs_load();
	atomic_store(&rs_busy, 0);
	if (rs_db_url != NULL && rs_db == NULL)
		rs_db = db_new(rs_db_url);
	learn_poll(rs_db);
	while (!atomic_load(&rs_stop)) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (sem_timedwait(&rs_sem, &until) == -1 &&
		    errno != ETIMEDOUT && errno != EINTR)
			log_warn("moderation: loader wait: %s",
			    strerror(errno));
		rs_free_retired();
		if (atomic_load(&rs_stop))
			break;
		if (!rs_asked && ++polls >= RULESET_POLL) {
			polls = 0;
			learn_poll(rs_db);	/* the learned model in use */
			if (rs_lists_changed()) {
				log_info("moderation: the lists at "
				    "/admin/lists changed");
				rs_asked = 1;
			}
		}
		if (!rs_asked && rs_feed_interval > 0 &&
		    time(NULL) - last >= rs_feed_interval) {
			last = time(NULL);
			if (rs_feeds_changed()) {
				log_info("moderation: a feed file changed");
				rs_asked = 1;
			}
		}
		if (!rs_asked)
			continue;
		while (sem_trywait(&rs_sem) == 0)
			;		/* several asks, one reload */
		rs_asked = 0;
		atomic_store(&rs_busy, 1);
		log_info("moderation: reloading rules from %s", rs_dir);
		rs_load();
		atomic_store(&rs_busy, 0);
	}
	return NULL;
}

int
ruleset_start(const char *confdir, const char *cachedir, const char *db_url)
{
	if (confdir == NULL || confdir[0] == '\0') {
		log_err("moderation: no rule directory configured; every post "
		    "will be held for review");
		goto fail;
	}
	rs_dir = strdup(confdir);
	rs_cache = cachedir != NULL && cachedir[0] != '\0' ?
	    strdup(cachedir) : NULL;
	rs_db_url = db_url != NULL ? strdup(db_url) : NULL;
	if (rs_dir == NULL || sem_init(&rs_sem, 0, 0) == -1) {
		log_err("moderation: cannot start the rule loader");
		goto fail;
	}
	atomic_store(&rs_busy, 1);
	if (pthread_create(&rs_thr, NULL, rs_loader, NULL) != 0) {
		log_err("moderation: cannot start the rule loader");
		atomic_store(&rs_busy, 0);
		sem_destroy(&rs_sem);
		goto fail;
	}
	rs_started = 1;
	return 0;
fail:
	pthread_mutex_lock(&rs_mtx);
	rs_first_done = 1;
	snprintf(rs_st.error, sizeof(rs_st.error), "the rule loader did not "
	    "start");
	pthread_mutex_unlock(&rs_mtx);
	return -1;
}

void
ruleset_stop(void)
{
	struct rs_entry	*e;
	int		 f;

	if (!rs_started)
		goto names;
	atomic_store(&rs_stop, 1);
	sem_post(&rs_sem);
	if (atomic_load(&rs_busy)) {
		/* Shutting down mid-compile: let exit end the loader. */
		pthread_detach(rs_thr);
		rs_started = 0;
		return;
	}
	pthread_join(rs_thr, NULL);
	rs_started = 0;
	sem_destroy(&rs_sem);
	rs_free_retired();
	pthread_mutex_lock(&rs_mtx);
	e = rs_cur;
	rs_cur = NULL;
	if (e != NULL)
		rs_alive--;
	pthread_mutex_unlock(&rs_mtx);
	if (e != NULL) {
		mod_rules_free(e->rules);
		feeds_free(e->feeds);
		rs_official_free(e);
		free(e);
	}
names:
	for (f = 0; f < FEED__MAX; f++) {
		free(rs_feed[f]);
		rs_feed[f] = NULL;
	}
	db_free(rs_db);
	rs_db = NULL;
	free(rs_dir);
	free(rs_cache);
	free(rs_db_url);
	rs_dir = rs_cache = rs_db_url = NULL;
}

/* The set in use with a reference for arena a; wait: for the first load. */
static struct rs_entry *
rs_take_entry(struct arena *a, int wait)
{
	struct timespec		 until;
	struct rs_entry		*e;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += RULESET_WAIT;
	pthread_mutex_lock(&rs_mtx);
	while (wait && !rs_first_done)
		if (pthread_cond_timedwait(&rs_cv, &rs_mtx, &until) ==
		    ETIMEDOUT)
			break;
	if ((e = rs_cur) != NULL)
		e->refs++;
	pthread_mutex_unlock(&rs_mtx);
	if (e != NULL)
		arena_defer(a, rs_release, e);
	return e;
}

static const struct mod_rules *
rs_take(struct arena *a, int wait, const struct feeds **fs)
{
	struct rs_entry	*e = rs_take_entry(a, wait);

	if (fs != NULL)
		*fs = e != NULL ? e->feeds : NULL;
	return e != NULL ? e->rules : NULL;
}

const struct mod_rules *
ruleset_get(struct arena *a)
{
	return rs_take(a, 1, NULL);
}

const struct mod_rules *
ruleset_get_feeds(struct arena *a, const struct feeds **fs)
{
	return rs_take(a, 1, fs);
}

const struct mod_rules *
ruleset_ready(struct arena *a)
{
	return rs_take(a, 0, NULL);
}

const struct mod_rules *
ruleset_ready_feeds(struct arena *a, const struct feeds **fs)
{
	return rs_take(a, 0, fs);
}

void
ruleset_reload_signal(void)
{
	int	saved = errno;

	rs_asked = 1;
	if (rs_started)
		(void)sem_post(&rs_sem);
	errno = saved;
}

void
ruleset_reload(void)
{
	ruleset_reload_signal();
}

void
ruleset_status(struct ruleset_status *out)
{
	pthread_mutex_lock(&rs_mtx);
	*out = rs_st;
	out->loaded = rs_cur != NULL;
	out->alive = rs_alive;
	if (rs_cur != NULL) {
		memcpy(out->hash, rs_cur->hash, sizeof(out->hash));
		memcpy(out->version, rs_cur->version, sizeof(out->version));
		out->loaded_at = rs_cur->loaded_at;
		out->nrules = rs_cur->nrules;
	} else {
		out->hash[0] = out->version[0] = '\0';
		out->loaded_at = 0;
		out->nrules = 0;
	}
	out->pending = rs_asked || atomic_load(&rs_busy);
	pthread_mutex_unlock(&rs_mtx);
}

int
ruleset_listed(const char *file, const char *value)
{
	FILE	*fp;
	char	*path, line[1024], *tok, *save;
	int	 found = 0;

	if (rs_dir == NULL || strchr(file, '/') != NULL)
		return 0;
	if ((path = malloc(strlen(rs_dir) + strlen(file) + 2)) == NULL)
		return 0;
	sprintf(path, "%s/%s", rs_dir, file);
	fp = fopen(path, "r");
	free(path);
	if (fp == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), fp) != NULL) {
		if (line[0] == '#')
			continue;
		for (tok = strtok_r(line, " \t\r\n", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t\r\n", &save))
			if (strcasecmp(tok, value) == 0) {
				found = 1;
				break;
			}
	}
	fclose(fp);
	return found;
}

/*
 * The words of official_contacts.txt in the compiled directory dir (the
 * file's lines and, in a merged copy, the official phones, handles and
 * domains of /admin/lists), kept with the set.  Out of memory leaves the
 * list short (logged).
 */
static void
rs_official_read(const char *dir, struct rs_entry *e)
{
	FILE	*fp;
	char	*path, line[1024], **np;
	size_t	 n;

	if ((path = malloc(strlen(dir) + sizeof("/official_contacts.txt"))) ==
	    NULL)
		return;
	sprintf(path, "%s/official_contacts.txt", dir);
	fp = fopen(path, "r");
	free(path);
	if (fp == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		n = strcspn(line, " \t\r\n#");
		line[n] = '\0';
		if (n == 0)
			continue;
		if ((np = realloc(e->official, (e->nofficial + 1) *
		    sizeof(*np))) == NULL || (np[e->nofficial] =
		    strdup(line)) == NULL) {
			if (np != NULL)
				e->official = np;
			log_err("moderation: out of memory reading the official "
			    "contacts");
			break;
		}
		e->official = np;
		e->nofficial++;
	}
	fclose(fp);
}

static void
rs_official_free(struct rs_entry *e)
{
	size_t	i;

	for (i = 0; i < e->nofficial; i++)
		free(e->official[i]);
	free(e->official);
	e->official = NULL;
	e->nofficial = 0;
}

int
ruleset_official(struct arena *a, const char *value, int domain)
{
	struct rs_entry	*e;
	const char	*d, *at;
	size_t		 i, hl = strlen(value), dl;

	if ((e = rs_take_entry(a, 0)) == NULL)
		return 0;
	for (i = 0; i < e->nofficial; i++) {
		if (strcasecmp(e->official[i], value) == 0)
			return 1;
		if (!domain || e->official[i][0] == '+' ||
		    e->official[i][0] == '@')
			continue;
		d = (at = strrchr(e->official[i], '@')) != NULL ? at + 1 :
		    e->official[i];
		if (strchr(d, '.') == NULL)
			continue;
		dl = strlen(d);
		if (strcasecmp(value, d) == 0 || (hl > dl + 1 &&
		    value[hl - dl - 1] == '.' && strcasecmp(value + hl - dl,
		    d) == 0))
			return 1;
	}
	return 0;
}
