"""TRL: `GRPOTrainer(..., reward_funcs=[rungs_reward.trl.reward])`.

TRL calls a reward function as f(prompts=..., completions=..., completion_ids=..., **columns), the dataset's
other columns as lists; rungs' TRL export has `solution` (math answer or code tests JSON), `domain` and
`problem_id`. Returns one float per completion (None for a row a domain-specific function does not score).
"""

from .client import default_client
from .verdicts import completion_text, item


def _rewards(completions, solution, domain, problem_id, only=None):
    n = len(completions)
    for name, column in (("solution", solution), ("domain", domain)):
        if column is None or len(column) != n:
            raise ValueError(f"rungs_reward.trl: the dataset needs a `{name}` column (rungs' TRL export has it); got {None if column is None else len(column)} values for {n} completions")
    ids = problem_id if problem_id is not None else [None] * n
    wanted = [i for i in range(n) if only is None or domain[i] == only]
    results = default_client().score([item(completion_text(completions[i]), domain[i], solution[i], ids[i]) for i in wanted])
    rewards = [None] * n
    for i, result in zip(wanted, results):
        rewards[i] = float(result["score"])
    return rewards


def reward(prompts=None, completions=None, completion_ids=None, solution=None, domain=None, problem_id=None, **kwargs):
    """rungs' verdict for every completion, math and code (routed by the `domain` column)."""
    return _rewards(completions, solution, domain, problem_id)


def math_reward(prompts=None, completions=None, completion_ids=None, solution=None, domain=None, problem_id=None, **kwargs):
    """rungs' math verdict; None for code rows."""
    return _rewards(completions, solution, domain, problem_id, only="math")


def code_reward(prompts=None, completions=None, completion_ids=None, solution=None, domain=None, problem_id=None, **kwargs):
    """rungs' code verdict (tests passed / total); None for math rows."""
    return _rewards(completions, solution, domain, problem_id, only="code")
