import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { problemsTable, type Problem } from "../../../schemas/problems.js";
import type { CodeTests } from "../../../schemas/code-tests.js";
import { problemId } from "../../../src/core/problem-id.js";
import { readTable } from "../../../src/core/table-store.js";
import { runStep } from "../../../src/pipeline/run-step.js";
import { curateStep } from "../../../src/steps/curate/curate-step.js";
import { buildSample } from "../../../src/sample-data/make-sample.js";
import { verifySolution } from "../../../src/sample-data/verify-solutions.js";
import demo from "../../../pipelines/demo.js";
import { context, ingest, quarantineRows, tempRun } from "./helpers.js";

type Line = { source_id: string; domain: "math" | "code"; prompt: string; answer?: string; tests?: CodeTests; solution?: string; meta: Record<string, unknown> };
const read = async (name: string) => (await readFile(`data/sample/${name}`, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as Line);

describe("bundled sample (data/sample)", () => {
  it("is what scripts/make-sample.ts generates (regenerate after editing a template)", async () => {
    const built = buildSample();
    expect(await read("math.jsonl")).toEqual(built.math);
    expect(await read("code.jsonl")).toEqual(built.code);
    expect(await read("eval.jsonl")).toEqual(built.eval);
  });

  it("has 100+ math problems with non-empty answers of many forms and graded difficulty", async () => {
    const math = await read("math.jsonl");
    expect(math.length).toBeGreaterThanOrEqual(100);
    for (const p of math) {
      expect(p.answer?.trim(), p.source_id).toBeTruthy();
      expect(p.meta.difficulty, p.source_id).toSatisfy((d: number) => Number.isInteger(d) && d >= 1 && d <= 10);
    }
    const forms = new Set(math.map((p) => p.meta.answer_form));
    for (const form of ["integer", "fraction", "radical", "interval", "set", "expression", "tuple", "decimal", "percentage"]) expect(forms).toContain(form);
    expect(new Set(math.map((p) => p.meta.difficulty)).size).toBe(10);
  });

  it("has 30+ code problems, stdin and functional, whose reference solutions pass their own tests in python3", async () => {
    const code = await read("code.jsonl");
    expect(code.length).toBeGreaterThanOrEqual(30);
    expect(new Set(code.map((p) => p.tests!.format))).toEqual(new Set(["stdin", "functional"]));
    const failures = code.flatMap((p) => verifySolution({ source_id: p.source_id, solution: p.solution!, tests: p.tests! }));
    expect(failures).toEqual([]);
  }, 120_000);

  it("catches a wrong reference solution", () => {
    const tests: CodeTests = { format: "stdin", inputs: ["2 3\n"], outputs: ["5\n"] };
    expect(verifySolution({ source_id: "x", solution: "print(6)", tests })).toEqual(['x test 0: expected "5\\n", got "6\\n"']);
    const fn: CodeTests = { format: "functional", fn_name: "f", inputs: ["[2]"], outputs: ["4"] };
    expect(verifySolution({ source_id: "y", solution: "def f(x):\n    return x + 1\n", tests: fn })).toEqual(["y test 0: expected \"4\", got 3"]);
  });

  it("loses exactly the planted duplicates and the eval overlaps to the demo's curation", async () => {
    const run = await tempRun();
    const toRow = (source: string) => (l: Line): Problem => ({
      id: problemId(l.domain, l.prompt), source, source_id: l.source_id, domain: l.domain, prompt: l.prompt, answer: l.answer ?? null,
      tests: l.tests ? JSON.stringify(l.tests) : null, solution: l.solution ?? null, meta: JSON.stringify(l.meta),
    });
    await ingest(run, (await read("math.jsonl")).map(toRow("sample-math")), "sample-math");
    await ingest(run, (await read("code.jsonl")).map(toRow("sample-code")), "sample-code");
    const result = await runStep(curateStep, context(run, demo.curation, ["sample-math", "sample-code"]));
    expect(result.counts).toMatchObject({ duplicate: 1, near_duplicate: 1, contaminated: 3, invalid: 0, ungradable: 0 });
    const removed = await quarantineRows(run);
    expect(removed.map((r) => r.source_id).sort()).toEqual(["dup-exact-1", "dup-near-1", "word-handshakes", "word-orchard", "word-train"]);
    expect(await readTable(run.tableDir("problems"), problemsTable)).toHaveLength(result.counts.kept!);
  });
});
