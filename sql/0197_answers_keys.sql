-- 0197_answers_keys.sql: a member's answers list (KS_ANSWERED_O / _N in
-- app/store/queries.def) and the desk's staff list (DESK_STAFF) read
-- indexes only.  The answers list picks its page from the keys: the
-- threads the member answered in (posts_ks_answered, index-only: at 10 M
-- posts the busiest member's posts were a heap fetch each) and each one's
-- last activity (threads_ks_id_at, index-only by id); only the page's own
-- rows are then read.  The desk's staff list walked every user for the
-- few staff (200,000 users at 10 M posts).  tests/http/t354_scale_plans.py
-- checks the plans.  On a large live database create them first with
-- CREATE INDEX CONCURRENTLY under the same names (docs/operations.md,
-- "Data at scale").
CREATE INDEX posts_ks_answered ON posts (author_id, thread_id)
	WHERE kind <> 'question' AND state = 'visible';
CREATE INDEX threads_ks_id_at ON threads (id, last_activity_at)
	WHERE visible;
CREATE INDEX users_staff_name ON users (display_name, id)
	WHERE role IN ('staff', 'admin');
