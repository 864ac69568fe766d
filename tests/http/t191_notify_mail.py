#!/usr/bin/env python3
"""t191_notify_mail: notifications by e-mail, read from the SMTP sink.

- A member watching a thread gets a mail when staff post an official
  answer: in the member's language, linking the post, with RFC 8058
  List-Unsubscribe (a signed link) and List-Unsubscribe-Post.
- At most one mail per member and thread per 15 minutes: later events
  wait (still pending) and go out together once the 15 minutes passed.
- No mail carries held, private, removed or redacted text, nor a contact
  found in it: a held scam answer with a phone number, a recovery phrase
  redacted by a moderator; the authors are told "held", "removed" with
  the reason in words and the appeal link.
- Preferences: a kind turned off is skipped; the daily digest gathers
  everything in one mail once a day; the unsubscribe link (GET shows a
  button, the one-click POST turns mail off; a forged token is 400)."""

import email
import email.policy
import glob
import os
import re
import sys
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

PHRASE = ("legal winner thank year wave sausage worth useful legal winner "
          "thank yellow")
SCAM_CONTACT = "coinback.desk@gmail.com"
SCAM = ("盗まれた仮想通貨を取り戻す方法を知っています。連絡先 %s"
        % SCAM_CONTACT)


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def all_mails():
    out = []
    for p in sorted(glob.glob(os.path.join(harness.test_dir(), "mail",
                                           "*.eml"))):
        with open(p, "rb") as f:
            raw = f.read()
        out.append((raw, email.message_from_bytes(
            raw, policy=email.policy.default)))
    return out


def mails_to(addr, template=None):
    return [m for _, m in all_mails()
            if addr.lower() in str(m["To"]).lower()]


def text_of(m):
    return m.get_body(("plain",)).get_content()


def html_of(m):
    return m.get_body(("html",)).get_content()


def wait_mails(addr, n, timeout=20):
    harness.wait_until(lambda: len(mails_to(addr)) >= n, timeout,
                       what="%d mail(s) to %s" % (n, addr))
    return mails_to(addr)


def pending(uid):
    return int(harness.psql("SELECT count(*) FROM notifications WHERE "
                            "user_id = %d AND mail_state = 'pending'" % uid))


