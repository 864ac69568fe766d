#!/usr/bin/env python3
"""bench/images.py: what the pixel checks cost (docs/images.md, "Cost").

Not a test: a measurement.  Starts the optimized build (build/sodan, or
$SODAN_BIN) with the demo data against a throw-away PostgreSQL and Redis
(tests/http/harness.py), draws BENCH_IMAGES pictures of five kinds
(ImageMagick with Noto CJK, qrencode), uploads each through POST /uploads
and reads the server's own per-upload log line for the OCR and QR time;
prints the median and p95 per kind and overall, and the upload's
round trip.  Then the queue latency the checks add to other requests:
wrk (BENCH_WRK_CONNS connections, BENCH_WRK_SECONDS) on a signed-in
thread page (a job on the app threads, never the page cache), once alone
and once while BENCH_UPLOADERS clients upload pictures back to back.

    make all && python3 bench/images.py
"""

import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("SODAN_BIN", os.path.join(ROOT, "build", "sodan"))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
import harness  # noqa: E402
from modq_util import user, sign_in, thread, uniq  # noqa: E402

N = int(os.environ.get("BENCH_IMAGES", "40"))
UPLOADERS = int(os.environ.get("BENCH_UPLOADERS", "2"))
WRK_CONNS = int(os.environ.get("BENCH_WRK_CONNS", "8"))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
WORK = tempfile.mkdtemp(prefix="sodan-imgbench.")


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def draw(name, size, pt, lines, bg="white", fmt="png"):
    p = os.path.join(WORK, "%s.%s" % (name, fmt))
    cmd = ["convert", "-size", size, "xc:" + bg, "-font", FONT,
           "-pointsize", str(pt), "-fill", "black"]
    for i, line in enumerate(lines):
        cmd += ["-annotate", "+30+%d" % (int(pt * 1.8) + i * int(pt * 1.9)),
                line]
    run(*cmd, p)
    return p


def pictures():
    """(kind, path) pairs, N in all, round robin over five kinds."""
    out = []
    for i in range(N):
        k = i % 5
        tag = "%04d" % i
        if k == 0:
            out.append(("phone-number", draw(
                "scam" + tag, "900x320", 40,
                ["サポート窓口 ０９０－%04d－５６７８" % (1000 + i),
                 "Telegram: @exchange_help_%s" % tag,
                 "24時間対応 すぐにご連絡ください"])))
        elif k == 1:
            raw = os.path.join(WORK, "qr%s-raw.png" % tag)
            run("qrencode", "-o", raw, "-s", "8",
                "https://bitfIyer-support.com/login?id=%s" % tag)
            p = os.path.join(WORK, "qr%s.png" % tag)
            run("convert", raw, "-bordercolor", "white", "-border", "40", p)
            out.append(("qr-code", p))
        elif k == 2:
            out.append(("recovery-sheet", draw(
                "seed" + tag, "1000x360", 34,
                ["Recovery phrase %s" % tag,
                 "1 abandon   2 ability   3 able   4 about",
                 "5 above   6 absent   7 absorb   8 abstract",
                 "9 absurd   10 abuse   11 access   12 accident"])))
        elif k == 3:
            out.append(("screenshot-1280", draw(
                "shot" + tag, "1280x800", 28,
                ["エラー: 出金に失敗しました (%s)" % tag,
                 "Error 504: Gateway timeout",
                 "しばらくしてからもう一度お試しください",
                 "出金先アドレス: 0x%s" % secrets.token_hex(20),
                 "手数料: 0.0005 BTC    合計: 0.0105 BTC",
                 "Withdrawal ID 2026120412%s" % tag],
                bg="#f4f4f4")))
        else:
            out.append(("photo-4000x3000", draw(
                "photo" + tag, "4000x3000", 120,
                ["レシート %s" % tag, "Total 12,800 JPY",
                 "Thank you for shopping"], bg="#e8e0d0", fmt="jpg")))
    return out


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def upload(client, data, fname):
    b = "----bench%s" % secrets.token_hex(8)
    body = (("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
             "%s\r\n--%s\r\nContent-Disposition: form-data; name=\"file\"; "
             "filename=\"%s\"\r\n\r\n" % (b, client.csrf, b, fname)).encode()
            + data + ("\r\n--%s--\r\n" % b).encode())
    return client.request("POST", "/uploads", body, {
        "Content-Type": "multipart/form-data; boundary=" + b,
        "Origin": "http://127.0.0.1:%d" % client.port})


def wrk(port, cookie, path):
    out = subprocess.run(
        ["wrk", "-t1", "-c%d" % WRK_CONNS, "-d%ds" % WRK_SECONDS, "--latency",
         "-H", "Cookie: sodan_session=%s" % cookie,
         "http://127.0.0.1:%d%s" % (port, path)],
        check=True, capture_output=True, text=True).stdout
    lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)$", out, re.M))
    rps = re.search(r"Requests/sec:\s+(\S+)", out).group(1)
    return rps, lat


