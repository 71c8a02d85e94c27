import type { CodeGradeResult, CodeGrader, GradeCodeOptions, TestVerdict } from "./types.js";

/** A program the dataset ships with a problem: its reference solution, or one it knows is wrong. */
export interface AuditProgram {
  /** python | cpp | java (python2 and others are not run). */
  language: string;
  solution: string;
}

export interface TestAuditInput {
  problemId: string;
  tests: unknown;
  reference?: AuditProgram | null;
  wrong?: AuditProgram[];
}

export type TestAuditFlag = "broken_tests" | "weak_tests";

/** One problem's audit: what ran, and what its tests are guilty of. */
export interface TestAuditResult {
  problem_id: string;
  /** `broken_tests`: the reference fails its own tests. `weak_tests`: a known-wrong program passes them all. */
  flags: TestAuditFlag[];
  /** False when nothing could be run (no reference or wrong program in a language rungs runs, bad tests). */
  audited: boolean;
  reference: { language: string; score: number | null; failed: Partial<Record<TestVerdict, number>>; error?: string } | null;
  wrong: { index: number; language: string; passed_all: boolean; score: number | null; total: number; error?: string }[];
  /** For a human and for the quarantine: why each flag was raised. */
  evidence: string[];
}

const RUNNABLE = new Set(["python", "cpp", "java"]);

/** Wraps a bare program so the grader takes the language from the fence (four backticks: programs may hold three). */
function fenced(program: AuditProgram): string {
  return "````" + program.language + "\n" + program.solution + "\n````";
}

function failedCounts(result: CodeGradeResult): Partial<Record<TestVerdict, number>> {
  const counts: Partial<Record<TestVerdict, number>> = {};
  for (const v of result.verdicts) if (v !== "passed") counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/**
 * Runs a problem's reference solution (on every test) and its known-wrong programs (each until its first
 * failure) against the problem's tests. A reference that fails is evidence the tests are broken; a wrong
 * program that passes them all is evidence they are weak (the problem would look easier than it is).
 * Programs whose grading could not happen (sandbox, unsupported language) are reported, never counted.
 */
export async function auditProblemTests(grader: CodeGrader, input: TestAuditInput, options: GradeCodeOptions = {}): Promise<TestAuditResult> {
  const out: TestAuditResult = { problem_id: input.problemId, flags: [], audited: false, reference: null, wrong: [], evidence: [] };
  const ref = input.reference;
  const runs: Promise<void>[] = [];
  if (ref && RUNNABLE.has(ref.language)) {
    runs.push(
      grader.grade(input.tests, fenced(ref), options).then((r) => {
        const failed = failedCounts(r);
        out.reference = { language: ref.language, score: r.score, failed, ...(r.error ? { error: r.error } : {}) };
        if (r.score === null) return;
        out.audited = true;
        if (r.score < 1) {
          const how = Object.entries(failed).map(([v, n]) => `${v} ${n}`).join(", ");
          out.flags.push("broken_tests");
          out.evidence.unshift(`the reference solution (${ref.language}) fails ${r.total - r.passed} of ${r.total} tests: ${how}`);
        }
      }),
    );
  }
  (input.wrong ?? []).forEach((program, index) => {
    if (!RUNNABLE.has(program.language)) return;
    runs.push(
      grader.grade(input.tests, fenced(program), { ...options, stopOnFirstFailure: true }).then((r) => {
        const passedAll = r.score === 1;
        out.wrong.push({ index, language: program.language, passed_all: passedAll, score: r.score, total: r.total, ...(r.error ? { error: r.error } : {}) });
        if (r.score !== null) out.audited = true;
      }),
    );
  });
  await Promise.all(runs);
  out.wrong.sort((a, b) => a.index - b.index);
  for (const w of out.wrong) if (w.passed_all) out.evidence.push(`incorrect solution ${w.index} (${w.language}) passes all ${w.total} tests`);
  if (out.wrong.some((w) => w.passed_all)) out.flags.push("weak_tests");
  return out;
}
