import { stepCommand } from "./step-command.js";

export const sampleCommand = stepCommand("sample", {
  summary: "Run the sample step of a pipeline: request missing rollouts, verify them as they arrive, store them.",
  extraHelp: [
    "Only what is missing is requested: a stopped run (even killed) resumes where it was, without duplicates.",
    "An endpoint `sim://` in the pipeline starts the simulated server in-process (skill from the model's `sim.skill`).",
    "Across machines: run `rungs sample P --shard i/N` on each of N machines against shared storage; the parts union to the whole.",
  ].join("\n"),
});
