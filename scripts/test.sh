#!/usr/bin/env bash
# The project's one test command (README, .ci/run): Rust tests, then every extra suite under
# tests/suites/ (each installs what it needs from the package registries and exits non-zero on failure).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --release
shopt -s nullglob
for suite in tests/suites/*.sh; do
  echo "== suite: $suite"
  bash "$suite"
done
