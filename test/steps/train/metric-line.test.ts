import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseMetricLine, validationScore } from "../../../src/steps/train/metric-line.js";
import { stageVerdict } from "../../../src/steps/train/stage-rule.js";
import { VAL_SCORE_PATTERN } from "../../../src/engines/config/curriculum-spec.js";

describe("parseMetricLine", () => {
  it("reads verl's console line, with Ray's prefix, and its validation score", () => {
    const line = "(TaskRunner pid=812) step:12 - actor/pg_loss:-0.013 - actor/entropy:nan - val-core/lighteval/MATH/reward/mean@1:0.42 - val-core/codecontests/reward/mean@1:0.3 - timing_s/gen:51.2";
    const parsed = parseMetricLine(line)!;
    expect(parsed.step).toBe(12);
    expect(parsed.metrics["actor/pg_loss"]).toBe(-0.013);
    expect(parsed.metrics["actor/entropy"]).toBeNaN();
    expect(validationScore(parsed, new RegExp(VAL_SCORE_PATTERN))).toBeCloseTo(0.36);
    expect(validationScore(parseMetricLine("step:3 - val/test_score/openai/gsm8k:0.8")!, new RegExp(VAL_SCORE_PATTERN))).toBe(0.8);
  });

  it("ignores lines that are not metrics lines", () => {
    for (const line of ["INFO: step:x", "Training Progress: 10%", "footstep:3 - a:1", ""]) expect(parseMetricLine(line)).toBeUndefined();
  });

  it("round-trips any metrics verl would print", () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_@/.-]{0,20}$/);
    fc.assert(
      fc.property(fc.nat(), fc.dictionary(key, fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v))), (step, metrics) => {
        const line = [`step:${step}`, ...Object.entries(metrics).map(([k, v]) => `${k}:${v}`)].join(" - ");
        expect(parseMetricLine(line)).toEqual({ step, metrics });
      }),
    );
  });
});

describe("stageVerdict", () => {
  const stop = { plateau: { window: 2, minGain: 0.01, metric: VAL_SCORE_PATTERN }, maxSteps: null };
  it("holds only once the last window fails to beat the best before it by minGain", () => {
    const scores = [0.1, 0.2, 0.3, 0.305, 0.302].map((score, step) => ({ step, score }));
    expect(stageVerdict(scores.slice(0, 4), 3, stop).advance).toBe(false);
    expect(stageVerdict(scores, 4, stop)).toMatchObject({ advance: true, reason: "plateau" });
  });
  it("holds when the step budget is spent", () => {
    expect(stageVerdict([], 99, { plateau: null, maxSteps: 100 }).advance).toBe(false);
    expect(stageVerdict([], 100, { plateau: null, maxSteps: 100 })).toMatchObject({ advance: true, reason: "max_steps" });
  });
});
