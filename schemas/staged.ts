import { defineTable, type RowOfTable } from "./table.js";

/** One row per (kept problem, level); the paper's levels overlap. */
export const stagedTable = defineTable({
  name: "staged",
  description: "Problems kept by the staging policy, one row per (problem, level), with the rule that matched.",
  key: ["problem_id", "level"],
  columns: {
    problem_id: { kind: "varchar", description: "problems.id" },
    level: { kind: "varchar", description: "Level name from the policy (L1, L2, L3 for the paper)." },
    domain: { kind: "varchar", enum: ["math", "code"], description: "math | code" },
    rule: { kind: "varchar", description: "The rule that put the problem in this level." },
    policy: { kind: "varchar", description: "Policy name (e.g. am-2504.00829)." },
  },
});

export type StagedRow = RowOfTable<typeof stagedTable>;
