import { Agent, type Dispatcher } from "undici";
import { LlmServerError, SampleError } from "../../core/errors.js";
import { EndpointHealth } from "./endpoint-health.js";
import { MalformedResponseError, parseCompletionResponse, requestBody, type CompletionRequest, type CompletionResult } from "./openai-api.js";
import { HttpStatusError, backoffDelay, describeError, isRetryable, retryAfterMs, sleep } from "./retry-policy.js";

export interface EndpointPoolOptions {
  /** Injected fetch (tests, proxies). @default global fetch with a keep-alive agent sized to the concurrency */
  fetch?: typeof fetch;
  /** In-flight requests per endpoint. @default 64 */
  concurrency?: number;
  /** Per-request timeout. @default 600000 */
  timeoutMs?: number;
  /** Attempts per request (over all endpoints) before giving up. @default 8 */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, with full jitter. @default 250 */
  backoffMs?: number;
  /** @default 20000 */
  maxBackoffMs?: number;
  /** Consecutive failures that take an endpoint out of rotation. @default 3 */
  failureThreshold?: number;
  /** How long an endpoint stays out before a probe; doubles per outage. @default 2000 */
  cooldownMs?: number;
  /** Bearer token. */
  apiKey?: string;
  signal?: AbortSignal;
  /** Called on every retried failure. */
  onRetry?: (info: { endpoint: string; attempt: number; error: string }) => void;
}

/** The endpoints of one model: least-loaded routing, bounded in-flight, retries, health. */
export class EndpointPool {
  readonly endpoints: EndpointHealth[];
  private readonly fetchFn: typeof fetch;
  private readonly dispatcher?: Dispatcher;
  private readonly opts: Required<Omit<EndpointPoolOptions, "fetch" | "apiKey" | "signal" | "onRetry">> & EndpointPoolOptions;

