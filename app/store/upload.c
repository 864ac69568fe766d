/*
 * store/upload.c: pictures, who uploaded them, which posts show them, and
 * the perceptual hashes of pictures removed as scams (docs/images.md).
 *
 * A post refers to a picture by its URL in the Markdown body,
 * "/uploads/HASH.ext"; the link table post_uploads is rebuilt from the
 * body in the transaction that writes the post, and only for pictures the
 * author uploaded (or that some visible post already shows), so nobody
 * can publish another member's unpublished picture by guessing its hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "store/db_internal.h"
#include "store/store.h"

static const char	*text_array(struct arena *, const char *const *,
			    size_t);
static void		 scan_decode(struct arena *, const struct db_row *,
			    int, void *);
static void		 upload_decode(struct arena *, const struct db_row *,
			    int, void *);

/* UPLOAD_ACCESS */
enum { UA_MIME, UA_PUBLIC, UA_MINE, UA__MAX };
static const char *const access_cols[UA__MAX] = { "mime", "public", "mine" };

/* UPLOAD_SCAN_ROWS: what the filters read of a picture */
enum { UR_HASH, UR_SCAN, UR_OCR_TEXT, UR_QR, UR_BANNED, UR__SCAN,
    UR_MIME = UR__SCAN, UR_WIDTH, UR_HEIGHT, UR_OCR_WORDS, UR__MAX };
static const char *const scan_cols[UR__SCAN] = {
	"hash", "scan", "ocr_text", "qr", "banned",
};
static const struct db_shape scan_shape = DB_SHAPE(scan_cols,
    struct upload_row, scan_decode);
/* UPLOAD_OF_POST: the same, and what a moderator is shown */
static const char *const upload_cols[UR__MAX] = {
	"hash", "scan", "ocr_text", "qr", "banned", "mime", "width", "height",
	"ocr_words",
};
static const struct db_shape upload_shape = DB_SHAPE(upload_cols,
    struct upload_row, upload_decode);
static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

size_t
store_upload_refs(struct arena *a, const char *body, const char **hashes,
    size_t max)
{
	const char	*p = body, *h;
	size_t		 n = 0, i, k;

	if (body == NULL)
		return 0;
	while (n < max && (p = strstr(p, "/uploads/")) != NULL) {
		h = p + 9;
		p = h;
		for (k = 0; k < 64 && is_hex((unsigned char)h[k]); k++)
			;
		if (k != 64 || h[64] != '.')
			continue;
		for (i = 0; i < n; i++)
			if (memcmp(hashes[i], h, 64) == 0)
				break;
		if (i == n)
			hashes[n++] = arena_strndup(a, h, 64);
		p = h + 64;
	}
	return n;
}

/* A PostgreSQL text[] literal of hex hashes (no quoting needed). */
static const char *
text_array(struct arena *a, const char *const *v, size_t n)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, a);
	buf_putc(&b, '{');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		buf_puts(&b, v[i]);
	}
	buf_putc(&b, '}');
	return b.p;
}

