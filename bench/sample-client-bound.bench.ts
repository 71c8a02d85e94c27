/**
 * Client-bound sampling: a zero-latency simulated server, so the figure is what the client does per
 * rollout: HTTP, parsing, math verification (worker pool), hashing and Parquet storage. Baseline in the
 * same run: the same requests with nothing verified or stored.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { problemsTable } from "../schemas/problems.js";
import { RunFolder } from "../src/core/run-folder.js";
import { replaceTable } from "../src/core/table-store.js";
import { buildMessages } from "../src/core/prompt-template.js";
import { EndpointPool } from "../src/engines/llm-client/endpoint-pool.js";
import { planWork } from "../src/steps/sample/plan-work.js";
import { RolloutStore } from "../src/steps/sample/rollout-store.js";
import { SampleProgress } from "../src/steps/sample/sample-progress.js";
import { sampleUnits } from "../src/steps/sample/sample-units.js";
import { startSimServer } from "../src/engines/sim/sim-server.js";
import { createCompletionVerifier } from "../src/engines/verify/verify-completion.js";
import { mathProblems } from "../test/steps/sample/helpers.js";

export async function run(): Promise<void> {
  const problems = mathProblems(1000);
  const samples = 8;
  const meanTokens = 300;
  const dir = await mkdtemp(join(tmpdir(), "rungs-bench-"));
  const server = await startSimServer({ problems, models: [{ name: "m", skill: 5, meanTokens }], latency: 0 });
  try {
    const pool = new EndpointPool("m", [server.url], { concurrency: 32 });
    const request = (i: number) => ({ api: "chat" as const, model: "m", messages: buildMessages(problems[i % problems.length]), n: 8, temperature: 0.6, top_p: 0.95, max_tokens: 8192, seed: i });
    let baselineStart = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < problems.length) { const i = next++; await pool.complete(request(i), { problemId: "", text: String(i) }); }
    }));
    const baselineRate = (problems.length * samples) / ((performance.now() - baselineStart) / 1000);

    const runFolder = await new RunFolder(dir).ensure();
    await replaceTable(runFolder, problemsTable, problems);
    const store = await RolloutStore.open(runFolder, { flushRows: 4000 });
    const verifier = createCompletionVerifier();
    const units = planWork(problems, ["m"], store.keys, { samples, requestSize: 8 });
    const started = performance.now();
    const result = await sampleUnits(units, {
      models: new Map([["m", { id: "m", servedName: "m", pool, api: "chat", temperature: 0.6, top_p: 0.95, max_tokens: 8192, workers: 64 }]]),
      store,
      verifier,
      progress: new SampleProgress(() => {}),
    });
    await store.close();
    const seconds = (performance.now() - started) / 1000;
    await verifier.close();
    await pool.close();
    const rate = result.rollouts / seconds;
    process.stdout.write(
      `work: ${result.rollouts} math rollouts (mean ${meanTokens} tokens), requests of n=8, 32 in flight, sim in the same process\n` +
        `verified and stored: ${rate.toFixed(0)} rollouts/s (goal ≥ 2000) · baseline (HTTP + parse only): ${baselineRate.toFixed(0)} rollouts/s · ratio ${(rate / baselineRate).toFixed(2)}\n`,
    );
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
