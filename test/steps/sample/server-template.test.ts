import { afterAll, describe, expect, it } from "vitest";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import type { SimProfileName } from "../../../src/engines/sim/sim-profiles.js";
import { buildMessages } from "../../../src/core/prompt-template.js";
import { UsageError } from "../../../src/core/errors.js";
import { resolveSampleSettings } from "../../../src/steps/sample/sample-config.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const problems = mathProblems(5);
const model = { name: "org/m", skill: 5, meanTokens: 100 };

/** A completions run against one sim profile: 4 samples per problem in requests of 2 (two requests share each prompt). */
async function completionsRun(profile: SimProfileName, promptTemplate?: string) {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  const prompts: string[] = [];
  const server = await startSimServer({ problems, models: [model], latency: 0, profile, onRequest: (b) => prompts.push(String(b.prompt)) });
  cleanups.push(() => server.close());
  const pipeline = {
    models: [{ id: model.name, api: "completions" as const, endpoints: [server.url], concurrency: 2, ...(promptTemplate ? { promptTemplate } : {}) }],
    sampling: { samples: 4, requestSize: 2, seed: 3, verifyThreads: 0, params: { max_tokens: 800 } },
  };
  const step = runResolved(sampleStep, context(run, pipeline));
  return { run, server, prompts, step };
}

/** What the server answers at its root's POST /apply-template. */
async function serverRendering(url: string, messages: unknown): Promise<Response> {
  return fetch(`${url.replace(/\/v1$/, "")}/apply-template`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages }) });
}

describe('promptTemplate "server"', () => {
  it("llama.cpp: each completions prompt is the server's own rendering of the problem's messages, fetched once per problem", async () => {
    const { run, server, prompts, step } = await completionsRun("llamacpp", "server");
    const result = await step;
    expect(await storedRollouts(run)).toHaveLength(problems.length * 4);
    // Requests of one sample on llama.cpp (exact token counts): 4 completions per problem.
    expect(prompts).toHaveLength(problems.length * 4);
    const expected = new Set<string>();
    for (const problem of problems) {
      const answer = (await (await serverRendering(server.url, buildMessages(problem))).json()) as { prompt: string };
      expect(answer.prompt).toMatch(/^<\|im_start\|>user\n[\s\S]*<\|im_start\|>assistant\n$/);
      expected.add(answer.prompt);
    }
    expect(new Set(prompts)).toEqual(expected);
    // Requests seen by the server: GET /v1/models and /props, the completions, one /apply-template per problem (and the 5 above).
    const { requests, completions } = server.stats();
    expect(requests - completions - 2 - problems.length).toBe(problems.length);
    expect(result.notes!.some((n) => n.includes("promptTemplate"))).toBe(false);
  });

  it.each(["vllm", "sglang"] as const)("%s: no /apply-template (404) stops the run with an error naming the model and the URL", async (profile) => {
    const { run, server, prompts, step } = await completionsRun(profile, "server");
    const error = await step.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    const root = server.url.replace(/\/v1$/, "");
    expect((error as Error).message).toBe(
      `sample: model org/m has promptTemplate "server", but ${root}/apply-template answered 404: the server does not offer its chat template (llama.cpp's llama-server does; vLLM and SGLang do not); give the model's format as promptTemplate or use api "chat"`,
    );
    expect(prompts).toEqual([]);
    expect(await storedRollouts(run)).toEqual([]);
    expect((await serverRendering(server.url, [{ role: "user", content: "x" }])).status).toBe(404);
  });

  it("the note for a completions model on the default R1 template suggests \"server\" when the server is llama.cpp, not otherwise", async () => {
    const notes = async (profile: SimProfileName) => ((await (await completionsRun(profile)).step).notes ?? []).filter((n) => n.includes("promptTemplate"));
    const [llama] = await notes("llamacpp");
    expect(llama).toMatch(/; set models\[org\/m\]\.promptTemplate to "server" \(the llama\.cpp server's own chat template, from its \/apply-template\) or to the model's own format$/);
    const [vllm] = await notes("vllm");
    expect(vllm).toMatch(/; set models\[org\/m\]\.promptTemplate to the model's own format$/);
  });

  it("a promptTemplate without a {user} slot is refused at load, naming the model (a misspelt \"server\" among them)", () => {
    const pipeline = (promptTemplate: string) => ({ name: "t", sources: [], models: [{ id: "org/m", api: "completions" as const, endpoints: ["http://127.0.0.1:1/v1"], promptTemplate }] });
    expect(() => resolveSampleSettings(pipeline("Server"))).toThrow(
      new UsageError('models[org/m].promptTemplate: the template has no {user} slot, so the problem would not reach the model; give one, or "server" for the server\'s own chat template (llama.cpp)'),
    );
    expect(resolveSampleSettings(pipeline("server")).models[0].promptTemplate).toBe("server");
    expect(resolveSampleSettings(pipeline("<|im_start|>user\n{user}<|im_end|>\n")).models).toHaveLength(1);
  });
});
