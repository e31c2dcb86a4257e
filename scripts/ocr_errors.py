#!/usr/bin/env python3
"""Where the OCR stage's error reduction and precision go: bucket its edits and misses.

Usage: ocr_errors.py OCR_DIR GOLD_DIR OUT_DIR [--lexicon dictionaries/lm/unigrams.tsv] [--show BUCKET] [-n N]

Aligns input/gold and input/output token by token, per line, exactly as ../shared/eval/score.py
does (same tokenizer, same difflib edits), then buckets
  - wrong edits (system edits matching no gold edit) by cause: a correct word changed (lowercase
    or capitalised/name), a wrong candidate for a real error, a wrong split/merge, an edit that
    only partly covers a gold edit;
  - missed errors (gold edits the system did not make) by type: single-character-class confusion
    in an unknown word, real-word error, split/merge, punctuation, line-break hyphenation,
    multi-token garble, case, numbers.
`--show BUCKET` prints examples of one bucket ("missed:punct", "wrong:real-word-changed", ...).
"""
import argparse, collections, difflib, os, re, sys

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)


def tokens(line):
    return TOKEN.findall(line)


def edits(src, dst):
    sm = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    return {(i1, i2, tuple(dst[j1:j2])) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"}


def is_punct(t):
    return not re.search(r"\w", t)


def chardist(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def gold_type(src, dst, lex, at_line_end):
    """The kind of error a gold edit repairs."""
    s, d = list(src), list(dst)
    if all(is_punct(t) for t in s + d):
        return "punct"
    sw = [t for t in s if not is_punct(t)]
    dw = [t for t in d if not is_punct(t)]
    if sw == dw:
        return "punct"
    if any(re.search(r"\d", t) for t in sw + dw):
        return "number"
    if at_line_end and (s and s[-1] == "-" or (sw and sw[-1].endswith("-"))):
        return "hyphenation"
    if len(sw) == 1 and len(dw) == 1:
        a, b = sw[0], dw[0]
        if a.lower() == b.lower():
            return "case"
        known = a.lower() in lex
        if chardist(a.lower(), b.lower()) <= 2:
            kind = "real-word" if known else "oov-confusion"
        else:
            kind = "real-word-far" if known else "oov-garble"
        if b[:1].isupper() and not b.isupper():
            kind += "-cap"
        return kind
    if "".join(sw).replace("-", "").lower() == "".join(dw).replace("-", "").lower():
        return "split-merge"
    if len(sw) != len(dw) and chardist("".join(sw).lower(), "".join(dw).lower()) <= 2:
        return "split-merge+confusion"
    return "multi-token-garble"


def wrong_cause(src, dst, golds, lex):
    """Why a system edit matches no gold edit."""
    i1, i2, rep = src
    over = [g for g in golds if g[0] < max(i2, i1 + 1) and max(g[1], g[0] + 1) > i1]
    if not over:
        return None  # decided by the caller: the words were right
    g = over[0]
    if len(over) > 1 or (g[0], g[1]) != (i1, i2):
        return "partial-overlap"
    if len(rep) != i2 - i1:
        return "wrong-split-merge"
    return "wrong-candidate"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ocr")
    ap.add_argument("gold")
    ap.add_argument("out")
    ap.add_argument("--lexicon", default=os.path.join(os.path.dirname(__file__), "..", "dictionaries/lm/unigrams.tsv"))
    ap.add_argument("--show")
    ap.add_argument("-n", type=int, default=30)
    a = ap.parse_args()
    lex = set()
    with open(a.lexicon, encoding="utf-8") as f:
        for line in f:
            lex.add(line.split("\t", 1)[0])
    missed, made, wrong = collections.Counter(), collections.Counter(), collections.Counter()
    dist_missed, touched = collections.Counter(), collections.Counter()
    examples = collections.defaultdict(list)
    for name in sorted(os.listdir(a.ocr)):
        rd = lambda d: open(os.path.join(d, name), encoding="utf-8").read().split("\n")
        sl, gl, ol = rd(a.ocr), rd(a.gold), rd(a.out)
        if not (len(sl) == len(gl) == len(ol)):
            print(f"{name}: line counts differ; skipped", file=sys.stderr)
            continue
        for ln, (s, g, o) in enumerate(zip(sl, gl, ol)):
            ts, tg, to = tokens(s), tokens(g), tokens(o)
            ge, se = edits(ts, tg), edits(ts, to)
            for e in ge:
                kind = gold_type(ts[e[0] : e[1]], e[2], lex, e[1] >= len(ts) - 1)
                key = ("made:" if e in se else "missed:") + kind
                (made if e in se else missed)[kind] += 1
                if e not in se:
                    dist_missed[kind] += max(e[1] - e[0], len(e[2]))
                    if any(x[0] < max(e[1], e[0] + 1) and max(x[1], x[0] + 1) > e[0] for x in se):
                        touched[kind] += 1
                examples[key].append(f"{name}:{ln + 1}: {' '.join(ts[e[0]:e[1]])!r} -> {' '.join(e[2])!r}  | out: {o}")
            for e in se - ge:
                cause = wrong_cause(e, e[2], ge, lex)
                if cause is None:
                    words = [t for t in ts[e[0] : e[1]] if not is_punct(t)]
                    if not words:
                        cause = "punct-changed"
                    elif any(w[:1].isupper() for w in words):
                        cause = "name/capitalised-changed"
                    elif all(w.lower() in lex for w in words):
                        cause = "real-word-changed"
                    else:
                        cause = "unknown-word-changed"
                wrong[cause] += 1
                gold_rep = [x for x in ge if x[0] <= e[0] < max(x[1], x[0] + 1)]
                examples["wrong:" + cause].append(
                    f"{name}:{ln + 1}: {' '.join(ts[e[0]:e[1]])!r} -> {' '.join(e[2])!r}"
                    f" (gold {' '.join(gold_rep[0][2]) if gold_rep else '-'!r})"
                )
    tot_m, tot_w = sum(missed.values()), sum(wrong.values())
    print(f"gold edits: {tot_m + sum(made.values())}; made {sum(made.values())}; missed {tot_m}")
    print(f"{'type':28} {'missed':>7} {'made':>6} {'missed tokens':>14} {'partly fixed':>13}")
    for k, v in (missed + made).most_common():
        print(f"{k:28} {missed[k]:7} {made[k]:6} {dist_missed[k]:14} {touched[k]:13}")
    print(f"\nwrong edits: {tot_w}")
    for k, v in wrong.most_common():
        print(f"{k:28} {v:7}")
    if a.show:
        print(f"\n== {a.show}")
        for x in examples[a.show][: a.n]:
            print(x)


if __name__ == "__main__":
    main()
