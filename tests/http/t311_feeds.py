"""t311_feeds: block-list feeds read from files in their published formats
(MetaMask eth-phishing-detect config.json, ScamSniffer TSV, JPCERT/CC CSV),
small fixtures written here into a temp dir and named in [feeds].

- the allow list comes first (allow_domains.txt, brands.txt, MetaMask's
  whitelist): those entries are skipped and counted; counts in /metrics;
- a post linking to a listed site (or a subdomain of a listed domain) is
  held with the feed named; a JPCERT entry lists its host only; an allowed
  site listed by a feed is not held;
- "Is this official?" says scam and names the feed (ja, en, JSON);
- on the schedule, a changed feed file is read again and swapped with the
  rule set; a file that does not parse keeps the set in use and says why;
  a file that is gone turns that feed off."""

import json
import os
import secrets
import shutil
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402

DIR = tempfile.mkdtemp(prefix="sodan-feeds.", dir=harness.test_dir())
MM = os.path.join(DIR, "config.json")
SS = os.path.join(DIR, "domains_first_seen.tsv")
JP = os.path.join(DIR, "202510.csv")


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)       # a feed is replaced whole


write(MM, json.dumps({
    "version": 2, "tolerance": 1,
    "fuzzylist": ["metamask.io"],
    "whitelist": ["wl-phish-lookalike.xyz"],
    "blacklist": ["metamask-restore-wallet.xyz", "wl-phish-lookalike.xyz",
                  "github.com", "*.drainer-claims.net"]}))
write(SS, "domain\tfirst_seen_archive_date\tinclusion\n"
          "claim-airdrop-now.top\t2024-03-01\trandom_per_year\n"
          "www.binance.com\t2024-03-02\trandom_per_year\n"
          "not a domain\t2024-03-03\trandom_per_year\n"
          "xn--bnance-3ra.com\t2024-03-04\tall_punycode\n")
write(JP, "date,URL,description\n"
          "2025/10/01 10:00,https://login-bitflyer.hacked-blog.jp/wp/,"
          "bitFlyer\n"
          "2025/10/02 11:00,http://coincheck-jp.example.org/login,"
          "Coincheck\n")


