/**
 * Math verification throughput over generated (gold, response) pairs that look like model output: a few KB of
 * reasoning with inline math, then the answer in one of many spellings (some wrong, some missing).
 * Prints verifications/s in-process (1 thread), through the pool with 1 worker and with every core, p50/p99, timeouts.
 */
import { availableParallelism } from "node:os";
import { createMathVerifierPool, verifyMath } from "../src/engines/verify/math/index.js";
import type { MathVerdict } from "../src/engines/verify/math/index.js";

const PAIRS = 3000;

/** Gold answers with right and wrong spellings a model might give. */
const ANSWERS: Array<{ gold: string; right: string[]; wrong: string[] }> = [
  { gold: "\\frac{\\pi}{2}", right: ["\\dfrac{\\pi}{2}", "pi/2", "\\frac{1}{2}\\pi"], wrong: ["\\pi", "\\frac{\\pi}{3}"] },
  { gold: "14-i", right: ["14.0+-1.0i", "14 - i", "-i+14"], wrong: ["14+i"] },
  { gold: "73", right: ["73", "73.0", "**73**"], wrong: ["37", "74"] },
  { gold: "\\{1,2,3\\}", right: ["\\{3,2,1\\}", "1, 2, 3"], wrong: ["\\{1,2\\}"] },
  { gold: "(3,\\infty)", right: ["x>3", "(3, \\infty)"], wrong: ["[3,\\infty)"] },
  { gold: "x^2+2x+1", right: ["(x+1)^2", "(1+x)^{2}"], wrong: ["(x+1)^3", "x^2+1"] },
  { gold: "\\frac{\\sqrt{3}}{2}", right: ["\\sqrt{3}/2", "\\frac{1}{2}\\sqrt{3}"], wrong: ["\\frac{\\sqrt{2}}{2}"] },
  { gold: "1,000", right: ["1000", "1{,}000"], wrong: ["100"] },
  { gold: "50\\%", right: ["50", "0.5", "50\\%"], wrong: ["40\\%"] },
  { gold: "x=\\pm 2", right: ["2, -2", "\\{-2,2\\}", "x = 2 \\text{ or } x = -2"], wrong: ["2"] },
  { gold: "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", right: ["\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}"], wrong: ["\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}"] },
  { gold: "2\\sqrt{2}", right: ["\\sqrt{8}", "2√2"], wrong: ["2\\sqrt{3}"] },
  { gold: "\\binom{10}{3}", right: ["120"], wrong: ["720"] },
  { gold: "y=2x+1", right: ["2x-y+1=0", "y = 1 + 2x"], wrong: ["y=2x-1"] },
  { gold: "30^\\circ", right: ["30", "\\frac{\\pi}{6}"], wrong: ["60^\\circ"] },
  { gold: "(B)", right: ["B", "\\text{(B)}"], wrong: ["C"] },
];

function rng(seed: number): () => number {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function reasoning(random: () => number): string {
  const steps = 15 + Math.floor(random() * 30);
  const parts: string[] = [];
  for (let i = 0; i < steps; i++) {
    const a = Math.floor(random() * 90) + 2;
    parts.push(
      `Step ${i + 1}: consider $x_${i} = \\frac{${a}}{${a + 1}}$, so that $x_${i}^2 + ${a}x_${i} - 1 = 0$ holds after simplifying; ` +
        `we check the case $n = ${a}$ separately and find the bound \\(\\sqrt{${a}} < ${a}\\).`,
    );
  }
  return parts.join("\n");
}

function makePairs(count: number): Array<[string, string]> {
  const random = rng(7);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < count; i++) {
    const item = ANSWERS[i % ANSWERS.length];
    const roll = random();
    const pool = roll < 0.6 ? item.right : item.wrong;
    const answer = pool[Math.floor(random() * pool.length)];
    const think = `<think>\n${reasoning(random)}\n</think>\n`;
    const ending =
      roll > 0.93 ? "I could not finish the computation in time, so I will stop here with the work above." :
      roll > 0.85 ? `Therefore, the final answer is $${answer}$.` : `Putting everything together, the answer is $\\boxed{${answer}}$.`;
    pairs.push([item.gold, `${think}${reasoning(random).slice(0, 600)}\n\n${ending}`]);
  }
  return pairs;
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
  process.stdout.write(
    `ratios: pool(all)/in-process ${(all / inline).toFixed(2)}×, pool(all)/pool(1) ${(all / one).toFixed(2)}×; ` +
      `vs Math-Verify's ~30/s on this machine (issue 3, not measured here): ${(all / 30).toFixed(0)}×\n`,
  );
}
