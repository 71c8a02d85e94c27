import { NotBuiltYetError } from "../core/errors.js";
import type { StepDefinition } from "../core/step.js";

/** The `stage` step. Not built yet: its issue replaces this file. */
export const stageStep: StepDefinition = {
  name: "stage",
  summary: "stage (not built yet)",
  config: () => null,
  run: async () => {
    throw new NotBuiltYetError("stage: not built yet");
  },
};
