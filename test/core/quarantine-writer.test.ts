import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { duckdbColumnsStruct } from "../../schemas/columns.js";
import { quarantineLine } from "../../schemas/quarantine.js";
import { queryRows, sharedDuckDB, sqlString } from "../../src/core/duckdb.js";
import { QuarantineWriter } from "../../src/core/quarantine-writer.js";
import { rowViolation } from "../../src/core/validate-row.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rungs-quarantine-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = async (name: string) => (await readFile(join(dir, name), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("QuarantineWriter", () => {
  it("writes ingest and curate lines in one shape: every field present, null where it does not apply", async () => {
    const ingest = new QuarantineWriter({ dir, step: "ingest", fileFor: () => "ingest-a.jsonl", owns: ["ingest-a.jsonl"] });
    await ingest.add({ source: "a", location: "a.jsonl:3", reason: "no_answer", detail: "a.jsonl:3: no answer", row: { problem: "x".repeat(5000) } });
    await ingest.commit();
    const curate = new QuarantineWriter({ dir, step: "curate", fileFor: (e) => `curate-${e.reason}.jsonl`, owns: ["curate-duplicate.jsonl"], truncateRows: false });
    await curate.add({ reason: "duplicate", detail: "same text", source: "a", source_id: "a.jsonl:4", problem_id: "p1", kept_id: "p0", row: { prompt: "y".repeat(5000) } });
    await curate.commit();

    const [i] = await lines("ingest-a.jsonl");
    const [c] = await lines("curate-duplicate.jsonl");
    expect(Object.keys(i)).toEqual(Object.keys(quarantineLine.columns));
    expect(Object.keys(c)).toEqual(Object.keys(quarantineLine.columns));
    expect(i).toMatchObject({ step: "ingest", source: "a", location: "a.jsonl:3", source_id: null, kept_id: null });
    expect(c).toMatchObject({ step: "curate", source_id: "a.jsonl:4", problem_id: "p1", kept_id: "p0", location: null });
    expect(((i.row as { problem: string }).problem).endsWith("… [3000 more chars]")).toBe(true);
    expect((c.row as { prompt: string }).prompt).toHaveLength(5000);
    for (const line of [i, c]) expect(rowViolation(quarantineLine.columns, line)).toBeUndefined();

    // DuckDB reads every quarantine file with the contract's one column list.
    const rows = await queryRows<{ step: string; reason: string }>(
      await sharedDuckDB(),
      `SELECT step, reason FROM read_json(${sqlString(join(dir, "*.jsonl"))}, format = 'newline_delimited', columns = ${duckdbColumnsStruct(quarantineLine.columns)}) ORDER BY step`,
    );
    expect(rows).toEqual([
      { step: "curate", reason: "duplicate" },
      { step: "ingest", reason: "no_answer" },
    ]);
  });

  it("counts per reason, replaces owned files on a rerun and removes those that get no line", async () => {
    const make = () => new QuarantineWriter({ dir, step: "curate", fileFor: (e) => `curate-${e.reason}.jsonl`, owns: ["curate-invalid.jsonl", "curate-duplicate.jsonl"] });
    const first = make();
    await first.add({ reason: "invalid", detail: "d1" });
    await first.add({ reason: "duplicate", detail: "d2" });
    await first.add({ reason: "duplicate", detail: "d3" });
    await first.commit();
    expect(first.reasons).toEqual({ invalid: 1, duplicate: 2 });
    expect(first.count).toBe(3);

    await writeFile(join(dir, "ingest-other.jsonl"), "{}\n"); // not owned: left alone
    const second = make();
    await second.add({ reason: "invalid", detail: "again" });
    await second.commit();
    expect((await readdir(dir)).sort()).toEqual(["curate-invalid.jsonl", "ingest-other.jsonl"]);
    expect((await lines("curate-invalid.jsonl")).map((l) => l.detail)).toEqual(["again"]);
  });

  it("keeps the previous files after abort, and sweeps only its own leftovers", async () => {
    const make = () => new QuarantineWriter({ dir, step: "ingest", fileFor: () => "ingest-a.jsonl", owns: ["ingest-a.jsonl"] });
    const first = make();
    await first.add({ reason: "r", detail: "kept" });
    await first.commit();
    const failed = make();
    await failed.add({ reason: "r", detail: "lost" });
    await failed.abort();
    expect((await lines("ingest-a.jsonl")).map((l) => l.detail)).toEqual(["kept"]);

    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, ".ingest-a.jsonl.dead.tmp"), "");
    await writeFile(join(dir, ".ingest-b.jsonl.live.tmp"), "");
    await make().sweep();
    expect((await readdir(dir)).sort()).toEqual([".ingest-b.jsonl.live.tmp", "ingest-a.jsonl"]);
  });

  it("refuses a line that breaks the contract, naming the field", async () => {
    const writer = new QuarantineWriter({ dir, step: "curate", fileFor: () => "x.jsonl", owns: [] });
    await expect(writer.add({ reason: "near_duplicate", detail: "d", similarity: Number.NaN })).rejects.toThrow("quarantine: similarity must be a finite number, got null");
    await writer.abort();
  });
});
