/**
 * Code grader: per-program and per-test cost of the warm pool and of a fresh sandbox per program, against a
 * bare `python3` process per test (same programs and inputs, same run); programs per second with the pool
 * sized to the cores on a demo-like load (programs of 1–5 tests). C++: compile once per program (and the
 * cached binary) against compiling per test; a problem judged by a testlib-protocol checker program against
 * the same problem judged by the token checker.
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

const CPP_SUM = "#include <cstdio>\nint main() { long long a, b; if (scanf(\"%lld %lld\", &a, &b) != 2) return 1; printf(\"%lld\\n\", a + b); }";
const SUM_CHECKER = `#include <cstdio>
int main(int argc, char** argv) {
  FILE* out = fopen(argv[2], "r"); FILE* ans = fopen(argv[3], "r"); long long x, y;
  if (!ans || fscanf(ans, "%lld", &y) != 1) return 3;
  if (!out || fscanf(out, "%lld", &x) != 1) { fprintf(stderr, "no number"); return 2; }
  if (x != y) { fprintf(stderr, "expected %lld, found %lld", y, x); return 1; }
  return 0;
}`;

/** C++ compile-once vs per-test, and a checker-program problem vs the token checker (warm pool, one slot). */
export async function runCompiled(): Promise<void> {
  const g = createCodeGrader({ concurrency: 1 });
  const n = 10;
  const ins = inputs(n);
  const outs = ins.map((l) => String(l.split(" ").map(Number).reduce((a, b) => a + b, 0)));
  const cpp = (salt: number) => "```cpp\n// " + salt + "\n" + CPP_SUM + "\n```";
  try {
    await g.grade({ inputs: ins, outputs: outs }, "```python\nprint(1)\n```"); // warm-up
    const once = await timeIt(() => g.grade({ inputs: ins, outputs: outs }, cpp(0)));
    const cached = await timeIt(() => g.grade({ inputs: ins, outputs: outs }, cpp(0)));
    // Compile per test: every test a program of its own that no cache has seen (a comment changes its hash).
    const perTest = await timeIt(async () => {
      for (let i = 0; i < n; i++) await g.grade({ inputs: [ins[i]!], outputs: [outs[i]!] }, cpp(1000 + i));
    });
    out(`C++ ${n}-test program: compile once ${ms(once)} · cached binary ${ms(cached)} (${ms(cached / n)}/test) · compile per test ${ms(perTest)} (${(perTest / once).toFixed(1)}× compile once)`);
    const tokens = { format: "stdin", inputs: ins, outputs: outs };
    const checked = { ...tokens, checker_program: SUM_CHECKER };
    const py = "```python\na, b = map(int, input().split())\nprint(a + b)\n```";
    const firstChecked = await timeIt(() => g.grade(checked, py));
    const tokenT = (await timeIt(async () => {
      for (let i = 0; i < 5; i++) await g.grade(tokens, py);
    })) / 5;
    const checkerT = (await timeIt(async () => {
      for (let i = 0; i < 5; i++) await g.grade(checked, py);
    })) / 5;
    out(`checker problem, ${n} tests: token checker ${ms(tokenT)}/program · checker program ${ms(checkerT)}/program (${(checkerT / tokenT).toFixed(2)}×; first call, compiling the checker: ${ms(firstChecked)})`);
  } finally {
    await g.close();
  }
}

export async function run(): Promise<void> {
  await runCompiled();
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
