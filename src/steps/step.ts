import type { RunFolder } from "../core/run-folder.js";
import type { ProgressListener } from "../core/progress.js";
import type { PipelineDefinition } from "../engines/config/pipeline-definition.js";

// stats before publish: the dataset card shows its charts.
export const STEP_NAMES = ["ingest", "curate", "sample", "grade", "stage", "stats", "export", "publish", "report"] as const;
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
  /** Run the step even when it looks up to date. @default false */
  force?: boolean;
}

export interface StepResult {
  counts: Record<string, number>;
  versions?: Record<string, string>;
  details?: Record<string, unknown>;
  /** One-line messages for the user (the CLI prints them after the step). */
  notes?: string[];
  /** Set by the runner when the step was skipped as up to date. */
  skipped?: boolean;
}

/** One pipeline step: reads tables of the run folder, writes tables, idempotent. */
export interface StepDefinition {
  name: StepName;
  summary: string;
  /** The part of the pipeline that decides this step's outputs; its hash decides whether to re-run. */
  config(ctx: StepContext): unknown;
  /**
   * Run-folder paths (tables, files) the step reads. With `outputs`, lets the runner skip the step when
   * neither its config nor its inputs changed since it last succeeded and its outputs exist.
   * A step without them always runs (it must then be cheap or incremental on its own).
   */
  inputs?(ctx: StepContext): string[];
  /** Run-folder paths the step writes. */
  outputs?(ctx: StepContext): string[];
  run(ctx: StepContext): Promise<StepResult>;
}
