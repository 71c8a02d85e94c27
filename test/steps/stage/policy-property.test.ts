import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { stageDifficultyFile } from "../../../src/steps/stage/stage-file.js";
import { compilePolicy } from "../../../src/engines/policy/compile-policy.js";
import { evaluatePolicy } from "../../../src/engines/policy/evaluate-policy.js";
import { draw, readStaged, tempDir, writeJsonl, L, M, R1, S, type DiffRow } from "./helpers.js";

interface Problem {
  id: string;
  domain: "math" | "code";
  samples: number;
  passes: [number, number, number, number]; // r1, 1.5B, 7B, 32B
}

/** The paper's rules written out plainly, independent of the policy engine. */
function reference(p: Problem): { level: string; rule: string }[] {
  const rate = p.passes.map((x) => x / p.samples);
  const [r1, s, m, l] = rate;
  const inside = (x: number) => x > 0 && x < 1;
  if (r1 === 0) return [];
  const out: { level: string; rule: string }[] = [];
  if (inside(s)) out.push({ level: "L1", rule: "1.5B in (0,1)" });
  if (s === 0 && m === 1) out.push({ level: "L2", rule: "1.5B=0 & 7B=1" });
  else if (s === 0 && inside(m)) out.push({ level: "L2", rule: "1.5B=0 & 7B in (0,1)" });
  else if (inside(s) && inside(m)) out.push({ level: "L2", rule: "1.5B in (0,1) & 7B in (0,1)" });
  if (l === 0) out.push({ level: "L3", rule: "32B=0" });
  else if (p.domain === "math" && draw("am-2504.00829", p.id) < 0.5) out.push({ level: "L3", rule: "32B>0 math 50%" });
  else if (p.domain === "code" && draw("am-2504.00829", p.id) < 0.1) out.push({ level: "L3", rule: "32B>0 code 10%" });
  return out;
}

const problemArb = fc
  .record({ id: fc.stringMatching(/^[a-z0-9]{1,12}$/), domain: fc.constantFrom("math" as const, "code" as const), samples: fc.integer({ min: 1, max: 8 }) })
  .chain((p) =>
    fc.tuple(fc.integer({ min: 0, max: p.samples }), fc.integer({ min: 0, max: p.samples }), fc.integer({ min: 0, max: p.samples }), fc.integer({ min: 0, max: p.samples })).map((passes) => ({ ...p, passes }) as Problem),
  );
const tableArb = fc.uniqueArray(problemArb, { selector: (p) => p.id, minLength: 1, maxLength: 40 });

const rowsOf = (problems: Problem[]): DiffRow[] =>
  problems.flatMap((p) => [R1, S, M, L].map((model, i) => ({ problem_id: p.id, domain: p.domain, model, samples: p.samples, passes: p.passes[i], pass_rate: p.passes[i] / p.samples })));

describe("the paper's policy against a plain implementation", () => {
  it("evaluatePolicy agrees on random problems", () => {
    const policy = compilePolicy("am-2504.00829");
    fc.assert(
      fc.property(problemArb, (p) => {
        const models = Object.fromEntries([R1, S, M, L].map((m, i) => [m, { passes: p.passes[i], samples: p.samples }]));
        expect(evaluatePolicy(policy, { problemId: p.id, domain: p.domain, models }).levels).toEqual(reference(p));
      }),
      { numRuns: 2000 },
    );
  });

  it("the SQL stage agrees on random tables", async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, async (problems) => {
        const dir = await tempDir();
        const file = await writeJsonl(dir, "d.jsonl", rowsOf(problems));
        await stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/out`, shards: false });
        const got = (await readStaged(`${dir}/out`)).map(({ problem_id, level, rule }) => `${level}|${problem_id}|${rule}`).sort();
        const want = problems.flatMap((p) => reference(p).map((r) => `${r.level}|${p.id}|${r.rule}`)).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: 15 },
    );
  });
});
