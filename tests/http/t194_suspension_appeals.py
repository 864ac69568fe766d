#!/usr/bin/env python3
"""t194_suspension_appeals: a suspended member appeals the suspension.

- Signing in with the right password shows the suspension notice with an
  "appeal" link (in ja and en); the link is signed (a forged or altered
  one is 400, an expired one too) and needs no session.
- The appeal: 10 to 1,000 characters (422 keeps the text), CSRF
  required, once per suspension (409); the moderation log records it.
- /mod/queue/appeals lists it; the moderator who suspended may not decide
  (403) while another exists; another lifts it: the account can sign in,
  the appeal is 'reversed', the member is told (a row and a mail), the
  log has 'unsuspend'; or keeps it: 'upheld', told, logged.
- The public /moderation page counts the appeal and the reversal."""

import email
import email.policy
import glob
import html
import os
import re
import sys
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import PASSWORD, register  # noqa: E402
from qa_util import Session, q  # noqa: E402


def uniq(p):
    return ("%s%s" % (p, uuid.uuid4().hex))[:16]


def mails_to(addr):
    out = []
    for p in sorted(glob.glob(os.path.join(harness.test_dir(), "mail",
                                           "*.eml"))):
        with open(p, "rb") as f:
            m = email.message_from_bytes(f.read(),
                                         policy=email.policy.default)
        if addr.lower() in str(m["To"]).lower():
            out.append(m)
    return out


def counts(body):
    return (int(re.search(r'data-appeals="(\d+)"', body).group(1)),
            int(re.search(r'data-reversed="(\d+)"', body).group(1)))


