-- 0170_keyset.sql: indexes for the lists read by keyset (no OFFSET;
-- app/store/keyset.c, store_modq_list, store_modlog_list; the statements
-- KS_*, MODQ_LIST, MODQ_FIRST in app/store/queries.def).  Each matches a
-- list's WHERE and ORDER BY column for column, so a page, however deep,
-- reads LIMIT + 1 index entries.  tests/http/t297_keyset_plans.py runs
-- EXPLAIN on every list statement against a seeded database and fails on
-- a sequential scan of posts or threads or on a Sort of a large input.
--
-- A category, "active" (pinned first), and the other orders.
CREATE INDEX threads_ks_cat_pin ON threads
	(category_id, pinned DESC, last_activity_at DESC, id DESC) WHERE visible;
CREATE INDEX threads_ks_cat_at ON threads
	(category_id, last_activity_at DESC, id DESC) WHERE visible;
CREATE INDEX threads_ks_cat_new ON threads
	(category_id, created_at DESC, id DESC) WHERE visible;
-- Every category (home, the JSON API without a category).
CREATE INDEX threads_ks_at ON threads (last_activity_at DESC, id DESC)
	WHERE visible;
CREATE INDEX threads_ks_new ON threads (created_at DESC, id DESC)
	WHERE visible;
-- What a user asked.
CREATE INDEX threads_ks_author ON threads (author_id, created_at DESC, id DESC)
	WHERE visible;
-- The moderators' queues, oldest first; the first-posts queue walks the
-- visible posts by time.
CREATE INDEX mod_queue_ks_open ON mod_queue (kind, created_at, id)
	WHERE state = 'open';
CREATE INDEX posts_ks_visible_created ON posts (created_at, id)
	WHERE state = 'visible';
-- Superseded by the ones above (same leading columns, plus the id).
DROP INDEX IF EXISTS threads_activity;
DROP INDEX IF EXISTS mod_queue_kind;
