import { appendFile, copyFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest, LAYOUTS } from "./helpers.js";
import { makeTempDir } from "../../temp-dirs.js";

describe("rerunning ingest", () => {
  it("keeps an unchanged source, re-reads a changed one, and --force re-reads everything", async () => {
    const dir = await makeTempDir("rungs-resume-");
    await copyFile(join(LAYOUTS, "rungs.jsonl"), join(dir, "a.jsonl"));
    await copyFile(join(LAYOUTS, "big-math.parquet"), join(dir, "b.parquet"));
    const sources = [{ name: "a", path: join(dir, "a.jsonl") }, { name: "b", path: join(dir, "b.parquet") }];
    const first = await ingest(sources);
    expect(first.result.counts).toMatchObject({ ingested: 6, sources_unchanged: 0, imported_difficulty: 2 });

    const second = await ingest(sources, { run: first.run });
    expect(second.result.counts).toMatchObject({ ingested: 6, sources_unchanged: 2, rows_read: 6, imported_difficulty: 2 });
    expect(second.problems).toEqual(first.problems);
    expect(second.difficulty).toEqual(first.difficulty);

    await appendFile(join(dir, "a.jsonl"), JSON.stringify({ domain: "math", prompt: "What is 9 - 3?", answer: "6" }) + "\n");
    const third = await ingest(sources, { run: first.run });
    expect(third.result.counts).toMatchObject({ ingested: 7, sources_unchanged: 1 });

    const forced = await ingest(sources, { run: first.run, force: true });
    expect(forced.result.counts).toMatchObject({ ingested: 7, sources_unchanged: 0 });
  });
});
