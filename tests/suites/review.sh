#!/usr/bin/env bash
# The review page in real headless Chromium (Debian `chromium`, driven by playwright-core):
# load a report, reject one edit, export the decisions, apply them, compare the text.
# Installs what it needs, idempotently. Writes a screenshot to target/review.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
( cd tests/browser && npm ci --no-audit --no-fund --silent )
cargo build --quiet --bin unspin
# The screenshot goes to target/ so test runs leave the tree clean; docs/review.png is a copy.
node tests/browser/review.test.mjs target/debug/unspin target/review.png
