import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ContaminationIndex } from "../../../src/steps/curate/contamination-index.js";

const VOCAB = Array.from({ length: 500 }, (_, i) => `t${i}`);
const words = (min: number, max: number) => fc.array(fc.constantFrom(...VOCAB), { minLength: min, maxLength: max });

describe("ContaminationIndex", () => {
  it("finds any 13-word window of an eval problem inside a training problem, case and spacing aside", () => {
    fc.assert(
      fc.property(words(13, 60), words(0, 20), words(0, 20), fc.nat(), (evalWords, before, after, start) => {
        const index = new ContaminationIndex(13);
        index.add("aime", "aime.jsonl:3", evalWords.join(" "));
        const from = start % (evalWords.length - 12);
        const window = evalWords.slice(from, from + 13);
        const training = [...before, ...window.map((w) => w.toUpperCase()), ...after].join("  \n ");
        const hit = index.find(training);
        expect(hit).toMatchObject({ evalSet: "aime", evalId: "aime.jsonl:3" });
        expect(hit!.ngram.split(" ")).toHaveLength(13);
        expect(evalWords.join(" ")).toContain(hit!.ngram);
      }),
      { numRuns: 100 },
    );
  });

  it("finds nothing when no 13 consecutive words are shared", () => {
    fc.assert(
      fc.property(words(13, 60), (evalWords) => {
        const index = new ContaminationIndex(13);
        index.add("aime", "1", evalWords.join(" "));
        // Every 12th word changed: no 13-word window survives.
        const training = evalWords.map((w, i) => (i % 12 === 11 ? `${w}z` : w)).join(" ");
        expect(index.find(training)).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });

  it("catches a short eval question copied whole, and honours n", () => {
    const index = new ContaminationIndex(13);
    index.add("gsm", "gsm:1", "What is 17 times 23?");
    expect(index.find("Quick one. what is 17 times   23? Show work.")).toMatchObject({ evalSet: "gsm", ngram: "what is 17 times 23?" });
    expect(index.find("What is 17 times 24?")).toBeUndefined();
    const eight = new ContaminationIndex(8);
    eight.add("m", "m:1", "one two three four five six seven eight nine ten");
    expect(eight.find("zero three four five six seven eight nine ten")?.ngram).toBe("three four five six seven eight nine ten");
  });
});
