import { mkdir, open, readdir, rename, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

export const CURATE_REASONS = ["invalid", "ungradable", "contaminated", "duplicate", "near_duplicate"] as const;
export type CurateReason = (typeof CURATE_REASONS)[number];

/** One removed row: why, where it came from, and the row itself so nothing is lost. */
export interface CurateQuarantineRow {
  step: "curate";
  reason: CurateReason;
  detail: string;
  source: unknown;
  source_id: unknown;
  id?: unknown;
  /** Reason-specific evidence: kept_id, similarity, eval_set, ngram, field ... */
  [evidence: string]: unknown;
  row: Record<string, unknown>;
}

/**
 * Writes `quarantine/curate-<reason>.jsonl`, one file per reason. Files are written under temporary
 * names and renamed by `commit()`, so a failed or interrupted run leaves the previous run's files
 * in place, and a rerun replaces them (idempotent) instead of appending.
 */
export class QuarantineWriter {
  private readonly files = new Map<CurateReason, { handle: FileHandle; tmp: string; buffer: string[]; bytes: number }>();
  readonly counts: Record<CurateReason, number> = { invalid: 0, ungradable: 0, contaminated: 0, duplicate: 0, near_duplicate: 0 };

  constructor(readonly dir: string) {}

  static fileName(reason: CurateReason): string {
    return `curate-${reason}.jsonl`;
  }

  async write(row: CurateQuarantineRow): Promise<void> {
    this.counts[row.reason]++;
    let file = this.files.get(row.reason);
    if (!file) {
      await mkdir(this.dir, { recursive: true });
      const tmp = join(this.dir, `.${QuarantineWriter.fileName(row.reason)}.${randomBytes(4).toString("hex")}.tmp`);
      file = { handle: await open(tmp, "w"), tmp, buffer: [], bytes: 0 };
      this.files.set(row.reason, file);
    }
    const line = JSON.stringify(row);
    file.buffer.push(line);
    file.bytes += line.length;
    if (file.bytes > 1 << 20) await this.flush(file);
  }

  /** Renames every file into place and removes curate files of reasons that no longer occur. */
  async commit(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const [reason, file] of this.files) {
      await this.flush(file);
      await file.handle.close();
      await rename(file.tmp, join(this.dir, QuarantineWriter.fileName(reason)));
    }
    for (const reason of CURATE_REASONS) {
      if (!this.files.has(reason)) await rm(join(this.dir, QuarantineWriter.fileName(reason)), { force: true });
    }
    this.files.clear();
  }

  /** Drops the temporary files (after a failure). */
  async abort(): Promise<void> {
    for (const file of this.files.values()) {
      await file.handle.close().catch(() => undefined);
      await rm(file.tmp, { force: true });
    }
    this.files.clear();
  }

  /** Removes leftovers of interrupted runs (temporary curate files). */
  static async sweep(dir: string): Promise<void> {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (name.startsWith(".curate-") && name.endsWith(".tmp")) await rm(join(dir, name), { force: true });
  }

  private async flush(file: { handle: FileHandle; buffer: string[]; bytes: number }): Promise<void> {
    if (file.buffer.length === 0) return;
    await file.handle.write(`${file.buffer.join("\n")}\n`);
    file.buffer = [];
    file.bytes = 0;
  }
}
