#!/usr/bin/env python3
"""t306_admin_settings: the site settings (/admin/settings; docs/admin.md,
"Site settings").

- Only administrators (403 for members, staff, moderators; nothing saved).
- Checked before saving: a name over 60 characters or a logo that is not
  an uploaded picture comes back (422) with the message at the field in
  ja and en and what was typed kept; nothing saved.
- Saved: one audit_log row; the layout (title, header, og:site_name) shows
  the name in each language, on anonymous cached pages too, without a
  restart; a change written by another instance (here: straight into
  PostgreSQL) shows within the poller's interval.
- The logo: a picture uploaded through /uploads, shown in the header and
  answered to anyone at /site/logo."""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, q  # noqa: E402

UPLOADS = tempfile.mkdtemp(prefix="sodan-t306-")


def multipart(fields, files):
    b = "----sodan%s" % secrets.token_hex(8)
    out = []
    for k, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                    "\r\n\r\n%s\r\n" % (b, k, v)).encode())
    for k, (fname, data) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                    "filename=\"%s\"\r\nContent-Type: application/"
                    "octet-stream\r\n\r\n" % (b, k, fname)).encode())
        out.append(data + b"\r\n")
    out.append(("--%s--\r\n" % b).encode())
    return b"".join(out), "multipart/form-data; boundary=" + b


def site_row():
    return harness.psql("SELECT name_ja || '|' || name_en || '|' || logo "
                        "FROM site_settings")


