-- 0152_admin.sql: the admin console (docs/admin.md).
-- An archived category is hidden from the home page, the category list
-- and the ask form; its threads stay where they are and stay readable.
ALTER TABLE categories ADD COLUMN archived boolean NOT NULL DEFAULT false;
