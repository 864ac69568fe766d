-- 0160_mod_lists.sql: moderation lists edited by admins at /admin/lists
-- (app/pages/adminlists.c).  Each entry is added at compile time to the
-- file of conf/moderation it belongs to (app/post/ruleset.c): block and
-- allow domains, watched words (a generated .rules file), the exchange's
-- official domains (allow list), phone numbers and handles
-- (official_contacts.txt) and brands (brands.txt: "label domain ...").
-- mod_list_version has one row; every change bumps it in its own
-- transaction, and each instance's rule loader polls it and recompiles
-- when it moved, so a change reaches every instance without a restart.
CREATE TABLE mod_list_entries (
	id		bigserial PRIMARY KEY,
	list		text NOT NULL CHECK (list IN ('block_domain',
			    'allow_domain', 'watch_word', 'official_domain',
			    'official_phone', 'official_handle', 'brand')),
	value		text NOT NULL CHECK (value <> '' AND length(value) <= 300),
	note		text NOT NULL DEFAULT '',
	created_by	bigint,			-- users.id (no foreign key)
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (list, value)
);

CREATE TABLE mod_list_version (
	one		boolean PRIMARY KEY DEFAULT true CHECK (one),
	version		bigint NOT NULL
);
INSERT INTO mod_list_version (one, version) VALUES (true, 0);
