/**
 * Code grader: per-test cost in the sandbox against a bare `python3` process per test (the same program
 * and inputs, same run), and tests per second with the pool at the machine's cores.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { createCodeGrader } from "../src/verify/code/index.js";
import { findPython } from "../src/verify/code/sandbox/find-executable.js";

const TRIVIAL = "a, b = map(int, input().split())\nprint(a + b)";
const CPU = "n = int(input().split()[0])\ns = 0\nfor i in range(n * 300000):\n    s += i % 7\nprint(s % 10 + 1)"; // ~0.1 s of CPU per test

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

export async function run(): Promise<void> {
  const python = findPython()!;
  const cores = availableParallelism();
  const inputs = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1} ${i}\n`);
  const grader1 = createCodeGrader({ concurrency: 1 });
  const pool = createCodeGrader({ concurrency: cores });
  try {
    await grader1.grade({ inputs: inputs(1), outputs: ["1"] }, TRIVIAL); // warm-up: sandbox probe, page cache
    for (const [name, program] of [["trivial", TRIVIAL], ["cpu-bound", CPU]] as const) {
      const n = name === "trivial" ? 40 : 10;
      const ins = inputs(n);
      const bare = await timeIt(async () => {
        for (const input of ins) await bareRun(python, program, input);
      });
      const outputs = ins.map(() => "x");
      const one = await timeIt(() => grader1.grade({ inputs: ins.slice(0, 1), outputs: ["x"] }, program));
      const sandboxed = await timeIt(() => grader1.grade({ inputs: ins, outputs }, program));
      const perBare = (bare / n) * 1000;
      const perSandbox = (sandboxed / n) * 1000;
      process.stdout.write(
        `${name}: bare python3 ${perBare.toFixed(1)} ms/test · sandbox ${perSandbox.toFixed(1)} ms/test (${n} tests in one sandbox) · ratio ${(perSandbox / perBare).toFixed(2)}× · one-test program ${(one * 1000).toFixed(0)} ms\n`,
      );
      const programs = name === "trivial" ? 40 : 8;
      const perProgram = name === "trivial" ? 10 : 4;
      const many = await timeIt(() => Promise.all(Array.from({ length: programs }, () => pool.grade({ inputs: inputs(perProgram), outputs: inputs(perProgram) }, program))));
      process.stdout.write(`${name}: pool of ${cores}: ${((programs * perProgram) / many).toFixed(1)} tests/s, ${(programs / many).toFixed(1)} programs/s (${programs} programs × ${perProgram} tests)\n`);
    }
  } finally {
    await grader1.close();
    await pool.close();
  }
}
