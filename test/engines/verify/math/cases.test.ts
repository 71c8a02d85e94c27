import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyMath } from "../../../../src/engines/verify/math/index.js";

/** test/fixtures/math-cases/cases.tsv: expected (Y/N/-), gold, prediction; "⏎" is a line break. */
const file = new URL("../../../fixtures/math-cases/cases.tsv", import.meta.url);
const cases = readFileSync(file, "utf8")
  .split("\n")
  .map((line, index) => ({ line, number: index + 1 }))
  .filter(({ line }) => line !== "" && !line.startsWith("#"))
  .map(({ line, number }) => {
    const [expected, gold, prediction = ""] = line.split("\t");
    return { number, expected, gold, prediction: prediction.replace(/⏎/g, "\n") };
  });

describe("verifyMath on the hand-written cases", () => {
  it("has at least 300 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it.each(cases)("line $number: $expected  $gold  ⟷  $prediction", ({ expected, gold, prediction }) => {
    const verdict = verifyMath(gold, prediction);
    const got = verdict.reason === "no_answer" ? "-" : verdict.correct ? "Y" : "N";
    expect({ got, reason: verdict.reason, extracted: verdict.extracted }).toMatchObject({ got: expected });
  });
});
