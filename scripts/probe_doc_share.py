#!/usr/bin/env python3
"""Offline probe of document-level precision rules for spin reversal (docs/spin.md, Round 8).

Usage:
  bash scripts/eval_spin.sh --keep /tmp/ev
  python3 scripts/probe_doc_share.py /tmp/ev

Reruns `unspin check --min-confidence 0.01` on each protocol's inputs (as spin_errors.py does),
labels every proposal against the gold (`right`: a gold edit over it writes the candidate;
`false`: no gold edit over it, the author's word; `other`: a gold edit differs, mostly phrase
entries whose token diff is shorter than the hit), and reports, per protocol, how many right and
false proposals at confidence >= 0.5 each rule would drop (approximating a hit's posterior by
the sigmoid of its log-odds):
  cap       the expected-share cap: a rendering written k times in a document keeps only its
            ceil(k * p) most confident hits, p the English base-rate probability that it is a
            rendering (odds from the proposal's base-rate term);
  lm-rank   within a document's hits of one entry holding both right and false proposals, the
            AUC of the LM context margin (right above false): does the margin choose which
            occurrences are the spinner's?
  penalty   a log-odds penalty X for hits with a weak base rate and a non-positive LM margin.
"""
import collections, importlib.util, json, math, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("spin_errors", os.path.join(HERE, "spin_errors.py"))
se = importlib.util.module_from_spec(spec)
spec.loader.exec_module(se)
PROTOS = ("dev", "split-half", "synthetic", "synthetic-holdout")


def term(reason, pattern):
    m = re.search(pattern, reason)
    return float(m.group(1)) if m else None


def proposals(keep, binary):
    rows = []
    for proto in PROTOS:
        for run in se.PROTOCOLS[proto]:
            inp, gold = (os.path.join(keep, x) for x in run[:2])
            dicts = [os.path.join(keep, d) for d in run[3]] if run[3] else None
            props = se.proposals(binary, inp, dicts)
            for fi, fg in zip(se.files(inp), se.files(gold)):
                a, g = (open(f, encoding="utf-8").read() for f in (fi, fg))
                found = props.get(os.path.basename(fi), [])
                by_line = se.line_props(a, found)
                for ln, (la, lg) in enumerate(zip(a.split("\n"), g.split("\n")), 1):
                    toks = se.tokens_with_offsets(la)
                    src = [t for t, _, _ in toks]
                    ge = se.diff_edits(src, [t for t, _, _ in se.tokens_with_offsets(lg)])
                    for p in by_line.get(ln, []):
                        i1, i2 = se.token_range(toks, p["lstart"], p["lend"])
                        over = [x for x in ge if x[0] < i2 and x[1] > i1]
                        after = f" {p['after'].lower()} "
                        label = "false" if not over else (
                            "right" if any(after in f" {' '.join(x[2]).lower()} " for x in over) else "other")
                        rs = p["reason"]
                        rows.append(dict(
                            proto=proto, doc=f"{run[0]}/{os.path.basename(fi)}", key=(p["before"].lower(), p["after"].lower()),
                            conf=p["confidence"], label=label,
                            base=term(rs, r"base rate ([+-][\d.]+)"),
                            lm=term(rs, r"LM context margin [+-][\d.]+ log10 \(([+-][\d.]+)\)") or 0.0))
    return rows


def logit(p):
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def dropped(rows, drop):
    c = collections.Counter(r["label"] for r in rows if drop(r))
    return f"right -{c['right']} false -{c['false']}"


def main():
    keep = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "target", "release", "unspin")
    rows = proposals(keep, binary)
    applied = [r for r in rows if r["conf"] >= 0.5]
    for proto in PROTOS:
        mine = [r for r in applied if r["proto"] == proto]
        c = collections.Counter(r["label"] for r in mine)
        print(f"## {proto}: applied right {c['right']}, false {c['false']}, other {c['other']}")
        groups = collections.defaultdict(list)
        for r in mine:
            groups[r["doc"], r["key"]].append(r)
        capped = set()
        for hits in groups.values():
            if hits[0]["base"] is None:
                continue
            p = 1 / (1 + math.exp(-2 * hits[0]["base"]))  # the term is half the odds (unclamped)
            ranked = sorted(hits, key=lambda r: -r["conf"])
            capped.update(id(r) for r in ranked[math.ceil(len(hits) * p):])
        print(f"cap: {dropped(mine, lambda r: id(r) in capped)}")
        wins = pairs = 0
        for hits in groups.values():
            for a in (r["lm"] for r in hits if r["label"] == "right"):
                for b in (r["lm"] for r in hits if r["label"] == "false"):
                    pairs += 1
                    wins += (a > b) + 0.5 * (a == b)
        print(f"lm-rank: {pairs} right/false pairs in mixed groups, AUC {wins / max(pairs, 1):.2f}")
        for x in (0.5, 1.0, 2.0):
            weak = lambda r, x=x: r["base"] is not None and r["base"] < 0.3 and r["lm"] <= 0 and logit(r["conf"]) - x < 0
            print(f"penalty {x} (base term < 0.3, LM margin <= 0): {dropped(mine, weak)}")


if __name__ == "__main__":
    main()
