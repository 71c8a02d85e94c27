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
