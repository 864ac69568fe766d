-- 0040_session_mfa.sql: privilege follows the session.  A staff,
-- moderator or admin session has those powers only once it has passed a
-- second factor itself (mfa_at); sensitive acts ask for a fresh one
-- (mfa_at within the last 15 minutes).  NULL: not passed in this session.
ALTER TABLE sessions ADD COLUMN mfa_at timestamptz;
