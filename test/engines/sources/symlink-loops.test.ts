import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandSourcePaths } from "../../../src/engines/sources/readers/read-files.js";
import { readSourceRows } from "../../../src/engines/sources/source-files.js";
import { makeTempDir } from "../../temp-dirs.js";

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("rungs-loops-");
  await mkdir(join(dir, "d", "sub"), { recursive: true });
  await writeFile(join(dir, "d", "ok.jsonl"), `${JSON.stringify({ prompt: "1+1?", answer: "2" })}\n`);
  await symlink("b.jsonl", join(dir, "d", "a.jsonl")); // a → b → a
  await symlink("a.jsonl", join(dir, "d", "b.jsonl"));
  await symlink("self.jsonl", join(dir, "d", "sub", "self.jsonl"));
  await symlink("other.txt", join(dir, "d", "other.txt")); // a loop, but no data file name
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("symlink loops", () => {
  it("named directly: an error saying it is a symlink loop, not 'no such file'", async () => {
    await expect(expandSourcePaths("d/a.jsonl", dir)).rejects.toThrow("ingest: d/a.jsonl: symlink loop (the link leads back to itself; ELOOP)");
    await expect(expandSourcePaths("d/missing.jsonl", dir)).rejects.toThrow("ingest: d/missing.jsonl: no such file");
  });

  it("under a glob or a folder: listed apart from the files, only where the glob matches", async () => {
    expect(await expandSourcePaths("d/*.jsonl", dir)).toEqual({ files: [join(dir, "d", "ok.jsonl")], loops: [join(dir, "d", "a.jsonl"), join(dir, "d", "b.jsonl")] });
    expect((await expandSourcePaths("d/**/*.jsonl", dir)).loops).toEqual([join(dir, "d", "a.jsonl"), join(dir, "d", "b.jsonl"), join(dir, "d", "sub", "self.jsonl")]);
    expect((await expandSourcePaths("d", dir)).loops).toEqual([join(dir, "d", "a.jsonl"), join(dir, "d", "b.jsonl"), join(dir, "d", "sub", "self.jsonl")]);
    expect((await expandSourcePaths("d/sub/*.jsonl", dir)).files).toEqual([]);
  });

  it("reading a source reports each loop as a failure with its path, and reads the rest", async () => {
    const items = [];
    for await (const item of readSourceRows({ path: "d/*.jsonl" }, { cwd: dir })) items.push(item);
    expect(items).toEqual([
      { location: "d/a.jsonl", reason: "symlink_loop", detail: "d/a.jsonl: symlink loop (the link leads back to itself; ELOOP)", file: "d/a.jsonl" },
      { location: "d/b.jsonl", reason: "symlink_loop", detail: "d/b.jsonl: symlink loop (the link leads back to itself; ELOOP)", file: "d/b.jsonl" },
      { row: { prompt: "1+1?", answer: "2" }, location: "d/ok.jsonl:1", file: "d/ok.jsonl" },
    ]);
  });
});
