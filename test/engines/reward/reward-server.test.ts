import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { problemsTable } from "../../../schemas/index.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { replaceTable } from "../../../src/core/table-store.js";
import { createRewardService, loadProblemIndex, startRewardServer, VERIFIER_VERSIONS, type RewardServer } from "../../../src/engines/reward/index.js";
import { createCompletionVerifier, VerifierInfrastructureError, type CompletionVerifier } from "../../../src/engines/verify/verify-completion.js";
import { makeTempDir } from "../../temp-dirs.js";

const servers: RewardServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function serve(options: Parameters<typeof createRewardService>[0] = {}): Promise<RewardServer> {
  const server = await startRewardServer({ service: createRewardService({ verifier: createCompletionVerifier({ mathThreads: 0 }), ...options }) });
  servers.push(server);
  return server;
}

async function post(server: RewardServer, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/v1/reward`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const math = (completion: string, ground_truth = "88") => ({ completion, domain: "math", ground_truth });

describe("rungs reward-server", () => {
  it("answers /health and every reward with the verifier versions", async () => {
    const server = await serve();
    const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
    expect(health).toEqual({ status: "ok", problems: null, scored: 0, verifiers: VERIFIER_VERSIONS });
    const { status, json } = await post(server, { items: [math("so \\boxed{88.0}"), math("\\boxed{4,539}", "4539"), math("I think 87")] });
    expect(status).toBe(200);
    expect(json.verifiers).toEqual(VERIFIER_VERSIONS);
    expect(json.results).toEqual([
      { score: 1, correct: true, verdict: "correct", verifier: VERIFIER_VERSIONS.math },
      { score: 1, correct: true, verdict: "correct", verifier: VERIFIER_VERSIONS.math },
      { score: 0, correct: false, verdict: expect.stringMatching(/wrong_answer|no_answer/), verifier: VERIFIER_VERSIONS.math },
    ]);
  });

  it("refuses bad requests with a 422 naming the item, never a score", async () => {
    const server = await serve();
    expect(await post(server, "{nope")).toMatchObject({ status: 400, json: { error: expect.stringContaining("not JSON") } });
    expect(await post(server, { items: [math("x"), { completion: "x", ground_truth: "1" }] })).toMatchObject({ status: 422, json: { error: "reward: items[1].domain: required with ground_truth (math or code)" } });
    expect(await post(server, { items: [{ completion: "x", problem_id: "p1" }] })).toMatchObject({ status: 422, json: { error: expect.stringContaining("items[0]: only problem_id \"p1\" given, and the service has no run folder") } });
    expect(await post(server, { items: [math("\\boxed{1}", "")] })).toMatchObject({ status: 422, json: { error: "reward: items[0].ground_truth: malformed answer (no answer can be parsed from it)", verifiers: VERIFIER_VERSIONS } });
    expect(await post(server, { items: [{ completion: "```python\nprint(1)\n```", domain: "code", ground_truth: '{"format":"stdin"}' }] })).toMatchObject({
      status: 422,
      json: { error: expect.stringContaining("items[0].ground_truth: malformed tests") },
    });
    expect(server.scored()).toBe(0);
  });

  it("looks problems up in a run folder, and refuses unknown ids and ground truth that differs", async () => {
    const run = await new RunFolder(await makeTempDir("rungs-reward-")).ensure();
    await replaceTable(run, problemsTable, [{ id: "p1", source: "t", source_id: "1", domain: "math", prompt: "?", answer: "\\frac{1}{2}", tests: null, solution: null, meta: "{}" }]);
    const server = await serve({ problems: await loadProblemIndex(run.dir) });
    expect((await post(server, { items: [{ completion: "\\boxed{0.5}", problem_id: "p1" }] })).json.results).toEqual([expect.objectContaining({ score: 1, verdict: "correct" })]);
    expect(await post(server, { items: [{ completion: "\\boxed{0.5}", problem_id: "p2" }] })).toMatchObject({ status: 422, json: { error: expect.stringContaining('items[0].problem_id: unknown problem "p2" (the service knows the 1 problems of') } });
    expect(await post(server, { items: [{ completion: "\\boxed{0.5}", problem_id: "p1", domain: "math", ground_truth: "3" }] })).toMatchObject({ status: 422, json: { error: expect.stringContaining("ground_truth differs from problem p1's stored answer") } });
  });

  it("answers a verifier infrastructure failure with a 503 the client retries, not a 0", async () => {
    const failing: CompletionVerifier = {
      verify: async () => {
        throw new VerifierInfrastructureError("verify: the code sandbox failed on problem x: bwrap died");
      },
      versions: () => ({}),
      close: async () => {},
    };
    const server = await serve({ verifier: failing });
    expect(await post(server, { items: [math("\\boxed{88}")] })).toMatchObject({ status: 503, json: { error: expect.stringContaining("sandbox failed"), retry: true } });
  });

  it("gives exactly the verdict grading stores, for any response (property)", async () => {
    const server = await serve();
    const direct = createCompletionVerifier({ mathThreads: 0 });
    const fragment = fc.constantFrom("\\boxed{88}", "\\boxed{{88}}", "\\boxed{88.0}", "<think>", "</think>", "The answer is 88.", "\\boxed{8}", " so ", "\\fbox{88}", "$88$", "\n");
    await fc.assert(
      fc.asyncProperty(fc.array(fragment, { maxLength: 8 }), fc.constantFrom("88", "\\frac{176}{2}", "8"), fc.constantFrom("stop", "length"), async (parts, gold, finish) => {
        const text = parts.join("");
        const { json } = await post(server, { items: [{ ...math(text, gold), finish_reason: finish }] });
        const stored = await direct.verify({ id: "p", domain: "math", answer: gold, tests: null }, { text, finish_reason: finish });
        expect(json.results).toEqual([{ score: stored.score, correct: stored.correct, verdict: stored.verdict, verifier: stored.verifier }]);
      }),
      { numRuns: 60 },
    );
    await direct.close();
  });

  it("verifies at most `concurrency` completions at once across requests", async () => {
    let inFlight = 0;
    let most = 0;
    const real = createCompletionVerifier({ mathThreads: 0 });
    const counting: CompletionVerifier = {
      verify: async (problem, completion) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return real.verify(problem, completion);
      },
      versions: () => real.versions(),
      close: () => real.close(),
    };
    const server = await serve({ verifier: counting, concurrency: 3 });
    const batch = { items: Array.from({ length: 10 }, (_, i) => math(`\\boxed{${i}}`, String(i))) };
    const answers = await Promise.all([post(server, batch), post(server, batch)]);
    expect(answers.map((a) => (a.json.results as { score: number }[]).every((r) => r.score === 1))).toEqual([true, true]);
    expect(most).toBe(3);
  });
});
