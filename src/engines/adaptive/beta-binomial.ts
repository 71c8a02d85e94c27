/**
 * Prior on a (problem, model) pass rate for value-policy adaptive sampling: uniform, Beta(1, 1). With k
 * passes of d drawn samples the posterior is Beta(1 + k, 1 + d - k).
 */
export const PASS_RATE_PRIOR = { alpha: 1, beta: 1 } as const;

/**
 * Posterior predictive of the passes among the `remaining` undrawn samples, given `passes` of `drawn`:
 * beta-binomial(remaining, alpha + passes, beta + drawn - passes). Entry j is P(j more passes).
 * Computed by the ratio P(j+1)/P(j) and normalized, so no gamma function is needed.
 */
export function remainingPassesPmf(passes: number, drawn: number, remaining: number, prior = PASS_RATE_PRIOR): number[] {
  const a = prior.alpha + passes;
  const b = prior.beta + drawn - passes;
  const weights = [1];
  for (let j = 0; j < remaining; j++) weights.push(weights[j] * ((remaining - j) / (j + 1)) * ((j + a) / (remaining - j - 1 + b)));
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}
