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
static void		 row_of(struct arena *, PGresult *, int,
			    struct upload_row *);

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
	char		 v[24];
	const char	*p[2] = { hash, NULL };

	*found = *public = *mine = 0;
	*mime = NULL;
	if (viewer > 0) {
		snprintf(v, sizeof(v), "%lld", (long long)viewer);
		p[1] = v;
	}
	if ((res = db_exec(db, Q_UPLOAD_ACCESS, p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*found = 1;
		*mime = arena_strdup(a, PQgetvalue(res, 0,
		    PQfnumber(res, "mime")));
		*public = PQgetvalue(res, 0, PQfnumber(res, "public"))[0] ==
		    't';
		*mine = PQgetvalue(res, 0, PQfnumber(res, "mine"))[0] == 't';
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
row_of(struct arena *a, PGresult *res, int i, struct upload_row *r)
{
	int	c;

	memset(r, 0, sizeof(*r));
	r->hash = arena_strdup(a, PQgetvalue(res, i, PQfnumber(res, "hash")));
	r->scan = arena_strdup(a, PQgetvalue(res, i, PQfnumber(res, "scan")));
	r->ocr_text = arena_strdup(a, PQgetvalue(res, i,
	    PQfnumber(res, "ocr_text")));
	r->qr = arena_strdup(a, PQgetvalue(res, i, PQfnumber(res, "qr")));
	r->banned = PQgetvalue(res, i, PQfnumber(res, "banned"))[0] == 't';
	if ((c = PQfnumber(res, "mime")) >= 0)
		r->mime = arena_strdup(a, PQgetvalue(res, i, c));
	if ((c = PQfnumber(res, "width")) >= 0)
		r->width = strtoll(PQgetvalue(res, i, c), NULL, 10);
	if ((c = PQfnumber(res, "height")) >= 0)
		r->height = strtoll(PQgetvalue(res, i, c), NULL, 10);
	if ((c = PQfnumber(res, "ocr_words")) >= 0)
		r->ocr_words = arena_strdup(a, PQgetvalue(res, i, c));
}

int
store_upload_scan_rows(struct db *db, struct arena *a,
    const char *const *hashes, size_t n, struct upload_row **out,
    size_t *nout)
{
	PGresult	*res;
	const char	*p[1];
	int		 i, rows;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	p[0] = text_array(a, hashes, n);
	if ((res = db_exec(db, Q_UPLOAD_SCAN_ROWS, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++)
		row_of(a, res, i, &(*out)[i]);
	*nout = (size_t)rows;
	PQclear(res);
	return 0;
}

int
store_upload_of_post(struct db *db, struct arena *a, int64_t post,
    struct upload_row **out, size_t *n)
{
	PGresult	*res;
	char		 pi[24];
	const char	*p[1] = { pi };
	int		 i, rows;

	snprintf(pi, sizeof(pi), "%lld", (long long)post);
	*out = NULL;
	*n = 0;
	if ((res = db_exec(db, Q_UPLOAD_OF_POST, p)) == NULL)
		return -1;
	rows = PQntuples(res);
	*out = arena_calloc(a, (size_t)rows + 1, sizeof(**out));
	for (i = 0; i < rows; i++)
		row_of(a, res, i, &(*out)[i]);
	*n = (size_t)rows;
	PQclear(res);
	return 0;
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
