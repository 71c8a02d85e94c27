/**
 * How many math prompts go in each batch so that every batch holds the math:code ratio within one
 * prompt: a batch of size s holds floor(s·p) or ceil(s·p) math prompts, p = math / (math + code).
 */
export interface MixPlan {
  /** Size of each batch, in order; only the last may be smaller than the batch size. */
  sizes: number[];
  /** Math prompts in each batch. */
  math: number[];
  /** True when every row fits (each problem once); false when only the full batches the rows fill were planned. */
  complete: boolean;
  /** Full batches the rows fill at this ratio (what `shorten` writes). */
  fullBatches: number;
}

/** Math share of a ratio. */
export function mathShare(ratio: { math: number; code: number }): number {
  return ratio.math / (ratio.math + ratio.code);
}

function spread(sizes: number[], share: number, mathTotal: number): number[] {
  const floors = sizes.map((s) => Math.floor(s * share + 1e-9));
  const eligible = sizes.map((s, i) => i).filter((i) => floors[i] < Math.ceil(sizes[i] * share - 1e-9));
  let extras = mathTotal - floors.reduce((a, b) => a + b, 0);
  const math = [...floors];
  // Bresenham over the batches that can take one more, so the extra math prompts spread evenly.
  const total = extras;
  for (let e = 0; e < eligible.length && extras > 0; e++) {
    if (Math.floor(((e + 1) * total) / eligible.length) > Math.floor((e * total) / eligible.length)) {
      math[eligible[e]] += 1;
      extras -= 1;
    }
  }
  return math;
}

/** Largest k such that k full batches can be filled from the rows while holding the ratio. */
export function fullBatchesAt(mathRows: number, codeRows: number, batchSize: number, share: number): number {
  const lo = Math.floor(batchSize * share + 1e-9);
  const hi = Math.ceil(batchSize * share - 1e-9);
  for (let k = Math.floor((mathRows + codeRows) / batchSize); k > 0; k--) {
    if (Math.max(k * lo, k * batchSize - codeRows) <= Math.min(k * hi, mathRows)) return k;
  }
  return 0;
}

/** Plans the batches of a mixed stage: every row when the ratio allows, else only the full batches (complete = false). */
export function planMix(mathRows: number, codeRows: number, batchSize: number, ratio: { math: number; code: number }): MixPlan {
  const share = mathShare(ratio);
  const total = mathRows + codeRows;
  const sizes: number[] = [];
  for (let left = total; left > 0; left -= batchSize) sizes.push(Math.min(batchSize, left));
  const lo = sizes.reduce((a, s) => a + Math.floor(s * share + 1e-9), 0);
  const hi = sizes.reduce((a, s) => a + Math.ceil(s * share - 1e-9), 0);
  const fullBatches = fullBatchesAt(mathRows, codeRows, batchSize, share);
  if (mathRows >= lo && mathRows <= hi) return { sizes, math: spread(sizes, share, mathRows), complete: true, fullBatches };
  const k = fullBatches;
  const fullSizes = Array.from({ length: k }, () => batchSize);
  const minMath = Math.max(k * Math.floor(batchSize * share + 1e-9), k * batchSize - codeRows);
  const maxMath = Math.min(k * Math.ceil(batchSize * share - 1e-9), mathRows);
  const mathTotal = Math.min(maxMath, Math.max(minMath, Math.round(k * batchSize * share)));
  return { sizes: fullSizes, math: spread(fullSizes, share, mathTotal), complete: false, fullBatches };
}
