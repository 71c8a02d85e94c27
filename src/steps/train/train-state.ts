import { readFile } from "node:fs/promises";
import type { RunFolder } from "../../core/run-folder.js";
import { writeJsonFile } from "../../core/table-store.js";

export type StageStatus = "pending" | "running" | "done" | "failed";

export interface StageState {
  name: string;
  status: StageStatus;
  /** Why the stage ended: the rule that held, or the trainer finishing on its own. */
  outcome?: "plateau" | "max_steps" | "trainer_finished" | "trainer_failed";
  detail?: string;
  /** Last trainer step seen. */
  lastStep?: number;
  /** Step at which the stage's rule held (rungs then stopped the trainer). */
  advancedAtStep?: number;
  exitCode?: number | null;
  startedAt?: string;
  finishedAt?: string;
  /** Times the stage was (re)started: more than 1 after a resume. */
  attempts: number;
}

/** `train/state.json`: where a curriculum run stands, so an interrupted run resumes at the right stage. */
export interface TrainState {
  stages: StageState[];
}

export const trainStatePath = (run: RunFolder) => run.path("train", "state.json");

export async function readTrainState(run: RunFolder, stageNames: readonly string[]): Promise<TrainState> {
  let saved: TrainState | undefined;
  try {
    saved = JSON.parse(await readFile(trainStatePath(run), "utf8")) as TrainState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`train: cannot read ${trainStatePath(run)}: ${(error as Error).message}`);
  }
  // Stages are matched by name, so a re-exported curriculum keeps the progress of stages it still has.
  return { stages: stageNames.map((name) => saved?.stages.find((s) => s.name === name) ?? { name, status: "pending", attempts: 0 }) };
}

export async function writeTrainState(run: RunFolder, state: TrainState): Promise<void> {
  await writeJsonFile(trainStatePath(run), state);
}

/** The stage a run resumes at: the first one not done (undefined when all are). */
export function resumeIndex(state: TrainState): number | undefined {
  const index = state.stages.findIndex((s) => s.status !== "done");
  return index < 0 ? undefined : index;
}
