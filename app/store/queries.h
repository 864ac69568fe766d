/* queries.h: the statement registry's names (Q_...), from queries.def. */
#ifndef SODAN_QUERIES_H
#define SODAN_QUERIES_H

enum q {
#define Q(name, n, sql)	Q_##name,
#include "store/queries.def"
#undef Q
	Q__MAX
};

extern const char *const	q_sql[Q__MAX];
extern const int		q_nparams[Q__MAX];
extern const char *const	q_name[Q__MAX];

#endif
