-- 0111_desk.sql: the staff desk (docs/support.md): a thread claimed by, or
-- assigned to, one staff member.  Public only as "being handled by
-- staff" on the thread; who holds it is shown to staff on the desk.
CREATE TABLE support_claims (
	thread_id	bigint PRIMARY KEY REFERENCES threads(id)
			ON DELETE CASCADE,
	staff_id	bigint NOT NULL REFERENCES users(id),
	assigned_by	bigint NOT NULL REFERENCES users(id),
	claimed_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_claims_staff ON support_claims (staff_id);
-- the desk lists open unsolved threads oldest first
CREATE INDEX threads_desk ON threads (created_at)
	WHERE visible AND status = 'open' AND accepted_post_id IS NULL
	AND NOT has_official;
