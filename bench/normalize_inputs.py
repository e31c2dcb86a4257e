#!/usr/bin/env python3
"""Builds the normalize benchmark inputs as JSON Lines ({"text": ...} per document).

- clean.jsonl: the clean dev articles (../shared/data/clean/dev), each a document, repeated
  to about 8 MB. Professionally edited English with curly quotes and dashes: nothing to repair.
- mojibake.jsonl: about 2 MB of heavily damaged documents: each has the lines of a clean article
  with every other line UTF-8 mis-decoded as windows-1252 (every third one twice), followed by
  ftfy's own test-case originals (tests/data/ftfy-test-cases: real mojibake in many languages).

Usage: normalize_inputs.py OUT_DIR
"""
import glob
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def sloppy_1252(data: bytes) -> str:
    """Decodes bytes as windows-1252 the way browsers do (undefined bytes as C1 controls)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def mojibake(line: str, times: int) -> str:
    for _ in range(times):
        line = sloppy_1252(line.encode("utf-8"))
    return line


def main(out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    articles = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(ROOT, "../shared/data/clean/dev/*.txt")))]
    if not articles:
        sys.exit("no clean dev articles found in ../shared/data/clean/dev")
    cases = []
    for p in sorted(glob.glob(os.path.join(ROOT, "tests/data/ftfy-test-cases/*.json"))):
        cases.extend(c["original"] for c in json.load(open(p, encoding="utf-8")))

    with open(os.path.join(out_dir, "clean.jsonl"), "w", encoding="utf-8") as f:
        size = 0
        while size < 8_000_000:
            for a in articles:
                f.write(json.dumps({"text": a}, ensure_ascii=False) + "\n")
                size += len(a.encode("utf-8"))

    with open(os.path.join(out_dir, "mojibake.jsonl"), "w", encoding="utf-8") as f:
        size = 0
        while size < 2_000_000:
            for a in articles:
                lines = a.split("\n")
                damaged = [mojibake(l, 2 if i % 6 == 0 else 1) if i % 2 == 0 else l for i, l in enumerate(lines)]
                text = "\n".join(damaged + cases)
                f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
                size += len(text.encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1])
