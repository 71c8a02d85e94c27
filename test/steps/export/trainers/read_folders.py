"""Reads run-folder tables as they are with pyarrow and pandas (the pinned venv's), as a user would.

argv: TABLE_DIR...; stdout: {DIR: {"rows": N, "columns": [...], "pandas_rows": N, "partition_values": [...]}}
"""

import json
import sys

import pandas as pd
import pyarrow.parquet as pq

out = {}
for folder in sys.argv[1:]:
    table = pq.read_table(folder)
    frame = pd.read_parquet(folder)
    entry = {"rows": table.num_rows, "columns": table.column_names, "pandas_rows": len(frame)}
    if "model" in table.column_names:
        entry["partition_values"] = sorted(set(str(v) for v in frame["model"]))
    out[folder] = entry
json.dump(out, sys.stdout)
