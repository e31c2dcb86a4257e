#!/usr/bin/env bash
# Runs every benchmark and rewrites BENCHMARKS.md (all figures from this one run).
#   bash bench/run.sh            # full run: 1.6 GB corpus, 5 runs per figure (about 30-60 minutes)
#   RUNS=3 bash bench/run.sh     # fewer runs per figure
#   ONLY='pipeline-clean-*,startup' RUNS=2 bash bench/run.sh
#                                # only the measurements whose names match (bench/bench.py --only);
#                                # writes bench/work/BENCHMARKS.only.md, not BENCHMARKS.md
# Installs what it needs: hyperfine and GNU time (apt), typos (cargo install typos-cli), ftfy and
# symspellpy (pip, in bench/work/venv). The corpus is generated into bench/work/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/work
mkdir -p "$WORK"

need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
fi
ONLY=${ONLY:-}
# With ONLY, the references are installed only when a selected measurement uses them.
if [ -z "$ONLY" ] || [[ "$ONLY" == *typos* || "$ONLY" == *check* || "$ONLY" == "*" ]]; then
  command -v typos >/dev/null || cargo install --locked typos-cli
fi
if [ -z "$ONLY" ] || [[ "$ONLY" == *ftfy* || "$ONLY" == *symspell* || "$ONLY" == "*" ]]; then
  if [ ! -x "$WORK/venv/bin/python" ]; then
    python3 -m venv "$WORK/venv"
  fi
  "$WORK/venv/bin/python" -c 'import ftfy, symspellpy' 2>/dev/null || "$WORK/venv/bin/pip" install -q ftfy symspellpy
fi

cargo build --release
if [ ! -f "$WORK/.corpus-done" ] || [ bench/corpus.py -nt "$WORK/.corpus-done" ]; then
  python3 bench/corpus.py --out "$WORK"
  touch "$WORK/.corpus-done"
fi
if [ -n "$ONLY" ]; then
  python3 bench/bench.py --bin target/release/unspin --work "$WORK" --runs "${RUNS:-5}" --only "$ONLY" \
    --typos "$(command -v typos || echo typos)" --python "$WORK/venv/bin/python"
else
  python3 bench/bench.py --bin target/release/unspin --work "$WORK" --runs "${RUNS:-5}" \
    --typos "$(command -v typos)" --python "$WORK/venv/bin/python" --out BENCHMARKS.md
  echo "wrote BENCHMARKS.md"
fi
