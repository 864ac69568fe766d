/* view/form.c: labelled inputs and error summaries for forms. */
#include <string.h>

#include "view/form.h"
#include "view/html.h"
#include "view/i18n.h"

static const char	*err_for(const struct form_errs *, const char *);
static void		 input_any(struct html *, const char *, const char *,
			    const char *, const char *, const char *,
			    const char *, const struct form_errs *, int, int);

void
form_err(struct form_errs *e, const char *field, const char *msg)
{
	if (e->n >= FORM_MAX_ERRS)
		return;
	e->field[e->n] = field;
	e->msg[e->n] = msg;
	e->n++;
}

static const char *
err_for(const struct form_errs *e, const char *name)
{
	size_t	i;

	if (e == NULL)
		return NULL;
	for (i = 0; i < e->n; i++)
		if (e->field[i] != NULL && strcmp(e->field[i], name) == 0)
			return e->msg[i];
	return NULL;
}

void
form_errors(struct html *w, enum lang l, const struct form_errs *e)
{
	size_t	i;

	if (e == NULL || e->n == 0)
		return;
	html_lit(w, "<div class=\"form-errors\" role=\"alert\" "
	    "tabindex=\"-1\"><p>");
	html_text(w, T(l, "Please check the following:"));
	html_lit(w, "</p><ul>");
	for (i = 0; i < e->n; i++) {
		html_lit(w, "<li>");
		if (e->field[i] != NULL) {
			html_lit(w, "<a href=\"#");
			html_attr(w, e->field[i]);
			html_lit(w, "\">");
			html_text(w, e->msg[i]);
			html_lit(w, "</a>");
		} else
			html_text(w, e->msg[i]);
		html_lit(w, "</li>");
	}
	html_lit(w, "</ul></div>\n");
}

void
form_input_code(struct html *w, const char *name, const char *label,
    const struct form_errs *e)
{
	input_any(w, name, label, "text", NULL, "one-time-code", NULL, e, 1,
	    1);
}

void
form_input(struct html *w, const char *name, const char *label,
    const char *type, const char *value, const char *autocomplete,
    const char *hint, const struct form_errs *e, int required)
{
	input_any(w, name, label, type, value, autocomplete, hint, e,
	    required, 0);
}

static void
input_any(struct html *w, const char *name, const char *label,
    const char *type, const char *value, const char *autocomplete,
    const char *hint, const struct form_errs *e, int required, int numeric)
{
	const char	*err = err_for(e, name);

	html_lit(w, "<div class=\"field\"><label for=\"");
	html_attr(w, name);
	html_lit(w, "\">");
	html_text(w, label);
	html_lit(w, "</label><input id=\"");
	html_attr(w, name);
	html_lit(w, "\" name=\"");
	html_attr(w, name);
	html_lit(w, "\" type=\"");
	html_attr(w, type);
	html_lit(w, "\"");
	if (value != NULL) {
		html_lit(w, " value=\"");
		html_attr(w, value);
		html_lit(w, "\"");
	}
	if (autocomplete != NULL) {
		html_lit(w, " autocomplete=\"");
		html_attr(w, autocomplete);
		html_lit(w, "\"");
	}
	if (required)
		html_lit(w, " required");
	/* A 6-digit code (TOTP): the number pad, and nothing else sent. */
	if (numeric)
		html_lit(w, " inputmode=\"numeric\" pattern=\"[0-9]{6}\"");
	if (hint != NULL || err != NULL) {
		html_lit(w, " aria-describedby=\"");
		html_attr(w, name);
		html_lit(w, "-hint\"");
	}
	if (err != NULL)
		html_lit(w, " aria-invalid=\"true\"");
	html_lit(w, ">");
	if (hint != NULL || err != NULL) {
		html_lit(w, "<p class=\"hint\" id=\"");
		html_attr(w, name);
		html_lit(w, "-hint\">");
		if (err != NULL) {
			html_lit(w, "<strong class=\"field-error\">");
			html_text(w, err);
			html_lit(w, "</strong> ");
		}
		if (hint != NULL)
			html_text(w, hint);
		html_lit(w, "</p>");
	}
	html_lit(w, "</div>\n");
}
