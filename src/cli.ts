#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UsageError, InputError, ContractError } from "./core/errors.js";
import type { Command } from "./cli/command.js";
import { RUNGS_VERSION } from "./core/version.js";

/** Every command, loaded lazily so `rungs verify` does not load DuckDB and friends. */
const commands = {
  ingest: async () => (await import("./cli/ingest-command.js")).ingestCommand,
  curate: async () => (await import("./cli/curate-command.js")).curateCommand,
  sample: async () => (await import("./cli/sample-command.js")).sampleCommand,
  grade: async () => (await import("./cli/grade-command.js")).gradeCommand,
  stage: async () => (await import("./cli/stage-command.js")).stageCommand,
  export: async () => (await import("./cli/export-command.js")).exportCommand,
  publish: async () => (await import("./cli/publish-command.js")).publishCommand,
  stats: async () => (await import("./cli/stats-command.js")).statsCommand,
  report: async () => (await import("./cli/report-command.js")).reportCommand,
  pipeline: async () => (await import("./cli/pipeline-command.js")).pipelineCommand,
  check: async () => (await import("./cli/check-command.js")).checkCommand,
  demo: async () => (await import("./cli/demo-command.js")).demoCommand,
  verify: async () => (await import("./cli/verify-command.js")).verifyCommand,
  rescore: async () => (await import("./cli/rescore-command.js")).rescoreCommand,
  sim: async () => (await import("./cli/sim-command.js")).simCommand,
  serve: async () => (await import("./cli/serve-command.js")).serveCommand,
  slurm: async () => (await import("./cli/slurm-command.js")).slurmCommand,
  sql: async () => (await import("./cli/sql-command.js")).sqlCommand,
  train: async () => (await import("./cli/train-command.js")).trainCommand,
  audit: async () => (await import("./cli/audit-command.js")).auditCommand,
  "reward-server": async () => (await import("./cli/reward-server-command.js")).rewardServerCommand,
} satisfies Record<string, () => Promise<Command>>;

type CommandName = keyof typeof commands;

async function help(): Promise<string> {
  const lines = ["Usage: rungs <command> [options]   (rungs <command> --help for details)", "", "Commands:"];
  for (const [name, load] of Object.entries(commands)) lines.push(`  ${name.padEnd(13)} ${(await load()).summary}`);
  lines.push("", `rungs ${RUNGS_VERSION}: difficulty-graded, staged datasets for RL of reasoning LLMs.`, "");
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(await help());
    return name ? 0 : 1;
  }
  if (name === "--version") {
    process.stdout.write(`${RUNGS_VERSION}\n`);
    return 0;
  }
  if (!(name in commands)) {
    process.stderr.write(`rungs: unknown command ${JSON.stringify(name)}\n\n${await help()}`);
    return 2;
  }
  try {
    return await (await commands[name as CommandName]()).run(rest);
  } catch (error) {
    const known = error instanceof UsageError || error instanceof InputError || error instanceof ContractError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`${(error as Error).message}\n`);
    if (!known && process.env.RUNGS_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return known ? 2 : 1;
  }
}

/** True when this file is the program: run as `node dist/src/cli.js`, `tsx src/cli.ts`, or through npm's bin symlink. */
function isEntryPoint(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
