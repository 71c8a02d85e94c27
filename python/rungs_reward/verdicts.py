"""Turning trainer inputs into reward requests."""

import json

CODE_TEST_FORMATS = ("stdin", "functional", "assert")


def looks_like_code_tests(ground_truth):
    """True when a ground truth is a canonical CodeTests JSON object (what rungs exports for code problems)."""
    if not isinstance(ground_truth, str) or not ground_truth.lstrip().startswith("{"):
        return False
    try:
        value = json.loads(ground_truth)
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("format") in CODE_TEST_FORMATS and isinstance(value.get("inputs"), list)


def completion_text(completion):
    """A TRL completion: a string, or conversational messages (the assistant's content, joined)."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return str(completion.get("content") or "")
    if isinstance(completion, (list, tuple)):
        return "".join(completion_text(m) for m in completion if not isinstance(m, dict) or m.get("role", "assistant") == "assistant")
    raise TypeError(f"rungs_reward: a completion must be a string or chat messages, got {type(completion).__name__}")


def item(completion, domain, ground_truth, problem_id=None):
    if domain not in ("math", "code"):
        raise ValueError(f"rungs_reward: domain must be 'math' or 'code', got {domain!r}")
    if not isinstance(ground_truth, str):
        raise ValueError(f"rungs_reward: ground truth must be a string (math answer, or code tests JSON), got {type(ground_truth).__name__}")
    request = {"completion": completion, "domain": domain, "ground_truth": ground_truth}
    if problem_id:
        request["problem_id"] = str(problem_id)
    return request
