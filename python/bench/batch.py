"""Throughput of Cleaner.clean in a Python loop vs Cleaner.clean_batch (parallel, GIL released).

    python python/bench/batch.py [FILE] [--copies N]

FILE defaults to examples/spun-news.txt. Prints documents/s and MB/s for each way, and the ratio;
the outputs of both ways are checked to be identical.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import unspin


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    p = argparse.ArgumentParser()
    p.add_argument("file", nargs="?", default=str(root / "examples" / "spun-news.txt"))
    p.add_argument("--copies", type=int, default=200)
    p.add_argument("--threads", type=int, default=None, help="clean_batch threads (default: all cores)")
    a = p.parse_args()
    text = Path(a.file).read_text()
    texts = [text] * a.copies
    mb = len(text.encode()) * a.copies / 1e6
    cleaner = unspin.Cleaner(threads=a.threads)
    cleaner.clean(text)  # warm up

    t = time.perf_counter()
    seq = [cleaner.clean(x) for x in texts]
    t_seq = time.perf_counter() - t

    t = time.perf_counter()
    par = cleaner.clean_batch(texts)
    t_par = time.perf_counter() - t

    assert [r.text for r in seq] == [r.text for r in par]
    print(f"{a.copies} x {Path(a.file).name} ({mb:.1f} MB), {os.cpu_count()} cores, threads={a.threads or 'all'}")
    print("| way | seconds | docs/s | MB/s |")
    print("|---|---|---|---|")
    for name, s in (("Cleaner.clean loop", t_seq), ("Cleaner.clean_batch", t_par)):
        print(f"| {name} | {s:.2f} | {a.copies / s:.0f} | {mb / s:.2f} |")
    print(f"clean_batch / loop speed-up: {t_seq / t_par:.2f}x")


if __name__ == "__main__":
    main()
