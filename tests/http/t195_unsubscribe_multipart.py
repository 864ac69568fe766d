#!/usr/bin/env python3
"""t195_unsubscribe_multipart: RFC 8058 one-click unsubscribe with either
body a mail client may send.

- The List-Unsubscribe URL of a real notification mail, POSTed without a
  cookie or a form token, turns notification mail off with an
  application/x-www-form-urlencoded body and with a multipart/form-data
  body (List-Unsubscribe=One-Click), each for its own member.
- A multipart POST with a forged MAC is 400 and changes nothing; a
  malformed multipart body is 400 with a message; other routes still
  refuse multipart forms (400)."""

import email
import email.policy
import glob
import os
import sys
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402


EN = {"Accept-Language": "en"}


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


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


def multipart(fields, boundary=None):
    boundary = boundary or "----sodan" + uuid.uuid4().hex
    body = ""
    for k, v in fields:
        body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n"
                 "\r\n%s\r\n" % (boundary, k, v))
    body += "--%s--\r\n" % boundary
    return body, "multipart/form-data; boundary=%s" % boundary


def mode(uid):
    return harness.psql("SELECT coalesce((SELECT mode FROM notify_prefs "
                        "WHERE user_id = %d), 'instant')" % uid)


class UnsubscribeMultipart(harness.ServerTest):
    demo = True

    def member(self, p):
        s = Session(self, uniq(p), lang="en", age_days=30)
        s.addr = "%s@example.org" % uniq("u")
        harness.psql("UPDATE users SET email = '%s', email_verified_at = "
                     "now(), lang = 'en' WHERE id = %d"
                     % (s.addr, s.user_id))
        return s

    def unsubscribe_path(self):
        """A member told of an answer; the path of their mail's link."""
        asker = self.member("ua")
        tid = asker.ask("Can I change the e-mail address of my account?",
                        "I no longer use the address I registered with. "
                        "How do I change it safely?", "account")
        self.member("uh").answer(tid, "Settings, then Account: you confirm "
                                      "the new address with a code.")
        harness.wait_until(lambda: len(mails_to(asker.addr)) >= 1, 20,
                           what="the answer mail")
        url = str(mails_to(asker.addr)[0]["List-Unsubscribe"]).strip("<>")
        u = urllib.parse.urlsplit(url)
        return asker, u.path + "?" + u.query

    def test_1_urlencoded(self):
        asker, path = self.unsubscribe_path()
        self.assertEqual(mode(asker.user_id), "instant")
        r = self.client().post(path, {"List-Unsubscribe": "One-Click"})
        self.assertHtmlPage(r, 200)
        self.assertEqual(mode(asker.user_id), "off")

    def test_2_multipart(self):
        asker, path = self.unsubscribe_path()
        body, ct = multipart([("List-Unsubscribe", "One-Click")])
        # a forged MAC: refused, nothing changes
        forged = path[:-4] + ("0000" if not path.endswith("0000")
                              else "1111")
        r = self.client().request("POST", forged, body,
                                  {"Content-Type": ct, **EN})
        self.assertHtmlPage(r, 400)
        self.assertEqual(mode(asker.user_id), "instant")
        # malformed: no closing boundary
        bad = body.replace("--\r\n", "\r\n")
        r = self.client().request("POST", path, bad[:len(bad) // 2],
                                  {"Content-Type": ct, **EN})
        self.assertHtmlPage(r, 400)
        self.assertIn("could not be read", r.body)
        self.assertEqual(mode(asker.user_id), "instant")
        # the one-click POST as a multipart body
        r = self.client().request("POST", path, body,
                                  {"Content-Type": ct, **EN})
        self.assertHtmlPage(r, 200)
        self.assertEqual(mode(asker.user_id), "off")

    def test_3_other_forms_stay_urlencoded(self):
        c = self.client()
        tok = c.csrf_token("/login")
        body, ct = multipart([("username", "nobody"), ("password", "x"),
                              ("csrf", tok)])
        r = c.request("POST", "/login", body, {"Content-Type": ct, **EN})
        self.assertHtmlPage(r, 400)
        self.assertIn("Unsupported form encoding", r.body)


if __name__ == "__main__":
    harness.main()
