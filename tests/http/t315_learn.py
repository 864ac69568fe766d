"""t315_learn: learning from moderators' decisions, end to end.

- Moderators' decisions on the held queue (/mod/post/ID: remove as spam
  or scam, approve) become training rows in the decision's transaction,
  with the features and the language (ja/en) of the text decided on.
- `sodan admin model train` trains on the older 80 %, prints precision
  and recall on the most recent 20 % per language for the new model and
  the model in use, and stores a version; `model list` shows it.
- Promotion is refused for an unknown version; `model promote` puts a model in use on the running server (a
  separate process, as another instance would be) without a restart: a
  new spam-like answer from a trusted member that passed before is now
  held with the learned reason, an honest one still passes.
- A stored model of the features' older version (sodan-linear 1) is
  refused by the running server with the reason in its log; it keeps the
  model it has.
- `model rollback` takes it out of use: the same kind of answer passes.
- A moderator's undo takes the decision out of the training set (the next
  run trains on one decision fewer).
- When moderators start approving what the model holds, the next model's
  held-back precision falls below the floor and promotion is refused.
"""
import hashlib
import os
import re
import secrets
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import post_form, q, uniq  # noqa: E402

GOODS = ["marvelous", "superb", "delicious", "premium", "fantastic",
         "amazing", "glorious", "wonderful"]
THINGS = ["zorblax gummies", "quintara tea", "blorvex capsules",
          "zorblax drops"]
JA_SPAM = ["ゾルブラックスのグミが今だけ半額、{n}箱まとめ買いでさらにお得",
           "クインタラ茶を毎日飲めば元気百倍、{n}個セットを特別価格で",
           "ゾルブラックス健康ドロップ、{n}名様限定の大特価セール開催中"]
JA_HAM = ["出金申請から{n}日たちましたが、まだ反映されていません。",
          "二段階認証のアプリを機種変更で消してしまいました。{n}回試しました。",
          "入金した{n}円が残高に表示されないのですが、確認方法はありますか。"]
EN_HAM = ["My withdrawal of {n} BTC has been pending for two days, is "
          "that normal?",
          "I changed phones and lost my authenticator, I tried {n} times.",
          "The deposit of {n} USDT on the TRON network has not arrived yet."]


def spam_text(i):
    if i % 2:
        return JA_SPAM[i % 3].format(n=i + 3)
    return ("Try the %s %s today, order box number %d for your whole "
            "family" % (GOODS[i % 8], THINGS[i % 4], i + 3))


def ham_text(i):
    if i % 2:
        return JA_HAM[i % 3].format(n=i + 3)
    return EN_HAM[i % 3].format(n=i + 3)


def admin(*args, conf=None):
    env = dict(os.environ, **harness.stack_env())
    cmd = [harness.BIN]
    if conf is not None:
        cmd += ["-c", conf]
    return subprocess.run(cmd + ["admin", "model"] + list(args), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=120, cwd=harness.ROOT)


