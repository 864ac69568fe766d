#!/usr/bin/env python3
"""t290_cache_keys: the anonymous page cache is invalidated by key.

Each kind of write is made once, then the pages it must change are read
(fresh: X-Cache "miss", the new content) and a sample of unrelated pages
(still X-Cache "hit", counted in /metrics as sodan_page_cache_hits_total):

- a visible answer: its thread, home, its tag, the members' lists; not
  another thread, its history, another tag;
- an answer the filters hold: nothing public;
- a vote: its thread only (scores and order), not home or the tag;
- a flag below the threshold: nothing public;
- a moderator approving the held answer: its thread, home, its tag;
- a question's edit (tags may change): every tag page, not other threads.
"""

import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def phone():
    n = uuid.uuid4().int
    return "+1-888-%03d-%04d" % (n % 1000, (n // 1000) % 10000)


class CacheKeys(harness.ServerTest):
    demo = True

    def anon(self, path):
        r = self.client().get(path)
        self.assertStatus(r, 200, path)
        return r

    def state(self, path):
        return self.anon(path).headers.get("X-Cache")

    def hits(self):
        m = self.client().get("/metrics").body
        return int(re.search(r"sodan_page_cache_hits_total (\d+)",
                             m).group(1))

    def warm(self, *paths):
        for p in paths:
            self.anon(p)
            self.assertEqual(self.state(p), "hit", p + " not cached")

    def expect(self, fresh, cached, text=None):
        """fresh pages are rendered again (and show text); cached ones are
        served from the cache, each counted once in the hit counter."""
        h0 = self.hits()
        for p in cached:
            self.assertEqual(self.state(p), "hit", p + " was dropped")
        self.assertEqual(self.hits() - h0, len(cached))
        for p in fresh:
            r = self.anon(p)
            self.assertEqual(r.headers.get("X-Cache"), "miss",
                             p + " still served from the cache")
            if text is not None and p.startswith("/t/"):
                self.assertIn(text, r.body)

    def test_writes_invalidate_their_keys(self):
        asker = Session(self, uniq("ck_ask"))
        helper = Session(self, uniq("ck_help"))
        voter = Session(self, uniq("ck_vote"), trust=2)
        flagger = Session(self, uniq("ck_flag"))
        mod = Session(self, uniq("ck_mod"), role="moderator", trust=3)
        tag_a, tag_b = uniq("cka"), uniq("ckb")
        ta = asker.ask("Cache keys: withdrawal to the wrong network",
                       "I sent USDT on the wrong network, can it be "
                       "recovered by support?", "deposits", tag_a)
        tb = asker.ask("Cache keys: deposit address changed",
                       "Did the deposit address for BTC change this "
                       "month, and is the old one still safe?", "deposits",
                       tag_b)
        name = harness.psql("SELECT username FROM users WHERE id = %d"
                            % helper.user_id)
        A, B = "/t/%d" % ta, "/t/%d" % tb
        TA, TB = "/tag/" + tag_a, "/tag/" + tag_b
        U = "/u/%s/answers" % name
        HB = "/p/%s/history" % harness.psql(
            "SELECT id FROM posts WHERE thread_id = %d AND kind = "
            "'question'" % tb)
        pages = [A, B, "/", TA, TB, HB, U]
        self.warm(*pages)

        # 1. a visible answer
        aid = helper.answer(ta, "Write to support with the transaction "
                            "hash; some networks can be recovered.")
        self.expect([A, "/", TA, U], [B, TB, HB],
                    "some networks can be recovered")
        self.warm(*pages)

        # 2. an answer the filters hold (a new account's phone number)
        nc = Session(self, uniq("ck_new"), trust=0, age_days=0)
        # (a contact point: held; a "recovery desk" phone number seconds
        # after the question is blocked outright and keeps no post)
        held = "Ask on Telegram: cachedesk%s and they answer quickly." \
            % phone()[-4:]
        r = nc.post("/t/%d/answer" % ta, {"body": held})
        self.assertStatus(r, 303)
        hid = int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % hid), "held")
        self.expect([], [A, B, "/", TA, TB, U])

        # 3. a vote: the thread's scores and order, nothing else
        self.assertStatus(voter.post("/p/%d/vote" % aid), 303)
        self.expect([A], [B, "/", TA, TB, U])
        self.warm(A)

        # 4. a flag below the threshold: nothing public
        r = flagger.post("/p/%d/flag" % aid, {"reason": "spam"})
        self.assertIn(r.status, (200, 303))
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % aid), "visible")
        self.expect([], [A, B, "/", TA, TB, U])

        # 5. a moderator publishes the held answer
        r = mod.post("/mod/post/%d" % hid, {"kind": "held",
                                            "action": "approve"})
        self.assertStatus(r, 303)
        self.expect([A, "/", TA], [B, TB, HB], held[:20])
        self.warm(*pages)

        # 6. the question of A edited (its tags may change): every tag page
        qid = int(harness.psql("SELECT id FROM posts WHERE thread_id = %d "
                               "AND kind = 'question'" % ta))
        r = asker.post("/p/%d/edit" % qid, {
            "title": "Cache keys: withdrawal sent on the wrong network",
            "tags": tag_a, "body": "I sent USDT on the wrong network, can "
            "it be recovered by support? Edited with the network name."})
        self.assertStatus(r, 303)
        self.expect([A, "/", TA, TB], [B, HB],
                    "withdrawal sent on the wrong network")


if __name__ == "__main__":
    harness.main()
