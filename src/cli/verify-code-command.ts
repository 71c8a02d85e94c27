import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { checkSandbox, createCodeGrader, type CodeGradeResult, type GradeCodeOptions } from "../engines/verify/code/index.js";
import { type Command, formatHelp } from "./command.js";
import { mapJsonlFile } from "./map-jsonl-file.js";
import { ProgressRenderer } from "./progress-renderer.js";

const HELP = formatHelp(
  "rungs verify code --input F.jsonl [--output G.jsonl] [options]",
  "Grade programs in the bubblewrap sandbox: each input line has `tests` (canonical or any dataset layout, as\n" +
    "JSON text or an object) and `solution` (a whole model response or a bare program), optionally `language`\n" +
    "(python, cpp or java, when the code block names none),\n" +
    "`time_limit_s` and `memory_limit_mb`; each line is written back with `score`, `passed`, `total`, `verdicts`\n" +
    "and `error` added (other fields kept, order kept).",
  [
    { flag: "--input F", text: "JSONL input (required)" },
    { flag: "--output G", text: "JSONL output (default: stdout)" },
    { flag: "--concurrency N", text: `programs graded at once (default: ${availableParallelism()}, the cores)` },
    { flag: "--time-limit S", text: "per-test CPU limit in seconds (default: the line's time_limit_s, else 4)" },
    { flag: "--memory-limit MB", text: "memory limit in MiB (default: the line's memory_limit_mb, else 1024)" },
    { flag: "--stop-on-first-failure", text: "stop a program at its first failing test (pass/fail only)" },
    { flag: "--compile-time-limit S", text: "CPU seconds g++/javac may take before compile_error (default: 30)" },
    { flag: "--testlib PATH", text: "testlib.h for problems whose checker program includes it (rungs does not ship it)" },
    { flag: "--unsafe", text: "UNSAFE: run programs on the host without the sandbox (trusted code only)" },
    { flag: "--help", text: "show this help" },
  ],
  "Progress and a summary (lines, mean score, verdicts, errors, rate) go to stderr. A malformed line is written\n" +
    "back with `error` naming its line. Exit code 0 unless the input cannot be read or the sandbox is missing.",
);

/** Lines in flight: keeps every sandbox slot busy while output stays in input order. */
const WINDOW = 256;

export const verifyCodeCommand: Command = {
  summary: "Grade programs against tests in a sandbox (tests, solution → score, passed, total, verdicts).",
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          input: { type: "string" },
          output: { type: "string" },
          concurrency: { type: "string" },
          "time-limit": { type: "string" },
          "memory-limit": { type: "string" },
          "stop-on-first-failure": { type: "boolean" },
          "compile-time-limit": { type: "string" },
          testlib: { type: "string" },
          unsafe: { type: "boolean" },
          help: { type: "boolean", short: "h" },
        },
      }));
    } catch (error) {
      return usage((error as Error).message);
    }
    if (values.help) return void process.stdout.write(HELP), 0;
    const concurrency = values.concurrency === undefined ? availableParallelism() : Number(values.concurrency);
    const timeLimitS = values["time-limit"] === undefined ? undefined : Number(values["time-limit"]);
    const memoryLimitMb = values["memory-limit"] === undefined ? undefined : Number(values["memory-limit"]);
    const compileTimeLimitS = values["compile-time-limit"] === undefined ? undefined : Number(values["compile-time-limit"]);
    if (!values.input) return usage("--input is required");
    if (compileTimeLimitS !== undefined && !(compileTimeLimitS > 0)) return usage(`--compile-time-limit must be a positive number of seconds, got ${values["compile-time-limit"]}`);
    if (values.testlib !== undefined && !existsSync(values.testlib)) {
      process.stderr.write(`verify code: --testlib ${values.testlib} does not exist\n`);
      return 1;
    }
    if (!Number.isInteger(concurrency) || concurrency < 1) return usage(`--concurrency must be an integer from 1 up, got ${values.concurrency}`);
    if (timeLimitS !== undefined && !(timeLimitS > 0)) return usage(`--time-limit must be a positive number of seconds, got ${values["time-limit"]}`);
    if (memoryLimitMb !== undefined && !(memoryLimitMb >= 16)) return usage(`--memory-limit must be at least 16 (MiB), got ${values["memory-limit"]}`);
    if (!existsSync(values.input)) {
      process.stderr.write(`verify code: input file ${values.input} does not exist\n`);
      return 1;
    }
    if (values.unsafe) process.stderr.write("verify code: UNSAFE mode: programs run on this host without a sandbox\n");
    else {
      const status = await checkSandbox();
      if (!status.ok) {
        process.stderr.write(`${status.reason}\n`);
        return 1;
      }
    }
    const options: GradeCodeOptions = { timeLimitS, memoryLimitMb, stopOnFirstFailure: values["stop-on-first-failure"], compileTimeLimitS, testlibPath: values.testlib };
    return gradeFile(values.input, values.output, concurrency, Boolean(values.unsafe), options);
  },
};

