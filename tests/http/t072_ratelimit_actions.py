#!/usr/bin/env python3
"""t072_ratelimit_actions: every per-action limit of conf/limits.conf is
enforced end to end (issue 7).  With burst 1 and 1/hour for register,
signin_ip, answer, edit, vote, flag and search, the first request goes
through and the second gets 429 with Retry-After (about an hour) and the
rate-limit page; the key lives in Redis under the action's name.  (ask, api
and global are covered by t070, signin_account by t071 and t102.)

Subjects: trusted proxies.  A server whose [clients] trusted_proxies lists
127.0.0.1 believes X-Forwarded-For: two client addresses get two
allowances, and IPv6 clients share one per /64; a server without it counts
the connection's address, whatever X-Forwarded-For says.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import post, thread, user  # noqa: E402
from qa_util import Session  # noqa: E402
from t070_ratelimit import clear_limits, limits_file, redis  # noqa: E402
from t100_accounts import login, register, uniq  # noqa: E402

ONE = "burst = 1\nrate = 1/hour\n"
LIMITS = "".join("[%s]\n%s" % (a, ONE) for a in (
    "register", "signin_ip", "answer", "edit", "vote", "flag", "search")) + (
    "[global]\nburst = 100000\nrate = 10000/sec\n"
    "[signin_account]\nburst = 1000\nrate = 1000/sec\n"
    "[ask]\nburst = 1000\nrate = 1000/sec\n"
    "[api]\nburst = 1000\nrate = 1000/sec\n"
    "[trust]\nlevel0 = 1\nlevel1 = 1\nlevel2 = 1\nlevel3 = 1\nstaff = 1\n")


class EveryAction(harness.ServerTest):
    demo = True

    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(LIMITS)}
        super().setUpClass()

    def member(self):
        return Session(self, uniq("rl"), trust=1)

    def test_second_request_refused(self):
        author = user(uniq("author"))
        tid, qid = thread(author, "How long does a JPY withdrawal take?")

        def do_register(s, i):
            c = self.client()
            return register(c, uniq("reg%d_" % i), "登録テスト",
                            "violet tractor umbrella 97")

        def do_signin_ip(s, i):
            return login(self.client(), uniq("nobody"), "wrong password 1")

        def do_answer(s, i):
            return s.post("/t/%d/answer" % tid, {
                "body": "Withdrawals in JPY usually arrive the next "
                        "business day; check the bank holiday calendar."})

        def do_edit(s, i):
            return s.post("/p/%d/edit" % s.own, {
                "body": "Edited text number %d, long enough to be a "
                        "real edit of this answer." % i})

        def do_vote(s, i):
            return s.post("/p/%d/vote" % qid, {})

        def do_flag(s, i):
            return s.post("/p/%d/flag" % qid, {"reason": "spam"})

        def do_search(s, i):
            return self.client().get("/search?q=withdrawal&n=%d" % i)

        cases = [("register", do_register, "ip:127.0.0.1"),
                 ("signin_ip", do_signin_ip, "ip:127.0.0.1"),
                 ("answer", do_answer, "u:"),
                 ("edit", do_edit, "u:"),
                 ("vote", do_vote, "u:"),
                 ("flag", do_flag, "u:"),
                 ("search", do_search, "ip:127.0.0.1")]
        for action, do, subject in cases:
            with self.subTest(action=action):
                clear_limits()
                s = self.member()
                s.own = post(tid, s.user_id, "My first answer, about the "
                             "withdrawal times of JPY.")
                if subject == "u:":
                    subject = "u:%d" % s.user_id
                r1 = do(s, 1)
                self.assertNotEqual(r1.status, 429, "%s: first" % action)
                self.assertLess(r1.status, 500, "%s: first" % action)
                self.assertIsNotNone(redis("GET", "rl:%s:%s"
                                           % (action, subject)),
                                     "%s: no key for %s" % (action, subject))
                r2 = do(s, 2)
                self.assertHtmlPage(r2, 429)
                self.assertIn("rate-limited", r2.body)
                ra = int(r2.headers["Retry-After"])
                self.assertGreater(ra, 3000, action)
                self.assertLessEqual(ra, 3600, action)


XFF_LIMITS = ("[api]\nburst = 1\nrate = 1/hour\n"
              "[global]\nburst = 100000\nrate = 10000/sec\n")


def api(port, xff):
    c = harness.Client(port)
    return c.get("/api/v1/categories", headers={"X-Forwarded-For": xff})


class TrustedProxy(harness.ServerTest):
    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(
            XFF_LIMITS + "[clients]\ntrusted_proxies = 127.0.0.1\n")}
        super().setUpClass()

    def test_xff_addresses_counted_apart(self):
        clear_limits()
        self.assertStatus(api(self.port, "192.0.2.1"), 200)
        self.assertStatus(api(self.port, "192.0.2.1"), 429)
        self.assertStatus(api(self.port, "192.0.2.2"), 200)
        # The right-most entry that is not a trusted proxy is the client.
        self.assertStatus(api(self.port, "198.51.100.9, 192.0.2.3, "
                                         "127.0.0.1"), 200)
        self.assertStatus(api(self.port, "192.0.2.3"), 429)
        self.assertIsNotNone(redis("GET", "rl:api:ip:192.0.2.1"))
        self.assertIsNotNone(redis("GET", "rl:api:ip:192.0.2.3"))
        self.assertIsNone(redis("GET", "rl:api:ip:127.0.0.1"))

    def test_ipv6_grouped_by_64(self):
        clear_limits()
        self.assertStatus(api(self.port, "2001:db8:1:2::a"), 200)
        self.assertStatus(api(self.port, "2001:db8:1:2:ffff::b"), 429)
        self.assertStatus(api(self.port, "2001:db8:1:3::a"), 200)
        self.assertIsNotNone(redis("GET", "rl:api:ip6:2001:db8:1:2::/64"))

    def test_garbage_xff_falls_back_to_peer(self):
        clear_limits()
        self.assertStatus(api(self.port, "not-an-address"), 200)
        self.assertIsNotNone(redis("GET", "rl:api:ip:127.0.0.1"))


class UntrustedProxy(harness.ServerTest):
    @classmethod
    def setUpClass(cls):
        cls.extra_env = {"SODAN_LIMITS": limits_file(XFF_LIMITS)}
        super().setUpClass()

    def test_xff_ignored(self):
        clear_limits()
        self.assertStatus(api(self.port, "192.0.2.1"), 200)
        self.assertStatus(api(self.port, "192.0.2.2"), 429)
        self.assertIsNotNone(redis("GET", "rl:api:ip:127.0.0.1"))
        self.assertIsNone(redis("GET", "rl:api:ip:192.0.2.1"))


if __name__ == "__main__":
    harness.main()
