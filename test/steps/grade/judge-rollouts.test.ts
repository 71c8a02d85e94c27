import { afterEach, describe, expect, it } from "vitest";
import type { SimServer } from "../../../src/engines/sim/sim-server.js";
import { simJudgeOpinion } from "../../../src/engines/sim/sim-judge.js";
import { LlmServerError } from "../../../src/core/errors.js";
import { makeRun, problem, rollout } from "./helpers.js";
import { JUDGE, gradeWith, judgeOf, judgeRun, simJudge, verdictsOf } from "./judge-helpers.js";

const A = "org/model-a";
const servers: SimServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
async function started(...args: Parameters<typeof simJudge>) {
  const judge = await simJudge(...args);
  servers.push(judge.server);
  return judge;
}

/** One rollout of every kind the judge must tell apart. */
function mixedRun() {
  return makeRun({
    problems: [problem("p1", "math", { answer: "\\frac{1}{2}" }), problem("p2", "math", { answer: "7" }), problem("p3", "code"), problem("p4", "math", { answer: "x^2" })],
    rollouts: [
      rollout("p1", A, 0, 1, { extracted: "\\frac{1}{2}" }),
      rollout("p1", A, 1, 0, { extracted: "\\dfrac{1}{2}" }),
      rollout("p1", A, 2, 0, { verdict: "no_answer", completion: "<think>hmm</think>\nThe answer is one half." }),
      rollout("p1", A, 3, 0, { verdict: "truncated", finish_reason: "length", extracted: "0.5" }),
      rollout("p2", A, 0, 0, { verdict: "timeout", extracted: "7" }),
      rollout("p2", A, 1, 0, { extracted: "8" }),
      rollout("p2", A, 2, 0, { verdict: "no_answer" }),
      rollout("p3", A, 0, 0, { verdict: "wrong_answer", extracted: "print(1)" }),
      rollout("p4", A, 0, 0, { verdict: "unparseable_gold", extracted: "x**2" }),
    ],
  });
}

