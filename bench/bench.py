#!/usr/bin/env python3
"""Runs every benchmark of BENCHMARKS.md in one go and writes the file (called by bench/run.sh).

Every figure is the median of several runs measured in this run, and every ratio compares two
figures of this run. MB = 10^6 bytes of input (the JSON Lines or text files as stored).

The machine may be shared and noisy, so each measurement also records its fastest run, the 1-minute
load average while it ran and the CPU time other processes took meanwhile (`Probe`); the one- and
two-thread pipeline runs alternate (j1, j2, j1, j2, ...) so that both see the same machine state.
`--only PATTERNS` runs only the measurements whose names match (e.g. `pipeline-clean-*,startup`).
"""

import argparse
import fnmatch
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
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


def run_once(cmd):
    """Wall and CPU (user + system) seconds of one run of `cmd` (no shell, output to /dev/null), and
    the 1-minute load average just before it; a non-zero exit is an error."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    p = subprocess.Popen(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise subprocess.CalledProcessError(p.returncode, cmd)
    return wall, usage.ru_utime + usage.ru_stime, load


def busy_cpu_s():
    """CPU seconds the whole machine has been busy (all cores; idle and iowait excluded), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
    except OSError:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class Probe:
    """The machine's state during a measurement: the 1-minute load average, sampled every second
    (it includes the benchmark's own threads), and the CPU time that other processes took meanwhile,
    in cores (the whole machine's busy time less that of this script and its children)."""

    def __enter__(self):
        self.loads = [os.getloadavg()[0]]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.start = (time.perf_counter(), busy_cpu_s(), self.own_cpu_s())
        self.thread.start()
        return self

    def sample(self):
        while not self.stop.wait(1.0):
            self.loads.append(os.getloadavg()[0])

    @staticmethod
    def own_cpu_s():
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.loads.append(os.getloadavg()[0])
        wall, busy, own = (a - b if a is not None and b is not None else None for a, b in
                           zip((time.perf_counter(), busy_cpu_s(), self.own_cpu_s()), self.start))
        self.result = {"load_min": min(self.loads), "load_max": max(self.loads),
                       "load_mean": statistics.mean(self.loads)}
        if busy is not None and wall > 0:
            self.result["others_cores"] = max(0.0, (busy - own) / wall)
        return False


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
        self.only = [p for p in args.only.split(",") if p] if args.only else []

    def load(self):
        self.loads.append(os.getloadavg()[0])

    def want(self, *names):
        """Whether any of these measurements was selected (`--only`; all by default)."""
        return not self.only or any(fnmatch.fnmatchcase(n, pat) for n in names for pat in self.only)

    def log(self, msg):
        print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    def unspin(self, rest):
        return f"{self.bin} {rest}"

    def throughput(self, cmd, path, runs):
        self.load()
        with Probe() as probe:
            med, times, cpu = hyperfine(cmd, runs)
        self.load()
        row = self.row(cmd, path, times, cpu, probe)
        self.log(f"{row['mbs']:8.1f} MB/s  {med:7.3f} s  cpu {cpu:7.3f} s  {cmd}")
        return row

    @staticmethod
    def row(cmd, path, times, cpu, probe):
        """A throughput measurement: `times` the wall seconds of its runs, `cpu` the mean CPU seconds
        (user + system) of a run."""
        mb, med = size(path) / MB, statistics.median(times)
        return {"cmd": cmd, "median_s": med, "times": times, "mb": mb, "mbs": mb / med, "cpu_s": cpu,
                "mb_per_cpu_s": mb / cpu, "min_s": min(times), "mbs_best": mb / min(times), **probe.result}

    def pair(self, cmd1, cmd2, path, runs):
        """Two commands run alternately (cmd1, cmd2, cmd1, cmd2, ...) so that both see the same machine
        state; the second row also keeps the per-pair ratios of wall time (cmd1's over cmd2's)."""
        self.load()
        runs1, runs2 = [], []
        with Probe() as probe:
            for _ in range(runs):
                runs1.append(run_once(cmd1))
                runs2.append(run_once(cmd2))
        self.load()
        rows = []
        for cmd, rs in ((cmd1, runs1), (cmd2, runs2)):
            row = self.row(cmd, path, [r[0] for r in rs], statistics.mean(r[1] for r in rs), probe)
            row["run_loads"] = [r[2] for r in rs]
            rows.append(row)
            self.log(f"{row['mbs']:8.1f} MB/s  {row['median_s']:7.3f} s  fastest {row['min_s']:7.3f} s  "
                     f"cpu {row['cpu_s']:7.3f} s  {cmd}")
        rows[1]["pair_ratios"] = [a[0] / b[0] for a, b in zip(runs1, runs2)]
        self.log(f"  per-pair ratios {', '.join(f'{x:.2f}' for x in rows[1]['pair_ratios'])}; "
                 f"others' CPU {probe.result.get('others_cores', float('nan')):.2f} cores")
        return rows

    def py(self, tool, path, max_bytes, runs):
        res = []
        with Probe() as probe:
            for _ in range(runs):
                self.load()
                out = sh(f"{self.a.python} bench/ref_python.py {tool} {path} --max-bytes {max_bytes}")
                res.append(json.loads(out))
        secs = statistics.median(r["seconds"] for r in res)
        fastest = min(r["seconds"] for r in res)
        nbytes = res[0]["bytes"]
        mbs = nbytes / MB / secs
        self.log(f"{mbs:8.3f} MB/s  {tool} on {nbytes} bytes of {path}")
        return {"cmd": f"python bench/ref_python.py {tool} {path} --max-bytes {max_bytes}", "median_s": secs,
                "mb": nbytes / MB, "mbs": mbs, "times": [r["seconds"] for r in res], "min_s": fastest,
                "mbs_best": nbytes / MB / fastest, **probe.result}

    def run(self):
        w, R = self.w, self.a.runs
        # The OCR stage counts as present when it repairs a plain OCR misreading.
        probe = subprocess.run([self.bin, "check", "--stages", "ocr", "--format", "jsonl", "-"],
                               input="Tbe committee met on Tuesday and tbe chairman said it was over.\n",
                               capture_output=True, text=True)
        has_ocr = bool(probe.stdout.strip())
        rows, want = self.rows, self.want
        # 1. Full pipeline (default stages), one and two worker threads, alternating.
        for kind in ("clean", "spun", "ocr"):
            path = f"{w}/{kind}.jsonl"
            k1, k2 = f"pipeline-{kind}-j1", f"pipeline-{kind}-j2"
            if want(k1, k2):
                rows[k1], rows[k2] = self.pair(self.unspin(f"clean --jsonl -j 1 {path}"),
                                               self.unspin(f"clean --jsonl -j 2 {path}"), path, R)
        if want("pipeline-ocr-all-j1"):
            path = head(f"{w}/ocr.jsonl", 1_000_000)  # the OCR stage is far slower than the default ones
            rows["pipeline-ocr-all-j1"] = self.throughput(
                self.unspin(f"clean --jsonl -j 1 --stages normalize,spin,ocr {path}"), path, R)
        # 2. Start-up plus a 1 KB document.
        if want("startup"):
            self.load()
            with Probe() as probe:
                med, times, cpu = hyperfine(self.unspin(f"clean {w}/one_kb.txt"), 30, warmup=3)
            rows["startup"] = {"cmd": self.unspin(f"clean {w}/one_kb.txt"), "median_s": med,
                               "times": times, "cpu_s": cpu, "min_s": min(times), **probe.result}
            self.log(f"start-up + 1 KB: {med * 1000:.1f} ms")
        # 3. Cost growth at 1 MB, 100 MB and 1 GB (one worker thread).
        for name, runs in (("head1", max(R, 10)), ("head100", R), ("big", max(2, R - 1))):
            path = f"{w}/{name}.jsonl"
            if want(f"growth-{name}"):
                rows[f"growth-{name}"] = self.throughput(
                    self.unspin(f"clean --jsonl -j 1 {path}"), path, runs)
        # 4. Peak memory, all threads, 100 MB and 1 GB.
        for name in ("head100", "big"):
            if not want(f"rss-{name}"):
                continue
            cmd = self.unspin(f"clean --jsonl {w}/{name}.jsonl")
            self.load()
            with Probe() as probe:
                rss, wall = peak_rss_mb(cmd)
            rows[f"rss-{name}"] = {"cmd": f"/usr/bin/time -v {cmd} > /dev/null", "rss_mb": rss, "wall": wall,
                                   "mb": size(f"{w}/{name}.jsonl") / MB, **probe.result}
            self.log(f"peak RSS {rss:.0f} MB on {name}")
        # 5. Dictionary checking against typos, same text folders.
        for kind in ("clean", "spun"):
            if not want(*(f"{t}-{kind}-j{j}" for t in ("typos", "check") for j in (1, 2))):
                continue
            d = subset(f"{w}/text/{kind}", self.a.text_files)
            for j in (1, 2):
                if want(f"typos-{kind}-j{j}", f"check-{kind}-j{j}"):
                    rows[f"typos-{kind}-j{j}"] = self.throughput(
                        f"{self.a.typos} --no-ignore --threads {j} {d}", d, R)
                    rows[f"check-{kind}-j{j}"] = self.throughput(
                        self.unspin(f"check -j {j} --stages spin {d}"), d, R)
        # 6. Encoding repair against ftfy, same documents.
        if want("ftfy", "normalize-j1"):
            path = head(f"{w}/mojibake.jsonl", 4_000_000)
            rows["ftfy"] = self.py("ftfy", path, 0, R)
            rows["normalize-j1"] = self.throughput(
                self.unspin(f"clean --jsonl -j 1 --stages normalize {path}"), path, max(R, 5))
        # 7. OCR correction against symspellpy's lookup_compound, same documents.
        if want("symspell", "ocr-j1"):
            path = head(f"{w}/ocr.jsonl", 300_000)  # enough for start-up (the OCR lexicon) to amortise
            rows["symspell"] = self.py("symspellpy", path, 0, R)
            if has_ocr:
                rows["ocr-j1"] = self.throughput(
                    self.unspin(f"clean --jsonl -j 1 --stages ocr {path}"), path, max(R, 10))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/unspin")
    ap.add_argument("--work", default="bench/work")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--typos", default="typos")
    ap.add_argument("--text-files", type=int, default=25, help="1 MB files per folder for the typos comparison")
    ap.add_argument("--python", default="python3")
    ap.add_argument("--out", default=None,
                    help="report to write (default BENCHMARKS.md; with --only, WORK/BENCHMARKS.only.md)")
    ap.add_argument("--only", default="",
                    help="comma-separated name patterns (fnmatch) of the measurements to run, e.g. "
                         "'pipeline-clean-*,startup'; the partial results and report go to WORK/*.only.*")
    args = ap.parse_args()
    b = Bench(args)
    start = time.time()
    b.run()
    if not b.rows:
        sys.exit(f"--only {args.only}: no measurement matches")
    b.rows["_meta"] = {"seconds": time.time() - start, "loads": b.loads, "only": args.only}
    results = f"{args.work}/results{'.only' if args.only else ''}.json"
    out = args.out or (f"{args.work}/BENCHMARKS.only.md" if args.only else "BENCHMARKS.md")
    json.dump(b.rows, open(results, "w"), indent=1)
    subprocess.run([sys.executable, "bench/report.py", "--results", results, "--out", out,
                    "--bin", args.bin, "--typos", args.typos, "--python", args.python], check=True)
    b.log(f"wrote {out}")


if __name__ == "__main__":
    main()
