#!/usr/bin/env python3
"""t190_watching: members follow threads, tags and categories.

- Asking follows the thread (watching), answering too (tracking); a
  level set before stays.  POST /t/:id/watch, /tag/:tag/watch, /c/:slug/watch take
  level=watching|tracking|muted|none with the form's CSRF token; a bad
  level is 400, no token 403, a thread one may not see 404.
- The thread page shows the level buttons to members (not to visitors);
  /watching lists what one follows, linked from settings.
- Who is told: watching hears of every new visible post, tracking only of
  official answers and staff verifications, muted of nothing (a muted
  thread wins over a watched category); nobody hears of a held post; an
  @mention tells the member named; nobody is told twice of one post."""

import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

HELD_BODY = ("盗まれた仮想通貨を取り戻す方法を知っています。"
             "テレグラムで連絡ください。")


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def notes(uid, kind, post=None):
    sql = ("SELECT count(*) FROM notifications WHERE user_id = %d AND "
           "kind = '%s'" % (uid, kind))
    if post is not None:
        sql += " AND post_id = %d" % post
    return int(harness.psql(sql))


def level(uid, kind, target):
    return harness.psql("SELECT level FROM watches WHERE user_id = %d AND "
                        "kind = '%s' AND target = '%s'" % (uid, kind, target))


