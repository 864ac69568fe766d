/* store/queries.c: the statement registry's text, from queries.def. */
#include "store/queries.h"

const char *const q_sql[Q__MAX] = {
#define Q(name, n, sql)	[Q_##name] = sql,
#include "store/queries.def"
#undef Q
};

const int q_nparams[Q__MAX] = {
#define Q(name, n, sql)	[Q_##name] = n,
#include "store/queries.def"
#undef Q
};

const char *const q_name[Q__MAX] = {
#define Q(name, n, sql)	[Q_##name] = #name,
#include "store/queries.def"
#undef Q
};
