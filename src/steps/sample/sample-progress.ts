import type { ProgressListener } from "../../core/progress.js";

/** Per-model figures of a sampling run; also what the step result and manifest report. */
export interface ModelSampleStats {
  planned: number;
  done: number;
  requests: number;
  retries: number;
  errors: number;
  prompt_tokens: number;
  /** Sum of the known completion tokens (tokens_unknown samples have no count). */
  completion_tokens: number;
  /** Samples whose completion tokens the server did not report per sample (stored as null). */
  tokens_unknown: number;
  truncated: number;
  /** Of the truncated, those cut by the server's context rather than max_tokens (rollouts.truncation = context). */
  truncated_by_context: number;
  correct: number;
  seconds: number;
  rollouts_per_s: number;
  tokens_per_s: number;
}

/** Counts per model and emits throttled ProgressEvents (done/total, tokens, errors, retries). */
export class SampleProgress {
  readonly models = new Map<string, ModelSampleStats>();
  private readonly started = performance.now();
  private lastEmit = new Map<string, number>();
  /** Completions received and not yet verified, per model: the backlog the bar shows while code is graded. */
  private verifyingNow = new Map<string, number>();

  constructor(
    private readonly listener: ProgressListener,
    private readonly intervalMs = 250,
  ) {}

  stats(model: string): ModelSampleStats {
    let stats = this.models.get(model);
    if (!stats) {
      stats = { planned: 0, done: 0, requests: 0, retries: 0, errors: 0, prompt_tokens: 0, completion_tokens: 0, tokens_unknown: 0, truncated: 0, truncated_by_context: 0, correct: 0, seconds: 0, rollouts_per_s: 0, tokens_per_s: 0 };
      this.models.set(model, stats);
    }
    return stats;
  }

  /** Completions entering (+n) or leaving (-n) verification. */
  verifying(model: string, delta: number): void {
    this.verifyingNow.set(model, (this.verifyingNow.get(model) ?? 0) + delta);
    if (delta > 0) this.emit(model);
  }

  /** Emits the model's bar now, or when the interval has passed. */
  emit(model: string, force = false, message?: string): void {
    const now = performance.now();
    if (!force && !message && now - (this.lastEmit.get(model) ?? 0) < this.intervalMs) return;
    this.lastEmit.set(model, now);
    const s = this.finish(model);
    this.listener({
      step: "sample",
      unit: "rollouts",
      label: model,
      done: s.done,
      total: s.planned,
      counters: { "tok/s": Math.round(s.tokens_per_s), errors: s.errors, retries: s.retries, verifying: this.verifyingNow.get(model) ?? 0 },
      ...(message ? { message } : {}),
    });
  }

  /** Brings rates up to date and returns the model's figures. */
  finish(model: string): ModelSampleStats {
    const s = this.stats(model);
    s.seconds = (performance.now() - this.started) / 1000;
    s.rollouts_per_s = s.seconds > 0 ? s.done / s.seconds : 0;
    s.tokens_per_s = s.seconds > 0 ? s.completion_tokens / s.seconds : 0;
    return s;
  }

  summary(): Record<string, ModelSampleStats> {
    return Object.fromEntries([...this.models.keys()].map((m) => [m, { ...this.finish(m), rollouts_per_s: round(this.finish(m).rollouts_per_s), tokens_per_s: round(this.finish(m).tokens_per_s), seconds: round(this.finish(m).seconds) }]));
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
