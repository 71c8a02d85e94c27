import { beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeExport } from "../../../src/steps/export/write-export.js";
import type { CurriculumSpec } from "../../../src/engines/config/curriculum-spec.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { PREVIOUS_MODEL } from "../../../src/engines/curriculum/stage-configs.js";
import { runPython } from "../../engines/reward/python-package.js";
import { seedRun, tempRun } from "./helpers.js";

/**
 * The exports against the trainer releases pinned in python/requirements/trainers.no-deps.txt (installed in the
 * venv without torch): verl's Hydra config and validate_config, TRL's GRPOConfig fields, OpenRLHF's argument
 * parser and PromptDataset. What each script runs of the real package, and what it cannot, is in its docstring.
 */
const scripts = join(import.meta.dirname, "trainers");

const curriculum: CurriculumSpec = {
  batchSize: 6,
  mix: { math: 2, code: 1 },
  verl: { modelPath: "Qwen/Qwen2.5-7B", testFreq: 5 },
  stages: [
    { name: "stage1", levels: ["L2"], maxResponseLength: 16384, training: { n: 16 }, stop: { description: "plateau, at most 500 steps", plateau: { window: 3, minGain: 0.005 }, maxSteps: 500 } },
    { name: "stage2", levels: ["L3"], maxResponseLength: 24576, training: { n: 16, entropyCoeff: 0, excludeTruncated: true }, stop: { description: "until the score plateaus", plateau: { window: 3 } } },
  ],
};

async function exported(spec: CurriculumSpec = curriculum) {
  const run = await tempRun();
  await seedRun(run, { math: 8, code: 4, levels: ["L2", "L3"] });
  await writeExport({ run, curriculum: spec, pipelineName: "trainers" });
  return run;
}

async function python(script: string, args: string[], input = "") {
  const result = await runPython([join(scripts, script), ...args], { input });
  if (result.status !== 0) throw new Error(`${script} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

const readOverrides = async (run: RunFolder, stage: string) =>
  (await readFile(run.path("export", "verl", stage, "overrides.txt"), "utf8"))
    .trim()
    .split("\n")
    .map((o) => o.replaceAll(PREVIOUS_MODEL, "/ckpt/global_step_9/actor/huggingface"));

describe("exports against the pinned trainer releases", () => {
  let run: RunFolder;
  let verl: Record<string, Record<string, unknown>>;
  beforeAll(async () => {
    run = await exported();
    const own = await exported({ ...curriculum, reward: "trainer" });
    const stage1 = await readOverrides(run, "stage1");
    const configs = {
      stage1,
      stage2: await readOverrides(run, "stage2"),
      renamed: stage1.map((o) => o.replace("checkpoint.save_contents", "checkpoint.contents")),
      trainerReward: await readOverrides(own, "stage1"),
    };
    // One interpreter for every composition: loading Hydra and verl's config tree is the slow part.
    verl = (await python("verl_config.py", [], JSON.stringify({ configs }))) as typeof verl;
  }, 60_000);

  it("verl: every stage's overrides compose with verl's own Hydra config and pass its validate_config", () => {
    for (const stage of ["stage1", "stage2"]) {
      expect(verl[stage]).toMatchObject({
        rollout_name: "vllm",
        save_contents: ["model", "optimizer", "extra", "hf_model"],
        micro_batch: [2, 2, 2],
        reward_function: ["pkg://rungs_reward.verl", "compute_score"],
        gpus: [8, 1],
        train_files: [run.path("export", "verl", stage, "train.parquet")],
      });
    }
    // 12 rows in batches of 6: 2 steps an epoch, so 250 epochs reach maxSteps 500 (verl's default 30 stopped at 60).
    expect(verl.stage1).toMatchObject({ total_epochs: 250, total_training_steps: 500 });
  });

  it("verl: an override verl renamed fails to compose (the check can fail)", () => {
    expect(verl.renamed.error).toContain("Could not override 'actor_rollout_ref.actor.checkpoint.contents'");
  });

  it("verl: with the trainer's own scorer no reward function is set", () => {
    expect(verl.trainerReward).toMatchObject({ reward_function: [null, "compute_score"] });
  });

  it("TRL: GRPOConfig(**grpo_config.json) constructs for every stage; a key GRPOConfig lacks fails (the check can fail)", async () => {
    const stage = async (name: string) => JSON.parse(await readFile(run.path("export", "trl", name, "grpo_config.json"), "utf8")) as Record<string, unknown>;
    const stage1 = await stage("stage1");
    const built = await python("trl_config.py", [], JSON.stringify({ configs: { stage1, stage2: await stage("stage2"), old: { ...stage1, max_prompt_length: 1024 } } }));
    // 6 prompts × 16 generations a step; TRL's default per-device batch (8) on one process: 12 steps per generation.
    expect(built.stage1).toMatchObject({ error: null, output_dir: run.path("train", "stage1", "trl"), num_generations: 16, generation_batch_size: 96, steps_per_generation: 12, max_completion_length: 16384, max_steps: 500, shuffle_dataset: false });
    expect(built.stage2).toMatchObject({ error: null, max_completion_length: 24576, mask_truncated_completions: true, max_steps: -1 });
    expect((built.old as { error: string }).error).toContain("unexpected keyword argument 'max_prompt_length'");
  }, 30_000);

  it("TRL: stage 2's train_trl.py starts from the model stage 1's script saves in its output_dir", async () => {
    const script = (name: string) => readFile(run.path("export", "trl", name, "train_trl.py"), "utf8");
    expect(await script("stage1")).toContain('else "Qwen/Qwen2.5-7B"');
    expect(await script("stage1")).toContain("trainer.save_model()");
    expect(await script("stage2")).toContain(`else ${JSON.stringify(run.path("train", "stage1", "trl"))}`);
  });

  it("OpenRLHF: its own parser takes args.txt, its PromptDataset reads every row with the row's datasource, and stage 2 starts from the model stage 1 saves", async () => {
    const rows = (await readFile(run.path("export", "openrlhf", "stage1", "train.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { domain: string; label: string });
    const [args1, args2] = ["stage1", "stage2"].map((stage) => run.path("export", "openrlhf", stage, "args.txt"));
    const parsed = (await python("openrlhf_args.py", [args1, args2])) as Record<string, Record<string, unknown>>;
    expect(parsed[args1]).toMatchObject({
      remote_url: [run.path("export", "openrlhf", "stage1", "reward_func.py")],
      model: "Qwen/Qwen2.5-7B",
      output_dir: run.path("train", "stage1", "openrlhf", "model"),
      ckpt_path: run.path("train", "stage1", "openrlhf", "checkpoints"),
      estimator: "group_norm",
      n_samples: 16,
      max_new_tokens: 16384,
      datasources: rows.map((r) => r.domain),
      labels: rows.map((r) => r.label),
    });
    expect(new Set(parsed[args1].datasources as string[])).toEqual(new Set(["math", "code"]));
    // OpenRLHF saves the trained actor (Hugging Face form) in --ckpt.output_dir when a stage ends.
    expect(parsed[args2]).toMatchObject({ model: parsed[args1].output_dir, output_dir: run.path("train", "stage2", "openrlhf", "model"), max_new_tokens: 24576 });
  }, 30_000);
});
