import { describe, expect, it } from "vitest";
import { renderJudge } from "../../../src/steps/report/render-judge.js";
import { wilsonInterval } from "../../../src/engines/judge/wilson-interval.js";
import type { JudgeAudit } from "../../../src/engines/judge/judge-audit.js";

const audit: JudgeAudit = {
  judge: { model: "org/judge", promptVersion: "v1", reviews: ["wrong_answer"], sampleCorrect: 0.05, passRates: "rule" },
  policy: "am-2504.00829",
  groups: [
    { source: "s", model: "m", rollouts: 10, ruleCorrect: 6, ruleRejected: 4, reviewed: 4, reversed: 1, upheld: 3, noOpinion: 0, correctSampled: 0, correctDisputed: 0,
      unparseableGoldRollouts: 0, unparseableGoldProblems: 0, rejectionsReversed: wilsonInterval(1, 4), falseNegativeRate: wilsonInterval(1, 7), falsePositiveRate: wilsonInterval(0, 0) },
  ],
  levelChanges: [{ source: "s", rule: "L2", judge: "L1,L2", problems: 1 }],
  problems: 3,
  problemsChanged: 1,
  disagreements: [{ source: "s", problem_id: "p", model: "m", sample_index: 0, rule_verdict: "wrong_answer", gold: "<b>1</b>", answer: "<script>x</script>", judge_opinion: "correct", judge_output: "CORRECT" }],
  disagreementsTotal: 1,
};

describe("renderJudge", () => {
  it("renders nothing without a judge", () => expect(renderJudge(undefined).value).toBe(""));

  it("shows the rates, the level changes and the disagreements, escaping the answers", () => {
    const page = renderJudge(audit).value;
    expect(page).toContain("14.3% [");
    expect(page).toContain("1 of 3 problems change with the judge");
    expect(page).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(page).not.toContain("<script>");
  });
});
