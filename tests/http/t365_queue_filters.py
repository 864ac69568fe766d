#!/usr/bin/env python3
"""t365_queue_filters: the moderator queue's filtered views read a page's
worth of index (migration 0204; docs/performance.md, "Data at scale").

- Through the server: a held item is listed under its thread's category
  and not another's, under a word of its reasons, and a flagged item under
  its flag's reason; after an administrator merges the category into
  another (the admin console's merge, confirmed), the open item is listed
  under the new category and no longer under the old one, in the page and
  in the API.
- Plans, on 12,000 threads and 6,000 open items of this file's own
  database, under EXPLAIN (ANALYZE) with the plan the server uses (custom:
  the statement is planned for each view): a rare category (30 items
  spread through the queue) walks mod_queue_ks_open_cat and reads at most
  a page of queue rows and posts, first page and deep; a rare reason (5
  items) and a flag's reason (10 flagged items) read at most a page of
  queue rows and posts.  The statement as it was (the category from the
  thread's row, the flags looked up for each post) fails the same check,
  so the check can fail.
- Each view lists exactly the items SQL gives for its filter, in order
  (a category with a language too).
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import plan_util  # noqa: E402
from plan_util import nodes, statements  # noqa: E402
from qa_util import Session, q  # noqa: E402

LIM = 21                # the queue's page (20) and one to know of more
NT = 12000


def load():
    harness.psql(
        "INSERT INTO categories (slug, name_ja, name_en, position) SELECT "
        "'qf-' || g, '分類 ' || g, 'Filter ' || g, 200 + g "
        "FROM generate_series(1, 8) g; "
        "INSERT INTO categories (slug, name_ja, name_en, position) VALUES "
        "('qf-rare', '稀な分類', 'Rare category', 300); "
        "INSERT INTO users (username, username_key, display_name, role, "
        "trust_level, lang, created_at) SELECT 'u365_' || g, 'u365_' || g, "
        "'U ' || g, 'user', 1, 'en', now() - interval '300 days' "
        "FROM generate_series(1, 300) g; "
        "INSERT INTO threads (category_id, author_id, title, lang, status, "
        "visible, created_at, last_activity_at) SELECT CASE WHEN g %% 400 = 7 "
        "THEN (SELECT id FROM categories WHERE slug = 'qf-rare') ELSE "
        "(SELECT id FROM categories WHERE slug = 'qf-' || (1 + g %% 8)) END, "
        "(SELECT min(id) FROM users WHERE username LIKE 'u365%%') + g %% 300, "
        "'Queue filter question ' || g, CASE WHEN g %% 3 = 0 THEN 'ja' "
        "ELSE 'en' END, 'open', true, now() - g * interval '1 minute', "
        "now() - g * interval '1 minute' FROM generate_series(1, %d) g; "
        "INSERT INTO posts (thread_id, author_id, kind, state, body_md, "
        "created_at, updated_at) SELECT id, author_id, 'question', "
        "'visible', 'text', created_at, created_at FROM threads "
        "WHERE title LIKE 'Queue filter question %%'; "
        "INSERT INTO posts (thread_id, author_id, kind, state, body_md, "
        "created_at, updated_at) SELECT t.id, t.author_id, 'answer', "
        "CASE WHEN k = 0 THEN 'held' ELSE 'visible' END, 'answer text', "
        "t.created_at + interval '1 second', t.created_at + "
        "interval '1 second' FROM threads t, generate_series(0, 1) k "
        "WHERE t.title LIKE 'Queue filter question %%' AND "
        "(k = 0) = (t.id %% 2 = 0 OR t.category_id = (SELECT id FROM "
        "categories WHERE slug = 'qf-rare'))" % NT)
    # the held answers' items (their category from the trigger of 0204),
    # a rare reason on 5; flags on 2,000 visible answers, 10 of them
    # abusive
    harness.psql(
        "INSERT INTO mod_queue (post_id, kind, score, reasons, created_at) "
        "SELECT id, 'held', 1, CASE WHEN n % 1200 = 2 THEN "
        "'scam.t365_rare; dm.ja_dm' ELSE 'bench.wave' END, created_at "
        "FROM (SELECT id, created_at, row_number() OVER (ORDER BY id) AS n "
        "FROM posts WHERE state = 'held' AND body_md = 'answer text') h; "
        "INSERT INTO flags (post_id, user_id, reason, weight, created_at) "
        "SELECT p.id, (SELECT min(id) FROM users WHERE username LIKE "
        "'u365%'), CASE WHEN n % 200 = 3 THEN 'abusive' ELSE 'spam' END, "
        "1, p.created_at FROM (SELECT id, created_at, row_number() OVER "
        "(ORDER BY id) AS n FROM posts WHERE body_md = 'answer text' AND "
        "state = 'visible' ORDER BY id LIMIT 2000) p; "
        "INSERT INTO mod_queue (post_id, kind, score, created_at) SELECT "
        "post_id, 'flagged', 1, created_at FROM flags WHERE user_id = "
        "(SELECT min(id) FROM users WHERE username LIKE 'u365%')")
    harness.psql("VACUUM ANALYZE")


def post_ids(body):
    return [int(x) for x in re.findall(r'href="/mod/post/(\d+)"', body)]


def problems(plan):
    """More than a page read from mod_queue or posts, or the queue of a
    category not walked by its index."""
    out = []
    for n in nodes(plan):
        rel = n.get("Relation Name")
        if rel in ("mod_queue", "posts"):
            rows = n["Actual Rows"] * n.get("Actual Loops", 1)
            removed = n.get("Rows Removed by Filter", 0) * \
                n.get("Actual Loops", 1)
            if rows + removed > LIM:
                out.append("%s: %d rows read (%d kept) by %s"
                           % (rel, rows + removed, rows, n["Node Type"]))
    return out


class QueueFilters(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load()

    def want(self, kind, cond, limit=LIM - 1):
        return [int(x) for x in harness.psql(
            "SELECT q.post_id FROM mod_queue q JOIN posts p ON p.id = "
            "q.post_id JOIN threads t ON t.id = p.thread_id JOIN categories "
            "c ON c.id = t.category_id WHERE q.state = 'open' AND q.kind = "
            "'%s' AND %s ORDER BY q.created_at, q.id LIMIT %d"
            % (kind, cond, limit)).split()]

    def test_1_plans(self):
        st = statements()
        rare = harness.psql("SELECT id FROM categories WHERE slug = "
                            "'qf-rare'")
        nrare = int(harness.psql(
            "SELECT count(*) FROM mod_queue WHERE state = 'open' AND kind = "
            "'held' AND category_id = %s" % rare))
        self.assertGreaterEqual(nrare, 10)
        deep = harness.psql(
            "SELECT created_at, id FROM mod_queue WHERE state = 'open' AND "
            "kind = 'held' AND category_id = %s ORDER BY created_at, id "
            "OFFSET %d LIMIT 1" % (rare, nrare // 2)).split("|")
        first = ("-infinity", "0")
        cases = []
        for key in (first, tuple(deep)):
            cases += [("MODQ_LIST", ["held", "qf-rare", "", "", LIM, *key]),
                      ("MODQ_LIST_N", ["held", "qf-rare", "", "", LIM,
                                       *key])]
        cases += [("MODQ_LIST", ["held", "", "", "t365_rare", LIM, *first]),
                  ("MODQ_LIST", ["flagged", "", "", "abusive", LIM,
                                 *first])]
        runs = [(n, p, "force_custom_plan") for n, p in cases]
        for (n, p, _), e in zip(runs, plan_util.explain_all("sodan", st,
                                                             runs)):
            what = "%s(%s)" % (n, ", ".join(map(str, p)))
            self.assertEqual(problems(e["Plan"]), [], what)
            used = {x.get("Index Name") for x in nodes(e["Plan"])}
            if p[1]:
                self.assertIn("mod_queue_ks_open_cat", used, what)
        # the statement as it was: the category from the thread, the
        # flags of each post looked up for each item
        old = dict(st)
        for name in ("MODQ_LIST", "MODQ_LIST_N"):
            s = st[name]
            s = s.replace("q.category_id = (SELECT c2.id FROM categories c2 "
                          "WHERE c2.slug = $2)", "c.slug = $2")
            s = s.replace("q.post_id = ANY (ARRAY(SELECT f.post_id FROM "
                          "flags f WHERE f.state = 'open' AND f.reason = "
                          "$4))", "EXISTS (SELECT 1 FROM flags f WHERE "
                          "f.post_id = p.id AND f.state = 'open' AND "
                          "f.reason = $4)")
            self.assertNotEqual(s, st[name], name)
            old[name] = s
        bad = [problems(e["Plan"]) for e in
               plan_util.explain_all("sodan", old, runs)]
        # (all but the reverse read from the first key, which reads
        # nothing either way)
        self.assertTrue(all(b for (n, p, _), b in zip(runs, bad)
                            if not (n == "MODQ_LIST_N" and p[-1] == "0")),
                        bad)

    def test_2_views_and_merge(self):
        mod = Session(self, "t365_mod", role="moderator", trust=3)
        # every view against SQL: a rare category, deep into one with a
        # language, a reason, a flag's reason
        for kind, qs, cond in (
                ("held", "category=qf-rare", "c.slug = 'qf-rare'"),
                ("held", "category=qf-rare&lang=ja",
                 "c.slug = 'qf-rare' AND t.lang = 'ja'"),
                ("held", "reason=t365_rare",
                 "q.reasons LIKE '%t365_rare%'"),
                ("flagged", "reason=abusive", "EXISTS (SELECT 1 FROM flags "
                 "f WHERE f.post_id = p.id AND f.state = 'open' AND "
                 "f.reason = 'abusive')")):
            want = self.want(kind, cond)
            self.assertGreater(len(want), 0, qs)
            r = mod.get("/mod/queue/%s?%s" % (kind, qs))
            self.assertHtmlPage(r, 200)
            self.assertEqual(post_ids(r.body), want, qs)
        # a thread of qf-1 with a held answer: listed under qf-1 only
        cat1 = int(harness.psql("SELECT id FROM categories WHERE slug = "
                                "'qf-1'"))
        pid = int(harness.psql(
            "INSERT INTO posts (thread_id, author_id, kind, state, body_md) "
            "SELECT id, author_id, 'answer', 'held', 'held for t365' FROM "
            "threads WHERE category_id = %d ORDER BY id LIMIT 1 RETURNING id"
            % cat1).splitlines()[0])
        harness.psql("INSERT INTO mod_queue (post_id, kind, created_at) "
                     "VALUES (%d, 'held', '2001-01-01')" % pid)
        self.assertIn(pid, post_ids(mod.get(
            "/mod/queue/held?category=qf-1").body))
        self.assertNotIn(pid, post_ids(mod.get(
            "/mod/queue/held?category=qf-2").body))
        # the administrator merges qf-1 into qf-2 (confirmed)
        admin = Session(self, "t365_admin", role="admin", trust=3)
        harness.psql("UPDATE users SET totp_secret = (SELECT totp_secret "
                     "FROM users WHERE username = 'admin') WHERE id = %d"
                     % admin.user_id)
        cat2 = int(harness.psql("SELECT id FROM categories WHERE slug = "
                                "'qf-2'"))
        r = admin.post("/admin/categories/%d/merge" % cat1,
                       {"into": str(cat2), "confirm": "1"})
        self.assertEqual(r.status, 303, r.body[:300])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM threads WHERE category_id = %d" % cat1),
            "0")
        self.assertIn(pid, post_ids(mod.get(
            "/mod/queue/held?category=qf-2").body))
        self.assertNotIn(pid, post_ids(mod.get(
            "/mod/queue/held?category=qf-1").body))
        j = mod.client.get("/api/v1/mod/queue/held?category=qf-2").json()
        self.assertIn(pid, [i["post_id"] for i in j["items"]])
        # every open item's category is its thread's
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_queue q JOIN posts p ON p.id = "
            "q.post_id JOIN threads t ON t.id = p.thread_id WHERE "
            "q.state = 'open' AND q.category_id IS DISTINCT FROM "
            "t.category_id"), "0")


if __name__ == "__main__":
    harness.main()
