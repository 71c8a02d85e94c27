import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { EndpointPool } from "../../../src/engines/llm-client/endpoint-pool.js";
import { problemId } from "../../../src/core/problem-id.js";
import { buildMessages } from "../../../src/core/prompt-template.js";
import { renderPrompt } from "../../../src/steps/sample/render-prompt.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";
import { readTable } from "../../../src/core/table-store.js";
import { rolloutsTable } from "../../../schemas/rollouts.js";
import { freePort } from "../../../src/engines/serve/free-port.js";

/*
 * rungs' sampling against a real llama.cpp llama-server (built from source by scripts/setup-llama-server.sh,
 * serving a tiny random-weight model), where the other tests use the simulator's llamacpp profile: the facts
 * that profile acts out are checked here against the server itself. The model's text is noise; what matters
 * is the contract: names, context, the bound on n, seeds, usage, truncation, refusals, the chat template.
 */

const BUILD = join(import.meta.dirname, "..", "..", "..", ".cache", "llama-server");
const BINARY = join(BUILD, "llama-server-0.3.36");
const MODEL = join(BUILD, "tiny-random.gguf");
const BUILT = existsSync(BINARY) && existsSync(MODEL);
/** CI sets RUNGS_LLAMA_SERVER=1 (its setup builds the server): the test then runs, or fails when the build is missing. */
const REQUIRED = process.env.RUNGS_LLAMA_SERVER === "1";

const SLOTS = 4;
const SLOT_CONTEXT = 256; // -c 1024 shared by 4 slots
const NAME = "org/tiny";

const cleanups: (() => Promise<void>)[] = [];
const started: ChildProcess[] = [];
let url = "";
let ROOT = "";

/** Starts llama-server on a free loopback port and waits for /health; its output's tail goes into errors. */
async function startLlamaServer(slots: number, contextTokens: number): Promise<{ process: ChildProcess; root: string }> {
  const port = await freePort();
  const args = ["-m", MODEL, "--host", "127.0.0.1", "--port", String(port), "-np", String(slots), "-c", String(contextTokens), "--alias", NAME, "-t", "1", "--no-webui"];
  const child = spawn(BINARY, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  started.push(child);
  const root = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}: ${output}`);
    if (await fetch(`${root}/health`).then((r) => r.ok, () => false)) return { process: child, root };
    if (performance.now() > deadline) throw new Error(`llama-server did not become healthy in 60 s: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  if (!BUILT && REQUIRED) throw new Error(`no llama-server build at ${BINARY} (and its model): run RUNGS_LLAMA_SERVER=1 bash scripts/setup.sh`);
  if (!BUILT) return;
  ROOT = (await startLlamaServer(SLOTS, SLOTS * SLOT_CONTEXT)).root;
  url = `${ROOT}/v1`;
}, 90_000);

afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
});

