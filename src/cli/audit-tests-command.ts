import { mkdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../core/atomic-file.js";
import { UsageError } from "../core/errors.js";
import { pathExists, RunFolder } from "../core/run-folder.js";
import { iterateTable, tableSource } from "../core/table-store.js";
import { problemsTable } from "../../schemas/problems.js";
import { auditProblemTests, createCodeGrader, type AuditProgram, type TestAuditInput, type TestAuditResult } from "../engines/verify/code/index.js";
import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { testAuditPath } from "../steps/curate/test-audit-report.js";
import { validateProblem } from "../steps/curate/validate-problem.js";
import { formatHelp, type Command } from "./command.js";
import { ProgressRenderer } from "./progress-renderer.js";

const HELP = formatHelp(
  "rungs audit tests <pipeline> | --run-dir DIR [options]",
  "Test-suite strength audit: runs each code problem's reference solution and the known-wrong programs its dataset\n" +
    "ships (CodeContests incorrect_solutions) against its tests in the sandbox. Flags broken_tests (the reference\n" +
    "fails) and weak_tests (a wrong program passes every test); writes audit/tests.jsonl in the run folder, which\n" +
    "curation.quarantineTests reads to quarantine either with its evidence.",
  [
    { flag: "--run-dir DIR", text: "run folder (with a pipeline: overrides its run folder)" },
    { flag: "--table T", text: "table to audit: ingested (default, so curate can use the report) or problems" },
    { flag: "--limit N", text: "audit at most N problems (those with something to run)" },
    { flag: "--concurrency N", text: `programs graded at once (default: ${availableParallelism()}, the cores)` },
    { flag: "--time-limit S", text: "per-test CPU limit in seconds (default: the problem's, else 4)" },
    { flag: "--testlib PATH", text: "testlib.h for problems whose checker program includes it" },
    { flag: "--json", text: "print the results as JSON lines instead of the summary" },
    { flag: "-h, --help", text: "show this help" },
  ],
);

/** The programs a problem row ships: its reference (meta.solution_language, else Python) and meta.incorrect_solutions. */
export function auditInput(id: string, tests: unknown, solution: string | null, meta: Record<string, unknown>): TestAuditInput | null {
  const language = typeof meta.solution_language === "string" ? meta.solution_language : "python";
  const reference = solution ? { language, solution } : null;
  const wrong = (Array.isArray(meta.incorrect_solutions) ? meta.incorrect_solutions : []).filter(
    (w): w is AuditProgram => !!w && typeof w === "object" && typeof (w as AuditProgram).language === "string" && typeof (w as AuditProgram).solution === "string",
  );
  if (!reference && wrong.length === 0) return null;
  return { problemId: id, tests, reference, wrong };
}

export const auditTestsCommand: Command = {
  summary: "Audit code tests with each problem's reference and known-wrong solutions (broken_tests, weak_tests).",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        "run-dir": { type: "string" }, table: { type: "string" }, limit: { type: "string" }, concurrency: { type: "string" },
        "time-limit": { type: "string" }, testlib: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) return void process.stdout.write(HELP), 0;
    if (positionals.length > 1 || (positionals.length === 0 && !values["run-dir"])) throw new UsageError(`audit tests: expected a pipeline or --run-dir DIR\n\n${HELP}`);
    const limit = values.limit === undefined ? Infinity : Number(values.limit);
    const concurrency = values.concurrency === undefined ? availableParallelism() : Number(values.concurrency);
    const timeLimitS = values["time-limit"] === undefined ? undefined : Number(values["time-limit"]);
    if (!(limit >= 1)) throw new UsageError(`audit tests: --limit must be a number from 1 up, got ${values.limit}`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`audit tests: --concurrency must be an integer from 1 up, got ${values.concurrency}`);
    if (timeLimitS !== undefined && !(timeLimitS > 0)) throw new UsageError(`audit tests: --time-limit must be a positive number of seconds, got ${values["time-limit"]}`);
    if (values.testlib !== undefined && !(await pathExists(values.testlib))) throw new UsageError(`audit tests: --testlib ${values.testlib} does not exist`);
    const dir = positionals.length === 1 ? runDirOf((await loadPipeline(positionals[0]!)).pipeline, values["run-dir"]) : resolve(values["run-dir"]!);
    const run = new RunFolder(dir);
    const table = values.table ?? ((await tableSource(run.tableDir("ingested"))) ? "ingested" : "problems");
    if (table !== "ingested" && table !== "problems") throw new UsageError(`audit tests: --table must be ingested or problems, got ${values.table}`);
    if (!(await tableSource(run.tableDir(table)))) throw new UsageError(`audit tests: no ${table} table in ${dir}; run the ingest step first`);

    const results = await auditRun(run, table, { limit, concurrency, timeLimitS, testlibPath: values.testlib });
    const path = testAuditPath(run);
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, results.map((r) => JSON.stringify(r)).join("\n") + (results.length ? "\n" : ""));
    if (values.json) process.stdout.write(results.map((r) => JSON.stringify(r)).join("\n") + (results.length ? "\n" : ""));
    else process.stdout.write(summary(results));
    process.stderr.write(`audit tests: wrote ${results.length} results to ${path}\n`);
    return 0;
  },
};

interface AuditRunOptions {
  limit: number;
  concurrency: number;
  timeLimitS?: number;
  testlibPath?: string;
}

async function auditRun(run: RunFolder, table: string, { limit, concurrency, timeLimitS, testlibPath }: AuditRunOptions): Promise<TestAuditResult[]> {
  const grader = createCodeGrader({ concurrency });
  const progress = new ProgressRenderer();
  const results: TestAuditResult[] = [];
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  const counts = { broken_tests: 0, weak_tests: 0, unaudited: 0 };
  try {
    outer: for await (const chunk of iterateTable(run.tableDir(table), problemsTable, "WHERE domain = 'code'")) {
      for (const row of chunk) {
        if (started >= limit) break outer;
        const checked = validateProblem(row as unknown as Record<string, unknown>);
        if ("field" in checked || !checked.problem.tests) continue;
        const input = auditInput(checked.problem.id, checked.problem.tests, checked.problem.solution, checked.meta);
        if (!input) continue;
        started++;
        const task = auditProblemTests(grader, input, { timeLimitS, testlibPath }).then((r) => {
          results.push(r);
          for (const f of r.flags) counts[f]++;
          if (!r.audited) counts.unaudited++;
          progress.listener({ step: "audit tests", unit: "problems", done: results.length, counters: counts });
        });
        inFlight.add(task);
        void task.finally(() => inFlight.delete(task));
        if (inFlight.size >= concurrency * 2) await Promise.race(inFlight);
      }
    }
    await Promise.all(inFlight);
  } finally {
    await grader.close();
    progress.done();
  }
  return results.sort((a, b) => (a.problem_id < b.problem_id ? -1 : a.problem_id > b.problem_id ? 1 : 0));
}

function summary(results: TestAuditResult[]): string {
  const broken = results.filter((r) => r.flags.includes("broken_tests"));
  const weak = results.filter((r) => r.flags.includes("weak_tests"));
  const unaudited = results.filter((r) => !r.audited).length;
  const lines = [`audit tests: ${results.length} problems, ${broken.length} broken_tests, ${weak.length} weak_tests, ${unaudited} could not be audited`];
  for (const r of [...broken, ...weak.filter((w) => !broken.includes(w))].slice(0, 20)) lines.push(`  ${r.problem_id}  ${r.flags.join(",")}: ${r.evidence.join("; ")}`);
  if (broken.length + weak.length > 20) lines.push(`  ... and more in the report`);
  return `${lines.join("\n")}\n`;
}
