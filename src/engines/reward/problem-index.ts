import { stat } from "node:fs/promises";
import { join } from "node:path";
import { problemsTable, type Domain } from "../../../schemas/problems.js";
import { InputError } from "../../core/errors.js";
import { queryRows, sharedDuckDB } from "../../core/duckdb.js";
import { tableSource } from "../../core/table-store.js";

/** What the verifiers need of a problem. */
export interface GroundTruth {
  domain: Domain;
  /** Math answer, or the canonical CodeTests JSON string. */
  groundTruth: string;
}

/** The problems of a run folder by id, so a trainer may name a problem instead of sending its ground truth. */
export interface ProblemIndex {
  source: string;
  size: number;
  get(id: string): GroundTruth | undefined;
}

/** Reads `<runDir>/problems` (or a problems table folder) into memory. */
export async function loadProblemIndex(path: string): Promise<ProblemIndex> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`reward-server: --run-dir ${path}: not a folder`, path);
  const tableDir = (await stat(join(path, problemsTable.name)).catch(() => undefined))?.isDirectory() ? join(path, problemsTable.name) : path;
  const source = await tableSource(tableDir);
  if (!source) throw new InputError(`reward-server: ${tableDir} holds no Parquet parts (expected a run folder with a problems table)`, tableDir);
  const rows = await queryRows<{ id: string; domain: Domain; answer: string | null; tests: string | null }>(await sharedDuckDB(), `SELECT id, domain, answer, tests FROM ${source}`);
  const byId = new Map<string, GroundTruth>();
  for (const row of rows) byId.set(row.id, { domain: row.domain, groundTruth: (row.domain === "math" ? row.answer : row.tests) ?? "" });
  return { source: tableDir, size: byId.size, get: (id) => byId.get(id) };
}
