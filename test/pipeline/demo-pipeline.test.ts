/**
 * The demo pipeline end to end on a slice of the bundled sample, with simulated models: every step runs,
 * the stage sizes are exactly what the paper's rules give on the sampled pass rates, the exports hold the
 * staged problems, and reruns redo only what changed.
 */
import { describe, expect, it, beforeAll } from "vitest";
import demo from "../../pipelines/demo.js";
import { RunFolder } from "../../src/core/run-folder.js";
import type { StepContext } from "../../src/steps/step.js";
import type { PipelineDefinition } from "../../src/engines/config/pipeline-definition.js";
import { runPipeline, type PipelineStepOutcome } from "../../src/pipeline/run-pipeline.js";
import { openDuckDB, queryRows, sqlString } from "../../src/core/duckdb.js";
import { makeTempDir } from "../temp-dirs.js";
import { dataFileSnapshot as snapshot } from "./data-files.js";

const R1 = "deepseek-ai/DeepSeek-R1";
const Q = (size: string) => `deepseek-ai/DeepSeek-R1-Distill-Qwen-${size}`;

/** The demo's shape on a slice: fewer problems and samples, full sampling so pass rates are exact. */
function slice(extra: Partial<PipelineDefinition> = {}): PipelineDefinition {
  return {
    ...demo,
    sources: [
      { ...demo.sources[0], limit: 60 },
      { ...demo.sources[1], limit: 24 },
    ],
    sampling: { ...demo.sampling, samples: 4, mode: "full" },
    curriculum: { ...demo.curriculum!, batchSize: 6 },
    ...extra,
  };
}

async function run(runDir: string, pipeline: PipelineDefinition): Promise<Record<string, PipelineStepOutcome>> {
  const ctx: StepContext = { run: await new RunFolder(runDir).ensure(), pipeline, progress: () => {} };
  const outcomes = await runPipeline(ctx);
  return Object.fromEntries(outcomes.map((o) => [o.step, o]));
}


function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

/** The paper's rules written out plainly, as an independent check of the stage step. */
function paperLevels(rates: Record<string, number>, domain: string, keepDraw: boolean): string[] {
  const open = (p: number) => p > 0 && p < 1;
  if (rates[R1] === 0) return [];
  const levels: string[] = [];
  const small = rates[Q("1.5B")];
  const mid = rates[Q("7B")];
  if (open(small)) levels.push("L1");
  if ((small === 0 && mid === 1) || (small === 0 && open(mid)) || (open(small) && open(mid))) levels.push("L2");
  if (rates[Q("32B")] === 0 || keepDraw) levels.push("L3");
  return levels;
}

