import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { createMathVerifierPool, verifyMath } from "../engines/verify/math/index.js";
import type { MathVerdict, VerifyMathOptions } from "../engines/verify/math/index.js";
import { type Command, formatHelp } from "./command.js";
import { mapJsonlFile } from "./map-jsonl-file.js";
import { ProgressRenderer } from "./progress-renderer.js";

const HELP = formatHelp(
  "rungs verify math --input F.jsonl [--output G.jsonl] [options]",
  "Verify math answers: each input line has `gold` (alias `answer`) and `prediction` (alias `response`: a bare\n" +
    "answer or a whole response); each line is written back with `correct`, `extracted` and `reason` added\n" +
    "(other fields kept, order kept).",
  [
    { flag: "--input F", text: "JSONL input (required)" },
    { flag: "--output G", text: "JSONL output (default: stdout)" },
    { flag: "--threads N", text: `worker threads; 0 verifies in this process (default: ${availableParallelism()})` },
    { flag: "--timeout-ms MS", text: "time budget of one check (default: 2000)" },
    { flag: "--help", text: "show this help" },
  ],
  "Progress and a summary (count, accuracy, the count of each reason, rate) go to stderr. A malformed line is\n" +
    "reported by its number and skipped; the rest is still verified. A line without a gold answer is an error:\n" +
    "reported by its number, skipped, and the exit code is 1. Exit code 1 also when the input cannot be read.",
);

/** Lines verified at once: enough to keep every worker busy, few enough to keep output in order cheaply. */
const WINDOW = 512;

export const verifyMathCommand: Command = {
  summary: "Verify math answers in a JSONL file (gold, prediction → correct, extracted, reason).",
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { input: { type: "string" }, output: { type: "string" }, threads: { type: "string" }, "timeout-ms": { type: "string" }, help: { type: "boolean", short: "h" } },
      }));
    } catch (error) {
      process.stderr.write(`verify math: ${(error as Error).message}\n${HELP}`);
      return 2;
    }
    if (values.help) return void process.stdout.write(HELP), 0;
    const input = values.input;
    const threads = values.threads === undefined ? availableParallelism() : Number(values.threads);
    const timeoutMs = values["timeout-ms"] === undefined ? 2000 : Number(values["timeout-ms"]);
    if (!input) return usage("--input is required");
    if (!Number.isInteger(threads) || threads < 0) return usage(`--threads must be an integer from 0 up, got ${values.threads}`);
    if (!(timeoutMs > 0)) return usage(`--timeout-ms must be a positive number, got ${values["timeout-ms"]}`);
    if (!existsSync(input)) {
      process.stderr.write(`verify math: input file ${input} does not exist\n`);
      return 1;
    }
    return verifyFile(input, values.output, threads, { timeoutMs });
  },
};

function usage(message: string): number {
  process.stderr.write(`verify math: ${message}\n\n${HELP}`);
  return 2;
}

async function verifyFile(input: string, output: string | undefined, threads: number, options: VerifyMathOptions): Promise<number> {
  const pool = threads > 0 ? createMathVerifierPool({ threads }) : null;
  const verify = (gold: string, prediction: string): Promise<MathVerdict> => (pool ? pool.verify(gold, prediction, options) : Promise.resolve(verifyMath(gold, prediction, options)));
  const progress = new ProgressRenderer();
  const reasons: Record<string, number> = {};
  let done = 0;
  let correct = 0;
  let malformed = 0;
  let missingGold = 0;
  const started = performance.now();
  try {
    await mapJsonlFile({
      input,
      output,
      window: WINDOW,
      malformed(lineNumber, message) {
        malformed++;
        progress.log(`verify math: ${input} line ${lineNumber}: malformed JSON (${message}); line skipped`);
        return null;
      },
      map: (row, lineNumber) => {
        const gold = row.gold ?? row.answer;
        if (typeof gold !== "string" && typeof gold !== "number") {
          missingGold++;
          const found = "gold" in row ? `"gold" is ${JSON.stringify(row.gold)}` : "answer" in row ? `"answer" is ${JSON.stringify(row.answer)}` : 'no "gold" field (nor its alias "answer")';
          progress.log(`verify math: ${input} line ${lineNumber}: ${found}; line skipped`);
          return Promise.resolve(null);
        }
        return verify(gold as string, (row.prediction ?? row.response) as string).then((verdict) => {
          done++;
          if (verdict.correct) correct++;
          reasons[verdict.reason] = (reasons[verdict.reason] ?? 0) + 1;
          if (done % 1000 === 0) progress.listener({ step: "verify math", unit: "lines", done, counters: { correct } });
          return JSON.stringify({ ...row, correct: verdict.correct, extracted: verdict.extracted, reason: verdict.reason });
        });
      },
    });
  } catch (error) {
    process.stderr.write(`verify math: ${input}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await pool?.close();
  }
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  const accuracy = done ? ((100 * correct) / done).toFixed(2) : "0.00";
  const reasonText = Object.entries(reasons).map(([reason, n]) => `${reason} ${n}`).join(", ") || "none";
  process.stderr.write(
    `verify math: ${done} lines, accuracy ${accuracy}% (${correct}/${done}), reasons: ${reasonText}` +
      `${malformed ? `, malformed lines skipped: ${malformed}` : ""}${missingGold ? `, lines without gold skipped: ${missingGold}` : ""}` +
      `, ${(done / Math.max(seconds, 1e-9)).toFixed(1)} lines/s\n`,
  );
  return missingGold ? 1 : 0;
}
