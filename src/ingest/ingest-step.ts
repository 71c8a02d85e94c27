import { NotBuiltYetError } from "../core/errors.js";
import type { StepDefinition } from "../core/step.js";

/** The `ingest` step. Not built yet: its issue replaces this file. */
export const ingestStep: StepDefinition = {
  name: "ingest",
  summary: "ingest (not built yet)",
  config: () => null,
  run: async () => {
    throw new NotBuiltYetError("ingest: not built yet");
  },
};
