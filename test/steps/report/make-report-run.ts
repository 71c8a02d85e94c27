import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { problemsTable, rolloutsTable, type Problem, type Rollout } from "../../../schemas/index.js";
import { recordStep } from "../../../src/core/manifest.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { replaceTable, writeParquetPart } from "../../../src/core/table-store.js";
import { PAPER_ROLES } from "../../../src/engines/policy/builtin-policies.js";
import { runStep } from "../../../src/pipeline/run-step.js";
import type { PipelineDefinition } from "../../../src/engines/config/pipeline-definition.js";
import { exportStep } from "../../../src/steps/export/export-step.js";
import { gradeStep } from "../../../src/steps/grade/grade-step.js";
import { stageStep } from "../../../src/steps/stage/stage-step.js";
import { makeTempDir } from "../../temp-dirs.js";

export const MODELS = Object.values(PAPER_ROLES);
/** Text a hostile dataset could carry: the page must show it, never run it. */
export const HOSTILE = `<script>window.__pwned = 1</script><img src="http://203.0.113.9/x.png" onerror="window.__pwned = 2">"'&`;
const SKILL = [0.25, 0.5, 0.75, 0.95];

export const PIPELINE: PipelineDefinition = {
  name: "report-test",
  description: "A small run for the report tests.",
  sources: [{ name: "src-a", path: "a.jsonl" }, { name: "src-b", path: "b.jsonl" }],
  models: MODELS.map((id) => ({ id, endpoints: ["http://127.0.0.1:9/v1"], params: { temperature: 0.6, max_tokens: 4096 } })),
  sampling: { samples: 4, requestSize: 2 },
  policy: "am-2504.00829",
  // Small batches and a 2:1 mix that the levels cannot hold exactly: the export leaves problems out, as the demo's does.
  curriculum: {
    batchSize: 4,
    mix: { math: 2, code: 1, onShortfall: "shorten" },
    stages: [{ name: "stage1", levels: ["L2"], maxResponseLength: 16384, stop: { description: "10 steps", maxSteps: 10 } }, { name: "stage2", levels: ["L3"], maxResponseLength: 24576, stop: { description: "10 steps", maxSteps: 10 } }],
  } as PipelineDefinition["curriculum"],
};

/** A deterministic pseudo-random number in [0, 1) from integers. */
const rand = (...xs: number[]) => {
  let h = 2166136261;
  for (const x of xs) h = Math.imul(h ^ x, 16777619) >>> 0;
  return ((Math.imul(h ^ (h >>> 15), 2246822507) >>> 0) % 10000) / 10000;
};

export function makeProblem(i: number): Problem {
  const code = i % 4 === 3;
  const source = i % 2 ? "src-b" : "src-a";
  return {
    id: `p${String(i).padStart(6, "0")}`,
    source,
    source_id: `${source}:${i}`,
    domain: code ? "code" : "math",
    prompt: i === 1 ? `Evaluate ${HOSTILE} for x = 1.` : code ? `Read n and print n*${i}.` : i % 4 === 2 ? `What is $\\frac{${2 * i}}{2} + ${i}$?` : `What is ${i} + ${i}?`,
    answer: code ? null : String(2 * i),
    tests: code ? JSON.stringify({ format: "stdin", inputs: ["2\n"], outputs: [`${2 * i}\n`] }) : null,
    solution: null,
    meta: "{}",
  };
}

/** Problems no model solves (the paper's policy drops them: R1 never passes). */
export const brokenTruth = (i: number) => i % 12 === 5;
/** Problems only the strongest model solves, in one sample. */
export const onlyStrongestOnce = (i: number) => i % 12 === 9;