class SuspensionAppeals(harness.ServerTest):
    demo = True

    def setUp(self):
        self.m1 = Session(self, uniq("sm1"), role="moderator", trust=3,
                          lang="en")
        self.m2 = Session(self, uniq("sm2"), role="moderator", trust=3,
                          lang="en")

    def member(self, lang="en"):
        name = uniq("sa")
        self.assertStatus(register(self.client(), name), 303)
        uid = int(harness.psql("SELECT id FROM users WHERE username = %s"
                               % q(name)))
        addr = "%s@example.org" % name
        harness.psql("UPDATE users SET email = %s, email_verified_at = "
                     "now(), lang = %s WHERE id = %d" % (q(addr), q(lang),
                                                        uid))
        return name, uid, addr

    def suspend(self, uid):
        r = self.m1.post("/mod/user/%d/purge" % uid, {
            "what": "suspend", "days": "30",
            "reason": "Posted a fake support number", "confirm": "1"})
        self.assertHtmlPage(r, 200)

    def login(self, name, lang="en"):
        c = self.client()
        c.csrf_token("/login")
        r = c.post("/login", {"username": name, "password": PASSWORD},
                   headers={"Accept-Language": lang}, csrf=True)
        return c, r

    def appeal_link(self, name, lang="en"):
        c, r = self.login(name, lang)
        self.assertHtmlPage(r, 403)
        m = re.search(r'href="(/appeal/suspension\?[^"]+)"', r.body)
        self.assertIsNotNone(m, "the notice links the appeal")
        return c, r, html.unescape(m.group(1))

    def file(self, name):
        c, _, link = self.appeal_link(name)
        r = c.get(link, headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        qs = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
        return c, link, qs

    def test_1_file_and_lift(self):
        before = counts(self.client().get("/moderation").body)
        name, uid, addr = self.member()
        # not suspended: a signed link would have nothing to appeal
        self.suspend(uid)
        c, r, link = self.appeal_link(name)
        self.assertIn("This account is suspended", r.body)
        self.assertIn("Appeal this suspension", r.body)
        _, rj, _ = self.appeal_link(name, "ja")
        self.assertIn("この停止に異議を申し立てる", rj.body)
        # the wrong password shows no notice and no link
        c2 = self.client()
        c2.csrf_token("/login")
        r2 = c2.post("/login", {"username": name, "password": "wrong " +
                                PASSWORD}, headers={"Accept-Language": "en"},
                     csrf=True)
        self.assertNotIn("/appeal/suspension", r2.body)
        # the page of the link, in the member's language
        r = c.get(link, headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn("Posted a fake support number", r.body)
        self.assertIn('action="/appeal/suspension"', r.body)
        qs = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
        # forged: another account, another expiry, a changed MAC
        for bad in ({"u": str(uid + 1)}, {"e": str(int(qs["e"]) + 1)},
                    {"s": ("0" if qs["s"][0] != "0" else "1") +
                     qs["s"][1:]}):
            f = dict(qs, **bad)
            r = c.get("/appeal/suspension?" + urllib.parse.urlencode(f),
                      headers={"Accept-Language": "en"})
            self.assertHtmlPage(r, 400)
            self.assertIn("not valid", r.body)
        # too short: the form again with the text kept
        r = c.post("/appeal/suspension", dict(qs, body="unfair"),
                   headers={"Accept-Language": "en"}, csrf=True)
        self.assertHtmlPage(r, 422)
        self.assertIn("at least 10", r.body)
        self.assertIn(">unfair</textarea>", r.body)
        # no CSRF token
        r = self.client().post("/appeal/suspension", dict(
            qs, body="I never posted any phone number."))
        self.assertHtmlPage(r, 403)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM appeals WHERE user_id = %d" % uid), "0")
        text = "I never posted any phone number; someone used my name."
        r = c.post("/appeal/suspension", dict(qs, body=text),
                   headers={"Accept-Language": "en"}, csrf=True)
        self.assertHtmlPage(r, 200)
        self.assertIn("Your appeal was sent", r.body)
        self.assertEqual(harness.psql(
            "SELECT kind || ' ' || state FROM appeals WHERE user_id = %d"
            % uid), "suspension open")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE action = 'appeal' AND "
            "target_kind = 'user' AND target_id = %d" % uid), "1")
        # once per suspension
        r = c.post("/appeal/suspension", dict(qs, body=text),
                   headers={"Accept-Language": "en"}, csrf=True)
        self.assertHtmlPage(r, 409)
        aid = int(harness.psql("SELECT id FROM appeals WHERE user_id = %d"
                               % uid))
        # the queue; the moderator who suspended may not decide
        r = self.m1.get("/mod/queue/appeals")
        self.assertHtmlPage(r, 200)
        self.assertIn('id="a%d"' % aid, r.body)
        self.assertIn("someone used my name", r.body)
        self.assertIn("You suspended this member", r.body)
        r = self.m1.post("/mod/appeals/%d" % aid, {"decision": "reverse"})
        self.assertHtmlPage(r, 403)
        self.assertEqual(harness.psql(
            "SELECT suspended_until > now() FROM users WHERE id = %d" % uid),
            "t")
        # members cannot decide
        s = Session(self, uniq("sx"), lang="en")
        r = s.post("/mod/appeals/%d" % aid, {"decision": "reverse"})
        self.assertIn(r.status, (403, 404))
        # another moderator lifts it
        r = self.m2.post("/mod/appeals/%d" % aid,
                         {"decision": "reverse", "note": "mistaken identity"})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT suspended_until IS NULL FROM users WHERE id = %d" % uid),
            "t")
        self.assertEqual(harness.psql(
            "SELECT state || ' ' || decided_by FROM appeals WHERE id = %d"
            % aid), "reversed %d" % self.m2.user_id)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'suspension_lifted'" % uid), "1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE action = 'unsuspend' AND "
            "target_id = %d AND actor_id = %d AND note = 'mistaken identity'"
            % (uid, self.m2.user_id)), "1")
        r = self.m2.post("/mod/appeals/%d" % aid, {"decision": "uphold"})
        self.assertHtmlPage(r, 409)
        # told by mail; signs in again
        harness.wait_until(lambda: len(mails_to(addr)) >= 1, 20,
                           what="the outcome mail")
        body = mails_to(addr)[0].get_body(("plain",)).get_content()
        self.assertIn("suspension is lifted", body)
        _, r = self.login(name)
        self.assertStatus(r, 303)
        # the link of the notice now has nothing to appeal
        r = self.client().get(link, headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 409)
        after = counts(self.client().get("/moderation").body)
        self.assertEqual(after[0], before[0] + 1)
        self.assertEqual(after[1], before[1] + 1)

    def test_2_uphold(self):
        name, uid, addr = self.member(lang="ja")
        self.suspend(uid)
        c, link, qs = self.file(name)
        r = c.post("/appeal/suspension", dict(qs, body="間違いだと思います。"
                                              "確認してください。"),
                   headers={"Accept-Language": "ja"}, csrf=True)
        self.assertHtmlPage(r, 200)
        aid = int(harness.psql("SELECT id FROM appeals WHERE user_id = %d"
                               % uid))
        r = self.m2.post("/mod/appeals/%d" % aid, {"decision": "uphold",
                                                  "note": "confirmed scam"})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT suspended_until > now() FROM users WHERE id = %d" % uid),
            "t")
        self.assertEqual(harness.psql(
            "SELECT state FROM appeals WHERE id = %d" % aid), "upheld")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'suspension_upheld'" % uid), "1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_log WHERE action = 'appeal_uphold' "
            "AND target_kind = 'user' AND target_id = %d" % uid), "1")
        harness.wait_until(lambda: len(mails_to(addr)) >= 1, 20,
                           what="the outcome mail")
        m = mails_to(addr)[0]
        self.assertEqual(m["Content-Language"], "ja")
        # the notice still links the page, which says it was decided
        c, _, link = self.appeal_link(name, "ja")
        r = c.get(link, headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn("the suspension stays", r.body)
        self.assertNotIn('action="/appeal/suspension"', r.body)
        r = c.post("/appeal/suspension", dict(qs, body="Please look again, "
                                              "it was not me."),
                   headers={"Accept-Language": "en"}, csrf=True)
        self.assertHtmlPage(r, 409)


if __name__ == "__main__":
    harness.main()
