"""plan_util: what the plan tests (t297, t350) share: psql on a database
of their own in the test stack, the statement registry through the C
preprocessor, EXPLAIN (ANALYZE) of registered statements, the nodes of a
plan, and the pager's links of a list page."""

import ast
import hashlib
import json
import os
import re
import secrets
import subprocess

import harness

RUN = os.path.join(harness.test_dir(), "run")


def sql(q, db, stdin=None):
    r = subprocess.run([harness.PSQL, "-h", RUN, "-U", "sodan", "-X", "-q",
                        "-v", "ON_ERROR_STOP=1", "-Atc", q, db], input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError("psql failed: %s" % r.stderr.decode())
    return r.stdout.decode().strip()


def own_database(db):
    """Database db made anew and migrated by the server binary, for a file
    that starts its server on it (SODAN_DATABASE_URL) with data of its
    own."""
    drop_database(db)
    sql("CREATE DATABASE %s" % db, db="postgres")
    env = dict(os.environ, SODAN_DATABASE_URL="host=%s dbname=%s user=sodan"
               % (RUN, db))
    subprocess.run([harness.BIN, "migrate"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def drop_database(db):
    sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db, db="postgres")


def statements():
    """{NAME: SQL} of the registry, through the C preprocessor."""
    src = ('#define Q(n, np, s) QQ_BEGIN n QQ_SEP s QQ_END\n'
           '#include "app/store/queries.def"\n')
    out = subprocess.run(["cpp", "-P", "-I", harness.ROOT], input=src,
                         stdout=subprocess.PIPE, check=True, text=True,
                         cwd=harness.ROOT).stdout
    res = {}
    for m in re.finditer(r"QQ_BEGIN (\w+) QQ_SEP (.*?) QQ_END", out, re.S):
        res[m.group(1)] = ast.literal_eval(m.group(2).strip())
    return res


def explain_all(db, st, cases):
    """EXPLAIN (ANALYZE) of each (name, params, plan_cache_mode) of the
    registry st, in one psql: the plans, in order."""
    script = []
    for name, params, mode in cases:
        ph = ", ".join("'%s'" % str(p).replace("'", "''") for p in params)
        script.append("SET plan_cache_mode = %s;\nPREPARE s AS %s;\n"
                      "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE s(%s);\n"
                      "DEALLOCATE s;\n\\echo QQ_PLAN_END\n"
                      % (mode, st[name], ph))
    out = subprocess.run(
        [harness.PSQL, "-h", RUN, "-U", "sodan", "-X", "-q", "-At",
         "-v", "ON_ERROR_STOP=1", db], input="".join(script),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        check=True).stdout
    return [json.loads(x)[0] for x in out.split("QQ_PLAN_END") if x.strip()]


def nodes(plan):
    yield plan
    for p in plan.get("Plans", []):
        yield from nodes(p)


def sign_in(client, uid, db):
    """A session for user uid (second factor fresh) in client's cookies."""
    token = secrets.token_urlsafe(32)
    sql("INSERT INTO sessions (user_id, token_hash, csrf, mfa_at) VALUES "
        "(%d, '%s', '%s', now())" % (uid, hashlib.sha256(
            token.encode()).hexdigest(), secrets.token_urlsafe(32)), db)
    client.cookies["sodan_session"] = token


def links(body, rel):
    """Hrefs of the pager's links with rel (prev / next)."""
    nav = re.search(r'<nav class="pager".*?</nav>', body, re.S)
    if nav is None:
        return None
    m = re.search(r'<a class="button" rel="%s" href="([^"]*)"' % rel,
                  nav.group(0))
    return m.group(1).replace("&amp;", "&") if m else None


def walk(test, c, first, ids_of, want, n_pages, older="next", newer="prev",
         nonempty=False):
    """Follows older links from first for n_pages pages, then newer links
    back; checks each page against want (ids in list order, ids_of(body)
    reads a page's).  nonempty: every page shows rows.  The pages, as
    (url, ids)."""
    url, seen, pages = first, [], []
    for _ in range(n_pages):
        r = c.get(url)
        test.assertHtmlPage(r, 200)
        ids = ids_of(r.body)
        if nonempty:
            test.assertTrue(ids, url)
        pages.append((url, ids))
        seen += ids
        url = links(r.body, older)
        if url is None:
            break
    test.assertEqual(seen, want[:len(seen)])
    test.assertEqual(len(seen), len(set(seen)))
    # back again by the newer links, from the last page seen
    r = c.get(pages[-1][0])
    for url, ids in reversed(pages[:-1]):
        back = links(r.body, newer)
        test.assertIsNotNone(back, "no link back to %s" % url)
        r = c.get(back)
        test.assertHtmlPage(r, 200)
        test.assertEqual(ids_of(r.body), ids)
    test.assertIsNone(links(r.body, newer))
    return pages
