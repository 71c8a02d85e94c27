import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openDuckDB, queryRows } from "../../../src/core/duckdb.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { buildReport } from "../../../src/steps/report/build-report.js";
import { MODELS, PIPELINE, makeReportRun } from "./make-report-run.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report browser test skipped: ${CHROMIUM} is missing (scripts/setup.sh installs Debian's chromium)`);

/** The numbers a table shows, by its first column. */
async function tableRows(page: Page, id: string): Promise<string[][]> {
  return page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim())));
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
    run = await makeReportRun();
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
    for (const id of ["provenance", "pass-rates", "levels", "cost", "curation", "examples"]) expect(await page.isVisible(`#${id} h2`), id).toBe(true);
    // pass-rate facets, heat maps, level sizes, level combinations, mix, cost
    expect(await page.locator("figure svg").count()).toBe(6);
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
    expect(total).toBe(18);
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
    await page.screenshot({ path: "test-artifacts/report.png", fullPage: true });
  });

  it("reads without JavaScript: every example shows and the filter stays hidden", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(pathToFileURL(path).href);
    expect(await plain.locator("article.example:visible").count()).toBe(18);
    expect(await plain.isVisible("#example-filter")).toBe(false);
    expect(await plain.locator("figure svg").count()).toBe(6);
    await context.close();
  });
});
