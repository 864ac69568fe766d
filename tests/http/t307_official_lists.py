"""t307_official_lists: "Is this official?" sees the console's contacts.

An official domain, phone number and handle added at /admin/lists by an
administrator are answered "official" by /official and /api/v1/official
(Japanese and English) once the loader has followed the lists' version,
without a restart; a host under the official domain is official too.  An
allow_domain entry is not called official.  Deleted, they are official no
longer."""

import os
import secrets
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402


class OfficialLists(harness.ServerTest):
    demo = True

    def rules(self):
        return self.client().get("/healthz/ready").json()["rules_reload"]

    def wait_lists(self):
        """Until the set in use holds the lists' version now."""
        want = int(harness.psql("SELECT version FROM mod_list_version"))
        harness.wait_until(
            lambda: (lambda r: r["lists_version"] == want and
                     not r["reloading"])(self.rules()),
            timeout=120, what="the lists recompiled")

    def api(self, q, lang="en"):
        r = self.client().get("/api/v1/official?q=" + urllib.parse.quote(q),
                              headers={"Accept-Language": lang})
        self.assertStatus(r, 200)
        c = r.json()["contacts"]
        self.assertEqual(len(c), 1, (q, c))
        return c[0]

    def page(self, q, lang):
        r = self.client().get("/official?q=" + urllib.parse.quote(q),
                              headers={"Accept-Language": lang})
        self.assertHtmlPage(r, 200)
        return r.body

    def test_console_contacts(self):
        harness.wait_until(lambda: self.rules()["loaded"], timeout=300,
                           what="first rule set loaded")
        admin = Session(self, "ol_admin", role="admin", trust=3)
        tag = secrets.token_hex(3)
        dom = "exchange-%s.example" % tag
        allowed = "status-%s.example" % tag
        phone = "+8150%s" % "".join(str(int(c, 16) % 10) for c in
                                    secrets.token_hex(4))
        handle = "exsupport_%s" % tag
        for q in (dom, "www." + dom, allowed, phone, "@" + handle):
            self.assertEqual(self.api(q)["verdict"], "unknown", q)

        for lst, val in (("official_domain", dom.upper()),
                         ("allow_domain", allowed),
                         ("official_phone", phone),
                         ("official_handle", "@" + handle)):
            r = admin.post("/admin/lists", {"list": lst, "value": val,
                                            "note": ""})
            self.assertStatus(r, 303, "%s %s" % (lst, val))
        self.wait_lists()

        for q in (dom, "https://www.%s/login" % dom, phone, "@" + handle):
            for lang in ("en", "ja"):
                c = self.api(q, lang)
                self.assertEqual(c["verdict"], "official", (q, lang, c))
        # only on the allow list: not called official
        self.assertEqual(self.api(allowed)["verdict"], "unknown")
        # a host that merely contains the official domain is not official
        self.assertEqual(self.api(dom + ".evil.com")["verdict"], "unknown")
        body = self.page(dom, "ja")
        self.assertIn("official-official", body)
        self.assertIn("公式：取引所の正式な連絡先です", body)
        body = self.page(phone, "en")
        self.assertIn("official-official", body)
        self.assertIn("Official: this is one of the exchange", body)
        body = self.page(allowed, "en")
        self.assertNotIn("official-official", body)
        self.assertIn("official-unknown", body)

        # deleted: official no longer
        for val in (dom, phone, "@" + handle):
            eid = int(harness.psql("SELECT id FROM mod_list_entries WHERE "
                                   "value = '%s'" % val))
            self.assertStatus(admin.post("/admin/lists/%d/delete" % eid),
                              303)
        self.wait_lists()
        for q in (dom, "www." + dom, phone, "@" + handle):
            self.assertEqual(self.api(q)["verdict"], "unknown", q)
        body = self.page(dom, "ja")
        self.assertNotIn("official-official", body)
        self.assertIn("不明：取引所の公式な連絡先ではありません", body)


if __name__ == "__main__":
    harness.main()
