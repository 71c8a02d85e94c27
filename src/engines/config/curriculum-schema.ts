import { z } from "zod";
import { bool, field, int, list, num, oneOf, pattern, str, strict } from "./schema-fields.js";
import { domainSchema } from "./source-schema.js";

const levelList = list(str(true), 1);

export const mixSchema = strict(
  {
    /** Math share of every batch. */
    math: field(num({ gt: 0 }), "Math share of every batch."),
    /** Code share of every batch. */
    code: field(num({ gt: 0 }), "Code share of every batch."),
    /** When the rows cannot hold the ratio: stop with an error, or write only the full batches. @default "error" */
    onShortfall: field(oneOf(["error", "shorten"]), "When the rows cannot hold the ratio in every batch: stop with an error, or write only the full batches they fill.", "error").optional(),
  },
  "Math and code prompts in every batch at this ratio (2.1:1 at batch 128 = 87 math + 41 code).",
);

export const stopRuleSchema = strict(
  {
    /** The rule in words, for people reading `curriculum.json`. */
    description: field(str(true), "The rule in words, for people reading curriculum.json."),
    /** Plateau on the validation score. */
    plateau: field(
      strict({
        /** Validations the score must fail to improve over. @default 3 */
        window: field(int(1), "Validations the score must fail to improve over.", 3).optional(),
        /** Smallest improvement that counts. @default 0.005 */
        minGain: field(num(), "Smallest improvement that counts.", 0.005).optional(),
        /** Regular expression over metric names. @default VAL_SCORE_PATTERN */
        metric: field(str(true), "Regular expression over metric names; the score is the mean of the matching values.", "~verl's val-core/<data_source>/reward/mean@k or .../acc/mean@k, and val/test_score/<data_source>").optional(),
      }),
      "Plateau on the validation score: the best of the last window validations beats the best before them by less than minGain.",
    ).optional(),
    /** Move on after this many trainer steps, whatever the score. */
    maxSteps: field(int(1), "Move on after this many trainer steps, whatever the score.").optional(),
  },
  "When a stage moves up a rung: the validation score has plateaued, or a step budget is spent.",
).refine((s) => s.plateau !== undefined || s.maxSteps !== undefined, { error: "give a plateau rule, maxSteps, or both" });

export const stageTrainingSchema = strict(
  {
    /** Samples per prompt (`actor_rollout_ref.rollout.n`). @default 16 */
    n: field(int(1), "Samples per prompt (actor_rollout_ref.rollout.n).", 16).optional(),
    /** Prompts per batch (`data.train_batch_size`). @default curriculum batchSize */
    batchSize: field(int(1), "Prompts per batch (data.train_batch_size).", "~curriculum.batchSize").optional(),
    /** Learning rate (`actor_rollout_ref.actor.optim.lr`). @default 1e-6 */
    lr: field(num({ gt: 0 }), "Learning rate (actor_rollout_ref.actor.optim.lr).", 1e-6).optional(),
    /** KL loss coefficient (`actor_rollout_ref.actor.kl_loss_coef`). @default 0.001 */
    klCoef: field(num({ ge: 0 }), "KL loss coefficient (actor_rollout_ref.actor.kl_loss_coef).", 0.001).optional(),
    /** Entropy bonus (`actor_rollout_ref.actor.entropy_coeff`); 0 turns it off. @default 0.001 */
    entropyCoeff: field(num({ ge: 0 }), "Entropy bonus (actor_rollout_ref.actor.entropy_coeff); 0 turns the entropy loss off.", 0.001).optional(),
    /** Rollout temperature (`actor_rollout_ref.rollout.temperature`). @default 1.0 */
    temperature: field(num({ ge: 0 }), "Rollout temperature (actor_rollout_ref.rollout.temperature).", 1).optional(),
    /** Leave samples cut at the maximum response length out of the loss. @default false */
    excludeTruncated: field(bool(), "Leave samples cut at the maximum response length out of the loss (DAPO's overlong filtering).", false).optional(),
  },
  "GRPO sampling and optimiser settings of a stage (verl names in brackets).",
);

export const curriculumStageSchema = strict(
  {
    /** Folder name under `export/<format>/` (e.g. "stage1"). */
    name: field(pattern(/^[A-Za-z0-9._-]+$/, "a folder-safe name (letters, digits, . _ -)"), 'Folder name under export/<format>/ (e.g. "stage1").'),
    /** Levels this stage trains on, for every domain or per domain. */
    levels: field(
      z.union([levelList, strict({ math: field(levelList, "Levels of math problems.").optional(), code: field(levelList, "Levels of code problems.").optional() })]).meta({ check: "a list of levels, or { math, code } lists" }),
      'Levels whose problems this stage trains on, for every domain or per domain ({ math: ["L1"], code: ["L3"] }).',
    ),
    /** @default ["math", "code"] */
    domains: field(list(domainSchema, 1), "Domains this stage trains on.", ["math", "code"]).optional(),
    /** Maximum response length in tokens (`data.max_response_length`). */
    maxResponseLength: field(int(1), "Maximum response length in tokens (data.max_response_length)."),
    /** Maximum prompt length in tokens (`data.max_prompt_length`). @default 2048 */
    maxPromptLength: field(int(1), "Maximum prompt length in tokens (data.max_prompt_length).", 2048).optional(),
    /** GRPO settings of the stage. */
    training: field(stageTrainingSchema, "GRPO sampling and optimiser settings of the stage.", {}).optional(),
    /** Math:code mix of this stage; null turns it off. @default the curriculum's mix */
    mix: field(mixSchema.nullable(), "Math:code mix of this stage; null turns it off.", "~curriculum.mix").optional(),
    /** When the stage ends. */
    stop: field(stopRuleSchema, "When the stage ends."),
  },
  "One training stage of a curriculum: which levels and domains, and how to train on them.",
);

