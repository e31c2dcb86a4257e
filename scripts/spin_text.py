#!/usr/bin/env python3
"""A seeded forward spinner: makes spun copies of clean articles, with their gold, for evaluation.

Usage:
  spin_text.py --dict dictionaries/spin/news.tsv --out DIR [--seed N] [--rate R] FILE...

Writes DIR/input/NAME (spun) and DIR/gold/NAME (the clean original), line for line.

It imitates the spinner of shared/data/spin/dev: a context-blind map from original phrases to
renderings (the inverse of the unspin dictionary: for an entry spun→original, original→spun,
alternatives weighted by the entry's confidence), applied leftmost-longest to lowercase
whole-word occurrences only (it never touches capitalised words), each occurrence rewritten with
probability --rate, never fixing "a"/"an". Chains happen as in the real spinner: the map is applied
once, so "threat" becomes "risk" while an original "risk" becomes "danger".

Entries with a context condition (`when`) are rendered context-blind too: the condition says when
unspin may believe a spun form ("had been" stands for "were" only after a plural-looking subject),
not when the spinner writes it (the dev spinner writes "had been" for every "were"), so the
synthetic text carries those renderings in every context and the conditions' recall cost is
measured. `--skip-conditioned` leaves them out (the behaviour before, for comparison).

The result measures unspin on new text with a known map: it is not a substitute for held-out
articles from the real spinner (its map is this dictionary's), see docs/spin.md.
"""
import argparse, os, random, re, sys


def load_map(path, skip_conditioned=False):
    fwd = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        spun, original = cols[0], cols[1]
        conf = float(cols[2]) if len(cols) > 2 and cols[2] else 0.9
        when = cols[3] if len(cols) > 3 else ""
        if (when and skip_conditioned) or spun.lower() != spun or original.lower() != original:
            continue  # capitalised entries: the spinner never rewrites a capitalised word
        fwd.setdefault(original, []).append((spun, conf))
    return fwd


def spin_line(line, fwd, pattern, rng, rate):
    def sub(m):
        word = m.group(0)
        if rng.random() >= rate:
            return word
        choices = fwd[word]
        total = sum(c for _, c in choices)
        x = rng.random() * total
        for spun, c in choices:
            x -= c
            if x <= 0:
                return spun
        return choices[-1][0]

    return pattern.sub(sub, line)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--dict", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, default=0.95)
    ap.add_argument("--skip-conditioned", action="store_true", help="leave out entries with a context condition")
    a = ap.parse_args()
    fwd = load_map(a.dict, a.skip_conditioned)
    # Longest originals first; whole words; lowercase only (case-sensitive match).
    alts = sorted(fwd, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(o) for o in alts) + r")(?![\w]|[’'-]\w)")
    for sub in ("input", "gold"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    for path in a.files:
        name = os.path.basename(path)
        rng = random.Random(f"{a.seed}:{name}")
        text = open(path, encoding="utf-8").read()
        spun = "\n".join(spin_line(l, fwd, pattern, rng, a.rate) for l in text.split("\n"))
        open(os.path.join(a.out, "input", name), "w", encoding="utf-8").write(spun)
        open(os.path.join(a.out, "gold", name), "w", encoding="utf-8").write(text)
    print(f"spun {len(a.files)} file(s) into {a.out} with {sum(len(v) for v in fwd.values())} renderings", file=sys.stderr)


if __name__ == "__main__":
    main()
