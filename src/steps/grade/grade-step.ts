import { openDuckDB } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import { listParquetFiles } from "../../core/run-folder.js";
import { judgeIdentity, resolveJudge, type ResolvedJudge } from "../../engines/judge/resolve-judge.js";
import { defineStep } from "../step.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { compilePolicy } from "../../engines/policy/compile-policy.js";
import { parseBudgetModel } from "../../engines/policy/compiled-policy.js";
import { gradeRun, IMPORTED_DIFFICULTY } from "./grade-difficulty.js";
import { judgeRollouts, type JudgeRolloutsResult } from "./judge-rollouts.js";

export interface GradeSettings {
  /**
   * What decides the outputs (hashed): 1 with rules alone (so runs without a judge keep their hash), else the
   * judge's identity (model, prompt version, verdict words, reviews, sample, pass rates), not its endpoints or retries.
   */
  grade: 1 | { judge: Record<string, unknown> };
  /** `verifier.judge` with its defaults, or null (rules alone). */
  judge: ResolvedJudge | null;
  /** Token budgets of `budget_pass_rates`: the curriculum's stage response lengths, each model's sampled max_tokens and the policy's budgets, ascending. */
  budgets: number[];
}

/** Budgets the pipeline's policy names in its rules (`{ model, in, budget }`), so grade computes them. */
function policyBudgets(policy: PipelineDefinition["policy"]): number[] {
  if (policy === undefined) return [];
  return compilePolicy(policy).models.flatMap((m) => parseBudgetModel(m)?.budget ?? []);
}

/** The `grade` step: the judge's second opinions (when configured), then rollouts (and imported pass rates) → the difficulty table. */
export const gradeStep = defineStep({
  name: "grade",
  summary: "Judge the rule's rejections (verifier.judge), then per (problem, model) pass rates → difficulty/",
  options: {},
  resolve: (pipeline): GradeSettings => {
    const judge = pipeline.verifier?.judge ? resolveJudge(pipeline.verifier.judge) : null;
    // The sampled maximum of every model: its own max_tokens, else the run's (as sample resolves them).
    const runMax = pipeline.sampling?.params?.max_tokens ?? 32768;
    const sampledMax = (pipeline.models ?? []).map((m) => m.params?.max_tokens ?? runMax);
    const budgets = [...(pipeline.curriculum?.stages ?? []).map((s) => s.maxResponseLength), ...(sampledMax.length ? sampledMax : [runMax]), ...policyBudgets(pipeline.policy)];
    return { grade: judge ? { judge: judgeIdentity(judge)! } : 1, judge, budgets: [...new Set(budgets)].sort((a, b) => a - b) };
  },
  hashed: ["grade", "budgets"],
  inputs: () => ["problems", "rollouts", IMPORTED_DIFFICULTY],
  outputs: () => ["difficulty", "budget_pass_rates"],
  async run(ctx, settings) {
    const { run } = ctx;
    if ((await listParquetFiles(run.tableDir("problems"))).length === 0) throw new UsageError(`grade: ${run.tableDir("problems")} has no problems; run ingest first`);
    const sources = (await listParquetFiles(run.tableDir("rollouts"))).length + (await listParquetFiles(run.tableDir(IMPORTED_DIFFICULTY))).length;
    if (sources === 0) throw new UsageError(`grade: ${run.dir} has neither rollouts/ nor ${IMPORTED_DIFFICULTY}/; run sample first (or ingest a dataset with pass rates)`);
    const connection = await openDuckDB();
    try {
      let judged: JudgeRolloutsResult | undefined;
      if (settings.judge) judged = await judgeRollouts({ connection, run, judge: settings.judge, progress: ctx.progress, signal: ctx.signal });
      const result = await gradeRun({ connection, run, progress: ctx.progress, judge: settings.judge ?? undefined, budgets: settings.budgets });
      const notes = result.orphanRows ? [`grade: ${result.orphanRows} rollout/imported row(s) belong to problems no longer in problems/ and were not graded`] : [];
      if (result.budgetRows > 0 && settings.budgets.length > 1) {
        notes.push(`grade: budgets ${settings.budgets.join(", ")}: ${result.budgetCategoryChanges} (problem, model) pair(s) change pass-rate category (0, in between, 1) between budgets`);
      }
      if (result.budgetTokensUnknown > 0) {
        notes.push(`grade: budget_pass_rates: ${result.budgetTokensUnknown} passing sample(s) have no completion-token count and count as failing at every budget (${settings.budgets.join(", ")})`);
      }
      if (judged && settings.judge) {
        notes.push(
          `grade: judge ${settings.judge.model} (${settings.judge.prompt.version}): ${judged.candidates} answer(s) to review, ${judged.stored} already judged, ${judged.cacheHits} from the cache, ` +
            `${judged.requests} request(s); pass rates use ${settings.judge.passRates === "judge" ? `the judge too (${result.judgeReversals} reversal(s) counted)` : "the rule alone (see rungs audit)"}`,
        );
      }
      return {
        counts: {
          rows: result.rows,
          from_rollouts: result.fromRollouts,
          imported: result.imported,
          imported_shadowed: result.importedShadowed,
          imported_duplicates: result.importedDuplicates,
          orphan_rows: result.orphanRows,
          models: result.models,
          budget_rows: result.budgetRows,
          budget_category_changes: result.budgetCategoryChanges,
          ...(judged
            ? {
                judge_candidates: judged.candidates,
                judge_stored: judged.stored,
                judge_cache_hits: judged.cacheHits,
                judge_requests: judged.requests,
                judge_unreviewable: judged.unreviewable,
                judge_retries: judged.retries,
                judge_reversals_counted: result.judgeReversals,
              }
            : {}),
        },
        notes,
      };
    } finally {
      connection.closeSync();
    }
  },
});
