import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyMath } from "../../../../src/engines/verify/math/index.js";

/**
 * test/fixtures/math-cases/*.tsv: expected (Y/N/-), gold, prediction and, in differential.tsv, why; "⏎" is a
 * line break, `#` starts a comment line.
 */
const folder = new URL("../../../fixtures/math-cases/", import.meta.url);
const files = readdirSync(folder).filter((name) => name.endsWith(".tsv")).sort();

function readCases(name: string) {
  return readFileSync(new URL(name, folder), "utf8")
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line !== "" && !line.startsWith("#"))
    .map(({ line, number }) => {
      const [expected, gold, prediction = ""] = line.split("\t");
      return { number, expected, gold: gold.replace(/⏎/g, "\n"), prediction: prediction.replace(/⏎/g, "\n") };
    });
}

describe("verifyMath on the hand-written cases", () => {
  it("has at least 300 cases in cases.tsv and one file per kind", () => {
    expect(readCases("cases.tsv").length).toBeGreaterThanOrEqual(300);
    expect(files).toEqual(expect.arrayContaining(["answer-formats.tsv", "cases.tsv", "differential.tsv"]));
  });

  describe.each(files)("%s", (name) => {
    it.each(readCases(name))("line $number: $expected  $gold  ⟷  $prediction", ({ expected, gold, prediction }) => {
      expect(["Y", "N", "-"]).toContain(expected);
      const verdict = verifyMath(gold, prediction);
      const got = verdict.reason === "no_answer" ? "-" : verdict.correct ? "Y" : "N";
      expect({ got, reason: verdict.reason, extracted: verdict.extracted }).toMatchObject({ got: expected });
    });
  });
});
