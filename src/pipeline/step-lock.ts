import { acquireRunLock } from "../core/run-lock.js";
import { sweepLeftovers } from "../core/sweep-leftovers.js";
import { upgradeTimestampColumns } from "../core/upgrade-timestamps.js";
import type { StepContext, StepResult } from "../steps/step.js";

/**
 * Runs a step body holding the run folder's lock for `key` (the step, or step@shard): a second
 * writer of the same step and shard is refused at once, naming the holder. Under the lock, what
 * killed runs left is swept first, and parts an older rungs wrote with text timestamps are converted. Notices (a stale lock taken over, leftovers removed) become notes.
 */
export async function withStepLock<R extends StepResult>(key: string, step: string, ctx: StepContext, body: () => Promise<R>): Promise<R> {
  await ctx.run.ensure();
  const notes: string[] = [];
  const lock = await acquireRunLock(ctx.run, key, { label: step, onNotice: (message) => notes.push(message) });
  try {
    const swept = await sweepLeftovers(ctx.run);
    for (const target of swept.recovered) notes.push(`${step}: completed the replacement of ${target} that a killed run left half done`);
    for (const target of swept.restored) notes.push(`${step}: restored ${target}, which a killed run had moved aside`);
    if (swept.removed.length) notes.push(`${step}: removed ${swept.removed.length} leftovers of killed runs (e.g. ${swept.removed[0]})`);
    if (!swept.deferred) {
      // Runs written before created_at was typed: converted once, while no other writer can append to them.
      const converted = await upgradeTimestampColumns(ctx.run);
      if (converted.length) notes.push(`${step}: converted ISO-8601 text to timestamps in ${converted.length} part files written by an older rungs (e.g. ${converted[0]})`);
    }
    const result = await body();
    if (notes.length) result.notes = [...notes, ...(result.notes ?? [])];
    return result;
  } finally {
    await lock.release();
  }
}
