import { defineTable, type RowOfTable } from "./table.js";

/**
 * One row per (problem, model, budget), written by grade from the rollouts: how many samples would have
 * passed had the completion been cut at `budget` tokens. A sample passes at b when it passes (score = 1),
 * finished on its own (finish_reason is not "length") and used at most b completion tokens. This holds
 * for a hard cut at max_tokens only (a model that knows its budget may answer differently), and is exact
 * only where per-sample completion_tokens are exact (see `tokens_unknown`).
 */
export const budgetPassRatesTable = defineTable({
  name: "budget_pass_rates",
  description: "Per (problem, model, token budget): passes of samples correct and finished within the budget, from one run sampled at the largest budget.",
  key: ["problem_id", "model", "budget"],
  columns: {
    problem_id: { kind: "varchar", description: "problems.id" },
    model: { kind: "varchar", description: "Model id." },
    budget: { kind: "integer", description: "Completion-token budget b." },
    samples: { kind: "integer", description: "Scored samples of (problem, model), as in difficulty." },
    passes: { kind: "integer", description: "Samples with score = 1, finish_reason not 'length', and completion_tokens <= budget." },
    pass_rate: { kind: "double", description: "passes / samples." },
    tokens_unknown: {
      kind: "integer",
      description:
        "Passing, finished samples without a completion-token count: not counted in passes at any budget. Counts are the rollouts' completion_tokens as the sampler stored them (per choice where the server reports it; a share of the request's usage when it does not), so budgets near a sample's length are exact only where those counts are.",
    },
  },
});

export type BudgetPassRateRow = RowOfTable<typeof budgetPassRatesTable>;
