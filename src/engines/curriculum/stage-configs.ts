import type { ResolvedCurriculum, ResolvedStage } from "./resolve-curriculum.js";

/** Placeholder for the previous stage's trained model; `rungs train` fills it in (see previousStageModel). */
export const PREVIOUS_MODEL = "{previousModel}";

export interface VerlStagePaths {
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
    "actor_rollout_ref.actor.checkpoint.contents=['model','optimizer','extra','hf_model']",
    `actor_rollout_ref.rollout.n=${stage.n}`,
    `actor_rollout_ref.rollout.temperature=${stage.temperature}`,
    `actor_rollout_ref.rollout.response_length=${stage.maxResponseLength}`,
    "trainer.logger=['console']",
    `trainer.project_name=${paths.project}`,
    `trainer.experiment_name=${stage.name}`,
    `trainer.default_local_dir=${paths.checkpointDir}`,
    "trainer.resume_mode=auto",
    "trainer.val_before_train=True",
    `trainer.test_freq=${curriculum.verl.testFreq}`,
    `trainer.save_freq=${curriculum.verl.testFreq}`,
    // The stage ends by rungs' rule; verl's own budget only bounds it.
    stage.stop.maxSteps ? `trainer.total_training_steps=${stage.stop.maxSteps}` : "trainer.total_epochs=100",
    ...curriculum.verl.extraOverrides,
  ];
  return overrides;
}

/** A shell script that runs the stage with plain verl (no rungs). */
export function verlRunScript(stage: ResolvedStage, overrides: string[]): string {
  const notes = [
    `# ${stage.name}: ${stage.stop.description}`,
    stage.excludeTruncated ? "# Truncated samples out of the loss: verl has no stock switch for this; add a loss mask in a custom trainer hook." : undefined,
    stage.index > 0 ? `# ${PREVIOUS_MODEL}: the previous stage's last checkpoint, e.g. <checkpoints>/global_step_N/actor/huggingface` : undefined,
  ].filter(Boolean);
  const quoted = overrides.map((o) => `  "${o.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("$", "\\$")}"`);
  return `#!/bin/sh\n${notes.join("\n")}\nset -e\npython3 -m verl.trainer.main_ppo \\\n${quoted.join(" \\\n")}\n`;
}

/** TRL GRPOConfig arguments for the stage (names from trl's GRPOConfig). */
export function trlConfig(stage: ResolvedStage): Record<string, unknown> {
  return {
    num_generations: stage.n,
    max_completion_length: stage.maxResponseLength,
    max_prompt_length: stage.maxPromptLength,
    learning_rate: stage.lr,
    beta: stage.klCoef,
    temperature: stage.temperature,
    mask_truncated_completions: stage.excludeTruncated,
    // Keep rungs' order: it holds the math:code ratio in every batch.
    shuffle_dataset: false,
    generation_batch_size: stage.batchSize * stage.n,
    _note: `entropy_coeff ${stage.entropyCoeff} has no GRPOConfig field; per-device batch size and accumulation depend on your GPUs (prompts per step = ${stage.batchSize})`,
  };
}

/** OpenRLHF `train_ppo_ray` arguments for the stage. */
export function openRlhfArgs(stage: ResolvedStage, curriculum: ResolvedCurriculum, promptData: string): string[] {
  return [
    `--prompt_data ${promptData}`,
    `--input_key ${curriculum.openrlhf.promptKey}`,
    `--label_key ${curriculum.openrlhf.labelKey}`,
    "--apply_chat_template",
    "--advantage_estimator group_norm",
    `--n_samples_per_prompt ${stage.n}`,
    `--rollout_batch_size ${stage.batchSize}`,
    `--generate_max_len ${stage.maxResponseLength}`,
    `--prompt_max_len ${stage.maxPromptLength}`,
    `--actor_learning_rate ${stage.lr}`,
    "--use_kl_loss",
    `--init_kl_coef ${stage.klCoef}`,
    `--entropy_loss_coef ${stage.entropyCoeff}`,
    `--temperature ${stage.temperature}`,
  ];
}
