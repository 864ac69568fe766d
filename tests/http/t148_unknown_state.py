#!/usr/bin/env python3
"""t148_unknown_state: a post whose state the server does not know (a
value written outside the server, or by a newer schema) is decoded once,
where rows are read, as held: strangers never see its text on the thread
page, in the thread API or in its history, and cannot edit or flag it;
its author may still edit it, as any held post of their own."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from qa_util import Session, article  # noqa: E402

MARK = "unknownstatemarker7731"


class UnknownState(harness.ServerTest):
    demo = True

    def test_unknown_state_is_not_shown(self):
        asker = Session(self, "us_asker", trust=1)
        helper = Session(self, "us_helper", trust=1)
        reader = Session(self, "us_reader", trust=1)
        mod = Session(self, "us_mod", role="moderator", trust=3)
        tid = asker.ask("Unknown state: where did my deposit go",
                        "My deposit has not arrived after two days. "
                        "What should I check first?", "deposits", "")
        aid = helper.answer(tid, "Check the deposit history first, then "
                                 "the network confirmations. " + MARK)
        # published: a signed-in reader sees the answer, so the checks
        # below can fail (with a query string: rendered whole and not
        # stored, as the state below changes behind the server's back)
        r = reader.get("/t/%d?before=1" % tid)
        self.assertHtmlPage(r, 200)
        self.assertIn(MARK, r.body)

        # a state no release of the server writes
        harness.psql("ALTER TABLE posts DROP CONSTRAINT IF EXISTS "
                     "posts_state_check")
        harness.psql("UPDATE posts SET state = 'quarantined' WHERE id = %d"
                     % aid)
        try:
            for who, c in (("anonymous", self.client()),
                           ("another member", reader.client)):
                r = c.get("/t/%d" % tid)
                self.assertHtmlPage(r, 200)
                self.assertNotIn(MARK, r.body, who)
                self.assertIsNone(article(r.body, aid), who)
                r = c.get("/api/v1/threads/%d" % tid)
                self.assertStatus(r, 200)
                self.assertNotIn(MARK, r.body, who)
                ids = [p["id"] for p in json.loads(r.body)["posts"]]
                self.assertNotIn(aid, ids, who)
                r = c.get("/p/%d/history" % aid)
                self.assertStatus(r, 404)
                self.assertNotIn(MARK, r.body, who)
            # the anonymous page again (now from the page cache)
            r = self.client().get("/t/%d" % tid)
            self.assertNotIn(MARK, r.body)

            # the thread lists only the states it knows, for everyone
            for who, s in (("author", helper), ("moderator", mod)):
                r = s.get("/t/%d" % tid)
                self.assertHtmlPage(r, 200)
                self.assertNotIn(MARK, r.body, who)
            # a single post is decoded as held: another member may neither
            # edit nor flag it (404, as for any held post), its author
            # may still edit it, as a held post of their own
            for path in ("/p/%d/edit" % aid, "/p/%d/flag" % aid):
                r = reader.get(path)
                self.assertStatus(r, 404, path)
                self.assertNotIn(MARK, r.body, path)
            r = helper.get("/p/%d/edit" % aid)
            self.assertHtmlPage(r, 200)
            self.assertIn(MARK, r.body)
        finally:
            harness.psql("UPDATE posts SET state = 'visible' WHERE id = %d"
                         % aid)
            harness.psql("ALTER TABLE posts ADD CONSTRAINT posts_state_check "
                         "CHECK (state IN ('visible', 'held', 'private', "
                         "'hidden', 'removed'))")


if __name__ == "__main__":
    harness.main()
