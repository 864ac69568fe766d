#!/usr/bin/env python3
"""t336_tag_synonyms: tag synonyms made at /admin/tags (docs/admin.md,
"Tags"; migration 0177).

- Only administrators (403 to members, staff and moderators), CSRF, and a
  second factor from the last 15 minutes (else the re-authentication page,
  which posts the form back).
- Wrong input: 422 with the message at the field, in Japanese and in
  English, what was typed kept; a canonical tag that is itself a synonym
  is refused (no chains).
- Making a synonym: a confirmation with the count of threads to retag
  first; then the threads are retagged in the same transaction, watches
  follow, one audit_log row; /tag/ALIAS and its Atom feed answer 301 to
  the canonical tag's (a cached copy of the alias's page is dropped).
- From then on a tag typed as the alias (ask form, edit, the API's new
  thread and edit) is saved as the canonical tag; a search filtered by
  the alias finds the canonical tag's threads. Watching /tag/ALIAS
  watches the tag; a knowledge-base article takes the canonical tag when
  written with the alias, and existing articles are retagged with the
  threads.
- Making the canonical tag a synonym of a third re-points the first
  synonym (no chains); a rename into a synonym is refused.
- Removal: a confirmation, then the row goes (threads keep their tags),
  audited, and the alias's page is no longer a redirect.
- A synonym committed while a question with the alias waits in its write
  (the synonyms' advisory lock held by the test) is applied to it."""

import json
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import totp  # noqa: E402
from api_util import bearer, db_token  # noqa: E402
from qa_util import Session, q  # noqa: E402

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def thread(author, title, tags):
    """A thread with a visible question, made in SQL as the write path
    stores one."""
    tid = int(harness.psql(
        "INSERT INTO threads (category_id, author_id, title, tags) SELECT "
        "id, %d, %s, %s FROM categories WHERE slug = 'deposits' RETURNING id"
        % (author, q(title), q("{" + ",".join(tags) + "}"))
    ).splitlines()[0])
    harness.psql("INSERT INTO posts (thread_id, author_id, kind, body_md, "
                 "body_html) VALUES (%d, %d, 'question', 'Body text.', "
                 "'<p>Body text.</p>')" % (tid, author))
    return tid


def tags_of(tid):
    return harness.psql("SELECT tags FROM threads WHERE id = %d" % tid)


def synonyms():
    return harness.psql("SELECT alias || '>' || tag FROM tag_synonyms "
                        "ORDER BY alias").split()


