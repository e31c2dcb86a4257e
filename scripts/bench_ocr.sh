#!/usr/bin/env bash
# OCR stage throughput on one thread (docs/ocr.md): OCR text (overproof-smh) and clean prose
# (the clean dev articles, repeated to ~3 MB), CPU seconds from /usr/bin/time, with the start-up
# cost (building the lexicon's delete index) measured separately on an empty input and taken out.
# Usage: scripts/bench_ocr.sh   (needs ../shared beside the repo)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
cargo build --release --quiet
BIN=$PWD/target/release/unspin
W=$(mktemp -d)
python3 $SHARED/eval/overproof.py $SHARED/data/ocr/dev/overproof-smh/allArticles.txt "$W/smh" >/dev/null
mkdir -p "$W/ocr" "$W/clean" "$W/empty"
cat "$W"/smh/ocr/*.txt > "$W/ocr/smh.txt"
for i in $(seq 1 100); do cat $SHARED/data/clean/dev/*.txt; done > "$W/clean/clean.txt"
: > "$W/empty/empty.txt"
cpu() { # dir stages -> user+sys seconds
  /usr/bin/time -f '%U %S' -o "$W/t" $BIN clean -j1 --stages "$2" --out-dir "$W/out" "$1" >/dev/null
  awk '{print $1 + $2}' "$W/t"
}
echo "| input | stages | bytes | CPU s (minus start-up) | MB/s |"
echo "|---|---|---|---|---|"
for stages in normalize normalize,ocr; do
  base=$(cpu "$W/empty" "$stages")
  for set in ocr clean; do
    bytes=$(cat "$W/$set"/*.txt | wc -c)
    s=$(cpu "$W/$set" "$stages")
    awk -v b="$bytes" -v s="$s" -v z="$base" -v n="$set" -v st="$stages" \
      'BEGIN { d = s - z; if (d < 0.01) d = 0.01; printf "| %s | %s | %d | %.2f | %.1f |\n", n, st, b, d, b / d / 1e6 }'
  done
  echo "| (start-up) | $stages | 0 | $base | |"
done
rm -rf "$W"
