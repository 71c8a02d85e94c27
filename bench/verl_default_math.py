"""verl's default scorer for data_source lighteval/MATH (verl.utils.reward_score.math_reward, loaded from the pinned
release's file: the package itself imports torch) over the same math completions, timed in one thread.
stdin: JSONL {completion, gold}; stdout: {"seconds": S, "scores": [...]}"""

import importlib.util
import json
import os
import sys
import time

root = os.path.dirname(importlib.util.find_spec("verl").origin)
spec = importlib.util.spec_from_file_location("verl_math_reward", os.path.join(root, "utils", "reward_score", "math_reward.py"))
math_reward = importlib.util.module_from_spec(spec)
spec.loader.exec_module(math_reward)
rows = [json.loads(line) for line in sys.stdin if line.strip()]
start = time.perf_counter()
scores = [float(math_reward.compute_score(r["completion"], r["gold"])) for r in rows]
json.dump({"seconds": time.perf_counter() - start, "scores": scores}, sys.stdout)
