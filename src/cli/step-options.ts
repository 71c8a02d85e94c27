import { STEP_NAMES, type StepOptions } from "../steps/step.js";
import { STEP_LOADERS } from "../pipeline/step-registry.js";
import type { OptionHelp, ParseOptions } from "./command.js";

/** A step's options as `node:util` parseArgs specs. */
export function parseOptionsOf(options: StepOptions): ParseOptions {
  return Object.fromEntries(Object.entries(options).map(([name, { type, multiple, short }]) => [name, { type, ...(multiple ? { multiple } : {}), ...(short ? { short } : {}) }]));
}

/** A step's options as help lines. */
export function helpOf(options: StepOptions): OptionHelp[] {
  return Object.values(options).map((o) => ({ flag: o.flag, text: o.help }));
}

/** Steps that take an option, for the message that refuses it elsewhere (`--shard-rows is an option of stage`). */
export async function stepsTaking(option: string): Promise<string[]> {
  const steps: string[] = [];
  for (const name of STEP_NAMES) if (option in (await STEP_LOADERS[name]()).options) steps.push(name);
  return steps;
}

/**
 * Rewords parseArgs' "Unknown option '--x'" for a command: when another step uses the option, say so.
 * Returns the error unchanged otherwise.
 */
export async function explainUnknownOption(command: string, error: unknown): Promise<unknown> {
  const code = (error as { code?: string }).code;
  const match = /'(--?[\w-]+)'/.exec((error as Error).message ?? "");
  if (code !== "ERR_PARSE_ARGS_UNKNOWN_OPTION" || !match) return error;
  const flag = match[1];
  const users = await stepsTaking(flag.replace(/^--?/, ""));
  const text = users.length
    ? `${command}: ${flag} is an option of ${users.map((s) => `\`rungs ${s}\``).join(", ")}, not of \`rungs ${command}\` (rungs ${command} --help lists its options)`
    : `${command}: unknown option ${flag} (rungs ${command} --help lists its options)`;
  return Object.assign(new Error(text), { code });
}
