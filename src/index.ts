/**
 * rungs as a library (the package's "." export): contracts, storage, the pipeline definition and its loader, the
 * engines, each step's definition and library entry points. Nothing here imports the CLI (test/package checks it).
 */
export * from "../schemas/index.js";
export * from "./core/errors.js";
export * from "./core/run-folder.js";
export * from "./core/table-store.js";
export * from "./core/manifest.js";
export * from "./steps/step.js";
export * from "./core/progress.js";
export { definePipeline, type PipelineDefinition } from "./engines/config/pipeline-definition.js";
export type { CurationOptions, EvalSetSpec, ShingleKind } from "./engines/config/curation-options.js";
export type { ModelSpec, SamplingParams, SamplingOptions, SimModelSpec, ServeSpec } from "./engines/config/model-spec.js";
export type { CurriculumSpec, CurriculumStage, StageTraining, StopRule, PlateauRule, MixSpec, TrainerSpec, TrainerFormat, VerlExportOptions } from "./engines/config/curriculum-spec.js";
export { PAPER_CURRICULUM } from "./engines/config/curriculum-spec.js";
export type { PublishSpec } from "./engines/config/publish-spec.js";
export type { JudgeSpec, JudgePromptSpec, ReviewedVerdict, SimJudgeSpec, VerifierSpec } from "./engines/config/judge-spec.js";
export { DEFAULT_JUDGE_PROMPT } from "./engines/judge/judge-prompt.js";
export { parseJudgeVerdict } from "./engines/judge/parse-judge-verdict.js";
// The executor: load a pipeline file (.ts, .mts, .js, .mjs) and run its steps.
export { loadPipeline, loadResolvedPipeline, resolvePipelinePath, runDirOf } from "./pipeline/load-pipeline.js";
export { runStep } from "./pipeline/run-step.js";
export { runPipeline, type PipelineStepOutcome } from "./pipeline/run-pipeline.js";
export { STEP_LOADERS } from "./pipeline/step-registry.js";
export {
  gradeCode,
  createCodeGrader,
  checkSandbox,
  detectTestLayout,
  toCanonicalTests,
  CODE_GRADER_VERSION,
  type CodeGradeResult,
  type CodeGrader,
  type GradeCodeOptions,
  type TestVerdict,
} from "./engines/verify/code/index.js";
export {
  verifyMath,
  extractAnswer,
  extractGold,
  createMathVerifierPool,
  MATH_VERIFIER_VERSION,
  type MathVerdict,
  type MathReason,
  type VerifyMathOptions,
  type MathVerifierPool,
  type MathVerifierPoolOptions,
} from "./engines/verify/math/index.js";
export { ingestStep, ingestedTableDir, importedDifficultyDir, type IngestSettings } from "./steps/ingest/ingest-step.js";
export { readSourceRows, sourceFiles, sourceName } from "./engines/sources/source-files.js";
export { ADAPTERS, detectLayout, type LayoutAdapter } from "./steps/ingest/adapters/index.js";
export type { SourceSpec, HubLocation, RowMapper, AdaptedRow, RawRow, ImportedPassRates } from "./engines/config/source-spec.js";
export { openHubDataset, type HubDataset, type HubDatasetOptions } from "./engines/hub/hub-dataset.js";
// grade, stage, stats
export { gradeRun, IMPORTED_DIFFICULTY, type GradeResult } from "./steps/grade/grade-difficulty.js";
export type { PolicySpec, PolicyInput, LevelSpec, RuleSpec, Condition, MetricCondition, Metric } from "./engines/policy/policy-spec.js";
export { BUILTIN_POLICIES, PAPER_ROLES, amPolicy } from "./engines/policy/builtin-policies.js";
export { compilePolicy, resolvePolicySpec } from "./engines/policy/compile-policy.js";
export type { CompiledPolicy, CompiledRule, CompiledCondition, CompiledLevel } from "./engines/policy/compiled-policy.js";
export { evaluatePolicy, retentionDraw, type ModelFacts, type ProblemFacts, type PolicyDecision } from "./engines/policy/evaluate-policy.js";
export { policyRequirements, testNeed, type FactNeed, type ModelRequirement } from "./engines/policy/policy-requirements.js";
export { stageDifficulty, type StageResult } from "./steps/stage/stage-difficulty.js";
export { stageDifficultyFile, type StageFileOptions } from "./steps/stage/stage-file.js";
export { shardName, type ShardOptions } from "./steps/stage/write-shards.js";
export { computeStats, PASS_RATE_BUCKETS, type RunStats, type ComputeStatsOptions } from "./engines/stats/compute-stats.js";
export type { BudgetStats, BudgetStep, BudgetTransition } from "./engines/stats/budget-stats.js";
export { policyAtBudget } from "./engines/policy/policy-at-budget.js";
export { passRateHistogramSvg, levelSizesSvg, tokensSvg, statsCharts, vegaLiteSvg } from "./engines/stats/stats-charts.js";
export { formatStats } from "./steps/stats/format-stats.js";
export { writeStats } from "./steps/stats/write-stats.js";
export { statsStep } from "./steps/stats/stats-step.js";
// curate, sample, export, publish, report, train
export { curateStep } from "./steps/curate/curate-step.js";
export { sampleStep } from "./steps/sample/sample-step.js";
export { rescoreRollouts, type RescoreOptions, type RescoreResult } from "./steps/sample/rescore-rollouts.js";
export { gradeStep } from "./steps/grade/grade-step.js";
export { stageStep } from "./steps/stage/stage-step.js";
export { exportStep } from "./steps/export/export-step.js";
export { writeExport, type WriteExportOptions, type WriteExportResult, type StageSummary } from "./steps/export/write-export.js";
export { publishStep } from "./steps/publish/publish-step.js";
export { publishRun, type PublishRunOptions, type PublishRunResult } from "./steps/publish/publish-run.js";
export { reportStep } from "./steps/report/report-step.js";
export { buildReport, type BuildReportOptions, type BuildReportResult } from "./steps/report/build-report.js";
export { trainCurriculum, type TrainCurriculumOptions, type TrainCurriculumResult } from "./steps/train/train-curriculum.js";
export { refreshViews } from "./core/views.js";
