/*
 * http/sitepoll.h: keeps lib/site.h's settings in step with PostgreSQL
 * (site_settings, migration 0176) on every instance: one thread with its
 * own connection reads the settings' version every SITEPOLL_MS and, when
 * it moved, the settings, then drops this instance's cached pages (they
 * show the site's name).  The change on another instance reaches this
 * one within about a second, with no restart.
 */
#ifndef SODAN_HTTP_SITEPOLL_H
#define SODAN_HTTP_SITEPOLL_H

#define SITEPOLL_MS	1000

/*
 * Loads the settings once (a failure leaves the built-in name, logged)
 * and starts the thread.  0, or -1 when the thread cannot start.
 */
int	sitepoll_start(const char *db_url);
/* Stops the thread and frees the settings (idempotent). */
void	sitepoll_stop(void);

#endif
