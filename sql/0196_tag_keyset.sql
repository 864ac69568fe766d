-- 0196_tag_keyset.sql: a tag's threads by last activity, for any tag, as
-- index ranges (KS_TAG_O / KS_TAG_N in app/store/queries.def).  The GIN
-- index on tags finds a tag's threads but not in activity order: a rare
-- tag's list walked threads_ks_at and filtered (at 10 M posts, 39,499 rows
-- read for 51 of "coin-399", 264 ms), a common one sorted every match.  A
-- thread has at most 5 tags (TAGS_MAX in app/post/post.c), so one btree
-- per place in the array, each in the list's order, makes the list the
-- merge of 5 index ranges of at most a page each; a sixth, partial, index
-- holds the threads with more than 5 tags (none are written today), so no
-- thread is missed whatever its tags.  PostgreSQL keeps them up to date in
-- the writes that change tags, visibility or last activity: nothing in the
-- write path changes.  tests/http/t354_scale_plans.py checks the plans.
-- On a large live database create them first with CREATE INDEX
-- CONCURRENTLY under the same names (docs/operations.md, "Data at scale").
CREATE INDEX threads_ks_tag1 ON threads ((tags[1]), last_activity_at DESC,
	id DESC) WHERE visible AND tags[1] IS NOT NULL;
CREATE INDEX threads_ks_tag2 ON threads ((tags[2]), last_activity_at DESC,
	id DESC) WHERE visible AND tags[2] IS NOT NULL;
CREATE INDEX threads_ks_tag3 ON threads ((tags[3]), last_activity_at DESC,
	id DESC) WHERE visible AND tags[3] IS NOT NULL;
CREATE INDEX threads_ks_tag4 ON threads ((tags[4]), last_activity_at DESC,
	id DESC) WHERE visible AND tags[4] IS NOT NULL;
CREATE INDEX threads_ks_tag5 ON threads ((tags[5]), last_activity_at DESC,
	id DESC) WHERE visible AND tags[5] IS NOT NULL;
CREATE INDEX threads_ks_tag_more ON threads (last_activity_at DESC, id DESC)
	WHERE visible AND cardinality(tags) > 5;
