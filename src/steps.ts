import type { StepDefinition, StepName } from "./core/step.js";

/** Lazy loaders, so a command loads only the step it runs. */
export const STEP_LOADERS: Record<StepName, () => Promise<StepDefinition>> = {
  ingest: async () => (await import("./ingest/ingest-step.js")).ingestStep,
  curate: async () => (await import("./curate/curate-step.js")).curateStep,
  sample: async () => (await import("./sample/sample-step.js")).sampleStep,
  grade: async () => (await import("./grade/grade-step.js")).gradeStep,
  stage: async () => (await import("./stage/stage-step.js")).stageStep,
  export: async () => (await import("./export/export-step.js")).exportStep,
  publish: async () => (await import("./publish/publish-step.js")).publishStep,
  stats: async () => (await import("./stats/stats-step.js")).statsStep,
  report: async () => (await import("./report/report-step.js")).reportStep,
};
