"""Clean a DataFrame of articles with unspin on Spark, two ways.

1. ``clean_with_package``: the ``unspin`` Python package inside ``mapInPandas``. Each task builds
   one ``unspin.Cleaner`` and cleans its Arrow batches with ``Cleaner.clean_batch`` (Rust, GIL
   released). Needs the wheel installed on the executors.
2. ``clean_with_cli``: ``RDD.pipe`` through the ``unspin`` binary in JSON Lines mode
   (``unspin clean --jsonl -``), which keeps records in order and adds an ``unspin`` attribute.
   Needs only the binary on the executors (``--files``); no Python package.

Both return the input columns with the text column cleaned, plus an ``unspin`` struct column
``{edits: [...], signals: {...}}``: the same edits, with byte and character offsets, that the JSON
report holds. Rows whose text is null are kept, with a null ``unspin``.

Run locally on JSON Lines articles (fields ``id`` and ``text``; without a path, a small built-in
sample):

    spark-submit examples/spark/clean_dataframe.py [articles.jsonl] [--method package|cli] [--out DIR]

See docs/python.md for running it on a cluster.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
from typing import Any, Iterator

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    DoubleType,
    LongType,
    MapType,
    StringType,
    StructField,
    StructType,
)

EDIT_TYPE = StructType(
    [
        StructField("id", StringType()),
        StructField("start", LongType()),
        StructField("end", LongType()),
        StructField("char_start", LongType()),
        StructField("char_end", LongType()),
        StructField("line", LongType()),
        StructField("column", LongType()),
        StructField("before", StringType()),
        StructField("after", StringType()),
        StructField("stage", StringType()),
        StructField("rule", StringType()),
        StructField("confidence", DoubleType()),
        StructField("alternatives", ArrayType(StringType())),
        StructField("reason", StringType()),
    ]
)
"""One edit, as in the JSON report: ``start``/``end`` are UTF-8 byte offsets, ``char_start``/
``char_end`` character offsets (Spark's ``substring`` counts characters, from 1)."""

UNSPIN_TYPE = StructType(
    [
        StructField("edits", ArrayType(EDIT_TYPE)),
        StructField("signals", MapType(StringType(), DoubleType())),
    ]
)


def output_schema(df: DataFrame) -> StructType:
    """The input schema plus the ``unspin`` column."""
    if "unspin" in df.columns:
        raise ValueError("the DataFrame already has an 'unspin' column")
    return StructType(df.schema.fields + [StructField("unspin", UNSPIN_TYPE)])


def clean_with_package(
    df: DataFrame,
    text_col: str = "text",
    id_col: str | None = "id",
    threads: int = 1,
    **options: Any,
) -> DataFrame:
    """Cleans ``df[text_col]`` with the Python package in ``mapInPandas``.

    ``options`` are ``unspin.Cleaner`` options (``stages``, ``min_confidence``, ``dicts``, ...).
    ``threads`` is the number of threads each task uses: Spark already runs one task per core,
    so keep 1 unless ``spark.task.cpus`` is raised to match.
    """
    schema = output_schema(df)
    # Fail on the driver, not in every task, when an option is wrong.
    import unspin

    unspin.Cleaner(threads=threads, **options)

    # A closure, so that Spark ships it by value: the executors need `unspin`, not this file.
    def clean_partition(batches: Iterator[Any]) -> Iterator[Any]:
        import unspin

        cleaner = unspin.Cleaner(threads=threads, **options)
        for pdf in batches:
            present = pdf[text_col].notna()
            texts = pdf.loc[present, text_col].tolist()
            ids = pdf.loc[present, id_col].astype(str).tolist() if id_col else None
            results = iter(cleaner.clean_batch(texts, ids=ids))
            cleaned, attrs = [], []
            for ok, text in zip(present, pdf[text_col]):
                if ok:
                    r = next(results)
                    cleaned.append(r.text)
                    attrs.append(json.loads(r.to_json()))
                else:
                    cleaned.append(text)
                    attrs.append(None)
            pdf = pdf.copy()
            pdf[text_col] = cleaned
            pdf["unspin"] = attrs
            yield pdf

    return df.mapInPandas(clean_partition, schema=schema)


def clean_with_cli(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "id",
    binary: str | None = None,
    args: list[str] | None = None,
) -> DataFrame:
    """Cleans ``df[text_col]`` by piping each partition, as JSON Lines, through ``unspin clean
    --jsonl -``.

    ``binary`` is the path of the ``unspin`` executable on the executors (default: ``$UNSPIN_BIN``,
    else ``unspin`` on the PATH); with ``spark-submit --files /path/to/unspin`` it is ``./unspin``.
    ``args`` are extra ``unspin clean`` options, e.g. ``["--min-confidence", "0.7"]``.
    """
    schema = output_schema(df)
    binary = binary or os.environ.get("UNSPIN_BIN") or shutil.which("unspin") or "unspin"
    command = [binary, "clean", "--jsonl", "-", "--text-field", text_col, "--id-field", id_col, "-j", "1"]
    command += args or []
    has_text = F.col(text_col).isNotNull()
    # checkCode: a failed or missing binary fails the task instead of silently dropping records.
    # Every record sent is valid JSON with a string text, so unspin exits 0 on it.
    # One JSON object per row, as DataFrame.toJSON writes them (null fields left out).
    lines = df.filter(has_text).select(F.to_json(F.struct(*[df[c] for c in df.columns]))).rdd.map(lambda r: r[0])
    piped = lines.pipe(" ".join(shlex.quote(c) for c in command), checkCode=True)
    spark = df.sparkSession
    cleaned = spark.read.schema(schema).json(piped)
    untouched = df.filter(~has_text).withColumn("unspin", F.lit(None).cast(UNSPIN_TYPE))
    return cleaned.unionByName(untouched)


SAMPLE = [
    ("a1", "Officers mentioned a minimum of 143 individuals died within the assault on the live performance."),
    ("a2", "The safety forces mentioned the assault was claimed by ISIS-Okay, in accordance with officers."),
    ("a3", "The committee said on Tuesday that it would publish the full results next week."),
]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", nargs="?", help="JSON Lines articles with id and text fields (default: a sample)")
    p.add_argument("--method", choices=["package", "cli"], default="package")
    p.add_argument("--text-field", default="text")
    p.add_argument("--id-field", default="id")
    p.add_argument("--binary", help="unspin executable for --method cli (default: $UNSPIN_BIN or PATH)")
    p.add_argument("--out", help="write the cleaned records as JSON Lines under this folder")
    a = p.parse_args(argv)

    spark = SparkSession.builder.appName("unspin-clean").getOrCreate()
    if a.input:
        df = spark.read.json(a.input)
    else:
        df = spark.createDataFrame(SAMPLE, [a.id_field, a.text_field])
    if a.method == "package":
        out = clean_with_package(df, text_col=a.text_field, id_col=a.id_field)
    else:
        out = clean_with_cli(df, text_col=a.text_field, id_col=a.id_field, binary=a.binary)
    out = out.withColumn("edit_count", F.when(F.col("unspin").isNull(), 0).otherwise(F.size("unspin.edits")))
    if a.out:
        out.write.mode("overwrite").json(a.out)
    else:
        for row in out.select(a.id_field, "edit_count", a.text_field).collect():
            print(f"{row[a.id_field]}\t{row['edit_count']}\t{row[a.text_field]}")
    total = out.agg(F.count("*").alias("docs"), F.sum("edit_count").alias("edits")).first()
    print(f"unspin: {total['docs']} documents, {total['edits']} edits ({a.method})", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
