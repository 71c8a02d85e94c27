import type { RunFolder } from "./run-folder.js";
import type { ProgressListener } from "./progress.js";
import type { PipelineDefinition } from "../pipeline/types.js";

export const STEP_NAMES = ["ingest", "curate", "sample", "grade", "stage", "export", "publish", "stats", "report"] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** Which slice of the problems this process works on (`--shard i/N`, 0-based i). */
export interface Shard {
  index: number;
  count: number;
}

export interface StepContext {
  run: RunFolder;
  pipeline: PipelineDefinition;
  /** Path of the pipeline file, for provenance. */
  pipelinePath?: string;
  shard?: Shard;
  signal?: AbortSignal;
  progress: ProgressListener;
  /** Command-line overrides that steps understand (e.g. endpoints, samples, dryRun). */
  overrides: Record<string, unknown>;
}

export interface StepResult {
  counts: Record<string, number>;
  versions?: Record<string, string>;
  details?: Record<string, unknown>;
  /** One-line messages for the user (the CLI prints them after the step). */
  notes?: string[];
}

/** One pipeline step: reads tables of the run folder, writes tables, idempotent. */
export interface StepDefinition {
  name: StepName;
  summary: string;
  /** The part of the pipeline that decides this step's outputs; its hash decides whether to re-run. */
  config(ctx: StepContext): unknown;
  run(ctx: StepContext): Promise<StepResult>;
}