class Learn(harness.ServerTest):
    """One psql session for every query (a psql per query costs about
    half a second on a loaded machine)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = harness.PsqlSession()
        cls.mod = cls.user(uniq("mod"), role="moderator", trust=3)
        cls.asker = cls.user(uniq("asker"))
        cat = cls.db.query("INSERT INTO categories (slug, name_ja, name_en) "
                           "VALUES ('learn', 'テスト', 'Test') RETURNING id")
        cls.tid = int(cls.db.query(
            "INSERT INTO threads (category_id, author_id, title) VALUES "
            "(%s, %d, 'How do I get my funds back?') RETURNING id"
            % (cat, cls.asker)))
        cls.db.query("INSERT INTO posts (thread_id, author_id, kind, state, "
                     "body_md, body_html) VALUES (%d, %d, 'question', "
                     "'visible', 'I sent funds and they did not arrive.', "
                     "'<p>I sent funds and they did not arrive.</p>')"
                     % (cls.tid, cls.asker))

    @classmethod
    def tearDownClass(cls):
        cls.db.close()
        super().tearDownClass()

    @classmethod
    def user(cls, name, role="user", trust=1, age_days=100):
        return int(cls.db.query(
            "INSERT INTO users (username, username_key, display_name, role, "
            "trust_level, created_at) VALUES (%s, %s, %s, %s, %d, now() - "
            "interval '%d days') RETURNING id" % (q(name), q(name.lower()),
                                                   q(name), q(role), trust,
                                                   age_days)))

    def sign_in(self, uid):
        c = self.client()
        c.port = self.port
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.db.query("INSERT INTO sessions (user_id, token_hash, csrf, "
                      "mfa_at) VALUES (%d, %s, %s, now())" % (
                          uid, q(hashlib.sha256(token.encode()).hexdigest()),
                          q(csrf)))
        c.cookies["sodan_session"] = token
        c.csrf = csrf
        return c

    def held(self, author, body):
        """A held answer with its queue item, as app/post/ stores one."""
        return int(self.db.query(
            "WITH p AS (INSERT INTO posts (thread_id, author_id, kind, "
            "state, body_md, body_html) VALUES (%d, %d, 'answer', 'held', "
            "%s, %s) RETURNING id), k AS (INSERT INTO mod_queue (post_id, "
            "kind) SELECT id, 'held' FROM p) SELECT id FROM p"
            % (self.tid, author, q(body), q("<p>%s</p>" % body))))

    def mc(self):
        return self.sign_in(self.mod)

    def answer(self, body):
        """An answer from a new trusted member; (post id, state)."""
        c = self.sign_in(self.user(uniq("m"), trust=2, age_days=400))
        r = post_form(c, "/t/%d/answer" % self.tid, {"body": body})
        self.assertStatus(r, 303, "answer")
        pid = int(re.search(r"#p(\d+)$", r.headers["Location"]).group(1))
        return pid, self.db.query("SELECT state FROM posts WHERE id = %d"
                                  % pid)

    def decide(self, mc, pid, spam):
        f = {"kind": "held", "action": "remove" if spam else "approve"}
        if spam:
            f.update(reason="spam", confirm="1")
        r = post_form(mc, "/mod/post/%d" % pid, f)
        self.assertStatus(r, 303, "decision on %d" % pid)

    def wait_model(self, v):
        harness.wait_until(
            lambda: ("learned model %d in use" % v) in self.server.log(),
            timeout=15, what="model %d loaded" % v)

    def test_learn_promote_rollback_undo(self):
        mc = self.mc()
        # 1. decisions through the moderators' page
        author = self.user(uniq("au"), trust=0, age_days=1)
        first = int(self.db.query("SELECT coalesce(max(id), 0) FROM "
                                 "mod_training"))
        spam_ids = []
        for i in range(40):
            sp = self.held(author, spam_text(i))
            hp = self.held(author, ham_text(i))
            self.decide(mc, sp, True)
            self.decide(mc, hp, False)
            spam_ids.append(sp)
        rows = self.db.query(
            "SELECT spam, lang, count(*), min(cardinality(features)) FROM "
            "mod_training WHERE id > %d GROUP BY 1, 2 ORDER BY 1, 2"
            % first).splitlines()
        self.assertEqual([r.split("|")[:3] for r in rows], [
            ["f", "en", "20"], ["f", "ja", "20"],
            ["t", "en", "20"], ["t", "ja", "20"]], rows)
        self.assertTrue(all(int(r.split("|")[3]) > 3 for r in rows), rows)

        # 2. before any model: a spam-like answer from a trusted member
        # passes (the rules alone do not hold it)
        _, st = self.answer(spam_text(101))
        self.assertEqual(st, "visible")

        # 3. train from the command line: metrics per language, both models
        # (on this test's decisions alone: other files of a run share the
        # database and leave their moderators' decisions in it)
        self.db.query("DELETE FROM mod_training WHERE id <= %d" % first)
        r = admin("train")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout
        m = re.search(r"model (\d+) trained on 64 decisions; held back the "
                      r"16 most recent \(of 40 spam, 40 ham", out)
        self.assertIsNotNone(m, out)
        v1 = int(m.group(1))
        self.assertIn("new model %d on the held-back decisions:" % v1, out)
        self.assertIn("model in use (none: holds nothing) on the same:", out)
        for lang in ("all", "ja", "en"):
            self.assertEqual(len(re.findall(r"^  %s +precision" % lang, out,
                                            re.M)), 2, out)
        # the new model finds the held-back spam; nothing in use finds none
        new_all = re.search(r"held-back decisions:\n  all  precision (\S+) +"
                            r"recall (\S+)", out)
        self.assertGreaterEqual(float(new_all.group(1)), 0.9, out)
        self.assertGreaterEqual(float(new_all.group(2)), 0.5, out)
        self.assertRegex(out, r"on the same:\n  all  precision - +recall "
                         r"0\.000 +\(tp 0 fp 0 fn 8 tn 8\)")
        self.assertIn("sodan admin model promote %d" % v1, out)
        metrics = self.db.query("SELECT metrics->'new'->'ja'->>'tp', "
                               "metrics->>'held_back', passed FROM "
                               "mod_models WHERE version = %d" % v1)
        self.assertEqual(metrics.split("|")[1:], ["16", "t"])
        r = admin("list")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^  %d  trained .* beats the floors"
                         % v1)

        # 4. promotions refused: no such model; below the floors
        r = admin("promote", "999999")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no model 999999", r.stderr)
        r = admin("promote", "abc")
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a model version", r.stderr)

        # 5. promote: the running server loads it within seconds
        r = admin("promote", str(v1))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("model %d in use" % v1, r.stdout)
        self.wait_model(v1)
        self.assertEqual(self.db.query(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"),
            "model-promote")
        pid, st = self.answer(spam_text(103))          # Japanese spam
        self.assertEqual(st, "held")
        pid2, st2 = self.answer(spam_text(104))        # English spam
        self.assertEqual(st2, "held")
        reasons = self.db.query(
            "SELECT string_agg(reasons, ' ') FROM mod_queue WHERE post_id "
            "IN (%d, %d)" % (pid, pid2))
        self.assertEqual(reasons.count("learned.db"), 2, reasons)
        self.assertIn("model=%d" % v1, reasons)
        for i in (105, 106):                            # honest: published
            _, st = self.answer(ham_text(i))
            self.assertEqual(st, "visible", ham_text(i))
        # the test's own category: files before this one on the same
        # stack may have filled the first page of the whole queue
        r = mc.get("/mod/queue/held?category=learn")
        self.assertIn("/mod/post/%d" % pid, r.body)

        # 5b. a model stored before the features' version 2 (the word
        # prefixes): promoting it is recorded, but the server refuses to
        # score with it, says why in its log and keeps the model it has;
        # rolling back returns to that model
        vold = int(self.db.query(
            "INSERT INTO mod_models (created_by, ntrain, ntest, weights, "
            "metrics, passed) SELECT created_by, ntrain, ntest, "
            "regexp_replace(weights, '^sodan-linear 2 ', 'sodan-linear 1 "
            "'), metrics, passed FROM mod_models WHERE version = %d "
            "RETURNING version" % v1).splitlines()[0])
        r = admin("promote", str(vold))
        self.assertEqual(r.returncode, 0, r.stderr)
        harness.wait_until(
            lambda: ("model %d cannot be loaded, keeping %d" % (vold, v1))
            in self.server.log(), timeout=15, what="old model refused")
        self.assertIn("sodan-linear 1: weights of older features",
                      self.server.log())
        pid3, st3 = self.answer(spam_text(108))
        self.assertEqual(st3, "held")
        self.assertIn("model=%d" % v1, self.db.query(
            "SELECT reasons FROM mod_queue WHERE post_id = %d" % pid3))
        r = admin("rollback")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("model %d in use again (was %d)" % (v1, vold),
                      r.stdout)

        # 6. rollback: no learned model; the same kind of answer passes
        r = admin("rollback")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("model %d taken out of use" % v1, r.stdout)
        self.wait_model(0)
        _, st = self.answer(spam_text(107))
        self.assertEqual(st, "visible")
        r = admin("rollback")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no promotion to go back on", r.stderr)

        # 7. undo takes a decision out of the training set
        lid = int(self.db.query(
            "SELECT id FROM mod_log WHERE target_kind = 'post' AND "
            "target_id = %d AND action = 'remove'" % spam_ids[-1]))
        r = post_form(mc, "/mod/log/%d/undo" % lid, {"confirm": "1"})
        self.assertStatus(r, 200)
        self.assertEqual(self.db.query(
            "SELECT undone_at IS NOT NULL FROM mod_training WHERE "
            "modlog_id = %d" % lid), "t")
        r = admin("train")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("(of 39 spam, 40 ham in all)", r.stdout)

        # 8. the floors: moderators now approve ads like the ones they
        # removed; on these (the most recent, held back) the model's
        # precision falls, and the model made cannot be promoted
        for i in range(200, 210):
            self.decide(mc, self.held(author, spam_text(i)), False)
        r = admin("train")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("it does not beat the floors", r.stdout)
        v_low = int(re.search(r"model (\d+) trained", r.stdout).group(1))
        self.assertEqual(self.db.query("SELECT passed FROM mod_models WHERE "
                                       "version = %d" % v_low), "f")
        r = admin("promote", str(v_low))
        self.assertEqual(r.returncode, 1)
        self.assertIn("did not beat the floors", r.stderr)
        self.assertEqual(self.db.query("SELECT coalesce(version, 0) FROM "
                                       "mod_model_current"), "0")

    def test_y_no_model_said_in_the_readers_language(self):
        """A run that made no model: the trainer's reason (post/learn.h,
        stored in English for the log) stated in the reader's language;
        a message the page does not know is shown as stored."""
        mc = self.mc()
        self.db.query(
            "INSERT INTO mod_train_runs (asked_by, state, finished_at, "
            "message) VALUES ('t315', 'done', now(), 'not enough "
            "decisions: 7 (2 spam, 5 ham); training needs a held-back "
            "fifth and both kinds among the rest')")
        ja = mc.get("/mod/rules", headers={"Accept-Language": "ja"})
        self.assertHtmlPage(ja, 200)
        self.assertIn('<span class="train-result">まだ判断が足りません：7 件'
                      '（スパム・詐欺として削除 2 件、承認 5 件）', ja.body)
        self.assertNotIn("not enough decisions", ja.body)
        en = mc.get("/mod/rules", headers={"Accept-Language": "en"})
        self.assertIn('<span class="train-result">not enough decisions yet: '
                      '7 (2 removed as spam or scam, 5 approved).', en.body)
        self.db.query(
            "INSERT INTO mod_train_runs (asked_by, state, finished_at, "
            "message) VALUES ('t315', 'failed', now(), 'another instance "
            "is training')")
        ja = mc.get("/mod/rules", headers={"Accept-Language": "ja"})
        self.assertIn("別のサーバーが学習中です。", ja.body)
        self.db.query(
            "INSERT INTO mod_train_runs (asked_by, state, finished_at, "
            "message) VALUES ('t315', 'failed', now(), 'a <new> reason')")
        ja = mc.get("/mod/rules", headers={"Accept-Language": "ja"})
        self.assertIn('<code class="train-result">a &lt;new&gt; reason'
                      '</code>', ja.body)

    def test_z_train_button(self):
        """/mod/rules: the learned model and the last run, in ja and en;
        the button (moderators, CSRF) queues a run that this server's
        trainer takes and the page then shows its result."""
        mc = self.mc()
        page = mc.get("/mod/rules")
        self.assertHtmlPage(page, 200)
        self.assertIn("モデレーターの判断からの学習", page.body)
        en = mc.get("/mod/rules", headers={"Accept-Language": "en"})
        self.assertIn("Learning from moderators", en.body)
        self.assertIn("Train now", en.body)
        member = self.sign_in(self.user(uniq("pl"), trust=3))
        self.assertStatus(post_form(member, "/mod/rules/train", {}), 403)
        r = mc.post("/mod/rules/train", {}, headers={
            "Origin": "http://127.0.0.1:%d" % self.port})
        self.assertStatus(r, 403, "no CSRF token")
        n0 = int(self.db.query("SELECT count(*) FROM mod_train_runs"))
        self.assertStatus(post_form(mc, "/mod/rules/train", {}), 303)
        self.assertStatus(post_form(mc, "/mod/rules/train", {}), 303)
        # two asks while the first waits: one run
        runs = self.db.query("SELECT id, state FROM mod_train_runs WHERE "
                             "id > (SELECT coalesce(max(id), 0) - 2 FROM "
                             "mod_train_runs)").splitlines()
        self.assertEqual(int(self.db.query(
            "SELECT count(*) FROM mod_train_runs")), n0 + 1, runs)
        self.assertEqual(self.db.query(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"),
            "model-train")
        harness.wait_until(lambda: self.db.query(
            "SELECT state FROM mod_train_runs ORDER BY id DESC LIMIT 1")
            in ("done", "failed"), timeout=20, what="training run")
        run = self.db.query("SELECT state, version IS NOT NULL, message "
                            "FROM mod_train_runs ORDER BY id DESC LIMIT 1")
        self.assertRegex(run, r"^done\|t\|model \d+: held back \d+, "
                         r"precision", run)
        page = mc.get("/mod/rules", headers={"Accept-Language": "en"})
        self.assertIn("Done:", page.body)
        # the result in the reader's language, from the model's metrics
        m = re.search(r'<span class="train-result">model (\d+), measured '
                      r'on (\d+) decisions held back: precision '
                      r'([0-9.]+ %|undefined), recall ([0-9.]+ %|undefined)'
                      r'\. (It may be promoted|Below the floors)', page.body)
        self.assertIsNotNone(m, page.body[-3000:])
        version = int(self.db.query("SELECT version FROM mod_train_runs "
                                    "ORDER BY id DESC LIMIT 1"))
        self.assertEqual(int(m.group(1)), version)
        self.assertEqual(int(m.group(2)), int(self.db.query(
            "SELECT ntest FROM mod_models WHERE version = %d" % version)))
        ja = mc.get("/mod/rules", headers={"Accept-Language": "ja"})
        self.assertIn("モデル %d。取り分けた %s 件の判断で測定：適合率 "
                      % (version, m.group(2)), ja.body)
        self.assertNotIn("measured on", ja.body)


if __name__ == "__main__":
    harness.main()
