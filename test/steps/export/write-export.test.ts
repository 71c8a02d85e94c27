import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { openDuckDB, queryRows, sqlString } from "../../../src/core/duckdb.js";
import { writeExport } from "../../../src/steps/export/write-export.js";
import type { CurriculumSpec } from "../../../src/engines/config/curriculum-spec.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { seedRun, tempRun } from "./helpers.js";
import { readTable } from "../../../src/core/table-store.js";
import { problemsTable } from "../../../schemas/index.js";

const FIXTURES = resolve(import.meta.dirname, "../../fixtures/exports");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** The types verl's loaders read: list<struct{role, content}> prompts, struct reward_model and extra_info. */
const VERL_TYPES = {
  data_source: "VARCHAR",
  prompt: 'STRUCT("role" VARCHAR, "content" VARCHAR)[]',
  ability: "VARCHAR",
  reward_model: "STRUCT(style VARCHAR, ground_truth VARCHAR)",
  extra_info: 'STRUCT(split VARCHAR, "domain" VARCHAR, "index" BIGINT, "level" VARCHAR, problem_id VARCHAR, "source" VARCHAR, source_id VARCHAR, pass_rates STRUCT(model VARCHAR, pass_rate DOUBLE)[])',
};

const small: CurriculumSpec = {
  batchSize: 6,
  mix: { math: 2, code: 1 },
  openrlhf: { promptKey: "context_messages", labelKey: "answer" },
  stages: [
    { name: "stage1", levels: ["L2"], maxResponseLength: 16384, stop: { description: "until the score plateaus", plateau: { window: 3, minGain: 0.005 } } },
    { name: "stage2", levels: { math: ["L3"], code: ["L3"] }, maxResponseLength: 24576, training: { entropyCoeff: 0, excludeTruncated: true }, stop: { description: "200 steps", maxSteps: 200 } },
  ],
};

