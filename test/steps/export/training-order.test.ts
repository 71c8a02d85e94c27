import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { trainingOrder } from "../../../src/steps/export/training-order.js";
import { planMix } from "../../../src/steps/export/mix-plan.js";

const items = (math: number, code: number) => [
  ...Array.from({ length: math }, (_, i) => ({ id: `m${i}`, domain: "math" as const })),
  ...Array.from({ length: code }, (_, i) => ({ id: `c${i}`, domain: "code" as const })),
];

/** Rows in the given ratio give a plan that uses them all; this generator builds such inputs. */
const mixedCase = fc
  .record({ batch: fc.integer({ min: 2, max: 160 }), math: fc.integer({ min: 1, max: 9 }), code: fc.integer({ min: 1, max: 9 }), batches: fc.integer({ min: 1, max: 12 }), tail: fc.integer({ min: 0, max: 159 }), seed: fc.integer() })
  .map((c) => {
    const share = c.math / (c.math + c.code);
    const total = c.batches * c.batch + (c.tail % c.batch);
    const mathRows = Math.round(total * share);
    return { ...c, share, mathRows, codeRows: total - mathRows };
  });

describe("trainingOrder", () => {
  it("holds the ratio within one prompt in every batch and puts every problem in exactly once", () => {
    fc.assert(
      fc.property(mixedCase, ({ batch, math, code, share, mathRows, codeRows, seed }) => {
        const order = trainingOrder(items(mathRows, codeRows), { stage: "s", seed, batchSize: batch, mix: { math, code, onShortfall: "shorten" } });
        const ids = order.items.map((i) => i.id);
        const mathIn = new Map<number, number>();
        const sizeOf = new Map<number, number>();
        order.items.forEach((item, i) => {
          const b = order.batchOf[i];
          sizeOf.set(b, (sizeOf.get(b) ?? 0) + 1);
          if (item.domain === "math") mathIn.set(b, (mathIn.get(b) ?? 0) + 1);
        });
        const off = [...sizeOf].filter(([b, size]) => Math.abs((mathIn.get(b) ?? 0) - size * share) >= 1);
        expect(off).toEqual([]);
        expect(order.batchOf.every((b, i) => b === Math.floor(i / batch))).toBe(true);
        // Rows in proportion: nothing is left out, and each problem appears exactly once.
        expect(order.leftOut).toEqual([]);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(mathRows + codeRows);
      }),
      { numRuns: 200 },
    );
  });

  it("shortened to the full batches the rows fill, every batch still holds the ratio and no problem repeats", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 2, max: 64 }), fc.double({ min: 0.2, max: 5, noNaN: true }), (m, c, batch, ratio) => {
        const share = ratio / (ratio + 1);
        let order;
        try {
          order = trainingOrder(items(m, c), { stage: "s", seed: 3, batchSize: batch, mix: { math: ratio, code: 1, onShortfall: "shorten" } });
        } catch (error) {
          expect((error as Error).message).toMatch(/fill 0 full batches/);
          return;
        }
        const ids = order.items.map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length + order.leftOut.length).toBe(m + c);
        for (let b = 0; b * batch < ids.length; b++) {
          const slice = order.items.slice(b * batch, (b + 1) * batch);
          expect(Math.abs(slice.filter((i) => i.domain === "math").length - slice.length * share)).toBeLessThan(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same order on rerun and another order with another seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 300 }), fc.integer(), (n, seed) => {
        const rows = items(Math.ceil(n * 0.68), Math.floor(n * 0.32));
        const options = { stage: "s", batchSize: 16, mix: { math: 2.1, code: 1, onShortfall: "shorten" as const } };
        const a = trainingOrder(rows, { ...options, seed }).items.map((i) => i.id);
        const b = trainingOrder([...rows].reverse(), { ...options, seed }).items.map((i) => i.id);
        const c = trainingOrder(rows, { ...options, seed: seed + 1 }).items.map((i) => i.id);
        expect(b).toEqual(a);
        expect(c).not.toEqual(a);
      }),
      { numRuns: 50 },
    );
  });

  it("puts the paper's 87 math and 41 code prompts in every batch of 128 at 2.1:1", () => {
    const order = trainingOrder(items(87 * 10, 41 * 10), { stage: "s", seed: 1, batchSize: 128, mix: { math: 2.1, code: 1, onShortfall: "error" } });
    for (let b = 0; b < 10; b++) {
      expect(order.items.slice(b * 128, b * 128 + 128).filter((i) => i.domain === "math")).toHaveLength(87);
    }
  });

  it("says how many full batches the rows fill when the ratio cannot be held, and shortens when asked", () => {
    const rows = items(1000, 100);
    expect(() => trainingOrder(rows, { stage: "stage1", seed: 0, batchSize: 128, mix: { math: 2.1, code: 1, onShortfall: "error" } })).toThrow(
      'export: stage "stage1": the ratio cannot be held with the rows available: 1000 math and 100 code rows fill 2 full batches of 128 at math:code 2.1:1 (87 math + 41 code per batch, within one prompt). Set mix.onShortfall to "shorten" to write those 2 batches, or change the ratio.',
    );
    const short = trainingOrder(rows, { stage: "stage1", seed: 0, batchSize: 128, mix: { math: 2.1, code: 1, onShortfall: "shorten" } });
    expect(short.items).toHaveLength(256);
    expect(short.leftOut).toHaveLength(1100 - 256);
    expect(short.warnings[0]).toMatch(/shortened to 2 full batches/);
    expect(() => trainingOrder(items(10, 0), { stage: "s", seed: 0, batchSize: 8, mix: { math: 2, code: 1, onShortfall: "shorten" } })).toThrow(/fill 0 full batches.*Lower the batch size or change the ratio/);
  });

  it("plans a trailing partial batch that still holds the ratio", () => {
    const plan = planMix(70, 35, 30, { math: 2, code: 1 });
    expect(plan).toMatchObject({ sizes: [30, 30, 30, 15], math: [20, 20, 20, 10], complete: true });
  });
});
