"""t354: the lists that were slow at 10 M posts read a page's worth of
index, whatever the data (docs/performance.md, "Data at scale").

Against a database of its own with 20,000 threads written in SQL: one tag
on half of them, one on 100, fillers that repeat inside a thread, 40
threads with 7 tags (a tag in 6th or 7th place), 1,500 open queue items:

- KS_TAG_O / _N (migration 0196: one btree per place in the tags array),
  for the common tag, the rare one, a filler and a tag found only past
  the 5th place, first page and deep, custom and generic plans, under
  EXPLAIN (ANALYZE, FORMAT JSON): no sequential scan and no GIN bitmap of
  threads, each place's range an index scan of threads_ks_tag*, and at
  most a page read from each place (plus the page's own rows).  The
  statement as it was (the GIN condition with the activity order) fails
  the same check for some tag, so the check can fail;
- the tag pages walk forwards by Older and back by Newer and show exactly
  the rows SQL gives for `tags @> ARRAY[tag]`, each thread once (a tag
  twice in one thread, or past the 5th place, included);
- the moderators' header count (MODQ_OPEN_COUNT) reads at most 1,000
  queue entries and shows 999 when more are open; one category by slug
  (CATEGORY_BY_SLUG, every category page) reads no thread;
- the desk's per-category reads (DESK_PAGE_O / _N) are index-only scans:
  only the page's own rows are read from threads; so is its staff list;
- a member's answers (KS_ANSWERED_O / _N) walk member_answered_ks
  (migration 0203, kept by triggers) for a page and read only the page's
  rows from threads and users, first page and deep, for a member with
  600 answered threads; the pages walk as SQL orders them.
"""
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness
import plan_util
from plan_util import nodes, statements

DB = "scaleplans"
RUN = os.path.join(harness.test_dir(), "run")
URL = "host=%s dbname=%s user=sodan" % (RUN, DB)
PAGE = 20               # PER_PAGE of the tag page (app/pages/home.c)
PLACES = 6              # threads_ks_tag1..5 and threads_ks_tag_more


def sql(q, db=DB):
    return plan_util.sql(q, db)


def load():
    # tags: 1 to 5 places; the tag of the row ("common" on even rows,
    # "rare" on every 200th) at a place that moves; fillers x0..x11 that
    # may repeat inside a thread (x3 twice, say)
    sql("SET session_replication_role = replica; "
        "INSERT INTO users (username, username_key, display_name, role, "
        "trust_level, lang, created_at) SELECT 'u354_' || g, 'u354_' || g, "
        "'U ' || g, 'user', 1, 'en', now() - interval '300 days' "
        "FROM generate_series(1, 5000) g; "
        "INSERT INTO threads (category_id, author_id, title, lang, status, "
        "visible, answer_count, created_at, last_activity_at, tags) "
        "SELECT (SELECT min(id) FROM categories), "
        "(SELECT min(id) FROM users WHERE username LIKE 'u354%') + g % 200, "
        "'Tag question ' || g, 'en', 'open', g % 19 <> 0, g % 3, "
        "now() - g * interval '2 minutes', "
        "now() - (g / 3) * interval '1 minute', ARRAY(SELECT CASE "
        "WHEN i = 1 + (g / 7) % (1 + g % 5) THEN CASE WHEN g % 200 = 0 "
        "THEN 'rare' WHEN g % 2 = 0 THEN 'common' ELSE 'x' || (g % 12) END "
        "ELSE 'x' || ((g * 7 + i * i) % 12) END "
        "FROM generate_series(1, 1 + g % 5) i ORDER BY i) "
        "FROM generate_series(1, 20000) g; "
        "INSERT INTO threads (category_id, author_id, title, lang, status, "
        "visible, answer_count, created_at, last_activity_at, tags) "
        "SELECT (SELECT min(id) FROM categories), "
        "(SELECT min(id) FROM users WHERE username LIKE 'u354%'), "
        "'Many tags ' || g, 'en', 'open', true, 1, "
        "now() - g * interval '1 hour', now() - g * interval '37 minutes', "
        "ARRAY['x1', 'x2', 'x3', 'x4', 'x5'] || CASE WHEN g % 2 = 0 "
        "THEN ARRAY['rare', 'late'] ELSE ARRAY['late', 'common'] END "
        "FROM generate_series(1, 40) g; "
        "INSERT INTO posts (thread_id, author_id, kind, state, body_md, "
        "created_at, updated_at) SELECT id, author_id, 'question', "
        "'visible', 'text', created_at, created_at FROM threads; "
        "INSERT INTO mod_queue (post_id, kind, score, reasons, created_at) "
        "SELECT id, 'held', 1, 'bench', created_at FROM posts "
        "ORDER BY id LIMIT 1500 ON CONFLICT DO NOTHING")
    sql("VACUUM ANALYZE")


