import { parseArgs } from "node:util";
import { SIM_PROFILES, type SimProfileName } from "../engines/sim/sim-profiles.js";
import { UsageError } from "../core/errors.js";
import { loadSimProblems } from "../engines/sim/load-sim-problems.js";
import { startSimServer, type SimLatency } from "../engines/sim/sim-server.js";
import type { SimModel } from "../engines/sim/sim-completion.js";
import { formatHelp, type Command } from "./command.js";

const HELP = formatHelp(
  "rungs sim --problems PATH --model NAME=SKILL [--model ...] [--judge NAME[=LENIENCE]] [options]",
  "An OpenAI-compatible simulated model server on loopback (/v1/models, /v1/chat/completions, /v1/completions).",
  [
    { flag: "--problems PATH", text: "a run folder, a problems table folder, or a .jsonl/.parquet file of problems" },
    { flag: "--model NAME=SKILL", text: "a served model and its skill on the 1..10 difficulty scale (repeatable)" },
    { flag: "--judge NAME[=L]", text: "a simulated judge (verifier.judge): accepts spellings of the gold, and other answers with chance L (default 0.05); repeatable" },
    { flag: "--port P", text: "port (default 8000; 0 picks a free one)" },
    { flag: "--host H", text: "address to listen on (default 127.0.0.1)" },
    { flag: "--mean-tokens N", text: "mean completion length in tokens (default 1200)" },
    { flag: "--latency 0", text: "answer at once (no GPU timing)" },
    { flag: "--ttft-ms MS", text: "time to first token per sequence (default 200)" },
    { flag: "--tokens-per-s N", text: "decode speed of one sequence (default 60)" },
    { flag: "--capacity N", text: "concurrent sequences; more requests queue (default 256)" },
    { flag: "--max-queue N", text: "waiting requests beyond which it answers 503 queue full (default unbounded)" },
    { flag: "--fault-rate R", text: "share of completion requests that fail: 500, reset, stall, garbage, 503 (default 0)" },
    { flag: "--stall-ms MS", text: "how long a stalled request hangs (default 30000)" },
    { flag: "--profile P", text: "server contract to act out: vllm (default; usage summed over choices, token_ids with return_token_ids), sglang (usage summed), llamacpp (model file as id with aliases, n bounded by slots, choice j sampled with seed + j, usage of choice 0 only)" },
    { flag: "--slots N", text: "llamacpp profile: parallel slots, the largest n (default 4)" },
    { flag: "-h, --help", text: "show this help" },
  ],
  "Answers depend only on (model, problem, seed, choice index), so runs are reproducible and faults never change them.\nExample: rungs sim --problems data/runs/demo --model small=3 --model big=8 --port 8000",
);

function numberOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`sim: --${name}: expected a number from 0 up, got ${JSON.stringify(raw)}`);
  return value;
}

export const simCommand: Command = {
  summary: "Run the simulated OpenAI-compatible model server (demo, tests, benchmarks).",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        problems: { type: "string" },
        model: { type: "string", multiple: true },
        judge: { type: "string", multiple: true },
        port: { type: "string", default: "8000" },
        host: { type: "string", default: "127.0.0.1" },
        "mean-tokens": { type: "string" },
        latency: { type: "string" },
        "ttft-ms": { type: "string" },
        "tokens-per-s": { type: "string" },
        capacity: { type: "string" },
        "max-queue": { type: "string" },
        "fault-rate": { type: "string" },
        "stall-ms": { type: "string" },
        profile: { type: "string" },
        slots: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const judges = (values.judge ?? []).map((spec) => {
      const eq = spec.lastIndexOf("=");
      const lenience = eq > 0 ? Number(spec.slice(eq + 1)) : 0.05;
      if (eq === 0 || !(lenience >= 0 && lenience <= 1)) throw new UsageError(`sim: --judge: expected NAME or NAME=LENIENCE with LENIENCE in [0, 1], got ${JSON.stringify(spec)}`);
      return { name: eq > 0 ? spec.slice(0, eq) : spec, lenience };
    });
    if (!values.model?.length && judges.length === 0) throw new UsageError(`sim: at least one --model NAME=SKILL (or --judge NAME) is required\n\n${HELP}`);
    if (values.model?.length && !values.problems) throw new UsageError(`sim: --problems PATH is required\n\n${HELP}`);
    const meanTokens = numberOption(values, "mean-tokens");
    const models: SimModel[] = (values.model ?? []).map((spec) => {
      const eq = spec.lastIndexOf("=");
      const skill = Number(spec.slice(eq + 1));
      if (eq <= 0 || !Number.isFinite(skill)) throw new UsageError(`sim: --model: expected NAME=SKILL (e.g. deepseek-ai/DeepSeek-R1=8), got ${JSON.stringify(spec)}`);
      return { name: spec.slice(0, eq), skill, ...(meanTokens !== undefined ? { meanTokens } : {}) };
    });
    if (values.latency !== undefined && values.latency !== "0") throw new UsageError(`sim: --latency: only 0 is accepted (use --ttft-ms and --tokens-per-s for timing), got ${JSON.stringify(values.latency)}`);
    const latency: SimLatency | 0 =
      values.latency === "0"
        ? 0
        : { ttftMs: numberOption(values, "ttft-ms"), tokensPerSecond: numberOption(values, "tokens-per-s"), capacity: numberOption(values, "capacity"), maxQueue: numberOption(values, "max-queue") };
    const profile = values.profile ?? "vllm";
    if (!SIM_PROFILES.includes(profile as SimProfileName)) throw new UsageError(`sim: --profile: expected one of ${SIM_PROFILES.join(", ")}, got ${JSON.stringify(profile)}`);
    const problems = values.problems ? await loadSimProblems(values.problems) : [];
    const server = await startSimServer({
      problems,
      models,
      judges,
      host: values.host,
      port: numberOption(values, "port"),
      latency,
      faults: { rate: numberOption(values, "fault-rate") ?? 0, stallMs: numberOption(values, "stall-ms") },
      profile: profile as SimProfileName,
      slots: numberOption(values, "slots"),
    });
    const served = [...models.map((m) => `${m.name} (skill ${m.skill})`), ...judges.map((j) => `judge ${j.name} (lenience ${j.lenience})`)];
    process.stderr.write(`sim: serving ${served.join(", ")} on ${problems.length} problems at ${server.url}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    return 0;
  },
};
