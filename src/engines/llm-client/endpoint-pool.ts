import { Agent, type Dispatcher } from "undici";
import type { ChatMessage } from "../../core/prompt-template.js";
import { LlmServerError, SampleError, UsageError } from "../../core/errors.js";
import { EndpointHealth } from "./endpoint-health.js";
import { MalformedResponseError, parseCompletionResponse, requestBody, type CompletionRequest, type CompletionResult } from "./openai-api.js";
import { HttpStatusError, OutcomeWindow, attemptBudget, backoffDelay, clockTime, describeError, formatDuration, isRetryable, retryAfterMs } from "./retry-policy.js";

/** An endpoint going out of rotation (with when the next probe goes) or coming back. */
export type EndpointStateEvent =
  | { state: "down"; endpoint: string; since: number; retryAt: number; error: string; giveUpAt: number }
  | { state: "up"; endpoint: string; downMs: number };

export interface EndpointPoolOptions {
  /** Injected fetch (tests, proxies). @default global fetch with a keep-alive agent sized to the concurrency */
  fetch?: typeof fetch;
  /** In-flight requests per endpoint. @default 64 */
  concurrency?: number;
  /** Per-request timeout. @default 600000 */
  timeoutMs?: number;
  /** Attempts per request (over all endpoints) before giving up; more while other requests show random faults (see attemptBudget). @default 8 */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, with full jitter. @default 250 */
  backoffMs?: number;
  /** @default 20000 */
  maxBackoffMs?: number;
  /** Consecutive failures that take an endpoint out of rotation. @default 3 */
  failureThreshold?: number;
  /** How long an endpoint stays out before a health probe; doubles per outage, up to giveUpAfterMs / 8 (at most a minute). @default 2000 */
  cooldownMs?: number;
  /**
   * Once every endpoint is out of rotation and none has answered for this long, every waiting and later
   * request fails with ModelUnreachableError. Waiting for an endpoint counts, at any concurrency. @default 300000
   */
  giveUpAfterMs?: number;
  /** Bearer token. */
  apiKey?: string;
  signal?: AbortSignal;
  /** Called on every retried failure. */
  onRetry?: (info: { endpoint: string; attempt: number; error: string }) => void;
  /** Called when an endpoint goes out of rotation, after each failed probe, and when it comes back. */
  onEndpointState?: (event: EndpointStateEvent) => void;
}

/** Every endpoint of a model stayed unreachable for the give-up time. */
export class ModelUnreachableError extends LlmServerError {
  override name = "ModelUnreachableError";
}

/** A 5xx other than 503 (overload, never the request's fault). */
function isServerFault(error: unknown): boolean {
  return error instanceof HttpStatusError && error.status >= 500 && error.status !== 503;
}

/** What a request queued on an endpoint that went out meanwhile gets instead of a result. */
const REROUTE = Symbol("reroute");

/**
 * Durations (cool-downs, the give-up time) run on the monotonic clock: a wall clock stepped by NTP or a VM's
 * time sync would otherwise make a model "unreachable for 7 s" one second into an outage (seen in CI).
 */
function monotonicNow(): number {
  return performance.now();
}

/** A monotonic time as ms epoch, for the clock times users read. */
function wallClock(monotonicMs: number): number {
  return Date.now() - (monotonicNow() - monotonicMs);
}

/** Longest a health probe (GET /models) may take: it only asks whether the server is there. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * The endpoints of one model: least-loaded routing, bounded in-flight, retries, health.
 * An endpoint failing `failureThreshold` times in a row goes out of rotation; after its cool-down the pool
 * (not the waiting requests) sends one `GET /models` probe, and an answer puts it back. A model none of
 * whose endpoints has answered for `giveUpAfterMs`, all of them out, fails every request at once.
 */
