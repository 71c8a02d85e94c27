import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DiskFullError } from "../../src/core/errors.js";
import { writeAll, type WritableHandle } from "../../src/core/write-all.js";
import { makeTempDir } from "../temp-dirs.js";

// A disk with `room` bytes left: writes store what fits, then nothing (or fail with ENOSPC).
const disk = vi.hoisted(() => ({ room: Infinity, failWith: undefined as string | undefined }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      if (!String(args[0]).includes(".jsonl")) return handle; // table-store parts and quarantine files
      const write = handle.write.bind(handle) as (b: Buffer, o: number, l: number) => Promise<{ bytesWritten: number }>;
      return Object.assign(handle, {
        write: async (buffer: Buffer, offset: number, length: number) => {
          if (disk.failWith) throw Object.assign(new Error(`${disk.failWith}: no space left on device, write`), { code: disk.failWith });
          const n = Math.min(length, disk.room);
          disk.room -= n;
          return n > 0 ? write(buffer, offset, n) : { bytesWritten: 0 };
        },
      });
    },
  };
});

const { writeParquetPart } = await import("../../src/core/table-store.js");
const { QuarantineWriter } = await import("../../src/core/quarantine-writer.js");
const { rolloutsTable } = await import("../../schemas/rollouts.js");

function fakeHandle(sizes: number[]): WritableHandle & { data: string } {
  const fake = {
    data: "",
    write: async (buffer: Buffer, offset = 0, length = buffer.length) => {
      const n = Math.min(length, sizes.shift() ?? 0);
      fake.data += buffer.subarray(offset, offset + n).toString();
      return { bytesWritten: n, buffer };
    },
  };
  return fake as unknown as WritableHandle & { data: string };
}

const dirs: string[] = [];
afterEach(async () => {
  disk.room = Infinity;
  disk.failWith = undefined;
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});

describe("writeAll", () => {
  it("finishes a write the system stored in pieces", async () => {
    const handle = fakeHandle([3, 1, 100]);
    await writeAll(handle, "abcdefgh", "/x/f.jsonl");
    expect(handle.data).toBe("abcdefgh");
  });

  it("reports a write that stores nothing as a full disk, naming the file", async () => {
    await expect(writeAll(fakeHandle([5]), "abcdefgh", "/x/f.jsonl")).rejects.toThrow(new DiskFullError("/x/f.jsonl"));
    expect(new DiskFullError("/x/f.jsonl").message).toBe("no space left on device: cannot write /x/f.jsonl");
  });
});

describe("writeParquetPart on a full disk", () => {
  const row = (i: number) => ({
    problem_id: `p${i}`, model: "m", sample_index: i, completion: "x".repeat(200), completion_sha256: "h", completion_chars: 200, finish_reason: "stop",
    prompt_tokens: 1, completion_tokens: 1, latency_ms: 1, score: 1, correct: true, verdict: "correct", verifier: "math", extracted: null,
    endpoint: "e", seed: 1, request_start: 0, created_at: "2026-12-02T14:00:00Z",
  });

  for (const [label, setup] of [["a short write", () => (disk.room = 1000)], ["ENOSPC", () => (disk.failWith = "ENOSPC")]] as const) {
    it(`says no space left on device (${label}), never malformed JSON, and leaves no part`, async () => {
      const dir = await makeTempDir("rungs-diskfull-");
      dirs.push(dir);
      setup();
      const rows = Array.from({ length: 50 }, (_, i) => row(i)) as never[];
      await expect(writeParquetPart(dir, rolloutsTable, rows, { partition: "m", validate: false })).rejects.toThrow(/^no space left on device: cannot write .*\/model=m\/\.part-.*\.jsonl$/);
      expect(await readdir(join(dir, "model=m"))).toEqual([]);
    });
  }
});

describe("QuarantineWriter on a full disk", () => {
  for (const [label, setup] of [["a short write", () => (disk.room = 3000)], ["ENOSPC", () => (disk.failWith = "ENOSPC")]] as const) {
    it(`says no space left on device (${label}) naming the file, and keeps the previous file whole`, async () => {
      const dir = await makeTempDir("rungs-diskfull-");
      dirs.push(dir);
      const previous = '{"old":true}\n';
      await writeFile(join(dir, "ingest-s.jsonl"), previous);
      const writer = new QuarantineWriter({ dir, step: "ingest", fileFor: () => "ingest-s.jsonl", owns: ["ingest-s.jsonl"] });
      setup();
      for (let i = 0; i < 40; i++) await writer.add({ reason: "bad_row", detail: `row ${i} ${"x".repeat(100)}`, source: "s", location: `f.jsonl:${i + 1}` });
      await expect(writer.commit()).rejects.toThrow(new DiskFullError(join(dir, "ingest-s.jsonl")));
      await writer.abort();
      expect(await readdir(dir)).toEqual(["ingest-s.jsonl"]);
      expect(await readFile(join(dir, "ingest-s.jsonl"), "utf8")).toBe(previous);
    });
  }
});
