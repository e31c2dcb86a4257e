#!/usr/bin/env bash
# Self-checks of the benchmark scripts (bench/bench.py's runner and --only, bench/report.py's tables):
# synthetic results, no corpus needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -m unittest discover -s bench -p 'test_*.py'
