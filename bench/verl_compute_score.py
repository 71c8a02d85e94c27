"""rungs_reward.verl.compute_score as verl calls it (one response a call, from a pool of threads), against the running
service at RUNGS_REWARD_URL. stdin: JSONL {completion, gold, domain}; argv: THREADS; stdout: {"seconds": S, "scores": [...]}"""

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from rungs_reward import verl

rows = [json.loads(line) for line in sys.stdin if line.strip()]
verl.compute_score("lighteval/MATH", "\\boxed{1}", "1", {"domain": "math"})  # connect once before timing
start = time.perf_counter()
with ThreadPoolExecutor(int(sys.argv[1])) as pool:
    scores = list(pool.map(lambda r: verl.compute_score("x", r["completion"], r["gold"], {"domain": r["domain"]}), rows))
json.dump({"seconds": time.perf_counter() - start, "scores": scores}, sys.stdout)
