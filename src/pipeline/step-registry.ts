import type { AnyStep, StepName } from "../steps/step.js";

/** Lazy loaders, so a command loads only the step it runs. */
export const STEP_LOADERS: Record<StepName, () => Promise<AnyStep>> = {
  ingest: async () => (await import("../steps/ingest/ingest-step.js")).ingestStep,
  curate: async () => (await import("../steps/curate/curate-step.js")).curateStep,
  sample: async () => (await import("../steps/sample/sample-step.js")).sampleStep,
  grade: async () => (await import("../steps/grade/grade-step.js")).gradeStep,
  stage: async () => (await import("../steps/stage/stage-step.js")).stageStep,
  export: async () => (await import("../steps/export/export-step.js")).exportStep,
  publish: async () => (await import("../steps/publish/publish-step.js")).publishStep,
  stats: async () => (await import("../steps/stats/stats-step.js")).statsStep,
  report: async () => (await import("../steps/report/report-step.js")).reportStep,
};
