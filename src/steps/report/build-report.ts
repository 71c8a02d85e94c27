import { stat } from "node:fs/promises";
import { writeFileAtomic } from "../../core/atomic-file.js";
import { readManifest } from "../../core/manifest.js";
import type { ProgressListener } from "../../core/progress.js";
import type { RunFolder } from "../../core/run-folder.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { computeStats } from "../../engines/stats/compute-stats.js";
import { openRunViews } from "../../core/views.js";
import { budgetChartSpec, levelSizesSvg } from "../../engines/stats/stats-charts.js";
import { stagedPolicy } from "../../engines/stats/staged-policy.js";
import { collectCost } from "./collect-cost.js";
import { collectCuration } from "./collect-curation.js";
import { collectDistribution } from "./collect-distribution.js";
import { collectProvenance } from "./collect-provenance.js";
import { collectReview, REVIEW_GROUPS } from "./collect-review.js";
import { chartSvg, costChart, domainMix, heatMaps, levelCombos, passRateFacets } from "./report-charts.js";
import type { ReportData } from "./report-data.js";
import type { Manifest } from "../../core/manifest.js";
import { pipelinePolicy } from "../../engines/policy/pipeline-policy.js";
import { resolveReportOptions, type ReportOptions } from "./report-options.js";
import { renderReportPage } from "./report-page.js";
import { sampleExamples } from "./sample-examples.js";
import { auditJudge } from "../../engines/judge/judge-audit.js";
import { resolveJudge } from "../../engines/judge/resolve-judge.js";

export interface BuildReportOptions extends ReportOptions {
  /** The run's pipeline, for provenance (models, sampling, policy) and the curriculum's stages. */
  pipeline?: PipelineDefinition;
  progress?: ProgressListener;
}

export interface BuildReportResult {
  path: string;
  bytes: number;
  data: ReportData;
}

/** Gathers the report's figures and samples from the run folder (bounded queries only). */
export async function collectReportData(run: RunFolder, options: BuildReportOptions = {}): Promise<ReportData> {
  const resolved = resolveReportOptions(options);
  const { pipeline, progress = () => {} } = options;
  const phase = (done: number, message: string) => progress({ step: "report", unit: "phases", done, total: 5, message });
  const manifest = await readManifest(run);
  phase(0, "computing stats");
  const stats = await computeStats(run, { policy: stagedPolicy(pipeline, manifest) });
  const { connection: db, views, close } = await openRunViews(run);
  try {
    phase(1, "provenance, cost, curation");
    const provenance = await collectProvenance(db, views, manifest, pipeline);
    const samplesPerPair = Number(provenance.sampling.samples) || undefined;
    const requestSize = Number(provenance.sampling.requestSize) || 4;
    const cost = collectCost(stats, manifest, samplesPerPair, String(provenance.sampling.mode ?? "full"), requestSize);
    const curation = await collectCuration(db, views, run, manifest, resolved.quarantineExamples, resolved.seed);
    phase(2, "distributions");
    // Weakest model first, so neighbouring maps cross the models the paper's levels compare.
    const byStrength = [...stats.passRates].sort((a, b) => a.mean_pass_rate - b.mean_pass_rate || a.model.localeCompare(b.model)).map((p) => p.model);
    const distribution = await collectDistribution(db, views, byStrength, pipeline, stats.samplesPerPair);
    phase(3, "review lists");
    const review = await collectReview(db, views, run, manifest, byStrength, distribution.stages, pipeline, resolved.reviewRows);
    phase(4, "examples");
    const reviewGroups = [
      { level: REVIEW_GROUPS.suspect, ids: review.suspect.rows.map((r) => r.id) },
      { level: REVIEW_GROUPS.dropped, ids: review.dropped.rows.map((r) => r.id) },
      { level: REVIEW_GROUPS.noLevel, ids: review.noLevel.rows.filter((r) => !review.dropped.rows.some((d) => d.id === r.id)).map((r) => r.id) },
    ];
    const examples = await sampleExamples(db, views, resolved, reviewGroups);
    orderForReading({ stats, cost, provenance, distribution, examples }, byStrength, levelOrder(pipeline, manifest));
    const charts: Record<string, string> = {};
    if (stats.passRates.length) charts["pass-rates"] = await passRateFacets(stats, byStrength);
    if (stats.budgets && stats.budgets.budgets.length > 1) charts.budgets = await chartSvg(budgetChartSpec(stats.budgets), "mean pass rate per model at each token budget");
    if (distribution.heatMaps.length) charts["heat-maps"] = await heatMaps(distribution);
    if (stats.levels.length) charts.levels = await levelSizesSvg(stats);
    if (distribution.combos.length) charts.combos = await levelCombos(distribution);
    if (stats.levels.length || distribution.stages.length) charts.mix = await domainMix(stats, distribution);
    if (cost.models.length) charts.cost = await costChart(cost);
    const judge = pipeline?.verifier?.judge && stats.problems.total > 0 && views.rollouts
      ? await auditJudge({ connection: db, run, judge: resolveJudge(pipeline.verifier.judge), policy: pipelinePolicy(pipeline), limit: 20 })
      : undefined;
    phase(5, "rendering");
    return { provenance, stats, distribution, cost, curation, review, examples, charts, ...(judge ? { judge } : {}) };
  } finally {
    close();
  }
}

