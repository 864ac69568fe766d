/* post/feeds.c: block-list feeds behind an allow list (see feeds.h). */
/*
 * One GLib hash table maps a host or domain to a mask: the feeds listing
 * it as a domain (matches subdomains), the feeds listing it as a host
 * only, and whether it is allowed.  A look-up tries the host, then each
 * parent domain (never a bare top-level domain): allowed at any level
 * wins; a host-only entry counts only for the exact host.  Files are
 * parsed with jansson (JSON) and getline (lines); nothing is copied out
 * of them but the names.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>
#include <jansson.h>

#include "lib/log.h"
#include "post/feeds.h"

#define M_ALLOW		0x80u
#define M_HOST(f)	(1u << (4 + (f)))	/* host only */
#define M_DOM(f)	(1u << (f))		/* domain and subdomains */

struct feeds {
	GHashTable	*t;		/* name (owned) -> mask */
	size_t		 count[FEED__MAX];
	size_t		 skipped[FEED__MAX];
};

static const char *const feed_names[FEED__MAX] = {
	"metamask", "scamsniffer", "jpcert"
};
static const char *const feed_titles[FEED__MAX] = {
	"MetaMask eth-phishing-detect", "ScamSniffer", "JPCERT/CC"
};

static unsigned	 mask_of(const struct feeds *, const char *);
static void	 put(struct feeds *, const char *, size_t, unsigned);
static int	 norm(const char *, size_t, char *, size_t);
static int	 allowed(const struct feeds *, const char *);
static void	 add_listed(struct feeds *, enum feed, const char *, size_t,
		    int);
static int	 load_allow_file(struct feeds *, const char *, const char *,
		    int, char *, size_t);
static int	 load_metamask(struct feeds *, const char *, char *, size_t);
static int	 load_lines(struct feeds *, enum feed, const char *, char *,
		    size_t);
static const char *url_host(const char *, size_t *);

const char *
feeds_name(enum feed f)
{
	return f < FEED__MAX ? feed_names[f] : "?";
}

const char *
feeds_title(enum feed f)
{
	return f < FEED__MAX ? feed_titles[f] : "?";
}

/* The mask of name, 0 when it is in no list. */
static unsigned
mask_of(const struct feeds *fs, const char *name)
{
	return GPOINTER_TO_UINT(g_hash_table_lookup(fs->t, name));
}

/* Adds mask to name (inserting it).  GLib aborts when out of memory. */
static void
put(struct feeds *fs, const char *s, size_t n, unsigned mask)
{
	char		*k = g_strndup(s, n);
	unsigned	 m = mask_of(fs, k);

	/* replace: the table keeps the new key and frees the one it had */
	g_hash_table_replace(fs->t, k, GUINT_TO_POINTER(m | mask));
}

/*
 * A host name as listed: lower case, no trailing dot, no "*." prefix,
 * letters, digits, '-', '_' and '.' only.  Returns its length in out, or
 * -1 when it is not a host name.
 */
static int
norm(const char *s, size_t n, char *out, size_t outlen)
{
	size_t	i, k = 0;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= 2 && s[0] == '*' && s[1] == '.') {
		s += 2;
		n -= 2;
	}
	while (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n >= outlen)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c) || c == '-' || c == '_' || c == '.')
			out[k++] = (char)tolower(c);
		else
			return -1;
	}
	out[k] = '\0';
	return strchr(out, '.') != NULL ? (int)k : -1;
}

/* Is host or one of its parent domains allowed? */
static int
allowed(const struct feeds *fs, const char *host)
{
	const char	*p = host;

	while (p != NULL && *p != '\0') {
		if (mask_of(fs, p) & M_ALLOW)
			return 1;
		if ((p = strchr(p, '.')) != NULL)
			p++;
	}
	return 0;
}