class Feeds(harness.ServerTest):
    demo = True
    conf = ("[feeds]\nmetamask = %s\nscamsniffer = %s\njpcert = %s\n"
            "interval = 1\n" % (MM, SS, JP))

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(DIR, ignore_errors=True)

    def rules(self):
        return self.client().get("/healthz/ready").json()["rules_reload"]

    def metrics(self):
        out = {}
        for line in self.client().get("/metrics").body.splitlines():
            if line.startswith("sodan_feed_"):
                k, v = line.rsplit(" ", 1)
                out[k] = int(v)
        return out

    def wait_loaded(self):
        harness.wait_until(lambda: self.rules()["loaded"], timeout=300,
                           what="first rule set loaded")

    def official(self, q, lang="en"):
        r = self.client().get("/api/v1/official?q=" + urllib.parse.quote(q),
                              headers={"Accept-Language": lang})
        self.assertStatus(r, 200)
        return r.json()["contacts"][0]

    def post_link(self, url):
        s = Session(self, "feed_%s" % secrets.token_hex(3), trust=2,
                    age_days=400)
        tid = s.ask("Is this page the real one for my wallet?",
                    "I was sent this page: is it safe to use? %s"
                    % secrets.token_hex(3))
        pid = s.answer(tid, "I used this page and it worked for me: %s "
                       "(token %s)" % (url, secrets.token_hex(3)))
        return harness.psql("SELECT state || '|' || mod_reasons FROM posts "
                            "WHERE id = %d" % pid).split("|", 1)

    def test_1_counts_and_allow_list_first(self):
        self.wait_loaded()
        m = self.metrics()
        # metamask: 2 listed; github.com (allow_domains.txt) and the
        # whitelisted lookalike skipped
        self.assertEqual(m['sodan_feed_entries{feed="metamask"}'], 2, m)
        self.assertEqual(m['sodan_feed_allowed_skipped{feed="metamask"}'],
                         2, m)
        # scamsniffer: www.binance.com is a brand's domain (brands.txt);
        # "not a domain" is no host name and is dropped
        self.assertEqual(m['sodan_feed_entries{feed="scamsniffer"}'], 2, m)
        self.assertEqual(
            m['sodan_feed_allowed_skipped{feed="scamsniffer"}'], 1, m)
        self.assertEqual(m['sodan_feed_entries{feed="jpcert"}'], 2, m)
        for f in ("metamask", "scamsniffer", "jpcert"):
            self.assertEqual(m['sodan_feed_loaded{feed="%s"}' % f], 1, m)

    def test_2_posts_linking_to_listed_sites_are_held(self):
        self.wait_loaded()
        for url, feed in (
                ("https://claim-airdrop-now.top/claim", "scamsniffer"),
                ("https://app.claim-airdrop-now.top/", "scamsniffer"),
                ("https://metamask-restore-wallet.xyz/", "metamask"),
                ("https://x.drainer-claims.net/mint", "metamask"),
                ("https://login-bitflyer.hacked-blog.jp/wp/", "jpcert")):
            st, why = self.post_link(url)
            self.assertEqual(st, "held", (url, why))
            self.assertIn("link.feed.%s" % feed, why, url)
        # host-only (JPCERT): the rest of the hacked site is not listed;
        # an allowed site a feed lists is never held for it
        for url in ("https://www.hacked-blog.jp/recipes/",
                    "https://github.com/bitcoin/bitcoin"):
            st, why = self.post_link(url)
            self.assertNotIn("link.feed", why, url)

    def test_3_official_names_the_feed(self):
        self.wait_loaded()
        c = self.official("claim-airdrop-now.top")
        self.assertEqual(c["verdict"], "scam", c)
        self.assertIn("feed", [w["code"] for w in c["reasons"]])
        self.assertTrue(any("ScamSniffer" in w["text"]
                            for w in c["reasons"]), c)
        c = self.official("https://login-bitflyer.hacked-blog.jp/x", "ja")
        self.assertEqual(c["verdict"], "scam", c)
        self.assertTrue(any("JPCERT/CC" in w["text"] and "ブロックリスト"
                            in w["text"] for w in c["reasons"]), c)
        r = self.client().get("/official?q=metamask-restore-wallet.xyz",
                              headers={"Accept-Language": "en"})
        self.assertHtmlPage(r, 200)
        self.assertIn("MetaMask eth-phishing-detect", r.body)
        # the allow list wins over the feeds
        self.assertEqual(self.official("github.com")["verdict"], "unknown")
        self.assertEqual(self.official("www.binance.com")["verdict"],
                         "unknown")

    def test_4_schedule_bad_file_and_missing_file(self):
        self.wait_loaded()
        new = "fresh-%s.top" % secrets.token_hex(3)
        self.assertEqual(self.official(new)["verdict"], "unknown")
        before = self.rules()["reloads"]
        with open(SS, encoding="utf-8") as f:
            text = f.read()
        write(SS, text + "%s\t2026-12-04\trandom_per_year\n" % new)
        harness.wait_until(lambda: self.rules()["reloads"] > before,
                           timeout=60, what="the feed read again")
        self.assertEqual(self.official(new)["verdict"], "scam")
        self.assertEqual(
            self.metrics()['sodan_feed_entries{feed="scamsniffer"}'], 3)
        # a file that does not parse: the set in use stays, the reason
        # (the file) is in /healthz/ready and the log
        failures = self.rules()["failures"]
        write(MM, '{"blacklist": [')
        harness.wait_until(lambda: self.rules()["failures"] > failures,
                           timeout=60, what="the bad feed refused")
        self.assertIn(MM, self.rules()["error"])
        self.assertEqual(self.official(new)["verdict"], "scam")
        self.assertEqual(
            self.metrics()['sodan_feed_entries{feed="metamask"}'], 2)
        self.assertIn("config.json", self.server.log())
        # a feed file that is gone: that feed is off, the rest goes on
        before = self.rules()["reloads"]
        os.unlink(MM)
        harness.wait_until(lambda: self.rules()["reloads"] > before,
                           timeout=60, what="the missing feed turned off")
        m = self.metrics()
        self.assertEqual(m['sodan_feed_loaded{feed="metamask"}'], 0, m)
        self.assertEqual(m['sodan_feed_entries{feed="metamask"}'], 0, m)
        c = self.official("metamask-restore-wallet.xyz")
        # still a lookalike of metamask.io for the library, but no feed
        self.assertNotEqual(c["verdict"], "scam", c)
        self.assertNotIn("feed", [w["code"] for w in c["reasons"]])
        self.assertEqual(self.official(new)["verdict"], "scam")
        self.assertEqual(self.rules()["last_reload"], "ok")


if __name__ == "__main__":
    harness.main()
