import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../../core/duckdb.js";
import { tableSource } from "../../core/table-store.js";
import type { RunFolder } from "../../core/run-folder.js";

/** The figures the dataset card shows. */
export interface CardStats {
  /** Curated problems in the run. */
  problems: number;
  /** Distinct problems kept by the staging policy. */
  stagedProblems: number;
  rollouts: number;
  sources: { source: string; domain: string; problems: number }[];
  levels: { level: string; domain: string; problems: number }[];
  rules: { level: string; rule: string; problems: number }[];
  models: { model: string; problems: number; samples: number; mean_pass_rate: number; unsolved: number; partial: number; solved: number }[];
  /** Distinct verifier versions recorded on the rollouts. */
  verifiers: string[];
  /** Samples behind each model's rows: adaptive runs stop many (problem, model) pairs early, so rows differ. */
  samples: { model: string; min: number; max: number; mean: number }[];
  /** Adaptive sampling's decisions per model (absent for full sampling): exact (all n drawn), decided (stopped early), bounded (stopped early within the error bound of a value policy), skipped. */
  decisions?: { model: string; target: number; exact: number; decided: number; bounded: number; skipped: number }[];
}

/** A source of card statistics; the stats step can provide its own (`computeStats`) through this seam. */
export type CardStatsSource = (run: RunFolder, db: DuckDBConnection) => Promise<CardStats>;

/** Card statistics straight from the run's tables with DuckDB. */
export const cardStatsFromTables: CardStatsSource = async (run, db) => {
  const [problems, staged, difficulty, rollouts, decisions] = await Promise.all(["problems", "staged", "difficulty", "rollouts", "sampling_decisions"].map((t) => tableSource(run.tableDir(t))));
  const count = async (source: string | undefined, expr = "count(*)") =>
    source ? (await queryRows<{ n: number }>(db, `SELECT (${expr})::BIGINT AS n FROM ${source}`))[0].n : 0;
  return {
    problems: await count(problems),
    stagedProblems: await count(staged, "count(DISTINCT problem_id)"),
    rollouts: await count(rollouts),
    sources: problems
      ? await queryRows(db, `SELECT source, domain, count(*)::BIGINT AS problems FROM ${problems} GROUP BY ALL ORDER BY source, domain`)
      : [],
    levels: staged ? await queryRows(db, `SELECT level, domain, count(*)::BIGINT AS problems FROM ${staged} GROUP BY ALL ORDER BY level, domain`) : [],
    rules: staged ? await queryRows(db, `SELECT level, rule, count(*)::BIGINT AS problems FROM ${staged} GROUP BY ALL ORDER BY level, rule`) : [],
    models: difficulty
      ? await queryRows(
          db,
          `SELECT model, count(*)::BIGINT AS problems, sum(samples)::BIGINT AS samples, round(avg(pass_rate), 4) AS mean_pass_rate,
             count(*) FILTER (WHERE pass_rate = 0)::BIGINT AS unsolved, count(*) FILTER (WHERE pass_rate > 0 AND pass_rate < 1)::BIGINT AS partial,
             count(*) FILTER (WHERE pass_rate = 1)::BIGINT AS solved
           FROM ${difficulty} GROUP BY model ORDER BY avg(pass_rate), model`,
        )
      : [],
    verifiers: rollouts ? (await queryRows<{ v: string }>(db, `SELECT DISTINCT verifier AS v FROM ${rollouts} WHERE verifier IS NOT NULL ORDER BY v`)).map((r) => r.v) : [],
    samples: difficulty
      ? await queryRows(db, `SELECT model, min(samples)::BIGINT AS min, max(samples)::BIGINT AS max, round(avg(samples), 2)::DOUBLE AS mean FROM ${difficulty} GROUP BY model ORDER BY avg(pass_rate), model`)
      : [],
    ...(decisions
      ? {
          decisions: await queryRows(
            db,
            `SELECT model, max(target_samples)::BIGINT AS target, count_if(status = 'exact')::BIGINT AS exact, count_if(status = 'decided')::BIGINT AS decided,
               count_if(status = 'bounded')::BIGINT AS bounded, count_if(status = 'skipped')::BIGINT AS skipped FROM ${decisions} GROUP BY model ORDER BY model`,
          ),
        }
      : {}),
  };
};
