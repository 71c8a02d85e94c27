import { NotBuiltYetError } from "../core/errors.js";
import type { StepDefinition } from "../core/step.js";

/** The `grade` step. Not built yet: its issue replaces this file. */
export const gradeStep: StepDefinition = {
  name: "grade",
  summary: "grade (not built yet)",
  config: () => null,
  run: async () => {
    throw new NotBuiltYetError("grade: not built yet");
  },
};
