import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MinHasher, signatureSimilarity } from "../../../src/engines/near-dup/minhash.js";
import { NearDupIndex } from "../../../src/engines/near-dup/near-dup-index.js";
import { shingleHashes } from "../../../src/engines/near-dup/shingles.js";
import { candidateProbability, lshParams } from "../../../src/engines/near-dup/lsh-params.js";

const VOCAB = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}`);
const hasher = new MinHasher(128);
const sig = (text: string, kind: "word" | "char" = "word", size = 3) => hasher.signature(shingleHashes(text, kind, size));
const words = (min: number, max: number) => fc.array(fc.constantFrom(...VOCAB), { minLength: min, maxLength: max });

describe("MinHash + LSH near-dup index", () => {
  it("catches a long problem with one word changed", () => {
    fc.assert(
      fc.property(words(200, 300), fc.nat(), fc.constantFrom(...VOCAB), (text, at, replacement) => {
        const index = new NearDupIndex(128, 0.85);
        index.add(sig(text.join(" ")));
        const changed = [...text];
        changed[at % changed.length] = `${replacement}x`;
        const match = index.query(sig(changed.join(" ")));
        expect(match?.item).toBe(0);
        expect(match!.similarity).toBeGreaterThanOrEqual(0.85);
      }),
      { numRuns: 60 },
    );
  });

  it("does not match two unrelated problems", () => {
    fc.assert(
      fc.property(words(8, 80), words(8, 80), (a, b) => {
        const index = new NearDupIndex(128, 0.85);
        index.add(sig(a.join(" ")));
        expect(index.query(sig(b.map((w) => `${w}y`).join(" ")))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it("matches the most similar of many indexed items, across table growth", () => {
    const index = new NearDupIndex(128, 0.85);
    const texts = Array.from({ length: 5000 }, (_, i) => `problem ${i} asks for the value of ${i * 7} plus ${i * 13} in base ${2 + (i % 9)}`);
    for (const text of texts) if (!index.query(sig(text))) index.add(sig(text));
    expect(index.size).toBeGreaterThan(4000);
    const probe = index.query(sig(texts[4321]!));
    expect(probe?.similarity).toBe(1);
  });

  it("estimates Jaccard similarity within a few points", () => {
    const a = VOCAB.slice(0, 400).join(" ");
    const b = VOCAB.slice(100, 500).join(" ");
    // 3-shingles: 398 each, 298 shared -> J = 298 / 498
    expect(Math.abs(signatureSimilarity(sig(a), sig(b)) - 298 / 498)).toBeLessThan(0.1);
  });

  it("treats symbols as tokens, so changed math notation changes shingles", () => {
    expect(signatureSimilarity(sig("x^2+1=0"), sig("x ^ 2 + 1 = 0"))).toBe(1);
    expect(signatureSimilarity(sig("x^2+1=0"), sig("x^3+1=0"))).toBeLessThan(0.85);
  });

  it("supports character shingles", () => {
    const text = "Find all real numbers x such that x squared minus five x plus six equals zero, and give their sum.";
    expect(signatureSimilarity(sig(text, "char", 5), sig(text.replace("six", "sex"), "char", 5))).toBeGreaterThan(0.8);
  });

  it("chooses bands whose S-curve is steep around the threshold", () => {
    const { bands, rows } = lshParams(0.85, 128);
    expect(bands * rows).toBeLessThanOrEqual(128);
    expect(candidateProbability(0.9, bands, rows)).toBeGreaterThan(0.99);
    expect(candidateProbability(0.4, bands, rows)).toBeLessThan(0.05);
  });
});
