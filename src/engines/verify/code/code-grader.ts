import { availableParallelism } from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pLimit from "p-limit";
import { checkerFor, judgeRecord } from "./judge-records.js";
import { prepareGrading } from "./prepare-grading.js";
import { createLauncher, SandboxUnavailableError } from "./sandbox/create-launcher.js";
import { runHarness, type HarnessJob, type HarnessLauncher, type HarnessRunResult, type RunHarnessOptions } from "./sandbox/run-harness.js";
import { checkSandbox } from "./sandbox/check-sandbox.js";
import { WarmSlots } from "./sandbox/warm-slots.js";
import type { WarmRunResult } from "./sandbox/warm-sandbox.js";
import type { CodeGradeResult, CodeGrader, CodeTestDetail, GradeCodeOptions } from "./types.js";

export interface CreateCodeGraderOptions {
  /** Programs graded at once (one sandbox each). @default the machine's cores */
  concurrency?: number;
  /** Run programs on the host without bubblewrap. Only for code you trust. @default false */
  unsafe?: boolean;
  /** Python interpreter for the sandbox. @default the system python3 under /usr */
  python?: string;
  /** Defaults for every grade() call; per-call options override them. */
  defaults?: GradeCodeOptions;
  /**
   * "warm": each slot keeps one sandbox whose harness serves program after program (each in fresh forked
   * children, everything they leave wiped in between); "fresh": a new sandbox per program. Unsafe mode is
   * always fresh. @default "warm"
   */
  sandbox?: "warm" | "fresh";
  /** Warm mode: a slot's sandbox is replaced after this many programs (defence in depth). @default 200 */
  recycleAfter?: number;
}

const MIB = 1 << 20;
/** Graders in this process: each slot's pids cgroup is named after its grader, so two graders never share one. */
let graders = 0;

/** A pool of sandboxes sized to the cores; each slot has its own pids cgroup. */
export function createCodeGrader({ concurrency = availableParallelism(), unsafe = false, python, defaults = {}, sandbox = "warm", recycleAfter = 200 }: CreateCodeGraderOptions = {}): CodeGrader {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`Expected \`concurrency\` to be a number from 1 and up, got ${concurrency}`);
  if (!Number.isInteger(recycleAfter) || recycleAfter < 1) throw new TypeError(`Expected \`recycleAfter\` to be a number from 1 and up, got ${recycleAfter}`);
  if (sandbox !== "warm" && sandbox !== "fresh") throw new TypeError(`Expected \`sandbox\` to be "warm" or "fresh", got ${JSON.stringify(sandbox)}`);
  const warm = sandbox === "warm" && !unsafe ? new WarmSlots(recycleAfter) : null;
  const limit = pLimit(concurrency);
  const free: number[] = Array.from({ length: concurrency }, (_, i) => i);
  const launchers = new Map<string, HarnessLauncher & { nproc?: number }>();
  const graderId = ++graders;
  let closed = false;
  const launcherFor = (slot: number, opts: GradeCodeOptions) => {
    const key = `${slot}:${opts.maxProcesses ?? 32}:${opts.scratchMb ?? 64}`;
    let launcher = launchers.get(key);
    if (!launcher) {
      launcher = createLauncher({ unsafe, python, slot: `g${graderId}-${slot}-${launchers.size}`, maxProcesses: opts.maxProcesses ?? 32, scratchBytes: (opts.scratchMb ?? 64) * MIB });
      launchers.set(key, launcher);
    }
    return launcher;
  };

  const grade = async (tests: unknown, response: string, callOptions: GradeCodeOptions = {}): Promise<CodeGradeResult> => {
    if (closed) throw new Error("verify code: the grader is closed");
    const options = { ...defaults, ...callOptions };
    const prepared = prepareGrading(tests, response, options);
    if ("done" in prepared) return prepared.done;
    if (!unsafe) {
      const status = await checkSandbox();
      if (!status.ok) return { score: null, passed: 0, total: prepared.tests.inputs.length, verdicts: [], program: prepared.program, error: status.reason, errorKind: "sandbox" };
    }
    return limit(async () => {
      const slot = free.pop()!;
      try {
        const launcher = launcherFor(slot, options);
        const runJob: JobRunner = warm ? (job, o) => warm.run(slot, launcher, job, o) : (job, o) => runHarness(launcher, job, o);
        return await gradeInSlot(runJob, launcher.nproc, prepared.tests, prepared.program, options, unsafe);
      } catch (error) {
        if (error instanceof SandboxUnavailableError || !options.signal?.aborted) {
          return { score: null, passed: 0, total: prepared.tests.inputs.length, verdicts: [], program: prepared.program, error: (error as Error).message, errorKind: "sandbox" };
        }
        throw error;
      } finally {
        free.push(slot);
      }
    });
  };

  return {
    grade,
    async close() {
      closed = true;
      limit.clearQueue();
      await warm?.close();
      for (const l of launchers.values()) l.cgroup?.remove();
      launchers.clear();
    },
  };
}

