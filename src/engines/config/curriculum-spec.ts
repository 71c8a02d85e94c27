import type { Domain } from "../../../schemas/problems.js";

/** When a stage moves up a rung: the validation score has plateaued, or a step budget is spent. */
export interface StopRule {
  /** The rule in words, for people reading `curriculum.json`. */
  description: string;
  /**
   * Plateau on the validation score: the best score of the last `window` validations beats the best
   * before them by less than `minGain`. Needs at least `window + 1` validations.
   */
  plateau?: PlateauRule;
  /** Move on after this many trainer steps, whatever the score. */
  maxSteps?: number;
}

export interface PlateauRule {
  /** Validations the score must fail to improve over. @default 3 */
  window?: number;
  /** Smallest improvement that counts. @default 0.005 */
  minGain?: number;
  /**
   * Regular expression over metric names; the score of a validation line is the mean of the matching values.
   * @default VAL_SCORE_PATTERN (verl's `val-core/<data_source>/reward/mean@k` or `.../acc/mean@k`, and older `val/test_score/<data_source>`)
   */
  metric?: string;
}

/** verl's validation metric names: `val-core/<data_source>/<var>/mean@<n>` (recent) and `val/test_score/<data_source>` (older). */
export const VAL_SCORE_PATTERN = "^(val-core/.+/(reward|acc)/mean@\\d+|val/test_score/.+)$";

/** GRPO sampling and optimiser settings of a stage (verl names in brackets). */
export interface StageTraining {
  /** Samples per prompt (`actor_rollout_ref.rollout.n`). @default 16 */
  n?: number;
  /** Prompts per batch (`data.train_batch_size`). @default curriculum batchSize (128) */
  batchSize?: number;
  /** Learning rate (`actor_rollout_ref.actor.optim.lr`). @default 1e-6 */
  lr?: number;
  /** KL loss coefficient (`actor_rollout_ref.actor.kl_loss_coef`). @default 0.001 */
  klCoef?: number;
  /** Entropy bonus (`actor_rollout_ref.actor.entropy_coeff`); 0 turns the entropy loss off. @default 0.001 */
  entropyCoeff?: number;
  /** Rollout temperature (`actor_rollout_ref.rollout.temperature`). @default 1.0 */
  temperature?: number;
  /** Leave samples cut at the maximum response length out of the loss (DAPO's overlong filtering). @default false */
  excludeTruncated?: boolean;
}

/** One training stage of a curriculum: which levels and domains, and how to train on them. */
export interface CurriculumStage {
  /** Folder name under `export/<format>/` (e.g. "stage1"). */
  name: string;
  /** Levels whose problems this stage trains on, for every domain or per domain (`{ math: ["L1"], code: ["L3"] }`). */
  levels: string[] | Partial<Record<Domain, string[]>>;
  /** @default ["math", "code"] */
  domains?: Domain[];
  /** Maximum response length in tokens (`data.max_response_length`). */
  maxResponseLength: number;
  /** Maximum prompt length in tokens (`data.max_prompt_length`). @default 2048 */
  maxPromptLength?: number;
  training?: StageTraining;
  /** Math:code mix of this stage. @default the curriculum's mix */
  mix?: MixSpec | null;
  stop: StopRule;
}

/** Math and code prompts in every batch at this ratio (2.1:1 at batch 128 = 87 math + 41 code). */
export interface MixSpec {
  math: number;
  code: number;
  /** When the rows cannot hold the ratio in every batch: stop with an error, or write only the full batches they fill. @default "error" */
  onShortfall?: "error" | "shorten";
}

/** The command `rungs train` runs per stage; `{overrides}` expands to the stage's verl overrides. */
export interface TrainerSpec {
  /**
   * argv of the trainer. Placeholders: `{overrides}` (one argument per override), `{stage}`, `{stageIndex}`, `{exportDir}`.
   * @default ["python3", "-m", "verl.trainer.main_ppo", "{overrides}"]
   */
  command?: string[];
  /** Extra environment variables for the trainer. */
  env?: Record<string, string>;
  /** Seconds between SIGTERM and SIGKILL when rungs stops the trainer. @default 30 */
  graceSeconds?: number;
  /** Lines of the trainer's log kept to report a failure. @default 40 */
  tailLines?: number;
}

export type TrainerFormat = "verl" | "openrlhf" | "trl" | "arrow";

export interface CurriculumSpec {
  stages: CurriculumStage[];
  /** Seed of the training order. @default 0 */
  seed?: number;
  /** Prompts per batch. @default 128 */
  batchSize?: number;
  /** Math:code mix held in every batch. @default { math: 2.1, code: 1 } */
  mix?: MixSpec | null;
  /** @default ["verl", "openrlhf", "trl", "arrow"] */
  formats?: TrainerFormat[];
  /**
   * Who rewards the trainer: "rungs" (the verifiers that graded the data, through `rungs reward-server` and
   * python/rungs_reward, so training uses the ruler the levels were measured with) or "trainer" (its own scorer:
   * verl's default_compute_score; for TRL and OpenRLHF, reward functions of your own). @default "rungs"
   */
  reward?: "rungs" | "trainer";
  verl?: VerlExportOptions;
  openrlhf?: { /** @default "prompt" */ promptKey?: string; /** @default "label" */ labelKey?: string };
  trainer?: TrainerSpec;
}

export interface VerlExportOptions {
  /**
   * `data_source` per domain: verl's `default_compute_score` picks the scorer from it.
   * @default { math: "lighteval/MATH", code: "codecontests" }
   */
  dataSource?: Partial<Record<Domain, string>>;
  /** Model to train (`actor_rollout_ref.model.path`). @default "Qwen/Qwen2.5-32B" (the paper's base) */
  modelPath?: string;
  /** Validation files (`data.val_files`). @default a 128-prompt seeded sample of the stage, written as `val.parquet` */
  valFiles?: string[];
  /** Validate every N steps (`trainer.test_freq`): the plateau rule reads these scores. @default 10 */
  testFreq?: number;
  /** GPUs per node (`trainer.n_gpus_per_node`). @default 8 */
  nGpusPerNode?: number;
  /** Nodes (`trainer.nnodes`). @default 1 */
  nnodes?: number;
  /** Micro-batch per GPU of the actor update and of the rollout/ref log-prob passes (verl requires them). @default 2 */
  microBatchSizePerGpu?: number;
  /** Rollout engine (`actor_rollout_ref.rollout.name`). @default "vllm" */
  rollout?: "vllm" | "sglang";
  /** Further `key=value` overrides appended to every stage. */
  extraOverrides?: string[];
}

/** The paper's recipe (arXiv 2504.00829): L2 at 16k until the score plateaus, then L3 at 24k; math:code 2.1:1; GRPO. */
export const PAPER_CURRICULUM: CurriculumSpec = {
  seed: 0,
  batchSize: 128,
  mix: { math: 2.1, code: 1, onShortfall: "error" },
  stages: [
    {
      name: "stage1",
      levels: ["L2"],
      maxResponseLength: 16384,
      training: { n: 16, lr: 1e-6, klCoef: 0.001, entropyCoeff: 0.001 },
      stop: { description: "until the validation score plateaus", plateau: { window: 3, minGain: 0.005 } },
    },
    {
      name: "stage2",
      levels: ["L3"],
      maxResponseLength: 24576,
      training: { n: 16, lr: 1e-6, klCoef: 0.001, entropyCoeff: 0, excludeTruncated: true },
      stop: { description: "until the validation score plateaus (entropy loss off, truncated samples out of the loss)", plateau: { window: 3, minGain: 0.005 } },
    },
  ],
};
