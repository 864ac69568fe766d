/*
 * post/pictures.c: what the pixels say, for the one moderation check.
 *
 * The filters see a post's text followed by the OCR text and QR payloads
 * of the pictures it shows (QR URLs also as links; app/image/ read them
 * at upload).  A picture whose dHash is near one removed as a scam, or
 * that could not be checked in time, holds the post.  What the pictures
 * say holds a post but never blocks it: only text blocks.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "post/filter.h"
#include "post/post.h"
#include "store/store.h"
#include "view/i18n.h"
#include "view/md.h"

static int	looks_like_url(const char *);

/* 1 when s looks like a link a browser would follow. */
static int
looks_like_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0 ||
	    strncasecmp(s, "www.", 4) == 0;
}

void
filter_post_pictures(struct post_ctx *c, const struct post_actor *by,
    enum filter_kind kind, const char *title, const char *tags,
    const char *body,
    const struct md_links *links, const char *question,
    struct filter_result *fr)
{
	const char		*hashes[UPLOAD_REFS_MAX], **reasons;
	struct upload_row	*rows;
	struct filter_result	 text_only;
	struct md_links		 l2;
	struct buf		 fb, lg;
	json_t			*qa, *it;
	size_t			 n, nrows = 0, i, k, nl;
	int			 banned = 0, unchecked = 0;
	const char		*t;

	n = store_upload_refs(c->a, body, hashes, UPLOAD_REFS_MAX);
	if (n == 0 || store_upload_scan_rows(c->db, c->a, hashes, n, &rows,
	    &nrows) == -1 || nrows == 0) {
		filter_post(c, by, kind, title, tags, body, links, question, fr);
		return;
	}
	/* The text the filters see: the post, then what the pixels say. */
	buf_init(&fb, c->a);
	buf_puts(&fb, body);
	nl = links != NULL ? links->n : 0;
	l2.url = arena_calloc(c->a, nl + nrows * 16 + 1, sizeof(char *));
	for (i = 0; i < nl; i++)
		l2.url[i] = links->url[i];
	l2.n = nl;
	for (i = 0; i < nrows; i++) {
		if (rows[i].banned)
			banned = 1;
		if (strcmp(rows[i].scan, "done") != 0)
			unchecked = 1;
		if (rows[i].ocr_text[0] != '\0') {
			buf_puts(&fb, "\n\n");
			buf_puts(&fb, rows[i].ocr_text);
		}
		if ((qa = json_loads(rows[i].qr, 0, NULL)) == NULL)
			continue;
		json_array_foreach(qa, k, it) {
			t = json_string_value(json_object_get(it, "t"));
			if (t == NULL || k >= 16)
				continue;
			buf_puts(&fb, "\n\n");
			buf_puts(&fb, t);
			if (looks_like_url(t))
				l2.url[l2.n++] = arena_strdup(c->a, t);
		}
		json_decref(qa);
	}
	filter_post(c, by, kind, title, tags, fb.p, &l2, question, fr);
	if (fr->verdict == FILTER_BLOCK) {
		/* What the pictures say holds a post; only text blocks it. */
		filter_post(c, by, kind, title, tags, body, links, question, &text_only);
		if (text_only.verdict != FILTER_BLOCK) {
			fr->verdict = FILTER_HOLD;
		}
	}
	if (!banned && !unchecked)
		return;
	/* A known scam picture, or one not read in time: a moderator looks. */
	reasons = arena_calloc(c->a, fr->nreasons + 3, sizeof(char *));
	for (i = 0; i < fr->nreasons; i++)
		reasons[i] = fr->reasons[i];
	if (fr->verdict == FILTER_ALLOW)
		i = 0;		/* the filters' "fine" is not a reason */
	buf_init(&lg, c->a);
	buf_puts(&lg, fr->log ? fr->log : "");
	if (banned) {
		reasons[i++] = T(c->lang, "A picture in this post matches one "
		    "removed as a scam.");
		buf_printf(&lg, "%simage.banned_phash", lg.len ? "; " : "");
	}
	if (unchecked) {
		reasons[i++] = T(c->lang, "A picture in this post could not "
		    "be checked in time; a moderator will look at it.");
		buf_printf(&lg, "%simage.unchecked", lg.len ? "; " : "");
	}
	fr->reasons = reasons;
	fr->nreasons = i;
	fr->log = lg.p;
	fr->verdict = FILTER_HOLD;
}

