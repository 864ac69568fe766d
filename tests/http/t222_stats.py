#!/usr/bin/env python3
"""t222_stats: support analytics (/staff/stats, /staff/stats.csv,
docs/support.md): per category and week, questions, answered and solved
shares, median and 90th percentile of the time to the first answer and
to the official answer, the top tags of unanswered questions; the SVG
chart needs no script; staff only; CSV export with the same numbers."""

import csv
import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

CAT = "statsdesk"


class Stats(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        harness.psql(
            "INSERT INTO categories (slug, name_ja, name_en, description_ja, "
            "description_en, position) VALUES ('%s', '統計テスト', "
            "'Stats test', '統計', 'Stats', 90) ON CONFLICT DO NOTHING"
            % CAT)

    def setUp(self):
        self.t0 = None
        self.asker = Session(self, "st_asker", age_days=60, lang="en")
        self.helper = Session(self, "st_helper", age_days=60, lang="en",
                              trust=2)
        self.staff = Session(self, "st_staff", role="staff", trust=3,
                             lang="en")
        self.member = Session(self, "st_member", age_days=60, lang="en")

    def _times(self, tid, pid, created_min_ago, after_min):
        """Question tid asked created_min_ago minutes ago; post pid
        written after_min minutes after it.  "Ago" counts from one
        instant read once per test (self.t0), so calls a second apart on
        a busy machine do not move the differences by a second."""
        if getattr(self, "t0", None) is None:
            self.t0 = harness.psql("SELECT now()")
        sql = ("UPDATE threads SET created_at = '%s'::timestamptz - "
               "interval '%d minutes' WHERE id = %d;"
               % (self.t0, created_min_ago, tid))
        if pid:
            sql += (" UPDATE posts SET created_at = '%s'::timestamptz - "
                    "interval '%d minutes' WHERE id = %d;"
                    % (self.t0, created_min_ago - after_min, pid))
        harness.psql(sql)

    def test_1_numbers(self):
        a = self.asker.ask("Stats: an official answer after four hours",
                           "Question one for the statistics page.", CAT)
        pa = self.helper.answer(a, "A community answer after one hour.")
        po = self.staff.answer(a, "The official answer after four hours.",
                               official=True)
        b = self.asker.ask("Stats: an accepted answer after three hours",
                           "Question two for the statistics page.", CAT)
        pb = self.helper.answer(b, "An answer after three hours, accepted.")
        self.assertStatus(self.asker.post("/p/%d/accept" % pb), 303)
        self.asker.ask("Stats: nobody answered this KYC question",
                       "Question three, no answer yet.", CAT, tags="kyc")
        self.asker.ask("Stats: nobody answered this limits question",
                       "Question four, no answer yet.", CAT,
                       tags="kyc limits")
        self._times(a, pa, 300, 60)
        self._times(a, po, 300, 240)
        self._times(b, pb, 300, 180)
        r = self.staff.get("/staff/stats")
        self.assertHtmlPage(r, 200)
        sec = re.search(r'<section class="stats-cat" id="stats-%s">.*?'
                        r'</section>' % CAT, r.body, re.S).group(0)
        rows = re.findall(r'<tr data-week="[0-9-]+">(.*?)</tr>', sec, re.S)
        self.assertEqual(len(rows), 1, sec)
        cells = re.findall(r'<td data-label="[^"]*">(.*?)</td>', rows[0])
        # each cell names its column as the header does (shown before the
        # cell on a phone)
        heads = re.findall(r'<th scope="col">([^<]*)</th>', sec)
        self.assertEqual(len(heads), 10, sec)
        self.assertEqual(re.findall(r'<td data-label="([^"]*)"', rows[0]),
                         heads)
        # week, questions, answered, solved, fa p50, fa p90, fo p50, p90
        self.assertEqual(cells[1:], ["4", "50%", "50%", "2 h", "2 h 48 min",
                                     "4 h", "4 h"], cells)
        self.assertIn('href="/tag/kyc">kyc</a> ×2', sec)
        self.assertIn('href="/tag/limits">limits</a> ×1', sec)
        # the chart: one bar for the week, two lines, no script
        svg = re.search(r"<svg.*?</svg>", sec, re.S).group(0)
        self.assertEqual(svg.count("<rect"), 1)
        self.assertEqual(svg.count("<polyline"), 2)
        self.assertIn('role="img"', svg)
        self.assertNotIn("<script", sec)
        # the CSV has the same numbers, in seconds
        r = self.staff.get("/staff/stats.csv")
        self.assertStatus(r, 200)
        self.assertTrue(r.headers.get("Content-Type").startswith(
            "text/csv"))
        self.assertIn("attachment", r.headers.get("Content-Disposition"))
        rows = [x for x in csv.DictReader(io.StringIO(r.body))
                if x["category"] == CAT]
        self.assertEqual(len(rows), 1)
        x = rows[0]
        self.assertEqual((x["questions"], x["answered"], x["answered_pct"],
                          x["solved"], x["solved_pct"]),
                         ("4", "2", "50", "2", "50"))
        self.assertEqual((x["first_answer_median_s"],
                          x["first_answer_p90_s"],
                          x["official_answer_median_s"],
                          x["official_answer_p90_s"]),
                         ("7200", "10080", "14400", "14400"))
        # weeks: bounded; a bad value is refused with the field's name
        r = self.staff.get("/staff/stats?weeks=0")
        self.assertHtmlPage(r, 400)
        self.assertHtmlPage(self.staff.get("/staff/stats?weeks=52"), 200)
        # Japanese
        ja = Session(self, "st_staff", role="staff", trust=3, lang="ja")
        r = ja.get("/staff/stats")
        self.assertHtmlPage(r, 200)
        self.assertIn("サポート統計", r.body)
        self.assertIn("統計テスト", r.body)

    def test_2_staff_only(self):
        for s in (self.member,
                  Session(self, "st_mod", role="moderator", trust=3)):
            self.assertStatus(s.get("/staff/stats"), 403)
            self.assertStatus(s.get("/staff/stats.csv"), 403)
        r = self.client().get("/staff/stats.csv")
        self.assertStatus(r, 303)


if __name__ == "__main__":
    harness.main()
