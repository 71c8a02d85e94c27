import { describe, expect, it } from "vitest";
import { stagedTable } from "../../../schemas/staged.js";
import { readTable } from "../../../src/core/table-store.js";
import type { PipelineDefinition } from "../../../src/engines/config/pipeline-definition.js";
import { compilePolicy } from "../../../src/engines/policy/compile-policy.js";
import { PAPER_ROLES } from "../../../src/engines/policy/builtin-policies.js";
import { adaptivePlan } from "../../../src/engines/adaptive/adaptive-plan.js";
import { gradeStep } from "../../../src/steps/grade/grade-step.js";
import { stageStep } from "../../../src/steps/stage/stage-step.js";
import { runResolved } from "../run-resolved.js";
import { context } from "../sample/helpers.js";
import { makeRun, problem, rollout } from "../grade/helpers.js";

const M = "org/m";

/** Levels at 16k and at the sampled 32k from the same samples: a problem solved only in 20k tokens is in `at32k` alone. */
const pipeline: Partial<PipelineDefinition> = {
  models: [{ id: M, endpoints: ["http://127.0.0.1:9/v1"] }],
  sampling: { samples: 4, params: { max_tokens: 32_768 } },
  policy: {
    name: "budgets",
    roles: { m: M },
    levels: [
      { name: "at16k", rules: [{ name: "m in (0,1) at 16k", when: { model: "m", in: "(0,1)", budget: 16_384 } }] },
      { name: "at32k", rules: [{ name: "m in (0,1)", when: { model: "m", in: "(0,1)" } }] },
    ],
  },
};

describe("policy rules at a token budget", () => {
  it("grade computes the budgets the policy names; stage reads pass rates within them", async () => {
    const run = await makeRun({
      problems: [problem("long"), problem("short"), problem("never")],
      rollouts: [
        // Solved once, in 20k tokens: in (0,1) at 32k, 0 at 16k.
        rollout("long", M, 0, 1, { completion_tokens: 20_000 }),
        rollout("long", M, 1, 0, { completion_tokens: 32_768, finish_reason: "length" }),
        // Solved in 9k tokens, failed once: in (0,1) at both.
        rollout("short", M, 0, 1, { completion_tokens: 9_000 }),
        rollout("short", M, 1, 0, { completion_tokens: 5_000 }),
        rollout("never", M, 0, 0, { completion_tokens: 1_000 }),
        rollout("never", M, 1, 0, { completion_tokens: 1_000 }),
      ],
    });
    const ctx = context(run, pipeline);
    expect(gradeStep.resolve(ctx.pipeline, {}).budgets).toEqual([16_384, 32_768]);
    // The sampled maximum is each model's own max_tokens where it sets one.
    const capped = { ...ctx.pipeline, models: [{ id: M, endpoints: ["http://127.0.0.1:9/v1"], params: { max_tokens: 8_192 } }, { id: "org/other", endpoints: ["http://127.0.0.1:9/v1"] }] };
    expect(gradeStep.resolve(capped, {}).budgets).toEqual([8_192, 16_384, 32_768]);
    await runResolved(gradeStep, ctx);
    await runResolved(stageStep, ctx);
    const staged = await readTable(run.tableDir(stagedTable.name), stagedTable, "ORDER BY level, problem_id");
    expect(staged.map((r) => [r.level, r.problem_id, r.rule])).toEqual([
      ["at16k", "short", "m in (0,1) at 16k"],
      ["at32k", "long", "m in (0,1)"],
      ["at32k", "short", "m in (0,1)"],
    ]);
  });

  it("the paper preset with budgets grades L1/L2 at 16k and L3 at 24k, R1's drop at the sampled maximum", () => {
    const policy = compilePolicy("am-2504.00829-budgets");
    const [r1, b15, b7, b32] = ["r1", "1.5b", "7b", "32b"].map((r) => PAPER_ROLES[r as keyof typeof PAPER_ROLES]);
    expect([...policy.models].sort()).toEqual([r1, `${b15}@16384tok`, `${b7}@16384tok`, `${b32}@24576tok`].sort());
    expect(policy.levels.map((l) => l.rules.map((r) => r.name))).toEqual(compilePolicy("am-2504.00829").levels.map((l) => l.rules.map((r) => r.name)));
  });

  it("names the budget in default rule names, checks it, and is refused by adaptive sampling", () => {
    const policy = compilePolicy({ name: "p", roles: { m: M }, levels: [{ name: "a", rules: [{ when: { model: "m", in: "(0,1)", budget: 16_384 } }] }] });
    expect(policy.levels[0].rules[0].name).toBe("m@16384>0 & m@16384<1");
    expect(() => compilePolicy({ name: "p", roles: { m: M }, levels: [{ name: "a", rules: [{ when: { model: "m", gt: 0, budget: 0.5 } }] }] })).toThrow(
      "stage: policy p: levels[0].rules[0].when.budget: must be a whole number of tokens >= 1, got 0.5",
    );
    expect(() => adaptivePlan(policy, [M])).toThrow(
      'sample: adaptive sampling does not support policy p: rule "m@16384>0 & m@16384<1" of a reads a pass rate at a token budget (m@16384); use sampling.mode "full"',
    );
  });
});
