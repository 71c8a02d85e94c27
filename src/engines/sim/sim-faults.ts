import { SimRandom } from "./sim-random.js";

export type FaultKind = "error_500" | "reset" | "stall" | "garbage" | "queue_full";

export interface SimFaultOptions {
  /** Share of completion requests that fail. @default 0 */
  rate?: number;
  /** Relative weights of the fault kinds. @default equal weights */
  kinds?: Partial<Record<FaultKind, number>>;
  /** How long a stalled request hangs before its connection is dropped. @default 30000 */
  stallMs?: number;
  /** Retry-After (seconds) of a 503 "queue full". @default 1 */
  retryAfterS?: number;
  /** Seed of the fault sequence (faults never change answer content). @default 1 */
  seed?: number;
}

/** Decides, request by request, whether to inject a fault; independent of what is asked. */
export class SimFaults {
  private readonly rng: SimRandom;
  private readonly weights: Record<FaultKind, number>;
  readonly counts: Record<FaultKind, number> = { error_500: 0, reset: 0, stall: 0, garbage: 0, queue_full: 0 };

  constructor(readonly options: SimFaultOptions = {}) {
    this.rng = new SimRandom(`faults:${options.seed ?? 1}`);
    this.weights = { error_500: 1, reset: 1, stall: 1, garbage: 1, queue_full: 1, ...options.kinds };
  }

  next(): FaultKind | undefined {
    const rate = this.options.rate ?? 0;
    if (rate <= 0 || this.rng.next() >= rate) return undefined;
    const kind = this.rng.weighted(this.weights);
    this.counts[kind]++;
    return kind;
  }
}
