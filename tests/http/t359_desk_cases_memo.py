"""t359: the desk's escalated cases a page at a time, and the queue cards'
remembered filter recheck (docs/performance.md, "Data at scale").

Against a database of its own with 50,000 members, 23,000 threads, 3,000
of them with support cases (2,770 open, 230 resolved, some claimed),
written in SQL:

- DESK_CASES_O / _N (migration 0202), first page and deep, custom and
  generic plans, under EXPLAIN (ANALYZE, FORMAT JSON): the page's keys
  an index range of support_cases_ks_open, no sequential scan of users or
  threads, at most a page (plus one) of rows read from support_cases and
  users, no sort of more than a page; the statement as it was (every open
  case joined to the users, then sorted) fails the same check, so the
  check can fail;
- the desk shows the 20 oldest open cases, "(20+)" and a link to
  /staff/desk/cases, whose pages (50 a page) walk forwards by Next and
  back by Previous through exactly the open cases SQL orders by creation
  time and id (4 pages); a changed cursor is a 400; a member gets no such page;
- a held card's highlighted contact and its reason sentence follow the
  post's body and the viewer's language from view to view (the recheck
  is remembered under a digest of both, app/pages/modq.c): the Japanese
  sentence after an English view, the new number after an edit of the
  body, no mark once the body is harmless.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness
import plan_util
from plan_util import links, nodes, statements

DB = "deskcases"
RUN = os.path.join(harness.test_dir(), "run")
URL = "host=%s dbname=%s user=sodan" % (RUN, DB)
DESK_CASES = 20         # DESK_CASES in app/pages/desk.c
CASES_PAGE = 50         # CASES_PER_PAGE in app/pages/desk.c
OPEN = 2770

# The desk's statement before paging (no longer in the registry): every
# open case (300 at most) joined to the users, then sorted.
DESK_CASES_OLD = (
    "SELECT sc.id, sc.thread_id, t.title, c.slug, u.display_name AS asker, "
    "extract(epoch FROM sc.created_at)::bigint AS created, "
    "coalesce(extract(epoch FROM sc.first_staff_at)::bigint, 0) "
    "AS first_staff, coalesce(cu.display_name, '') AS claimed_by "
    "FROM support_cases sc JOIN threads t ON t.id = sc.thread_id "
    "JOIN categories c ON c.id = t.category_id "
    "JOIN users u ON u.id = sc.asker_id "
    "LEFT JOIN support_claims cl ON cl.thread_id = sc.thread_id "
    "LEFT JOIN users cu ON cu.id = cl.staff_id "
    "WHERE sc.state = 'open' ORDER BY sc.created_at, sc.id LIMIT $1")


def sql(q, db=DB):
    return plan_util.sql(q, db)


def load():
    sql("SET session_replication_role = replica; "
        "INSERT INTO users (username, username_key, display_name, role, "
        "trust_level, lang, created_at) SELECT 'u359_' || g, 'u359_' || g, "
        "'U ' || g, 'user', 1, 'en', now() - interval '300 days' "
        "FROM generate_series(1, 50000) g; "
        "INSERT INTO threads (category_id, author_id, title, lang, status, "
        "visible, answer_count, created_at, last_activity_at) "
        "SELECT (SELECT min(id) FROM categories), "
        "(SELECT min(id) FROM users WHERE username LIKE 'u359%') + g * 37, "
        "'Case question ' || g, 'en', 'open', true, 0, "
        "now() - g * interval '1 hour', now() FROM generate_series(1, 3000) g; "
        "INSERT INTO threads (category_id, author_id, title, lang, status, "
        "visible, answer_count, created_at, last_activity_at) "
        "SELECT (SELECT min(id) FROM categories), "
        "(SELECT min(id) FROM users WHERE username LIKE 'u359%') + g % 5000, "
        "'Filler ' || g, 'en', 'open', true, 1, now() - g * interval '1 min', "
        "now() FROM generate_series(1, 20000) g; "
        "INSERT INTO support_cases (thread_id, asker_id, opened_by, state, "
        "created_at) SELECT t.id, t.author_id, t.author_id, CASE WHEN "
        "row_number() OVER (ORDER BY t.id) % 13 = 0 THEN 'resolved' ELSE "
        "'open' END, now() - (t.id % 40) * interval '1 day' FROM threads t "
        "WHERE t.title LIKE 'Case question %'; "
        "INSERT INTO support_claims (thread_id, staff_id, assigned_by) "
        "SELECT sc.thread_id, u.id, u.id FROM support_cases sc, users u "
        "WHERE u.role = 'staff' AND sc.id % 7 = 0 AND u.id = (SELECT min(id) "
        "FROM users WHERE role = 'staff')")
    sql("VACUUM ANALYZE")


def problems(plan, page):
    """The page's keys not an index range of support_cases_ks_open, a
    sequential scan of users or threads, more than a page read from
    support_cases or two from users (asker, claimant), a sort of more
    than a page."""
    out, read = [], {"support_cases": 0, "users": 0}
    ks = False
    for n in nodes(plan):
        rel = n.get("Relation Name")
        rows = n.get("Actual Rows", 0) * n.get("Actual Loops", 1)
        if n["Node Type"] == "Seq Scan" and rel in ("users", "threads",
                                                    "support_cases"):
            out.append("Seq Scan on " + rel)
        if n.get("Index Name") == "support_cases_ks_open":
            ks = True
        if rel in read:
            read[rel] += rows
        if n["Node Type"] == "Sort":
            child = n["Plans"][0]
            if child["Actual Rows"] * child.get("Actual Loops", 1) > page:
                out.append("Sort of %d rows" % child["Actual Rows"])
    if not ks:
        out.append("support_cases_ks_open not used")
    for rel, n in read.items():
        most = page * (2 if rel == "users" else 1)
        if n > most:
            out.append("%d rows read from %s (at most %d)" % (n, rel, most))
    return out


def case_ids(body):
    return [int(x) for x in re.findall(r'<tr data-case="(\d+)"', body)]


class DeskCasesMemo(harness.ServerTest):
    demo = True
    extra_env = {"SODAN_DATABASE_URL": URL}

    @classmethod
    def setUpClass(cls):
        plan_util.own_database(DB)
        super().setUpClass()
        load()
        cls.staff = int(sql("SELECT id FROM users WHERE role = 'staff' "
                            "ORDER BY id LIMIT 1"))
        cls.mod = int(sql("SELECT id FROM users WHERE role = 'moderator' "
                          "ORDER BY id LIMIT 1"))
        cls.member = int(sql("SELECT min(id) FROM users WHERE username "
                             "LIKE 'u359%'"))

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        plan_util.drop_database(DB)

    def want(self):
        return [int(x) for x in sql(
            "SELECT id FROM support_cases WHERE state = 'open' "
            "ORDER BY created_at, id").split()]

    def test_1_plans(self):
        st = statements()
        self.assertNotIn("DESK_CASES", st)
        want = self.want()
        self.assertEqual(len(want), OPEN)
        lim = CASES_PAGE + 1
        deep = sql("SELECT created_at, id FROM support_cases WHERE state = "
                   "'open' ORDER BY created_at, id OFFSET 2000 LIMIT 1"
                   ).split("|")
        # the first page (older than the sentinel) and both ways from a
        # key deep in the list (a newer page never starts at the sentinel)
        cases = []
        for name, k in (("DESK_CASES_O", ["-infinity", "0"]),
                        ("DESK_CASES_O", deep), ("DESK_CASES_N", deep)):
            for n in (DESK_CASES + 1, lim):
                cases += [(name, [*k, n], mode) for mode in
                          ("force_custom_plan", "force_generic_plan")]
        plans = plan_util.explain_all(DB, st, cases)
        self.assertEqual(len(plans), len(cases))
        for (name, params, mode), e in zip(cases, plans):
            self.assertEqual(problems(e["Plan"], params[2]), [],
                             "%s(%s) %s" % (name, params, mode))
        st["DESK_CASES_OLD"] = DESK_CASES_OLD
        old = plan_util.explain_all(DB, st, [("DESK_CASES_OLD", [300],
                                              "force_generic_plan")])[0]
        self.assertNotEqual(problems(old["Plan"], DESK_CASES + 1), [])

    def test_2_desk_and_case_pages(self):
        want = self.want()
        c = self.client()
        plan_util.sign_in(c, self.staff, DB)
        r = c.get("/staff/desk", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertEqual(case_ids(r.body), want[:DESK_CASES])
        self.assertIn("Escalated to official support (%d+)" % DESK_CASES,
                      r.body)
        self.assertIn('href="/staff/desk/cases"', r.body)
        pages = plan_util.walk(self, c, "/staff/desk/cases", case_ids, want,
                               4, nonempty=True)
        self.assertEqual([len(ids) for _, ids in pages], [CASES_PAGE] * 4)
        # a changed cursor is refused, in the visitor's language
        at = urllib.parse.parse_qs(urllib.parse.urlparse(
            links(c.get("/staff/desk/cases").body, "next")).query)["at"][0]
        i = max(j for j, ch in enumerate(at[:-9]) if ch.isdigit())
        bad = at[:i] + str((int(at[i]) + 1) % 10) + at[i + 1:]
        for lang, word in (("en", "not valid"), ("ja", "無効")):
            c.cookies["lang"] = lang
            r = c.get("/staff/desk/cases?at=" + urllib.parse.quote(bad),
                      headers={"Accept-Language": lang})
            self.assertEqual(r.status, 400)
            self.assertIn(word, r.body)
        c.cookies["lang"] = "ja"
        r = c.get("/staff/desk/cases")
        self.assertHtmlPage(r, 200)
        self.assertIn("対応中のサポート相談", r.body)
        # a member has no such page
        m = self.client()
        plan_util.sign_in(m, self.member, DB)
        self.assertIn(m.get("/staff/desk/cases").status, (403, 404))

    def card(self, c, pid, lang):
        r = c.get("/mod/queue/held", headers={"Accept-Language": lang})
        self.assertHtmlPage(r, 200)
        cards = r.body.split('<h2 class="mod-item-title">')
        mine = [x for x in cards if 'href="/mod/post/%d"' % pid in x]
        self.assertEqual(len(mine), 1, "post %d not on the queue" % pid)
        return mine[0]

    def test_3_recheck_follows_body_and_language(self):
        author = int(sql(
            "INSERT INTO users (username, username_key, display_name, role, "
            "trust_level, lang, created_at) VALUES ('new359', 'new359', "
            "'New 359', 'user', 0, 'ja', now()) RETURNING id"))
        tid = int(sql("SELECT min(id) FROM threads WHERE title LIKE "
                      "'Case question %'"))
        pid = int(sql(
            "INSERT INTO posts (thread_id, author_id, kind, state, body_md, "
            "created_at, updated_at) VALUES (%d, %d, 'answer', 'held', "
            "'サポート窓口 03-1234-5678 に電話してください', now() - "
            "interval '300 days', now()) RETURNING id" % (tid, author)))
        sql("INSERT INTO mod_queue (post_id, kind, score, reasons, "
            "created_at) VALUES (%d, 'held', 1, 'contact.phone', now() - "
            "interval '300 days')" % pid)
        c = self.client()
        plan_util.sign_in(c, self.mod, DB)
        for _ in range(2):      # the second view is the remembered one
            card = self.card(c, pid, "en")
            self.assertRegex(card, r"<mark>[^<]*03-1234-5678[^<]*</mark>")
            self.assertIn("contact point outside the forum", card)
        c.cookies["lang"] = "ja"
        card = self.card(c, pid, "ja")
        self.assertIn("フォーラム外の連絡先", card)
        self.assertNotIn("contact point outside the forum", card)
        c.cookies["lang"] = "en"
        sql("UPDATE posts SET body_md = 'サポート窓口 06-9876-5432 に電話し"
            "てください' WHERE id = %d" % pid)
        card = self.card(c, pid, "en")
        self.assertRegex(card, r"<mark>[^<]*06-9876-5432[^<]*</mark>")
        self.assertNotIn("03-1234-5678", card)
        sql("UPDATE posts SET body_md = 'Check the withdrawal history page "
            "first.' WHERE id = %d" % pid)
        card = self.card(c, pid, "en")
        self.assertNotIn("<mark>", card)
        self.assertNotIn("06-9876-5432", card)


if __name__ == "__main__":
    harness.main()
