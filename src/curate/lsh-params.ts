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
 * The (bands, rows) with bands × rows <= numPerm that minimise the equally weighted areas of false
 * positives (below the threshold) and false negatives (above it) of the banding S-curve: the
 * choice datasketch's MinHashLSH makes. False positives only cost a signature comparison, false
 * negatives are missed duplicates, so ties go to more bands.
 */
export function lshParams(threshold: number, numPerm: number): LshParams {
  let best: LshParams = { bands: 1, rows: numPerm };
  let bestError = Number.POSITIVE_INFINITY;
  for (let bands = 1; bands <= numPerm; bands++) {
    const maxRows = Math.floor(numPerm / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const fp = integrate((s) => candidateProbability(s, bands, rows), 0, threshold);
      const fn = integrate((s) => 1 - candidateProbability(s, bands, rows), threshold, 1);
      const error = 0.5 * fp + 0.5 * fn;
      if (error <= bestError) {
        bestError = error;
        best = { bands, rows };
      }
    }
  }
  return best;
}
