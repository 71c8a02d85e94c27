import { readFile } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import type { Manifest } from "../../core/manifest.js";
import type { RunFolder } from "../../core/run-folder.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import type { CompiledPolicy } from "../../engines/policy/compiled-policy.js";
import { pipelinePolicy } from "../../engines/policy/pipeline-policy.js";
import { conditionSql, evaluationSql, pivotSql, statusSql } from "../../engines/policy/policy-sql.js";
import type { Distribution } from "./collect-distribution.js";

/** One problem a curator should look at, with every model's passes (weakest model first). */
export interface ReviewRow {
  id: string;
  source: string;
  domain: string;
  /** Why it is listed: the suspicion, the drop rule, or why it is in no level. */
  why: string;
  passes: { model: string; passes: number; samples: number }[];
}

export interface ReviewList {
  /** Problems in the list (the rows shown are the first `rows.length`, by source and id). */
  total: number;
  rows: ReviewRow[];
}

/** Where every kept problem ended up. */
export type Outcome = "in a level" | "kept, in no level" | "dropped" | "excluded" | "truncated" | "undecided" | "not graded";

export interface SourceDifficulty {
  source: string;
  model: string;
  problems: number;
  meanPassRate: number;
  /** Problems at pass rate 0, strictly between, and 1. */
  zero: number;
  between: number;
  one: number;
}

export interface SourceReview {
  source: string;
  problems: number;
  inLevel: number;
  noLevel: number;
  dropped: number;
  suspect: number;
}

export interface StageExport {
  stage: string;
  levels: string;
  available: { math: number; code: number };
  /** Rows written for the trainer (undefined before export). */
  exported?: { math: number; code: number };
  /** Left out to hold the math:code mix (export/left-out/<stage>.jsonl). */
  leftOut: number;
  /** Staged problems of the stage the exporter could not write (export/skipped.jsonl). */
  skipped: number;
  /** Rows of a last, partial batch (verl drops it). */
  partialBatch: number;
  /** The sentence a curator reads: why the stage trains on fewer problems than it has. */
  why: string;
}

export interface Review {
  /** Models weakest first; the last is the one "only the strongest passes" refers to. */
  models: string[];
  policy?: string;
  /** Why the policy could not be evaluated again (then no drop rules or outcomes are shown). */
  policyError?: string;
  outcomes: { outcome: Outcome; problems: number; math: number; code: number }[];
  suspect: ReviewList;
  dropped: ReviewList & { byRule: { rule: string; problems: number }[] };
  noLevel: ReviewList;
  sourceDifficulty: SourceDifficulty[];
  sources: SourceReview[];
  stages: StageExport[];
}

const ALL_ZERO = "every model 0";
const onlyStrongest = (model: string) => `only ${model.slice(model.lastIndexOf("/") + 1)} passes, once`;
const DECIDED_DROP = "dropped by adaptive sampling's decision (sampling_decisions)";

/** A drop rule as SQL over the policy pivot (its domains and seeded keep included), like the stage applies it. */
function dropRuleSql(policy: CompiledPolicy): string {
  if (!policy.drop.length) return "NULL";
  const whens = policy.drop.map((r) => {
    const parts = [conditionSql(policy, r.when)];
    if (r.domains) parts.push(`(domain IN (${r.domains.map(sqlString).join(", ")}))`);
    if (r.keep < 1) parts.push(`(_draw < ${r.keep})`);
    return `WHEN (${parts.join(" AND ")}) IS TRUE THEN ${sqlString(r.name)}`;
  });
  return `CASE ${whens.join(" ")} END`;
}

/**
 * Evaluates the run's policy again over the difficulty table (`review_status`: problem_id, status,
 * drop_rule); adaptive runs take each decided problem's status from sampling_decisions.
 */
