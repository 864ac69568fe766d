#!/usr/bin/env python3
"""t224_deflection: views of solved threads on /staff/stats.

- Views of a thread page are counted: anonymous ones served from the page
  cache by the event loop as well as pages rendered for members; robots
  (by User-Agent, or none), HEAD requests and 404s are not; nothing is
  written per view, the counts reach thread_views in batches.
- /staff/stats shows, per category and week, the views of threads that
  are solved (accepted or official answer), in the table, the SVG chart
  and the CSV; views of an unsolved thread do not count; a solved thread
  asked weeks ago still counts this week (a row with no questions)."""

import csv
import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

CAT = "deflect"
OLD = "deflectold"
BROWSER = {"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
                         "AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/120.0.0.0 Safari/537.36"}
PHONE = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac "
                       "OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                       "Version/17.1 Mobile/15E148 Safari/604.1",
         "Accept-Language": "ja"}
BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; "
        "+http://www.google.com/bot.html)", "curl/8.5.0",
        "python-requests/2.31.0"]


def views(tid):
    return int(harness.psql("SELECT coalesce(sum(views), 0) FROM "
                            "thread_views WHERE thread_id = %d" % tid))


class Deflection(harness.ServerTest):
    demo = True
    conf = "[support]\nviews_flush_ms = 200\n"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for slug, pos in ((CAT, 91), (OLD, 92)):
            harness.psql(
                "INSERT INTO categories (slug, name_ja, name_en, "
                "description_ja, description_en, position) VALUES ('%s', "
                "'解決テスト', 'Deflection %s', '解決', 'Solved', %d) "
                "ON CONFLICT DO NOTHING" % (slug, slug, pos))

    def test_1_solved_views(self):
        asker = Session(self, "df_asker", age_days=60, lang="en")
        staff = Session(self, "df_staff", role="staff", trust=3, lang="en")
        member = Session(self, "df_member", age_days=60, lang="en")
        solved = asker.ask("Deflection: how long does a JPY withdrawal take",
                           "A question that gets an official answer.", CAT)
        staff.answer(solved, "Official: one business day after review.",
                     official=True)
        open_ = asker.ask("Deflection: nobody answered this yet",
                          "A question without an answer.", CAT)
        old = asker.ask("Deflection: an old solved question",
                        "Asked weeks ago, solved, still read.", OLD)
        staff.answer(old, "Official: the old answer still holds.",
                     official=True)
        harness.psql("UPDATE threads SET created_at = now() - interval "
                     "'21 days' WHERE id = %d" % old)
        harness.psql("UPDATE posts SET created_at = now() - interval "
                     "'21 days' WHERE thread_id = %d" % old)
        self.assertEqual(views(solved), 0)
        anon = self.client()
        # six anonymous views: the first renders (and fills the page
        # cache), the next five are served from the cache by the loop
        for i in range(6):
            r = anon.get("/t/%d" % solved, headers=BROWSER)
            self.assertHtmlPage(r, 200)
        r = self.client().get("/t/%d" % solved, headers=PHONE)
        self.assertHtmlPage(r, 200)
        # a member's page (never cached): one view
        r = member.client.get("/t/%d" % solved, headers=dict(
            BROWSER, **member.headers))
        self.assertHtmlPage(r, 200)
        # not views: robots, no User-Agent, HEAD, a thread that is not
        for ua in BOTS:
            self.assertStatus(self.client().get(
                "/t/%d" % solved, headers={"User-Agent": ua}), 200)
        self.assertStatus(self.client().get("/t/%d" % solved), 200)
        self.assertStatus(self.client().request(
            "HEAD", "/t/%d" % solved, headers=BROWSER), 200)
        self.assertStatus(self.client().get("/t/99999999",
                                            headers=BROWSER), 404)
        for i in range(3):
            self.assertStatus(self.client().get("/t/%d" % open_,
                                                headers=BROWSER), 200)
        for i in range(2):
            self.assertStatus(self.client().get("/t/%d" % old,
                                                headers=BROWSER), 200)
        harness.wait_until(lambda: views(solved) == 8 and views(open_) == 3
                           and views(old) == 2, 10,
                           what="the views flushed")
        # batches, not a row per view: one row per thread and day
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM thread_views WHERE thread_id = %d"
            % solved), "1")
        self.assertEqual(views(99999999), 0)
        # the stats page: the solved thread's 8 views, not the open one's
        r = staff.get("/staff/stats")
        self.assertHtmlPage(r, 200)
        sec = re.search(r'<section class="stats-cat" id="stats-%s">.*?'
                        r'</section>' % CAT, r.body, re.S).group(0)
        self.assertIn("Views of solved threads", sec)
        rows = re.findall(r'<tr data-week="[0-9-]+">(.*?)</tr>', sec, re.S)
        self.assertEqual(len(rows), 1, sec)
        self.assertIn(' class="solved-views">8</td>', rows[0])
        cells = re.findall(r'<td data-label="[^"]*">(.*?)</td>', rows[0])
        self.assertEqual(cells[1:4], ["2", "50%", "50%"], cells)
        svg = re.search(r"<svg.*?</svg>", sec, re.S).group(0)
        self.assertEqual(svg.count('<rect class="views"'), 1)
        self.assertRegex(svg, r'<rect class="views"[^>]*><title>[0-9-]+: 8 ')
        self.assertIn("views of solved threads", svg)
        # a solved thread asked three weeks ago: this week's views count
        sec = re.search(r'<section class="stats-cat" id="stats-%s">.*?'
                        r'</section>' % OLD, r.body, re.S).group(0)
        rows = re.findall(r'<tr data-week="([0-9-]+)">(.*?)</tr>', sec, re.S)
        this = [x for x in rows if ' class="solved-views">2</td>' in x[1]]
        self.assertEqual(len(this), 1, sec)
        self.assertEqual(re.findall(r'<td data-label="[^"]*">(.*?)</td>',
                                    this[0][1])[1], "0")
        # the CSV
        r = staff.get("/staff/stats.csv")
        self.assertStatus(r, 200)
        rows = list(csv.DictReader(io.StringIO(r.body)))
        mine = [x for x in rows if x["category"] == CAT]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["solved_thread_views"], "8")
        self.assertEqual(mine[0]["questions"], "2")
        oldrows = [x for x in rows if x["category"] == OLD]
        self.assertIn("2", [x["solved_thread_views"] for x in oldrows])
        # Japanese
        ja = Session(self, "df_staff", role="staff", trust=3, lang="ja")
        r = ja.get("/staff/stats")
        self.assertIn("解決済みスレッドの閲覧数", r.body)


if __name__ == "__main__":
    harness.main()
