-- 0080_search_version.sql: which version of the search document the posts
-- hold (text/fold.h, FOLD_DOC_VERSION).
--
-- Version 2 adds the dictionary forms of verbs and adjectives (MeCab) after
-- the grams.  At start, `sodan serve` rewrites every post's search_doc in
-- batches when the stored version is older than the binary's, then records
-- the new one; until then older documents are still found by their grams.
CREATE TABLE search_state (
	doc_version	integer NOT NULL
);
INSERT INTO search_state (doc_version) VALUES (1);
