/*
 * upload.h: pictures in posts (pages/upload.c, docs/images.md).
 *
 * The pictures' text goes through the same filters as the post
 * (post/pictures.c, filter_post_pictures()); store_uploads_link() runs in
 * the transaction that writes a post and store_uploads_ban() in a removal
 * as scam (store.h).
 */
#ifndef SODAN_UPLOAD_H
#define SODAN_UPLOAD_H

#include <stdint.h>

#include "http/req.h"
#include "view/html.h"

struct md_links;

/*
 * The picture controls under a post's textarea (id textarea_id): a link to
 * the plain upload form, which assets/js/app.js turns into a file picker
 * with a progress bar, paste and drop, inserting ![](url) at the cursor.
 */
void	upload_editor_html(struct html *, struct req *, const char *textarea_id);
/* The moderator's view of a post's pictures: found regions outlined, words listed. */
void	upload_mod_html(struct html *, struct req *, int64_t post);

#endif
