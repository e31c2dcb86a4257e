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
            "capitalized", "upper", "length", "log_likelihood", "garbled"]
KIND_FEATURES = ["bias", "capitals", "pronouns"]
KINDS = ["news", "book"]
MONOTONE = {"log_odds", "margin", "runner_up"}
FIXED = [  # (key, test on rule and reason)
    ("fixed.case", lambda rule, why: rule == "ocr:case"),
    ("fixed.line_end", lambda rule, why: "ending a line is column noise" in why),
    ("fixed.full_stop", lambda rule, why: "OCR lost the full stop" in why),
    ("fixed.glued_stop", lambda rule, why: "is a speck over the space" in why),
    ("fixed.initial", lambda rule, why: "is an initial: OCR lost its full stop" in why),
    ("fixed.line_hyphen", lambda rule, why: "OCR lost the hyphen" in why),
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
    """(kind, features or None, right, doc) per OCR edit (doc: the file's name). An edit is right when every edit score.py
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
                out.append(("weighed", [float(vals[f]) for f in FEATURES], right, name))
            else:
                kind = next(k for k, test in FIXED if test(e["rule"], e["reason"]))
                out.append((kind, None, right, name))
    return out


def shapes(report):
    """The document shape (capitals, pronouns) the stage recorded per file."""
    out = {}
    for doc in report["documents"]:
        s = doc.get("signals", {})
        if "ocr.capitals" in s:
            out[os.path.basename(doc["path"])] = [s["ocr.capitals"], s["ocr.pronouns"]]
    return out


def book_label(set_name, doc):
    """What the fitting sets say a document is: ICDAR's monographs are books, the rest (the
    Herald's articles, ICDAR's periodicals) newspapers. Used only to fit the kind logistic; the
    stage picks the map by the logistic over the document's shape."""
    return set_name == "icdar" and "monograph" in doc


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