class NotifyMail(harness.ServerTest):
    demo = True

    def member(self, p="n", lang="en", **kw):
        kw.setdefault("age_days", 30)
        s = Session(self, uniq(p), lang=lang, **kw)
        s.addr = "%s@example.org" % uniq("m")
        harness.psql("UPDATE users SET email = '%s', email_verified_at = "
                     "now(), lang = '%s' WHERE id = %d"
                     % (s.addr, lang, s.user_id))
        return s

    def test_1_official_answer_mail_and_batching(self):
        asker = self.member("na")
        watcher = self.member("nw", lang="ja")
        tid = asker.ask("Withdrawal stuck in review for two days",
                        "My JPY withdrawal has been in review since Monday. "
                        "Is there a delay?", "account")
        self.assertStatus(watcher.post("/t/%d/watch" % tid,
                                       {"level": "watching"}), 303)
        staff = self.member("ns", role="staff", trust=3)
        off = staff.answer(tid, "Official: reviews take up to three "
                                "business days this week.", official=True)
        m = wait_mails(watcher.addr, 1)[0]
        body = text_of(m)
        self.assertIn("/t/%d#p%d" % (tid, off), body)
        self.assertIn('href="http', html_of(m))
        self.assertEqual(m["Content-Language"], "ja")
        self.assertIn("公式回答", body)
        self.assertIn("Withdrawal stuck in review", str(m["Subject"]))
        # RFC 8058 one-click unsubscribe
        lu = str(m["List-Unsubscribe"])
        self.assertRegex(lu, r"^<http://[^>]+/unsubscribe\?u=%d&k=all&s="
                             r"[0-9a-f]{64}>$" % watcher.user_id)
        self.assertEqual(str(m["List-Unsubscribe-Post"]),
                         "List-Unsubscribe=One-Click")
        # the asker was told too, at once (their first mail of the thread)
        wait_mails(asker.addr, 1)
        # a second event within 15 minutes waits
        helper = self.member("nh")
        helper.answer(tid, "Mine took two days last month, then it went "
                           "through without any action.")
        time.sleep(3)
        self.assertEqual(len(mails_to(watcher.addr)), 1)
        self.assertEqual(pending(watcher.user_id), 1)
        # once 15 minutes have passed, the waiting rows go out in one mail
        harness.psql("UPDATE mail_thread_sent SET sent_at = now() - "
                     "interval '16 minutes' WHERE user_id = %d"
                     % watcher.user_id)
        ms = wait_mails(watcher.addr, 2)
        self.assertIn("/t/%d#p" % tid, text_of(ms[1]))
        self.assertEqual(pending(watcher.user_id), 0)
        # the rows and the outbox agree: nothing lost, nothing twice
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM outbox WHERE to_user = %d AND template = "
            "'notify'" % watcher.user_id), "2")

    def test_2_no_hidden_text_in_any_mail(self):
        asker = self.member("ha")
        tid = asker.ask("Where can I get help with a frozen account?",
                        "My account was frozen after a login from abroad. "
                        "Who do I contact?", "security")
        watcher = self.member("hw")
        self.assertStatus(watcher.post("/t/%d/watch" % tid,
                                       {"level": "watching"}), 303)
        scammer = self.member("hs", trust=1)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM post_contacts c JOIN posts p ON p.id = "
            "c.post_id WHERE p.thread_id = %d" % tid), "0")
        r = scammer.post("/t/%d/answer" % tid, {"body": SCAM})
        self.assertStatus(r, 303)
        held = int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))
        self.assertIn(harness.psql("SELECT state FROM posts WHERE id = %d"
                                   % held), ("held", "private"))
        # the filters found the contact in the held text
        self.assertNotEqual(harness.psql(
            "SELECT count(*) FROM post_contacts WHERE post_id = %d" % held),
            "0")
        victim = self.member("hv", trust=1)
        r = victim.post("/t/%d/answer" % tid, {"body": "I was told to send "
                        "my words. My phrase is %s. Can I get my coins "
                        "back?" % PHRASE})
        self.assertStatus(r, 303)
        priv = int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))
        self.assertEqual(harness.psql("SELECT state FROM posts WHERE id = %d"
                                      % priv), "private")
        mod = self.member("hm", role="moderator", trust=3)
        red = ("I was told to send my words. My phrase is [removed]. "
               "Can I get my coins back?")
        self.assertStatus(mod.post("/mod/post/%d" % priv, {
            "kind": "private", "action": "edit", "body": red}), 303)
        self.assertStatus(mod.post("/mod/post/%d" % held, {
            "kind": "held", "action": "remove", "reason": "scam",
            "confirm": "1"}), 303)
        # the scammer: held, then removed with the reason and how to appeal
        ms = wait_mails(scammer.addr, 1)
        harness.wait_until(lambda: any(
            "/p/%d/appeal" % held in text_of(x)
            for x in mails_to(scammer.addr)) or pending(scammer.user_id) > 0,
            20, what="removal mail or a pending row")
        if pending(scammer.user_id) > 0:
            harness.psql("UPDATE mail_thread_sent SET sent_at = now() - "
                         "interval '16 minutes' WHERE user_id = %d"
                         % scammer.user_id)
        harness.wait_until(lambda: any(
            "/p/%d/appeal" % held in text_of(x)
            for x in mails_to(scammer.addr)), 20, what="removal mail")
        removal = [x for x in mails_to(scammer.addr)
                   if "/p/%d/appeal" % held in text_of(x)][0]
        self.assertIn("scam or phishing", text_of(removal))
        self.assertIn("appeal", text_of(removal))
        # the redacted answer becomes public: its author and the watcher
        # are told; let every pending row of these members go out
        for s in (watcher, victim, asker):
            harness.psql("UPDATE mail_thread_sent SET sent_at = now() - "
                         "interval '16 minutes' WHERE user_id = %d"
                         % s.user_id)
        harness.wait_until(lambda: sum(pending(s.user_id) for s in
                                       (watcher, victim, asker,
                                        scammer)) == 0, 20,
                           what="every row mailed")
        ms = all_mails()
        self.assertTrue(len(ms) > 0)
        for raw, m in ms:
            whole = raw.decode("utf-8", "replace") + text_of(m) + html_of(m)
            for bad in (SCAM_CONTACT, "coinback", "sausage",
                        "winner thank year", "取り戻す方法"):
                self.assertNotIn(bad, whole, "a mail to %s carries %r"
                                 % (m["To"], bad))
        # and the outbox (sealed) holds no copy either
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM outbox WHERE message LIKE '%sausage%'"), "0")

    def test_3_preferences_digest_unsubscribe(self):
        asker = self.member("pa")
        self.assertStatus(asker.post("/settings/notifications", {
            "mode": "instant", "watch_official": "1", "watch_verified": "1",
            "watch_answer": "1", "mention": "1", "accepted": "1",
            "moderation": "1"}), 200)
        self.assertEqual(harness.psql(
            "SELECT mail_off FROM notify_prefs WHERE user_id = %d"
            % asker.user_id), "{answer}")
        r = asker.get("/settings/notifications")
        self.assertHtmlPage(r, 200)
        self.assertNotRegex(r.body, r'name="answer" value="1" checked')
        self.assertRegex(r.body, r'name="mention" value="1" checked')
        tid = asker.ask("Is the API rate limit per key or per account?",
                        "I run two bots with two keys; do they share one "
                        "limit?", "api")
        helper = self.member("ph")
        a = helper.answer(tid, "Per account: both keys share the limit.")
        harness.wait_until(lambda: harness.psql(
            "SELECT mail_state FROM notifications WHERE user_id = %d AND "
            "post_id = %d" % (asker.user_id, a)) == "skipped", 20,
            what="the answer's row skipped")
        self.assertEqual(len(mails_to(asker.addr)), 0)
        # a bad mode is refused with the field named
        r = asker.post("/settings/notifications", {"mode": "hourly"})
        self.assertHtmlPage(r, 400)
        self.assertIn("mode", r.body)
        # the daily digest: rows wait until a day has passed
        self.assertStatus(helper.post("/settings/notifications", {
            "mode": "digest", "answer": "1", "watch_official": "1",
            "watch_verified": "1", "watch_answer": "1", "mention": "1",
            "accepted": "1", "moderation": "1"}), 200)
        self.assertStatus(asker.post("/p/%d/accept" % a), 303)
        tid2 = asker.ask("Do API keys expire after a year?",
                         "My key was made in 2025; will it stop?", "api")
        b = helper.answer(tid2, "They do not expire; rotate them anyway.")
        self.assertStatus(asker.post("/p/%d/accept" % b), 303)
        time.sleep(3)
        self.assertEqual(len(mails_to(helper.addr)), 0)
        self.assertEqual(pending(helper.user_id), 2)
        harness.psql("UPDATE notify_prefs SET last_digest_at = now() - "
                     "interval '25 hours' WHERE user_id = %d"
                     % helper.user_id)
        m = wait_mails(helper.addr, 1)[0]
        self.assertEqual(len(mails_to(helper.addr)), 1)
        self.assertIn("/t/%d#p%d" % (tid, a), text_of(m))
        self.assertIn("/t/%d#p%d" % (tid2, b), text_of(m))
        self.assertIn("accepted", text_of(m))
        self.assertEqual(pending(helper.user_id), 0)
        # one-click unsubscribe from the header
        url = str(m["List-Unsubscribe"]).strip("<>")
        u = urllib.parse.urlsplit(url)
        path = u.path + "?" + u.query
        c = self.client()
        r = c.get(path)
        self.assertHtmlPage(r, 200)
        self.assertIn('action="/unsubscribe"', r.body)
        self.assertEqual(harness.psql("SELECT mode FROM notify_prefs WHERE "
                                      "user_id = %d" % helper.user_id),
                         "digest")
        forged = path[:-4] + ("0000" if not path.endswith("0000")
                              else "1111")
        r = c.post(forged, {"List-Unsubscribe": "One-Click"})
        self.assertHtmlPage(r, 400)
        self.assertEqual(harness.psql("SELECT mode FROM notify_prefs WHERE "
                                      "user_id = %d" % helper.user_id),
                         "digest")
        # RFC 8058: a POST without cookies or a form token
        r = self.client().post(path, {"List-Unsubscribe": "One-Click"})
        self.assertHtmlPage(r, 200)
        self.assertEqual(harness.psql("SELECT mode FROM notify_prefs WHERE "
                                      "user_id = %d" % helper.user_id), "off")
        c2 = self.member("pc")
        c2.answer(tid2, "Keys never expire, but you can set an expiry date "
                        "when you make one.")
        self.assertStatus(asker.post("/t/%d/watch" % tid2,
                                     {"level": "watching"}), 303)
        # another event for the unsubscribed helper: skipped, not mailed
        staff = self.member("pst", role="staff", trust=3)
        rev = harness.psql("SELECT revision FROM posts WHERE id = %d" % b)
        self.assertStatus(staff.post("/p/%d/verify" % b,
                                     {"on": "1", "revision": rev}), 303)
        harness.wait_until(lambda: pending(helper.user_id) == 0, 20,
                           what="helper's rows settled")
        self.assertEqual(len(mails_to(helper.addr)), 1)


