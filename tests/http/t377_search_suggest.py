#!/usr/bin/env python3
"""t377_search_suggest: a misspelt English word is put right when the
search finds nothing (text/fold.c fold_suggest, pages/search.c).

The words known are the Latin words of conf/search-synonyms.txt.  On the
demo data: "withdrawl", "withdrawls", "authenticatr", "pssword" and
"depost" find what the right word finds, and so do the synonym file's
corrections (出勤 for 出金, にだんかいにんしょう, 確定深刻), with `corrected` in the API and
a notice with a link on the page (Japanese and English); Japanese words of
the query are kept.  Nothing is corrected when the words find something,
when no known word is near ("kraken", "zzzzqqq"), on a later page, or when
the corrected words find nothing either.  The notice escapes the query.
A wallet's name written in katakana (メタマスク) finds it in Latin letters,
and its misspelling (metamsk) is put right.
"""

import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session  # noqa: E402


class SearchSuggest(harness.ServerTest):
    demo = True

    def api(self, q, extra=""):
        r = self.client().get("/api/v1/search?q=" + urllib.parse.quote(q) +
                              extra)
        self.assertStatus(r, 200)
        return r.json()

    def ids(self, d):
        # the same threads (equal ranks may come in either order, and a
        # thread's post of equal rank is either of them)
        return sorted(x["id"] for x in d["results"])

    def page(self, q, lang):
        r = self.client().get("/search?q=" + urllib.parse.quote(q),
                              headers={"Accept-Language": lang})
        self.assertHtmlPage(r, 200)
        return r.body

    def test_corrected(self):
        for typo, right in (("withdrawl", "withdrawal"),
                            ("withdrawls", "withdrawal"),
                            ("WITHDRAWL", "withdrawal"),
                            ("authenticatr", "authenticator"),
                            ("pssword", "password"),
                            ("depost", "deposit"),
                            ("withdrawl 手数料", "withdrawal 手数料"),
                            # the synonym file's corrections (ja)
                            ("出勤できない", "出金できない"),
                            ("にだんかいにんしょう", "二段階認証"),
                            ("しゅっきん 遅い", "出金 遅い"),
                            ("確定深刻", "確定申告")):
            d = self.api(typo)
            self.assertEqual(d["corrected"], right, typo)
            self.assertGreater(d["count"], 0, typo)
            ok = self.api(right)
            self.assertIsNone(ok["corrected"], right)
            self.assertEqual(self.ids(d), self.ids(ok), typo)
            self.assertEqual(d["count"], ok["count"], typo)

    def test_brand_names(self):
        # a wallet written in katakana finds it in Latin letters and the
        # other way round, and its misspelling is put right
        asker = Session(self, "sg_brand", age_days=30, lang="ja")
        tid = asker.ask("MetaMask に送ったUSDTが表示されない",
                        "取引所から MetaMask へ送金しましたが残高に出ません。",
                        "deposits")
        for q in ("メタマスク", "metamask", "ﾒﾀﾏｽｸ"):
            d = self.api(q)
            self.assertIn(tid, [x["id"] for x in d["results"]], q)
            self.assertIsNone(d["corrected"], q)
        d = self.api("metamsk")
        self.assertEqual(d["corrected"], "metamask")
        self.assertIn(tid, [x["id"] for x in d["results"]])

    def test_not_corrected(self):
        for q in ("withdrawal", "withdrawals", "locked", "kraken",
                  "zzzzqqq", "出金", "出金できない"):
            d = self.api(q)
            self.assertIsNone(d["corrected"], q)
        self.assertEqual(self.api("kraken")["count"], 0)
        # a later page is never corrected
        d = self.api("withdrawl", "&page=2")
        self.assertIsNone(d["corrected"])
        self.assertEqual(d["results"], [])
        # the right word that finds nothing either: no correction shown
        d = self.api("withdrawl zzzzqqq")
        self.assertIsNone(d["corrected"])
        self.assertEqual(d["count"], 0)

    def test_page(self):
        body = self.page("withdrawl", "en")
        self.assertIn("Nothing was found for \u201cwithdrawl\u201d", body)
        self.assertIn('<a href="/search?q=withdrawal"><strong>withdrawal'
                      '</strong></a>', body)
        self.assertIn('class="search-hit"', body)
        body = self.page("withdrawl", "ja")
        self.assertIn("「withdrawl」では見つかりませんでした", body)
        self.assertIn('class="search-hit"', body)
        body = self.page("出勤できない", "ja")
        self.assertIn("「出勤できない」では見つかりませんでした", body)
        self.assertIn("<strong>出金できない</strong>", body)
        # the query is text, never markup
        body = self.page('"><withdrawl', "en")
        self.assertIn("search-corrected", body)
        self.assertNotIn('"><withdraw', body)
        self.assertIn("&quot;&gt;&lt;withdrawl", body)
        self.assertIn("&quot;&gt;&lt;withdrawal", body)
        body = self.page("zzzzqqq", "en")
        self.assertNotIn("search-corrected", body)
        self.assertIn("Nothing found", body)


if __name__ == "__main__":
    harness.main()
