#!/usr/bin/env python3
"""bench/waits.py: where sodan's threads and PostgreSQL's backends wait.

    bench/waits.py PID PGHOST OUT      (bench/app.sh runs it with BENCH_PERF=1)

perf samples only threads that are on a CPU; a thread that waits for
PostgreSQL or for a job does not show up.  This samples, ten times a
second until SIGINT or SIGTERM, (1) every thread of PID: its scheduler
state (R running or runnable, S sleeping, D disk) and the kernel function
it sleeps in (/proc/PID/task/TID/wchan: ep_poll is an event loop waiting
for sockets, futex_wait_queue an app thread waiting for a job or a lock,
do_sys_poll an app thread waiting for PostgreSQL or Redis), and (2) the
active backends of the database `sodan` on the PostgreSQL at PGHOST (a
socket directory): wait_event_type:wait_event, or CPU when a backend
waits for nothing.  At the end it writes both tallies, most frequent
first, with their share of all samples, to OUT.
"""
import collections
import os
import signal
import subprocess
import sys
import time

pid, pghost, out = sys.argv[1], sys.argv[2], sys.argv[3]
threads = collections.Counter()
backends = collections.Counter()
nsamples = 0
stop = False


def on_signal(_sig, _frm):
    global stop
    stop = True


signal.signal(signal.SIGINT, on_signal)
signal.signal(signal.SIGTERM, on_signal)

# one psql for the whole run, fed a query per sample
psql = subprocess.Popen(
    ["/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-At", "-h", pghost,
     "-U", "sodan", "-d", "postgres"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    text=True, bufsize=1)
QUERY = ("SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') "
         "FROM pg_stat_activity WHERE datname = 'sodan' AND state = 'active' "
         "UNION ALL SELECT '--end--';\n")


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


while not stop:
    task = "/proc/%s/task" % pid
    try:
        tids = os.listdir(task)
    except OSError:
        break
    for tid in tids:
        stat = read("%s/%s/stat" % (task, tid))
        if not stat:
            continue
        state = stat[stat.rindex(")") + 2]
        wchan = read("%s/%s/wchan" % (task, tid)) or "-"
        threads["%s %s" % (state, "running" if state == "R" else wchan)] += 1
    try:
        psql.stdin.write(QUERY)
        psql.stdin.flush()
        for line in psql.stdout:
            line = line.strip()
            if line == "--end--":
                break
            backends[line] += 1
    except (BrokenPipeError, OSError):
        pass
    nsamples += 1
    time.sleep(0.1)

try:
    psql.stdin.close()
    psql.wait(timeout=5)
except Exception:
    psql.kill()
with open(out, "w") as f:
    f.write("%d samples, 10 a second\n\n" % nsamples)
    f.write("sodan threads (state, kernel wait function): thread-samples, "
            "share\n")
    tot = sum(threads.values()) or 1
    for k, v in threads.most_common():
        f.write("  %-40s %7d %5.1f%%\n" % (k, v, 100.0 * v / tot))
    f.write("\nPostgreSQL active backends of `sodan` (wait event, CPU = "
            "none): backend-samples, share\n")
    tot = sum(backends.values()) or 1
    for k, v in backends.most_common():
        f.write("  %-40s %7d %5.1f%%\n" % (k, v, 100.0 * v / tot))
