import { stepCommand } from "./step-command.js";

export const exportCommand = stepCommand("export", {
  summary: "Write each curriculum stage in training order for verl, OpenRLHF, TRL and Arrow, with curriculum.json and per-stage trainer configs.",
  extraHelp: [
    "Reads the run's staged, problems and difficulty tables and the pipeline's `curriculum` (default: the paper's",
    "two stages: L2 at 16k, then L3 at 24k; math:code 2.1:1 in every batch of 128). Writes under <run>/export/:",
    "  curriculum.json                       stages, settings, stop rules, row and batch counts, verl overrides",
    "  verl/<stage>/train.parquet val.parquet overrides.txt run.sh",
    "  openrlhf/<stage>/train.jsonl args.txt   trl/<stage>/train.parquet grpo_config.json   arrow/<stage>/train.arrows",
    "Then `rungs train <pipeline>` runs the stages one after the other.",
  ].join("\n"),
});
