import { rm } from "node:fs/promises";
import { problemsTable, type Problem } from "../../../schemas/problems.js";
import { rolloutsTable, type Rollout } from "../../../schemas/rollouts.js";
import { problemId } from "../../../src/core/problem-id.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { readTable, replaceTable } from "../../../src/core/table-store.js";
import type { StepContext } from "../../../src/steps/step.js";
import type { PipelineDefinition } from "../../../src/engines/config/pipeline-definition.js";
import { makeTempDir } from "../../temp-dirs.js";

/** `count` math problems with integer or fraction answers and spread difficulties. */
export function mathProblems(count: number, offset = 0): Problem[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const prompt = `Compute ${i} + ${i * 3} and report the sum (problem ${i}).`;
    const answer = i % 3 === 0 ? `\\frac{${i + 1}}{${(i % 4) + 2}}` : String(i * 4);
    return { id: problemId("math", prompt), source: "test", source_id: String(i), domain: "math", prompt, answer, tests: null, solution: null, meta: JSON.stringify({ difficulty: 1 + (i % 10) }) };
  });
}

export async function tempRun(problems: Problem[]): Promise<{ run: RunFolder; cleanup: () => Promise<void> }> {
  const dir = await makeTempDir("rungs-sample-");
  const run = await new RunFolder(dir).ensure();
  await replaceTable(run, problemsTable, problems);
  return { run, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function context(run: RunFolder, pipeline: Partial<PipelineDefinition>, extra: Partial<StepContext> = {}): StepContext {
  return { run, pipeline: { name: "t", sources: [], ...pipeline }, progress: () => {}, ...extra };
}

/** Stored rollouts without the fields that legitimately differ between runs (time, latency, endpoint). */
export async function storedRollouts(run: RunFolder): Promise<Omit<Rollout, "created_at" | "latency_ms" | "endpoint">[]> {
  const rows = await readTable(run.tableDir(rolloutsTable.name), rolloutsTable, "ORDER BY model, problem_id, sample_index");
  return rows.map(({ created_at: _c, latency_ms: _l, endpoint: _e, ...rest }) => rest);
}
