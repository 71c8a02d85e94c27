import { describe, expect, it } from "vitest";
import { fitLine, formatRate, ProgressRenderer } from "../../src/cli/progress-renderer.js";
import type { ProgressEvent } from "../../src/core/progress.js";

/**
 * A minimal terminal: a grid of `columns`, with the escapes the renderer uses (cursor up, erase line,
 * erase below), `\n` as a new line (what a tty's onlcr makes of it) and auto-wrap at the right margin,
 * so a line too long for the terminal spills into the next row as it would on screen.
 */
class Screen {
  private rows: string[][] = [[]];
  private row = 0;
  private col = 0;
  constructor(readonly columns: number) {}

  write = (data: string | Uint8Array): boolean => {
    const text = typeof data === "string" ? data : Buffer.from(data).toString();
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === "\x1b" && text[i + 1] === "[") {
        let j = i + 2;
        while (/[0-9;]/.test(text[j])) j++;
        const n = Number(text.slice(i + 2, j) || "0");
        const op = text[j];
        if (op === "A") this.row = Math.max(0, this.row - (n || 1));
        else if (op === "K" && n === 2) this.rows[this.row] = [];
        else if (op === "J" && n === 0) {
          this.rows[this.row] = this.rows[this.row].slice(0, this.col);
          this.rows.length = this.row + 1;
        } else throw new Error(`unexpected escape ${JSON.stringify(text.slice(i, j + 1))}`);
        i = j;
        continue;
      }
      if (c === "\n") {
        this.row++;
        this.col = 0;
      } else if (c === "\r") this.col = 0;
      else {
        if (this.col === this.columns) {
          this.row++;
          this.col = 0;
        }
        (this.rows[this.row] ??= [])[this.col++] = c;
      }
      this.rows[this.row] ??= [];
    }
    return true;
  };

  lines(): string[] {
    const out = Array.from({ length: this.rows.length }, (_, i) => (this.rows[i] ?? []).map((c) => c ?? " ").join("").trimEnd());
    while (out.length && out[out.length - 1] === "") out.pop();
    return out;
  }
}

