import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { queryRows, sharedDuckDB, sqlString } from "../../../src/core/duckdb.js";
import { PAPER_ROLES } from "../../../src/engines/policy/builtin-policies.js";
import { makeTempDir } from "../../temp-dirs.js";

export const R1 = PAPER_ROLES.r1;
export const S = PAPER_ROLES["1.5b"];
export const M = PAPER_ROLES["7b"];
export const L = PAPER_ROLES["32b"];

export interface DiffRow {
  problem_id: string;
  domain: "math" | "code";
  model: string;
  samples: number;
  pass_rate: number;
  passes?: number;
  mean_score?: number;
  truncation_rate?: number;
}

/** Difficulty rows for one problem from passes per role (undefined = no row for that model). */
export function problemRows(id: string, domain: "math" | "code", samples: number, passes: Partial<Record<"r1" | "s" | "m" | "l", number>>): DiffRow[] {
  const models = { r1: R1, s: S, m: M, l: L };
  return Object.entries(passes)
    .filter(([, p]) => p !== undefined)
    .map(([role, p]) => ({ problem_id: id, domain, model: models[role as keyof typeof models], samples, passes: p!, pass_rate: p! / samples }));
}

export async function tempDir(prefix = "rungs-stage-"): Promise<string> {
  return makeTempDir(prefix);
}

export async function writeJsonl(dir: string, name: string, rows: readonly unknown[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return path;
}

export interface StagedOut {
  problem_id: string;
  level: string;
  domain: string;
  rule: string;
  policy: string;
}

/** The staged table written under `out` (sorted), or [] when none. */
export async function readStaged(out: string): Promise<StagedOut[]> {
  return queryRows<StagedOut>(
    await sharedDuckDB(),
    `SELECT * FROM read_parquet(${sqlString(`${out}/staged/**/*.parquet`)}, hive_partitioning = true, hive_types_autocast = false) ORDER BY level, problem_id`,
  );
}

/** An independent copy of the retention draw: first 4 bytes of sha256("seed:id") over 2^32. */
export function draw(seed: string, id: string): number {
  return createHash("sha256").update(`${seed}:${id}`).digest().readUInt32BE(0) / 2 ** 32;
}
