/**
 * Server-bound sampling: a simulated GPU server of known capacity (concurrent sequences, tokens/s per
 * sequence, time to first token). Ideal wall time = Σ sequence decode time / capacity; the figure is
 * ideal / achieved (goal ≥ 0.95): how well the client keeps the server's batch full.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { problemsTable } from "../schemas/problems.js";
import { RunFolder } from "../src/core/run-folder.js";
import { replaceTable } from "../src/core/table-store.js";
import { EndpointPool } from "../src/engines/llm-client/endpoint-pool.js";
import { planWork } from "../src/steps/sample/plan-work.js";
import { RolloutStore } from "../src/steps/sample/rollout-store.js";
import { SampleProgress } from "../src/steps/sample/sample-progress.js";
import { sampleUnits } from "../src/steps/sample/sample-units.js";
import { startSimServer } from "../src/engines/sim/sim-server.js";
import { createCompletionVerifier } from "../src/engines/verify/verify-completion.js";
import { mathProblems } from "../test/steps/sample/helpers.js";

export async function run(): Promise<void> {
  const capacity = 64;
  const latency = { ttftMs: 40, tokensPerSecond: 2000, capacity };
  const problems = mathProblems(Number(process.env.BENCH_PROBLEMS ?? 300));
  const dir = await mkdtemp(join(tmpdir(), "rungs-bench-"));
  const server = await startSimServer({ problems, models: [{ name: "m", skill: 5, meanTokens: 500 }], latency });
  try {
    const runFolder = await new RunFolder(dir).ensure();
    await replaceTable(runFolder, problemsTable, problems);
    const store = await RolloutStore.open(runFolder);
    const verifier = createCompletionVerifier();
    // In-flight sequences = concurrency × n: twice the capacity, so the server's queue never runs dry.
    const pool = new EndpointPool("m", [server.url], { concurrency: Number(process.env.BENCH_CONC ?? 32) });
    const units = planWork(problems, ["m"], store.keys, { samples: 8, requestSize: 4 });
    const started = performance.now();
    const result = await sampleUnits(units, {
      models: new Map([["m", { id: "m", servedName: "m", pool, api: "chat", temperature: 0.6, top_p: 0.95, max_tokens: 8192, workers: 2 * Number(process.env.BENCH_CONC ?? 32) }]]),
      store,
      verifier,
      progress: new SampleProgress(() => {}),
    });
    const wallMs = performance.now() - started;
    await store.close();
    await verifier.close();
    await pool.close();
    const stats = server.stats();
    const idealMs = stats.busyMs / capacity;
    process.stdout.write(
      `server: capacity ${capacity} sequences, ttft ${latency.ttftMs} ms, ${latency.tokensPerSecond} tok/s per sequence\n` +
        `work: ${result.rollouts} rollouts (${units.length} requests of n≤4), ${stats.tokens} completion tokens\n` +
        `ideal ${(idealMs / 1000).toFixed(2)} s · achieved ${(wallMs / 1000).toFixed(2)} s · efficiency (ideal/achieved) ${(idealMs / wallMs).toFixed(3)} (goal ≥ 0.95)\n` +
        `batch occupancy (slot-time held / capacity × wall) ${(stats.heldMs / (capacity * wallMs)).toFixed(3)}: the client's share; the rest of the gap is timers firing late on a loaded machine\n` +
        `throughput ${(result.rollouts / (wallMs / 1000)).toFixed(0)} rollouts/s, ${(stats.tokens / (wallMs / 1000)).toFixed(0)} tok/s (ideal ${(stats.tokens / (idealMs / 1000)).toFixed(0)} tok/s)\n`,
    );
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
