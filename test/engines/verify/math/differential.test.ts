import { describe, expect, it } from "vitest";
import { makeMathPairs } from "../../../../bench/math-pairs.js";
import { mathVerifyVerdicts } from "../../../../bench/math-verify-reference.js";
import { verifyMath } from "../../../../src/engines/verify/math/index.js";
import { venvPython } from "../../../python-venv.js";

/** A small sample of the differential harness (npm run differential:math runs tens of thousands). */
const SAMPLE = 16;

describe("verifyMath against Math-Verify on generated pairs", () => {
  const pairs = makeMathPairs(SAMPLE, 2026);

  it("gives the label every generated pair was built with", () => {
    const wrong = pairs.filter((p) => (verifyMath(p.gold, p.response).correct ? "Y" : "N") !== (p.label === "Y" ? "Y" : "N"));
    expect(wrong).toEqual([]);
  });

  it("agrees with Math-Verify wherever Math-Verify reads the answer the way the label says", async () => {
    const theirs = await mathVerifyVerdicts(pairs, 1, venvPython());
    expect(theirs).toHaveLength(SAMPLE);
    const theirsRight = pairs.filter((p, i) => theirs[i].correct === (p.label === "Y"));
    // the harness pipes each pair to its own verdict: a shifted or broken runner scores near chance
    expect(theirsRight.length).toBeGreaterThanOrEqual(SAMPLE * 0.75);
    for (const pair of theirsRight) expect(verifyMath(pair.gold, pair.response).correct, pair.gold).toBe(pair.label === "Y");
  }, 60_000);
});
