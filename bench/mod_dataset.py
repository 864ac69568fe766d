#!/usr/bin/env python3
"""bench/mod_dataset.py: turn the evaluation data sets into sodan-scan input.

Reads ../shared/data (or --data DIR) at run time -- nothing is copied into
the repository -- and writes JSON lines for sodan-scan into --out DIR:
train.jsonl and heldout.jsonl (split 70/30 by a hash of group and id, so
the split is stable and independent of the label), plus all.jsonl.

Labels (what counts as what for a support forum):
  scam   janitr "scam" (phishing, recovery, impersonation ...), scam
         videos of CryptoScamHunter (arbitrage/MEV bot contracts)
  spam   janitr "spam_or_promo", SMS spam, YouTube comment spam
  ham    janitr "legit", SMS ham, YouTube comment ham, every FAQ/docs row
         (ethereum.org, bitcoin.org, FCoin, Flash) -- honest text
  promo  CryptoScamHunter "not_scam" videos: trading-video descriptions
         full of affiliate links; neither honest questions nor scams, so
         reported apart and never trained on
  phish_url  one post per phishing URL/domain (ScamSniffer, JPCERT,
         CryptoScamDB): measures the link detector alone
  phone  one post per SmokeDetector spam phone number, as written:
         measures phone extraction (see mod_eval.sh)
  name   CryptoScamDB impersonator handles, as username checks
janitr rows marked duplicate_of and janitr "other" are skipped.

Authors.  On a support forum spam and scams come from new accounts, and
so do most honest posts: people sign up to ask.  So every post gets a new
account (trust 0, 0-6 days old, 0-2 posts), the age and post count drawn
from a hash of group and id -- never from the label, so no label leaks
through the author.  This is the hard case for false holds (established
authors weigh less).  --author regular gives every post an established
author instead (trust 1, 30-400 days, 3-50 posts), to see what the filters
do without the new-account signal.  The kind depends on the source only:
replies and comments are answers to someone else's question, FAQ
questions are questions, FAQ answers and docs paragraphs are answers.
"""
import argparse
import csv
import hashlib
import json
import os
import random
import sys

AUTHOR_MODE = "new"


def author_of(group, rid):
    """A new (or, with --author regular, established) account; a function
    of group and id only, never of the label."""
    h = hashlib.sha1(("author:%s:%s" % (group, rid)).encode()).digest()
    if AUTHOR_MODE == "regular":
        return {"trust": 1, "account_age_days": 30 + h[0] * 370 // 256,
                "posts": 3 + h[1] % 48, "staff": False}
    return {"trust": 0, "account_age_days": h[0] % 7, "posts": h[1] % 3,
            "staff": False}


def split_of(group, rid):
    h = hashlib.sha1(("%s:%s" % (group, rid)).encode()).digest()
    return "train" if h[0] * 256 + h[1] < 0.7 * 65536 else "heldout"


def post(group, rid, label, body, title="", kind="question", reply=False):
    p = {"id": "%s:%s" % (group, rid), "group": group, "label": label,
         "kind": kind, "title": title, "body": body,
         "author": author_of(group, rid)}
    if reply:
        p["context"] = {"reply_to_question": True}
    p["split"] = split_of(group, rid)
    return p


def janitr(d):
    for line in open(os.path.join(d, "crypto_scam_posts_x_janitr/posts.jsonl"),
                     encoding="utf-8"):
        r = json.loads(line)
        if r.get("duplicate_of"):
            continue
        lab = {"scam": "scam", "spam_or_promo": "spam",
               "legit": "ham"}.get(r["binary"])
        if lab is None:
            continue
        yield post("x_janitr", r["id"], lab, r["text"], kind="answer",
                   reply=True)


def videos(d):
    for line in open(os.path.join(
            d, "crypto_scam_youtube_cryptoscamhunter/videos.jsonl"),
            encoding="utf-8"):
        r = json.loads(line)
        lab = "scam" if r["label"] == "scam" else "promo"
        yield post("youtube_videos", "%s-%d" % (r["split"], r["line"]), lab,
                   r["description"], title=r["title"], kind="question")


def sms(d):
    path = os.path.join(d, "sms_spam_collection/SMSSpamCollection.tsv")
    with open(path, encoding="utf-8", errors="replace") as f:
        next(f)
        for i, line in enumerate(f):
            lab, _, text = line.rstrip("\n").partition("\t")
            yield post("sms", i, "spam" if lab == "spam" else "ham", text,
                       kind="question")


def youtube_comments(d):
    base = os.path.join(d, "youtube_spam_collection")
    for fn in sorted(os.listdir(base)):
        if not fn.endswith(".csv"):
            continue
        with open(os.path.join(base, fn), encoding="utf-8",
                  errors="replace", newline="") as f:
            for r in csv.DictReader(f):
                yield post("youtube_comments", r["COMMENT_ID"],
                           "spam" if r["CLASS"] == "1" else "ham",
                           r["CONTENT"], kind="answer", reply=True)


