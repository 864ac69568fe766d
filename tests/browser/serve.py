#!/usr/bin/env python3
"""tests/browser/serve.py: run a command against a real sodan (python3, stdlib).

    python3 tests/browser/serve.py [--no-summary] -- CMD [ARG...]

Starts the sanitizer build (or $SODAN_BIN) with the demo data through
tests/http/harness.py -- the same stack set-up as the HTTP tests: the
driver's throw-away PostgreSQL and Redis (SODAN_TEST_DIR), or a private
stack when run on its own -- then runs CMD with SODAN_URL set to the
server's address (and SODAN_TEST_DIR, so CMD can reach the database with
psql).  When CMD is done the server gets SIGTERM and must exit 0 with no
sanitizer report in its log.

CMD's output passes through.  Unless --no-summary, the last line printed
is "N passed, N failed" (after "N skipped" when CMD skipped some): CMD's
own last such line, with one more failure
when the server shut down badly or CMD failed without reporting a failure.
The exit status is non-zero on any failure.
"""

import os
import re
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
import harness  # noqa: E402

SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed(, \d+ skipped)?$")


def main(argv):
    summary = True
    if argv and argv[0] == "--no-summary":
        summary = False
        argv = argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.stderr.write(__doc__)
        return 2

    def on_term(*_):
        raise KeyboardInterrupt("SIGTERM")
    signal.signal(signal.SIGTERM, on_term)

    # Real posting limits (journey 5), generous ones for the rest.
    os.environ.setdefault("SODAN_LIMITS", os.path.join(HERE, "limits.conf"))
    harness.reset_redis()       # no counters left by the suites before
    harness.fresh_database()    # the demo forum, not the suites' leftovers
    # Sign in with the exchange's account (journey 20): a real OpenID
    # provider on loopback (tests/oidc, npm oidc-provider) and [oidc] on
    # top of conf/sodan.conf; SODAN_BROWSER_OIDC=0 leaves it out.
    prov = None
    conf = extra = None
    if os.environ.get("SODAN_BROWSER_OIDC", "1") != "0":
        import oidc_util
        # The provider sends the browser back to this server's own
        # callback: its port is chosen now and kept for the start.
        port = harness.free_port()
        redirect = "http://127.0.0.1:%d/login/oidc/callback" % port
        try:
            prov = oidc_util.Provider(redirect)
        except (OSError, RuntimeError, subprocess.CalledProcessError) as e:
            print("serve: the OpenID provider did not start: %s" % e,
                  flush=True)
        else:
            with open(os.path.join(harness.ROOT, "conf", "sodan.conf"),
                      encoding="utf-8") as f:
                conf = f.read() + "\n" + oidc_util.conf(prov,
                                                          redirect=redirect)
            extra = oidc_util.env()
            harness.free_port = lambda: port
    srv = harness.Server(demo=True, name="browser", conf=conf,
                         extra_env=extra)
    passed = failed = 0
    skipped = ""
    rc = 1
    try:
        try:
            srv.start()
        except RuntimeError as e:
            print("serve: the server did not start: %s" % e, flush=True)
            failed = 1
        else:
            env = dict(os.environ, SODAN_URL="http://127.0.0.1:%d" % srv.port,
                       SODAN_SERVER_LOG=srv.log_path)
            env.update(harness.stack_env())
            env["SODAN_TEST_DIR"] = harness.test_dir()
            if prov is not None:
                env["SODAN_OIDC_ISSUER"] = prov.issuer
            p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True,
                                 errors="replace")
            found = False
            try:
                for line in p.stdout:
                    m = SUMMARY.match(line.strip())
                    if m:
                        found = True
                        passed, failed = int(m.group(1)), int(m.group(2))
                        skipped = m.group(3) or ""
                        if not summary:
                            sys.stdout.write(line)
                        continue
                    sys.stdout.write(line)
                    sys.stdout.flush()
                rc = p.wait()
            except KeyboardInterrupt:
                p.terminate()
                p.wait()
                raise
            if rc != 0 and failed == 0:
                print("serve: %s exited with status %d without reporting a "
                      "failure" % (argv[0], rc))
                failed += 1
            elif not found and summary:
                print("serve: %s printed no 'N passed, N failed' line"
                      % argv[0])
                failed += 1
    finally:
        problems = srv.stop() if srv.proc is not None else []
        if prov is not None:
            prov.stop()
        log = srv.log().splitlines()    # before a private stack goes
        harness._stop_own_stack()
    if problems:
        print("serve: server shutdown:\n  " + "\n  ".join(problems[:20]))
        first = next((i for i, ln in enumerate(log)
                      if any(p in ln for p in harness.SANITIZER_PATTERNS)),
                     max(len(log) - 40, 0))
        print("--- server log from the first problem ---\n"
              + "\n".join(log[max(first - 5, 0):first + 80]))
        failed += 1
    elif failed:
        print("--- server log tail ---\n" + "\n".join(log[-25:]))
    if summary:
        if skipped:
            print(skipped.lstrip(", ") + " (neither passed nor failed)")
        print("%d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed or (not summary and rc != 0) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
