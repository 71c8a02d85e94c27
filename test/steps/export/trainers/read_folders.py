"""Reads run-folder tables and trainer exports as they are, with every reader in the pinned venv, as a user would:
pyarrow (`pq.read_table`), pandas (`pd.read_parquet`), Polars (`pl.read_parquet`, `pl.scan_parquet(...,
hive_partitioning=True)`) and Hugging Face datasets (`load_dataset("parquet", data_files=...)`).

`datasets`' parquet builder reads the files only: the hive partition column (in the folder names) is not among its
columns; `Dataset.from_polars(pl.read_parquet(dir))` carries it, and that is reported too.
stdin: {"paths": {PATH: PARTITION_COLUMN or null}} (a folder, or one .parquet file); stdout: {PATH: {READER: {"rows":
N, "columns": [...], "types": {column: type}, "partition_values": [...]}}}. HF_HOME must be a scratch folder.
"""

import glob
import json
import logging
import os
import sys

import pandas as pd
import polars as pl
import pyarrow.parquet as pq

import datasets

datasets.disable_progress_bars()
datasets.logging.set_verbosity_error()
logging.getLogger("datasets").setLevel(logging.ERROR)


def summary(rows, columns, types, partition, values):
    entry = {"rows": rows, "columns": list(columns), "types": {c: str(t) for c, t in types.items()}}
    if partition and partition in columns:
        entry["partition_values"] = sorted({str(v) for v in values(partition)})
    return entry


def read(path, partition):
    files = sorted(glob.glob(os.path.join(path, "**", "*.parquet"), recursive=True)) if os.path.isdir(path) else [path]
    table = pq.read_table(path)
    frame = pd.read_parquet(path)
    polars = pl.read_parquet(path)
    scanned = pl.scan_parquet(path, hive_partitioning=True).collect() if os.path.isdir(path) else polars
    loaded = datasets.load_dataset("parquet", data_files=files, split="train")
    from_polars = datasets.Dataset.from_polars(polars)
    return {
        "pyarrow": summary(table.num_rows, table.column_names, dict(zip(table.column_names, table.schema.types)), partition, lambda c: table.column(c).to_pylist()),
        "pandas": summary(len(frame), frame.columns, frame.dtypes.to_dict(), partition, lambda c: frame[c]),
        "polars": summary(polars.height, polars.columns, polars.schema, partition, lambda c: polars[c]),
        "polars_scan": summary(scanned.height, scanned.columns, scanned.schema, partition, lambda c: scanned[c]),
        "datasets": summary(loaded.num_rows, loaded.column_names, loaded.features, partition, lambda c: loaded[c]),
        "datasets_from_polars": summary(from_polars.num_rows, from_polars.column_names, from_polars.features, partition, lambda c: from_polars[c]),
    }


json.dump({path: read(path, partition) for path, partition in json.load(sys.stdin)["paths"].items()}, sys.stdout)
