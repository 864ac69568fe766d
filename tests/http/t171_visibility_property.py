#!/usr/bin/env python3
"""t171_visibility_property: what strangers see is what was allowed.

A property test of the post lifecycle (app/post/).  Random sequences of
submit, edit, approve, redact, remove, restore, verify, flag and purge, by
members, staff and moderators, through the pages and the JSON API.  Every
text carries a unique marker; the test keeps its own model of which
markers were ever public:

- a text becomes public when the post is visible while that text is its
  current one (the model reads the post's state after each step);
- a text redacted by a moderator is never public again;
- a recovery phrase (a secret) is never public at all.

After every step it fetches what a stranger can reach of the touched
thread and the site (thread page from the cache and uncached, revision
history of every post, thread JSON, search page and API for the step's
markers, the author's answer list, the staff feed and its Atom, another
member's notifications, the public moderation page) and fails on any
marker that is not public now, on the phrase, or on the name of a removed
post's author next to its placeholder; on a sweep it also holds each
thread's counters, kept by increment (store_thread_delta), to a recount of
its posts.  A failure prints the seed and the
shortest sequence of steps that still fails, replayed on fresh threads.
Each step carries its own random draws, so a sequence with steps dropped
replays the others as they were; shrinking first tries the failing
thread's own steps alone, then drops ever smaller chunks (delta
debugging).  SODAN_PROPERTY_PLANT=1 plants a fault in the model (a
verification after a redaction counts as a violation) to show what the
shrinker reports.

Steps: SODAN_PROPERTY_STEPS (default 1000; `make soak` runs 20,000), seed:
SODAN_PROPERTY_SEED (default 13 in make test; "random" draws one, printed).
"""

import json
import os
import random
import re
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import user, sign_in, post_form, uniq  # noqa: E402

PHRASE = ("legal winner thank year wave sausage worth useful legal winner "
          "thank yellow")
PHRASE_WORD = "sausage"
MARK = re.compile(r"mk[0-9a-f]{10}")

STEPS = int(os.environ.get("SODAN_PROPERTY_STEPS") or 1000)
# make test runs a fixed seed, so that a red run is a regression and not
# the luck of the draw; make soak (and SODAN_PROPERTY_SEED=random) draws
# new seeds.  Seed 1935665373 found an undo that restored a state chosen
# for other text (t170 reproduces it; store_modq_undo refuses it now).
# Seed 13's 1,000 steps reach what seed 202's 2,000 (make test's until
# 2026-12-06) reached: all 12 changes between the four states and each
# of the 8 actions on a post in each state (32), where seed 202's first
# 1,000 steps miss removed -> private (its step 1,645) and seeds 7 and
# 31 miss one each (docs/testing.md).
_seed = os.environ.get("SODAN_PROPERTY_SEED") or "13"
SEED = (random.SystemRandom().randrange(1, 2 ** 31) if _seed == "random"
        else int(_seed))
PLANT = os.environ.get("SODAN_PROPERTY_PLANT") == "1"
# Steps per fresh thread: short lives keep each page small and fast.
THREAD_STEPS = 25


# The thread's counters recounted from its posts, written out here
# independently of the server's statements (its increments,
# store_thread_delta, are held to it here and in t358).
RECOUNT = """
SELECT t.id, t.answer_count, t.has_official, t.has_verified, t.visible,
  coalesce(t.accepted_post_id, 0),
  (SELECT count(*) FROM posts p WHERE p.thread_id = t.id
     AND p.kind <> 'question' AND p.state = 'visible'),
  EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id
     AND p.kind = 'official' AND p.state = 'visible'),
  EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id
     AND p.verified_at IS NOT NULL AND p.state = 'visible'),
  coalesce((SELECT p.state = 'visible' FROM posts p WHERE p.thread_id = t.id
     AND p.kind = 'question' ORDER BY p.id LIMIT 1), false),
  coalesce((SELECT p.id FROM posts p WHERE p.id = t.accepted_post_id
     AND p.state = 'visible'), 0)
FROM threads t WHERE t.id IN (%s) ORDER BY t.id"""


