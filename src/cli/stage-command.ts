import { readFile } from "node:fs/promises";
import { UsageError } from "../core/errors.js";
import { stageDifficultyFile } from "../steps/stage/stage-file.js";
import type { PolicyInput } from "../engines/policy/policy-spec.js";
import { formatHelp, type Command } from "./command.js";
import type { CliValues } from "../steps/step.js";
import { COMMON_HELP, COMMON_OPTIONS, parseCommandArgs, runPipelineStep } from "./step-command.js";
import { helpOf, parseOptionsOf } from "./step-options.js";
import { parseRoles, parseShardRows, stageStep } from "../steps/stage/stage-step.js";
import { ProgressRenderer } from "./progress-renderer.js";

const OPTIONS = {
  ...COMMON_OPTIONS,
  difficulty: { type: "string" },
  policy: { type: "string" },
  out: { type: "string" },
  ...parseOptionsOf(stageStep.options),
} as const;

const HELP = formatHelp(
  "rungs stage <pipeline> [options]\n       rungs stage --difficulty F --policy P --out DIR [options]",
  "Apply a staging policy: writes staged/ (one folder per level) and shards/<level>/train-*.parquet.",
  [
    { flag: "--difficulty F", text: "standalone: a JSONL or Parquet file of problem_id, domain, model, pass_rate, samples rows" },
    { flag: "--policy P", text: "built-in policy (am-2504.00829, open-r1, skywork-or1, reasoning360) or a .json policy file" },
    { flag: "--out DIR", text: "standalone: output folder" },
    ...helpOf(stageStep.options),
    ...COMMON_HELP,
  ],
);

async function policyArg(text: string): Promise<PolicyInput> {
  if (!text.endsWith(".json")) return text;
  try {
    return JSON.parse(await readFile(text, "utf8")) as PolicyInput;
  } catch (error) {
    throw new UsageError(`stage: cannot read policy file ${text}: ${(error as Error).message}`);
  }
}

export const stageCommand: Command = {
  summary: "Apply the staging policy (pipeline run folder, or a standalone difficulty file).",
  async run(argv) {
    const { values: parsed, positionals } = await parseCommandArgs("stage", argv, OPTIONS);
    const values = parsed as CliValues<typeof stageStep.options> & { difficulty?: string; policy?: string; out?: string; help?: boolean };
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const roles = parseRoles(values.role);
    const shardRows = parseShardRows(values["shard-rows"]);
    if (values.difficulty === undefined) {
      if (positionals.length !== 1) throw new UsageError(`stage: expected one pipeline, or --difficulty F --policy P --out DIR\n\n${HELP}`);
      for (const flag of ["policy", "out"] as const) {
        if (values[flag] !== undefined) throw new UsageError(`stage: --${flag} goes with --difficulty (a standalone file); a pipeline's ${flag === "policy" ? "policy is its \`policy\` field" : "outputs go to its run folder"}`);
      }
      return runPipelineStep("stage", positionals[0], parsed);
    }
    if (positionals.length) throw new UsageError(`stage: --difficulty stages a file on its own; drop the pipeline argument ${JSON.stringify(positionals[0])}`);
    if (!values.policy || !values.out) throw new UsageError(`stage: --difficulty needs --policy and --out\n\n${HELP}`);
    const renderer = new ProgressRenderer();
    try {
      const result = await stageDifficultyFile({
        difficulty: values.difficulty,
        policy: await policyArg(values.policy),
        out: values.out,
        roles,
        ...(values.seed !== undefined ? { seed: values.seed } : {}),
        shards: shardRows ? { maxRowsPerShard: shardRows } : {},
        arrow: values.arrow === true,
        progress: renderer.listener,
      });
      renderer.done();
      const levels = Object.entries(result.levels).map(([l, n]) => `${l}=${n}`).join(" ");
      process.stderr.write(`stage: ${result.problems} problems: ${levels}; ${Object.entries(result.outcomes).map(([k, n]) => `${k}=${n}`).join(" ")}\n`);
      process.stderr.write(`stage: wrote ${values.out}/staged and ${values.out}/shards\n`);
      return 0;
    } finally {
      renderer.done();
    }
  },
};
