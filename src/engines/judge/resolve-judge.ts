import type { JudgePromptSpec, JudgeSpec, ReviewedVerdict, SimJudgeSpec } from "../config/judge-spec.js";
import { judgePromptOf } from "./judge-prompt.js";

/** A judge setting with every default applied. */
export interface ResolvedJudge {
  model: string;
  servedName: string;
  endpoints: string[];
  concurrency: number;
  apiKeyEnv?: string;
  prompt: Required<Omit<JudgePromptSpec, "system">> & Pick<JudgePromptSpec, "system">;
  reviews: ReviewedVerdict[];
  sampleCorrect: number;
  seed: number;
  passRates: "rule" | "judge";
  maxTokens: number;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  cooldownMs: number;
  sim?: Required<SimJudgeSpec>;
}

export const DEFAULT_REVIEWS: ReviewedVerdict[] = ["wrong_answer", "no_answer", "unparseable_gold"];

export function resolveJudge(spec: JudgeSpec): ResolvedJudge {
  return {
    model: spec.model,
    servedName: spec.servedName ?? spec.model,
    endpoints: spec.endpoints,
    concurrency: spec.concurrency ?? 16,
    ...(spec.apiKeyEnv ? { apiKeyEnv: spec.apiKeyEnv } : {}),
    prompt: judgePromptOf(spec.prompt),
    reviews: [...new Set(spec.reviews ?? DEFAULT_REVIEWS)],
    sampleCorrect: spec.sampleCorrect ?? 0.05,
    seed: spec.seed ?? 0,
    passRates: spec.passRates ?? "rule",
    maxTokens: spec.maxTokens ?? 2048,
    timeoutMs: spec.timeoutMs ?? 120_000,
    maxAttempts: spec.maxAttempts ?? 8,
    backoffMs: spec.backoffMs ?? 250,
    cooldownMs: spec.cooldownMs ?? 2000,
    ...(spec.sim ? { sim: { lenience: spec.sim.lenience ?? 0.05, malformedRate: spec.sim.malformedRate ?? 0 } } : {}),
  };
}

/** What decides the judge verdicts and pass rates (the grade step's hash): not endpoints, concurrency or retries. */
export function judgeIdentity(judge: ResolvedJudge | undefined): Record<string, unknown> | null {
  if (!judge) return null;
  const { model, prompt, reviews, sampleCorrect, seed, passRates, maxTokens } = judge;
  return { model, promptVersion: prompt.version, words: [prompt.correct, prompt.incorrect], reviews: [...reviews].sort(), sampleCorrect, seed, passRates, maxTokens };
}