async function evaluateStatus(db: DuckDBConnection, views: Record<string, string>, policy: CompiledPolicy): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE review_pivot AS ${pivotSql(policy, "difficulty")}`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE review_status AS SELECT e.problem_id, ${statusSql(policy)} AS status, r.drop_rule
     FROM (${evaluationSql(policy, "review_pivot")}) e JOIN (SELECT problem_id, ${dropRuleSql(policy)} AS drop_rule FROM review_pivot) r USING (problem_id)`,
  );
  if (views.sampling_decisions) {
    await db.run(
      `UPDATE review_status SET status = s.status, drop_rule = CASE WHEN s.status = 'dropped' THEN coalesce(review_status.drop_rule, ${sqlString(DECIDED_DROP)}) END
       FROM (SELECT problem_id, any_value(problem_status) AS status FROM sampling_decisions WHERE problem_status IS NOT NULL GROUP BY problem_id) s
       WHERE review_status.problem_id = s.problem_id`,
    );
  }
  await db.run(`DROP TABLE review_pivot`);
}

/** Each stage's exported rows, left-out and skipped problems, from export/ (absent before export). */
async function collectStageExports(db: DuckDBConnection, views: Record<string, string>, run: RunFolder, stages: Distribution["stages"]): Promise<StageExport[]> {
  type Written = { name: string; rows: number; math: number; code: number; leftOut?: number; partialBatchRows?: number; levels: Record<string, string[]>; mix?: { math: number; code: number } | null };
  const doc = await readFile(run.path("export", "curriculum.json"), "utf8").then((t) => JSON.parse(t) as { stages?: Written[] }, () => undefined);
  const skippedFile = run.path("export", "skipped.jsonl");
  const hasSkipped = await readFile(skippedFile, "utf8").then((t) => t.trim().length > 0, () => false);
  const out: StageExport[] = [];
  for (const s of stages) {
    const written = doc?.stages?.find((w) => w.name === s.stage);
    let skipped = 0;
    if (hasSkipped && written && views.staged) {
      const levelTests = Object.entries(written.levels ?? {}).map(([d, ls]) => `(domain = ${sqlString(d)} AND level IN (${ls.map(sqlString).join(", ") || "NULL"}))`);
      const [row] = await queryRows<{ n: number }>(
        db,
        `SELECT count(DISTINCT problem_id)::BIGINT AS n FROM staged WHERE (${levelTests.join(" OR ") || "FALSE"})
         AND problem_id IN (SELECT problem_id FROM read_json(${sqlString(skippedFile)}, format = 'newline_delimited', columns = {'problem_id': 'VARCHAR'}))`,
      );
      skipped = row.n;
    }
    const available = { math: s.math, code: s.code };
    const leftOut = written?.leftOut ?? 0;
    const partialBatch = written?.partialBatchRows ?? 0;
    const reasons: string[] = [];
    if (!written) reasons.push("not exported yet (run the export step)");
    else {
      if (leftOut) {
        const mix = written.mix ?? s.targetMix;
        reasons.push(`${leftOut} left out to hold math:code ${mix ? `${mix.math}:${mix.code}` : ""} in every batch (export/left-out/${s.stage}.jsonl)`);
      }
      if (skipped) reasons.push(`${skipped} cannot be exported (export/skipped.jsonl)`);
      if (partialBatch) reasons.push(`the last batch has ${partialBatch} rows, which verl drops`);
      if (!reasons.length) reasons.push("every available problem is exported");
    }
    out.push({ stage: s.stage, levels: s.levels.join(", "), available, exported: written ? { math: written.math, code: written.code } : undefined, leftOut, skipped, partialBatch, why: reasons.join("; ") });
  }
  return out;
}

/**
 * What a curator reviews before training: suspect ground truths (every model fails, or only the
 * strongest passes once), dropped problems with their rule, problems in no level, difficulty per
 * source, and what each curriculum stage trains on against what it has. Lists are bounded by `maxRows`.
 */
