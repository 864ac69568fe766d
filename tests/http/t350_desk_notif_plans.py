"""t350: the staff desk's waiting questions and a member's notifications
are read a page at a time by keyset (no OFFSET, no unbounded list).

Against a database of its own with 12 categories (some sharing a
position), 6,000 threads (open and closed, visible or not, answered or
not, some with an official answer), 18,000 posts and 6,500
notifications (1,500 of them one member's), written in SQL:

- DESK_PAGE_O / _N and QA_NOTIF_PAGE_O / _N, first page and deep, custom
  and generic plans, under EXPLAIN (ANALYZE, FORMAT JSON): no sequential
  scan of threads, posts or notifications, and the rows read from threads
  (and sorted) bounded by the page size times the categories (two parts
  each), the notifications read by the page size, whatever the depth;
  the desk's old statement (DESK_THREADS, kept here: a sort of every waiting
  question) fails the same check, so the check can fail;
- /staff/desk walks forwards by its Next links and back by Previous, and
  shows exactly the waiting questions in the order SQL gives (category
  position, category, unanswered first, oldest first), each once; the
  same for /notifications (newest first, Older / Newer);
- a changed cursor, or one of another list, is a 400 with a message in
  the visitor's language.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness
import plan_util
from plan_util import links, nodes, statements

DB = "desknotif"
RUN = os.path.join(harness.test_dir(), "run")
URL = "host=%s dbname=%s user=sodan" % (RUN, DB)
SORT_MAX = 1000
DESK_PAGE = 50          # DESK_PER_PAGE in app/pages/desk.c
NOTIF_PAGE = 50         # NOTIF_LIMIT in app/pages/feed.c


# The desk's statement before keyset paging (no longer in the registry:
# the server never runs it): every waiting question, sorted.
DESK_THREADS = (
    "SELECT t.id, t.title, c.slug, c.name_ja, c.name_en, t.answer_count "
    "AS answers, extract(epoch FROM t.created_at)::bigint AS created, "
    "coalesce(extract(epoch FROM fa.at)::bigint, 0) AS first_answer, "
    "coalesce(extract(epoch FROM fs.at)::bigint, 0) AS first_staff, "
    "coalesce(cu.display_name, '') AS claimed_by, "
    "coalesce(cl.staff_id, 0) AS claimed_id, coalesce(sc.id, 0) AS case_id "
    "FROM threads t JOIN categories c ON c.id = t.category_id "
    "LEFT JOIN LATERAL (SELECT min(p.created_at) AS at FROM posts p "
    "WHERE p.thread_id = t.id AND p.kind <> 'question' "
    "AND p.state = 'visible') fa ON true "
    "LEFT JOIN LATERAL (SELECT min(p.created_at) AS at FROM posts p "
    "JOIN users u ON u.id = p.author_id WHERE p.thread_id = t.id "
    "AND p.kind <> 'question' AND p.state = 'visible' "
    "AND (p.kind = 'official' OR u.role IN ('staff', 'admin'))) fs ON true "
    "LEFT JOIN support_claims cl ON cl.thread_id = t.id "
    "LEFT JOIN users cu ON cu.id = cl.staff_id "
    "LEFT JOIN support_cases sc ON sc.thread_id = t.id "
    "WHERE t.visible AND t.status = 'open' AND t.accepted_post_id IS NULL "
    "AND NOT t.has_official "
    "ORDER BY c.position, c.id, t.answer_count > 0, t.created_at, t.id "
    "LIMIT $1")


def sql(q, db=DB, stdin=None):
    return plan_util.sql(q, db, stdin)


def sign_in(client, uid):
    plan_util.sign_in(client, uid, DB)


def load():
    sql("SET session_replication_role = replica; "
        "INSERT INTO categories (slug, name_ja, name_en, position) "
        "SELECT 'd350-' || g, '分類 ' || g, 'Cat ' || g, g % 3 "
        "FROM generate_series(1, 6) g; "
        "INSERT INTO users (username, username_key, display_name, role, "
        "trust_level, lang, created_at) SELECT 'u350_' || g, 'u350_' || g, "
        "'U ' || g, 'user', 1, 'en', now() - interval '300 days' "
        "FROM generate_series(1, 500) g; "
        "INSERT INTO threads (category_id, author_id, title, lang, status, "
        "visible, answer_count, has_official, created_at, last_activity_at) "
        "SELECT (SELECT array_agg(id ORDER BY id) FROM categories)"
        "[1 + g % (SELECT count(*) FROM categories)], "
        "(SELECT min(id) FROM users WHERE username LIKE 'u350%') + g % 500, "
        "'Desk question ' || g, 'en', CASE WHEN g % 17 = 0 THEN 'closed' "
        "ELSE 'open' END, g % 23 <> 0, CASE WHEN g % 3 = 0 THEN 0 "
        "ELSE g % 5 END, g % 11 = 0, now() - g * interval '7 minutes' "
        "+ (g % 4) * interval '1 day', now() FROM generate_series(1, 6000) g; "
        "INSERT INTO posts (thread_id, author_id, kind, state, body_md, "
        "created_at, updated_at) SELECT t.id, t.author_id, CASE WHEN "
        "k = 0 THEN 'question' ELSE 'answer' END, 'visible', 'text', "
        "t.created_at + k * interval '1 hour', t.created_at FROM threads t, "
        "generate_series(0, 2) k WHERE t.title LIKE 'Desk question %'; "
        "INSERT INTO notifications (user_id, kind, thread_id, actor_id, "
        "created_at, read_at, mail_state) SELECT "
        "(SELECT min(id) FROM users WHERE username LIKE 'u350%') + "
        "CASE WHEN g % 26 < 6 THEN 0 ELSE 1 + g % 400 END, 'answer', "
        "(SELECT min(id) FROM threads) + g % 6000, NULL, "
        "now() - g * interval '1 minute', CASE WHEN g % 5 = 0 THEN NULL "
        "ELSE now() END, 'sent' FROM generate_series(1, 6500) g")
    sql("VACUUM ANALYZE")


def problems(plan, read_max):
    """A Seq Scan of a big table, a Sort of more rows than SORT_MAX or
    read_max (the desk sorts what it read: at most its page size times
    the parts of every category, however deep), more than read_max rows
    read from threads or notifications."""
    out, read = [], 0
    for n in nodes(plan):
        rel = n.get("Relation Name")
        if n["Node Type"] == "Seq Scan" and \
                rel in ("posts", "threads", "notifications"):
            out.append("Seq Scan on " + rel)
        if n["Node Type"] == "Sort":
            child = n["Plans"][0]
            rows = child["Actual Rows"] * child.get("Actual Loops", 1)
            if rows > max(SORT_MAX, read_max):
                out.append("Sort of %d rows" % rows)
        if rel in ("threads", "notifications") and "Scan" in n["Node Type"]:
            read += n["Actual Rows"] * n.get("Actual Loops", 1)
    if read > read_max:
        out.append("%d rows read (at most %d)" % (read, read_max))
    return out


def desk_ids(body):
    return [int(x) for x in re.findall(r'<tr data-thread="(\d+)"', body)]


def notif_ids(body):
    return [int(x) for x in re.findall(r'action="/notifications/(\d+)/read"',
                                       body)]


class DeskNotif(harness.ServerTest):
    demo = True
    extra_env = {"SODAN_DATABASE_URL": URL}

    @classmethod
    def setUpClass(cls):
        plan_util.own_database(DB)
        super().setUpClass()
        load()
        cls.ncat = int(sql("SELECT count(*) FROM categories"))
        cls.member = int(sql("SELECT min(id) FROM users WHERE username "
                             "LIKE 'u350%'"))
        cls.staff = int(sql("SELECT id FROM users WHERE role = 'staff' "
                            "ORDER BY id LIMIT 1"))

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        plan_util.drop_database(DB)

    def explain_all(self, st, cases):
        plans = plan_util.explain_all(DB, st, cases)
        self.assertEqual(len(plans), len(cases))
        return plans

    WAITING = ("t.visible AND t.status = 'open' AND t.accepted_post_id IS "
               "NULL AND NOT t.has_official")
    ORDER = ("c.position, c.id, t.answer_count > 0, t.created_at, t.id")

    def desk_order(self, limit):
        return [int(x) for x in sql(
            "SELECT t.id FROM threads t JOIN categories c ON c.id = "
            "t.category_id WHERE %s ORDER BY %s LIMIT %d"
            % (self.WAITING, self.ORDER, limit)).split()]

    def test_1_plans(self):
        st = statements()
        lim = DESK_PAGE + 1
        # keys deep in the desk's list: one in an unanswered part, one in
        # an answered part
        keys = [("0", "0", "-infinity", "0")]
        for part in ("= 0", "> 0"):
            row = sql("SELECT t.category_id, (t.answer_count > 0)::int, "
                      "t.created_at, t.id FROM threads t JOIN categories c "
                      "ON c.id = t.category_id WHERE %s AND t.answer_count "
                      "%s ORDER BY %s OFFSET 1000 LIMIT 1"
                      % (self.WAITING, part, self.ORDER))
            keys.append(tuple(row.split("|")))
        nmid = sql("SELECT id FROM notifications WHERE user_id = %d ORDER "
                   "BY id DESC OFFSET 1200 LIMIT 1" % self.member)
        cases = []
        for k in keys:
            cases += [("DESK_PAGE_O", [*k, lim]), ("DESK_PAGE_N", [*k, lim])]
        for k in ("9223372036854775807", nmid):
            cases += [("QA_NOTIF_PAGE_O", [self.member, k, NOTIF_PAGE + 1]),
                      ("QA_NOTIF_PAGE_N", [self.member, k, NOTIF_PAGE + 1])]
        runs = [(n, p, mode) for n, p in cases
                for mode in ("force_custom_plan", "force_generic_plan")]
        # a page reads at most lim rows of each part of each category
        desk_max = 2 * self.ncat * lim
        worst = (0, "")
        for (name, params, mode), e in zip(runs, self.explain_all(st, runs)):
            what = "%s(%s) %s" % (name, ", ".join(map(str, params)), mode)
            # a notification page: its rows and each one's thread
            bound = desk_max if name.startswith("DESK") else \
                2 * (NOTIF_PAGE + 1)
            self.assertEqual(problems(e["Plan"], bound), [], what)
            worst = max(worst, (e["Execution Time"], what))
        # the check catches the desk as it was (a sort of every waiting
        # question)
        st["DESK_THREADS"] = DESK_THREADS
        old = self.explain_all(st, [("DESK_THREADS", [DESK_PAGE],
                                     "force_generic_plan")])[0]
        self.assertNotEqual(problems(old["Plan"], desk_max), [])
        self.assertNotIn("OFFSET", " ".join(
            st[n] for n in ("DESK_PAGE_O", "DESK_PAGE_N", "QA_NOTIF_PAGE_O",
                            "QA_NOTIF_PAGE_N")).upper())
        print("  %d plans checked; slowest %.2f ms: %s"
              % (len(runs), worst[0], worst[1]), file=sys.stderr)

    def walk(self, c, first, ids_of, want, n_pages, older, newer):
        return plan_util.walk(self, c, first, ids_of, want, n_pages, older,
                              newer, nonempty=True)

    def test_2_desk_pages(self):
        c = self.client()
        sign_in(c, self.staff)
        # 8 pages cross from one category to the next (about 420
        # waiting questions a category) and through both parts
        want = self.desk_order(DESK_PAGE * 40)
        pages = self.walk(c, "/staff/desk", desk_ids, want, 8, "next",
                          "prev")
        self.assertEqual(len(pages), 8)
        self.assertTrue(all(len(ids) == DESK_PAGE for _, ids in pages))
        # a page deep in the list (past the first categories and both of
        # their parts), reached by the links, is the rows SQL puts there
        deep_want = self.desk_order(1000 + DESK_PAGE)[1000:]
        url, seen = "/staff/desk", 0
        while seen < 1000:
            r = c.get(url)
            self.assertHtmlPage(r, 200)
            seen += len(desk_ids(r.body))
            url = links(r.body, "next")
        self.assertEqual(seen, 1000)
        self.assertEqual(desk_ids(c.get(url).body), deep_want)

    def test_3_notification_pages(self):
        c = self.client()
        sign_in(c, self.member)
        want = [int(x) for x in sql(
            "SELECT id FROM notifications WHERE user_id = %d AND read_at IS "
            "NULL ORDER BY id DESC" % self.member).split()]
        all_ids = [int(x) for x in sql(
            "SELECT id FROM notifications WHERE user_id = %d ORDER BY id "
            "DESC" % self.member).split()]
        self.assertEqual(len(all_ids), 1500)
        # only unread rows carry a per-row form: compare those
        self.walk(c, "/notifications", notif_ids, want, 6, "next", "prev")
        # the last page: follow Older to the end; every page has
        # NOTIF_PAGE rows, the last the rest
        r, n_pages = c.get("/notifications"), 1
        while links(r.body, "next") is not None:
            r = c.get(links(r.body, "next"))
            self.assertHtmlPage(r, 200)
            n_pages += 1
        self.assertEqual(n_pages, 1500 // NOTIF_PAGE)
        self.assertEqual(notif_ids(r.body),
                         [i for i in want if i in all_ids[-NOTIF_PAGE:]])

    def test_4_bad_cursors(self):
        c = self.client()
        sign_in(c, self.staff)
        desk_at = urllib.parse.parse_qs(urllib.parse.urlparse(
            links(c.get("/staff/desk").body, "next")).query)["at"][0]
        m = self.client()
        sign_in(m, self.member)
        notif_at = urllib.parse.parse_qs(urllib.parse.urlparse(
            links(m.get("/notifications").body, "next")).query)["at"][0]
        i = max(j for j, ch in enumerate(desk_at[:-9]) if ch.isdigit())
        changed = desk_at[:i] + str((int(desk_at[i]) + 1) % 10) + \
            desk_at[i + 1:]
        for client, base, bad in ((c, "/staff/desk", changed),
                                  (c, "/staff/desk", notif_at),
                                  (c, "/staff/desk", desk_at[:-2]),
                                  (m, "/notifications", desk_at),
                                  (m, "/notifications", "o.1.2")):
            for lang, word in (("en", "not valid"), ("ja", "無効")):
                client.cookies["lang"] = lang
                r = client.get(base + "?at=" + urllib.parse.quote(bad),
                               headers={"Accept-Language": lang})
                self.assertEqual(r.status, 400, (base, bad))
                self.assertIn(word, r.body, (base, bad, lang))
        # the member's cursor is not a way into the desk
        self.assertIn(m.get("/staff/desk?at=" + desk_at).status,
                      (403, 404))


if __name__ == "__main__":
    harness.main()
