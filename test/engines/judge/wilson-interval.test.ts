import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { wilsonInterval } from "../../../src/engines/judge/wilson-interval.js";

describe("wilsonInterval", () => {
  it("matches published 95% intervals", () => {
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
  });

  it("has no estimate without observations, and refuses impossible counts", () => {
    expect(wilsonInterval(0, 0)).toEqual({ successes: 0, n: 0, rate: null, low: null, high: null });
    expect(() => wilsonInterval(3, 2)).toThrow("wilsonInterval: expected 0 <= successes <= n, got 3 of 2");
  });

  it("always holds the estimate inside [0, 1]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const e = wilsonInterval(Math.floor(share * n), n);
        expect(0 <= e.low! && e.low! <= e.rate! + 1e-12 && e.rate! <= e.high! + 1e-12 && e.high! <= 1).toBe(true);
      }),
    );
  });
});
