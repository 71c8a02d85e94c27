"""Checks grpo_config.json against the installed TRL release's GRPOConfig: every key must be a field of GRPOConfig
or of its bases (trl's _BaseConfig, transformers' TrainingArguments), read from their source files.

GRPOConfig cannot be constructed here: TRL requires torch for it, and PyPI's torch is the CUDA build. The field
names are what `GRPOConfig(**json)` rejects first (TypeError: unexpected keyword argument), and what changed in
TRL 1.x (max_prompt_length is gone).
stdin: the JSON object; stdout: {"unknown": [...], "fields": N}
"""

import ast
import importlib.util
import json
import os
import sys


def class_fields(path, name):
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return {s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}
    raise SystemExit(f"{name} not found in {path}")


trl = os.path.dirname(importlib.util.find_spec("trl").origin)
transformers = os.path.dirname(importlib.util.find_spec("transformers").origin)
fields = (
    class_fields(os.path.join(trl, "trainer", "grpo_config.py"), "GRPOConfig")
    | class_fields(os.path.join(trl, "trainer", "base_config.py"), "_BaseConfig")
    | class_fields(os.path.join(transformers, "training_args.py"), "TrainingArguments")
)
config = json.load(sys.stdin)
json.dump({"unknown": sorted(k for k in config if k not in fields), "fields": len(fields), "has_max_prompt_length": "max_prompt_length" in fields}, sys.stdout)
