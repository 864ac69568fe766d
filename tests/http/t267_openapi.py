#!/usr/bin/env python3
"""t267_openapi: /api/v1/openapi.json (assets/api/openapi.json).

Served as checked in, with a strong ETag (304 on If-None-Match) and a
public cache lifetime; OpenAPI 3.1 that Redocly's linter (npm
@redocly/cli, tests/api/package.json, rules in tests/api/redocly.yaml)
passes with no error and no warning; and the route table and the document
name the same operations: every /api/v1 route of app/http/routes.c is
described, and nothing is described that is not routed."""

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "assets", "api", "openapi.json")
API = os.path.join(ROOT, "tests", "api")
REDOCLY = os.path.join(API, "node_modules", ".bin", "redocly")
ROUTE_RE = re.compile(r'\{\s*M_(GET|POST|DELETE|HEAD)\s*,\s*"(/api/v1/[^"]*)"')


def routed():
    """(method, OpenAPI path) of every /api/v1 route in the route table."""
    with open(os.path.join(ROOT, "app", "http", "routes.c"),
              encoding="utf-8") as f:
        src = f.read()
    out = set()
    for m, path in ROUTE_RE.findall(src):
        out.add((m.lower(), re.sub(r":(\w+)", r"{\1}", path)))
    return out


def described(doc):
    out = set()
    for path, item in doc["paths"].items():
        for m in item:
            if m in ("get", "post", "delete", "put", "patch", "head"):
                out.add((m, path))
    return out


class OpenApi(harness.ServerTest):

    def test_served_with_caching(self):
        c = self.client()
        r = c.get("/api/v1/openapi.json")
        self.assertStatus(r, 200)
        self.assertTrue(r.content_type.startswith("application/json"))
        with open(DOC, encoding="utf-8") as f:
            self.assertEqual(json.loads(r.body), json.load(f))
        self.assertIn("public", r.headers.get("Cache-Control"))
        etag = r.headers.get("ETag")
        self.assertRegex(etag, r'^"[0-9a-f]{32}"$')
        r = c.get("/api/v1/openapi.json", headers={"If-None-Match": etag})
        self.assertStatus(r, 304)
        self.assertEqual(r.body, "")
        r = c.get("/api/v1/openapi.json", headers={"If-None-Match": '"x"'})
        self.assertStatus(r, 200)

    def test_routes_and_document_agree(self):
        with open(DOC, encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(doc["openapi"], "3.1.0")
        rt, dc = routed(), described(doc)
        self.assertGreater(len(rt), 20)
        self.assertEqual(sorted(rt - dc), [], "routed, not described")
        self.assertEqual(sorted(dc - rt), [], "described, not routed")
        # every documented operation is answered by a route, not the
        # event loop's "no such address" (404 or 405 with Allow)
        c = self.client()
        for m, path in sorted(dc):
            url = re.sub(r"\{kind\}", "held", re.sub(r"\{id\}", "1", path))
            r = c.request(m.upper(), url, b"" if m != "get" else None,
                          {"Content-Type":
                           "application/x-www-form-urlencoded"}
                          if m != "get" else None)
            self.assertNotEqual(r.status, 405, "%s %s" % (m, url))
            if r.status == 404:
                # a handler's 404 (no such thread): problem details
                self.assertIn("problem+json", r.content_type, url)

    def test_lint(self):
        self.assertTrue(os.path.exists(REDOCLY),
                        "run: (cd tests/api && npm ci)")
        p = subprocess.run(
            [REDOCLY, "lint", "--config",
             os.path.join(API, "redocly.yaml"), "--format=json", DOC],
            cwd=API, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout[-3000:] + p.stderr[-2000:])
        out = json.loads(p.stdout[p.stdout.index("{"):])
        self.assertEqual(out["totals"]["errors"], 0, out["problems"][:5])
        self.assertEqual(out["totals"]["warnings"], 0, out["problems"][:5])
        # the linter does fail a broken document
        bad = os.path.join(harness.test_dir(), "openapi-broken.json")
        with open(DOC, encoding="utf-8") as f:
            doc = json.load(f)
        doc["paths"]["/api/v1/threads"]["get"]["responses"]["200"] = {
            "$ref": "#/components/responses/NoSuchResponse"}
        doc["paths"]["/api/v1/categories"]["get"]["parameters"] = [
            {"name": "x", "in": "nowhere"}]
        with open(bad, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        p = subprocess.run(
            [REDOCLY, "lint", "--config",
             os.path.join(API, "redocly.yaml"), "--format=json", bad],
            cwd=API, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, timeout=120)
        self.assertNotEqual(p.returncode, 0)
        out = json.loads(p.stdout[p.stdout.index("{"):])
        self.assertGreaterEqual(out["totals"]["errors"], 2, out)


if __name__ == "__main__":
    harness.main()