class Watching(harness.ServerTest):
    demo = True

    def member(self, p="w", **kw):
        kw.setdefault("age_days", 30)
        kw.setdefault("lang", "en")
        return Session(self, uniq(p), **kw)

    def test_1_auto_follow_and_levels(self):
        asker, helper = self.member("wa"), self.member("wh")
        tid = asker.ask("How long does a BTC withdrawal take to arrive?",
                        "I sent BTC to my wallet an hour ago and it has "
                        "not arrived yet. Is that normal?", "deposits")
        self.assertEqual(level(asker.user_id, "thread", tid), "watching")
        helper.answer(tid, "It needs a few confirmations on the chain; an "
                           "hour is normal when the network is busy.")
        self.assertEqual(level(helper.user_id, "thread", tid), "tracking")
        # the buttons: members see them with their level, visitors do not
        r = asker.get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        self.assertIn('action="/t/%d/watch"' % tid, r.body)
        self.assertRegex(r.body, r'value="watching" aria-pressed="true" '
                                 r'data-current="1"')
        self.assertNotIn('/watch"', self.client().get("/t/%d" % tid).body)
        # change the level; /watching shows it
        self.assertStatus(asker.post("/t/%d/watch" % tid,
                                     {"level": "tracking"}), 303)
        self.assertEqual(level(asker.user_id, "thread", tid), "tracking")
        r = asker.get("/watching")
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/t/%d"' % tid, r.body)
        self.assertIn("How long does a BTC withdrawal take", r.body)
        self.assertRegex(r.body, r'value="tracking" aria-pressed="true" '
                                 r'data-current="1"')
        # a later answer by the asker keeps the level chosen
        asker.answer(tid, "Thanks, it arrived after about ninety minutes "
                          "in the end.")
        self.assertEqual(level(asker.user_id, "thread", tid), "tracking")
        # none stops following
        self.assertStatus(asker.post("/t/%d/watch" % tid, {"level": "none"}),
                          303)
        self.assertEqual(level(asker.user_id, "thread", tid), "")
        # settings link to the list
        r = asker.get("/settings")
        self.assertIn('href="/watching"', r.body)
        self.assertIn('href="/settings/notifications"', r.body)

    def test_2_bad_requests(self):
        asker, other = self.member("wb"), self.member("wo")
        tid = asker.ask("Deposit address changed after an update?",
                        "The deposit address for ETH looks different since "
                        "yesterday. Is the old one still fine?", "deposits")
        r = asker.post("/t/%d/watch" % tid, {"level": "loud"})
        self.assertHtmlPage(r, 400)
        self.assertIn("level", r.body)
        r = asker.client.post("/t/%d/watch" % tid, {"level": "muted"})
        self.assertHtmlPage(r, 403)
        self.assertStatus(asker.post("/t/999999999/watch",
                                     {"level": "muted"}), 404)
        self.assertStatus(asker.post("/c/no-such-category/watch",
                                     {"level": "muted"}), 404)
        # anonymous: sent to sign in, nothing stored
        r = self.client().post("/t/%d/watch" % tid, {"level": "muted"},
                               csrf=True)
        self.assertIn(r.status, (303, 403))
        # a held question is not followed by others (404), its author may
        held_tid = other.ask("Recovering stolen coins quickly?",
                             "Is there any way to get coins back after a "
                             "phishing site took them?", "security")
        # as the queue leaves it when the filters hold a question
        harness.psql("UPDATE threads SET visible = false WHERE id = %d"
                     % held_tid)
        self.assertStatus(asker.post("/t/%d/watch" % held_tid,
                                     {"level": "watching"}), 404)
        self.assertEqual(level(asker.user_id, "thread", held_tid), "")
        self.assertStatus(other.post("/t/%d/watch" % held_tid,
                                     {"level": "muted"}), 303)

    def test_3_who_is_told(self):
        asker = self.member("wq")
        tag = uniq("tg")
        tid = asker.ask("Staking rewards did not arrive this week",
                        "My ETH staking rewards for this week are missing "
                        "from the history page. Anyone else?", "account",
                        tags=tag)
        watcher, tracker, muted = (self.member("ww"), self.member("wt"),
                                   self.member("wm"))
        self.assertStatus(watcher.post("/tag/%s/watch" % tag,
                                       {"level": "watching"}), 303)
        self.assertEqual(level(watcher.user_id, "tag", tag), "watching")
        # the tag and category pages carry the buttons with the level
        r = watcher.get("/tag/%s" % tag)
        self.assertHtmlPage(r, 200)
        self.assertIn('action="/tag/%s/watch"' % tag, r.body)
        self.assertRegex(r.body, r'value="watching" aria-pressed="true" '
                                 r'data-current="1"')
        r = watcher.get("/c/account")
        self.assertHtmlPage(r, 200)
        self.assertIn('action="/c/account/watch"', r.body)
        self.assertNotIn("data-current", r.body)
        self.assertNotIn('/watch"', self.client().get("/c/account").body)
        # a tag is kept as threads keep it (folded): upper case is the same
        self.assertStatus(watcher.post("/tag/%s/watch" % tag.upper(),
                                       {"level": "watching"}), 303)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM watches WHERE user_id = %d AND kind = "
            "'tag'" % watcher.user_id), "1")
        self.assertStatus(tracker.post("/t/%d/watch" % tid,
                                       {"level": "tracking"}), 303)
        # muted on the thread wins over watching its category
        self.assertStatus(muted.post("/c/account/watch",
                                     {"level": "watching"}), 303)
        self.assertStatus(muted.post("/t/%d/watch" % tid,
                                     {"level": "muted"}), 303)
        helper = self.member("wx")
        a1 = helper.answer(tid, "Rewards are paid on Mondays; this week "
                                "they were late by one day for everyone.")
        self.assertEqual(notes(watcher.user_id, "watch_answer", a1), 1)
        self.assertEqual(notes(tracker.user_id, "watch_answer", a1), 0)
        self.assertEqual(notes(muted.user_id, "watch_answer", a1), 0)
        # the asker hears of it once, as the answer to the question
        self.assertEqual(notes(asker.user_id, "answer", a1), 1)
        self.assertEqual(notes(asker.user_id, "watch_answer", a1), 0)
        # the author is not told of their own post
        self.assertEqual(notes(helper.user_id, "watch_answer", a1), 0)
        # an official answer: watching and tracking hear of it
        staff = self.member("ws", role="staff", trust=3)
        off = staff.answer(tid, "Official: this week's staking rewards "
                                "were paid on Tuesday.", official=True)
        self.assertEqual(notes(watcher.user_id, "watch_official", off), 1)
        self.assertEqual(notes(tracker.user_id, "watch_official", off), 1)
        self.assertEqual(notes(muted.user_id, "watch_official", off), 0)
        # a verification: the same followers
        rev = harness.psql("SELECT revision FROM posts WHERE id = %d" % a1)
        self.assertStatus(staff.post("/p/%d/verify" % a1,
                                     {"on": "1", "revision": rev}), 303)
        self.assertEqual(notes(tracker.user_id, "watch_verified", a1), 1)
        self.assertEqual(notes(watcher.user_id, "watch_verified", a1), 1)
        self.assertEqual(notes(muted.user_id, "watch_verified", a1), 0)
        self.assertEqual(notes(helper.user_id, "verified", a1), 1)
        # a held answer tells no follower
        bad = self.member("wz", trust=1)
        r = bad.post("/t/%d/answer" % tid, {"body": HELD_BODY})
        self.assertStatus(r, 303)
        held = int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % held), "held")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE post_id = %d AND "
            "user_id <> %d" % (held, bad.user_id)), "0")
        # the forum's list names the new kinds
        r = watcher.get("/notifications")
        self.assertHtmlPage(r, 200)
        self.assertIn("New post in a thread you watch", r.body)
        self.assertIn("Official answer in a thread you follow", r.body)

    def test_4_mentions(self):
        asker, helper = self.member("mq"), self.member("mh")
        named = self.member("mn")
        name = harness.psql("SELECT username FROM users WHERE id = %d"
                            % named.user_id)
        tid = asker.ask("Which network for USDT deposits?",
                        "Should I pick TRC20 or ERC20 when I deposit USDT "
                        "here?", "deposits")
        a = helper.answer(tid, "Both work; @%s wrote a guide on the fees. "
                               "Mail me at x@%s.example if not." % (name, name))
        self.assertEqual(notes(named.user_id, "mention", a), 1)
        # a mention of oneself, or of nobody, tells nobody
        b = helper.answer(tid, "Also @nobody_by_that_name_here knows.")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE post_id = %d AND "
            "kind = 'mention'" % b), "0")


if __name__ == "__main__":
    harness.main()
