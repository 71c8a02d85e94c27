import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openDuckDB, queryRows } from "../../../src/core/duckdb.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { buildReport } from "../../../src/steps/report/build-report.js";
import { REVIEW_GROUPS } from "../../../src/steps/report/collect-review.js";
import { MODELS, PIPELINE, brokenTruth, makeProblem, makeReportRun, onlyStrongestOnce } from "./make-report-run.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report browser test skipped: ${CHROMIUM} is missing (scripts/setup.sh installs Debian's chromium)`);

/** The numbers a table shows, by its first column. */
async function tableRows(page: Page, id: string): Promise<string[][]> {
  return page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => (td.textContent ?? "").trim())));
}
/** An example card as the page's elements expose it (the project compiles without the DOM types). */
type Card = { dataset: Record<string, string | undefined> };
const num = (text: string) => Number(text.replace(/[,≈%]/g, ""));

describe.skipIf(!hasChromium)("report in headless Chromium", () => {
  let run: RunFolder;
  let path: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const sql = async <T>(query: string) => queryRows<T>(await openDuckDB(), query.replaceAll("{run}", run.dir));

  beforeAll(async () => {
    run = await makeReportRun(48, { exported: true });
    path = (await buildReport(run, { pipeline: PIPELINE })).path;
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path).href);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (run) await rm(run.dir, { recursive: true, force: true });
  });

  it("renders every section with its charts", async () => {
    for (const id of ["review", "provenance", "pass-rates", "budgets", "levels", "cost", "curation", "examples"]) expect(await page.isVisible(`#${id} h2`), id).toBe(true);
    // pass-rate facets, pass rate at each token budget, heat maps, level sizes, level combinations, mix, cost
    expect(await page.locator("figure svg").count()).toBe(7);
    expect(await page.locator("#budgets figure svg").count()).toBe(1);
    expect(await page.locator("#pass-rates figure svg text", { hasText: "vs" }).count()).toBeGreaterThanOrEqual(3);
  });

  it("shows the run's real numbers (checked against DuckDB on the same tables)", async () => {
    const [{ problems }] = await sql<{ problems: number }>(`SELECT count(*)::INT AS problems FROM read_parquet('{run}/problems/**/*.parquet')`);
    expect(num(await page.textContent("#kpi-problems b") ?? "")).toBe(problems);
    const perModel = await sql<{ model: string; n: number; mean: number }>(`SELECT model, count(*)::INT AS n, avg(pass_rate) AS mean FROM read_parquet('{run}/difficulty/**/*.parquet') GROUP BY model`);
    const rates = await tableRows(page, "pass-rates-table");
    expect(rates.map((r) => r[0]).sort()).toEqual([...MODELS].sort());
    for (const m of perModel) {
      const row = rates.find((r) => r[0] === m.model)!;
      expect(num(row[1])).toBe(m.n);
      expect(num(row[2])).toBeCloseTo(m.mean, 3);
    }
    // Mean pass rate at each token budget (the curriculum's 16k and 24k, the sampled 4096).
    const atBudgets = await sql<{ model: string; budget: number; mean: number }>(`SELECT model, budget, avg(pass_rate) AS mean FROM read_parquet('{run}/budget_pass_rates/**/*.parquet') GROUP BY ALL`);
    const budgetRows = await tableRows(page, "budget-pass-rates-table");
    expect(new Set(atBudgets.map((b) => b.budget))).toEqual(new Set([4096, 16384, 24576]));
    for (const b of atBudgets) expect(num(budgetRows.find((r) => r[0] === b.model)![2 + [4096, 16384, 24576].indexOf(b.budget)])).toBeCloseTo(b.mean, 3);
    const levels = await sql<{ level: string; n: number; math: number }>(`SELECT level, count(DISTINCT problem_id)::INT AS n, count_if(domain = 'math')::INT AS math FROM read_parquet('{run}/staged/**/*.parquet') GROUP BY level ORDER BY level`);
    expect((await tableRows(page, "levels-table")).map((r) => [r[0], num(r[1]), num(r[2])])).toEqual(levels.map((l) => [l.level, l.n, l.math]));
    const [{ staged }] = await sql<{ staged: number }>(`SELECT count(DISTINCT problem_id)::INT AS staged FROM read_parquet('{run}/staged/**/*.parquet')`);
    expect((await tableRows(page, "combos-table")).reduce((n, r) => n + num(r[1]), 0)).toBe(staged);
    const tokens = await sql<{ model: string; completion: number; samples: number; truncated: number }>(
      `SELECT model, sum(completion_tokens)::INT AS completion, count(*)::INT AS samples, avg((finish_reason = 'length')::INT) AS truncated FROM read_parquet('{run}/rollouts/**/*.parquet') GROUP BY model`,
    );
    const cost = await tableRows(page, "cost-table");
    for (const t of tokens) {
      const row = cost.find((r) => r[0] === t.model)!;
      expect([num(row[1]), num(row[4])]).toEqual([t.samples, t.completion]);
      expect(num(row[6])).toBeCloseTo(t.truncated * 100, 1);
    }
    // 4 samples in requests of 2: two requests per (problem, model)
    expect(num(cost.find((r) => r[0] === "total")![2])).toBe(2 * MODELS.length * (await sql<{ n: number }>(`SELECT count(*)::INT AS n FROM read_parquet('{run}/problems/**/*.parquet')`))[0].n);
  });

  it("shows provenance and curation: models, verifiers, sources, quarantine reasons", async () => {
    expect((await tableRows(page, "models-table")).map((r) => r[0])).toEqual(MODELS);
    expect(await page.textContent("#models-table")).toContain("temperature=0.6");
    expect((await tableRows(page, "verifiers-table")).map((r) => r[0])).toEqual(["rungs-code@1.0.0", "rungs-math@1.0.0"]);
    const kept = await sql<{ source: string; n: number }>(`SELECT source, count(*)::INT AS n FROM read_parquet('{run}/problems/**/*.parquet') GROUP BY source ORDER BY source`);
    expect((await tableRows(page, "sources-table")).map((r) => [r[0], num(r[3])])).toEqual(kept.map((k) => [k.source, k.n]));
    expect((await tableRows(page, "quarantine-table")).map((r) => [r[0], r[1], num(r[2])])).toEqual([
      ["curate-duplicate", "duplicate", 2],
      ["ingest-src-b", "invalid", 1],
    ]);
    expect(await page.textContent("#curation-facts")).toContain("aime-2024 (30 problems)");
  });

  it("filters the examples by source and domain", async () => {
    const cards = page.locator("article.example");
    const total = await cards.count();
    // 6 per level, then the review lists' first problems
    expect(await page.locator("section.level[data-level^='L'] article.example").count()).toBe(18);
    expect(total).toBeGreaterThan(18);
    await page.selectOption("#example-filter select[name=source]", "src-b");
    const visible = page.locator("article.example:visible");
    expect(await visible.count()).toBeGreaterThan(0);
    expect(await visible.count()).toBeLessThan(total);
    expect(new Set(await visible.evaluateAll((els) => els.map((e) => (e as unknown as Card).dataset.source)))).toEqual(new Set(["src-b"]));
    await page.selectOption("#example-filter select[name=domain]", "code");
    const both = await visible.evaluateAll((els) => els.map((e) => `${(e as unknown as Card).dataset.source}/${(e as unknown as Card).dataset.domain}`));
    expect(new Set(both)).toEqual(new Set(["src-b/code"]));
    expect(await page.textContent("#example-count")).toBe(`${both.length} of ${total} examples`);
    await page.selectOption("#example-filter select[name=source]", "");
    await page.selectOption("#example-filter select[name=domain]", "");
    expect(await visible.count()).toBe(total);
  });

  it("lists suspect ground truths, dropped problems and problems in no level as DuckDB finds them", async () => {
    const D = `read_parquet('{run}/difficulty/**/*.parquet')`;
    const [{ strongest }] = await sql<{ strongest: string }>(`SELECT arg_max(model, mean) AS strongest FROM (SELECT model, avg(pass_rate) AS mean FROM ${D} GROUP BY model)`);
    const suspects = await sql<{ id: string }>(
      `SELECT problem_id AS id FROM ${D} GROUP BY problem_id
       HAVING max(passes) = 0 OR (sum(passes) FILTER (WHERE model = '${strongest}') = 1 AND coalesce(sum(passes) FILTER (WHERE model <> '${strongest}'), 0) = 0) ORDER BY id`,
    );
    // The fixture's planted problems are exactly what the page flags.
    const planted = Array.from({ length: 48 }, (_, i) => i).filter((i) => brokenTruth(i) || onlyStrongestOnce(i)).map((i) => makeProblem(i).id);
    expect(suspects.map((r) => r.id)).toEqual(planted);
    const suspectRows = await tableRows(page, "suspect-table");
    expect(suspectRows.map((r) => r[0]).sort()).toEqual(planted);
    expect(await page.textContent("#suspect-table caption")).toContain(`: ${planted.length}.`);
    // One column per model, weakest first, with the difficulty table's passes/samples.
    const header = await page.$$eval("#suspect-table thead th", (ths) => ths.map((th) => (th.textContent ?? "").trim()));
    const byStrength = (await sql<{ model: string }>(`SELECT model FROM ${D} GROUP BY model ORDER BY avg(pass_rate), model`)).map((r) => r.model);
    expect(header.slice(4)).toEqual(byStrength.map((m) => m.slice(m.lastIndexOf("/") + 1)));
    const passes = await sql<{ problem_id: string; model: string; cell: string }>(`SELECT problem_id, model, passes || '/' || samples AS cell FROM ${D} WHERE problem_id IN (${planted.map((id) => `'${id}'`).join(", ")})`);
    for (const row of suspectRows) byStrength.forEach((m, j) => expect(row[4 + j], `${row[0]} ${m}`).toBe(passes.find((p) => p.problem_id === row[0] && p.model === m)!.cell));

    // The paper's policy drops what R1 never solves; the page names the rule.
    const dropped = await sql<{ id: string }>(`SELECT problem_id AS id FROM ${D} WHERE model = 'deepseek-ai/DeepSeek-R1' AND passes = 0 ORDER BY id`);
    expect(dropped.length).toBeGreaterThan(0);
    const droppedRows = await tableRows(page, "dropped-table");
    expect(droppedRows.map((r) => r[0]).sort()).toEqual(dropped.map((r) => r.id));
    expect(new Set(droppedRows.map((r) => r[3]))).toEqual(new Set(["R1=0"]));
    expect((await tableRows(page, "drop-rules-table")).map((r) => [r[0], num(r[1])])).toEqual([["R1=0", dropped.length]]);

    const noLevel = await sql<{ id: string }>(`SELECT id FROM read_parquet('{run}/problems/**/*.parquet') WHERE id NOT IN (SELECT problem_id FROM read_parquet('{run}/staged/**/*.parquet')) ORDER BY id`);
    expect((await tableRows(page, "no-level-table")).map((r) => r[0]).sort()).toEqual(noLevel.map((r) => r.id));
    const outcomes = await tableRows(page, "outcomes-table");
    expect(outcomes.filter((r) => r[0] !== "in a level").reduce((n, r) => n + num(r[1]), 0)).toBe(noLevel.length);
    expect(outcomes.reduce((n, r) => n + num(r[1]), 0)).toBe(48);
  });

  it("shows pass rates per source and model, and what each stage trains on against what it has", async () => {
    const perSource = await sql<{ source: string; model: string; n: number; zero: number; mid: number; one: number }>(
      `SELECT p.source, d.model, count(*)::INT AS n, count_if(d.pass_rate = 0)::INT AS zero, count_if(d.pass_rate > 0 AND d.pass_rate < 1)::INT AS mid, count_if(d.pass_rate = 1)::INT AS one
       FROM read_parquet('{run}/difficulty/**/*.parquet') d JOIN read_parquet('{run}/problems/**/*.parquet') p ON p.id = d.problem_id GROUP BY ALL`,
    );
    const rows = await tableRows(page, "source-difficulty-table");
    expect(rows.length).toBe(perSource.length);
    for (const s of perSource) {
      const row = rows.find((r) => r[0] === s.source && r[1] === s.model)!;
      expect([num(row[2]), num(row[4]), num(row[5]), num(row[6])], `${s.source} ${s.model}`).toEqual([s.n, s.zero, s.mid, s.one]);
    }
    const stages = await tableRows(page, "stage-export-table");
    for (const [stage, level] of [["stage1", "L2"], ["stage2", "L3"]]) {
      const [{ available }] = await sql<{ available: number }>(`SELECT count(DISTINCT problem_id)::INT AS available FROM read_parquet('{run}/staged/**/*.parquet') WHERE level = '${level}'`);
      const [{ exported }] = await sql<{ exported: number }>(`SELECT count(*)::INT AS exported FROM read_parquet('{run}/export/verl/${stage}/train.parquet')`);
      const leftOutFile = `${run.dir}/export/left-out/${stage}.jsonl`;
      const leftOut = existsSync(leftOutFile) ? (await sql<{ n: number }>(`SELECT count(*)::INT AS n FROM read_json('${leftOutFile}')`))[0].n : 0;
      const row = stages.find((r) => r[0] === stage)!;
      expect([num(row[2].split(" ")[0]), num(row[3].split(" ")[0]), num(row[4])], stage).toEqual([available, exported, leftOut]);
      expect(available - exported).toBe(leftOut);
      if (leftOut) expect(row[6]).toContain(`${leftOut} left out to hold math:code 2:1`);
    }
    // The fixture's mix leaves some stage short: the page must say so.
    expect(stages.some((r) => num(r[4]) > 0)).toBe(true);
  });

  it("filters the example browser by review list, and a problem's link shows its completions", async () => {
    await page.selectOption("#example-filter select[name=list]", REVIEW_GROUPS.suspect);
    const visible = page.locator("article.example:visible");
    const levels = await visible.evaluateAll((els) => els.map((e) => (e as unknown as Card).dataset.level));
    expect(levels.length).toBe(6);
    expect(new Set(levels)).toEqual(new Set([REVIEW_GROUPS.suspect]));
    expect(await visible.locator(".completion").count()).toBeGreaterThan(0);
    await page.selectOption("#example-filter select[name=list]", "");
    const link = page.locator("#dropped-table a.review-link").first();
    const id = (await link.textContent())!.trim();
    await link.click();
    expect(await page.inputValue("#example-filter select[name=list]")).toBe(REVIEW_GROUPS.dropped);
    const card = page.locator(`article.example[data-level="${REVIEW_GROUPS.dropped}"][data-id="${id}"]`);
    expect(await card.isVisible()).toBe(true);
    expect(await card.locator(".completion.bad").count()).toBeGreaterThan(0);
    await page.selectOption("#example-filter select[name=list]", "");
  });

  it("typesets LaTeX with the inlined KaTeX and keeps extracted code's line breaks", async () => {
    const typeset = page.locator("article.example div.prompt .katex");
    expect(await typeset.count()).toBeGreaterThan(0);
    // KaTeX's own font, from the page itself (a data: URL), not the browser's fallback
    expect(await typeset.first().evaluate((e) => getComputedStyle(e as unknown as Element).fontFamily)).toContain("KaTeX_Main");
    expect(await page.evaluate(() => (document as unknown as { fonts: { check(font: string): boolean } }).fonts.check("16px KaTeX_Main"))).toBe(true);
    // the source stays one click away
    expect(await page.locator("article.example details.source pre", { hasText: "\\frac{" }).count()).toBeGreaterThan(0);
    const code = page.locator("article.example[data-domain=code] pre.code").first();
    expect(await code.textContent()).toBe("n = int(input())\nprint(n * 2)");
    expect(await code.locator("span[class^=hljs-]").count()).toBeGreaterThan(0);
  });

  it("collapses reasoning and highlights the extracted answer", async () => {
    const first = page.locator(".completion.ok").first();
    expect(await first.locator("details").getAttribute("open")).toBeNull();
    expect(await first.locator("pre.final mark").count()).toBe(1);
    expect(await first.locator("pre.final mark").textContent()).toBe(await first.locator(".extracted mark").textContent());
  });

  it("shows hostile text as text and makes no network request", async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(1);
    expect(await page.textContent("#quarantine-examples")).toContain("<script>window.__pwned = 1</script>");
    expect(requests).toEqual([pathToFileURL(path).href]);
    await mkdir("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/report.png" });
  });

  it("reads without JavaScript: every example shows and the filter stays hidden", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(pathToFileURL(path).href);
    expect(await plain.locator("article.example:visible").count()).toBe(await plain.locator("article.example").count());
    expect(await plain.locator("section.level[data-level^='L'] article.example:visible").count()).toBe(18);
    expect(await plain.isVisible("#example-filter")).toBe(false);
    expect(await plain.locator("figure svg").count()).toBe(await page.locator("figure svg").count());
    await context.close();
  });
});
