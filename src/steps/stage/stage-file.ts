import { openDuckDB } from "../../core/duckdb.js";
import { RunFolder } from "../../core/run-folder.js";
import type { ProgressListener } from "../../core/progress.js";
import { compilePolicy } from "../../engines/policy/compile-policy.js";
import type { PolicyInput } from "../../engines/policy/policy-spec.js";
import { loadDifficultyFile, STAGE_INPUT } from "./load-difficulty.js";
import { stageDifficulty, type StageResult } from "./stage-difficulty.js";
import type { ShardOptions } from "./write-shards.js";

export interface StageFileOptions {
  /** JSONL or Parquet rows with problem_id, domain, model, pass_rate, samples (passes, mean_score, truncation_rate optional). */
  difficulty: string;
  /** A built-in policy name or a policy. */
  policy: PolicyInput;
  /** Output folder: `staged/`, `shards/` (and `arrow/`) are written here. */
  out: string;
  /** Role → model id overrides. @default {} */
  roles?: Record<string, string>;
  seed?: string;
  /** @default {} */
  shards?: ShardOptions | false;
  /** @default false */
  arrow?: boolean;
  progress?: ProgressListener;
}

/** `rungs stage --difficulty F --policy P --out DIR`: stages a standalone difficulty file. */
export async function stageDifficultyFile({ difficulty, policy, out, roles = {}, seed, shards = {}, arrow = false, progress }: StageFileOptions): Promise<StageResult> {
  const compiled = compilePolicy(policy, { roles, ...(seed !== undefined ? { seed } : {}) });
  const connection = await openDuckDB();
  try {
    await loadDifficultyFile(connection, difficulty);
    const run = new RunFolder(out);
    return await stageDifficulty({ connection, difficulty: STAGE_INPUT, policy: compiled, out: run, shards, arrow, ...(progress ? { progress } : {}) });
  } finally {
    connection.closeSync();
  }
}
