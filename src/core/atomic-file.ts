import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { mkdir, open, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { isDiskFull, writeAll } from "./write-all.js";
import { DiskFullError } from "./errors.js";

/**
 * Every file and folder of a run is written under a temporary name beside its target and renamed
 * into place, so a path that exists is complete (DESIGN.md "The run folder"). This is the one place
 * that does it. Temporary names start with "." so table readers (`listParquetFiles`) never see them,
 * and end in `.tmp` / start with `.staging-` so a sweep can find what a killed process left.
 */

/** A hidden, unique sibling of `path`: `dir/.<name>.<hex>.tmp`. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
}


function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? Buffer.from(data, "utf8") : data;
}

/** Size check after close: catches a file system that accepted fewer bytes than it reported. */
async function assertSize(path: string, expected: number, shownAs: string): Promise<void> {
  const { size } = await stat(path);
  if (size !== expected) throw new DiskFullError(shownAs, `short write: ${size} of ${expected} bytes stored`);
}

export interface WriteFileAtomicOptions {
  /** File mode of the new file, set exactly (the umask does not apply). @default 0o666 less the umask */
  mode?: number;
}

/** Writes `data` to `path` via a temporary sibling, synced and size-checked, then renamed into place. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, { mode }: WriteFileAtomicOptions = {}): Promise<void> {
  const file = await openFileAtomic(path, { mode });
  try {
    await file.write(data);
    await file.commit();
  } finally {
    await file.abort();
  }
}

/** Synchronous `writeFileAtomic`, for the few places that must not await (module-level caches). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, { mode }: WriteFileAtomicOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const bytes = toBytes(data);
  try {
    const fd = openSync(tmp, "wx", mode);
    try {
      if (mode !== undefined) fchmodSync(fd, mode);
      let offset = 0;
      while (offset < bytes.byteLength) {
        let written: number;
        try {
          written = writeSync(fd, bytes, offset, bytes.byteLength - offset);
        } catch (error) {
          throw isDiskFull(error) ? new DiskFullError(path) : error;
        }
        if (written <= 0) throw new DiskFullError(path);
        offset += written;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** A file being written under a temporary name: `commit()` renames it into place, `abort()` removes it. */
export interface AtomicFile {
  /** The final path. */
  readonly path: string;
  /** The temporary path being written. */
  readonly tempPath: string;
  /** Bytes written so far. */
  readonly bytes: number;
  write(data: string | Uint8Array): Promise<void>;
  /** Syncs, checks the size, closes and renames into place. */
  commit(): Promise<void>;
  /** Closes and removes the temporary file; a no-op after `commit()`. */
  abort(): Promise<void>;
}

/** Opens a temporary sibling of `path` for streaming writes (quarantine lines, JSONL output). */
export async function openFileAtomic(path: string, { mode }: WriteFileAtomicOptions = {}): Promise<AtomicFile> {
  await mkdir(dirname(path), { recursive: true });
  const tempPath = tempPathFor(path);
  let handle: FileHandle | undefined = await open(tempPath, "wx", mode);
  if (mode !== undefined) await handle.chmod(mode);
  let bytes = 0;
  let done = false;
  return {
    path,
    tempPath,
    get bytes() {
      return bytes;
    },
    async write(data) {
      if (!handle) throw new Error(`${path}: write after commit or abort`);
      const chunk = toBytes(data);
      await writeAll(handle, chunk, path);
      bytes += chunk.byteLength;
    },
    async commit() {
      if (!handle) throw new Error(`${path}: commit after commit or abort`);
      const h = handle;
      handle = undefined;
      // Some file systems (NFS) report a full disk only at sync or close.
      try {
        await h.datasync();
      } catch (error) {
        throw isDiskFull(error) ? new DiskFullError(path) : error;
      } finally {
        await h.close().catch((error) => {
          throw isDiskFull(error) ? new DiskFullError(path) : error;
        });
      }
      await assertSize(tempPath, bytes, path);
      await rename(tempPath, path);
      done = true;
    },
    async abort() {
      if (done) return;
      const h = handle;
      handle = undefined;
      await h?.close().catch(() => undefined);
      await rm(tempPath, { force: true });
    },
  };
}

/**
 * Runs `write(temp)` for writers that make the file themselves (DuckDB `COPY … TO`, a download
 * stream), then renames the temporary file into place; on any error the temporary file is removed.
 */
export async function withTempFile<T>(path: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    const result = await write(tmp);
    await stat(tmp); // the writer must have made the file: a missing one is an error, not an empty table
    await rename(tmp, path);
    return result;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** A hidden, unique sibling folder of `target` to build its replacement in: `dir/.staging-<name>-<hex>`. */
export function stagingPathFor(target: string): string {
  return join(dirname(target), `.staging-${basename(target)}-${randomBytes(4).toString("hex")}`);
}

/**
 * Replaces `target` directory with `staged` as atomically as a file system allows: the old one is
 * renamed aside first, so a crash leaves either the old or the new complete (never a merge).
 */
export async function swapDirectory(staged: string, target: string): Promise<void> {
  const aside = `${target}.old-${randomBytes(3).toString("hex")}`;
  const hadOld = await stat(target).then(
    () => true,
    () => false,
  );
  if (hadOld) await rename(target, aside);
  try {
    await rename(staged, target);
  } catch (error) {
    if (hadOld) await rename(aside, target).catch(() => undefined); // put the old one back
    throw error;
  }
  if (hadOld) await rm(aside, { recursive: true, force: true });
}

/**
 * Replaces a folder with what `write(staging)` puts in a fresh staging folder beside it: readers see
 * the old folder or the new one, never a half-written one. The staging folder is removed on error.
 */
export async function replaceDirectoryAtomic<T>(target: string, write: (staging: string) => Promise<T>): Promise<T> {
  const staging = stagingPathFor(target);
  await mkdir(staging, { recursive: true });
  try {
    const result = await write(staging);
    await swapDirectory(staging, target);
    return result;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
