#!/usr/bin/env python3
"""t353_api_coverage: everything a page can change is in /api/v1.

Walks the route table (app/http/routes.c) and checks that every page
route that changes state (POST with R_CSRF, not itself under /api/) has
its JSON twin, named in TWINS and present in the table as an R_API
route with the same fields and a role no lower than the page's, or is
in EXCEPTIONS with the reason it has none.  Both lists must stay true:
an entry for a route that is gone, a twin that is not routed, a route
in both lists, each fails.  docs/api.md, "What a token can do"."""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ROUTE_RE = re.compile(
    r'\{\s*M_(GET|POST|DELETE)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*'
    r'(FIELDS\((\w+)\)|NOFIELDS)\s*,\s*(ROLE_\w+)\s*,\s*([^,]+),')
ROLES = ["ROLE_ANY", "ROLE_USER", "ROLE_STAFF", "ROLE_MODERATOR",
         "ROLE_ADMIN"]

# page route -> its twin under /api/v1 ("METHOD path")
TWINS = {
    "/t/:id/answer": "POST /api/v1/threads/:id/answers",
    "/t/:id/state": "POST /api/v1/threads/:id/state",
    "/ask": "POST /api/v1/threads",
    "/p/:id/edit": "POST /api/v1/posts/:id",
    "/p/:id/vote": "POST /api/v1/posts/:id/vote",
    "/p/:id/accept": "POST /api/v1/posts/:id/accept",
    "/p/:id/verify": "POST /api/v1/posts/:id/verify",
    "/p/:id/flag": "POST /api/v1/posts/:id/flag",
    "/t/:id/watch": "POST /api/v1/threads/:id/watch",
    "/tag/:tag/watch": "POST /api/v1/tags/:tag/watch",
    "/c/:slug/watch": "POST /api/v1/categories/:slug/watch",
    "/notifications/read": "POST /api/v1/notifications/read",
    "/notifications/:id/read": "POST /api/v1/notifications/:id/read",
    "/u/:id/unlock": "POST /api/v1/mod/users/:id/unlock",
    "/mod/appeals/:id": "POST /api/v1/mod/appeals/:id",
    "/mod/post/:id": "POST /api/v1/mod/posts/:id/decide",
    "/mod/bulk": "POST /api/v1/mod/bulk",
    "/mod/user/:id/purge": "POST /api/v1/mod/users/:id/purge",
    "/mod/campaign": "POST /api/v1/mod/campaign",
    "/mod/log/:id/undo": "POST /api/v1/mod/log/:id/undo",
    "/mod/limits": "POST /api/v1/mod/limits/reset",
    "/mod/rules/reload": "POST /api/v1/mod/rules/reload",
    "/mod/rules/train": "POST /api/v1/mod/rules/train",
    "/admin/lists": "POST /api/v1/admin/lists",
    "/admin/lists/:id/delete": "DELETE /api/v1/admin/lists/:id",
    "/admin/categories": "POST /api/v1/admin/categories",
    "/admin/categories/:id": "POST /api/v1/admin/categories/:id",
    "/admin/categories/:id/move": "POST /api/v1/admin/categories/:id/move",
    "/admin/categories/:id/archive":
        "POST /api/v1/admin/categories/:id/archive",
    "/admin/categories/:id/merge": "POST /api/v1/admin/categories/:id/merge",
    "/admin/tags": "POST /api/v1/admin/tags",
    "/admin/tags/synonyms": "POST /api/v1/admin/tags/synonyms",
    "/admin/tags/synonyms/remove":
        "POST /api/v1/admin/tags/synonyms/remove",
    "/admin/members/:id/role": "POST /api/v1/admin/members/:id/role",
    "/admin/members/:id/suspend": "POST /api/v1/admin/members/:id/suspend",
    "/admin/members/:id/restore": "POST /api/v1/admin/members/:id/restore",
    "/admin/settings": "POST /api/v1/admin/settings",
    "/admin/webhooks": "POST /api/v1/admin/webhooks",
    "/admin/webhooks/:id/enable": "POST /api/v1/admin/webhooks/:id/enable",
    "/admin/webhooks/:id/delete": "DELETE /api/v1/admin/webhooks/:id",
    "/t/:id/triage": "POST /api/v1/threads/:id/triage",
    "/t/:id/promote": "POST /api/v1/threads/:id/promote",
    "/kb/new": "POST /api/v1/kb",
    "/kb/:slug/edit": "POST /api/v1/kb/:slug",
    "/kb/:slug/helpful": "POST /api/v1/kb/:slug/helpful",
    "/kb/:slug/review": "POST /api/v1/kb/:slug/review",
    "/settings/profile": "POST /api/v1/me/profile",
    "/settings/notifications": "POST /api/v1/me/notification-settings",
    "/p/:id/appeal": "POST /api/v1/posts/:id/appeal",
    "/t/:id/escalate": "POST /api/v1/threads/:id/escalate",
    "/support/:id/reply": "POST /api/v1/support/:id/replies",
    "/support/:id/state": "POST /api/v1/support/:id/state",
    "/staff/desk/claim": "POST /api/v1/staff/desk/claim",
}

