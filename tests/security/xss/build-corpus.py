#!/usr/bin/env python3
"""tests/security/xss/build-corpus.py: (re)build payloads.jsonl, the XSS corpus.

Every payload comes from a public list shipped in a Debian 12 package; the
corpus is kept in the repository as data (payloads.jsonl, one JSON object a
line: {"id", "src", "p"}) so the tests need none of these packages.  To
rebuild it (e.g. after a package update):

    cd "$(mktemp -d)" && apt-get download wapiti wfuzz \
        golang-github-microcosm-cc-bluemonday-dev
    for d in *.deb; do dpkg-deb -x "$d" x; done
    tests/security/xss/build-corpus.py "$PWD/x" > tests/security/xss/payloads.jsonl

Sources (see src on each line):
  - wapiti 3.0.4+dfsg-2: wapitiCore/data/attacks/xssPayloads.ini, every
    `payload =` (its __XSS__ marker becomes the string XSSMARK);
  - wfuzz 3.1.0-2: wordlist/Injections/XSS.txt (all lines) and
    wordlist/Injections/All_attack.txt (the lines that are markup or script);
  - golang-github-microcosm-cc-bluemonday-dev 1.0.20-1: sanitize_test.go,
    the inputs of TestAntiSamy, TestXSS (the OWASP XSS Filter Evasion Cheat
    Sheet, as bluemonday transcribed it) and the other tests whose input
    carries markup, script URLs or event handlers (of the CSS-only tests,
    *Style*/TestMatchingHandler, only inputs that carry script).
Duplicates (exact, after the marker substitution) are kept once.
"""
import json
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "x"
ACTIVE = re.compile(r"<|javascript:|vbscript:|\bon\w+\s*=|expression\s*\(|"
                    r"data:text|&#|\\u00|livescript:", re.I)

SCRIPT = re.compile(r"script|\bon\w+\s*=|expression\s*\(|url\s*\(", re.I)


def go_strings(src):
    """The in: "..." / in: `...` literals of a Go test file, decoded."""
    out = []
    for m in re.finditer(r'\bin:\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)', src):
        lit = m.group(1)
        if lit[0] == "`":
            out.append(lit[1:-1])
            continue
        body = lit[1:-1]
        # Go and Python share these escapes (\n \t \" \\ \xNN \uNNNN);
        # \xNN in Go is a byte, so decode through latin-1 then UTF-8.
        b = bytearray()
        i = 0
        while i < len(body):
            c = body[i]
            if c != "\\":
                b += c.encode("utf-8")
                i += 1
                continue
            n = body[i + 1]
            simple = {"n": b"\n", "t": b"\t", "r": b"\r", '"': b'"',
                      "\\": b"\\", "'": b"'", "a": b"\a", "b": b"\b",
                      "f": b"\f", "v": b"\v", "0": b"\0"}
            if n == "x":
                b.append(int(body[i + 2:i + 4], 16))
                i += 4
            elif n == "u":
                b += chr(int(body[i + 2:i + 6], 16)).encode("utf-8")
                i += 6
            elif n == "U":
                b += chr(int(body[i + 2:i + 10], 16)).encode("utf-8")
                i += 10
            elif n in simple:
                b += simple[n]
                i += 2
            else:
                b += ("\\" + n).encode()
                i += 2
        out.append(b.decode("utf-8", errors="replace"))
    return out


def main():
    seen = set()
    rows = []

    def add(src, p):
        p = p.replace("__XSS__", "XSSMARK")
        if not p.strip() or p in seen:
            return
        seen.add(p)
        rows.append({"id": len(rows) + 1, "src": src, "p": p})

    w = os.path.join(ROOT, "usr/lib/python3/dist-packages/wapitiCore/data/"
                     "attacks/xssPayloads.ini")
    section = ""
    with open(w, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\[(.*)\]\s*$", line)
            if m:
                section = m.group(1)
            m = re.match(r"^payload\s*=\s?(.*?)\n?$", line)
            if m:
                p = m.group(1)
                for k, v in (("[TAB]", "\t"), ("[LF]", "\n"), ("[FF]", "\f")):
                    p = p.replace(k, v)
                src = "debian:wapiti 3.0.4+dfsg-2 xssPayloads.ini [%s]" % section
                if "[ATTR_SEP]" in p or "[VALUE_SEP]" in p:
                    for a, v in ((" ", ""), ('"', '"')):
                        add(src, "y" + p.replace("[ATTR_SEP]", a)
                            .replace("[VALUE_SEP]", v))
                else:
                    add(src, p)
    wl = os.path.join(ROOT, "usr/share/wfuzz/wordlist/Injections")
    for name, filt in (("XSS.txt", False), ("All_attack.txt", True)):
        with open(os.path.join(wl, name), encoding="utf-8",
                  errors="replace") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\r\n")
                if filt and not ACTIVE.search(line):
                    continue
                add("debian:wfuzz 3.1.0-2 Injections/%s:%d" % (name, n), line)
    bm = os.path.join(ROOT, "usr/share/gocode/src/github.com/microcosm-cc/"
                      "bluemonday/sanitize_test.go")
    with open(bm, encoding="utf-8") as f:
        src = f.read()
    funcs = list(re.finditer(r"^func (Test\w+)", src, re.M))
    for k, fm in enumerate(funcs):
        end = funcs[k + 1].start() if k + 1 < len(funcs) else len(src)
        cssonly = "Style" in fm.group(1) or fm.group(1) == "TestMatchingHandler"
        for s in go_strings(src[fm.start():end]):
            if cssonly and not SCRIPT.search(s):
                continue
            if ACTIVE.search(s):
                add("debian:golang-github-microcosm-cc-bluemonday-dev 1.0.20-1 "
                    "sanitize_test.go %s" % fm.group(1), s)
    for r in rows:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    sys.stderr.write("%d payloads\n" % len(rows))


main()