class AdminSettings(harness.ServerTest):
    demo = True
    conf = "[uploads]\ndir = %s\n" % UPLOADS

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            harness.psql("UPDATE site_settings SET name_ja = '', "
                         "name_en = '', logo = '', version = version + 1")
            shutil.rmtree(UPLOADS, ignore_errors=True)

    def admin(self, lang="en", name="t306_admin"):
        s = Session(self, name, role="admin", trust=3, lang=lang)
        harness.psql("UPDATE users SET lang = %s, totp_secret = (SELECT "
                     "totp_secret FROM users WHERE username = 'admin') "
                     "WHERE id = %d" % (q(lang), s.user_id))
        return s

    def page_shows(self, lang, text, timeout=5):
        """The anonymous home page in lang shows text in its title and
        header within timeout seconds (the poller's interval is 1 s)."""
        hdr = {"Accept-Language": lang}
        body = ""

        def ok():
            nonlocal body
            body = self.client().get("/", headers=hdr).body
            return ("<title>" in body and
                    re.search(r"<title>[^<]* - %s</title>" % re.escape(
                        harness_html(text)), body) and
                    '<span class="brand-name">%s</span>' % harness_html(text)
                    in body)
        if not harness.wait_until(ok, timeout):
            self.fail("%s page does not show %r:\n%s" % (lang, text,
                                                          body[:1500]))
        return body

    def test_1_only_administrators(self):
        before = site_row()
        for role in ("user", "staff", "moderator"):
            s = Session(self, "t306_" + role, role=role, trust=3)
            self.assertStatus(s.get("/admin/settings"), 403, role)
            self.assertStatus(s.post("/admin/settings", {
                "name_ja": "乗っ取り", "name_en": "Taken", "logo": ""}),
                403, role)
        self.assertEqual(site_row(), before)
        r = self.client().get("/admin/settings")
        self.assertEqual(r.status, 303)

    def test_2_validation(self):
        before = site_row()
        for lang, msg in (("en", "The English name may be at most 60 "
                                 "characters long"),
                          ("ja", "英語の名前は 1 行で 60 文字までです。")):
            a = self.admin(lang, "t306_admin_" + lang)
            r = a.post("/admin/settings", {"name_ja": "相談<広場>",
                                           "name_en": "x" * 61, "logo": ""})
            self.assertHtmlPage(r, 422)
            self.assertIn(msg, r.body)
            self.assertIn('value="相談&lt;広場&gt;"', r.body)
        a = self.admin()
        r = a.post("/admin/settings", {"name_ja": "", "name_en": "",
                                       "logo": "https://evil.example/x.png"})
        self.assertHtmlPage(r, 422)
        self.assertIn("The logo must be the address of an uploaded picture",
                      r.body)
        self.assertIn('value="https://evil.example/x.png"', r.body)
        r = a.post("/admin/settings", {"name_ja": "", "name_en": "",
                                       "logo": "/uploads/" + "ab" * 32 +
                                       ".png"})
        self.assertHtmlPage(r, 422)
        self.assertIn("No uploaded picture has this address", r.body)
        self.assertEqual(site_row(), before)

    def test_3_name_everywhere_without_restart(self):
        a = self.admin()
        # the built-in name, and a cached anonymous page
        self.page_shows("en", "sodan support forum")
        self.client().get("/")
        audit = int(harness.psql("SELECT count(*) FROM audit_log WHERE "
                                 "action = 'site-settings'"))
        r = a.post("/admin/settings", {"name_ja": "取引所コミュニティ",
                                       "name_en": "Exchange <Community>",
                                       "logo": ""})
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/admin/settings?done=1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM audit_log WHERE action = 'site-settings'"),
            str(audit + 1))
        self.assertIn("name_en:  -> Exchange <Community>", harness.psql(
            "SELECT detail FROM audit_log WHERE action = 'site-settings' "
            "ORDER BY id DESC LIMIT 1"))
        body = self.page_shows("en", "Exchange <Community>")
        self.assertIn('<meta property="og:site_name" content="Exchange '
                      '&lt;Community&gt;">', body)
        self.assertNotIn("sodan support forum", body)
        self.page_shows("ja", "取引所コミュニティ")
        # the same values again: saved as they are, no audit row
        r = a.post("/admin/settings", {"name_ja": "取引所コミュニティ",
                                       "name_en": "Exchange <Community>",
                                       "logo": ""})
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM audit_log WHERE action = 'site-settings'"),
            str(audit + 1))
        # written elsewhere (another instance): this one follows
        harness.psql("UPDATE site_settings SET name_en = 'Elsewhere Forum', "
                     "version = version + 1")
        self.page_shows("en", "Elsewhere Forum")
        # empty: the built-in name again
        r = a.post("/admin/settings", {"name_ja": "", "name_en": "",
                                       "logo": ""})
        self.assertStatus(r, 303)
        self.page_shows("en", "sodan support forum")

    def test_4_logo(self):
        if shutil.which("convert") is None:
            self.fail("ImageMagick's convert is needed (scripts/packages.txt)")
        a = self.admin()
        self.assertStatus(self.client().get("/site/logo"), 404)
        png = subprocess.run(["convert", "-size", "240x64", "xc:#0b6e4f",
                              "png:-"], check=True,
                             stdout=subprocess.PIPE).stdout
        body, ctype = multipart({"csrf": a.csrf}, {"file": ("logo.png", png)})
        r = a.client.request("POST", "/uploads", body, {
            "Content-Type": ctype, "Accept-Language": "en",
            "Origin": "http://127.0.0.1:%d" % self.port})
        self.assertEqual(r.status, 200, r.body[:500])
        url = re.search(r'"url":\s*"(/uploads/[0-9a-f]{64}\.png)"',
                        r.body).group(1)
        r = a.post("/admin/settings", {"name_ja": "", "name_en": "",
                                       "logo": url})
        self.assertStatus(r, 303)
        self.assertEqual(site_row(), "||" + url[9:9 + 64])
        c = self.client()
        ok = harness.wait_until(lambda: 'class="brand-logo" src="/site/logo'
                                in c.get("/").body, 5)
        self.assertTrue(ok, "the header shows the logo")
        r = c.get("/site/logo")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.content_type, "image/png")
        r = a.get("/admin/settings")
        self.assertIn('value="%s"' % url[:-len(".png")], r.body)
        r = a.post("/admin/settings", {"name_ja": "", "name_en": "",
                                       "logo": ""})
        self.assertStatus(r, 303)
        self.assertStatus(self.client().get("/site/logo"), 404)


def harness_html(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


if __name__ == "__main__":
    harness.main()
