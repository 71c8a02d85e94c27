import { spawn } from "node:child_process";
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { readManifest, recordStep, stepRecordPath, type StepRecord } from "../../src/core/manifest.js";
import { RunFolder } from "../../src/core/run-folder.js";
import { stepRecordSchema } from "../../schemas/step-record.js";
import { makeTempDir } from "../temp-dirs.js";

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});
async function tempRun(): Promise<RunFolder> {
  const dir = await makeTempDir("rungs-manifest-");
  dirs.push(dir);
  return new RunFolder(dir).ensure();
}
const record = (over: Partial<StepRecord> = {}): StepRecord => ({
  config_hash: "h",
  status: "done",
  versions: { rungs: "0" },
  counts: { rows: 1 },
  started_at: "2026-12-02T14:00:00.000Z",
  finished_at: "2026-12-02T14:00:01.000Z",
  seconds: 1,
  ...over,
});

function child(dir: string, prefix: string, count: number): Promise<number | null> {
  return new Promise((resolve) => {
    const p = spawn("npx", ["tsx", "test/core/fixtures/record-keys.ts", dir, prefix, String(count)], { stdio: "ignore" });
    p.on("exit", resolve);
  });
}

describe("step records", () => {
  it("writes one file per step and shard, matching the step_record contract", async () => {
    const run = await tempRun();
    await recordStep(run, "sample@shard-2-of-4", record(), "pipelines/demo.ts");
    const file = JSON.parse(await readFile(stepRecordPath(run, "sample@shard-2-of-4"), "utf8"));
    expect(stepRecordSchema.parse(file)).toEqual({ format: 1, step: "sample@shard-2-of-4", pipeline: "pipelines/demo.ts", ...record() });
    expect(await readdir(run.path("steps"))).toEqual(["sample@shard-2-of-4.json"]);
  });

  it("loses no record when processes record at the same time", { timeout: 120_000 }, async () => {
    const run = await tempRun();
    const codes = await Promise.all(["a", "b", "c", "d"].map((prefix) => child(run.dir, prefix, 40)));
    expect(codes).toEqual([0, 0, 0, 0]);
    const { steps, pipeline } = await readManifest(run);
    expect(Object.keys(steps)).toHaveLength(160);
    expect(pipeline).toBe("p.ts");
  });

  it("reads a legacy manifest.json, its records overridden by newer record files", async () => {
    const run = await tempRun();
    const legacy = { format: 1, run: run.dir, pipeline: "old.ts", created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z", steps: { ingest: record({ counts: { rows: 5 } }), grade: record({ counts: { rows: 7 } }) } };
    await writeFile(run.manifestPath, JSON.stringify(legacy));
    expect((await readManifest(run)).steps).toEqual(legacy.steps);
    await recordStep(run, "grade", record({ counts: { rows: 8 }, finished_at: "2026-12-02T15:00:00.000Z" }), "new.ts");
    const manifest = await readManifest(run);
    expect(manifest.steps.ingest.counts).toEqual({ rows: 5 });
    expect(manifest.steps.grade.counts).toEqual({ rows: 8 });
    expect(manifest.pipeline).toBe("new.ts");
    expect(manifest.created_at).toBe("2026-01-01T00:00:00.000Z");
    // manifest.json stays a readable summary of every record.
    expect(JSON.parse(await readFile(run.manifestPath, "utf8")).steps.grade.counts).toEqual({ rows: 8 });
  });

  it("names the file and field of a record that breaks the contract", async () => {
    const run = await tempRun();
    await recordStep(run, "stage", record());
    await writeFile(stepRecordPath(run, "stage"), JSON.stringify({ format: 1, step: "stage", ...record(), seconds: "1" }));
    await expect(readManifest(run)).rejects.toThrow(`manifest: ${stepRecordPath(run, "stage")}: seconds: Invalid input: expected number, received string`);
  });
});
