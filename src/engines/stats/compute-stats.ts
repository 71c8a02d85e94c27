import { readdir } from "node:fs/promises";
import { queryRows, sqlString } from "../../core/duckdb.js";
import type { RunFolder } from "../../core/run-folder.js";
import { openRunViews } from "../../core/views.js";
import { adaptiveSavings, type SavingsSummary } from "../adaptive/adaptive-savings.js";
import type { SamplingDecisionRow } from "../../../schemas/sampling-decisions.js";
import type { CompiledPolicy } from "../policy/compiled-policy.js";
import { budgetStats, type BudgetStats } from "./budget-stats.js";

/** Pass-rate buckets of the histograms when the samples per pair are many or unknown: exactly 0, tenths in between, exactly 1. */
export const PASS_RATE_BUCKETS = ["0", "(0,.1]", "(.1,.2]", "(.2,.3]", "(.3,.4]", "(.4,.5]", "(.5,.6]", "(.6,.7]", "(.7,.8]", "(.8,.9]", "(.9,1)", "1"] as const;

/** Up to this many samples per pair, histograms get one bin per possible pass rate (k/n). */
export const MAX_EXACT_BINS_SAMPLES = 20;

/** How pass rates are binned: labels, and the SQL giving a rate's bin index. */
export interface PassRateBins {
  labels: string[];
  /** Samples per pair the bins were made for (undefined: tenths). */
  samples?: number;
  sql(column: string): string;
}

/**
 * Bins that match the samples: with n samples per pair a pass rate is k/n, so tenths over 8 samples
 * show false gaps and spikes; one bin per k/n does not. Rates from fewer samples (adaptive runs) go to
 * the nearest k/n, never to 0 or 1 unless exact. Many samples, or unknown: 0, tenths, 1.
 */
export function passRateBins(samples: number | undefined): PassRateBins {
  if (samples && Number.isInteger(samples) && samples >= 1 && samples <= MAX_EXACT_BINS_SAMPLES) {
    const n = samples;
    const labels = Array.from({ length: n + 1 }, (_, k) => (k === 0 ? "0" : k === n ? "1" : `${k}/${n}`));
    const between = (c: string) => (n >= 2 ? `least(${n - 1}, greatest(1, round(${c} * ${n})))::INTEGER` : "0");
    return { labels, samples: n, sql: (c) => `CASE WHEN ${c} <= 0 THEN 0 WHEN ${c} >= 1 THEN ${n} ELSE ${between(c)} END` };
  }
  const last = PASS_RATE_BUCKETS.length - 1;
  return { labels: [...PASS_RATE_BUCKETS], sql: (c) => `CASE WHEN ${c} <= 0 THEN 0 WHEN ${c} >= 1 THEN ${last} ELSE least(10, greatest(1, ceil(${c} * 10 - 1e-9)))::INTEGER END` };
}

export interface RunStats {
  run: string;
  problems: { total: number; bySource: { source: string; domain: string; problems: number }[] };
  quarantine: { file: string; reason: string; rows: number }[];
  /** Labels of the histogram bins (one per k/n for n samples per pair, else PASS_RATE_BUCKETS). */
  passRateBins: string[];
  /** Samples per (problem, model) of a full run: the most any pair has (adaptive runs stop many pairs early). */
  samplesPerPair?: number;
  /** Per model: problems graded, mean pass rate, and the histogram (counts per passRateBins). */
  passRates: { model: string; problems: number; mean_pass_rate: number; histogram: number[] }[];
  levels: { level: string; problems: number; math: number; code: number }[];
  /** Problems in both levels (a < b). */
  overlaps: { a: string; b: string; problems: number }[];
  /**
   * Per model from rollouts: samples, tokens spent, truncation. Prompt tokens count once per request (see
   * rollouts.request_start). completion_tokens sums the samples whose count is known and mean_completion_tokens is
   * over them (null when none is); tokens_unknown says how many have no count (never counted as 0).
   */
  rollouts: { model: string; samples: number; prompt_tokens: number; completion_tokens: number; tokens_unknown: number; mean_completion_tokens: number | null; truncation_rate: number }[];
  /** Pass rates at token budgets (grade's `budget_pass_rates`); absent when the run has none. */
  budgets?: BudgetStats;
  /** Adaptive sampling (a `sampling_decisions` table): spent per model vs what full sampling would have cost. */
  adaptive?: SavingsSummary;
  /** Sources of the figures: tables that were present. */
  tables: string[];
}

export interface ComputeStatsOptions {
  /** The run's staging policy, for the levels at each token budget. @default none: level changes are not computed */
  policy?: CompiledPolicy;
}

/**
 * The curator's figures for a run, as data (for the CLI report, the HTML report and the dataset card).
 * Each figure reads only the tables it needs; missing tables give empty sections.
 */
