"""t176_official: "Is this official?" uses the filter library's findings.

Official: the exchange's own domain (from its listed e-mail address) and
subdomains, its number and address; not official with the reason: lookalikes
of protected brands, named by the brand's domain from brands.txt (several
brands and tricks); scam: the block list, and contact points seen in posts
removed as scams, with how many times; hosts that only contain the
exchange's domain are not official; copies of the exchange's own domain
(other scripts, digits, one letter off) and percent-encoded hosts are
judged as a browser would open them.  Japanese and English, page and JSON."""

import os
import secrets
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import user, thread, post  # noqa: E402


class Official(harness.ServerTest):
    demo = True

    def api(self, q, lang="en"):
        r = self.client().get("/api/v1/official?q=" + urllib.parse.quote(q),
                              headers={"Accept-Language": lang})
        self.assertStatus(r, 200)
        c = r.json()["contacts"]
        self.assertEqual(len(c), 1, (q, c))
        return c[0]

    def page(self, q, lang):
        r = self.client().get("/official?q=" + urllib.parse.quote(q),
                              headers={"Accept-Language": lang})
        self.assertHtmlPage(r, 200)
        return r.body

    def test_official_own_domains(self):
        for q in ("exchange.example", "https://www.exchange.example/help",
                  "support@exchange.example", "０１２０-０００-０００"):
            c = self.api(q)
            self.assertEqual(c["verdict"], "official", (q, c))
            self.assertEqual(c["reasons"], [])
        for q in ("evil-exchange.example", "exchange.example.evil.com"):
            self.assertEqual(self.api(q)["verdict"], "unknown", q)

    def test_lookalikes(self):
        for q, brand in (("blnance.com", "binance.com"),
                         ("https://binance-login.com/verify", "binance.com"),
                         ("coinbasse.com", "coinbase.com"),
                         ("bitf1yer.jp", "bitflyer.com")):
            c = self.api(q)
            self.assertEqual(c["verdict"], "not_official", (q, c))
            self.assertEqual(c["reasons"][0]["code"], "lookalike")
            self.assertEqual(c["reasons"][0]["brand"], brand)
            self.assertIn("looks like %s" % brand, c["reasons"][0]["text"])
        ja = self.api("blnance.com", lang="ja")
        self.assertIn("binance.com", ja["reasons"][0]["text"])
        self.assertIn("似せた", ja["reasons"][0]["text"])
        body = self.page("blnance.com", "en")
        self.assertIn("official-not-official", body)
        self.assertIn("It looks like binance.com", body)
        body = self.page("blnance.com", "ja")
        self.assertIn("公式ではありません", body)

    def test_copies_of_the_exchange_domain(self):
        # "exchange" is an ordinary word and so no brand; its copies are
        # still known for ones: other scripts, digits, one letter off.
        for q in ("https://ехсhange.example/login",     # Cyrillic
                  "exchαnge.example",                   # Greek alpha
                  "exch4nge.example", "exchangee.example",
                  "https://www.exhange.example/help"):
            c = self.api(q)
            self.assertEqual(c["verdict"], "not_official", (q, c))
            self.assertEqual(c["reasons"][0]["code"], "lookalike", (q, c))
            self.assertEqual(c["reasons"][0]["brand"], "exchange.example")
        ja = self.api("https://ехсhange.example/login", lang="ja")
        self.assertIn("exchange.example に見えます", ja["reasons"][0]["text"])
        body = self.page("exchangee.example", "en")
        self.assertIn("It looks like exchange.example", body)

    def test_percent_encoded_hosts(self):
        # A host written with escapes is the host a browser opens.
        for q, host, brand in (
                ("b%69nance-support.com", "binance-support.com",
                 "binance.com"),
                ("https://%62%69%6e%61%6e%63%65-login.example/",
                 "binance-login.example", "binance.com"),
                ("https://co%69nbase-help.example/x",
                 "coinbase-help.example", "coinbase.com")):
            c = self.api(q)
            self.assertEqual(c["value"], host, (q, c))
            self.assertEqual(c["verdict"], "not_official", (q, c))
            self.assertEqual(c["reasons"][0]["brand"], brand, (q, c))
        c = self.api("https://exch%61nge.example/help")
        self.assertEqual((c["value"], c["verdict"]),
                         ("exchange.example", "official"))
        body = self.page("b%69nance-support.com", "ja")
        self.assertIn("binance-support.com", body)
        self.assertIn("binance.com に見えます", body)

    def test_block_list_and_removed_posts(self):
        c = self.api("https://wallet-rectify.example/connect")
        self.assertEqual(c["verdict"], "scam")
        self.assertIn("block_list", [w["code"] for w in c["reasons"]])
        # a domain seen in two posts removed as scams
        dom = "recover-%s.example" % secrets.token_hex(3)
        a = user("off_%s" % secrets.token_hex(3))
        tid, _ = thread(a)
        for _ in range(2):
            pid = post(tid, a, "visit https://%s now" % dom, state="removed")
            harness.psql("UPDATE posts SET removed_reason = 'scam' WHERE "
                         "id = %d" % pid)
            harness.psql("INSERT INTO post_contacts (post_id, type, value) "
                         "VALUES (%d, 'domain', '%s')" % (pid, dom))
        c = self.api(dom)
        self.assertEqual(c["verdict"], "scam", c)
        rp = [w for w in c["reasons"] if w["code"] == "removed_posts"]
        self.assertEqual(rp[0]["count"], 2)
        self.assertIn("2 time", rp[0]["text"])
        body = self.page(dom, "ja")
        self.assertIn("official-scam", body)
        self.assertIn("2", body)
        # an unknown one stays unknown
        self.assertEqual(self.api("other-%s.example" % secrets.token_hex(3))
                         ["verdict"], "unknown")


if __name__ == "__main__":
    harness.main()
