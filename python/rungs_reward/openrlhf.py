"""OpenRLHF: `--reward.remote_url <stage>/openrlhf/reward_func.py` (a file exporting `reward_func`).

OpenRLHF calls reward_func(queries, prompts, labels): each query is the decoded prompt + response, each prompt
the templated prompt, each label the row's label (rungs' label: the math answer, or the code tests JSON).
"""

from .client import default_client
from .verdicts import item, looks_like_code_tests


def response_of(query, prompt):
    """The response part of a query (OpenRLHF decodes prompt and response together)."""
    if prompt and query.startswith(prompt):
        return query[len(prompt) :]
    at = query.rfind(prompt) if prompt else -1
    return query[at + len(prompt) :] if at >= 0 else query


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
