"""Constructs the installed TRL release's GRPOConfig from grpo_config.json: `GRPOConfig(**json)`, as train_trl.py does.

The venv has no torch (PyPI's is the CUDA build; CPU wheels only). TRL's GRPOConfig.__post_init__ reads two
TrainingArguments properties that require it: `self.device` (trl/trainer/grpo_config.py:1057, only when
pad_to_multiple_of is "auto"; transformers/training_args.py:1889 requires_backends(self, ["torch"])) and
`self.world_size` (grpo_config.py:1096; training_args.py:1937). They are replaced by what torch reports on one
CPU process (device type "cpu", world size 1); every other line of both __post_init__ runs as released, so a key
GRPOConfig does not have (TypeError) or values it rejects (ValueError) fail here as they would for the user.
stdin: {"configs": {NAME: grpo_config}}; stdout: {NAME: {"error": null | "TypeError: ...", "generation_batch_size": N, ...}}
"""

import json
import sys
import types
import warnings

from transformers import TrainingArguments

TrainingArguments.device = property(lambda self: types.SimpleNamespace(type="cpu"))
TrainingArguments.world_size = property(lambda self: 1)

from trl import GRPOConfig  # noqa: E402  (after the stand-ins: the properties are read at construction)



def construct(config):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            grpo = GRPOConfig(**config)
    except (TypeError, ValueError) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    names = ("output_dir", "num_generations", "generation_batch_size", "steps_per_generation", "max_completion_length", "max_steps", "shuffle_dataset", "mask_truncated_completions", "beta", "learning_rate", "temperature")
    return {"error": None, **{name: getattr(grpo, name) for name in names}}


json.dump({name: construct(config) for name, config in json.load(sys.stdin)["configs"].items()}, sys.stdout)
