import { homedir } from "node:os";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { difficultyTable, samplingDecisionsTable, stagedTable, type DifficultyRow, type SamplingDecisionRow, type StagedRow } from "../../../schemas/index.js";
import { openDuckDB, queryRows, sqlString } from "../../../src/core/duckdb.js";
import { recordStep } from "../../../src/core/manifest.js";
import { replaceTable, writeParquetPart } from "../../../src/core/table-store.js";
import type { PipelineDefinition } from "../../../src/engines/config/pipeline-definition.js";
import { buildPublishFolder } from "../../../src/steps/publish/build-publish-folder.js";
import { makeTempDir } from "../../temp-dirs.js";
import { MODELS, PIPELINE, makeRun, problem } from "./make-run.js";

/** A policy of one's own: levels whose names sort the other way round from their order. */
const CUSTOM: PipelineDefinition = {
  ...PIPELINE,
  name: "custom",
  sampling: { samples: 4, mode: "adaptive", params: { temperature: 0.6 } },
  policy: {
    name: "my-policy",
    description: "Two rungs.",
    roles: { small: MODELS[0], big: MODELS[1] },
    drop: [{ name: "big never", when: { model: "big", eq: 0 } }],
    levels: [
      { name: "warmup", rules: [{ name: "small sometimes", when: { model: "small", in: "(0,1)" } }] },
      { name: "hard", rules: [{ name: "big sometimes", when: { model: "big", in: "(0,1)" } }] },
    ],
  },
};

const record = (details?: Record<string, unknown>, counts: Record<string, number> = {}) => ({
  config_hash: "abc", status: "done" as const, versions: { rungs: "0.1.0" }, counts, started_at: "2026-01-01T00:00:00Z", finished_at: "2026-01-01T00:00:01Z", seconds: 1, details,
});

/**
 * An adaptive run under the custom policy: odd problems were decided after 2 of 4 samples, even ones
 * drawn in full; curation removed exact duplicates only; step records name local paths.
 */
async function adaptiveRun() {
  const { run, pipelinePath } = await makeRun({ problems: 12 });
  const rows = Array.from({ length: 12 }, (_, i) => problem(i));
  const difficulty: DifficultyRow[] = rows.flatMap((p, i) =>
    MODELS.map((model, m) => {
      const samples = i % 2 ? 2 : 4;
      const passes = (i + m) % (samples + 1);
      return { problem_id: p.id, model, domain: p.domain, samples, passes, pass_rate: passes / samples, mean_score: passes / samples, truncation_rate: 0, mean_completion_tokens: 100, total_completion_tokens: 100 * samples, origin: "rollouts" as const };
    }),
  );
  await replaceTable(run, difficultyTable, difficulty);
  const decisions: SamplingDecisionRow[] = difficulty.map((d) => ({
    problem_id: d.problem_id, model: d.model, target_samples: 4, samples: d.samples, passes: d.passes, completion_tokens: d.total_completion_tokens!, requests: d.samples / 2, request_size: 2,
    status: d.samples === 4 ? "exact" : "decided", fact: d.passes === 0 ? "0" : d.passes === d.samples ? "1" : "(0,1)", outcome: "warmup", policy: "my-policy@x", exactness: "levels",
    problem_status: "staged", labels: [{ level: "warmup", rule: "small sometimes" }], label_error: 0,
  }));
  await writeParquetPart(run.tableDir("sampling_decisions"), samplingDecisionsTable, decisions);
  const staged: StagedRow[] = difficulty
    .filter((d) => d.pass_rate > 0 && d.pass_rate < 1)
    .map((d) => ({ problem_id: d.problem_id, level: d.model === MODELS[0] ? "warmup" : "hard", domain: d.domain, rule: d.model === MODELS[0] ? "small sometimes" : "big sometimes", policy: "my-policy" }));
  await replaceTable(run, stagedTable, staged);
  await recordStep(run, "curate", record({ options: { nearDedup: false, decontaminate: [] }, eval_problems: {} }, { kept: 12, duplicate: 1, near_duplicate: 0, contaminated: 0 }), pipelinePath);
  await recordStep(run, "stage", record({ shards: { warmup: [run.path("shards", "warmup", "train-00000-of-00001.parquet")] }, note: `written in ${process.cwd()} by ${homedir()}` }, { staged: staged.length }), pipelinePath);
  return { run, pipelinePath, decisions };
}

