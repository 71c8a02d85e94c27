import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Problem } from "../../../schemas/problems.js";
import type { TokenCountsSetting } from "../../../src/engines/config/model-spec.js";
import { simChoice, type SimModel } from "../../../src/engines/sim/sim-completion.js";
import { latentDifficulty, type SimProblem } from "../../../src/engines/sim/sim-problems.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import type { SimProfileName } from "../../../src/engines/sim/sim-profiles.js";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { truncationCause } from "../../../src/steps/sample/token-counts.js";
import { runResolved } from "../run-resolved.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const model: SimModel = { name: "org/m", skill: 5, meanTokens: 120 };

interface RunOptions {
  profile: SimProfileName;
  problems: Problem[];
  samples: number;
  requestSize: number;
  maxTokens: number;
  tokenCounts?: TokenCountsSetting;
  contextTokens?: number;
  slots?: number;
}

async function sampled({ profile, problems, samples, requestSize, maxTokens, tokenCounts, contextTokens, slots = 16 }: RunOptions) {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  const bodies: Record<string, unknown>[] = [];
  const server = await startSimServer({ problems, models: [model], latency: 0, profile, slots, contextTokens, onRequest: (b) => bodies.push({ ...b }) });
  cleanups.push(() => server.close());
  const pipeline = { models: [{ id: model.name, endpoints: [server.url], concurrency: 4 }], sampling: { samples, requestSize, seed: 5, verifyThreads: 0, tokenCounts, params: { max_tokens: maxTokens } } };
  const result = await runResolved(sampleStep, context(run, pipeline));
  return { rows: await storedRollouts(run), bodies, result };
}

const simProblem = (p: Problem): SimProblem => ({ id: p.id, domain: p.domain, prompt: p.prompt, answer: p.answer, tests: null, solution: null, difficulty: latentDifficulty(p) });

/**
 * The sim's own token count of a stored sample: vLLM and SGLang draw choice j of a request from (seed, j);
 * llama.cpp draws it from (seed + j, 0) and cuts max_tokens to the context left after the prompt.
 */
function trueTokens(row: { problem_id: string; sample_index: number; seed: number | null; prompt_tokens: number | null }, o: RunOptions, requestSize: number): number {
  const problem = simProblem(o.problems.find((p) => p.id === row.problem_id)!);
  const j = row.sample_index % requestSize;
  const perSample = Number(row.seed);
  const room = o.contextTokens !== undefined ? Math.max(1, Math.min(o.maxTokens, o.contextTokens - row.prompt_tokens!)) : o.maxTokens;
  // llama.cpp and vLLM (V1) sample choice j with seed + j as choice 0; so do requests of one sample.
  if (o.profile === "llamacpp") return simChoice(model, problem, perSample, 0, room).tokens;
  return o.profile === "vllm" || o.tokenCounts === "per-sample-requests" ? simChoice(model, problem, perSample, 0, o.maxTokens).tokens : simChoice(model, problem, perSample - j, j, o.maxTokens).tokens;
}

