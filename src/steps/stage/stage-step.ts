import { openDuckDB } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import { configHash } from "../../core/hash.js";
import type { StepContext, StepDefinition } from "../step.js";
import { tableSource } from "../../core/table-store.js";
import { compilePolicy } from "../../engines/policy/compile-policy.js";
import type { CompiledPolicy } from "../../engines/policy/compiled-policy.js";
import { loadRunDifficulty, STAGE_INPUT } from "./load-difficulty.js";
import { stageDifficulty } from "./stage-difficulty.js";
import { adaptiveLabels } from "../../engines/adaptive/adaptive-labels.js";

/** The policy a pipeline uses: its `policy` field (default the paper's), roles overridable with `--role`. */
export function pipelinePolicy(ctx: Pick<StepContext, "pipeline" | "overrides">): CompiledPolicy {
  return compilePolicy(ctx.pipeline.policy ?? "am-2504.00829", {
    roles: (ctx.overrides.roles as Record<string, string> | undefined) ?? {},
    ...(typeof ctx.overrides.seed === "string" ? { seed: ctx.overrides.seed } : {}),
  });
}

/** The `stage` step: difficulty → staged table (one folder per level) and Hub shards in `shards/<level>/`. */
export const stageStep: StepDefinition = {
  name: "stage",
  summary: "Apply the staging policy to the difficulty table; write staged/ and shards/",
  config: (ctx) => ({ policy: pipelinePolicy(ctx), arrow: ctx.overrides.arrow === true }),
  inputs: () => ["difficulty", "problems", "sampling_decisions"],
  outputs: () => ["staged", "shards"],
  async run(ctx) {
    const policy = pipelinePolicy(ctx);
    const connection = await openDuckDB();
    try {
      const rows = await loadRunDifficulty(connection, ctx.run.tableDir("difficulty"));
      if (rows === 0) throw new UsageError(`stage: ${ctx.run.tableDir("difficulty")} has no difficulty rows; run grade first`);
      const result = await stageDifficulty({
        connection,
        difficulty: STAGE_INPUT,
        policy,
        out: ctx.run,
        problems: await tableSource(ctx.run.tableDir("problems")),
        arrow: ctx.overrides.arrow === true,
        // Adaptive sampling's decisions stand for problems whose samples it left incomplete.
        decided: await adaptiveLabels(connection, ctx.run, policy, STAGE_INPUT),
        shards: typeof ctx.overrides.shardRows === "number" ? { maxRowsPerShard: ctx.overrides.shardRows } : {},
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
};
