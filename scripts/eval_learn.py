#!/usr/bin/env python3
"""Scores a dictionary learned by `unspin learn` against a gold edit list (spun -> original pairs).

    python3 scripts/eval_learn.py LEARNED.tsv GOLD.edits.tsv [--top 50] [--show]
    python3 scripts/eval_learn.py LEARNED.tsv SPIN_DIR [--file NAME] [--top 50] [--show]

GOLD may also be a folder written by `scripts/spin_text.py` (input/ and gold/): the gold edits are then
the word-level differences of each input/NAME from gold/NAME (all files, or only `--file NAME`).

A learned pair counts as a gold mapping when it equals one after lowercasing, or after taking off
words both sides share at the start or end ("within the" -> "in the" matches "within" -> "in" and the
other way round). Reports how many of the `--top` most frequent gold mappings are recovered, and how
many learned pairs match no gold mapping at all (wrong proposals).
"""
import argparse
import collections
import difflib
import os
import re

TOKEN = re.compile(r"\w+(?:[’'-]\w+)*|\S")


def diff_edits(spun_text, gold_text):
    """(spun phrase, original phrase) of every word-level difference, line by line."""
    out = []
    for x, y in zip(spun_text.split("\n"), gold_text.split("\n")):
        a, b = TOKEN.findall(x), TOKEN.findall(y)
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op != "equal":
                out.append((" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return out


def core(spun, original):
    a, b = spun.split(), original.split()
    while len(a) > 1 and len(b) > 1 and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while len(a) > 1 and len(b) > 1 and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    return " ".join(a), " ".join(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("learned")
    ap.add_argument("gold")
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--file", help="with a spin_text.py folder: score against this file's edits only")
    ap.add_argument("--show", action="store_true", help="list the recovered, missed and wrong pairs")
    args = ap.parse_args()
    gold = collections.Counter()
    if os.path.isdir(args.gold):
        names = [args.file] if args.file else sorted(os.listdir(os.path.join(args.gold, "input")))
        for name in names:
            with open(os.path.join(args.gold, "input", name), encoding="utf-8") as f:
                spun = f.read()
            with open(os.path.join(args.gold, "gold", name), encoding="utf-8") as f:
                original = f.read()
            for s, o in diff_edits(spun, original):
                gold[(s.lower(), o.lower())] += 1
    else:
        with open(args.gold, encoding="utf-8") as f:
            next(f)
            for line in f:
                cols = line.rstrip("\n").split("\t")
                gold[(cols[1].lower(), cols[2].lower())] += 1
    learned = []
    with open(args.learned, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            learned.append((cols[0].lower(), cols[1].lower(), float(cols[2])))
    gold_keys = {}
    for pair in gold:
        gold_keys.setdefault(pair, pair)
        gold_keys.setdefault(core(*pair), pair)
    matched = collections.defaultdict(list)
    wrong = []
    for s, o, c in learned:
        hit = gold_keys.get((s, o)) or gold_keys.get(core(s, o))
        if hit:
            matched[hit].append((s, o, c))
        else:
            wrong.append((s, o, c))
    # Ties at the cut-off are broken alphabetically, so the top list is deterministic.
    top = sorted(gold.items(), key=lambda kv: (-kv[1], kv[0]))[: args.top]
    recovered = [p for p, _ in top if p in matched]
    print(f"learned pairs: {len(learned)}; matching a gold mapping: {len(learned) - len(wrong)}; wrong: {len(wrong)}")
    print(f"top {args.top} gold mappings by frequency recovered: {len(recovered)}/{len(top)}")
    print(f"all gold mappings recovered: {len(matched)}/{len(gold)} ({sum(gold[p] for p in matched)}/{sum(gold.values())} edits)")
    if args.show:
        for p, n in top:
            print(("  ok   " if p in matched else "  miss ") + f"{n:3d} {p[0]} -> {p[1]}")
        for s, o, c in sorted(wrong, key=lambda x: -x[2]):
            print(f"  wrong {c:.2f} {s} -> {o}")


if __name__ == "__main__":
    main()
