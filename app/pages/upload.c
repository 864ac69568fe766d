/* pages/upload.c: upload a picture, serve it, and what its pixels say to the filters */
/*
 * POST /uploads takes one picture (multipart field "file"), has
 * image/image.c check and re-encode it and read its pixels (OCR, QR,
 * dHash), stores the files under [uploads] dir by the SHA-256 of the
 * re-encoded bytes (DIR/ab/HASH.ext and the thumbnail DIR/ab/HASH.t.ext)
 * and the findings in the uploads table, and answers
 * {"url","width","height","thumb"}.  The pixel work happens here, on the
 * app thread of the upload, while the member is still writing, so posting
 * costs only a table read.
 *
 * GET /uploads/:name serves a picture only once a visible post in a
 * visible thread shows it; before that, and after the post is held, made
 * private or removed, only to its uploaders and moderators (404 to anyone
 * else: not even its existence is told).  Responses carry the type from
 * the table, nosniff and "Content-Security-Policy: sandbox".
 *
 * filter_post_pictures() (post/pictures.c) is the hook into the write path: the
 * filters see the post's text followed by the OCR text and QR payloads of
 * the pictures it shows (QR URLs also as links), and a picture whose
 * dHash is near one removed as a scam, or that could not be checked,
 * holds the post.  A hold the pictures cause is never a block.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "http/req.h"
#include "http/server.h"
#include "image/image.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/conf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "post/filter.h"
#include "pages/pages.h"
#include "pages/qa.h"
#include "pages/upload.h"
#include "store/store.h"
#include "view/html.h"
#include "view/i18n.h"
#include "view/layout.h"
#include "view/md.h"

static const char	*err_msg(enum image_err);
static int		 err_status(enum image_err);
static void		 limits_of(const struct conf *, struct image_limits *);
static int		 write_once(struct arena *, const char *, const char *,
			    const void *, size_t);
static int		 read_all(struct arena *, const char *, char **,
			    size_t *);
static int		 name_parse(const char *, char [65], int *);
static char		*boxes_json(const struct image_box *, size_t);
static void		 upload_done_main(struct html *, struct req *, void *);

static const char *
err_msg(enum image_err e)
{
	switch (e) {
	case IMAGE_EMPTY:
		return N_("Choose a picture to upload.");
	case IMAGE_TOO_LARGE:
		return N_("The picture is larger than 5 MB. Make it smaller "
		    "and try again.");
	case IMAGE_BAD_TYPE:
		return N_("This file is not a PNG, JPEG or WebP picture.");
	case IMAGE_TOO_MANY_PIXELS:
		return N_("The picture has more than 40 megapixels. Make it "
		    "smaller and try again.");
	case IMAGE_POLYGLOT:
		return N_("This picture also contains another kind of file, "
		    "so it cannot be accepted. Save it again as a plain "
		    "picture (for example, take a new screenshot).");
	case IMAGE_CORRUPT:
		return N_("The picture is damaged or incomplete.");
	case IMAGE_BUSY:
		return N_("Too many pictures are being processed. Try again "
		    "in a moment.");
	default:
		return N_("The picture could not be processed.");
	}
}

static int
err_status(enum image_err e)
{
	switch (e) {
	case IMAGE_EMPTY:
		return 400;
	case IMAGE_TOO_LARGE:
	case IMAGE_TOO_MANY_PIXELS:
		return 413;
	case IMAGE_BAD_TYPE:
		return 415;
	case IMAGE_BUSY:
		return 503;
	default:
		return 422;
	}
}

static void
limits_of(const struct conf *c, struct image_limits *l)
{
	l->max_bytes = (size_t)c->upload_max_bytes;
	l->max_pixels = (int64_t)c->upload_max_mpx * 1000000;
	l->max_side = c->upload_max_side;
	l->thumb_side = c->upload_thumb_side;
	l->ocr_ms = c->upload_ocr_ms;
}

/*
 * Writes dir/name unless it exists (same name, same bytes: content
 * addressed), through a temporary file and rename, so a reader never
 * sees half a file.  0 or -1 (logged).
 */
