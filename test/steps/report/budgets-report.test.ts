/**
 * The budgets preset end to end on the simulator: one run sampled at 32k, graded at 16k, 24k and 32k; stats and
 * the report show pass rate against budget per model and the problems whose levels change between budgets.
 */
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import demo from "../../../pipelines/demo.js";
import { problemsTable } from "../../../schemas/problems.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { replaceTable } from "../../../src/core/table-store.js";
import type { PipelineDefinition } from "../../../src/engines/config/pipeline-definition.js";
import type { RunStats } from "../../../src/engines/stats/compute-stats.js";
import { runPipeline } from "../../../src/pipeline/run-pipeline.js";
import { makeTempDir } from "../../temp-dirs.js";
import { problem } from "../grade/helpers.js";

/** Long reasoning (means near 16k tokens) so a 16k or 24k cut changes pass rates; skills spread over the levels. */
const pipeline: PipelineDefinition = {
  ...demo,
  name: "budgets-sim",
  models: demo.models!.map((m, i) => ({ ...m, sim: { skill: 2 + 2 * i, meanTokens: 14_000 - 1_000 * i }, params: { max_tokens: 32_768 } })),
  // The sim is deterministic: under this seed some of the 8 problems change level between budgets (as most seeds give).
  sampling: { samples: 4, mode: "full", requestSize: 4, verifyThreads: 0, seed: 3 },
  policy: "am-2504.00829-budgets",
  publish: undefined,
};

let run: RunFolder;
let stats: RunStats;
let page: string;
let report: string;

beforeAll(async () => {
  run = await new RunFolder(await makeTempDir("rungs-budgets-")).ensure();
  // Eight math problems straight into problems/ (the simulator reads them there); the steps from sample on run as in a pipeline.
  await replaceTable(run, problemsTable, Array.from({ length: 8 }, (_, i) => problem(`b${i}`, "math", { prompt: `What is ${i + 2} times ${i + 3}?`, answer: String((i + 2) * (i + 3)) })));
  const steps = ["sample", "grade", "stage", "stats", "report"] as const;
  const outcomes = await runPipeline({ run, pipeline, progress: () => {} }, steps);
  expect(outcomes.map((o) => `${o.step}:${o.status}`)).toEqual(steps.map((s) => `${s}:done`));
  stats = JSON.parse(await readFile(run.path("stats", "stats.json"), "utf8"));
  report = await readFile(run.path("stats", "report.txt"), "utf8");
  page = await readFile(run.path("report", "index.html"), "utf8");
}, 60_000);

describe("token budgets in stats and the report (budgets preset, simulated models)", () => {
  it("stats: mean pass rate per model at 16k, 24k and 32k, rising with the budget, and the changes between them", () => {
    const b = stats.budgets!;
    expect(b.budgets).toEqual([16_384, 24_576, 32_768]);
    expect(b.models).toHaveLength(4);
    for (const m of b.models) {
      expect(m.problems).toBe(8);
      expect(m.mean_pass_rate[0]).toBeLessThanOrEqual(m.mean_pass_rate[1]);
      expect(m.mean_pass_rate[1]).toBeLessThanOrEqual(m.mean_pass_rate[2]);
    }
    // The cut bites: some model gains at a larger budget, and some problem changes level.
    expect(b.models.some((m) => m.mean_pass_rate[2] > m.mean_pass_rate[0])).toBe(true);
    expect(b.levelChanges?.policy).toBe("am-2504.00829-budgets");
    expect(b.levelChanges!.steps.map((s) => [s.from, s.to, s.problems])).toEqual([
      [16_384, 24_576, 8],
      [24_576, 32_768, 8],
    ]);
    expect(b.levelChanges!.steps.reduce((n, s) => n + s.changed, 0)).toBeGreaterThan(0);
    for (const s of [...b.levelChanges!.steps, ...b.categoryChanges]) expect(s.transitions.reduce((n, t) => n + t.problems, 0)).toBe(s.changed);
    expect(report).toContain("## Token budgets");
    expect(report).toMatch(/16,384 → 24,576\s+8\s+\d+/);
  });

  it("writes the chart to stats/ and shows it, the mean pass rates and the change counts in the report", async () => {
    expect(await readFile(run.path("stats", "budgets.svg"), "utf8")).toContain("Mean pass rate at each token budget");
    const section = page.slice(page.indexOf('<section id="budgets">'), page.indexOf("</section>", page.indexOf('<section id="budgets">')));
    expect(section).toContain('aria-label="mean pass rate per model at each token budget"');
    expect(section).toContain('id="budget-pass-rates-table"');
    for (const s of stats.budgets!.levelChanges!.steps) {
      expect(section).toContain(`<td>${s.from.toLocaleString("en-US")} → ${s.to.toLocaleString("en-US")}</td><td class="num">8</td><td class="num">${s.changed}</td>`);
    }
    expect(section).toContain('id="budget-category-changes-table"');
    expect(page).toContain('<a href="#budgets">Token budgets</a>');
  });
});