export const trainerSchema = strict(
  {
    /** argv of the trainer; placeholders {overrides}, {stage}, {stageIndex}, {exportDir}. */
    command: field(list(str(true), 1), "argv of the trainer; placeholders {overrides} (one argument per override), {stage}, {stageIndex}, {exportDir}.", ["python3", "-m", "verl.trainer.main_ppo", "{overrides}"]).optional(),
    /** Extra environment variables for the trainer. */
    env: field(z.record(z.string(), z.string()), "Extra environment variables for the trainer.", {}).optional(),
    /** Seconds between SIGTERM and SIGKILL when rungs stops the trainer. @default 30 */
    graceSeconds: field(num({ ge: 0 }), "Seconds between SIGTERM and SIGKILL when rungs stops the trainer.", 30).optional(),
    /** Lines of the trainer's log kept to report a failure. @default 40 */
    tailLines: field(int(0), "Lines of the trainer's log kept to report a failure.", 40).optional(),
  },
  "The command rungs train runs per stage.",
);

export const verlExportSchema = strict(
  {
    /** `data_source` per domain: verl's `default_compute_score` picks the scorer from it. */
    dataSource: field(strict({ math: field(str(true), "data_source of math rows.", "lighteval/MATH").optional(), code: field(str(true), "data_source of code rows.", "codecontests").optional() }), "data_source per domain: verl's default_compute_score picks the scorer from it.", { math: "lighteval/MATH", code: "codecontests" }).optional(),
    /** Model to train (`actor_rollout_ref.model.path`). @default "Qwen/Qwen2.5-32B" */
    modelPath: field(str(true), "Model to train (actor_rollout_ref.model.path).", "Qwen/Qwen2.5-32B").optional(),
    /** Validation files (`data.val_files`). @default a 128-prompt seeded sample of the stage */
    valFiles: field(list(str(true)), "Validation files (data.val_files).", "~a 128-prompt seeded sample of the stage (val.parquet)").optional(),
    /** Validate every N steps (`trainer.test_freq`). @default 10 */
    testFreq: field(int(1), "Validate every N steps (trainer.test_freq): the plateau rule reads these scores.", 10).optional(),
    /** GPUs per node (`trainer.n_gpus_per_node`). @default 8 */
    nGpusPerNode: field(int(1), "GPUs per node (trainer.n_gpus_per_node).", 8).optional(),
    /** Nodes (`trainer.nnodes`). @default 1 */
    nnodes: field(int(1), "Nodes (trainer.nnodes).", 1).optional(),
    /** Micro-batch per GPU of the actor update and of the log-prob passes (verl requires them). @default 2 */
    microBatchSizePerGpu: field(int(1), "Micro-batch per GPU of the actor update and the rollout/ref log-prob passes (verl requires them).", 2).optional(),
    /** Rollout engine (`actor_rollout_ref.rollout.name`). @default "vllm" */
    rollout: field(oneOf(["vllm", "sglang"]), "Rollout engine (actor_rollout_ref.rollout.name).", "vllm").optional(),
    /** Further `key=value` overrides appended to every stage. */
    extraOverrides: field(list(str(true)), "Further key=value overrides appended to every stage.", []).optional(),
  },
  "verl export options.",
);

export const curriculumSchema = strict(
  {
    /** The training stages, in order. */
    stages: field(list(curriculumStageSchema, 1), "The training stages, in order."),
    /** Seed of the training order. @default 0 */
    seed: field(int(0), "Seed of the training order.", 0).optional(),
    /** Prompts per batch. @default 128 */
    batchSize: field(int(1), "Prompts per batch.", 128).optional(),
    /** Math:code mix held in every batch; null turns it off. @default { math: 2.1, code: 1 } */
    mix: field(mixSchema.nullable(), "Math:code mix held in every batch; null turns it off.", { math: 2.1, code: 1 }).optional(),
    /** @default ["verl", "openrlhf", "trl", "arrow"] */
    formats: field(list(oneOf(["verl", "openrlhf", "trl", "arrow"])), "Trainer formats to export.", ["verl", "openrlhf", "trl", "arrow"]).optional(),
    /** Who rewards the trainer: "rungs" (the verifiers that graded the data, via rungs reward-server) or "trainer" (its own scorer). @default "rungs" */
    reward: field(oneOf(["rungs", "trainer"]), "Who rewards the trainer: rungs (the verifiers that graded the data, via rungs reward-server and python/rungs_reward) or trainer (the trainer's own scorer, e.g. verl's default_compute_score).", "rungs").optional(),
    /** verl export options. */
    verl: field(verlExportSchema, "verl export options.", {}).optional(),
    /** OpenRLHF column names. */
    openrlhf: field(
      strict({
        /** @default "prompt" */
        promptKey: field(str(true), "Prompt column.", "prompt").optional(),
        /** @default "label" */
        labelKey: field(str(true), "Label column.", "label").optional(),
      }),
      "OpenRLHF column names.",
      {},
    ).optional(),
    /** The command `rungs train` runs per stage. */
    trainer: field(trainerSchema, "The command rungs train runs per stage.", {}).optional(),
  },
  "The training curriculum: stages exported per trainer format.",
);
