import { MalformedResponseError } from "./openai-api.js";

/** A non-2xx answer; `retryAfterMs` from the Retry-After header when present. */
export class HttpStatusError extends Error {
  override name = "HttpStatusError";
  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}${body ? `: ${serverMessage(body)}` : ""}`);
  }
}

/** The `error.message` of an OpenAI-style error body, else the body's start. */
function serverMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: string } | string; message?: string; detail?: string };
    const message = typeof json.error === "string" ? json.error : (json.error?.message ?? json.message ?? json.detail);
    if (message) return String(message).slice(0, 300);
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 200);
}

/** Server faults, overload, timeouts, resets and garbage are retried; other 4xx are the request's fault. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpStatusError) return error.status === 408 || error.status === 429 || error.status >= 500;
  return true;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds (capped at a minute). */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(60_000, Math.max(0, ms)) : undefined;
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

/** One line for an error, including the network cause fetch hides in `cause`. */
export function describeError(error: unknown): string {
  if (error instanceof HttpStatusError || error instanceof MalformedResponseError) return error.message;
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return "timed out";
  const cause = e?.cause ? ` (${e.cause.code ?? e.cause.message})` : "";
  return `${e?.message ?? String(error)}${cause}`;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Chance, at the fault rate others see, that a request fails this many times in a row by bad luck alone. */
const BAD_LUCK = 1e-6;

/**
 * Attempts one request may use. `maxAttempts` as set; more while other requests to the model show random
 * faults at a share p in (0, 1) — enough that p^k < 1e-6, up to 8 × maxAttempts — so a transient storm (50%
 * faults) does not end a long run. With no evidence (fewer than 20 other attempts), no fault, or nothing but
 * faults (a server that is down or broken), it stays `maxAttempts`.
 */
export function attemptBudget(maxAttempts: number, othersFailed: number, othersTotal: number): number {
  if (othersTotal < 20) return maxAttempts;
  const share = othersFailed / othersTotal;
  if (share <= 0 || share >= 1) return maxAttempts;
  const needed = Math.ceil(Math.log(BAD_LUCK) / Math.log(share));
  return Math.min(8 * maxAttempts, Math.max(maxAttempts, needed));
}

/** Outcomes of the last `size` attempts of a model (over all its requests): the fault share retries scale with. */
export class OutcomeWindow {
  private readonly outcomes: boolean[] = [];
  private next = 0;
  failed = 0;

  constructor(private readonly size = 200) {}

  get total(): number {
    return this.outcomes.length;
  }

  record(failed: boolean): void {
    if (this.outcomes.length < this.size) this.outcomes.push(failed);
    else {
      if (this.outcomes[this.next]) this.failed--;
      this.outcomes[this.next] = failed;
      this.next = (this.next + 1) % this.size;
    }
    if (failed) this.failed++;
  }
}

/** A duration like "5m", "90s", "2.5s" or "1500ms", in milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as "ms" | "s" | "m" | "h"];
}

/** A duration in words for messages: "2.5 s", "5 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

/** A time of day for messages, UTC: "07:31:02 UTC". */
export function clockTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}
