#!/usr/bin/env python3
"""t341_api_admin: the admin console's JSON twins (docs/api.md, "Admin
actions"): categories (list, create, save, move, archive, merge), tags
(rename, merge), members (search, role, suspend, restore).

The admin scope of a token: offered to administrators only, made after a
fresh second factor, living one day whatever expiry was chosen. For each
route: success with an admin token and its effect (in /api/v1/categories,
on the thread pages, in audit_log, the member's sessions); 401 without a
token; 403 insufficient_scope for a member's token, a moderator's token
and an administrator's token without the admin scope; 403 write for a
read-only admin token; bad input as 422 or 409 problem details at the
field. A browser session still needs a fresh second factor for a write."""

import json
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from api_util import PAT_RE, bearer, console_tokens, problem  # noqa: E402
from qa_util import Session  # noqa: E402


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def audits(action):
    return int(harness.psql("SELECT count(*) FROM audit_log WHERE action = "
                            "'%s'" % action))


class ApiAdmin(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    def setUp(self):
        if not hasattr(ApiAdmin, "admin"):
            for k, v in vars(console_tokens(self, uniq("api"))).items():
                setattr(ApiAdmin, k, v)

    def test_1_admin_scope_on_the_token_page(self):
        a = self.admin
        self.assertIn('name="scope_admin"', a.get("/settings/tokens").body)
        # "never" was chosen: an admin token lives one day all the same
        left = float(harness.psql(
            "SELECT extract(epoch FROM expires_at - now()) FROM api_tokens "
            "WHERE user_id = %d AND 'admin' = ANY(scopes) AND name = "
            "'console bot'" % a.user_id))
        self.assertTrue(0 < left <= 86400, left)
        m = Session(self, uniq("apimo2"), role="moderator", trust=3,
                    lang="en")
        self.assertNotIn('name="scope_admin"',
                         m.get("/settings/tokens").body)
        r = m.post("/settings/tokens", {"name": "x", "scope_read": "1",
                                        "scope_admin": "1"})
        self.assertHtmlPage(r, 400)
        self.assertIn("Only administrators may give a token the admin "
                      "scope.", r.body)
        # a second factor older than 15 minutes: asked again, none made
        b = Session(self, uniq("apiad2"), role="admin", trust=3, lang="en")
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'1 hour' WHERE user_id = %d" % b.user_id)
        r = b.post("/settings/tokens", {"name": "late", "scope_read": "1",
                                        "scope_admin": "1"})
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/login/verify")
        harness.psql("UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' "
                     "WHERE id = %d" % b.user_id)
        r = b.post("/settings/tokens", {"name": "late", "scope_read": "1",
                                        "scope_admin": "1"})
        self.assertHtmlPage(r, 401)
        self.assertIn("Confirm with two-step verification", r.body)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM api_tokens WHERE user_id = %d"
            % b.user_id), "0")

    def test_2_auth_and_scopes(self):
        c = self.client()
        slug = uniq("never-")
        f = {"slug": slug, "name_ja": "なし", "name_en": "None"}
        for m, path, fields in (
                ("GET", "/api/v1/admin/categories", None),
                ("POST", "/api/v1/admin/categories", f),
                ("GET", "/api/v1/admin/members?q=a", None),
                ("POST", "/api/v1/admin/tags", {"from": "a", "to": "b"}),
                ("POST", "/api/v1/admin/members/1/role", {"role": "user"}),
                ("POST", "/api/v1/admin/members/1/suspend",
                 {"reason": "x", "days": "1", "confirm": "1"})):
            r = c.request(m, path, None if fields is None else
                          "&".join("%s=%s" % kv for kv in fields.items()),
                          {"Accept-Language": "en", "Content-Type":
                           "application/x-www-form-urlencoded"})
            problem(self, r, 401, "unauthorized")
            for tok in (self.mem, self.mod, self.noadmin):
                r = bearer(c, tok, m, path, fields)
                d = problem(self, r, 403, "insufficient_scope")
                self.assertIn('scope="admin"',
                              r.headers.get("WWW-Authenticate"))
                self.assertIn("admin", d["detail"])
        r = bearer(c, self.ro, "POST", "/api/v1/admin/categories", f)
        problem(self, r, 403, "insufficient_scope")
        self.assertIn('scope="write"', r.headers.get("WWW-Authenticate"))
        self.assertStatus(bearer(c, self.ro, "GET",
                                 "/api/v1/admin/categories"), 200)
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM categories WHERE slug = '%s'" % slug), "0")
        # the account is no longer an administrator: the scope is dead
        harness.psql("UPDATE users SET role = 'moderator' WHERE id = %d"
                     % self.admin.user_id)
        try:
            problem(self, bearer(c, self.tok, "POST",
                                 "/api/v1/admin/categories", f), 403)
        finally:
            harness.psql("UPDATE users SET role = 'admin' WHERE id = %d"
                         % self.admin.user_id)
        # a browser session: a write needs a second factor from the last
        # 15 minutes, as on the page
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'1 hour' WHERE user_id = %d" % self.admin.user_id)
        try:
            r = self.admin.client.request(
                "POST", "/api/v1/admin/categories",
                "&".join("%s=%s" % kv for kv in f.items()),
                {"Content-Type": "application/x-www-form-urlencoded",
                 "X-CSRF-Token": self.admin.csrf, "Origin":
                 "http://127.0.0.1:%d" % self.port})
            self.assertNotEqual(r.status, 200)
            self.assertEqual(harness.psql(
                "SELECT count(*) FROM categories WHERE slug = '%s'" % slug),
                "0")
        finally:
            harness.psql("UPDATE sessions SET mfa_at = now() WHERE user_id "
                         "= %d" % self.admin.user_id)

    def test_3_categories(self):
        c = self.client()
        slug = uniq("nft-")
        n0 = audits("category-create")
        # bad input: 422 at the fields, nothing stored
        d = problem(self, bearer(c, self.tok, "POST",
                                 "/api/v1/admin/categories",
                                 {"slug": "Bad Slug", "name_ja": ""}), 422,
                    "invalid")
        fields = sorted(e["field"] for e in d["errors"])
        self.assertEqual(fields, ["name_en", "name_ja", "slug"])
        d = problem(self, bearer(c, self.tok, "POST",
                                 "/api/v1/admin/categories",
                                 {"slug": "UPPER_case", "name_ja": "ｘ",
                                  "name_en": "x"}, lang="ja"), 422)
        self.assertEqual(d["errors"][0]["field"], "slug")
        self.assertIn("アドレス名（スラッグ）", d["errors"][0]["detail"])
        self.assertEqual(d["detail"], d["errors"][0]["detail"])
        r = bearer(c, self.tok, "POST", "/api/v1/admin/categories",
                   {"slug": slug, "name_ja": "NFTの質問",
                    "name_en": "NFT questions", "desc_en": "About NFTs."})
        self.assertStatus(r, 200)
        cat = json.loads(r.body)["category"]
        self.assertEqual((cat["slug"], cat["name_en"], cat["archived"]),
                         (slug, "NFT questions", False))
        self.assertEqual(audits("category-create"), n0 + 1)
        pub = json.loads(self.client().get("/api/v1/categories").body)
        self.assertIn(slug, [x["slug"] for x in pub["categories"]])
        # the slug is taken: 409 at the field
        d = problem(self, bearer(c, self.tok, "POST",
                                 "/api/v1/admin/categories",
                                 {"slug": slug, "name_ja": "重複",
                                  "name_en": "Dup"}), 409)
        self.assertEqual(d["errors"][0]["field"], "slug")
        # rename
        r = bearer(c, self.tok, "POST", "/api/v1/admin/categories/%d"
                   % cat["id"], {"slug": slug, "name_ja": "NFT",
                                 "name_en": "NFTs"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["category"]["name_en"], "NFTs")
        self.assertIn("NFTs", self.client().get(
            "/c/%s" % slug, ).body + self.client().get(
            "/api/v1/categories").body)
        problem(self, bearer(c, self.tok, "POST",
                             "/api/v1/admin/categories/999999999",
                             {"slug": uniq("z-"), "name_ja": "z",
                              "name_en": "z"}), 404)
        # move up: one place earlier in the console's order
        def place():
            cats = json.loads(bearer(c, self.ro, "GET",
                                     "/api/v1/admin/categories").body)
            return [x["id"] for x in cats["categories"]].index(cat["id"])
        before = place()
        r = bearer(c, self.tok, "POST", "/api/v1/admin/categories/%d/move"
                   % cat["id"], {"dir": "up"})
        self.assertStatus(r, 200)
        self.assertEqual(place(), before - 1)
        self.assertEqual(audits("category-up") >= 1, True)
        problem(self, bearer(c, self.tok, "POST",
                             "/api/v1/admin/categories/%d/move" % cat["id"],
                             {"dir": "sideways"}), 400)
        # merge: a thread moves, the category is archived
        into = int(harness.psql("SELECT id FROM categories WHERE slug = "
                                "'account'"))
        asker = Session(self, uniq("apiq"), age_days=30, lang="en")
        tid = asker.ask("Can I sell an NFT for JPY directly here?",
                        "I bought an NFT elsewhere and want to sell it for "
                        "JPY on this exchange.", slug)
        d = problem(self, bearer(c, self.tok, "POST",
                                 "/api/v1/admin/categories/%d/merge"
                                 % cat["id"], {"into": str(into)}), 422)
        self.assertEqual(d["errors"][0]["field"], "confirm")
        problem(self, bearer(c, self.tok, "POST",
                             "/api/v1/admin/categories/%d/merge" % cat["id"],
                             {"into": str(cat["id"]), "confirm": "1"}), 409)
        r = bearer(c, self.tok, "POST", "/api/v1/admin/categories/%d/merge"
                   % cat["id"], {"into": str(into), "confirm": "1"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["moved"], 1)
        self.assertEqual(int(harness.psql(
            "SELECT category_id FROM threads WHERE id = %d" % tid)), into)
        self.assertEqual(harness.psql(
            "SELECT archived FROM categories WHERE id = %d" % cat["id"]),
            "t")
        self.assertEqual(audits("category-merge") >= 1, True)
        # restore from the archive, then archive again
        r = bearer(c, self.tok, "POST", "/api/v1/admin/categories/%d/archive"
                   % cat["id"], {"on": "0"})
        self.assertStatus(r, 200)
        self.assertFalse(json.loads(r.body)["category"]["archived"])
        r = bearer(c, self.tok, "POST", "/api/v1/admin/categories/%d/archive"
                   % cat["id"], {"on": "1"})
        self.assertTrue(json.loads(r.body)["category"]["archived"])
        listed = json.loads(bearer(c, self.ro, "GET",
                                   "/api/v1/admin/categories").body)
        self.assertIn(cat["id"], [x["id"] for x in listed["categories"]])

    def test_4_tags(self):
        c = self.client()
        a, b = uniq("tga"), uniq("tgb")
        asker = Session(self, uniq("apit"), age_days=30, lang="en")
        t1 = asker.ask("Which network fee applies to a USDT withdrawal?",
                       "I want to withdraw USDT and do not know which "
                       "network fee applies.", "deposits", a)
        t2 = asker.ask("Is a USDT deposit on Tron credited automatically?",
                       "I sent USDT on the Tron network; will it be "
                       "credited without a ticket?", "deposits", b)
        d = problem(self, bearer(c, self.tok, "POST", "/api/v1/admin/tags",
                                 {"from": "no such tag!", "to": b}), 422)
        self.assertEqual(d["errors"][0]["field"], "from")
        # b is in use: a merge needs confirm (409, nothing changed)
        d = problem(self, bearer(c, self.tok, "POST", "/api/v1/admin/tags",
                                 {"from": a, "to": b}), 409)
        self.assertEqual(d["errors"][0]["field"], "confirm")
        self.assertIn(a, harness.psql(
            "SELECT array_to_string(tags, ' ') FROM threads WHERE id = %d"
            % t1))
        n0 = audits("tag-merge")
        r = bearer(c, self.tok, "POST", "/api/v1/admin/tags",
                   {"from": a, "to": b, "confirm": "1"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["merged"], True)
        for t in (t1, t2):
            self.assertIn(b, harness.psql(
                "SELECT array_to_string(tags, ' ') FROM threads WHERE id = "
                "%d" % t))
        self.assertEqual(audits("tag-merge"), n0 + 1)
        self.assertIn(str(t1), " ".join(re.findall(
            r'href="/t/(\d+)', self.client().get("/tag/%s" % b).body)))

    def test_5_members(self):
        c = self.client()
        name = uniq("apimember")
        u = Session(self, name, age_days=30, lang="en")
        r = bearer(c, self.ro, "GET", "/api/v1/admin/members?q=%s" % name)
        self.assertStatus(r, 200)
        ms = json.loads(r.body)["members"]
        self.assertEqual([(m["id"], m["role"]) for m in ms],
                         [(u.user_id, "user")])
        # staff needs an e-mail address: 409, the role unchanged
        d = problem(self, bearer(c, self.tok, "POST",
                                 "/api/v1/admin/members/%d/role"
                                 % u.user_id, {"role": "staff"}), 409)
        self.assertIn("e-mail", d["detail"])
        problem(self, bearer(c, self.tok, "POST",
                             "/api/v1/admin/members/%d/role" % u.user_id,
                             {"role": "king"}), 400)
        problem(self, bearer(c, self.tok, "POST",
                             "/api/v1/admin/members/999999999/role",
                             {"role": "user"}), 404)
        harness.psql("UPDATE users SET email = '%s@example.jp' WHERE id = %d"
                     % (name, u.user_id))
        n0 = audits("set-role")
        r = bearer(c, self.tok, "POST", "/api/v1/admin/members/%d/role"
                   % u.user_id, {"role": "moderator"})
        self.assertStatus(r, 200)
        self.assertEqual(harness.psql("SELECT role FROM users WHERE id = %d"
                                      % u.user_id), "moderator")
        self.assertEqual(audits("set-role"), n0 + 1)
        # one's own role: refused at the field
        d = problem(self, bearer(c, self.tok, "POST",
                                 "/api/v1/admin/members/%d/role"
                                 % self.admin.user_id, {"role": "user"}),
                    422)
        self.assertEqual(d["errors"][0]["field"], "role")
        # suspend: bad days, no confirm, then done; sessions end
        v = Session(self, uniq("apisus"), age_days=30, lang="en")
        path = "/api/v1/admin/members/%d/suspend" % v.user_id
        d = problem(self, bearer(c, self.tok, "POST", path,
                                 {"reason": "", "days": "0",
                                  "confirm": "1"}), 422)
        self.assertEqual(sorted(e["field"] for e in d["errors"]),
                         ["days", "reason"])
        d = problem(self, bearer(c, self.tok, "POST", path,
                                 {"reason": "Posted a fake support number.",
                                  "days": "7"}), 422)
        self.assertEqual(d["errors"][0]["field"], "confirm")
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions WHERE user_id = %d"
            % v.user_id), "1")
        r = bearer(c, self.tok, "POST", path,
                   {"reason": "Posted a fake support number.", "days": "7",
                    "confirm": "1"})
        self.assertStatus(r, 200)
        d = json.loads(r.body)
        self.assertEqual((d["suspended"], d["days"]), (True, 7))
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM sessions WHERE user_id = %d"
            % v.user_id), "0")
        self.assertEqual(audits("suspend") >= 1, True)
        # suspended already: 409
        problem(self, bearer(c, self.tok, "POST", path,
                             {"reason": "again", "days": "1",
                              "confirm": "1"}), 409)
        # an administrator is not suspended
        problem(self, bearer(c, self.tok, "POST",
                             "/api/v1/admin/members/%d/suspend"
                             % self.admin.user_id,
                             {"reason": "x", "days": "1", "confirm": "1"}),
                409)
        r = bearer(c, self.tok, "POST", "/api/v1/admin/members/%d/restore"
                   % v.user_id, {"reason": "Appeal accepted.",
                                 "confirm": "1"})
        self.assertStatus(r, 200)
        self.assertFalse(json.loads(r.body)["suspended"])
        self.assertEqual(harness.psql(
            "SELECT suspended_until IS NULL OR suspended_until <= now() "
            "FROM users WHERE id = %d" % v.user_id), "t")


if __name__ == "__main__":
    harness.main()
