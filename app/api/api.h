/* api/api.h: what the JSON API's handlers share. */
#ifndef API_API_H
#define API_API_H

#include <jansson.h>

struct req;

/* Replies with o as compact JSON, status given, and releases o. */
void	api_send(struct req *, int status, json_t *o);

#endif
