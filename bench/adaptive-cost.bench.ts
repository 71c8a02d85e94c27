/**
 * Adaptive vs full sampling on the simulated server (fixed capacity), paper policy, four models:
 * completion tokens and requests per model (server-side counts), wall time, and whether the staged
 * labels are identical. Then a server-free simulation of the same decisions at paper scale (n = 16).
 * Population: most problems easy for R1, a spread for the small models.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { problemsTable, type Problem } from "../schemas/problems.js";
import { stagedTable } from "../schemas/staged.js";
import { adaptivePlan } from "../src/adaptive/adaptive-plan.js";
import type { SavingsSummary } from "../src/adaptive/adaptive-savings.js";
import { AdaptiveState } from "../src/adaptive/adaptive-state.js";
import { simulateAdaptive } from "../src/adaptive/simulate-adaptive.js";
import { hashUnit } from "../src/core/hash.js";
import { RunFolder } from "../src/core/run-folder.js";
import { readTable, replaceTable } from "../src/core/table-store.js";
import { gradeStep } from "../src/grade/grade-step.js";
import type { ModelSampleStats } from "../src/sample/sample-progress.js";
import { sampleStep } from "../src/sample/sample-step.js";
import { solveProbability } from "../src/sim/sim-completion.js";
import { startSimServer } from "../src/sim/sim-server.js";
import { compilePolicy } from "../src/stage/compile-policy.js";
import { stageStep } from "../src/stage/stage-step.js";
import { mathProblems } from "../test/sample/helpers.js";

const MODELS = [
  { role: "1.5b", id: "sim-1.5b", skill: 3.5, meanTokens: 450 },
  { role: "7b", id: "sim-7b", skill: 5.5, meanTokens: 400 },
  { role: "32b", id: "sim-32b", skill: 7.5, meanTokens: 350 },
  { role: "r1", id: "sim-r1", skill: 9.5, meanTokens: 300 },
];
const ROLES = Object.fromEntries(MODELS.map((m) => [m.role, m.id]));

/** Latent difficulty skewed to easy (1..10): most problems are easy for R1, spread for the small models. */
function difficulty(id: string): number {
  return 1 + 9 * hashUnit(`bench-difficulty:${id}`) ** 1.6;
}

function population(count: number): Problem[] {
  return mathProblems(count).map((p) => ({ ...p, meta: JSON.stringify({ difficulty: difficulty(p.id) }) }));
}

