/** rungs as a library: contracts, storage, pipeline definition. Each step's module adds its exports here. */
export * from "../schemas/index.js";
export * from "./core/errors.js";
export * from "./core/run-folder.js";
export * from "./core/table-store.js";
export * from "./core/manifest.js";
export * from "./steps/step.js";
export * from "./core/progress.js";
export { definePipeline, type PipelineDefinition } from "./engines/config/pipeline-definition.js";
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
export { ingestStep, ingestedTableDir, importedDifficultyDir } from "./steps/ingest/ingest-step.js";
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
export { computeStats, PASS_RATE_BUCKETS, type RunStats } from "./engines/stats/compute-stats.js";
export { passRateHistogramSvg, levelSizesSvg, tokensSvg, statsCharts, vegaLiteSvg } from "./engines/stats/stats-charts.js";
export { formatStats } from "./steps/stats/format-stats.js";
export { writeStats } from "./steps/stats/write-stats.js";
