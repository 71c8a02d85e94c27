import { defineTable, type RowOfTable } from "./table.js";

/** One row per (problem, model): the model's pass rate is the problem's difficulty for it. */
export const difficultyTable = defineTable({
  name: "difficulty",
  description: "Per (problem, model) pass statistics, from rollouts or imported with a dataset.",
  key: ["problem_id", "model"],
  columns: {
    problem_id: { kind: "varchar", description: "problems.id" },
    model: { kind: "varchar", description: "Model id." },
    domain: { kind: "varchar", enum: ["math", "code"], description: "math | code (copied from problems for staging)." },
    samples: { kind: "integer", description: "Number of scored samples (n >= 1)." },
    passes: { kind: "integer", description: "Samples with score = 1." },
    pass_rate: { kind: "double", description: "passes / samples, in [0, 1]." },
    mean_score: { kind: "double", description: "Mean score (code: mean fraction of tests passed)." },
    truncation_rate: { kind: "double", description: "Share of samples cut at max_tokens." },
    mean_completion_tokens: { kind: "double", nullable: true, description: "Mean completion tokens, when known." },
    total_completion_tokens: { kind: "bigint", nullable: true, description: "Sum of completion tokens, when known." },
    origin: { kind: "varchar", enum: ["rollouts", "imported"], description: "rollouts | imported" },
  },
});

export type DifficultyRow = RowOfTable<typeof difficultyTable>;
