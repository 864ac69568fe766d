#!/usr/bin/env python3
"""t147_search_relevance: how well search finds the thread a member means
(text/fold.c, store/qa.c; docs/qa.md "Search relevance").

In a database of its own: the demo data, then a generated corpus of 1,500
threads on the same subjects (bench/gen.c, the benchmark's generator, with
the server's own folding) as the haystack.  Each query of
bench/relevance.tsv (60 and more, Japanese and English) names the demo
threads that must be in the first five results.  The test computes
recall@5 and MRR (first 20 results) and fails when either falls below
RECALL_MIN or MRR_MIN, set from the measurement in docs/qa.md (the
corpus is generated with a fixed seed, so the figures repeat).  Set
SODAN_RELEVANCE_REPORT=1 for one line per query (bench/relevance.sh).

It also checks what the numbers rest on: the documents are rewritten at
start when their version is older (migration 0080), conjugated forms and
synonyms find their threads, snippets are plain text with the matches
marked, the count, the solved filter and the header's search box.
"""

import os
import re
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import hit_ids  # noqa: E402

RECALL_MIN = 0.80    # measured 0.825 (docs/qa.md)
MRR_MIN = 0.60       # measured 0.672
DB = "relevance"
GEN = os.path.join(harness.ROOT, "build-san", "bench-gen")
TSV = os.path.join(harness.ROOT, "bench", "relevance.tsv")
NT, NP, NU = 1500, 9000, 300

RUN = os.path.join(harness.test_dir(), "run")
URL = "host=%s dbname=%s user=sodan" % (RUN, DB)


