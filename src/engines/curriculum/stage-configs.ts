import { UsageError } from "../../core/errors.js";
import type { ResolvedCurriculum, ResolvedStage } from "./resolve-curriculum.js";

/** Placeholder for the previous stage's trained model; `rungs train` fills it in (see previousStageModel). */
export const PREVIOUS_MODEL = "{previousModel}";

export interface VerlStagePaths {
  /** Full batches in the stage's training file (verl's loader drops a partial last one): sets epochs so maxSteps is reachable. */
  batches: number;
  trainFile: string;
  valFiles: string[];
  /** Where verl writes this stage's checkpoints. */
  checkpointDir: string;
  project: string;
}

/**
 * verl overrides for one stage (Hydra `key=value`, names from verl's `ppo_trainer.yaml`). `data.shuffle=False`
 * keeps rungs' training order, which holds the math:code ratio in every batch. Stages after the first
 * start from the previous stage's model (`{previousModel}`).
 */
export function verlOverrides(stage: ResolvedStage, curriculum: ResolvedCurriculum, paths: VerlStagePaths): string[] {
  const list = (values: string[]) => `[${values.map((v) => `'${v}'`).join(",")}]`;
  const { nGpusPerNode, nnodes, microBatchSizePerGpu, rollout } = curriculum.verl;
  const gpus = nGpusPerNode * nnodes;
  // verl's own check (validate_config): every rollout batch splits evenly over the GPUs.
  if ((stage.batchSize * stage.n) % gpus !== 0) {
    throw new UsageError(
      `export: stage "${stage.name}": verl needs batch size × n (${stage.batchSize} × ${stage.n} = ${stage.batchSize * stage.n}) divisible by the GPUs (curriculum.verl.nGpusPerNode × nnodes = ${gpus})`,
    );
  }
  const overrides = [
    "algorithm.adv_estimator=grpo",
    "algorithm.use_kl_in_reward=False",
    `data.train_files=${list([paths.trainFile])}`,
    `data.val_files=${list(paths.valFiles)}`,
    "data.prompt_key=prompt",
    "data.shuffle=False",
    `data.train_batch_size=${stage.batchSize}`,
    `data.max_prompt_length=${stage.maxPromptLength}`,
    `data.max_response_length=${stage.maxResponseLength}`,
    "data.filter_overlong_prompts=True",
    "data.truncation=error",
    `actor_rollout_ref.model.path=${stage.index === 0 ? curriculum.verl.modelPath : PREVIOUS_MODEL}`,
    `actor_rollout_ref.actor.optim.lr=${stage.lr}`,
    `actor_rollout_ref.actor.ppo_mini_batch_size=${stage.batchSize}`,
    "actor_rollout_ref.actor.use_kl_loss=True",
    `actor_rollout_ref.actor.kl_loss_coef=${stage.klCoef}`,
    "actor_rollout_ref.actor.kl_loss_type=low_var_kl",
    `actor_rollout_ref.actor.entropy_coeff=${stage.entropyCoeff}`,
    // hf_model makes each checkpoint loadable as the next stage's model.
    "actor_rollout_ref.actor.checkpoint.save_contents=['model','optimizer','extra','hf_model']",
    `actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu=${microBatchSizePerGpu}`,
    `actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu=${microBatchSizePerGpu}`,
    `actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu=${microBatchSizePerGpu}`,
    `actor_rollout_ref.rollout.name=${rollout}`,
    `actor_rollout_ref.rollout.n=${stage.n}`,
    `actor_rollout_ref.rollout.temperature=${stage.temperature}`,
    `actor_rollout_ref.rollout.response_length=${stage.maxResponseLength}`,
    ...(curriculum.reward === "rungs"
      ? // rungs' verifiers reward the trainer (python/rungs_reward; it finds or starts `rungs reward-server`).
        ["reward.custom_reward_function.path=pkg://rungs_reward.verl", "reward.custom_reward_function.name=compute_score"]
      : []),
    `trainer.n_gpus_per_node=${nGpusPerNode}`,
    `trainer.nnodes=${nnodes}`,
    "trainer.logger=['console']",
    `trainer.project_name=${paths.project}`,
    `trainer.experiment_name=${stage.name}`,
    `trainer.default_local_dir=${paths.checkpointDir}`,
    "trainer.resume_mode=auto",
    "trainer.val_before_train=True",
    `trainer.test_freq=${curriculum.verl.testFreq}`,
    `trainer.save_freq=${curriculum.verl.testFreq}`,
    // The stage ends by rungs' rule; verl's own budget only bounds it. verl stops at the end of its last epoch
    // even before total_training_steps, so the epochs must hold maxSteps.
    ...(stage.stop.maxSteps
      ? [`trainer.total_epochs=${Math.ceil(stage.stop.maxSteps / Math.max(1, paths.batches))}`, `trainer.total_training_steps=${stage.stop.maxSteps}`]
      : ["trainer.total_epochs=100"]),
    ...curriculum.verl.extraOverrides,
  ];
  return overrides;
}

/** A shell script that runs the stage with plain verl (no rungs). */
export function verlRunScript(stage: ResolvedStage, overrides: string[], reward: ResolvedCurriculum["reward"] = "rungs"): string {
  const notes = [
    `# ${stage.name}: ${stage.stop.description}`,
    reward === "rungs" ? REWARD_NOTE : "# Rewards: verl's own scorer (default_compute_score picks it from data_source).",
    stage.excludeTruncated ? "# Truncated samples out of the loss: verl has no stock switch for this; add a loss mask in a custom trainer hook." : undefined,
    stage.index > 0 ? `# ${PREVIOUS_MODEL}: the previous stage's last checkpoint, e.g. <checkpoints>/global_step_N/actor/huggingface` : undefined,
  ].filter(Boolean);
  const quoted = overrides.map((o) => `  "${o.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("$", "\\$")}"`);
  return `#!/bin/sh\n${notes.join("\n")}\nset -e\npython3 -m verl.trainer.main_ppo \\\n${quoted.join(" \\\n")}\n`;
}

