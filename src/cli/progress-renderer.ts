import type { ProgressEvent } from "../core/progress.js";

/** "1.2 s", "45 s", "3m05s", "2h07m"; "?" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.floor(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`;
}

/** A rate with as many digits as it deserves: 1234/s, 56.7/s, 0.42/s. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return "";
  if (perSecond >= 100) return `${Math.round(perSecond).toLocaleString("en-US")}/s`;
  if (perSecond >= 10) return `${perSecond.toFixed(1)}/s`;
  return `${perSecond.toPrecision(2)}/s`;
}

/** A rate needs this much time behind it to mean anything: an instant step has none. */
const MIN_RATE_SECONDS = 1;
/** The ETA uses the rate over about this window, so a stall shows instead of an old, fast average. */
const RATE_WINDOW_MS = 20_000;

interface BarState {
  first: number;
  /** When `done` last moved (a stall shows as its age). */
  moved: number;
  /** Samples (time, done) over the last RATE_WINDOW_MS. */
  history: { at: number; done: number }[];
  event: ProgressEvent;
  finished?: number;
  /** The final line was printed in plain mode. */
  reported?: boolean;
}

export interface ProgressRendererOptions {
  /** Clock in ms (tests drive it). @default Date.now */
  now?: () => number;
  /** Plain mode (not a terminal): one summary line per interval. @default 10000 */
  intervalMs?: number;
  /** Terminal mode: at most one redraw per this many ms. @default 100 */
  redrawMs?: number;
}

/** The part of a model id after its organisation, so one line per model fits a terminal. */
const shortLabel = (label: string) => label.slice(label.lastIndexOf("/") + 1);

