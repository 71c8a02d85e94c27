import { describe, expect, it } from "vitest";
import { pipelineProblems } from "../../../src/engines/config/validate-pipeline.js";
import { gradeStep } from "../../../src/steps/grade/grade-step.js";
import { hashedSettings, type StepContext } from "../../../src/steps/step.js";
import type { PipelineDefinition } from "../../../src/engines/config/pipeline-definition.js";
import { runResolved } from "../run-resolved.js";
import { disputedRun, verdictsOf } from "./judge-helpers.js";

const base = { name: "judged", sources: [{ path: "data/sample/math.jsonl" }] };
const judgeBlock = { model: "sim/judge", endpoints: ["sim://"], sim: { lenience: 0 } };

describe("verifier.judge in a pipeline", () => {
  it("is checked at load, naming the field", () => {
    expect(pipelineProblems({ ...base, verifier: { judge: judgeBlock } })).toEqual([]);
    expect(pipelineProblems({ ...base, verifier: { judge: { ...judgeBlock, reviews: ["correct"] } } })).toEqual([
      'verifier.judge.reviews[0]: expected one of "wrong_answer", "no_answer", "unparseable_gold", "partial", "truncated", got "correct"',
    ]);
    expect(pipelineProblems({ ...base, verifier: { judge: { ...judgeBlock, prompt: { version: "v1", user: "Is {answer} right?" } } } })).toEqual([
      "verifier.judge.prompt.user: the judge template needs {gold} and {answer} slots",
    ]);
    expect(pipelineProblems({ ...base, verifier: { judge: { ...judgeBlock, sampleCorect: 0.1 } } })).toEqual(['verifier.judge.sampleCorect: unknown field; did you mean "sampleCorrect"?']);
  });

  it("puts the judge's model, prompt version, reviews and pass-rate policy in grade's hash, not its endpoints or retries", () => {
    const hashOf = (judge: object) => JSON.stringify(hashedSettings(gradeStep, gradeStep.resolve({ ...base, verifier: { judge: { ...judgeBlock, ...judge } } } as PipelineDefinition, {})));
    expect(hashOf({ endpoints: ["http://127.0.0.1:9/v1"], concurrency: 3, maxAttempts: 2 })).toBe(hashOf({}));
    for (const change of [{ model: "other" }, { prompt: { version: "v2", user: "{gold} {answer}" } }, { reviews: ["wrong_answer"] }, { passRates: "judge" }, { sampleCorrect: 0.5 }]) {
      expect(hashOf(change)).not.toBe(hashOf({}));
    }
  });

  it("grade asks a sim:// judge once and reruns from the table", async () => {
    const run = await disputedRun();
    const pipeline = { ...base, runDir: run.dir, verifier: { judge: { ...judgeBlock, passRates: "judge" as const } } };
    const ctx: StepContext = { run, pipeline, progress: () => {} };
    const first = await runResolved(gradeStep, ctx);
    expect(first.counts).toMatchObject({ judge_candidates: 8, judge_requests: 2, judge_reversals_counted: 4 });
    const again = await runResolved(gradeStep, ctx);
    expect(again.counts).toMatchObject({ judge_candidates: 8, judge_stored: 8, judge_requests: 0 });
    expect((await verdictsOf(run)).filter((r) => r.opinion === "correct").map((r) => r.answer)).toEqual(["12.0", "12.0", "12.0", "12.0"]);

  });
});
