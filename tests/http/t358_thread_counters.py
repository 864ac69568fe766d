#!/usr/bin/env python3
"""t358_thread_counters: the thread's counters by increment, checked.

Each transition of a post updates its thread's counters (answer count,
has an official answer, has a verified answer, visible, the accepted
answer) by increment in its own transaction (store_thread_delta,
QA_THREAD_DELTA_KEYS) instead of recounting every post of the thread.
The recount stays as the checker; this test holds the increments to it:

- a random sequence of 80 transitions (the steps of t171: answers, official
  answers, edits, approvals, redactions, removals, restores,
  verifications, flags, purges, by members, staff and moderators through
  the pages and the API), and after every step each thread's stored
  counters equal a recount of its posts, computed here in SQL;
- 24 answers posted by six members at the same moment to one thread
  leave its count exact (each increment waits for the thread's row lock
  and adds to the value the transaction before it committed);
- `sodan admin threads-check` finds a thread whose counters were
  changed behind the lifecycle's back (exit 1, the thread named), and
  `threads-check repair` sets them to the recount;
- the asker's notification, the answerer's automatic watch and the
  followers' notifications, now one statement (WATCH_NOTES): the asker
  who also follows the thread is told once, a follower of the thread
  and of its tag once, the answerer not at all, and the watch is there.
"""

import os
import random
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import one, post_form, sign_in, thread, uniq, user  # noqa: E402
import t171_visibility_property as prop  # noqa: E402

STEPS = int(os.environ.get("SODAN_COUNTER_STEPS") or 80)
SEED = int(os.environ.get("SODAN_COUNTER_SEED") or 358)
BODY = ("Open the withdrawal history and check the network you chose; "
        "support can trace it with the transaction ID. %s")

drift = prop.counters_drift
# member_answered (migration 0203, kept by triggers) against a recount:
# the rows of the given threads, stored and recounted
ANSWERED = ("SELECT coalesce(string_agg(user_id || ':' || thread_id || ':' "
            "|| last_activity_at, ' ' ORDER BY thread_id, user_id), '') "
            "FROM %s WHERE thread_id IN (%s)")
ANSWERED_RECOUNT = ("(SELECT DISTINCT p.author_id AS user_id, p.thread_id, "
                    "t.last_activity_at FROM posts p JOIN threads t ON "
                    "t.id = p.thread_id WHERE p.kind <> 'question' AND "
                    "p.state = 'visible') r")


def answered_drift(db, tids):
    """'' when member_answered holds exactly the recount for tids, else
    the stored and recounted rows."""
    if not tids:
        return ""
    ids = ",".join(map(str, tids))
    stored = db.query(ANSWERED % ("member_answered", ids)).strip()
    want = db.query(ANSWERED % (ANSWERED_RECOUNT, ids)).strip()
    return "" if stored == want else "stored %r, recount %r" % (stored,
                                                                 want)
WORDS = ("account address amount app balance bank block card chain check "
         "code coin confirm deposit email exchange fee form fund history "
         "identity limit login market network order page password phone "
         "price proof receipt record report review screen security send "
         "setting status support tax time token trade transfer wallet "
         "week withdrawal yen").split()


