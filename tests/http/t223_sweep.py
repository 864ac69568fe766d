#!/usr/bin/env python3
"""t223_sweep: solved reminders and closing (`sodan admin support-sweep`,
docs/support.md): the asker of a question answered more than
remind_accept_days ago, with nothing accepted or official, is reminded
once in the forum; a thread with an accepted or official answer and no
activity for close_after_days is closed once, shows "Closed" to
strangers, and staff reopen it (the sweep does not close it again)."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from acct_util import admin  # noqa: E402
from qa_util import Session  # noqa: E402


class Sweep(harness.ServerTest):
    demo = True
    conf = "[support]\nremind_accept_days = 2\nclose_after_days = 10\n"

    def setUp(self):
        self.asker = Session(self, "sw_asker", age_days=60, lang="en")
        self.helper = Session(self, "sw_helper", age_days=60, lang="en")
        self.staff = Session(self, "sw_staff", role="staff", trust=3,
                             lang="en")

    def sweep(self):
        p = admin(self.server, "support-sweep")
        self.assertEqual(p.returncode, 0, p.stderr)
        m = re.search(r"support-sweep: (\d+) reminded, (\d+) closed",
                      p.stdout)
        self.assertTrue(m, p.stdout)
        return int(m.group(1)), int(m.group(2))

    def reminders(self, tid):
        return int(harness.psql(
            "SELECT count(*) FROM notifications WHERE kind = "
            "'accept_reminder' AND thread_id = %d AND user_id = %d"
            % (tid, self.asker.user_id)))

    def test_1_remind_once(self):
        self.sweep()	# whatever the demo data had
        old = self.asker.ask("Sweep: answered three days ago",
                             "Which network should I pick for USDT?")
        pid = self.helper.answer(old, "TRC20 is the cheapest network.")
        fresh = self.asker.ask("Sweep: answered just now",
                               "Which network should I pick for ETH?")
        self.helper.answer(fresh, "Use the Ethereum mainnet.")
        harness.psql("UPDATE posts SET created_at = now() - interval "
                     "'3 days' WHERE id = %d" % pid)
        reminded, _ = self.sweep()
        self.assertEqual(reminded, 1)
        self.assertEqual(self.reminders(old), 1)
        self.assertEqual(self.reminders(fresh), 0)
        r = self.asker.get("/notifications")
        self.assertIn("Did an answer solve your question?", r.body)
        self.assertIn('href="/t/%d"' % old, r.body)
        # once per thread
        self.assertEqual(self.sweep()[0], 0)
        self.assertEqual(self.reminders(old), 1)

    def test_2_close_once_reopen(self):
        self.sweep()
        tid = self.asker.ask("Sweep: solved long ago",
                             "How do I export my trade history?")
        pid = self.helper.answer(tid, "Under Reports, choose CSV.")
        self.assertStatus(self.asker.post("/p/%d/accept" % pid), 303)
        open_q = self.asker.ask("Sweep: quiet but unsolved",
                                "Is there a fee for JPY deposits?")
        harness.psql("UPDATE threads SET last_activity_at = now() - "
                     "interval '11 days' WHERE id IN (%d, %d)"
                     % (tid, open_q))
        _, closed = self.sweep()
        self.assertEqual(closed, 1)
        self.assertEqual(harness.psql(
            "SELECT status FROM threads WHERE id = %d" % tid), "closed")
        self.assertEqual(harness.psql(
            "SELECT status FROM threads WHERE id = %d" % open_q), "open")
        r = self.client().get("/t/%d" % tid,
                              headers={"Accept-Language": "en"})
        self.assertIn("This thread is closed to new answers.", r.body)
        # staff reopen; the sweep leaves it open
        r = self.staff.post("/t/%d/state" % tid, {"action": "reopen"})
        self.assertStatus(r, 303)
        self.assertEqual(self.sweep()[1], 0)
        self.assertEqual(harness.psql(
            "SELECT status FROM threads WHERE id = %d" % tid), "open")


if __name__ == "__main__":
    harness.main()
