/** What the last look at `/v1/models` saw, for the error when a server never becomes ready. */
export type ReadyProbe = { ready: true } | { ready: false; seen: string };

/** One look at `<url>/models`: ready when its `data[].id` lists `servedName`. */
export async function probeModels(url: string, servedName: string, timeoutMs = 2000): Promise<ReadyProbe> {
  try {
    const response = await fetch(`${url}/models`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { ready: false, seen: `HTTP ${response.status}` };
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    const ids = (body.data ?? []).map((m) => String(m.id));
    return ids.includes(servedName) ? { ready: true } : { ready: false, seen: `it lists ${ids.length ? ids.map((id) => JSON.stringify(id)).join(", ") : "no model"}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ready: false, seen: cause === "ECONNREFUSED" ? "connection refused" : (error as Error).name === "TimeoutError" ? "no answer" : (error as Error).message };
  }
}

export interface WaitReadyOptions {
  /** Give up after this many ms. */
  timeoutMs: number;
  /** Time between looks. @default 500 */
  intervalMs?: number;
  /** Stops the wait early (the process exited, or Ctrl-C); its reason is thrown. */
  signal?: AbortSignal;
}

/**
 * Waits until `<url>/models` lists `servedName`. Returns undefined when ready, else what the last look saw
 * (the caller words the error: it knows the command and its log). Throws the signal's reason when aborted.
 */
export async function waitReady(url: string, servedName: string, { timeoutMs, intervalMs = 500, signal }: WaitReadyOptions): Promise<string | undefined> {
  const deadline = performance.now() + timeoutMs;
  let seen = "no answer";
  for (;;) {
    signal?.throwIfAborted();
    const probe = await probeModels(url, servedName, Math.min(2000, Math.max(deadline - performance.now(), 100)));
    signal?.throwIfAborted();
    if (probe.ready) return undefined;
    seen = probe.seen;
    if (performance.now() >= deadline) return seen;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(intervalMs, Math.max(deadline - performance.now(), 0)));
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}
