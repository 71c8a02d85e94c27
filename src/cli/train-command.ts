import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import { RunFolder } from "../core/run-folder.js";
import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { trainCurriculum } from "../steps/train/train-curriculum.js";
import { formatHelp, type Command } from "./command.js";
import { ProgressRenderer } from "./progress-renderer.js";

const summary = "Train the exported curriculum stage by stage (verl by default), moving up a rung when a stage's rule holds.";

const help = formatHelp(
  "rungs train [pipeline] [--stage N] [options]",
  summary,
  [
    { flag: "--stage N", text: "start at stage N (1-based) and go on through the later stages (default: resume at the first stage not done)" },
    { flag: "--run-dir DIR", text: "run folder (default: the pipeline's; required without a pipeline)" },
    { flag: "--command CMD", text: "trainer command, replacing the curriculum's (split on spaces; placeholders {overrides} {stage} {stageIndex} {exportDir} {runDir})" },
    { flag: "--quiet", text: "do not echo the trainer's log (it is always kept in train/<stage>/trainer.log)" },
    { flag: "-h, --help", text: "show this help" },
  ],
  [
    "Reads export/curriculum.json (run `rungs export <pipeline>` first). By default each stage runs",
    "`python3 -m verl.trainer.main_ppo` with export/verl/<stage>/overrides.txt: this needs verl on a GPU machine.",
    "Metrics lines (verl's `step:N - key:value - ...`) go to train/<stage>/metrics.jsonl; progress to train/state.json.",
    "Exit code: 0 when every stage is done, the trainer's own exit code when it fails, 130 when interrupted.",
  ].join("\n"),
);

export const trainCommand: Command = {
  summary,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { stage: { type: "string" }, "run-dir": { type: "string" }, command: { type: "string" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(help);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`train: expected at most one pipeline, got ${positionals.length}\n\n${help}`);
    let runDir = values["run-dir"];
    if (positionals.length === 1) runDir = runDirOf((await loadPipeline(positionals[0])).pipeline, runDir);
    if (!runDir) throw new UsageError(`train: give a pipeline or --run-dir\n\n${help}`);
    const stage = values.stage === undefined ? undefined : Number(values.stage);
    if (stage !== undefined && !Number.isInteger(stage)) throw new UsageError(`train: --stage: expected a stage number (1, 2, ...), got ${JSON.stringify(values.stage)}`);

    const renderer = new ProgressRenderer();
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      const result = await trainCurriculum({
        run: new RunFolder(runDir),
        stage,
        command: values.command?.split(" ").filter(Boolean),
        signal: controller.signal,
        onLine: values.quiet ? undefined : (name, line) => renderer.log(`[${name}] ${line}`),
        progress: renderer.listener,
      });
      renderer.done();
      for (const s of result.stages) process.stderr.write(`train: ${s.name}: ${s.status}${s.detail ? ` (${s.detail})` : ""}\n`);
      if (result.status === "failed" && result.failure) {
        const { stage: name, exitCode, tail } = result.failure;
        process.stderr.write(`train: stage "${name}" failed: the trainer exited with code ${exitCode}. Last lines:\n${tail.map((l) => `  ${l}`).join("\n")}\n`);
        return exitCode && exitCode > 0 ? exitCode : 1;
      }
      if (result.status === "interrupted") {
        process.stderr.write("train: interrupted; run the same command again to resume at this stage\n");
        return 130;
      }
      return 0;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
