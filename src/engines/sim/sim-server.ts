import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Problem } from "../../../schemas/problems.js";
import type { PromptTemplates } from "../../core/prompt-template.js";
import { SimCapacity } from "./sim-capacity.js";
import { CHARS_PER_TOKEN, simChoice, type SimModel } from "./sim-completion.js";
import { SimFaults, type FaultKind, type SimFaultOptions } from "./sim-faults.js";
import { SimProblemIndex } from "./sim-problems.js";
import { simJudgeReply, type SimJudgeModel } from "./sim-judge.js";
import { validateSimRequest, type SimRequestBody } from "./sim-request.js";
import { simProfile, type SimProfileName } from "./sim-profiles.js";

/** A GPU server's timing. */
export interface SimLatency {
  /** Time to first token (prefill) per sequence, ms. @default 200 */
  ttftMs?: number;
  /** Decode speed of one sequence, tokens/s. @default 60 */
  tokensPerSecond?: number;
  /** Sequences decoded at once; more requests queue. @default 256 */
  capacity?: number;
  /** Requests waiting beyond which the server answers 503 "queue full". @default unbounded (as vLLM) */
  maxQueue?: number;
}

export interface SimServerOptions {
  problems: Iterable<Problem>;
  models: SimModel[];
  /** Simulated judges (chat API): they answer prompts holding `<gold>` and `<answer>` blocks. @default none */
  judges?: SimJudgeModel[];
  /** Templates the sampler uses, to recognise prompts exactly. @default DEFAULT_TEMPLATES */
  templates?: PromptTemplates;
  /** @default "127.0.0.1" (loopback only) */
  host?: string;
  /** @default 0 (a free port) */
  port?: number;
  /** Server timing, or 0 to answer at once. @default {} (the defaults above) */
  latency?: SimLatency | 0;
  faults?: SimFaultOptions;
  /** Sees every parsed completion request body as received (tests check what a client sends). */
  onRequest?: (body: Readonly<Record<string, unknown>>, api: "chat" | "completions") => void;
  /** Which server's contract to act out (model listing, bound on n, per-sample seeds). @default "vllm" */
  profile?: SimProfileName;
  /** llama.cpp profile: parallel slots, its bound on n. @default 4 */
  slots?: number;
  /** llama.cpp profile: serve `GET /props`; false acts out a proxy that passes only /v1. @default true */
  props?: boolean;
  /** llama.cpp profile: the listing's meta has a slot's `n_ctx`; false acts out an older build (only `n_ctx_train`). @default true */
  listsContext?: boolean;
  /** Context size in tokens: a longer prompt is a 400 in the profile's words (a per-problem fault). @default unbounded */
  contextTokens?: number;
  /** Problems whose every request gets the same 500 (a deterministic server fault for one prompt). @default none */
  failingProblems?: readonly string[];
  /** Awaited before a completion request is answered (tests hold a run mid-flight, whatever the machine's speed). */
  hold?: () => Promise<void> | void;
}

export interface SimServerStats {
  requests: number;
  completions: number;
  sequences: number;
  tokens: number;
  busyMs: number;
  /** Wall time slots were actually held (≥ busyMs when timers fire late on a loaded machine). */
  heldMs: number;
  capacity: number | null;
  faults: Record<FaultKind, number>;
}

export interface SimServer {
  /** Base URL, ending in /v1. */
  url: string;
  stats(): SimServerStats;
  /**
   * Acts out SIGTERM as the profile's server does: it stops listening, and requests in flight or arriving on open
   * connections are left unanswered (llama.cpp) or in flight ones are answered and later ones refused (vLLM, SGLang).
   */
  terminate(): void;
  close(): Promise<void>;
}

