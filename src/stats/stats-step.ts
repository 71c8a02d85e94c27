import { NotBuiltYetError } from "../core/errors.js";
import type { StepDefinition } from "../core/step.js";

/** The `stats` step. Not built yet: its issue replaces this file. */
export const statsStep: StepDefinition = {
  name: "stats",
  summary: "stats (not built yet)",
  config: () => null,
  run: async () => {
    throw new NotBuiltYetError("stats: not built yet");
  },
};
