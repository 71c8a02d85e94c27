import { DOMAINS, type Problem } from "../../../schemas/problems.js";
import { problemId } from "../../core/problem-id.js";
import type { AdapterOptions, LayoutAdapter } from "./adapters/adapter.js";
import { FieldError, typeName } from "./adapters/fields.js";
import type { AdaptedRow, ImportedPassRates, RawRow, RowMapper } from "../../engines/config/source-spec.js";

/** A row turned into a problem (with imported pass rates), or a reason to quarantine it. */
export type AdaptOutcome = { problem: Problem; passRates?: ImportedPassRates } | { reason: string; detail: string };

const OPTIONAL_TEXT = ["answer", "tests", "solution"] as const;

/** Checks what a (possibly user-written) mapper returned, naming the bad field. */
function checkAdapted(adapted: AdaptedRow): AdaptOutcome | undefined {
  if (!adapted || typeof adapted !== "object") return { reason: "bad_mapper_result", detail: `the adapter returned ${typeName(adapted)}, expected an object` };
  if ("reject" in adapted) return { reason: String(adapted.reject), detail: adapted.detail ?? String(adapted.reject) };
  if (!DOMAINS.includes(adapted.domain)) return { reason: "bad_value", detail: `domain must be one of ${DOMAINS.join(", ")}, got ${JSON.stringify(adapted.domain ?? null)}` };
  if (typeof adapted.prompt !== "string") return { reason: "wrong_type", detail: `prompt must be a string, got ${typeName(adapted.prompt)}` };
  if (adapted.prompt.trim() === "") return { reason: "missing_field", detail: "prompt is empty" };
  for (const key of OPTIONAL_TEXT) {
    const v = adapted[key];
    if (v !== undefined && v !== null && typeof v !== "string") return { reason: "wrong_type", detail: `${key} must be a string or null, got ${typeName(v)}` };
  }
  return undefined;
}

/**
 * Runs an adapter on one raw row and builds the problems-contract row: `id = problemId(domain, prompt)`,
 * `source_id` = the dataset's own id or the row's locator. Never throws for a bad row.
 */
export function adaptRow(
  row: RawRow,
  location: string,
  adapter: LayoutAdapter | RowMapper,
  { source, options }: { source: string; options: AdapterOptions },
): AdaptOutcome {
  let adapted: AdaptedRow;
  try {
    adapted = typeof adapter === "function" ? adapter(row) : adapter.adapt(row, options);
  } catch (error) {
    if (error instanceof FieldError) return { reason: error.reason, detail: `${location}: ${error.message}` };
    return { reason: "adapter_error", detail: `${location}: the adapter failed: ${(error as Error)?.message ?? String(error)}` };
  }
  const bad = checkAdapted(adapted);
  if (bad) return "detail" in bad && !bad.detail.startsWith(location) ? { ...bad, detail: `${location}: ${bad.detail}` } : bad;
  const ok = adapted as Exclude<AdaptedRow, { reject: string }>;
  let meta: string;
  try {
    meta = JSON.stringify(ok.meta ?? {}, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  } catch (error) {
    return { reason: "bad_value", detail: `${location}: meta cannot be stored as JSON (${(error as Error).message})` };
  }
  const problem: Problem = {
    id: problemId(ok.domain, ok.prompt),
    source,
    source_id: ok.source_id ?? location,
    domain: ok.domain,
    prompt: ok.prompt,
    answer: ok.answer ?? null,
    tests: ok.tests ?? null,
    solution: ok.solution ?? null,
    meta,
  };
  return ok.passRates && Object.keys(ok.passRates).length ? { problem, passRates: ok.passRates } : { problem };
}
