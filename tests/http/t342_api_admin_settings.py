#!/usr/bin/env python3
"""t342_api_admin_settings: the site settings and the moderation lists
through the JSON API (docs/api.md, "Admin actions"): GET and POST
/api/v1/admin/settings, GET and POST /api/v1/admin/lists, DELETE
/api/v1/admin/lists/:id.

Success with an admin token and its effect (the layout's name on every
page, the entry in the list and in audit_log, gone after the delete);
401 without a token; 403 insufficient_scope for a member's and a
moderator's token on the writes (a moderator reads the lists, as on the
page); bad input as 422 problem details at the field, in Japanese and
English, and nothing saved."""

import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from api_util import bearer, console_tokens, problem  # noqa: E402


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:6])


def audits(action):
    return int(harness.psql("SELECT count(*) FROM audit_log WHERE action = "
                            "'%s'" % action))


class ApiAdminSettings(harness.ServerTest):
    demo = True

    def setUp(self):
        if not hasattr(ApiAdminSettings, "tok"):
            for k, v in vars(console_tokens(self, uniq("apiset"))).items():
                setattr(ApiAdminSettings, k, v)

    def test_1_settings(self):
        c = self.client()
        problem(self, c.request("GET", "/api/v1/admin/settings", None,
                                {"Accept-Language": "en"}), 401,
                "unauthorized")
        problem(self, bearer(c, self.mod, "GET", "/api/v1/admin/settings"),
                403, "insufficient_scope")
        problem(self, bearer(c, self.mod, "POST", "/api/v1/admin/settings",
                             {"name_ja": "x", "name_en": "x"}), 403,
                "insufficient_scope")
        r = bearer(c, self.tok, "GET", "/api/v1/admin/settings")
        self.assertStatus(r, 200)
        before = json.loads(r.body)["settings"]
        try:
            # bad input: 422 at the fields, nothing saved
            d = problem(self, bearer(c, self.tok, "POST",
                                     "/api/v1/admin/settings",
                                     {"name_ja": "長" * 61, "name_en": "ok",
                                      "logo": "https://evil.example/x.png"},
                                     lang="ja"), 422, "invalid")
            self.assertEqual(sorted(e["field"] for e in d["errors"]),
                             ["logo", "name_ja"])
            self.assertIn("60", [e for e in d["errors"]
                                 if e["field"] == "name_ja"][0]["detail"])
            d = problem(self, bearer(c, self.tok, "POST",
                                     "/api/v1/admin/settings",
                                     {"name_ja": "ok", "name_en": "ok",
                                      "logo": "/uploads/" + "ab" * 32 +
                                      ".png"}), 422)
            self.assertEqual(d["errors"][0]["field"], "logo")
            self.assertIn("upload it first", d["errors"][0]["detail"])
            self.assertEqual(json.loads(bearer(
                c, self.tok, "GET", "/api/v1/admin/settings").body)
                ["settings"]["version"], before["version"])
            n0 = audits("site-settings")
            r = bearer(c, self.tok, "POST", "/api/v1/admin/settings",
                       {"name_ja": "暗号資産サポート相談室",
                        "name_en": "Crypto Help Desk", "logo": ""})
            self.assertStatus(r, 200)
            s = json.loads(r.body)["settings"]
            self.assertEqual((s["name_ja"], s["name_en"], s["logo"]),
                             ("暗号資産サポート相談室", "Crypto Help Desk",
                              None))
            self.assertGreater(s["version"], before["version"])
            self.assertGreaterEqual(audits("site-settings"), n0 + 1)
            # every page shows it within a few seconds (the poller)
            harness.wait_until(lambda: "Crypto Help Desk" in self.client().get(
                "/login", headers={"Accept-Language": "en"}).body, 10,
                what="the new name in the layout")
        finally:
            harness.psql("UPDATE site_settings SET name_ja = %s, name_en = "
                         "%s, logo = '', version = version + 1" % (
                             "'" + before["name_ja"].replace("'", "''") + "'",
                             "'" + before["name_en"].replace("'", "''") + "'"))

    def test_2_lists(self):
        c = self.client()
        dom = uniq("api-scam-") + ".example"
        problem(self, c.request("GET", "/api/v1/admin/lists", None,
                                {"Accept-Language": "en"}), 401)
        # moderators read the lists, as on the page, but do not change them
        self.assertStatus(bearer(c, self.mod, "GET", "/api/v1/admin/lists"),
                          200)
        r = bearer(c, self.mod, "POST", "/api/v1/admin/lists",
                   {"list": "block_domain", "value": dom})
        problem(self, r, 403, "insufficient_scope")
        self.assertIn('scope="admin"', r.headers.get("WWW-Authenticate"))
        n0 = audits("list-add")
        # bad values: 422 at the field, in the reader's language
        for lst, val, lang, msg in (
                ("block_domain", "not a domain", "ja", "登録できるドメイン名"),
                ("block_domain", "exchange.example", "en",
                 "is on the allow list"),
                ("official_phone", "call me", "en",
                 "This is not a phone number")):
            d = problem(self, bearer(c, self.tok, "POST",
                                     "/api/v1/admin/lists",
                                     {"list": lst, "value": val},
                                     lang=lang), 422)
            self.assertEqual(d["errors"][0]["field"], "value")
            self.assertIn(msg, d["errors"][0]["detail"])
        problem(self, bearer(c, self.tok, "POST", "/api/v1/admin/lists",
                             {"list": "no_list", "value": dom}), 400)
        self.assertEqual(audits("list-add"), n0)
        # added, normalized, listed, in audit_log; a duplicate is refused
        r = bearer(c, self.tok, "POST", "/api/v1/admin/lists",
                   {"list": "block_domain", "value": dom.upper(),
                    "note": "fake support site"})
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body), {
            "list": "block_domain", "value": dom, "added": True})
        self.assertEqual(audits("list-add"), n0 + 1)
        problem(self, bearer(c, self.tok, "POST", "/api/v1/admin/lists",
                             {"list": "block_domain", "value": dom}), 422)
        es = json.loads(bearer(c, self.mod, "GET",
                               "/api/v1/admin/lists").body)["entries"]
        mine = [e for e in es if e["value"] == dom]
        self.assertEqual(len(mine), 1)
        self.assertEqual((mine[0]["list"], mine[0]["note"],
                          mine[0]["created_by"]),
                         ("block_domain", "fake support site",
                          harness.psql("SELECT username FROM users WHERE "
                                       "id = %d" % self.admin.user_id)))
        # delete: a moderator may not; then gone; again 404
        path = "/api/v1/admin/lists/%d" % mine[0]["id"]
        problem(self, bearer(c, self.mod, "DELETE", path), 403,
                "insufficient_scope")
        problem(self, c.request("DELETE", path, None,
                                {"Accept-Language": "en"}), 401)
        r = bearer(c, self.tok, "DELETE", path)
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["deleted"], True)
        es = json.loads(bearer(c, self.tok, "GET",
                               "/api/v1/admin/lists").body)["entries"]
        self.assertNotIn(dom, [e["value"] for e in es])
        problem(self, bearer(c, self.tok, "DELETE", path), 404)


if __name__ == "__main__":
    harness.main()