/* Lists s (a host name, else skipped) unless the allow list holds it. */
static void
add_listed(struct feeds *fs, enum feed f, const char *s, size_t n,
    int host_only)
{
	char	name[256];
	int	k;

	if ((k = norm(s, n, name, sizeof(name))) == -1)
		return;			/* not a host name: skipped */
	if (allowed(fs, name)) {
		fs->skipped[f]++;
		return;
	}
	put(fs, name, (size_t)k, host_only ? M_HOST(f) : M_DOM(f));
	fs->count[f]++;
}

/*
 * Allow-list lines of file (name in dir): the first word of each line
 * (brands: every word after the label); e-mail addresses give their
 * domain; lines starting with '+' or '@' are not domains.
 */
static int
load_allow_file(struct feeds *fs, const char *dir, const char *file,
    int brands, char *err, size_t errlen)
{
	char	 path[1024], line[1024], name[256], *p, *w, *at;
	FILE	*fp;
	int	 k, first;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = line;
		first = 1;
		while ((w = strsep(&p, " \t\r\n")) != NULL) {
			if (*w == '\0')
				continue;
			if (brands && first) {
				first = 0;
				continue;	/* the label */
			}
			if (*w == '+' || *w == '@')
				break;
			if ((at = strrchr(w, '@')) != NULL)
				w = at + 1;
			if ((k = norm(w, strlen(w), name, sizeof(name))) != -1)
				put(fs, name, (size_t)k, M_ALLOW);
			if (!brands)
				break;
		}
	}
	fclose(fp);
	return 0;
}

