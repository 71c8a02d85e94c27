import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { budgetPassRatesTable, type BudgetPassRateRow } from "../../../schemas/budget-pass-rates.js";
import { problemsTable } from "../../../schemas/problems.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { replaceTable } from "../../../src/core/table-store.js";
import { PAPER_ROLES } from "../../../src/engines/policy/builtin-policies.js";
import { compilePolicy } from "../../../src/engines/policy/compile-policy.js";
import { budgetModel, type CompiledPolicy } from "../../../src/engines/policy/compiled-policy.js";
import { evaluatePolicy, type ModelFacts } from "../../../src/engines/policy/evaluate-policy.js";
import { policyAtBudget } from "../../../src/engines/policy/policy-at-budget.js";
import type { BudgetStep } from "../../../src/engines/stats/budget-stats.js";
import { computeStats } from "../../../src/engines/stats/compute-stats.js";
import { formatStats } from "../../../src/steps/stats/format-stats.js";
import { stagedPolicy } from "../../../src/engines/stats/staged-policy.js";
import type { Manifest } from "../../../src/core/manifest.js";
import { makeTempDir } from "../../temp-dirs.js";
import { problem } from "../../steps/grade/helpers.js";

const MODELS = Object.values(PAPER_ROLES);
const PROBLEMS = ["p0", "p1", "p2", "p3", "p4", "p5"];

/** One (problem, model) pair: samples, passes at each budget (not falling as the budget grows), unknown counts. */
const pairArb = fc.record({
  problem: fc.constantFrom(...PROBLEMS),
  model: fc.constantFrom(...MODELS),
  samples: fc.integer({ min: 1, max: 4 }),
  gains: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }),
  unknown: fc.integer({ min: 0, max: 1 }),
});

const tableArb = fc.record({
  pairs: fc.uniqueArray(pairArb, { minLength: 1, maxLength: 24, selector: (p) => `${p.problem}|${p.model}` }),
  budgets: fc.uniqueArray(fc.constantFrom(1_000, 4_096, 16_384, 24_576), { minLength: 1, maxLength: 3 }).map((b) => b.sort((x, y) => x - y)),
  code: fc.subarray(PROBLEMS),
  policy: fc.constantFrom("am-2504.00829", "am-2504.00829-budgets", "open-r1"),
});

type Pair = { problem: string; model: string; samples: number; gains: number[]; unknown: number };

function rowsOf(pairs: Pair[], budgets: number[]): BudgetPassRateRow[] {
  return pairs.flatMap((p) => {
    let passes = 0;
    return budgets.map((budget, i) => {
      passes = Math.min(p.samples, passes + p.gains[i]);
      return { problem_id: p.problem, model: p.model, budget, samples: p.samples, passes, pass_rate: passes / p.samples, tokens_unknown: p.unknown };
    });
  });
}

const category = (r: BudgetPassRateRow) => (r.passes === 0 ? "0" : r.passes === r.samples ? "1" : "(0,1)");

type PlainStep = Omit<BudgetStep, "transitions"> & { transitions: string[] };

/** Changes between adjacent budgets from per-key labels, counted directly. */
function directSteps(budgets: number[], label: (key: string, budget: number) => string | undefined, keys: string[]): PlainStep[] {
  return budgets.slice(1).map((to, i) => {
    const from = budgets[i];
    const seen = keys.filter((k) => label(k, from) !== undefined && label(k, to) !== undefined);
    const moved = seen.filter((k) => label(k, from) !== label(k, to));
    const counts = new Map<string, number>();
    for (const k of moved) counts.set(`${label(k, from)} → ${label(k, to)}`, (counts.get(`${label(k, from)} → ${label(k, to)}`) ?? 0) + 1);
    return { from, to, problems: seen.length, changed: moved.length, transitions: [...counts].map(([t, n]) => `${t} ${n}`).sort() };
  });
}

