#!/usr/bin/env bash
# README.md's pasted command outputs are what the current build prints (snapshot, as typos does).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
python3 scripts/update_readme.py --check
