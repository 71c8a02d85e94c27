import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../../src/engines/policy/compile-policy.js";
import { evaluatePolicy } from "../../../src/engines/policy/evaluate-policy.js";
import { policyRequirements, testNeed } from "../../../src/engines/policy/policy-requirements.js";
import { stageDifficultyFile } from "../../../src/steps/stage/stage-file.js";
import { L, M, R1, S, readStaged, tempDir, writeJsonl } from "./helpers.js";

describe("truncation-aware staging", () => {
  const models = (l: { passes: number; truncation_rate: number }) => ({
    [R1]: { passes: 3, samples: 4 },
    [S]: { passes: 0, samples: 4 },
    [M]: { passes: 0, samples: 4 },
    [L]: { samples: 4, ...l },
  });

  it("keeps a problem the 32B failed only by the length limit apart from the truly hard ones", () => {
    const policy = compilePolicy({ preset: "am-2504.00829", truncation: "separate" });
    const limited = evaluatePolicy(policy, { problemId: "t", domain: "math", models: models({ passes: 0, truncation_rate: 1 }) });
    const hard = evaluatePolicy(policy, { problemId: "h", domain: "math", models: models({ passes: 0, truncation_rate: 0.5 }) });
    expect(limited).toEqual({ status: "truncated", levels: [{ level: "truncated", rule: "length-limited: 32b" }], missing: [] });
    expect(hard.levels).toEqual([{ level: "L3", rule: "32B=0" }]);
  });

  it("without the option, length-limited failures are failures", () => {
    const d = evaluatePolicy(compilePolicy("am-2504.00829"), { problemId: "t", domain: "math", models: models({ passes: 0, truncation_rate: 1 }) });
    expect(d.levels).toEqual([{ level: "L3", rule: "32B=0" }]);
  });

  it("the SQL stage writes the separate level", async () => {
    const dir = await tempDir();
    const rows = [R1, S, M, L].map((model) => ({ problem_id: "t", domain: "math", model, samples: 4, pass_rate: model === R1 ? 0.75 : 0, truncation_rate: model === L ? 1 : 0 }));
    const file = await writeJsonl(dir, "d.jsonl", rows);
    const result = await stageDifficultyFile({ difficulty: file, policy: { preset: "am-2504.00829", truncation: "separate" }, out: `${dir}/out` });
    expect((await readStaged(`${dir}/out`)).map((r) => [r.level, r.rule])).toEqual([["truncated", "length-limited: 32b"]]);
    expect(result.levels).toEqual({ L1: 0, L2: 0, L3: 0, truncated: 1 });
  });
});

describe("policyRequirements", () => {
  it("says what the paper's rules read of each model", () => {
    const needs = policyRequirements(compilePolicy("am-2504.00829")).map((r) => [r.role, r.need]);
    expect(needs).toEqual([
      ["r1", "solves"],
      ["1.5b", "category"],
      ["7b", "category"],
      ["32b", "solves"],
    ]);
  });

  it("needs exact rates for open-r1's band and exact passes for skywork", () => {
    expect(policyRequirements(compilePolicy("open-r1"))[0].need).toBe("exact");
    const sky = policyRequirements(compilePolicy("skywork-or1"))[0];
    expect([sky.need, sky.metrics]).toEqual(["exact", ["passes", "pass_rate"]]);
  });

  it("classifies single tests", () => {
    const t = (op: "=" | ">" | "<", value: number) => testNeed({ kind: "metric", model: "m", metric: "pass_rate", op, value });
    expect([t("=", 0), t(">", 0), t("=", 1), t("<", 1), t(">", 0.1)]).toEqual(["solves", "solves", "category", "category", "exact"]);
  });
});
