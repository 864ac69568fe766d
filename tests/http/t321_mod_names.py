"""t321_mod_names.py: names, trust marks and tags through the server.

Registration and the profile refuse names with staff words in Japanese
(スタッフ, モデレーター), words split by brackets, katakana brand names
standing alone, contact points, and near copies of a staff member's name
(the demo's sato_staff and "Emma (Support)"), each with a message in the
visitor's language; honest names pass.  A member's text drawing the
trust marks (★ 公式回答, ✔ スタッフ確認済み, Official answer) is held;
contacts in tags are recorded.
"""
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

PASSWORD = "correct horse battery staple 42"


def register(c, username, display, lang="en"):
    c.csrf_token("/register")
    return c.post("/register", {
        "username": username, "display_name": display,
        "password": PASSWORD, "password2": PASSWORD},
        headers={"Accept-Language": lang}, csrf=True)


def uniq(prefix):
    return (prefix + uuid.uuid4().hex)[:16]


class Names(harness.ServerTest):
    demo = True

    def refused(self, username, display, field, text, lang="en"):
        c = self.client()
        r = register(c, username, display, lang=lang)
        self.assertEqual(r.status, 400, (username, display))
        self.assertIn(text, r.body, (username, display))
        self.assertIn('name="%s"' % field, r.body)
        # What was typed comes back.
        self.assertIn(display.replace("&", "&amp;").replace("<", "&lt;"),
                      r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM users WHERE username_key = '%s'"
            % username.lower().replace("'", "''")), "0")

    def test_1_display_names_refused(self):
        staffword = "looks like staff or an exchange"
        for d in ["スタッフ山田", "モデレーター佐々木", "sup(port) ken",
                  "バイナンス", "【公式】ken", "運営・事務局"]:
            self.refused(uniq("nm"), d, "display_name", staffword)
        contact = "may not contain phone numbers"
        for d in ["Kenji TG @fixdesk77", "yuki 090-1234-5678",
                  "ken t.me/fixdesk", "LINE ID: fixdesk"]:
            self.refused(uniq("nm"), d, "display_name", contact)
        # Near copies of staff names (demo: sato_staff, "Emma (Support)").
        self.refused("sato_stafff", "Sato", "username",
                     "too close to a staff member")
        self.refused(uniq("nm"), "Emma-Staf", "display_name",
                     "too close to a staff member")
        # In Japanese.
        self.refused(uniq("nm"), "スタッフ山田", "display_name",
                     "スタッフや取引所の公式アカウントと紛らわしい", lang="ja")
        self.refused(uniq("nm"), "yuki 090-1234-5678", "display_name",
                     "電話番号、メールアドレス", lang="ja")

    def test_2_honest_names_pass(self):
        for d in ["バイナンス難民", "krakenfan2017", "BTC積立おじさん",
                  "HODL Grandma", "Emily"]:
            c = self.client()
            r = register(c, uniq("ok"), d)
            self.assertEqual(r.status, 303, d)

    def test_3_profile_refuses_and_keeps(self):
        s = Session(self, uniq("pf"), trust=1)
        r = s.post("/settings/profile", {"display_name": "emma_staf",
                                         "lang": "en"})
        # The page is in the member's language (Japanese by default).
        self.assertEqual(r.status, 400)
        self.assertIn("スタッフの名前とよく似て", r.body)
        self.assertIn('value="emma_staf"', r.body)
        r = s.post("/settings/profile", {"display_name": "ken TG @fixdesk",
                                         "lang": "en"})
        self.assertEqual(r.status, 400)
        self.assertIn("電話番号、メールアドレス", r.body)
        r = s.post("/settings/profile", {"display_name": "Ken T.",
                                         "lang": "en"})
        self.assertEqual(r.status, 303)

    def test_4_trust_marks_held(self):
        asker = Session(self, uniq("tq"), trust=1)
        tid = asker.ask("出金が反映されないのはなぜですか",
                        "昨日の出金がまだ届いていません。どうすればいいですか？")
        member = Session(self, uniq("tm"), trust=1, age_days=60)
        for body in ["★ 公式回答\nメンテナンス明けに反映されます。",
                     "✔ スタッフ確認済み\nこの手順で直ります。",
                     "**Official answer**\n\nWait for the upgrade to end.",
                     "&#9733; 公式回答\n対応済みです。"]:
            pid = member.answer(tid, body)
            self.assertEqual(harness.psql(
                "SELECT state FROM posts WHERE id = %d" % pid), "held", body)
        # Staff write them freely; the page draws the real mark itself.
        staff = Session(self, uniq("ts"), role="staff", trust=3)
        pid = staff.answer(tid, "★ 公式回答 is how we label our answers.")
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % pid), "visible")

    def test_5_contacts_in_tags_recorded(self):
        asker = Session(self, uniq("tg"), trust=1)
        tid = asker.ask("入金が反映されないのですが",
                        "銀行振込で入金したのに反映されていません。",
                        tags="入金 08012345678")
        pid = int(harness.psql(
            "SELECT id FROM posts WHERE thread_id = %d AND kind = "
            "'question'" % tid))
        got = harness.psql("SELECT type || ' ' || value FROM post_contacts "
                           "WHERE post_id = %d" % pid)
        self.assertIn("phone +818012345678", got.splitlines())


if __name__ == "__main__":
    harness.main()
