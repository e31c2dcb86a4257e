#!/usr/bin/env bash
# OCR stage evaluation (docs/ocr.md): overproof-smh (full and held-out half), icdar2017-en, and
# false edits on the clean dev articles, with ../shared/eval/score.py.
# Usage: scripts/eval_ocr.sh [WORKDIR]   (default: a temporary folder; needs ../shared beside the repo)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
cargo build --release --quiet
BIN=target/release/unspin
STAGES=${STAGES:-normalize,ocr}

python3 $SHARED/eval/overproof.py $SHARED/data/ocr/dev/overproof-smh/allArticles.txt "$WORK/smh" >/dev/null
python3 scripts/ocr_eval_sets.py $SHARED/data "$WORK"

run() { # name input-dir
  rm -rf "$WORK/out/$1"
  local t0=$(date +%s.%N)
  $BIN clean --stages "$STAGES" --out-dir "$WORK/out/$1" "$2" >/dev/null
  local t1=$(date +%s.%N)
  local bytes=$(cat "$2"/*.txt | wc -c)
  printf '%s: %d bytes in %.2f s\n' "$1" "$bytes" "$(echo "$t1 - $t0" | bc)" >&2
}
total() { python3 $SHARED/eval/score.py "$@" | tail -1; }

run smh "$WORK/smh/ocr"
echo "== overproof-smh, all 159 articles (confusions learned from the even half + icdar)"
total --input "$WORK/smh/ocr" --gold "$WORK/smh/gold" --output "$WORK/out/smh"
echo "== overproof-smh, held-out odd half (not learned from)"
total --input "$WORK/smh-heldout/ocr" --gold "$WORK/smh-heldout/gold" --output "$WORK/out/smh" 2>/dev/null ||
  { mkdir -p "$WORK/out/smh-heldout"; for f in "$WORK"/smh-heldout/ocr/*.txt; do cp "$WORK/out/smh/$(basename "$f")" "$WORK/out/smh-heldout/"; done;
    total --input "$WORK/smh-heldout/ocr" --gold "$WORK/smh-heldout/gold" --output "$WORK/out/smh-heldout"; }
echo "== overproof-smh, training even half (learned from and tuned on)"
mkdir -p "$WORK/out/smh-train"; for f in "$WORK"/smh-train/ocr/*.txt; do cp "$WORK/out/smh/$(basename "$f")" "$WORK/out/smh-train/"; done
total --input "$WORK/smh-train/ocr" --gold "$WORK/smh-train/gold" --output "$WORK/out/smh-train"
echo "== overProof's own output on the held-out half (peer)"
total --input "$WORK/smh-heldout/ocr" --gold "$WORK/smh-heldout/gold" --output "$WORK/smh-heldout/overproof"

run icdar "$WORK/icdar/ocr"
echo "== icdar2017-en (confusions learned from it: not held out)"
total --input "$WORK/icdar/ocr" --gold "$WORK/icdar/gold" --output "$WORK/out/icdar"

run clean "$SHARED/data/clean/dev"
echo "== clean dev articles (every edit is false)"
total --clean "$SHARED/data/clean/dev" --output "$WORK/out/clean"
echo "(work folder: $WORK)"
