import { afterAll, describe, expect, it } from "vitest";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import { problemId } from "../../../src/core/problem-id.js";
import type { ProgressEvent } from "../../../src/core/progress.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const longPrompt = `Compute the sum of the following numbers. ${Array.from({ length: 400 }, (_, i) => i).join(" + ")}`;
const problems = [...mathProblems(6), { ...mathProblems(1)[0], prompt: longPrompt, id: problemId("math", longPrompt), source_id: "long" }];
const long = problems[6];
const failing = problems[2];
const model = { name: "m", skill: 5, meanTokens: 100 };

async function sample(onBadRequest?: "skip" | "stop") {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  // llama.cpp with a 300-token context: the long prompt does not fit; one problem always gets the same 500.
  const server = await startSimServer({ problems, models: [model], latency: 0, profile: "llamacpp", contextTokens: 300, failingProblems: [failing.id] });
  cleanups.push(() => server.close());
  const events: ProgressEvent[] = [];
  const pipeline = { models: [{ id: "m", endpoints: [server.url], concurrency: 2 }], sampling: { samples: 4, requestSize: 2, backoffMs: 1, cooldownMs: 10, verifyThreads: 0, params: { max_tokens: 800 }, ...(onBadRequest ? { onBadRequest } : {}) } };
  const result = await runResolved(sampleStep, context(run, pipeline, { progress: (e) => events.push(e) })).catch((e: Error) => e);
  return { run, result, events };
}

describe("per-problem request faults", () => {
  it("are skipped and recorded per (problem, model) with the server's message, never taking the endpoint out", async () => {
    const { run, result, events } = await sample();
    if (result instanceof Error) throw result;
    expect(result.counts.requests_skipped).toBe(4);
    const skipped = result.details!.skipped_requests as { problem_id: string; model: string; error: string }[];
    expect(skipped.filter((s) => s.problem_id === long.id)).toHaveLength(2);
    expect(skipped.find((s) => s.problem_id === long.id)!.error).toMatch(/rejected the request .*\(model m\): HTTP 400: request \(\d+ tokens\) exceeds the available context size \(300 tokens\), try increasing it/);
    expect(skipped.filter((s) => s.problem_id === failing.id)).toHaveLength(2);
    expect(skipped.find((s) => s.problem_id === failing.id)!.error).toMatch(/failed the request .*\(model m\) \d+ times while other requests succeed; last: HTTP 500: sim: internal error while generating for this prompt/);
    expect(result.notes!.some((n) => /^sample: m: 4 requests of 2 problems skipped, refused by the server for their problem/.test(n))).toBe(true);
    expect(events.some((e) => /down since/.test(e.message ?? ""))).toBe(false);
    const rows = await storedRollouts(run);
    expect(new Set(rows.map((r) => r.problem_id))).toEqual(new Set(problems.filter((p) => p !== long && p !== failing).map((p) => p.id)));
    expect(rows).toHaveLength(5 * 4);
  });

  it('stop the run with the server\'s message under sampling.onBadRequest "stop"', async () => {
    const { result } = await sample("stop");
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(/exceeds the available context size|8 times while other requests succeed/);
  });
});