/** "DeepSeek-R1…Qwen-1.5B": a long name cut in the middle, keeping the end that tells models apart. */
function middleCut(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.ceil((max - 1) / 2);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/** Cuts a line to `width` visible characters, ending it with "…" when cut. */
export function fitLine(line: string, width: number): string {
  const chars = [...line];
  return chars.length <= width ? line : `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

/**
 * Draws progress events on stderr. On a terminal: one line per bar (per model while sampling), each
 * cut to the terminal's width so nothing wraps, redrawn in place at most every `redrawMs`. Otherwise
 * (logs, CI): one summary line per interval and one line when a bar finishes. Rates and ETAs come from
 * the recent window (a stall shows as "no progress for 40 s", not as an old ETA); a bar that finishes
 * within a second says "done in 0.2 s" instead of a meaningless rate. The library emits events; only the
 * CLI draws.
 */
export class ProgressRenderer {
  private bars = new Map<string, BarState>();
  private drawnLines = 0;
  private lastPlain: number;
  private lastDraw = 0;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly redrawMs: number;

  constructor(
    private readonly stream: Pick<NodeJS.WriteStream, "write"> & { columns?: number } = process.stderr,
    private readonly interactive = Boolean(process.stderr.isTTY) && !process.env.CI,
    options: ProgressRendererOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.redrawMs = options.redrawMs ?? 100;
    this.lastPlain = this.now();
  }

  readonly listener = (event: ProgressEvent): void => {
    const key = `${event.step}:${event.label ?? ""}`;
    const now = this.now();
    const state = this.bars.get(key) ?? { first: now, moved: now, history: [], event };
    if (event.done !== state.event.done) state.moved = now;
    state.event = event;
    state.history.push({ at: now, done: event.done });
    while (state.history.length > 2 && now - state.history[1].at > RATE_WINDOW_MS) state.history.shift();
    const finished = event.total !== undefined && event.done >= event.total;
    if (finished && state.finished === undefined) state.finished = now;
    if (!finished) state.finished = undefined;
    this.bars.set(key, state);
    this.retireFinished(event.step);
    if (event.message) this.log(`${event.step}${event.label ? ` ${event.label}` : ""}: ${event.message}`);
    if (this.interactive) {
      if (finished || now - this.lastDraw >= this.redrawMs) this.redraw();
      return;
    }
    if (finished && !state.reported) {
      state.reported = true;
      this.stream.write(`${this.line(state)}\n`);
    } else if (now - this.lastPlain >= this.intervalMs) {
      this.lastPlain = now;
      const summary = this.summary(event.step);
      if (summary) this.stream.write(`${summary}\n`);
    }
  };

  /**
   * Bars of earlier steps leave the live block once another step reports: on a terminal their final
   * line is printed once above it (a step whose bar stopped short, as adaptive sampling's do, says so),
   * so a pipeline's display stays as tall as the step that runs now.
   */
  private retireFinished(step: string): void {
    const retired = [...this.bars].filter(([, b]) => b.event.step !== step);
    if (!retired.length) return;
    if (this.interactive) {
      if (this.drawnLines > 0) this.stream.write(`\x1b[${this.drawnLines}A\x1b[0J`);
      this.drawnLines = 0;
      const width = this.width();
      this.stream.write(retired.map(([, b]) => `${fitLine(this.finalLine(b, width), width)}\n`).join(""));
    } else {
      for (const [, b] of retired) if (!b.reported) this.stream.write(`${this.finalLine(b)}\n`);
    }
    for (const [key] of retired) this.bars.delete(key);
  }

  /** A bar's last word: "done in 1.2 s", or where it stopped when it never reached its total. */
  private finalLine(state: BarState, width?: number): string {
    if (state.finished !== undefined) return this.line(state, width);
    const { event } = state;
    const label = event.label ? shortLabel(event.label) : "";
    const name = `${event.step}${label ? ` ${width && width < 100 ? middleCut(label, 24) : label}` : ""}`;
    const took = (this.now() - state.first) / 1000;
    return `${name}: ${event.done}${event.total !== undefined ? ` of ${event.total}` : ""} ${event.unit} in ${formatDuration(took)}`;
  }

  /** Plain mode: every unfinished bar of the step on one line ("" when none is left). */
  private summary(step: string): string {
    const bars = [...this.bars.values()].filter((b) => b.event.step === step && b.finished === undefined);
    if (!bars.length) return "";
    const parts = bars.map((b) => `${b.event.label ? `${shortLabel(b.event.label)} ` : ""}${b.event.done}${b.event.total !== undefined ? `/${b.event.total}` : ""}${this.pace(b)}`);
    return `${step} ${bars[0]?.event.unit ?? ""}: ${parts.join(" · ")}`;
  }

  /** " · 12.5/s · eta 40 s" from the recent window, or why there is no honest figure. */
  private pace(state: BarState): string {
    const now = this.now();
    const { event } = state;
    const stalled = (now - state.moved) / 1000;
    const backlog = event.counters?.verifying;
    const waiting = backlog ? ` · ${backlog} verifying` : "";
    if ((now - state.first) / 1000 < MIN_RATE_SECONDS) return waiting;
    const oldest = state.history[0];
    const rate = now > oldest.at ? ((event.done - oldest.done) * 1000) / (now - oldest.at) : 0;
    if (stalled >= 10) return `${waiting} · no progress for ${formatDuration(stalled)}`;
    const shown = formatRate(rate);
    if (!shown) return waiting;
    const eta = event.total !== undefined ? ` · eta ${formatDuration((event.total - event.done) / rate)}` : "";
    return ` · ${shown}${eta}${waiting}`;
  }

  /**
   * One bar's line. With a width, what matters most is kept: the name and count, then rate, ETA and
   * backlog, then the bar (8 to 24 cells), the unit and the other counters, each only if it still fits.
   */
  private line(state: BarState, width?: number): string {
    const { event } = state;
    const label = event.label ? shortLabel(event.label) : "";
    const name = `${event.step}${label ? ` ${width && width < 100 ? middleCut(label, 24) : label}` : ""}`;
    const counters = Object.entries(event.counters ?? {})
      .filter(([k, v]) => k !== "verifying" && v !== 0)
      .map(([k, v]) => `${k} ${v}`)
      .join(" · ");
    const extra = counters ? ` · ${counters}` : "";
    if (state.finished !== undefined) {
      const took = (state.finished - state.first) / 1000;
      // A handful of phases per second is not a rate worth reading.
      const rate = took >= MIN_RATE_SECONDS && event.done >= 20 ? formatRate(event.done / took) : "";
      return `${name}: ${event.done} ${event.unit} done in ${formatDuration(took)}${rate ? ` (${rate})` : ""}${extra}`;
    }
    const pace = this.pace(state);
    const room = width ?? Number.POSITIVE_INFINITY;
    if (event.total === undefined || event.total <= 0) {
      const base = `${name} ${event.done}`;
      return `${base}${base.length + event.unit.length + 1 + pace.length <= room ? ` ${event.unit}` : ""}${pace}${base.length + event.unit.length + 1 + pace.length + extra.length <= room ? extra : ""}`;
    }
    const count = ` ${event.done}/${event.total}`;
    let used = name.length + count.length + pace.length;
    const barCells = Math.min(24, room - used - 3);
    const bar = barCells >= 8 ? ` [${"#".repeat(Math.round(Math.min(1, event.done / event.total) * barCells))}${"-".repeat(barCells - Math.round(Math.min(1, event.done / event.total) * barCells))}]` : "";
    used += bar.length;
    const unit = used + event.unit.length + 1 <= room ? ` ${event.unit}` : "";
    used += unit.length;
    return `${name}${bar}${count}${unit}${pace}${used + extra.length <= room ? extra : ""}`;
  }

  /** Columns to draw in: one less than the terminal's, so the cursor never wraps a full line. */
  private width(): number {
    return Math.max(20, (this.stream.columns ?? 80) - 1);
  }

  private redraw(): void {
    this.lastDraw = this.now();
    const width = this.width();
    let out = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : "";
    const lines = [...this.bars.values()].map((b) => fitLine(this.line(b, width), width));
    for (const line of lines) out += `\x1b[2K${line}\n`;
    // Fewer bars than last time: clear what is left below.
    if (lines.length < this.drawnLines) out += "\x1b[0J";
    this.stream.write(out);
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
    if (this.interactive && this.drawnLines > 0) this.stream.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    const width = this.interactive ? this.width() : undefined;
    for (const b of this.bars.values()) {
      if (b.reported) continue;
      b.reported = true;
      const line = this.finalLine(b, width);
      this.stream.write(`${width ? fitLine(line, width) : line}\n`);
    }
    this.bars.clear();
    this.drawnLines = 0;
  }
}
