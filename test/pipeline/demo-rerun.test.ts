/**
 * Regression: a second `npm run demo` re-ran stage and everything after it, because adaptive sampling
 * rewrote `sampling_decisions` (new file, new fingerprint) even when it drew nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import demo from "../../pipelines/demo.js";
import { RunFolder } from "../../src/core/run-folder.js";
import type { PipelineDefinition } from "../../src/engines/config/pipeline-definition.js";
import { runPipeline, type PipelineStepOutcome } from "../../src/pipeline/run-pipeline.js";
import { dataFileSnapshot as snapshot } from "./data-files.js";

/** The demo as `npm run demo` runs it (adaptive sampling), on a slice of the sample so the test stays quick. */
const pipeline: PipelineDefinition = {
  ...demo,
  sources: [
    { ...demo.sources[0], limit: 40 },
    { ...demo.sources[1], limit: 16 },
  ],
  curriculum: { ...demo.curriculum!, batchSize: 4 },
};

async function run(dir: string): Promise<PipelineStepOutcome[]> {
  return runPipeline({ run: await new RunFolder(dir).ensure(), pipeline, progress: () => {} });
}


describe("a second demo run", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rungs-demo-rerun-"));
    const first = await run(dir);
    expect(first.every((o) => o.status === "done")).toBe(true);
    expect(first.find((o) => o.step === "sample")?.result?.details?.mode).toBe("adaptive");
  }, 240_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("rewrites no data file and skips every step after sampling as up to date", async () => {
    const before = await snapshot(dir);
    const second = await run(dir);
    const after = await snapshot(dir);
    expect([...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k))).toEqual([]);
    expect(second.find((o) => o.step === "sample")?.result?.counts.rollouts_new).toBe(0);
    const skipped = second.filter((o) => o.result?.skipped).map((o) => o.step);
    expect(skipped).toEqual(expect.arrayContaining(["grade", "stage", "stats", "export", "publish", "report"]));
  }, 120_000);
});
