import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CodeTests } from "../../../../schemas/code-tests.js";
import { checkerCase, checkerIncludes, checkerVerdict, UngradableError } from "./checker-program.js";
import type { CompileCache } from "./compile-cache.js";
import { checkerFor, judgeRecord } from "./judge-records.js";
import { buildPlan, type BuildPlan, type Language } from "./languages.js";
import type { HarnessJob, HarnessLimits, HarnessRecord, HarnessRunResult, RunHarnessOptions } from "./sandbox/run-harness.js";
import type { WarmRunResult } from "./sandbox/warm-sandbox.js";
import type { CodeGradeResult, CodeTestDetail, GradeCodeOptions } from "./types.js";

export type JobRunner = (job: HarnessJob, options: RunHarnessOptions) => Promise<HarnessRunResult | WarmRunResult>;

const MIB = 1 << 20;

export interface SlotContext {
  runJob: JobRunner;
  nproc: number | undefined;
  unsafe: boolean;
  cache: CompileCache;
}

/** Runs one program against its tests in one pool slot: build (or the cached binary), every test, then the checker program if any. */
export async function gradeInSlot(ctx: SlotContext, tests: CodeTests, program: string, language: Language, options: GradeCodeOptions): Promise<CodeGradeResult> {
  const timeLimitS = options.timeLimitS ?? tests.time_limit_s ?? 4;
  const memoryMb = options.memoryLimitMb ?? tests.memory_limit_mb ?? 1024;
  const outBytes = options.outputLimitBytes ?? 16 * MIB;
  const wallS = timeLimitS + Math.max(0.5, timeLimitS * 0.5);
  const compileS = options.compileTimeLimitS ?? 30;
  const checker = checkerFor(tests, options.checker);
  const scratch = ctx.unsafe ? mkdtempSync(join(tmpdir(), "rungs-unsafe-")) : "/tmp";
  const total = tests.inputs.length;
  const nproc = ctx.nproc ? { nproc: ctx.nproc } : {};
  const fsize = Math.min(outBytes, (options.scratchMb ?? 64) * MIB);
  const compileLimits = (plan: BuildPlan): HarnessLimits => ({ cpu_s: compileS, wall_s: compileS * 2 + 5, mem_bytes: plan.compileAsBytes, fsize_bytes: (options.scratchMb ?? 64) * MIB, ...nproc });
  const fail = (error: string, errorKind: string): CodeGradeResult => ({ score: null, passed: 0, total, verdicts: [], program, error, errorKind });
  try {
    // The checker first: a problem whose checker cannot be built is ungradable, whatever the program does.
    let checkerJob: Pick<HarnessJob, "run_argv" | "run_env" | "artifact"> | undefined;
    if (tests.checker_program !== undefined && tests.format === "stdin") {
      try {
        const plan = buildPlan("cpp", tests.checker_program, `${scratch}/build`, 1024, checkerIncludes(tests.checker_program, options.testlibPath));
        const artifact = await ensureBuilt(ctx, plan, compileLimits(plan), scratch, options);
        checkerJob = { run_argv: plan.runArgv, run_env: plan.runEnv, artifact };
      } catch (error) {
        if (error instanceof UngradableError) return fail(error.message, error.kind);
        throw error;
      }
    }

    let compiled: Partial<HarnessJob> = {};
    let plan: BuildPlan | undefined;
    if (language !== "python") {
      plan = buildPlan(language, program, `${scratch}/build`, memoryMb);
      const cached = ctx.cache.get(plan.key);
      if (cached && "error" in cached) return { ...compileErrorResult(tests, program, cached.error), language, compile: "cached" };
      compiled = {
        run_argv: plan.runArgv,
        run_env: plan.runEnv,
        ...(cached ? { artifact: cached.files } : { build: { files: plan.files, argv: plan.argv, limits: compileLimits(plan) } }),
      };
    }
    const limits: HarnessLimits = {
      cpu_s: timeLimitS, wall_s: wallS, mem_bytes: memoryMb * MIB, out_bytes: outBytes, fsize_bytes: fsize, ...nproc,
      ...(plan?.asBytes ? { as_bytes: plan.asBytes } : {}),
      ...(language === "cpp" ? { stack_bytes: Math.min(memoryMb, 256) * MIB } : {}),
    };
    const job: HarnessJob = {
      format: tests.format, program, tests: tests.inputs, fn_name: tests.fn_name, setup: tests.setup,
      ...(tests.prelude ? { prelude: tests.prelude } : {}),
      limits, stop_on_failure: options.stopOnFirstFailure ?? false, sandboxed: !ctx.unsafe, scratch, ...compiled,
    };
    let details: CodeTestDetail[] = [];
    const outputs = new Map<number, string>();
    const perRecordMs = (Math.max(wallS, compiled.build ? compileS * 2 + 5 : 0) + 5) * 1000;
    const attempt = () => {
      details = [];
      outputs.clear();
      return ctx.runJob(job, {
        startupMs: 30_000,
        perRecordMs,
        signal: options.signal,
        onRecord: (record) => {
          if (checkerJob && record.status === "ok" && record.utf8 !== false) {
            outputs.set(record.i, record.stdout ?? "");
            details[record.i] = { verdict: "passed", wallS: record.wall }; // until the checker says otherwise
            return true;
          }
          const detail = judgeRecord(tests, record, checker);
          details[record.i] = detail;
          return !(options.stopOnFirstFailure && detail.verdict !== "passed");
        },
      });
    };
    let run = await attempt();
    // A warm sandbox whose harness died mid-job is never scored: the job runs again in a new sandbox. A
    // program that kills that harness too is doing it itself, and gets what it gets in a fresh sandbox.
    if ("lost" in run && run.lost) run = await attempt();
    if (!run.ready) return fail(`verify code: the sandbox failed to start: ${run.stderr.trim().slice(0, 500) || `exit ${run.exitCode}`}`, "sandbox");
    if (plan && run.built) ctx.cache.set(plan.key, { files: run.built });
    if (run.compileError !== undefined) {
      if (plan && !run.compileError.startsWith("compilation ran out")) ctx.cache.set(plan.key, { error: run.compileError });
      return { ...compileErrorResult(tests, program, run.compileError), language, ...(plan ? { compile: "built" as const } : {}) };
    }
    for (let i = 0; i < total; i++) {
      if (details[i]) continue;
      if (run.killed === "stopped" || (job.stop_on_failure && run.ended)) details[i] = { verdict: "wrong_answer", reason: "not run: stopped at the first failure" };
      else if (run.killed === "deadline") details[i] = { verdict: "timeout", reason: "the sandbox overran its time" };
      else details[i] = { verdict: "runtime_error", reason: "the program killed the test harness" };
    }
    if (checkerJob && outputs.size > 0) {
      try {
        await runChecker(ctx, checkerJob, tests, outputs, details, scratch, options);
      } catch (error) {
        if (error instanceof UngradableError) return fail(error.message, error.kind);
        throw error;
      }
    }
    const verdicts = details.map((d) => d.verdict);
    const passed = verdicts.filter((v) => v === "passed").length;
    const compile = plan ? { compile: compiled.artifact ? ("cached" as const) : ("built" as const) } : {};
    return { score: passed / total, passed, total, verdicts, program, details, language, ...compile };
  } finally {
    if (ctx.unsafe) rmSync(scratch, { recursive: true, force: true });
  }
}

