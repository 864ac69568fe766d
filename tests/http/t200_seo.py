#!/usr/bin/env python3
"""t200_seo: what search engines read (app/pages/seo.c).

- /robots.txt keeps crawlers out of accounts, moderation and search, and
  names the sitemap by the configured site URL (never the Host header);
- /sitemap.xml is an index of /sitemap/N.xml files; each file validates
  against the sitemaps.org schema (xmllint with the schema shipped in the
  npm package `sitemap`) and lists public threads only: a thread whose
  question is held is not in it;
- a thread page carries schema.org QAPage JSON-LD with the properties
  Google's QAPage rich results require (Question name, answerCount, an
  accepted or suggested Answer, each Answer's text), the official and
  verified answers marked in their text, and nothing held or removed,
  whoever looks (a moderator's page too);
- text in the JSON-LD cannot close its <script> element.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import user, sign_in, post_form, thread, post, uniq  # noqa: E402

SITE = "https://forum.example.jp"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XSD = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "node_modules", "sitemap", "schema", "sitemap.xsd")


def jsonld(body):
    m = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                   body, re.S)
    return [json.loads(x) for x in m]


class Seo(harness.ServerTest):
    conf = "[site]\nurl = %s/\n" % SITE

    def client_for(self, uid):
        c = self.client()
        c.port = self.port
        sign_in(c, uid)
        return c

    def test_robots(self):
        r = self.client().get("/robots.txt", headers={"Host": "evil.example"})
        self.assertStatus(r, 200, "robots.txt")
        self.assertTrue(r.headers["Content-Type"].startswith("text/plain"))
        self.assertIn("Sitemap: %s/sitemap.xml\n" % SITE, r.body)
        for p in ("/mod", "/settings", "/search", "/api/", "/support"):
            self.assertIn("Disallow: %s\n" % p, r.body)
        self.assertNotIn("evil.example", r.body)

    def test_sitemap_public_threads_only(self):
        asker = user(uniq("asker"))
        pub, _ = thread(asker, "Public question about deposits")
        held, _ = thread(asker, "Held question")
        harness.psql("UPDATE posts SET state = 'held' WHERE thread_id = %d; "
                     "UPDATE threads SET visible = false WHERE id = %d"
                     % (held, held))
        r = self.client().get("/sitemap.xml", headers={"Host": "evil.example"})
        self.assertStatus(r, 200, "sitemap index")
        self.assertTrue(r.headers["Content-Type"].startswith(
            "application/xml"))
        idx = ET.fromstring(r.raw)
        self.assertEqual(idx.tag, NS + "sitemapindex")
        locs = [e.text for e in idx.iter(NS + "loc")]
        # the threads' files, then the knowledge base's (pages/kb.c)
        self.assertEqual(locs, [SITE + "/sitemap/1.xml",
                                SITE + "/sitemap/kb.xml"])
        r = self.client().get("/sitemap/kb.xml")
        self.assertStatus(r, 200, "knowledge-base sitemap")
        with tempfile.NamedTemporaryFile(suffix=".xml") as f:
            f.write(r.raw)
            f.flush()
            v = subprocess.run(["xmllint", "--noout", "--schema", XSD,
                                f.name], capture_output=True, text=True)
        self.assertEqual(v.returncode, 0, v.stderr)
        self.assertIn(SITE + "/kb</loc>", r.body)
        r = self.client().get("/sitemap/1.xml")
        self.assertStatus(r, 200, "sitemap file")
        with tempfile.NamedTemporaryFile(suffix=".xml") as f:
            f.write(r.raw)
            f.flush()
            v = subprocess.run(["xmllint", "--noout", "--schema", XSD,
                                f.name], capture_output=True, text=True)
        self.assertEqual(v.returncode, 0, v.stderr)
        urls = [e.text for e in ET.fromstring(r.raw).iter(NS + "loc")]
        self.assertIn("%s/t/%d" % (SITE, pub), urls)
        self.assertNotIn("%s/t/%d" % (SITE, held), urls)
        self.assertIn(SITE + "/", urls)
        for bad in ("/sitemap/2.xml", "/sitemap/0.xml", "/sitemap/01.xml",
                    "/sitemap/1", "/sitemap/x.xml"):
            self.assertEqual(self.client().get(bad).status, 404, bad)

    def test_thread_qapage(self):
        asker = user(uniq("asker"))
        ac = self.client_for(asker)
        tid, qpid = thread(asker, "Withdrawal stuck for three days")
        member = user(uniq("helper"), trust=2)
        mc = self.client_for(member)
        staff = user(uniq("staff"), role="staff", trust=3)
        sc = self.client_for(staff)
        mod = user(uniq("mod"), role="moderator", trust=3)
        modc = self.client_for(mod)

        def answer(c, body, official=False):
            f = {"body": body}
            if official:
                f["official"] = "1"
            r = post_form(c, "/t/%d/answer" % tid, f)
            self.assertStatus(r, 303, "answer")
            return int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))

        good = answer(mc, "Check the network of the withdrawal first; the "
                      "history page shows it. `</script><script>alert(1)"
                      "</script>` & <b>")
        off = answer(sc, "Withdrawals are delayed today by maintenance; "
                     "they will be processed by tomorrow.", official=True)
        other = answer(mc, "Mine took two days last month, then it "
                       "arrived without my doing anything.")
        held = post(tid, member, "HELDTEXT contact our agent now",
                    state="held")
        gone = answer(mc, "REMOVEDTEXT this answer will be removed.")
        r = post_form(modc, "/mod/post/%d" % gone,
                      {"action": "remove", "reason": "spam", "confirm": "1"})
        self.assertStatus(r, 303, "remove")
        r = post_form(ac, "/p/%d/accept" % good, {})
        self.assertStatus(r, 303, "accept")
        r = post_form(sc, "/p/%d/verify" % other, {"on": "1",
                                                   "revision": "1"})
        self.assertStatus(r, 303, "verify")

        for who, c in (("anonymous", self.client()), ("moderator", modc)):
            page = c.get("/t/%d" % tid)
            self.assertStatus(page, 200, who)
            # the script element holds exactly one JSON document
            self.assertEqual(page.body.count("</script>"),
                             page.body.count("<script"), who)
            docs = jsonld(page.body)
            self.assertEqual(len(docs), 1, who)
            d = docs[0]
            self.assertEqual(d["@context"], "https://schema.org")
            self.assertEqual(d["@type"], "QAPage")
            q = d["mainEntity"]
            self.assertEqual(q["@type"], "Question")
            self.assertEqual(q["name"], "Withdrawal stuck for three days")
            self.assertTrue(q["text"])
            self.assertEqual(q["answerCount"], 3, who)
            self.assertEqual(q["url"], "%s/t/%d" % (SITE, tid))
            acc = q["acceptedAnswer"]
            self.assertEqual(acc["@type"], "Answer")
            self.assertEqual(acc["url"], "%s/t/%d#p%d" % (SITE, tid, good))
            # the text a reader sees: the code span's text, the raw
            # HTML dropped by the safe renderer
            self.assertIn("</script><script>alert(1)</script> &",
                          acc["text"])
            self.assertNotIn("<b>", acc["text"])
            sugg = q["suggestedAnswer"]
            self.assertEqual(len(sugg), 2)
            for a in [acc] + sugg:
                self.assertTrue(a["text"])
                self.assertTrue(a["author"]["name"])
                self.assertRegex(a["dateCreated"],
                                 r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            texts = {a["url"]: a["text"] for a in sugg}
            self.assertTrue(re.match(r"^(Official answer|公式回答): ",
                                     texts["%s/t/%d#p%d" % (SITE, tid, off)]),
                            texts)
            self.assertTrue(re.match(r"^(Staff-verified|スタッフ確認済み): "
                                     r"Mine took",
                                     texts["%s/t/%d#p%d" % (SITE, tid,
                                                            other)]), texts)
            blob = json.dumps(d)
            self.assertNotIn("HELDTEXT", blob, who)
            self.assertNotIn("REMOVEDTEXT", blob, who)
            self.assertNotIn("#p%d" % held, blob)

    def test_held_question_has_no_jsonld(self):
        asker = user(uniq("asker"))
        tid, _ = thread(asker, "A question a moderator holds")
        harness.psql("UPDATE posts SET state = 'held' WHERE thread_id = %d; "
                     "UPDATE threads SET visible = false WHERE id = %d"
                     % (tid, tid))
        mod = user(uniq("mod"), role="moderator", trust=3)
        page = self.client_for(mod).get("/t/%d" % tid)
        if page.status == 200:
            self.assertEqual(jsonld(page.body), [])
        self.assertEqual(self.client().get("/t/%d" % tid).status, 404)


if __name__ == "__main__":
    harness.main()