export async function computeStats(run: RunFolder, { policy }: ComputeStatsOptions = {}): Promise<RunStats> {
  const { connection: db, views, close } = await openRunViews(run);
  try {
    const has = (name: string) => name in views;
    const stats: RunStats = { run: run.dir, problems: { total: 0, bySource: [] }, quarantine: [], passRateBins: [...PASS_RATE_BUCKETS], passRates: [], levels: [], overlaps: [], rollouts: [], tables: Object.keys(views).sort() };
    if (has("problems")) {
      stats.problems.bySource = await queryRows(db, `SELECT source, domain, count(*)::BIGINT AS problems FROM problems GROUP BY ALL ORDER BY source, domain`);
      stats.problems.total = stats.problems.bySource.reduce((n, r) => n + r.problems, 0);
    }
    const quarantineFiles = (await readdir(run.quarantineDir).catch(() => [] as string[])).filter((f) => f.endsWith(".jsonl") && !f.startsWith("."));
    if (quarantineFiles.length) {
      // Only the reason is read: the quarantined rows themselves vary in shape.
      const files = quarantineFiles.map((f) => sqlString(run.path("quarantine", f))).join(", ");
      stats.quarantine = await queryRows(
        db,
        `SELECT parse_filename(filename, true) AS file, coalesce(reason, '(none)') AS reason, count(*)::BIGINT AS rows
         FROM read_json([${files}], format = 'newline_delimited', columns = {'reason': 'VARCHAR'}, filename = true) GROUP BY ALL ORDER BY file, rows DESC`,
      );
    }
    // Pass rates come from the difficulty table; before grading, straight from the rollouts.
    const perPair = has("difficulty")
      ? `SELECT model, pass_rate, samples FROM difficulty`
      : has("rollouts")
        ? `SELECT model, avg(CASE WHEN score >= 1 THEN 1.0 ELSE 0.0 END) AS pass_rate, count(*) AS samples FROM rollouts GROUP BY problem_id, model`
        : undefined;
    if (perPair) {
      const [{ samples }] = await queryRows<{ samples: number | null }>(db, `SELECT max(samples)::BIGINT AS samples FROM (${perPair})`);
      const bins = passRateBins(samples ?? undefined);
      stats.samplesPerPair = samples ?? undefined;
      stats.passRateBins = bins.labels;
      const rows = await queryRows<{ model: string; bucket: number; n: number; problems: number; mean: number }>(
        db,
        `SELECT model, ${bins.sql("pass_rate")} AS bucket, count(*)::BIGINT AS n, sum(count(*)) OVER (PARTITION BY model)::BIGINT AS problems,
           (sum(sum(pass_rate)) OVER (PARTITION BY model) / sum(count(*)) OVER (PARTITION BY model))::DOUBLE AS mean
         FROM (${perPair}) GROUP BY model, bucket ORDER BY model, bucket`,
      );
      for (const r of rows) {
        let entry = stats.passRates.find((p) => p.model === r.model);
        if (!entry) stats.passRates.push((entry = { model: r.model, problems: r.problems, mean_pass_rate: r.mean, histogram: bins.labels.map(() => 0) }));
        entry.histogram[r.bucket] = r.n;
      }
    }
    // Weakest model first, everywhere the figures are shown (the CLI report, the page, the card).
    stats.passRates.sort((a, b) => a.mean_pass_rate - b.mean_pass_rate || a.model.localeCompare(b.model));
    if (has("staged")) {
      stats.levels = await queryRows(
        db,
        `SELECT level, count(DISTINCT problem_id)::BIGINT AS problems, count_if(domain = 'math')::BIGINT AS math, count_if(domain = 'code')::BIGINT AS code FROM staged GROUP BY level ORDER BY level`,
      );
      stats.overlaps = await queryRows(
        db,
        `SELECT a.level AS a, b.level AS b, count(*)::BIGINT AS problems FROM staged a JOIN staged b ON a.problem_id = b.problem_id AND a.level < b.level GROUP BY ALL ORDER BY a, b`,
      );
    }
    if (has("rollouts")) {
      // Rows of one request share its prompt (and its usage.prompt_tokens): counted once per (problem_id, model,
      // request_start). Rows without a request_start (imported; stored before the column) count as requests of their own.
      const columns = await queryRows<{ column_name: string }>(db, `SELECT column_name FROM (DESCRIBE rollouts)`);
      const requestStart = columns.some((c) => c.column_name === "request_start") ? "request_start" : "NULL::INTEGER";
      stats.rollouts = await queryRows(
        db,
        `WITH prompts AS (
           SELECT model, coalesce(sum(prompt_tokens), 0)::BIGINT AS prompt_tokens FROM (
             SELECT model, max(prompt_tokens) AS prompt_tokens FROM rollouts GROUP BY problem_id, model, coalesce(${requestStart}, -1 - sample_index)
           ) GROUP BY model
         )
         SELECT model, count(*)::BIGINT AS samples, any_value(prompts.prompt_tokens) AS prompt_tokens, coalesce(sum(completion_tokens), 0)::BIGINT AS completion_tokens,
           count_if(completion_tokens IS NULL)::BIGINT AS tokens_unknown,
           avg(completion_tokens)::DOUBLE AS mean_completion_tokens, avg(CASE WHEN finish_reason = 'length' THEN 1.0 ELSE 0.0 END)::DOUBLE AS truncation_rate
         FROM rollouts JOIN prompts USING (model) GROUP BY model ORDER BY model`,
      );
    }
    const strength = (model: string) => {
      const i = stats.passRates.findIndex((p) => p.model === model);
      return i < 0 ? stats.passRates.length : i;
    };
    stats.rollouts.sort((a, b) => strength(a.model) - strength(b.model) || a.model.localeCompare(b.model));
    if (has("budget_pass_rates")) {
      stats.budgets = await budgetStats(db, "budget_pass_rates", has("problems") ? "problems" : undefined, policy);
      stats.budgets.models.sort((a, b) => strength(a.model) - strength(b.model) || a.model.localeCompare(b.model));
      stats.budgets.categoryChanges.sort((a, b) => a.from - b.from || strength(a.model) - strength(b.model) || a.model.localeCompare(b.model));
    }
    if (has("sampling_decisions")) stats.adaptive = adaptiveSavings(await queryRows<SamplingDecisionRow>(db, `SELECT * FROM sampling_decisions`));
    return stats;
  } finally {
    close();
  }
}
