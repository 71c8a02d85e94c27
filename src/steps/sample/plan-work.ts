import type { Problem } from "../../../schemas/problems.js";
import { hashUnit } from "../../core/hash.js";
import type { Shard } from "../step.js";
import { UsageError } from "../../core/errors.js";

/** One request's worth of work: the missing samples of one aligned chunk of (problem, model). */
export interface SampleUnit {
  problem: Problem;
  /** Model id (as in the pipeline). */
  model: string;
  /** First sample index of the chunk (a multiple of requestSize). */
  start: number;
  /**
   * First sample index the request asks (choice 0), with the chunk's seed + (from - start): a later part
   * of the chunk, as adaptive sampling's growing requests ask it. @default start
   */
  from?: number;
  /** Missing sample indices in [start, start + requestSize), ascending. */
  indices: number[];
}

/** Keys already stored: `${model}\t${problemId}\t${sampleIndex}`. */
export type RolloutKeySet = ReadonlySet<string>;

export function rolloutKey(model: string, problemId: string, sampleIndex: number): string {
  return `${model}\t${problemId}\t${sampleIndex}`;
}

export interface PlanWorkOptions {
  /** Samples per (problem, model). @default 16 */
  samples?: number;
  /** Samples per request; chunks are aligned to multiples of it. @default 4 */
  requestSize?: number;
  /** Only problems whose id hash falls in this shard. @default all */
  shard?: Shard;
}

/** True when the problem belongs to the shard (split by id hash, so every machine agrees). */
export function inShard(problemId: string, shard: Shard | undefined): boolean {
  if (!shard || shard.count <= 1) return true;
  return Math.min(shard.count - 1, Math.floor(hashUnit(`shard:${problemId}`) * shard.count)) === shard.index;
}

/**
 * Work = problems × models × sample indices, minus what is stored, grouped in aligned chunks.
 * Problem-major order, models interleaved, so every model's servers get work from the start.
 */
export function planWork(
  problems: Iterable<Problem>,
  models: readonly string[],
  existing: RolloutKeySet,
  { samples = 16, requestSize = 4, shard }: PlanWorkOptions = {},
): SampleUnit[] {
  if (!Number.isInteger(samples) || samples < 1) throw new UsageError(`sample: samples must be an integer from 1 up, got ${samples}`);
  if (!Number.isInteger(requestSize) || requestSize < 1) throw new UsageError(`sample: requestSize must be an integer from 1 up, got ${requestSize}`);
  const units: SampleUnit[] = [];
  for (const problem of problems) {
    if (!inShard(problem.id, shard)) continue;
    for (const model of models) {
      for (let start = 0; start < samples; start += requestSize) {
        const indices: number[] = [];
        for (let i = start; i < Math.min(start + requestSize, samples); i++) {
          if (!existing.has(rolloutKey(model, problem.id, i))) indices.push(i);
        }
        if (indices.length) units.push({ problem, model, start, indices });
      }
    }
  }
  return units;
}