const plain = (steps: BudgetStep[]): PlainStep[] => steps.map((s) => ({ from: s.from, to: s.to, problems: s.problems, changed: s.changed, transitions: s.transitions.map((t) => `${t.from} → ${t.to} ${t.problems}`).sort() }));

/** The level label of a problem at a budget from the policy's own evaluator (not its SQL). */
function levelLabel(policy: CompiledPolicy, rows: BudgetPassRateRow[], domain: "math" | "code", problemId: string, budget: number): string | undefined {
  const at = policyAtBudget(policy, budget);
  const models: Record<string, ModelFacts> = {};
  for (const r of rows) if (r.problem_id === problemId && r.budget === budget) models[budgetModel(r.model, budget)] = { passes: r.passes, samples: r.samples, mean_score: r.pass_rate, truncation_rate: 0 };
  if (!at.models.some((m) => models[m])) return undefined;
  const d = evaluatePolicy(at, { problemId, domain, models });
  if (d.status === "truncated") return policy.truncatedLevel;
  if (d.status !== "staged") return d.status;
  return d.levels.map((l) => l.level).join("+") || "no level";
}

async function runWith(rows: BudgetPassRateRow[], code: string[]): Promise<RunFolder> {
  const run = await new RunFolder(await makeTempDir("rungs-budget-stats-")).ensure();
  await replaceTable(run, problemsTable, PROBLEMS.map((id) => problem(id, code.includes(id) ? "code" : "math")));
  if (rows.length) await replaceTable(run, budgetPassRatesTable, rows);
  return run;
}

describe("budget stats", () => {
  it("equal a direct count over budget_pass_rates: means, category changes, and levels from the policy's evaluator", async () => {
    let levelRuns = 0;
    await fc.assert(
      fc.asyncProperty(tableArb, async ({ pairs, budgets, code, policy: name }) => {
        const rows = rowsOf(pairs, budgets);
        const policy = compilePolicy(name);
        const stats = await computeStats(await runWith(rows, code), { policy });
        const b = stats.budgets!;
        expect(b.budgets).toEqual(budgets);
        const models = [...new Set(rows.map((r) => r.model))];
        expect([...b.models].sort((x, y) => x.model.localeCompare(y.model))).toEqual(
          models.sort().map((model) => {
            const mine = rows.filter((r) => r.model === model);
            const at = (budget: number) => mine.filter((r) => r.budget === budget);
            return {
              model,
              problems: at(budgets[0]).length,
              mean_pass_rate: budgets.map((budget) => expect.closeTo(at(budget).reduce((n, r) => n + r.pass_rate, 0) / at(budget).length, 9)),
              tokens_unknown: at(budgets[0]).reduce((n, r) => n + r.tokens_unknown, 0),
            };
          }),
        );
        for (const model of models) {
          const label = (problemId: string, budget: number) => {
            const r = rows.find((x) => x.model === model && x.problem_id === problemId && x.budget === budget);
            return r && category(r);
          };
          expect(plain(b.categoryChanges.filter((c) => c.model === model))).toEqual(directSteps(budgets, label, PROBLEMS));
        }
        const readsAbsentModel = policyAtBudget(policy, budgets[0]).models.some((m) => !models.some((x) => m.startsWith(`${x}@`)));
        if (budgets.length < 2) {
          expect([b.categoryChanges, b.levelChanges, b.levelChangesNote]).toEqual([[], undefined, undefined]);
        } else if (readsAbsentModel) {
          expect(b.levelChanges).toBeUndefined();
          expect(b.levelChangesNote).toMatch(/reads model\(s\) without budget pass rates/);
        } else {
          const level = (problemId: string, budget: number) => levelLabel(policy, rows, code.includes(problemId) ? "code" : "math", problemId, budget);
          expect(plain(b.levelChanges!.steps)).toEqual(directSteps(budgets, level, PROBLEMS));
          levelRuns++;
        }
      }),
      { numRuns: 25 },
    );
    // The level comparison ran, not only the note for policies reading absent models.
    expect(levelRuns).toBeGreaterThan(5);
  }, 60_000);

  it("says in one line what to do when there are no budget pass rates, or only one budget", async () => {
    const none = await computeStats(await runWith([], []));
    expect(none.budgets).toBeUndefined();
    expect(formatStats(none)).toContain(
      "## Token budgets (pass rate had generation been cut at b completion tokens)\nNo pass rates at token budgets (budget_pass_rates): grade computes them at the curriculum's stage lengths (maxResponseLength), the sampled max_tokens and every budget the policy names (e.g. policy am-2504.00829-budgets); run grade again.",
    );
    const one = await computeStats(await runWith(rowsOf([{ problem: "p0", model: MODELS[0], samples: 2, gains: [1, 0, 0], unknown: 0 }], [32_768]), []));
    expect(one.budgets?.budgets).toEqual([32_768]);
    expect(formatStats(one)).toContain("One token budget only (32,768), nothing to compare: grade computes them");
  });

  it("without the run's policy, shows pass rates and categories and says how to get level changes", async () => {
    const rows = rowsOf(MODELS.map((model) => ({ problem: "p0", model, samples: 2, gains: [0, 1, 1], unknown: 0 })), [16_384, 32_768]);
    const stats = await computeStats(await runWith(rows, []));
    expect(stats.budgets?.levelChanges).toBeUndefined();
    expect(formatStats(stats)).toContain("Level changes: level changes need the run's staging policy (run `rungs stats <pipeline>`).");
    expect(stats.budgets?.categoryChanges.map((c) => c.changed)).toEqual([1, 1, 1, 1]);
  });
});

