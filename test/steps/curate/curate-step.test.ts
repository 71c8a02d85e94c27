import { describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { problemsTable } from "../../../schemas/problems.js";
import { readTable } from "../../../src/core/table-store.js";
import { readManifest } from "../../../src/core/manifest.js";
import { runStep } from "../../../src/pipeline/run-step.js";
import { curateStep } from "../../../src/steps/curate/curate-step.js";
import { curateProblems } from "../../../src/steps/curate/curate-problems.js";
import { resolveCurationOptions } from "../../../src/engines/config/curation-options.js";
import { codeProblem, context, ingest, mathProblem, quarantineRows, tempRun } from "./helpers.js";
import { makeTempDir } from "../../temp-dirs.js";

const LONG = "A rectangular garden has a perimeter of 56 meters and its length is three times its width plus four meters. A path of uniform width surrounds the garden and the total area of the garden together with the path is 300 square meters. Find the width of the path in meters, giving an exact value.";

describe("curate step", () => {
  it("keeps valid unique problems and quarantines each removed row with its reason and location", async () => {
    const run = await tempRun();
    const evalDir = await makeTempDir("rungs-eval-");
    const evalFile = join(evalDir, "eval.jsonl");
    const benchmark = "Let n be the smallest positive integer such that n squared ends in the digits 444 when written in base ten. Find the remainder when n is divided by 1000.";
    await writeFile(evalFile, `${JSON.stringify({ problem: benchmark, answer: "38" })}\n`);
    await ingest(run, [
      mathProblem("What is 2 + 3?", { answer: "5" }),
      mathProblem("What is  2 + 3?\n", { answer: "5" }),
      mathProblem(LONG, { answer: "2" }),
      mathProblem(LONG.replace("300 square", "301 square"), { answer: "2" }),
      mathProblem(`Problem: ${benchmark}`, { answer: "38" }),
      mathProblem("Prove that there are infinitely many primes.", { answer: "proof" }),
      mathProblem("Find x.", { answer: null }),
      mathProblem("Bad meta", { meta: "{not json" }),
      codeProblem("Read n and print n + 1."),
      codeProblem("Print nothing useful.", { tests: JSON.stringify({ format: "stdin", inputs: [], outputs: [] }) }),
      codeProblem("Broken tests.", { tests: JSON.stringify({ format: "stdin", inputs: ["1"], outputs: [] }) }),
    ]);
    const result = await runStep(curateStep, context(run, { decontaminate: [{ name: "bench", path: evalFile }] }));
    expect(result.counts).toEqual({ input: 11, kept: 3, invalid: 2, ungradable: 3, contaminated: 1, duplicate: 1, near_duplicate: 1 });

    const kept = await readTable(run.tableDir("problems"), problemsTable);
    expect(kept.map((p) => p.prompt).sort()).toEqual([LONG, "Read n and print n + 1.", "What is 2 + 3?"].sort());

    const removed = await quarantineRows(run);
    const byReason = (reason: string) => removed.filter((r) => r.reason === reason);
    expect(byReason("duplicate")[0]).toMatchObject({ source: "math.jsonl", kept_id: kept.find((p) => p.prompt === "What is 2 + 3?")!.id });
    expect(byReason("duplicate")[0]!.source_id).toMatch(/^math\.jsonl:\d+$/);
    expect(byReason("near_duplicate")[0]).toMatchObject({ kept_id: kept.find((p) => p.prompt === LONG)!.id });
    expect(byReason("near_duplicate")[0]!.similarity).toBeGreaterThanOrEqual(0.85);
    expect(byReason("contaminated")[0]).toMatchObject({ eval_set: "bench", eval_id: expect.stringMatching(/eval\.jsonl:1$/) });
    expect(benchmark.toLowerCase()).toContain(byReason("contaminated")[0]!.ngram as string);
    expect((byReason("contaminated")[0]!.ngram as string).split(" ")).toHaveLength(13);
    expect(byReason("invalid").map((r) => r.field).sort()).toEqual(["meta", "tests"]);
    expect(byReason("ungradable").map((r) => r.detail).sort()).toEqual([
      "answer \"proof\" is not checkable",
      "code problem has empty tests",
      "math problem has no answer",
    ]);
    for (const row of removed) expect(row).toMatchObject({ step: "curate", source: expect.any(String), source_id: expect.any(String), row: expect.any(Object) });

    const manifest = await readManifest(run);
    expect(manifest.steps.curate!.counts).toEqual(result.counts);
  });

  it("keeps the first of duplicates in pipeline source order, whatever the folder order", async () => {
    const run = await tempRun();
    await ingest(run, [mathProblem("Compute 7 * 6.", { source: "a-later", source_id: "a-later:1" })], "a");
    await ingest(run, [mathProblem("Compute 7 * 6.", { source: "z-first", source_id: "z-first:1" })], "z");
    await runStep(curateStep, context(run, {}, ["z-first", "a-later"]));
    const kept = await readTable(run.tableDir("problems"), problemsTable);
    expect(kept.map((p) => p.source)).toEqual(["z-first"]);
    expect((await quarantineRows(run)).map((r) => r.source_id)).toEqual(["a-later:1"]);
  });

  it("gives the same tables and quarantine on a forced rerun, and skips an unchanged one", async () => {
    const run = await tempRun();
    await ingest(run, [mathProblem("What is 1 + 1?", { answer: "2" }), mathProblem("What is 1 + 1 ?", { answer: "2" }), mathProblem("What is 1+1?", { answer: "2" }), mathProblem("Say hi.", { answer: "" })]);
    const first = await runStep(curateStep, context(run));
    const tableA = await readTable(run.tableDir("problems"), problemsTable, "ORDER BY id");
    const quarantineA = await readFile(join(run.quarantineDir, "curate-ungradable.jsonl"), "utf8");
    const again = await runStep(curateStep, { ...context(run), force: true });
    expect(again.counts).toEqual(first.counts);
    expect(await readTable(run.tableDir("problems"), problemsTable, "ORDER BY id")).toEqual(tableA);
    expect(await readFile(join(run.quarantineDir, "curate-ungradable.jsonl"), "utf8")).toBe(quarantineA);
    expect((await quarantineRows(run)).length).toBe(first.counts.input! - first.counts.kept!);
    expect((await runStep(curateStep, context(run))).skipped).toBe(true);
  });

  it("removes quarantine files of reasons that no longer occur", async () => {
    const run = await tempRun();
    await ingest(run, [mathProblem("No answer here.", { answer: null })]);
    await runStep(curateStep, context(run));
    expect((await quarantineRows(run)).map((r) => r.reason)).toEqual(["ungradable"]);
    await runStep(curateStep, { ...context(run, { dropUngradable: false }) });
    expect(await quarantineRows(run)).toEqual([]);
    expect(await readTable(run.tableDir("problems"), problemsTable)).toHaveLength(1);
  });

  it("fails with a clear message when nothing was ingested or an eval set lacks its column", async () => {
    const run = await tempRun();
    await expect(runStep(curateStep, context(run))).rejects.toThrow(/^curate: no ingested problems in .*ingested; run the ingest step first$/);
    await ingest(run, [mathProblem("What is 3 + 3?", { answer: "6" })]);
    const evalFile = join(await makeTempDir("rungs-eval-"), "eval.jsonl");
    await writeFile(evalFile, `${JSON.stringify({ question: "x" })}\n`);
    await expect(runStep(curateStep, context(run, { decontaminate: [{ name: "aime", path: evalFile }] }))).rejects.toThrow(
      /^curate: eval set aime: .*eval\.jsonl:1: no column "problem" \(columns: question\)/,
    );
  });

  it("rejects a bad threshold naming the option", async () => {
    const run = await tempRun();
    expect(() => curateStep.resolve(context(run, { nearDedupThreshold: 1.5 }).pipeline, {})).toThrow("curate: expected `curation.nearDedupThreshold` in (0, 1], got 1.5");
  });
});

describe("curateProblems", () => {
  it("reads every ingested row while it writes problem parts (many chunks, many parts)", async () => {
    const run = await tempRun();
    const rows = Array.from({ length: 7000 }, (_, i) => mathProblem(`Problem number ${i}: compute ${i} times ${i + 1} plus ${i * 3} minus ${7 * i}.`, { answer: String(i) }));
    await ingest(run, rows);
    const progress: number[] = [];
    const result = await curateProblems({ run, options: resolveCurationOptions({ nearDedup: false }), rowsPerPart: 1000, progress: (e) => progress.push(e.done) });
    expect(result.counts).toMatchObject({ input: 7000, kept: 7000 });
    expect(await readTable(run.tableDir("problems"), problemsTable)).toHaveLength(7000);
    expect(progress.at(-1)).toBe(7000);
  });
});

describe("curate source order", () => {
  it("follows the pipeline for unnamed local sources too (named by their path, as ingest names them)", async () => {
    const run = await tempRun();
    await ingest(run, [mathProblem("Compute 8 * 9.", { source: "a/first.jsonl", source_id: "a/first.jsonl:1" })], "x");
    await ingest(run, [mathProblem("Compute 8 * 9.", { source: "b/second.jsonl", source_id: "b/second.jsonl:1" })], "y");
    const ctx = context(run);
    ctx.pipeline.sources = [{ path: "b/second.jsonl" }, { path: "a/first.jsonl" }];
    await runStep(curateStep, ctx);
    expect((await readTable(run.tableDir("problems"), problemsTable)).map((p) => p.source)).toEqual(["b/second.jsonl"]);
  });
});
