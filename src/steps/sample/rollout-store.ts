import { rolloutsTable, type Rollout } from "../../../schemas/rollouts.js";
import { sharedDuckDB, queryRows } from "../../core/duckdb.js";
import type { RunFolder } from "../../core/run-folder.js";
import { tableSource, writeParquetPart } from "../../core/table-store.js";
import { rolloutKey } from "./plan-work.js";

export interface RolloutStoreOptions {
  /** Rows buffered (over all models) before a part is written. @default 2000 */
  flushRows?: number;
  /** Longest time a row waits in memory before a part is written. @default 15000 */
  flushMs?: number;
  /** Called after each part is written. */
  onFlush?: (info: { model: string; rows: number; path: string }) => void;
}

/** Reads the keys of every stored rollout (the union of the parts). */
export async function readRolloutKeys(run: RunFolder): Promise<Set<string>> {
  const source = await tableSource(run.tableDir(rolloutsTable.name));
  const keys = new Set<string>();
  if (!source) return keys;
  const rows = await queryRows<{ model: string; problem_id: string; sample_index: number }>(
    await sharedDuckDB(),
    `SELECT DISTINCT model, problem_id, sample_index FROM ${source}`,
  );
  for (const row of rows) keys.add(rolloutKey(row.model, row.problem_id, row.sample_index));
  return keys;
}

/**
 * Append-only store of rollouts: buffered rows go to a new Parquet part per model (temp name, then
 * rename), so after any crash the stored keys are exactly the union of complete parts. A key already
 * stored, or already buffered, is never written again.
 */
export class RolloutStore {
  private buffers = new Map<string, Rollout[]>();
  private buffered = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;
  stored = 0;
  parts = 0;

  private constructor(
    private readonly run: RunFolder,
    readonly keys: Set<string>,
    private readonly options: Required<Omit<RolloutStoreOptions, "onFlush">> & RolloutStoreOptions,
  ) {}

  static async open(run: RunFolder, { flushRows = 2000, flushMs = 15_000, ...rest }: RolloutStoreOptions = {}): Promise<RolloutStore> {
    return new RolloutStore(run, await readRolloutKeys(run), { flushRows, flushMs, ...rest });
  }

  has(model: string, problemId: string, sampleIndex: number): boolean {
    return this.keys.has(rolloutKey(model, problemId, sampleIndex));
  }

  /** Buffers rows (duplicates of stored or buffered keys are dropped); writes a part when the buffer is full. */
  async add(rows: readonly Rollout[]): Promise<number> {
    if (this.failure) throw this.failure;
    let added = 0;
    for (const row of rows) {
      const key = rolloutKey(row.model, row.problem_id, row.sample_index);
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      let buffer = this.buffers.get(row.model);
      if (!buffer) this.buffers.set(row.model, (buffer = []));
      buffer.push(row);
      added++;
    }
    this.buffered += added;
    if (this.buffered >= this.options.flushRows) await this.flush();
    else if (this.buffered > 0 && !this.timer) {
      this.timer = setTimeout(() => void this.flush().catch((error) => (this.failure = error)), this.options.flushMs);
      this.timer.unref();
    }
    return added;
  }

  /** Writes everything buffered, one part per model. Serialised: parts never interleave. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batches = [...this.buffers];
    this.buffers = new Map();
    this.buffered = 0;
    const next = this.writing.then(async () => {
      for (const [model, rows] of batches) {
        const path = await writeParquetPart(this.run.tableDir(rolloutsTable.name), rolloutsTable, rows, { partition: model, validate: false });
        this.stored += rows.length;
        this.parts++;
        this.options.onFlush?.({ model, rows: rows.length, path });
      }
    });
    this.writing = next.catch((error) => {
      this.failure = error;
    });
    return next;
  }

  /** Flushes and stops the timer. */
  async close(): Promise<void> {
    await this.flush();
    if (this.failure) throw this.failure;
  }
}
