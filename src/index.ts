/** rungs as a library: contracts, storage, pipeline definition. Each step's module adds its exports here. */
export * from "../schemas/index.js";
export * from "./core/errors.js";
export * from "./core/run-folder.js";
export * from "./core/table-store.js";
export * from "./core/manifest.js";
export * from "./core/step.js";
export * from "./core/progress.js";
export { definePipeline, type PipelineDefinition } from "./pipeline/types.js";
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
} from "./verify/code/index.js";
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
} from "./verify/math/index.js";
export { ingestStep, ingestedTableDir, importedDifficultyDir } from "./ingest/ingest-step.js";
export { readSourceRows, sourceFiles, sourceName } from "./ingest/source-files.js";
export { ADAPTERS, detectLayout, type LayoutAdapter } from "./ingest/adapters/index.js";
export type { SourceSpec, HubLocation, RowMapper, AdaptedRow, RawRow, ImportedPassRates } from "./ingest/source-spec.js";
export { openHubDataset, type HubDataset, type HubDatasetOptions } from "./hub/hub-dataset.js";
// grade, stage, stats
export { gradeRun, IMPORTED_DIFFICULTY, type GradeResult } from "./grade/grade-difficulty.js";
export type { PolicySpec, PolicyInput, LevelSpec, RuleSpec, Condition, MetricCondition, Metric } from "./stage/policy-spec.js";
export { BUILTIN_POLICIES, PAPER_ROLES, amPolicy } from "./stage/builtin-policies.js";
export { compilePolicy, resolvePolicySpec } from "./stage/compile-policy.js";
export type { CompiledPolicy, CompiledRule, CompiledCondition, CompiledLevel } from "./stage/compiled-policy.js";
export { evaluatePolicy, retentionDraw, type ModelFacts, type ProblemFacts, type PolicyDecision } from "./stage/evaluate-policy.js";
export { policyRequirements, testNeed, type FactNeed, type ModelRequirement } from "./stage/policy-requirements.js";
export { stageDifficulty, type StageResult } from "./stage/stage-difficulty.js";
export { stageDifficultyFile, type StageFileOptions } from "./stage/stage-file.js";
export { shardName, type ShardOptions } from "./stage/write-shards.js";
export { computeStats, PASS_RATE_BUCKETS, type RunStats } from "./stats/compute-stats.js";
export { passRateHistogramSvg, levelSizesSvg, tokensSvg, statsCharts, vegaLiteSvg } from "./stats/stats-charts.js";
export { formatStats } from "./stats/format-stats.js";
export { writeStats } from "./stats/write-stats.js";
