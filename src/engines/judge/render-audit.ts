import type { RateEstimate } from "./wilson-interval.js";
import type { JudgeAudit } from "./judge-audit.js";

const percent = (x: number) => `${(100 * x).toFixed(x < 0.1 && x > 0 ? 2 : 1)}%`;

/** `3.9% [3.0%, 5.1%] of 1200`, or `n/a` when nothing was measured. */
export function formatRate(e: RateEstimate): string {
  if (e.rate === null || e.low === null || e.high === null) return "n/a";
  return `${percent(e.rate)} [${percent(e.low)}, ${percent(e.high)}] of ${e.n}`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/** One line of text, cut to `max` characters. */
function oneLine(text: string | null, max = 160): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The audit as terminal text. */
export function renderAudit(audit: JudgeAudit): string {
  const { judge } = audit;
  const out = [
    `Judge ${judge.model} (prompt ${judge.promptVersion}) reviews ${judge.reviews.join(", ") || "nothing"}${judge.sampleCorrect > 0 ? ` and ${percent(judge.sampleCorrect)} of correct` : ""}; grade's pass rates use ${judge.passRates === "judge" ? "the judge too" : "the rule alone"}.`,
    "",
    "Rule verifier against the judge, per source and model (rates: estimate [95% Wilson interval] of n)",
    ...table(
      ["source", "model", "rollouts", "rejected", "reviewed", "reversed", "no opinion", "false-negative rate", "false-positive rate", "unparseable golds"],
      audit.groups.map((g) => [
        g.source,
        g.model,
        String(g.rollouts),
        String(g.ruleRejected),
        String(g.reviewed),
        String(g.reversed),
        String(g.noOpinion),
        formatRate(g.falseNegativeRate),
        formatRate(g.falsePositiveRate),
        g.unparseableGoldRollouts ? `${g.unparseableGoldProblems} problem(s), ${g.unparseableGoldRollouts} rollout(s)` : "0",
      ]),
    ),
    "",
    `Staging outcome with the judge (policy ${audit.policy}): ${audit.problemsChanged} of ${audit.problems} problem(s) change`,
    ...audit.levelChanges.map((c) => `  ${c.source}: ${c.rule} -> ${c.judge}: ${c.problems}`),
    "",
    audit.disagreementsTotal === 0
      ? "No disagreements."
      : `Disagreements (${audit.disagreements.length} of ${audit.disagreementsTotal}${audit.disagreements.length < audit.disagreementsTotal ? "; --limit 0 lists all" : ""}):`,
  ];
  for (const d of audit.disagreements) {
    out.push(
      `  ${d.source} ${d.problem_id} ${d.model} #${d.sample_index}: rule ${d.rule_verdict}, judge ${d.judge_opinion}`,
      `    gold:   ${oneLine(d.gold)}`,
      `    answer: ${oneLine(d.answer)}`,
      `    judge:  ${oneLine(d.judge_output?.split("\n").slice(-2).join(" ") ?? "")}`,
    );
  }
  return `${out.join("\n")}\n`;
}
