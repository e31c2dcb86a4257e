#!/usr/bin/env python3
"""Fit the OCR stage's confidence calibration (docs/ocr.md, round 17).

Usage:
  scripts/fit_ocr_calibration.py WORK [--out dictionaries/ocr/calibration.tsv] [--score-only]

WORK is a folder made by `scripts/eval_ocr.sh WORK` (it holds smh-train/, smh-heldout/, icdar/).
Runs `unspin clean` with UNSPIN_OCR_FEATURES=1 and UNSPIN_OCR_RAW_CONFIDENCE=1 (every edit the
stage makes at its default bar, reasons carrying the decision's features) on the training half
and ICDAR, labels each OCR edit right when, applied alone to its line, it makes exactly gold edits
(the definition of score.py: the diff span over the input tokens equals a gold edit's), and fits
a logistic map of the features, equal weight to each set, L2 1.0, with the weights of the
evidence features (calibration.MONOTONE) held at 0 or above. Rules that weigh no readings get the
rate at which their edits were right. Prints the reliability table of the fitted map on both sets
and on the held-out half (scored only, never fitted on). --score-only prints the tables of the
shipped map without writing.
"""
import argparse, json, math, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "eval"))
from score import TOKEN, tokens, edits  # noqa: E402

FEATURES = ["bias", "real_word", "split", "merge", "log_odds", "margin", "runner_up", "channel",
            "capitalized", "upper", "length", "log_likelihood"]
MONOTONE = {"log_odds", "margin", "runner_up"}
FIXED = [  # (key, test on rule and reason)
    ("fixed.case", lambda rule, why: rule == "ocr:case"),
    ("fixed.line_end", lambda rule, why: "ending a line is column noise" in why),
    ("fixed.full_stop", lambda rule, why: "OCR lost the full stop" in why),
    ("fixed.glued_stop", lambda rule, why: "is a speck over the space" in why),
    ("fixed.smudge", lambda rule, why: rule == "ocr:punct"),
]
L2 = 1.0


def run(binary, ocr_dir, tmp):
    report = os.path.join(tmp, "report.json")
    env = dict(os.environ, UNSPIN_OCR_FEATURES="1", UNSPIN_OCR_RAW_CONFIDENCE="1")
    subprocess.run([binary, "clean", "--no-config", "--stages", "normalize,ocr", "--min-confidence", "0",
                    "--report", report, "--out-dir", os.path.join(tmp, "out"), ocr_dir],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(report, encoding="utf-8") as f:
        return json.load(f)


def spans(line):
    return [(m.start(), m.end()) for m in TOKEN.finditer(line)]


def samples(report, gold_dir, out_dir):
    """(kind, features or None, right) per OCR edit. An edit is right when every edit score.py
    sees over its tokens (input line against output line) is a gold edit: so an edit that with
    its neighbour makes one gold edit is right, as the scorer counts it."""
    out = []
    for doc in report["documents"]:
        name = os.path.basename(doc["path"])
        read = lambda d: open(os.path.join(d, name), encoding="utf-8").read().split("\n")
        with open(doc["path"], encoding="utf-8") as f:
            lines = f.read().split("\n")
        gold_lines, out_lines = read(gold_dir), read(out_dir)
        if not len(lines) == len(gold_lines) == len(out_lines):
            continue
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        cache = {}
        for e in doc["edits"]:
            if e["stage"] != "ocr":
                continue
            li = e["line"] - 1
            line, ls = lines[li], starts[li]
            if li not in cache:
                ta = tokens(line)
                cache[li] = (spans(line), edits(ta, tokens(out_lines[li])), edits(ta, tokens(gold_lines[li])))
            where, system, gold = cache[li]
            cs, ce = e["char_start"] - ls, e["char_end"] - ls
            inside = [i for i, (a, b) in enumerate(where) if a < ce and b > cs]
            if inside:
                t0, t1 = inside[0], inside[-1] + 1
            else:
                t0 = t1 = sum(1 for a, b in where if b <= cs)
            mine = [x for x in system if (x[0] < t1 and x[1] > t0) or (x[0] == x[1] and t0 <= x[0] <= t1)
                    or (t0 == t1 and x[0] <= t0 <= x[1])]
            right = bool(mine) and all(x in gold for x in mine)
            m = re.search(r"\[features ([^\]]*)\]", e["reason"])
            if m:
                vals = dict(kv.split("=") for kv in m.group(1).split())
                out.append(("weighed", [float(vals[f]) for f in FEATURES], right))
            else:
                kind = next(k for k, test in FIXED if test(e["rule"], e["reason"]))
                out.append((kind, None, right))
    return out


def sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z > -500 else 0.0


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c] != 0:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(xs, ys, ws, active, held=None):
    """Weighted L2 logistic regression by Newton's method over the active features (the others at
    0, or at the value `held` gives them)."""
    held = held or {}
    idx = [i for i, f in enumerate(FEATURES) if f in active and f not in held]
    w = [held.get(f, 0.0) for f in FEATURES]
    fixed_idx = [i for i, f in enumerate(FEATURES) if f in held]
    for _ in range(50):
        g = [0.0] * len(idx)
        h = [[0.0] * len(idx) for _ in idx]
        for x, y, sw in zip(xs, ys, ws):
            p = sigmoid(sum(w[i] * x[i] for i in idx) + sum(w[i] * x[i] for i in fixed_idx))
            for a, i in enumerate(idx):
                g[a] += sw * (p - y) * x[i]
                for b, j in enumerate(idx):
                    h[a][b] += sw * p * (1 - p) * x[i] * x[j]
        for a, i in enumerate(idx):
            if FEATURES[i] != "bias":
                g[a] += L2 * w[i]
                h[a][a] += L2
        step = solve(h, g)
        for a, i in enumerate(idx):
            w[i] -= step[a]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def fit_monotone(xs, ys, ws, dropped=(), held=None):
    active = set(FEATURES) - set(dropped)
    while True:
        w = fit(xs, ys, ws, active, held)
        bad = [f for f in MONOTONE & active if w[FEATURES.index(f)] < 0]
        if not bad:
            return w
        active -= set(bad)


