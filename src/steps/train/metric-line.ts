/** One metrics line a trainer printed: its step and numeric values. */
export interface MetricLine {
  step: number;
  metrics: Record<string, number>;
}

const STEP = /(?:^|\s|\()step:(\d+)(?:\s+-\s+|\s*$)/;

/**
 * Parses verl's console metrics line, `step:12 - actor/loss:0.113 - val-core/lighteval/MATH/reward/mean@1:0.42`
 * (verl joins `key:value` pairs with " - "; values are numbers, `nan` or `inf`). The line may carry a
 * prefix (Ray prints `(TaskRunner pid=123)` before it). Returns undefined for any other line.
 */
export function parseMetricLine(line: string): MetricLine | undefined {
  const match = STEP.exec(line);
  if (!match) return undefined;
  const metrics: Record<string, number> = {};
  for (const part of line.slice(match.index + match[0].length).split(" - ")) {
    const colon = part.lastIndexOf(":");
    if (colon <= 0) continue;
    const key = part.slice(0, colon).trim();
    const text = part.slice(colon + 1).trim().toLowerCase();
    const value = text === "nan" ? Number.NaN : text === "inf" ? Infinity : text === "-inf" ? -Infinity : text === "true" ? 1 : text === "false" ? 0 : Number(text);
    if (key && text && (!Number.isNaN(value) || text === "nan")) metrics[key] = value;
  }
  return { step: Number(match[1]), metrics };
}

/** The validation score of a metrics line: the mean of the finite values whose names match `pattern`; undefined when none does. */
export function validationScore(line: MetricLine, pattern: RegExp): number | undefined {
  const values = Object.entries(line.metrics)
    .filter(([key, value]) => pattern.test(key) && Number.isFinite(value))
    .map(([, value]) => value);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}
