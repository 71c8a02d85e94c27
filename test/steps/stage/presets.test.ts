import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../../src/engines/policy/compile-policy.js";
import { evaluatePolicy } from "../../../src/engines/policy/evaluate-policy.js";
import { stageDifficultyFile } from "../../../src/steps/stage/stage-file.js";
import { M, S, readStaged, tempDir, writeJsonl } from "./helpers.js";

const levelsOf = (policyName: string, model: string, passes: number, samples: number, domain: "math" | "code" = "math") =>
  evaluatePolicy(compilePolicy(policyName), { problemId: "p", domain, models: { [model]: { passes, samples } } }).levels.map((l) => l.level);

describe("presets", () => {
  it("open-r1 keeps 0.1 < pass rate < 0.6 of the target model, both ends open", () => {
    expect(levelsOf("open-r1", S, 1, 10)).toEqual([]);
    expect(levelsOf("open-r1", S, 6, 10)).toEqual([]);
    expect(levelsOf("open-r1", S, 2, 16)).toEqual(["band"]);
    expect(levelsOf("open-r1", S, 9, 16)).toEqual(["band"]);
    expect(levelsOf("open-r1", S, 0, 16)).toEqual([]);
  });

  it("skywork-or1 keeps 1..15 correct of 16", () => {
    expect(levelsOf("skywork-or1", M, 0, 16)).toEqual([]);
    expect(levelsOf("skywork-or1", M, 1, 16)).toEqual(["kept"]);
    expect(levelsOf("skywork-or1", M, 15, 16)).toEqual(["kept"]);
    expect(levelsOf("skywork-or1", M, 16, 16)).toEqual([]);
  });

  it("reasoning360 puts every pass rate in exactly one bucket", () => {
    const buckets = [0, 1, 5, 6, 10, 11, 15, 16].map((p) => levelsOf("reasoning360", M, p, 16, "code"));
    expect(buckets).toEqual([["impossible"], ["hard"], ["hard"], ["medium"], ["medium"], ["easy"], ["easy"], ["perfect"]]);
  });

  it("a preset takes role overrides from the pipeline", async () => {
    const dir = await tempDir();
    const file = await writeJsonl(dir, "d.jsonl", [
      { problem_id: "a", domain: "math", model: "mine", samples: 10, pass_rate: 0.3 },
      { problem_id: "b", domain: "code", model: "mine", samples: 10, pass_rate: 0.7 },
    ]);
    await stageDifficultyFile({ difficulty: file, policy: { preset: "open-r1", roles: { target: "mine" } }, out: `${dir}/out` });
    expect((await readStaged(`${dir}/out`)).map((r) => [r.problem_id, r.level, r.policy])).toEqual([["a", "band", "open-r1"]]);
  });

  it("uses the mean score for code when the policy says so", () => {
    const policy = compilePolicy({ preset: "open-r1", codePassRate: "mean_score" });
    const code = evaluatePolicy(policy, { problemId: "c", domain: "code", models: { [S]: { passes: 0, samples: 4, mean_score: 0.4 } } });
    const math = evaluatePolicy(policy, { problemId: "m", domain: "math", models: { [S]: { passes: 0, samples: 4, mean_score: 0.4 } } });
    expect(code.levels.map((l) => l.level)).toEqual(["band"]);
    expect(math.levels).toEqual([]);
  });
});
