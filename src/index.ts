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
