/* api/api.h: what the JSON API's handlers share. */
#ifndef API_API_H
#define API_API_H

#include <jansson.h>

struct form_errs;
struct req;

/* Replies with o as compact JSON, status given, and releases o. */
void	api_send(struct req *, int status, json_t *o);
/*
 * A page's form errors as problem details (status 422 "invalid" or 409
 * "conflict"), each at its field; the detail is the one message, or
 * "Please correct the fields." for several.
 */
void	api_form_problem(struct req *, int status, const struct form_errs *);

#endif
