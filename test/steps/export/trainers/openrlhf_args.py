"""Parses args.txt with the installed OpenRLHF release's own train_ppo_ray argument parser and post-parse checks,
then reads train.jsonl with its PromptDataset.

The parser is built inside train_ppo_ray.py's `if __name__ == "__main__":` block, after imports of ray and torch:
the block is taken from the release's file and run up to `train(args)` (not called), with argv from args.txt;
`openrlhf.utils.config.hierarchize` and `openrlhf.datasets.prompts_dataset` are loaded from their files with
torch's Dataset base and tqdm replaced by stand-ins (they only subclass and iterate).
argv: ARGS_TXT...; stdout: {ARGS_TXT: {"remote_url": ..., "model": ..., "output_dir": ..., "datasources": [...], "labels": [...]}}
"""

import ast
import contextlib
import importlib.util
import json
import os
import shlex
import sys
import types

root = os.path.dirname(importlib.util.find_spec("openrlhf").origin)


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# Packages as plain namespaces, so loading one file does not run openrlhf/__init__.py (torch, deepspeed).
for name in ("openrlhf", "openrlhf.utils", "openrlhf.datasets"):
    sys.modules[name] = types.ModuleType(name)
load("openrlhf.utils.config", os.path.join(root, "utils", "config.py"))
torch = types.ModuleType("torch")
torch.utils = types.ModuleType("torch.utils")
torch.utils.data = types.ModuleType("torch.utils.data")
torch.utils.data.Dataset = object
sys.modules.update({"torch": torch, "torch.utils": torch.utils, "torch.utils.data": torch.utils.data})
sys.modules["tqdm"] = types.SimpleNamespace(tqdm=lambda it, **kw: it)
prompts_dataset = load("openrlhf.datasets.prompts_dataset", os.path.join(root, "datasets", "prompts_dataset.py"))

source = open(os.path.join(root, "cli", "train_ppo_ray.py"), encoding="utf-8").read()
main = next(n for n in ast.parse(source).body if isinstance(n, ast.If) and "__main__" in ast.unparse(n.test))
main_code = compile(ast.Module(body=main.body, type_ignores=[]), "train_ppo_ray.py:__main__", "exec")


def parse(args_txt):
    captured = {}
    namespace = {"__name__": "openrlhf_args_check", "train": lambda args: captured.setdefault("args", args)}
    exec(compile("import argparse, os\nfrom datetime import datetime\n", "imports", "exec"), namespace)
    sys.argv = ["train_ppo_ray"] + shlex.split(open(args_txt, encoding="utf-8").read())
    with contextlib.redirect_stdout(sys.stderr):  # its checks print recommendations
        exec(main_code, namespace)
    return captured["args"]


def check(args_txt):
    args = parse(args_txt)
    # PromptDataset reads each JSONL row: prompt (through the chat template), label, datasource.
    rows = [json.loads(line) for line in open(args.data.prompt_dataset, encoding="utf-8") if line.strip()]
    strategy = types.SimpleNamespace(args=args, is_rank_0=lambda: True)
    tokenizer = types.SimpleNamespace(apply_chat_template=lambda chat, tokenize=False, add_generation_prompt=True: "".join(f"<{m['role']}>{m['content']}" for m in chat) + "<assistant>")
    dataset = prompts_dataset.PromptDataset(rows, tokenizer, strategy)
    # What OpenRLHF does with a .py reward URL (utils/agent.py): load the file, take its reward_func.
    reward_file = args.reward.remote_url[0] if args.reward.remote_url else None
    if reward_file:
        spec = importlib.util.spec_from_file_location("reward_func", reward_file)
        reward_module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(reward_module)
        assert callable(reward_module.reward_func), "reward_func.py has no reward_func"
    return {
        "remote_url": args.reward.remote_url,
        "model": args.actor.model_name_or_path,
        # Where the actor is saved when training ends (PPOActor.save_model -> strategy.save_model(..., args.ckpt.output_dir)).
        "output_dir": args.ckpt.output_dir,
        "ckpt_path": args.ckpt.path,
        "estimator": args.algo.advantage.estimator,
        "n_samples": args.rollout.n_samples_per_prompt,
        "max_new_tokens": args.rollout.max_new_tokens,
        "datasources": [dataset[i][0] for i in range(len(dataset))],
        "labels": [dataset[i][2] for i in range(len(dataset))],
    }


json.dump({path: check(path) for path in sys.argv[1:]}, sys.stdout)
