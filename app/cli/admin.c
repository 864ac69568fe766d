/*
 * cli/admin.c: `sodan admin`, the administrator's command line.
 *
 *   sodan admin create-user NAME DISPLAY-NAME [ROLE [EMAIL]]
 *   sodan admin set-role NAME ROLE [EMAIL]
 *   sodan admin unlock NAME
 *   sodan admin reset-password NAME
 *   sodan admin reset-2fa NAME      (secret, recovery codes, sessions)
 *   sodan admin rotate-key          (a new key file; every secret re-sealed)
 *   sodan admin model train|list|promote VERSION|rollback
 *                                   (learning from moderators: post/learn.h)
 *
 * A role change ends every session of the account (privilege follows the
 * session: the new powers need a new sign-in with two-step verification).
 * Staff, moderators and admins must have an e-mail address: create-user
 * with such a role needs EMAIL, and set-role needs it when the account has
 * none.  An address an administrator sets here counts as confirmed.
 *
 * A password is read from standard input (first line) when it is not a
 * terminal, else a random one is generated and printed once; it is never
 * taken from the command line (visible in ps and shell history).  Names
 * get the same rules as registration, except that staff may use protected
 * words.  Every use is written to the append-only audit_log with the
 * operating-system user as the actor.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "acct/acct.h"
#include "acct/seal.h"
#include "cache/cache.h"
#include "cache/guard.h"
#include "cache/pagegen.h"
#include "cli/cli.h"
#include "lib/arena.h"
#include "lib/conf.h"
#include "mail/mail.h"
#include "post/learn.h"
#include "lib/state.h"
#include "store/db.h"
#include "store/store.h"
#include "support/support.h"

static const char	*actor(struct arena *);
static int		 model_cmd(const struct conf *, struct db *,
			    struct arena *, int, char **);
static void		 print_eval(const char *, const struct mod_eval *);
static void		 print_counts(const char *,
			    const struct mod_eval_counts *);
static int		 get_password(char *, size_t, int *);
static int		 valid_role(const char *);
static int		 reseal_one(void *, struct arena *, const char *,
		    const char **);

static const char *
actor(struct arena *a)
{
	const char	*u = getenv("SUDO_USER");
	struct passwd	*pw;

	if (u == NULL && (pw = getpwuid(getuid())) != NULL)
		u = pw->pw_name;
	return arena_printf(a, "cli:%s", u ? u : "?");
}

/* store_acct_reseal's callback: *rotate != 0 re-seals sealed values too. */
static int
reseal_one(void *arg, struct arena *a, const char *in, const char **out)
{
	const int	*rotate = arg;
	const char	*plain;

	*out = in;
	if (in[0] == '\0' || (acct_sealed(in) && !*rotate))
		return 0;
	plain = acct_sealed(in) ? acct_unseal(a, in) : in;
	if (plain == NULL) {
		fprintf(stderr, "sodan: a two-step secret cannot be opened "
		    "with the key files; nothing changed\n");
		return -1;
	}
	if ((*out = acct_seal(a, plain)) == NULL) {
		fprintf(stderr, "sodan: no key loaded to seal secrets\n");
		return -1;
	}
	return 0;
}

int
cli_seal_secrets(struct db *db, int rotate, size_t *changed)
{
	struct arena	*a = arena_new();
	int		 rc;

	rc = store_acct_reseal(db, a, reseal_one, &rotate, changed);
	arena_free(a);
	return rc;
}

/*
 * Sets email on user id, confirmed; 0, or -1 after saying why on stderr.
 * An empty email keeps the account's address (none: refused for roles
 * that must have one).
 */
static int
set_staff_email(struct db *db, struct arena *a, int64_t id, const char *role,
    const char *email)
{
	struct mail_user	mu;
	int			taken = 0, ok = 0;

	if (email[0] == '\0') {
		if (!acct_role_needs_email(state_role_parse(role)))
			return 0;
		if (store_mail_user(db, a, id, &mu) == -1)
			return -1;
		if (mu.email[0] != '\0')
			return 0;
		fprintf(stderr, "sodan admin: staff, moderators and admins "
		    "need an e-mail address: add EMAIL after the role\n");
		return -1;
	}
	if (!mail_address_ok(email)) {
		fprintf(stderr, "sodan admin: %s is not an e-mail address\n",
		    email);
		return -1;
	}
	if (store_mail_set_email(db, id, email, &taken) == -1)
		return -1;
	if (taken) {
		fprintf(stderr, "sodan admin: another account uses %s\n",
		    email);
		return -1;
	}
	if (store_mail_email_verified(db, id, email, &ok) == -1 || !ok)
		return -1;
	return 0;
}

