/* cli.h: command-line sub-commands beyond serving (dispatched by main.c). */
#ifndef SODAN_CLI_H
#define SODAN_CLI_H

struct conf;

/*
 * `sodan admin SUBCOMMAND ARGS...` (argv[0] is the sub-command).  Returns
 * the exit status: 0 done, 1 failed (message on stderr), 2 usage.
 */
int	cli_admin(const struct conf *, int argc, char **argv);

#endif