function usage(message: string): number {
  process.stderr.write(`verify code: ${message}\n\n${HELP}`);
  return 2;
}

function rowOptions(row: Record<string, unknown>, base: GradeCodeOptions): GradeCodeOptions {
  const num = (v: unknown) => (typeof v === "number" && v > 0 ? v : undefined);
  return {
    ...base,
    timeLimitS: base.timeLimitS ?? num(row.time_limit_s),
    memoryLimitMb: base.memoryLimitMb ?? num(row.memory_limit_mb),
    ...(typeof row.language === "string" ? { language: row.language } : {}),
  };
}

async function gradeFile(input: string, output: string | undefined, concurrency: number, unsafe: boolean, options: GradeCodeOptions): Promise<number> {
  const grader = createCodeGrader({ concurrency, unsafe });
  const progress = new ProgressRenderer();
  const verdictCounts: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let done = 0;
  let scoreSum = 0;
  let scored = 0;
  const started = performance.now();
  const record = (result: CodeGradeResult) => {
    done++;
    if (result.score !== null) (scoreSum += result.score), scored++;
    for (const v of result.verdicts) verdictCounts[v] = (verdictCounts[v] ?? 0) + 1;
    if (result.errorKind) errors[result.errorKind] = (errors[result.errorKind] ?? 0) + 1;
    progress.listener({ step: "verify code", unit: "programs", done, counters: { "mean score": Number((scoreSum / Math.max(scored, 1)).toFixed(3)), errors: done - scored } });
  };
  try {
    await mapJsonlFile({
      input,
      output,
      window: WINDOW,
      malformed(lineNumber, message) {
        const result: CodeGradeResult = { score: null, passed: 0, total: 0, verdicts: [], program: null, error: `verify code: ${input} line ${lineNumber}: malformed JSON (${message})`, errorKind: "bad_line" };
        record(result);
        return JSON.stringify({ line: lineNumber, score: null, passed: 0, total: 0, verdicts: [], error: result.error });
      },
      map(row, lineNumber) {
        const where = `verify code: ${input} line ${lineNumber}`;
        const missing = ["tests", "solution"].find((f) => row[f] === undefined || row[f] === null);
        const graded: Promise<CodeGradeResult> = missing
          ? Promise.resolve({ score: null, passed: 0, total: 0, verdicts: [], program: null, error: `${where}: field \`${missing}\` is missing`, errorKind: "bad_line" })
          : typeof row.solution !== "string"
            ? Promise.resolve({ score: null, passed: 0, total: 0, verdicts: [], program: null, error: `${where}: field \`solution\` must be text`, errorKind: "bad_line" })
            : grader.grade(row.tests, row.solution, rowOptions(row, options));
        return graded.then((result) => {
          record(result);
          const error = result.error && !result.error.startsWith(where) ? `${where}: ${result.error.replace(/^verify code: /, "")}` : result.error;
          return JSON.stringify({ ...row, score: result.score, passed: result.passed, total: result.total, verdicts: result.verdicts, error: error ?? null });
        });
      },
    });
  } catch (error) {
    process.stderr.write(`verify code: ${input}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await grader.close();
  }
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  const mean = scored ? (scoreSum / scored).toFixed(4) : "n/a";
  const verdictText = Object.entries(verdictCounts).map(([v, n]) => `${v} ${n}`).join(", ") || "none";
  const errorText = Object.entries(errors).map(([k, n]) => `${k} ${n}`).join(", ");
  process.stderr.write(
    `verify code: ${done} programs, mean score ${mean} over ${scored} scored, tests: ${verdictText}` +
      `${errorText ? `, errors: ${errorText}` : ""}, ${(done / Math.max(seconds, 1e-9)).toFixed(1)} programs/s\n`,
  );
  return 0;
}
