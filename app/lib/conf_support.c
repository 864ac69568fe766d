/*
 * lib/conf_support.c: the [support] part of the configuration: SLA
 * targets per category (sla_categories) and the canned replies file.
 *
 * sla_categories lists "slug:first/staff/solved" entries in minutes,
 * separated by commas; a category not listed has the defaults
 * (sla_first_answer, sla_first_staff, sla_solved).  The canned replies
 * file is INI: one [key] section per reply with title_ja, title_en,
 * body_ja and body_en; "\n" in a value is a line break, and an indented
 * line continues the value on a new line (inih reads lines of at most
 * 200 bytes).  Both are read
 * once at start-up and checked (file:line and the problem), then only
 * read.  A missing file at the default path means no canned replies; a
 * path set in the configuration must exist.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "lib/conf.h"
#include "lib/util.h"

struct canned_state {
	struct conf	*c;
	char		 msg[200];
};

static int	 sla_parse(struct conf *, char *, size_t);
static int	 canned_handler(void *, const char *, const char *,
		    const char *);
static char	*unescape(const char *);

static int
sla_parse(struct conf *c, char *err, size_t errlen)
{
	char		 buf[2048], *p, *tok, *save = NULL, *colon;
	struct conf_sla	*s;
	int		 n;

	c->nsla = 0;
	if (c->sla_categories == NULL || c->sla_categories[0] == '\0')
		return 0;
	if (strlen(c->sla_categories) >= sizeof(buf)) {
		snprintf(err, errlen, "sla_categories: list too long");
		return -1;
	}
	strcpy(buf, c->sla_categories);
	for (p = buf; (tok = strtok_r(p, ", \t", &save)) != NULL; p = NULL) {
		if (c->nsla == NELEM(c->sla)) {
			snprintf(err, errlen, "sla_categories: more than %zu "
			    "entries", NELEM(c->sla));
			return -1;
		}
		s = &c->sla[c->nsla];
		if ((colon = strchr(tok, ':')) == NULL ||
		    colon == tok || (size_t)(colon - tok) >= sizeof(s->slug) ||
		    sscanf(colon + 1, "%d/%d/%d%n", &s->first_answer,
		    &s->first_staff, &s->solved, &n) != 3 ||
		    colon[1 + n] != '\0' || s->first_answer < 1 ||
		    s->first_staff < 1 || s->solved < 1) {
			snprintf(err, errlen, "sla_categories: '%.60s' is not "
			    "slug:first/staff/solved (minutes, each 1 or more)",
			    tok);
			return -1;
		}
		memcpy(s->slug, tok, (size_t)(colon - tok));
		s->slug[colon - tok] = '\0';
		c->nsla++;
	}
	return 0;
}

const struct conf_sla *
conf_support_sla(const struct conf *c, const char *slug,
    struct conf_sla *buf)
{
	size_t	i;

	for (i = 0; i < c->nsla; i++)
		if (strcmp(c->sla[i].slug, slug) == 0)
			return &c->sla[i];
	memset(buf, 0, sizeof(*buf));
	buf->first_answer = c->sla_first_answer;
	buf->first_staff = c->sla_first_staff;
	buf->solved = c->sla_solved;
	return buf;
}

/* value with "\n" turned into line breaks (caller frees). */
static char *
unescape(const char *v)
{
	char	*out = xmalloc(strlen(v) + 1), *o = out;

	while (*v != '\0') {
		if (v[0] == '\\' && v[1] == 'n') {
			*o++ = '\n';
			v += 2;
		} else
			*o++ = *v++;
	}
	*o = '\0';
	return out;
}

static int
canned_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct canned_state	*cs = user;
	struct conf		*c = cs->c;
	struct conf_canned	*k = NULL;
	char			**slot, *line, *joined;
	size_t			 i;

	for (i = 0; i < c->ncanned; i++)
		if (strcmp(c->canned[i].key, section) == 0)
			k = &c->canned[i];
	if (k == NULL) {
		if (c->ncanned == NELEM(c->canned) ||
		    strlen(section) >= sizeof(k->key) || section[0] == '\0' ||
		    strspn(section, "abcdefghijklmnopqrstuvwxyz0123456789_-")
		    != strlen(section)) {
			snprintf(cs->msg, sizeof(cs->msg), "[%s]: a reply's "
			    "key is 1 to 40 of a-z 0-9 _ - (at most %zu "
			    "replies)", section, NELEM(c->canned));
			return 0;
		}
		k = &c->canned[c->ncanned++];
		memset(k, 0, sizeof(*k));
		strcpy(k->key, section);
	}
	if (strcmp(name, "title_ja") == 0)
		slot = &k->title[0];
	else if (strcmp(name, "title_en") == 0)
		slot = &k->title[1];
	else if (strcmp(name, "body_ja") == 0)
		slot = &k->body[0];
	else if (strcmp(name, "body_en") == 0)
		slot = &k->body[1];
	else {
		snprintf(cs->msg, sizeof(cs->msg), "unknown key '%s' (title_ja, "
		    "title_en, body_ja, body_en)", name);
		return 0;
	}
	if (*slot != NULL) {
		/* an indented line continues the value (inih multi-line) */
		line = unescape(value);
		joined = xmalloc(strlen(*slot) + strlen(line) + 2);
		sprintf(joined, "%s\n%s", *slot, line);
		free(*slot);
		free(line);
		*slot = joined;
	} else
		*slot = unescape(value);
	return 1;
}

int
conf_support_load(struct conf *c, char *err, size_t errlen)
{
	struct canned_state	 cs;
	size_t			 i;
	int			 line;

	c->ncanned = 0;
	if (sla_parse(c, err, errlen) == -1)
		return -1;
	if (c->canned_path == NULL || c->canned_path[0] == '\0')
		return 0;
	memset(&cs, 0, sizeof(cs));
	cs.c = c;
	line = ini_parse(c->canned_path, canned_handler, &cs);
	if (line == -1) {
		if (errno == ENOENT &&
		    strcmp(c->canned_path, "conf/support/canned.conf") == 0)
			return 0;
		snprintf(err, errlen, "%s: cannot open: %s", c->canned_path,
		    strerror(errno));
		return -1;
	}
	if (line != 0) {
		snprintf(err, errlen, "%s:%d: %s", c->canned_path, line,
		    cs.msg[0] ? cs.msg : "syntax error");
		return -1;
	}
	for (i = 0; i < c->ncanned; i++)
		if (c->canned[i].title[0] == NULL ||
		    c->canned[i].title[1] == NULL ||
		    c->canned[i].body[0] == NULL ||
		    c->canned[i].body[1] == NULL) {
			snprintf(err, errlen, "%s: [%s] needs title_ja, "
			    "title_en, body_ja and body_en", c->canned_path,
			    c->canned[i].key);
			return -1;
		}
	return 0;
}

void
conf_support_free(struct conf *c)
{
	size_t	i;

	for (i = 0; i < c->ncanned; i++) {
		free(c->canned[i].title[0]);
		free(c->canned[i].title[1]);
		free(c->canned[i].body[0]);
		free(c->canned[i].body[1]);
	}
	c->ncanned = 0;
}
