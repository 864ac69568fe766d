-- 0202_support_cases_keyset.sql: the desk's open support cases are read a
-- page at a time by keyset on (created_at, id) (DESK_CASES_O / _N in
-- app/store/queries.def), not all of them (300 at most, joined to every
-- user) on each view.  This index is that order, open cases only; it
-- serves whatever support_cases_open (created_at alone) served, which it
-- replaces.  tests/http/t359_desk_cases_memo.py checks the plan.
CREATE INDEX support_cases_ks_open ON support_cases (created_at, id)
	WHERE state = 'open';
DROP INDEX IF EXISTS support_cases_open;