class TagSynonyms(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c = cls.server.client()
        # questions are judged by the rules: wait for the first set
        harness.wait_until(
            lambda: cls.c.get("/healthz/ready").json()[
                "rules_reload"]["loaded"], timeout=300,
            what="first rule set loaded")

    def admin(self, lang="en", name="t336_admin"):
        s = Session(self, name, role="admin", trust=3, lang=lang)
        harness.psql("UPDATE users SET lang = %s, totp_secret = (SELECT "
                     "totp_secret FROM users WHERE username = 'admin') "
                     "WHERE id = %d" % (q(lang), s.user_id))
        return s

    def make(self, a, alias, tag):
        """Makes alias a synonym of tag through the confirmation."""
        r = a.post("/admin/tags/synonyms", {"alias": alias,
                                            "canonical": tag})
        self.assertHtmlPage(r, 200)
        self.assertIn('name="confirm" value="1"', r.body)
        r = a.post("/admin/tags/synonyms", {"alias": alias, "canonical": tag,
                                            "confirm": "1"})
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(r.headers.get("Location"),
                         "/admin/tags?done=synonym#synonyms")
        return r

    def test_1_only_administrators(self):
        posts = [("/admin/tags/synonyms", {"alias": "t336a",
                                           "canonical": "t336b",
                                           "confirm": "1"}),
                 ("/admin/tags/synonyms/remove", {"alias": "t336a",
                                                  "confirm": "1"})]
        before = harness.psql("SELECT count(*) FROM audit_log")
        for role in ("user", "staff", "moderator"):
            s = Session(self, "t336_" + role, role=role, trust=3)
            self.assertStatus(s.get("/admin/tags"), 403, role)
            for path, f in posts:
                self.assertStatus(s.post(path, f), 403, role + " " + path)
        # no CSRF token: refused too
        a = self.admin()
        r = a.client.post("/admin/tags/synonyms", {
            "alias": "t336a", "canonical": "t336b", "confirm": "1"},
            headers={"Origin": "http://127.0.0.1:%d" % self.port})
        self.assertEqual(r.status, 403)
        self.assertEqual(synonyms(), [])
        self.assertEqual(harness.psql("SELECT count(*) FROM audit_log"),
                         before)

    def test_2_wrong_input_in_both_languages(self):
        for lang, msgs in (
                ("en", ["Enter the synonym: letters",
                        "A tag cannot be a synonym of itself."]),
                ("ja", ["同義語を入力してください",
                        "タグを自分自身の同義語にはできません。"])):
            a = self.admin(lang, "t336_admin_" + lang)
            r = a.post("/admin/tags/synonyms", {"alias": "bad <tag>!",
                                                "canonical": "t336ok"})
            self.assertHtmlPage(r, 422)
            self.assertIn('<html lang="%s">' % lang, r.body)
            self.assertIn(msgs[0], r.body)
            self.assertIn('value="bad &lt;tag&gt;!"', r.body)
            self.assertIn('value="t336ok"', r.body)
            self.assertIn('aria-invalid="true"', r.body)
            r = a.post("/admin/tags/synonyms", {"alias": "T336Same",
                                                "canonical": "t336ｓａｍｅ"})
            self.assertHtmlPage(r, 422)
            self.assertIn(msgs[1], r.body)
            # removing what is no synonym
            r = a.post("/admin/tags/synonyms/remove", {"alias": "t336none",
                                                       "confirm": "1"})
            self.assertHtmlPage(r, 422)
        self.assertEqual(synonyms(), [])

    def test_3_step_up(self):
        a = self.admin("en", "t336_admin_stale")
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'16 minutes' WHERE user_id = %d" % a.user_id)
        f = {"alias": "t336stale", "canonical": "t336fresh", "confirm": "1"}
        r = a.post("/admin/tags/synonyms", f)
        self.assertEqual(r.status, 401, r.body[:500])
        self.assertIn('name="reauth_code"', r.body)
        self.assertIn('action="/admin/tags/synonyms"', r.body)
        self.assertIn('name="alias" value="t336stale"', r.body)
        self.assertEqual(synonyms(), [])
        r = a.post("/admin/tags/synonyms", dict(f, reauth_code="000000"))
        self.assertEqual(r.status, 401)
        self.assertEqual(synonyms(), [])
        r = a.post("/admin/tags/synonyms", dict(f, reauth_code=totp(SECRET)))
        self.assertEqual(r.status, 303, r.body[:500])
        self.assertEqual(synonyms(), ["t336stale>t336fresh"])

    def test_4_make_retags_and_redirects(self):
        a = self.admin()
        asker = Session(self, "t336_asker", trust=2)
        t1 = thread(asker.user_id, "Synonym test: tether deposit pending",
                    ("t336tether", "t336send"))
        t2 = thread(asker.user_id, "Synonym test: usdt and tether both",
                    ("t336usdt", "t336tether"))
        harness.psql("INSERT INTO watches (user_id, kind, target, level) "
                     "VALUES (%d, 'tag', 't336tether', 'watching')"
                     % asker.user_id)
        kb = harness.psql(
            "INSERT INTO kb_articles (slug, category_id, tags, title, "
            "body_md, body_html, created_by) SELECT 't336-kb', id, "
            "'{t336tether,t336usdt,t336send}', 'Tether deposits explained', "
            "'Body.', '<p>Body.</p>', %d FROM categories WHERE slug = "
            "'deposits' RETURNING id" % a.user_id).splitlines()[0]
        # the alias's page, cached for strangers before the change
        self.assertHtmlPage(self.c.get("/tag/t336tether"), 200)
        r = self.c.get("/tag/t336tether")
        self.assertEqual(r.headers.get("X-Cache"), "hit")
        # the confirmation counts the threads; nothing changes yet
        r = a.post("/admin/tags/synonyms", {"alias": " T336Tether ",
                                            "canonical": "t336ｕｓｄｔ"})
        self.assertHtmlPage(r, 200)
        self.assertIn('<span class="tagsyn-count">2</span>', r.body)
        self.assertIn('name="alias" type="text" value="t336tether"', r.body)
        self.assertEqual(tags_of(t1), "{t336tether,t336send}")
        self.assertEqual(synonyms(), ["t336stale>t336fresh"])
        self.make(a, "t336tether", "t336usdt")
        self.assertEqual(tags_of(t1), "{t336usdt,t336send}")
        self.assertEqual(tags_of(t2), "{t336usdt}")
        self.assertIn("t336tether>t336usdt", synonyms())
        self.assertEqual(harness.psql(
            "SELECT target FROM watches WHERE kind = 'tag' AND user_id = %d"
            % asker.user_id), "t336usdt")
        # the knowledge base's articles follow, in the same transaction
        self.assertEqual(harness.psql(
            "SELECT tags FROM kb_articles WHERE id = %s" % kb),
            "{t336usdt,t336send}")
        self.assertEqual(harness.psql(
            "SELECT detail FROM audit_log WHERE action = 'tag-synonym' "
            "ORDER BY id DESC LIMIT 1"),
            "t336tether -> t336usdt; 2 threads retagged; "
            "0 synonyms re-pointed")
        # the alias's page and feed lead to the tag's
        r = self.c.get("/tag/t336tether")
        self.assertEqual(r.status, 301, r.body[:300])
        self.assertEqual(r.headers.get("Location"), "/tag/t336usdt")
        r = self.c.get("/tag/t336tether/feed.atom")
        self.assertEqual(r.status, 301)
        self.assertEqual(r.headers.get("Location"), "/tag/t336usdt/feed.atom")
        r = self.c.get("/tag/t336usdt")
        self.assertHtmlPage(r, 200)
        self.assertIn("/t/%d" % t1, r.body)
        self.assertIn("/t/%d" % t2, r.body)
        # listed on the console with a remove button
        r = a.get("/admin/tags?done=synonym")
        self.assertHtmlPage(r, 200)
        self.assertIn('<td class="tagsyn-alias">t336tether</td>', r.body)
        self.assertIn('action="/admin/tags/synonyms/remove"', r.body)
        # the same synonym again: 422, nothing more in the audit log
        n = harness.psql("SELECT count(*) FROM audit_log")
        r = a.post("/admin/tags/synonyms", {"alias": "t336tether",
                                            "canonical": "t336usdt"})
        self.assertHtmlPage(r, 422)
        self.assertIn("This synonym exists already.", r.body)
        self.assertEqual(harness.psql("SELECT count(*) FROM audit_log"), n)

    def test_5_typed_alias_lands_on_canonical(self):
        # the ask form: upper case and full width fold, duplicates drop
        m = Session(self, "t336_member", trust=1, age_days=60)
        tid = m.ask("How long does a tether deposit take to arrive?",
                    "I sent tether from another wallet an hour ago and "
                    "it has not arrived yet.",
                    tags="T336TETHER, t336usdt t336other")
        self.assertEqual(tags_of(tid), "{t336usdt,t336other}")
        r = m.get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/tag/t336usdt"', r.body)
        self.assertNotIn('href="/tag/t336tether"', r.body)
        self.assertEqual(harness.psql(
            "SELECT tags FROM post_revisions r JOIN posts p ON p.id = "
            "r.post_id WHERE p.thread_id = %d ORDER BY r.revision DESC "
            "LIMIT 1" % tid), "{t336usdt,t336other}")
        # the edit form
        pid = int(harness.psql("SELECT id FROM posts WHERE thread_id = %d "
                               "AND kind = 'question'" % tid))
        r = m.post("/p/%d/edit" % pid, {
            "title": "How long does a tether deposit take to arrive?",
            "tags": "t336tether t336edited",
            "body": "I sent tether from another wallet two hours ago and "
                    "it has not arrived yet."})
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(tags_of(tid), "{t336usdt,t336edited}")
        # the API: a new thread and an edit
        uid = int(harness.psql("SELECT id FROM users WHERE username = "
                               "'t336_member'"))
        tok = db_token(uid)
        r = bearer(self.c, tok, "POST", "/api/v1/threads", {
            "title": "Tether withdrawal to another exchange failed",
            "body": "The withdrawal of tether shows failed; where did the "
                    "coins go?", "category": "deposits",
            "tags": "t336tether"})
        self.assertEqual(r.status, 201, r.body)
        d = json.loads(r.body)
        self.assertEqual(tags_of(d["id"]), "{t336usdt}")
        apid = int(harness.psql("SELECT id FROM posts WHERE thread_id = %d "
                                "AND kind = 'question'" % d["id"]))
        rev = harness.psql("SELECT revision FROM posts WHERE id = %d" % apid)
        r = bearer(self.c, tok, "POST", "/api/v1/posts/%d" % apid, {
            "revision": rev, "tags": "t336other t336tether",
            "body": "The withdrawal of tether shows failed; where did the "
                    "coins go? It was sent an hour ago."})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(tags_of(d["id"]), "{t336other,t336usdt}")
        r = bearer(self.c, tok, "GET", "/api/v1/threads/%d" % d["id"])
        self.assertEqual(json.loads(r.body)["tags"], ["t336other", "t336usdt"])
        # watching the alias's page watches the tag
        r = m.post("/tag/t336tether/watch", {"level": "watching"})
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(harness.psql(
            "SELECT string_agg(target, ',') FROM watches WHERE kind = 'tag' "
            "AND user_id = %d" % m.user_id), "t336usdt")
        # an article written with the alias is saved with the tag
        st = Session(self, "t336_staff", role="staff", trust=3)
        r = st.post("/kb/new", {"title": "Tether deposits that wait t336",
                                "body": "A tether deposit waits for its "
                                "confirmations first.",
                                "category": "deposits",
                                "tags": "T336Tether t336usdt t336kb"})
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(harness.psql(
            "SELECT tags FROM kb_articles WHERE slug = %s"
            % q(r.headers["Location"][4:])), "{t336usdt,t336kb}")
        # a search filtered by the alias finds the canonical tag's threads
        r = self.c.get("/search?" + urllib.parse.urlencode(
            {"q": "tether", "tag": "t336tether"}))
        self.assertHtmlPage(r, 200)
        self.assertIn("/t/%d" % tid, r.body)

    def test_6_no_chains(self):
        a = self.admin()
        # a canonical tag that is itself a synonym: refused, in place
        r = a.post("/admin/tags/synonyms", {"alias": "t336coin",
                                            "canonical": "t336tether"})
        self.assertHtmlPage(r, 422)
        self.assertIn("This tag is itself a synonym of &quot;t336usdt&quot;",
                      r.body)
        # a rename into a synonym: refused
        r = a.post("/admin/tags", {"from": "t336send", "to": "t336tether"})
        self.assertHtmlPage(r, 422)
        self.assertIn("The new name is a synonym of the tag", r.body)
        # the canonical tag becomes a synonym: its synonyms re-point
        r = a.post("/admin/tags/synonyms", {"alias": "t336usdt",
                                            "canonical": "t336stable"})
        self.assertHtmlPage(r, 200)
        self.assertIn('<span class="tagsyn-repoint">1</span>', r.body)
        self.make(a, "t336usdt", "t336stable")
        syn = synonyms()
        self.assertIn("t336tether>t336stable", syn)
        self.assertIn("t336usdt>t336stable", syn)
        self.assertEqual(int(harness.psql(
            "SELECT count(*) FROM threads WHERE 't336usdt' = ANY (tags) OR "
            "'t336tether' = ANY (tags)")), 0)
        r = self.c.get("/tag/t336tether")
        self.assertEqual(r.status, 301)
        self.assertEqual(r.headers.get("Location"), "/tag/t336stable")
        m = Session(self, "t336_member")
        tid = m.ask("Which network should I use to send tether?",
                    "The exchange lists several networks for tether; which "
                    "one is the cheapest?", tags="t336tether")
        self.assertEqual(tags_of(tid), "{t336stable}")
        # the store refuses a chain even past the page
        with self.assertRaisesRegex(RuntimeError, "itself a synonym"):
            harness.psql("INSERT INTO tag_synonyms (alias, tag) VALUES "
                         "('t336x', 't336usdt')")

    def test_7_remove(self):
        a = self.admin("ja", "t336_admin_ja")
        r = a.post("/admin/tags/synonyms/remove", {"alias": "t336tether"})
        self.assertHtmlPage(r, 200)
        self.assertIn('<html lang="ja">', r.body)
        self.assertIn('class="notice tagsyn-confirm"', r.body)
        self.assertIn("t336tether", synonyms()[1])
        r = a.post("/admin/tags/synonyms/remove", {"alias": "t336tether",
                                                   "confirm": "1"})
        self.assertEqual(r.status, 303, r.body[:500])
        self.assertNotIn("t336tether>t336stable", synonyms())
        self.assertEqual(harness.psql(
            "SELECT detail FROM audit_log WHERE action = "
            "'tag-synonym-remove' ORDER BY id DESC LIMIT 1"),
            "t336tether -> t336stable")
        # no thread has it: the alias's page is a 404 again, not a 301
        self.assertEqual(self.c.get("/tag/t336tether").status, 404)
        m = Session(self, "t336_member")
        tid = m.ask("Is tether the same as USDT on this exchange?",
                    "I see both names in the app and want to know whether "
                    "they are the same coin.", tags="t336tether")
        self.assertEqual(tags_of(tid), "{t336tether}")
        self.assertHtmlPage(self.c.get("/tag/t336tether"), 200)

    def test_8_synonym_made_while_a_question_is_written(self):
        """A synonym made (and committed) while a question with the
        synonym is being written: the question's write waits for the
        synonyms' lock and maps the tag under it, though the read before
        its transaction saw no synonym."""
        m = Session(self, "t336_racer", trust=1, age_days=60)
        res = {}

        def ask():
            res["tid"] = m.ask("Why is my deposit of the race coin late?",
                               "The deposit was confirmed on chain but "
                               "the balance here has not changed.",
                               tags="t336race")
        s = harness.PsqlSession()
        try:
            s.query("BEGIN")
            s.query("SELECT pg_advisory_xact_lock("
                    "hashtext('sodan:tag_synonyms'))")
            s.query("INSERT INTO tag_synonyms (alias, tag) VALUES "
                    "('t336race', 't336raced')")
            th = threading.Thread(target=ask)
            th.start()
            harness.wait_until(lambda: harness.psql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND NOT granted") == "1", timeout=30,
                what="the question's write waiting for the lock")
            self.assertEqual(int(harness.psql(
                "SELECT count(*) FROM threads WHERE 't336race' = ANY (tags) "
                "OR 't336raced' = ANY (tags)")), 0)
            s.query("COMMIT")
            th.join(30)
        finally:
            s.close()
        self.assertIn("tid", res, "the question was asked")
        self.assertEqual(tags_of(res["tid"]), "{t336raced}")


if __name__ == "__main__":
    harness.main()
