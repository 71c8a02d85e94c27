import { NotBuiltYetError } from "../core/errors.js";
import type { StepDefinition } from "../core/step.js";

/** The `sample` step. Not built yet: its issue replaces this file. */
export const sampleStep: StepDefinition = {
  name: "sample",
  summary: "sample (not built yet)",
  config: () => null,
  run: async () => {
    throw new NotBuiltYetError("sample: not built yet");
  },
};