async function runMode(problems: Problem[], mode: "full" | "adaptive", samples: number) {
  const dir = await mkdtemp(join(tmpdir(), `rungs-bench-adaptive-${mode}-`));
  const capacity = 24;
  const server = await startSimServer({ problems, models: MODELS.map((m) => ({ name: m.id, skill: m.skill, meanTokens: m.meanTokens })), latency: { ttftMs: 40, tokensPerSecond: 1000, capacity } });
  try {
    const run = await new RunFolder(dir).ensure();
    await replaceTable(run, problemsTable, problems);
    const ctx = {
      run,
      pipeline: {
        name: "bench",
        sources: [],
        models: MODELS.map((m) => ({ id: m.id, endpoints: [server.url], concurrency: 16 })),
        sampling: { samples, requestSize: 4, mode, params: { max_tokens: 8192 } },
        policy: { preset: "am-2504.00829", roles: ROLES },
      },
      progress: () => {},
      overrides: {},
    };
    const started = performance.now();
    const result = await sampleStep.run(ctx);
    const seconds = (performance.now() - started) / 1000;
    const stats = server.stats();
    await gradeStep.run(ctx);
    await stageStep.run(ctx);
    const staged = (await readTable(run.tableDir(stagedTable.name), stagedTable)).map((r) => `${r.problem_id} ${r.level} ${r.rule}`).sort();
    const models = result.details?.models as Record<string, ModelSampleStats>;
    return { seconds, stats, staged, models, savings: result.details?.savings as SavingsSummary | undefined, idealSeconds: stats.busyMs / capacity / 1000 };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const problems = population(80);
  // The paper's n: with requests of 4, a model sampled at all costs at least 4 of 16.
  const samples = 16;
  const full = await runMode(problems, "full", samples);
  const adaptive = await runMode(problems, "adaptive", samples);
  const out: string[] = [];
  out.push(`population: ${problems.length} math problems, difficulty 1 + 9·u^1.6; skills ${MODELS.map((m) => `${m.role} ${m.skill}`).join(", ")}; n = ${samples}, requestSize 4`);
  out.push(`server: capacity 24 sequences, ttft 40 ms, 1000 tok/s per sequence (one sim server for all four models)`);
  out.push(`model        full tokens  adaptive tokens  share   full req  adaptive req  share`);
  for (const m of MODELS) {
    const f = full.models[m.id];
    const a = adaptive.models[m.id] ?? { completion_tokens: 0, requests: 0 };
    out.push(
      `${m.role.padEnd(10)} ${String(f.completion_tokens).padStart(12)} ${String(a.completion_tokens).padStart(16)} ${pct(a.completion_tokens / f.completion_tokens).padStart(6)} ${String(f.requests).padStart(10)} ${String(a.requests).padStart(13)} ${pct(a.requests / f.requests).padStart(6)}`,
    );
  }
  out.push(
    `server totals: tokens ${full.stats.tokens} → ${adaptive.stats.tokens} (${pct(adaptive.stats.tokens / full.stats.tokens)}), requests ${full.stats.completions} → ${adaptive.stats.completions} (${pct(adaptive.stats.completions / full.stats.completions)})`,
  );
  out.push(
    `wall time: full ${full.seconds.toFixed(1)} s (ideal ${full.idealSeconds.toFixed(1)} s) · adaptive ${adaptive.seconds.toFixed(1)} s (ideal ${adaptive.idealSeconds.toFixed(1)} s) · ratio ${(adaptive.seconds / full.seconds).toFixed(3)}`,
  );
  out.push(`adaptive's own estimate of full tokens: ${adaptive.savings?.total.completion_tokens_full_estimate} (measured full: ${full.stats.tokens})`);
  out.push(`staged labels identical: ${JSON.stringify(full.staged) === JSON.stringify(adaptive.staged) ? "yes" : "NO"} (${full.staged.length} staged rows)`);
  out.push("", ...paperScale());
  process.stdout.write(`${out.join("\n")}\n`);
}

/** The same decisions without a server, at the paper's n = 16 over 20,000 problems: samples drawn per model. */
function paperScale(): string[] {
  const n = 16;
  const problems = Array.from({ length: 20_000 }, (_, i) => ({ id: `p${i}`, domain: (i % 3 === 0 ? "code" : "math") as "math" | "code" }));
  const plan = adaptivePlan(compilePolicy({ preset: "am-2504.00829", roles: ROLES }), MODELS.map((m) => m.id));
  const state = new AdaptiveState(plan, problems, n, 4);
  const skill = Object.fromEntries(MODELS.map((m) => [m.id, m.skill]));
  const result = simulateAdaptive(state, (chunk) => {
    const last = chunk.indices[chunk.indices.length - 1];
    const d = difficulty(chunk.problemId);
    return Array.from({ length: last - chunk.start + 1 }, (_, j) => {
      const i = chunk.start + j;
      const correct = hashUnit(`${chunk.problemId}|${chunk.model}|${i}`) < solveProbability(skill[chunk.model], d);
      return { sample_index: i, score: correct ? 1 : 0, finish_reason: "stop", completion_tokens: null };
    });
  });
  const lines = [`paper scale (no server): 20,000 problems, n = 16, requestSize 4, ${result.rounds} rounds`];
  let drawn = 0;
  for (const m of MODELS) {
    drawn += result.samples[m.id] ?? 0;
    lines.push(`  ${m.role}: ${result.samples[m.id] ?? 0} of ${problems.length * n} samples (${pct((result.samples[m.id] ?? 0) / (problems.length * n))}), ${result.requests[m.id] ?? 0} of ${problems.length * (n / 4)} requests`);
  }
  lines.push(`  total: ${pct(drawn / (problems.length * n * MODELS.length))} of full sampling's samples`);
  return lines;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
