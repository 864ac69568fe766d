#!/usr/bin/env python3
"""t141_qa_search_safety: search finds Japanese two-character words
(送金, 二段階認証) and English words (withdrawal); a held answer is
invisible to others and shown to its author with its state; a blocked
post comes back with its text and the reasons; XSS attempts in title,
body, tags and display name come out escaped; a user who signed in
through the real sign-in form asks a question.  Of a thread's posts of
equal rank, search always names the first.

What the filters do (conf/moderation/, weights in settings.conf): an
answer from an established account (trust 1, 30 days) that offers to get
stolen crypto back and asks readers to write on Telegram ("盗まれた仮想通貨を
取り戻す方法を知っています。テレグラムで連絡ください。") scores about 1.4: held
for a moderator.  The same words from a brand-new account weigh 1.5 times
as much (new_factor) and are blocked.  A request for the recovery
phrase plus a phone number, posing as support, is blocked for anyone."""

import html
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, article, enc, hit_ids, post_ids, q  # noqa: E402

HELD_BODY = ("盗まれた仮想通貨を取り戻す方法を知っています。"
             "テレグラムで連絡ください。")
BLOCK_BODY = ("Support here. To fix the withdrawal, send me your 12 word "
              "recovery phrase and call us at +1 888 555 0199 now.")
BLOCK_BODY_JA = ("サポート窓口です。出金を解除するには復元フレーズを教えてください。"
                 "電話番号は 090-1234-5678 です。")
PASSWORD = "a long passphrase for sodan 7"


def thread_id(title_prefix):
    return int(harness.psql("SELECT id FROM threads WHERE title LIKE %s "
                            "ORDER BY id LIMIT 1" % q(title_prefix + "%")))