def counters_drift(db, tids):
    """The threads among tids whose stored counters differ from the
    recount: [(thread, stored, recounted)]."""
    if not tids:
        return []
    out = []
    for line in db.query(RECOUNT % ",".join(map(str, tids))).splitlines():
        f = line.split("|")
        stored, recount = f[1:6], f[6:11]
        if stored != recount:
            out.append((int(f[0]), stored, recount))
    return out


class Violation(Exception):
    pass


class World:
    """One run: actors, threads and the model of what may be public."""

    def __init__(self, test, rng):
        self.t = test
        self.rng = rng
        self.db = test.db
        self.members = []       # (uid, client, username)
        for trust in (0, 1, 1, 2):
            name = uniq("pm")
            uid = user(name, trust=trust, age_days=0 if trust == 0 else 90)
            self.members.append((uid, test.client_for(uid), name))
        self.staff = user(uniq("ps"), role="staff", trust=3)
        self.sc = test.client_for(self.staff)
        self.mod = user(uniq("pmod"), role="moderator", trust=3)
        self.mc = test.client_for(self.mod)
        self.posts = []         # dicts: id, thread, author, marker, ...
        self.threads = []       # thread ids, newest last
        self.public = set()     # markers ever public
        self.forbidden = set()  # markers redacted: never public again
        self.purged = set()     # user ids purged (cannot post)
        self.seen_states = set()

    # --- texts ---------------------------------------------------------

    def marker(self):
        return "mk" + uuid.uuid4().hex[:10]

    def text(self, kind):
        m = self.marker()
        if kind == "secret":
            return m, ("%s My recovery words are %s please help me get "
                       "my coins back" % (m, PHRASE))
        if kind == "phone":
            n = self.rng.randrange(10 ** 7)
            return m, ("%s I fixed mine by calling +1-888-%03d-%04d last "
                       "week, they were helpful." % (m, n % 1000, n // 1000
                                                     % 10000))
        return m, ("%s Open the withdrawal history and check which network "
                   "you chose before asking support." % m)

    # --- the model -------------------------------------------------------

    def sync(self):
        """Reads each known post's state and current marker; a visible
        post's current text is public from now on."""
        if not self.posts:
            return
        ids = ",".join(str(p["id"]) for p in self.posts)
        rows = self.db.query(
            "SELECT p.id, p.state, p.body_md, p.revision, t.visible "
            "FROM posts p JOIN threads t ON t.id = p.thread_id "
            "WHERE p.id IN (%s)" % ids).splitlines()
        by = {p["id"]: p for p in self.posts}
        for line in rows:
            pid, state, body, rev, tvis = line.split("|", 4)
            p = by[int(pid)]
            found = MARK.findall(body)
            if p["state"] != state or (found and found[0] != p["marker"]):
                p["events"].append(("now", state, found[0] if found else
                                    None, int(rev)))
            p["state"] = state
            self.seen_states.add(state)
            p["revision"] = int(rev)
            found = MARK.findall(body)
            p["marker"] = found[0] if found else None
            p["thread_visible"] = tvis == "t"
            if state == "visible" and p["marker"] and \
                    p["marker"] not in self.forbidden:
                if PHRASE_WORD in body:
                    raise Violation("post %s is visible with the phrase"
                                    % pid)
                self.public.add(p["marker"])

    def allowed_now(self):
        ok = set()
        for p in self.posts:
            if p["state"] == "visible":
                ok |= p["markers_public"] & self.public - self.forbidden
        return ok

    # --- actions ----------------------------------------------------------

    def pick_member(self):
        return self.rng.choice(self.members)

    def thread(self):
        if not self.threads or len(self.threads) * THREAD_STEPS < self.n:
            m = self.pick_member()
            if m is None:
                return None
            mk = self.marker()
            # the title has a marker of its own kind (tk...): a body's
            # redaction does not change the title
            r = post_form(m[1], "/ask", {
                "title": "Withdrawal question tk%s" % mk[2:],
                "body": "%s My withdrawal is still pending after three "
                        "days, what should I check?" % mk,
                "category": self.t.category, "tags": "withdrawal"})
            if r.status != 303:
                return None
            tid = int(r.headers["Location"].rsplit("/", 1)[1].split("?")[0])
            qid = int(self.db.query(
                "SELECT id FROM posts WHERE thread_id = %d AND kind = "
                "'question'" % tid))
            self.threads.append(tid)
            self.add_post(qid, tid, m[0], mk)
            self.sync()     # the question was public before this step acts
        return self.threads[-1]

    def add_post(self, pid, tid, author, marker):
        self.posts.append({"id": pid, "thread": tid, "author": author,
                           "marker": marker, "state": "?", "revision": 1,
                           "markers_public": {marker},
                           "events": [], "events_markers": {marker},
                           "thread_visible": True})

    def posts_of(self, tid, states=None):
        return [p for p in self.posts if p["thread"] == tid and
                (states is None or p["state"] in states)]

    def step(self, action, arg, r):
        """Performs one action with the step's own random draws (seed r);
        returns the markers it introduced."""
        self.rng = rng = random.Random(r)
        self.touched = None
        tid = self.thread()
        if tid is None:
            return []
        if action == "answer":
            m = self.pick_member()
            if m is None:
                return []
            mk, body = self.text(arg)
            if rng.random() < 0.5:
                r = post_form(m[1], "/t/%d/answer" % tid, {"body": body})
                loc = r.headers.get("Location") or ""
                mm = re.search(r"#p(\d+)$", loc)
            else:
                r = m[1].post("/api/v1/threads/%d/answers" % tid,
                              {"body": body}, headers={
                                  "X-CSRF-Token": m[1].csrf,
                                  "Origin": "http://127.0.0.1:%d"
                                  % self.t.port})
                mm = None
                if r.status == 201:
                    mm = re.match(r"(\d+)", str(json.loads(r.body)["id"]))
            if mm:
                self.add_post(int(mm.group(1)), tid, m[0], mk)
                self.touched = int(mm.group(1))
            return [mk]
        if action == "official":
            mk, body = self.text("clean")
            r = post_form(self.sc, "/t/%d/answer" % tid,
                          {"body": body, "official": "1"})
            mm = re.search(r"#p(\d+)$", r.headers.get("Location") or "")
            if mm:
                self.add_post(int(mm.group(1)), tid, self.staff, mk)
            return [mk]
        posts = self.posts_of(tid)
        if not posts:
            return []
        p = rng.choice(posts)
        self.touched = p["id"]
        if action not in ("edit", "redact"):
            p["events"].append((action,))
        if action == "edit":
            mk, body = self.text(arg)
            author = [m for m in self.members if m[0] == p["author"]]
            if p["author"] == self.staff:
                c = self.sc
            elif author and rng.random() < 0.7:
                c = author[0][1]
            else:
                c = self.members[3][1]      # trust 2: may edit members' posts
            r = post_form(c, "/p/%d/edit" % p["id"], {"body": body})
            p["events"].append(("edit", arg, mk, r.status))
            p["events_markers"].add(mk)
            if r.status == 303:
                p["markers_public"].add(mk)
            self.touched = p["id"]
            return [mk]
        if action == "approve":
            post_form(self.mc, "/mod/post/%d" % p["id"],
                      {"action": "approve"})
            return []
        if action == "redact":
            mk, body = self.text("clean")
            r = post_form(self.mc, "/mod/post/%d" % p["id"],
                          {"action": "edit", "body": body})
            p["events"].append(("redact", mk, r.status))
            p["events_markers"].add(mk)
            self.touched = p["id"]
            if r.status == 303:
                # every earlier text of the post is gone for good
                self.forbidden |= p["markers_public"]
                p["markers_public"] = {mk}
            return [mk]
        if action == "remove":
            post_form(self.mc, "/mod/post/%d" % p["id"],
                      {"action": "remove", "reason": "spam", "confirm": "1"})
            return []
        if action == "restore":
            lid = self.db.query(
                "SELECT id FROM mod_log WHERE target_kind = 'post' AND "
                "target_id = %d AND action = 'remove' AND NOT EXISTS "
                "(SELECT 1 FROM mod_log u WHERE u.undo_of = mod_log.id) "
                "ORDER BY id DESC LIMIT 1" % p["id"])
            if lid:
                post_form(self.mc, "/mod/log/%s/undo" % lid,
                          {"confirm": "1", "note": "property"})
            return []
        if action == "verify":
            post_form(self.sc, "/p/%d/verify" % p["id"],
                      {"on": "1", "revision": str(p["revision"])})
            return []
        if action == "flag":
            for m in self.members[:3]:
                if m[0] != p["author"]:
                    post_form(m[1], "/p/%d/flag" % p["id"],
                              {"reason": "spam"})
            return []
        if action == "purge":
            if p["author"] in (self.staff, self.mod):
                return []
            r = post_form(self.mc, "/mod/user/%d/purge" % p["author"], {
                "what": "purge", "days": "1", "reason": "spam",
                "confirm": "1"})
            if r.status in (200, 303):
                self.purged.add(p["author"])
                # a new member takes the purged one's place (same trust)
                for k, mm in enumerate(self.members):
                    if mm[0] == p["author"]:
                        trust = (0, 1, 1, 2)[k]
                        name = uniq("pm")
                        uid = user(name, trust=trust,
                                   age_days=0 if trust == 0 else 90)
                        self.members[k] = (uid, self.t.client_for(uid), name)
            return []
        raise AssertionError(action)

    # --- what a stranger sees ----------------------------------------------

    def views(self, tid, touched, markers, sweep):
        """What a stranger (and another member) can reach now: the touched
        thread and post every step; everything else on a sweep."""
        v = ["/t/%d" % tid, "/t/%d" % tid, "/t/%d?page=1" % tid,
             "/api/v1/threads/%d" % tid]
        posts = self.posts_of(tid) if sweep else \
            [p for p in self.posts if p["id"] == touched]
        v += ["/p/%d/history" % p["id"] for p in posts]
        v += ["/api/v1/search?q=%s" % mk for mk in markers]
        if sweep:
            v += ["/search?q=%s" % mk for mk in markers]
            v += ["/staff", "/staff/feed.atom", "/moderation",
                  "/u/%s/answers" % self.members[2][2],
                  ("member", "/notifications")]
        return v

    def check(self, tid, touched, markers, sweep):
        if PLANT:
            for p in self.posts:
                ev = [e[0] for e in p["events"]
                      if e[0] != "redact" or e[2] == 303]
                if "redact" in ev and "verify" in ev[ev.index("redact"):]:
                    raise Violation("planted: post %d verified after a "
                                    "redaction" % p["id"])
        ok = self.allowed_now()
        anon = self.t.client()
        m = self.members[1]
        for v in self.views(tid, touched, markers, sweep):
            if isinstance(v, tuple):
                r = m[1].get(v[1])
                path = v[1]
            else:
                r = anon.get(v)
                path = v
            if r.status >= 500:
                raise Violation("%s: status %d" % (path, r.status))
            body = r.body if isinstance(r.body, str) else ""
            if path.startswith("/search"):
                # the query is echoed in the search box: read the hits
                body = "".join(re.findall(
                    r'<li class="search-hit">.*?</li>', body, re.S))
            elif path.startswith("/api/v1/search") and r.status == 200:
                body = json.dumps(json.loads(body).get("results", []))
            if PHRASE_WORD in body and path not in self.t.phrase_before:
                raise Violation("%s shows the recovery phrase" % path)
            for mk in set(MARK.findall(body)):
                if mk not in ok and mk not in self.t.old_markers:
                    raise Violation("%s shows %s, which is not public "
                                    "(forbidden: %s)\n%s" % (
                                        path, mk, mk in self.forbidden,
                                        self.story(mk)))
        if not sweep:
            return
        # the thread's counters, kept by increment, equal a recount
        bad = counters_drift(self.db, self.threads)
        if bad:
            raise Violation("thread counters [answers, official, verified, "
                            "visible, accepted] differ from the recount "
                            "(stored, recounted): %r" % bad)
        # a removed post's placeholder never names its author
        page = anon.get("/t/%d?page=1" % tid).body or ""
        names = {m[0]: m[2] for m in self.members}
        for p in self.posts_of(tid, ("removed",)):
            art = re.search(r'<article [^>]*id="p%d".*?</article>' % p["id"],
                            page, re.S)
            if art and p["author"] in names and \
                    names[p["author"]] in art.group(0):
                raise Violation("removed post %d names its author"
                                % p["id"])
        j = anon.get("/api/v1/threads/%d" % tid)
        if j.status == 200:
            for jp in json.loads(j.body).get("posts", []):
                if jp.get("state") == "removed" and jp.get("author"):
                    raise Violation("thread API names the author of "
                                    "removed post %d" % jp["id"])

    def story(self, mk):
        """The test's record and the store's revisions of mk's post."""
        for p in self.posts:
            if mk in p["markers_public"] or mk in p["events_markers"]:
                revs = harness.psql(
                    "SELECT revision, public, redacted_at IS NOT NULL, "
                    "left(body_md, 12) FROM post_revisions WHERE post_id "
                    "= %d ORDER BY revision" % p["id"])
                return "post %d state %s; events %s; revisions:\n%s" % (
                    p["id"], p["state"], p["events"], revs)
        return "(marker of no known post)"


