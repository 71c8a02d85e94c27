/**
 * The reward service's throughput (`rungs reward-server`, one service, math worker pool and code sandbox pool sized
 * to the cores) on simulated completions of the bundled sample: batches over HTTP, and rungs_reward's verl
 * compute_score called per response from 8 threads as verl's reward manager does. Against verl's default math scorer
 * (lighteval/MATH → math_reward.compute_score, from the pinned release in .venv) on the same math completions, with
 * how many of its verdicts differ from rungs'. Code: verl's prime_code needs its own process pool (not run here).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CodeTests } from "../schemas/code-tests.js";
import { createRewardService, startRewardServer, type RewardItem, type RewardServer } from "../src/engines/reward/index.js";
import { simChoice } from "../src/engines/sim/sim-completion.js";
import type { SimProblem } from "../src/engines/sim/sim-problems.js";

const root = join(import.meta.dirname, "..");
const SAMPLES = 4;

function sampleProblems(): SimProblem[] {
  const read = (file: string) => readFileSync(join(root, "data", "sample", file), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return [...read("math.jsonl"), ...read("code.jsonl")].map((row, i) => ({
    id: `p${i}`,
    domain: row.domain as SimProblem["domain"],
    prompt: row.prompt as string,
    answer: (row.answer as string) ?? null,
    tests: (row.tests as CodeTests) ?? null,
    solution: (row.solution as string) ?? null,
    difficulty: Number((row.meta as { difficulty?: number })?.difficulty ?? 5),
  }));
}

function completions(domain: "math" | "code"): RewardItem[] {
  const items: RewardItem[] = [];
  for (const problem of sampleProblems().filter((p) => p.domain === domain)) {
    for (let j = 0; j < SAMPLES; j++) {
      const choice = simChoice({ name: "bench", skill: 6, meanTokens: 700 }, problem, 0, j, 4096);
      items.push({ completion: choice.text, domain, ground_truth: domain === "math" ? problem.answer! : JSON.stringify(problem.tests), finish_reason: choice.finish_reason });
    }
  }
  return items;
}

async function throughput(server: RewardServer, items: RewardItem[], batch: number, parallel: number): Promise<{ perSecond: number; scores: number[] }> {
  const batches: RewardItem[][] = [];
  for (let i = 0; i < items.length; i += batch) batches.push(items.slice(i, i + batch));
  const scores: number[][] = [];
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < batches.length) {
        const i = next++;
        const res = await fetch(`${server.url}/v1/reward`, { method: "POST", body: JSON.stringify({ items: batches[i] }) });
        const body = (await res.json()) as { results: { score: number }[] };
        scores[i] = body.results.map((r) => r.score);
      }
    }),
  );
  return { perSecond: items.length / ((performance.now() - start) / 1000), scores: scores.flat() };
}

function python(script: string, args: string[], input: string, env: Record<string, string> = {}): Promise<{ seconds: number; scores: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, ".venv", "bin", "python"), [join(root, "bench", script), ...args], { env: { ...process.env, PYTHONPATH: join(root, "python"), ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${script}: ${err}`))));
    child.stdin.end(input);
  });
}

export async function run(): Promise<void> {
  const math = completions("math");
  const code = completions("code");
  const server = await startRewardServer({ service: createRewardService() });
  try {
    await throughput(server, math.slice(0, 32), 32, 1); // start the workers and sandboxes
    await throughput(server, code.slice(0, 4), 4, 1);
    const m = await throughput(server, math, 64, 4);
    const c = await throughput(server, code, 16, 4);
    process.stdout.write(`math: ${math.length} completions, ${m.perSecond.toFixed(0)}/s over HTTP (batches of 64, 4 in flight); mean reward ${(m.scores.reduce((a, b) => a + b, 0) / m.scores.length).toFixed(3)}\n`);
    process.stdout.write(`code: ${code.length} completions, ${c.perSecond.toFixed(1)}/s over HTTP (batches of 16, 4 in flight); mean reward ${(c.scores.reduce((a, b) => a + b, 0) / c.scores.length).toFixed(3)}\n`);
    if (!existsSync(join(root, ".venv", "bin", "python"))) {
      process.stdout.write("no .venv (bash scripts/setup.sh): the Python figures are skipped\n");
      return;
    }
    const lines = (items: RewardItem[]) => items.map((i) => JSON.stringify({ completion: i.completion, gold: i.ground_truth, domain: i.domain })).join("\n");
    const perCall = await python("verl_compute_score.py", ["8"], lines(math), { RUNGS_REWARD_URL: server.url });
    process.stdout.write(`math via rungs_reward.verl.compute_score (one response a call, 8 threads): ${(math.length / perCall.seconds).toFixed(0)}/s\n`);
    const verlMath = await python("verl_default_math.py", [], lines(math));
    const differ = verlMath.scores.filter((s, i) => s !== m.scores[i]).length;
    const zeroed = verlMath.scores.filter((s, i) => s === 0 && m.scores[i] === 1).length;
    process.stdout.write(
      `math via verl's default scorer (lighteval/MATH, in-process, 1 thread): ${(math.length / verlMath.seconds).toFixed(0)}/s; differs from rungs on ${differ} of ${math.length} (${zeroed} that rungs scores 1 get 0)\n`,
    );
  } finally {
    await server.close();
  }
}
