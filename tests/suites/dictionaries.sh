#!/usr/bin/env bash
# The committed science pack is what scripts/tortured_pack.py makes from the screener's data
# (when the shared data is present), and every shipped dictionary passes `unspin dict check`.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=../shared/data/tortured
if [ -d "$data" ]; then
  python3 scripts/tortured_pack.py "$data" 2>/dev/null | diff -q - dictionaries/science/tortured.tsv \
    || { echo "dictionaries/science/tortured.tsv is out of date: run scripts/tortured_pack.py"; exit 1; }
  echo "science pack matches scripts/tortured_pack.py output"
else
  echo "skipped regeneration check: $data not found"
fi
cargo run --release --quiet --bin unspin -- dict check
cargo run --release --quiet --bin unspin -- dict check dictionaries/spin/news.contradicted.tsv  # not loaded, but reviewable in the same format
