/*
 * ruleset.h: the moderation rule set the server checks posts with, loaded
 * on a thread of its own and swapped whole on reload.
 *
 * The rule set (rules, lists, models: everything mod_rules_load_ex reads
 * from the moderation directory) is compiled on the loader thread, never
 * on the request path.  A request takes a reference that lives as long as
 * its arena (ruleset_get), so a check in flight keeps the set it started
 * with while a reload installs the next one; the loader frees an old set
 * once the last request holding it is done.  A reload that fails (a bad
 * file) keeps the set in use and records why (ruleset_status), for the
 * log, /healthz/ready, /metrics and the moderators' page.
 *
 * Reloads are asked for by SIGHUP (ruleset_reload_signal, safe in a signal
 * handler) or by a moderator's button (ruleset_reload); both return at
 * once.  Files that did not change since the set in use install nothing.
 */
#ifndef SODAN_RULESET_H
#define SODAN_RULESET_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "post/feeds.h"

struct arena;
struct mod_rules;

#define RULESET_HASH_LEN	12	/* hex digits of the files' sha256 */

struct ruleset_status {
	int		 loaded;	/* a set is in use */
	char		 hash[RULESET_HASH_LEN + 1];	/* of the set in use */
	char		 version[64];	/* "N rules, sha256:<hash>" */
	time_t		 loaded_at;	/* when the set in use was installed */
	size_t		 nrules;	/* its pattern rules */
	int		 pending;	/* a reload is asked for or running */
	time_t		 attempt_at;	/* the last load attempt, 0: none */
	int		 attempt_ok;	/* it installed a set or found no change */
	char		 error[512];	/* why it failed ("" when it did not) */
	uint64_t	 attempts;	/* load attempts so far, the first included */
	uint64_t	 reloads;	/* sets installed after the first */
	uint64_t	 failures;	/* attempts that failed */
	int64_t		 lists_version;	/* of the /admin/lists entries in the
					   set in use; -1: none read */
	size_t		 alive;		/* sets in memory: the one in use and
					   older ones a request still holds */
	/* block-list feeds (post/feeds.h) of the set last installed */
	int		 feed_on[FEED__MAX];	/* its file was read */
	size_t		 feed_entries[FEED__MAX];
	size_t		 feed_skipped[FEED__MAX];	/* on the allow list */
};

/*
 * Starts the loader thread, which loads the set from confdir at once
 * (through the compiled-database cache in cachedir; NULL or "": none).
 * db_url (NULL: none): the PostgreSQL holding the lists edited at
 * /admin/lists, added to their files at compile time; the loader polls
 * their version every RULESET_POLL seconds on its own connection and
 * recompiles when it moved, so every instance follows a change.
 * Returns 0, or -1 (logged) when it cannot start: posts are then held.
 */
int	ruleset_start(const char *confdir, const char *cachedir,
	    const char *db_url);
/* Stops the loader and frees the sets, at shutdown (no request running). */
void	ruleset_stop(void);
/*
 * The set in use, referenced until arena a is freed or reset; waits for
 * the first load (up to RULESET_WAIT seconds).  NULL when none is loaded.
 */
const struct mod_rules *ruleset_get(struct arena *a);
/* The same without waiting: NULL at once while the first load runs. */
const struct mod_rules *ruleset_ready(struct arena *a);
/*
 * ruleset_get / ruleset_ready, and the block-list feeds loaded with that
 * set into *fs (NULL when none), held by the same reference.
 */
struct feeds;
const struct mod_rules *ruleset_get_feeds(struct arena *a,
	    const struct feeds **fs);
const struct mod_rules *ruleset_ready_feeds(struct arena *a,
	    const struct feeds **fs);
/*
 * The block-list feed files, before ruleset_start (paths[FEED__MAX], NULL
 * or "": off; copied), and the seconds between looks at them (0: only on
 * reloads asked for).  A feed file that is not there leaves that feed
 * off; one that cannot be parsed fails the load (the set in use stays).
 */
void	ruleset_feeds(const char *const *paths, int interval);
/* Asks the loader to reload; returns at once. */
void	ruleset_reload(void);
/* The same from a signal handler (async-signal-safe). */
void	ruleset_reload_signal(void);
/* A snapshot of the state, for /healthz/ready, /metrics and moderators. */
void	ruleset_status(struct ruleset_status *out);
/*
 * The hash of the files in confdir now: the first RULESET_HASH_LEN hex
 * digits of a sha256 over each regular file's name (with its NUL) and
 * content, in name order.  Fills out (RULESET_HASH_LEN + 1 bytes); 0, or
 * -1 when the directory or a file cannot be read.
 */
int	ruleset_hash(const char *confdir, char *out);
/*
 * 1 when value is a word (white-space separated, outside comments) of the
 * file named file in the moderation directory (allow_domains.txt,
 * brands.txt, ...), compared without case; 0 otherwise or unreadable.
 */
int	ruleset_listed(const char *file, const char *value);
/*
 * 1 when value is one of the exchange's official contact points in the
 * set in use (referenced until arena a is freed): a word of
 * official_contacts.txt or an official_phone, official_handle or
 * official_domain entry of /admin/lists, compared without case.  With
 * domain set, value is a host and a host under an official domain, or
 * under the domain of an official e-mail address, is official too (an
 * allow_domain entry is not).  0 otherwise or while no set is loaded.
 */
int	ruleset_official(struct arena *a, const char *value, int domain);

#endif
