import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import { CHARS_PER_TOKEN } from "../../../src/engines/sim/sim-completion.js";
import type { SimProfileName } from "../../../src/engines/sim/sim-profiles.js";
import { buildMessages } from "../../../src/core/prompt-template.js";
import { computeStats } from "../../../src/engines/stats/compute-stats.js";
import { writeParquetPart } from "../../../src/core/table-store.js";
import { rolloutsTable } from "../../../schemas/rollouts.js";
import { context, mathProblems, storedRollouts, tempRun } from "../sample/helpers.js";
import { runResolved } from "../run-resolved.js";
import { makeRun, problem, rollout } from "../grade/helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const problems = mathProblems(4);
const model = { name: "org/m", skill: 5, meanTokens: 80 };
/** The sim's usage.prompt_tokens of a chat request for a problem: its user text at CHARS_PER_TOKEN. */
const promptTokensOf = (p: (typeof problems)[number]) => Math.ceil(buildMessages(p).find((m) => m.role === "user")!.content.length / CHARS_PER_TOKEN);

/** 8 samples per problem in requests of 4; the llama.cpp profile with 2 slots splits each into 2 chunks of 2. */
async function sampled(profile: SimProfileName, slots?: number, tokenCounts?: "response") {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  const server = await startSimServer({ problems, models: [model], latency: 0, profile, slots });
  cleanups.push(() => server.close());
  const pipeline = { models: [{ id: model.name, endpoints: [server.url], concurrency: 2 }], sampling: { samples: 8, requestSize: 4, seed: 5, ...(tokenCounts ? { tokenCounts } : {}), verifyThreads: 0, params: { max_tokens: 600 } } };
  const result = await runResolved(sampleStep, context(run, pipeline));
  return { run, rows: await storedRollouts(run), progress: (result.details!.models as Record<string, { prompt_tokens: number }>)[model.name] };
}

describe("prompt tokens, once per request", () => {
  it.each([
    { profile: "vllm", slots: undefined, requestLength: 4, label: "vLLM, requests of 4" },
    { profile: "llamacpp", slots: 2, requestLength: 2, tokenCounts: "response", label: "llama.cpp with 2 slots, each request in 2 chunks of 2" },
    { profile: "llamacpp", slots: 2, requestLength: 1, tokenCounts: undefined, label: "llama.cpp, requests of one sample for exact token counts" },
  ] as const)("$label: rows carry the start of their request (chunk); stats and progress count each request's prompt once", async ({ profile, slots, requestLength, ...rest }) => {
    const { run, rows, progress } = await sampled(profile, slots, "tokenCounts" in rest ? rest.tokenCounts : undefined);
    expect(rows).toHaveLength(problems.length * 8);
    for (const row of rows) expect(row.request_start).toBe(row.sample_index - (row.sample_index % requestLength));
    const requests = 8 / requestLength;
    const expected = problems.reduce((sum, p) => sum + requests * promptTokensOf(p), 0);
    // Every row still carries its request's usage.prompt_tokens: summed per sample it would be 8 per problem.
    expect(rows.reduce((sum, r) => sum + (r.prompt_tokens ?? 0), 0)).toBe(problems.reduce((sum, p) => sum + 8 * promptTokensOf(p), 0));
    const [stats] = (await computeStats(run)).rollouts;
    expect(stats).toMatchObject({ model: model.name, samples: problems.length * 8, prompt_tokens: expected });
    expect(progress.prompt_tokens).toBe(expected);
  });

  it("rows without request_start (imported, or stored before the column) count their own prompt_tokens", async () => {
    const run = await makeRun({
      problems: [problem("a"), problem("b")],
      rollouts: [
        ...[0, 1, 2, 3].map((i) => rollout("a", "m", i, 1, { prompt_tokens: 30, request_start: i < 2 ? 0 : 2 })),
        ...[0, 1].map((i) => rollout("b", "m", i, 0, { prompt_tokens: 7, request_start: null })),
        rollout("b", "m", 2, 0, { prompt_tokens: null, request_start: null }),
      ],
    });
    // A part written before the column existed: each of its rows is a request of its own.
    const { request_start: _dropped, ...oldColumns } = rolloutsTable.columns;
    const old = { ...rolloutsTable, columns: oldColumns };
    const { request_start: _r, ...oldRow } = rollout("c", "m", 0, 1, { prompt_tokens: 11 });
    await writeParquetPart(run.tableDir("rollouts"), old, [oldRow, { ...oldRow, sample_index: 1 }], { partition: "m" });
    const [stats] = (await computeStats(run)).rollouts;
    expect(stats).toMatchObject({ model: "m", samples: 9, prompt_tokens: 2 * 30 + 2 * 7 + 2 * 11 });
  });

  it("a run whose rollouts all predate the column still gets its figures", async () => {
    const run = await makeRun({ problems: [problem("a")] });
    const { request_start: _dropped, ...oldColumns } = rolloutsTable.columns;
    const { request_start: _r, ...oldRow } = rollout("a", "m", 0, 1, { prompt_tokens: 11 });
    await writeParquetPart(run.tableDir("rollouts"), { ...rolloutsTable, columns: oldColumns }, [oldRow, { ...oldRow, sample_index: 1 }], { partition: "m" });
    const [stats] = (await computeStats(run)).rollouts;
    expect(stats).toMatchObject({ model: "m", samples: 2, prompt_tokens: 22 });
  });

  it("stats count any mix of requests once each, and rows without a request on their own (property)", async () => {
    const tokens = fc.option(fc.integer({ min: 0, max: 500 }), { nil: null });
    const pair = fc.record({ requests: fc.array(fc.record({ size: fc.integer({ min: 1, max: 4 }), tokens }), { maxLength: 3 }), loose: fc.array(tokens, { maxLength: 2 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom("a", "b"), fc.constantFrom("m1", "m2"), pair), { minLength: 1, maxLength: 4 }), async (pairs) => {
        const rows: ReturnType<typeof rollout>[] = [];
        const expected: Record<string, number> = {};
        const seen = new Set<string>();
        for (const [id, m, { requests, loose }] of pairs) {
          if (seen.has(`${id} ${m}`)) continue;
          seen.add(`${id} ${m}`);
          let index = 0;
          for (const request of requests) {
            const start = index;
            for (let k = 0; k < request.size; k++) rows.push(rollout(id, m, index++, 1, { prompt_tokens: request.tokens, request_start: start }));
            expected[m] = (expected[m] ?? 0) + (request.tokens ?? 0);
          }
          for (const t of loose) {
            rows.push(rollout(id, m, index++, 1, { prompt_tokens: t, request_start: null }));
            expected[m] = (expected[m] ?? 0) + (t ?? 0);
          }
        }
        if (rows.length === 0) return;
        const stats = await computeStats(await makeRun({ problems: [problem("a"), problem("b")], rollouts: rows }));
        expect(Object.fromEntries(stats.rollouts.map((r) => [r.model, r.prompt_tokens]))).toEqual(Object.fromEntries(Object.entries(expected).filter(([m]) => rows.some((r) => r.model === m))));
      }),
      { numRuns: 8 },
    );
  });
});
