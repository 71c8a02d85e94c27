"""Rewards for stored rollouts through each trainer's entry point in rungs_reward (the parity test's Python side).

stdin: one JSON object a line {domain, ground_truth, problem_id, completion, prompt, data_source}
stdout: {"verl": [...], "verl_batch": [...], "trl": [...], "trl_math": [...], "trl_code": [...], "openrlhf": [...]}
"""

import json
import sys
from concurrent.futures import ThreadPoolExecutor

from rungs_reward import openrlhf, trl, verl

rows = [json.loads(line) for line in sys.stdin if line.strip()]
column = lambda key: [r[key] for r in rows]
out = {}
# verl calls compute_score once per response, with the row's data_source, ground truth and extra_info.
# Calls come from many threads at once (verl runs them in an executor), as here.
pool = ThreadPoolExecutor(8)
out["verl"] = list(
    pool.map(
        lambda r: verl.compute_score(data_source=r["data_source"], solution_str=r["completion"], ground_truth=r["ground_truth"], extra_info={"domain": r["domain"], "problem_id": r["problem_id"], "split": "train"}),
        rows,
    )
)
out["verl_batch"] = verl.compute_score_batch(column("data_source"), column("completion"), column("ground_truth"), [{"domain": r["domain"], "problem_id": r["problem_id"]} for r in rows])
# TRL passes conversational completions and the dataset's other columns as keyword lists.
trl_kwargs = dict(
    prompts=[[{"role": "user", "content": r["prompt"]}] for r in rows],
    completions=[[{"role": "assistant", "content": r["completion"]}] for r in rows],
    completion_ids=None,
    solution=column("ground_truth"),
    domain=column("domain"),
    problem_id=column("problem_id"),
    level=["L2"] * len(rows),
    index=list(range(len(rows))),
    trainer_state=None,
)
out["trl"] = trl.reward(**trl_kwargs)
out["trl_math"] = trl.math_reward(**trl_kwargs)
out["trl_code"] = trl.code_reward(**trl_kwargs)
# OpenRLHF sends one (query, prompt, label) at a time; the query is the templated prompt followed by the response.
template = "<|im_start|>user\n{}<|im_end|>\n<|im_start|>assistant\n"


def openrlhf_reward(r):
    prompt = template.format(r["prompt"])
    # skip_special_tokens=False: the end-of-turn token follows the response.
    result = openrlhf.reward_func([prompt + r["completion"] + "<|im_end|>"], [prompt], [r["ground_truth"]])
    return float(result["rewards"][0])


out["openrlhf"] = list(pool.map(openrlhf_reward, rows))
json.dump(out, sys.stdout)