export class EndpointPool {
  readonly endpoints: EndpointHealth[];
  private readonly fetchFn: typeof fetch;
  private readonly dispatcher?: Dispatcher;
  private readonly opts: Required<Omit<EndpointPoolOptions, "fetch" | "apiKey" | "signal" | "onRetry" | "onEndpointState">> & EndpointPoolOptions;
  /** When an endpoint of this model last answered anything but a 5xx (a result, a 4xx, a probe); monotonic ms. */
  private lastReachedAt = monotonicNow();
  private readonly outcomes = new OutcomeWindow();
  /** When a request of this model last succeeded (monotonic ms; 0 = never). */
  private lastSucceededAt = 0;
  /** Requests waiting for an endpoint or a backoff: woken when an endpoint's state changes. */
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    readonly model: string,
    urls: readonly string[],
    options: EndpointPoolOptions = {},
  ) {
    if (urls.length === 0) throw new LlmServerError(`sample: model ${model} has no endpoints`);
    const { concurrency = 64, timeoutMs = 600_000, maxAttempts = 8, backoffMs = 250, maxBackoffMs = 20_000, failureThreshold = 3, cooldownMs = 2000, giveUpAfterMs = 300_000 } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`sample: expected \`concurrency\` of ${model} to be an integer from 1 up, got ${concurrency}`);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError(`sample: expected \`maxAttempts\` to be an integer from 1 up, got ${maxAttempts}`);
    if (!(giveUpAfterMs > 0)) throw new TypeError(`sample: expected \`giveUpAfterMs\` to be a positive number, got ${giveUpAfterMs}`);
    this.opts = { ...options, concurrency, timeoutMs, maxAttempts, backoffMs, maxBackoffMs, failureThreshold, cooldownMs, giveUpAfterMs };
    // Several probes fit in the give-up time, so an outage shorter than it is noticed ending.
    const maxCooldownMs = Math.max(cooldownMs, Math.min(60_000, giveUpAfterMs / 8));
    this.endpoints = urls.map((url) => new EndpointHealth(url.replace(/\/+$/, ""), concurrency, failureThreshold, cooldownMs, maxCooldownMs));
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
  private async send<T>(url: string, init: RequestInit, stop: AbortSignal | undefined, read: (response: Response) => Promise<T>, timeoutMs = this.opts.timeoutMs, dispatcher = this.dispatcher): Promise<T> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
    const signal = AbortSignal.any([timeout.signal, ...(this.opts.signal ? [this.opts.signal] : []), ...(stop ? [stop] : [])]);
    try {
      const response = await this.fetchFn(url, { ...init, signal, ...(dispatcher ? { dispatcher } : {}) } as RequestInit);
      return await read(response);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Up-front check: each endpoint answers `GET /models` and lists the served name. Returns the smallest
   * context size the endpoints report for it (vLLM and SGLang `max_model_len`; llama.cpp the per-slot
   * `n_ctx` of `GET /props`, else the listing's `meta.n_ctx`), if any does, the smallest bound on `n`
   * a server states (llama.cpp `total_slots`), and the entry's `owned_by` (vllm, sglang, llamacpp) when every
   * endpoint names the same one.
   */
  async check(servedName: string): Promise<{ contextTokens?: number; maxN?: number; ownedBy?: string }> {
    const contexts: number[] = [];
    const bounds: number[] = [];
    const owners = new Set<string | undefined>();
    for (const endpoint of this.endpoints) {
      const where = `sample: endpoint ${endpoint.url} of model ${this.model} (GET ${endpoint.url}/models)`;
      let entries: ModelEntry[];
      try {
        const { response, text } = await this.send(`${endpoint.url}/models`, { method: "GET", headers: this.headers() }, undefined, async (r) => ({ response: r, text: await r.text() }));
        if (!response.ok) throw new Error(`HTTP ${response.status} ${text.slice(0, 200)}`);
        const body = JSON.parse(text) as { data?: ModelEntry[] };
        if (!Array.isArray(body.data)) throw new Error("the answer has no `data` list (is this an OpenAI-compatible /v1 URL?)");
        entries = body.data;
      } catch (error) {
        throw new LlmServerError(`${where} does not answer: ${describeError(error)}`, endpoint.url);
      }
      // llama.cpp lists one name as `id` (the first --alias, sorted, or the model file's) and every --alias under `aliases`.
      const names = (m: ModelEntry) => [String(m.id), ...(Array.isArray(m.aliases) ? m.aliases.map(String) : [])];
      const entry = entries.find((m) => names(m).includes(servedName));
      if (!entry) {
        const ids = entries.flatMap(names);
        throw new LlmServerError(`${where}: the server does not serve ${JSON.stringify(servedName)}; it serves ${ids.map((id) => JSON.stringify(id)).join(", ") || "nothing"}`, endpoint.url);
      }
      owners.add(typeof entry.owned_by === "string" ? entry.owned_by : undefined);
      // llama.cpp: what one request gets is a slot's context (`-c 32768 -np 4`: 8192), which `/props` states in
      // every build and newer listings as `meta.n_ctx`; never the listing's training context (`meta.n_ctx_train`).
      const props = entry.owned_by === "llamacpp" ? await this.llamaCppProps(endpoint.url) : undefined;
      const context = props?.contextTokens ?? reportedContext(entry);
      if (context !== undefined) contexts.push(context);
      if (props?.slots !== undefined) bounds.push(props.slots);
    }
    this.lastReachedAt = monotonicNow();
    const [owner] = owners;
    return {
      ...(contexts.length ? { contextTokens: Math.min(...contexts) } : {}),
      ...(bounds.length ? { maxN: Math.min(...bounds) } : {}),
      ...(owners.size === 1 && owner !== undefined ? { ownedBy: owner } : {}),
    };
  }

  /**
   * llama.cpp's `GET /props` (at the server's root): the per-slot context (`default_generation_settings.n_ctx`)
   * and the parallel slots (`total_slots`), which bound `n`. Anything else (an older build, a proxy that does
   * not pass the path) leaves both unknown: the check never fails on it.
   */
  private async llamaCppProps(base: string): Promise<{ contextTokens?: number; slots?: number } | undefined> {
    try {
      const body = await this.send(`${serverRoot(base)}/props`, { method: "GET", headers: this.headers() }, undefined, async (r) => (r.ok ? ((await r.json()) as LlamaCppProps) : undefined), Math.min(this.opts.timeoutMs, PROBE_TIMEOUT_MS));
      return { contextTokens: positiveInteger(body?.default_generation_settings?.n_ctx), slots: positiveInteger(body?.total_slots) };
    } catch {
      return undefined;
    }
  }

  /**
   * The least-loaded endpoint in rotation. While none is, starts the probes that are due and waits for a
   * change; once none has answered for the give-up time, throws ModelUnreachableError.
   */
  private async pick(stop?: AbortSignal): Promise<EndpointHealth> {
    for (;;) {
      const ready = this.endpoints.filter((e) => e.inRotation);
      if (ready.length) return ready.reduce((best, e) => (e.load < best.load ? e : best));
      const now = monotonicNow();
      this.throwIfGivenUp(now);
      for (const endpoint of this.endpoints) if (endpoint.probeDue(now)) void this.probe(endpoint);
      const nextProbe = Math.min(...this.endpoints.map((e) => (e.probing ? Infinity : e.downUntil)));
      await this.wait(Math.min(nextProbe, this.giveUpAt()) - now, stop);
    }
  }

  private giveUpAt(): number {
    return this.lastReachedAt + this.opts.giveUpAfterMs;
  }

  /** Every endpoint out of rotation and none answering for the give-up time: the model is unreachable. */
  private throwIfGivenUp(now: number): void {
    if (this.endpoints.some((e) => e.inRotation) || now < this.giveUpAt()) return;
    const down = this.endpoints.map((e) => `${e.url} down since ${clockTime(wallClock(e.downSince))} (last error: ${e.lastError})`).join("; ");
    throw new ModelUnreachableError(
      `sample: no endpoint of model ${this.model} has answered for ${formatDuration(now - this.lastReachedAt)} (give up after ${formatDuration(this.opts.giveUpAfterMs)}): ${down}`,
      this.endpoints.map((e) => e.url).join(", "),
    );
  }

  /**
   * One health probe of an endpoint out of rotation: any 2xx to GET /models puts it back. It goes over a new
   * connection: a server that has stopped listening may still answer /models on a connection kept alive from
   * before while its completions hang (llama-server, for a moment after SIGTERM); only a new one says it is there.
   */
  private async probe(endpoint: EndpointHealth): Promise<void> {
    endpoint.probing = true;
    const downMs = monotonicNow() - endpoint.downSince;
    const fresh = this.dispatcher ? new Agent({ connections: 1 }) : undefined;
    try {
      const status = await this.send(`${endpoint.url}/models`, { method: "GET", headers: this.headers() }, undefined, async (r) => (await r.arrayBuffer(), r.status), Math.min(this.opts.timeoutMs, PROBE_TIMEOUT_MS), fresh);
      if (status < 200 || status >= 300) throw new HttpStatusError(status, "");
      if (this.closed) return;
      this.lastReachedAt = monotonicNow();
      endpoint.probeSucceeded();
      this.opts.onEndpointState?.({ state: "up", endpoint: endpoint.url, downMs });
    } catch (error) {
      if (this.closed) return;
      endpoint.probeFailed(monotonicNow(), `GET /models: ${describeError(error)}`);
      this.reportDown(endpoint);
    } finally {
      void fresh?.destroy().catch(() => {});
      this.notify();
    }
  }

  private reportDown(endpoint: EndpointHealth): void {
    this.opts.onEndpointState?.({ state: "down", endpoint: endpoint.url, since: wallClock(endpoint.downSince), retryAt: wallClock(endpoint.downUntil), error: endpoint.lastError, giveUpAt: wallClock(this.giveUpAt()) });
  }

  /**
   * Waits `ms`, or until the run stops, or (when `wake`) until an endpoint's state changes. Backoffs do not
   * wake: that would send every backed-off request at once.
   */
  private wait(ms: number, stop?: AbortSignal, wake = true): Promise<void> {
    const signals = [stop, this.opts.signal].filter((s): s is AbortSignal => s !== undefined);
    return new Promise((resolve, reject) => {
      const aborted = signals.find((s) => s.aborted);
      if (aborted) return reject(aborted.reason);
      const finish = (error?: unknown) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        for (const s of signals) s.removeEventListener("abort", onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const done = () => finish();
      const onAbort = (event: Event) => finish((event.target as AbortSignal).reason);
      const timer = setTimeout(done, Math.max(0, ms));
      if (wake) this.waiters.add(done);
      for (const s of signals) s.addEventListener("abort", onAbort, { once: true });
    });
  }

  private notify(): void {
    for (const done of [...this.waiters]) done();
  }

  /**
   * Sends one request with retries; `label` names it in errors (problem, samples).
   * 4xx other than 408/429 is the request's fault: a SampleError at once, never retried.
   * `stop` abandons the request (and its retries) when the run is stopping.
   */
  async complete(request: CompletionRequest, label: { problemId: string; text: string }, stop?: AbortSignal): Promise<CompletionResult & { endpoint: string }> {
    const { path, body } = requestBody(request);
    const { value, endpoint } = await this.post({ path, url: (base) => `${base}${path}` }, body, label, stop, (text, ms) => parseCompletionResponse(text, request, ms));
    return { ...value, endpoint };
  }

  /**
   * The server's own chat template applied to `messages` (llama.cpp `POST /apply-template` at the server's root,
   * answering `{ prompt }`), with the retries of a completion. A 404 (a server without the endpoint: vLLM, SGLang)
   * is a UsageError naming the model and the URL: the run stops rather than fall back to another format.
   */
  async applyTemplate(messages: readonly ChatMessage[], label: { problemId: string; text: string }, stop?: AbortSignal): Promise<string> {
    const route = { path: "/apply-template", url: (base: string) => `${serverRoot(base)}/apply-template` };
    const answer = await this.post(route, { messages }, label, stop, parseTemplateAnswer, (error, url) =>
      error.status === 404
        ? new UsageError(`sample: model ${this.model} has promptTemplate "server", but ${url} answered 404: the server does not offer its chat template (llama.cpp's llama-server does; vLLM and SGLang do not); give the model's format as promptTemplate or use api "chat"`)
        : undefined,
    );
    return answer.value;
  }

  /**
   * Sends one POST with retries, routed over the endpoints; `route.url` makes the URL from an endpoint's base,
   * `parse` reads a 2xx body (a MalformedResponseError is retried), `refused` may turn a 4xx into an error of its own.
   */
  private async post<T>(
    route: { path: string; url: (base: string) => string },
    body: Record<string, unknown>,
    label: { problemId: string; text: string },
    stop: AbortSignal | undefined,
    parse: (text: string, latencyMs: number) => T,
    refused?: (error: HttpStatusError, url: string) => Error | undefined,
  ): Promise<{ value: T; endpoint: string }> {
    const path = route.path;
    const payload = JSON.stringify(body);
    let last = "";
    let failures = 0;
    let previous = ""; // this request's last 5xx answer, status and body
    let identical = 0; // answers identical to the previous one, in a row
    const firstTry = monotonicNow();
    for (;;) {
      const endpoint = await this.pick(stop);
      const url = route.url(endpoint.url);
      try {
        const result = await endpoint.limit(async () => {
          // Queued behind the endpoint's bound while it went out: back to routing, no attempt used.
          if (!endpoint.inRotation) return REROUTE;
          endpoint.begin();
          const started = performance.now();
          const { response, text } = await this.send(url, { method: "POST", headers: this.headers(), body: payload }, stop, async (r) => ({ response: r, text: await r.text() }));
          if (response.status < 500) this.lastReachedAt = monotonicNow();
          if (!response.ok) throw new HttpStatusError(response.status, text, retryAfterMs(response.headers.get("retry-after")));
          return parse(text, performance.now() - started);
        });
        if (result === REROUTE) continue;
        this.succeeded(endpoint);
        return { value: result, endpoint: endpoint.url };
      } catch (error) {
        if (this.opts.signal?.aborted || stop?.aborted) throw error;
        const reason = describeError(error);
        if (!isRetryable(error)) {
          this.succeeded(endpoint); // the server answered; the request is what is wrong
          const own = error instanceof HttpStatusError ? refused?.(error, url) : undefined;
          if (own) throw own;
          throw new SampleError(`sample: ${url} rejected the request for ${label.text} (model ${this.model}): ${reason}`, label.problemId, body);
        }
        // The same 5xx, word for word, as this request's last attempt: with a fixed seed a retry regenerates the same
        // output, so it says nothing more about the endpoint's health than the first did.
        const answer = error instanceof HttpStatusError ? `${error.status} ${error.body}` : "";
        identical = answer && answer === previous ? identical + 1 : 0;
        previous = answer;
        failures++;
        // The budget scales with the fault share the model's other requests see (this one's failures left out).
        const budget = attemptBudget(this.opts.maxAttempts, Math.max(0, this.outcomes.failed - failures), this.outcomes.total - Math.min(failures, this.outcomes.failed));
        this.outcomes.record(true);
        const now = monotonicNow();
        if (identical === 0 && endpoint.failed(now, reason)) {
          this.reportDown(endpoint);
          this.notify();
        }
        last = `${endpoint.url}: ${error instanceof MalformedResponseError ? `answered with the wrong shape: ${reason}` : reason}`;
        this.throwIfGivenUp(now);
        if (failures >= budget && this.lastSucceededAt > firstTry && isServerFault(error)) {
          // Other requests of the model succeed meanwhile: this one is what the server cannot serve (a deterministic
          // 5xx for its prompt), skipped per problem, not a reason to stop the run or take the endpoint out.
          throw new SampleError(`sample: ${url} failed the request for ${label.text} (model ${this.model}) ${failures} times while other requests succeed; last: ${reason}`, label.problemId, body);
        }
        if (failures >= budget) {
          throw new LlmServerError(
            `sample: no endpoint of model ${this.model} answered POST …${path} for ${label.text} after ${failures} attempts; last error from ${last}`,
            this.endpoints.map((e) => e.url).join(", "),
          );
        }
        this.opts.onRetry?.({ endpoint: endpoint.url, attempt: failures, error: reason });
        const retryAfter = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
        const delay = retryAfter ?? backoffDelay(failures, this.opts.backoffMs, this.opts.maxBackoffMs);
        // With every endpoint out, no backoff outlasts the give-up time (pick then decides).
        const allOut = !this.endpoints.some((e) => e.inRotation);
        await this.wait(allOut ? Math.min(delay, this.giveUpAt() - now) : delay, stop, false);
      }
    }
  }

  private succeeded(endpoint: EndpointHealth): void {
    const wasOut = !endpoint.inRotation;
    const downMs = monotonicNow() - endpoint.downSince;
    endpoint.succeeded();
    this.outcomes.record(false);
    this.lastReachedAt = monotonicNow();
    this.lastSucceededAt = this.lastReachedAt;
    if (wasOut) {
      this.opts.onEndpointState?.({ state: "up", endpoint: endpoint.url, downMs });
      this.notify();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.notify();
    await this.dispatcher?.close();
  }
}

/** One entry of `GET /models`, with the fields some servers add. */
interface ModelEntry {
  id?: unknown;
  aliases?: unknown;
  owned_by?: unknown;
  max_model_len?: unknown;
  meta?: { n_ctx?: unknown } | null;
}

/** The part of llama.cpp's `GET /props` answer rungs reads. */
interface LlamaCppProps {
  default_generation_settings?: { n_ctx?: unknown } | null;
  total_slots?: unknown;
}

/** A `/v1` endpoint URL's server root, where llama.cpp's own routes (`/props`, `/apply-template`) live. */
function serverRoot(base: string): string {
  return base.replace(/\/v1$/, "");
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The context size a `/models` entry reports: `meta.n_ctx` (newer llama.cpp builds), `max_model_len` (vLLM, SGLang); none if neither is a positive integer. */
function reportedContext(entry: ModelEntry): number | undefined {
  return positiveInteger(entry.meta?.n_ctx) ?? positiveInteger(entry.max_model_len);
}

/** The answer of llama.cpp's `POST /apply-template`: `{ prompt }`. */
function parseTemplateAnswer(text: string): string {
  let json: { prompt?: unknown };
  try {
    json = JSON.parse(text) as { prompt?: unknown };
  } catch {
    throw new MalformedResponseError(`the body is not JSON (starts ${JSON.stringify(text.slice(0, 60))})`);
  }
  if (typeof json?.prompt !== "string") throw new MalformedResponseError("`prompt` is missing or not a string");
  return json.prompt;
}
