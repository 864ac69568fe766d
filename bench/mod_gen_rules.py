#!/usr/bin/env python3
"""bench/mod_gen_rules.py N OUT: write N synthetic rules for the benchmark.

The rules are shaped like the shipped ones (phrases of two to four words
separated by \\s+, alternations, a word followed by a number; a tenth in
Japanese) and drawn, with a fixed seed, from the BIP39 English word list
and a few Japanese words, so they almost never match ordinary posts: the
benchmark measures the cost of carrying thousands of rules.  Weights are
small, category spam, flags "-".
"""
import random
import sys

WORDS = "/usr/lib/python3/dist-packages/mnemonic/wordlist/english.txt"
JA = ["送金", "出金", "入金", "口座", "手数料", "認証", "本人確認", "二段階",
      "ウォレット", "アドレス", "取引所", "暗号資産", "利益", "配当", "紹介",
      "限定", "無料", "今すぐ", "特典", "登録", "招待", "会員", "保証"]


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    words = [w.strip() for w in open(WORDS) if w.strip()]
    rnd = random.Random(5000)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# synthetic rules for bench/mod_bench (generated)\n")
        for i in range(n):
            k = rnd.random()
            if k < 0.1:
                a, b = rnd.sample(JA, 2)
                pat = "%s[^。\\n]{0,6}%s(する|して|です)" % (a, b)
            elif k < 0.6:
                ws = rnd.sample(words, rnd.randint(2, 4))
                pat = "\\b" + "\\s+".join(ws) + "\\b"
            elif k < 0.9:
                alt = "|".join(rnd.sample(words, rnd.randint(2, 3)))
                pat = "\\b(%s)\\s+%s\\b" % (alt, rnd.choice(words))
            else:
                pat = "\\b%s\\s+[0-9]{3,}" % rnd.choice(words)
            f.write("syn.%05d\t0.3\tspam\t-\t合成ルール\tsynthetic rule\t%s\n"
                    % (i, pat))


if __name__ == "__main__":
    main()
