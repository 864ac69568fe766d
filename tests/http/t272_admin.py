#!/usr/bin/env python3
"""t272_admin: the admin console (/admin; docs/admin.md).

- Only administrators: every page and form answers 403 to members, staff
  and moderators, and sends a visitor who is not signed in to sign in.
- Every change: CSRF, a second factor from the last 15 minutes (else the
  re-authentication page, which posts the form back with the code), one
  audit_log row; anonymous cached pages show it at once.
- Categories: create (errors in ja and en at the fields, input kept),
  edit, reorder, archive (hidden from home and the ask form, threads
  still readable), merge (a confirmation page with the counts first; one
  transaction: a failure half-way leaves every thread where it was).
- Tags: rename, and merge when the new name is in use (confirmation with
  counts), watches following."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import totp  # noqa: E402
from qa_util import Session, q  # noqa: E402

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def thread(author, slug, title, tags=()):
    """A thread with a visible question, made in SQL as the write path
    stores one (the lists read threads.visible and the question)."""
    tid = int(harness.psql(
        "INSERT INTO threads (category_id, author_id, title, tags) SELECT "
        "id, %d, %s, %s FROM categories WHERE slug = %s RETURNING id"
        % (author, q(title), q("{" + ",".join(tags) + "}"), q(slug))
    ).splitlines()[0])
    harness.psql("INSERT INTO posts (thread_id, author_id, kind, body_md, "
                 "body_html) VALUES (%d, %d, 'question', 'Body text.', "
                 "'<p>Body text.</p>')" % (tid, author))
    return tid


def audit_count(action):
    return int(harness.psql("SELECT count(*) FROM audit_log WHERE action = "
                            "%s" % q(action)))


class Admin(harness.ServerTest):
    demo = True

    def admin(self, lang="en", name="t272_admin"):
        s = Session(self, name, role="admin", trust=3, lang=lang)
        # the demo administrator's (sealed) two-step secret, SECRET
        harness.psql("UPDATE users SET lang = %s, totp_secret = (SELECT "
                     "totp_secret FROM users WHERE username = 'admin') "
                     "WHERE id = %d" % (q(lang), s.user_id))
        return s

    def cat_id(self, slug):
        v = harness.psql("SELECT id FROM categories WHERE slug = %s"
                         % q(slug))
        return int(v) if v else None

    def create(self, a, slug, ja, en, **extra):
        f = {"slug": slug, "name_ja": ja, "name_en": en,
             "desc_ja": extra.get("desc_ja", ""),
             "desc_en": extra.get("desc_en", "")}
        return a.post("/admin/categories", f)

    def test_1_only_administrators(self):
        cid = self.cat_id("deposits")
        gets = ["/admin", "/admin/categories", "/admin/tags",
                "/admin/categories/%d" % cid,
                "/admin/categories/%d/merge?into=%d" % (cid, cid)]
        posts = [("/admin/categories", {"slug": "x1", "name_ja": "x",
                                        "name_en": "x"}),
                 ("/admin/categories/%d" % cid, {"slug": "deposits",
                                                 "name_ja": "x",
                                                 "name_en": "x"}),
                 ("/admin/categories/%d/move" % cid, {"dir": "up"}),
                 ("/admin/categories/%d/archive" % cid, {"on": "1"}),
                 ("/admin/categories/%d/merge" % cid, {"into": str(cid),
                                                       "confirm": "1"}),
                 ("/admin/tags", {"from": "usdt", "to": "tether"})]
        before = int(harness.psql("SELECT count(*) FROM audit_log"))
        for role in ("user", "staff", "moderator"):
            s = Session(self, "t272_" + role, role=role, trust=3)
            for path in gets:
                self.assertStatus(s.get(path), 403, role + " GET " + path)
            for path, f in posts:
                self.assertStatus(s.post(path, f), 403,
                                  role + " POST " + path)
        anon = self.client()
        r = anon.get("/admin")
        self.assertEqual(r.status, 303, r.body[:300])
        self.assertTrue(r.headers.get("Location").startswith("/login"))
        self.assertEqual(int(harness.psql("SELECT count(*) FROM audit_log")),
                         before)
        self.assertIsNone(self.cat_id("x1"))
        self.assertEqual(harness.psql(
            "SELECT archived FROM categories WHERE id = %d" % cid), "f")

    def test_2_index_lists_sections(self):
        a = self.admin()
        r = a.get("/admin")
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/admin/categories"', r.body)
        self.assertIn('href="/admin/tags"', r.body)
        # The filter lists' section shows once its page exists, as it
        # does now (pages/modlists.c).
        self.assertIn('href="/admin/lists"', r.body)
        self.assertHtmlPage(a.get("/admin/lists"), 200)

    def test_3_csrf(self):
        a = self.admin()
        r = a.client.post("/admin/categories", {
            "slug": "csrf-cat", "name_ja": "偽", "name_en": "Forged"},
            headers={"Origin": "http://127.0.0.1:%d" % self.port})
        self.assertEqual(r.status, 403, r.body[:300])
        r = a.client.post("/admin/categories", {
            "slug": "csrf-cat", "name_ja": "偽", "name_en": "Forged",
            "csrf": "x" * 43},
            headers={"Origin": "http://127.0.0.1:%d" % self.port})
        self.assertEqual(r.status, 403)
        self.assertIsNone(self.cat_id("csrf-cat"))

    def test_4_validation_in_both_languages(self):
        for lang, msgs in (
                ("en", ["Enter the Japanese name.",
                        "The address name (slug) may hold only"]),
                ("ja", ["日本語の名前を入力してください。",
                        "アドレス名（スラッグ）"])):
            a = self.admin(lang, "t272_admin_" + lang)
            r = self.create(a, "Bad Slug!", "", "Kept <b>name</b>",
                            desc_en="kept description")
            self.assertHtmlPage(r, 422)
            self.assertIn('<html lang="%s">' % lang, r.body)
            for m in msgs:
                self.assertIn(m, r.body)
            self.assertIn('value="Bad Slug!"', r.body)
            self.assertIn('value="Kept &lt;b&gt;name&lt;/b&gt;"', r.body)
            self.assertIn('value="kept description"', r.body)
            self.assertIn('aria-invalid="true"', r.body)
        a = self.admin()
        r = self.create(a, "deposits", "重複", "Duplicate")
        self.assertHtmlPage(r, 422)
        self.assertIn("Another category has this address name", r.body)
        r = self.create(a, "long-name", "長" * 61, "Long")
        self.assertHtmlPage(r, 422)
        self.assertIn("at most 60 characters", r.body)
        self.assertIsNone(self.cat_id("long-name"))

    def test_5_create_edit_shows_everywhere_at_once(self):
        anon = self.client()
        self.assertNotIn("NFT Help", anon.get("/").body)
        anon.get("/")                       # cached for strangers now
        a = self.admin()
        n = audit_count("category-create")
        r = self.create(a, "nft-help", "NFTの相談", "NFT Help",
                        desc_ja="NFTの送付と表示", desc_en="Sending NFTs")
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(r.headers.get("Location"),
                         "/admin/categories?done=created")
        self.assertIn("Saved.", a.get(r.headers.get("Location")).body)
        self.assertEqual(audit_count("category-create"), n + 1)
        self.assertEqual(harness.psql(
            "SELECT actor || ' ' || target_name FROM audit_log WHERE action "
            "= 'category-create' ORDER BY id DESC LIMIT 1"),
            "user:%d nft-help" % a.user_id)
        r = anon.get("/", headers={"Accept-Language": "en"})
        self.assertIn("NFT Help", r.body)
        self.assertHtmlPage(anon.get("/c/nft-help"), 200)
        r = a.get("/ask")
        self.assertIn('value="nft-help"', r.body)
        # edit: a new English name, the slug kept
        cid = self.cat_id("nft-help")
        r = a.post("/admin/categories/%d" % cid, {
            "slug": "nft-help", "name_ja": "NFTの相談", "name_en": "NFTs",
            "desc_ja": "", "desc_en": "Sending NFTs"})
        self.assertEqual(r.status, 303, r.body[:800])
        self.assertEqual(harness.psql(
            "SELECT name_en FROM categories WHERE id = %d" % cid), "NFTs")
        self.assertEqual(harness.psql(
            "SELECT detail FROM audit_log WHERE action = 'category-edit' "
            "ORDER BY id DESC LIMIT 1"), "NFTの相談 / NFTs")
        # another's slug is refused, the form kept
        r = a.post("/admin/categories/%d" % cid, {
            "slug": "deposits", "name_ja": "NFTの相談", "name_en": "X2",
            "desc_ja": "", "desc_en": ""})
        self.assertHtmlPage(r, 422)
        self.assertIn('value="X2"', r.body)
        self.assertEqual(harness.psql(
            "SELECT name_en FROM categories WHERE id = %d" % cid), "NFTs")

    def test_6_reorder(self):
        a = self.admin()
        order = harness.psql("SELECT string_agg(slug, ',' ORDER BY position, "
                             "id) FROM categories WHERE NOT archived"
                             ).split(",")
        last = order[-1]
        r = a.post("/admin/categories/%d/move" % self.cat_id(last),
                   {"dir": "up"})
        self.assertEqual(r.status, 303)
        now = harness.psql("SELECT string_agg(slug, ',' ORDER BY position, "
                           "id) FROM categories WHERE NOT archived"
                           ).split(",")
        self.assertEqual(now, order[:-2] + [last, order[-2]])
        self.assertEqual(harness.psql(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"),
            "category-up")
        r = a.get("/admin/categories")
        self.assertHtmlPage(r, 200)
        body = r.body
        self.assertLess(body.index("/c/" + last + ")"),
                        body.index("/c/" + order[-2] + ")"))
        # the first one cannot go higher: nothing changes, nothing audited
        n = int(harness.psql("SELECT count(*) FROM audit_log"))
        r = a.post("/admin/categories/%d/move" % self.cat_id(now[0]),
                   {"dir": "up"})
        self.assertEqual(r.status, 303)
        self.assertEqual(int(harness.psql("SELECT count(*) FROM audit_log")),
                         n)

    def test_7_archive(self):
        a = self.admin()
        self.assertEqual(self.create(a, "old-events", "旧イベント",
                                     "Old events").status, 303)
        asker = Session(self, "t272_asker", trust=2)
        tid = thread(asker.user_id, "old-events",
                     "Airdrop event question for the archive test")
        cid = self.cat_id("old-events")
        r = a.post("/admin/categories/%d/archive" % cid, {"on": "1"})
        self.assertEqual(r.status, 303)
        self.assertEqual(harness.psql(
            "SELECT archived FROM categories WHERE id = %d" % cid), "t")
        anon = self.client()
        self.assertNotIn("Old events",
                         anon.get("/", headers={"Accept-Language": "en"})
                         .body)
        self.assertNotIn('value="old-events"', asker.get("/ask").body)
        self.assertHtmlPage(anon.get("/t/%d" % tid), 200)
        # asking into it is refused (the form comes back)
        r = asker.post("/ask", {"title": "Another airdrop question here",
                                "body": "Is the airdrop event still on?",
                                "category": "old-events", "tags": ""})
        self.assertNotEqual(r.status, 303)
        r = a.post("/admin/categories/%d/archive" % cid, {"on": "0"})
        self.assertEqual(r.status, 303)
        self.assertIn('value="old-events"', asker.get("/ask").body)
        self.assertEqual(harness.psql(
            "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log "
            "WHERE target_name = %s AND action LIKE 'category-%%'"
            % q(str(cid))), "category-archive,category-restore")

    def test_8_merge_in_one_transaction(self):
        a = self.admin()
        self.assertEqual(self.create(a, "merge-a", "統合元", "Merge A").status,
                         303)
        self.assertEqual(self.create(a, "merge-b", "統合先", "Merge B").status,
                         303)
        ca, cb = self.cat_id("merge-a"), self.cat_id("merge-b")
        asker = Session(self, "t272_merger", trust=2)
        t1 = thread(asker.user_id, "merge-a",
                    "Merge test question number one here")
        t2 = thread(asker.user_id, "merge-a",
                    "Merge test question number two here")
        watcher = Session(self, "t272_watcher", trust=1)
        harness.psql("INSERT INTO watches (user_id, kind, target, level) "
                     "VALUES (%d, 'category', '%d', 'watching')"
                     % (watcher.user_id, ca))
        r = a.get("/admin/categories/%d/merge?into=%d" % (ca, cb))
        self.assertHtmlPage(r, 200)
        self.assertIn('<span class="merge-count">2</span>', r.body)
        self.assertIn("Merge B", r.body)
        # without the confirmation: the page again, nothing moved
        r = a.post("/admin/categories/%d/merge" % ca, {"into": str(cb)})
        self.assertEqual(r.status, 422)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM threads WHERE category_id = %d" % ca), "2")
        # a failure at the last step (archiving A) undoes the moves
        harness.psql(
            "CREATE FUNCTION t272_refuse() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN IF NEW.archived AND NEW.slug = 'merge-a' THEN "
            "RAISE EXCEPTION 't272 planted failure'; END IF; RETURN NEW; "
            "END $$; CREATE TRIGGER t272_refuse BEFORE UPDATE ON categories "
            "FOR EACH ROW EXECUTE FUNCTION t272_refuse();")
        try:
            r = a.post("/admin/categories/%d/merge" % ca,
                       {"into": str(cb), "confirm": "1"})
            self.assertEqual(r.status, 503, r.body[:300])
            self.assertEqual(harness.psql(
                "SELECT count(*) FROM threads WHERE category_id = %d" % ca),
                "2")
            self.assertEqual(harness.psql(
                "SELECT count(*) FROM watches WHERE kind = 'category' AND "
                "target = '%d'" % ca), "1")
            self.assertEqual(harness.psql(
                "SELECT count(*) FROM audit_log WHERE action = "
                "'category-merge'"), "0")
        finally:
            harness.psql("DROP TRIGGER t272_refuse ON categories; "
                         "DROP FUNCTION t272_refuse();")
        r = a.post("/admin/categories/%d/merge" % ca,
                   {"into": str(cb), "confirm": "1"})
        self.assertEqual(r.status, 303, r.body[:300])
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM threads WHERE category_id = %d" % cb), "2")
        self.assertEqual(harness.psql(
            "SELECT archived FROM categories WHERE id = %d" % ca), "t")
        self.assertEqual(harness.psql(
            "SELECT target FROM watches WHERE kind = 'category' AND "
            "user_id = %d" % watcher.user_id), str(cb))
        self.assertEqual(harness.psql(
            "SELECT detail FROM audit_log WHERE action = 'category-merge'"),
            "into %d; 2 threads moved; %d archived" % (cb, ca))
        for t in (t1, t2):
            self.assertHtmlPage(self.client().get("/t/%d" % t), 200)
        # an archived category cannot be merged again
        r = a.post("/admin/categories/%d/merge" % ca,
                   {"into": str(cb), "confirm": "1"})
        self.assertEqual(r.status, 409)

    def test_9_step_up(self):
        a = self.admin()
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'16 minutes' WHERE user_id = %d" % a.user_id)
        f = {"slug": "step-up", "name_ja": "確認", "name_en": "Step <up>"}
        r = a.post("/admin/categories", f)
        self.assertEqual(r.status, 401, r.body[:500])
        self.assertIn('name="reauth_code"', r.body)
        self.assertIn('action="/admin/categories"', r.body)
        self.assertIn('name="name_en" value="Step &lt;up&gt;"', r.body)
        self.assertIsNone(self.cat_id("step-up"))
        r = a.post("/admin/categories", dict(f, reauth_code="000000"))
        self.assertEqual(r.status, 401)
        self.assertIsNone(self.cat_id("step-up"))
        r = a.post("/admin/categories", dict(f, reauth_code=totp(SECRET)))
        self.assertEqual(r.status, 303, r.body[:500])
        self.assertIsNotNone(self.cat_id("step-up"))

    def test_10_tags(self):
        a = self.admin()
        asker = Session(self, "t272_tagger", trust=2)
        t1 = thread(asker.user_id, "deposits",
                    "Tag test: sending tether to the exchange",
                    ("t272tether", "t272send"))
        t2 = thread(asker.user_id, "deposits",
                    "Tag test: tether withdrawal pending",
                    ("t272usdt", "t272tether"))
        harness.psql("INSERT INTO watches (user_id, kind, target, level) "
                     "VALUES (%d, 'tag', 't272tether', 'watching')"
                     % asker.user_id)
        # errors, in place, input kept
        r = a.post("/admin/tags", {"from": "t272tether", "to": "bad tag!"})
        self.assertHtmlPage(r, 422)
        self.assertIn("Enter the new name", r.body)
        self.assertIn('value="bad tag!"', r.body)
        r = a.post("/admin/tags", {"from": "t272none", "to": "t272x"})
        self.assertHtmlPage(r, 422)
        self.assertIn("No thread has this tag.", r.body)
        # rename to a new name (full-width and upper case fold)
        r = a.post("/admin/tags", {"from": "T272TETHER", "to": "t272ｕｓｄｔ"})
        # t272usdt is in use: a merge, confirmation with counts first
        self.assertHtmlPage(r, 200)
        self.assertIn('<span class="merge-count">2</span>', r.body)
        self.assertEqual(harness.psql(
            "SELECT tags FROM threads WHERE id = %d" % t1),
            "{t272tether,t272send}")
        r = a.post("/admin/tags", {"from": "t272tether", "to": "t272usdt",
                                   "confirm": "1"})
        self.assertEqual(r.status, 303, r.body[:500])
        self.assertEqual(harness.psql(
            "SELECT tags FROM threads WHERE id = %d" % t1),
            "{t272usdt,t272send}")
        self.assertEqual(harness.psql(
            "SELECT tags FROM threads WHERE id = %d" % t2), "{t272usdt}")
        self.assertEqual(harness.psql(
            "SELECT target FROM watches WHERE kind = 'tag' AND user_id = %d"
            % asker.user_id), "t272usdt")
        self.assertEqual(harness.psql(
            "SELECT detail FROM audit_log WHERE action = 'tag-merge' "
            "ORDER BY id DESC LIMIT 1"), "t272tether -> t272usdt; 2 threads")
        # a plain rename
        r = a.post("/admin/tags", {"from": "t272send", "to": "t272deposit"})
        self.assertEqual(r.status, 303)
        self.assertEqual(harness.psql(
            "SELECT tags FROM threads WHERE id = %d" % t1),
            "{t272usdt,t272deposit}")
        r = self.client().get("/tag/t272deposit")
        self.assertHtmlPage(r, 200)
        self.assertIn("/t/%d" % t1, r.body)
        self.assertEqual(harness.psql(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"),
            "tag-rename")
        r = a.get("/admin")
        self.assertIn("tag-rename", r.body)

    def test_11_members(self):
        a = self.admin()
        m = Session(self, "t272_member", trust=1)
        other = Session(self, "t272_member2", trust=1)
        harness.psql("UPDATE users SET email = 't272.member@example.org' "
                     "WHERE id = %d" % m.user_id)
        for role in ("user", "moderator"):
            s = Session(self, "t272_" + role, role=role, trust=3)
            self.assertStatus(s.get("/admin/members?q=t272"), 403)
            self.assertStatus(s.post("/admin/members/%d/role" % m.user_id,
                                     {"role": "staff"}), 403)
        # search by e-mail (case ignored) and by name; % is literal
        r = a.get("/admin/members?q=T272.MEMBER%40EXAMPLE")
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/u/%d"' % m.user_id, r.body)
        self.assertNotIn('href="/u/%d"' % other.user_id, r.body)
        r = a.get("/admin/members?q=t272_member")
        self.assertIn('href="/u/%d"' % other.user_id, r.body)
        self.assertIn('href="/admin/members/%d/suspension"' % m.user_id, r.body)
        self.assertIn("No member matches.",
                      a.get("/admin/members?q=%25%25nobody").body)
        # a role that needs an e-mail address: refused without one
        r = a.post("/admin/members/%d/role" % other.user_id,
                   {"role": "moderator"})
        self.assertHtmlPage(r, 422)
        self.assertIn("need an e-mail address", r.body)
        self.assertEqual(harness.psql("SELECT role FROM users WHERE id = %d"
                                      % other.user_id), "user")
        # the change: the role, every session of the account ended, audited
        self.assertEqual(m.get("/settings").status, 200)
        r = a.post("/admin/members/%d/role" % m.user_id, {"role": "staff"})
        self.assertEqual(r.status, 303, r.body[:500])
        self.assertEqual(harness.psql("SELECT role FROM users WHERE id = %d"
                                      % m.user_id), "staff")
        self.assertEqual(harness.psql("SELECT count(*) FROM sessions WHERE "
                                      "user_id = %d" % m.user_id), "0")
        self.assertEqual(harness.psql(
            "SELECT actor || ' ' || detail FROM audit_log WHERE action = "
            "'set-role' AND target_user = %d" % m.user_id),
            "user:%d user -> staff; every session ended" % a.user_id)
        # an administrator's own role: refused, never changed here
        r = a.post("/admin/members/%d/role" % a.user_id, {"role": "user"})
        self.assertEqual(r.status, 422)
        self.assertEqual(harness.psql("SELECT role FROM users WHERE id = %d"
                                      % a.user_id), "admin")
        r = a.post("/admin/members/%d/role" % m.user_id, {"role": "nobody"})
        self.assertEqual(r.status, 400)


if __name__ == "__main__":
    harness.main()
