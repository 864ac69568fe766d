-- 0008_perf.sql: indexes the benchmark (bench/app.sh, docs/performance.md)
-- showed missing.
--
-- Category pages and the category list count each category's visible
-- threads (CATEGORIES, CATEGORY_BY_SLUG).  Without this index the count
-- reads every thread row of the category (120 ms for 16,000 threads on the
-- benchmark data); with it, an index-only scan.
CREATE INDEX threads_visible_category ON threads (category_id) WHERE visible;
