-- Pictures members upload (docs/images.md).  The file lives under
-- [uploads] dir by its content hash (SHA-256 of the re-encoded bytes);
-- this row says who uploaded it and what the pixel checks found.
CREATE TABLE uploads (
	hash		text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
	uploader_id	bigint NOT NULL REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	mime		text NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp')),
	bytes		integer NOT NULL,
	width		integer NOT NULL,
	height		integer NOT NULL,
	thumb_bytes	integer NOT NULL,
	phash		bigint NOT NULL,	-- dHash, 64 bits as a signed integer
	scan		text NOT NULL CHECK (scan IN ('done', 'timeout', 'failed')),
	ocr_text	text NOT NULL DEFAULT '',
	ocr_words	jsonb NOT NULL DEFAULT '[]',	-- [{"t","x","y","w","h","c"}]
	qr		jsonb NOT NULL DEFAULT '[]'	-- [{"t","x","y","w","h"}]
);
CREATE INDEX uploads_uploader ON uploads (uploader_id, created_at);

-- Which post shows which picture; filled in the transaction that writes
-- the post (each write replaces the post's links).
CREATE TABLE post_uploads (
	post_id		bigint NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	hash		text NOT NULL REFERENCES uploads(hash),
	PRIMARY KEY (post_id, hash)
);
CREATE INDEX post_uploads_hash ON post_uploads (hash);

-- Perceptual hashes of pictures of posts removed as scams: the same
-- picture uploaded again, by anyone, holds its post.
CREATE TABLE banned_phashes (
	phash		bigint PRIMARY KEY,
	post_id		bigint REFERENCES posts(id) ON DELETE SET NULL,
	hash		text NOT NULL,
	banned_by	bigint REFERENCES users(id),
	banned_at	timestamptz NOT NULL DEFAULT now()
);

-- Everyone who uploaded a picture (the same bytes may come from several
-- members): each may see it before it is published.
CREATE TABLE upload_users (
	hash		text NOT NULL REFERENCES uploads(hash),
	user_id		bigint NOT NULL REFERENCES users(id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (hash, user_id)
);
