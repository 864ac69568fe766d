/*
 * feeds.h: block-list feeds of phishing and scam sites, read from files
 * in the formats they are published in, behind an allow list.
 *
 *   metamask     eth-phishing-detect's config.json: "blacklist" (blocked
 *                domains) and "whitelist" (allowed domains, added to the
 *                allow list); the "fuzzylist" is left to the library's
 *                lookalike check
 *   scamsniffer  scam-database: a JSON file {"domains": [...]} or a JSON
 *                array of domains, or text/TSV with the domain first on
 *                each line (a header line "domain..." is skipped)
 *   jpcert       phishurl-list: CSV "date,URL,description" or TSV with a
 *                URL column; each URL's host is listed as that host only
 *                (phishing pages often sit on hacked sites: the rest of
 *                the site is not judged)
 *
 * Domains listed by metamask and scamsniffer match their subdomains too.
 * The allow list comes first: allow_domains.txt, the brands' domains
 * (brands.txt), the exchange's own domains (official_contacts.txt) of the
 * moderation directory, and the metamask whitelist; a host under an
 * allowed domain is never reported, whatever a feed says.  A loaded set
 * is immutable (any number of threads may look up at once);
 * post/ruleset.c loads it with the rule set and swaps both together.
 */
#ifndef SODAN_FEEDS_H
#define SODAN_FEEDS_H

#include <stddef.h>

enum feed {
	FEED_METAMASK,
	FEED_SCAMSNIFFER,
	FEED_JPCERT,
	FEED__MAX
};

struct feeds;

/* "metamask", "scamsniffer", "jpcert". */
const char	*feeds_name(enum feed);
/* The name people know the feed by ("MetaMask eth-phishing-detect" ...). */
const char	*feeds_title(enum feed);
/*
 * Loads the feeds whose path is not NULL or "" (paths[FEED__MAX]) and the
 * allow list from confdir.  Returns the set (caller frees with
 * feeds_free) or NULL with the file and reason in err.
 */
struct feeds	*feeds_load(const char *const *paths, const char *confdir,
		    char *err, size_t errlen);
void		 feeds_free(struct feeds *);
/*
 * The first feed listing host (any case, ASCII or punycode) that is not
 * allowed: 1 with *which set, else 0.  matched (may be NULL) gets the
 * listed name that matched (owned by the set).
 */
int		 feeds_lookup(const struct feeds *, const char *host,
		    enum feed *which, const char **matched);
/* Entries loaded from a feed; entries skipped because they are allowed. */
size_t		 feeds_count(const struct feeds *, enum feed);
size_t		 feeds_skipped(const struct feeds *, enum feed);

#endif
