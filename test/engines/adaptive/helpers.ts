import { createHash } from "node:crypto";
import type { Domain } from "../../../schemas/problems.js";
import type { ScoredSample } from "../../../src/engines/adaptive/model-evidence.js";
import type { ModelFacts } from "../../../src/engines/policy/evaluate-policy.js";

export const ROLES = {
  "1.5b": "m-1.5b",
  "7b": "m-7b",
  "32b": "m-32b",
  r1: "m-r1",
} as const;
export const MODELS = Object.values(ROLES);

export interface PopProblem {
  id: string;
  domain: Domain;
  difficulty: number;
}

/** Uniform in [0, 1) from a key: each sample is a pure function of (seed, problem, model, index), like a seeded server. */
export function unit(key: string): number {
  return createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32;
}

export interface Population {
  problems: PopProblem[];
  /** Skill per model id; +/-Infinity makes a model always/never right. */
  skills: Record<string, number>;
  seed: number;
  /** Share of failures cut at the length limit. */
  truncation: number;
  /** Code samples may get partial test scores. */
  partialScores: boolean;
}

export function drawSample(pop: Population, problem: PopProblem, model: string, index: number): ScoredSample {
  const key = `${pop.seed}|${problem.id}|${model}|${index}`;
  const p = 1 / (1 + Math.exp(-1.2 * (pop.skills[model] - problem.difficulty)));
  const correct = unit(`${key}|c`) < p;
  const truncated = !correct && unit(`${key}|t`) < pop.truncation;
  const partial = !correct && !truncated && pop.partialScores && problem.domain === "code" && unit(`${key}|p`) < 0.5;
  return {
    sample_index: index,
    score: correct ? 1 : partial ? 0.5 : 0,
    finish_reason: truncated ? "length" : "stop",
    completion_tokens: 100 + Math.floor(unit(`${key}|n`) * 900),
  };
}

/** What grade computes from a set of samples (passes = score >= 1). */
export function factsOf(samples: readonly ScoredSample[]): ModelFacts | undefined {
  if (samples.length === 0) return undefined;
  const k = samples.length;
  return {
    passes: samples.filter((s) => s.score >= 1).length,
    samples: k,
    mean_score: samples.reduce((a, s) => a + s.score, 0) / k,
    truncation_rate: samples.filter((s) => s.finish_reason === "length").length / k,
  };
}
