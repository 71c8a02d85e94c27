"""OpenRLHF: `--reward.remote_url <stage>/openrlhf/reward_func.py` (a file exporting `reward_func`).

OpenRLHF calls reward_func(queries, prompts, labels): each query is the decoded prompt + response, each prompt
the templated prompt, each label the row's label (rungs' label: the math answer, or the code tests JSON).
"""

import re

from .client import default_client
from .verdicts import item, looks_like_code_tests

# OpenRLHF decodes with skip_special_tokens=False: the response ends in the model's end-of-turn token (and
# padding), which the verifier must not read as part of the answer ("... is 3.<|im_end|>").
_SPECIAL = r"(?:<\|[^|<>\s]{1,40}\|>|<｜[^｜<>]{1,40}｜>|</s>|<eos>|<pad>|<end_of_turn>)"
_TRAILING_SPECIAL = re.compile(_SPECIAL + r"(?:\s*" + _SPECIAL + r")*\s*$")


def response_of(query, prompt):
    """The response part of a query (OpenRLHF decodes prompt and response together), without trailing special tokens."""
    if prompt and query.startswith(prompt):
        response = query[len(prompt) :]
    else:
        at = query.rfind(prompt) if prompt else -1
        response = query[at + len(prompt) :] if at >= 0 else query
    return _TRAILING_SPECIAL.sub("", response)


def scores(queries, prompts, labels):
    requests = [item(response_of(q, p), "code" if looks_like_code_tests(l) else "math", l) for q, p, l in zip(queries, prompts, labels)]
    return [float(r["score"]) for r in default_client().score(requests)]


def reward_func(queries, prompts, labels, **kwargs):
    values = scores(queries, prompts, labels)
    try:
        import torch  # OpenRLHF's environment always has it; this package does not need it otherwise.

        values = torch.tensor(values, dtype=torch.float32)
    except ImportError:
        pass
    return {"rewards": values, "scores": values, "extra_logs": {}}
