#!/usr/bin/env python3
"""Times a Python reference tool over the texts of a JSON Lines file and prints JSON
{"bytes": input text bytes, "seconds": time in the tool's own calls}.

Only the tool's calls are timed (not Python's start-up, reading, JSON parsing or dictionary
loading), which favours the reference.

  ftfy:        ftfy.fix_text(text) per document (ftfy's default repairs).
  symspellpy:  SymSpell.lookup_compound(sentence, max_edit_distance=2) per sentence,
               with symspellpy's bundled English unigram and bigram frequency dictionaries.
"""

import argparse
import json
import re
import sys
import time


def texts(path, max_bytes):
    total = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)["text"]
            total += len(t.encode("utf-8"))
            yield t
            if max_bytes and total >= max_bytes:
                return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=["ftfy", "symspellpy"])
    ap.add_argument("jsonl")
    ap.add_argument("--max-bytes", type=int, default=0)
    args = ap.parse_args()
    docs = list(texts(args.jsonl, args.max_bytes))
    nbytes = sum(len(t.encode("utf-8")) for t in docs)
    if args.tool == "ftfy":
        import ftfy

        start = time.perf_counter()
        for t in docs:
            ftfy.fix_text(t)
        seconds = time.perf_counter() - start
    else:
        import importlib.resources

        from symspellpy import SymSpell

        sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        files = importlib.resources.files("symspellpy")
        sym.load_dictionary(str(files / "frequency_dictionary_en_82_765.txt"), term_index=0, count_index=1)
        sym.load_bigram_dictionary(str(files / "frequency_bigramdictionary_en_243_342.txt"), term_index=0, count_index=2)
        lines = [s for t in docs for s in re.split(r"(?<=[.!?])\s+|\n+", t) if s.strip()]
        start = time.perf_counter()
        for ln in lines:
            sym.lookup_compound(ln, max_edit_distance=2)
        seconds = time.perf_counter() - start
    json.dump({"bytes": nbytes, "seconds": seconds}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
