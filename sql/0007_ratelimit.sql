-- 0007_ratelimit.sql: rate limits (issue 7).  Moderators reset a user's
-- or an IP address's allowances on /mod/limits; each reset is a mod_log row
-- with action 'reset_limit' and, for an IP, target_kind 'ip' (target_text:
-- the limit subject, e.g. "ip:192.0.2.7" or "ip6:2001:db8:1:2::/64").
ALTER TABLE mod_log DROP CONSTRAINT mod_log_target_kind_check;
ALTER TABLE mod_log ADD CONSTRAINT mod_log_target_kind_check
	CHECK (target_kind IN ('post', 'user', 'contact', 'ip'));