def main():
    # One instance, enough upload allowance for the run.
    limits = os.path.join(WORK, "limits.conf")
    with open(limits, "w") as f:
        f.write("[upload]\nburst = 100000\nrate = 1000/sec\n"
                "[global]\nburst = 100000\nrate = 10000/sec\n")
    os.environ["SODAN_LIMITS"] = limits
    srv = harness.Server(demo=True, name="imgbench", conf=(
        "[uploads]\ndir = %s\n" % os.path.join(WORK, "uploads")))
    srv.start()
    try:
        pics = pictures()
        uid = user(uniq("bench"), trust=3)
        c = srv.client()
        c.port = srv.port
        sign_in(c, uid)
        rtt = {}
        for kind, p in pics:
            with open(p, "rb") as f:
                data = f.read()
            t0 = time.monotonic()
            r = upload(c, data, os.path.basename(p))
            dt = (time.monotonic() - t0) * 1000
            if r.status != 200:
                sys.exit("upload of %s: %d %s" % (p, r.status, r.body[:200]))
            rtt.setdefault(kind, []).append(dt)
        time.sleep(0.5)
        lines = re.findall(r"uploads: [0-9a-f]{64} by user \d+: (\d+)x(\d+) "
                           r"\d+ bytes, ocr (\d+) ms \((\w+)\), qr (\d+) ms",
                           srv.log())
        if len(lines) < len(pics):
            sys.exit("found %d log lines for %d uploads" % (len(lines),
                                                            len(pics)))
        lines = lines[-len(pics):]
        by = {}
        for (kind, _), (w, h, ocr, scan, qr) in zip(pics, lines):
            by.setdefault(kind, []).append((int(ocr), int(qr), scan))
        print("picture kind        n   OCR p50  OCR p95  QR p50  QR p95  "
              "upload p50  upload p95  timeouts")
        allo, allq, allr = [], [], []
        for kind in sorted(by):
            o = [x[0] for x in by[kind]]
            q = [x[1] for x in by[kind]]
            to = sum(1 for x in by[kind] if x[2] != "done")
            allo += o
            allq += q
            allr += rtt[kind]
            print("%-18s %3d  %7d  %7d  %6d  %6d  %10.0f  %10.0f  %d" % (
                kind, len(o), statistics.median(o), pct(o, 95),
                statistics.median(q), pct(q, 95),
                statistics.median(rtt[kind]), pct(rtt[kind], 95), to))
        print("%-18s %3d  %7d  %7d  %6d  %6d  %10.0f  %10.0f" % (
            "all", len(allo), statistics.median(allo), pct(allo, 95),
            statistics.median(allq), pct(allq, 95), statistics.median(allr),
            pct(allr, 95)))
        print("(milliseconds; OCR and QR as the server logged them, upload = "
              "the whole POST /uploads round trip)")

        # Queue latency: a signed-in thread page alone, then beside uploads.
        tid, _ = thread(uid, "ベンチマーク用の質問です。画像のテスト")
        wc = srv.client()
        cookie = secrets.token_urlsafe(32)
        import hashlib
        harness.psql("INSERT INTO sessions (user_id, token_hash, csrf) VALUES "
                     "(%d, '%s', 'x')" % (
                         uid, hashlib.sha256(cookie.encode()).hexdigest()))
        del wc
        base = wrk(srv.port, cookie, "/t/%d" % tid)
        stop = threading.Event()
        done = [0]

        def uploader(k):
            cl = srv.client()
            cl.port = srv.port
            sign_in(cl, user(uniq("up"), trust=3))
            i = k
            while not stop.is_set():
                kind, p = pics[i % len(pics)]
                with open(p, "rb") as f:
                    upload(cl, f.read(), os.path.basename(p))
                done[0] += 1
                i += UPLOADERS
        ts = [threading.Thread(target=uploader, args=(k,))
              for k in range(UPLOADERS)]
        for t in ts:
            t.start()
        time.sleep(1)
        busy = wrk(srv.port, cookie, "/t/%d" % tid)
        stop.set()
        for t in ts:
            t.join()
        print("\nthread page, wrk -c%d %ds    req/s     p50      p90      p99"
              % (WRK_CONNS, WRK_SECONDS))
        print("alone                       %8s %8s %8s %8s" % (
            base[0], base[1].get("50"), base[1].get("90"), base[1].get("99")))
        print("with %d uploaders            %8s %8s %8s %8s  (%d uploads)" % (
            UPLOADERS, busy[0], busy[1].get("50"), busy[1].get("90"),
            busy[1].get("99"), done[0]))
    finally:
        srv.stop()
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