const MODELS = ["deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "deepseek-ai/DeepSeek-R1"];

/** Sampling as the sample step reports it: four models advancing at different speeds, with counters and a retry message. */
function drive(renderer: ProgressRenderer, clock: { t: number }, seconds: number, stepMs = 50) {
  const total = 1152;
  for (let t = 0; t <= seconds * 1000; t += stepMs) {
    clock.t = t;
    MODELS.forEach((label, m) => {
      // every model finishes by the end, the weakest last
      const done = Math.min(total, Math.floor(((t / 1000) * total * (m + 2)) / (2 * seconds)));
      const event: ProgressEvent = { step: "sample", unit: "rollouts", label, done, total, counters: { "tok/s": 12345 + m, errors: m, retries: 3 * m, verifying: 7 } };
      renderer.listener(event);
    });
    if (t === 1000) renderer.log("sample deepseek-ai/DeepSeek-R1: retrying after http://127.0.0.1:9/v1: HTTP 503 Service Unavailable");
  }
}

describe("progress on a terminal", () => {
  for (const columns of [80, 120]) {
    it(`keeps one line per model at ${columns} columns, redrawn in place with nothing stale`, () => {
      const screen = new Screen(columns);
      const clock = { t: 0 };
      const renderer = new ProgressRenderer({ write: screen.write, columns }, true, { now: () => clock.t });
      drive(renderer, clock, 8);
      renderer.done();
      const lines = screen.lines();
      // the retry message (it may wrap: it is a log line, not a bar), then exactly the four bars
      const bars = lines.filter((l) => l.includes(" rollouts"));
      // below 100 columns a long model name is cut in the middle, keeping the end that tells models apart
      const names = MODELS.map((m) => m.slice(m.lastIndexOf("/") + 1)).map((n) => (columns < 100 && n.length > 24 ? `${n.slice(0, 11)}…${n.slice(-12)}` : n));
      expect(bars.map((l) => l.split(/[ :[]/)[1])).toEqual(names);
      expect(lines.slice(-4)).toEqual(bars);
      expect(lines.slice(0, -4).join("")).toBe("sample deepseek-ai/DeepSeek-R1: retrying after http://127.0.0.1:9/v1: HTTP 503 Service Unavailable");
      for (const line of bars) expect(line.length, line).toBeLessThan(columns);
      // finished bars say how long they took, with an honest rate
      expect(bars.every((l) => / done in \d/.test(l))).toBe(true);
      expect(lines.join("\n")).not.toMatch(/\b0\.0\/s|Infinity|NaN/);
    });
  }

  it("shows rate, eta and the verification backlog while running, cut to the width", () => {
    const screen = new Screen(80);
    const clock = { t: 0 };
    const renderer = new ProgressRenderer({ write: screen.write, columns: 80 }, true, { now: () => clock.t, redrawMs: 0 });
    for (let t = 0; t <= 5000; t += 500) {
      clock.t = t;
      renderer.listener({ step: "sample", unit: "rollouts", label: MODELS[0], done: t / 10, total: 1000, counters: { verifying: 12 } });
    }
    // 80 columns: name, count, rate, eta and backlog first; no room left for the bar
    expect(screen.lines()).toEqual(["sample DeepSeek-R1…ll-Qwen-1.5B 500/1000 · 100/s · eta 5.0 s · 12 verifying"]);
    const wide = new Screen(120);
    const again = new ProgressRenderer({ write: wide.write, columns: 120 }, true, { now: () => clock.t, redrawMs: 0 });
    for (let t = 0; t <= 5000; t += 500) {
      clock.t = t;
      again.listener({ step: "sample", unit: "rollouts", label: MODELS[0], done: t / 10, total: 1000, counters: { verifying: 12, errors: 2 } });
    }
    // 120 columns: the bar and the unit too; the other counters only if they still fit (here they do not)
    expect(wide.lines()).toEqual(["sample DeepSeek-R1-Distill-Qwen-1.5B [############------------] 500/1000 rollouts · 100/s · eta 5.0 s · 12 verifying"]);
    expect(fitLine("x".repeat(100), 79)).toHaveLength(79);
  });

  it("says a stalled bar has made no progress instead of keeping an old eta", () => {
    const screen = new Screen(120);
    const clock = { t: 0 };
    const renderer = new ProgressRenderer({ write: screen.write, columns: 120 }, true, { now: () => clock.t, redrawMs: 0 });
    for (let t = 0; t <= 9000; t += 1000) {
      clock.t = t;
      renderer.listener({ step: "sample", unit: "rollouts", label: "m", done: t / 100, total: 100 });
    }
    // 90 of 100 done, then a minute of code grading behind the last completions
    for (let t = 10_000; t <= 69_000; t += 1000) {
      clock.t = t;
      renderer.listener({ step: "sample", unit: "rollouts", label: "m", done: 90, total: 100, counters: { verifying: 10 } });
    }
    const [line] = screen.lines();
    expect(line).toContain("10 verifying");
    expect(line).toContain("no progress for 1m00s");
    expect(line).not.toContain("eta");
  });

  it("moves finished steps above the live block, so a pipeline's display does not grow", () => {
    const screen = new Screen(80);
    const clock = { t: 0 };
    const renderer = new ProgressRenderer({ write: screen.write, columns: 80 }, true, { now: () => clock.t, redrawMs: 0 });
    renderer.listener({ step: "grade", unit: "pairs", done: 0, total: 10 });
    clock.t = 200;
    renderer.listener({ step: "grade", unit: "pairs", done: 10, total: 10 });
    clock.t = 300;
    renderer.listener({ step: "stage", unit: "phases", done: 1, total: 4 });
    clock.t = 400;
    renderer.listener({ step: "stage", unit: "phases", done: 4, total: 4 });
    // a bar that stops short (adaptive sampling plans more than it draws) is closed when the next step reports
    clock.t = 500;
    renderer.listener({ step: "sample", unit: "rollouts", label: "org/r1", done: 326, total: 606 });
    clock.t = 2500;
    renderer.listener({ step: "report", unit: "phases", done: 1, total: 5 });
    renderer.done();
    expect(screen.lines()).toEqual(["grade: 10 pairs done in 0.2 s", "stage: 4 phases done in 0.1 s", "sample r1: 326 of 606 rollouts in 2.0 s", "report: 1 of 5 phases in 0.0 s"]);
  });
});

describe("progress in a log (not a terminal)", () => {
  it("writes one summary line per interval and one line per finished bar, not a line per event", () => {
    const written: string[] = [];
    const clock = { t: 0 };
    const renderer = new ProgressRenderer({ write: (s: string | Uint8Array) => written.push(String(s)) > 0 }, false, { now: () => clock.t, intervalMs: 10_000 });
    drive(renderer, clock, 60, 100);
    renderer.done();
    const lines = written.join("").trimEnd().split("\n");
    const summaries = lines.filter((l) => l.startsWith("sample rollouts: "));
    // 2400 events over 60 s: 5 intervals and the last model finishing at 60 s leave no sixth summary
    expect(summaries.length).toBeGreaterThanOrEqual(4);
    expect(summaries.length).toBeLessThanOrEqual(6);
    expect(summaries[0].split(" · ").length).toBeGreaterThanOrEqual(MODELS.length);
    expect(lines.filter((l) => / done in /.test(l))).toHaveLength(MODELS.length);
    expect(lines.length).toBeLessThanOrEqual(summaries.length + MODELS.length + 1);
  });

  it("says an instant step was done in 0.2 s, with no rate", () => {
    const written: string[] = [];
    const clock = { t: 0 };
    const renderer = new ProgressRenderer({ write: (s: string | Uint8Array) => written.push(String(s)) > 0 }, false, { now: () => clock.t });
    renderer.listener({ step: "report", unit: "phases", done: 0, total: 5, message: "computing stats" });
    clock.t = 200;
    renderer.listener({ step: "report", unit: "phases", done: 5, total: 5 });
    renderer.done();
    expect(written.join("")).toBe("report: computing stats\nreport: 5 phases done in 0.2 s\n");
  });

  it("formats rates by their size", () => {
    expect([formatRate(0), formatRate(0.4213), formatRate(56.78), formatRate(500000)]).toEqual(["", "0.42/s", "56.8/s", "500,000/s"]);
  });
});
