/**
 * Math verification throughput over generated (gold, response) pairs that look like model output
 * (bench/math-pairs.ts: reasoning, markdown, `<think>`, JSON, money, labelled lines, every answer format),
 * some right, some wrong, some without an answer. Prints verifications/s in-process (1 thread), through the
 * pool with 1 worker and with every core, p50/p99, timeouts; then, when the venv has Math-Verify, its
 * verifications/s (1 process) on the first pairs and how often the two verifiers agree there.
 */
import { availableParallelism } from "node:os";
import { createMathVerifierPool, verifyMath } from "../src/engines/verify/math/index.js";
import type { MathVerdict } from "../src/engines/verify/math/index.js";
import { makeMathPairs } from "./math-pairs.js";
import { mathVerifyVerdicts, referencePython } from "./math-verify-reference.js";

const PAIRS = 3000;
/** Math-Verify checks ~10–30 pairs/s here: it runs on the first pairs only, and agreement is counted on those. */
const REFERENCE_PAIRS = 400;

function makePairs(count: number): Array<[string, string]> {
  return makeMathPairs(count, 7).map((p) => [p.gold, p.response]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function summary(label: string, verdicts: MathVerdict[], seconds: number, latencies: number[]): void {
  latencies.sort((a, b) => a - b);
  const reasons: Record<string, number> = {};
  for (const v of verdicts) reasons[v.reason] = (reasons[v.reason] ?? 0) + 1;
  process.stdout.write(
    `${label.padEnd(28)} ${(verdicts.length / seconds).toFixed(0).padStart(7)} verifications/s · p50 ${percentile(latencies, 0.5).toFixed(2)} ms · ` +
      `p99 ${percentile(latencies, 0.99).toFixed(2)} ms · timeouts ${reasons.timeout ?? 0} · ${JSON.stringify(reasons)}\n`,
  );
}

async function poolRun(pairs: Array<[string, string]>, threads: number): Promise<number> {
  const pool = createMathVerifierPool({ threads });
  await Promise.all(Array.from({ length: threads * 4 }, () => pool.verify("1", "1"))); // start the workers first
  const latencies: number[] = [];
  const started = performance.now();
  const verdicts = await Promise.all(
    pairs.map(([gold, response]) => {
      const t = performance.now();
      return pool.verify(gold, response).then((v) => (latencies.push(performance.now() - t), v));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  // pool latencies include queueing behind the whole batch, so they are reported as the in-pool p50/p99
  summary(`pool, ${threads} worker${threads > 1 ? "s" : ""}`, verdicts, seconds, latencies);
  return verdicts.length / seconds;
}

export async function run(): Promise<void> {
  const pairs = makePairs(PAIRS);
  const meanChars = pairs.reduce((n, [, r]) => n + r.length, 0) / pairs.length;
  process.stdout.write(`${pairs.length} pairs, mean response ${meanChars.toFixed(0)} chars\n`);
  for (const [gold, response] of pairs.slice(0, 200)) verifyMath(gold, response); // warm up the JIT
  const latencies: number[] = [];
  const verdicts: MathVerdict[] = [];
  const started = performance.now();
  for (const [gold, response] of pairs) {
    const t = performance.now();
    verdicts.push(verifyMath(gold, response));
    latencies.push(performance.now() - t);
  }
  const inline = verdicts.length / ((performance.now() - started) / 1000);
  summary("in-process, 1 thread", verdicts, (performance.now() - started) / 1000, latencies);
  const one = await poolRun(pairs, 1);
  const all = await poolRun(pairs, availableParallelism());
  process.stdout.write(`ratios: pool(all)/in-process ${(all / inline).toFixed(2)}×, pool(all)/pool(1) ${(all / one).toFixed(2)}×\n`);
  await referenceRun(pairs.slice(0, REFERENCE_PAIRS), verdicts, inline);
}

/** Math-Verify on the same pairs, one Python process (import time excluded by a warm-up pair). */
async function referenceRun(pairs: Array<[string, string]>, ours: MathVerdict[], oursPerSecond: number): Promise<void> {
  if (!referencePython()) {
    process.stdout.write("Math-Verify: no venv (.venv); run bash scripts/setup-python.sh to compare\n");
    return;
  }
  const asPairs = pairs.map(([gold, response]) => ({ gold, response }));
  const started = performance.now();
  const warm = await mathVerifyVerdicts(asPairs.slice(0, 1));
  const startup = performance.now() - started;
  const t = performance.now();
  const theirs = await mathVerifyVerdicts(asPairs);
  const seconds = Math.max((performance.now() - t - startup) / 1000, 1e-3);
  const agree = theirs.filter((v, i) => v.correct === ours[i].correct).length;
  process.stdout.write(
    `Math-Verify, 1 process: ${(pairs.length / seconds).toFixed(1)} verifications/s on the first ${pairs.length} pairs ` +
      `(startup ${(startup / 1000).toFixed(1)} s excluded, ${warm.length} warm-up) · agreement with rungs ${((100 * agree) / pairs.length).toFixed(1)}% · ` +
      `rungs in-process is ${(oursPerSecond / (pairs.length / seconds)).toFixed(0)}× faster\n`,
  );
}
