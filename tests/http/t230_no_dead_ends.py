#!/usr/bin/env python3
"""t230_no_dead_ends: forms that fail come back as the same form, and no
flow ends on a page that cannot be shown again (issue 23, "No dead ends").

- The flag form: "other" without a note is the same form again (400) with
  the choice kept, the error next to the note box and in the summary, and
  the reported post (its thread, author and text) shown; in ja and en.
- The language switch from a page that answered a POST (/t/ID/answer) lands
  on a page that GET can show (/t/ID), never a POST-only address.
- Signed in, the language is the account's: the switch saves it and the
  settings (in any browser of the member) select it.
- Sign-up: a form refused for a short password spends none of the
  address's account allowance ([register]); a separate, larger limit
  ([register_attempt]) counts every form sent.  The 429 page names the
  fields in words ("Username", "ユーザー名"), not "username".
- A question or an answer sent through the form: the thread says so
  (role="status"), only to its author.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import post, post_form, sign_in, thread, uniq, user  # noqa: E402
from t070_ratelimit import clear_limits, limits_file, redis  # noqa: E402
from t100_accounts import login, register  # noqa: E402

PASSWORD = "violet tractor umbrella 97"


class NoDeadEnds(harness.ServerTest):
    demo = True

    def member(self):
        uid = user(uniq("nd"))
        c = self.client()
        c.port = self.port
        sign_in(c, uid)
        return uid, c

    def origin(self):
        return {"Origin": "http://127.0.0.1:%d" % self.port}

    # --- the flag form ------------------------------------------------

    def test_flag_other_without_note_is_the_form_again(self):
        asker = user(uniq("asker"))
        tid, qid = thread(asker, "How long does a JPY withdrawal take here?")
        writer = user(uniq("writer"))
        aid = post(tid, writer, "Call our support line on Telegram and "
                   "they will release your withdrawal at once.")
        _, c = self.member()

        r = c.get("/p/%d/flag" % aid, headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        # which post is reported: its thread, and its text
        self.assertIn("The post you are reporting", r.body)
        self.assertIn("How long does a JPY withdrawal take here?", r.body)
        self.assertIn("they will release your withdrawal", r.body)

        for lang, want in (("en", "Say in a few words what is wrong"),
                           ("ja", "何が問題かを一言")):
            r = c.post("/p/%d/flag" % aid,
                       {"reason": "other", "note": "", "csrf": c.csrf},
                       headers=dict(self.origin(),
                                    **{"Accept-Language": lang}))
            self.assertHtmlPage(r, 400)
            # the same form, the choice kept, the error at the field
            self.assertIn('action="/p/%d/flag"' % aid, r.body)
            self.assertRegex(r.body, r'value="other"[^>]*checked')
            self.assertRegex(r.body, r'<textarea id="note"[^>]*'
                             r'aria-invalid="true"')
            self.assertIn('class="form-errors"', r.body)
            self.assertIn('href="#note"', r.body)
            self.assertIn(want, r.body, lang)
            # the reported post is still shown, and a way back
            self.assertIn("they will release your withdrawal", r.body)
            self.assertIn('href="/t/%d#p%d"' % (tid, aid), r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM flags WHERE post_id = %d" % aid), "0")

        r = post_form(c, "/p/%d/flag" % aid,
                      {"reason": "other", "note": "A fake support contact."})
        self.assertHtmlPage(r, 200)
        self.assertIn('role="status"', r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM flags WHERE post_id = %d" % aid), "1")

    # --- the language switch -------------------------------------------

    def test_switch_after_a_post_lands_on_a_get_page(self):
        asker = user(uniq("asker"))
        tid, qid = thread(asker)
        _, c = self.member()
        cases = (("/t/%d/answer" % tid, "/t/%d" % tid),
                 ("/settings/profile", "/settings"),
                 ("/p/%d/flag" % qid, "/p/%d/flag" % qid),
                 ("/t/%d" % tid, "/t/%d" % tid),
                 ("/search?q=2FA", "/search?q=2FA"),
                 ("/logout", "/"),
                 ("/lang", "/"))
        for nxt, want in cases:
            r = c.post("/lang", {"lang": "en", "next": nxt},
                       headers=self.origin())
            self.assertEqual(r.status, 303, nxt)
            self.assertEqual(r.headers["Location"], want, nxt)
            # and that page answers GET
            self.assertNotIn(c.get(want).status, (404, 405), want)

    def test_language_is_an_account_setting(self):
        c = self.client()
        name = uniq("lang")
        r = register(c, name, "言語テスト", PASSWORD, lang="en")
        self.assertEqual(r.status, 303, r.body[:300])
        self.assertEqual(harness.psql(
            "SELECT lang FROM users WHERE username = '%s'" % name), "en")
        tok = c.csrf_token("/settings")
        r = c.post("/lang", {"lang": "ja", "next": "/settings"},
                   headers=self.origin())
        self.assertEqual(r.status, 303)
        self.assertEqual(harness.psql(
            "SELECT lang FROM users WHERE username = '%s'" % name), "ja")
        r = c.get("/settings")
        self.assertHtmlPage(r, 200)
        self.assertRegex(r.body, r'<option value="ja"[^>]*selected')
        self.assertIsNotNone(tok)
        # another browser of the same member: its settings show the
        # account's language, so saving the profile does not switch back
        c2 = self.client()
        r = login(c2, name, PASSWORD, lang="en")
        self.assertEqual(r.status, 303)
        r = c2.get("/settings", headers={"Accept-Language": "en"})
        self.assertRegex(r.body, r'<option value="ja"[^>]*selected')

    # --- "posted" ------------------------------------------------------

    def test_posted_confirmation(self):
        uid, c = self.member()
        cat = harness.psql("SELECT slug FROM categories ORDER BY id LIMIT 1")
        r = post_form(c, "/ask", {
            "title": "How do I change the bank account for withdrawals?",
            "body": "I moved to another bank and want JPY withdrawals to "
                    "go to the new account.",
            "category": cat, "tags": "withdrawal"})
        self.assertEqual(r.status, 303, r.body[:400])
        loc = r.headers["Location"]
        self.assertRegex(loc, r"^/t/\d+\?posted=(question|held)$")
        r = c.get(loc, headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertRegex(r.body, r'role="status" data-posted="')
        self.assertTrue("Your question is posted." in r.body or
                        "waits for a moderator" in r.body)
        self.assertIn('data-draft="answer-', r.body)
        tid = int(re.match(r"^/t/(\d+)", loc).group(1))
        # a stranger given the same address sees no such notice
        r = self.client().get(loc)
        self.assertHtmlPage(r, 200)
        self.assertNotIn("data-posted", r.body)

        _, c2 = self.member()
        # a refused answer is the thread again, with no "posted" notice
        r = post_form(c2, "/t/%d/answer" % tid, {"body": "short"})
        self.assertHtmlPage(r, 422)
        self.assertIn('class="form-errors"', r.body)
        self.assertNotIn("data-posted", r.body)
        r = post_form(c2, "/t/%d/answer" % tid, {
            "body": "Change it under Account, then Bank accounts; the "
                    "next withdrawal goes to the new one."})
        self.assertEqual(r.status, 303, r.body[:400])
        self.assertRegex(r.headers["Location"],
                         r"^/t/%d\?posted=(answer|held)#p\d+$" % tid)
        r = c2.get(r.headers["Location"].split("#")[0],
                   headers={"Accept-Language": "ja"})
        self.assertRegex(r.body, r'role="status" data-posted="(answer|held)"')

    def test_ask_form_keeps_a_draft(self):
        _, c = self.member()
        r = c.get("/ask")
        self.assertHtmlPage(r, 200)
        self.assertIn('data-draft="ask"', r.body)


# [register] 1 account per hour, [register_attempt] 5 forms per hour.
LIMITS = ("[register]\nburst = 1\nrate = 1/hour\n"
          "[register_attempt]\nburst = 5\nrate = 1/hour\n"
          "[global]\nburst = 100000\nrate = 10000/sec\n"
          "[signin_ip]\nburst = 1000\nrate = 1000/sec\n"
          "[signin_account]\nburst = 1000\nrate = 1000/sec\n")


class SignUpLimits(harness.ServerTest):

    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(LIMITS)}
        super().setUpClass()

    def test_refused_attempts_spend_no_account_allowance(self):
        clear_limits()
        # three forms refused for a short password: 400 each, not 429
        for i in range(3):
            r = register(self.client(), uniq("short"), "短いパスワード",
                         "short", lang="en")
            self.assertHtmlPage(r, 400)
            self.assertIn('value="', r.body)   # the name typed is kept
        self.assertIsNone(redis("GET", "rl:register:ip:127.0.0.1"))
        self.assertIsNotNone(redis("GET",
                                   "rl:register_attempt:ip:127.0.0.1"))
        # the one account the address may create this hour is still there
        r = register(self.client(), uniq("ok"), "登録できた", PASSWORD)
        self.assertEqual(r.status, 303, r.body[:400])
        self.assertIsNotNone(redis("GET", "rl:register:ip:127.0.0.1"))
        # a second account is refused, with the form kept in words
        name = uniq("two")
        r = register(self.client(), name, "二つ目", PASSWORD, lang="en")
        self.assertHtmlPage(r, 429)
        self.assertIn("Retry-After", r.headers)
        self.assertIn("<label>Username<br>", r.body)
        self.assertIn("<label>Display name<br>", r.body)
        self.assertNotIn("<label>username", r.body)
        self.assertNotIn("<label>display_name", r.body)
        self.assertIn('value="%s"' % name, r.body)
        # the sixth form of the hour meets the attempt limit, even a bad one
        r = register(self.client(), uniq("six"), "六つ目", "short",
                     lang="ja")
        self.assertHtmlPage(r, 429)
        self.assertIn("<label>ユーザー名<br>", r.body)
        self.assertIn("<label>表示名<br>", r.body)


if __name__ == "__main__":
    harness.main()
