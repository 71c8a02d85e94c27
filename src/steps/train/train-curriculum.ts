import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../core/errors.js";
import { noProgress, type ProgressListener } from "../../core/progress.js";
import type { RunFolder } from "../../core/run-folder.js";
import type { ResolvedCurriculum, ResolvedStage } from "../../engines/curriculum/resolve-curriculum.js";
import { PREVIOUS_MODEL } from "../../engines/curriculum/stage-configs.js";
import { parseMetricLine, validationScore } from "./metric-line.js";
import { runTrainer, type RunTrainerResult } from "./run-trainer.js";
import type { ScorePoint } from "./stage-rule.js";
import { readTrainState, resumeIndex, writeTrainState, type StageState } from "./train-state.js";

/** A stage as `curriculum.json` records it (the resolved stage plus what the export wrote). */
export type CurriculumStageDoc = ResolvedStage & { verlOverrides: string[]; rows: number };
export type CurriculumDoc = Omit<ResolvedCurriculum, "stages"> & { stages: CurriculumStageDoc[] };

export interface TrainCurriculumOptions {
  run: RunFolder;
  /** 1-based stage to start at (then on through the later stages). @default the first stage not done */
  stage?: number;
  /** Trainer argv, replacing the curriculum's (placeholders as in TrainerSpec.command). */
  command?: string[];
  signal?: AbortSignal;
  /** Every log line of the trainer, as it comes. */
  onLine?: (stage: string, line: string) => void;
  progress?: ProgressListener;
}

export interface TrainCurriculumResult {
  status: "done" | "failed" | "interrupted";
  stages: StageState[];
  /** The failing stage's trainer: exit code and last lines. */
  failure?: { stage: string; exitCode: number | null; detail: string; tail: string[] };
}

