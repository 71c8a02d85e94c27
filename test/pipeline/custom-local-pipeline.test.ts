/** pipelines/custom-local.ts, the example users copy, runs through export on its own levels. */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import customLocal from "../../pipelines/custom-local.js";
import { RunFolder } from "../../src/core/run-folder.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("pipelines/custom-local.ts", () => {
  it("exports a stage per level of its own policy", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rungs-custom-local-"));
    made.push(dir);
    const pipeline = { ...customLocal, sampling: { ...customLocal.sampling, samples: 4, verifyThreads: 0 } };
    const outcomes = await runPipeline({ run: await new RunFolder(dir).ensure(), pipeline, progress: () => {} }, ["ingest", "curate", "sample", "grade", "stage", "export"]);
    expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill("done"));
    const curriculum = JSON.parse(await readFile(join(dir, "export", "curriculum.json"), "utf8")) as { stages: { name: string; levels: Record<string, string[]>; rows: number }[] };
    expect(curriculum.stages.map((s) => [s.name, s.levels])).toEqual([["easy", { math: ["easy"] }], ["frontier", { math: ["frontier"] }]]);
    const exported = outcomes.find((o) => o.step === "export")!.result!.counts;
    expect(exported.easy_rows).toBeGreaterThan(0);
    expect(exported.frontier_rows).toBeGreaterThan(0);
  }, 120_000);
});
