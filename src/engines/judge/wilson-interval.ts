/** A rate estimated from `successes` of `n`, with its 95% Wilson score interval (null when n = 0). */
export interface RateEstimate {
  successes: number;
  n: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

/**
 * The Wilson score interval: unlike the normal approximation it stays inside [0, 1] and is sensible for
 * rates near 0 or 1 and small n, which is where a verifier's error rates live.
 */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): RateEstimate {
  if (!Number.isInteger(n) || n < 0 || successes < 0 || successes > n) throw new RangeError(`wilsonInterval: expected 0 <= successes <= n, got ${successes} of ${n}`);
  if (n === 0) return { successes, n, rate: null, low: null, high: null };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { successes, n, rate: p, low: Math.max(0, center - half), high: Math.min(1, center + half) };
}
