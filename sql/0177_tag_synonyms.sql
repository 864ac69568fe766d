-- 0177_tag_synonyms.sql: tag synonyms made by administrators at
-- /admin/tags (app/pages/admin.c, app/store/admin.c; docs/admin.md,
-- "Tags").  A row says that alias is written as tag: making it retags
-- every thread that has alias (in the same transaction), and from then
-- on every tag a member types is mapped to its canonical tag in the
-- post's write (app/post/post.c tags_canonical, and tag_canonical()
-- below inside store_post_write's transaction).
--
-- No chains: a canonical tag is never an alias itself and an alias is
-- never the canonical tag of another (the trigger below; the console
-- re-points A -> B to C before it makes B -> C).  Changes and the post
-- writes that map tags take the transaction-scoped advisory lock
-- 'sodan:tag_synonyms' (changes exclusive, writes shared), so a thread
-- written while a synonym is made is either seen by its retagging or
-- mapped by its own write.
CREATE TABLE tag_synonyms (
	alias		text PRIMARY KEY
			    CHECK (alias <> '' AND length(alias) <= 200),
	tag		text NOT NULL
			    CHECK (tag <> '' AND tag <> alias AND
			    length(tag) <= 200),
	created_by	bigint,			-- users.id (no foreign key)
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tag_synonyms_tag ON tag_synonyms (tag);

CREATE FUNCTION tag_synonyms_no_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM tag_synonyms WHERE alias = NEW.tag) THEN
		RAISE EXCEPTION 'tag % is itself a synonym', NEW.tag
		    USING ERRCODE = 'check_violation';
	END IF;
	IF EXISTS (SELECT 1 FROM tag_synonyms WHERE tag = NEW.alias) THEN
		RAISE EXCEPTION 'tag % has synonyms of its own', NEW.alias
		    USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END;
$$;
CREATE TRIGGER tag_synonyms_no_chain BEFORE INSERT OR UPDATE ON tag_synonyms
    FOR EACH ROW EXECUTE FUNCTION tag_synonyms_no_chain();

-- tags with every alias replaced by its tag, duplicates dropped, the
-- first place of each kept.
CREATE FUNCTION tag_canonical(tags text[]) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(x ORDER BY o), '{}') FROM (
	    SELECT coalesce(s.tag, u.x) AS x, min(u.o) AS o
	    FROM unnest(tags) WITH ORDINALITY AS u(x, o)
	    LEFT JOIN tag_synonyms s ON s.alias = u.x
	    GROUP BY coalesce(s.tag, u.x)) d
$$;
