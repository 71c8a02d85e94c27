/**
 * Adaptive (exactness rules and levels, and levels with growing requests) vs full sampling on the simulated
 * server (fixed capacity; vLLM's contract, whose V1 engine samples choice j of a request with seed + j as llama.cpp
 * does, so growing requests draw the full run's samples, and whose token ids count every sample exactly), paper policy, four models, at request sizes 4, 2 and 1: completion tokens and requests (server-side counts),
 * wall time, and whether the staged labels match the full run of the same request size. Then a
 * server-free simulation of the same decisions at paper scale (n = 16).
 * Population: most problems easy for R1, a spread for the small models.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { problemsTable, type Problem } from "../schemas/problems.js";
import { rolloutsTable } from "../schemas/rollouts.js";
import { stagedTable } from "../schemas/staged.js";
import { adaptivePlan } from "../src/engines/adaptive/adaptive-plan.js";
import type { SavingsSummary } from "../src/engines/adaptive/adaptive-savings.js";
import { AdaptiveState } from "../src/engines/adaptive/adaptive-state.js";
import { simulateAdaptive } from "../src/engines/adaptive/simulate-adaptive.js";
import { hashUnit } from "../src/core/hash.js";
import { MODELS, ROLES, difficulty } from "./reference-population.js";
import { RunFolder } from "../src/core/run-folder.js";
import { readTable, replaceTable } from "../src/core/table-store.js";
import { gradeStep } from "../src/steps/grade/grade-step.js";
import type { ModelSampleStats } from "../src/steps/sample/sample-progress.js";
import { sampleStep } from "../src/steps/sample/sample-step.js";
import { solveProbability } from "../src/engines/sim/sim-completion.js";
import { startSimServer } from "../src/engines/sim/sim-server.js";
import { compilePolicy } from "../src/engines/policy/compile-policy.js";
import { stageStep } from "../src/steps/stage/stage-step.js";
import { mathProblems } from "../test/steps/sample/helpers.js";

function population(count: number): Problem[] {
  return mathProblems(count).map((p) => ({ ...p, meta: JSON.stringify({ difficulty: difficulty(p.id) }) }));
}

/** `grow`: exactness levels with growing requests. */
type Mode = "full" | "levels" | "rules" | "grow";
const TOKENS_PER_SECOND = 4000;
const CAPACITY = 24;

