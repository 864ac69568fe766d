/* view/qr.c: QR code to SVG through the HTML writer (integers only). */
#include <qrencode.h>

#include "view/html.h"
#include "view/qr.h"

#define QR_QUIET	4	/* modules of white border */

int
qr_svg(struct html *w, const char *text, const char *label)
{
	QRcode	*q;
	int	 x, y, run, size;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return -1;
	size = q->width + 2 * QR_QUIET;
	html_lit(w, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" width=\"240\" height=\"240\" viewBox=\"0 0 ");
	html_int(w, size);
	html_lit(w, " ");
	html_int(w, size);
	html_lit(w, "\" shape-rendering=\"crispEdges\" aria-label=\"");
	html_attr(w, label);
	html_lit(w, "\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"");
	for (y = 0; y < q->width; y++) {
		for (x = 0; x < q->width; x++) {
			if (!(q->data[y * q->width + x] & 1))
				continue;
			for (run = 1; x + run < q->width &&
			    (q->data[y * q->width + x + run] & 1); run++)
				;
			html_lit(w, "M");
			html_int(w, x + QR_QUIET);
			html_lit(w, " ");
			html_int(w, y + QR_QUIET);
			html_lit(w, "h");
			html_int(w, run);
			html_lit(w, "v1h-");
			html_int(w, run);
			html_lit(w, "z");
			x += run - 1;
		}
	}
	html_lit(w, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