/** Starts an OpenAI-compatible simulated server on loopback. */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const { models, templates, host = "127.0.0.1", port = 0, latency = {}, faults: faultOptions = {} } = options;
  const judges = new Map((options.judges ?? []).map((j) => [j.name, j]));
  if (models.length === 0 && judges.size === 0) throw new TypeError("sim: expected at least one model");
  const index = new SimProblemIndex(options.problems, templates);
  const byName = new Map(models.map((m) => [m.name, m]));
  const faults = new SimFaults(faultOptions);
  const profile = simProfile(options.profile, { slots: options.slots, listsContext: options.listsContext });
  const capacity = latency === 0 ? undefined : new SimCapacity(latency.capacity ?? 256);
  const timing = latency === 0 ? undefined : { ttftMs: latency.ttftMs ?? 200, tps: latency.tokensPerSecond ?? 60, maxQueue: latency.maxQueue ?? Infinity };
  const counters = { requests: 0, completions: 0, sequences: 0, tokens: 0 };
  const stalled = new Set<ServerResponse>();
  let terminated = false;
  /** After terminate() on a "hang" profile: true when the response is left unanswered (held until close). */
  const hungOnShutdown = (res: ServerResponse) => {
    if (!terminated || profile.onShutdown !== "hang") return false;
    stalled.add(res);
    return true;
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, message: string, headers?: Record<string, string>) =>
    json(res, status, { object: "error", error: { message, type: status === 404 ? "NotFoundError" : "BadRequestError", code: status } }, headers);

  async function complete(req: IncomingMessage, res: ServerResponse, api: "chat" | "completions"): Promise<void> {
    const raw = await readBody(req);
    if (hungOnShutdown(res)) return;
    const fault = faults.next();
    if (fault && injectFault(fault, res)) return;
    let body: SimRequestBody;
    try {
      body = JSON.parse(raw) as SimRequestBody;
    } catch {
      return error(res, 400, "sim: the request body is not JSON");
    }
    options.onRequest?.(body as unknown as Record<string, unknown>, api);
    await options.hold?.();
    const judge = judges.get(body.model);
    if (judge) return answerAsJudge(judge, body, api, res);
    const invalid = validateSimRequest(body, api, byName);
    if (invalid) return error(res, invalid.status, invalid.message);
    const model = byName.get(body.model)!;
    const text = api === "chat" ? (body.messages ?? []).filter((m) => m.role === "user").map((m) => m.content).join("\n") : String(body.prompt);
    const problem = index.find(text);
    if (!problem) return error(res, 400, `sim: no known problem matches this prompt (${index.size} problems loaded; starts ${JSON.stringify(text.slice(0, 60))})`);
    const promptTokens = Math.ceil(text.length / CHARS_PER_TOKEN);
    if (options.contextTokens !== undefined && promptTokens > options.contextTokens) return error(res, 400, profile.contextExceeded(promptTokens, options.contextTokens));
    if (options.failingProblems?.includes(problem.id)) return error(res, 500, `sim: internal error while generating for this prompt (problem ${problem.id})`);
    const n = body.n ?? 1;
    if (n > profile.maxN) return error(res, 400, profile.nTooLarge(n));
    // llama.cpp cuts max_tokens to what the slot's context leaves after the prompt, answering "length" there.
    const asked = body.max_tokens ?? 16384;
    const maxTokens = profile.cutsToContext && options.contextTokens !== undefined ? Math.max(1, Math.min(asked, options.contextTokens - promptTokens)) : asked;
    const seed = body.seed ?? 0;
    const choices = Array.from({ length: n }, (_, j) => {
      const key = profile.sampleKey(seed, j);
      return simChoice(model, problem, key.seed, key.j, maxTokens);
    });
    if (capacity && timing) {
      if (capacity.queued >= timing.maxQueue) return error(res, 503, "sim: queue full", { "retry-after": String(faultOptions.retryAfterS ?? 1) });
      await decode(capacity, timing, choices.map((c) => c.tokens));
    }
    if (hungOnShutdown(res)) return;
    counters.completions++;
    counters.sequences += n;
    const completionTokens = choices.reduce((sum, c) => sum + c.tokens, 0);
    counters.tokens += completionTokens;
    const withIds = profile.returnsTokenIds && body.return_token_ids === true;
    const promptIds = withIds ? simTokenIds(promptTokens, seed) : undefined;
    const ids = (c: { tokens: number }, j: number) => (withIds ? { token_ids: simTokenIds(c.tokens, seed + j + 1) } : {});
    const usageTokens = profile.usage === "first" ? choices[0].tokens : completionTokens;
    json(res, 200, {
      id: `sim-${counters.completions}`,
      object: api === "chat" ? "chat.completion" : "text_completion",
      created: Math.floor(Date.now() / 1000),
      model: model.name,
      choices: choices.map((c, j) =>
        api === "chat"
          ? { index: j, message: { role: "assistant", content: c.text }, finish_reason: c.finish_reason, ...ids(c, j) }
          : { index: j, text: c.text, finish_reason: c.finish_reason, ...(promptIds ? { prompt_token_ids: promptIds } : {}), ...ids(c, j) },
      ),
      // vLLM puts a chat request's prompt ids beside the choices, a completions request's in each choice.
      ...(promptIds && api === "chat" ? { prompt_token_ids: promptIds } : {}),
      usage: { prompt_tokens: promptTokens, completion_tokens: usageTokens, total_tokens: promptTokens + usageTokens },
    });
  }

  /** llama.cpp's `POST /apply-template`: `{ messages }` rendered with the profile's chat template, as `{ prompt }`. */
  async function applyTemplate(req: IncomingMessage, res: ServerResponse, template: (messages: { role: string; content: string }[]) => string): Promise<void> {
    const body = JSON.parse(await readBody(req)) as { messages?: unknown };
    const messages = body?.messages;
    if (!Array.isArray(messages) || !messages.every((m) => typeof m?.role === "string" && typeof m?.content === "string")) return error(res, 400, "sim: /apply-template needs `messages`, a list of { role, content }");
    json(res, 200, { prompt: template(messages as { role: string; content: string }[]) });
  }

  /** A judge's answer: one choice, its verdict decided by (gold, answer) alone. */
  function answerAsJudge(judge: SimJudgeModel, body: SimRequestBody, api: "chat" | "completions", res: ServerResponse): void {
    if (api !== "chat" || !Array.isArray(body.messages)) return error(res, 400, "sim: a judge answers chat requests only");
    const prompt = body.messages.map((m) => m?.content).join("\n");
    const reply = simJudgeReply(judge, prompt);
    if (reply === undefined) return error(res, 400, "sim: a judge prompt needs <gold> and <answer> blocks");
    counters.completions++;
    counters.sequences++;
    const tokens = Math.ceil(reply.length / CHARS_PER_TOKEN);
    counters.tokens += tokens;
    json(res, 200, {
      id: `sim-${counters.completions}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: judge.name,
      choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop" }],
      usage: { prompt_tokens: Math.ceil(prompt.length / CHARS_PER_TOKEN), completion_tokens: tokens, total_tokens: Math.ceil(prompt.length / CHARS_PER_TOKEN) + tokens },
    });
  }

  /** Acts out a fault; returns false when the fault lets the request through (none do today). */
  function injectFault(kind: FaultKind, res: ServerResponse): boolean {
    switch (kind) {
      case "error_500":
        error(res, 500, "sim: injected internal server error");
        return true;
      case "queue_full":
        error(res, 503, "sim: queue full", { "retry-after": String(faultOptions.retryAfterS ?? 1) });
        return true;
      case "garbage":
        res.writeHead(200, { "content-type": "application/json" });
        res.end(Math.random() < 0.5 ? '{"id": "sim", "choices": [{"index": 0, "mess' : '{"object": "list", "data": []}');
        return true;
      case "reset":
        res.socket?.destroy();
        return true;
      case "stall":
        stalled.add(res);
        setTimeout(() => {
          stalled.delete(res);
          res.socket?.destroy();
        }, faultOptions.stallMs ?? 30_000).unref();
        return true;
    }
  }

  const server = createServer((req, res) => {
    counters.requests++;
    // A request on a connection still open after a graceful shutdown began is refused (the connection closes).
    if (terminated && profile.onShutdown === "drain") return void res.socket?.destroy();
    const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "");
    const route = async () => {
      if (req.method === "GET" && path === "/v1/models") {
        return json(res, 200, { object: "list", data: [...models.map((m) => profile.listing(m.name, options.contextTokens)), ...[...judges.keys()].map((id) => ({ id, object: "model", owned_by: "rungs-sim" }))] });
      }
      if (req.method === "GET" && path === "/health") return json(res, 200, { status: "ok" });
      if (req.method === "GET" && path === "/props" && profile.props && options.props !== false) return json(res, 200, profile.props(options.contextTokens));
      if (req.method === "GET" && path === "/sim/stats") return json(res, 200, stats());
      if (req.method === "POST" && path === "/v1/chat/completions") return complete(req, res, "chat");
      if (req.method === "POST" && path === "/v1/completions") return complete(req, res, "completions");
      if (req.method === "POST" && path === "/apply-template" && profile.chatTemplate) return applyTemplate(req, res, profile.chatTemplate);
      return error(res, 404, `sim: no route ${req.method} ${path}`);
    };
    route().catch((e: unknown) => {
      if (!res.headersSent) error(res, 500, `sim: ${(e as Error).message}`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  const stats = (): SimServerStats => ({ ...counters, busyMs: capacity?.busyMs ?? 0, heldMs: capacity?.heldMs ?? 0, capacity: capacity?.capacity ?? null, faults: { ...faults.counts } });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostText = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostText}:${address.port}/v1`,
    stats,
    terminate: () => {
      terminated = true;
      server.close();
      if (profile.onShutdown === "drain") server.closeIdleConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of stalled) res.socket?.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Each sequence takes a batch slot (FIFO) for prefill + decode time and frees it when it ends, as a
 * continuous-batching server schedules sequences, not requests; the answer goes when all are done.
 */
async function decode(capacity: SimCapacity, timing: { ttftMs: number; tps: number }, tokens: number[]): Promise<void> {
  await Promise.all(
    tokens.map(async (t) => {
      await capacity.acquire(1);
      const ms = timing.ttftMs + (t / timing.tps) * 1000;
      capacity.busyMs += ms;
      const held = performance.now();
      await new Promise((resolve) => setTimeout(resolve, ms));
      capacity.heldMs += performance.now() - held;
      capacity.release(1);
    }),
  );
}

/** Stand-in token ids: as many as the tokens counted (what a client may count), their values arbitrary. */
function simTokenIds(count: number, salt: number): number[] {
  return Array.from({ length: count }, (_, t) => (t * 7919 + salt) % 32000);
}
