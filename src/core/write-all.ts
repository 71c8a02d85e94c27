import type { FileHandle } from "node:fs/promises";
import { DiskFullError } from "./errors.js";

/** The part of a FileHandle this needs (tests pass one that fills up). */
export type WritableHandle = Pick<FileHandle, "write">;

/** True for the errors a full disk or quota gives. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT" || /no space left on device/i.test(String((error as Error | undefined)?.message));
}

/**
 * Writes all of `text` to `handle`. A write may store fewer bytes than given (a full disk, a quota):
 * the rest is retried, and a write that stores nothing, or ENOSPC, is reported as a full disk naming
 * `path`, instead of leaving a short file that a later reader reports as malformed.
 */
export async function writeAll(handle: WritableHandle, data: string | Uint8Array, path: string): Promise<void> {
  const buffer = typeof data === "string" ? Buffer.from(data) : data;
  let offset = 0;
  while (offset < buffer.length) {
    let written: number;
    try {
      ({ bytesWritten: written } = await handle.write(buffer, offset, buffer.length - offset));
    } catch (error) {
      if (isDiskFull(error)) throw new DiskFullError(path);
      throw error;
    }
    if (written <= 0) throw new DiskFullError(path);
    offset += written;
  }
}
