import { resolve } from "node:path";
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

/** One command-line option of a step: a `node:util` parseArgs spec plus its help line. */
export interface StepOption {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  /** How the help shows it, e.g. `--shard-rows N`. */
  flag: string;
  help: string;
}

export type StepOptions = Readonly<Record<string, StepOption>>;

/** Parsed values of a step's options, typed from their specs (strings stay strings: `resolve` checks them). */
export type CliValues<O extends StepOptions = StepOptions> = string extends keyof O
  ? Readonly<Record<string, string | boolean | string[] | undefined>>
  : { readonly [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : O[K]["multiple"] extends true ? string[] : string };

/**
 * Every step command also takes `--run-dir DIR`; its value reaches `resolve` as `cli["run-dir"]`, for the
 * steps whose outputs name the run folder's own path (export writes absolute paths into trainer configs).
 */
export interface CommonCliValues {
  readonly "run-dir"?: string;
}

/** The run folder of a pipeline: `--run-dir`, else the pipeline's `runDir`, else `data/runs/<name>`. */
export function runDirOf(pipeline: Pick<PipelineDefinition, "name" | "runDir">, override?: string, cwd = process.cwd()): string {
  return resolve(cwd, override ?? pipeline.runDir ?? `data/runs/${pipeline.name}`);
}

/** `--shard i/N`: parsed by the CLI into `StepContext.shard`; steps that split their work declare it. */
export const SHARD_OPTION = {
  shard: { type: "string", flag: "--shard i/N", help: "work on shard i of N (1-based), split by problem id hash" },
} as const satisfies StepOptions;

/**
 * One pipeline step: reads tables of the run folder, writes tables, idempotent.
 * `resolve` turns the pipeline and the step's CLI values into settings before anything runs (so a mistake
 * fails at load, naming the field); `hashed` lists the settings that decide the outputs: their hash, with
 * the inputs' fingerprint, decides whether the step is up to date. Settings that do not change the outputs
 * (endpoints, concurrency, timeouts, flush sizes, tokens) live in keys of their own, left out of `hashed`.
 */
export interface StepDefinition<Settings = unknown, Result extends StepResult = StepResult, Options extends StepOptions = StepOptions> {
  name: StepName;
  summary: string;
  /** The command-line options this step uses (`rungs <step> --help` lists exactly these). */
  options: Options;
  /** Defaults, CLI values, checks (UsageError naming the field). Pure: reads no run folder. */
  resolve(pipeline: PipelineDefinition, cli: CliValues<Options> & CommonCliValues): Settings;
  /** The settings the up-to-date hash covers: what counts, not what does not. */
  hashed: readonly (keyof Settings)[];
  /**
   * Run-folder paths (tables, files) the step reads. With `outputs`, lets the runner skip the step when
   * neither its hashed settings nor its inputs changed since it last succeeded and its outputs exist.
   * A step without them always runs (it must then be cheap or incremental on its own).
   */
  inputs?(ctx: StepContext, settings: Settings): string[];
  /** Run-folder paths the step writes. */
  outputs?(ctx: StepContext, settings: Settings): string[];
  run(ctx: StepContext, settings: Settings): Promise<Result>;
}

/** A step of any settings type, as the registry and the executor hold them. */
// `any`: settings are opaque to the executor (it only passes them from resolve to run); each step is typed inside.
export type AnyStep = StepDefinition<any, StepResult, any>;

/** Defines a step with its types inferred (and `hashed` checked against its settings). */
export function defineStep<Settings, Result extends StepResult, const Options extends StepOptions>(step: StepDefinition<Settings, Result, Options>): StepDefinition<Settings, Result, Options> {
  return step;
}

/** The hashed part of a step's settings, in the order `hashed` names them. */
export function hashedSettings<S>(step: Pick<StepDefinition<S>, "hashed">, settings: S): Partial<S> {
  const picked: Partial<S> = {};
  for (const key of step.hashed) picked[key] = settings[key];
  return picked;
}
