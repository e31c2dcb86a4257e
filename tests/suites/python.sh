#!/usr/bin/env bash
# Python package and Spark suite: builds the `unspin` wheel (PyO3 + maturin) into a venv, builds the
# CLI for the RDD.pipe test, and runs pytest over python/tests. Idempotent: the venv and the cargo
# target dir are reused, so a second run only rebuilds what changed.
#
#   bash tests/suites/python.sh            # everything
#   UNSPIN_SKIP_SPARK=1 bash tests/suites/python.sh   # without pyspark (no Java needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

# One target dir for the workspace, the wheel build and the CLI: the release build of the library is
# shared instead of done twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
venv="${UNSPIN_VENV:-$CARGO_TARGET_DIR/python-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  echo "python suite: creating venv $venv"
  "$python" -m venv "$venv"
fi
# maturin's build backend runs the `maturin` executable: the venv's, on PATH.
export PATH="$venv/bin:$PATH"
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
need=("maturin>=1.5,<2" "pytest>=7")
if [ -z "${UNSPIN_SKIP_SPARK:-}" ]; then
  # pandas 3 is not yet supported by pyspark (it warns).
  need+=("pyspark>=3.5" "pandas>=1.5,<3" "pyarrow>=10")
fi
# pip leaves what already satisfies these alone, without asking the registry.
"${pip[@]}" install "${need[@]}"

echo "python suite: building the CLI and the extension (release)"
cargo build --release --bin unspin
# --no-build-isolation: use the venv's maturin instead of fetching one per run.
"${pip[@]}" install --no-build-isolation --force-reinstall --no-deps ./python

export UNSPIN_BIN="$CARGO_TARGET_DIR/release/unspin"
if [ -n "${UNSPIN_SKIP_SPARK:-}" ]; then
  export UNSPIN_SKIP_SPARK
fi
# Keep Spark quiet and local.
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python" SPARK_LOCAL_IP=127.0.0.1

status=0
# From the root, so that python/unspin (the source, without the extension) does not shadow the install.
"$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "python suite: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
