import { openDuckDB } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import { configHash } from "../../core/hash.js";
import { defineStep } from "../step.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { checkPolicyModels } from "./check-policy-models.js";
import { pipelinePolicy } from "../../engines/policy/pipeline-policy.js";
import type { CompiledPolicy } from "../../engines/policy/compiled-policy.js";
import { tableSource } from "../../core/table-store.js";
import { loadRunBudgets, loadRunDifficulty, STAGE_INPUT } from "./load-difficulty.js";
import { stageDifficulty } from "./stage-difficulty.js";
import { adaptiveLabels } from "../../engines/adaptive/adaptive-labels.js";

/** `--role ROLE=MODEL` values as a map, naming a malformed one. */
export function parseRoles(values: readonly string[] | undefined): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf("=");
    if (eq <= 0 || eq === value.length - 1) throw new UsageError(`stage: --role expects ROLE=MODEL (e.g. 7b=my/model-7b), got ${JSON.stringify(value)}`);
    roles[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return roles;
}

/** `--shard-rows N`, or undefined for the writer's default. */
export function parseShardRows(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(text.trim() !== "" && Number.isInteger(n) && n >= 1)) throw new UsageError(`stage: --shard-rows expects a whole number from 1 up, got ${text}`);
  return n;
}

export const STAGE_OPTIONS = {
  role: { type: "string", multiple: true, flag: "--role ROLE=MODEL", help: "map a policy role to a model id (repeatable), e.g. 1.5b=my/model" },
  seed: { type: "string", flag: "--seed S", help: "seed of the retention draws (default: the policy's)" },
  arrow: { type: "boolean", flag: "--arrow", help: "also write arrow/<level>/train.arrow (Arrow IPC)" },
  "shard-rows": { type: "string", flag: "--shard-rows N", help: "most rows per shard (default 100000)" },
} as const;

export interface StageSettings {
  policy: CompiledPolicy;
  arrow: boolean;
  /** Most rows per Hub shard; null is the writer's default (100000). */
  shardRows: number | null;
}

/** The `stage` step: difficulty → staged table (one folder per level) and Hub shards in `shards/<level>/`. */
export const stageStep = defineStep({
  name: "stage",
  summary: "Apply the staging policy to the difficulty table; write staged/ and shards/",
  options: STAGE_OPTIONS,
  resolve(pipeline, cli): StageSettings {
    const roles = parseRoles(cli.role);
    const policy = pipelinePolicy(pipeline, { roles, seed: cli.seed });
    checkPolicyModels(pipeline, policy, roles);
    return { policy, arrow: cli.arrow === true, shardRows: parseShardRows(cli["shard-rows"]) ?? null };
  },
  // The shard size decides the files in shards/: a rerun with another --shard-rows rewrites them.
  hashed: ["policy", "arrow", "shardRows"],
  inputs: () => ["difficulty", "budget_pass_rates", "problems", "sampling_decisions"],
  outputs: () => ["staged", "shards"],
  async run(ctx, settings) {
    const { policy } = settings;
    const connection = await openDuckDB();
    try {
      const rows = await loadRunDifficulty(connection, ctx.run.tableDir("difficulty"));
      if (rows === 0) throw new UsageError(`stage: ${ctx.run.tableDir("difficulty")} has no difficulty rows; run grade first`);
      await loadRunBudgets(connection, ctx.run.tableDir("budget_pass_rates"), policy);
      const result = await stageDifficulty({
        connection,
        difficulty: STAGE_INPUT,
        policy,
        out: ctx.run,
        problems: await tableSource(ctx.run.tableDir("problems")),
        arrow: settings.arrow,
        // Adaptive sampling's decisions stand for problems whose samples it left incomplete.
        decided: await adaptiveLabels(connection, ctx.run, policy, STAGE_INPUT),
        shards: settings.shardRows !== null ? { maxRowsPerShard: settings.shardRows } : {},
        progress: ctx.progress,
      });
      const levelCounts = Object.fromEntries(Object.entries(result.levels).map(([k, v]) => [`level_${k}`, v]));
      const shardFiles = Object.values(result.shards?.files ?? {}).reduce((n, f) => n + f.length, 0);
      return {
        counts: { problems: result.problems, ...Object.fromEntries(Object.entries(result.outcomes)), ...levelCounts, shard_files: shardFiles },
        versions: { policy: `${policy.name}@${configHash(policy)}` },
        details: { policy: policy.name, roles: policy.roles, levels: result.levels, outcomes: result.outcomes, shards: result.shards?.files ?? {} },
        notes: [
          `stage: ${policy.name}: ${Object.entries(result.levels)
            .map(([level, n]) => `${level}=${n}`)
            .join(" ")} (dropped ${result.outcomes.dropped ?? 0}${result.outcomes.unstaged ? `, in no level ${result.outcomes.unstaged}` : ""} of ${result.problems}); shards in ${ctx.run.path("shards")}`,
        ],
      };
    } finally {
      connection.closeSync();
    }
  },
});