type JobRunner = (job: HarnessJob, options: RunHarnessOptions) => Promise<HarnessRunResult | WarmRunResult>;

async function gradeInSlot(runJob: JobRunner, nproc: number | undefined, tests: import("../../../../schemas/code-tests.js").CodeTests, program: string, options: GradeCodeOptions, unsafe: boolean): Promise<CodeGradeResult> {
  const timeLimitS = options.timeLimitS ?? tests.time_limit_s ?? 4;
  const memoryMb = options.memoryLimitMb ?? tests.memory_limit_mb ?? 1024;
  const outBytes = options.outputLimitBytes ?? 16 * MIB;
  const wallS = timeLimitS + Math.max(0.5, timeLimitS * 0.5);
  const checker = checkerFor(tests, options.checker);
  const scratch = unsafe ? mkdtempSync(join(tmpdir(), "rungs-unsafe-")) : "/tmp";
  const job: HarnessJob = {
    format: tests.format,
    program,
    tests: tests.inputs,
    fn_name: tests.fn_name,
    setup: tests.setup,
    ...(tests.prelude ? { prelude: tests.prelude } : {}),
    limits: { cpu_s: timeLimitS, wall_s: wallS, mem_bytes: memoryMb * MIB, out_bytes: outBytes, fsize_bytes: Math.min(outBytes, (options.scratchMb ?? 64) * MIB), ...(nproc ? { nproc } : {}) },
    stop_on_failure: options.stopOnFirstFailure ?? false,
    sandboxed: !unsafe,
    scratch,
  };
  let details: CodeTestDetail[] = [];
  try {
    const attempt = () => {
      details = [];
      return runJob(job, {
        startupMs: 30_000,
        perRecordMs: (wallS + 5) * 1000,
        signal: options.signal,
        onRecord: (record) => {
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
    const total = tests.inputs.length;
    if (!run.ready) {
      return { score: null, passed: 0, total, verdicts: [], program, error: `verify code: the sandbox failed to start: ${run.stderr.trim().slice(0, 500) || `exit ${run.exitCode}`}`, errorKind: "sandbox" };
    }
    if (run.compileError !== undefined) {
      return { score: 0, passed: 0, total, verdicts: tests.inputs.map(() => "compile_error"), program, details: tests.inputs.map(() => ({ verdict: "compile_error", reason: run.compileError })) };
    }
    for (let i = 0; i < total; i++) {
      if (details[i]) continue;
      if (run.killed === "stopped" || (job.stop_on_failure && run.ended)) details[i] = { verdict: "wrong_answer", reason: "not run: stopped at the first failure" };
      else if (run.killed === "deadline") details[i] = { verdict: "timeout", reason: "the sandbox overran its time" };
      else details[i] = { verdict: "runtime_error", reason: "the program killed the test harness" };
    }
    const verdicts = details.map((d) => d.verdict);
    const passed = verdicts.filter((v) => v === "passed").length;
    return { score: passed / total, passed, total, verdicts, program, details };
  } finally {
    if (unsafe) rmSync(scratch, { recursive: true, force: true });
  }
}
