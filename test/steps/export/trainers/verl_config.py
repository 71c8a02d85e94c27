"""Composes rungs' verl overrides with the installed verl release's own Hydra config and runs its validate_config.

stdin: {"configs": {NAME: [override, ...]}}; stdout: {NAME: the composed values the export is responsible for,
or {"error": why composing or validating failed}}.
verl's package imports torch and ray on import, which the venv does not have: the config files are read from
the installed release, and verl/utils/config.py (validate_config) is loaded from its file. validate_config's
actor dataclass check (ActorConfig.validate, in a module that imports torch) is replaced by the same checks
written here; everything else it checks runs as released.
"""

import contextlib
import importlib
import importlib.util
import json
import os
import sys

from hydra import compose, initialize_config_dir

root = os.path.dirname(importlib.util.find_spec("verl").origin)
spec = importlib.util.spec_from_file_location("verl_utils_config", os.path.join(root, "utils", "config.py"))
checks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checks)


class ActorChecks:
    """ActorConfig.validate's checks (verl/workers/config/actor.py) on the composed actor config."""

    def __init__(self, actor):
        self.actor = actor

    def validate(self, n_gpus, train_batch_size, model_config=None):
        a = self.actor
        if (a.ppo_micro_batch_size is None) == (a.ppo_micro_batch_size_per_gpu is None):
            raise ValueError("[actor_rollout_ref.actor] set exactly one of ppo_micro_batch_size or ppo_micro_batch_size_per_gpu")
        if not a.use_dynamic_bsz and train_batch_size < a.ppo_mini_batch_size:
            raise ValueError(f"train_batch_size ({train_batch_size}) must be >= actor.ppo_mini_batch_size ({a.ppo_mini_batch_size})")


checks.omega_conf_to_dataclass = lambda config, *args, **kwargs: ActorChecks(config)


def check(overrides):
    cfg = compose(config_name="ppo_trainer", overrides=overrides)
    with contextlib.redirect_stdout(sys.stderr):  # it prints a line when every check passes
        checks.validate_config(cfg, use_reference_policy=cfg.actor_rollout_ref.actor.use_kl_loss, use_critic=cfg.algorithm.adv_estimator == "gae")
    if cfg.actor_rollout_ref.rollout.name in (None, "???"):
        raise ValueError("actor_rollout_ref.rollout.name is not set")
    # What verl's load_extern_object does with a pkg:// path: import the module, take the function.
    path, name = cfg.reward.custom_reward_function.path, cfg.reward.custom_reward_function.name
    if path:
        assert path.startswith("pkg://"), path
        assert callable(getattr(importlib.import_module(path[len("pkg://") :].replace("/", ".")), name)), f"{path} has no {name}"
    a = cfg.actor_rollout_ref
    return {
        "rollout_name": a.rollout.name,
        "save_contents": list(a.actor.checkpoint.save_contents),
        "micro_batch": [a.actor.ppo_micro_batch_size_per_gpu, a.rollout.log_prob_micro_batch_size_per_gpu, a.ref.log_prob_micro_batch_size_per_gpu],
        "reward_function": [path, name],
        "total_epochs": cfg.trainer.total_epochs,
        "total_training_steps": cfg.trainer.total_training_steps,
        "gpus": [cfg.trainer.n_gpus_per_node, cfg.trainer.nnodes],
        "train_files": list(cfg.data.train_files),
    }


results = {}
with initialize_config_dir(config_dir=os.path.join(root, "trainer", "config"), version_base=None):
    for name, overrides in json.load(sys.stdin)["configs"].items():
        try:
            results[name] = check(overrides)
        except Exception as error:  # reported per config: the test says which one failed and why
            results[name] = {"error": f"{type(error).__name__}: {error}"}
json.dump(results, sys.stdout)
