import { spawnSync } from "node:child_process";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { RunFolder } from "../../src/core/run-folder.js";
import { createLockFile } from "../../src/core/lock-file.js";
import { runStep } from "../../src/pipeline/run-step.js";
import type { StepContext, StepDefinition } from "../../src/steps/step.js";
import { makeTempDir } from "../temp-dirs.js";

const step: StepDefinition = { name: "grade", summary: "test", options: {}, resolve: () => null, hashed: [], run: async () => ({ counts: { rows: 1 } }) };

async function context(): Promise<StepContext> {
  const run = await new RunFolder(await makeTempDir("rungs-step-lock-")).ensure();
  return { run, pipeline: { name: "t", sources: [] }, progress: () => {} };
}

describe("runStep's lock", () => {
  it("takes over a dead writer's lock, sweeps what it left, and says both", async () => {
    const ctx = await context();
    const pid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
    const lockPath = ctx.run.path(".locks", "grade.lock");
    await createLockFile(lockPath, { pid, host: hostname(), since: "2026-12-02T14:00:00Z", token: "dead" });
    await mkdir(ctx.run.path(".staging-difficulty-0a1b2c3d"), { recursive: true });
    await writeFile(ctx.run.path(".staging-difficulty-0a1b2c3d", "part-00000.parquet"), "x");
    const old = new Date(Date.now() - 60_000);
    await utimes(ctx.run.path(".staging-difficulty-0a1b2c3d"), old, old);

    const result = await runStep(step, ctx);
    expect(result.notes).toEqual([
      `grade: took over the stale lock ${lockPath} of pid ${pid} on host ${hostname()} since 2026-12-02T14:00:00Z (its process is gone)`,
      `grade: removed 1 leftovers of killed runs (e.g. ${ctx.run.path(".staging-difficulty-0a1b2c3d")})`,
    ]);
    expect(await readdir(ctx.run.dir)).not.toContain(".staging-difficulty-0a1b2c3d");
    expect(await readdir(ctx.run.path(".locks"))).toEqual([]);
  });

  it("releases the lock when the step fails", async () => {
    const ctx = await context();
    await expect(runStep({ ...step, run: async () => Promise.reject(new Error("grade: boom")) }, ctx)).rejects.toThrow("grade: boom");
    expect(await readdir(ctx.run.path(".locks"))).toEqual([]);
  });
});