export async function readCurriculumDoc(run: RunFolder): Promise<CurriculumDoc> {
  const path = run.path("export", "curriculum.json");
  try {
    return JSON.parse(await readFile(path, "utf8")) as CurriculumDoc;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UsageError(`train: ${path} does not exist; run \`rungs export <pipeline>\` first`);
    throw new UsageError(`train: cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The previous stage's last checkpoint in Hugging Face form (verl writes it with checkpoint.contents hf_model). */
async function previousStageModel(run: RunFolder, previous: string): Promise<string | undefined> {
  const dir = run.path("train", previous, "checkpoints");
  const steps = (await readdir(dir).catch(() => [] as string[])).map((n) => /^global_step_(\d+)$/.exec(n)).filter((m) => m !== null);
  if (steps.length === 0) return undefined;
  const last = steps.sort((a, b) => Number(b![1]) - Number(a![1]))[0]!;
  return join(dir, last[0], "actor", "huggingface");
}

async function priorScores(path: string, pattern: RegExp): Promise<ScorePoint[]> {
  const text = await readFile(path, "utf8").catch(() => "");
  const byStep = new Map<number, number>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const { step, time: _time, ...metrics } = JSON.parse(line) as Record<string, number>;
    const score = validationScore({ step, metrics }, pattern);
    // A resumed trainer repeats the steps after its last checkpoint: the latest value of a step counts.
    if (score !== undefined) byStep.set(step, score);
  }
  return [...byStep].sort(([a], [b]) => a - b).map(([step, score]) => ({ step, score }));
}

async function expandCommand(command: string[], stage: CurriculumStageDoc, doc: CurriculumDoc, run: RunFolder): Promise<string[]> {
  let overrides = stage.verlOverrides;
  if (command.includes("{overrides}") && overrides.some((o) => o.includes(PREVIOUS_MODEL))) {
    const previous = doc.stages[stage.index - 1]?.name;
    const model = previous ? await previousStageModel(run, previous) : undefined;
    if (!model) throw new UsageError(`train: stage "${stage.name}" starts from the previous stage's model, but ${run.path("train", previous ?? "?", "checkpoints")} has no global_step_* checkpoint; train stage ${stage.index} first`);
    overrides = overrides.map((o) => o.replaceAll(PREVIOUS_MODEL, model));
  }
  const fill = (arg: string) =>
    arg.replaceAll("{stage}", stage.name).replaceAll("{stageIndex}", String(stage.index + 1)).replaceAll("{exportDir}", run.path("export")).replaceAll("{runDir}", run.dir);
  return command.flatMap((arg) => (arg === "{overrides}" ? overrides : [fill(arg)]));
}

/**
 * Trains the curriculum stage by stage: runs the trainer on a stage, moves to the next when the stage's
 * rule holds, stops on a trainer failure, and records where it stands in `train/state.json` so a run
 * that was interrupted resumes at the stage it was on.
 */
export async function trainCurriculum({ run, stage, command, signal, onLine, progress = noProgress }: TrainCurriculumOptions): Promise<TrainCurriculumResult> {
  const doc = await readCurriculumDoc(run);
  const state = await readTrainState(run, doc.stages.map((s) => s.name));
  if (stage !== undefined && (!Number.isInteger(stage) || stage < 1 || stage > doc.stages.length)) {
    throw new UsageError(`train: --stage: expected 1..${doc.stages.length} (${doc.stages.map((s) => s.name).join(", ")}), got ${stage}`);
  }
  const start = stage !== undefined ? stage - 1 : resumeIndex(state);
  if (start === undefined) return { status: "done", stages: state.stages };
  for (let i = start; i < doc.stages.length; i++) {
    const stageDoc = doc.stages[i];
    const argv = await expandCommand(command ?? doc.trainer.command, stageDoc, doc, run);
    const record = state.stages[i];
    Object.assign(record, { status: "running", startedAt: new Date().toISOString(), attempts: record.attempts + 1 });
    delete record.outcome;
    await writeTrainState(run, state);
    progress({ step: "train", unit: "steps", label: stageDoc.name, done: 0, message: `stage ${i + 1}/${doc.stages.length} ${stageDoc.name}: ${argv.join(" ").slice(0, 200)}` });
    const metricsPath = run.path("train", stageDoc.name, "metrics.jsonl");
    const pattern = new RegExp(stageDoc.stop.plateau?.metric ?? "$^");
    const result: RunTrainerResult = await runTrainer({
      argv,
      env: doc.trainer.env,
      cwd: run.dir,
      logPath: run.path("train", stageDoc.name, "trainer.log"),
      metricsPath,
      stop: stageDoc.stop,
      priorScores: await priorScores(metricsPath, pattern),
      graceSeconds: doc.trainer.graceSeconds,
      tailLines: doc.trainer.tailLines,
      signal,
      onLine: onLine && ((line) => onLine(stageDoc.name, line)),
      onMetrics: (m, score) =>
        progress({ step: "train", unit: "steps", label: stageDoc.name, done: m.step, total: stageDoc.stop.maxSteps ?? undefined, ...(score !== undefined ? { counters: { val_score: Number(score.toFixed(4)) } } : {}) }),
    });
    Object.assign(record, { lastStep: result.lastStep, exitCode: result.exitCode, detail: result.detail, finishedAt: new Date().toISOString() });
    if (result.advancedAtStep !== undefined) record.advancedAtStep = result.advancedAtStep;
    if (result.outcome === "interrupted") {
      await writeTrainState(run, state);
      return { status: "interrupted", stages: state.stages };
    }
    record.outcome = result.outcome;
    record.status = result.outcome === "trainer_failed" ? "failed" : "done";
    await writeTrainState(run, state);
    progress({ step: "train", unit: "steps", label: stageDoc.name, done: result.lastStep ?? 0, message: `${stageDoc.name}: ${result.detail}` });
    if (result.outcome === "trainer_failed") {
      return { status: "failed", stages: state.stages, failure: { stage: stageDoc.name, exitCode: result.exitCode, detail: result.detail, tail: result.tail } };
    }
  }
  return { status: "done", stages: state.stages };
}
