#!/usr/bin/env python3
"""t146_search_bounded: search in bounded work (store/qa.c,
store_qa_search; docs/qa.md "Search").

The server runs with [search] scan_window = 10, so that a few dozen posts
make it walk several windows of the newest documents and, for a rare word,
switch to the GIN index.  Whatever the path, the results are the same:

- a rare word found in 3 of the 80 newest posts gives exactly those 3
  threads, and
  the search says (Server-Timing) that it went to the full-text index
  after the first window;
- a common word in 80 questions pages through all 80 threads, 20 a page,
  with no thread twice and a "Next" link until the last page; the first
  page walks three windows of the newest posts and stops;
- category and tag filters (the _IN queries) keep their threads only; a
  tag on few threads reads those threads' posts instead of walking;
- post_search follows posts through its trigger: a removed post is no
  longer found, shown again it is, an edited document is found by its new
  words only, and every post has its row.
"""

import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import ensure_user, hit_ids, q  # noqa: E402


def timing(r):
    """(windows, path, candidates) from the Server-Timing header."""
    m = re.match(r'search;dur=[0-9.]+;desc="(\d+) windows, (index|walk|tag), '
                 r'(\d+) candidates"$', r.headers.get("Server-Timing") or "")
    assert m, "no search Server-Timing: %r" % r.headers.get("Server-Timing")
    return int(m.group(1)), m.group(2), int(m.group(3))


class SearchBounded(harness.ServerTest):
    demo = True
    conf = "[search]\nscan_window = 10\n"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.word = "w" + uuid.uuid4().hex[:8]      # in every question
        cls.rare = "r" + uuid.uuid4().hex[:8]      # in three of them
        uid = ensure_user("search_bounded")
        cats = harness.psql("SELECT slug || ':' || id FROM categories "
                            "ORDER BY id LIMIT 2").split("\n")
        cls.cat_a, cat_a = cats[0].split(":")
        cls.cat_b, cat_b = cats[1].split(":")
        # the demo's posts and six more without either word come first:
        # the common word is then in every post of the newest windows (it
        # is walked), the rare one in one of the first ten (the index is
        # cheaper for the rest)
        other = int(harness.psql(
            "INSERT INTO threads (category_id, author_id, title, lang) "
            "VALUES (%s, %d, 'Unrelated', 'en') RETURNING id"
            % (cat_a, uid)).split("\n")[0])
        for i in range(6):
            harness.psql(
                "INSERT INTO posts (thread_id, author_id, kind, body_md, "
                "body_html, search_doc) VALUES (%d, %d, 'answer', 'x', '', "
                "'unrelated answer text')" % (other, uid))
        cls.threads = []
        for i in range(80):
            cat = cat_a if i % 2 == 0 else cat_b
            tag = "evenonly" if i % 4 == 0 else "other"
            doc = "%s question number %d%s" % (
                cls.word, i, " " + cls.rare if i in (3, 30, 57) else "")
            tid = int(harness.psql(
                "INSERT INTO threads (category_id, author_id, title, lang, "
                "tags) VALUES (%s, %d, %s, 'en', ARRAY[%s]) RETURNING id"
                % (cat, uid, q("Bounded search %d" % i), q(tag))
            ).split("\n")[0])
            harness.psql(
                "INSERT INTO posts (thread_id, author_id, kind, body_md, "
                "body_html, search_doc) VALUES (%d, %d, 'question', %s, "
                "'', %s)" % (tid, uid, q(doc), q(doc)))
            cls.threads.append(tid)

    def search(self, words, extra=""):
        r = self.client().get("/search?q=" + words + extra,
                              headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        return r

    def test_every_post_has_its_document(self):
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM posts p LEFT JOIN post_search s ON "
            "s.post_id = p.id WHERE s.post_id IS NULL"), "0")

    def test_rare_word_through_the_index(self):
        r = self.search(self.rare)
        self.assertEqual(sorted(hit_ids(r.body)),
                         sorted(self.threads[i] for i in (3, 30, 57)))
        self.assertEqual(timing(r), (1, "index", 3))

    def test_common_word_pages_walked(self):
        seen = []
        page = 1
        while True:
            r = self.search(self.word, "&page=%d" % page)
            ids = hit_ids(r.body)
            seen += ids
            windows, path, cands = timing(r)
            if page == 1:
                # 63 candidates wanted (3 per result asked for, at least
                # 60): found in the newest windows (10, 20, 40 posts)
                self.assertEqual((windows, path, cands), (3, "walk", 63))
            else:
                # more wanted than there are: every match, whichever way
                self.assertEqual(cands, 80)
            has_next = re.search(r'href="/search\?q=%s[^"]*page=%d"'
                                 % (self.word, page + 1), r.body)
            if page < 4:
                self.assertEqual(len(ids), 20, "page %d" % page)
                self.assertTrue(has_next, "no Next link on page %d" % page)
            else:
                self.assertFalse(has_next, "a Next link on the last page")
                break
            page += 1
        self.assertEqual(len(seen), len(set(seen)), "a thread twice")
        self.assertEqual(sorted(seen), sorted(self.threads))

    def test_filters(self):
        ids = hit_ids(self.search(self.word, "&category=" + self.cat_b).body)
        self.assertEqual(len(ids), 20)
        self.assertTrue(set(ids) <= set(self.threads[1::2]))
        # a tag on few threads: their posts are read first, no walk
        r = self.search(self.word, "&tag=evenonly")
        ids = hit_ids(r.body)
        self.assertEqual(len(ids), 20)
        self.assertEqual(sorted(ids), sorted(self.threads[0::4]))
        self.assertEqual(timing(r), (0, "tag", 20))
        r = self.search(self.rare, "&tag=evenonly")
        self.assertEqual(hit_ids(r.body), [])
        self.assertEqual(timing(r), (0, "tag", 0))
        ids = hit_ids(self.search(self.rare, "&category=" + self.cat_a).body)
        self.assertEqual(ids, [self.threads[30]])

    def test_trigger_follows_posts(self):
        tid = self.threads[57]
        pid = int(harness.psql("SELECT id FROM posts WHERE thread_id = %d "
                               "AND kind = 'question'" % tid))
        harness.psql("UPDATE posts SET state = 'removed' WHERE id = %d"
                     % pid)
        self.assertEqual(harness.psql("SELECT visible FROM post_search "
                                      "WHERE post_id = %d" % pid), "f")
        self.assertNotIn(tid, hit_ids(self.search(self.rare).body))
        harness.psql("UPDATE posts SET state = 'visible' WHERE id = %d"
                     % pid)
        self.assertIn(tid, hit_ids(self.search(self.rare).body))
        new = "n" + uuid.uuid4().hex[:8]
        harness.psql("UPDATE posts SET search_doc = %s WHERE id = %d"
                     % (q(new + " edited question"), pid))
        self.assertEqual(hit_ids(self.search(new).body), [tid])
        self.assertNotIn(tid, hit_ids(self.search(self.rare).body))
        # back as it was, for the other tests
        harness.psql("UPDATE posts SET search_doc = %s WHERE id = %d"
                     % (q("%s question number 57 %s" % (self.word,
                                                          self.rare)), pid))


if __name__ == "__main__":
    harness.main()
