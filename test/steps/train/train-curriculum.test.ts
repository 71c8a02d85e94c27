import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { writeExport } from "../../../src/steps/export/write-export.js";
import type { CurriculumSpec } from "../../../src/engines/config/curriculum-spec.js";
import { trainCurriculum } from "../../../src/steps/train/train-curriculum.js";
import { readTrainState } from "../../../src/steps/train/train-state.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { main } from "../../../src/cli.js";
import { seedRun, tempRun } from "../export/helpers.js";
import { makeTempDir } from "../../temp-dirs.js";
import { alive } from "../../process-alive.js";

const FAKE = resolve(import.meta.dirname, "fake-trainer.mjs");

const curriculum: CurriculumSpec = {
  batchSize: 6,
  mix: { math: 2, code: 1 },
  verl: { valFiles: ["/data/aime24.parquet"] },
  trainer: { command: [process.execPath, FAKE, "{stage}", "{overrides}"], graceSeconds: 5 },
  stages: [
    { name: "s1", levels: ["L2"], maxResponseLength: 16384, stop: { description: "until the score plateaus", plateau: { window: 2, minGain: 0.01 } } },
    { name: "s2", levels: ["L3"], maxResponseLength: 24576, stop: { description: "4 steps or a plateau", plateau: { window: 2, minGain: 0.01 }, maxSteps: 4 } },
  ],
};

async function exportedRun(): Promise<RunFolder> {
  const run = await tempRun();
  await seedRun(run, { math: 12, code: 6, levels: ["L2", "L3"] });
  await writeExport({ run, curriculum });
  return run;
}

const metricSteps = async (run: RunFolder, stage: string) =>
  (await readFile(run.path("train", stage, "metrics.jsonl"), "utf8")).trim().split("\n").map((l) => (JSON.parse(l) as { step: number }).step);

async function pidsOf(dir: string, stage: string): Promise<number[]> {
  return (await readFile(join(dir, `${stage}.pids`), "utf8")).trim().split("\n").map(Number);
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

let pidDir: string;
beforeEach(async () => {
  pidDir = await makeTempDir("rungs-fake-pids-");
  process.env.RUNGS_FAKE_PIDS = pidDir;
});
afterEach(() => {
  delete process.env.RUNGS_FAKE_PLAN;
  delete process.env.RUNGS_FAKE_PIDS;
});

describe("trainCurriculum with a stand-in trainer", () => {
  it("starts stage 1, switches to stage 2 exactly when the plateau rule holds, and stops each trainer cleanly", async () => {
    const run = await exportedRun();
    process.env.RUNGS_FAKE_PLAN = JSON.stringify({
      // Plateau first holds at step 4: best of steps 3–4 (0.305) beats best of steps 0–2 (0.3) by less than 0.01.
      s1: { scores: [0.1, 0.2, 0.3, 0.305, 0.302, 0.5, 0.6] },
      s2: { scores: [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6] },
    });
    const result = await trainCurriculum({ run });
    expect(result.status).toBe("done");
    const [s1, s2] = result.stages;
    expect(s1).toMatchObject({ status: "done", outcome: "plateau", advancedAtStep: 4 });
    expect(s2).toMatchObject({ status: "done", outcome: "max_steps", advancedAtStep: 4 });
    expect(await metricSteps(run, "s1")).toEqual([0, 1, 2, 3, 4]);
    // Stage 2 trains from stage 1's last checkpoint, on its own data file.
    const log2 = await readFile(run.path("train", "s2", "trainer.log"), "utf8");
    expect(log2).toMatch(/model=\S+\/train\/s1\/checkpoints\/global_step_\d+\/actor\/huggingface/);
    expect(await readFile(run.path("train", "s1", "trainer.log"), "utf8")).toContain("SIGTERM received");
    for (const stage of ["s1", "s2"]) for (const pid of await pidsOf(pidDir, stage)) expect(await gone(pid)).toBe(true);
    const state = await readTrainState(run, ["s1", "s2"]);
    expect(state.stages.map((s) => s.status)).toEqual(["done", "done"]);
  });

  it("stops the run when the trainer fails, reporting its exit code and last lines", async () => {
    const run = await exportedRun();
    process.env.RUNGS_FAKE_PLAN = JSON.stringify({ s1: { scores: [0.1, 0.2, 0.3, 0.4], fail: { atStep: 2, code: 7 } } });
    const result = await trainCurriculum({ run });
    expect(result.status).toBe("failed");
    expect(result.failure).toMatchObject({ stage: "s1", exitCode: 7 });
    expect(result.failure!.tail.at(-1)).toBe("torch.OutOfMemoryError: CUDA out of memory");
    expect(result.stages.map((s) => s.status)).toEqual(["failed", "pending"]);
  });

  it("the CLI exits with the trainer's exit code and prints its last lines", async () => {
    const run = await exportedRun();
    process.env.RUNGS_FAKE_PLAN = JSON.stringify({ s1: { scores: [0.1, 0.2], fail: { atStep: 1, code: 5 } } });
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await main(["train", "--run-dir", run.dir, "--quiet"])).toBe(5);
    } finally {
      process.stderr.write = original;
    }
    expect(written.join("")).toMatch(/stage "s1" failed: the trainer exited with code 5\. Last lines:[\s\S]*CUDA out of memory/);
  });

  it("resumes at the stage it was on after an interruption, keeping that stage's score history", async () => {
    const run = await exportedRun();
    process.env.RUNGS_FAKE_PLAN = JSON.stringify({ s1: { scores: [0.1, 0.1, 0.1] }, s2: { scores: [0.5, 0.6, 0.7, 0.8] } });
    const controller = new AbortController();
    const first = await trainCurriculum({
      run,
      signal: controller.signal,
      onLine: (stage, line) => {
        if (stage === "s2" && line.includes("step:1 ")) controller.abort();
      },
    });
    expect(first.status).toBe("interrupted");
    expect(first.stages.map((s) => s.status)).toEqual(["done", "running"]);
    for (const pid of await pidsOf(pidDir, "s2")) expect(await gone(pid)).toBe(true);

    // Step 0 (0.5) was recorded before the interruption. The resumed trainer continues at step 1; with
    // that history the plateau holds at step 2 (best of steps 1–2, 0.502, vs 0.5); without it, only the budget at step 4.
    process.env.RUNGS_FAKE_PLAN = JSON.stringify({ s2: { from: 1, scores: [0.501, 0.502, 0.9, 0.95] } });
    const second = await trainCurriculum({ run });
    expect(second.status).toBe("done");
    expect(second.stages[0].attempts).toBe(1);
    expect(second.stages[1]).toMatchObject({ attempts: 2, outcome: "plateau", advancedAtStep: 2 });
  });

  it("--stage N starts at that stage and a finished curriculum has nothing left to run", async () => {
    const run = await exportedRun();
    await expect(trainCurriculum({ run, stage: 3 })).rejects.toThrow("train: --stage: expected 1..2 (s1, s2), got 3");
    await expect(trainCurriculum({ run, stage: 2 })).rejects.toThrow(/starts from the previous stage's model, but \S+train\/s1\/checkpoints has no global_step_\* checkpoint/);
    process.env.RUNGS_FAKE_PLAN = JSON.stringify({ s2: { scores: [0.5], finish: true } });
    const result = await trainCurriculum({ run, stage: 2, command: [process.execPath, FAKE, "{stage}"] });
    expect(result.stages.map((s) => s.status)).toEqual(["pending", "done"]);
    expect(result.stages[1].outcome).toBe("trainer_finished");
  });
});