static int
load_metamask(struct feeds *fs, const char *path, char *err, size_t errlen)
{
	json_error_t	 je;
	json_t		*root, *a, *v;
	size_t		 i;
	int		 pass, rc = -1;

	if ((root = json_load_file(path, 0, &je)) == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, je.line > 0 ?
		    je.line : 0, je.text);
		return -1;
	}
	if (!json_is_object(root) || !json_is_array(json_object_get(root,
	    "blacklist"))) {
		snprintf(err, errlen, "%s: not an eth-phishing-detect config "
		    "(no \"blacklist\" array)", path);
		goto out;
	}
	/* The whitelist first: it joins the allow list. */
	for (pass = 0; pass < 2; pass++) {
		a = json_object_get(root, pass == 0 ? "whitelist" : "blacklist");
		if (!json_is_array(a))
			continue;
		json_array_foreach(a, i, v) {
			char	name[256];
			int	k;

			if (!json_is_string(v))
				continue;
			if (pass == 0) {
				if ((k = norm(json_string_value(v),
				    json_string_length(v), name,
				    sizeof(name))) != -1)
					put(fs, name, (size_t)k, M_ALLOW);
			} else
				add_listed(fs, FEED_METAMASK,
				    json_string_value(v),
				    json_string_length(v), 0);
		}
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* The host of an http(s) URL at s (length in *n), or NULL. */
static const char *
url_host(const char *s, size_t *n)
{
	const char	*p, *e, *at;

	if (strncasecmp(s, "http://", 7) == 0)
		p = s + 7;
	else if (strncasecmp(s, "https://", 8) == 0)
		p = s + 8;
	else
		return NULL;
	e = p + strcspn(p, "/:?#\t,\r\n \"");
	if ((at = memchr(p, '@', (size_t)(e - p))) != NULL)
		p = at + 1;			/* user@host */
	*n = (size_t)(e - p);
	return *n > 0 ? p : NULL;
}

/* ScamSniffer (text, TSV or JSON) and JPCERT (CSV or TSV) files. */
static int
load_lines(struct feeds *fs, enum feed f, const char *path, char *err,
    size_t errlen)
{
	json_error_t	 je;
	json_t		*root, *a, *v;
	FILE		*fp;
	char		*line = NULL, *p;
	const char	*h;
	size_t		 cap = 0, i, n;
	ssize_t		 len;
	int		 rc = 0;

	n = strlen(path);
	if (f == FEED_SCAMSNIFFER && n > 5 && strcmp(path + n - 5,
	    ".json") == 0) {
		if ((root = json_load_file(path, 0, &je)) == NULL) {
			snprintf(err, errlen, "%s:%d: %s", path, je.line > 0 ?
			    je.line : 0, je.text);
			return -1;
		}
		a = json_is_array(root) ? root : json_object_get(root,
		    "domains");
		if (!json_is_array(a)) {
			snprintf(err, errlen, "%s: no \"domains\" array",
			    path);
			json_decref(root);
			return -1;
		}
		json_array_foreach(a, i, v)
			if (json_is_string(v))
				add_listed(fs, f, json_string_value(v),
				    json_string_length(v), 0);
		json_decref(root);
		return 0;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (f == FEED_SCAMSNIFFER) {
			if (line[0] == '#' || strncmp(line, "domain", 6) == 0)
				continue;
			add_listed(fs, f, line, strcspn(line, "\t,\r\n "), 0);
			continue;
		}
		/* JPCERT: the first field that is an http(s) URL. */
		for (p = line; *p != '\0'; p += strcspn(p, "\t,")) {
			p += strspn(p, "\t,\" ");
			if ((h = url_host(p, &n)) != NULL) {
				add_listed(fs, f, h, n, 1);
				break;
			}
		}
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error", path);
		rc = -1;
	}
	free(line);
	fclose(fp);
	return rc;
}

struct feeds *
feeds_load(const char *const *paths, const char *confdir, char *err,
    size_t errlen)
{
	struct feeds	*fs;
	int		 f;

	if ((fs = calloc(1, sizeof(*fs))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	fs->t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (load_allow_file(fs, confdir, "allow_domains.txt", 0, err,
	    errlen) == -1 || load_allow_file(fs, confdir,
	    "official_contacts.txt", 0, err, errlen) == -1 ||
	    load_allow_file(fs, confdir, "brands.txt", 1, err, errlen) == -1)
		goto fail;
	/* metamask first: its whitelist is part of the allow list. */
	if (paths[FEED_METAMASK] != NULL && paths[FEED_METAMASK][0] != '\0' &&
	    load_metamask(fs, paths[FEED_METAMASK], err, errlen) == -1)
		goto fail;
	for (f = FEED_SCAMSNIFFER; f < FEED__MAX; f++)
		if (paths[f] != NULL && paths[f][0] != '\0' &&
		    load_lines(fs, (enum feed)f, paths[f], err, errlen) == -1)
			goto fail;
	return fs;
fail:
	feeds_free(fs);
	return NULL;
}

void
feeds_free(struct feeds *fs)
{
	if (fs == NULL)
		return;
	g_hash_table_destroy(fs->t);
	free(fs);
}

int
feeds_lookup(const struct feeds *fs, const char *host, enum feed *which,
    const char **matched)
{
	gpointer	 key, val;
	const char	*p;
	char		 name[256];
	unsigned	 m;
	int		 f;

	if (fs == NULL || norm(host, strlen(host), name, sizeof(name)) ==
	    -1 || allowed(fs, name))
		return 0;
	for (p = name; p != NULL && *p != '\0'; ) {
		if (g_hash_table_lookup_extended(fs->t, p, &key, &val)) {
			m = GPOINTER_TO_UINT(val);
			for (f = 0; f < FEED__MAX; f++)
				if ((m & M_DOM(f)) || (p == name &&
				    (m & M_HOST(f)))) {
					*which = (enum feed)f;
					if (matched != NULL)
						*matched = key;
					return 1;
				}
		}
		if ((p = strchr(p, '.')) != NULL)
			p++;
		if (p != NULL && strchr(p, '.') == NULL)
			break;		/* never a bare top-level domain */
	}
	return 0;
}

size_t
feeds_count(const struct feeds *fs, enum feed f)
{
	return fs != NULL && f < FEED__MAX ? fs->count[f] : 0;
}

size_t
feeds_skipped(const struct feeds *fs, enum feed f)
{
	return fs != NULL && f < FEED__MAX ? fs->skipped[f] : 0;
}
