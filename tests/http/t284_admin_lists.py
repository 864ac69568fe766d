"""t284_admin_lists: moderation lists edited in the browser (/admin/lists).

Admins add and remove entries (CSRF, a fresh second factor, one audit_log
row each); moderators only see them; members get 403.  Values are checked
before saving with messages in Japanese and English (a domain that is not
registrable, a malformed phone number, a duplicate, a block entry on the
allow list) and what was typed is kept.  A change takes effect without a
restart: the loader polls the lists' version in PostgreSQL and recompiles
(a row written straight into the table, as another instance would, is
followed the same way)."""

import os
import re
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402


class Lists(harness.ServerTest):
    demo = True

    def rules(self):
        return self.client().get("/healthz/ready").json()["rules_reload"]

    def wait_loaded(self):
        harness.wait_until(lambda: self.rules()["loaded"], timeout=300,
                           what="first rule set loaded")
        return self.rules()

    def wait_new_set(self, before):
        """Until the set in use holds the lists' version in PostgreSQL
        now, and differs from the set `before` (its hash)."""
        want = int(harness.psql("SELECT version FROM mod_list_version"))
        harness.wait_until(
            lambda: (lambda r: r["lists_version"] == want and
                     r["hash"] != before and not r["reloading"])(
                self.rules()), timeout=300, what="the lists recompiled")
        return self.rules()

    def audit(self, action):
        return int(harness.psql("SELECT count(*) FROM audit_log WHERE "
                                "action = '%s'" % action))

    def add(self, s, lst, value, note=""):
        return s.post("/admin/lists", {"list": lst, "value": value,
                                       "note": note})

    def thread(self):
        asker = Session(self, "al_asker", trust=1, age_days=100)
        return asker.ask("How long does a withdrawal to my wallet take?",
                         "I sent ETH two hours ago and it is still pending. "
                         "Is that normal for this network? " +
                         secrets.token_hex(4))

    def test_1_roles_and_validation(self):
        self.wait_loaded()
        admin = Session(self, "al_admin", role="admin", trust=3)
        mod = Session(self, "al_mod", role="moderator", trust=3)
        user = Session(self, "al_user", trust=3, age_days=400)
        self.assertStatus(user.get("/admin/lists"), 403)
        page = mod.get("/admin/lists")
        self.assertHtmlPage(page, 200)
        self.assertNotIn('action="/admin/lists"', page.body)
        self.assertStatus(self.add(mod, "block_domain", "x-scam.example"),
                          403)
        page = admin.get("/admin/lists")
        self.assertHtmlPage(page, 200)
        self.assertIn('action="/admin/lists"', page.body)
        r = admin.client.post("/admin/lists", {
            "list": "block_domain", "value": "x-scam.example"}, headers={
            "Origin": "http://127.0.0.1:%d" % self.port})
        self.assertStatus(r, 403, "no CSRF token")
        n = self.audit("list-add")
        # bad values, in Japanese; what was typed is kept
        for lst, val, msg in (
                ("block_domain", "not a domain", "登録できるドメイン名"),
                ("block_domain", "https://x-scam.example/login",
                 "登録できるドメイン名"),
                ("block_domain", "co.jp", "登録できるドメイン名"),
                ("allow_domain", "localhost", "登録できるドメイン名"),
                ("official_phone", "12ab34", "電話番号"),
                ("official_phone", "+12", "電話番号"),
                ("official_handle", "@a!", "ハンドル"),
                ("brand", "examplex", "ブランド"),
                ("block_domain", "exchange.example", "許可リスト"),
                ("block_domain", "help.exchange.example", "許可リスト"),
                ("block_domain", "www.binance.com", "許可リスト"),
                ("watch_word", " ", "値を入力")):
            r = self.add(admin, lst, val)
            self.assertStatus(r, 422, "%s %r" % (lst, val))
            self.assertIn(msg, r.body, "%s %r" % (lst, val))
            if val.strip():
                self.assertIn('value="%s"' % val.replace("&", "&amp;"),
                              r.body)
        self.assertEqual(self.audit("list-add"), n)
        # the same in English
        en = Session(self, "al_admin_en", role="admin", trust=3, lang="en")
        r = self.add(en, "official_phone", "call me")
        self.assertStatus(r, 422)
        self.assertIn("This is not a phone number", r.body)
        r = self.add(en, "block_domain", "exchange.example")
        self.assertIn("is on the allow list", r.body)
        # normalized on the way in, then a duplicate is refused
        r = self.add(admin, "official_phone", "03-1234-5678", "desk")
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT value FROM mod_list_entries WHERE list = "
            "'official_phone'"), "+81312345678")
        r = self.add(admin, "official_phone", "+81 3 1234 5678")
        self.assertStatus(r, 422)
        self.assertIn("すでにリストにあります", r.body)
        r = self.add(admin, "official_handle", "@Exchange_Support")
        self.assertStatus(r, 303)
        self.assertEqual(harness.psql(
            "SELECT value FROM mod_list_entries WHERE list = "
            "'official_handle'"), "@exchange_support")
        # an allowed domain added here cannot then be blocked
        r = self.add(admin, "allow_domain", "Status-Page.example")
        self.assertStatus(r, 303)
        r = self.add(admin, "block_domain", "status-page.example")
        self.assertStatus(r, 422)
        self.assertIn("許可リスト", r.body)
        self.assertEqual(self.audit("list-add"), n + 3)
        row = harness.psql("SELECT actor || '|' || detail FROM audit_log "
                           "WHERE action = 'list-add' ORDER BY id DESC "
                           "LIMIT 1")
        self.assertEqual(row, "user:%d|allow_domain status-page.example"
                         % admin.user_id)
        # a stale second factor: asked again, nothing saved
        stale = Session(self, "al_admin_stale", role="admin", trust=3)
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'2 days' WHERE user_id = %d" % stale.user_id)
        r = self.add(stale, "block_domain", "stale-scam.example")
        self.assertIn(r.status, (303, 401))
        self.assertNotEqual(r.headers.get("Location"),
                            "/admin/lists?added=1")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM mod_list_entries WHERE value = "
            "'stale-scam.example'"), "0")

    def test_2_effective_without_restart(self):
        first = self.wait_loaded()
        admin = Session(self, "al_admin2", role="admin", trust=3)
        me = Session(self, "al_member", trust=2, age_days=300)
        tid = self.thread()
        dom = "lists-%s-wallet.example" % secrets.token_hex(3)
        body = ("I had the same delay last week; [the status page]"
                "(https://%s/status) showed the queue." % dom)
        r = me.post("/t/%d/answer" % tid, {"body": body})
        self.assertStatus(r, 303, "unknown domain before it is listed")

        r = self.add(admin, "block_domain", dom.upper(), "phishing kit")
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/admin/lists?added=1")
        after = self.wait_new_set(first["hash"])
        self.assertEqual(after["last_reload"], "ok")
        r = me.post("/t/%d/answer" % tid,
                    {"body": body.replace("week", "month")})
        self.assertStatus(r, 422, "listed domain, no restart")
        self.assertIn(dom, r.body)
        page = admin.get("/admin/lists")
        self.assertIn(dom, page.body)
        self.assertIn("phishing kit", page.body)

        # a watched word holds a post that has it (a member below trust 2)
        word = "moonpump%s" % secrets.token_hex(2)
        self.assertStatus(self.add(admin, "watch_word", word), 303)
        after2 = self.wait_new_set(after["hash"])
        plain = Session(self, "al_plain", trust=1, age_days=100)
        r = plain.post("/t/%d/answer" % tid, {
            "body": "Someone on the chat told me about %s, is it "
                    "related to the exchange?" % word.upper()})
        self.assertStatus(r, 303)
        pid = int(r.headers["Location"].split("#p")[1])
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % pid), "held")

        # removed: the domain passes again
        eid = int(harness.psql("SELECT id FROM mod_list_entries WHERE "
                               "value = '%s'" % dom))
        n = self.audit("list-remove")
        r = admin.post("/admin/lists/%d/delete" % eid)
        self.assertStatus(r, 303)
        self.assertEqual(self.audit("list-remove"), n + 1)
        self.assertStatus(admin.post("/admin/lists/%d/delete" % eid), 404)
        self.wait_new_set(after2["hash"])
        r = me.post("/t/%d/answer" % tid,
                    {"body": body.replace("week", "year")})
        self.assertStatus(r, 303, "removed from the list")

    def test_3_followed_from_the_database(self):
        """A change written by another instance (straight into the table
        with the version bumped) is followed by this one's loader."""
        first = self.wait_loaded()
        dom = "other-%s-wallet.example" % secrets.token_hex(3)
        harness.psql(
            "BEGIN; INSERT INTO mod_list_entries (list, value) VALUES "
            "('block_domain', '%s'); UPDATE mod_list_version SET version "
            "= version + 1; COMMIT" % dom)
        self.wait_new_set(first["hash"])
        me = Session(self, "al_member3", trust=2, age_days=300)
        tid = self.thread()
        r = me.post("/t/%d/answer" % tid, {
            "body": "Try [this page](https://%s/help) for the status."
                    % dom})
        self.assertStatus(r, 422)
        self.assertTrue(re.search(re.escape(dom), r.body))


if __name__ == "__main__":
    harness.main()
