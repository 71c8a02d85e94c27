/**
 * Worker-thread pool for bulk verification. Each worker runs `verifyMath` with its own time budget; if a check
 * overruns that budget anyway (a pathological input the guards missed), the pool terminates the worker, reports
 * `timeout` for that pair and starts a replacement. A worker that dies is replaced and its pair reported as `error`.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { extractAnswer, extractGold } from "./extract-answer.js";
import type { MathReason, MathVerdict, MathVerifierPool, VerifyMathOptions } from "./types.js";
import { verdict } from "./verify-math.js";
import { startVerifierWorker } from "./worker-script.js";

export interface MathVerifierPoolOptions {
  /** Worker threads. @default os.availableParallelism() */
  threads?: number;
  /** Extra time past a check's budget before its worker is terminated, in ms. @default 1000 */
  killGraceMs?: number;
  /** Worker script speaking the pool's message protocol; tests swap in a misbehaving one. @default the verifier's worker (see worker-script.ts) */
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
  /** Killed for overrunning: gets no more work while it terminates. */
  retired: boolean;
  /** Sent to the worker, in order; the first is running, the rest wait in its message queue. */
  jobs: Job[];
  timer: NodeJS.Timeout | null;
}

/** Checks sent ahead to a worker, so it never waits for a round trip through the main thread. */
const PIPELINE_DEPTH = 8;
const MAX_FAILED_STARTS = 3;

export function createMathVerifierPool(options: MathVerifierPoolOptions = {}): MathVerifierPool {
  const { threads = availableParallelism(), killGraceMs = 1000, workerEntry } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new TypeError("Expected `threads` to be an integer from 1 and up");
  const queue: Job[] = [];
  const slots = new Set<Slot>();
  let nextId = 0;
  let closed = false;
  /** Workers that died before they were ready, in a row: past a few, starting more is pointless. */
  let failedStarts = 0;
  let startError: Error | null = null;

  const spawn = (): void => {
    const slot: Slot = { worker: startVerifierWorker(workerEntry), ready: false, retired: false, jobs: [], timer: null };
    slots.add(slot);
    slot.worker.on("message", (message: { ready?: true; id?: number; verdict?: MathVerdict }) => {
      if (message.ready) {
        slot.ready = true;
        failedStarts = 0;
      }
      else if (slot.jobs[0]?.id === message.id) {
        slot.jobs.shift()!.resolve(message.verdict!);
        armTimer(slot);
      }
      dispatch();
    });
    slot.worker.on("error", (error) => {
      if (!slot.ready) startError = error; // the exit handler settles the jobs
    });
    slot.worker.on("exit", () => {
      slots.delete(slot);
      if (!slot.ready && !closed && ++failedStarts >= MAX_FAILED_STARTS) {
        closed = true;
        const error = new Error(`math: verifier workers fail to start (${startError?.message ?? "exited"})`);
        for (const job of queue.splice(0)) job.reject(error);
      }
      if (slot.timer) clearTimeout(slot.timer);
      const [running, ...waiting] = slot.jobs;
      slot.jobs = [];
      if (running) running.resolve(fallbackVerdict(running, "error"));
      queue.unshift(...waiting); // never started: give them to another worker
      if (!closed && (queue.length > 0 || slots.size < threads)) spawn();
      dispatch();
    });
  };

  /** The running check's deadline: its own budget plus grace, counted from when it started. */
  const armTimer = (slot: Slot): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const job = slot.jobs[0];
    if (!job) return;
    slot.timer = setTimeout(() => {
      // stuck past its own budget: report the timeout, abandon the worker (the exit handler replaces it)
      slot.jobs.shift();
      slot.timer = null;
      slot.retired = true;
      job.resolve(fallbackVerdict(job, "timeout"));
      void slot.worker.terminate();
    }, (job.options?.timeoutMs ?? 2000) + killGraceMs);
  };

  const dispatch = (): void => {
    if (closed) return; // stopping workers stay ref'd until they exit
    for (const slot of slots) {
      if (!slot.ready || slot.retired) continue;
      while (slot.jobs.length < PIPELINE_DEPTH && queue.length > 0) {
        const job = queue.shift()!;
        slot.jobs.push(job);
        if (slot.jobs.length === 1) armTimer(slot);
        slot.worker.postMessage({ id: job.id, gold: job.gold, response: job.response, options: job.options });
      }
      if (slot.jobs.length > 0) slot.worker.ref();
      else slot.worker.unref(); // an idle pool never keeps the process alive
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
      for (const slot of slots) for (const job of slot.jobs.splice(0)) job.reject(new Error("math: verifier pool closed before this check finished"));
      await Promise.all([...slots].map(stopWorker));
    },
  };
}

/**
 * Asks an idle worker to exit by itself, terminating it only if it does not: on Node 20, terminate() of a
 * worker that registered loader hooks sometimes never settles, which would hang close().
 */
function stopWorker(slot: Slot): Promise<void> {
  return new Promise((resolve) => {
    slot.worker.once("exit", () => resolve());
    slot.worker.ref(); // an idle worker is unref'd: without this the process could exit before close() settles
    slot.worker.postMessage({ close: true });
    const timer = setTimeout(() => {
      void slot.worker.terminate();
      resolve();
    }, 2000);
    timer.unref();
  });
}

/** The verdict for a check the pool had to abandon: extraction is linear-time, so it is still safe to report. */
function fallbackVerdict(job: Job, reason: MathReason): MathVerdict {
  try {
    return verdict(false, typeof job.response === "string" ? extractAnswer(job.response) : null, typeof job.gold === "string" ? extractGold(job.gold) : null, reason);
  } catch {
    return verdict(false, null, null, reason);
  }
}
