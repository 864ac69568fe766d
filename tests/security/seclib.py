"""tests/security/seclib.py: what the security tools share.

Imports the integration harness (tests/http/harness.py) and sets the
sanitizer options tests/run sets (with tests/lsan.supp), so a tool run on
its own judges the server's exit the same way the test suites do.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))

os.environ.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1")
os.environ.setdefault("LSAN_OPTIONS", "suppressions=%s:print_suppressions=0"
                      % os.path.join(ROOT, "tests", "lsan.supp"))
os.environ.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")

import harness  # noqa: E402,F401

# make security loads the demo data once, before its first step
# (scripts/security.sh: `seclib.py load-demo`), and sets SEC_DEMO_LOADED=1;
# the tools then start their servers without running `sodan demo` again.
# Run again on the grown database it would hash a password for each of the
# XSS run's ~400 accounts (over 120 s under ASan on the loaded machine).
# A tool run on its own loads the demo itself.
DEMO = os.environ.get("SEC_DEMO_LOADED") != "1"


def keep_log(srv, problems):
    """Print the server's log tail when its shutdown had problems."""
    if problems:
        print("server shutdown problems:\n  " + "\n  ".join(problems[:20]))
        print("--- %s (tail) ---\n%s" % (srv.log_path, srv.log_tail(60)))


def load_demo():
    """`sodan migrate` and `sodan demo` on the stack of SODAN_TEST_DIR;
    prints the seconds each took and exits non-zero if one failed."""
    import time
    srv = harness.Server(name="demo")
    for sub in ("migrate", "demo"):
        t = time.monotonic()
        r = srv.run(sub)
        print("sodan %s: exit %d, %.1f s" % (sub, r.returncode,
                                             time.monotonic() - t))
        if r.returncode != 0:
            print(r.stdout[-2000:] + r.stderr[-4000:])
            return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["load-demo"]:
        sys.exit("usage: tests/security/seclib.py load-demo")
    sys.exit(load_demo())
