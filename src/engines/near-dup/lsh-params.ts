/** Probability that two sets of Jaccard similarity s share at least one of b bands of r rows. */
export function candidateProbability(s: number, bands: number, rows: number): number {
  return 1 - (1 - s ** rows) ** bands;
}

function integrate(f: (s: number) => number, a: number, b: number, steps = 200): number {
  const h = (b - a) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(a + (i + 0.5) * h);
  return sum * h;
}

export interface LshParams {
  bands: number;
  rows: number;
}

/**
 * The (bands, rows) with bands × rows <= numPerm that minimise the weighted areas of false
 * positives (below the threshold) and false negatives (above it) of the banding S-curve, as
 * datasketch's MinHashLSH does. datasketch weighs both 0.5; here a false positive only costs one
 * signature comparison (every candidate is verified), while a false negative is a missed duplicate,
 * so false positives weigh 0.05: at 0.85 that gives 12 bands of 10 rows, P(candidate) = 0.93 at
 * the threshold and 0.99 at 0.9 (0.46 and 0.81 with equal weights).
 */
export function lshParams(threshold: number, numPerm: number, falsePositiveWeight = 0.05): LshParams {
  const key = `${threshold}/${numPerm}/${falsePositiveWeight}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let best: LshParams = { bands: 1, rows: numPerm };
  let bestError = Number.POSITIVE_INFINITY;
  for (let bands = 1; bands <= numPerm; bands++) {
    const maxRows = Math.floor(numPerm / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const fp = integrate((s) => candidateProbability(s, bands, rows), 0, threshold);
      const fn = integrate((s) => 1 - candidateProbability(s, bands, rows), threshold, 1);
      const error = falsePositiveWeight * fp + (1 - falsePositiveWeight) * fn;
      if (error <= bestError) {
        bestError = error;
        best = { bands, rows };
      }
    }
  }
  cache.set(key, best);
  return best;
}

const cache = new Map<string, LshParams>();
