import { NotBuiltYetError } from "../core/errors.js";
import type { StepDefinition } from "../core/step.js";

/** The `report` step. Not built yet: its issue replaces this file. */
export const reportStep: StepDefinition = {
  name: "report",
  summary: "report (not built yet)",
  config: () => null,
  run: async () => {
    throw new NotBuiltYetError("report: not built yet");
  },
};