/** The policy's levels in its own order (the curriculum's rungs), or none when it cannot be compiled. */
function levelOrder(pipeline: PipelineDefinition | undefined, manifest: Manifest): string[] {
  try {
    const policy = pipelinePolicy(pipeline ?? {}, { roles: (manifest.steps.stage?.details?.roles ?? {}) as Record<string, string> });
    return [...policy.levels.map((l) => l.name), ...(policy.truncation === "separate" ? [policy.truncatedLevel] : [])];
  } catch {
    return [];
  }
}

/** Every list of models weakest first, every list of levels in the policy's order (unknown names after, by name). */
function orderForReading(
  data: Pick<ReportData, "stats" | "cost" | "provenance" | "distribution" | "examples">,
  byStrength: string[],
  levels: string[],
): void {
  const rank = (model: string) => (byStrength.includes(model) ? byStrength.indexOf(model) : byStrength.length);
  const byModel = <T>(key: (x: T) => string) => (a: T, b: T) => rank(key(a)) - rank(key(b)) || key(a).localeCompare(key(b));
  const levelRank = (level: string) => (levels.includes(level) ? levels.indexOf(level) : levels.length);
  const byLevel = <T>(key: (x: T) => string) => (a: T, b: T) => levelRank(key(a)) - levelRank(key(b)) || key(a).localeCompare(key(b));
  const { stats, cost, provenance, distribution, examples } = data;
  stats.passRates.sort(byModel((p) => p.model));
  stats.rollouts.sort(byModel((r) => r.model));
  cost.models.sort(byModel((m) => m.model));
  provenance.models.sort(byModel((m) => m.id));
  stats.levels.sort(byLevel((l) => l.level));
  stats.overlaps.sort((a, b) => levelRank(a.a) - levelRank(b.a) || levelRank(a.b) - levelRank(b.b));
  // A combination sorts by its levels in order: L1, L1+L2, L1+L2+L3, L2, ...
  const comboKey = (c: string) => c.split("+").map((l) => String(levelRank(l)).padStart(3, "0")).join("+");
  distribution.combos.sort((a, b) => comboKey(a.levels).localeCompare(comboKey(b.levels)));
  for (const c of distribution.combos) c.levels = c.levels.split("+").sort((a, b) => levelRank(a) - levelRank(b)).join("+");
  // Levels first in their order, then the review lists in the order they were added.
  const isLevel = (g: string) => !g.startsWith("review: ");
  examples.sort((a, b) => (isLevel(a.level) && isLevel(b.level) ? levelRank(a.level) - levelRank(b.level) || a.level.localeCompare(b.level) : Number(!isLevel(a.level)) - Number(!isLevel(b.level))));
  for (const p of examples.flatMap((g) => g.problems)) {
    p.passRates.sort(byModel((r) => r.model));
    p.completions.sort(byModel((c) => c.model));
  }
}

/** Builds `report/index.html` in the run folder (or `out`): one self-contained page, written atomically. */
export async function buildReport(run: RunFolder, options: BuildReportOptions = {}): Promise<BuildReportResult> {
  const data = await collectReportData(run, options);
  const path = options.out ?? run.path("report", "index.html");
  await writeFileAtomic(path, renderReportPage(data));
  return { path, bytes: (await stat(path)).size, data };
}
