import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import { createRewardService, loadProblemIndex, startRewardServer, VERIFIER_VERSIONS } from "../engines/reward/index.js";
import { formatHelp, type Command } from "./command.js";

const HELP = formatHelp(
  "rungs reward-server [--run-dir DIR] [--port P] [options]",
  "Serve rungs' verifiers as a trainer's reward over HTTP: the reward of a completion is the score grading stored.",
  [
    { flag: "--run-dir DIR", text: "a run folder whose problems requests may name by problem_id (optional)" },
    { flag: "--port P", text: "port (default 8765; 0 picks a free one)" },
    { flag: "--host H", text: "address to listen on (default 127.0.0.1)" },
    { flag: "--concurrency N", text: "completions verified at once across all requests (default 64)" },
    { flag: "--math-threads N", text: "math verifier worker threads (default: one per core)" },
    { flag: "--exit-with-stdin", text: "exit when standard input closes (a parent that started the service died)" },
    { flag: "-h, --help", text: "show this help" },
  ],
  [
    "POST /v1/reward {\"items\": [{\"completion\", \"domain\", \"ground_truth\"} | {\"completion\", \"problem_id\"}]}",
    "  → {\"results\": [{\"score\", \"correct\", \"verdict\", \"verifier\"}], \"verifiers\": {...}}",
    "GET /health → {\"status\": \"ok\", \"verifiers\": {...}}.  A bad item is a 422 naming it; a sandbox failure a 503.",
    "The first line on standard output is the service's URL. Python: pip install ./python (package rungs_reward).",
  ].join("\n"),
);

function positiveInteger(raw: string | undefined, name: string, min = 1): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`reward-server: --${name}: expected an integer from ${min} up, got ${JSON.stringify(raw)}`);
  return value;
}

export const rewardServerCommand: Command = {
  summary: "Serve the verifiers as a trainer's reward (HTTP, for verl, TRL, OpenRLHF via python/rungs_reward).",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        "run-dir": { type: "string" },
        port: { type: "string", default: "8765" },
        host: { type: "string", default: "127.0.0.1" },
        concurrency: { type: "string" },
        "math-threads": { type: "string" },
        "exit-with-stdin": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const port = positiveInteger(values.port, "port", 0);
    const problems = values["run-dir"] ? await loadProblemIndex(values["run-dir"]) : undefined;
    const service = createRewardService({ problems, concurrency: positiveInteger(values.concurrency, "concurrency"), mathThreads: positiveInteger(values["math-threads"], "math-threads") });
    const server = await startRewardServer({ service, host: values.host, port });
    process.stdout.write(`${server.url}\n`);
    process.stderr.write(
      `reward-server: ${VERIFIER_VERSIONS.math}, ${VERIFIER_VERSIONS.code} at ${server.url}/v1/reward${problems ? ` (${problems.size} problems of ${problems.source})` : ""}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
      if (values["exit-with-stdin"]) {
        process.stdin.on("end", () => resolve()).on("close", () => resolve()).resume();
      }
    });
    await server.close();
    return 0;
  },
};
