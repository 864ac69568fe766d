#!/usr/bin/env python3
"""t142_qa_notifications_feed: the notifications page (unread and read,
mark one or all read, nobody else's), the unread count in the header;
the staff feed page and its Atom document (content type, escaping, no
Host in it)."""

import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"


def unread_badge(body):
    m = re.search(r'<span class="notif-count"[^>]*>(\d+)</span>', body)
    return int(m.group(1)) if m else 0


class QaNotificationsFeed(harness.ServerTest):
    demo = True

    def test_notifications(self):
        asker = Session(self, "qa_n_asker", age_days=30, lang="en")
        helper = Session(self, "qa_n_helper", age_days=30, lang="en")
        other = Session(self, "qa_n_other", age_days=30, lang="en")
        r = asker.get("/notifications")
        self.assertHtmlPage(r, 200)
        self.assertIn("No notifications yet.", r.body)
        self.assertEqual(unread_badge(r.body), 0)
        tid = asker.ask("When are JPY deposits credited on weekends?",
                        "I sent yen on Saturday morning; when will it "
                        "arrive in my account?", "deposits")
        a1 = helper.answer(tid, "Bank transfers on weekends arrive on the "
                                "next business day.")
        a2 = other.answer(tid, "Instant transfers through the partner bank "
                               "arrive at once, even on weekends.")
        # the header shows the count on every signed-in page
        r = asker.get("/")
        self.assertEqual(unread_badge(r.body), 2)
        self.assertIn('href="/notifications"', r.body)
        r = asker.get("/notifications")
        self.assertHtmlPage(r, 200)
        self.assertEqual(r.body.count('class="notif notif-unread"'), 2)
        self.assertIn("New answer to your question", r.body)
        self.assertIn('href="/t/%d#p%d"' % (tid, a1), r.body)
        self.assertIn('href="/t/%d#p%d"' % (tid, a2), r.body)
        nid = int(harness.psql(
            "SELECT id FROM notifications WHERE user_id = %d AND "
            "post_id = %d" % (asker.user_id, a1)))
        # someone else cannot mark it read
        self.assertStatus(other.post("/notifications/%d/read" % nid), 303)
        self.assertEqual(harness.psql(
            "SELECT read_at IS NULL FROM notifications WHERE id = %d" % nid),
            "t")
        # without the CSRF token: refused
        r = asker.client.post("/notifications/%d/read" % nid, {},
                              headers={"Origin": "http://127.0.0.1:%d"
                                       % self.port})
        self.assertStatus(r, 403)
        # the owner marks one read
        r = asker.post("/notifications/%d/read" % nid)
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/notifications")
        r = asker.get("/notifications")
        self.assertEqual(r.body.count('class="notif notif-unread"'), 1)
        self.assertEqual(r.body.count('class="notif notif-read"'), 1)
        self.assertEqual(unread_badge(r.body), 1)
        # accepted: the helper is told
        self.assertStatus(asker.post("/p/%d/accept" % a1), 303)
        r = helper.get("/notifications")
        self.assertIn("Your answer was accepted", r.body)
        self.assertEqual(unread_badge(r.body), 1)
        # mark all read
        self.assertStatus(asker.post("/notifications/read"), 303)
        r = asker.get("/notifications")
        self.assertEqual(r.body.count("notif-unread"), 0)
        self.assertEqual(unread_badge(r.body), 0)
        self.assertNotIn('action="/notifications/read"', r.body)
        # Japanese
        asker.headers["Accept-Language"] = "ja"
        r = asker.get("/notifications")
        self.assertIn("<h1>通知</h1>", r.body)
        self.assertIn("質問に新しい回答がありました", r.body)
        # anonymous visitors are sent to sign in
        r = self.client().get("/notifications")
        self.assertStatus(r, 303)
        self.assertTrue(r.headers.get("Location").startswith("/login"))

    def test_staff_feed(self):
        asker = Session(self, "qa_f_asker", age_days=30, lang="en")
        user = Session(self, "qa_f_user", age_days=30, lang="en")
        staff = Session(self, "qa_f_staff", role="staff", trust=3,
                        display="Support <Tanaka> & \"Co\"", lang="en")
        title = "Fees for <b>USDT</b> & \"TRC20\" withdrawals?"
        tid = asker.ask(title, "What does a USDT withdrawal on TRC20 cost?",
                        "deposits")
        off = staff.answer(tid, "The fee is 1 USDT. See <script>x</script> "
                                "& the fee table.", official=True)
        ans = user.answer(tid, "It was 1 USDT for me last week.")
        self.assertStatus(staff.post("/p/%d/verify" % ans, {"on": "1", "revision": harness.psql(
            "SELECT revision FROM posts WHERE id = %d" % ans)}), 303)

        anon = self.client()
        r = anon.get("/staff", headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/t/%d#p%d"' % (tid, off), r.body)
        self.assertIn('href="/t/%d#p%d"' % (tid, ans), r.body)
        self.assertIn("Fees for &lt;b&gt;USDT&lt;/b&gt; &amp; "
                      "&quot;TRC20&quot; withdrawals?", r.body)
        self.assertIn("Support &lt;Tanaka&gt; &amp; &quot;Co&quot;", r.body)
        self.assertNotIn("<b>USDT", r.body)
        self.assertIn('href="/staff/feed.atom"', r.body)

        r = anon.get("/staff/feed.atom",
                     headers={"Accept-Language": "en",
                              "Host": "evil.example"})
        self.assertStatus(r, 200)
        self.assertTrue(r.content_type.startswith("application/atom+xml"),
                        r.content_type)
        self.assertNotIn("evil.example", r.body)
        self.assertNotIn("<script>", r.body)
        self.assertNotIn("<b>USDT", r.body)
        feed = ET.fromstring(r.body.encode())   # well-formed XML
        self.assertEqual(feed.tag, ATOM + "feed")
        entries = feed.findall(ATOM + "entry")
        titles = [e.find(ATOM + "title").text for e in entries]
        self.assertIn("Official answer: " + title, titles)
        self.assertIn("Staff-verified: " + title, titles)
        e = entries[titles.index("Official answer: " + title)]
        self.assertEqual(e.find(ATOM + "link").get("href"),
                         "/t/%d#p%d" % (tid, off))
        self.assertEqual(e.find(ATOM + "author/" + ATOM + "name").text,
                         "Support <Tanaka> & \"Co\"")
        self.assertIn("<script>x</script>",
                      e.find(ATOM + "summary").text)   # as text, escaped
        self.assertEqual(e.find(ATOM + "summary").get("type"), "text")
        self.assertRegex(e.find(ATOM + "updated").text,
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        ids = [x.find(ATOM + "id").text for x in entries]
        self.assertEqual(len(ids), len(set(ids)))
        # the feed follows changes at once (it is cached for anonymous)
        self.assertStatus(staff.post("/p/%d/verify" % ans, {"on": "0", "revision": harness.psql(
            "SELECT revision FROM posts WHERE id = %d" % ans)}), 303)
        r = anon.get("/staff/feed.atom", headers={"Accept-Language": "en"})
        self.assertNotIn("Staff-verified: " + title,
                         [e.find(ATOM + "title").text for e in
                          ET.fromstring(r.body.encode()).findall(
                              ATOM + "entry")])
        # Japanese
        r = anon.get("/staff", headers={"Accept-Language": "ja"})
        self.assertIn("スタッフからの回答", r.body)


if __name__ == "__main__":
    harness.main()