def ethereum(d):
    for line in open(os.path.join(
            d, "legit_docs_ethereum_org_ja_en/paragraphs.jsonl"),
            encoding="utf-8"):
        r = json.loads(line)
        kind = "question" if r["kind"] == "question_heading" else "answer"
        yield post("ethereum_org_" + r["lang"], "%s-%d" % (r["page"], r["idx"]),
                   "ham", r["text"], kind=kind, reply=kind == "answer")


def bitcoin_org(d):
    path = os.path.join(d, "legit_faq_bitcoin_org_ja_en/bitcoin_org_pages_ja_en.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            kind = "question" if r["kind"] == "question" else "answer"
            for lang in ("en", "ja"):
                if r.get(lang):
                    yield post("bitcoin_org_" + lang,
                               "%s-%s" % (r["section"], r["key"]), "ham",
                               r[lang], kind=kind, reply=kind == "answer")


def faqs(d):
    for src in ("legit_faq_fcoin_ja", "legit_faq_flash_wallet_ja_en"):
        for i, line in enumerate(open(os.path.join(d, src, "faq.jsonl"),
                                      encoding="utf-8")):
            r = json.loads(line)
            g = "%s_%s" % (src.replace("legit_faq_", ""), r["lang"])
            yield post(g, "%d-q" % i, "ham", r["question"], kind="question")
            yield post(g, "%d-a" % i, "ham", r["answer"], kind="answer",
                       reply=True)


def phishing_urls(d, n):
    rnd = random.Random(20250101)
    rows = []
    path = os.path.join(d, "phishing_domains_scamsniffer/domains_first_seen.tsv")
    with open(path, encoding="utf-8") as f:
        next(f)
        doms = [l.split("\t")[0] for l in f if l.strip()]
    for dom in rnd.sample(doms, min(n, len(doms))):
        rows.append(post("phish_scamsniffer", dom, "phish_url",
                         "https://%s/" % dom, kind="answer", reply=True))
    path = os.path.join(d, "phishing_urls_japan_jpcert/phish_urls_sample.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        for i, r in enumerate(csv.DictReader(f, delimiter="\t")):
            if r.get("inclusion") == "all_crypto_brand_rows":
                rows.append(post("phish_jpcert_crypto", i, "phish_url",
                                 r["url"], kind="answer", reply=True))
    path = os.path.join(d, "crypto_scam_urls_cryptoscamdb/urls.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        recs = [r for r in csv.DictReader(f, delimiter="\t")
                if r.get("category") == "Phishing"]
    for i, r in enumerate(rnd.sample(recs, min(n, len(recs)))):
        rows.append(post("phish_cryptoscamdb", r["url"], "phish_url",
                         r["url"], kind="answer", reply=True))
    return rows


def phones(d):
    path = os.path.join(d, "smokedetector_blacklists/blacklisted_numbers.txt")
    for i, line in enumerate(open(path, encoding="utf-8", errors="replace")):
        num = line.split("(?#")[0].strip()
        if num:
            yield post("smokedetector_numbers", i, "phone", num,
                       kind="answer", reply=True)


def names(d):
    path = os.path.join(d, "crypto_scam_urls_cryptoscamdb/twitter_impersonator_handles.tsv")
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[1] and parts[1] != "handle":
                yield post("impersonator_handles", i, "name", parts[1],
                           kind="username")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(here, "../../shared/data"))
    ap.add_argument("--out", default=os.path.join(here, "../build/moddata"))
    ap.add_argument("--urls", type=int, default=1000,
                    help="phishing URLs sampled per list")
    ap.add_argument("--author", choices=("new", "regular"), default="new",
                    help="authors of every post (see the header)")
    a = ap.parse_args()
    global AUTHOR_MODE
    AUTHOR_MODE = a.author
    if not os.path.isdir(a.data):
        sys.exit("mod_dataset.py: no data directory %s" % a.data)
    os.makedirs(a.out, exist_ok=True)
    gens = [janitr(a.data), videos(a.data), sms(a.data),
            youtube_comments(a.data), ethereum(a.data), bitcoin_org(a.data),
            faqs(a.data), phishing_urls(a.data, a.urls), phones(a.data),
            names(a.data)]
    outs = {k: open(os.path.join(a.out, k + ".jsonl"), "w", encoding="utf-8")
            for k in ("train", "heldout", "all")}
    n = {"train": 0, "heldout": 0}
    for g in gens:
        for p in g:
            s = json.dumps(p, ensure_ascii=False)
            outs[p["split"]].write(s + "\n")
            outs["all"].write(s + "\n")
            n[p["split"]] += 1
    for f in outs.values():
        f.close()
    print("mod_dataset.py: %d train, %d heldout posts in %s" %
          (n["train"], n["heldout"], a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
