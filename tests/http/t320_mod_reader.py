"""t320_mod_reader.py: the filters read what the reader of a post sees.

Through the server: contacts hidden in the Markdown source by character
references, empty tags inside a word, code spans or lookalike letters of
another script are found in the rendered text, the post is held and the
contacts are recorded; a link's label on the page names the host the
filters judged (percent-encoded and full-width hosts decoded).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, q  # noqa: E402


def contacts(pid):
    out = harness.psql("SELECT type || ' ' || value FROM post_contacts "
                       "WHERE post_id = %d ORDER BY 1" % pid)
    return set(out.splitlines()) if out else set()


class Reader(harness.ServerTest):
    demo = True
    def test_1_hidden_contacts_held_and_recorded(self):
        asker = Session(self, "rd_asker", trust=1)
        tid = asker.ask("My withdrawal is stuck since yesterday",
                        "The withdrawal shows pending for a day. What can "
                        "I do?")
        cases = [
            ("Ask on &#84;elegram: fixdesk71 and they answer quickly.",
             "telegram fixdesk71"),
            ("Ask on &#x54;ele<b></b>gram: fixdesk72 and they answer.",
             "telegram fixdesk72"),
            ("Ask on Tele`gram`: fixdesk73 and they answer quickly.",
             "telegram fixdesk73"),
            # Cyrillic е and а inside the keyword
            ("Ask on \u0422\u0435l\u0435gr\u0430m: fixdesk74 and they "
             "answer.", "telegram fixdesk74"),
        ]
        # One new account per case: the same account posting near-copies
        # with a contact point minutes apart is a burst of duplicates,
        # which the context rules block outright (t310).
        for i, (body, want) in enumerate(cases):
            new = Session(self, "rd_case%d" % i, trust=0, age_days=1)
            pid = new.answer(tid, body)
            state = harness.psql("SELECT state FROM posts WHERE id = %d"
                                 % pid)
            self.assertEqual(state, "held", body)
            self.assertIn(want, contacts(pid), body)
        # An e-mail address alone does not hold; it is recorded all the
        # same, entities or not.
        pid = new.answer(tid, "Write to help&commat;desk-fix&period;example"
                         " for a quick fix.")
        self.assertIn("email help@desk-fix.example", contacts(pid))
        # The stranger sees none of them.
        page = self.client().get("/t/%d" % tid).body
        self.assertNotIn("fixdesk7", page)

    def test_2_link_label_is_the_judged_host(self):
        staff = Session(self, "rd_staff", role="staff", trust=3)
        asker = Session(self, "rd_asker2", trust=1)
        tid = asker.ask("Which site is the real login page?",
                        "I got two links in a mail and cannot tell which "
                        "one is real.")
        for src, host in [
                ("https://b%69nance-support.example/x",
                 "binance-support.example"),
                ("https://\uff42\uff49\uff4e\uff41\uff4e\uff43\uff45-login"
                 ".example/", "binance-login.example"),
                ("https://exchange.example@co%69nbase-help.example/",
                 "coinbase-help.example")]:
            # Staff posts are published whatever they link (only secrets
            # are held), so the label can be read on the public page.
            pid = staff.answer(tid, "Do not use [exchange.example](%s): "
                               "it is a fake." % src)
            self.assertIn("domain " + host, contacts(pid), src)
            page = self.client().get("/t/%d" % tid).body
            m = re.search(r'<article [^>]*id="p%d".*?</article>' % pid,
                          page, re.S)
            self.assertTrue(m, src)
            labels = re.findall(r'<span class="link-domain">\(([^)]*)\)',
                                m.group(0))
            self.assertEqual(labels, [host], src)
        # From a member the same link is judged a lookalike and refused.
        new = Session(self, "rd_newbie2", trust=0, age_days=1)
        r = new.post("/t/%d/answer" % tid, {
            "body": "Log in [at exchange.example](https://b%69nance-"
                    "verify.example/) to fix it."})
        self.assertNotEqual(r.status, 303)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM posts WHERE body_md LIKE %s"
            % q("%b\\%69nance-verify%")), "0")


if __name__ == "__main__":
    harness.main()
