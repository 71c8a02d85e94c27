import { join } from "node:path";
import { samplingDecisionsTable, type SamplingDecisionRow } from "../../../schemas/sampling-decisions.js";
import { pathExists } from "../../core/run-folder.js";
import { queryRows, sharedDuckDB, sqlString } from "../../core/duckdb.js";
import { tableSource } from "../../core/table-store.js";
import type { StepContext } from "../step.js";

/** One row as text that ignores key order and number kinds (DuckDB hands BIGINT back as bigint). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return Number(v);
    if (v && typeof v === "object" && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });
}

const key = (r: { problem_id: string; model: string }) => `${r.problem_id}\u0000${r.model}`;

/**
 * Whether the stored decisions (the whole table, or one shard's part) already hold exactly these rows.
 * A rerun that draws nothing then leaves the table alone: rewriting it would change its fingerprint and
 * make stage and every step after it run again for nothing.
 */
export async function sameDecisions(ctx: StepContext, rows: SamplingDecisionRow[], partName?: string): Promise<boolean> {
  const dir = ctx.run.tableDir(samplingDecisionsTable.name);
  let source: string | undefined;
  if (partName) source = (await pathExists(join(dir, partName))) ? `read_parquet(${sqlString(join(dir, partName))})` : undefined;
  else source = await tableSource(dir);
  if (!source) return false;
  const stored = await queryRows<SamplingDecisionRow>(await sharedDuckDB(), `SELECT * FROM ${source}`);
  if (stored.length !== rows.length) return false;
  const byKey = new Map(stored.map((r) => [key(r), canonical(r)]));
  return rows.every((r) => byKey.get(key(r)) === canonical(r));
}