class NotifyMailCrash(harness.ServerTest):
    """A notification written while no instance sends mail (the process
    killed, or no relay configured) is mailed by the next instance: the
    row was written with its event, so nothing is lost."""
    demo = True
    extra_env = {"SODAN_SMTP_URL": ""}

    def test_pending_rows_survive(self):
        asker = Session(self, uniq("ca"), lang="en", age_days=30)
        addr = "%s@example.org" % uniq("c")
        harness.psql("UPDATE users SET email = '%s', email_verified_at = "
                     "now() WHERE id = %d" % (addr, asker.user_id))
        tid = asker.ask("Can I change the e-mail address of my account?",
                        "I lost access to my old mailbox; how do I move "
                        "the account to a new address?", "account")
        helper = Session(self, uniq("ch"), lang="en", age_days=30)
        helper.answer(tid, "Settings, then e-mail address: it sends a link "
                           "to the new one and tells the old one.")
        self.assertEqual(pending(asker.user_id), 1)
        # the instance dies without having mailed anything
        self.server.send_signal(9)
        self.server.proc.wait()
        self.assertEqual(len(mails_to(addr)), 0)
        self.assertEqual(pending(asker.user_id), 1)
        # a row older than a week is no news any more: never mailed
        harness.psql("INSERT INTO notifications (user_id, kind, thread_id, "
                     "created_at) VALUES (%d, 'watch_answer', %d, now() - "
                     "interval '8 days')" % (asker.user_id, tid))
        self.assertEqual(pending(asker.user_id), 2)
        # the next instance (with a relay) sends it
        other = harness.Server(name="t191-next")
        other.start()
        try:
            m = wait_mails(addr, 1)[0]
            self.assertIn("/t/%d#p" % tid, text_of(m))
            self.assertEqual(pending(asker.user_id), 0)
            self.assertEqual(harness.psql(
                "SELECT mail_state FROM notifications WHERE user_id = %d "
                "AND created_at < now() - interval '7 days'"
                % asker.user_id), "skipped")
            self.assertEqual(text_of(m).count("/t/%d" % tid), 1)
        finally:
            problems = other.stop()
        self.assertEqual(problems, [])
        self.__class__.server = None


if __name__ == "__main__":
    harness.main()