int
store_upload_add(struct db *db, const struct upload_new *u)
{
	PGresult	*res;
	char		 up[24], by[24], w[24], h[24], tb[24], ph[24];
	const char	*p[12], *q[2];

	snprintf(up, sizeof(up), "%lld", (long long)u->uploader);
	snprintf(by, sizeof(by), "%lld", (long long)u->bytes);
	snprintf(w, sizeof(w), "%lld", (long long)u->width);
	snprintf(h, sizeof(h), "%lld", (long long)u->height);
	snprintf(tb, sizeof(tb), "%lld", (long long)u->thumb_bytes);
	snprintf(ph, sizeof(ph), "%lld", (long long)(int64_t)u->phash);
	p[0] = u->hash;
	p[1] = up;
	p[2] = u->mime;
	p[3] = by;
	p[4] = w;
	p[5] = h;
	p[6] = tb;
	p[7] = ph;
	p[8] = u->scan;
	p[9] = u->ocr_text;
	p[10] = u->ocr_words;
	p[11] = u->qr;
	q[0] = u->hash;
	q[1] = up;
	if (db_begin(db) == -1)
		return -1;
	if ((res = db_exec(db, Q_UPLOAD_ADD, p)) == NULL)
		goto fail;
	PQclear(res);
	if ((res = db_exec(db, Q_UPLOAD_USER_ADD, q)) == NULL)
		goto fail;
	PQclear(res);
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
store_upload_access(struct db *db, struct arena *a, const char *hash,
    int64_t viewer, int *found, const char **mime, int *public, int *mine)
{
	PGresult	*res;
	struct db_row	 k;
	char		 v[24];
	const char	*p[2] = { hash, NULL };

	*found = *public = *mine = 0;
	*mime = NULL;
	if (viewer > 0) {
		snprintf(v, sizeof(v), "%lld", (long long)viewer);
		p[1] = v;
	}
	if ((res = db_query(db, Q_UPLOAD_ACCESS, p, &k, access_cols,
	    UA__MAX)) == NULL)
		return -1;
	if (k.rows == 1) {
		*found = 1;
		*mime = db_str(a, &k, 0, UA_MIME);
		*public = db_bool(&k, 0, UA_PUBLIC);
		*mine = db_bool(&k, 0, UA_MINE);
	}
	PQclear(res);
	return 0;
}

int
store_uploads_link(struct db *db, int64_t post, const char *body_md,
    int is_new)
{
	struct arena	*a = arena_new();
	PGresult	*res;
	const char	*hashes[UPLOAD_REFS_MAX], *p[2];
	char		 pi[24];
	size_t		 n;
	int		 rc = -1;

	snprintf(pi, sizeof(pi), "%lld", (long long)post);
	p[0] = pi;
	if (!is_new) {
		if ((res = db_exec(db, Q_UPLOAD_UNLINK, p)) == NULL)
			goto out;
		PQclear(res);
	}
	n = store_upload_refs(a, body_md, hashes, UPLOAD_REFS_MAX);
	if (n > 0) {
		p[1] = text_array(a, hashes, n);
		if ((res = db_exec(db, Q_UPLOAD_LINK, p)) == NULL)
			goto out;
		PQclear(res);
	}
	rc = 0;
out:
	arena_free(a);
	return rc;
}

static void
scan_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct upload_row	*r = row;

	r->hash = db_str(a, k, i, UR_HASH);
	r->scan = db_str(a, k, i, UR_SCAN);
	r->ocr_text = db_str(a, k, i, UR_OCR_TEXT);
	r->qr = db_str(a, k, i, UR_QR);
	r->banned = db_bool(k, i, UR_BANNED);
}

static void
upload_decode(struct arena *a, const struct db_row *k, int i, void *row)
{
	struct upload_row	*r = row;

	scan_decode(a, k, i, r);
	r->mime = db_str(a, k, i, UR_MIME);
	r->width = db_i64(k, i, UR_WIDTH);
	r->height = db_i64(k, i, UR_HEIGHT);
	r->ocr_words = db_str(a, k, i, UR_OCR_WORDS);
}

int
store_upload_scan_rows(struct db *db, struct arena *a,
    const char *const *hashes, size_t n, struct upload_row **out,
    size_t *nout)
{
	const char	*p[1];
	void		*v;
	int		 rc;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	p[0] = text_array(a, hashes, n);
	rc = db_rows(db, a, Q_UPLOAD_SCAN_ROWS, p, &scan_shape, &v, nout);
	*out = v;
	return rc;
}

int
store_upload_of_post(struct db *db, struct arena *a, int64_t post,
    struct upload_row **out, size_t *n)
{
	char		 pi[24];
	const char	*p[1] = { pi };
	void		*v;
	int		 rc;

	snprintf(pi, sizeof(pi), "%lld", (long long)post);
	rc = db_rows(db, a, Q_UPLOAD_OF_POST, p, &upload_shape, &v, n);
	*out = v;
	return rc;
}

int
store_uploads_ban(struct db *db, int64_t post, int64_t moderator)
{
	PGresult	*res;
	char		 pi[24], mi[24];
	const char	*p[2] = { pi, mi };

	snprintf(pi, sizeof(pi), "%lld", (long long)post);
	snprintf(mi, sizeof(mi), "%lld", (long long)moderator);
	if ((res = db_exec(db, Q_UPLOAD_BAN_POST, p)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}
