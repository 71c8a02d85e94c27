import { parseArgs } from "node:util";
import { readFile } from "node:fs/promises";
import { UsageError } from "../core/errors.js";
import { stageDifficultyFile } from "../steps/stage/stage-file.js";
import type { PolicyInput } from "../engines/policy/policy-spec.js";
import { formatHelp, type Command } from "./command.js";
import { COMMON_HELP, COMMON_OPTIONS, runPipelineStep } from "./step-command.js";
import { ProgressRenderer } from "./progress-renderer.js";

const OPTIONS = {
  ...COMMON_OPTIONS,
  difficulty: { type: "string" },
  policy: { type: "string" },
  out: { type: "string" },
  role: { type: "string", multiple: true },
  seed: { type: "string" },
  arrow: { type: "boolean" },
  "shard-rows": { type: "string" },
} as const;

const HELP = formatHelp(
  "rungs stage <pipeline> [options]\n       rungs stage --difficulty F --policy P --out DIR [options]",
  "Apply a staging policy: writes staged/ (one folder per level) and shards/<level>/train-*.parquet.",
  [
    { flag: "--difficulty F", text: "standalone: a JSONL or Parquet file of problem_id, domain, model, pass_rate, samples rows" },
    { flag: "--policy P", text: "built-in policy (am-2504.00829, open-r1, skywork-or1, reasoning360) or a .json policy file" },
    { flag: "--out DIR", text: "standalone: output folder" },
    { flag: "--role ROLE=MODEL", text: "map a policy role to a model id (repeatable), e.g. 1.5b=my/model" },
    { flag: "--seed S", text: "seed of the retention draws (default: the policy's)" },
    { flag: "--arrow", text: "also write arrow/<level>/train.arrow (Arrow IPC)" },
    { flag: "--shard-rows N", text: "most rows per shard (default 100000)" },
    ...COMMON_HELP,
  ],
);

function parseRoles(values: string[] | undefined): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf("=");
    if (eq <= 0 || eq === value.length - 1) throw new UsageError(`stage: --role expects ROLE=MODEL (e.g. 7b=my/model-7b), got ${JSON.stringify(value)}`);
    roles[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return roles;
}

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
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const roles = parseRoles(values.role);
    const shardRows = values["shard-rows"] === undefined ? undefined : Number(values["shard-rows"]);
    if (shardRows !== undefined && !(Number.isInteger(shardRows) && shardRows >= 1)) throw new UsageError(`stage: --shard-rows expects a whole number from 1 up, got ${values["shard-rows"]}`);
    if (values.difficulty === undefined) {
      if (positionals.length !== 1) throw new UsageError(`stage: expected one pipeline, or --difficulty F --policy P --out DIR\n\n${HELP}`);
      const { role: _role, difficulty: _d, policy: _p, out: _o, "shard-rows": _s, ...rest } = values;
      return runPipelineStep("stage", positionals[0], { ...rest, roles, ...(shardRows ? { shardRows } : {}) });
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
