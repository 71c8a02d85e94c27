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
export { ingestStep, ingestedTableDir, importedDifficultyDir } from "./ingest/ingest-step.js";
export { readSourceRows, sourceFiles, sourceName } from "./ingest/source-files.js";
export { ADAPTERS, detectLayout, type LayoutAdapter } from "./ingest/adapters/index.js";
export type { SourceSpec, HubLocation, RowMapper, AdaptedRow, RawRow, ImportedPassRates } from "./ingest/source-spec.js";
export { openHubDataset, type HubDataset, type HubDatasetOptions } from "./hub/hub-dataset.js";
