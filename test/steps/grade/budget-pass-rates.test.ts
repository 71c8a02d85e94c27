import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { budgetPassRatesTable } from "../../../schemas/budget-pass-rates.js";
import { openDuckDB } from "../../../src/core/duckdb.js";
import { readTable } from "../../../src/core/table-store.js";
import { gradeRun } from "../../../src/steps/grade/grade-difficulty.js";
import type { Rollout } from "../../../schemas/rollouts.js";
import { makeRun, problem, rollout } from "./helpers.js";

const A = "org/model-a";
const B = "org/model-b";

async function gradeBudgets(rollouts: Rollout[], budgets: number[], problems = ["p1", "p2", "p3"]) {
  const run = await makeRun({ problems: problems.map((id) => problem(id)), rollouts });
  const connection = await openDuckDB();
  try {
    const result = await gradeRun({ connection, run, budgets });
    const rows = await readTable(run.tableDir(budgetPassRatesTable.name), budgetPassRatesTable, "ORDER BY problem_id, model, budget");
    return { result, rows };
  } finally {
    connection.closeSync();
  }
}

const sampleArb = fc.record({
  problem: fc.constantFrom("p1", "p2", "p3"),
  model: fc.constantFrom(A, B),
  score: fc.constantFrom(0, 0.5, 1),
  truncated: fc.boolean(),
  tokens: fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: null, freq: 8 }),
});

describe("pass rates at token budgets", () => {
  it("equal a direct count over the samples: correct, finished, and within the budget", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sampleArb, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 4 }),
        async (samples, budgets) => {
          const counter = new Map<string, number>();
          const rollouts = samples.map((s) => {
            const key = `${s.problem}|${s.model}`;
            const index = counter.get(key) ?? 0;
            counter.set(key, index + 1);
            return rollout(s.problem, s.model, index, s.score, { completion_tokens: s.tokens, finish_reason: s.truncated ? "length" : "stop" });
          });
          const { rows, result } = await gradeBudgets(rollouts, budgets);
          const expected = [...counter.keys()]
            .flatMap((key) => {
              const [problem_id, model] = key.split("|");
              const mine = samples.filter((s) => s.problem === problem_id && s.model === model);
              const finishedPass = mine.filter((s) => s.score >= 1 && !s.truncated);
              return budgets.map((budget) => {
                const passes = finishedPass.filter((s) => s.tokens !== null && s.tokens <= budget).length;
                return { problem_id, model, budget, samples: mine.length, passes, pass_rate: passes / mine.length, tokens_unknown: finishedPass.filter((s) => s.tokens === null).length };
              });
            })
            .sort((x, y) => (x.problem_id + x.model < y.problem_id + y.model ? -1 : x.problem_id + x.model > y.problem_id + y.model ? 1 : x.budget - y.budget));
          expect(rows).toEqual(expected);
          expect(result.budgetRows).toBe(expected.length);
          const category = (r: { passes: number; samples: number }) => (r.passes === 0 ? 0 : r.passes === r.samples ? 2 : 1);
          const changing = [...counter.keys()].filter((key) => new Set(expected.filter((r) => `${r.problem_id}|${r.model}` === key).map(category)).size > 1);
          expect(result.budgetCategoryChanges).toBe(changing.length);
          const minBudget = Math.min(...budgets);
          expect(result.budgetTokensUnknown).toBe(expected.filter((r) => r.budget === minBudget).reduce((a, r) => a + r.tokens_unknown, 0));
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it("a sample solved in 20k tokens passes at 24k, not at 16k; a truncated one passes at none", async () => {
    const { rows } = await gradeBudgets(
      [
        rollout("p1", A, 0, 1, { completion_tokens: 20_000 }),
        rollout("p1", A, 1, 1, { completion_tokens: 9_000 }),
        rollout("p1", A, 2, 1, { completion_tokens: 16_384, finish_reason: "length" }),
        rollout("p1", A, 3, 0, { completion_tokens: 3_000 }),
      ],
      [16_384, 24_576],
      ["p1"],
    );
    expect(rows.map((r) => [r.budget, r.passes, r.pass_rate])).toEqual([
      [16_384, 1, 0.25],
      [24_576, 2, 0.5],
    ]);
  });
});
