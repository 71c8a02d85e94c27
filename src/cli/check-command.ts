import { functionIdentity } from "../core/hash.js";
import { UsageError } from "../core/errors.js";
import { STEP_NAMES, type StepOptions } from "../steps/step.js";
import { loadResolvedPipeline } from "../pipeline/load-pipeline.js";
import type { ResolvedSteps } from "../pipeline/resolve-steps.js";
import { STEP_LOADERS } from "../pipeline/step-registry.js";
import { formatHelp, type Command } from "./command.js";
import { parseCommandArgs } from "./step-command.js";
import { helpOf, parseOptionsOf } from "./step-options.js";

const SUMMARY = "Load a pipeline and resolve every step's settings (as a run would), print them; exit 2 on a mistake.";

/** Every step's options: `rungs check P --shard-rows 10` shows the settings `rungs stage P --shard-rows 10` would run with. */
async function allStepOptions(): Promise<StepOptions> {
  const all: Record<string, StepOptions[string]> = {};
  for (const name of STEP_NAMES) Object.assign(all, (await STEP_LOADERS[name]()).options);
  return all;
}

/** JSON of settings with what must not be printed replaced: tokens by "***", mapper functions by their code's hash. */
export function printable(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (key, v) => {
      if (/token/i.test(key) && typeof v === "string") return "***";
      if (typeof v === "function") return functionIdentity(v);
      return v;
    },
    indent,
  );
}

/** Longest setting shown on one line of the listing (policies run to kilobytes). */
const WIDTH = 160;

/** One block per step: each setting on a line, `*` marking what its up-to-date hash covers. */
export function formatResolved(path: string, resolved: ResolvedSteps): string {
  const lines = [`check: ${path}: every step resolves (* = covered by the step's up-to-date hash)`];
  for (const name of STEP_NAMES) {
    const { step, settings } = resolved[name];
    lines.push("", `${name}`);
    for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
      const text = printable(value) ?? "undefined";
      lines.push(`  ${(step.hashed as readonly string[]).includes(key) ? "*" : " "} ${key}: ${text.length > WIDTH ? `${text.slice(0, WIDTH)}… (--json shows all)` : text}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** `rungs check <pipeline> [--json] [step options]`: a dry load of everything a run would check first. */
export const checkCommand: Command = {
  summary: SUMMARY,
  async run(argv) {
    const stepOptions = await allStepOptions();
    const help = formatHelp(
      "rungs check <pipeline> [--json] [step options]",
      SUMMARY,
      [{ flag: "--json", text: "print the settings as JSON ({ pipeline, steps: { <step>: { settings, hashed } } })" }, { flag: "--run-dir DIR", text: "run folder, as the step commands take it" }, { flag: "-h, --help", text: "show this help" }, ...helpOf(stepOptions)],
      "Step options are those of the step commands (rungs <step> --help); each step reads only its own.",
    );
    const { values, positionals } = await parseCommandArgs("check", argv, {
      ...parseOptionsOf(stepOptions),
      json: { type: "boolean" },
      "run-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      process.stdout.write(help);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`check: expected one pipeline (a name in pipelines/ or a file), got ${positionals.length}\n\n${help}`);
    const { path, resolved } = await loadResolvedPipeline(positionals[0], values);
    if (values.json) {
      const steps = Object.fromEntries(STEP_NAMES.map((name) => [name, { settings: resolved[name].settings, hashed: resolved[name].step.hashed }]));
      process.stdout.write(`${printable({ pipeline: path, steps }, 2)}\n`);
    } else {
      process.stdout.write(formatResolved(path, resolved));
    }
    return 0;
  },
};
