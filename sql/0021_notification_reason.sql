-- 0021_notification_reason.sql: the reason moderators gave (a removal
-- reason such as 'scam', or the flag reason that hid a post), shown to the
-- author in their notification list.  '' when there is none.
ALTER TABLE notifications ADD COLUMN reason text NOT NULL DEFAULT '';