async function runMode(problems: Problem[], mode: Mode, samples: number, requestSize: number) {
  const dir = await mkdtemp(join(tmpdir(), `rungs-bench-adaptive-${mode}-`));
  const server = await startSimServer({
    problems,
    models: MODELS.map((m) => ({ name: m.id, skill: m.skill, meanTokens: m.meanTokens })),
    latency: { ttftMs: 40, tokensPerSecond: TOKENS_PER_SECOND, capacity: CAPACITY },
    profile: "vllm",
  });
  try {
    const run = await new RunFolder(dir).ensure();
    await replaceTable(run, problemsTable, problems);
    const ctx = {
      run,
      pipeline: {
        name: "bench",
        sources: [],
        models: MODELS.map((m) => ({ id: m.id, endpoints: [server.url], concurrency: 16 })),
        sampling: {
          samples,
          requestSize,
          mode: mode === "full" ? ("full" as const) : ("adaptive" as const),
          ...(mode === "full" ? {} : { adaptive: { exactness: mode === "grow" ? ("levels" as const) : mode, growRequests: mode === "grow" } }),
          params: { max_tokens: 8192 },
        },
        policy: { preset: "am-2504.00829", roles: ROLES },
      },
      progress: () => {},
    };
    const started = performance.now();
    const result = await sampleStep.run(ctx, sampleStep.resolve(ctx.pipeline, {}));
    const seconds = (performance.now() - started) / 1000;
    const stats = server.stats();
    await gradeStep.run(ctx, gradeStep.resolve(ctx.pipeline, {}));
    await stageStep.run(ctx, stageStep.resolve(ctx.pipeline, {}));
    const staged = (await readTable(run.tableDir(stagedTable.name), stagedTable)).map((r) => ({ key: `${r.problem_id} ${r.level}`, rule: r.rule }));
    staged.sort((a, b) => (a.key < b.key ? -1 : 1));
    const drawn = new Map((await readTable(run.tableDir(rolloutsTable.name), rolloutsTable)).map((r) => [`${r.model} ${r.problem_id} ${r.sample_index}`, r.completion_sha256]));
    const models = result.details?.models as Record<string, ModelSampleStats>;
    return { mode, seconds, stats, staged, drawn, models, savings: result.details?.savings as SavingsSummary | undefined, idealSeconds: stats.busyMs / CAPACITY / 1000 };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

type ModeResult = Awaited<ReturnType<typeof runMode>>;

/** Every sample the adaptive run drew is the full run's sample of the same index. */
function sameSamples(full: ModeResult, adaptive: ModeResult): boolean {
  return [...adaptive.drawn].every(([key, sha]) => full.drawn.get(key) === sha);
}

/** Levels equal full's (problem, level) rows; rules exact (rules mode) or a `one of:` list holding full's rule. */
function labelsCheck(full: ModeResult, adaptive: ModeResult): string {
  const same = JSON.stringify(full.staged.map((r) => r.key)) === JSON.stringify(adaptive.staged.map((r) => r.key));
  if (!same) return "LEVELS DIFFER";
  let exact = 0;
  let listed = 0;
  for (const [i, r] of adaptive.staged.entries()) {
    const truth = full.staged[i].rule;
    if (r.rule === truth) exact++;
    else if (r.rule.startsWith("one of: ") && r.rule.slice(8).split(" | ").includes(truth)) listed++;
    else return `RULE WRONG at ${r.key}`;
  }
  if (adaptive.mode === "rules" && listed > 0) return "RULES NOT EXACT";
  if (adaptive.mode === "grow" && !sameSamples(full, adaptive)) return "SAMPLES DIFFER";
  return `levels identical${adaptive.mode === "grow" ? ", samples = full's" : ""}; rules ${exact} exact${listed ? `, ${listed} listed as still possible` : ""}`;
}

export async function run(): Promise<void> {
  const problems = population(80);
  // The paper's n: with requests of r, a model sampled at all costs at least r of 16.
  const samples = 16;
  const out: string[] = [];
  out.push(`population: ${problems.length} math problems, difficulty 1 + 9·u^1.6; skills ${MODELS.map((m) => `${m.role} ${m.skill}`).join(", ")}; n = ${samples}`);
  out.push(`server: capacity ${CAPACITY} sequences, ttft 40 ms per sequence, ${TOKENS_PER_SECOND} tok/s per sequence (one sim server for all four models)`);
  for (const requestSize of [4, 2, 1]) {
    const full = await runMode(problems, "full", samples, requestSize);
    out.push("", `requestSize ${requestSize} (seeds differ between request sizes: each adaptive run is compared with the full run of its own size)`);
    out.push(`mode            tokens   share  requests   share  wall s  ratio  ${MODELS.map((m) => m.role.padStart(6)).join(" ")}  labels vs full`);
    out.push(row(full, full, "-"));
    for (const mode of requestSize > 1 ? (["rules", "levels", "grow"] as const) : (["rules", "levels"] as const)) {
      const adaptive = await runMode(problems, mode, samples, requestSize);
      out.push(row(full, adaptive, labelsCheck(full, adaptive)));
    }
    out.push(`  full staged rows: ${full.staged.length}; full wall ideal ${full.idealSeconds.toFixed(1)} s`);
  }
  out.push("", ...paperScale());
  process.stdout.write(`${out.join("\n")}\n`);
}

function row(full: ModeResult, r: ModeResult, labels: string): string {
  const perModel = MODELS.map((m) => pct((r.models[m.id]?.completion_tokens ?? 0) / full.models[m.id].completion_tokens).padStart(6)).join(" ");
  return `${(r.mode === "full" ? "full" : r.mode === "grow" ? "adaptive grow" : `adaptive ${r.mode}`).padEnd(15)} ${String(r.stats.tokens).padStart(8)} ${pct(r.stats.tokens / full.stats.tokens).padStart(7)} ${String(r.stats.completions).padStart(9)} ${pct(r.stats.completions / full.stats.completions).padStart(7)} ${r.seconds.toFixed(1).padStart(7)} ${(r.seconds / full.seconds).toFixed(2).padStart(6)}  ${perModel}  ${labels}`;
}

/** The same decisions without a server, at the paper's n = 16 over 20,000 problems (a third code): samples and requests drawn. */
function paperScale(): string[] {
  const n = 16;
  const count = 20_000;
  const problems = Array.from({ length: count }, (_, i) => ({ id: `p${i}`, domain: (i % 3 === 0 ? "code" : "math") as "math" | "code" }));
  const skill = Object.fromEntries(MODELS.map((m) => [m.id, m.skill]));
  const lines = [`paper scale (no server): ${count} problems (a third code), n = ${n}; share of full sampling's samples (≈ tokens) and requests`];
  lines.push(`requestSize exactness   rounds  ${MODELS.map((m) => m.role.padStart(6)).join(" ")}   samples  requests`);
  for (const requestSize of [4, 2, 1]) {
    for (const mode of requestSize > 1 ? (["rules", "levels", "grow"] as const) : (["rules", "levels"] as const)) {
      const exactness = mode === "grow" ? "levels" : mode;
      const plan = adaptivePlan(compilePolicy({ preset: "am-2504.00829", roles: ROLES }), MODELS.map((m) => m.id), exactness, undefined, mode === "grow");
      const state = new AdaptiveState(plan, problems, n, requestSize);
      const result = simulateAdaptive(state, (chunk) => {
        const last = chunk.indices[chunk.indices.length - 1];
        const d = difficulty(chunk.problemId);
        return Array.from({ length: last - chunk.from + 1 }, (_, j) => {
          const i = chunk.from + j;
          const correct = hashUnit(`${chunk.problemId}|${chunk.model}|${i}`) < solveProbability(skill[chunk.model], d);
          return { sample_index: i, score: correct ? 1 : 0, finish_reason: "stop", completion_tokens: null };
        });
      });
      const drawn = MODELS.reduce((a, m) => a + (result.samples[m.id] ?? 0), 0);
      const requests = MODELS.reduce((a, m) => a + (result.requests[m.id] ?? 0), 0);
      const perModel = MODELS.map((m) => pct((result.samples[m.id] ?? 0) / (count * n)).padStart(6)).join(" ");
      const fullRequests = count * MODELS.length * Math.ceil(n / requestSize);
      lines.push(`${String(requestSize).padStart(11)} ${(mode === "grow" ? "levels+grow" : mode).padEnd(11)} ${String(result.rounds).padStart(6)}  ${perModel}   ${pct(drawn / (count * n * MODELS.length)).padStart(7)}  ${pct(requests / fullRequests).padStart(8)}`);
    }
  }
  return lines;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