describe("exact completion tokens per sample", () => {
  const problems = mathProblems(3);

  it("llama.cpp (usage covers choice 0 only): requests of one sample with seed + j, each count its usage, the same samples as n = k", async () => {
    const o: RunOptions = { profile: "llamacpp", problems, samples: 4, requestSize: 4, maxTokens: 600, slots: 4 };
    const { rows, bodies } = await sampled(o);
    expect(rows).toHaveLength(problems.length * 4);
    expect(bodies.every((b) => b.n === 1)).toBe(true);
    for (const row of rows) {
      expect(row.completion_tokens_source).toBe("usage");
      expect(row.completion_tokens).toBe(trueTokens(row, o, 4));
    }
    // The same samples as requests of n = 4 (llama.cpp samples choice j with seed + j), where the counts are unknown.
    const batched = await sampled({ ...o, tokenCounts: "response" });
    expect(batched.bodies.every((b) => b.n === 4)).toBe(true);
    const texts = (rs: typeof rows) => rs.map((r) => [r.problem_id, r.sample_index, r.seed, r.completion_sha256]);
    expect(texts(batched.rows)).toEqual(texts(rows));
    expect(batched.rows.every((r) => r.completion_tokens === null && r.completion_tokens_source === null)).toBe(true);
  });

  it("vLLM: asks return_token_ids and counts each choice's token ids", async () => {
    const o: RunOptions = { profile: "vllm", problems, samples: 4, requestSize: 4, maxTokens: 600 };
    const { rows, bodies } = await sampled(o);
    expect(bodies.every((b) => b.n === 4 && b.return_token_ids === true)).toBe(true);
    for (const row of rows) {
      expect(row.completion_tokens_source).toBe("token_ids");
      expect(row.completion_tokens).toBe(trueTokens(row, o, 4));
    }
  });

  it("SGLang with n > 1: null counts (never shared out), a note and the step's count of unknowns; per-sample-requests counts them", async () => {
    const o: RunOptions = { profile: "sglang", problems, samples: 4, requestSize: 4, maxTokens: 600 };
    const { rows, bodies, result } = await sampled(o);
    expect(bodies.every((b) => b.n === 4 && b.return_token_ids === undefined)).toBe(true);
    expect(rows.every((r) => r.completion_tokens === null && r.completion_tokens_source === null)).toBe(true);
    expect(result.notes).toContain(
      'sample: org/m: its server (sglang) reports no per-sample token counts for requests of 4 samples, so completion_tokens is null (unknown) for them; sampling.tokenCounts "per-sample-requests" counts every sample (requests of one sample)',
    );
    expect(result.notes!.find((n) => n.startsWith("sample: org/m: 12 rollouts"))).toContain("12 without a token count");
    const perSample: RunOptions = { ...o, tokenCounts: "per-sample-requests" };
    const exact = await sampled(perSample);
    expect(exact.bodies.every((b) => b.n === 1)).toBe(true);
    for (const row of exact.rows) {
      expect(row.completion_tokens_source).toBe("usage");
      expect(row.completion_tokens).toBe(trueTokens(row, perSample, 4));
    }
  });

  it("a server that ignores return_token_ids: null counts and a note saying so", async () => {
    const { rows, bodies, result } = await sampled({ profile: "sglang", problems, samples: 2, requestSize: 2, maxTokens: 300, tokenCounts: "token-ids" });
    expect(bodies.every((b) => b.return_token_ids === true)).toBe(true);
    expect(rows.every((r) => r.completion_tokens === null)).toBe(true);
    expect(result.notes).toContain(
      'sample: org/m: asked for return_token_ids, the server returned none for 6 samples of requests of several (vLLM before 0.10.2 ignores the field), so their completion_tokens is null; sampling.tokenCounts "per-sample-requests" counts every sample',
    );
  });

  it("llama.cpp with a small context: a sample cut by the context says so, one that used max_tokens says that", async () => {
    // Prompts are ~15 tokens; the context of 140 leaves ~125 of the 400 asked, silently (finish_reason "length").
    const cut = await sampled({ profile: "llamacpp", problems, samples: 4, requestSize: 4, maxTokens: 400, contextTokens: 140, slots: 4 });
    const lengths = cut.rows.filter((r) => r.finish_reason === "length");
    expect(lengths.length).toBeGreaterThan(0);
    for (const r of lengths) {
      expect(r.prompt_tokens! + r.completion_tokens!).toBe(140);
      expect(r.truncation).toBe("context");
    }
    expect(cut.rows.filter((r) => r.finish_reason !== "length").every((r) => r.truncation === null)).toBe(true);
    expect(cut.result.notes!.find((n) => n.startsWith("sample: org/m: 12 rollouts"))).toContain(`${lengths.length} truncated (${lengths.length} by the server's context, not max_tokens)`);
    const capped = await sampled({ profile: "llamacpp", problems, samples: 4, requestSize: 4, maxTokens: 60, contextTokens: 4000, slots: 4 });
    const hit = capped.rows.filter((r) => r.finish_reason === "length");
    expect(hit.length).toBeGreaterThan(0);
    for (const r of hit) expect([r.completion_tokens, r.truncation]).toEqual([60, "max_tokens"]);
  });

  it("truncation cause: null when the counts cannot tell", () => {
    expect(truncationCause("length", null, 10, 100, 50)).toBeNull();
    expect(truncationCause("length", 30, 10, 100, undefined)).toBeNull();
    expect(truncationCause("length", 30, null, 100, 40)).toBeNull();
    expect(truncationCause("length", 30, 10, 100, 40)).toBe("context");
    expect(truncationCause("length", 100, 10, 100, 40)).toBe("max_tokens");
    expect(truncationCause("stop", 100, 10, 100, 40)).toBeNull();
  });

  it("property: stored counts equal the sim's true counts on every profile, request size and max_tokens (null only where the server cannot say)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<SimProfileName>("vllm", "sglang", "llamacpp"),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 40, max: 400 }),
        fc.constantFrom<TokenCountsSetting | undefined>(undefined, "per-sample-requests", "response"),
        async (profile, samples, requestSize, maxTokens, tokenCounts) => {
          const o: RunOptions = { profile, problems: problems.slice(0, 2), samples, requestSize, maxTokens, tokenCounts, slots: 3 };
          const { rows } = await sampled(o);
          expect(rows).toHaveLength(2 * samples);
          const perSample = tokenCounts === "per-sample-requests" || (tokenCounts === undefined && profile === "llamacpp");
          const ids = tokenCounts === undefined && profile === "vllm";
          for (const row of rows) {
            // Unknown only from a request of several samples without token ids (a request of one is always counted).
            if (row.completion_tokens === null) {
              expect(perSample || ids || requestSize === 1).toBe(false);
              expect(row.completion_tokens_source).toBeNull();
              continue;
            }
            expect(row.completion_tokens_source).toBe(ids ? "token_ids" : "usage");
            expect(row.completion_tokens).toBe(trueTokens(row, o, requestSize));
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
