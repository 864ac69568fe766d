/*
 * form.h: form pieces shared by the account pages (labelled inputs that
 * keep what was typed, and an error summary screen readers announce).
 */
#ifndef SODAN_FORM_H
#define SODAN_FORM_H

#include <stddef.h>

#include "core.h"
#include "view/html.h"

/* Up to FORM_MAX_ERRS messages (already translated) for one form. */
#define FORM_MAX_ERRS	8

struct form_errs {
	const char	*field[FORM_MAX_ERRS];	/* input name, or NULL for the form */
	const char	*msg[FORM_MAX_ERRS];
	size_t		 n;
};

/* Adds a message (translated text, static or arena-owned) for field. */
void	form_err(struct form_errs *, const char *field, const char *msg);
/* The summary box (role="alert"), nothing when there are no errors. */
void	form_errors(struct html *, enum lang, const struct form_errs *);
/*
 * <label for=name>label</label><input id=name name=name type=type ...>,
 * value escaped (NULL: none; never pass a password), autocomplete and
 * hint (a translated line under the input, NULL for none); marked
 * aria-invalid when e has an error for name.
 */
void	form_input(struct html *, const char *name, const char *label,
	    const char *type, const char *value, const char *autocomplete,
	    const char *hint, const struct form_errs *e, int required);

/*
 * A 6-digit one-time code: form_input() with inputmode="numeric" (a
 * phone shows its number pad), autocomplete="one-time-code".
 */
void	form_input_code(struct html *, const char *name, const char *label,
	    const struct form_errs *e);

#endif
