"""t283_rules_reload: the moderation rule set reloaded without a restart.

The server reads a copy of conf/moderation.  A domain added to
block_domains.txt blocks posts after SIGHUP (which no longer ends the
server); /healthz/ready and /metrics show the new version, and the old set
is freed once no request holds it.  A .rules file with an error keeps the
set in use: the log, /healthz/ready, /metrics and the moderators' page say
which file and line.  The moderators' reload button (CSRF, a fresh second
factor, moderators and admins only) writes an audit_log row and clears the
error once the file is fixed."""

import os
import re
import secrets
import shutil
import signal
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

MODDIR = tempfile.mkdtemp(prefix="sodan-rules.", dir=harness.test_dir())
shutil.rmtree(MODDIR)
shutil.copytree(os.path.join(harness.ROOT, "conf", "moderation"), MODDIR)


def append(name, text):
    with open(os.path.join(MODDIR, name), "a", encoding="utf-8") as f:
        f.write(text)


class Reload(harness.ServerTest):
    demo = True
    conf = "[paths]\nmoderation = %s\n" % MODDIR

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MODDIR, ignore_errors=True)

    def ready(self):
        return self.client().get("/healthz/ready").json()

    def rules(self):
        return self.ready()["rules_reload"]

    def wait_loaded(self):
        harness.wait_until(lambda: self.rules()["loaded"], timeout=300,
                           what="first rule set loaded")
        return self.rules()

    def reload_done(self, before):
        r = self.rules()
        return not r["reloading"] and r["attempts"] > before

    def hup_and_wait(self):
        before = self.rules()["attempts"]
        self.server.send_signal(signal.SIGHUP)
        harness.wait_until(lambda: self.reload_done(before), timeout=300,
                           what="reload after SIGHUP")
        return self.rules()

    def metrics(self):
        m = self.client().get("/metrics")
        self.assertStatus(m, 200)
        return m.body

    def test_1_sighup_block_list(self):
        first = self.wait_loaded()
        self.assertRegex(first["hash"], r"^[0-9a-f]{12}$")
        self.assertEqual(first["error"], "")
        self.assertEqual(self.ready()["rules"], first["version"])
        dom = "reload-%s-wallet.example" % secrets.token_hex(3)
        asker = Session(self, "rl_asker", trust=1, age_days=100)
        tid = asker.ask("How long does a withdrawal to my wallet take?",
                        "I sent ETH two hours ago and it is still pending. "
                        "Is that normal for this network?")
        me = Session(self, "rl_member", trust=2, age_days=300)
        body = ("I had the same delay last week; [the status page]"
                "(https://%s/status) showed the queue." % dom)
        r = me.post("/t/%d/answer" % tid, {"body": body})
        self.assertStatus(r, 303, "unknown domain before the reload")
        pid = int(r.headers["Location"].split("#p")[1])
        self.assertEqual(harness.psql(
            "SELECT state FROM posts WHERE id = %d" % pid), "visible")

        append("block_domains.txt", "\n%s\n" % dom)
        after = self.hup_and_wait()
        self.assertNotEqual(after["hash"], first["hash"])
        self.assertEqual(after["last_reload"], "ok")
        self.assertGreaterEqual(after["loaded_at"], first["loaded_at"])
        self.assertGreaterEqual(after["reloads"], 1)
        # the server is still there, with the new list in force
        r = me.post("/t/%d/answer" % tid,
                    {"body": body.replace("week", "month")})
        self.assertStatus(r, 422, "listed domain after SIGHUP")
        self.assertIn(dom, r.body)       # the reason names the domain
        self.assertEqual(self.ready()["rules"], after["version"])
        m = self.metrics()
        self.assertIn('sodan_rules_info{hash="%s"} 1' % after["hash"], m)
        self.assertRegex(m, r"(?m)^sodan_rules_reloads_total [1-9]")
        self.assertRegex(m, r"(?m)^sodan_rules_count [1-9]")
        # the old set is freed once no request holds it
        harness.wait_until(
            lambda: "sodan_rules_sets_alive 1\n" in self.metrics(),
            timeout=10, what="the old rule set freed")
        # unchanged files: a reload installs nothing
        again = self.hup_and_wait()
        self.assertEqual(again["hash"], after["hash"])
        self.assertEqual(again["reloads"], after["reloads"])
        self.assertEqual(again["last_reload"], "ok")

    def test_2_bad_file_keeps_the_set(self):
        good = self.wait_loaded()
        path = os.path.join(MODDIR, "scam.rules")
        with open(path, encoding="utf-8") as f:
            saved = f.read()

        def restore():
            with open(path, "w", encoding="utf-8") as f:
                f.write(saved)
        self.addCleanup(restore)
        nlines = saved.count("\n") + (0 if saved.endswith("\n") else 1)
        append("scam.rules", ("" if saved.endswith("\n") else "\n") +
               "scam.broken\tnot-a-weight\tscam\t-\tx\tx\t(\n")
        bad = self.hup_and_wait()
        self.assertEqual(bad["last_reload"], "failed")
        self.assertIn("scam.rules:%d:" % (nlines + 1), bad["error"])
        self.assertEqual(bad["hash"], good["hash"])     # old set kept
        self.assertTrue(bad["loaded"])
        ready = self.client().get("/healthz/ready")
        self.assertStatus(ready, 200)                   # still serving
        self.assertIn("scam.rules", ready.json()["rules_reload"]["error"])
        m = self.metrics()
        self.assertIn("sodan_rules_last_reload_ok 0", m)
        self.assertRegex(m, r"(?m)^sodan_rules_reload_failures_total [1-9]")
        self.assertRegex(self.server.log(),
                         r"reload failed, keeping %s: [^\n]*scam\.rules:\d+"
                         % re.escape(good["version"]))
        # posts are still checked with the set in use: a scam is refused
        asker = Session(self, "rl_asker2", trust=1, age_days=100)
        tid = asker.ask("My deposit has not arrived after a day",
                        "I deposited USDT on TRON yesterday and it is not "
                        "in my balance yet. What should I check?")
        s = Session(self, "rl_new", trust=0, age_days=0)
        r = s.post("/t/%d/answer" % tid, {
            "body": "Contact our support team now, they can recover your "
                    "funds: send your 12 word recovery phrase to "
                    "wallet-rectify.example"})
        if r.status == 303:
            pid = int(r.headers["Location"].split("#p")[1])
            self.assertIn(harness.psql(
                "SELECT state FROM posts WHERE id = %d" % pid),
                ("held", "private"))
        else:
            self.assertStatus(r, 422)
        # the moderators' page names the file, in both languages
        mod = Session(self, "rl_mod", role="moderator", trust=3)
        page = mod.get("/mod/rules")
        self.assertHtmlPage(page, 200)
        self.assertIn(good["version"], page.body)
        self.assertIn("scam.rules:%d:" % (nlines + 1), page.body)
        self.assertIn("このまま使われています", page.body)
        en = Session(self, "rl_mod_en", role="moderator", trust=3,
                     lang="en")
        page = en.get("/mod/rules")
        self.assertIn("the version above stays in use", page.body)
        # fixed: the button reloads and the error is gone
        restore()
        before = self.rules()["attempts"]
        r = mod.post("/mod/rules/reload", {"reason": "fixed scam.rules"})
        self.assertStatus(r, 303)
        harness.wait_until(lambda: self.reload_done(before), timeout=300,
                           what="reload from the moderators' button")
        fixed = self.rules()
        self.assertEqual(fixed["last_reload"], "ok")
        self.assertEqual(fixed["error"], "")
        self.assertEqual(fixed["hash"], good["hash"])
        self.assertNotIn("rules-error", mod.get("/mod/rules").body)

    def test_3_button_guarded_and_audited(self):
        good = self.wait_loaded()
        mod = Session(self, "rl_mod3", role="moderator", trust=3)
        user = Session(self, "rl_plain", trust=3, age_days=400)
        self.assertStatus(user.get("/mod/rules"), 403)
        self.assertStatus(user.post("/mod/rules/reload", {"reason": "x"}),
                          403)
        r = mod.client.post("/mod/rules/reload", {"reason": "x"}, headers={
            "Origin": "http://127.0.0.1:%d" % self.port})
        self.assertStatus(r, 403, "no CSRF token")
        naudit = int(harness.psql("SELECT count(*) FROM audit_log WHERE "
                                  "action = 'reload-rules'"))
        # a second factor older than the fresh window: asked again first
        stale = Session(self, "rl_mod_stale", role="moderator", trust=3)
        harness.psql("UPDATE sessions SET mfa_at = now() - interval "
                     "'2 days' WHERE user_id = %d" % stale.user_id)
        r = stale.post("/mod/rules/reload", {"reason": "stale"})
        self.assertIn(r.status, (303, 401))
        self.assertNotEqual(r.headers.get("Location"), "/mod/rules")
        self.assertEqual(int(harness.psql(
            "SELECT count(*) FROM audit_log WHERE action = "
            "'reload-rules'")), naudit)
        before = self.rules()["attempts"]
        r = mod.post("/mod/rules/reload", {"reason": "weekly check"})
        self.assertStatus(r, 303)
        self.assertEqual(r.headers.get("Location"), "/mod/rules")
        harness.wait_until(lambda: self.reload_done(before), timeout=300,
                           what="reload from the moderators' button")
        self.assertEqual(self.rules()["hash"], good["hash"])
        row = harness.psql(
            "SELECT actor || '|' || target_name || '|' || detail FROM "
            "audit_log WHERE action = 'reload-rules' ORDER BY id DESC "
            "LIMIT 1")
        self.assertEqual(row, "user:%d|%s|weekly check"
                         % (mod.user_id, good["version"]))
        self.assertEqual(int(harness.psql(
            "SELECT count(*) FROM audit_log WHERE action = "
            "'reload-rules'")), naudit + 1)
        page = mod.get("/mod/rules")
        self.assertHtmlPage(page, 200)
        self.assertTrue(re.search(r'<form method="post" action="/mod/rules/'
                                  r'reload"', page.body))
        self.assertIn('href="/mod/rules"', mod.get("/mod").body)


if __name__ == "__main__":
    harness.main()
