/* acct/roles.c: role names, who needs two factors, and trust levels. */
#include "acct/acct.h"
#include "lib/state.h"

enum role
acct_role_parse(const char *s)
{
	return state_role_parse(s);
}

const char *
acct_role_name(enum role r)
{
	return state_role_name(r);
}

int
acct_role_needs_2fa(enum role r)
{
	return r == ROLE_STAFF || r == ROLE_MODERATOR || r == ROLE_ADMIN;
}

int
acct_role_needs_email(enum role r)
{
	return r == ROLE_STAFF || r == ROLE_MODERATOR || r == ROLE_ADMIN;
}

int
acct_trust_level(const struct acct_trust_in *t)
{
	int	lvl = 0;
	int64_t	accepted = t->accepted;

	if (t->role != ROLE_USER && t->role != ROLE_ANY)
		return 3;
	if (t->flagger_upheld >= 5 && t->flagger_declined <= t->flagger_upheld)
		accepted++;
	if (t->age_days >= 3 && t->posts_kept >= 1)
		lvl = 1;
	if (lvl == 1 && t->age_days >= 30 && t->posts_kept >= 10 &&
	    accepted >= 1)
		lvl = 2;
	if (lvl == 2 && t->age_days >= 180 && t->posts_kept >= 50 &&
	    accepted >= 5)
		lvl = 3;
	if (t->flagger_declined >= 5 &&
	    t->flagger_declined > 2 * t->flagger_upheld)
		lvl--;
	lvl -= t->flags_upheld > 3 ? 3 : (int)t->flags_upheld;
	return lvl < 0 ? 0 : lvl;
}
