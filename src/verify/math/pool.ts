/**
 * Worker-thread pool for bulk verification. Each worker runs `verifyMath` with its own time budget; if a check
 * overruns that budget anyway (a pathological input the guards missed), the pool terminates the worker, reports
 * `timeout` for that pair and starts a replacement. A worker that dies is replaced and its pair reported as `error`.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { extractAnswer, extractGold } from "./extract-answer.js";
import type { MathReason, MathVerdict, MathVerifierPool, VerifyMathOptions } from "./types.js";
import { verdict } from "./verify-math.js";

export interface MathVerifierPoolOptions {
  /** Worker threads. @default os.availableParallelism() */
  threads?: number;
  /** Extra time past a check's budget before its worker is terminated, in ms. @default 1000 */
  killGraceMs?: number;
  /** Worker script speaking the pool's message protocol; tests swap in a misbehaving one. @default the verifier's worker */
  workerEntry?: URL;
}

interface Job {
  id: number;
  gold: string;
  response: string;
  options?: VerifyMathOptions;
  resolve(verdict: MathVerdict): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const ENTRY = new URL("./verify-worker-entry.mjs", import.meta.url);

export function createMathVerifierPool(options: MathVerifierPoolOptions = {}): MathVerifierPool {
  const { threads = availableParallelism(), killGraceMs = 1000, workerEntry = ENTRY } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new TypeError("Expected `threads` to be an integer from 1 and up");
  const queue: Job[] = [];
  const slots = new Set<Slot>();
  let nextId = 0;
  let closed = false;

  const spawn = (): void => {
    const slot: Slot = { worker: new Worker(workerEntry), ready: false, job: null, timer: null };
    slots.add(slot);
    slot.worker.on("message", (message: { ready?: true; id?: number; verdict?: MathVerdict }) => {
      if (message.ready) slot.ready = true;
      else if (slot.job && message.id === slot.job.id) finish(slot, message.verdict!);
      dispatch();
    });
    slot.worker.on("error", () => {}); // the exit handler settles the job
    slot.worker.on("exit", () => {
      slots.delete(slot);
      if (slot.timer) clearTimeout(slot.timer);
      const job = slot.job;
      slot.job = null;
      if (job) job.resolve(fallbackVerdict(job, "error"));
      if (!closed && (queue.length > 0 || slots.size < threads)) spawn();
      dispatch();
    });
  };

  const finish = (slot: Slot, result: MathVerdict): void => {
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job!;
    slot.job = null;
    slot.timer = null;
    job.resolve(result);
  };

  const dispatch = (): void => {
    for (const slot of slots) {
      if (!slot.ready) continue;
      if (slot.job === null && queue.length > 0) {
        const job = queue.shift()!;
        slot.job = job;
        slot.worker.ref();
        const budget = job.options?.timeoutMs ?? 2000;
        slot.timer = setTimeout(() => {
          // the worker is stuck past its own budget: abandon it, report the timeout, replace it (exit handler)
          slot.job = null;
          slot.timer = null;
          slot.ready = false; // retired: no new work while it is terminated
          job.resolve(fallbackVerdict(job, "timeout"));
          void slot.worker.terminate();
        }, budget + killGraceMs);
        slot.worker.postMessage({ id: job.id, gold: job.gold, response: job.response, options: job.options });
      }
      if (slot.job === null) slot.worker.unref(); // an idle pool never keeps the process alive
    }
  };

  return {
    verify(gold, response, verifyOptions) {
      if (closed) return Promise.reject(new Error("math: verifier pool is closed"));
      if (slots.size === 0) for (let i = 0; i < threads; i++) spawn();
      return new Promise<MathVerdict>((resolve, reject) => {
        queue.push({ id: nextId++, gold, response, options: verifyOptions, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error("math: verifier pool closed before this check ran"));
      await Promise.all([...slots].map((slot) => slot.worker.terminate()));
    },
  };
}

/** The verdict for a check the pool had to abandon: extraction is linear-time, so it is still safe to report. */
function fallbackVerdict(job: Job, reason: MathReason): MathVerdict {
  try {
    return verdict(false, typeof job.response === "string" ? extractAnswer(job.response) : null, typeof job.gold === "string" ? extractGold(job.gold) : null, reason);
  } catch {
    return verdict(false, null, null, reason);
  }
}
