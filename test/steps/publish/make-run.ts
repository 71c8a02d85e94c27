import { writeFile } from "node:fs/promises";
import { difficultyTable, problemsTable, rolloutsTable, stagedTable, type DifficultyRow, type Problem, type Rollout, type StagedRow } from "../../../schemas/index.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { replaceTable, writeParquetPart } from "../../../src/core/table-store.js";
import { recordStep } from "../../../src/core/manifest.js";
import type { PipelineDefinition } from "../../../src/engines/config/pipeline-definition.js";
import { makeTempDir } from "../../temp-dirs.js";

export const MODELS = ["deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"];

export function problem(i: number): Problem {
  const code = i % 3 === 0;
  return {
    id: `p${String(i).padStart(4, "0")}`,
    source: code ? "sample-code" : "sample-math",
    source_id: `line:${i}`,
    domain: code ? "code" : "math",
    prompt: code ? `Read n and print n*${i}. ‘unicode’ ∑` : `What is ${i} + ${i}?`,
    answer: code ? null : String(2 * i),
    tests: code ? JSON.stringify({ kind: "stdio", cases: [{ input: "2\n", output: `${2 * i}\n` }] }) : null,
    solution: null,
    meta: "{}",
  };
}

export interface MakeRunOptions {
  problems?: number;
  /** Write the staged table. @default true */
  staged?: boolean;
}

export const PIPELINE: PipelineDefinition = {
  name: "tiny",
  description: "A tiny run for publish tests.",
  sources: [{ name: "sample-math", path: "math.jsonl" }],
  sampling: { samples: 4, params: { temperature: 0.6 } },
  policy: "am-2504.00829",
  publish: { repo: "test-user/tiny", license: "apache-2.0" },
};

/** A small complete run folder (problems, rollouts, difficulty, staged, manifest, pipeline file). */
export async function makeRun({ problems = 12, staged = true }: MakeRunOptions = {}): Promise<{ run: RunFolder; pipelinePath: string }> {
  const run = await new RunFolder(await makeTempDir("rungs-publish-")).ensure();
  const rows = Array.from({ length: problems }, (_, i) => problem(i));
  await replaceTable(run, problemsTable, rows);
  const difficulty: DifficultyRow[] = rows.flatMap((p, i) =>
    MODELS.map((model, m) => {
      const passes = (i + m * 2) % 5;
      return {
        problem_id: p.id, model, domain: p.domain, samples: 4, passes: Math.min(passes, 4), pass_rate: Math.min(passes, 4) / 4, mean_score: Math.min(passes, 4) / 4,
        truncation_rate: 0, mean_completion_tokens: 100 + i, total_completion_tokens: 400 + 4 * i, origin: "rollouts" as const,
      };
    }),
  );
  await replaceTable(run, difficultyTable, difficulty);
  const rollouts: Rollout[] = rows.slice(0, 3).map((p, i) => ({
    problem_id: p.id, model: MODELS[0], sample_index: i, completion: "x", completion_sha256: "0".repeat(64), completion_chars: 1,
    finish_reason: "stop", prompt_tokens: 10, completion_tokens: 5, completion_tokens_source: "usage", truncation: null, latency_ms: 1.5, score: 1, correct: true, verdict: "correct",
    extracted: "1", verifier: p.domain === "math" ? "math@1.0.0" : "code@1.0.0", endpoint: null, seed: 1, request_start: i, created_at: "2026-01-01T00:00:00Z",
  }));
  await writeParquetPart(run.tableDir("rollouts"), rolloutsTable, rollouts, { partition: MODELS[0] });
  if (staged) {
    const stagedRows: StagedRow[] = difficulty
      .filter((d) => d.pass_rate > 0 && d.pass_rate < 1)
      .map((d) => ({ problem_id: d.problem_id, level: d.model === MODELS[0] ? "L1" : "L2", domain: d.domain, rule: d.model === MODELS[0] ? "small_partial" : "medium_partial", policy: "am-2504.00829" }));
    await replaceTable(run, stagedTable, stagedRows);
  }
  const pipelinePath = run.path("tiny.ts");
  await writeFile(pipelinePath, `export default ${JSON.stringify(PIPELINE)};\n`);
  const record = { config_hash: "abc", status: "done" as const, versions: { rungs: "0.1.0", "math-verifier": "1.0.0" }, counts: { rows: problems }, started_at: "2026-01-01T00:00:00Z", finished_at: "2026-01-01T00:00:01Z", seconds: 1 };
  for (const step of ["ingest", "grade", "stage"]) await recordStep(run, step, record, pipelinePath);
  return { run, pipelinePath };
}