def sql(q, db=DB, stdin=None):
    r = subprocess.run([harness.PSQL, "-h", RUN, "-U", "sodan", "-X", "-v",
                        "ON_ERROR_STOP=1", "-Atc", q, db], input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError("psql failed: %s" % r.stderr.decode())
    return r.stdout.decode().strip()


def prepare():
    """A migrated database whose thread and post ids start above the
    corpus's, so the demo loaded next gets the newest ids, as its dates
    say (the generated threads are of 2023)."""
    env = dict(os.environ, SODAN_DATABASE_URL=URL)
    subprocess.run([harness.BIN, "migrate"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sql("SELECT setval('threads_id_seq', 100000); "
        "SELECT setval('posts_id_seq', 100000)")


def load_corpus():
    """The generated threads, as bench/dataset.sh loads them (smaller),
    below the demo's ids; their author of official answers is a generated
    user.  The trigger of migration 0022 indexes them."""
    cats = sql("SELECT string_agg(id::text, ',' ORDER BY id) FROM categories")
    u0, t0, p0 = 200000, 1, 1
    tcols = ("id, category_id, author_id, title, lang, status, visible, "
             "pinned, has_official, answer_count, created_at, "
             "last_activity_at, tags, title_fold")
    pcols = ("id, thread_id, author_id, kind, state, body_md, body_html, "
             "score, created_at, updated_at, search_doc")
    for tbl, cols, args in (
            ("users", "id, username, username_key, display_name, role, "
             "trust_level, lang, created_at", ["users", u0, NU]),
            ("threads", tcols, ["threads", t0, NT, NP, u0, NU, cats, 0, 1]),
            ("posts", pcols, ["posts", t0, NT, NP, u0, NU, cats, 0, 1, p0,
                              u0])):
        # the generator is a short-lived tool: its arena lives to exit
        genv = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
        rows = subprocess.run([GEN, "7"] + [str(a) for a in args],
                              stdout=subprocess.PIPE, check=True,
                              env=genv).stdout
        sql("\\copy %s (%s) from stdin" % (tbl, cols), stdin=rows)


def read_set():
    out = []
    with open(TSV, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            q, keys = line.split("\t")
            out.append((q, keys.split()))
    return out


KEYS = {
    "net": "送金先のネットワークを間違えて%",
    "2fa": "機種変更で二段階認証%",
    "429": "Getting HTTP 429%",
    "call": "Someone called me%",
    "tax": "年間取引報告書%",
    "lock": "パスワードを何度も%",
    "limit": "Why did my limit order%",
    "wd": "How long does a JPY withdrawal%",
    "wdja": "出金が「処理中」%",
}


class SearchRelevance(harness.ServerTest):
    demo = True
    extra_env = {"SODAN_DATABASE_URL": URL}

    @classmethod
    def setUpClass(cls):
        if not os.access(GEN, os.X_OK):
            raise RuntimeError("%s is not built (make SAN=1 unit)" % GEN)
        sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % DB, db="postgres")
        sql("CREATE DATABASE %s" % DB, db="postgres")
        prepare()
        super().setUpClass()
        load_corpus()
        sql("ANALYZE")
        cls.ids = {k: int(sql("SELECT id FROM threads WHERE title LIKE "
                              "'%s'" % v)) for k, v in KEYS.items()}

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % DB, db="postgres")

    def search(self, q, extra=""):
        r = self.client().get("/search?q=" + urllib.parse.quote(q) + extra)
        self.assertEqual(r.status, 200, q)
        return r

    def test_relevance(self):
        qs = read_set()
        self.assertGreaterEqual(len(qs), 60)
        self.assertTrue(any(re.search(r"[ぁ-んァ-ン一-龥]", q) for q, _ in qs))
        self.assertTrue(any(re.fullmatch(r"[ -~]+", q) for q, _ in qs))
        recall = mrr = 0.0
        report = os.environ.get("SODAN_RELEVANCE_REPORT")
        lines = []
        for q, keys in qs:
            want = [self.ids[k] for k in keys]
            got = hit_ids(self.search(q).body)
            r5 = sum(1 for w in want if w in got[:5]) / len(want)
            rank = next((i + 1 for i, g in enumerate(got) if g in want), 0)
            recall += r5
            mrr += 1.0 / rank if rank else 0.0
            lines.append("%-4s rank %-2s %s" % ("ok" if r5 == 1 else "MISS",
                                                rank or "-", q))
        recall /= len(qs)
        mrr /= len(qs)
        if report:
            print("\n".join(lines))
        print("relevance: %d queries, recall@5 %.3f, MRR %.3f"
              % (len(qs), recall, mrr))
        misses = "\n".join(x for x in lines if x.startswith("MISS"))
        self.assertGreaterEqual(recall, RECALL_MIN, misses)
        self.assertGreaterEqual(mrr, MRR_MIN, misses)

    def test_forms_and_synonyms(self):
        # a conjugated form finds the threads about its noun
        self.assertIn(self.ids["wdja"], hit_ids(self.search("出金できない").body))
        # 2FA finds the thread that says 二段階認証
        self.assertIn(self.ids["2fa"], hit_ids(self.search("2FA").body))
        # a verb alone is matched by its dictionary form (通る, 間違える)
        self.assertIn(self.ids["net"],
                      hit_ids(self.search("間違えました").body))

    def test_snippet_count_filters(self):
        r = self.search("2FA")
        b = r.body
        # the match marked, plain text (no ** of the Markdown)
        self.assertRegex(b, r'<p class="snippet">[^<]*<mark>')
        self.assertIn("<mark>二段階認証</mark>", b)
        m = re.search(r'<p class="result-count" role="status">([^<]+)</p>', b)
        self.assertTrue(m, "no result count")
        self.assertRegex(m.group(1), r"\d+")
        for h in re.findall(r'<p class="snippet">(.*?)</p>', b):
            self.assertNotIn("**", h)
        # solved only: a thread with no accepted, official or verified
        # answer is left out
        tax = self.ids["tax"]
        self.assertIn(tax, hit_ids(self.search("年間取引報告書").body))
        self.assertNotIn(tax, hit_ids(self.search("年間取引報告書",
                                                  "&solved=1").body))
        self.assertIn(self.ids["2fa"],
                      hit_ids(self.search("2FA", "&solved=1").body))
        # the checkbox keeps its state
        self.assertIn('name="solved" value="1" checked',
                      self.search("2FA", "&solved=1").body)
        # nothing found: a zero count and the way to ask
        r = self.search("zzqqxxunfindable")
        self.assertIn('<p class="result-count" role="status">', r.body)
        self.assertNotIn('<ol class="search-results">', r.body)
        # the JSON API gives the count and takes the filter
        r = self.client().get("/api/v1/search?q=2FA&solved=1")
        j = r.json()
        self.assertGreaterEqual(j["count"], 1)
        self.assertIn(self.ids["2fa"], [x["id"] for x in j["results"]])

    def test_header_box_and_similar(self):
        for lang in ("ja", "en"):
            c = self.client()
            r = c.get("/", headers={"Cookie": "lang=" + lang})
            self.assertRegex(r.body, r'<form class="header-search" '
                             r'method="get" action="/search" role="search">'
                             r'<label class="visually-hidden" '
                             r'for="header-q">[^<]+</label><input '
                             r'id="header-q" name="q" type="search"')
            # the home link's name is its visible text (axe: an
            # aria-label must contain what is seen, docs/ui.md)
            self.assertRegex(r.body, r'<a class="brand" href="/"><span '
                             r'class="brand-mark" aria-hidden="true">[^<]+'
                             r'</span> <span class="brand-name">[^<]+</span>')
        # similar questions use the same engine: a conjugated title
        # finds the 2FA thread, which the title trigram match missed
        r = self.client().get("/api/v1/similar?q=" + urllib.parse.quote(
            "二段階認証が使えません"))
        ids = [t["id"] for t in r.json()["threads"]]
        self.assertIn(self.ids["2fa"], ids)

    def test_reindex_at_start(self):
        # an older document version: the server rewrites every document at
        # start (the demo's question about 二段階認証 gets 使エル)
        pid = sql("SELECT p.id FROM posts p JOIN threads t ON t.id = "
                  "p.thread_id WHERE t.title LIKE '%s' AND p.kind = "
                  "'question'" % KEYS["2fa"])
        sql("UPDATE posts SET search_doc = 'stale' WHERE id = %s; "
            "UPDATE search_state SET doc_version = 1" % pid)
        self.server.stop()
        self.server.start()
        self.__class__.port = self.server.port
        doc = sql("SELECT search_doc FROM posts WHERE id = %s" % pid)
        self.assertNotEqual(doc, "stale")
        self.assertIn("二段 段階", doc)
        self.assertEqual(sql("SELECT doc_version FROM search_state"), "2")
        self.assertEqual(sql("SELECT count(*) FROM post_search s JOIN posts "
                             "p ON p.id = s.post_id WHERE s.tsv::text LIKE "
                             "'%%stale%%'"), "0")


if __name__ == "__main__":
    harness.main()
