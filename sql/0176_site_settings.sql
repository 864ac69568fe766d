-- 0176_site_settings.sql: the site's settings edited by administrators at
-- /admin/settings (app/pages/adminsettings.c): its name in Japanese and in
-- English (empty: the built-in name) and its logo, a picture uploaded
-- through /uploads (its SHA-256; empty: none), served at /site/logo.
-- One row; every change bumps version in its own transaction (with the
-- audit_log row), and each instance's poller (app/http/sitepoll.c) reads
-- the version every second and takes the new settings, so a change
-- reaches every instance without a restart.
CREATE TABLE site_settings (
	one		boolean PRIMARY KEY DEFAULT true CHECK (one),
	name_ja		text NOT NULL DEFAULT '' CHECK (length(name_ja) <= 200),
	name_en		text NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
	logo		text NOT NULL DEFAULT ''
			    CHECK (logo = '' OR logo ~ '^[0-9a-f]{64}$'),
	version		bigint NOT NULL DEFAULT 0,
	updated_by	bigint,			-- users.id (no foreign key)
	updated_at	timestamptz
);
INSERT INTO site_settings (one) VALUES (true);