# The same list, with its reasons, is in docs/api.md ("Not in the API").
SIGN_IN = "signing in makes the session a token is made from"
CREDENTIAL = ("changes how the account signs in: a token, once leaked, "
              "must not be able to take the account over")
EXCEPTIONS = {
    "/lang": "the browser's language cookie; the API follows "
             "Accept-Language",
    "/register": SIGN_IN, "/login": SIGN_IN, "/login/2fa": SIGN_IN,
    "/login/verify": SIGN_IN, "/login/oidc/new": SIGN_IN,
    "/logout": "ends the browser session; a token is revoked on "
               "/settings/tokens",
    "/login/forgot": CREDENTIAL, "/login/reset": CREDENTIAL,
    "/settings/email": CREDENTIAL, "/settings/password": CREDENTIAL,
    "/settings/2fa": CREDENTIAL, "/settings/2fa/recovery": CREDENTIAL,
    "/settings/2fa/off": CREDENTIAL, "/settings/oidc/confirm": CREDENTIAL,
    "/settings/oidc/link": CREDENTIAL, "/settings/oidc/unlink": CREDENTIAL,
    "/settings/sessions/revoke-all": CREDENTIAL,
    "/settings/sessions/:id/revoke": CREDENTIAL,
    "/settings/tokens": "a token never makes tokens (made after a second "
                        "factor, in the browser)",
    "/settings/tokens/:id/revoke": CREDENTIAL,
    "/appeal/suspension": "a suspended account's tokens do not work; the "
                          "signed link of the notice is the authority",
}


def routes():
    with open(os.path.join(ROOT, "app", "http", "routes.c"),
              encoding="utf-8") as f:
        src = f.read()
    src = src[src.index("static const struct route routes[]"):]
    out = []
    for m, path, fn, _, fields, role, flags in ROUTE_RE.findall(src):
        out.append({"method": m, "path": path, "fn": fn,
                    "fields": fields or None, "role": role,
                    "flags": {x.strip() for x in flags.split("|")}})
    return out


class Coverage(unittest.TestCase):

    def setUp(self):
        self.rt = routes()
        self.api = {"%s %s" % (r["method"], r["path"]): r for r in self.rt
                    if "R_API" in r["flags"]}

    def test_table_is_read(self):
        # the pattern reads the whole table (about 220 routes)
        self.assertGreater(len(self.rt), 200)
        self.assertGreater(len(self.api), 60)

    def test_every_page_change_has_a_twin_or_a_reason(self):
        pages = [r for r in self.rt if r["method"] != "GET" and
                 "R_CSRF" in r["flags"] and "R_API" not in r["flags"]]
        self.assertGreater(len(pages), 60)
        missing = [r["path"] for r in pages
                   if r["path"] not in TWINS and r["path"] not in EXCEPTIONS]
        self.assertEqual(missing, [], "state-changing pages with no API "
                         "twin and no reason")
        both = sorted(set(TWINS) & set(EXCEPTIONS))
        self.assertEqual(both, [])
        names = {r["path"] for r in pages}
        self.assertEqual(sorted(set(TWINS) - names), [], "stale TWINS")
        self.assertEqual(sorted(set(EXCEPTIONS) - names), [],
                         "stale EXCEPTIONS")
        for reason in EXCEPTIONS.values():
            self.assertGreater(len(reason), 20)

    def test_twins_are_routed_with_the_pages_checks(self):
        pages = {r["path"]: r for r in self.rt if r["method"] == "POST" and
                 "R_API" not in r["flags"]}
        for page, twin in sorted(TWINS.items()):
            with self.subTest(page=page):
                self.assertIn(twin, self.api, "twin not routed")
                a, p = self.api[twin], pages[page]
                self.assertIn("R_CSRF", a["flags"])
                # a second factor on the page is one on the API too (a
                # scope that stands for it, http/dispatch.c)
                if "R_FRESH2FA" in p["flags"]:
                    self.assertIn("R_FRESH2FA", a["flags"])
                self.assertGreaterEqual(ROLES.index(a["role"]),
                                        ROLES.index(p["role"]))
                # the same declared fields where the page has any
                # (the API's own table for answers, asks, edits, ...)
                if p["fields"] and a["fields"] and \
                        not a["fields"].startswith("f_api"):
                    self.assertEqual(a["fields"], p["fields"])

    def test_docs_list_the_exceptions(self):
        with open(os.path.join(ROOT, "docs", "api.md"),
                  encoding="utf-8") as f:
            doc = f.read()
        sec = doc[doc.index("## Not in the API"):]
        for page in EXCEPTIONS:
            self.assertIn("`%s`" % page, sec)


if __name__ == "__main__":
    harness.main()