describe("policyAtBudget", () => {
  it("reads every model at the budget, whatever budget a rule named, and keeps rules and names", () => {
    const paper = compilePolicy("am-2504.00829");
    const at = policyAtBudget(compilePolicy("am-2504.00829-budgets"), 24_576);
    expect([...at.models].sort()).toEqual(MODELS.map((m) => budgetModel(m, 24_576)).sort());
    expect(at.levels.map((l) => l.rules.map((r) => r.name))).toEqual(paper.levels.map((l) => l.rules.map((r) => r.name)));
    // The plain policy on facts renamed to `<model>@<b>tok` decides exactly as on the plain facts.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 4 })), { minLength: 4, maxLength: 4 }), fc.constantFrom(...PROBLEMS), (facts, problemId) => {
        const plainFacts = Object.fromEntries(MODELS.map((m, i) => [m, { passes: Math.min(...facts[i]), samples: facts[i][1] }]));
        const budgetFacts = Object.fromEntries(MODELS.map((m) => [budgetModel(m, 16_384), plainFacts[m]]));
        const a = evaluatePolicy(paper, { problemId, domain: "math", models: plainFacts });
        const b = evaluatePolicy(policyAtBudget(paper, 16_384), { problemId, domain: "math", models: budgetFacts });
        expect(b).toEqual(a);
      }),
    );
  });
});

describe("stagedPolicy", () => {
  const manifest = (details?: Record<string, unknown>) => ({ steps: details ? { stage: { details } } : {} }) as unknown as Manifest;
  it("takes the pipeline's policy, else the built-in stage recorded, with the roles stage recorded", () => {
    const roles = { ...PAPER_ROLES, "1.5b": "my/small" };
    expect(stagedPolicy({ policy: "open-r1" }, manifest({ policy: "am-2504.00829", roles: { target: "my/target" } }))?.models).toEqual(["my/target"]);
    expect(stagedPolicy({}, manifest())?.name).toBe("am-2504.00829");
    const recorded = stagedPolicy(undefined, manifest({ policy: "am-2504.00829-budgets", roles }));
    expect(recorded?.name).toBe("am-2504.00829-budgets");
    expect(recorded?.models).toContain(budgetModel("my/small", 16_384));
    // A policy of the pipeline file cannot be rebuilt from its name: the figures say so instead.
    expect(stagedPolicy(undefined, manifest({ policy: "my-own", roles }))).toBeUndefined();
    expect(stagedPolicy(undefined, manifest())).toBeUndefined();
  });
});
