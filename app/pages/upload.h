/*
 * upload.h: pictures in posts (pages/upload.c, docs/images.md).
 *
 * The two hooks the write path of posts calls: upload_filter_post() in
 * place of filter_post() (the pictures' text goes through the same
 * filters), and, on the store side, store_uploads_link() in the
 * transaction that writes a post and store_uploads_ban() in a removal as
 * scam (store.h).
 */
#ifndef SODAN_UPLOAD_H
#define SODAN_UPLOAD_H

#include <stdint.h>

#include "http/req.h"
#include "pages/filter.h"
#include "view/html.h"

struct md_links;

/*
 * filter_post() for a post that may show pictures: the filters see body
 * followed by the OCR text and QR payloads of the uploaded pictures it
 * refers to (QR URLs also as links).  What the pictures add can hold the
 * post (private when it is a secret, e.g. a photographed recovery phrase)
 * but never block it; a picture near a banned dHash, or not read in time,
 * holds it.  Without pictures this is exactly filter_post().
 */
void	upload_filter_post(struct req *, enum filter_kind, const char *title,
	    const char *body, const struct md_links *links,
	    const char *question, struct filter_result *out);
/*
 * The picture controls under a post's textarea (id textarea_id): a link to
 * the plain upload form, which assets/js/app.js turns into a file picker
 * with a progress bar, paste and drop, inserting ![](url) at the cursor.
 */
void	upload_editor_html(struct html *, struct req *, const char *textarea_id);
/* The moderator's view of a post's pictures: found regions outlined, words listed. */
void	upload_mod_html(struct html *, struct req *, int64_t post);

#endif
