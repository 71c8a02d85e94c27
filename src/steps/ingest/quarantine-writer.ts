import { open, rename, rm, mkdir, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";

/** One rejected row in `quarantine/ingest-<source>.jsonl`. */
export interface QuarantineLine {
  step: "ingest";
  source: string;
  /** `file:line` or `file#row`, or the file for a whole unreadable file. */
  location: string;
  reason: string;
  /** What is wrong, naming the file, line or row and field. */
  detail: string;
  /** The row (or raw line) as read, truncated to keep the file small. */
  row?: unknown;
}

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

/**
 * Writes a source's quarantine lines to a temporary file renamed into place at `close()`: a rerun
 * replaces the previous file whole, and a crash never leaves a half-written one under the real name.
 */
export class QuarantineWriter {
  private handle?: FileHandle;
  private readonly tmp: string;
  private pending: string[] = [];
  count = 0;
  readonly reasons: Record<string, number> = {};

  constructor(readonly path: string) {
    this.tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  }

  async add(line: Omit<QuarantineLine, "step">): Promise<void> {
    this.count++;
    this.reasons[line.reason] = (this.reasons[line.reason] ?? 0) + 1;
    const entry: QuarantineLine = { step: "ingest", ...line, ...(line.row !== undefined ? { row: truncateRow(line.row) } : {}) };
    this.pending.push(JSON.stringify(entry));
    if (this.pending.length >= 1000) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    if (!this.handle) {
      await mkdir(dirname(this.path), { recursive: true });
      this.handle = await open(this.tmp, "w");
    }
    await this.handle.write(`${this.pending.join("\n")}\n`);
    this.pending = [];
  }

  /** Puts the file in place (or removes a stale one when nothing was quarantined). */
  async close(): Promise<void> {
    await this.flush();
    if (this.handle) {
      await this.handle.close();
      await rename(this.tmp, this.path);
    } else await rm(this.path, { force: true });
  }

  /** Drops the temporary file after a failure; the previous file, if any, stays. */
  async abort(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}
