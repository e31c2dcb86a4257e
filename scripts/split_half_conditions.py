#!/usr/bin/env python3
"""Split-half with the reviewed conditions: how the `when` column of news.tsv acts on held-out lines.

Usage:
  bash scripts/eval_spin.sh --keep DIR                 # writes DIR/half-mined+curated-{odd,even}
  python3 scripts/split_half_conditions.py DIR [--dict dictionaries/spin/news.tsv] [--bin BIN] [--total-only]

scripts/eval_spin.sh runs it on every call (--total-only) as the protocol "split-half, mined+curated,
news.tsv's conditions borrowed onto the mined pairs".

The split-half halves mine their own pairs (scripts/mine_spin_pairs.py), which carry no condition,
so a condition written on a dev-mined entry of news.tsv never reaches them. This copies onto every
unconditioned mined row the condition of the news.tsv row with the same spun and original phrase,
reruns `unspin clean` on each held-out half with those dictionaries (DIR/half-cond-TRAIN/) and
scores both halves (summed, as eval_spin.sh does) and each half alone with ../shared/eval/score.py.
Only the conditions are borrowed: the pairs and their confidences stay the half's own.
"""
import argparse, os, shutil, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def conditions(path):
    when = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) > 3 and cols[3]:
            when.setdefault((cols[0], cols[1]), cols[3])
    return when


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("keep")
    ap.add_argument("--dict", default=os.path.join(ROOT, "dictionaries/spin/news.tsv"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/unspin"))
    ap.add_argument("--total-only", action="store_true",
                    help="print only score.py's TOTAL figures for both halves summed (scripts/eval_spin.sh)")
    a = ap.parse_args()
    when = conditions(a.dict)
    score = [sys.executable, os.path.join(ROOT, "../shared/eval/score.py")]
    total = os.path.join(a.keep, "half-cond")
    for x in ("in", "gold", "out"):
        shutil.rmtree(os.path.join(total, x), ignore_errors=True)
        os.makedirs(os.path.join(total, x))
    for train in ("odd", "even"):
        src = os.path.join(a.keep, f"half-mined+curated-{train}")
        dst = os.path.join(a.keep, f"half-cond-{train}")
        shutil.rmtree(dst, ignore_errors=True)
        os.makedirs(dst)
        borrowed = 0
        with open(os.path.join(dst, "dict.tsv"), "w", encoding="utf-8") as out:
            for line in open(os.path.join(src, "dict.tsv"), encoding="utf-8"):
                cols = line.rstrip("\n").split("\t")
                if not line.startswith("#") and len(cols) >= 2 and (cols[0], cols[1]) in when:
                    while len(cols) < 5:
                        cols.append("")
                    if not cols[3]:
                        cols[3] = when[(cols[0], cols[1])]
                        borrowed += 1
                    line = "\t".join(cols) + "\n"
                out.write(line)
        subprocess.run([a.bin, "clean", "--no-builtin-dict", "--dict-file", os.path.join(dst, "dict.tsv"),
                        "--out-dir", os.path.join(dst, "out"), os.path.join(src, "in", "a.txt")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for x, d in (("in", src), ("gold", src), ("out", dst)):
            shutil.copy(os.path.join(d, x, "a.txt"), os.path.join(total, x, f"{train}.txt"))
        res = subprocess.run(score + ["--input", os.path.join(src, "in"), "--gold", os.path.join(src, "gold"),
                                      "--output", os.path.join(dst, "out")], check=True, capture_output=True, text=True)
        if not a.total_only:
            print(f"## learn on {train} lines ({borrowed} conditions borrowed): {res.stdout.strip().splitlines()[-1]}")
    res = subprocess.run(score + ["--input", os.path.join(total, "in"), "--gold", os.path.join(total, "gold"),
                                  "--output", os.path.join(total, "out")], check=True, capture_output=True, text=True)
    last = res.stdout.strip().splitlines()[-1]
    print(last.removeprefix("TOTAL ") if a.total_only else f"## both halves summed: {last}")


if __name__ == "__main__":
    main()
