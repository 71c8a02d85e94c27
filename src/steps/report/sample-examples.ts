import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import type { ResolvedReportOptions } from "./report-options.js";
import { splitCompletion, type CompletionParts } from "./split-completion.js";

export interface ExampleCompletion extends CompletionParts {
  model: string;
  sampleIndex: number;
  verdict: string;
  score: number;
  finishReason: string;
  extracted: string | null;
  completionTokens: number | null;
  /** The run kept only the completion's hash. */
  hashOnly: boolean;
}

export interface ExampleProblem {
  id: string;
  source: string;
  domain: string;
  prompt: string;
  promptChars: number;
  answer: string | null;
  tests: string | null;
  testsChars: number;
  passRates: { model: string; passRate: number; passes: number; samples: number }[];
  completions: ExampleCompletion[];
}

export interface ExampleGroup {
  /** Level name, or "all problems" before staging. */
  level: string;
  problems: ExampleProblem[];
}

const ALL = "all problems";

/**
 * A seeded, bounded sample of each level's problems with their completions: the page never embeds the
 * data, so every query is limited by the number of examples, not by the size of the run.
 */
export async function sampleExamples(
  db: DuckDBConnection,
  views: Record<string, string>,
  options: ResolvedReportOptions,
  /** Further groups with their problems chosen by the caller (the review lists), shown after the levels. */
  extra: { level: string; ids: string[] }[] = [],
): Promise<ExampleGroup[]> {
  const { examplesPerLevel: k, completionsPerModel: m, seed, maxPromptChars: maxP, maxCompletionChars: maxC } = options;
  if (!views.problems || k === 0) return [];
  // Up to k per (level, domain), so a level's sample shows both domains when it has both.
  const picked = await queryRows<{ level: string; id: string; domain: string }>(
    db,
    views.staged
      ? `SELECT level, problem_id AS id, domain FROM staged QUALIFY row_number() OVER (PARTITION BY level, domain ORDER BY hash(problem_id, ${seed}), problem_id) <= ${k} ORDER BY level, hash(problem_id, ${seed}), problem_id`
      : `SELECT '${ALL}' AS level, id, domain FROM problems QUALIFY row_number() OVER (PARTITION BY domain ORDER BY hash(id, ${seed}), id) <= ${k} ORDER BY hash(id, ${seed}), id`,
  );
  const groups = new Map<string, string[]>();
  for (const level of new Set(picked.map((p) => p.level))) {
    const math = picked.filter((p) => p.level === level && p.domain === "math").map((p) => p.id);
    const code = picked.filter((p) => p.level === level && p.domain !== "math").map((p) => p.id);
    // Alternate domains, then cut to k: a level of mostly code still shows some math and vice versa.
    const ids: string[] = [];
    for (let i = 0; ids.length < k && (i < math.length || i < code.length); i++) {
      if (i < math.length) ids.push(math[i]);
      if (i < code.length && ids.length < k) ids.push(code[i]);
    }
    groups.set(level, ids);
  }
  for (const g of extra) if (g.ids.length) groups.set(g.level, g.ids.slice(0, k));
  const allIds = [...new Set([...groups.values()].flat())];
  if (!allIds.length) return [];
  const idList = allIds.map(sqlString).join(", ");
  const problems = await queryRows<Omit<ExampleProblem, "passRates" | "completions">>(
    db,
    `SELECT id, source, domain, left(prompt, ${maxP}) AS prompt, length(prompt)::BIGINT AS "promptChars", left(answer, ${maxP}) AS answer,
       left(tests, ${maxP}) AS tests, coalesce(length(tests), 0)::BIGINT AS "testsChars" FROM problems WHERE id IN (${idList})`,
  );
  const byId = new Map(problems.map((p) => [p.id, { ...p, passRates: [] as ExampleProblem["passRates"], completions: [] as ExampleCompletion[] }]));
  if (views.difficulty) {
    const rates = await queryRows<{ problem_id: string; model: string; passRate: number; passes: number; samples: number }>(
      db,
      `SELECT problem_id, model, pass_rate AS "passRate", passes, samples FROM difficulty WHERE problem_id IN (${idList}) ORDER BY model`,
    );
    for (const r of rates) byId.get(r.problem_id)?.passRates.push({ model: r.model, passRate: r.passRate, passes: r.passes, samples: r.samples });
  }
  if (views.rollouts && m > 0) {
    // Per (problem, model): alternate correct and wrong samples (by a seeded order) so a verdict of each kind shows.
    const rows = await queryRows<{ problem_id: string; model: string; sample_index: number; verdict: string; score: number; finish_reason: string; extracted: string | null;
      completion_tokens: number | null; hash_only: boolean; chars: number; whole: string | null; head: string | null; tail: string | null }>(
      db,
      `SELECT problem_id, model, sample_index, verdict, score, finish_reason, left(extracted, ${maxP}) AS extracted, completion_tokens, completion IS NULL AS hash_only,
         coalesce(length(completion), completion_chars)::BIGINT AS chars,
         CASE WHEN length(completion) <= ${4 * maxC} THEN completion END AS whole,
         CASE WHEN length(completion) > ${4 * maxC} THEN left(completion, ${maxC}) END AS head,
         CASE WHEN length(completion) > ${4 * maxC} THEN right(completion, ${2 * maxC}) END AS tail
       FROM (SELECT *, row_number() OVER (PARTITION BY problem_id, model, correct ORDER BY hash(sample_index, ${seed}), sample_index) AS kind_rank
             FROM rollouts WHERE problem_id IN (${idList}))
       QUALIFY row_number() OVER (PARTITION BY problem_id, model ORDER BY kind_rank, correct DESC) <= ${m}
       ORDER BY problem_id, model, kind_rank, correct DESC`,
    );
    for (const r of rows) {
      const parts = splitCompletion({ whole: r.whole, head: r.head, tail: r.tail, chars: r.chars, truncated: r.finish_reason === "length" }, maxC);
      byId.get(r.problem_id)?.completions.push({
        model: r.model, sampleIndex: r.sample_index, verdict: r.verdict, score: r.score, finishReason: r.finish_reason, extracted: r.extracted,
        completionTokens: r.completion_tokens, hashOnly: r.hash_only, ...parts,
      });
    }
  }
  return [...groups].map(([level, ids]) => ({ level, problems: ids.map((id) => byId.get(id)).filter((p): p is ExampleProblem => p !== undefined) }));
}
