import { NotBuiltYetError } from "../core/errors.js";
import type { StepDefinition } from "../core/step.js";

/** The `publish` step. Not built yet: its issue replaces this file. */
export const publishStep: StepDefinition = {
  name: "publish",
  summary: "publish (not built yet)",
  config: () => null,
  run: async () => {
    throw new NotBuiltYetError("publish: not built yet");
  },
};
