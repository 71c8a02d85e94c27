import { DOMAINS, type Domain } from "../../../schemas/problems.js";
import { UsageError } from "../../core/errors.js";
import {
  PAPER_CURRICULUM,
  VAL_SCORE_PATTERN,
  type CurriculumSpec,
  type MixSpec,
  type StopRule,
  type TrainerFormat,
  type TrainerSpec,
} from "../config/curriculum-spec.js";

const FORMATS: readonly TrainerFormat[] = ["verl", "openrlhf", "trl", "arrow"];

/** A stage with every default filled in: what `curriculum.json` records and the exporters and `rungs train` read. */
export interface ResolvedStage {
  index: number;
  name: string;
  /** Levels per domain (only the stage's domains). */
  levels: Partial<Record<Domain, string[]>>;
  domains: Domain[];
  maxResponseLength: number;
  maxPromptLength: number;
  n: number;
  batchSize: number;
  lr: number;
  klCoef: number;
  entropyCoeff: number;
  temperature: number;
  excludeTruncated: boolean;
  mix: Required<MixSpec> | null;
  stop: { description: string; plateau: { window: number; minGain: number; metric: string } | null; maxSteps: number | null };
}

export interface ResolvedCurriculum {
  seed: number;
  formats: TrainerFormat[];
  /** Who rewards the trainer: rungs' verifiers (reward service) or the trainer's own scorer. */
  reward: "rungs" | "trainer";
  verl: {
    dataSource: Record<Domain, string>;
    modelPath: string;
    valFiles: string[] | null;
    testFreq: number;
    nGpusPerNode: number;
    nnodes: number;
    microBatchSizePerGpu: number;
    rollout: "vllm" | "sglang";
    extraOverrides: string[];
  };
  openrlhf: { promptKey: string; labelKey: string };
  trainer: Required<TrainerSpec>;
  stages: ResolvedStage[];
}

export const DEFAULT_TRAINER_COMMAND = ["python3", "-m", "verl.trainer.main_ppo", "{overrides}"];

