/**
 * Code grader: per-program and per-test cost of the warm pool and of a fresh sandbox per program, against a
 * bare `python3` process per test (same programs and inputs, same run); programs per second with the pool
 * sized to the cores on a demo-like load (programs of 1–5 tests).
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { createCodeGrader, type CodeGrader } from "../src/engines/verify/code/index.js";
import { findPython } from "../src/engines/verify/code/sandbox/find-executable.js";

const TRIVIAL = "a, b = map(int, input().split())\nprint(a + b)";
const CPU = "n = int(input().split()[0])\ns = 0\nfor i in range(n * 300000):\n    s += i % 7\nprint(s % 10 + 1)"; // ~0.1 s of CPU per test
const MODES = ["fresh", "warm"] as const;

function bareRun(python: string, program: string, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-c", program], { stdio: ["pipe", "pipe", "ignore"] });
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", () => resolve());
    child.stdin.end(input);
  });
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

const inputs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `${from + i + 1} ${i}\n`);
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
const out = (line: string) => process.stdout.write(line + "\n");

export async function run(): Promise<void> {
  const python = findPython()!;
  const cores = availableParallelism();
  const single: Record<string, CodeGrader> = {};
  for (const mode of MODES) single[mode] = createCodeGrader({ concurrency: 1, sandbox: mode });
  try {
    for (const mode of MODES) await single[mode]!.grade({ inputs: inputs(1), outputs: ["1"] }, TRIVIAL); // warm-up
    for (const [name, program, n, reps] of [["trivial", TRIVIAL, 40, 40], ["cpu-bound", CPU, 10, 8]] as const) {
      const ins = inputs(n);
      const bare = (await timeIt(async () => {
        for (const input of ins) await bareRun(python, program, input);
      })) / n;
      out(`${name}: bare python3 ${ms(bare)} per run`);
      for (const mode of MODES) {
        const g = single[mode]!;
        // one-test programs, one after another: the per-program cost a pipeline pays
        const one = (await timeIt(async () => {
          for (let i = 0; i < reps; i++) await g.grade({ inputs: [ins[i % n]!], outputs: ["x"] }, program);
        })) / reps;
        const many = (await timeIt(() => g.grade({ inputs: ins, outputs: ins.map(() => "x") }, program))) / n;
        out(`${name} ${mode}: one-test program ${ms(one)} (${(one / bare).toFixed(2)}× bare) · ${n}-test program ${ms(many)}/test (${(many / bare).toFixed(2)}× bare)`);
      }
    }
  } finally {
    for (const g of Object.values(single)) await g.close();
  }
  // Demo-like load: 1,000 trivial programs of 1–5 tests, the pool at the machine's cores.
  const programs = Array.from({ length: 1000 }, (_, i) => inputs(1 + (i % 5), i));
  const tests = programs.reduce((s, p) => s + p.length, 0);
  for (const mode of MODES) {
    const pool = createCodeGrader({ concurrency: cores, sandbox: mode });
    try {
      await pool.grade({ inputs: inputs(1), outputs: ["1"] }, TRIVIAL);
      const took = await timeIt(() => Promise.all(programs.map((ins) => pool.grade({ inputs: ins, outputs: ins }, TRIVIAL))));
      out(`demo load ${mode}, pool of ${cores}: ${programs.length} programs (${tests} tests) in ${took.toFixed(1)} s · ${(programs.length / took).toFixed(1)} programs/s · ${(tests / took).toFixed(1)} tests/s`);
    } finally {
      await pool.close();
    }
  }
}
