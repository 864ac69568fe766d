#!/usr/bin/env python3
"""t335_answer_roundtrips: the round trips of one POST answer, pinned.

The access log says, for every request an app thread ran, how many round
trips it made to PostgreSQL (db=) and Redis (redis=) (app/http/server.c,
db_round_trips, cache_round_trips).  With one app thread, once its
connections are warm (statements prepared, the rate-limit script
loaded), one answer that goes through costs at most:

- PostgreSQL 4 (the bound stays 5, set when the classifier's counts
  were still read from filter_tokens): the session; the thread for the
  filters (POST_ANSWER_TO); BEGIN with the post row; the revision, notifications, watches, the thread's
  counters (returning its category and tags for the page-cache keys) and
  COMMIT in one pipeline (store/post.c, db_defer, db_exec_commit).
- Redis 5 (6 before the context's record was queued): the global
  per-address limit, the answer limit (one EVALSHA each), and the
  filters' context (cache/postctx.c, each a pipeline of single-key
  commands): the author's window with the question's time, the four
  simhash bands' windows; after COMMIT, the page-cache invalidation
  (XADD) carries the post's addition to all those windows in the same
  pipeline (cache_defer): the test reads the author's window back.

The test fails when either grows (docs/performance.md, "Round trips of
one POST answer").  It also checks what the pipeline must not change:
the answer and everything its transaction writes are there, and a
statement that fails inside the pipeline (a trigger refusing the
revision) leaves nothing of the answer behind, answers 503, and the
connection serves the next answer.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import one, post_form, sign_in, thread, uniq, user  # noqa: E402

PG_MAX = 5
REDIS_MAX = 5
BODY = ("Check the network you chose for the withdrawal; the history page "
        "shows it, and support can trace it with the ID. %s")


class AnswerRoundTrips(harness.ServerTest):
    conf = "[server]\napp_threads = 1\n"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.asker = user(uniq("rt_asker"))
        cls.tid, _ = thread(cls.asker, "Round trips of one answer")
        cls.member = user(uniq("rt_member"), trust=2)

    def signed_in(self):
        c = self.client()
        c.port = self.port
        sign_in(c, self.member)
        return c

    def trips(self, tid):
        """db= and redis= of the last POST answer to tid in the log."""
        pat = re.compile(r"method=POST path=/t/%d/answer status=(\d+) .*"
                         r" db=(\d+) redis=(\d+)" % tid)
        last = None
        for ln in self.server.access_lines():
            m = pat.search(ln)
            if m:
                last = m
        self.assertIsNotNone(last, "no access-log line with db= redis=")
        return int(last.group(1)), int(last.group(2)), int(last.group(3))

    def test_one_answer(self):
        c = self.signed_in()
        for i in range(3):          # prepare, load the script, warm up
            r = post_form(c, "/t/%d/answer" % self.tid,
                          {"body": BODY % ("warm %d" % i)})
            self.assertStatus(r, 303)
        mark = uniq("rt-pinned")
        r = post_form(c, "/t/%d/answer" % self.tid, {"body": BODY % mark})
        self.assertStatus(r, 303)
        status, db, redis = self.trips(self.tid)
        self.assertEqual(status, 303)
        print("  one answer: PostgreSQL %d round trips, Redis %d" %
              (db, redis))
        self.assertGreater(db, 0)
        self.assertGreater(redis, 0)
        self.assertLessEqual(db, PG_MAX, "PostgreSQL round trips grew")
        self.assertLessEqual(redis, REDIS_MAX, "Redis round trips grew")
        # everything of the transaction is there
        pid = int(one("SELECT id FROM posts WHERE body_md LIKE '%%%s%%'"
                      % mark))
        self.assertEqual(one("SELECT count(*) FROM post_revisions "
                             "WHERE post_id = %d" % pid), "1")
        # the queued context record went out with the XADD: the
        # author's window holds the post ("simhash:post_id")
        window = harness.redis("ZRANGE", "ctx:{u:%d}:p" % self.member,
                               "0", "-1")
        self.assertTrue(any(m.endswith(":%d" % pid) for m in window),
                        "post %d not in the author's window: %r"
                        % (pid, window))
        self.assertEqual(one("SELECT count(*) FROM notifications WHERE "
                             "post_id = %d AND user_id = %d"
                             % (pid, self.asker)), "1")
        self.assertEqual(one("SELECT count(*) FROM watches WHERE user_id = "
                             "%d AND kind = 'thread' AND target = '%d'"
                             % (self.member, self.tid)), "1")
        self.assertEqual(one("SELECT answer_count FROM threads WHERE id = %d"
                             % self.tid),
                         one("SELECT count(*) FROM posts WHERE thread_id = "
                             "%d AND kind = 'answer' AND state = 'visible'"
                             % self.tid))
        page = self.client().get("/t/%d" % self.tid)
        self.assertStatus(page, 200)
        self.assertIn(mark, page.body)

    def test_failure_inside_the_pipeline_leaves_nothing(self):
        tid, _ = thread(self.asker, "A revision the database refuses")
        c = self.signed_in()
        r = post_form(c, "/t/%d/answer" % tid, {"body": BODY % "first"})
        self.assertStatus(r, 303)
        count0 = one("SELECT answer_count FROM threads WHERE id = %d" % tid)
        notes0 = one("SELECT count(*) FROM notifications WHERE thread_id = "
                     "%d" % tid)
        harness.psql(
            "CREATE OR REPLACE FUNCTION t335_refuse() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.body_md LIKE '%t335-refuse%' THEN "
            "RAISE EXCEPTION 't335: refused'; END IF; RETURN NEW; END $$; "
            "CREATE TRIGGER t335_refuse BEFORE INSERT ON post_revisions "
            "FOR EACH ROW EXECUTE FUNCTION t335_refuse()")
        try:
            r = post_form(c, "/t/%d/answer" % tid,
                          {"body": BODY % "t335-refuse"})
            self.assertStatus(r, 503)
        finally:
            harness.psql("DROP TRIGGER t335_refuse ON post_revisions; "
                         "DROP FUNCTION t335_refuse()")
        self.assertEqual(one("SELECT count(*) FROM posts WHERE body_md "
                             "LIKE '%t335-refuse%'"), "0")
        self.assertEqual(one("SELECT answer_count FROM threads WHERE id = %d"
                             % tid), count0)
        self.assertEqual(one("SELECT count(*) FROM notifications WHERE "
                             "thread_id = %d" % tid), notes0)
        # the same connection serves the next answer
        r = post_form(c, "/t/%d/answer" % tid, {"body": BODY % "after"})
        self.assertStatus(r, 303)
        _, db, _ = self.trips(tid)
        self.assertLessEqual(db, PG_MAX)
        self.assertEqual(one("SELECT count(*) FROM posts WHERE thread_id = "
                             "%d AND body_md LIKE '%%after%%'" % tid), "1")


if __name__ == "__main__":
    harness.main()
