import { rm } from "node:fs/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { collectReportData } from "../../../src/steps/report/build-report.js";
import { escapeHtml, html } from "../../../src/steps/report/html.js";
import { abbreviateLevels } from "../../../src/steps/report/report-charts.js";
import { resolveReportOptions } from "../../../src/steps/report/report-options.js";
import { renderReportPage } from "../../../src/steps/report/report-page.js";
import { highlightAnswer } from "../../../src/steps/report/render-examples.js";
import { splitCompletion } from "../../../src/steps/report/split-completion.js";
import { PIPELINE, makeReportRun } from "./make-report-run.js";

describe("html", () => {
  it("escapes every interpolated string, whatever it holds", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = html`<p title="${text}">${text}</p>`.value;
        // Only the template's own markup remains: two tags, one quoted attribute.
        expect([out.match(/</g)?.length, out.match(/>/g)?.length, out.match(/"/g)?.length, out.match(/'/g)]).toEqual([2, 2, 2, null]);
        const decode = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e]!);
        expect(decode(out)).toBe(`<p title="${text}">${text}</p>`);
      }),
    );
  });
  it("marks the last occurrence of the extracted answer and escapes around it", () => {
    expect(highlightAnswer("x <b> 42 then 42.", "42").value).toBe("x &lt;b&gt; 42 then <mark>42</mark>.");
    expect(highlightAnswer("no answer here", "7").value).toBe("no answer here");
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("splitCompletion", () => {
  it("splits at the last </think> and keeps the answer", () => {
    const p = splitCompletion({ whole: "<think>plan</think> mid </think>\n\nAnswer: \\boxed{3}", head: null, tail: null, chars: 52 }, 100);
    expect([p.reasoningHead, p.final]).toEqual(["plan</think> mid ", "Answer: \\boxed{3}"]);
  });
  it("treats a cut completion without </think> as all reasoning, a plain one as all answer", () => {
    expect(splitCompletion({ whole: "thinking...", head: null, tail: null, chars: 11, truncated: true }, 100)).toMatchObject({ reasoningHead: "thinking...", final: "" });
    expect(splitCompletion({ whole: "The answer is 4.", head: null, tail: null, chars: 16 }, 100)).toMatchObject({ reasoningHead: "", final: "The answer is 4." });
  });
  it("accounts for every character of a long completion: kept + omitted = whole", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 3000 }), fc.string({ maxLength: 300 }), fc.integer({ min: 100, max: 400 }), (reasoning, answer, max) => {
        const text = `${reasoning.replaceAll("</think>", "")}</think>${answer.replaceAll("</think>", "")}`;
        // What the SQL query returns: the whole text when short, else head and tail.
        const long = text.length > 4 * max;
        const p = splitCompletion({ whole: long ? null : text, head: long ? text.slice(0, max) : null, tail: long ? text.slice(-2 * max) : null, chars: text.length }, max);
        const finalPart = text.slice(text.lastIndexOf("</think>") + 8);
        expect(p.final.length + p.finalOmitted).toBe(finalPart.trim().length);
        expect(finalPart.trim().endsWith(p.final)).toBe(true);
        if (finalPart.length < max) {
          expect(p.reasoningHead.length + p.reasoningTail.length + p.reasoningOmitted).toBe(text.length - finalPart.length - 8);
          expect(text.startsWith(p.reasoningHead)).toBe(true);
        }
        expect(p.reasoningHead.length + p.reasoningTail.length).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe("report options and labels", () => {
  it("rejects bad bounds naming the option", () => {
    expect(() => resolveReportOptions({ examplesPerLevel: -1 })).toThrow("report: expected `examplesPerLevel` to be an integer from 0 up, got -1");
    expect(() => resolveReportOptions({ maxCompletionChars: 10 })).toThrow("`maxCompletionChars`");
    expect(resolveReportOptions().examplesPerLevel).toBe(6);
  });
  it("abbreviates level combinations only when the result stays unambiguous", () => {
    expect(abbreviateLevels(["L1", "L1+L2", "L2+L3", ""])("L1+L2+L3")).toBe("123");
    expect(abbreviateLevels(["easy", "hard"])("easy+hard")).toBe("easy+hard");
  });
});

describe("collectReportData", () => {
  let run: RunFolder;
  beforeAll(async () => {
    run = await makeReportRun(40);
  }, 60_000);
  afterAll(() => rm(run.dir, { recursive: true, force: true }));

  const ids = (data: Awaited<ReturnType<typeof collectReportData>>) => data.examples.map((g) => [g.level, g.problems.map((p) => p.id)]);

  it("picks the same examples for the same seed, other ones for another seed, within the bounds", async () => {
    const a = await collectReportData(run, { pipeline: PIPELINE, examplesPerLevel: 3, completionsPerModel: 1 });
    const b = await collectReportData(run, { pipeline: PIPELINE, examplesPerLevel: 3, completionsPerModel: 1 });
    const c = await collectReportData(run, { pipeline: PIPELINE, examplesPerLevel: 3, completionsPerModel: 1, seed: 7 });
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).not.toEqual(ids(c));
    for (const g of a.examples) {
      expect(g.problems.length).toBe(3);
      for (const p of g.problems) expect(p.completions.length).toBe(4);
    }
  });
  it("mixes correct and wrong completions and covers both domains in a level", async () => {
    const data = await collectReportData(run, { pipeline: PIPELINE, examplesPerLevel: 4, completionsPerModel: 2 });
    const all = data.examples.flatMap((g) => g.problems);
    for (const p of all) {
      for (const r of p.passRates.filter((r) => r.passes > 0 && r.passes < r.samples)) {
        expect(new Set(p.completions.filter((c) => c.model === r.model).map((c) => c.verdict === "correct"))).toEqual(new Set([true, false]));
      }
    }
    const l2 = data.examples.find((g) => g.level === "L2")!;
    expect(new Set(l2.problems.map((p) => p.domain))).toEqual(new Set(["math", "code"]));
  });
  it("shows what adaptive sampling saved, from its sampling decisions", async () => {
    const { readFile } = await import("node:fs/promises");
    const { samplingDecisionsTable } = await import("../../../schemas/index.js");
    const { writeParquetPart } = await import("../../../src/core/table-store.js");
    const { renderReportPage } = await import("../../../src/steps/report/report-page.js");
    const rows = JSON.parse(await readFile("test/fixtures/sampling_decisions.json", "utf8"));
    const part = await writeParquetPart(run.tableDir("sampling_decisions"), samplingDecisionsTable, rows);
    try {
      const data = await collectReportData(run, { pipeline: PIPELINE, examplesPerLevel: 1, completionsPerModel: 0 });
      const drawn = rows.reduce((n: number, r: { samples: number }) => n + r.samples, 0);
      const full = rows.reduce((n: number, r: { target_samples: number }) => n + r.target_samples, 0);
      expect([data.stats.adaptive?.total.samples, data.stats.adaptive?.total.samples_full]).toEqual([drawn, full]);
      const page = renderReportPage(data);
      expect(page).toContain('id="adaptive-table"');
      expect(page).toContain(`${drawn.toLocaleString("en-US")} / ${full.toLocaleString("en-US")}`);
    } finally {
      await rm(part);
    }
  });
  it("shows empty sections, not errors, for a run with only problems", async () => {
    const { makeProblem } = await import("./make-report-run.js");
    const { RunFolder: Folder } = await import("../../../src/core/run-folder.js");
    const { replaceTable } = await import("../../../src/core/table-store.js");
    const { problemsTable } = await import("../../../schemas/index.js");
    const bare = await new Folder(`${run.dir}-bare`).ensure();
    await replaceTable(bare, problemsTable, [0, 1, 2, 3].map(makeProblem));
    const data = await collectReportData(bare);
    expect(data.examples.map((g) => [g.level, g.problems.length])).toEqual([["all problems", 4]]);
    expect([data.cost.models, data.distribution.heatMaps, data.stats.levels]).toEqual([[], [], []]);
    // No budget_pass_rates: one line saying how to get them, no chart.
    expect(data.charts.budgets).toBeUndefined();
    expect(renderReportPage(data)).toContain('<section id="budgets"><h2>Token budgets</h2><p class="empty">No pass rates at token budgets (budget_pass_rates): grade computes them at');
    await rm(bare.dir, { recursive: true, force: true });
  });
});
