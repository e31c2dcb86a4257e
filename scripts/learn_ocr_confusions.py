#!/usr/bin/env python3
"""Learn the OCR confusion table (dictionaries/ocr/confusions.tsv) from OCR/ground-truth pairs.

Usage:
  learn_ocr_confusions.py [--overproof FILE] [--icdar DIR] [--overproof-part train|all]
                          [--capitals CAPITALS.tsv] OUT.tsv

Sources (read-only research sets; only derived counts are written):
  --overproof  overProof allArticles.txt (lines RAW_OCR||@@||GROUND_TRUTH||@@||OVERPROOF).
               With --overproof-part train (the default) only the articles at even positions in
               name order are read (names as eval/overproof.py writes them); the odd ones are the
               held-out half that scripts/eval_ocr.sh reports separately.
  --icdar      ICDAR 2017 post-OCR folder ([OCR_aligned] / [ GS_aligned] lines, '@' = gap,
               '#' = not transcribed, skipped).

Method: pair OCR words with their ground-truth words (token alignment per line; ICDAR is already
character-aligned), align the characters of each differing pair, and merge each run of adjacent
non-matching characters into one segment edit "truth -> ocr" ("m" -> "rn", "e" -> "c",
"" -> "'"). Each edit's probability is P(ocr segment | truth segment) = count(edit) /
count(truth segment in ground-truth words); the cost is its negative natural log. Edits seen fewer
than --min-count times are dropped. Character case is folded: the channel model is about shapes
of letters, and case is restored from the OCR token by the corrector.

--capitals also writes the first letters that stand for a misread capital
(dictionaries/ocr/capitals.tsv): over the word pairs whose OCR word starts with a lowercase
letter that the truth does not start with, how often the truth's first letter is a capital, per
(OCR letter, truth letter) pair ("r" read for "F": "rrank" is "Frank", not "frank"); pairs seen
at least 5 times where the capital is at least 4 in 5 are written, as ocr<TAB>truth<TAB>capital<TAB>total.
The same is counted for OCR words that start with a capital another letter than the truth's (not
all-capital words): "O" read for "C" (83 of 83), "B" for "R" or "E"; those rows have an
uppercase ocr letter, and the stage keeps such a repair capitalised inside a sentence.

Output: '#'-comments with provenance and totals, then a header and rows
  ocr<TAB>truth<TAB>count<TAB>cost
sorted by (ocr, truth). An empty field is the empty string (an insertion or deletion).
"""
import argparse
import collections
import difflib
import math
import os
import re
import sys

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
# Words as the corrector reads them: OCR smudges that stand for letters ("hou«o", "sa\\o",
# "»as") are part of the word they touch (src/ocr/mod.rs `is_letter_speck`).
SPECK = "«»\\^¡|*<>}"
WORD_TOKEN = re.compile(rf"(?:\w|[{re.escape(SPECK)}](?=\w)|(?<=\w)[{re.escape(SPECK)}])+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
MAX_SEG = 3


def overproof_pairs(path, part):
    """Yields (ocr_line, gold_line) from the chosen articles of an overProof file."""
    docs, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("*$*OVERPROOF*$*"):
                doc_id = line.split()[1]
                name = f"{int(doc_id):04d}.txt" if doc_id.isdigit() else f"{doc_id}.txt"
                cur = (name, [])
                docs.append(cur)
            elif cur is not None and "||@@||" in line:
                cols = line.split("||@@||")
                if len(cols) == 3:
                    cur[1].append((cols[0], cols[1]))
    docs.sort(key=lambda d: d[0])
    for i, (_, rows) in enumerate(docs):
        if part == "all" or (part == "train" and i % 2 == 0):
            yield from rows


def word_pairs_from_lines(pairs):
    """Pairs OCR words with ground-truth words by token alignment."""
    for ocr, gold in pairs:
        a, b = WORD_TOKEN.findall(ocr), WORD_TOKEN.findall(gold)
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for w in a[i1:i2]:
                    yield w, w
            elif tag == "replace" and i2 - i1 == j2 - j1:
                yield from zip(a[i1:i2], b[j1:j2])


def icdar_word_pairs(folder):
    """Yields (ocr_word, gold_word) from character-aligned ICDAR files."""
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if not name.endswith(".txt"):
                continue
            ocr = gold = None
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.startswith("[OCR_aligned]"):
                        ocr = line[len("[OCR_aligned] "):].rstrip("\n")
                    elif line.startswith("[ GS_aligned]"):
                        gold = line[len("[ GS_aligned] "):].rstrip("\n")
            if ocr is None or gold is None or len(ocr) != len(gold):
                continue
            # Cut at positions where both sides have a space: aligned word pairs.
            start = 0
            for i in range(len(ocr) + 1):
                if i == len(ocr) or (ocr[i] == " " and gold[i] == " "):
                    o, g = ocr[start:i], gold[start:i]
                    start = i + 1
                    if not o or "#" in g:
                        continue
                    o, g = o.replace("@", ""), g.replace("@", "")
                    if o and g and " " not in o and " " not in g:
                        yield o, g


def segments(ocr, gold):
    """Character alignment of one word pair as merged (truth, ocr) segment edits."""
    sm = difflib.SequenceMatcher(None, gold, ocr, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            out.append((gold[i1:i2], ocr[j1:j2]))
    return out


def is_wordish(w):
    return any(c.isalpha() for c in w)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--overproof")
    ap.add_argument("--overproof-part", choices=["train", "all"], default="train")
    ap.add_argument("--icdar")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--capitals")
    ap.add_argument("out")
    a = ap.parse_args()
    if not a.overproof and not a.icdar:
        ap.error("give --overproof and/or --icdar")

    streams = []
    if a.overproof:
        streams.append(word_pairs_from_lines(overproof_pairs(a.overproof, a.overproof_part)))
    if a.icdar:
        streams.append(icdar_word_pairs(a.icdar))

    edits = collections.Counter()
    grams = collections.Counter()  # truth substrings (length 1..MAX_SEG) in ground-truth words
    positions = 0  # insertion slots in ground-truth words
    words = wrong = 0
    firsts = collections.Counter()  # (ocr first letter, truth first letter lowercased, truth capitalised)
    for stream in streams:
        for ocr, gold in stream:
            if not is_wordish(gold) or not is_wordish(ocr):
                continue
            if ocr[:1].islower() and gold[:1].isalpha() and gold[0].lower() != ocr[0]:
                firsts[(ocr[0], gold[0].lower(), gold[0].isupper())] += 1
            # A capital misread as another capital ("Oharlie" for "Charlie"), not a capital that
            # is itself the misreading of a lowercase letter ("Bpecial" for "special"). All-capital
            # words are left out (their case says nothing).
            if (ocr[:1].isupper() and not ocr.isupper() and gold[:1].isalpha()
                    and gold[0].lower() != ocr[0].lower()):
                firsts[(ocr[0], gold[0].lower(), gold[0].isupper())] += 1
            o, g = ocr.lower(), gold.lower()
            words += 1
            positions += len(g) + 1
            for n in range(1, MAX_SEG + 1):
                for i in range(len(g) - n + 1):
                    grams[g[i:i + n]] += 1
            if o == g:
                continue
            wrong += 1
            segs = segments(o, g)
            if len(segs) > 3:  # a garble, not a misreading: no reliable alignment
                continue
            for t, s in segs:
                if len(t) <= MAX_SEG and len(s) <= MAX_SEG:
                    edits[(s, t)] += 1

    rows = []
    for (s, t), n in edits.items():
        if n < a.min_count:
            continue
        denom = grams[t] if t else positions
        if denom < n:
            denom = n
        rows.append((s, t, n, -math.log(n / denom)))
    rows.sort()
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("# OCR confusion table: P(ocr segment | truth segment), learned by scripts/learn_ocr_confusions.py\n")
        srcs = []
        if a.overproof:
            srcs.append(f"overproof-smh ({a.overproof_part} articles)")
        if a.icdar:
            srcs.append("icdar2017-en")
        f.write(f"# sources: {', '.join(srcs)}; derived counts only, no text\n")
        f.write(f"# words={words} wrong_words={wrong} min_count={a.min_count}\n")
        f.write("ocr\ttruth\tcount\tcost\n")
        for s, t, n, c in rows:
            if "\t" in s or "\t" in t or "\n" in s or "\n" in t:
                continue
            f.write(f"{s}\t{t}\t{n}\t{c:.3f}\n")
    print(f"{len(rows)} confusions from {words} word pairs ({wrong} misread) -> {a.out}", file=sys.stderr)
    if a.capitals:
        caps = []
        for o, t in sorted({(o, t) for o, t, _ in firsts}):
            up, total = firsts[(o, t, True)], firsts[(o, t, True)] + firsts[(o, t, False)]
            if total >= 5 and up >= 0.8 * total:
                caps.append((o, t, up, total))
        with open(a.capitals, "w", encoding="utf-8") as f:
            f.write("# First letters that stand for a misread capital, learned by scripts/learn_ocr_confusions.py\n")
            f.write(f"# sources: {', '.join(srcs)}; derived counts only, no text\n")
            f.write("ocr\ttruth\tcapital\ttotal\n")
            for o, t, up, total in caps:
                f.write(f"{o}\t{t}\t{up}\t{total}\n")
        print(f"{len(caps)} capital misreadings -> {a.capitals}", file=sys.stderr)


if __name__ == "__main__":
    main()
