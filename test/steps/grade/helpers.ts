import { RunFolder } from "../../../src/core/run-folder.js";
import { replaceTable, writeParquetPart } from "../../../src/core/table-store.js";
import { problemsTable, type Problem } from "../../../schemas/problems.js";
import { rolloutsTable, type Rollout } from "../../../schemas/rollouts.js";
import { difficultyTable, type DifficultyRow } from "../../../schemas/difficulty.js";
import { tempDir } from "../stage/helpers.js";

export function problem(id: string, domain: "math" | "code" = "math", over: Partial<Problem> = {}): Problem {
  return { id, source: "test", source_id: id, domain, prompt: `Problem ${id}`, answer: domain === "math" ? "1" : null, tests: domain === "code" ? "{}" : null, solution: null, meta: "{}", ...over };
}

export function rollout(problem_id: string, model: string, sample_index: number, score: number, over: Partial<Rollout> = {}): Rollout {
  return {
    problem_id,
    model,
    sample_index,
    completion: null,
    completion_sha256: "0".repeat(64),
    completion_chars: 10,
    finish_reason: "stop",
    prompt_tokens: 50,
    completion_tokens: 100,
    completion_tokens_source: "usage",
    truncation: null,
    latency_ms: 5,
    score,
    correct: score === 1,
    verdict: score === 1 ? "correct" : "wrong_answer",
    extracted: null,
    verifier: "test@1",
    endpoint: null,
    seed: null,
    request_start: null,
    created_at: "2025-01-01T00:00:00Z",
    ...over,
  };
}

export function imported(problem_id: string, model: string, samples: number, passes: number, over: Partial<DifficultyRow> = {}): DifficultyRow {
  return { problem_id, model, domain: "math", samples, passes, pass_rate: passes / samples, mean_score: passes / samples, truncation_rate: 0, mean_completion_tokens: null, total_completion_tokens: null, origin: "imported", ...over };
}

/** A run folder with these tables written the way the other steps write them. */
export async function makeRun({ problems = [], rollouts = [], importedRows = [] }: { problems?: Problem[]; rollouts?: Rollout[]; importedRows?: DifficultyRow[] }): Promise<RunFolder> {
  const run = await new RunFolder(await tempDir("rungs-grade-")).ensure();
  if (problems.length) await replaceTable(run, problemsTable, problems);
  const byModel = new Map<string, Rollout[]>();
  for (const r of rollouts) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  for (const [model, rows] of byModel) await writeParquetPart(run.tableDir("rollouts"), rolloutsTable, rows, { partition: model });
  if (importedRows.length) await writeParquetPart(run.tableDir("imported_difficulty"), difficultyTable, importedRows, { validate: false });
  return run;
}