class ThreadCounters(harness.ServerTest):

    def client_for(self, uid):
        c = self.client()
        c.port = self.port
        sign_in(c, uid)
        return c

    def setUp(self):
        self.db = harness.PsqlSession()
        self.addCleanup(self.db.close)
        self.old_markers = set()
        self.phrase_before = set()
        self.category = harness.psql(
            "SELECT slug FROM categories ORDER BY id LIMIT 1") or None
        if not self.category:
            harness.psql("INSERT INTO categories (slug, name_ja, name_en) "
                         "VALUES ('cnt', 'カウンタ', 'Counters')")
            self.category = "cnt"

    def test_random_transitions_keep_the_recount(self):
        rng = random.Random(SEED)
        steps = prop.plan(rng, STEPS)
        w = prop.World(self, random.Random(SEED))
        w.step_tids = []
        actions = {}
        moved = set()           # (thread, column) that changed at all
        answered_max = 0        # member_answered rows of the run's threads
        last = {}
        for i, (action, arg, r) in enumerate(steps):
            w.n = i + 1
            w.step(action, arg, r)
            actions[action] = actions.get(action, 0) + 1
            bad = drift(self.db, w.threads)
            self.assertEqual(bad, [], "after step %d (%s %s, seed %d): "
                             "stored [answers, official, verified, "
                             "visible, accepted] differ from the recount: "
                             "%r" % (i, action, arg, SEED, bad))
            bad = answered_drift(self.db, w.threads)
            self.assertEqual(bad, "", "after step %d (%s %s, seed %d): "
                             "member_answered differs from the recount: "
                             "%s" % (i, action, arg, SEED, bad))
            rows = self.db.query("SELECT count(*) FROM member_answered "
                                 "WHERE thread_id IN (%s)" % ",".join(
                                     map(str, w.threads))).strip() \
                if w.threads else "0"
            answered_max = max(answered_max, int(rows))
            for line in self.db.query(
                    "SELECT id, answer_count, has_official, has_verified, "
                    "visible, coalesce(accepted_post_id, 0) FROM threads "
                    "WHERE id IN (%s)" % ",".join(map(str, w.threads))
                    ).splitlines() if w.threads else []:
                f = line.split("|")
                for col, v in zip(("answers", "official", "verified",
                                   "visible", "accepted"), f[1:]):
                    if last.get((f[0], col), v) != v:
                        moved.add(col)
                    last[(f[0], col)] = v
        print("t358: seed %d, %d steps, %d threads, %d posts; actions %s; "
              "counters that moved: %s" % (SEED, STEPS, len(w.threads),
                                           len(w.posts), actions,
                                           sorted(moved)), file=sys.stderr)
        # the run must have moved the counters both ways, not idled
        self.assertGreater(len(w.posts), STEPS // 4)
        self.assertGreater(answered_max, 0, "no answered thread recorded")
        for col in ("answers", "official", "verified"):
            self.assertIn(col, moved, "no step changed %s" % col)

    def test_concurrent_answers_count_exactly(self):
        asker = user(uniq("cn_asker"))
        tid, _ = thread(asker, "Many answers at once")
        members = [user(uniq("cn_m"), trust=2) for _ in range(6)]
        clients = [self.client_for(m) for m in members]
        statuses = []

        rng = random.Random(SEED)
        # texts far apart, so that no answer is held as a near-copy
        texts = [" ".join(rng.sample(WORDS, 14)).capitalize() + "."
                 for _ in range(24)]

        def answer(c, k):
            for j in range(4):
                r = post_form(c, "/t/%d/answer" % tid,
                              {"body": texts[k * 4 + j]})
                statuses.append(r.status)

        ts = [threading.Thread(target=answer, args=(c, k))
              for k, c in enumerate(clients)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(statuses.count(303), 24, statuses)
        self.assertEqual(one("SELECT count(*) FROM posts WHERE thread_id = "
                             "%d AND kind = 'answer' AND state = 'visible'"
                             % tid), "24", "an answer was held")
        self.assertEqual(one("SELECT answer_count FROM threads WHERE id = %d"
                             % tid), "24")
        self.assertEqual(drift(self.db, [tid]), [])

    def test_threads_check_finds_and_repairs_drift(self):
        asker = user(uniq("ck_asker"))
        tid, _ = thread(asker, "A thread whose counters are changed")
        c = self.client_for(user(uniq("ck_m"), trust=2))
        for k in range(2):
            self.assertStatus(post_form(c, "/t/%d/answer" % tid,
                                        {"body": BODY % uniq("ck")}), 303)
        r = self.server.run("admin", "threads-check")
        self.assertNotIn("thread %d:" % tid, r.stdout, r.stdout)
        # changed behind the lifecycle's back
        harness.psql("UPDATE threads SET answer_count = 7, "
                     "has_official = true WHERE id = %d" % tid)
        r = self.server.run("admin", "threads-check")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("thread %d: counters differ from a recount" % tid,
                      r.stdout)
        self.assertEqual(one("SELECT answer_count FROM threads WHERE id = %d"
                             % tid), "7", "the check alone changed nothing")
        r = self.server.run("admin", "threads-check", "repair")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("thread %d: counters recounted" % tid, r.stdout)
        self.assertEqual(one("SELECT answer_count::text || ' ' || "
                             "has_official FROM threads WHERE id = %d"
                             % tid), "2 false")
        r = self.server.run("admin", "threads-check")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("threads-check: 0 threads differ", r.stdout)
        self.assertEqual(drift(self.db, [tid]), [])
        # member_answered changed behind the triggers' back: a row lost,
        # one made up, one with another time
        uid = one("SELECT author_id FROM posts WHERE thread_id = %d AND "
                  "kind = 'answer' LIMIT 1" % tid)
        harness.psql("DELETE FROM member_answered WHERE thread_id = %d; "
                     "INSERT INTO member_answered VALUES (%s, %d, now()); "
                     "UPDATE member_answered SET last_activity_at = "
                     "'2001-01-01' WHERE (thread_id, user_id) = (SELECT "
                     "thread_id, user_id FROM member_answered WHERE "
                     "thread_id <> %d ORDER BY 1, 2 LIMIT 1)"
                     % (tid, asker, tid, tid))
        r = self.server.run("admin", "threads-check")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("threads-check: 3 answered-thread rows differ",
                      r.stdout)
        r = self.server.run("admin", "threads-check", "repair")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("threads-check: 3 answered-thread rows repaired",
                      r.stdout)
        self.assertEqual(one("SELECT string_agg(user_id::text, ',') FROM "
                             "member_answered WHERE thread_id = %d" % tid),
                         uid)
        r = self.server.run("admin", "threads-check")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("threads-check: 0 answered-thread rows differ",
                      r.stdout)
        r = self.server.run("admin", "threads-check", "bogus")
        self.assertEqual(r.returncode, 2)
        self.assertIn("threads-check [repair]", r.stderr)

    def test_notes_and_watch_in_one_statement(self):
        asker = user(uniq("nw_asker"))
        tid, _ = thread(asker, "Who is told of an answer")
        tag = uniq("tg")
        harness.psql("UPDATE threads SET tags = ARRAY['%s'] WHERE id = %d"
                     % (tag, tid))
        follower = user(uniq("nw_follow"))
        tagger = user(uniq("nw_tag"))
        tracker = user(uniq("nw_track"))
        answerer = user(uniq("nw_ans"), trust=2)
        harness.psql(
            "INSERT INTO watches (user_id, kind, target, level) VALUES "
            "(%d, 'thread', '%d', 'watching'), "
            "(%d, 'thread', '%d', 'watching'), "
            "(%d, 'thread', '%d', 'watching'), (%d, 'tag', '%s', 'watching'), "
            "(%d, 'thread', '%d', 'tracking'), "
            "(%d, 'thread', '%d', 'watching')"
            % (asker, tid, follower, tid, tagger, tid, tagger, tag,
               tracker, tid, answerer, tid))
        c = self.client_for(answerer)
        mark = uniq("nw")
        self.assertStatus(post_form(c, "/t/%d/answer" % tid,
                                    {"body": BODY % mark}), 303)
        pid = int(one("SELECT id FROM posts WHERE body_md LIKE '%%%s%%'"
                      % mark))
        # Only this test's members: a member of an earlier file on the
        # same stack may watch the thread's category and is told too.
        rows = harness.psql(
            "SELECT user_id, kind FROM notifications WHERE post_id = %d "
            "AND user_id IN (%d, %d, %d, %d, %d) ORDER BY user_id, kind"
            % (pid, asker, follower, tagger, tracker, answerer)
        ).splitlines()
        got = sorted(tuple(x.split("|")) for x in rows)
        want = sorted([(str(asker), "answer"),
                       (str(follower), "watch_answer"),
                       (str(tagger), "watch_answer")])
        self.assertEqual(got, want)
        # the answerer's watch set before stays; a new answerer's is added
        self.assertEqual(one("SELECT level FROM watches WHERE user_id = %d "
                             "AND kind = 'thread' AND target = '%d'"
                             % (answerer, tid)), "watching")
        other = user(uniq("nw_new"), trust=2)
        c2 = self.client_for(other)
        mark2 = uniq("nw")
        self.assertStatus(post_form(c2, "/t/%d/answer" % tid,
                                    {"body": BODY % mark2}), 303)
        pid2 = int(one("SELECT id FROM posts WHERE body_md LIKE '%%%s%%'"
                       % mark2))
        self.assertEqual(one("SELECT level FROM watches WHERE user_id = %d "
                             "AND kind = 'thread' AND target = '%d'"
                             % (other, tid)), "tracking")
        rows = harness.psql(
            "SELECT user_id, kind FROM notifications WHERE post_id = %d "
            "AND user_id IN (%d, %d, %d, %d, %d, %d) ORDER BY user_id, kind"
            % (pid2, asker, follower, tagger, tracker, answerer, other)
        ).splitlines()
        got = sorted(tuple(x.split("|")) for x in rows)
        want = sorted([(str(asker), "answer"),
                       (str(follower), "watch_answer"),
                       (str(tagger), "watch_answer"),
                       (str(answerer), "watch_answer")])
        self.assertEqual(got, want)


if __name__ == "__main__":
    harness.main()