/** How the exported trainer configs reach rungs' reward (run.sh, train_trl.py, args.txt say it). */
export const REWARD_NOTE = [
  "# Rewards: rungs' verifiers, so training uses the ruler the levels were measured with. Needs the Python",
  "# package (pip install <rungs>/python); it uses the service at $RUNGS_REWARD_URL (rungs reward-server),",
  "# or starts one with `npx --no-install rungs reward-server` (override with $RUNGS_REWARD_COMMAND).",
].join("\n");

/**
 * TRL `GRPOConfig` arguments for the stage (fields of trl's GRPOConfig, so `GRPOConfig(**json)` constructs).
 * Prompt length has no GRPOConfig field since TRL 0.2x: prompts longer than the stage's are dropped at export
 * time by the trainer's tokenizer, not here. Per-device batch and accumulation depend on the GPUs.
 */
export function trlConfig(stage: ResolvedStage, outputDir: string): Record<string, unknown> {
  return {
    output_dir: outputDir,
    num_generations: stage.n,
    max_completion_length: stage.maxResponseLength,
    learning_rate: stage.lr,
    beta: stage.klCoef,
    temperature: stage.temperature,
    mask_truncated_completions: stage.excludeTruncated,
    // Keep rungs' order: it holds the math:code ratio in every batch.
    shuffle_dataset: false,
    generation_batch_size: stage.batchSize * stage.n,
    max_steps: stage.stop.maxSteps ?? -1,
  };
}

/**
 * A script that trains the stage with TRL and rungs' reward: `python train_trl.py [MODEL]`. MODEL defaults to
 * `startModel`: the base model for the first stage, the previous stage's output_dir after (the script saves the
 * trained model there with `save_model()`, so the next stage starts from it).
 */
export function trlTrainScript(stage: ResolvedStage, startModel: string): string {
  return `${REWARD_NOTE}
# ${stage.name}: ${stage.stop.description}
# entropy coefficient ${stage.entropyCoeff} has no GRPOConfig field; prompts per step = ${stage.batchSize}.
import json
import sys
from pathlib import Path

from datasets import load_dataset
from trl import GRPOConfig, GRPOTrainer

from rungs_reward.trl import reward

here = Path(__file__).resolve().parent
config = GRPOConfig(**json.loads((here / "grpo_config.json").read_text()))
dataset = load_dataset("parquet", data_files=str(here / "train.parquet"), split="train")
model = sys.argv[1] if len(sys.argv) > 1 else ${JSON.stringify(startModel)}
trainer = GRPOTrainer(model=model, reward_funcs=[reward], args=config, train_dataset=dataset)
trainer.train()
trainer.save_model()  # the final model in output_dir, where the next stage's train_trl.py starts from
`;
}

/** OpenRLHF's reward-function file (\`--reward.remote_url <this file>\`): rungs' verdicts. */
export const OPENRLHF_REWARD_FILE = `${REWARD_NOTE}
from rungs_reward.openrlhf import reward_func  # noqa: F401  (OpenRLHF loads reward_func from this file)
`;

export interface OpenRlhfStagePaths {
  promptData: string;
  rewardFile: string;
  /** \`--ckpt.output_dir\`: where train_ppo_ray saves the trained actor (Hugging Face form) when the stage ends. */
  outputDir: string;
  /** \`--ckpt.path\`: its DeepSpeed checkpoints during the stage. */
  checkpointDir: string;
  /** The previous stage's outputDir: the model a later stage starts from. */
  previousOutputDir?: string;
}

/**
 * OpenRLHF \`train_ppo_ray\` arguments for the stage (OpenRLHF 0.10.2+ dotted names). A later stage starts from
 * the model the previous stage saved (its \`--ckpt.output_dir\`).
 */
export function openRlhfArgs(stage: ResolvedStage, curriculum: ResolvedCurriculum, paths: OpenRlhfStagePaths): string[] {
  const model = stage.index === 0 ? curriculum.verl.modelPath : paths.previousOutputDir;
  if (model === undefined) throw new Error(`openRlhfArgs: stage "${stage.name}" needs the previous stage's output dir`);
  return [
    `--actor.model_name_or_path ${shellQuote(model)}`,
    `--data.prompt_dataset ${shellQuote(paths.promptData)}`,
    `--data.input_key ${curriculum.openrlhf.promptKey}`,
    `--data.label_key ${curriculum.openrlhf.labelKey}`,
    "--data.apply_chat_template",
    `--data.max_len ${stage.maxPromptLength + stage.maxResponseLength}`,
    "--algo.advantage.estimator group_norm",
    `--rollout.n_samples_per_prompt ${stage.n}`,
    `--rollout.batch_size ${stage.batchSize}`,
    `--rollout.max_new_tokens ${stage.maxResponseLength}`,
    `--rollout.temperature ${stage.temperature}`,
    `--actor.adam.lr ${stage.lr}`,
    "--algo.kl.use_loss",
    "--algo.kl.estimator k3",
    `--algo.kl.init_coef ${stage.klCoef}`,
    `--actor.entropy_coef ${stage.entropyCoeff}`,
    ...(curriculum.reward === "rungs" ? [`--reward.remote_url ${shellQuote(paths.rewardFile)}`] : []),
    `--ckpt.output_dir ${shellQuote(paths.outputDir)}`,
    `--ckpt.path ${shellQuote(paths.checkpointDir)}`,
  ];
}

/** A value as one shell word (args.txt is pasted into a command line). */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
