#!/usr/bin/env python3
"""Runs every benchmark of BENCHMARKS.md in one go and writes the file (called by bench/run.sh).

Every figure is the median of several runs measured in this run, and every ratio compares two
figures of this run. MB = 10^6 bytes of input (the JSON Lines or text files as stored).
"""

import argparse
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

MB = 1e6


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, text=True, capture_output=True, **kw).stdout.strip()


def hyperfine(cmd, runs, warmup=0):
    """Median wall time (s) of `cmd`, with hyperfine; non-zero exits are allowed (check exits 2)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        subprocess.run(
            ["hyperfine", "-N", "-i", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
             "--export-json", f.name, cmd],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = json.load(open(f.name))["results"][0]
    return statistics.median(r["times"]), r["times"], r["user"] + r["system"]


def size(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)
    return os.path.getsize(path)


def head(path, nbytes):
    """The first whole lines of `path` holding at least `nbytes` bytes, as a file beside it."""
    out = f"{path[:-len('.jsonl')]}-{nbytes}.jsonl"
    if not os.path.exists(out):
        with open(path, "rb") as src, open(out + ".tmp", "wb") as dst:
            written = 0
            for line in src:
                if written >= nbytes:
                    break
                dst.write(line)
                written += len(line)
        os.rename(out + ".tmp", out)
    return out


def subset(folder, files):
    """A folder with hard links to the first `files` files of `folder` (sorted)."""
    out = f"{folder}-{files}"
    if not os.path.isdir(out):
        os.makedirs(out + ".tmp", exist_ok=True)
        for name in sorted(os.listdir(folder))[:files]:
            os.link(os.path.join(folder, name), os.path.join(out + ".tmp", name))
        os.rename(out + ".tmp", out)
    return out


def peak_rss_mb(cmd):
    out = subprocess.run(["/usr/bin/time", "-v", *shlex.split(cmd)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", out.stderr)
    return int(m.group(1)) / 1024, wall.group(1)


class Bench:
    def __init__(self, args):
        self.a = args
        self.rows = {}
        self.loads = []
        self.bin = args.bin
        self.w = args.work

    def load(self):
        self.loads.append(os.getloadavg()[0])

    def log(self, msg):
        print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    def unspin(self, rest):
        return f"{self.bin} {rest}"

    def throughput(self, cmd, path, runs):
        self.load()
        med, times, cpu = hyperfine(cmd, runs)
        self.load()
        mbs = size(path) / MB / med
        self.log(f"{mbs:8.1f} MB/s  {med:7.3f} s  cpu {cpu:7.3f} s  {cmd}")
        return {"cmd": cmd, "median_s": med, "times": times, "mb": size(path) / MB, "mbs": mbs, "cpu_s": cpu,
                "mb_per_cpu_s": size(path) / MB / cpu}

    def py(self, tool, path, max_bytes, runs):
        res = []
        for _ in range(runs):
            self.load()
            out = sh(f"{self.a.python} bench/ref_python.py {tool} {path} --max-bytes {max_bytes}")
            res.append(json.loads(out))
        secs = statistics.median(r["seconds"] for r in res)
        nbytes = res[0]["bytes"]
        mbs = nbytes / MB / secs
        self.log(f"{mbs:8.3f} MB/s  {tool} on {nbytes} bytes of {path}")
        return {"cmd": f"python bench/ref_python.py {tool} {path} --max-bytes {max_bytes}", "median_s": secs,
                "mb": nbytes / MB, "mbs": mbs, "times": [r["seconds"] for r in res]}

    def run(self):
        w, R = self.w, self.a.runs
        # The OCR stage counts as present when it repairs a plain OCR misreading.
        probe = subprocess.run([self.bin, "check", "--stages", "ocr", "--format", "jsonl", "-"],
                               input="Tbe committee met on Tuesday and tbe chairman said it was over.\n",
                               capture_output=True, text=True)
        has_ocr = bool(probe.stdout.strip())
        rows = self.rows
        # 1. Full pipeline (default stages), one and two worker threads.
        for kind in ("clean", "spun", "ocr"):
            path = f"{w}/{kind}.jsonl"
            for j in (1, 2):
                rows[f"pipeline-{kind}-j{j}"] = self.throughput(
                    self.unspin(f"clean --jsonl -j {j} {path}"), path, R)
        path = head(f"{w}/ocr.jsonl", 1_000_000)  # the OCR stage is far slower than the default ones
        rows["pipeline-ocr-all-j1"] = self.throughput(
            self.unspin(f"clean --jsonl -j 1 --stages normalize,spin,ocr {path}"), path, R)
        # 2. Start-up plus a 1 KB document.
        self.load()
        med, times, cpu = hyperfine(self.unspin(f"clean {w}/one_kb.txt"), 30, warmup=3)
        rows["startup"] = {"cmd": self.unspin(f"clean {w}/one_kb.txt"), "median_s": med,
                           "times": times, "cpu_s": cpu, "min_s": min(times)}
        self.log(f"start-up + 1 KB: {med * 1000:.1f} ms")
        # 3. Cost growth at 1 MB, 100 MB and 1 GB (one worker thread).
        for name, runs in (("head1", max(R, 10)), ("head100", R), ("big", max(2, R - 1))):
            path = f"{w}/{name}.jsonl"
            rows[f"growth-{name}"] = self.throughput(
                self.unspin(f"clean --jsonl -j 1 {path}"), path, runs)
        # 4. Peak memory, all threads, 100 MB and 1 GB.
        for name in ("head100", "big"):
            cmd = self.unspin(f"clean --jsonl {w}/{name}.jsonl")
            self.load()
            rss, wall = peak_rss_mb(cmd)
            rows[f"rss-{name}"] = {"cmd": f"/usr/bin/time -v {cmd} > /dev/null", "rss_mb": rss, "wall": wall,
                                   "mb": size(f"{w}/{name}.jsonl") / MB}
            self.log(f"peak RSS {rss:.0f} MB on {name}")
        # 5. Dictionary checking against typos, same text folders.
        for kind in ("clean", "spun"):
            d = subset(f"{w}/text/{kind}", self.a.text_files)
            for j in (1, 2):
                rows[f"typos-{kind}-j{j}"] = self.throughput(f"{self.a.typos} --no-ignore --threads {j} {d}", d, R)
                rows[f"check-{kind}-j{j}"] = self.throughput(
                    self.unspin(f"check -j {j} --stages spin {d}"), d, R)
        # 6. Encoding repair against ftfy, same documents.
        path = head(f"{w}/mojibake.jsonl", 4_000_000)
        rows["ftfy"] = self.py("ftfy", path, 0, R)
        rows["normalize-j1"] = self.throughput(
            self.unspin(f"clean --jsonl -j 1 --stages normalize {path}"), path, max(R, 5))
        # 7. OCR correction against symspellpy's lookup_compound, same documents.
        path = head(f"{w}/ocr.jsonl", 300_000)  # enough for start-up (the OCR lexicon) to amortise
        rows["symspell"] = self.py("symspellpy", path, 0, R)
        if has_ocr:
            rows["ocr-j1"] = self.throughput(
                self.unspin(f"clean --jsonl -j 1 --stages ocr {path}"), path, max(R, 10))
        json.dump(self.rows, open(f"{w}/results.json", "w"), indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/unspin")
    ap.add_argument("--work", default="bench/work")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--typos", default="typos")
    ap.add_argument("--text-files", type=int, default=25, help="1 MB files per folder for the typos comparison")
    ap.add_argument("--python", default="python3")
    ap.add_argument("--out", default="BENCHMARKS.md")
    args = ap.parse_args()
    b = Bench(args)
    start = time.time()
    b.run()
    b.rows["_meta"] = {"seconds": time.time() - start, "loads": b.loads}
    json.dump(b.rows, open(f"{args.work}/results.json", "w"), indent=1)
    subprocess.run([sys.executable, "bench/report.py", "--results", f"{args.work}/results.json", "--out", args.out,
                    "--bin", args.bin, "--typos", args.typos, "--python", args.python], check=True)


if __name__ == "__main__":
    main()
