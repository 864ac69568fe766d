#!/usr/bin/env python3
"""t234_seo_head: what a page tells search engines and link previews in its
<head> (view/layout.c), and the Atom feeds of a category, a tag and a
thread (pages/feed.c).

- a public page names its canonical address (the configured site URL,
  never the Host header), one address per language (?hl=ja, ?hl=en) with
  hreflang and an x-default, OpenGraph and a Twitter card;
- ?hl= picks the page's language for that request alone (over the
  cookie), and its canonical address keeps it;
- search results, a page with other query parameters and an error page
  name no canonical address;
- a thread's description is its question's plain text, cut; a held
  question's text reaches no meta tag, even on its author's own page;
- the feeds list public posts only, in Atom (RFC 4287: the required
  elements), linked from their pages; a tag no public question carries and
  a thread no one may read have no feed (404).
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from modq_util import user, sign_in, thread, post, uniq, one  # noqa: E402

SITE = "https://forum.example.jp"
A = "{http://www.w3.org/2005/Atom}"


def links(body, rel):
    return re.findall(r'<link rel="%s"([^>]*)>' % rel, body)


def meta(body, key):
    m = re.search(r'<meta (?:property|name)="%s" content="([^"]*)">'
                  % re.escape(key), body)
    return m.group(1) if m else None


def canonical(body):
    m = re.search(r'<link rel="canonical" href="([^"]*)">', body)
    return m.group(1) if m else None


class SeoHead(harness.ServerTest):
    conf = "[site]\nurl = %s/\n" % SITE

    def atom(self, path, status=200):
        r = self.client().get(path)
        self.assertStatus(r, status, path)
        if status != 200:
            return None
        self.assertTrue(r.headers["Content-Type"].startswith(
            "application/atom+xml"), path)
        feed = ET.fromstring(r.raw)
        self.assertEqual(feed.tag, A + "feed")
        # RFC 4287 4.1.1: id, title, updated; a self link.
        for tag in ("id", "title", "updated"):
            self.assertIsNotNone(feed.find(A + tag), path + " " + tag)
        self.assertEqual(feed.find(A + "link[@rel='self']").get("href"), path)
        for e in feed.findall(A + "entry"):
            for tag in ("id", "title", "updated", "link", "author"):
                self.assertIsNotNone(e.find(A + tag), path + " entry " + tag)
        return feed

    def test_thread_head(self):
        asker = user(uniq("seo_asker"))
        tid, _ = thread(asker, "How long does a JPY withdrawal take?")
        r = self.client().get("/t/%d" % tid,
                              headers={"Host": "evil.example"})
        self.assertHtmlPage(r, 200)
        self.assertNotIn("evil.example", r.body)
        self.assertEqual(canonical(r.body), "%s/t/%d" % (SITE, tid))
        alt = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" '
                              r'href="([^"]+)">', r.body))
        self.assertEqual(alt, {
            "ja": "%s/t/%d?hl=ja" % (SITE, tid),
            "en": "%s/t/%d?hl=en" % (SITE, tid),
            "x-default": "%s/t/%d" % (SITE, tid)})
        self.assertEqual(meta(r.body, "og:type"), "article")
        self.assertEqual(meta(r.body, "og:url"), "%s/t/%d" % (SITE, tid))
        self.assertEqual(meta(r.body, "og:title"),
                         "How long does a JPY withdrawal take?")
        self.assertEqual(meta(r.body, "og:locale"), "ja_JP")
        self.assertEqual(meta(r.body, "twitter:card"), "summary")
        # The question's text (modq_util.thread) is the description.
        self.assertEqual(meta(r.body, "description"),
                         "How do I withdraw? I have waited three days.")
        self.assertEqual(meta(r.body, "og:description"),
                         "How do I withdraw? I have waited three days.")
        self.assertIn('type="application/atom+xml" href="/t/%d/feed.atom"'
                      % tid, r.body)

    def test_hl_picks_the_language(self):
        asker = user(uniq("seo_hl"))
        tid, _ = thread(asker, "Deposit not credited")
        r = self.client().get("/t/%d?hl=en" % tid,
                              headers={"Cookie": "lang=ja"})
        self.assertHtmlPage(r, 200)
        self.assertIn('<html lang="en">', r.body)
        self.assertEqual(canonical(r.body), "%s/t/%d?hl=en" % (SITE, tid))
        self.assertEqual(meta(r.body, "og:locale"), "en_US")
        self.assertEqual(meta(r.body, "og:locale:alternate"), "ja_JP")
        r = self.client().get("/t/%d?hl=ja" % tid,
                              headers={"Cookie": "lang=en"})
        self.assertIn('<html lang="ja">', r.body)
        self.assertEqual(canonical(r.body), "%s/t/%d?hl=ja" % (SITE, tid))
        # The cookie still decides the next page, and the language switch
        # goes back to the page's own address without ?hl=.
        r = self.client().get("/t/%d" % tid, headers={"Cookie": "lang=en"})
        self.assertIn('<html lang="en">', r.body)
        r = self.client().get("/t/%d?hl=en" % tid)
        self.assertIn('name="next" value="/t/%d"' % tid, r.body)
        # Anything but ja / en is ignored.
        r = self.client().get("/t/%d?hl=fr" % tid,
                              headers={"Cookie": "lang=ja"})
        self.assertIn('<html lang="ja">', r.body)
        self.assertIsNone(canonical(r.body))

    def test_no_address(self):
        r = self.client().get("/search?q=deposit")
        self.assertHtmlPage(r, 200)
        self.assertIsNone(canonical(r.body))
        self.assertEqual(links(r.body, "alternate\" hreflang"), [])
        r = self.client().get("/t/999999999")
        self.assertEqual(r.status, 404)
        self.assertIsNone(canonical(r.body))
        self.assertIsNone(meta(r.body, "og:url"))
        r = self.client().get("/")
        self.assertHtmlPage(r, 200)
        self.assertEqual(canonical(r.body), SITE + "/")
        self.assertEqual(meta(r.body, "og:type"), "website")

    def test_held_question_in_no_meta_tag(self):
        name = uniq("seo_held")
        asker = user(name)
        secret = "held words %s" % uniq("zq")
        tid = int(one("INSERT INTO threads (category_id, author_id, title, "
                      "visible) VALUES ((SELECT min(id) FROM categories), "
                      "%d, 'Held question head', false) RETURNING id"
                      % asker))
        post(tid, asker, secret, kind="question", state="held")
        self.assertEqual(self.client().get("/t/%d" % tid).status, 404)
        c = self.client()
        sign_in(c, asker)
        r = c.get("/t/%d" % tid)
        self.assertHtmlPage(r, 200)
        head = r.body.split("</head>", 1)[0]
        self.assertNotIn(secret, head)
        self.assertIn(secret, r.body)       # the author sees it below
        self.atom("/t/%d/feed.atom" % tid, 404)

    def test_feeds(self):
        asker = user(uniq("seo_feed"))
        helper = user(uniq("seo_helper"))
        tag = uniq("feedtag").replace("_", "-")
        tid, qid = thread(asker, "Feed question one")
        harness.psql("UPDATE threads SET tags = ARRAY['%s'] WHERE id = %d"
                     % (tag, tid))
        ans = post(tid, helper, "Check the network before you send.")
        removed = post(tid, helper, "removed answer text %s" % tag,
                       state="removed")
        held_t = int(one("INSERT INTO threads (category_id, author_id, "
                         "title, visible, tags) VALUES ((SELECT min(id) "
                         "FROM categories), %d, 'Held feed question', false, "
                         "ARRAY['%s']) RETURNING id" % (asker, tag)))
        post(held_t, asker, "held question body", kind="question",
             state="held")

        feed = self.atom("/t/%d/feed.atom" % tid)
        ids = [e.find(A + "id").text for e in feed.findall(A + "entry")]
        self.assertEqual(len(ids), 2, ids)
        self.assertTrue(ids[0].endswith(":post:%d" % qid))
        self.assertTrue(ids[1].endswith(":post:%d" % ans))
        self.assertNotIn(":post:%d" % removed, " ".join(ids))
        hrefs = [e.find(A + "link").get("href")
                 for e in feed.findall(A + "entry")]
        self.assertEqual(hrefs, ["/t/%d" % tid, "/t/%d#p%d" % (tid, ans)])

        feed = self.atom("/tag/%s/feed.atom" % tag)
        titles = [e.find(A + "title").text for e in feed.findall(A + "entry")]
        self.assertEqual(titles, ["Feed question one"])
        r = self.client().get("/tag/%s" % tag)
        self.assertIn('href="/tag/%s/feed.atom"' % tag, r.body)
        self.atom("/tag/%s/feed.atom" % uniq("nosuchtag"), 404)

        slug = harness.psql("SELECT slug FROM categories WHERE id = "
                            "(SELECT category_id FROM threads WHERE id = %d)"
                            % tid)
        feed = self.atom("/c/%s/feed.atom" % slug)
        titles = [e.find(A + "title").text for e in feed.findall(A + "entry")]
        self.assertIn("Feed question one", titles)
        self.assertNotIn("Held feed question", titles)
        r = self.client().get("/c/%s" % slug)
        self.assertHtmlPage(r, 200)
        self.assertIn('href="/c/%s/feed.atom"' % slug, r.body)
        self.assertEqual(canonical(r.body), "%s/c/%s" % (SITE, slug))
        self.atom("/c/no-such-category/feed.atom", 404)
        self.atom("/t/999999999/feed.atom", 404)


if __name__ == "__main__":
    harness.main()