function compileErrorResult(tests: CodeTests, program: string, message: string): CodeGradeResult {
  return { score: 0, passed: 0, total: tests.inputs.length, verdicts: tests.inputs.map(() => "compile_error"), program, details: tests.inputs.map(() => ({ verdict: "compile_error", reason: message })) };
}

/** The checker's compiled files: from the cache, or built now by a job with no tests. A compile error makes the problem ungradable. */
async function ensureBuilt(ctx: SlotContext, plan: BuildPlan, limits: HarnessLimits, scratch: string, options: GradeCodeOptions): Promise<Record<string, string>> {
  const cached = ctx.cache.get(plan.key);
  if (cached && "files" in cached) return cached.files;
  if (!cached) {
    const job: HarnessJob = { format: "checker", program: "", tests: [], limits, sandboxed: !ctx.unsafe, scratch, run_argv: plan.runArgv, run_env: plan.runEnv, build: { files: plan.files, argv: plan.argv, limits } };
    const run = await ctx.runJob(job, { startupMs: 30_000, perRecordMs: (limits.wall_s + 5) * 1000, signal: options.signal });
    if (run.built) {
      ctx.cache.set(plan.key, { files: run.built });
      return run.built;
    }
    if (run.compileError === undefined) throw new UngradableError("ungradable", `verify code: the problem's checker could not be built: ${run.stderr.trim().slice(0, 300) || "the sandbox stopped"}`);
    if (!run.compileError.startsWith("compilation ran out")) ctx.cache.set(plan.key, { error: run.compileError });
    throw new UngradableError("ungradable", `verify code: the problem's checker does not compile: ${run.compileError.slice(0, 2000)}`);
  }
  throw new UngradableError("ungradable", `verify code: the problem's checker does not compile: ${cached.error.slice(0, 2000)}`);
}

/** Runs the checker on every test the program finished, in a job of its own (the answers enter no sandbox the program ran in). */
async function runChecker(ctx: SlotContext, checker: Pick<HarnessJob, "run_argv" | "run_env" | "artifact">, tests: CodeTests, outputs: Map<number, string>, details: CodeTestDetail[], scratch: string, options: GradeCodeOptions): Promise<void> {
  const order = [...outputs.keys()].sort((a, b) => a - b);
  const limits: HarnessLimits = { cpu_s: 10, wall_s: 20, mem_bytes: 1024 * MIB, out_bytes: MIB, fsize_bytes: 64 * MIB, ...(ctx.nproc ? { nproc: ctx.nproc } : {}) };
  const records: HarnessRecord[] = [];
  const job: HarnessJob = { format: "checker", program: "", tests: order.map((i) => checkerCase(tests, i, outputs.get(i)!)), limits, sandboxed: !ctx.unsafe, scratch, ...checker };
  const run = await ctx.runJob(job, { startupMs: 30_000, perRecordMs: 25_000, signal: options.signal, onRecord: (r) => (records.push(r), true) });
  if (run.compileError !== undefined) throw new UngradableError("ungradable", `verify code: the problem's checker could not be unpacked: ${run.compileError}`);
  for (let k = 0; k < order.length; k++) {
    const record = records.find((r) => r.i === k);
    const i = order[k]!;
    if (!record) throw new UngradableError("checker_failed", `verify code: the problem's checker gave no verdict on test ${i}`);
    details[i] = checkerVerdict(record, i, details[i]?.wallS);
  }
}