def fit(xs, ys, ws, active, held=None, names=FEATURES):
    """Weighted L2 logistic regression by Newton's method over the active features (the others at
    0, or at the value `held` gives them)."""
    held = held or {}
    idx = [i for i, f in enumerate(names) if f in active and f not in held]
    w = [held.get(f, 0.0) for f in names]
    fixed_idx = [i for i, f in enumerate(names) if f in held]
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
            if names[i] != "bias":
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
    w, fixed, kind = {k: {} for k in KINDS}, {k: {} for k in KINDS}, {}
    with open(path, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#") and l.strip()][1:]
    for r in rows:
        head, _, rest = r[0].partition(".")
        if head == "kind":
            kind[rest] = float(r[1])
        elif head in KINDS and rest in FEATURES:
            w[head][rest] = float(r[1])
        elif head in KINDS and rest.startswith("fixed."):
            fixed[head][rest] = float(r[1])
    return ({k: [w[k][f] for f in FEATURES] for k in KINDS}, fixed, [kind[f] for f in KIND_FEATURES])


def kind_of(kw, shape):
    return "book" if sum(a * b for a, b in zip(kw, kind_features(shape))) >= 0 else "news"


def kind_features(shape):
    """The kind logistic's inputs (as calibration.rs's DocShape::features): shares in percent."""
    return [1.0] + [100.0 * v for v in shape]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("work")
    ap.add_argument("--out", default=os.path.join(ROOT, "dictionaries/ocr/calibration.tsv"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/unspin"))
    ap.add_argument("--score-only", action="store_true")
    ap.add_argument("--samples", help="labelled edits, kept in (or read from) this JSON file")
    ap.add_argument("--hold", default="", help="feature=weight,... held at those weights (ablations)")
    ap.add_argument("--drop", default="", help="comma-separated features held at 0 (ablations)")
    ap.add_argument("--single", action="store_true", help="one map for every document (round 17's fit)")
    ap.add_argument("--per-edit", action="store_true", help="inside a map every edit weighs the same (not every set)")
    ap.add_argument("--news-from", default="", help="fit the newspaper map on these sets only (comma-separated)")
    ap.add_argument("--drop-book", default="", help="features held at 0 in the book map only")
    a = ap.parse_args()
    sets, docs = {}, {}
    if a.samples and os.path.exists(a.samples):
        with open(a.samples, encoding="utf-8") as f:
            stored = json.load(f)
        sets, docs = stored["sets"], stored["docs"]
    for name, sub in [("training half", "smh-train"), ("icdar", "icdar"), ("held-out half", "smh-heldout")]:
        if name in sets:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            rep = run(a.binary, os.path.join(a.work, sub, "ocr"), tmp)
            sets[name] = samples(rep, os.path.join(a.work, sub, "gold"), os.path.join(tmp, "out"))
            docs[name] = shapes(rep)
    if a.samples:
        with open(a.samples, "w", encoding="utf-8") as f:
            json.dump({"sets": sets, "docs": docs}, f)
    fitting = ["training half", "icdar"]
    if a.score_only:
        w, fixed, kw = shipped(a.out)
    else:
        # The kind logistic: over the fitting sets' documents, each kind weighing the same.
        if a.single:
            kw = [-1.0, 0.0, 0.0]
        else:
            xs, ys = [], []
            for name in fitting:
                for doc, shape in docs[name].items():
                    xs.append(kind_features(shape))
                    ys.append(1.0 if book_label(name, doc) else 0.0)
            nb = sum(ys)
            ws = [len(ys) / (2 * nb) if y else len(ys) / (2 * (len(ys) - nb)) for y in ys]
            kw = fit(xs, ys, ws, set(KIND_FEATURES), names=KIND_FEATURES)
            kw = [round(v, 6) for v in kw]
        held = {k: float(v) for k, v in (kv.split("=") for kv in a.hold.split(",") if kv)}
        dropped = [f for f in a.drop.split(",") if f]
        w, fixed = {}, {}
        for k in KINDS:
            # Each map is fitted on the fitting sets' documents the kind logistic sends to it, each
            # set weighing the same.
            xs, ys, ws = [], [], []
            fixed_counts = {}
            parts = []
            for name in fitting:
                if k == "news" and a.news_from and name not in a.news_from.split(","):
                    continue
                mine = [smp for smp in sets[name] if a.single or kind_of(kw, docs[name][smp[3]]) == k]
                if mine:
                    parts.append((name, mine))
            for name, mine in parts:
                share = 1.0 if a.per_edit else 1.0 / len(mine)
                for kind, x, right, _ in mine:
                    if x is None:
                        c = fixed_counts.setdefault(kind, [0.0, 0.0])
                        c[0] += share * right
                        c[1] += share
                    else:
                        xs.append(x)
                        ys.append(1.0 if right else 0.0)
                        ws.append(share)
            # Rescale so the weights sum to the number of samples (L2 on the usual scale).
            total = sum(ws)
            ws = [v * len(ws) / total for v in ws]
            drop_here = dropped + ([f for f in a.drop_book.split(",") if f] if k == "book" else [])
            w[k] = [round(v, 6) for v in fit_monotone(xs, ys, ws, drop_here, held)]
            # A rule's rate, smoothed by one right and one wrong edit's worth of weight.
            fixed[k] = {}
            for key, _ in FIXED:
                right, n = fixed_counts.get(key, [0.0, 0.0])
                unit = 1.0 / max(len(m) for _, m in parts)
                fixed[k][key] = round((right + unit) / (n + 2 * unit), 4)
            print(f"{k} map ({', '.join(f'{n}: {len(m)} edits' for n, m in parts)}):",
                  " ".join(f"{n}={v:.4f}" for n, v in zip(FEATURES, w[k])))
            print(f"{k} fixed:", fixed[k])
        print("kind:", " ".join(f"{n}={v:.4f}" for n, v in zip(KIND_FEATURES, kw)))
        with open(a.out, "w", encoding="utf-8") as f:
            f.write("# Calibrated confidence of OCR edits (src/ocr/calibration.rs): for newspapers and for books,\n"
                    "# logistic weights over the decision's features and the rate at which each fixed rule's\n"
                    "# edits were right; kind.* picks the map from the document's shape (share of capitalised\n"
                    "# words, of personal pronouns). Fitted by scripts/fit_ocr_calibration.py on overproof-smh's\n"
                    "# training half and icdar2017-en (derived weights only, no text). example rows: kind,\n"
                    "# features -> probability; kind_example rows: capitals, pronouns -> kind (for the tests).\n")
            f.write("name\tvalue\n")
            for k in KINDS:
                for n, v in zip(FEATURES, w[k]):
                    f.write(f"{k}.{n}\t{v:.6f}\n")
                for key in sorted(fixed[k]):
                    f.write(f"{k}.{key}\t{fixed[k][key]}\n")
            for n, v in zip(KIND_FEATURES, kw):
                f.write(f"kind.{n}\t{v:.6f}\n")
            for name in fitting:
                smp = [s_ for s_ in sets[name] if s_[1] is not None][::800][:4]
                for _, x, _, doc in smp:
                    k = kind_of(kw, docs[name][doc])
                    f.write(f"example\t{k}\t" + " ".join(f"{v:.4f}" for v in x) + f"\t{probability(w[k], x):.6f}\n")
                for doc in sorted(docs[name])[::30]:
                    c, p = docs[name][doc]
                    f.write(f"kind_example\t{c:.4f}\t{p:.4f}\t{kind_of(kw, (c, p))}\n")
    for name, s_ in sets.items():
        counts = {}
        for doc, shape in docs[name].items():
            counts[kind_of(kw, shape)] = counts.get(kind_of(kw, shape), 0) + 1
        preds = []
        for kind, x, right, doc in s_:
            k = kind_of(kw, docs[name][doc])
            preds.append((fixed[k][kind] if x is None else probability(w[k], x), right))
        reliability(name + ("" if name in fitting else " (not fitted on)") + f" {counts}", preds)

if __name__ == "__main__":
    main()
