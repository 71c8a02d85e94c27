import { readFileSync } from "node:fs";
import { join } from "node:path";
import { problemsTable, rolloutsTable, type Problem, type Rollout } from "../../../schemas/index.js";
import { problemId } from "../../../src/core/problem-id.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { readTable, replaceTable } from "../../../src/core/table-store.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { makeTempDir } from "../../temp-dirs.js";
import { runResolved } from "../../steps/run-resolved.js";

const root = join(import.meta.dirname, "..", "..", "..");

/** Problems from the bundled sample (data/sample), every `every`-th line, so all difficulties and test formats appear. */
export function sampleProblems({ math = 12, code = 6 } = {}): Problem[] {
  const lines = (file: string) => readFileSync(join(root, "data", "sample", file), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const pick = <T>(rows: T[], n: number) => rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / n)) === 0).slice(0, n);
  const toProblem = (row: Record<string, unknown>): Problem => {
    const domain = row.domain as Problem["domain"];
    const prompt = row.prompt as string;
    return {
      id: problemId(domain, prompt),
      source: `sample-${domain}`,
      source_id: row.source_id as string,
      domain,
      prompt,
      answer: domain === "math" ? (row.answer as string) : null,
      tests: domain === "code" ? JSON.stringify(row.tests) : null,
      // The simulator answers code problems correctly from their reference solution.
      solution: domain === "code" ? (row.solution as string) : null,
      meta: JSON.stringify(row.meta ?? {}),
    };
  };
  return [...pick(lines("math.jsonl"), math), ...pick(lines("code.jsonl"), code)].map(toProblem);
}

/** A demo-like run: sample problems, two simulated models of different skill, rollouts graded by rungs. */
export async function sampledRun(problems: Problem[], samples = 2): Promise<{ run: RunFolder; rollouts: Rollout[] }> {
  const run = await new RunFolder(await makeTempDir("rungs-reward-")).ensure();
  await replaceTable(run, problemsTable, problems);
  const server = await startSimServer({ problems, models: [{ name: "weak", skill: 3.5, meanTokens: 300 }, { name: "strong", skill: 8, meanTokens: 300 }], latency: 0 });
  try {
    const pipeline = { name: "parity", sources: [], models: [{ id: "weak", endpoints: [server.url] }, { id: "strong", endpoints: [server.url] }], sampling: { samples, params: { max_tokens: 4096 } } };
    await runResolved(sampleStep, { run, pipeline, progress: () => {} });
  } finally {
    await server.close();
  }
  return { run, rollouts: await readTable(run.tableDir(rolloutsTable.name), rolloutsTable, "ORDER BY model, problem_id, sample_index") };
}
