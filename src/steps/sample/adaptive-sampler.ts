import type { Problem } from "../../../schemas/problems.js";
import { rolloutsTable } from "../../../schemas/rollouts.js";
import { samplingDecisionsTable } from "../../../schemas/sampling-decisions.js";
import { queryRows, sharedDuckDB, sqlString } from "../../core/duckdb.js";
import type { StepContext } from "../step.js";
import { replaceTable, tableSource, writeParquetPart } from "../../core/table-store.js";
import { inShard, type SampleUnit } from "./plan-work.js";
import type { SampleSettings } from "./sample-config.js";
import { sameDecisions } from "./same-decisions.js";
import { sampleUnits, type SampleUnitsOptions, type SampleUnitsResult } from "./sample-units.js";
import type { AdaptivePlan } from "../../engines/adaptive/adaptive-plan.js";
import { adaptiveSavings, savingsLines } from "../../engines/adaptive/adaptive-savings.js";
import { AdaptiveState } from "../../engines/adaptive/adaptive-state.js";
import type { ScoredSample } from "../../engines/adaptive/model-evidence.js";

export interface AdaptiveSamplerOptions {
  /** Problems per batch handed to the sampling engine. @default an eighth of the problems, 16..2048 */
  batchProblems?: number;
  /** Batches in flight at once, so one batch's slowest request does not idle the servers. @default 4 */
  maxBatches?: number;
}

/** The adaptive driver of the sample step: same signature as sampleUnits, plus what to report. */
export interface AdaptiveSampler {
  plan: AdaptivePlan;
  /** growRequests "auto": a model's requests grow when its server samples choice j with seed + j. */
  setGrowth(model: string, on: boolean): void;
  sample(units: readonly SampleUnit[], options: SampleUnitsOptions): Promise<SampleUnitsResult>;
  details(): Record<string, unknown>;
  notes(): string[];
}

/**
 * Builds the adaptive sampler when `sampling.mode` is "adaptive" (else undefined). Its plan was made and
 * checked against the policy when the settings were resolved, before any server starts.
 */
export function createAdaptiveSampler(ctx: StepContext, config: Pick<SampleSettings, "adaptive" | "samples" | "requestSize">, problems: readonly Problem[], options: AdaptiveSamplerOptions = {}): AdaptiveSampler | undefined {
  if (!config.adaptive) return undefined;
  const plan: AdaptivePlan = config.adaptive;
  const scope = problems.filter((p) => inShard(p.id, ctx.shard));
  const byId = new Map(scope.map((p) => [p.id, p]));
  const state = new AdaptiveState(plan, scope, config.samples, config.requestSize);
  const { maxBatches = 4, batchProblems = Math.min(2048, Math.max(16, Math.ceil(scope.length / 8))) } = options;
  let summary: ReturnType<typeof adaptiveSavings> | undefined;

  async function sample(units: readonly SampleUnit[], opts: SampleUnitsOptions): Promise<SampleUnitsResult> {
    const { progress } = opts;
    // Models no rule reads are never sampled: their planned work is dropped at once.
    for (const unit of units) if (!plan.cascade.includes(unit.model)) progress.stats(unit.model).planned -= unit.indices.length;
    await loadDrawn(ctx, state, plan);
    const ready = state.undecided;
    const inFlight = new Set<Promise<void>>();
    const result: SampleUnitsResult = { rollouts: 0, skipped: [] };
    const abandoned = new Set<string>();
    let fatal: unknown;
    const settle = (id: string) => {
      // Undrawn samples of a settled problem will never be requested: the bars reach their end.
      for (const model of plan.cascade) progress.stats(model).planned -= state.evidence(id, model)!.remaining;
    };
    const launch = (ids: string[]) => {
      const chunks = ids.flatMap((id) => {
        const next = state.next(id);
        if (next.length === 0) settle(id);
        return next;
      });
      if (chunks.length === 0) return;
      const batch = chunks.map((c) => ({ problem: byId.get(c.problemId)!, model: c.model, start: c.start, from: c.from, indices: c.indices }));
      const busy = [...new Set(chunks.map((c) => c.problemId))];
      const run = sampleUnits(batch, {
        ...opts,
        onRollouts: (rows) => {
          for (const row of rows) state.record(row.problem_id, row.model, row);
          opts.onRollouts?.(rows);
        },
      })
        .then((r) => {
          result.rollouts += r.rollouts;
          for (const s of r.skipped) abandoned.add(s.problemId);
          result.skipped.push(...r.skipped);
          ready.push(...busy.filter((id) => !abandoned.has(id)));
        })
        .catch((error) => {
          fatal ??= error;
        })
        .finally(() => inFlight.delete(run));
      inFlight.add(run);
    };
    while (!fatal) {
      while (inFlight.size < maxBatches && ready.length) launch(ready.splice(0, batchProblems));
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const rows = state.decisionRows();
    // Nothing drawn and the same decisions: keep the stored table (and its fingerprint) as it is.
    if (rows.length && !(result.rollouts === 0 && (await sameDecisions(ctx, rows, decisionsPartName(ctx))))) await writeDecisions(ctx, rows);
    summary = adaptiveSavings(rows, plan.unused);
    if (fatal) throw fatal;
    return result;
  }

  return {
    plan,
    setGrowth: (model, on) => state.setGrowth(model, on),
    sample,
    details: () => ({
      mode: "adaptive",
      exactness: plan.exactness,
      // true/false as set; with "auto", the models whose requests grew.
      grow_requests: plan.growRequests === "auto" ? plan.cascade.filter((m) => state.grows(m)) : plan.growRequests,
      cascade: plan.cascade,
      unused_models: plan.unused,
      problems_settled: scope.length - state.undecided.length,
      savings: summary ?? null,
    }),
    notes: () => [
      ...(plan.unused.length ? [`sample: adaptive: no rule of policy ${plan.policy.name} reads ${plan.unused.join(", ")}; not sampled`] : []),
      ...(summary ? savingsLines(summary).map((line) => `sample: adaptive: ${line}`) : []),
    ],
  };
}

/** Stored samples (earlier or interrupted runs) count: resuming continues exactly where the run stopped. */
async function loadDrawn(ctx: StepContext, state: AdaptiveState, plan: AdaptivePlan): Promise<void> {
  const source = await tableSource(ctx.run.tableDir(rolloutsTable.name));
  if (!source) return;
  const rows = await queryRows<ScoredSample & { problem_id: string; model: string }>(
    await sharedDuckDB(),
    `SELECT problem_id, model, sample_index, score, finish_reason, completion_tokens FROM ${source}
     WHERE model IN (${plan.cascade.map(sqlString).join(", ")}) AND sample_index < ${state.samples}`,
  );
  for (const row of rows) state.record(row.problem_id, row.model, row);
}

/** One part per shard (`--shard i/N` machines write side by side); an unsharded run replaces the table. */
function decisionsPartName({ shard }: StepContext): string | undefined {
  return shard && shard.count > 1 ? `part-shard-${shard.index}-of-${shard.count}.parquet` : undefined;
}

async function writeDecisions(ctx: StepContext, rows: ReturnType<AdaptiveState["decisionRows"]>): Promise<void> {
  const name = decisionsPartName(ctx);
  if (name) {
    await writeParquetPart(ctx.run.tableDir(samplingDecisionsTable.name), samplingDecisionsTable, rows, { name });
  } else {
    await replaceTable(ctx.run, samplingDecisionsTable, rows);
  }
}
