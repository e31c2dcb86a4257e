#!/usr/bin/env python3
"""Prepare the OCR evaluation sets for scripts/eval_ocr.sh (outside the repo, under OUTDIR).

Usage: ocr_eval_sets.py SHARED_DATA OUTDIR

- OUTDIR/smh/{ocr,gold,overproof}: eval/overproof.py's split of overproof-smh (run by the caller),
  plus OUTDIR/smh-heldout/{ocr,gold,overproof}: the articles at odd positions in name order, the
  half scripts/learn_ocr_confusions.py does not learn from (it reads the even ones), and
  OUTDIR/smh-train/{ocr,gold,overproof}: the even ones, the half the weights are tuned on.
- OUTDIR/icdar/{ocr,gold}: icdar2017-en as line-aligned text: [OCR_aligned] and [ GS_aligned]
  cut into lines at positions where both have a space, '@' gaps removed; where the ground truth
  is '#' (not transcribed) the OCR characters stand in, so any change there counts as an error.
"""
import os
import shutil
import sys


def heldout(out):
    src = os.path.join(out, "smh")
    names = sorted(os.listdir(os.path.join(src, "ocr")))
    for half, parity in (("smh-heldout", 1), ("smh-train", 0)):
        for part in ("ocr", "gold", "overproof"):
            d = os.path.join(out, half, part)
            os.makedirs(d, exist_ok=True)
            for i, n in enumerate(names):
                if i % 2 == parity:
                    shutil.copyfile(os.path.join(src, part, n), os.path.join(d, n))


def icdar(data, out):
    root = os.path.join(data, "ocr", "dev", "icdar2017-en")
    for part in ("ocr", "gold"):
        os.makedirs(os.path.join(out, "icdar", part), exist_ok=True)
    for sub in sorted(os.listdir(root)):
        folder = os.path.join(root, sub)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            ocr = gold = None
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.startswith("[OCR_aligned]"):
                        ocr = line[len("[OCR_aligned] "):].rstrip("\n")
                    elif line.startswith("[ GS_aligned]"):
                        gold = line[len("[ GS_aligned] "):].rstrip("\n")
            if ocr is None or gold is None or len(ocr) != len(gold):
                continue
            gold = "".join(o if g == "#" else g for o, g in zip(ocr, gold))
            lines_o, lines_g, start = [], [], 0
            for i in range(len(ocr) + 1):
                if i == len(ocr) or (i - start >= 70 and ocr[i] == " " and gold[i] == " "):
                    lines_o.append(ocr[start:i].replace("@", "").strip())
                    lines_g.append(gold[start:i].replace("@", "").strip())
                    start = i + 1
            stem = f"{sub}_{name}"
            for part, lines in (("ocr", lines_o), ("gold", lines_g)):
                with open(os.path.join(out, "icdar", part, stem), "w", encoding="utf-8") as f:
                    f.write("\n".join(lines))


if __name__ == "__main__":
    data, out = sys.argv[1], sys.argv[2]
    heldout(out)
    icdar(data, out)
