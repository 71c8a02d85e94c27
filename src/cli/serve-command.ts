import { UsageError } from "../core/errors.js";
import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { formatHelp, type Command } from "./command.js";
import { runInterruptible } from "./interrupt.js";
import { modelsToServe, startServers } from "./serve-servers.js";
import { parseCommandArgs, parseShard } from "./step-command.js";

const SUMMARY = "Start the model servers of a pipeline's serve blocks on this machine; stop them on Ctrl-C.";

const HELP = formatHelp(
  "rungs serve <pipeline> [--model ID ...] [options]",
  SUMMARY,
  [
    { flag: "--model ID", text: "serve only this model (repeatable; default: every model with a serve block)" },
    { flag: "--run-dir DIR", text: "run folder, where logs/serve/ gets the servers' logs (default: the pipeline's)" },
    { flag: "--shard i/N", text: "label the logs as this shard's (as `rungs sample --serve --shard i/N` does)" },
    { flag: "-h, --help", text: "show this help" },
  ],
  [
    "Each server's command line is shown before it runs; it is ready when its /v1/models lists the model's served name.",
    "A server that dies is restarted (serve.maxRestarts times); Ctrl-C or SIGTERM stops them all (their process groups).",
    "To sample with servers started for the run only: rungs sample <pipeline> --serve.",
  ].join("\n"),
);

export const serveCommand: Command = {
  summary: SUMMARY,
  async run(argv) {
    const { values, positionals } = await parseCommandArgs("serve", argv, {
      model: { type: "string", multiple: true },
      "run-dir": { type: "string" },
      shard: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`serve: expected one pipeline (a name in pipelines/ or a file), got ${positionals.length}\n\n${HELP}`);
    const { pipeline } = await loadPipeline(positionals[0]);
    let models = modelsToServe(pipeline, "serve");
    const wanted = (values.model as string[] | undefined) ?? [];
    for (const id of wanted) {
      if (!models.some((m) => m.id === id)) throw new UsageError(`serve: --model ${JSON.stringify(id)}: no model with a serve block has this id; these do: ${models.map((m) => m.id).join(", ")}`);
    }
    if (wanted.length) models = models.filter((m) => wanted.includes(m.id));
    const runDir = runDirOf(pipeline, values["run-dir"] as string | undefined);
    const shard = parseShard(values.shard as string | undefined);
    let stopped = false;
    const code = await runInterruptible("serve", async (signal) => {
      const group = await startServers(models, { runDir, shard, signal });
      try {
        process.stderr.write(`serve: ${models.length} server${models.length === 1 ? "" : "s"} ready; Ctrl-C stops them. Sample against them with:\n  rungs sample ${positionals[0]} ${group.endpoints.map((e) => `--endpoint ${e}`).join(" ")}\n`);
        const interrupted = new Promise<"interrupted">((resolve) => signal.addEventListener("abort", () => resolve("interrupted"), { once: true }));
        const outcome = await Promise.race([group.failed, interrupted]);
        if (outcome !== "interrupted") throw outcome;
        stopped = true;
        return 0;
      } finally {
        await group.stop();
      }
    });
    // Ctrl-C is how `rungs serve` is meant to end: a clean stop is a success.
    return stopped ? 0 : code;
  },
};
