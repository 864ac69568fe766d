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


def keep_log(srv, problems):
    """Print the server's log tail when its shutdown had problems."""
    if problems:
        print("server shutdown problems:\n  " + "\n  ".join(problems[:20]))
        print("--- %s (tail) ---\n%s" % (srv.log_path, srv.log_tail(60)))
