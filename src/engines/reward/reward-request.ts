import { DOMAINS, type Domain } from "../../../schemas/problems.js";

/** One completion to reward, as a trainer sends it. */
export interface RewardItem {
  /** The model's whole response (reasoning included: the `</think>` rule applies as in grading). */
  completion: string;
  /** math | code; taken from the stored problem when `problem_id` names one the service has. */
  domain?: Domain;
  /** Math: the answer. Code: the tests as a canonical CodeTests JSON string (what `problems.tests` holds). */
  ground_truth?: string;
  /** problems.id: looked up when the service was started on a run folder. */
  problem_id?: string;
  /** "length" marks a truncated completion (changes the verdict's name, never the score). @default "stop" */
  finish_reason?: string;
}

/** The answer for one item: the grading verdict, exactly as a rollout row stores it. */
export interface RewardResult {
  score: number;
  correct: boolean;
  verdict: string;
  verifier: string;
}

/** A request the service refuses (HTTP 422): a clear reason naming the item; never scored 0. */
export class RewardInputError extends Error {
  override name = "RewardInputError";
}

/** The largest batch one request may carry. */
export const MAX_BATCH = 4096;

/** Checks a request body `{items: [...]}`, naming the first bad field (`items[3].ground_truth`). */
export function parseRewardRequest(body: unknown): RewardItem[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new RewardInputError('reward: the body must be a JSON object {"items": [...]}');
  const items = (body as { items?: unknown }).items;
  if (!Array.isArray(items)) throw new RewardInputError('reward: "items" must be an array of {completion, ground_truth, domain} or {completion, problem_id}');
  if (items.length > MAX_BATCH) throw new RewardInputError(`reward: "items" holds ${items.length} completions; send at most ${MAX_BATCH} per request`);
  return items.map((raw, i) => parseItem(raw, `items[${i}]`));
}

function parseItem(raw: unknown, where: string): RewardItem {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new RewardInputError(`reward: ${where}: expected an object`);
  const item = raw as Record<string, unknown>;
  const known = new Set(["completion", "domain", "ground_truth", "problem_id", "finish_reason"]);
  for (const key of Object.keys(item)) if (!known.has(key)) throw new RewardInputError(`reward: ${where}.${key}: unknown field (expected ${[...known].join(", ")})`);
  const text = (key: string, required = false): string | undefined => {
    const value = item[key];
    if (value === undefined || value === null) {
      if (required) throw new RewardInputError(`reward: ${where}.${key}: required`);
      return undefined;
    }
    if (typeof value !== "string") throw new RewardInputError(`reward: ${where}.${key}: expected a string, got ${typeof value}`);
    return value;
  };
  const domain = text("domain");
  if (domain !== undefined && !DOMAINS.includes(domain as Domain)) throw new RewardInputError(`reward: ${where}.domain: expected ${DOMAINS.join(" or ")}, got ${JSON.stringify(domain)}`);
  const result: RewardItem = { completion: text("completion", true)! };
  if (domain !== undefined) result.domain = domain as Domain;
  const groundTruth = text("ground_truth");
  if (groundTruth !== undefined) result.ground_truth = groundTruth;
  const problemId = text("problem_id");
  if (problemId !== undefined) result.problem_id = problemId;
  const finishReason = text("finish_reason");
  if (finishReason !== undefined) result.finish_reason = finishReason;
  if (result.ground_truth === undefined && result.problem_id === undefined) throw new RewardInputError(`reward: ${where}: give ground_truth (with domain) or problem_id`);
  if (result.ground_truth !== undefined && result.domain === undefined && result.problem_id === undefined) throw new RewardInputError(`reward: ${where}.domain: required with ground_truth (math or code)`);
  return result;
}