async function publish(run: Awaited<ReturnType<typeof makeRun>>["run"], pipeline: PipelineDefinition, pipelinePath: string) {
  const out = join(await makeTempDir("rungs-card-"), "publish");
  const folder = await buildPublishFolder({ run, out, repo: "you/card", pipeline, pipelinePath });
  return { folder, card: await readFile(join(out, "README.md"), "utf8"), out };
}

describe("dataset card statements", () => {
  it("an adaptive run with its own policy: samples behind the rows, exact vs decided as a config, only the curation that ran, no local paths", async () => {
    const { run, pipelinePath, decisions } = await adaptiveRun();
    const { folder, card, out } = await publish(run, CUSTOM, pipelinePath);

    // The policy's order, not the names': warmup is the first rung and the default config.
    expect(folder.configs.map((c) => c.config)).toEqual(["warmup", "hard", "difficulty", "sampling_decisions"]);
    const front = parse(card.split("---\n")[1]) as { configs: { config_name: string; default?: boolean }[] };
    expect(front.configs.find((c) => c.default)?.config_name).toBe("warmup");
    expect(card.indexOf("| warmup |")).toBeLessThan(card.indexOf("| hard |"));
    expect(card).toContain("(warmup → hard)");

    // What is measured and from how many samples, counted on the published decisions.
    const db = await openDuckDB();
    const published = `read_parquet(${sqlString(join(out, "sampling_decisions", "**", "*.parquet"))})`;
    const [counts] = await queryRows<{ exact: number; decided: number; rows: number }>(db, `SELECT count_if(status = 'exact')::INT AS exact, count_if(status = 'decided')::INT AS decided, count(*)::INT AS rows FROM ${published}`);
    db.closeSync();
    expect(counts.rows).toBe(decisions.length);
    expect(card).toContain("rows carry 2 to 4 samples");
    expect(card).toContain(`${counts.exact} are exact (all 4 drawn), ${counts.decided} decided`);
    expect(card).toContain("`passes / samples` over the samples drawn");
    expect(card).not.toMatch(/come from 4 samples per model/);
    expect(card).toContain("use only their category (0, in between, 1)");

    // Only what ran; and no claim the verifier does not make.
    expect(card).toContain("exact duplicates removed (1); no near-duplicate removal; no decontamination configured");
    expect(card).toContain("No decontamination ran");
    expect(card).not.toMatch(/decontaminated against|deduplication and decontamination/);
    expect(card).not.toMatch(/symbolic equivalence/);

    // Provenance names no path of this machine.
    const provenance = folder.files.filter((f) => f.path.startsWith("provenance/"));
    expect(provenance.length).toBe(2);
    for (const f of provenance) {
      const text = await readFile(join(out, f.path), "utf8");
      for (const local of [run.dir, process.cwd(), homedir()]) expect(text, f.path).not.toContain(local);
    }
    expect(await readFile(join(out, "provenance", "manifest.json"), "utf8")).toContain('"<run>/shards/warmup/train-00000-of-00001.parquet"');
  });

  it("a full run without a curation step: the samples every row has, no curation claimed, no decisions config", async () => {
    const { run, pipelinePath } = await makeRun({ problems: 12 });
    const { folder, card } = await publish(run, PIPELINE, pipelinePath);
    expect(folder.configs.map((c) => c.config)).toEqual(["L1", "L2", "difficulty"]);
    expect(card).toContain("- **Sampling**: 4 samples per (problem, model), mode `full`.");
    expect(card).toContain("Pass rates come from 4 samples per model");
    expect(card).toContain("normalised and validated at ingest; no curation step ran (no deduplication, no decontamination)");
    expect(card).not.toContain("sampling_decisions");
  });
});