def tag_problems(plan, page):
    """A sequential scan or GIN bitmap of threads, a place read with
    another index, more rows read from threads than a page from each
    place and the page's own rows."""
    out, read = [], 0
    for n in nodes(plan):
        if n.get("Relation Name") != "threads" and \
                n.get("Index Name") != "threads_tags":
            continue
        kind = n["Node Type"]
        if kind in ("Seq Scan", "Bitmap Heap Scan", "Bitmap Index Scan"):
            out.append("%s on threads" % kind)
        elif not (kind.startswith("Index") and (
                n.get("Index Name", "").startswith("threads_ks_tag") or
                n.get("Index Name") == "threads_pkey")):
            out.append("%s using %s" % (kind, n.get("Index Name")))
        if "Relation Name" in n:
            read += n["Actual Rows"] * n.get("Actual Loops", 1)
    if read > (PLACES + 1) * page:
        out.append("%d rows read from threads (at most %d)"
                   % (read, (PLACES + 1) * page))
    return out


def thread_ids(body):
    return [int(x) for x in re.findall(
        r'class="thread-title" href="/t/(\d+)"', body)]


class ScalePlans(harness.ServerTest):
    demo = True
    extra_env = {"SODAN_DATABASE_URL": URL}

    @classmethod
    def setUpClass(cls):
        plan_util.own_database(DB)
        super().setUpClass()
        load()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        plan_util.drop_database(DB)

    def want(self, tag, limit=100000):
        return [int(x) for x in sql(
            "SELECT id FROM threads WHERE visible AND tags @> ARRAY['%s'] "
            "ORDER BY last_activity_at DESC, id DESC LIMIT %d"
            % (tag, limit)).split()]

    def key(self, tag, offset):
        return sql("SELECT last_activity_at, id FROM threads WHERE visible "
                   "AND tags @> ARRAY['%s'] ORDER BY last_activity_at DESC, "
                   "id DESC OFFSET %d LIMIT 1" % (tag, offset)).split("|")

    def test_1_tag_plans(self):
        st = statements()
        lim = PAGE + 1
        counts = {t: len(self.want(t)) for t in ("common", "rare", "x5",
                                                  "late")}
        self.assertGreater(counts["common"], 9000)
        self.assertEqual(counts["late"], 40)
        cases = []
        for tag, n in counts.items():
            for at, tid in (("infinity", "9223372036854775807"),
                            tuple(self.key(tag, n * 2 // 3))):
                cases += [("KS_TAG_O", [tag, at, tid, lim]),
                          ("KS_TAG_N", [tag, at, tid, lim])]
        runs = [(n, p, mode) for n, p in cases
                for mode in ("force_custom_plan", "force_generic_plan")]
        worst = (0, "")
        for (name, params, mode), e in zip(
                runs, plan_util.explain_all(DB, st, runs)):
            what = "%s(%s) %s" % (name, ", ".join(map(str, params)), mode)
            self.assertEqual(tag_problems(e["Plan"], lim), [], what)
            used = {n.get("Index Name") for n in nodes(e["Plan"])}
            self.assertTrue({"threads_ks_tag1", "threads_ks_tag5",
                             "threads_ks_tag_more"} <= used, what)
            worst = max(worst, (e["Execution Time"], what))
        # the statement as it was: the GIN condition, the activity order
        st["KS_TAG_OLD"] = st["KS_ALL_NEW_O"].split(" AND (t.created_at")[0] \
            + " AND t.tags @> ARRAY[$1::text] AND (t.last_activity_at, " \
            "t.id) < ($2::timestamptz, $3::bigint) ORDER BY " \
            "t.last_activity_at DESC, t.id DESC LIMIT $4"
        self.assertIn("WHERE t.visible", st["KS_TAG_OLD"])
        old = [("KS_TAG_OLD", p, m) for n, p, m in runs if n == "KS_TAG_O"]
        bad = [tag_problems(e["Plan"], lim) for e in
               plan_util.explain_all(DB, st, old)]
        self.assertTrue(any(bad), "the old statement passes the check")
        print("  %d plans checked; slowest %.2f ms: %s"
              % (len(runs), worst[0], worst[1]), file=sys.stderr)

    def test_2_tag_pages(self):
        c = self.client()
        for tag, n_pages in (("common", 4), ("rare", 6), ("x5", 3),
                             ("late", 3)):
            want = self.want(tag)
            pages = plan_util.walk(self, c, "/tag/" + urllib.parse.quote(tag),
                                   thread_ids, want, n_pages, "next", "prev",
                                   nonempty=True)
            if len(want) <= PAGE * n_pages:
                # walked to the end: every thread, once
                self.assertEqual(sum((ids for _, ids in pages), []), want)

    def test_3_answers_plans_and_pages(self):
        st = statements()
        lim = PAGE + 1
        uid, name = sql("SELECT id, username FROM users WHERE username = "
                        "'u354_7'").split("|")
        # the member answers in 600 threads, twice in some
        sql("INSERT INTO posts (thread_id, author_id, kind, state, body_md, "
            "created_at, updated_at) SELECT id, %s, 'answer', 'visible', "
            "'text', created_at, created_at FROM threads, generate_series("
            "1, 1 + id %% 2) WHERE visible AND id %% 30 = 0" % uid)
        # as autovacuum leaves it: the pages all-visible (index-only)
        sql("VACUUM ANALYZE posts, member_answered")
        want = [int(x) for x in sql(
            "SELECT id FROM threads WHERE visible AND id IN (SELECT "
            "thread_id FROM posts WHERE author_id = %s AND kind <> "
            "'question' AND state = 'visible') ORDER BY last_activity_at "
            "DESC, id DESC" % uid).split()]
        self.assertGreater(len(want), 500)
        deep = sql("SELECT last_activity_at, id FROM threads WHERE id = %d"
                   % want[len(want) * 2 // 3]).split("|")
        runs = [(n, [uid, *k, lim], mode)
                for n in ("KS_ANSWERED_O", "KS_ANSWERED_N")
                for k in (("infinity", "9223372036854775807"), deep)
                for mode in ("force_custom_plan", "force_generic_plan")]
        for (n, p, mode), e in zip(runs, plan_util.explain_all(DB, st,
                                                              runs)):
            what = "%s(%s) %s" % (n, ", ".join(map(str, p)), mode)
            walked = False
            for node in nodes(e["Plan"]):
                rel = node.get("Relation Name")
                rows = node["Actual Rows"] * node.get("Actual Loops", 1)
                # no read of the member's posts nor a walk of threads:
                # threads by id only, for the page
                self.assertNotIn(rel, ("posts",), what)
                if rel == "threads":
                    self.assertIn(node.get("Index Name"),
                                  ("threads_pkey", "threads_ks_id_at"), what)
                    self.assertLessEqual(rows, lim, what)
                if node.get("Index Name") == "member_answered_ks":
                    walked = True
                    self.assertLessEqual(rows, lim, what)
                if node.get("Index Name") == "threads_pkey" or \
                        rel == "users":
                    self.assertLessEqual(rows, lim, what)
            self.assertTrue(walked, what + ": member_answered_ks not used")
        staff = json.loads(sql("EXPLAIN (ANALYZE, FORMAT JSON) " +
                               st["DESK_STAFF"]))[0]
        # the staff from their index, not a walk of every user
        self.assertNotIn("Seq Scan", [n["Node Type"] for n in
                                      nodes(staff["Plan"])])
        self.assertIn("users_staff_name", [n.get("Index Name") for n in
                                           nodes(staff["Plan"])])
        c = self.client()
        pages = plan_util.walk(self, c, "/u/%s/answers" % name, thread_ids,
                               want, 4, "next", "prev", nonempty=True)
        self.assertEqual(len(pages), 4)

    def test_4_counts_and_desk(self):
        st = statements()
        runs = [("CATEGORY_BY_SLUG", [sql("SELECT slug FROM categories "
                                          "ORDER BY id LIMIT 1")],
                 "force_generic_plan"),
                ("DESK_PAGE_O", [0, 0, "-infinity", 0, 51],
                 "force_generic_plan"),
                ("DESK_PAGE_N", [0, 0, "-infinity", 0, 51],
                 "force_custom_plan")]
        cat, *desk = plan_util.explain_all(DB, st, runs)
        count = json.loads(sql("EXPLAIN (ANALYZE, FORMAT JSON) " +
                               st["MODQ_OPEN_COUNT"]))[0]
        read = sum(n["Actual Rows"] * n.get("Actual Loops", 1)
                   for n in nodes(count["Plan"])
                   if n.get("Relation Name") == "mod_queue")
        self.assertLessEqual(read, 1000)
        self.assertEqual(
            [n["Node Type"] for n in nodes(cat["Plan"])
             if n.get("Relation Name") == "threads"], [])
        for e in desk:
            parts = [n for n in nodes(e["Plan"])
                     if n.get("Index Name", "").startswith("threads_desk_")]
            self.assertTrue(parts)
            self.assertEqual({n["Node Type"] for n in parts},
                             {"Index Only Scan"})
        # more than 999 open items: the header says 999
        self.assertGreater(int(sql("SELECT count(*) FROM mod_queue WHERE "
                                   "state = 'open'")), 1000)
        m = self.client()
        plan_util.sign_in(m, int(sql("SELECT id FROM users WHERE role = "
                                     "'moderator' ORDER BY id LIMIT 1")), DB)
        r = m.get("/mod")
        self.assertHtmlPage(r, 200)
        self.assertRegex(r.body, r'class="nav-mod">[^<]*<span '
                         r'class="notif-count">999<')


if __name__ == "__main__":
    harness.main()
