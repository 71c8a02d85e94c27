import pLimit, { type LimitFunction } from "p-limit";

/**
 * One endpoint's load and health: bounded in-flight requests; taken out of rotation after repeated
 * failures and put back by a health probe (one at a time, sent by the pool, never by every waiting request).
 */
export class EndpointHealth {
  readonly limit: LimitFunction;
  private consecutiveFailures = 0;
  /** Outages since the last successful request: each doubles the next cool-down. */
  private outages = 0;
  /** Until this time (the pool's monotonic ms) the endpoint is out; after it one probe may go. 0 = in rotation. */
  downUntil = 0;
  /** When the endpoint last went out of rotation (monotonic ms); 0 while in rotation. */
  downSince = 0;
  /** Why it failed last (shown in progress and errors). */
  lastError = "";
  probing = false;
  requests = 0;
  failures = 0;

  constructor(
    readonly url: string,
    concurrency: number,
    private readonly failureThreshold: number,
    private readonly cooldownMs: number,
    private readonly maxCooldownMs: number,
  ) {
    this.limit = pLimit(concurrency);
  }

  /** Requests running or waiting on this endpoint: what least-loaded routing compares. */
  get load(): number {
    return this.limit.activeCount + this.limit.pendingCount;
  }

  get inRotation(): boolean {
    return this.downUntil === 0;
  }

  /** Out of rotation, its cool-down over and no probe running. */
  probeDue(now: number): boolean {
    return !this.inRotation && now >= this.downUntil && !this.probing;
  }

  begin(): void {
    this.requests++;
  }

  /** A request succeeded (or the server answered that the request itself is wrong): fully healthy again. */
  succeeded(): void {
    this.consecutiveFailures = 0;
    this.outages = 0;
    this.downUntil = 0;
    this.downSince = 0;
  }

  /**
   * Counts a failed request; the endpoint goes out after `failureThreshold` in a row. Returns true when
   * this failure took it out. Failures of requests that were in flight when it went out change nothing more,
   * so a burst of them (high concurrency) does not stretch the cool-down.
   */
  failed(now: number, error: string): boolean {
    this.failures++;
    this.consecutiveFailures++;
    this.lastError = error;
    if (!this.inRotation || this.consecutiveFailures < this.failureThreshold) return false;
    this.downSince = now;
    this.goOut(now);
    return true;
  }

  /** The health probe answered: back in rotation (the cool-down keeps doubling until a request succeeds). */
  probeSucceeded(): void {
    this.probing = false;
    this.consecutiveFailures = 0;
    this.downUntil = 0;
    this.downSince = 0;
  }

  probeFailed(now: number, error: string): void {
    this.probing = false;
    this.lastError = error;
    this.goOut(now);
  }

  private goOut(now: number): void {
    this.downUntil = now + Math.min(this.maxCooldownMs, this.cooldownMs * 2 ** this.outages);
    this.outages++;
  }
}
