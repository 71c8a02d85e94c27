import type { ImportedPassRates, RawRow } from "../../../engines/config/source-spec.js";
import type { LayoutAdapter, AdapterOptions } from "./adapter.js";
import { FieldError, optionalString, requireString, typeName } from "./fields.js";

/**
 * Pass-rate columns recognised without a map: `<model>_pass_rate`, `pass_rate_<model>`, `<model>_passrate`.
 * AM-Math-Difficulty-RL's real column names are UNCONFIRMED (dataset-layouts.md §3), so a source can
 * name them exactly with `passRateColumns: { column: "org/model" }`.
 */
const PASS_RATE_PATTERNS = [/^(.+?)[_-]pass[_-]?rate$/i, /^pass[_-]?rate[_-](.+)$/i];

/** The model a column's pass rates belong to, or undefined when the column is not a pass rate. */
export function passRateModel(column: string, map: Record<string, string> = {}): string | undefined {
  if (column in map) return map[column];
  if (Object.keys(map).length > 0) return undefined;
  for (const pattern of PASS_RATE_PATTERNS) {
    const m = pattern.exec(column);
    if (m) return m[1];
  }
  return undefined;
}

/** Smallest n <= 64 with rate * n an integer: the sample count a rate like 0.375 implies (8). */
export function impliedSamples(rate: number): number {
  for (let n = 1; n <= 64; n++) if (Math.abs(rate * n - Math.round(rate * n)) < 1e-6) return n;
  return 64;
}

/** Imported pass rates of a row, from the recognised columns; null cells are skipped. */
export function importPassRates(row: RawRow, { passRateColumns = {}, passRateSamples }: AdapterOptions): ImportedPassRates {
  const rates: ImportedPassRates = {};
  for (const [column, raw] of Object.entries(row)) {
    const model = passRateModel(column, passRateColumns);
    if (!model || raw === null || raw === undefined || raw === "") continue;
    const value = typeof raw === "string" ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isFinite(value)) throw new FieldError("wrong_type", `field "${column}" must be a number, got ${typeName(raw)}`);
    if (value < 0 || value > 1) throw new FieldError("bad_value", `field "${column}" must be a pass rate in [0, 1], got ${value}`);
    rates[model] = { pass_rate: value, samples: passRateSamples ?? impliedSamples(value) };
  }
  return rates;
}

/** a-m-team/AM-Math-Difficulty-RL: `question` (or `problem`), `answer`, and per-model pass-rate columns → imported difficulty. */
export const amDifficultyAdapter: LayoutAdapter = {
  name: "am-difficulty",
  describes: "a-m-team/AM-Math-Difficulty-RL (question, answer, <model>_pass_rate columns; or passRateColumns map)",
  detect: (c) => (c.has("question") || c.has("problem")) && c.has("answer") && [...c].some((col) => passRateModel(col) !== undefined),
  adapt(row, options) {
    const prompt = requireString(row, "question" in row ? "question" : "problem");
    const answer = optionalString(row, "answer")?.trim() || null;
    const passRates = importPassRates(row, options);
    const meta: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (["question", "problem", "answer"].includes(k) || passRateModel(k, options.passRateColumns) || v === null || v === undefined) continue;
      meta[k] = v;
    }
    return { domain: "math", prompt, answer, meta, passRates };
  },
};
