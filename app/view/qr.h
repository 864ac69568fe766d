/* qr.h: QR codes as inline SVG (libqrencode), for the two-factor set-up. */
#ifndef SODAN_QR_H
#define SODAN_QR_H

#include "view/html.h"

/*
 * Writes text as a QR code (error correction M): one <svg> with a single
 * <path> whose d attribute is built from integers only, no style or
 * script, so it passes the Content-Security-Policy.  label is the
 * accessible name (escaped).  Returns 0, or -1 (nothing written) when
 * the text cannot be encoded.
 */
int	qr_svg(struct html *, const char *text, const char *label);

#endif