class QaSearchSafety(harness.ServerTest):
    demo = True

    def search(self, words, lang="en", extra=""):
        r = self.client().get("/search?q=" + enc(words) + extra,
                              headers={"Accept-Language": lang})
        self.assertHtmlPage(r, 200)
        return r

    def test_search_japanese_and_english(self):
        soukin = thread_id("送金先のネットワークを間違えて")
        nidan = thread_id("機種変更で二段階認証アプリが")
        r = self.search("送金", "ja")
        self.assertIn(soukin, hit_ids(r.body))
        self.assertNotIn(nidan, hit_ids(r.body))
        self.assertIn("<mark>送金</mark>", r.body)
        r = self.search("二段階認証", "ja")
        self.assertIn(nidan, hit_ids(r.body))
        self.assertNotIn(soukin, hit_ids(r.body))
        self.assertIn("<mark>二段階認証</mark>", r.body)
        # full-width query text folds to the same lexemes
        r = self.search("二段階認証　ｱﾌﾟﾘ", "ja")
        self.assertIn(nidan, hit_ids(r.body))

        asker = Session(self, "qa_search_en", age_days=30)
        tid = asker.ask("How long does a USD withdrawal to my bank take?",
                        "I requested a withdrawal on Monday and the "
                        "status still says processing.", "deposits",
                        "usd bank")
        other = asker.ask("Which networks can I use to deposit USDT?",
                          "Is TRC20 supported for deposits, or only ERC20?",
                          "deposits")
        r = self.search("withdrawal")
        ids = hit_ids(r.body)
        self.assertIn(tid, ids)
        self.assertNotIn(other, ids)
        self.assertIn("<mark>withdrawal</mark>", r.body)
        # prefix match and case folding: "WITHDRAW" finds "withdrawal"
        self.assertIn(tid, hit_ids(self.search("WITHDRAW").body))
        # two words are ANDed
        self.assertIn(tid, hit_ids(self.search("withdrawal bank").body))
        self.assertNotIn(tid, hit_ids(self.search("withdrawal TRC20").body))
        # filters: category and tag
        self.assertIn(tid, hit_ids(self.search(
            "withdrawal", extra="&category=deposits&tag=usd").body))
        self.assertNotIn(tid, hit_ids(self.search(
            "withdrawal", extra="&category=security").body))
        # nothing searchable: no results list, no error
        r = self.search("!!!")
        self.assertEqual(hit_ids(r.body), [])

    def test_held_answer(self):
        asker = Session(self, "qa_held_asker", age_days=30, lang="en")
        tid = asker.ask("Someone stole my coins after a phishing mail",
                        "I clicked a link in a mail and my coins were sent "
                        "away. What can I do now?", "security")
        author = Session(self, "qa_held_author", trust=1, age_days=30,
                         lang="en")
        r = author.post("/t/%d/answer" % tid, {"body": HELD_BODY})
        self.assertStatus(r, 303)
        pid = int(re.search(r"#p(\d+)$", r.headers.get("Location")).group(1))
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % pid), "held")
        reasons = harness.psql("SELECT mod_reasons FROM posts WHERE id = %d"
                               % pid)
        self.assertIn("context.recovery_offer", reasons)
        # invisible to anonymous visitors (cached page too), the asker and
        # another user; the thread counts no answer for them
        for c in (self.client(), self.client(), asker, Session(
                self, "qa_held_other", lang="en")):
            r = c.get("/t/%d" % tid)
            self.assertHtmlPage(r, 200)
            self.assertIsNone(article(r.body, pid))
            self.assertNotIn("テレグラムで連絡ください", r.body)
        self.assertIsNone(article(
            self.client().get("/t/%d" % tid).body, pid))
        # the author sees it, marked as waiting with its state
        r = author.get("/t/%d" % tid)
        a = article(r.body, pid)
        self.assertIsNotNone(a)
        self.assertIn("post-held", a)
        self.assertIn("テレグラムで連絡ください", a)
        self.assertIn('<span class="state" data-state="held">'
                      'Waiting for review</span>', a)
        self.assertIn("Waiting for review: only you and the moderators "
                      "can see this post", a)
        # in Japanese too
        author.headers["Accept-Language"] = "ja"
        a = article(author.get("/t/%d" % tid).body, pid)
        self.assertIn('<span class="state" data-state="held">審査待ち</span>', a)
        self.assertIn("審査待ち：モデレーターが承認するまで", a)
        # a moderator sees it in place
        mod = Session(self, "qa_held_mod", role="moderator", trust=3)
        self.assertIsNotNone(article(mod.get("/t/%d" % tid).body, pid))
        # others cannot vote for it or reach its edit form
        other = Session(self, "qa_held_voter", lang="en")
        self.assertStatus(other.post("/p/%d/vote" % pid), 404)
        self.assertStatus(other.get("/p/%d/edit" % pid), 404)
        # it is not found by search either
        r = self.search("テレグラム", "ja")
        self.assertNotIn(tid, hit_ids(r.body))
        # the author was told
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "kind = 'held' AND post_id = %d" % (author.user_id, pid)), "1")
        # the same words from a brand-new account are refused outright
        newbie = Session(self, "qa_held_newbie", trust=0, lang="en")
        r = newbie.post("/t/%d/answer" % tid, {"body": HELD_BODY})
        self.assertHtmlPage(r, 422)

    def test_blocked_answer_keeps_text(self):
        asker = Session(self, "qa_block_asker", age_days=30)
        tid = asker.ask("My withdrawal has been pending for a week",
                        "The withdrawal shows pending since last Monday.",
                        "deposits")
        scammer = Session(self, "qa_block_new", trust=0, lang="en")
        before = harness.psql("SELECT count(*) FROM posts")
        r = scammer.post("/t/%d/answer" % tid, {"body": BLOCK_BODY})
        self.assertHtmlPage(r, 422)
        # the text is kept in the form, escaped, and the reasons shown
        self.assertIn(">" + html.escape(BLOCK_BODY, quote=False) +
                      "</textarea>", r.body)
        self.assertIn('role="alert"', r.body)
        self.assertIn("asks for a recovery (seed) phrase", r.body)
        self.assertIn("tells readers to call or text a number", r.body)
        self.assertEqual(harness.psql("SELECT count(*) FROM posts"), before)
        # in Japanese: the reasons in Japanese, the text kept
        scammer.headers["Accept-Language"] = "ja"
        r = scammer.post("/t/%d/answer" % tid, {"body": BLOCK_BODY_JA})
        self.assertHtmlPage(r, 422)
        self.assertIn(BLOCK_BODY_JA + "</textarea>", r.body)
        self.assertIn("復元フレーズ・秘密鍵を求めています", r.body)
        self.assertEqual(harness.psql("SELECT count(*) FROM posts"), before)
        # a blocked question keeps title, body and tags (a question may
        # mention a recovery phrase, so the question here is a fake
        # support hotline instead)
        title = "Exchange support hotline for locked withdrawals"
        body = ("Customer support number: +1 888 555 0199. Call us now, 24/7 "
                "support for locked withdrawals. Contact us on Telegram "
                "@exsupport_help.")
        scammer.headers["Accept-Language"] = "en"
        r = scammer.post("/ask", {"title": title, "body": body,
                                  "category": "deposits", "tags": "support"})
        self.assertHtmlPage(r, 422)
        self.assertIn('value="%s"' % title, r.body)
        self.assertIn(">" + body + "</textarea>", r.body)
        self.assertIn('value="support"', r.body)
        self.assertIn("gives a &quot;support&quot; phone number", r.body)
        self.assertEqual(harness.psql("SELECT count(*) FROM posts"), before)

    def test_equal_rank_same_post(self):
        # two answers of one thread with the same words rank equally: the
        # thread is found once, always through the first of them
        asker = Session(self, "qa_tie_asker", age_days=30, lang="en")
        tid = asker.ask("Which cold wallet do members here use?",
                        "I want to keep my coins offline for a few years.",
                        "security")
        pids = [Session(self, "qa_tie_%d" % i, age_days=30,
                        lang="en").answer(tid, "A quokkafern device, kept "
                                          "in a drawer, works fine.")
                for i in range(2)]
        seen = set()
        for _ in range(4):
            r = self.client().get("/api/v1/search?q=quokkafern")
            self.assertStatus(r, 200)
            hits = [x for x in r.json()["results"] if x["id"] == tid]
            self.assertEqual(len(hits), 1, r.body)
            seen.add(hits[0]["post_id"])
        self.assertEqual(seen, {min(pids)})
        self.assertIn('href="/t/%d#p%d"' % (tid, min(pids)),
                      self.search("quokkafern").body)

    def test_xss_escaped(self):
        evil_name = "<img src=x onerror=alert('name')>"
        asker = Session(self, "qa_xss", age_days=30, display=evil_name,
                        lang="en")
        title = "<script>alert(\"t\")</script> & a question about fees"
        body = ("Fees <b>bold</b> & \"quotes\"\n\n"
                "<script>alert('body')</script>\n\n"
                "<img src=x onerror=alert(1)>\n\n"
                "[click](javascript:alert(2)) and a < b > c")
        tid = asker.ask(title, body, "trading", "fees")
        r = self.client().get("/t/%d" % tid, headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        b = r.body
        # title: exact escaped text in <h1> and <title>
        esc_title = ("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; "
                     "&amp; a question about fees")
        self.assertIn(">" + esc_title + "</h1>", b)
        self.assertIn("<title>" + esc_title, b)
        # display name
        self.assertIn("&lt;img src=x onerror=alert(&#39;name&#39;)&gt;", b)
        # body: raw HTML dropped by the Markdown cooker (safe mode), text
        # escaped, the javascript: link loses its anchor
        self.assertIn('<div class="post-body"><p>Fees bold &amp; '
                      '&quot;quotes&quot;</p>\n<p>click and a &lt; b &gt; c'
                      '</p>\n</div>', b)
        self.assertNotIn("javascript:", b)
        # no raw tag anywhere
        for raw in ("<script>alert", "<img src=x", "<b>bold", "onerror=alert(1)"):
            self.assertNotIn(raw, b)
        # the app's scripts, and the one schema.org data block (t200)
        self.assertEqual(b.count("<script"), b.count(
            '<script src="/assets/') + b.count(
            '<script type="application/ld+json">'))
        self.assertLessEqual(b.count('<script type="application/ld+json">'), 1)
        # in lists, search snippets and the history page too
        r = self.client().get("/c/trading?sort=newest")
        self.assertIn(esc_title, r.body)
        self.assertNotIn("<script>alert", r.body)
        r = self.client().get("/search?q=fees+bold")
        self.assertIn(tid, hit_ids(r.body))
        self.assertNotIn("<b>bold", r.body)
        # the snippet is the post's plain text, as the page shows it: the
        # raw HTML the cooker drops is dropped here too, text escaped
        self.assertIn("<mark>Fees</mark> <mark>bold</mark> &amp; "
                      "&quot;quotes&quot;", r.body)
        self.assertNotIn("&lt;b&gt;", r.body)
        # tags: characters outside letters, digits, - and _ are refused,
        # and what was typed comes back escaped
        r = asker.post("/ask", {"title": "A question with a hostile tag",
                                "body": "Some body text, long enough.",
                                "category": "trading",
                                "tags": "<script>x</script> \"'>"})
        self.assertHtmlPage(r, 422)
        self.assertIn('value="&lt;script&gt;x&lt;/script&gt; '
                      '&quot;&#39;&gt;"', r.body)
        self.assertNotIn("<script>x", r.body)
        # a search query is escaped in the form and the snippet
        r = self.client().get("/search?q=" + enc("\"><script>alert(3)</script>"))
        self.assertHtmlPage(r, 200)
        self.assertIn('value="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"',
                      r.body)
        self.assertNotIn("<script>alert(3)", r.body)

    def test_demo_shows_every_state(self):
        tid = thread_id("How long does a JPY withdrawal")
        r = self.client().get("/t/%d" % tid, headers={"Accept-Language": "ja"})
        self.assertHtmlPage(r, 200)
        kinds = [k for _, k in post_ids(r.body)]
        self.assertEqual(kinds[:3], ["question", "official", "answer"])
        self.assertEqual(r.body.count('class="badge badge-official"'), 1)
        self.assertEqual(r.body.count('class="badge badge-verified"'), 1)
        self.assertEqual(r.body.count('class="badge badge-accepted"'), 1)
        self.assertIn("公式回答", r.body)
        self.assertIn("スタッフ確認済み", r.body)
        self.assertIn("ベストアンサー", r.body)
        self.assertNotIn("post-held", r.body)
        self.assertNotIn("テレグラム", r.body)
        self.assertNotIn("+1 888 555 0199", r.body)
        # the removed spam answer leaves a placeholder: why and when, no
        # text and no author name
        self.assertEqual(r.body.count('class="post-removed"'), 1)
        self.assertIn("モデレーターにより削除されました", r.body)
        self.assertIn("詐欺・フィッシング", r.body)
        self.assertNotIn("/mod/post/", r.body)
        self.assertIn('<h2 id="answers-h">4 件の回答</h2>', r.body)
        self.assertIn('href="/tag/withdrawal"', r.body)
        # the held answer: its author sees it, with its state
        author = Session(self, "coin_helper", trust=0, lang="ja")
        r = author.get("/t/%d" % tid)
        self.assertIn('data-state="held">審査待ち</span>', r.body)
        self.assertIn("テレグラム", r.body)
        self.assertNotIn("+1 888 555 0199", r.body)   # removed: nobody
        # the locked API thread: no answer form, even for a signed-in user
        api = thread_id("Getting HTTP 429")
        r = author.get("/t/%d" % api)
        self.assertIn("ロック中", r.body)
        self.assertNotIn('action="/t/%d/answer"' % api, r.body)
        # its question was edited once: the history shows the diff
        q3 = int(harness.psql("SELECT id FROM posts WHERE thread_id = %d AND "
                              "kind = 'question'" % api))
        r = self.client().get("/p/%d/history" % q3)
        self.assertHtmlPage(r, 200)
        self.assertIn("<del>", r.body)
        self.assertIn("<ins>", r.body)
        # the answer three users flagged is hidden, and waits for moderators
        self.assertNotIn("Guaranteed 2x returns",
                         self.client().get("/t/%d" % thread_id(
                             "パスワードを何度も")).body)
        mod = Session(self, "demo_mod_check", role="moderator", trust=3)
        r = mod.get("/mod/queue/flagged")
        self.assertHtmlPage(r, 200)
        self.assertIn("Guaranteed 2x returns", r.body)
        # demo users have notifications waiting
        kenji = Session(self, "kenji_t", trust=2, display="けんじ")
        self.assertIn('class="notif-count"', kenji.get("/").body)
        # closed duplicate and pinned FAQ
        dup = thread_id("出金が「処理中」")
        r = self.client().get("/t/%d" % dup)
        self.assertIn('href="/t/%d"' % tid, r.body)
        self.assertIn("tag-closed", r.body)
        faq = thread_id("Someone called me claiming")
        self.assertIn("tag-pinned", self.client().get("/t/%d" % faq).body)

    def test_signed_in_through_form(self):
        name = ("qa_" + uuid.uuid4().hex)[:16]
        c = self.client()
        hdr = {"Accept-Language": "en"}
        c.csrf_token("/register")
        r = c.post("/register", {"username": name, "display_name": "問い合わせ太郎",
                                 "password": PASSWORD, "password2": PASSWORD},
                   headers=hdr, csrf=True)
        self.assertStatus(r, 303)
        r = c.get("/settings", headers=hdr)
        m = re.search(r'name="csrf" value="([^"]+)"', r.body)
        self.assertStatus(c.post("/logout", {"csrf": m.group(1)}), 303)
        self.assertNotIn("sodan_session", c.cookies)
        # sign in through the form
        r = c.get("/login", headers=hdr)
        self.assertHtmlPage(r, 200)
        c.csrf_token("/login")
        r = c.post("/login", {"username": name, "password": PASSWORD},
                   headers=hdr, csrf=True)
        self.assertStatus(r, 303)
        self.assertIn("sodan_session", c.cookies)
        # the ask form carries the session's token; post it back
        r = c.get("/ask", headers=hdr)
        self.assertHtmlPage(r, 200)
        tok = re.search(r'name="csrf" value="([^"]+)"', r.body).group(1)
        origin = "http://127.0.0.1:%d" % self.port
        r = c.post("/ask", {"csrf": tok, "title": "口座の本人確認はどのくらいかかりますか",
                            "body": "本人確認書類を提出してから二日たちました。",
                            "category": "account", "tags": "本人確認"},
                   headers={"Origin": origin, "Accept-Language": "ja"})
        self.assertStatus(r, 303)
        tid = int(re.match(r"^/t/(\d+)(?:\?posted=\w+)?$",
                             r.headers.get("Location")).group(1))
        r = c.get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        self.assertIn("問い合わせ太郎", r.body)
        self.assertEqual(harness.psql(
            "SELECT u.username FROM threads t JOIN users u ON "
            "u.id = t.author_id WHERE t.id = %d" % tid), name)
        # without the token the same form is refused
        r = c.post("/ask", {"title": "口座の本人確認はどのくらいかかりますか２",
                            "body": "本人確認書類を提出してから三日たちました。",
                            "category": "account"},
                   headers={"Origin": origin})
        self.assertStatus(r, 403)


if __name__ == "__main__":
    harness.main()
