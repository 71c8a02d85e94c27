import { availableParallelism } from "node:os";
import pLimit from "p-limit";
import { CompileCache } from "./compile-cache.js";
import { gradeInSlot, type JobRunner } from "./grade-in-slot.js";
import { ToolchainMissingError } from "./languages.js";
import { prepareGrading } from "./prepare-grading.js";
import { createLauncher, SandboxUnavailableError } from "./sandbox/create-launcher.js";
import { runHarness, type HarnessLauncher } from "./sandbox/run-harness.js";
import { checkSandbox } from "./sandbox/check-sandbox.js";
import { WarmSlots } from "./sandbox/warm-slots.js";
import type { CodeGradeResult, CodeGrader, GradeCodeOptions } from "./types.js";

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
  const cache = new CompileCache();
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
        return await gradeInSlot({ runJob, nproc: launcher.nproc, unsafe, cache }, prepared.tests, prepared.program, prepared.language, options);
      } catch (error) {
        if (error instanceof ToolchainMissingError) return { score: null, passed: 0, total: prepared.tests.inputs.length, verdicts: [], program: prepared.program, error: error.message, errorKind: "toolchain" };
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