describe("the demo pipeline end to end", () => {
  let dir: string;
  let first: Record<string, PipelineStepOutcome>;

  beforeAll(async () => {
    dir = await makeTempDir("rungs-demo-");
    first = await run(dir, slice());
  }, 240_000);

  it("runs every step", () => {
    expect(Object.values(first).map((o) => `${o.step}:${o.status}`)).toEqual(
      ["ingest", "curate", "sample", "grade", "stage", "stats", "export", "publish", "report"].map((s) => `${s}:done`),
    );
    expect(first.sample.result?.counts.rollouts_stored).toBe((first.curate.result?.counts.kept ?? 0) * 4 * 4);
  });

  it("stages exactly what the paper's rules give on the sampled pass rates", async () => {
    const db = await openDuckDB();
    const difficulty = await queryRows<{ problem_id: string; model: string; domain: string; pass_rate: number }>(
      db,
      `SELECT problem_id, model, domain, pass_rate FROM read_parquet(${sqlString(`${dir}/difficulty/**/*.parquet`)})`,
    );
    const staged = await queryRows<{ problem_id: string; level: string }>(db, `SELECT problem_id, level FROM read_parquet(${sqlString(`${dir}/staged/**/*.parquet`)}) ORDER BY ALL`);
    const byProblem = new Map<string, { domain: string; rates: Record<string, number> }>();
    for (const d of difficulty) {
      const entry = byProblem.get(d.problem_id) ?? { domain: d.domain, rates: {} };
      entry.rates[d.model] = d.pass_rate;
      byProblem.set(d.problem_id, entry);
    }
    // L3's retention draw depends only on the problem id: take the stage step's draw for problems the 32B solves,
    // and check everything else independently.
    const inL3 = new Set(staged.filter((s) => s.level === "L3").map((s) => s.problem_id));
    const expected: { problem_id: string; level: string }[] = [];
    for (const [id, { domain, rates }] of byProblem) {
      for (const level of paperLevels(rates, domain, inL3.has(id))) expected.push({ problem_id: id, level });
    }
    expected.sort((a, b) => (a.problem_id + a.level < b.problem_id + b.level ? -1 : 1));
    expect(staged).toEqual(expected);
    // Only problems the 32B solves can be subsampled, and never the code ones beyond 10% in expectation.
    for (const id of inL3) expect(byProblem.get(id)!.rates[R1]).toBeGreaterThan(0);
    expect(new Set(staged.map((s) => s.level))).toEqual(new Set(["L1", "L2", "L3"]));
    db.closeSync();
  });

  it("exports each curriculum stage from its levels, every prompt once", async () => {
    const db = await openDuckDB();
    for (const [stage, level] of [["stage1", "L2"], ["stage2", "L3"]]) {
      const exported = await queryRows<{ id: string; level: string; ability: string }>(
        db,
        `SELECT extra_info.problem_id AS id, extra_info.level AS level, ability FROM read_parquet(${sqlString(`${dir}/export/verl/${stage}/train.parquet`)})`,
      );
      const levelIds = new Set((await queryRows<{ problem_id: string }>(db, `SELECT problem_id FROM read_parquet(${sqlString(`${dir}/staged/**/*.parquet`)}) WHERE level = '${level}'`)).map((r) => r.problem_id));
      expect(exported.length).toBeGreaterThan(0);
      expect(new Set(exported.map((e) => e.id)).size).toBe(exported.length);
      for (const e of exported) expect(levelIds.has(e.id), `${e.id} exported in ${stage} but not in ${level}`).toBe(true);
      expect(new Set(exported.map((e) => e.ability))).toEqual(new Set(["math", "code"]));
    }
    db.closeSync();
  });

  it("a second run samples nothing and rewrites no data file", async () => {
    const before = await snapshot(dir);
    const second = await run(dir, slice());
    expect(second.sample.result?.counts.rollouts_new).toBe(0);
    expect(changed(before, await snapshot(dir))).toEqual([]);
  }, 120_000);

  it("a new policy re-stages and re-exports without sampling again", async () => {
    const before = await snapshot(dir);
    const policy = { preset: "am-2504.00829", seed: "another-draw" };
    const third = await run(dir, slice({ policy }));
    expect(third.sample.result?.counts.rollouts_new).toBe(0);
    expect(third.grade.result?.skipped).toBe(true);
    expect(third.stage.result?.skipped).toBeUndefined();
    const touched = changed(before, await snapshot(dir));
    expect(touched.some((f) => f.startsWith("staged/"))).toBe(true);
    expect(touched.some((f) => f.startsWith("export/"))).toBe(true);
    expect(touched.filter((f) => /^(ingested|problems|rollouts|difficulty)\//.test(f))).toEqual([]);
  }, 120_000);

  it("adding a model samples only that model", async () => {
    const before = await snapshot(dir);
    const extra = { id: "extra/Simulated-3B", endpoints: ["sim://"], sim: { skill: 5 }, params: { max_tokens: 4096 } };
    const fourth = await run(dir, slice({ policy: { preset: "am-2504.00829", seed: "another-draw" }, models: [...(demo.models ?? []), extra] }));
    const touched = changed(before, await snapshot(dir)).filter((f) => f.startsWith("rollouts/"));
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.every((f) => f.startsWith("rollouts/model=extra%2FSimulated-3B/"))).toBe(true);
    expect(fourth.sample.result?.counts.rollouts_new).toBe((first.curate.result?.counts.kept ?? 0) * 4);
  }, 120_000);
});
