#!/usr/bin/env python3
"""t291_cache_flood: the page cache cannot be flooded or flushed from
outside.

- Unique URLs add nothing: a query string outside the route's inputs
  (/t/N?x=RANDOM), paths of no route, pages that do not exist (404), and
  other spellings of an existing page (/t/0N, a tag's path percent-encoded
  another way) are rendered but never stored, so the number of entries
  and stores does not move and the hot pages stay cached.
- Bounded by bytes with CLOCK: with [server] page_cache_mb = 1, reading 80
  distinct thread pages once each evicts (sodan_page_cache_evictions_total
  grows, sodan_page_cache_bytes stays within the budget) while the hot
  pages read between them are still served from the cache.
"""

import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import q, user  # noqa: E402


def metric(body, name):
    return int(re.search(r"^%s (\d+)$" % name, body, re.M).group(1))


class CacheFlood(harness.ServerTest):
    demo = True
    conf = "[server]\npage_cache_mb = 1\n"

    def metrics(self):
        r = self.client().get("/metrics")
        self.assertStatus(r, 200)
        return r.body

    def state(self, path):
        return self.client().get(path).headers.get("X-Cache")

    def hot(self):
        return [self.t[0], self.t[1], "/", "/tag/" + self.tag]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag = "flood" + uuid.uuid4().hex[:6]
        uid = user("flooder_" + uuid.uuid4().hex[:6])
        cat = int(harness.psql("SELECT id FROM categories ORDER BY id "
                               "LIMIT 1"))
        # 80 threads with a long question each (a page of ~30 KB)
        body = ("Withdrawal pending for three days, what can I check? "
                * 300)
        ids = harness.psql(
            "WITH t AS (INSERT INTO threads (category_id, author_id, title, "
            "tags) SELECT %d, %d, 'Flood thread ' || g, ARRAY[%s] FROM "
            "generate_series(1, 80) g RETURNING id) INSERT INTO posts "
            "(thread_id, author_id, kind, state, body_md, body_html) "
            "SELECT id, %d, 'question', 'visible', %s, %s FROM t "
            "RETURNING thread_id" % (cat, uid, q(cls.tag), uid, q(body),
                                     q("<p>" + body + "</p>")))
        cls.t = ["/t/%d" % int(x) for x in ids.split()[:80]
                 if x.isdigit()]

    def test_1_unique_urls_add_nothing(self):
        for p in self.hot():
            self.client().get(p)
            self.assertEqual(self.state(p), "hit", p)
        m0 = self.metrics()
        tid = self.t[0][len("/t/"):]
        c = self.client()
        seen = {}
        for i in range(150):
            r = uuid.uuid4().hex
            for path in ("/t/%s?x=%s" % (tid, r), "/no/such/%s" % r,
                         "/t/%s%s" % ("0" * (1 + i % 5), tid),
                         "/tag/%s" % r, "/t/9%d" % (10 ** 9 + i),
                         "/tag/%s%%%02X" % (self.tag[:-1],
                                            ord(self.tag[-1]))):
                resp = c.get(path)
                seen.setdefault(resp.status, 0)
                seen[resp.status] += 1
                self.assertNotEqual(resp.headers.get("X-Cache"), "miss",
                                    path + " was stored")
        self.assertIn(404, seen)
        self.assertIn(200, seen)
        m1 = self.metrics()
        for name in ("sodan_page_cache_stores_total",
                     "sodan_page_cache_entries",
                     "sodan_page_cache_evictions_total"):
            self.assertEqual(metric(m1, name), metric(m0, name), name)
        for p in self.hot():
            self.assertEqual(self.state(p), "hit", p + " was pushed out")

    def test_2_bounded_by_bytes_clock(self):
        m0 = self.metrics()
        for i, p in enumerate(self.t[2:]):
            r = self.client().get(p)
            self.assertStatus(r, 200, p)
            if i % 4 == 0:
                for h in self.hot():
                    self.assertEqual(self.state(h), "hit",
                                     h + " was pushed out")
        m1 = self.metrics()
        self.assertGreater(metric(m1, "sodan_page_cache_evictions_total"),
                           metric(m0, "sodan_page_cache_evictions_total"))
        self.assertLessEqual(metric(m1, "sodan_page_cache_bytes"),
                             metric(m1, "sodan_page_cache_budget_bytes"))
        self.assertEqual(metric(m1, "sodan_page_cache_budget_bytes"),
                         1 << 20)
        for h in self.hot():
            self.assertEqual(self.state(h), "hit", h)
        print("  %d pages held in %d bytes; %d evicted" % (
            metric(m1, "sodan_page_cache_entries"),
            metric(m1, "sodan_page_cache_bytes"),
            metric(m1, "sodan_page_cache_evictions_total")))


if __name__ == "__main__":
    harness.main()
