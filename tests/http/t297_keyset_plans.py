"""t297: keyset pagination (no OFFSET) and the plans of every list query.

Against a database of its own seeded with 20,000 generated threads
(bench/gen.c), 100,000 posts, 20,000 open queue items and 30,000 audit-log
rows (posts, queue and log written in SQL: the generator cooks Markdown,
too slow under the sanitizers for this many posts):

- every list statement of app/store/queries.def (KS_*, MODQ_LIST,
  MODQ_LIST_ALL, MODQ_FIRST, MODLOG_LIST and their _N twins), with the first page's
  sentinel key and with a key deep in the list, under both the custom and
  the generic plan, is run with EXPLAIN (ANALYZE, FORMAT JSON): a
  sequential scan of posts or threads, or a Sort whose input had more
  than 1,000 rows, fails it; and no statement in the registry says OFFSET;
- the category, tag, user, queue and log pages walk forwards by their
  Older / Next links and back by Newer / Previous, and see exactly the
  rows SQL orders, each once;
- a changed, cut or foreign cursor is a 400 with a message in the
  visitor's language; an old ?page=2 still works and ?page=5000 redirects
  to the first page.
"""
import os
import re
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness
import plan_util
from plan_util import links, nodes, statements

DB = "keyset"
GEN = os.path.join(harness.ROOT, "build-san", "bench-gen")
NT, NP, NU = 10000, 50000, 2000
RUN = os.path.join(harness.test_dir(), "run")
URL = "host=%s dbname=%s user=sodan" % (RUN, DB)
SORT_MAX = 1000          # rows a Sort may take in
LISTS = ("KS_", "MODQ_LIST", "MODQ_FIRST", "MODLOG_LIST")


def sql(q, db=DB, stdin=None):
    return plan_util.sql(q, db, stdin)


def sign_in(client, role):
    uid = int(sql("SELECT id FROM users WHERE role = '%s' ORDER BY id "
                  "LIMIT 1" % role))
    plan_util.sign_in(client, uid, DB)


def load():
    cats = sql("SELECT string_agg(id::text, ',' ORDER BY id) FROM categories")
    u0, t0 = 200000, 1
    tcols = ("id, category_id, author_id, title, lang, status, visible, "
             "pinned, has_official, answer_count, created_at, "
             "last_activity_at, tags, title_fold")
    genv = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    for tbl, cols, args in (
            ("users", "id, username, username_key, display_name, role, "
             "trust_level, lang, created_at", ["users", u0, NU]),
            ("threads", tcols, ["threads", t0, NT, NP, u0, NU, cats, 0, 1])):
        rows = subprocess.run([GEN, "11"] + [str(a) for a in args],
                              stdout=subprocess.PIPE, check=True,
                              env=genv).stdout
        sql("\\copy %s (%s) from stdin" % (tbl, cols), stdin=rows)
    # A question and four answers per thread, by generated users (a few
    # at trust 0, for the first-posts queue); every fifth held and queued;
    # the audit log.
    sql("SET session_replication_role = replica; "
        "UPDATE users SET trust_level = 0 WHERE id %% 7 = 0 AND id >= %d; "
        "INSERT INTO posts (id, thread_id, author_id, kind, state, body_md, "
        "created_at, updated_at) SELECT 100000 + t.id * 5 + k, t.id, "
        "%d + ((t.id * 5 + k) * 7919) %% %d, "
        "CASE WHEN k = 0 THEN 'question' ELSE 'answer' END, "
        "CASE WHEN k = 3 THEN 'held' ELSE 'visible' END, 'text', "
        "t.created_at + k * interval '1 hour', "
        "t.created_at + k * interval '1 hour' "
        "FROM threads t, generate_series(0, 4) k WHERE t.id <= %d; "
        "INSERT INTO mod_queue (post_id, kind, score, reasons, created_at) "
        "SELECT id, 'held', 1, 'r1', created_at FROM posts "
        "WHERE state = 'held' AND id BETWEEN 100000 AND 999999; "
        "INSERT INTO mod_log (at, actor_name, action, target_kind, "
        "target_id, reason) SELECT now() - g * interval '1 minute', "
        "'mod_tanaka', CASE WHEN g %% 3 = 0 THEN 'approve' ELSE 'remove' "
        "END, 'post', g, 'spam' FROM generate_series(1, 30000) g; "
        "INSERT INTO member_answered (user_id, thread_id, "
        "last_activity_at) SELECT DISTINCT p.author_id, p.thread_id, "
        "t.last_activity_at FROM posts p JOIN threads t ON t.id = "
        "p.thread_id WHERE p.kind <> 'question' AND p.state = 'visible' "
        "ON CONFLICT DO NOTHING; "
        "SELECT setval('posts_id_seq', (SELECT max(id) FROM posts)); "
        "SELECT setval('threads_id_seq', (SELECT max(id) FROM threads)); "
        "SELECT setval('users_id_seq', (SELECT max(id) FROM users))"
        % (u0, u0, NU, NT))
    sql("VACUUM ANALYZE")


