import type { Domain } from "../../../schemas/problems.js";
import { UsageError } from "../../core/errors.js";
import { mathShare, planMix } from "./mix-plan.js";
import { seededRandom, shuffled } from "./seeded-shuffle.js";

export interface OrderOptions {
  /** Stage name, for messages and the seed. */
  stage: string;
  /** Seed of the order; with the stage name it decides every permutation. */
  seed: number;
  batchSize: number;
  /** Math:code ratio held in every batch; null for no constraint. */
  mix: { math: number; code: number; onShortfall: "error" | "shorten" } | null;
}

export interface TrainingOrder<T> {
  /** Items in training order. */
  items: T[];
  /** Batch index of each item (batch i = items i·B … i·B+B-1). */
  batchOf: number[];
  /** Items the ratio left out (only with `onShortfall: "shorten"`). */
  leftOut: T[];
  /** Warnings for the user (a shortened stage). */
  warnings: string[];
}

function fmtRatio(mix: { math: number; code: number }): string {
  return `${mix.math}:${mix.code}`;
}

/**
 * Puts a stage's items in training order: seeded and reproducible, and with a mix, every batch holds the
 * math:code ratio within one prompt. Items are first sorted by id so the order does not depend on how
 * the rows were read.
 */
export function trainingOrder<T extends { id: string; domain: Domain }>(all: readonly T[], { stage, seed, batchSize, mix }: OrderOptions): TrainingOrder<T> {
  const random = seededRandom(`rungs-order:${seed}:${stage}`);
  const sorted = [...all].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!mix) {
    const items = shuffled(sorted, random);
    return { items, batchOf: items.map((_, i) => Math.floor(i / batchSize)), leftOut: [], warnings: [] };
  }
  const math = shuffled(sorted.filter((r) => r.domain === "math"), random);
  const code = shuffled(sorted.filter((r) => r.domain === "code"), random);
  const plan = planMix(math.length, code.length, batchSize, mix);
  const warnings: string[] = [];
  if (!plan.complete) {
    const share = mathShare(mix);
    const perBatch = `${Math.round(batchSize * share)} math + ${batchSize - Math.round(batchSize * share)} code`;
    const filled = `${math.length} math and ${code.length} code rows fill ${plan.fullBatches} full batch${plan.fullBatches === 1 ? "" : "es"} of ${batchSize} at math:code ${fmtRatio(mix)} (${perBatch} per batch, within one prompt)`;
    if (mix.onShortfall === "error" || plan.fullBatches === 0) {
      throw new UsageError(
        `export: stage "${stage}": the ratio cannot be held with the rows available: ${filled}. ` +
          (plan.fullBatches === 0 ? "Lower the batch size or change the ratio." : `Set mix.onShortfall to "shorten" to write those ${plan.fullBatches} batches, or change the ratio.`),
      );
    }
  }
  const items: T[] = [];
  const batchOf: number[] = [];
  let mi = 0;
  let ci = 0;
  plan.sizes.forEach((size, b) => {
    const batch = [...math.slice(mi, mi + plan.math[b]), ...code.slice(ci, ci + size - plan.math[b])];
    mi += plan.math[b];
    ci += size - plan.math[b];
    for (const item of shuffled(batch, random)) {
      items.push(item);
      batchOf.push(b);
    }
  });
  const leftOut = [...math.slice(mi), ...code.slice(ci)];
  if (!plan.complete) {
    warnings.push(
      `export: stage "${stage}": shortened to ${plan.fullBatches} full batches to hold math:code ${fmtRatio(mix)}; ${math.length - mi} math and ${code.length - ci} code problems left out (listed in left-out.jsonl)`,
    );
  }
  return { items, batchOf, leftOut, warnings };
}
