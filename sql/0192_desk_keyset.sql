-- 0192_desk_keyset.sql: the staff desk's waiting questions read a page at
-- a time by keyset (DESK_PAGE_O / DESK_PAGE_N in app/store/queries.def,
-- store_desk_page): in each category, the unanswered part and the answered
-- part are each an index range in creation order, so a page reads at most
-- (its size + 1) rows of each part of each category, however deep, in
-- place of sorting every open question (900,000 of them at 10 M posts).
-- tests/http/t350_desk_notif_plans.py checks the plans.  On a large live
-- database create them first with CREATE INDEX CONCURRENTLY under the
-- same names (docs/operations.md, "Data at scale").
CREATE INDEX threads_desk_unans ON threads (category_id, created_at, id)
	WHERE visible AND status = 'open' AND accepted_post_id IS NULL
	AND NOT has_official AND answer_count = 0;
CREATE INDEX threads_desk_ans ON threads (category_id, created_at, id)
	WHERE visible AND status = 'open' AND accepted_post_id IS NULL
	AND NOT has_official AND answer_count > 0;