function positive(value: number, where: string, integer = true): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`export: ${where}: expected a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function resolveMix(mix: MixSpec | null | undefined, where: string): Required<MixSpec> | null {
  if (!mix) return null;
  positive(mix.math, `${where}.math`, false);
  positive(mix.code, `${where}.code`, false);
  const onShortfall = mix.onShortfall ?? "error";
  if (onShortfall !== "error" && onShortfall !== "shorten") throw new UsageError(`export: ${where}.onShortfall: expected "error" or "shorten", got ${JSON.stringify(onShortfall)}`);
  return { math: mix.math, code: mix.code, onShortfall };
}

function resolveStop(stop: StopRule | undefined, where: string): ResolvedStage["stop"] {
  if (!stop || typeof stop.description !== "string" || !stop.description.trim()) throw new UsageError(`export: ${where}.description: say in words when the stage ends (e.g. "until the validation score plateaus")`);
  if (!stop.plateau && stop.maxSteps === undefined) throw new UsageError(`export: ${where}: give a plateau rule, maxSteps, or both`);
  const plateau = stop.plateau
    ? { window: positive(stop.plateau.window ?? 3, `${where}.plateau.window`), minGain: stop.plateau.minGain ?? 0.005, metric: stop.plateau.metric ?? VAL_SCORE_PATTERN }
    : null;
  if (plateau) {
    try {
      new RegExp(plateau.metric);
    } catch (error) {
      throw new UsageError(`export: ${where}.plateau.metric: not a regular expression (${(error as Error).message})`);
    }
  }
  return { description: stop.description, plateau, maxSteps: stop.maxSteps === undefined ? null : positive(stop.maxSteps, `${where}.maxSteps`) };
}

/** Fills defaults and checks a curriculum, naming the bad field (`curriculum.stages[1].levels`). */
export function resolveCurriculum(spec: CurriculumSpec = PAPER_CURRICULUM): ResolvedCurriculum {
  if (!Array.isArray(spec.stages) || spec.stages.length === 0) throw new UsageError("export: curriculum.stages: expected at least one stage");
  const batchSize = positive(spec.batchSize ?? 128, "curriculum.batchSize");
  const mix = resolveMix(spec.mix === undefined ? { math: 2.1, code: 1 } : spec.mix, "curriculum.mix");
  const formats = spec.formats ?? [...FORMATS];
  for (const f of formats) if (!FORMATS.includes(f)) throw new UsageError(`export: curriculum.formats: unknown format ${JSON.stringify(f)} (expected ${FORMATS.join(", ")})`);
  const names = new Set<string>();
  const stages = spec.stages.map((stage, index): ResolvedStage => {
    const where = `curriculum.stages[${index}]`;
    if (!/^[A-Za-z0-9._-]+$/.test(stage.name ?? "")) throw new UsageError(`export: ${where}.name: expected a folder-safe name (letters, digits, . _ -), got ${JSON.stringify(stage.name)}`);
    if (names.has(stage.name)) throw new UsageError(`export: ${where}.name: ${JSON.stringify(stage.name)} is used by another stage`);
    names.add(stage.name);
    const domains = stage.domains ?? [...DOMAINS];
    for (const d of domains) if (!DOMAINS.includes(d)) throw new UsageError(`export: ${where}.domains: unknown domain ${JSON.stringify(d)}`);
    const levels: Partial<Record<Domain, string[]>> = {};
    for (const d of domains) {
      const list = Array.isArray(stage.levels) ? stage.levels : stage.levels?.[d];
      if (!list || list.length === 0) throw new UsageError(`export: ${where}.levels: no level for domain ${d}`);
      levels[d] = [...list];
    }
    const t = stage.training ?? {};
    const stageMix = resolveMix(stage.mix === undefined ? mix : stage.mix, `${where}.mix`);
    return {
      index,
      name: stage.name,
      levels,
      domains,
      maxResponseLength: positive(stage.maxResponseLength, `${where}.maxResponseLength`),
      maxPromptLength: positive(stage.maxPromptLength ?? 2048, `${where}.maxPromptLength`),
      n: positive(t.n ?? 16, `${where}.training.n`),
      batchSize: positive(t.batchSize ?? batchSize, `${where}.training.batchSize`),
      lr: positive(t.lr ?? 1e-6, `${where}.training.lr`, false),
      klCoef: t.klCoef ?? 0.001,
      entropyCoeff: t.entropyCoeff ?? 0.001,
      temperature: t.temperature ?? 1.0,
      excludeTruncated: t.excludeTruncated ?? false,
      // A mix only means something when the stage trains on both domains.
      mix: domains.length === 2 ? stageMix : null,
      stop: resolveStop(stage.stop, `${where}.stop`),
    };
  });
  const reward = spec.reward ?? "rungs";
  if (reward !== "rungs" && reward !== "trainer") throw new UsageError(`export: curriculum.reward: expected "rungs" or "trainer", got ${JSON.stringify(reward)}`);
  const rollout = spec.verl?.rollout ?? "vllm";
  if (rollout !== "vllm" && rollout !== "sglang") throw new UsageError(`export: curriculum.verl.rollout: expected "vllm" or "sglang", got ${JSON.stringify(rollout)}`);
  return {
    seed: spec.seed ?? 0,
    formats,
    reward,
    verl: {
      dataSource: { math: spec.verl?.dataSource?.math ?? "lighteval/MATH", code: spec.verl?.dataSource?.code ?? "codecontests" },
      modelPath: spec.verl?.modelPath ?? "Qwen/Qwen2.5-32B",
      valFiles: spec.verl?.valFiles ?? null,
      testFreq: positive(spec.verl?.testFreq ?? 10, "curriculum.verl.testFreq"),
      nGpusPerNode: positive(spec.verl?.nGpusPerNode ?? 8, "curriculum.verl.nGpusPerNode"),
      nnodes: positive(spec.verl?.nnodes ?? 1, "curriculum.verl.nnodes"),
      microBatchSizePerGpu: positive(spec.verl?.microBatchSizePerGpu ?? 2, "curriculum.verl.microBatchSizePerGpu"),
      rollout,
      extraOverrides: spec.verl?.extraOverrides ?? [],
    },
    openrlhf: { promptKey: spec.openrlhf?.promptKey ?? "prompt", labelKey: spec.openrlhf?.labelKey ?? "label" },
    trainer: {
      command: spec.trainer?.command ?? DEFAULT_TRAINER_COMMAND,
      env: spec.trainer?.env ?? {},
      graceSeconds: spec.trainer?.graceSeconds ?? 30,
      tailLines: spec.trainer?.tailLines ?? 40,
    },
    stages,
  };
}
