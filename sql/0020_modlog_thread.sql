-- 0020_modlog_thread.sql: moderators' and staff's acts on a whole thread
-- (close, reopen, lock, pin, unpin, duplicate: app/pages/thread.c) are
-- mod_log rows with target_kind 'thread' (target_id: threads.id,
-- target_text: its title, target_user: its author).
ALTER TABLE mod_log DROP CONSTRAINT mod_log_target_kind_check;
ALTER TABLE mod_log ADD CONSTRAINT mod_log_target_kind_check
	CHECK (target_kind IN ('post', 'user', 'contact', 'ip', 'thread'));
