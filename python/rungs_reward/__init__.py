"""rungs' verifiers as the reward of verl, TRL and OpenRLHF (standard library only).

Rewards come from `rungs reward-server`: the same verifiers, extraction and `</think>` rule that graded the
data, so a problem is trained on the ruler it was levelled with.
"""

from .client import ENV_COMMAND, ENV_RUN_DIR, ENV_URL, RewardClient, RewardRequestError, RewardServiceError, default_client

__all__ = ["ENV_COMMAND", "ENV_RUN_DIR", "ENV_URL", "RewardClient", "RewardRequestError", "RewardServiceError", "default_client"]
__version__ = "0.1.0"
