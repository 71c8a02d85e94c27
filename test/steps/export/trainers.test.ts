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

  it("TRL: grpo_config.json holds only GRPOConfig fields (max_prompt_length is not one any more)", async () => {
    const config = await readFile(run.path("export", "trl", "stage1", "grpo_config.json"), "utf8");
    expect(await python("trl_config.py", [], config)).toMatchObject({ unknown: [], has_max_prompt_length: false });
    expect(await readFile(run.path("export", "trl", "stage1", "train_trl.py"), "utf8")).toContain("reward_funcs=[reward]");
  }, 30_000);

  it("OpenRLHF: its own parser takes args.txt and its PromptDataset reads every row with the row's datasource", async () => {
    const rows = (await readFile(run.path("export", "openrlhf", "stage1", "train.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { domain: string; label: string });
    const parsed = await python("openrlhf_args.py", [run.path("export", "openrlhf", "stage1", "args.txt")]);
    expect(parsed).toMatchObject({
      remote_url: [run.path("export", "openrlhf", "stage1", "reward_func.py")],
      model: "Qwen/Qwen2.5-7B",
      estimator: "group_norm",
      n_samples: 16,
      max_new_tokens: 16384,
      datasources: rows.map((r) => r.domain),
      labels: rows.map((r) => r.label),
    });
    expect(new Set(parsed.datasources as string[])).toEqual(new Set(["math", "code"]));
  }, 30_000);
});
