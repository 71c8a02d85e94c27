import { describe, expect, it } from "vitest";
import { writeFile, mkdir, rm } from "node:fs/promises";
import { RunFolder } from "../../src/core/run-folder.js";
import { defineStep, type StepContext, type StepDefinition } from "../../src/steps/step.js";
import { runStep, settingsHash } from "../../src/pipeline/run-step.js";
import { readManifest } from "../../src/core/manifest.js";
import { makeTempDir } from "../temp-dirs.js";

async function context(config: unknown = { a: 1 }): Promise<StepContext> {
  const run = await new RunFolder(await makeTempDir("rungs-step-")).ensure();
  return { run, pipeline: { name: "t", sources: [], ...(config as object) }, progress: () => {} };
}

interface CopySettings {
  policy: unknown;
  /** Not hashed: like endpoints or concurrency, it does not change the outputs. */
  concurrency: number;
}

/** A step that copies `in/x.txt` to `out/x.txt` and counts its runs. */
function copyStep(): StepDefinition<CopySettings> & { runs: number } {
  const step = {
    runs: 0,
    ...defineStep({
      name: "stage",
      summary: "test",
      options: {},
      resolve: (pipeline): CopySettings => ({ policy: pipeline.policy ?? null, concurrency: 4 }),
      hashed: ["policy"],
      inputs: () => ["in"],
      outputs: () => ["out"],
      async run(ctx) {
        step.runs++;
        await mkdir(ctx.run.path("out"), { recursive: true });
        await writeFile(ctx.run.path("out", "x.txt"), "copied");
        return { counts: { rows: 1 } };
      },
    }),
  };
  return step;
}

describe("runStep", () => {
  it("skips a step whose hashed settings and inputs are unchanged, and re-runs it when either changes", async () => {
    const ctx = await context();
    await mkdir(ctx.run.path("in"), { recursive: true });
    await writeFile(ctx.run.path("in", "x.txt"), "v1");
    const step = copyStep();
    expect((await runStep(step, ctx)).skipped).toBeUndefined();
    expect((await runStep(step, ctx)).skipped).toBe(true);
    expect(step.runs).toBe(1);

    await writeFile(ctx.run.path("in", "y.txt"), "new input");
    await runStep(step, ctx);
    expect(step.runs).toBe(2);

    const changed = { ...ctx, pipeline: { ...ctx.pipeline, policy: "other" } };
    await runStep(step, changed);
    expect(step.runs).toBe(3);
    expect((await runStep(step, changed)).skipped).toBe(true);
  });

  it("hashes exactly the settings `hashed` names: another value elsewhere does not re-run the step", async () => {
    const ctx = await context();
    const step = copyStep();
    const settings = step.resolve(ctx.pipeline, {});
    await runStep(step, ctx, settings);
    expect(settingsHash(step, { ...settings, concurrency: 64 })).toBe(settingsHash(step, settings));
    expect((await runStep(step, ctx, { ...settings, concurrency: 64 })).skipped).toBe(true);
    expect((await runStep(step, ctx, { ...settings, policy: "other" })).skipped).toBeUndefined();
    expect(step.runs).toBe(2);
    expect((await readManifest(ctx.run)).steps.stage.config_hash).toBe(settingsHash(step, { ...settings, policy: "other" }));
  });

  it("re-runs when an output was deleted, and always runs with force", async () => {
    const ctx = await context();
    const step = copyStep();
    await runStep(step, ctx);
    await rm(ctx.run.path("out"), { recursive: true });
    await runStep(step, ctx);
    expect(step.runs).toBe(2);
    await runStep(step, { ...ctx, force: true });
    expect(step.runs).toBe(3);
  });

  it("records a failed step with its error and keeps the error for the caller", async () => {
    const ctx = await context();
    const failing = defineStep({ name: "grade", summary: "x", options: {}, resolve: () => ({}), hashed: [], run: async () => { throw new Error("grade: boom"); } });
    await expect(runStep(failing, ctx)).rejects.toThrow("grade: boom");
    const manifest = await readManifest(ctx.run);
    expect(manifest.steps.grade.status).toBe("failed");
    expect(manifest.steps.grade.details).toEqual({ error: "grade: boom" });
  });
});
