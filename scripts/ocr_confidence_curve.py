#!/usr/bin/env python3
"""Precision and error reduction of the OCR stage by `--min-confidence T` (docs/ocr.md, round 17b).

Usage: scripts/ocr_confidence_curve.py WORK T1,T2,... (WORK from `scripts/eval_ocr.sh WORK`; "default" for no flag).
UNSPIN_OCR_PARAMS and UNSPIN_OCR_CALIBRATION pass through to `unspin`. Prints a markdown table.
"""
import os, subprocess, sys, tempfile, re
W = sys.argv[1]; ts = sys.argv[2].split(",")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/unspin"); SC = os.path.join(ROOT, "..", "shared", "eval", "score.py")
sets = [("train", "smh-train"), ("icdar", "icdar"), ("heldout", "smh-heldout")]
print("| T | train P | train ER | ICDAR P | ICDAR ER | held-out P | held-out ER |")
print("|---|---|---|---|---|---|---|")
for t in ts:
    row = [t]
    for name, sub in sets:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [BIN, "clean", "--no-config", "--stages", "normalize,ocr", "--out-dir", tmp, f"{W}/{sub}/ocr"]
            if t != "default":
                cmd[3:3] = ["--min-confidence", t]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            out = subprocess.run(["python3", SC, "--input", f"{W}/{sub}/ocr", "--gold", f"{W}/{sub}/gold", "--output", tmp],
                                 check=True, capture_output=True, text=True).stdout.strip().split("\n")[-1]
            p = re.search(r"precision=([\d.]+)", out).group(1); er = re.search(r"error_reduction=([-\d.]+)", out).group(1)
            row += [p, er]
    print("| " + " | ".join(row) + " |", flush=True)
