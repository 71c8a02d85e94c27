import { readFile } from "node:fs/promises";
import { afterAll, describe, expect, it, vi } from "vitest";
import { auditProblemTests, createCodeGrader } from "../../../../src/engines/verify/code/index.js";
import { auditTestsCommand } from "../../../../src/cli/audit-tests-command.js";
import { runStep } from "../../../../src/pipeline/run-step.js";
import { curateStep } from "../../../../src/steps/curate/curate-step.js";
import { codeContestsAdapter } from "../../../../src/steps/ingest/adapters/code-contests.js";
import { testAuditPath } from "../../../../src/steps/curate/test-audit-report.js";
import { codeProblem, context, ingest, quarantineRows, tempRun } from "../../../steps/curate/helpers.js";

// A CodeContests-layout problem written for the project: print the larger of two numbers. Its tests never
// put the larger number second, so a program that prints the first number passes them (weak tests).
const weakRow = {
  name: "max-of-two",
  description: "Print the larger of two integers a and b.",
  public_tests: { input: ["5 3\n"], output: ["5\n"] },
  private_tests: { input: ["9 1\n", "7 7\n"], output: ["9\n", "7\n"] },
  generated_tests: { input: [], output: [] },
  solutions: { language: [3], solution: ["a, b = map(int, input().split())\nprint(max(a, b))\n"] },
  incorrect_solutions: {
    language: [3, 2, 1],
    solution: [
      "a, b = map(int, input().split())\nprint(min(a, b))\n",
      "#include <cstdio>\nint main() { int a, b; scanf(\"%d %d\", &a, &b); printf(\"%d\\n\", a); }\n",
      "print 'python 2 is never run'\n",
    ],
  },
};
const adapted = (row: Record<string, unknown>) => codeContestsAdapter.adapt(row, {}) as { tests: string; solution: string; meta: Record<string, unknown>; prompt: string };

describe("test-suite strength audit", () => {
  const grader = createCodeGrader({ concurrency: 2, defaults: { timeLimitS: 2, memoryLimitMb: 256 } });
  afterAll(() => grader.close());

  it("ingest keeps CodeContests' incorrect solutions in languages rungs runs", () => {
    const p = adapted(weakRow);
    expect(p.meta.solution_language).toBe("python");
    expect((p.meta.incorrect_solutions as { language: string }[]).map((s) => s.language)).toEqual(["python", "cpp"]);
  });

  it("flags weak_tests when a known-wrong program passes every test, naming it", async () => {
    const p = adapted(weakRow);
    const r = await auditProblemTests(grader, { problemId: "max", tests: p.tests, reference: { language: "python", solution: p.solution }, wrong: p.meta.incorrect_solutions as never });
    expect(r).toMatchObject({ flags: ["weak_tests"], audited: true, reference: { score: 1 } });
    expect(r.wrong.map((w) => [w.language, w.passed_all])).toEqual([["python", false], ["cpp", true]]);
    expect(r.evidence).toEqual(["incorrect solution 1 (cpp) passes all 3 tests"]);
  });

  it("flags broken_tests when the reference fails its own tests, and leaves sound tests unflagged", async () => {
    const broken = { ...weakRow, private_tests: { input: ["9 1\n", "7 7\n"], output: ["9\n", "8\n"] } };
    const p = adapted(broken);
    const r = await auditProblemTests(grader, { problemId: "b", tests: p.tests, reference: { language: "python", solution: p.solution } });
    expect(r.flags).toEqual(["broken_tests"]);
    expect(r.evidence).toEqual(["the reference solution (python) fails 1 of 3 tests: wrong_answer 1"]);
    const sound = { ...weakRow, private_tests: { input: ["1 9\n"], output: ["9\n"] } };
    const q = adapted(sound);
    const s = await auditProblemTests(grader, { problemId: "s", tests: q.tests, reference: { language: "python", solution: q.solution }, wrong: q.meta.incorrect_solutions as never });
    expect(s).toMatchObject({ flags: [], audited: true });
  });

  it("rungs audit tests writes the report and curate quarantines the flagged problems with their evidence", async () => {
    const run = await tempRun();
    const weak = adapted(weakRow);
    const solid = adapted({ ...weakRow, private_tests: { input: ["1 9\n"], output: ["9\n"] } });
    await ingest(run, [
      codeProblem(weak.prompt, { tests: weak.tests, solution: weak.solution, meta: JSON.stringify(weak.meta) }),
      codeProblem("Print the larger of two integers, again.", { tests: solid.tests, solution: solid.solution, meta: JSON.stringify(solid.meta) }),
    ]);
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await auditTestsCommand.run(["--run-dir", run.dir, "--concurrency", "2"])).toBe(0);
      expect(String(out.mock.calls.at(-1)?.[0])).toMatch(/^audit tests: 2 problems, 0 broken_tests, 1 weak_tests, 0 could not be audited/);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const report = (await readFile(testAuditPath(run), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { flags: string[] });
    expect(report.map((r) => r.flags).sort()).toEqual([[], ["weak_tests"]]);
    const result = await runStep(curateStep, context(run, { quarantineTests: ["weak_tests"] }));
    expect(result.counts).toMatchObject({ kept: 1, weak_tests: 1 });
    expect(result.counts).not.toHaveProperty("broken_tests"); // counted only when quarantined by
    const q = await quarantineRows(run);
    expect(q).toMatchObject([{ reason: "weak_tests", detail: "incorrect solution 1 (cpp) passes all 3 tests" }]);
  });
});
