import { openDuckDB } from "../../../src/core/duckdb.js";
import { readTable } from "../../../src/core/table-store.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { startSimServer, type SimServer, type SimServerOptions } from "../../../src/engines/sim/sim-server.js";
import type { SimJudgeModel } from "../../../src/engines/sim/sim-judge.js";
import { resolveJudge, type ResolvedJudge } from "../../../src/engines/judge/resolve-judge.js";
import type { JudgeSpec } from "../../../src/engines/config/judge-spec.js";
import { judgeRollouts } from "../../../src/steps/grade/judge-rollouts.js";
import { gradeRun } from "../../../src/steps/grade/grade-difficulty.js";
import { difficultyTable } from "../../../schemas/difficulty.js";
import { judgeVerdictsTable } from "../../../schemas/judge-verdicts.js";
import { PAPER_ROLES } from "../../../src/engines/policy/builtin-policies.js";
import { makeRun, problem, rollout } from "./helpers.js";

export const JUDGE = "test/judge";

/**
 * A run the rule and a lenient judge disagree on: every paper model answers p1 once "12" (right) and once "12.0"
 * (stored as the rule rejecting it), and p2 with a wrong "6".
 */
export function disputedRun() {
  const problems = [problem("p1", "math", { answer: "12" }), problem("p2", "math", { answer: "5" })];
  const rollouts = Object.values(PAPER_ROLES).flatMap((model) => [
    rollout("p1", model, 0, 1, { extracted: "12" }),
    rollout("p1", model, 1, 0, { extracted: "12.0" }),
    rollout("p2", model, 0, 0, { extracted: "6" }),
  ]);
  return makeRun({ problems, rollouts });
}

/** A simulated judge on loopback that records what it is asked (gold, answer per request). */
export async function simJudge(
  judge: Omit<SimJudgeModel, "name"> = {},
  extra: Partial<SimServerOptions> = {},
): Promise<{ server: SimServer; asked: { gold: string; answer: string }[]; problems: string[] }> {
  const asked: { gold: string; answer: string }[] = [];
  const problems: string[] = [];
  const server = await startSimServer({
    problems: [],
    models: [],
    latency: 0,
    judges: [{ name: JUDGE, ...judge }],
    onRequest: (body) => {
      const text = (body.messages as { content: string }[]).map((m) => m.content).join("\n");
      const [problem, gold, answer] = ["problem", "gold", "answer"].map((tag) => new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text)?.[1]);
      if (problem !== undefined) problems.push(problem);
      if (gold !== undefined && answer !== undefined) asked.push({ gold, answer });
    },
    ...extra,
  });
  return { server, asked, problems };
}

export function judgeOf(server: SimServer, over: Partial<JudgeSpec> = {}): ResolvedJudge {
  return resolveJudge({ model: JUDGE, endpoints: [server.url], backoffMs: 0, cooldownMs: 0, sampleCorrect: 0, ...over });
}

export async function judgeRun(run: RunFolder, judge: ResolvedJudge) {
  const connection = await openDuckDB();
  try {
    return await judgeRollouts({ connection, run, judge });
  } finally {
    connection.closeSync();
  }
}

export async function gradeWith(run: RunFolder, judge?: ResolvedJudge) {
  const connection = await openDuckDB();
  try {
    const result = await gradeRun({ connection, run, judge });
    return { result, rows: await readTable(run.tableDir("difficulty"), difficultyTable, "ORDER BY problem_id, model") };
  } finally {
    connection.closeSync();
  }
}

export const verdictsOf = (run: RunFolder) => readTable(run.tableDir("judge_verdicts"), judgeVerdictsTable, "ORDER BY problem_id, model, sample_index, created_at");
