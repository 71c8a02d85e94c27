"""verl: `reward.custom_reward_function.path=pkg://rungs_reward.verl`, `.name=compute_score`.

verl's reward manager calls compute_score(data_source=..., solution_str=..., ground_truth=..., extra_info=...)
once per response; rows rungs exports carry the domain and problem id in extra_info.
"""

from .client import default_client
from .verdicts import item, looks_like_code_tests


def _domain(data_source, ground_truth, extra_info):
    domain = (extra_info or {}).get("domain")
    if domain in ("math", "code"):
        return domain
    # Rows not exported by rungs: the ground truth's own shape says which verifier it needs.
    return "code" if looks_like_code_tests(ground_truth) else "math"


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    """The score rungs' verifier gives `solution_str` (0..1; code: tests passed / total)."""
    extra_info = extra_info or {}
    request = item(solution_str, _domain(data_source, ground_truth, extra_info), ground_truth, extra_info.get("problem_id"))
    return float(default_client().score([request])[0]["score"])


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs):
    """The batched form (one request for many responses), for reward managers that pass lists."""
    extra_infos = extra_infos or [None] * len(solution_strs)
    requests = [
        item(s, _domain(d, g, e), g, (e or {}).get("problem_id"))
        for d, s, g, e in zip(data_sources, solution_strs, ground_truths, extra_infos)
    ]
    return [float(r["score"]) for r in default_client().score(requests)]
