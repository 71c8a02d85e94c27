import { NotBuiltYetError } from "../core/errors.js";
import type { StepDefinition } from "../core/step.js";

/** The `curate` step. Not built yet: its issue replaces this file. */
export const curateStep: StepDefinition = {
  name: "curate",
  summary: "curate (not built yet)",
  config: () => null,
  run: async () => {
    throw new NotBuiltYetError("curate: not built yet");
  },
};
