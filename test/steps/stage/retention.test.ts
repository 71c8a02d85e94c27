import { describe, expect, it } from "vitest";
import { stageDifficultyFile } from "../../../src/steps/stage/stage-file.js";
import { readStaged, tempDir, writeJsonl, L, M, R1, S, type DiffRow } from "./helpers.js";

/** Problems every model solves half the time: only L3's seeded draws decide which are kept there. */
function solvedTable(count: number, prefix: string): DiffRow[] {
  const rows: DiffRow[] = [];
  for (let i = 0; i < count; i++) {
    const domain = i % 2 ? "math" : "code";
    for (const model of [R1, S, M, L]) rows.push({ problem_id: `${prefix}${i}`, domain, model, samples: 4, passes: 2, pass_rate: 0.5 });
  }
  return rows;
}

describe("retention draws", () => {
  it("keep close to 50% of math and 10% of code that the 32B solves, the same set on a rerun", async () => {
    const dir = await tempDir();
    const file = await writeJsonl(dir, "d.jsonl", solvedTable(10_000, "prob-"));
    await stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/a`, shards: false });
    await stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/b`, shards: false });
    const a = (await readStaged(`${dir}/a`)).filter((r) => r.level === "L3");
    const b = (await readStaged(`${dir}/b`)).filter((r) => r.level === "L3");
    expect(b).toEqual(a);
    const math = a.filter((r) => r.domain === "math").length / 5_000;
    const code = a.filter((r) => r.domain === "code").length / 5_000;
    // 5 standard deviations of a binomial over 5k draws.
    expect(Math.abs(math - 0.5)).toBeLessThan(0.035);
    expect(Math.abs(code - 0.1)).toBeLessThan(0.021);
  });

  it("a different seed draws a different set of the same size", async () => {
    const dir = await tempDir();
    const file = await writeJsonl(dir, "d.jsonl", solvedTable(4_000, "q"));
    await stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/a`, shards: false });
    await stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/b`, shards: false, seed: "other" });
    const ids = async (out: string) => new Set((await readStaged(out)).filter((r) => r.level === "L3" && r.domain === "math").map((r) => r.problem_id));
    const [a, b] = [await ids(`${dir}/a`), await ids(`${dir}/b`)];
    const both = [...a].filter((id) => b.has(id)).length;
    expect(Math.abs(a.size - b.size)).toBeLessThan(200);
    // Independent draws overlap on about a quarter of the 2000 math problems, not all of them.
    expect(both).toBeLessThan(0.35 * 2000);
    expect(both).toBeGreaterThan(0.15 * 2000);
  });
});
