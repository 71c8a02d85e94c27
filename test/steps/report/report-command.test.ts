import { readFile, rm, stat } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../../src/cli.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { makeReportRun } from "./make-report-run.js";

describe("rungs report", () => {
  let run: RunFolder;
  let stderr: string[];
  beforeAll(async () => {
    run = await makeReportRun(24);
  }, 60_000);
  afterAll(() => rm(run.dir, { recursive: true, force: true }));

  const cli = async (...argv: string[]) => {
    stderr = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    try {
      return await main(["report", ...argv]);
    } finally {
      spy.mockRestore();
    }
  };

  it("writes report/index.html for a run folder and says where", async () => {
    expect(await cli("--run-dir", run.dir, "--examples", "2", "--completions", "1")).toBe(0);
    const path = run.path("report", "index.html");
    expect((await stat(path)).size).toBeGreaterThan(10_000);
    expect(stderr.join("")).toContain(`report: wrote ${path}`);
    // --examples 2: two per level (three levels), and at most two per review list after them
    const page = await readFile(path, "utf8");
    expect(page.match(/<article class="example"[^>]*data-level="L\d"/g)).toHaveLength(6);
    for (const list of ["suspect ground truth", "dropped", "in no level"]) expect((page.match(new RegExp(`<article class="example"[^>]*data-level="review: ${list}"`, "g")) ?? []).length).toBeLessThanOrEqual(2);
  });
  it("writes where --out says", async () => {
    const out = run.path("elsewhere", "r.html");
    expect(await cli("--run-dir", run.dir, "--out", out)).toBe(0);
    expect((await stat(out)).isFile()).toBe(true);
  });
  it("rejects bad options and a missing run folder with a named error", async () => {
    expect(await cli("--run-dir", run.dir, "--examples", "many")).toBe(2);
    expect(stderr.join("")).toContain('report: --examples: expected a whole number, got "many"');
    expect(await cli("--run-dir", `${run.dir}-missing`)).toBe(2);
    expect(stderr.join("")).toContain("does not exist");
    expect(await cli()).toBe(2);
    expect(stderr.join("")).toContain("report: give a pipeline or --run-dir DIR");
  });
});
