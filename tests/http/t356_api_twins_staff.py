#!/usr/bin/env python3
"""t356_api_twins_staff: the JSON twins of the staff's knowledge-base and
triage pages (docs/api.md): POST /api/v1/threads/:id/triage and
/promote, POST /api/v1/kb, /kb/:slug, /kb/:slug/helpful, /kb/:slug/review,
and the reads GET /api/v1/kb and /api/v1/kb/:slug.

Each succeeds for staff with a write token and is read back (through the
page, the API or the row); a member's token gets 403 forbidden, a
read-only token 403 insufficient_scope, no credentials 401; a staff
account demoted since its token was made gets 403 (the role is read at
every use); bad input 400 or 422 with the field named; an unknown slug
or thread 404; a stale revision 409 stale_revision with the current one
in X-Current-Revision; a withheld article is staff's only.  A browser
session needs its CSRF token under /api/ too."""

import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from api_util import bearer, db_token, problem  # noqa: E402
from qa_util import Session, q  # noqa: E402


def uniq(p):
    return "%s%s" % (p, uuid.uuid4().hex[:8])


def count(sql):
    return int(harness.psql(sql).splitlines()[0])


class ApiTwinsStaff(harness.ServerTest):
    demo = True

    def setUp(self):
        if hasattr(ApiTwinsStaff, "staff"):
            return
        c = ApiTwinsStaff
        c.staff_s = Session(self, uniq("tw_st"), role="staff", trust=3,
                            display="Twin Staff")
        c.staff = db_token(c.staff_s.user_id, "read write")
        c.staff_ro = db_token(c.staff_s.user_id, "read")
        c.member_s = Session(self, uniq("tw_mb"), age_days=30)
        c.member = db_token(c.member_s.user_id, "read write")

    def solved_thread(self, word):
        tid = self.member_s.ask("How do I get back %s sent on the wrong "
                                "network?" % word,
                                "I sent USDT on the wrong network by "
                                "mistake. %s details." % word, tags="usdt")
        self.staff_s.answer(tid, "Official steps for %s: open a request "
                            "from the app only." % word, official=True)
        return tid

    def create(self, word, **extra):
        f = {"title": "Freeze the account %s" % word,
             "body": "Open the app, then Security, then Freeze. %s" % word,
             "category": "deposits", "tags": "2fa 送金"}
        f.update(extra)
        r = bearer(self.client(), self.staff, "POST", "/api/v1/kb", f)
        self.assertStatus(r, 201, r.body)
        return json.loads(r.body)

    def test_1_triage(self):
        c = self.client()
        tid = self.member_s.ask("How do I change my %s nickname?"
                                % uniq("tri"), "Where in the settings is "
                                "the nickname of my account?")
        path = "/api/v1/threads/%d/triage" % tid
        logs = count("SELECT count(*) FROM mod_log WHERE target_id = %d"
                     % tid)
        # refused: a member, a read-only token, no credentials, bad input
        d = problem(self, bearer(c, self.member, "POST", path,
                                 {"class": "urgent"}), 403, "forbidden")
        d = problem(self, bearer(c, self.member, "POST", path,
                                 {"class": "urgent"}, lang="ja"), 403)
        self.assertEqual(d["title"], "許可されていません")
        problem(self, bearer(c, self.staff_ro, "POST", path,
                             {"class": "urgent"}), 403, "insufficient_scope")
        problem(self, c.request("POST", path, "class=urgent", {
            "Content-Type": "application/x-www-form-urlencoded"}), 401)
        d = problem(self, bearer(c, self.staff, "POST", path,
                                 {"class": "panic"}), 400)
        self.assertEqual(d["errors"][0]["field"], "class")
        problem(self, bearer(c, self.staff, "POST", path, {}), 400)
        problem(self, bearer(c, self.staff, "POST",
                             "/api/v1/threads/999999999/triage",
                             {"class": "urgent"}), 404, "not_found")
        self.assertNotEqual(harness.psql("SELECT triage_class FROM threads "
                                         "WHERE id = %d" % tid), "urgent")
        # staff: corrected, logged, shown to staff on the thread page
        r = bearer(c, self.staff, "POST", path,
                   {"class": "urgent", "note": "lost funds, says the body"})
        self.assertStatus(r, 200, r.body)
        d = json.loads(r.body)
        self.assertEqual((d["thread_id"], d["class"], d["changed"]),
                         (tid, "urgent", True))
        self.assertIn("auto_class", d)
        self.assertIsInstance(d["reasons"], list)
        self.assertEqual(harness.psql("SELECT triage_class FROM threads "
                                      "WHERE id = %d" % tid), "urgent")
        self.assertEqual(count("SELECT count(*) FROM mod_log WHERE "
                               "target_id = %d" % tid), logs + 1)
        page = self.staff_s.get("/t/%d" % tid)
        self.assertIn("tag-triage-urgent", page.body)
        # the same class again changes nothing
        d = json.loads(bearer(c, self.staff, "POST", path,
                              {"class": "urgent"}).body)
        self.assertFalse(d["changed"])
        # a staff account demoted since: its token is refused at once
        ex = Session(self, uniq("tw_ex"), role="staff", trust=3)
        tok = db_token(ex.user_id, "read write")
        harness.psql("UPDATE users SET role = 'user' WHERE id = %d"
                     % ex.user_id)
        problem(self, bearer(c, tok, "POST", path, {"class": "low"}), 403)
        self.assertEqual(harness.psql("SELECT triage_class FROM threads "
                                      "WHERE id = %d" % tid), "urgent")

    def test_2_promote(self):
        c = self.client()
        word = uniq("twp")
        tid = self.solved_thread(word)
        path = "/api/v1/threads/%d/promote" % tid
        problem(self, bearer(c, self.member, "POST", path, {}), 403)
        problem(self, bearer(c, self.staff_ro, "POST", path, {}), 403,
                "insufficient_scope")
        self.assertEqual(count("SELECT count(*) FROM kb_articles WHERE "
                               "source_thread = %d" % tid), 0)
        r = bearer(c, self.staff, "POST", path, {})
        self.assertStatus(r, 201, r.body)
        a = json.loads(r.body)
        self.assertEqual(a["source_thread"], tid)
        self.assertEqual(a["revision"], 1)
        self.assertIn("Official steps for %s" % word, a["body_md"])
        self.assertIn("%s details" % word, a["question_md"])
        self.assertEqual(a["url"], "/kb/" + a["slug"])
        self.assertEqual(a["tags"], ["usdt"])
        # again: the same article, 200
        r = bearer(c, self.staff, "POST", path, {})
        self.assertStatus(r, 200, r.body)
        self.assertEqual(json.loads(r.body)["slug"], a["slug"])
        self.assertEqual(count("SELECT count(*) FROM kb_articles WHERE "
                               "source_thread = %d" % tid), 1)
        # read back: the public page and the API, signed out
        page = self.client().get(a["url"])
        self.assertHtmlPage(page, 200)
        self.assertIn("Official steps for %s" % word, page.body)
        g = self.client().get("/api/v1/kb/" + a["slug"])
        self.assertStatus(g, 200)
        self.assertEqual(json.loads(g.body)["body_html"], a["body_html"])
        self.assertNotIn("needs_review", json.loads(g.body))
        # no official or verified answer: 409; no such thread: 404
        t2 = self.member_s.ask("Why is my %s deposit still pending?"
                               % uniq("twu"), "Pending for a day now, "
                               "what can I do?")
        d = problem(self, bearer(c, self.staff, "POST",
                                 "/api/v1/threads/%d/promote" % t2, {}),
                    409)
        self.assertIn("official", d["detail"])
        problem(self, bearer(c, self.staff, "POST",
                             "/api/v1/threads/999999999/promote", {}), 404)

    def test_3_create_and_edit(self):
        c = self.client()
        # fields to correct, named
        d = problem(self, bearer(c, self.staff, "POST", "/api/v1/kb",
                                 {"title": "Short", "body": "tiny"}), 422,
                    "invalid")
        self.assertEqual(sorted(e["field"] for e in d["errors"]),
                         ["body", "category", "title"])
        d = problem(self, bearer(c, self.staff, "POST", "/api/v1/kb",
                                 {"title": "A title long enough",
                                  "body": "A body long enough here.",
                                  "category": "no-such-" + uniq("")},
                                 lang="ja"), 422)
        self.assertEqual(d["errors"][0]["field"], "category")
        self.assertEqual(d["detail"], "そのカテゴリーはありません。")
        word = uniq("twn")
        problem(self, bearer(c, self.member, "POST", "/api/v1/kb", {
            "title": "A member's article %s" % word, "body": "x" * 30,
            "category": "deposits"}), 403)
        problem(self, bearer(c, self.staff_ro, "POST", "/api/v1/kb", {
            "title": "A read-only article %s" % word, "body": "x" * 30,
            "category": "deposits"}), 403, "insufficient_scope")
        self.assertEqual(count("SELECT count(*) FROM kb_articles WHERE "
                               "title LIKE %s" % q("%" + word + "%")), 0)
        a = self.create(word)
        self.assertRegex(a["slug"], r"^freeze-the-account-%s-\d+$" % word)
        self.assertEqual((a["revision"], a["lang"], a["category"]),
                         (1, "en", "deposits"))
        self.assertEqual(a["tags"], ["2fa", "送金"])
        self.assertIsNone(a["source_thread"])
        self.assertEqual(a["author"], "Twin Staff")
        page = self.client().get(a["url"])
        self.assertHtmlPage(page, 200)
        self.assertIn("Freeze the account %s" % word, page.body)
        path = "/api/v1/kb/" + a["slug"]
        # an edit: based on a revision; fields not sent are kept
        d = problem(self, bearer(c, self.staff, "POST", path,
                                 {"body": "Settings, then Freeze. " + word}),
                    400)
        self.assertEqual(d["errors"][0]["field"], "revision")
        problem(self, bearer(c, self.member, "POST", path, {
            "revision": "1", "body": "Taken over by a member " + word}), 403)
        problem(self, bearer(c, self.staff, "POST", path, {
            "revision": "1", "body": "short"}), 422)
        r = bearer(c, self.staff, "POST", path, {
            "revision": "1", "body": "Open the app, then Settings, then "
            "Freeze. " + word})
        self.assertStatus(r, 200, r.body)
        e = json.loads(r.body)
        self.assertEqual(e["revision"], 2)
        self.assertEqual(e["title"], a["title"])
        self.assertEqual(e["tags"], a["tags"])
        self.assertIn("then Settings", e["body_md"])
        # based on revision 1 again: stale, with the current one
        r = bearer(c, self.staff, "POST", path, {
            "revision": "1", "title": "Overwritten title " + word})
        problem(self, r, 409, "stale_revision")
        self.assertEqual(r.headers.get("X-Current-Revision"), "2")
        hist = self.client().get(a["url"] + "/history",
                                 headers={"Accept-Language": "en"})
        self.assertHtmlPage(hist, 200)
        self.assertIn("Revision 2", hist.body)
        self.assertNotIn("Overwritten title", hist.body)
        self.assertNotIn("Taken over", self.client().get(a["url"]).body)
        # unknown and malformed slugs
        problem(self, bearer(c, self.staff, "POST", "/api/v1/kb/no-such-"
                             + word, {"revision": "1", "body": "x" * 20}),
                404)
        problem(self, bearer(c, self.staff, "POST", "/api/v1/kb/Bad_Slug",
                             {"revision": "1", "body": "x" * 20}), 404)
        problem(self, self.client().get("/api/v1/kb/no-such-" + word), 404)
        # a Japanese article is Japanese
        j = self.create(word, title="口座を凍結する方法 %s" % word)
        self.assertEqual(j["lang"], "ja")
        # the list names both
        r = self.client().get("/api/v1/kb?sort=newest")
        self.assertStatus(r, 200)
        lst = json.loads(r.body)
        self.assertEqual(lst["sort"], "newest")
        slugs = [x["slug"] for x in lst["articles"]]
        self.assertIn(a["slug"], slugs)
        self.assertIn(j["slug"], slugs)
        problem(self, self.client().get("/api/v1/kb?sort=random"), 400)

    def test_4_helpful(self):
        c = self.client()
        a = self.create(uniq("twh"))
        path = "/api/v1/kb/%s/helpful" % a["slug"]
        problem(self, c.request("POST", path, "helpful=1", {
            "Content-Type": "application/x-www-form-urlencoded"}), 401)
        problem(self, bearer(c, self.staff_ro, "POST", path,
                             {"helpful": "1"}), 403, "insufficient_scope")
        problem(self, bearer(c, self.member, "POST", path,
                             {"helpful": "maybe"}), 400)
        problem(self, bearer(c, self.member, "POST", path, {}), 400)
        problem(self, bearer(c, self.member, "POST", "/api/v1/kb/no-such-"
                             + uniq("") + "/helpful", {"helpful": "1"}), 404)
        r = bearer(c, self.member, "POST", path, {"helpful": "1"})
        self.assertStatus(r, 200, r.body)
        self.assertEqual(json.loads(r.body)["votes"], {"yes": 1, "no": 0})
        # a second vote replaces the first
        r = bearer(c, self.member, "POST", path, {"helpful": "0"})
        self.assertEqual(json.loads(r.body)["votes"], {"yes": 0, "no": 1})
        self.assertEqual(harness.psql(
            "SELECT count(*) || ' ' || bool_or(helpful) FROM kb_votes v "
            "JOIN kb_articles k ON k.id = v.article_id WHERE k.slug = %s "
            "AND v.voter = %s" % (q(a["slug"]),
                                  q("u:%d" % self.member_s.user_id))),
            "1 false")
        page = self.client().get(a["url"],
                                 headers={"Accept-Language": "en"})
        self.assertIn("0 yes, 1 no", page.body)

    def test_5_review_and_withheld(self):
        c = self.client()
        a = self.create(uniq("twr"))
        path = "/api/v1/kb/%s/review" % a["slug"]
        # nothing to review yet
        problem(self, bearer(c, self.staff, "POST", path,
                             {"revision": "1"}), 409, "already_done")
        harness.psql("UPDATE kb_articles SET needs_review = true, "
                     "review_reason = 'edited', review_since = now() "
                     "WHERE slug = %s" % q(a["slug"]))
        g = json.loads(bearer(c, self.staff, "GET",
                              "/api/v1/kb/" + a["slug"]).body)
        self.assertEqual((g["needs_review"], g["review_reason"]),
                         (True, "edited"))
        self.assertNotIn("needs_review", json.loads(
            bearer(c, self.member, "GET", "/api/v1/kb/" + a["slug"]).body))
        problem(self, bearer(c, self.member, "POST", path,
                             {"revision": "1"}), 403)
        problem(self, bearer(c, self.staff_ro, "POST", path,
                             {"revision": "1"}), 403, "insufficient_scope")
        problem(self, bearer(c, self.staff, "POST", path, {}), 400)
        r = bearer(c, self.staff, "POST", path, {"revision": "7"})
        problem(self, r, 409, "stale_revision")
        self.assertEqual(r.headers.get("X-Current-Revision"), "1")
        # a browser session needs its CSRF token under /api/ too
        origin = "http://127.0.0.1:%d" % self.port
        r = self.staff_s.client.post(path, {"revision": "1"},
                                     headers={"Origin": origin})
        self.assertStatus(r, 403)
        self.assertTrue(harness.psql("SELECT needs_review FROM kb_articles "
                                     "WHERE slug = %s" % q(a["slug"]))
                        == "t")
        r = self.staff_s.client.post(path, {"revision": "1"}, headers={
            "Origin": origin, "X-CSRF-Token": self.staff_s.csrf})
        self.assertStatus(r, 200, r.body)
        d = json.loads(r.body)
        self.assertEqual((d["needs_review"], d["review_reason"]),
                         (False, None))
        self.assertEqual(harness.psql("SELECT needs_review FROM kb_articles "
                                      "WHERE slug = %s" % q(a["slug"])), "f")
        # withheld: staff's only, to be edited rather than confirmed
        harness.psql("UPDATE kb_articles SET needs_review = true, "
                     "review_reason = 'removed', withheld = true, "
                     "review_since = now() WHERE slug = %s" % q(a["slug"]))
        problem(self, bearer(c, self.member, "GET",
                             "/api/v1/kb/" + a["slug"]), 404)
        problem(self, bearer(c, self.member, "POST",
                             "/api/v1/kb/%s/helpful" % a["slug"],
                             {"helpful": "1"}), 404)
        g = json.loads(bearer(c, self.staff, "GET",
                              "/api/v1/kb/" + a["slug"]).body)
        self.assertTrue(g["withheld"])
        problem(self, bearer(c, self.staff, "POST", path,
                             {"revision": "1"}), 409, "conflict")
        r = bearer(c, self.staff, "POST", "/api/v1/kb/" + a["slug"],
                   {"revision": "1", "body": "Rewritten without the "
                    "removed post's text."})
        self.assertStatus(r, 200, r.body)
        self.assertFalse(json.loads(r.body)["withheld"])
        self.assertStatus(self.client().get("/api/v1/kb/" + a["slug"]), 200)


if __name__ == "__main__":
    harness.main()
