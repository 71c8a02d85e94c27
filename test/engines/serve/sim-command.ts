import { fileURLToPath } from "node:url";

/** The repository's CLI, run from source (tests do not need a build). */
export const CLI_PATH = fileURLToPath(new URL("../../../src/cli.ts", import.meta.url));

/** How a test runs `rungs`: node with tsx's loader on src/cli.ts. */
export const RUNGS_ARGV = [process.execPath, "--import", "tsx", CLI_PATH];

/** A serve block's command starting `rungs sim` on `{port}`, serving `{servedName}`, over `problems`. */
export function simServeCommand(problems: string, skill = 5): string[] {
  return [...RUNGS_ARGV, "sim", "--problems", problems, "--model", `{servedName}=${skill}`, "--port", "{port}", "--latency", "0"];
}
