#!/usr/bin/env python3
"""t221_desk: the staff desk (/staff/desk, docs/support.md): open
questions without an accepted or official answer by category, unanswered
first then oldest first; escalated cases; the SLA clocks against the
targets of [support] (one category with its own), a breach said in words;
claim, assign and release ("being handled by staff" on the public
thread); canned replies with their variables on a case; who may see it."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402


def row(body, attr, ident):
    m = re.search(r'<tr data-%s="%d">.*?</tr>' % (attr, ident), body, re.S)
    return m.group(0) if m else None


class Desk(harness.ServerTest):
    demo = True
    # deposits: first answer 60 min, first staff answer 2 h, solved 10 h
    conf = ("[support]\nsla_first_answer = 300\nsla_first_staff = 600\n"
            "sla_solved = 3000\nsla_categories = deposits:60/120/600\n"
            "canned = %s\n" % os.path.join(
                os.path.dirname(os.path.abspath(__file__)), "..", "..",
                "conf", "support", "canned.conf"))

    @classmethod
    def setUpClass(cls):
        # the desk pages 50 waiting questions at a time: a database of
        # this file's own (demo data only), so the questions it asks are
        # on the first page whatever the files before it left waiting
        harness.fresh_database()
        super().setUpClass()

    def setUp(self):
        self.asker = Session(self, "desk_asker", age_days=60, lang="en",
                             display="Desk Asker")
        self.staff = Session(self, "desk_staff", role="staff", trust=3,
                             lang="en", display="Desk Staff")
        self.staff2 = Session(self, "desk_staff2", role="staff", trust=3,
                              lang="en", display="Other Staff")
        self.member = Session(self, "desk_member", age_days=60, lang="en")
        self.mod = Session(self, "desk_mod", role="moderator", trust=3,
                           lang="en")

    def _age(self, tid, hours):
        harness.psql("UPDATE threads SET created_at = now() - interval "
                     "'%d hours' WHERE id = %d" % (hours, tid))

    def test_1_who(self):
        r = self.staff.get("/staff/desk")
        self.assertHtmlPage(r, 200)
        self.assertIn("Staff desk", r.body)
        for s in (self.member, self.mod):
            self.assertStatus(s.get("/staff/desk"), 403)
        r = self.client().get("/staff/desk")
        self.assertStatus(r, 303)
        self.assertIn("/login", r.headers.get("Location"))
        r = self.mod.post("/staff/desk/claim", {"thread": "1",
                                                "action": "claim"})
        self.assertStatus(r, 403)

    def test_2_clocks_and_breach(self):
        old = self.asker.ask("Deposit not credited after three days",
                             "My JPY deposit from Monday is still not "
                             "credited; reference D-1234.", "deposits")
        new = self.asker.ask("Deposit address for a new coin",
                             "Where do I find the deposit address for a "
                             "newly listed coin?", "deposits")
        answered = self.asker.ask("Deposit shows pending confirmations",
                                  "My BTC deposit shows 1 of 3 "
                                  "confirmations for an hour.", "deposits")
        self.member.answer(answered, "Bitcoin confirmations can take an "
                                     "hour when fees are low.")
        tax = self.asker.ask("Which year does a December trade count for",
                             "I sold BTC on 31 December JST; which tax "
                             "year is that?", "tax")
        self._age(old, 30)
        self._age(answered, 3)
        self._age(tax, 3)
        r = self.staff.get("/staff/desk")
        self.assertHtmlPage(r, 200)
        body = r.body
        # by category, unanswered first, then oldest first
        pos = [body.find('data-thread="%d"' % t) for t in
               (old, new, answered)]
        self.assertTrue(all(p > 0 for p in pos), pos)
        self.assertLess(pos[0], pos[1])
        self.assertLess(pos[1], pos[2])
        self.assertLess(body.find('id="cat-deposits"'), pos[0])
        # deposits' own targets: 30 h old breaches all three clocks
        ro = row(body, "thread", old)
        self.assertEqual(ro.count('data-sla="breach"'), 3, ro)
        self.assertIn("SLA breached", ro)
        self.assertIn("unanswered", ro)
        # each cell names its column as the header does (a phone shows
        # the name before the cell, the rows being cards there)
        table = body[body.rfind("<table", 0, pos[0]):pos[0]]
        heads = re.findall(r'<th scope="col">([^<]*)</th>', table)
        self.assertEqual(heads, ["Question", "First answer",
                                 "First staff answer", "Solved",
                                 "Handled by"], table)
        self.assertEqual(re.findall(r'<td data-label="([^"]*)"', ro), heads)
        # a fresh question breaches nothing
        rn = row(body, "thread", new)
        self.assertNotIn("sla-breach", rn)
        # answered after 3 h (target 1 h): done, late; no staff answer
        # after 3 h breaches the 2 h staff target; solved (10 h) not yet
        ra = row(body, "thread", answered)
        self.assertIn("sla-done sla-late", ra)
        self.assertEqual(ra.count('data-sla="breach"'), 1, ra)
        # tax uses the defaults (5 h, 10 h, 50 h): 3 h breaches nothing
        rt = row(body, "thread", tax)
        self.assertNotIn("sla-breach", rt)
        self.assertIn("Targets: first answer 1 h", body)
        # a staff answer stops the staff clock; an accepted one removes it
        self.staff.answer(old, "We are checking deposit D-1234 now.")
        ro = row(self.staff.get("/staff/desk").body, "thread", old)
        self.assertEqual(ro.count('data-sla="breach"'), 1, ro)
        pid = self.member.answer(new, "New coins have their address under "
                                      "Deposit once the listing opens.")
        self.assertStatus(self.asker.post("/p/%d/accept" % pid), 303)
        self.assertIsNone(row(self.staff.get("/staff/desk").body,
                              "thread", new))
        # Japanese
        ja = Session(self, "desk_staff", role="staff", trust=3, lang="ja",
                     display="Desk Staff")
        r = ja.get("/staff/desk")
        self.assertHtmlPage(r, 200)
        self.assertIn("SLA超過", r.body)

    def test_3_claim_assign_release(self):
        tid = self.asker.ask("Cannot change my registered phone number",
                             "The settings page says the change failed "
                             "without a reason.", "account")
        anon_en = {"Accept-Language": "en"}
        self.assertNotIn('data-support="handled"',
                         self.client().get("/t/%d" % tid,
                                           headers=anon_en).body)
        r = self.staff.post("/staff/desk/claim", {"thread": str(tid),
                                                  "action": "claim"})
        self.assertStatus(r, 303)
        self.assertIn("Desk Staff", row(self.staff.get("/staff/desk").body,
                                        "thread", tid))
        r = self.client().get("/t/%d" % tid, headers=anon_en)
        self.assertIn('data-support="handled"', r.body)
        self.assertIn("Being handled by staff", r.body)
        self.assertNotIn("Desk Staff", r.body)
        # assign to another staff member; a member cannot be assigned
        r = self.staff.post("/staff/desk/claim", {
            "thread": str(tid), "action": "assign",
            "assignee": str(self.staff2.user_id)})
        self.assertStatus(r, 303)
        self.assertIn("Other Staff", row(self.staff.get("/staff/desk").body,
                                         "thread", tid))
        r = self.staff.post("/staff/desk/claim", {
            "thread": str(tid), "action": "assign",
            "assignee": str(self.member.user_id)})
        self.assertHtmlPage(r, 400)
        self.assertIn("Only staff members can be assigned", r.body)
        r = self.staff.post("/staff/desk/claim", {"thread": str(tid),
                                                  "action": "assign"})
        self.assertHtmlPage(r, 400)
        self.assertEqual(harness.psql(
            "SELECT staff_id FROM support_claims WHERE thread_id = %d" % tid),
            str(self.staff2.user_id))
        r = self.staff.post("/staff/desk/claim", {"thread": "99999999",
                                                  "action": "claim"})
        self.assertStatus(r, 404)
        # release
        r = self.staff2.post("/staff/desk/claim", {"thread": str(tid),
                                                   "action": "release"})
        self.assertStatus(r, 303)
        r = self.client().get("/t/%d" % tid, headers=anon_en)
        self.assertNotIn('data-support="handled"', r.body)
        # without CSRF: refused
        r = self.staff.client.post("/staff/desk/claim", {
            "thread": str(tid), "action": "claim"})
        self.assertStatus(r, 403)

    def test_4_cases_and_canned(self):
        tid = self.asker.ask("Withdrawal rejected without a reason",
                             "My ETH withdrawal was rejected; the page "
                             "gives no reason.", "deposits")
        r = self.asker.post("/t/%d/escalate" % tid, {
            "body": "Withdrawal W-555 was rejected."})
        self.assertStatus(r, 303)
        cid = int(re.search(r"/support/(\d+)", r.headers["Location"])
                  .group(1))
        harness.psql("UPDATE support_cases SET created_at = now() - "
                     "interval '5 hours' WHERE id = %d" % cid)
        rc = row(self.staff.get("/staff/desk").body, "case", cid)
        self.assertIsNotNone(rc)
        self.assertIn('data-sla="breach"', rc)	# 5 h > 2 h, no reply yet
        # canned replies: variables filled, in the language picked
        r = self.staff.get("/support/%d" % cid)
        self.assertIn('<option value="received.en">', r.body)
        self.assertIn('<option value="received.ja">', r.body)
        r = self.staff.get("/support/%d?canned=received.en" % cid)
        self.assertHtmlPage(r, 200)
        ta = re.search(r'<textarea id="support-body"[^>]*>(.*?)</textarea>',
                       r.body, re.S).group(1)
        self.assertIn("Hello Desk Asker,", ta)
        self.assertIn("case #%d" % cid, ta)
        self.assertIn("Desk Staff is looking into it", ta)
        self.assertIn("&quot;Withdrawal rejected without a reason&quot;",
                      ta)
        r = self.staff.get("/support/%d?canned=received.ja" % cid)
        self.assertIn("Desk Asker 様", r.body)
        r = self.staff.get("/support/%d?canned=nosuch.en" % cid)
        self.assertHtmlPage(r, 400)
        # members get no canned replies
        r = self.asker.get("/support/%d?canned=received.en" % cid)
        self.assertHtmlPage(r, 200)
        self.assertNotIn("canned-form", r.body)
        self.assertNotIn("Hello Desk Asker", r.body)
        # the staff reply stops the clock
        self.assertStatus(self.staff.post("/support/%d/reply" % cid, {
            "body": "Hello Desk Asker, we are checking W-555."}), 303)
        rc = row(self.staff.get("/staff/desk").body, "case", cid)
        self.assertNotIn('data-sla="breach"', rc)
        self.assertIn("sla-done", rc)


if __name__ == "__main__":
    harness.main()