static int
write_once(struct arena *a, const char *dir, const char *name,
    const void *data, size_t len)
{
	const char	*path = arena_printf(a, "%s/%s", dir, name);
	char		*tmp;
	int		 fd;
	ssize_t		 w;
	size_t		 off = 0;
	unsigned char	 rnd[8];

	if (access(path, F_OK) == 0)
		return 0;
	randombytes_buf(rnd, sizeof(rnd));
	tmp = arena_printf(a, "%s/.tmp.%02x%02x%02x%02x%02x%02x%02x%02x", dir,
	    rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) ==
	    -1) {
		log_err("uploads: cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	while (off < len) {
		if ((w = write(fd, (const char *)data + off, len - off)) <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			log_err("uploads: write %s: %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			return -1;
		}
		off += (size_t)w;
	}
	if (fsync(fd) == -1 || close(fd) == -1 || rename(tmp, path) == -1) {
		log_err("uploads: cannot store %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The whole file at path into the arena; 0, or -1 when unreadable. */
static int
read_all(struct arena *a, const char *path, char **out, size_t *len)
{
	struct stat	 st;
	int		 fd;
	ssize_t		 n;
	size_t		 off = 0;
	char		*p;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > 64 << 20) {
		close(fd);
		return -1;
	}
	p = arena_alloc(a, (size_t)st.st_size + 1);
	while (off < (size_t)st.st_size) {
		if ((n = read(fd, p + off, (size_t)st.st_size - off)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	close(fd);
	*out = p;
	*len = off;
	return 0;
}

/*
 * "HASH.ext" or "HASH.t.ext" (ext png, jpg or webp): hash gets the 64 hex
 * digits, *thumb whether it is the thumbnail.  0, or -1 for anything else.
 */
static int
name_parse(const char *name, char hash[65], int *thumb)
{
	size_t		 i;
	const char	*e;

	for (i = 0; i < 64; i++)
		if (!((name[i] >= '0' && name[i] <= '9') ||
		    (name[i] >= 'a' && name[i] <= 'f')))
			return -1;
	memcpy(hash, name, 64);
	hash[64] = '\0';
	e = name + 64;
	*thumb = strncmp(e, ".t.", 3) == 0;
	if (*thumb)
		e += 2;
	return strcmp(e, ".png") == 0 || strcmp(e, ".jpg") == 0 ||
	    strcmp(e, ".webp") == 0 ? 0 : -1;
}

/* [{"t","x","y","w","h","c"}] (caller frees). */
static char *
boxes_json(const struct image_box *b, size_t n)
{
	json_t	*a = json_array();
	char	*s;
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:i, s:i, "
		    "s:i}", "t", b[i].text, "x", b[i].x, "y", b[i].y,
		    "w", b[i].w, "h", b[i].h, "c", b[i].conf));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

struct done_data {
	const char	*url;
	const char	*md;
	int		 width, height;
};

static void
upload_done_main(struct html *w, struct req *r, void *arg)
{
	struct done_data	*d = arg;

	html_lit(w, "<h1>");
	html_text(w, T(r->lang, "Picture uploaded"));
	html_lit(w, "</h1>\n<p>");
	html_text(w, T(r->lang, "Copy this line into your post where the "
	    "picture should appear:"));
	html_lit(w, "</p>\n<p><input type=\"text\" readonly class=\"upload-md\" "
	    "aria-label=\"Markdown\" value=\"");
	html_attr(w, d->md);
	html_lit(w, "\"></p>\n<p><img class=\"upload-preview\" alt=\"\" src=\"");
	html_attr(w, d->url);
	html_lit(w, "\" width=\"");
	html_int(w, d->width);
	html_lit(w, "\" height=\"");
	html_int(w, d->height);
	html_lit(w, "\"></p>\n<p>");
	html_text(w, T(r->lang, "Go back to your post with your browser's "
	    "Back button; what you typed is still there."));
	html_lit(w, "</p>\n");
}

void
page_upload(struct req *r)
{
	const struct conf	*c = r->w->conf;
	const struct fval	*f = &r->f[F_UP_FILE];
	struct image_limits	 lim;
	struct image_out	 im;
	struct image_scan	 sc;
	struct upload_new	 un;
	struct done_data	 dd;
	enum image_err		 e;
	unsigned char		 h[crypto_hash_sha256_BYTES];
	char			 hex[crypto_hash_sha256_BYTES * 2 + 1];
	const char		*dir, *ext, *url, *turl;
	char			*words = NULL, *qr = NULL, *js;
	json_t			*o;
	int			 html = r->f[F_UP_FORM].present &&
				    r->f[F_UP_FORM].i;

	limits_of(c, &lim);
	e = image_process(r->a, f->s, f->len, &lim, &im);
	if (e != IMAGE_OK) {
		log_info("uploads: refused from user %lld: %d",
		    (long long)r->sess->user_id, (int)e);
		if (html)
			r->is_api = 0;	/* the plain form gets a page */
		reply_error(r, err_status(e), err_msg(e));
		return;
	}
	(void)image_scan(r->a, &im, &lim, &sc);

	crypto_hash_sha256(h, im.data, im.len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	ext = image_ext(im.type);
	dir = arena_printf(r->a, "%s/%.2s", c->uploads_dir, hex);
	if (util_mkdir_p(dir) == -1 ||
	    write_once(r->a, dir, arena_printf(r->a, "%s.%s", hex, ext),
	    im.data, im.len) == -1 ||
	    write_once(r->a, dir, arena_printf(r->a, "%s.t.%s", hex, ext),
	    im.thumb, im.thumb_len) == -1) {
		reply_error(r, 503, NULL);
		return;
	}
	words = boxes_json(sc.words, sc.nwords);
	qr = boxes_json(sc.qr, sc.nqr);
	memset(&un, 0, sizeof(un));
	un.hash = hex;
	un.uploader = r->sess->user_id;
	un.mime = image_mime(im.type);
	un.bytes = (int64_t)im.len;
	un.width = im.width;
	un.height = im.height;
	un.thumb_bytes = (int64_t)im.thumb_len;
	un.phash = sc.dhash;
	un.scan = sc.failed ? "failed" : sc.timed_out ? "timeout" : "done";
	un.ocr_text = sc.text;
	un.ocr_words = words ? words : "[]";
	un.qr = qr ? qr : "[]";
	if (store_upload_add(r->w->db, &un) == -1) {
		free(words);
		free(qr);
		reply_error(r, 503, NULL);
		return;
	}
	free(words);
	free(qr);
	log_info("uploads: %s by user %lld: %dx%d %zu bytes, ocr %lld ms "
	    "(%s), qr %lld ms, %zu words, %zu codes", hex,
	    (long long)r->sess->user_id, im.width, im.height, im.len,
	    (long long)(sc.ocr_us / 1000), un.scan,
	    (long long)(sc.qr_us / 1000), sc.nwords, sc.nqr);

	url = arena_printf(r->a, "/uploads/%s.%s", hex, ext);
	turl = arena_printf(r->a, "/uploads/%s.t.%s", hex, ext);
	if (html) {
		r->is_api = 0;
		dd.url = url;
		dd.md = arena_printf(r->a, "![](%s)", url);
		dd.width = im.width;
		dd.height = im.height;
		layout_page(r, 200, T(r->lang, "Picture uploaded"),
		    upload_done_main, &dd);
		return;
	}
	o = json_pack("{s:s, s:i, s:i, s:s, s:s}", "url", url,
	    "width", im.width, "height", im.height, "thumb", turl,
	    "markdown", arena_printf(r->a, "![](%s)", url));
	js = json_dumps(o, JSON_COMPACT);
	reply_json(r, 200, arena_strdup(r->a, js));
	free(js);
	json_decref(o);
}

void
page_upload_get(struct req *r)
{
	const struct conf	*c = r->w->conf;
	const char		*name = r->param[0], *mime, *path;
	char			 hash[65], *data;
	size_t			 len;
	int			 thumb, found, public, mine;

	if (name == NULL || strlen(name) > 80 ||
	    name_parse(name, hash, &thumb) == -1) {
		reply_error(r, 404, NULL);
		return;
	}
	if (store_upload_access(r->w->db, r->a, hash, r->sess ?
	    r->sess->user_id : 0, &found, &mime, &public, &mine) == -1)
		return;
	if (!found || !(public || mine || qa_sees_held(r))) {
		reply_error(r, 404, NULL);
		return;
	}
	/* The stored name's extension is the type's own, whatever was asked. */
	path = arena_printf(r->a, "%s/%.2s/%s%s.%s", c->uploads_dir, hash,
	    hash, thumb ? ".t" : "", strcmp(mime, "image/png") == 0 ? "png" :
	    strcmp(mime, "image/jpeg") == 0 ? "jpg" : "webp");
	if (read_all(r->a, path, &data, &len) == -1) {
		log_warn("uploads: %s is in the table but not readable", path);
		reply_error(r, 404, NULL);
		return;
	}
	r->resp.status = 200;
	r->resp.ctype = mime;
	r->resp.no_cache = 1;
	buf_init(&r->resp.body, r->a);
	buf_put(&r->resp.body, data, len);
	reply_header(r, "Content-Security-Policy", "sandbox");
	reply_header(r, "Content-Disposition", "inline");
	reply_header(r, "Cache-Control", public ?
	    "public, max-age=31536000, immutable" :
	    "private, max-age=31536000, immutable");
	reply_header(r, "Vary", "Cookie");
}

/* A box of a word that looks like a contact point or an address. */
static int
word_suspect(const char *t)
{
	size_t	digits = 0;

	for (; *t != '\0'; t++) {
		if ((*t >= '0' && *t <= '9') ||
		    ((unsigned char)t[0] == 0xEF && (unsigned char)t[1] == 0xBC &&
		    (unsigned char)t[2] >= 0x90 && (unsigned char)t[2] <= 0x99))
			digits++;
		if (*t == '@' || *t == '/' || *t == ':')
			return 1;
	}
	return digits >= 3;
}

void
upload_mod_html(struct html *w, struct req *r, int64_t post)
{
	struct upload_row	*rows;
	size_t			 n, i, k;
	json_t			*arr, *it;
	const char		*t;

	if (store_upload_of_post(r->w->db, r->a, post, &rows, &n) == -1 ||
	    n == 0)
		return;
	html_lit(w, "<section class=\"mod-images\"><h2>");
	html_text(w, T(r->lang, "Pictures in this post"));
	html_lit(w, "</h2>\n");
	for (i = 0; i < n; i++) {
		html_lit(w, "<figure class=\"mod-image\">");
		/* SVG attributes, not CSS: the page's CSP allows no inline
		 * style.  Red: QR codes and words that look like contact
		 * points; grey: every other word OCR found. */
		html_lit(w, "<svg role=\"img\" viewBox=\"0 0 ");
		html_int(w, rows[i].width);
		html_lit(w, " ");
		html_int(w, rows[i].height);
		html_lit(w, "\" width=\"100%\" aria-label=\"");
		html_attr(w, T(r->lang, "The picture with what the checks "
		    "found outlined"));
		html_lit(w, "\"><image href=\"/uploads/");
		html_attr(w, rows[i].hash);
		html_lit(w, ".");
		html_attr(w, strcmp(rows[i].mime, "image/png") == 0 ? "png" :
		    strcmp(rows[i].mime, "image/jpeg") == 0 ? "jpg" : "webp");
		html_lit(w, "\" x=\"0\" y=\"0\" width=\"");
		html_int(w, rows[i].width);
		html_lit(w, "\" height=\"");
		html_int(w, rows[i].height);
		html_lit(w, "\"/>");
		for (k = 0; k < 2; k++) {
			size_t	j;

			arr = json_loads(k == 0 ? rows[i].ocr_words :
			    rows[i].qr, 0, NULL);
			json_array_foreach(arr, j, it) {
				t = json_string_value(json_object_get(it, "t"));
				html_lit(w, "<rect fill=\"none\" stroke=\"");
				if (k == 1 || (t != NULL && word_suspect(t)))
					html_lit(w, "#d00\" stroke-width=\"4\"");
				else
					html_lit(w, "#888\" stroke-width=\"1\"");
				html_lit(w, " x=\"");
				html_int(w, json_integer_value(
				    json_object_get(it, "x")));
				html_lit(w, "\" y=\"");
				html_int(w, json_integer_value(
				    json_object_get(it, "y")));
				html_lit(w, "\" width=\"");
				html_int(w, json_integer_value(
				    json_object_get(it, "w")));
				html_lit(w, "\" height=\"");
				html_int(w, json_integer_value(
				    json_object_get(it, "h")));
				html_lit(w, "\"><title>");
				html_text(w, t ? t : "");
				html_lit(w, "</title></rect>");
			}
			json_decref(arr);
		}
		html_lit(w, "</svg><figcaption>");
		if (rows[i].banned) {
			html_lit(w, "<p><strong>");
			html_text(w, T(r->lang, "Matches a picture removed as "
			    "a scam."));
			html_lit(w, "</strong></p>");
		}
		if (strcmp(rows[i].scan, "done") != 0) {
			html_lit(w, "<p><strong>");
			html_text(w, T(r->lang, "The text of this picture "
			    "could not be read in time."));
			html_lit(w, "</strong></p>");
		}
		html_lit(w, "<p>");
		html_text(w, T(r->lang, "Words found in the picture:"));
		html_lit(w, "</p><pre class=\"ocr-text\">");
		html_text(w, rows[i].ocr_text);
		html_lit(w, "</pre>");
		arr = json_loads(rows[i].qr, 0, NULL);
		json_array_foreach(arr, k, it) {
			if (k == 0) {
				html_lit(w, "<p>");
				html_text(w, T(r->lang, "QR codes:"));
				html_lit(w, "</p><ul>");
			}
			html_lit(w, "<li><code>");
			html_text(w, json_string_value(json_object_get(it,
			    "t")) ? json_string_value(json_object_get(it,
			    "t")) : "");
			html_lit(w, "</code></li>");
			if (k + 1 == json_array_size(arr))
				html_lit(w, "</ul>");
		}
		json_decref(arr);
		html_lit(w, "</figcaption></figure>\n");
	}
	html_lit(w, "</section>\n");
}

void
upload_editor_html(struct html *w, struct req *r, const char *textarea_id)
{
	html_lit(w, "<div class=\"upload-box\" data-upload-for=\"");
	html_attr(w, textarea_id);
	html_lit(w, "\" data-label-pick=\"");
	html_attr(w, T(r->lang, "Add a picture"));
	html_lit(w, "\" data-label-busy=\"");
	html_attr(w, T(r->lang, "Uploading the picture…"));
	html_lit(w, "\" data-label-done=\"");
	html_attr(w, T(r->lang, "Picture added to the text."));
	html_lit(w, "\" data-label-failed=\"");
	html_attr(w, T(r->lang, "The picture could not be uploaded."));
	html_lit(w, "\"><a class=\"upload-link\" href=\"/uploads/new\" "
	    "target=\"_blank\" rel=\"noopener\">");
	html_text(w, T(r->lang, "Add a picture"));
	html_lit(w, "</a> <span class=\"hint\">");
	html_text(w, T(r->lang, "PNG, JPEG or WebP, up to 5 MB. You can also "
	    "paste a screenshot or drop a picture on the text. Location data "
	    "is removed; the text in pictures is checked like the post."));
	html_lit(w, "</span></div>\n");
}

static void
upload_form_main(struct html *w, struct req *r, void *arg)
{
	(void)arg;
	html_lit(w, "<h1>");
	html_text(w, T(r->lang, "Add a picture"));
	html_lit(w, "</h1>\n<form method=\"post\" action=\"/uploads\" "
	    "enctype=\"multipart/form-data\" class=\"upload-form\">");
	layout_csrf(w, r);
	html_lit(w, "<input type=\"hidden\" name=\"form\" value=\"1\">"
	    "<p><label for=\"file\">");
	html_text(w, T(r->lang, "Picture (PNG, JPEG or WebP, up to 5 MB)"));
	html_lit(w, "</label><br><input type=\"file\" id=\"file\" name=\"file\" "
	    "accept=\"image/png,image/jpeg,image/webp\" required></p>"
	    "<p class=\"hint\">");
	html_text(w, T(r->lang, "Location data and other metadata are removed. "
	    "The picture is shown to others only once a post that shows it "
	    "is published."));
	html_lit(w, "</p><p><button type=\"submit\">");
	html_text(w, T(r->lang, "Upload"));
	html_lit(w, "</button></p></form>\n");
}

void
page_upload_form(struct req *r)
{
	layout_page(r, 200, T(r->lang, "Add a picture"), upload_form_main,
	    NULL);
}