/** POSTs to a path under /v1, or to a whole URL (the server's root routes: `${ROOT}/tokenize`). */
async function post(path: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, any> }> {
  const response = await fetch(path.startsWith("http") ? path : `${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

const messages = [{ role: "user", content: "Compute 2 + 2." }];

// Each test starts or samples a real server: on a loaded 2-core machine that can take longer than vitest's default 5 s.
describe.skipIf(!BUILT && !REQUIRED)("a real llama.cpp llama-server", { timeout: 30_000 }, () => {
  it("the up-front check finds the --alias name, a slot's context and the slots (GET /props)", async () => {
    const pool = new EndpointPool("m", [url], { timeoutMs: 10_000 });
    try {
      expect(await pool.check(NAME)).toEqual({ contextTokens: SLOT_CONTEXT, maxN: SLOTS, ownedBy: "llamacpp" });
    } finally {
      await pool.close();
    }
  });

  it("acts as the simulator's llamacpp profile says: choice j is the n = 1 sample of seed + j, usage covers choice 0, n is bounded by the slots", async () => {
    const whole = await post("/chat/completions", { model: NAME, messages, n: SLOTS, seed: 41, temperature: 1, max_tokens: 12 });
    expect(whole.status).toBe(200);
    expect(whole.json.choices.map((c: { index: number }) => c.index)).toEqual([0, 1, 2, 3]);
    const singles = [];
    for (let j = 0; j < SLOTS; j++) singles.push(await post("/chat/completions", { model: NAME, messages, n: 1, seed: 41 + j, temperature: 1, max_tokens: 12 }));
    expect(whole.json.choices.map((c: { message: { content: string } }) => c.message.content)).toEqual(singles.map((s) => s.json.choices[0].message.content));
    expect(whole.json.usage.completion_tokens).toBe(singles[0].json.usage.completion_tokens);
    const over = await post("/chat/completions", { model: NAME, messages, n: SLOTS + 1, seed: 41, max_tokens: 4 });
    expect(over.status).toBe(400);
  });

  it("a sample run stores exact per-sample counts, per-sample seeds, and tells max_tokens from the slot's context", async () => {
    const problems = mathProblems(3);
    const run = async (maxTokens: number) => {
      const { run: folder, cleanup } = await tempRun(problems);
      cleanups.push(cleanup);
      const pipeline = { models: [{ id: NAME, endpoints: [url], concurrency: 2 }], sampling: { samples: 6, requestSize: 6, seed: 3, verifyThreads: 0, params: { max_tokens: maxTokens, temperature: 1 } } };
      const result = await runResolved(sampleStep, context(folder, pipeline));
      return { result, rows: await storedRollouts(folder) };
    };
    // max_tokens 16: most samples run to it (random weights rarely stop).
    const short = await run(16);
    expect(short.rows).toHaveLength(problems.length * 6);
    for (const row of short.rows) {
      expect(row.completion_tokens_source).toBe("usage"); // requests of one sample on llama.cpp: each its own usage
      expect(row.completion_tokens).not.toBeNull();
      expect(row.completion_tokens!).toBeLessThanOrEqual(16);
      expect(row.truncation).toBe(row.finish_reason === "length" ? "max_tokens" : null);
    }
    expect(short.rows.some((r) => r.truncation === "max_tokens")).toBe(true);
    // max_tokens 1000 past a slot's 256: llama.cpp ends the sample with "length" where the context fills.
    const long = await run(1000);
    const cut = long.rows.filter((r) => r.finish_reason === "length");
    expect(cut.length).toBeGreaterThan(0);
    for (const row of cut) {
      expect(row.truncation).toBe("context");
      expect(row.prompt_tokens! + row.completion_tokens!).toBe(SLOT_CONTEXT);
    }
    // The stored seed is the per-sample one: the request's seed + sample j of it.
    const seeds = new Set(long.rows.map((r) => `${r.problem_id}/${Number(r.seed) - r.sample_index}`));
    expect(seeds.size).toBe(problems.length);
  });

  it("a prompt longer than a slot's context is skipped for its problem with the server's message; the others are sampled", async () => {
    const longPrompt = `Add these: ${Array.from({ length: 120 }, (_, i) => i).join(" + ")}`;
    const problems = [...mathProblems(2), { ...mathProblems(1)[0], prompt: longPrompt, id: problemId("math", longPrompt), source_id: "long" }];
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    const pipeline = { models: [{ id: NAME, endpoints: [url], concurrency: 2 }], sampling: { samples: 2, requestSize: 2, seed: 3, verifyThreads: 0, params: { max_tokens: 8 } } };
    const result = await runResolved(sampleStep, context(run, pipeline));
    // One request of 2 samples (its first chunk refused, the second never sent).
    expect(result.counts.requests_skipped).toBe(1);
    const skipped = result.details!.skipped_requests as { problem_id: string; error: string }[];
    expect(skipped.map((s) => s.problem_id)).toEqual([problems[2].id]);
    expect(skipped[0].error).toMatch(/HTTP 400: request \(\d+ tokens\) exceeds the available context size \(256 tokens\)/);
    expect(await storedRollouts(run)).toHaveLength(4);
  });

  it('promptTemplate "server": completions prompts are the model\'s own chat template, rendered by the server', async () => {
    const problems = mathProblems(2);
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    const pipeline = { models: [{ id: NAME, api: "completions" as const, promptTemplate: "server", endpoints: [url], concurrency: 2 }], sampling: { samples: 2, requestSize: 2, seed: 3, verifyThreads: 0, params: { max_tokens: 8 } } };
    const result = await runResolved(sampleStep, context(run, pipeline));
    expect(result.counts.rollouts_new).toBe(4);
    // What the server counted as each prompt is the GGUF's ChatML rendering of rungs' messages, tokenized with its
    // control tokens (not the DeepSeek-R1 default format's).
    const rows = await storedRollouts(run);
    for (const problem of problems) {
      const rendered = await post(`${ROOT}/apply-template`, { messages: buildMessages(problem) });
      expect(rendered.json.prompt).toMatch(/^<\|im_start\|>user\n[\s\S]*<\|im_end\|>\n<\|im_start\|>assistant\n$/);
      const tokens = await post(`${ROOT}/tokenize`, { content: rendered.json.prompt, parse_special: true });
      const counted = rows.filter((r) => r.problem_id === problem.id).map((r) => r.prompt_tokens);
      expect(counted).toEqual([tokens.json.tokens.length, tokens.json.tokens.length]);
      const r1 = await post(`${ROOT}/tokenize`, { content: renderPrompt(buildMessages(problem)), parse_special: true });
      expect(r1.json.tokens.length).not.toBe(tokens.json.tokens.length);
    }
  });

  it("on SIGTERM it refuses new connections and leaves the request in flight unanswered (the sim's \"hang\")", async () => {
    const { process: child, root } = await startLlamaServer(1, 65_536);
    // A request that generates for many seconds (the random model never stops by itself with ignore_eos).
    const controller = new AbortController();
    const inFlight = fetch(`${root}/v1/chat/completions`, { method: "POST", signal: controller.signal, headers: { "content-type": "application/json" }, body: JSON.stringify({ model: NAME, messages, seed: 1, max_tokens: 60_000, ignore_eos: true }) });
    let settled = "";
    const outcome = inFlight.then((r) => (settled = `answered ${r.status}`), (e: Error) => (settled = e.name));
    await new Promise((r) => setTimeout(r, 500));
    child.kill("SIGTERM");
    // New connections are refused once it has handled the signal (polled: it sometimes takes seconds).
    // (A TCP connect of its own: a kept-alive connection from earlier requests would still be served.)
    const health = () =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(root).port), "127.0.0.1");
        socket.once("connect", () => (socket.destroy(), resolve("connected")));
        socket.once("error", (e: Error & { code?: string }) => resolve(e.code ?? e.message));
      });
    let fresh = await health();
    for (const until = performance.now() + 15_000; fresh !== "ECONNREFUSED" && performance.now() < until; ) {
      await new Promise((r) => setTimeout(r, 100));
      fresh = await health();
    }
    expect(fresh).toBe("ECONNREFUSED");
    // The request in flight is still unanswered a second and a half later: only the client can end it.
    await new Promise((r) => setTimeout(r, 1500));
    expect(settled).toBe("");
    controller.abort();
    expect(await outcome).toBe("AbortError");
    expect(child.exitCode).toBeNull(); // still running, holding the connection
  });

  it("a run whose endpoint gets SIGTERM mid-request times the held request out and stores every sample from the other", async () => {
    const problems = mathProblems(3);
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    const [doomed, spare] = await Promise.all([startLlamaServer(1, 4096), startLlamaServer(1, 4096)]);
    // Samples of 800 tokens (ignore_eos: the random model never stops early); timeoutMs is well above a sample's time.
    // The signal comes once the doomed server's slot is processing a request (its GET /slots says so).
    const timeoutMs = 5000;
    const pipeline = {
      models: [{ id: NAME, endpoints: [`${doomed.root}/v1`, `${spare.root}/v1`], concurrency: 1 }],
      sampling: { samples: 2, requestSize: 2, seed: 3, verifyThreads: 0, timeoutMs, backoffMs: 10, cooldownMs: 100, params: { max_tokens: 800, ignore_eos: true } },
    };
    const started = performance.now();
    const signalled = (async () => {
      for (;;) {
        const slots = (await fetch(`${doomed.root}/slots`).then((r) => r.json())) as { is_processing: boolean }[];
        if (slots.some((slot) => slot.is_processing)) return void doomed.process.kill("SIGTERM");
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const result = await runResolved(sampleStep, context(run, pipeline));
    const elapsed = performance.now() - started;
    await signalled;
    const rows = await readTable(run.tableDir(rolloutsTable.name), rolloutsTable);
    expect(result.counts.rollouts_new).toBe(problems.length * 2);
    expect(rows).toHaveLength(problems.length * 2);
    for (const row of rows) expect(row.completion_tokens).toBe(800);
    // The request the doomed server held was never answered: the run waited out its timeout, then the spare
    // sampled it (and the rest).
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs);
    expect(rows.filter((r) => r.endpoint === `${spare.root}/v1`).length).toBeGreaterThan(rows.length / 2);
  }, 60_000);
});