async function describeFile(path: string): Promise<Record<string, string>> {
  const db = await openDuckDB();
  const rows = await queryRows<{ column_name: string; column_type: string }>(db, `DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
  return Object.fromEntries(rows.map((r) => [r.column_name, r.column_type]));
}

async function golden(name: string, actual: unknown): Promise<void> {
  const path = join(FIXTURES, name);
  if (UPDATE) await writeFile(path, `${JSON.stringify(actual, null, 1)}\n`);
  expect(actual).toEqual(JSON.parse(await readFile(path, "utf8")));
}

async function exported(spec: CurriculumSpec = small): Promise<RunFolder> {
  const run = await tempRun();
  await seedRun(run, { math: 8, code: 4, levels: ["L2", "L3"], codeFormat: "functional" });
  await writeExport({ run, curriculum: spec, pipelineName: "test" });
  return run;
}

describe("writeExport", () => {
  it("writes verl Parquet with exactly the nested types verl reads, pinned by a golden fixture", async () => {
    const run = await exported();
    const train = run.path("export", "verl", "stage1", "train.parquet");
    expect(await describeFile(train)).toEqual(VERL_TYPES);
    const rows = await queryRows(await openDuckDB(), `SELECT * FROM read_parquet(${sqlString(train)})`);
    expect(rows).toHaveLength(12);
    await golden("verl-stage1.json", rows);
    const code = rows.find((r) => (r as { ability: string }).ability === "code") as { data_source: string; reward_model: { ground_truth: string } };
    expect(code.data_source).toBe("codecontests");
    // rungs' reward (the default) grades with the canonical tests the problem was graded with.
    const problem = (await readTable(run.tableDir("problems"), problemsTable)).find((p) => p.id === (code as unknown as { extra_info: { problem_id: string } }).extra_info.problem_id)!;
    expect(code.reward_model.ground_truth).toBe(problem.tests);
  });

  it("writes the form verl's prime_code reads when the trainer's own scorer rewards", async () => {
    const run = await tempRun();
    await seedRun(run, { math: 8, code: 4, levels: ["L2", "L3"], codeFormat: "functional" });
    await writeExport({ run, curriculum: { ...small, reward: "trainer" }, pipelineName: "test" });
    const rows = await queryRows<{ ability: string; reward_model: { ground_truth: string } }>(await openDuckDB(), `SELECT * FROM read_parquet(${sqlString(run.path("export", "verl", "stage1", "train.parquet"))})`);
    const code = rows.find((r) => r.ability === "code")!;
    // prime_code's call-based form: one JSON argument per line, fn_name beside inputs and outputs.
    expect(JSON.parse(code.reward_model.ground_truth)).toMatchObject({ fn_name: "double", inputs: [expect.stringMatching(/^\d+\n"x"$/)] });
    const overrides = await readFile(run.path("export", "verl", "stage1", "overrides.txt"), "utf8");
    expect(overrides).not.toContain("custom_reward_function");
    expect(await readFile(run.path("export", "openrlhf", "stage1", "args.txt"), "utf8")).not.toContain("--reward.remote_url");
  });

  it("writes TRL Parquet and OpenRLHF JSONL with the configured keys, in the same training order", async () => {
    const run = await exported();
    const trl = run.path("export", "trl", "stage1", "train.parquet");
    expect(await describeFile(trl)).toEqual({ prompt: VERL_TYPES.prompt, solution: "VARCHAR", domain: "VARCHAR", level: "VARCHAR", problem_id: "VARCHAR", index: "BIGINT" });
    const trlRows = await queryRows<{ problem_id: string }>(await openDuckDB(), `SELECT * FROM read_parquet(${sqlString(trl)})`);
    await golden("trl-stage1.json", trlRows);
    const openrlhf = (await readFile(run.path("export", "openrlhf", "stage1", "train.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    await golden("openrlhf-stage1.json", openrlhf);
    expect(Object.keys(openrlhf[0])).toEqual(["context_messages", "answer", "datasource", "domain", "level", "problem_id", "index"]);
    expect(openrlhf.map((r) => r.problem_id)).toEqual(trlRows.map((r) => r.problem_id));
    const arrow = tableFromIPC(await readFile(run.path("export", "arrow", "stage1", "train.arrows")));
    expect(arrow.getChild("problem_id")!.toArray()).toEqual(trlRows.map((r) => r.problem_id));
    expect(String(arrow.schema.fields.find((f) => f.name === "prompt")!.type)).toBe("List<Struct<{role:Utf8, content:Utf8}>>");
  });

  it("writes curriculum.json and verl overrides per stage with the stage's settings", async () => {
    const run = await exported();
    const doc = JSON.parse(await readFile(run.path("export", "curriculum.json"), "utf8"));
    expect(doc.stages.map((s: { name: string; rows: number; batches: number }) => [s.name, s.rows, s.batches])).toEqual([["stage1", 12, 2], ["stage2", 12, 2]]);
    const overrides = (await readFile(run.path("export", "verl", "stage2", "overrides.txt"), "utf8")).trim().split("\n");
    expect(overrides).toEqual(expect.arrayContaining([
      `data.train_files=['${run.path("export", "verl", "stage2", "train.parquet")}']`,
      "data.max_response_length=24576",
      "data.shuffle=False",
      "actor_rollout_ref.rollout.n=16",
      "actor_rollout_ref.actor.kl_loss_coef=0.001",
      "actor_rollout_ref.actor.entropy_coeff=0",
      "actor_rollout_ref.actor.optim.lr=0.000001",
      "data.train_batch_size=6",
      "actor_rollout_ref.model.path={previousModel}",
      "trainer.total_training_steps=200",
    ]));
    expect(JSON.parse(await readFile(run.path("export", "trl", "stage2", "grpo_config.json"), "utf8"))).toMatchObject({ num_generations: 16, max_completion_length: 24576, beta: 0.001, mask_truncated_completions: true });
  });

  it("rejects a stage naming a level no row has, before writing anything", async () => {
    const run = await tempRun();
    await seedRun(run, { math: 6, code: 3, levels: ["L2"] });
    const spec = { ...small, stages: [{ ...small.stages[0], levels: ["L4"] }] };
    await expect(writeExport({ run, curriculum: spec })).rejects.toThrow(
      'export: curriculum.stages[0].levels: stage "stage1" names level L4 for math, but no staged math row has it (levels present: L2)',
    );
    expect(existsSync(run.path("export"))).toBe(false);
  });

  it("rejects a math template without the answer slot", async () => {
    const run = await tempRun();
    await seedRun(run, { math: 6, code: 3 });
    await expect(writeExport({ run, curriculum: small, templates: { math: { user: "{prompt}" } } })).rejects.toThrow(/templates\.math: a math template must ask for the final answer in \\boxed\{\}/);
  });

  it("keeps the previous export when a new one fails, and shortens with left-out.jsonl when asked", async () => {
    const run = await exported();
    const before = await readFile(run.path("export", "curriculum.json"), "utf8");
    const tooMuchMath = { ...small, mix: { math: 5, code: 1 } };
    await expect(writeExport({ run, curriculum: tooMuchMath })).rejects.toThrow(/8 math and 4 code rows fill 1 full batch of 6 at math:code 5:1/);
    expect(await readFile(run.path("export", "curriculum.json"), "utf8")).toBe(before);
    const result = await writeExport({ run, curriculum: { ...small, mix: { math: 5, code: 1, onShortfall: "shorten" } } });
    expect(result.stages[0]).toMatchObject({ rows: 6, leftOut: 6 });
    expect((await readFile(run.path("export", "left-out", "stage1.jsonl"), "utf8")).trim().split("\n")).toHaveLength(6);
  });
});

describe("verl settings", () => {
  it("refuses a batch × n that the GPUs do not divide, naming the stage and the settings", async () => {
    const run = await tempRun();
    await seedRun(run, { math: 8, code: 4, levels: ["L2", "L3"] });
    const spec: CurriculumSpec = { ...small, verl: { nGpusPerNode: 7 } };
    await expect(writeExport({ run, curriculum: spec, pipelineName: "test" })).rejects.toThrow(
      'export: stage "stage1": verl needs batch size × n (6 × 16 = 96) divisible by the GPUs (curriculum.verl.nGpusPerNode × nnodes = 7)',
    );
  });
});
