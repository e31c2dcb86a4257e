#!/usr/bin/env python3
"""Mine spinner substitutions from a restored article: an unspin dictionary with evidence counts.

Usage:
  mine_spin_pairs.py SPUN EDITS_TSV [--lines odd|even|all] [--source NAME] > pairs.tsv

SPUN is the spun article, EDITS_TSV its list of reversed substitutions (line, spun phrase,
original phrase, confidence), as in ../shared/data/spin/dev/*.edits.tsv. With --lines, only edits
and text on odd or even lines are used (the split-half protocol: learn on one half, measure on
the other).

Each pair gets a confidence estimated on the lines used: the rate at which the spun phrase,
where the spinner could have written it (lowercase), was a rendering at all, with a Beta(3, 1)
prior (a dictionary hit in a spun document is usually a rendering),
   r = (renderings + 3) / (occurrences + 4)          (at most 0.97)
times the share of this original among the phrase's renderings, (n + 0.5) / (renderings + 0.5 k)
for k alternatives. The source column records the evidence: "dev-000 N/OCCURRENCES".
"""
import argparse, collections, re, sys

WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def occurrences(lines, phrase):
    """Whole-word occurrences of `phrase` whose first letter is as the spinner writes it."""
    pat = re.compile(r"(?<![\w’'-])" + re.escape(phrase) + r"(?![\w’'-]*\w)", re.IGNORECASE)
    n = 0
    for line in lines:
        for m in pat.finditer(line):
            written = m.group(0)
            if written[0].isupper() and not phrase[0].isupper():
                continue  # the spinner leaves capitalised words alone
            n += 1
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spun")
    ap.add_argument("edits")
    ap.add_argument("--lines", choices=["odd", "even", "all"], default="all")
    ap.add_argument("--source", default="dev-000")
    ap.add_argument("--min-confidence", type=float, default=0.0)
    a = ap.parse_args()
    keep = {"all": lambda n: True, "odd": lambda n: n % 2 == 1, "even": lambda n: n % 2 == 0}[a.lines]
    text = open(a.spun, encoding="utf-8").read().split("\n")
    lines = [t for i, t in enumerate(text, 1) if keep(i)]
    pairs = collections.Counter()
    for row in open(a.edits, encoding="utf-8").read().splitlines()[1:]:
        line, spun, original, _conf = row.split("\t")[:4]
        if keep(int(line)):
            pairs[(spun, original)] += 1
    by_spun = collections.defaultdict(list)
    for (spun, original), n in pairs.items():
        by_spun[spun].append((original, n))
    out = []
    for spun, cands in by_spun.items():
        total = sum(n for _, n in cands)
        occ = max(occurrences(lines, spun), total)
        rate = min(0.97, (total + 3) / (occ + 4))
        for original, n in cands:
            if spun.lower() == original.lower():
                continue
            conf = rate * (n + 0.5) / (total + 0.5 * len(cands))
            if conf < a.min_confidence:
                continue
            out.append((spun, original, f"{conf:.2f}", "", f"{a.source} {n}/{occ}"))
    out.sort(key=lambda r: (r[0].lower(), r[1].lower()))
    print("# Mined by scripts/mine_spin_pairs.py from", a.spun.split("/")[-1], "lines:", a.lines)
    for r in out:
        print("\t".join(r))


if __name__ == "__main__":
    main()
