"""t177_tags: a tag no visible thread carries answers 404 and echoes
nothing (English, Japanese, markup, a tag only a held thread carries);
tags go through the filters with the post: contact points written as tags
are found, recorded and weigh on the verdict."""

import os
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, enc  # noqa: E402


class Tags(harness.ServerTest):
    demo = True

    def test_unknown_tags_404(self):
        for tag in ("nosuch%s" % secrets.token_hex(3), "存在しないタグ",
                    "<b>bold</b>", "公式サポート０１２０"):
            r = self.client().get("/tag/" + enc(tag))
            self.assertHtmlPage(r, 404)
            # the page echoes nothing (the chrome's language switch keeps
            # the escaped path as its return address, as on every page)
            main = r.body[r.body.index("<main"):r.body.index("</main>")]
            self.assertNotIn(tag, main)
            self.assertNotIn(enc(tag), main)
            self.assertNotIn("<b>bold", r.body)
            r = self.client().get("/tag/" + enc(tag),
                                  headers={"Accept-Language": "en"})
            self.assertStatus(r, 404)

    def test_tag_of_held_thread_only(self):
        tag = "held%s" % secrets.token_hex(3)
        s = Session(self, "tag_new_%s" % secrets.token_hex(3), trust=0,
                    age_days=0)
        r = s.post("/ask", {"title": "Wallet support needed right now please",
                            "body": "Message our desk on Telegram "
                            "@desk_%s and send your recovery phrase to "
                            "verify." % secrets.token_hex(3),
                            "category": "deposits", "tags": tag})
        self.assertIn(r.status, (303, 422))
        self.assertStatus(self.client().get("/tag/" + tag), 404)

    def test_existing_tag_200(self):
        tag = "ok%s" % secrets.token_hex(3)
        s = Session(self, "tag_ok_%s" % secrets.token_hex(3), trust=2,
                    age_days=300)
        tid = s.ask("How long do BTC deposits take to arrive?",
                    "I sent BTC an hour ago. How many confirmations?",
                    "deposits", tag)
        r = self.client().get("/tag/" + tag)
        self.assertHtmlPage(r, 200)
        self.assertIn("/t/%d" % tid, r.body)

    def test_contacts_in_tags_are_checked(self):
        for tag, ctype in (("080-1234-%04d" % (os.getpid() % 10000),
                            "phone"),
                           ("０９０ー８７６５ー%04d" % (os.getpid() % 9999),
                            "phone")):
            s = Session(self, "tag_c_%s" % secrets.token_hex(3), trust=0,
                        age_days=0)
            r = s.post("/ask", {"title": "Withdrawal still pending after "
                                "two days", "body": "My JPY withdrawal is "
                                "still pending. What can I do?",
                                "category": "deposits", "tags": tag})
            self.assertStatus(r, 303)
            tid = int(r.headers["Location"].rsplit("/", 1)[1].split("?")[0])
            row = harness.psql(
                "SELECT p.id || '|' || p.state || '|' || p.mod_reasons FROM "
                "posts p WHERE p.thread_id = %d AND p.kind = 'question'"
                % tid)
            pid, st, reasons = row.split("|", 2)
            self.assertIn("contact", reasons, (tag, row))
            self.assertEqual(harness.psql(
                "SELECT count(*) FROM post_contacts WHERE post_id = %s AND "
                "type = '%s'" % (pid, ctype)), "1", tag)


if __name__ == "__main__":
    harness.main()