static int
valid_role(const char *r)
{
	return strcmp(state_role_name(state_role_parse(r)), r) == 0;
}

/* The password from stdin, or a generated one (*generated = 1). */
static int
get_password(char *pw, size_t len, int *generated)
{
	unsigned char	rnd[15];

	*generated = 0;
	if (!isatty(STDIN_FILENO)) {
		if (fgets(pw, (int)len, stdin) == NULL)
			return -1;
		pw[strcspn(pw, "\r\n")] = '\0';
		return 0;
	}
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2base64(pw, len, rnd, sizeof(rnd),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(rnd, sizeof(rnd));
	*generated = 1;
	return 0;
}

static void
print_counts(const char *name, const struct mod_eval_counts *c)
{
	double	p = mod_eval_precision(c), r = mod_eval_recall(c);
	char	ps[16], rs[16];

	if (p < 0)
		snprintf(ps, sizeof(ps), "-");
	else
		snprintf(ps, sizeof(ps), "%.3f", p);
	if (r < 0)
		snprintf(rs, sizeof(rs), "-");
	else
		snprintf(rs, sizeof(rs), "%.3f", r);
	printf("  %-4s precision %-6s recall %-6s (tp %u fp %u fn %u tn %u)\n",
	    name, ps, rs, c->tp, c->fp, c->fn, c->tn);
}

static void
print_eval(const char *title, const struct mod_eval *e)
{
	printf("%s\n", title);
	print_counts("all", &e->all);
	print_counts("ja", &e->ja);
	print_counts("en", &e->en);
}

/* sodan admin model ...: learning from moderators (post/learn.h). */
static int
model_cmd(const struct conf *c, struct db *db, struct arena *a, int argc,
    char **argv)
{
	struct learn_report	 r;
	struct model_row	*m;
	size_t			 n, i;
	int64_t			 v, from, to;
	char			*end;
	int			 rc;

	if (argc == 2 && strcmp(argv[1], "train") == 0) {
		if (learn_train(db, actor(a), c->model_min_precision,
		    c->model_min_recall, &r) == -1) {
			fprintf(stderr, "sodan admin: model train: the database "
			    "is unavailable\n");
			return 1;
		}
		if (r.version == 0) {
			fprintf(stderr, "sodan admin: model train: %s\n",
			    r.message);
			return 1;
		}
		printf("model %lld trained on %zu decisions; held back the "
		    "%zu most recent (of %zu spam, %zu ham in all)\n",
		    (long long)r.version, r.ntrain, r.ntest, r.nspam, r.nham);
		print_eval(arena_printf(a, "new model %lld on the held-back "
		    "decisions:", (long long)r.version), &r.fresh);
		print_eval(r.in_use ? arena_printf(a, "model in use (%lld) "
		    "on the same:", (long long)r.in_use) : "model in use "
		    "(none: holds nothing) on the same:", &r.current);
		if (r.passed)
			printf("it beats the floors (precision >= %d %%, "
			    "recall >= %d %%): sodan admin model promote "
			    "%lld puts it in use\n", c->model_min_precision,
			    c->model_min_recall, (long long)r.version);
		else
			printf("it does not beat the floors (precision >= %d "
			    "%%, recall >= %d %%): it cannot be promoted\n",
			    c->model_min_precision, c->model_min_recall);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if (store_learn_models(db, a, &m, &n) == -1) {
			fprintf(stderr, "sodan admin: model list: the database "
			    "is unavailable\n");
			return 1;
		}
		if (n == 0)
			printf("no models yet (sodan admin model train)\n");
		for (i = 0; i < n; i++) {
			time_t		t = (time_t)m[i].created_at;
			struct tm	tm;
			char		when[32];

			strftime(when, sizeof(when), "%Y-%m-%dT%H:%MZ",
			    gmtime_r(&t, &tm));
			printf("%s %lld  trained %s by %s on %lld, held back "
			    "%lld, %s  %s\n", m[i].current ? "*" : " ",
			    (long long)m[i].version, when,
			    m[i].created_by, (long long)m[i].ntrain,
			    (long long)m[i].ntest, m[i].passed ?
			    "beats the floors" : "below the floors",
			    m[i].metrics);
		}
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "promote") == 0) {
		v = strtoll(argv[2], &end, 10);
		if (*argv[2] == '\0' || *end != '\0' || v <= 0) {
			fprintf(stderr, "sodan admin: model promote: %s is not "
			    "a model version (see sodan admin model list)\n",
			    argv[2]);
			return 2;
		}
		rc = store_learn_promote(db, a, v, actor(a), &from);
		switch (rc) {
		case LEARN_CHANGED:
			printf("model %lld in use (was %s); every instance "
			    "loads it within seconds\n", (long long)v, from ?
			    arena_printf(a, "%lld", (long long)from) : "none");
			return 0;
		case LEARN_NO_MODEL:
			fprintf(stderr, "sodan admin: model promote: no model "
			    "%lld (see sodan admin model list)\n", (long long)v);
			return 1;
		case LEARN_BELOW_FLOOR:
			fprintf(stderr, "sodan admin: model promote: model %lld "
			    "did not beat the floors on its held-back "
			    "decisions; it cannot be put in use\n",
			    (long long)v);
			return 1;
		case LEARN_ALREADY:
			printf("model %lld is already in use\n", (long long)v);
			return 0;
		default:
			fprintf(stderr, "sodan admin: model promote: the "
			    "database is unavailable\n");
			return 1;
		}
	}
	if (argc == 2 && strcmp(argv[1], "rollback") == 0) {
		rc = store_learn_rollback(db, a, actor(a), &from, &to);
		if (rc == LEARN_CHANGED) {
			if (to == 0)
				printf("model %lld taken out of use; no learned "
				    "model in use now\n", (long long)from);
			else
				printf("model %lld in use again (was %lld)\n",
				    (long long)to, (long long)from);
			return 0;
		}
		fprintf(stderr, "sodan admin: model rollback: %s\n",
		    rc == LEARN_NOTHING_BEFORE ? "no promotion to go back on" :
		    "the database is unavailable");
		return 1;
	}
	fprintf(stderr, "usage: sodan admin model train\n"
	    "       sodan admin model list\n"
	    "       sodan admin model promote VERSION\n"
	    "       sodan admin model rollback\n");
	return 2;
}