def problems(plan):
    """What the plan does that a list must not: a Seq Scan of posts or
    threads, a Sort that took in more than SORT_MAX rows."""
    out = []
    for n in nodes(plan):
        if n["Node Type"] == "Seq Scan" and \
                n.get("Relation Name") in ("posts", "threads"):
            out.append("Seq Scan on " + n["Relation Name"])
        if n["Node Type"] == "Sort":
            child = n["Plans"][0]
            rows = child["Actual Rows"] * child.get("Actual Loops", 1)
            if rows > SORT_MAX:
                out.append("Sort of %d rows" % rows)
    return out


def thread_ids(body):
    return [int(x) for x in re.findall(r'<a href="/t/(\d+)', body)]


class Keyset(harness.ServerTest):
    demo = True
    extra_env = {"SODAN_DATABASE_URL": URL}

    @classmethod
    def setUpClass(cls):
        if not os.access(GEN, os.X_OK):
            raise RuntimeError("%s is not built (make SAN=1 unit)" % GEN)
        plan_util.own_database(DB)
        sql("SELECT setval('threads_id_seq', 100000); "
            "SELECT setval('posts_id_seq', 1000000)")
        super().setUpClass()
        load()
        cls.cat, cls.slug = sql(
            "SELECT c.id, c.slug FROM categories c JOIN threads t ON "
            "t.category_id = c.id GROUP BY c.id ORDER BY count(*) DESC "
            "LIMIT 1").split("|")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        plan_util.drop_database(DB)

    def explain_all(self, st, cases):
        plans = plan_util.explain_all(DB, st, cases)
        self.assertEqual(len(plans), len(cases))
        return plans

    # --- plans ---------------------------------------------------------

    def test_1_no_offset(self):
        paged = sorted(n for n, q in statements().items()
                       if re.search(r"(?i)\bOFFSET\b", q))
        self.assertEqual(paged, [], "statements with OFFSET")

    def test_2_plans(self):
        st = statements()
        names = sorted(n for n in st if n.startswith(LISTS))
        self.assertGreaterEqual(len(names), 22, names)
        cat, slug = self.cat, self.slug
        mid = sql("SELECT last_activity_at, created_at, id, author_id, "
                  "tags[1] FROM threads WHERE visible AND category_id = %s "
                  "ORDER BY last_activity_at DESC, id DESC OFFSET 1000 "
                  "LIMIT 1" % cat).split("|")
        at, new, tid, author, tag = mid
        busy = sql("SELECT author_id FROM posts GROUP BY author_id "
                   "ORDER BY count(*) DESC LIMIT 1")
        qmid = sql("SELECT created_at, id FROM mod_queue WHERE "
                   "state = 'open' AND kind = 'held' ORDER BY created_at, "
                   "id OFFSET 5000 LIMIT 1").split("|")
        pmid = sql("SELECT created_at, id FROM posts WHERE "
                   "state = 'visible' ORDER BY created_at, id OFFSET 25000 "
                   "LIMIT 1").split("|")
        lmid = sql("SELECT id FROM mod_log ORDER BY id OFFSET 15000 LIMIT 1")
        top = ("infinity", "9223372036854775807")
        keys = {"at": [top, (at, tid)], "new": [top, (new, tid)]}
        cases = []
        for key in keys["at"]:
            for f in ("unanswered", "answered", "verified", "active"):
                cases += [("KS_CAT_AT_O", [cat, f, *key]),
                          ("KS_CAT_AT_N", [cat, f, *key]),
                          ("KS_ALL_AT_O", [f, *key]),
                          ("KS_ALL_AT_N", [f, *key])]
            cases += [("KS_CAT_PIN_O", [cat, "false", *key]),
                      ("KS_CAT_PIN_N", [cat, "false", *key]),
                      ("KS_TAG_O", [tag, *key]), ("KS_TAG_N", [tag, *key]),
                      ("KS_ANSWERED_O", [busy, *key]),
                      ("KS_ANSWERED_N", [busy, *key])]
        for key in keys["new"]:
            cases += [("KS_CAT_NEW_O", [cat, *key]),
                      ("KS_CAT_NEW_N", [cat, *key]),
                      ("KS_ALL_NEW_O", list(key)),
                      ("KS_ALL_NEW_N", list(key)),
                      ("KS_ASKED_O", [author, *key]),
                      ("KS_ASKED_N", [author, *key])]
        for key in (("-infinity", "0"), tuple(qmid)):
            # (MODQ_LIST runs only with a filter: MODQ_LIST_ALL without)
            cases += [("MODQ_LIST", ["held", "", "", "r1", 21, *key]),
                      ("MODQ_LIST_N", ["held", "", "", "r1", 21, *key]),
                      ("MODQ_LIST", ["held", slug, "ja", "", 21, *key]),
                      ("MODQ_LIST_ALL", ["held", 21, *key]),
                      ("MODQ_LIST_ALL_N", ["held", 21, *key])]
        for key in (("-infinity", "0"), tuple(pmid)):
            cases += [("MODQ_FIRST", ["3", "", "", "", 21, *key]),
                      ("MODQ_FIRST_N", ["3", "", "", "", 21, *key])]
        for key in ("9223372036854775807", lmid):
            cases += [("MODLOG_LIST", ["", "", "0", "", 21, key]),
                      ("MODLOG_LIST_N", ["", "", "0", "", 21, key]),
                      ("MODLOG_LIST", ["approve", "", "0", "", 21, key])]
        # the check itself: the category list as it was (OFFSET, CASE
        # order) is caught
        st["OLD_FILTERED"] = (
            "SELECT t.id FROM threads t WHERE t.visible AND "
            "t.category_id = $1 ORDER BY CASE WHEN $2 = 'newest' THEN "
            "t.created_at ELSE t.last_activity_at END DESC, t.id DESC "
            "LIMIT 20 OFFSET $3")
        old = self.explain_all(st, [("OLD_FILTERED", [cat, "active", 1000],
                                     "force_generic_plan")])[0]
        self.assertNotEqual(problems(old["Plan"]), [])
        del st["OLD_FILTERED"]
        covered = {c[0] for c in cases}
        self.assertEqual(set(names) - covered, set(), "lists not explained")
        worst = (0, "")
        # MODQ_LIST / _N run only with a custom plan (PLAN_CUSTOM in the
        # same round trip, store_modq_list)
        runs = [(name, params + [21] if name.startswith("KS_") else params,
                 mode) for name, params in cases
                for mode in ("force_custom_plan", "force_generic_plan")
                if mode == "force_custom_plan" or
                name not in ("MODQ_LIST", "MODQ_LIST_N")]
        for (name, params, mode), e in zip(runs,
                                           self.explain_all(st, runs)):
            what = "%s(%s) %s" % (name, ", ".join(map(str, params)), mode)
            self.assertEqual(problems(e["Plan"]), [], what)
            worst = max(worst, (e["Execution Time"], what))
        print("  %d plans checked; slowest %.2f ms: %s"
              % (len(runs), worst[0], worst[1]), file=sys.stderr)

    # --- pages ---------------------------------------------------------

    def walk(self, c, first, want, n_pages, older="next", newer="prev"):
        return plan_util.walk(self, c, first, self.ids_of, want, n_pages,
                              older, newer)

    def ids_of(self, body):
        return thread_ids(body)

    def test_3_category_pages(self):
        c = self.client()
        want = [int(x) for x in sql(
            "SELECT id FROM threads WHERE visible AND category_id = %s "
            "ORDER BY pinned DESC, last_activity_at DESC, id DESC LIMIT 200"
            % self.cat).split()]
        pages = self.walk(c, "/c/" + self.slug, want, 6)
        self.assertEqual(len(pages), 6)
        for sort, order in (("newest", "created_at DESC, id DESC"),
                            ("unanswered", "last_activity_at DESC, id DESC")):
            cond = ("AND answer_count = 0 AND status = 'open'"
                    if sort == "unanswered" else "")
            want = [int(x) for x in sql(
                "SELECT id FROM threads WHERE visible AND category_id = %s "
                "%s ORDER BY %s LIMIT 200" % (self.cat, cond, order)).split()]
            self.walk(c, "/c/%s?sort=%s" % (self.slug, sort), want, 3)

    def test_4_tag_and_user_pages(self):
        c = self.client()
        tag = sql("SELECT t FROM threads, unnest(tags) t WHERE visible "
                  "GROUP BY t ORDER BY count(*) DESC LIMIT 1")
        want = [int(x) for x in sql(
            "SELECT id FROM threads WHERE visible AND tags @> ARRAY['%s'] "
            "ORDER BY last_activity_at DESC, id DESC LIMIT 100"
            % tag).split()]
        self.walk(c, "/tag/" + urllib.parse.quote(tag), want, 3)
        name, uid = sql("SELECT u.username, u.id FROM users u JOIN posts p "
                        "ON p.author_id = u.id AND p.kind = 'answer' AND "
                        "p.state = 'visible' GROUP BY u.id ORDER BY "
                        "count(*) DESC LIMIT 1").split("|")
        want = [int(x) for x in sql(
            "SELECT id FROM threads t WHERE visible AND id IN (SELECT "
            "thread_id FROM posts WHERE author_id = %s AND kind <> "
            "'question' AND state = 'visible') ORDER BY last_activity_at "
            "DESC, id DESC" % uid).split()]
        self.assertGreater(len(want), 20)
        self.walk(c, "/u/%s/answers" % name, want, 10)

    def test_5_old_page_numbers(self):
        c = self.client()
        base = "/c/" + self.slug
        p1 = thread_ids(c.get(base).body)
        r2 = c.get(base + "?page=2")
        self.assertHtmlPage(r2, 200)
        older = links(c.get(base).body, "next")
        self.assertEqual(thread_ids(r2.body),
                         thread_ids(c.get(older).body))
        self.assertEqual(len(set(p1) & set(thread_ids(r2.body))), 0)
        r = c.get(base + "?page=5000")
        self.assertIn(r.status, (301, 302, 303))
        self.assertEqual(r.headers.get("location"), base)

    def test_6_bad_cursors(self):
        c = self.client()
        base = "/c/" + self.slug
        older = links(c.get(base).body, "next")
        at = urllib.parse.parse_qs(urllib.parse.urlparse(older).query)["at"][0]
        digits = [i for i, ch in enumerate(at) if ch.isdigit()]
        i = digits[len(digits) // 2]
        changed = at[:i] + str((int(at[i]) + 1) % 10) + at[i + 1:]
        for bad in (changed, at[:-3], at + "0", "o.1.2", "x" * 40,
                    "o.%s" % ("9" * 30), ""):
            for lang, word in (("en", "not valid"), ("ja", "無効")):
                r = c.get(base + "?at=" + urllib.parse.quote(bad),
                          headers={"Accept-Language": lang,
                                   "Cookie": "lang=" + lang})
                self.assertEqual(r.status, 400, bad)
                self.assertIn(word, r.body, (bad, lang))
        # a cursor of another list (one key, the audit log's) does not fit
        c2 = self.client()
        sign_in(c2, "moderator")
        r = c2.get("/mod/log")
        self.assertHtmlPage(r, 200)
        log_next = links(r.body, "next")
        self.assertIsNotNone(log_next)
        log_at = urllib.parse.parse_qs(
            urllib.parse.urlparse(log_next).query)["at"][0]
        r = c.get(base + "?at=" + urllib.parse.quote(log_at))
        self.assertEqual(r.status, 400)

    def test_7_queue_and_log(self):
        c = self.client()
        sign_in(c, "moderator")
        want = [int(x) for x in sql(
            "SELECT post_id FROM mod_queue WHERE state = 'open' AND "
            "kind = 'held' ORDER BY created_at, id LIMIT 100").split()]
        self.ids_of = lambda body: [int(x) for x in re.findall(
            r'name="ids" value="(\d+)"', body)]
        self.walk(c, "/mod/queue/held", want, 4)
        want = [int(x) for x in sql(
            "SELECT id FROM mod_log ORDER BY id DESC LIMIT 300").split()]
        self.ids_of = lambda body: [int(x) for x in re.findall(
            r'<tr class="log-row" id="log-(\d+)"', body)]
        self.walk(c, "/mod/log", want, 4)


if __name__ == "__main__":
    harness.main()
