import { NotBuiltYetError } from "../core/errors.js";
import type { StepDefinition } from "../core/step.js";

/** The `export` step. Not built yet: its issue replaces this file. */
export const exportStep: StepDefinition = {
  name: "export",
  summary: "export (not built yet)",
  config: () => null,
  run: async () => {
    throw new NotBuiltYetError("export: not built yet");
  },
};
