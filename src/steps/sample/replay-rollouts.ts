import { problemsTable, type Problem } from "../../../schemas/problems.js";
import type { Rollout } from "../../../schemas/rollouts.js";
import { InputError } from "../../core/errors.js";
import { queryRows, sharedDuckDB, sqlString } from "../../core/duckdb.js";
import { sha256Hex } from "../../core/hash.js";
import { problemId } from "../../core/problem-id.js";
import type { RunFolder } from "../../core/run-folder.js";
import { readTable } from "../../core/table-store.js";
import { createCompletionVerifier, type CompletionVerifier } from "../../engines/verify/verify-completion.js";
import { RolloutStore } from "./rollout-store.js";

export interface ReplayOptions {
  /** JSONL or Parquet file: `problem_id` or `prompt`, `completion` (text) or `completions` (list), optional `model`, `finish_reason`, `completion_tokens` (a count, or a list matching `completions`). */
  path: string;
  /** Model id for rows without a `model` column. */
  model?: string;
  /** @default true */
  keepCompletions?: boolean;
  verifier?: CompletionVerifier;
}

export interface ReplayResult {
  imported: number;
  alreadyStored: number;
  /** Rows whose problem is not in the run's problems table (file:row in `examples`). */
  unmatched: number;
  examples: string[];
}

/**
 * Imports rollouts produced elsewhere and grades them like sampled ones. Sample indices follow the
 * file's order per (problem, model), so importing the same file twice stores nothing new.
 */
export async function replayRollouts(run: RunFolder, { path, model, keepCompletions = true, verifier }: ReplayOptions): Promise<ReplayResult> {
  const source = /\.parquet$/i.test(path) ? `read_parquet(${sqlString(path)})` : `read_json_auto(${sqlString(path)}, format = 'newline_delimited')`;
  let rows: Record<string, unknown>[];
  try {
    rows = await queryRows(await sharedDuckDB(), `SELECT * FROM ${source}`);
  } catch (error) {
    throw new InputError(`replay: cannot read ${path}: ${(error as Error).message.split("\n")[0]}`, path);
  }
  const problems = (await readTable(run.tableDir(problemsTable.name), problemsTable)) as Problem[];
  const byId = new Map(problems.map((p) => [p.id, p]));
  const byPrompt = new Map(problems.map((p) => [p.prompt, p]));
  const store = await RolloutStore.open(run);
  const own = verifier ?? createCompletionVerifier();
  const result: ReplayResult = { imported: 0, alreadyStored: 0, unmatched: 0, examples: [] };
  const nextIndex = new Map<string, number>();
  try {
    for (const [i, row] of rows.entries()) {
      const where = `${path}:${i + 1}`;
      const modelId = typeof row.model === "string" ? row.model : model;
      if (!modelId) throw new InputError(`replay: ${where}: the row has no model and no --model was given`, path, i + 1);
      const prompt = typeof row.prompt === "string" ? row.prompt : undefined;
      const problem =
        (typeof row.problem_id === "string" ? byId.get(row.problem_id) : undefined) ??
        (prompt !== undefined ? (byPrompt.get(prompt) ?? byId.get(problemId("math", prompt)) ?? byId.get(problemId("code", prompt))) : undefined);
      if (!problem) {
        result.unmatched++;
        if (result.examples.length < 5) result.examples.push(where);
        continue;
      }
      const texts = Array.isArray(row.completions) ? row.completions : [row.completion];
      const counts = importedTokenCounts(row.completion_tokens, texts.length, where, path, i + 1);
      for (const [k, text] of texts.entries()) {
        if (typeof text !== "string") throw new InputError(`replay: ${where}: completion(s) must be text`, path, i + 1);
        const key = `${modelId}\t${problem.id}`;
        const index = nextIndex.get(key) ?? 0;
        nextIndex.set(key, index + 1);
        if (store.has(modelId, problem.id, index)) {
          result.alreadyStored++;
          continue;
        }
        const finish = typeof row.finish_reason === "string" ? row.finish_reason : "stop";
        const verdict = await own.verify(problem, { text, finish_reason: finish });
        const rollout: Rollout = {
          problem_id: problem.id, model: modelId, sample_index: index, completion: keepCompletions ? text : null,
          completion_sha256: sha256Hex(text), completion_chars: text.length, finish_reason: finish,
          truncation: null, prompt_tokens: null, completion_tokens: counts[k], completion_tokens_source: counts[k] === null ? null : "imported", latency_ms: null, ...verdict,
          endpoint: null, seed: null, request_start: null, created_at: new Date().toISOString(),
        };
        result.imported += await store.add([rollout]);
      }
    }
    await store.close();
  } finally {
    if (!verifier) await own.close();
  }
  return result;
}

/** The file's own per-completion token counts (a count, or a list matching `completions`); nulls where it has none. */
function importedTokenCounts(value: unknown, completions: number, where: string, path: string, line: number): (number | null)[] {
  if (value === undefined || value === null) return Array(completions).fill(null);
  const list = Array.isArray(value) ? value : [value];
  const counts = list.map((v) => (typeof v === "bigint" ? Number(v) : v));
  if (list.length !== completions || !counts.every((v) => v === null || (Number.isInteger(v) && (v as number) >= 0))) {
    throw new InputError(`replay: ${where}: completion_tokens must be a whole number per completion (${completions}), got ${JSON.stringify(value, (_, v) => (typeof v === "bigint" ? Number(v) : v))}`, path, line);
  }
  return counts as (number | null)[];
}