def probability(w, x):
    return sigmoid(sum(a * b for a, b in zip(w, x)))


def reliability(name, preds):
    bins = [(0.0, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]
    print(f"\n{name}: {len(preds)} OCR edits, {sum(r for _, r in preds)} right")
    print("| stated confidence | edits | mean stated | right |")
    print("|---|---|---|---|")
    for lo, hi in bins:
        sel = [(p, r) for p, r in preds if lo <= p < hi]
        if sel:
            print(f"| {lo:.1f}–{min(hi, 1.0):.1f} | {len(sel)} | {sum(p for p, _ in sel) / len(sel):.3f} | "
                  f"{sum(r for _, r in sel) / len(sel):.3f} |")


def shipped(path):
    w, fixed = {}, {}
    with open(path, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#") and l.strip()][1:]
    for r in rows:
        if r[0] in FEATURES:
            w[r[0]] = float(r[1])
        elif r[0].startswith("fixed."):
            fixed[r[0]] = float(r[1])
    return [w[f] for f in FEATURES], fixed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("work")
    ap.add_argument("--out", default=os.path.join(ROOT, "dictionaries/ocr/calibration.tsv"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/unspin"))
    ap.add_argument("--score-only", action="store_true")
    ap.add_argument("--samples", help="labelled edits, kept in (or read from) this JSON file")
    ap.add_argument("--hold", default="", help="feature=weight,... held at those weights (ablations)")
    ap.add_argument("--drop", default="", help="comma-separated features held at 0 (ablations)")
    a = ap.parse_args()
    sets = {}
    if a.samples and os.path.exists(a.samples):
        with open(a.samples, encoding="utf-8") as f:
            sets = json.load(f)
    for name, sub in [("training half", "smh-train"), ("icdar", "icdar"), ("held-out half", "smh-heldout")]:
        if name in sets:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            rep = run(a.binary, os.path.join(a.work, sub, "ocr"), tmp)
            sets[name] = samples(rep, os.path.join(a.work, sub, "gold"), os.path.join(tmp, "out"))
    if a.samples:
        with open(a.samples, "w", encoding="utf-8") as f:
            json.dump(sets, f)
    fitting = ["training half", "icdar"]
    if a.score_only:
        w, fixed = shipped(a.out)
    else:
        xs, ys, ws = [], [], []
        fixed_counts = {}
        for name in fitting:
            s = sets[name]
            share = 1.0 / len(s)  # each set weighs the same
            for kind, x, right in s:
                if x is None:
                    k = fixed_counts.setdefault(kind, [0.0, 0.0])
                    k[0] += share * right
                    k[1] += share
                else:
                    xs.append(x)
                    ys.append(1.0 if right else 0.0)
                    ws.append(share)
        # Rescale so the weights sum to the number of samples (L2 on the usual scale).
        total = sum(ws)
        ws = [v * len(ws) / total for v in ws]
        held = {k: float(v) for k, v in (kv.split("=") for kv in a.hold.split(",") if kv)}
        w = fit_monotone(xs, ys, ws, [f for f in a.drop.split(",") if f], held)
        # A rule's rate, smoothed by one right and one wrong edit's worth of weight.
        fixed = {}
        for k, _ in FIXED:
            right, n = fixed_counts.get(k, [0.0, 0.0])
            unit = 1.0 / max(len(sets[f]) for f in fitting)
            fixed[k] = round((right + unit) / (n + 2 * unit), 4)
        examples = [x for kind, x, _ in sets["training half"] if x is not None][::400][:6]
        with open(a.out, "w", encoding="utf-8") as f:
            f.write("# Calibrated confidence of OCR edits (src/ocr/calibration.rs): logistic weights over the\n"
                    "# decision's features, and the rate at which each fixed rule's edits were right. Fitted by\n"
                    "# scripts/fit_ocr_calibration.py on overproof-smh's training half and icdar2017-en\n"
                    "# (derived weights only, no text). example rows: features -> probability, for the tests.\n")
            f.write("name\tvalue\n")
            for name, v in zip(FEATURES, w):
                f.write(f"{name}\t{v:.6f}\n")
            for k in sorted(fixed):
                f.write(f"{k}\t{fixed[k]}\n")
            for x in examples:
                p = probability([round(v, 6) for v in w], x)
                f.write("example\t" + " ".join(f"{v:.4f}" for v in x) + f"\t{p:.6f}\n")
        w = [round(v, 6) for v in w]
        print("weights:", " ".join(f"{n}={v:.4f}" for n, v in zip(FEATURES, w)))
        print("fixed:", fixed)
    for name, s in sets.items():
        preds = [(fixed[kind] if x is None else probability(w, x), right) for kind, x, right in s]
        reliability(name + ("" if name in fitting else " (not fitted on)"), preds)


if __name__ == "__main__":
    main()
