"""PySpark local mode: examples/spark/clean_dataframe.py cleans a DataFrame of articles through the
Python package (mapInPandas) and through the CLI (RDD.pipe on `unspin clean --jsonl -`).

Needs pyspark, pandas, pyarrow and Java; the CLI binary is $UNSPIN_BIN or target/{release,debug}/unspin.
Set UNSPIN_SKIP_SPARK=1 to skip (the suite script installs everything, so CI never skips).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import CLEAN, SPUN, SPUN_UNICODE

if os.environ.get("UNSPIN_SKIP_SPARK"):
    pytest.skip("UNSPIN_SKIP_SPARK is set", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "spark"))

import clean_dataframe  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

SPUN_IDS = {f"s{i:02d}" for i in range(24)}
CLEAN_IDS = {f"c{i:02d}" for i in range(12)}


def unspin_binary() -> str:
    for candidate in (
        os.environ.get("UNSPIN_BIN"),
        ROOT / "target" / "release" / "unspin",
        ROOT / "target" / "debug" / "unspin",
        shutil.which("unspin"),
    ):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    pytest.fail("no unspin binary: build it (cargo build --release) or set UNSPIN_BIN")


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("unspin-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "5")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def articles(spark):
    rows = []
    for i, sid in enumerate(sorted(SPUN_IDS)):
        rows.append((sid, (SPUN, SPUN_UNICODE)[i % 2] + f" Ref {sid}.", i))
    for i, cid in enumerate(sorted(CLEAN_IDS)):
        rows.append((cid, CLEAN + f" Ref {cid}.", 100 + i))
    rows.append(("n00", None, 200))
    # Five partitions over 37 rows, and Arrow batches of 5 rows: several batches per partition.
    return spark.createDataFrame(rows, "id string, text string, n long").repartition(5)


@pytest.fixture(scope="module")
def inputs(articles):
    return {r["id"]: r for r in articles.collect()}


@pytest.fixture(scope="module")
def by_package(articles):
    out = clean_dataframe.clean_with_package(articles, min_confidence=0.6)
    return out.columns, out.collect()


@pytest.fixture(scope="module")
def by_cli(articles):
    out = clean_dataframe.clean_with_cli(articles, binary=unspin_binary(), args=["--min-confidence", "0.6"])
    return out.columns, out.collect()


def check(result, inputs):
    columns, collected = result
    rows = {r["id"]: r for r in collected}
    # No record lost or duplicated; ids and other columns preserved.
    assert len(collected) == len(rows) == 37
    assert set(rows) == set(inputs) == SPUN_IDS | CLEAN_IDS | {"n00"}
    assert columns == ["id", "text", "n", "unspin"]
    for id_, r in rows.items():
        assert r["n"] == inputs[id_]["n"]
    for id_ in SPUN_IDS:
        r = rows[id_]
        edits = r["unspin"]["edits"]
        assert edits, id_
        assert "mentioned" not in r["text"] and r["text"] != inputs[id_]["text"]
        assert any(e["before"] == "mentioned" for e in edits)
        assert all(e["confidence"] >= 0.6 for e in edits)
        # The character offsets point into the input.
        text = inputs[id_]["text"]
        assert all(text[e["char_start"] : e["char_end"]] == e["before"] for e in edits)
    for id_ in CLEAN_IDS:
        assert rows[id_]["unspin"]["edits"] == [], rows[id_]["unspin"]
        assert rows[id_]["text"] == inputs[id_]["text"]
    assert rows["n00"]["text"] is None and rows["n00"]["unspin"] is None
    return rows


def test_clean_with_the_package_in_map_in_pandas(by_package, inputs):
    check(by_package, inputs)


def test_clean_with_the_cli_through_rdd_pipe(by_cli, inputs):
    check(by_cli, inputs)


def test_package_and_cli_agree(by_package, by_cli, inputs):
    a, b = check(by_package, inputs), check(by_cli, inputs)
    for id_ in a:
        assert a[id_]["text"] == b[id_]["text"]
        if a[id_]["unspin"] is not None:
            assert a[id_]["unspin"].asDict(recursive=True) == b[id_]["unspin"].asDict(recursive=True)


def test_a_missing_binary_fails_instead_of_losing_records(articles):
    with pytest.raises(Exception, match="nonexistent|No such file|Cannot run program"):
        clean_dataframe.clean_with_cli(articles, binary="/nonexistent/unspin").collect()


def test_a_bad_option_fails_on_the_driver(articles):
    with pytest.raises(ValueError, match="spell"):
        clean_dataframe.clean_with_package(articles, stages=["spell"])
