import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openFileAtomic, replaceDirectoryAtomic, withTempFile, writeFileAtomic, writeFileAtomicSync } from "../../src/core/atomic-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rungs-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("writes the file, makes its folder and leaves no temporary file", async () => {
    const path = join(dir, "a", "b.json");
    await writeFileAtomic(path, "hello\n");
    await writeFileAtomic(path, new Uint8Array([104, 105]));
    expect(await readFile(path, "utf8")).toBe("hi");
    expect(await readdir(join(dir, "a"))).toEqual(["b.json"]);
  });

  it("sets the mode exactly, whatever the umask", async () => {
    const path = join(dir, "run.sh");
    await writeFileAtomic(path, "#!/bin/sh\n", { mode: 0o755 });
    writeFileAtomicSync(join(dir, "h.py"), "x", { mode: 0o644 });
    expect((await stat(path)).mode & 0o777).toBe(0o755);
    expect((await stat(join(dir, "h.py"))).mode & 0o777).toBe(0o644);
  });

  it("keeps the old file when the folder cannot take the new one", async () => {
    const path = join(dir, "keep.txt");
    await writeFile(path, "old");
    await mkdir(join(dir, "blocked"));
    await writeFile(join(dir, "blocked", "x"), "");
    // a folder in the way of the final name: the rename fails, the temporary file goes
    await expect(writeFileAtomic(join(dir, "blocked"), "new")).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(await readFile(path, "utf8")).toBe("old");
    expect((await readdir(dir)).sort()).toEqual(["blocked", "keep.txt"]);
  });
});

describe("openFileAtomic", () => {
  it("shows nothing at the final path until commit, and nothing at all after abort", async () => {
    const path = join(dir, "out.jsonl");
    const file = await openFileAtomic(path);
    await file.write("1\n");
    await file.write("2\n");
    expect(file.bytes).toBe(4);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
    await file.commit();
    await file.abort(); // a no-op once committed
    expect(await readFile(path, "utf8")).toBe("1\n2\n");

    const dropped = await openFileAtomic(join(dir, "dropped.jsonl"));
    await dropped.write("x\n");
    await dropped.abort();
    await expect(dropped.write("y")).rejects.toThrow(`${join(dir, "dropped.jsonl")}: write after commit or abort`);
    expect(await readdir(dir)).toEqual(["out.jsonl"]);
  });
});

describe("withTempFile", () => {
  it("fails when the writer made no file, instead of renaming nothing", async () => {
    await expect(withTempFile(join(dir, "t.parquet"), async () => undefined)).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("removes the temporary file when the writer fails", async () => {
    await expect(
      withTempFile(join(dir, "t.parquet"), async (tmp) => {
        await writeFile(tmp, "half");
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("replaceDirectoryAtomic", () => {
  it("replaces the whole folder (no file of the old one survives)", async () => {
    const target = join(dir, "staged");
    await mkdir(target);
    await writeFile(join(target, "old.parquet"), "old");
    const result = await replaceDirectoryAtomic(target, async (staging) => {
      await writeFile(join(staging, "new.parquet"), "new");
      return 1;
    });
    expect(result).toBe(1);
    expect(await readdir(target)).toEqual(["new.parquet"]);
    expect(await readdir(dir)).toEqual(["staged"]);
  });

  it("keeps the old folder and removes the staging folder when writing fails", async () => {
    const target = join(dir, "staged");
    await mkdir(target);
    await writeFile(join(target, "old.parquet"), "old");
    await expect(
      replaceDirectoryAtomic(target, async (staging) => {
        await writeFile(join(staging, "new.parquet"), "new");
        throw new Error("stage: killed");
      }),
    ).rejects.toThrow("stage: killed");
    expect(await readdir(target)).toEqual(["old.parquet"]);
    expect(await readdir(dir)).toEqual(["staged"]);
  });
});
