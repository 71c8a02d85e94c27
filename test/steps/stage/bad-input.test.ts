import { describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import { stageDifficultyFile } from "../../../src/steps/stage/stage-file.js";
import { compilePolicy } from "../../../src/engines/policy/compile-policy.js";
import { problemRows, tempDir, writeJsonl, M } from "./helpers.js";

async function stageRows(rows: unknown[]) {
  const dir = await tempDir();
  const file = await writeJsonl(dir, "d.jsonl", rows);
  const run = stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/out` });
  return { dir, file, run };
}

const good = [...problemRows("a", "math", 4, { r1: 4, s: 2, m: 2, l: 0 }), ...problemRows("b", "code", 4, { r1: 4, s: 0, m: 4, l: 1 })];

describe("stage rejects bad input before writing anything", () => {
  it("names the file, line and field of a pass rate outside [0, 1]", async () => {
    const { file, run, dir } = await stageRows([...good.slice(0, 5), { ...good[5], pass_rate: 1.25 }, ...good.slice(6)]);
    await expect(run).rejects.toThrow(`${file}:6: problem b, model ${good[5].model}: pass_rate must be in [0, 1], got 1.25`);
    await expect(readdir(`${dir}/out`)).rejects.toThrow(/ENOENT/);
  });

  it("rejects zero samples", async () => {
    const { file, run } = await stageRows([{ ...good[0], samples: 0, passes: 0, pass_rate: 0 }, ...good.slice(1)]);
    await expect(run).rejects.toThrow(`${file}:1: problem a, model ${good[0].model}: samples must be >= 1, got 0`);
  });

  it("names a model the rules need and the problems it affects", async () => {
    const { run, dir } = await stageRows(good.filter((r) => r.model !== M));
    await expect(run).rejects.toThrow(`model "${M}" (role 7b): no rows for 2 problem(s), e.g. a, b`);
    await expect(readdir(`${dir}/out`).then((f) => f.filter((x) => x !== ".")).catch(() => [])).resolves.toEqual([]);
  });

  it("rejects a (problem, model) given twice", async () => {
    const { run } = await stageRows([...good, good[0]]);
    await expect(run).rejects.toThrow(/1 \(problem, model\) pair\(s\) appear more than once/);
  });

  it("rejects a line that is not JSON, with its line number", async () => {
    const dir = await tempDir();
    const file = await writeJsonl(dir, "d.jsonl", [good[0]]);
    const { appendFile } = await import("node:fs/promises");
    await appendFile(file, "{oops\n");
    await expect(stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/out` })).rejects.toThrow(`stage: ${file}:2: not valid JSON`);
  });

  it("rejects an unknown policy, listing the built-ins", () => {
    expect(() => compilePolicy("am-2025")).toThrow('stage: unknown policy "am-2025" (built in: am-2504.00829, am-2504.00829-budgets, open-r1, skywork-or1, reasoning360)');
  });

  it("rejects a rule naming an unknown metric, with its path", () => {
    expect(() => compilePolicy({ name: "mine", levels: [{ name: "A", rules: [{ when: { all: [{ model: "x", eq: 0 }, { model: "x", metric: "accuracy" as never, gt: 0 }] } }] }] })).toThrow(
      'stage: policy mine: levels[0].rules[0].when.all[1].metric: unknown metric "accuracy" (metrics: pass_rate, mean_score, samples, passes, truncation_rate)',
    );
  });

  it("rejects a malformed interval and a retention outside (0, 1]", () => {
    expect(() => compilePolicy({ name: "p", levels: [{ name: "A", rules: [{ when: { model: "x", in: "0..1" } }] }] })).toThrow('levels[0].rules[0].when.in: expected an interval such as "(0,1)"');
    expect(() => compilePolicy({ name: "p", levels: [{ name: "A", rules: [{ when: { model: "x", gt: 0 }, keep: 1.5 }] }] })).toThrow("levels[0].rules[0].keep: must be a fraction in (0, 1], got 1.5");
  });
});
