/* cli.h: command-line sub-commands beyond serving (dispatched by main.c). */
#ifndef SODAN_CLI_H
#define SODAN_CLI_H

#include <stddef.h>

struct conf;
struct db;

/*
 * `sodan admin SUBCOMMAND ARGS...` (argv[0] is the sub-command).  Returns
 * the exit status: 0 done, 1 failed (message on stderr), 2 usage.
 */
int	cli_admin(const struct conf *, int argc, char **argv);
/*
 * Seals every two-step secret still stored in clear (a database from
 * before sealing, the demo data); with rotate, re-seals every value under
 * the key acct_seal now uses.  Prints nothing.  0 or -1.
 */
int	cli_seal_secrets(struct db *, int rotate, size_t *changed);

#endif