export async function collectReview(
  db: DuckDBConnection,
  views: Record<string, string>,
  run: RunFolder,
  manifest: Manifest,
  modelsByStrength: string[],
  stages: Distribution["stages"],
  pipeline: PipelineDefinition | undefined,
  maxRows = 100,
): Promise<Review> {
  const review: Review = {
    models: modelsByStrength,
    outcomes: [],
    suspect: { total: 0, rows: [] },
    dropped: { total: 0, rows: [], byRule: [] },
    noLevel: { total: 0, rows: [] },
    sourceDifficulty: [],
    sources: [],
    stages: await collectStageExports(db, views, run, stages),
  };
  if (!views.problems) return review;
  const strongest = modelsByStrength[modelsByStrength.length - 1];
  const graded = Boolean(views.difficulty) && modelsByStrength.length > 0;
  let evaluated = false;
  if (graded) {
    try {
      const roles = (manifest.steps.stage?.details?.roles ?? {}) as Record<string, string>;
      const policy = pipelinePolicy(pipeline ?? {}, { roles });
      review.policy = policy.name;
      await evaluateStatus(db, views, policy);
      evaluated = true;
    } catch (error) {
      review.policyError = error instanceof Error ? error.message : String(error);
    }
  }
  const inLevel = views.staged ? `p.id IN (SELECT problem_id FROM staged)` : "FALSE";
  const status = evaluated ? "s.status" : "NULL";
  // One row per kept problem: its outcome, drop rule, and the suspicion about its ground truth.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE review_problems AS
     SELECT p.id, p.source, p.domain,
       CASE WHEN ${inLevel} THEN 'in a level'
            WHEN d.problem_id IS NULL THEN 'not graded'
            WHEN ${status} IS NULL THEN 'kept, in no level'
            WHEN ${status} = 'staged' THEN 'kept, in no level'
            ELSE ${status} END AS outcome,
       ${evaluated ? "s.drop_rule" : "NULL"} AS drop_rule,
       CASE WHEN d.max_passes = 0 THEN ${sqlString(ALL_ZERO)}
            WHEN d.models > 1 AND d.top_passes = 1 AND d.other_passes = 0 THEN ${sqlString(strongest ? onlyStrongest(strongest) : "")}
              -- adaptive sampling may have stopped the strongest model at its first pass: say so, it is weaker evidence
              || CASE WHEN d.top_samples < d.most_samples THEN ' (stopped after ' || d.top_samples || ' of ' || d.most_samples || ' samples)' ELSE '' END END AS suspicion
     FROM problems p
     LEFT JOIN ${
       graded
         ? `(SELECT problem_id, max(passes) AS max_passes, count(*) AS models, sum(passes) FILTER (WHERE model = ${sqlString(strongest)}) AS top_passes,
              max(samples) FILTER (WHERE model = ${sqlString(strongest)}) AS top_samples, (SELECT max(samples) FROM difficulty) AS most_samples,
              coalesce(sum(passes) FILTER (WHERE model <> ${sqlString(strongest)}), 0) AS other_passes FROM difficulty GROUP BY problem_id)`
         : `(SELECT NULL::VARCHAR AS problem_id, NULL::BIGINT AS max_passes, NULL::BIGINT AS models, NULL::BIGINT AS top_passes, NULL::BIGINT AS top_samples, NULL::BIGINT AS most_samples, NULL::BIGINT AS other_passes WHERE FALSE)`
     } d ON d.problem_id = p.id
     ${evaluated ? "LEFT JOIN review_status s ON s.problem_id = p.id" : ""}`,
  );
  if (views.staged) review.outcomes = await queryRows(
    db,
    `SELECT outcome, count(*)::BIGINT AS problems, count_if(domain = 'math')::BIGINT AS math, count_if(domain = 'code')::BIGINT AS code FROM review_problems GROUP BY outcome
     ORDER BY list_position(['in a level', 'kept, in no level', 'dropped', 'excluded', 'truncated', 'undecided', 'not graded'], outcome), outcome`,
  );
  const list = async (where: string, why: string): Promise<ReviewList> => {
    const [{ n }] = await queryRows<{ n: number }>(db, `SELECT count(*)::BIGINT AS n FROM review_problems WHERE ${where}`);
    const rows = await queryRows<Omit<ReviewRow, "passes">>(db, `SELECT id, source, domain, ${why} AS why FROM review_problems WHERE ${where} ORDER BY source, id LIMIT ${maxRows}`);
    return { total: n, rows: rows.map((r) => ({ ...r, passes: [] })) };
  };
  review.suspect = await list("suspicion IS NOT NULL", "suspicion");
  review.dropped = { ...(await list("outcome = 'dropped'", "coalesce(drop_rule, 'dropped')")), byRule: [] };
  review.dropped.byRule = await queryRows(db, `SELECT coalesce(drop_rule, 'dropped') AS rule, count(*)::BIGINT AS problems FROM review_problems WHERE outcome = 'dropped' GROUP BY ALL ORDER BY problems DESC, rule`);
  // Before staging every problem is in no level: the list says something only once levels exist.
  if (views.staged) review.noLevel = await list(
    "outcome <> 'in a level'",
    `CASE outcome WHEN 'dropped' THEN 'dropped: ' || coalesce(drop_rule, '?') WHEN 'kept, in no level' THEN 'kept by the policy, no level rule matched' ELSE outcome END`,
  );
  if (graded) {
    const listed = [...new Set([...review.suspect.rows, ...review.dropped.rows, ...review.noLevel.rows].map((r) => r.id))];
    if (listed.length) {
      const passes = await queryRows<{ problem_id: string; model: string; passes: number; samples: number }>(
        db,
        `SELECT problem_id, model, passes, samples FROM difficulty WHERE problem_id IN (${listed.map(sqlString).join(", ")})`,
      );
      const rank = (m: string) => (modelsByStrength.includes(m) ? modelsByStrength.indexOf(m) : modelsByStrength.length);
      const byId = new Map<string, ReviewRow["passes"]>();
      for (const p of passes) (byId.get(p.problem_id) ?? byId.set(p.problem_id, []).get(p.problem_id)!).push({ model: p.model, passes: p.passes, samples: p.samples });
      for (const v of byId.values()) v.sort((a, b) => rank(a.model) - rank(b.model) || a.model.localeCompare(b.model));
      for (const r of [...review.suspect.rows, ...review.dropped.rows, ...review.noLevel.rows]) r.passes = byId.get(r.id) ?? [];
    }
    const perSource = await queryRows<SourceDifficulty>(
      db,
      `SELECT p.source, d.model, count(*)::BIGINT AS problems, avg(d.pass_rate)::DOUBLE AS "meanPassRate", count_if(d.pass_rate <= 0)::BIGINT AS zero,
         count_if(d.pass_rate > 0 AND d.pass_rate < 1)::BIGINT AS between, count_if(d.pass_rate >= 1)::BIGINT AS one
       FROM difficulty d JOIN problems p ON p.id = d.problem_id GROUP BY ALL`,
    );
    const rank = (m: string) => modelsByStrength.indexOf(m);
    review.sourceDifficulty = perSource.sort((a, b) => a.source.localeCompare(b.source) || rank(a.model) - rank(b.model));
  }
  review.sources = await queryRows(
    db,
    `SELECT source, count(*)::BIGINT AS problems, count_if(outcome = 'in a level')::BIGINT AS "inLevel", count_if(outcome <> 'in a level')::BIGINT AS "noLevel",
       count_if(outcome = 'dropped')::BIGINT AS dropped, count_if(suspicion IS NOT NULL)::BIGINT AS suspect FROM review_problems GROUP BY source ORDER BY source`,
  );
  await db.run(`DROP TABLE review_problems`);
  if (evaluated) await db.run(`DROP TABLE review_status`);
  return review;
}

/** Names of the example groups the review lists add to the example browser. */
export const REVIEW_GROUPS = { suspect: "review: suspect ground truth", dropped: "review: dropped", noLevel: "review: in no level" } as const;
