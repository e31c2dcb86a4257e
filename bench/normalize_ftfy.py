#!/usr/bin/env python3
"""Times ftfy on the normalize benchmark inputs (JSON Lines, {"text": ...} per document), one
thread, the same way benches/normalize.rs times unspin: over all documents, repeated for at
least 2 seconds. Prints one JSON object per input and function.

Usage: normalize_ftfy.py FILE.jsonl...
"""
import json
import sys
import time

import ftfy


def measure(docs, f):
    size = sum(len(d.encode("utf-8")) for d in docs)
    rounds, changed = 0, 0
    start = time.perf_counter()
    while rounds == 0 or time.perf_counter() - start < 2.0:
        changed = sum(f(d) != d for d in docs)
        rounds += 1
    secs = time.perf_counter() - start
    return size * rounds / secs / 1e6, changed


for path in sys.argv[1:]:
    docs = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
    for name, f in [("ftfy.fix_text", ftfy.fix_text), ("ftfy.fix_encoding", ftfy.fix_encoding)]:
        mb_s, changed = measure(docs, f)
        print(json.dumps({"input": path, "measure": name, "docs": len(docs),
                          "bytes": sum(len(d.encode("utf-8")) for d in docs),
                          "changed_docs": changed, "mb_per_s": round(mb_s, 2),
                          "ftfy_version": ftfy.__version__}))