int
cli_admin(const struct conf *c, int argc, char **argv)
{
	struct db	*db = db_new(c->db_url);
	struct cache	*k = cache_new(c->redis_url, c->redis_timeout_ms);
	struct arena	*a = arena_new();
	struct user	*u = NULL;
	const char	*cmd, *name = NULL, *key = NULL, *disp = NULL, *role;
	const char	*email = "";
	char		 pw[300], hash[ACCT_HASH_MAX];
	int		 rc = 1, gen = 0;
	int64_t		 id = 0;
	enum acct_pw_err pe;

	if (argc == 1 && strcmp(argv[0], "rotate-key") == 0) {
		size_t	n = 0;

		/*
		 * New key to KEY.new (used from now on in this process),
		 * every secret re-sealed in one transaction, then KEY.new
		 * renamed over KEY.  Servers read the new key when they meet
		 * a value sealed under it.
		 */
		if (acct_seal_rotate_begin(c->secret_key) == -1) {
			fprintf(stderr, "sodan admin: %s.new: cannot write the "
			    "new key\n", c->secret_key);
			goto out;
		}
		if (cli_seal_secrets(db, 1, &n) == -1)
			goto out;
		if (acct_seal_rotate_end(c->secret_key) == -1) {
			fprintf(stderr, "sodan admin: %s: cannot install the "
			    "new key (it stays in %s.new, which is read too)\n",
			    c->secret_key, c->secret_key);
			goto out;
		}
		(void)store_audit(db, actor(a), "rotate-key", 0, "",
		    arena_printf(a, "%zu accounts re-sealed", n));
		printf("key rotated: %zu accounts re-sealed under the new key "
		    "in %s\n", n, c->secret_key);
		rc = 0;
		goto out;
	}
	if (argc == 1 && strcmp(argv[0], "support-sweep") == 0) {
		int64_t	reminded = 0, closed = 0;

		/* docs/support.md: reminders to accept, solved threads closed */
		if (support_sweep(db, c->remind_accept_days,
		    c->close_after_days, &reminded, &closed) == -1) {
			fprintf(stderr, "sodan admin: support-sweep: the "
			    "database is unavailable\n");
			goto out;
		}
		if (closed > 0)
			(void)pagegen_bump(k);	/* "closed" on cached pages */
		printf("support-sweep: %lld reminded, %lld closed\n",
		    (long long)reminded, (long long)closed);
		rc = 0;
		goto out;
	}
	if (argc == 1 && strcmp(argv[0], "sessions-sweep") == 0) {
		int	n, skipped;

		/* What each server does hourly (docs/operations.md). */
		if ((n = store_sessions_sweep(db, &skipped)) == -1) {
			fprintf(stderr, "sodan admin: sessions-sweep: the "
			    "database is unavailable\n");
			goto out;
		}
		if (skipped)
			printf("sessions-sweep: skipped, another instance is "
			    "sweeping\n");
		else
			printf("sessions-sweep: %d ended sessions deleted\n",
			    n);
		rc = 0;
		goto out;
	}
	if ((argc == 1 || (argc == 2 && strcmp(argv[1], "repair") == 0)) &&
	    strcmp(argv[0], "threads-check") == 0) {
		int64_t	*ids;
		int	 n, m, i, repair = argc == 2;

		/*
		 * The threads' counters are kept by increment in each
		 * transition (store_thread_delta); this recounts them from
		 * the posts and names the threads that differ (exit 1), or
		 * with repair sets them to the recount (docs/performance.md).
		 */
		if (store_threads_drift(db, a, repair, 1000, &ids, &n) == -1) {
			fprintf(stderr, "sodan admin: threads-check: the "
			    "database is unavailable\n");
			goto out;
		}
		for (i = 0; i < n; i++)
			printf("thread %lld: counters %s\n", (long long)ids[i],
			    repair ? "recounted" : "differ from a recount");
		if (repair && n > 0)
			(void)pagegen_bump(k);	/* counts on cached pages */
		printf("threads-check: %d thread%s %s%s\n", n, n == 1 ? "" :
		    "s", repair ? "repaired" : "differ",
		    n == 1000 ? " (the first 1000; run again)" : "");
		/* the members' answered threads (migration 0203) */
		if (store_member_answered_drift(db, a, repair, 1000, &m) ==
		    -1) {
			fprintf(stderr, "sodan admin: threads-check: the "
			    "database is unavailable\n");
			goto out;
		}
		printf("threads-check: %d answered-thread row%s %s%s\n", m,
		    m == 1 ? "" : "s", repair ? "repaired" : "differ",
		    !repair && m == 1000 ? " (the first 1000)" : "");
		if (repair && m > 0)
			(void)pagegen_bump(k);	/* the answers lists */
		rc = repair || (n == 0 && m == 0) ? 0 : 1;
		goto out;
	}
	if (argc >= 1 && strcmp(argv[0], "threads-check") == 0)
		goto usage;
	if (argc >= 1 && strcmp(argv[0], "model") == 0) {
		rc = model_cmd(c, db, a, argc, argv);
		goto out;
	}
	if (argc < 2)
		goto usage;
	cmd = argv[0];
	if (acct_username(a, argv[1], &name, &key) != ACCT_NAME_OK) {
		fprintf(stderr, "sodan admin: %s: not a valid username "
		    "(3-24 of A-Z a-z 0-9 _ -)\n", argv[1]);
		goto out;
	}
	if (strcmp(cmd, "create-user") == 0) {
		if (argc < 3 || argc > 5)
			goto usage;
		role = argc >= 4 ? argv[3] : "user";
		email = argc == 5 ? argv[4] : "";
		if (!valid_role(role))
			goto usage;
		if (acct_role_needs_email(state_role_parse(role)) &&
		    email[0] == '\0') {
			fprintf(stderr, "sodan admin: staff, moderators and "
			    "admins need an e-mail address: add EMAIL after "
			    "the role\n");
			goto out;
		}
		if (email[0] != '\0' && !mail_address_ok(email)) {
			fprintf(stderr, "sodan admin: %s is not an e-mail "
			    "address\n", email);
			goto out;
		}
		if (acct_display_name(a, argv[2], &disp) != ACCT_NAME_OK) {
			fprintf(stderr, "sodan admin: bad display name\n");
			goto out;
		}
		if (state_role_parse(role) == ROLE_USER &&
		    (acct_name_protected(name, NULL, 0) != 0 ||
		    acct_name_protected(disp, NULL, 0) != 0)) {
			fprintf(stderr, "sodan admin: the name looks like staff "
			    "or a brand; only staff may use it\n");
			goto out;
		}
		if (get_password(pw, sizeof(pw), &gen) == -1)
			goto out;
		if (!gen && (pe = acct_password_check(pw, name)) !=
		    ACCT_PW_OK) {
			fprintf(stderr, "sodan admin: %s\n",
			    acct_password_msg(pe));
			goto out;
		}
		if (acct_password_hash(pw, hash) == -1 ||
		    store_user_create(db, name, key, disp, hash, "ja", role,
		    &id) == -1)
			goto out;
		if (id == 0) {
			fprintf(stderr, "sodan admin: %s is taken\n", name);
			goto out;
		}
		if (set_staff_email(db, a, id, role, email) == -1) {
			fprintf(stderr, "sodan admin: %s was created without "
			    "the address; set it with set-role %s %s EMAIL\n",
			    name, name, role);
			goto out;
		}
		if (store_audit(db, actor(a), "create-user", id, name,
		    arena_printf(a, "role %s%s", role, email[0] ?
		    ", e-mail set" : "")) == -1)
			goto out;
		printf("created user %s (id %lld, role %s)\n", name,
		    (long long)id, role);
		if (gen)
			printf("password (shown once): %s\n", pw);
		rc = 0;
		goto out;
	}
	if (store_user_by_key(db, a, key, &u) == -1)
		goto out;
	if (u == NULL) {
		fprintf(stderr, "sodan admin: no user %s\n", name);
		goto out;
	}
	if (strcmp(cmd, "set-role") == 0 && (argc == 3 || argc == 4)) {
		if (!valid_role(argv[2]))
			goto usage;
		if (set_staff_email(db, a, u->id, argv[2], argc == 4 ?
		    argv[3] : "") == -1)
			goto out;
		/* Privilege follows the session: every session ends. */
		if (store_acct_role_change(db, u->id, u->username,
		    state_role_name(u->role),
		    argv[2], actor(a)) == -1)
			goto out;
		printf("%s: role %s -> %s; every session signed out\n",
		    u->username, state_role_name(u->role), argv[2]);
		/* Role badges are on cached pages: every instance drops them. */
		if (pagegen_bump(k) == -1)
			fprintf(stderr, "sodan admin: Redis unavailable; cached "
			    "pages may show the old role until the servers' "
			    "page caches expire\n");
		rc = 0;
	} else if (strcmp(cmd, "reset-2fa") == 0 && argc == 2) {
		if (store_acct_reset_2fa(db, u->id, u->username, actor(a)) == -1)
			goto out;
		printf("%s: two-step verification reset, sessions signed out"
		    "%s\n", u->username, acct_role_needs_2fa(u->role) ? "; the next sign-in sets it up again" : "");
		rc = 0;
	} else if (strcmp(cmd, "unlock") == 0 && argc == 2) {
		if (guard_unlock(k, key) == -1)
			fprintf(stderr, "sodan admin: Redis unavailable; the "
			    "database lock is cleared\n");
		if (store_user_unlock(db, u->id) == -1 ||
		    store_audit(db, actor(a), "unlock", u->id, u->username,
		    "") == -1)
			goto out;
		printf("%s: unlocked\n", u->username);
		rc = 0;
	} else if (strcmp(cmd, "reset-password") == 0 && argc == 2) {
		if (get_password(pw, sizeof(pw), &gen) == -1)
			goto out;
		if (!gen && (pe = acct_password_check(pw, u->username)) !=
		    ACCT_PW_OK) {
			fprintf(stderr, "sodan admin: %s\n",
			    acct_password_msg(pe));
			goto out;
		}
		if (acct_password_hash(pw, hash) == -1 ||
		    store_user_change_password(db, u->id, hash) == -1 ||
		    store_sessions_delete(db, u->id, 0) == -1 ||
		    store_audit(db, actor(a), "reset-password", u->id,
		    u->username, "sessions signed out") == -1)
			goto out;
		printf("%s: password reset, sessions signed out\n",
		    u->username);
		if (gen)
			printf("password (shown once): %s\n", pw);
		rc = 0;
	} else
		goto usage;
	goto out;
usage:
	fprintf(stderr, "usage: sodan admin create-user NAME DISPLAY-NAME "
	    "[user|staff|moderator|admin [EMAIL]]\n"
	    "       sodan admin set-role NAME ROLE [EMAIL]\n"
	    "(staff, moderators and admins need an e-mail address)\n"
	    "       sodan admin unlock NAME\n"
	    "       sodan admin reset-password NAME\n"
	    "       sodan admin reset-2fa NAME\n"
	    "       sodan admin rotate-key\n"
	    "       sodan admin support-sweep\n"
	    "       sodan admin sessions-sweep\n"
	    "       sodan admin threads-check [repair]\n"
	    "       sodan admin model train|list|promote VERSION|rollback\n"
	    "(passwords are read from standard input, or generated)\n");
	rc = 2;
out:
	sodium_memzero(pw, sizeof(pw));
	arena_free(a);
	cache_free(k);
	db_free(db);
	return rc;
}