export function makeRollout(p: Problem, i: number, model: number, sample: number, text = true): Rollout {
  const difficulty = rand(i);
  // Some problems carry what a curator must catch: a wrong ground truth (every model fails) and one only
  // the strongest model solves, once.
  const correct = brokenTruth(i) ? false : onlyStrongestOnce(i) ? model === MODELS.length - 1 && sample === 0 : rand(i, model, sample) < Math.max(0, Math.min(1, SKILL[model] * 1.6 - difficulty));
  const truncated = !correct && rand(i, model, sample, 7) < 0.15;
  const answer = correct ? (p.answer ?? "n = int(input())\nprint(n * 2)") : String(i * 3 + 1);
  const completion = truncated ? `<think>Let me think about ${p.id}. ` + "Hmm. ".repeat(40) : `Reasoning about ${p.id}: ${i === 1 ? HOSTILE : "add the numbers."}\n</think>\n\nThe answer is \\boxed{${answer}}.`;
  return {
    problem_id: p.id, model: MODELS[model], sample_index: sample, completion: text ? completion : null, completion_sha256: "0".repeat(64), completion_chars: completion.length,
    finish_reason: truncated ? "length" : "stop", prompt_tokens: 20 + (i % 7), completion_tokens: 100 + Math.round(rand(i, model, sample, 3) * 900), completion_tokens_source: "usage", truncation: truncated ? "max_tokens" : null,
    latency_ms: 10, score: correct ? 1 : 0, correct, verdict: correct ? "correct" : truncated ? "truncated" : "wrong_answer", extracted: truncated ? null : answer,
    verifier: p.domain === "math" ? "rungs-math@1.0.0" : "rungs-code@1.0.0", endpoint: null, seed: sample, request_start: sample - (sample % 4), created_at: "2026-01-01T00:00:00Z",
  };
}

/**
 * A run folder like the demo's: problems from two sources, rollouts of the paper's four models,
 * difficulty and levels from the project's own grade and stage steps (and export's trainer files when
 * `exported`), quarantine files and a manifest.
 */
export async function makeReportRun(problems = 48, { exported = false } = {}): Promise<RunFolder> {
  const run = await new RunFolder(await makeTempDir("rungs-report-")).ensure();
  const rows = Array.from({ length: problems }, (_, i) => makeProblem(i));
  await replaceTable(run, problemsTable, rows);
  for (let m = 0; m < MODELS.length; m++) {
    const rollouts = rows.flatMap((p, i) => Array.from({ length: 4 }, (_, s) => makeRollout(p, i, m, s)));
    await writeParquetPart(run.tableDir("rollouts"), rolloutsTable, rollouts, { partition: MODELS[m] });
  }
  await mkdir(run.quarantineDir, { recursive: true });
  const q = (reason: string, source: string, id: string, detail: string) => JSON.stringify({ step: "curate", reason, detail, source, source_id: id, row: { prompt: "x" } });
  await writeFile(run.path("quarantine", "curate-duplicate.jsonl"), [q("duplicate", "src-a", "src-a:900", "same normalised text as kept problem p000000"), q("duplicate", "src-b", "src-b:901", "same text")].join("\n") + "\n");
  await writeFile(run.path("quarantine", "ingest-src-b.jsonl"), JSON.stringify({ step: "ingest", reason: "invalid", detail: `field prompt: ${HOSTILE}`, source: "src-b", source_id: "b.jsonl:3" }) + "\n");
  const at = "2026-01-01T00:00:00.000Z";
  const record = (counts: Record<string, number>, details?: Record<string, unknown>) => ({ config_hash: "x", status: "done" as const, versions: { rungs: "0.1.0" }, counts, started_at: at, finished_at: at, seconds: 1, details });
  const half = Math.ceil(problems / 2);
  await recordStep(run, "ingest", record({ ingested: problems + 3 }, { sources: [{ name: "src-a", read: half + 1, ingested: half + 1 }, { name: "src-b", read: problems - half + 2, ingested: problems - half + 1 }] }), "pipelines/report-test.ts");
  await recordStep(run, "curate", record({ input: problems + 2, kept: problems, duplicate: 2, near_duplicate: 0, contaminated: 0 }, { eval_problems: { "aime-2024": 30 } }));
  const ctx = { run, pipeline: PIPELINE, progress: () => {} };
  await runStep(gradeStep, ctx);
  await runStep(stageStep, ctx);
  if (exported) await runStep(exportStep, ctx, exportStep.resolve(PIPELINE, { "run-dir": run.dir }));
  return run;
}