ACTIONS = [("answer", "clean", 14), ("answer", "phone", 5),
           ("answer", "secret", 4), ("official", None, 3),
           ("edit", "clean", 10), ("edit", "phone", 3), ("edit", "secret", 3),
           ("approve", None, 10), ("redact", None, 6), ("remove", None, 5),
           ("restore", None, 4), ("verify", None, 5), ("flag", None, 3),
           ("purge", None, 1)]


def plan(rng, n):
    """n steps (action, argument, the step's own seed)."""
    pop = [(a, g) for a, g, w in ACTIONS for _ in range(w)]
    return [rng.choice(pop) + (rng.randrange(2 ** 32),) for _ in range(n)]


class VisibilityProperty(harness.ServerTest):

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
        # Thousands of random removals "as spam" of ordinary support texts
        # teach the learned classifier that ordinary support language is
        # spam; the tests that run after this one must not inherit that.
        harness.psql("DROP TABLE IF EXISTS t171_tokens, t171_totals; "
                     "CREATE TABLE t171_tokens AS TABLE filter_tokens; "
                     "CREATE TABLE t171_totals AS TABLE filter_totals")
        self.addCleanup(harness.psql,
                        "BEGIN; DELETE FROM filter_tokens; "
                        "INSERT INTO filter_tokens TABLE t171_tokens; "
                        "UPDATE filter_totals SET nham = t.nham, "
                        "nspam = t.nspam FROM t171_totals t; "
                        "DROP TABLE t171_tokens, t171_totals; COMMIT")
        self.category = harness.psql(
            "SELECT slug FROM categories ORDER BY id LIMIT 1") or None
        if not self.category:
            harness.psql("INSERT INTO categories (slug, name_ja, name_en) "
                         "VALUES ('prop', 'テスト', 'Test')")
            self.category = "prop"

    def run_plan(self, steps, seed):
        """Runs steps on a fresh world; returns None or (index, message).
        self.world.step_tids[i] is the thread step i acted on.

        A replay (while shrinking) runs on the posts the runs before it
        left: their markers are outside its model and are not judged
        again, nor is a phrase that a site-wide page already showed."""
        if hasattr(self, "world"):
            old = self.world
            for p in old.posts:
                self.old_markers |= p["events_markers"] | p["markers_public"]
            anon = self.client()
            self.phrase_before = {
                v for v in ("/staff", "/staff/feed.atom", "/moderation")
                if PHRASE_WORD in str(anon.get(v).body or "")}
        w = World(self, random.Random(seed))
        w.n = 0
        w.step_tids = []
        self.world = w
        for i, (action, arg, r) in enumerate(steps):
            w.n = i + 1
            try:
                markers = w.step(action, arg, r)
                w.sync()
                tid = w.threads[-1] if w.threads else None
                w.step_tids.append(tid)
                if tid is not None:
                    w.check(tid, w.touched, markers,
                            i % 10 == 9 or i == len(steps) - 1)
            except Violation as e:
                return i, str(e)
        return None

    def shrink(self, steps, seed, tids):
        """The shortest failing sequence found before the deadline: the
        failing thread's own steps if they fail alone, then delta
        debugging (drop halves, quarters, ... single steps)."""
        deadline = time.monotonic() + float(
            os.environ.get("SODAN_PROPERTY_SHRINK_SECONDS") or 120)
        self.replays = 0

        def fails(trial):
            self.replays += 1
            return self.run_plan(trial, seed) is not None

        cur = list(steps)
        last = tids[len(steps) - 1] if len(tids) >= len(steps) else None
        if last is not None:
            first = tids.index(last)
            if first > 0 and fails(cur[first:]):
                cur = cur[first:]
        n = 2
        while len(cur) >= 2 and time.monotonic() < deadline:
            size = -(-len(cur) // n)
            for start in range(0, len(cur), size):
                trial = cur[:start] + cur[start + size:]
                if trial and fails(trial):
                    cur = trial
                    n = max(n - 1, 2)
                    break
                if time.monotonic() >= deadline:
                    return cur
            else:
                if size == 1:
                    break
                n = min(n * 2, len(cur))
        return cur

    def test_strangers_see_only_what_was_allowed(self):
        rng = random.Random(SEED)
        steps = plan(rng, STEPS)
        print("t171: seed %d, %d steps" % (SEED, STEPS), file=sys.stderr)
        bad = self.run_plan(steps, SEED)
        w = self.world
        states = {}
        for p in w.posts:
            states[p["state"]] = states.get(p["state"], 0) + 1
        print("t171: %d threads, %d posts, states %s, %d texts public, %d "
              "redacted" % (len(w.threads), len(w.posts), states,
                            len(w.public), len(w.forbidden)),
              file=sys.stderr)
        if bad is None:
            # the run must have exercised the lifecycle, not idled
            self.assertGreater(len(w.posts), STEPS // 4)
            for st in ("visible", "held", "private", "removed"):
                self.assertIn(st, w.seen_states, "no %s post in %d steps"
                              % (st, STEPS))
            return
        idx, msg = bad
        print("t171: seed %d: step %d: %s" % (SEED, idx, msg),
              file=sys.stderr)
        tids = list(w.step_tids)
        short = self.shrink(steps[:idx + 1], SEED, tids)
        again = self.run_plan(short, SEED)
        self.fail("shortest failing sequence found (%d of %d steps, %d "
                  "replays; the whole run replays with "
                  "SODAN_PROPERTY_SEED=%d):\n  %s\nit fails with: %s\n"
                  "seed %d: step %d: %s"
                  % (len(short), idx + 1, self.replays, SEED,
                     "\n  ".join("%s %s #%d" % s for s in short),
                     again[1] if again else "(no longer fails)",
                     SEED, idx, msg))


if __name__ == "__main__":
    harness.main()
