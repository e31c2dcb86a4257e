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