describe("judgeRollouts against the simulated judge", () => {
  it("sends only the chosen verdicts of math problems, one request per distinct answer", async () => {
    const run = await mixedRun();
    const { server, asked, problems } = await started();
    const result = await judgeRun(run, judgeOf(server));
    expect(problems.sort()).toEqual(["Problem p1", "Problem p1", "Problem p2", "Problem p4"]);
    // wrong_answer, no_answer (with a kept completion) and unparseable_gold of math problems; not correct, truncated, timeout, code.
    expect(asked.sort((a, b) => (a.answer < b.answer ? -1 : 1))).toEqual([
      { gold: "7", answer: "8" },
      { gold: "\\frac{1}{2}", answer: "The answer is one half." },
      { gold: "\\frac{1}{2}", answer: "\\dfrac{1}{2}" },
      { gold: "x^2", answer: "x**2" },
    ]);
    expect(result).toMatchObject({ candidates: 4, requests: 4, judged: 4, cacheHits: 0, unreviewable: 1 });
    const rows = await verdictsOf(run);
    expect(rows.map((r) => [r.problem_id, r.sample_index, r.rule_verdict, r.reviewed_because, r.answer_kind])).toEqual([
      ["p1", 1, "wrong_answer", "rule_rejected", "extracted"],
      ["p1", 2, "no_answer", "rule_rejected", "response"],
      ["p2", 1, "wrong_answer", "rule_rejected", "extracted"],
      ["p4", 0, "unparseable_gold", "rule_rejected", "extracted"],
    ]);
    for (const r of rows) expect(r.opinion).toBe(simJudgeOpinion({ name: JUDGE }, r.gold, r.answer));
  });

  it("reviews the verdicts it is told to, and a sampled share of correct ones", async () => {
    const run = await mixedRun();
    const { server, asked } = await started();
    await judgeRun(run, judgeOf(server, { reviews: ["truncated"], sampleCorrect: 1 }));
    expect(asked.map((a) => a.answer).sort()).toEqual(["0.5", "\\frac{1}{2}"]);
    expect((await verdictsOf(run)).map((r) => r.reviewed_because).sort()).toEqual(["correct_sample", "rule_rejected"]);
  });

  it("asks nothing on a rerun, and copies a known answer's opinion to a new rollout (cache hit)", async () => {
    const run = await mixedRun();
    const { server, asked } = await started();
    const judge = judgeOf(server);
    await judgeRun(run, judge);
    asked.length = 0;
    expect(await judgeRun(run, judge)).toMatchObject({ candidates: 4, stored: 4, requests: 0, cacheHits: 0 });
    const { writeParquetPart } = await import("../../../src/core/table-store.js");
    const { rolloutsTable } = await import("../../../schemas/rollouts.js");
    await writeParquetPart(run.tableDir("rollouts"), rolloutsTable, [rollout("p2", "org/model-b", 0, 0, { extracted: "8" })], { partition: "org/model-b" });
    expect(await judgeRun(run, judge)).toMatchObject({ candidates: 5, stored: 4, requests: 0, cacheHits: 1 });
    expect(asked).toEqual([]);
    const copied = (await verdictsOf(run)).find((r) => r.model === "org/model-b")!;
    expect(copied).toMatchObject({ cached: true, endpoint: null, opinion: simJudgeOpinion({ name: JUDGE }, "7", "8") });
    // A new prompt version is a new cache: everything is asked again.
    expect(await judgeRun(run, { ...judge, prompt: { ...judge.prompt, version: "v2" } })).toMatchObject({ requests: 4, cacheHits: 0 });
  });

  it("retries injected server faults and stores only real answers", async () => {
    const run = await mixedRun();
    const { server } = await started({}, { faults: { rate: 0.5, kinds: { error_500: 1, garbage: 1, reset: 1, queue_full: 1, stall: 0 }, retryAfterS: 0, seed: 3 } });
    const result = await judgeRun(run, judgeOf(server, { maxAttempts: 30, concurrency: 2 }));
    expect(result.retries).toBeGreaterThan(0);
    expect(server.stats().faults).not.toEqual({ error_500: 0, reset: 0, stall: 0, garbage: 0, queue_full: 0 });
    const rows = await verdictsOf(run);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.opinion).toBe(simJudgeOpinion({ name: JUDGE }, r.gold, r.answer));
  });

  it("stops with the server's failure when faults outlast the attempts, storing nothing for it", async () => {
    const run = await mixedRun();
    const { server } = await started({}, { faults: { rate: 1, kinds: { error_500: 1, garbage: 0, reset: 0, queue_full: 0, stall: 0 } } });
    const judge = judgeOf(server, { maxAttempts: 2 });
    // The up-front /models check passes (faults hit completions only); every completion fails.
    const failure = judgeRun(run, judge);
    await expect(failure).rejects.toBeInstanceOf(LlmServerError);
    await expect(failure).rejects.toThrow(/^judge: no endpoint of model test\/judge answered POST …\/chat\/completions for judge of org\/model-a sample \d after 2 attempts; last error from http:\/\/127\.0\.0\.1:\d+\/v1: HTTP 500: sim: injected internal server error$/);
    expect(await verdictsOf(run)).toEqual([]);
  });

  it("stores a request the server refuses (4xx) as no_opinion with the refusal, without retrying it", async () => {
    const run = await mixedRun();
    const { server, asked } = await started();
    const result = await judgeRun(run, judgeOf(server, { prompt: { version: "bare", user: "Is {answer} the same as {gold}?" } }));
    expect(result).toMatchObject({ requests: 4, retries: 0 });
    const rows = await verdictsOf(run);
    expect(rows.map((r) => [r.opinion, r.judge_output])).toEqual(Array(4).fill(["no_opinion", expect.stringMatching(/^refused: .*a judge prompt needs <gold> and <answer> blocks$/)]));
    expect(asked).toHaveLength(0);
  });

  it("stores a malformed judge answer as no_opinion, which never counts as a pass", async () => {
    const run = await mixedRun();
    const { server } = await started({ malformedRate: 1, lenience: 1 });
    const judge = judgeOf(server, { passRates: "judge" });
    await judgeRun(run, judge);
    expect(new Set((await verdictsOf(run)).map((r) => r.opinion))).toEqual(new Set(["no_opinion"]));
    const withJudge = await gradeWith(run, judge);
    const ruleAlone = await gradeWith(run);
    expect(withJudge.rows).toEqual(ruleAlone.rows);
    expect(withJudge.result.judgeReversals).toBe(0);
  });
});
