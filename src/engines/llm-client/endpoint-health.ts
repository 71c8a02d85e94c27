import pLimit, { type LimitFunction } from "p-limit";

/** One endpoint's load and health: bounded in-flight requests, taken out after repeated failures. */
export class EndpointHealth {
  readonly limit: LimitFunction;
  private consecutiveFailures = 0;
  private outages = 0;
  /** Until this time (ms epoch) the endpoint is out; after it one probe may go. */
  downUntil = 0;
  private probing = false;
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

  /** In rotation, or out but due for a probe (only one probe at a time). */
  available(now: number): boolean {
    if (this.downUntil === 0) return true;
    return now >= this.downUntil && !this.probing;
  }

  /** Marks the start of a request; returns true when it is a probe of an endpoint that was out. */
  begin(now: number): boolean {
    this.requests++;
    const probe = this.downUntil !== 0 && now >= this.downUntil;
    if (probe) this.probing = true;
    return probe;
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.outages = 0;
    this.downUntil = 0;
    this.probing = false;
  }

  /** Counts a failure; the endpoint goes out (for a doubling cooldown) after `failureThreshold` in a row. */
  failed(now: number): void {
    this.failures++;
    this.consecutiveFailures++;
    const wasProbe = this.probing;
    this.probing = false;
    if (wasProbe || this.consecutiveFailures >= this.failureThreshold) {
      this.downUntil = now + Math.min(this.maxCooldownMs, this.cooldownMs * 2 ** this.outages);
      this.outages++;
    }
  }
}
