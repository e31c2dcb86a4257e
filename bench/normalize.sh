#!/usr/bin/env bash
# Benchmark: unspin's normalize stage against ftfy, on the same inputs, in the same run, one
# thread each. Installs ftfy from PyPI into target/bench-venv (idempotent), builds the inputs
# (bench/normalize_inputs.py), runs both, and prints a Markdown table with the ratios.
# The table in docs/normalize.md comes from this script.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench-normalize
mkdir -p "$out"
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import ftfy' 2>/dev/null || "$venv/bin/pip" install --quiet ftfy
"$venv/bin/python" bench/normalize_inputs.py "$out"
inputs=("$out/clean.jsonl" "$out/mojibake.jsonl")
cargo bench --quiet --bench normalize -- "${inputs[@]}" > "$out/unspin.jsonl"
"$venv/bin/python" bench/normalize_ftfy.py "${inputs[@]}" > "$out/ftfy.jsonl"
"$venv/bin/python" - "$out/unspin.jsonl" "$out/ftfy.jsonl" <<'PY'
import json, os, platform, sys
rows = [json.loads(l) for p in sys.argv[1:] for l in open(p)]
ref = {(r["input"], r["measure"]): r["mb_per_s"] for r in rows}
print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared), one thread per run; "
      f"ftfy {next(r['ftfy_version'] for r in rows if 'ftfy_version' in r)}, Python {platform.python_version()}.\n")
print("| input | MB | measure | MB/s | × ftfy.fix_text | × ftfy.fix_encoding |")
print("|---|---|---|---|---|---|")
for r in rows:
    inp = r["input"]
    base, enc = ref[(inp, "ftfy.fix_text")], ref[(inp, "ftfy.fix_encoding")]
    print(f"| {os.path.basename(inp)} | {r['bytes'] / 1e6:.1f} | {r['measure']} | {r['mb_per_s']} | "
          f"{r['mb_per_s'] / base:.1f} | {r['mb_per_s'] / enc:.1f} |")
PY