  constructor(
    readonly model: string,
    urls: readonly string[],
    options: EndpointPoolOptions = {},
  ) {
    if (urls.length === 0) throw new LlmServerError(`sample: model ${model} has no endpoints`);
    const { concurrency = 64, timeoutMs = 600_000, maxAttempts = 8, backoffMs = 250, maxBackoffMs = 20_000, failureThreshold = 3, cooldownMs = 2000 } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`sample: expected \`concurrency\` of ${model} to be an integer from 1 up, got ${concurrency}`);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError(`sample: expected \`maxAttempts\` to be an integer from 1 up, got ${maxAttempts}`);
    this.opts = { ...options, concurrency, timeoutMs, maxAttempts, backoffMs, maxBackoffMs, failureThreshold, cooldownMs };
    this.endpoints = urls.map((url) => new EndpointHealth(url.replace(/\/+$/, ""), concurrency, failureThreshold, cooldownMs, 60_000));
    this.fetchFn = options.fetch ?? fetch;
    // One keep-alive pool per pool of endpoints, sized so no request waits for a socket; undici's own
    // header and body timeouts are a backstop just past the request timeout.
    if (!options.fetch) this.dispatcher = new Agent({ connections: concurrency + 4, keepAliveTimeout: 60_000, headersTimeout: timeoutMs + 1000, bodyTimeout: timeoutMs + 1000 });
  }

  private headers(): Record<string, string> {
    return { "content-type": "application/json", ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}) };
  }

  /**
   * One HTTP exchange, headers and body, under the request timeout. The timer is a referenced setTimeout
   * cleared when the body is read: an unreferenced `AbortSignal.timeout` inside `AbortSignal.any` can be
   * garbage-collected on Node 20 and then never fires (seen against a real llama.cpp server).
   */
  private async send<T>(url: string, init: RequestInit, stop: AbortSignal | undefined, read: (response: Response) => Promise<T>): Promise<T> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException(`no answer within ${this.opts.timeoutMs} ms`, "TimeoutError")), this.opts.timeoutMs);
    const signal = AbortSignal.any([timeout.signal, ...(this.opts.signal ? [this.opts.signal] : []), ...(stop ? [stop] : [])]);
    try {
      const response = await this.fetchFn(url, { ...init, signal, ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}) } as RequestInit);
      return await read(response);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Up-front check: each endpoint answers `GET /models` and lists the served name. */
  async check(servedName: string): Promise<void> {
    for (const endpoint of this.endpoints) {
      const where = `sample: endpoint ${endpoint.url} of model ${this.model} (GET ${endpoint.url}/models)`;
      let ids: string[];
      try {
        const { response, text } = await this.send(`${endpoint.url}/models`, { method: "GET", headers: this.headers() }, undefined, async (r) => ({ response: r, text: await r.text() }));
        if (!response.ok) throw new Error(`HTTP ${response.status} ${text.slice(0, 200)}`);
        const body = JSON.parse(text) as { data?: { id?: unknown }[] };
        if (!Array.isArray(body.data)) throw new Error("the answer has no `data` list (is this an OpenAI-compatible /v1 URL?)");
        ids = body.data.map((m) => String(m.id));
      } catch (error) {
        throw new LlmServerError(`${where} does not answer: ${describeError(error)}`, endpoint.url);
      }
      if (!ids.includes(servedName)) {
        throw new LlmServerError(`${where}: the server does not serve ${JSON.stringify(servedName)}; it serves ${ids.map((id) => JSON.stringify(id)).join(", ") || "nothing"}`, endpoint.url);
      }
    }
  }

  /** The request's `stop` and the pool's signal together: a wait ends when either fires (the run stopping, Ctrl-C). */
  private stopSignal(stop?: AbortSignal): AbortSignal | undefined {
    return stop && this.opts.signal ? AbortSignal.any([stop, this.opts.signal]) : (stop ?? this.opts.signal);
  }

  private async pick(stop?: AbortSignal): Promise<EndpointHealth> {
    for (;;) {
      const now = Date.now();
      const ready = this.endpoints.filter((e) => e.available(now));
      if (ready.length) return ready.reduce((best, e) => (e.load < best.load ? e : best));
      const next = Math.min(...this.endpoints.map((e) => (e.downUntil > now ? e.downUntil : now + 50)));
      await sleep(next - now, this.stopSignal(stop));
    }
  }

  /**
   * Sends one request with retries; `label` names it in errors (problem, samples).
   * 4xx other than 408/429 is the request's fault: a SampleError at once, never retried.
   * `stop` abandons the request (and its retries) when the run is stopping.
   */
  async complete(request: CompletionRequest, label: { problemId: string; text: string }, stop?: AbortSignal): Promise<CompletionResult & { endpoint: string }> {
    const { path, body } = requestBody(request);
    const payload = JSON.stringify(body);
    let last = "";
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      const endpoint = await this.pick(stop);
      const url = `${endpoint.url}${path}`;
      let retryAfter: number | undefined;
      try {
        const result = await endpoint.limit(async () => {
          endpoint.begin(Date.now());
          const started = performance.now();
          const { response, text } = await this.send(url, { method: "POST", headers: this.headers(), body: payload }, stop, async (r) => ({ response: r, text: await r.text() }));
          if (!response.ok) throw new HttpStatusError(response.status, text, retryAfterMs(response.headers.get("retry-after")));
          return parseCompletionResponse(text, request, performance.now() - started);
        });
        endpoint.succeeded();
        return { ...result, endpoint: endpoint.url };
      } catch (error) {
        if (this.opts.signal?.aborted || stop?.aborted) throw error;
        const reason = describeError(error);
        if (!isRetryable(error)) {
          endpoint.succeeded(); // the server answered; the request is what is wrong
          throw new SampleError(`sample: ${url} rejected the request for ${label.text} (model ${this.model}): ${reason}`, label.problemId, body);
        }
        endpoint.failed(Date.now());
        last = `${endpoint.url}: ${error instanceof MalformedResponseError ? `answered with the wrong shape: ${reason}` : reason}`;
        if (attempt < this.opts.maxAttempts) {
          this.opts.onRetry?.({ endpoint: endpoint.url, attempt, error: reason });
          retryAfter = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
          await sleep(retryAfter ?? backoffDelay(attempt, this.opts.backoffMs, this.opts.maxBackoffMs), this.stopSignal(stop));
        }
      }
    }
    throw new LlmServerError(
      `sample: no endpoint of model ${this.model} answered POST …${path} for ${label.text} after ${this.opts.maxAttempts} attempts; last error from ${last}`,
      this.endpoints.map((e) => e.url).join(", "),
    );
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }
}
