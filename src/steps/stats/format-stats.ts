import { type RunStats } from "../../engines/stats/compute-stats.js";
import { savingsLines } from "../../engines/adaptive/adaptive-savings.js";
import { budgetsNote, fmtBudget, movesText, stepName } from "../../engines/stats/budget-text.js";

/** A plain-text table with right-aligned numbers. */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
  const line = (r: (string | number)[]) => r.map((c, i) => (numeric[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join("  ").trimEnd();
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  return n.toFixed(3);
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : "-");

/** The report `rungs stats` prints: what a curator reads before training. */
export function formatStats(stats: RunStats): string {
  const out: string[] = [`# rungs stats · ${stats.run}`, ""];
  const section = (title: string, body: string) => out.push(`## ${title}`, body, "");
  section(
    `Problems (${fmt(stats.problems.total)})`,
    stats.problems.bySource.length ? textTable(["source", "domain", "problems"], stats.problems.bySource.map((r) => [r.source, r.domain, r.problems])) : "(no problems table)",
  );
  section("Quarantine", stats.quarantine.length ? textTable(["file", "reason", "rows"], stats.quarantine.map((q) => [q.file, q.reason, q.rows])) : "(nothing quarantined)");
  section(
    "Pass rates per model (problems per bucket)",
    stats.passRates.length
      ? textTable(["model", "problems", "mean", ...stats.passRateBins], stats.passRates.map((p) => [p.model, p.problems, p.mean_pass_rate, ...p.histogram]))
      : "(no difficulty or rollouts yet)",
  );
  section(
    "Levels",
    stats.levels.length
      ? textTable(["level", "problems", "math", "code", "math %"], stats.levels.map((l) => [l.level, l.problems, l.math, l.code, pct(l.math, l.math + l.code)]))
      : "(nothing staged yet)",
  );
  if (stats.overlaps.length) section("Level overlaps (problems in both)", textTable(["level", "level", "problems"], stats.overlaps.map((o) => [o.a, o.b, o.problems])));
  section(
    "Tokens and truncation",
    stats.rollouts.length
      ? textTable(
          ["model", "samples", "prompt tokens (once per request)", "completion tokens", "mean completion", "count unknown", "truncated"],
          [
            ...stats.rollouts.map((r) => [r.model, r.samples, r.prompt_tokens, r.completion_tokens, r.mean_completion_tokens ?? "?", r.tokens_unknown, pct(r.truncation_rate, 1)]),
            ["total", sum(stats.rollouts, "samples"), sum(stats.rollouts, "prompt_tokens"), sum(stats.rollouts, "completion_tokens"), "", sum(stats.rollouts, "tokens_unknown"), ""],
          ],
        )
      : "(no rollouts)",
  );
  section("Token budgets (pass rate had generation been cut at b completion tokens)", budgetLines(stats).join("\n"));
  if (stats.adaptive) {
    const caveat = "Pass rates above are over the samples drawn: where sampling stopped early (sampling_decisions.status = 'decided' or 'bounded') only their 0 / in between / 1 category is exact; 'bounded' labels differ from full sampling's with probability label_error (<= sampling.adaptive.delta). Full-sampling tokens are estimated from each model's mean tokens per drawn sample.";
    section("Adaptive sampling: spent vs full sampling", [...savingsLines(stats.adaptive), "", caveat].join("\n"));
  }
  return out.join("\n");
}

/** The "Token budgets" section of `rungs stats`: mean pass rate per model and budget, category and level changes. */
export function budgetLines(stats: Pick<RunStats, "budgets" | "adaptive">): string[] {
  const note = budgetsNote(stats);
  const b = stats.budgets;
  if (note || !b) return [note ?? ""];
  const lines = [
    "Mean pass rate per model at each budget: a sample counts at b when it is correct, finished on its own and used at most b completion tokens.",
    textTable(
      ["model", "problems", ...b.budgets.map(fmtBudget), "passes without token count"],
      b.models.map((m) => [m.model, m.problems, ...m.mean_pass_rate, m.tokens_unknown]),
    ),
    "",
    "(problem, model) pairs whose pass-rate category (0, (0,1), 1) changes between adjacent budgets:",
    textTable(
      ["model", "budgets", "pairs", "changed", "changes"],
      b.categoryChanges.map((c) => [c.model, stepName(c), c.problems, c.changed, movesText(c) || "-"]),
    ),
    "",
  ];
  if (b.levelChanges) {
    lines.push(
      `Problems whose levels change between adjacent budgets (policy ${b.levelChanges.policy} with every pass rate read at the budget):`,
      textTable(["budgets", "problems", "changed", "changes"], b.levelChanges.steps.map((s) => [stepName(s), s.problems, s.changed, movesText(s) || "-"])),
    );
  } else lines.push(`Level changes: ${b.levelChangesNote}.`);
  if (b.models.some((m) => m.tokens_unknown > 0)) lines.push("", "Passing samples without a token count count as failing at every budget (as in stage).");
  if (stats.adaptive) lines.push("", "Adaptive sampling: pairs it stopped early have pass rates over the samples drawn, so their category at a smaller budget is not exact.");
  return lines;
}

function sum<T>(rows: T[], key: keyof T): number {
  return rows.reduce((n, r) => n + Number(r[key]), 0);
}
