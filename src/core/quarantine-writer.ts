import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { quarantineLine, type QuarantineLine, type QuarantineStep } from "../../schemas/quarantine.js";
import { openFileAtomic, type AtomicFile } from "./atomic-file.js";
import { assertRow } from "./validate-row.js";

/** Longest text kept of a rejected row, and of each of its string fields. */
export const QUARANTINE_ROW_CHARS = 2000;

/** A rejected row made small: long strings cut, large values summarised, bytes described. */
export function truncateRow(row: unknown, limit = QUARANTINE_ROW_CHARS): unknown {
  if (typeof row === "string") return row.length > limit ? `${row.slice(0, limit)}… [${row.length - limit} more chars]` : row;
  if (typeof row === "bigint") return row.toString();
  if (row instanceof Uint8Array) return `<${row.length} bytes>`;
  if (Array.isArray(row)) return row.slice(0, 20).map((v) => truncateRow(v, Math.ceil(limit / 4)));
  if (row && typeof row === "object") {
    return Object.fromEntries(Object.entries(row).slice(0, 50).map(([k, v]) => [k, truncateRow(v, limit)]));
  }
  return row;
}

/** What a step says about a rejected row; fields it leaves out are written as null. */
export type QuarantineEntry = Pick<QuarantineLine, "reason" | "detail"> & Partial<Omit<QuarantineLine, "step" | "reason" | "detail">>;

export interface QuarantineWriterOptions {
  /** The run's `quarantine/` folder. */
  dir: string;
  step: QuarantineStep;
  /** The file (a name inside `dir`) a line goes to: one per source for ingest, one per reason for curate. */
  fileFor(entry: QuarantineEntry): string;
  /** Every file this writer owns: one that gets no line is removed at commit, so a rerun replaces, never appends. */
  owns: readonly string[];
  /** Cut long strings and big values of `row` (raw source rows can be huge). @default true */
  truncateRows?: boolean;
}

const FLUSH_BYTES = 1 << 20;

/**
 * Writes `quarantine/*.jsonl` in the one line shape of `schemas/quarantine.ts`. Lines go to temporary
 * files renamed into place by `commit()`: a failed or interrupted run leaves the previous files whole.
 */
export class QuarantineWriter {
  private readonly files = new Map<string, { file: AtomicFile; buffer: string[]; bytes: number }>();
  private readonly columns = Object.keys(quarantineLine.columns) as (keyof QuarantineLine)[];
  /** Lines written. */
  count = 0;
  /** Lines per reason (only reasons that occurred). */
  readonly reasons: Record<string, number> = {};

  constructor(private readonly options: QuarantineWriterOptions) {}

  async add(entry: QuarantineEntry): Promise<void> {
    const { step, truncateRows = true } = this.options;
    const line = Object.fromEntries(this.columns.map((c) => [c, (entry as Record<string, unknown>)[c] ?? null])) as QuarantineLine;
    line.step = step;
    if (truncateRows && line.row !== null) line.row = truncateRow(line.row);
    assertRow(quarantineLine.name, quarantineLine.columns, line);
    this.count++;
    this.reasons[line.reason] = (this.reasons[line.reason] ?? 0) + 1;
    const name = this.options.fileFor(entry);
    let open = this.files.get(name);
    if (!open) {
      open = { file: await openFileAtomic(join(this.options.dir, name)), buffer: [], bytes: 0 };
      this.files.set(name, open);
    }
    const text = JSON.stringify(line);
    open.buffer.push(text);
    open.bytes += text.length;
    if (open.bytes >= FLUSH_BYTES) await this.flush(open);
  }

  /** Renames every written file into place and removes owned files that got no line this run. */
  async commit(): Promise<void> {
    for (const open of this.files.values()) {
      await this.flush(open);
      await open.file.commit();
    }
    for (const name of this.options.owns) if (!this.files.has(name)) await rm(join(this.options.dir, name), { force: true });
    this.files.clear();
  }

  /** Drops the temporary files after a failure; the previous files, if any, stay. */
  async abort(): Promise<void> {
    for (const open of this.files.values()) await open.file.abort();
    this.files.clear();
  }

  /** Removes temporary files that killed runs left for this writer's files (`.<name>.<hex>.tmp`). */
  async sweep(): Promise<void> {
    const names = await readdir(this.options.dir).catch(() => [] as string[]);
    const owned = this.options.owns.map((name) => `.${name}.`);
    for (const name of names) if (name.endsWith(".tmp") && owned.some((prefix) => name.startsWith(prefix))) await rm(join(this.options.dir, name), { force: true });
  }

  private async flush(open: { file: AtomicFile; buffer: string[]; bytes: number }): Promise<void> {
    if (open.buffer.length === 0) return;
    await open.file.write(`${open.buffer.join("\n")}\n`);
    open.buffer = [];
    open.bytes = 0;
  }
}
