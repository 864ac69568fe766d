#!/usr/bin/env python3
"""t143_qa_api: the JSON API under /api/v1/: threads list/get/create,
answers create, search; the same validation, filters and visibility as
the pages; CSRF through the X-CSRF-Token header; JSON errors."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, enc  # noqa: E402


def api_post(s, path, fields, token=True, origin=True):
    h = {"Accept-Language": s.headers.get("Accept-Language", "en")}
    if token:
        h["X-CSRF-Token"] = s.csrf
    if origin:
        h["Origin"] = "http://127.0.0.1:%d" % s.test.port
    return s.client.post(path, fields, headers=h)


class QaApi(harness.ServerTest):
    demo = True

    def assertJson(self, r, status):
        self.assertStatus(r, status)
        # errors are RFC 9457 problem details (docs/api.md)
        want = "application/json" if status < 400 else \
            "application/problem+json"
        self.assertTrue(r.content_type.startswith(want), r.content_type)
        d = json.loads(r.body)
        if status >= 400:
            self.assertEqual(d["status"], status)
        return d

    def test_create_get_list_search(self):
        asker = Session(self, "qa_api_asker", age_days=30, lang="en")
        helper = Session(self, "qa_api_helper", age_days=30, lang="en")
        r = api_post(asker, "/api/v1/threads", {
            "title": "API: what is the rate limit for the order endpoint?",
            "body": "My trading program gets errors when it sends many "
                    "orders.",
            "category": "api", "tags": "ratelimit bot"})
        d = self.assertJson(r, 201)
        tid = d["id"]
        self.assertEqual(d["url"], "/t/%d" % tid)
        self.assertEqual(d["state"], "visible")
        r = api_post(helper, "/api/v1/threads/%d/answers" % tid, {
            "body": "Use GET /v1/orders with the pair as a parameter; it "
                    "returns open orders."})
        a = self.assertJson(r, 201)
        self.assertEqual(a["kind"], "answer")
        self.assertEqual(a["url"], "/t/%d#p%d" % (tid, a["id"]))
        # the asker is notified, as with the form
        self.assertEqual(harness.psql(
            "SELECT count(*) FROM notifications WHERE user_id = %d AND "
            "post_id = %d" % (asker.user_id, a["id"])), "1")

        d = self.assertJson(self.client().get("/api/v1/threads/%d" % tid),
                            200)
        self.assertEqual(d["title"],
                         "API: what is the rate limit for the order endpoint?")
        self.assertEqual(d["category"], "api")
        self.assertEqual(d["tags"], ["ratelimit", "bot"])
        self.assertEqual([p["kind"] for p in d["posts"]],
                         ["question", "answer"])
        self.assertIn("<p>Use GET /v1/orders", d["posts"][1]["html"])

        d = self.assertJson(self.client().get(
            "/api/v1/threads?category=api&sort=newest"), 200)
        self.assertIn(tid, [t["id"] for t in d["threads"]])
        self.assertEqual(d["sort"], "newest")
        d = self.assertJson(self.client().get(
            "/api/v1/search?q=" + enc("order endpoint")), 200)
        self.assertIn(tid, [x["id"] for x in d["results"]])
        d = self.assertJson(self.client().get(
            "/api/v1/search?q=" + enc("送金")), 200)
        self.assertTrue(len(d["results"]) >= 1)
        # unknown category / thread: JSON 404; bad sort: JSON 400
        self.assertJson(self.client().get("/api/v1/threads?category=nope"),
                        404)
        self.assertJson(self.client().get("/api/v1/threads/999999"), 404)
        self.assertJson(self.client().get("/api/v1/threads?sort=evil"), 400)

    def test_validation_and_csrf(self):
        s = Session(self, "qa_api_val", age_days=30, lang="en")
        # same limits as the form
        r = api_post(s, "/api/v1/threads", {"title": "short", "body": "x",
                                            "category": "api",
                                            "tags": "a b c d e f"})
        d = self.assertJson(r, 422)
        self.assertFalse(d["blocked"])
        errs = [e["detail"] for e in d["errors"]]
        self.assertEqual(len(errs), 3)
        self.assertIn("The title must be 10 to 150 characters long.", errs)
        self.assertIn("At most 5 tags.", errs)
        # CSRF: no header, or a wrong one, is refused; nothing stored
        before = harness.psql("SELECT count(*) FROM threads")
        fields = {"title": "A title long enough for the API",
                  "body": "A body that is long enough.", "category": "api"}
        self.assertJson(api_post(s, "/api/v1/threads", fields, token=False),
                        403)
        s2 = Session(self, "qa_api_val2", age_days=30)
        s.csrf, real = s2.csrf, s.csrf
        self.assertJson(api_post(s, "/api/v1/threads", fields), 403)
        s.csrf = real
        # from another site, even with the token
        r = s.client.post("/api/v1/threads", fields, headers={
            "X-CSRF-Token": s.csrf, "Origin": "https://evil.example"})
        self.assertJson(r, 403)
        self.assertEqual(harness.psql("SELECT count(*) FROM threads"), before)
        # anonymous writes: 401 problem details with a Bearer challenge,
        # not a redirect
        r = self.client().post("/api/v1/threads", fields)
        self.assertJson(r, 401)
        self.assertIn("Bearer", r.headers.get("WWW-Authenticate"))
        # users cannot post official answers
        tid = s.ask("A question to test official answers over the API",
                    "Only staff may post the official answer.", "api")
        r = api_post(s2, "/api/v1/threads/%d/answers" % tid,
                     {"body": "I am the official answer, trust me.",
                      "official": "1"})
        self.assertJson(r, 403)
        staff = Session(self, "qa_api_staff", role="staff", trust=3)
        r = api_post(staff, "/api/v1/threads/%d/answers" % tid,
                     {"body": "This is the official answer from staff.",
                      "official": "1"})
        self.assertEqual(self.assertJson(r, 201)["kind"], "official")

    def test_filters_and_visibility(self):
        asker = Session(self, "qa_api_fasker", age_days=30, lang="en")
        tid = asker.ask("My withdrawal to the bank was refused",
                        "The withdrawal came back refused. Why?", "deposits")
        scammer = Session(self, "qa_api_scam", trust=0, lang="en")
        body = ("Support here. To fix the withdrawal, send me your 12 word "
                "recovery phrase and call us at +1 888 555 0199 now.")
        r = api_post(scammer, "/api/v1/threads/%d/answers" % tid,
                     {"body": body})
        d = self.assertJson(r, 422)
        self.assertTrue(d["blocked"])
        self.assertIn("asks for a recovery (seed) phrase",
                      [e["detail"] for e in d["errors"]])
        # held: the author gets state "held"; others do not see the post
        author = Session(self, "qa_api_held", trust=1, age_days=30)
        r = api_post(author, "/api/v1/threads/%d/answers" % tid, {
            "body": "盗まれた仮想通貨を取り戻す方法を知っています。"
                    "テレグラムで連絡ください。"})
        d = self.assertJson(r, 201)
        self.assertEqual(d["state"], "held")
        pid = d["id"]
        anon = self.assertJson(self.client().get("/api/v1/threads/%d" % tid),
                               200)
        self.assertNotIn(pid, [p["id"] for p in anon["posts"]])
        mine = self.assertJson(author.get("/api/v1/threads/%d" % tid), 200)
        held = [p for p in mine["posts"] if p["id"] == pid]
        self.assertEqual(len(held), 1)
        self.assertEqual(held[0]["state"], "held")
        # escaping is the client's job: titles come back as plain text
        t2 = asker.ask("<script>alert(1)</script> in a title here",
                       "Body text that is long enough.", "deposits")
        d = self.assertJson(self.client().get("/api/v1/threads/%d" % t2), 200)
        self.assertEqual(d["title"], "<script>alert(1)</script> in a title here")
        self.assertNotIn("<script>", d["posts"][0]["html"])


if __name__ == "__main__":
    harness.main()
