/* cache_internal.h: for the files of app/cache only. */
#ifndef SODAN_CACHE_INTERNAL_H
#define SODAN_CACHE_INTERNAL_H

#include <hiredis.h>

#include "cache/cache.h"

/*
 * Runs a command given as argv (binary-safe).  Returns the reply (caller
 * freeReplyObject()s) or NULL when Redis is unavailable or answered with
 * an error (the error text is logged unless quiet).
 */
redisReply	*cache_cmd(struct cache *, int argc, const char **argv,
		    const size_t *argvlen);

#endif
