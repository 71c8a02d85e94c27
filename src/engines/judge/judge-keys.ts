import { createHash } from "node:crypto";
import { sha256Hex, stableStringify } from "../../core/hash.js";

/** What the judge compares with the gold: the rule's extracted answer, else the response's tail. */
export interface JudgedAnswer {
  kind: "extracted" | "response";
  text: string;
}

/** Characters of a response the judge sees when the rule extracted no answer (the end, where answers are). */
export const RESPONSE_TAIL_CHARS = 4000;

/** The answer a rollout offers the judge, or undefined when it has neither an extracted answer nor a kept completion. */
export function judgedAnswerOf(rollout: { extracted: string | null; completion: string | null }): JudgedAnswer | undefined {
  if (rollout.extracted !== null && rollout.extracted.trim() !== "") return { kind: "extracted", text: rollout.extracted };
  if (rollout.completion === null) return undefined;
  const visible = rollout.completion.includes("</think>") ? rollout.completion.slice(rollout.completion.lastIndexOf("</think>") + 8) : rollout.completion;
  const text = visible.trim().slice(-RESPONSE_TAIL_CHARS);
  return text === "" ? undefined : { kind: "response", text };
}

/** The cache key: equal keys share one judgement, whichever rollout or problem they come from. */
export function judgeCacheKey(judgeModel: string, promptVersion: string, gold: string, answer: JudgedAnswer): string {
  return sha256Hex(stableStringify([judgeModel, promptVersion, gold, answer.kind, answer.text]));
}

/**
 * The uniform draw in [0, 1) that picks the `correct` rollouts a judge also reviews; `correctSampleDrawSql`
 * is the same draw in DuckDB (sha256 of the key, first 4 bytes big-endian).
 */
export function correctSampleDraw(seed: number, problemId: string, model: string, sampleIndex: number): number {
  return createHash("sha256").update(`judge:${seed}:${problemId}:${model}:${sampleIndex}`).digest().readUInt32BE(0) / 4294967296;
}

export function correctSampleDrawSql(seed: number, alias = "r"): string {
  const key = `'judge:${seed}:' || ${alias}.problem_id || ':' || ${alias}.model || ':' || CAST(${alias}.sample_index AS VARCHAR)`;
  return `(CAST(CAST('0x' || substr(sha256(${key}), 1, 8) AS UBIGINT) AS DOUBLE) / 4294967296.0::DOUBLE)`;
}
