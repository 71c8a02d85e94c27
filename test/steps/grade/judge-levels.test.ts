import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mulberry32 } from "../../../src/core/mulberry32.js";
import { openDuckDB } from "../../../src/core/duckdb.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import type { SimServer } from "../../../src/engines/sim/sim-server.js";
import { simJudgeOpinion } from "../../../src/engines/sim/sim-judge.js";
import { compilePolicy } from "../../../src/engines/policy/compile-policy.js";
import { evaluatePolicy, type ModelFacts } from "../../../src/engines/policy/evaluate-policy.js";
import { PAPER_ROLES } from "../../../src/engines/policy/builtin-policies.js";
import type { ResolvedJudge } from "../../../src/engines/judge/resolve-judge.js";
import { auditJudge } from "../../../src/engines/judge/judge-audit.js";
import { renderAudit } from "../../../src/engines/judge/render-audit.js";
import type { Problem } from "../../../schemas/problems.js";
import type { Rollout } from "../../../schemas/rollouts.js";
import { makeRun, problem, rollout } from "./helpers.js";
import { JUDGE, gradeWith, judgeOf, judgeRun, simJudge } from "./judge-helpers.js";

const MODELS = Object.values(PAPER_ROLES);
const SAMPLES = 4;
const LENIENCE = 0.3;
const policy = compilePolicy("am-2504.00829");

/** Math problems with integer golds; each model's samples are right, right in another spelling the rule missed, or wrong. */
function generate(seed: number): { problems: Problem[]; rollouts: Rollout[] } {
  const rng = new Mulberry32(seed);
  const problems = Array.from({ length: 40 }, (_, i) => problem(`p${String(i).padStart(2, "0")}`, "math", { answer: String(rng.int(2, 60)), source: i % 2 ? "odd" : "even" }));
  const rollouts: Rollout[] = [];
  for (const p of problems) {
    for (const [m, model] of MODELS.entries()) {
      const skill = 0.15 + 0.25 * m + 0.2 * (rng.next() - 0.5);
      for (let s = 0; s < SAMPLES; s++) {
        const u = rng.next();
        if (u < skill) rollouts.push(rollout(p.id, model, s, 1, { extracted: p.answer }));
        else if (u < skill + 0.15) rollouts.push(rollout(p.id, model, s, 0, { extracted: `${p.answer}.0` }));
        else if (u < skill + 0.2) rollouts.push(rollout(p.id, model, s, 0, { verdict: "no_answer", completion: `so the total is ${p.answer}` }));
        else rollouts.push(rollout(p.id, model, s, 0, { extracted: String(Number(p.answer) + rng.int(1, 5)) }));
      }
    }
  }
  return { problems, rollouts };
}

/** The staging outcome of every problem, from per-model facts, by the policy's TypeScript evaluator. */
function outcomes(facts: Map<string, Record<string, ModelFacts>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, models] of facts) {
    const d = evaluatePolicy(policy, { problemId: id, domain: "math", models });
    out.set(id, d.status === "staged" ? d.levels.map((l) => l.level).join(",") || "none" : d.status);
  }
  return out;
}

describe("grade and audit with the judge, against an independent computation", () => {
  let server: SimServer;
  let run: RunFolder;
  let judge: ResolvedJudge;
  const data = generate(11);
  const isReversed = (r: Rollout, gold: string) =>
    r.verdict !== "correct" && simJudgeOpinion({ name: JUDGE, lenience: LENIENCE }, gold, r.extracted ?? (r.completion as string)) === "correct";
  const gold = new Map(data.problems.map((p) => [p.id, p.answer as string]));
  const facts = (withJudge: boolean) => {
    const byProblem = new Map<string, Record<string, ModelFacts>>();
    for (const r of data.rollouts) {
      const models = byProblem.get(r.problem_id) ?? {};
      const f = (models[r.model] ??= { passes: 0, samples: 0 });
      f.samples++;
      if (r.score === 1 || (withJudge && isReversed(r, gold.get(r.problem_id)!))) f.passes++;
      byProblem.set(r.problem_id, models);
    }
    return byProblem;
  };

  beforeAll(async () => {
    ({ server } = await simJudge({ lenience: LENIENCE }));
    run = await makeRun(data);
    judge = judgeOf(server);
    await judgeRun(run, judge);
  });
  afterAll(() => server.close());

  for (const passRates of ["rule", "judge"] as const) {
    it(`pass rates with passRates "${passRates}" match the rollouts counted by hand`, async () => {
      const { rows } = await gradeWith(run, { ...judge, passRates });
      const expected = facts(passRates === "judge");
      expect(rows.map((r) => [r.problem_id, r.model, r.passes, r.samples])).toEqual(
        [...expected].flatMap(([id, models]) => Object.entries(models).map(([m, f]) => [id, m, f.passes, f.samples])).sort((a, b) => (`${a[0]}${a[1]}` < `${b[0]}${b[1]}` ? -1 : 1)),
      );
    });
  }

  it("the judge changes pass rates here (the test is not vacuous)", () => {
    expect(data.rollouts.filter((r) => isReversed(r, gold.get(r.problem_id)!)).length).toBeGreaterThan(20);
  });

  it("the audit's level changes equal the policy's outcomes with and without the judge, evaluated independently", async () => {
    const rule = outcomes(facts(false));
    const withJudge = outcomes(facts(true));
    const changed = [...rule.keys()].filter((id) => rule.get(id) !== withJudge.get(id));
    expect(changed.length).toBeGreaterThan(0);
    const connection = await openDuckDB();
    try {
      const audit = await auditJudge({ connection, run, judge, policy, limit: 0 });
      expect(audit.problems).toBe(rule.size);
      expect(audit.problemsChanged).toBe(changed.length);
      const transitions = new Map<string, number>();
      for (const id of changed) {
        const key = `${Number(id.slice(1)) % 2 ? "odd" : "even"} ${rule.get(id)} -> ${withJudge.get(id)}`;
        transitions.set(key, (transitions.get(key) ?? 0) + 1);
      }
      expect(new Map(audit.levelChanges.map((c) => [`${c.source} ${c.rule} -> ${c.judge}`, c.problems]))).toEqual(transitions);
      // Per source and model: reversed rejections, and every disagreement listed with both answers.
      const reversed = data.rollouts.filter((r) => isReversed(r, gold.get(r.problem_id)!));
      expect(audit.groups.reduce((sum, g) => sum + g.reversed, 0)).toBe(reversed.length);
      expect(audit.disagreementsTotal).toBe(reversed.length);
      expect(audit.disagreements).toHaveLength(reversed.length);
      for (const g of audit.groups) {
        expect(g.falseNegativeRate.n).toBe(g.reversed + g.ruleCorrect);
        expect(g.falseNegativeRate.low!).toBeLessThanOrEqual(g.falseNegativeRate.rate!);
        expect(g.falseNegativeRate.high!).toBeGreaterThanOrEqual(g.falseNegativeRate.rate!);
      }
      const text = renderAudit({ ...audit, disagreements: audit.disagreements.slice(0, 2) });
      expect(text).toContain(`${audit.problemsChanged} of ${audit.problems} problem(s) change`);
      expect(text).toContain(`Disagreements (2 of ${reversed.length}; --limit 0 lists all)`);
    } finally {
      connection.closeSync();
    }
  });
});
