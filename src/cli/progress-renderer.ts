import type { ProgressEvent } from "../core/progress.js";

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`;
}

interface BarState {
  first: number;
  event: ProgressEvent;
  /** The last line written in plain mode, so the final state is not printed twice. */
  printed?: string;
}

/**
 * Draws progress events on stderr: live bars with rate and ETA on a terminal, a line every few
 * seconds otherwise (logs, CI). The library emits events; only the CLI draws.
 */
export class ProgressRenderer {
  private bars = new Map<string, BarState>();
  private drawnLines = 0;
  private lastPlain = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly interactive = Boolean(process.stderr.isTTY) && !process.env.CI,
  ) {}

  readonly listener = (event: ProgressEvent): void => {
    const key = `${event.step}:${event.label ?? ""}`;
    const now = Date.now();
    const state = this.bars.get(key) ?? { first: now, event };
    state.event = event;
    this.bars.set(key, state);
    if (event.message) this.log(`${event.step}${event.label ? ` ${event.label}` : ""}: ${event.message}`);
    if (this.interactive) this.redraw();
    else if (now - this.lastPlain > 5000 || (event.total !== undefined && event.done >= event.total)) {
      this.lastPlain = now;
      this.printPlain(state);
    }
  };

  private printPlain(state: BarState): void {
    const { event } = state;
    const key = `${event.done}/${event.total ?? ""}`;
    if (state.printed === key) return;
    state.printed = key;
    this.stream.write(`${this.line(state)}\n`);
  }

  private line({ first, event }: BarState): string {
    const elapsed = (Date.now() - first) / 1000;
    const rate = elapsed > 0 ? event.done / elapsed : 0;
    const name = `${event.step}${event.label ? ` ${event.label}` : ""}`;
    const counters = Object.entries(event.counters ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(" · ");
    if (event.total !== undefined && event.total > 0) {
      const share = Math.min(1, event.done / event.total);
      const width = 24;
      const filled = Math.round(share * width);
      const eta = rate > 0 ? (event.total - event.done) / rate : Number.NaN;
      return `${name} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${event.done}/${event.total} ${event.unit} · ${rate.toFixed(1)}/s · eta ${formatDuration(eta)}${counters ? ` · ${counters}` : ""}`;
    }
    return `${name} ${event.done} ${event.unit} · ${rate.toFixed(1)}/s${counters ? ` · ${counters}` : ""}`;
  }

  private redraw(): void {
    if (this.drawnLines > 0) this.stream.write(`\x1b[${this.drawnLines}A`);
    const lines = [...this.bars.values()].map((b) => this.line(b));
    for (const line of lines) this.stream.write(`\x1b[2K${line}\n`);
    this.drawnLines = lines.length;
  }

  /** Prints a message above the bars. */
  log(message: string): void {
    if (this.interactive && this.drawnLines > 0) {
      this.stream.write(`\x1b[${this.drawnLines}A\x1b[0J`);
      this.drawnLines = 0;
    }
    this.stream.write(`${message}\n`);
    if (this.interactive) this.redraw();
  }

  /** Final state of every bar, then stop drawing. */
  done(): void {
    if (!this.interactive) for (const b of this.bars.values()) this.printPlain(b);
    this.bars.clear();
    this.drawnLines = 0;
  }
}
