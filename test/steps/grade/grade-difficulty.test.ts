import { describe, expect, it } from "vitest";
import { readTable } from "../../../src/core/table-store.js";
import { difficultyTable } from "../../../schemas/difficulty.js";
import { openDuckDB } from "../../../src/core/duckdb.js";
import { gradeRun } from "../../../src/steps/grade/grade-difficulty.js";
import { imported, makeRun, problem, rollout } from "./helpers.js";

const A = "org/model-a";
const B = "org/model-b";

async function grade(run: Awaited<ReturnType<typeof makeRun>>) {
  const connection = await openDuckDB();
  try {
    const result = await gradeRun({ connection, run });
    const rows = await readTable(run.tableDir("difficulty"), difficultyTable, "ORDER BY problem_id, model");
    return { result, rows };
  } finally {
    connection.closeSync();
  }
}

describe("gradeRun", () => {
  it("computes one row per (problem, model) from rollouts: passes, pass rate, mean score, tokens, truncation", async () => {
    const run = await makeRun({
      problems: [problem("p1"), problem("p2", "code")],
      rollouts: [
        rollout("p1", A, 0, 1, { completion_tokens: 100 }),
        rollout("p1", A, 1, 0, { completion_tokens: 300, finish_reason: "length", verdict: "truncated" }),
        rollout("p1", A, 2, 1, { completion_tokens: 200 }),
        rollout("p1", A, 3, 0, { completion_tokens: null }),
        rollout("p2", A, 0, 0.5),
        rollout("p2", A, 1, 1),
      ],
    });
    const { rows, result } = await grade(run);
    expect(rows).toEqual([
      { problem_id: "p1", model: A, domain: "math", samples: 4, passes: 2, pass_rate: 0.5, mean_score: 0.5, truncation_rate: 0.25, mean_completion_tokens: 200, total_completion_tokens: 600, origin: "rollouts" },
      { problem_id: "p2", model: A, domain: "code", samples: 2, passes: 1, pass_rate: 0.5, mean_score: 0.75, truncation_rate: 0, mean_completion_tokens: 100, total_completion_tokens: 200, origin: "rollouts" },
    ]);
    expect(result).toMatchObject({ rows: 2, fromRollouts: 2, imported: 0, models: 1 });
  });

  it("adds imported pass rates where no rollouts exist; rollouts win for the same (problem, model)", async () => {
    const run = await makeRun({
      problems: [problem("p1"), problem("p2")],
      rollouts: [rollout("p1", A, 0, 1), rollout("p1", A, 1, 1)],
      importedRows: [imported("p1", A, 8, 0), imported("p1", B, 8, 2), imported("p2", B, 4, 4)],
    });
    const { rows, result } = await grade(run);
    expect(rows.map((r) => [r.problem_id, r.model, r.pass_rate, r.origin])).toEqual([
      ["p1", A, 1, "rollouts"],
      ["p1", B, 0.25, "imported"],
      ["p2", B, 1, "imported"],
    ]);
    expect(result).toMatchObject({ fromRollouts: 1, imported: 2, importedShadowed: 1 });
  });

  it("keeps one imported row per (problem, model) when a problem was imported twice: the one with more samples", async () => {
    const run = await makeRun({ problems: [problem("p1")], importedRows: [imported("p1", A, 4, 1), imported("p1", A, 16, 8)] });
    const { rows, result } = await grade(run);
    expect(rows.map((r) => [r.samples, r.pass_rate])).toEqual([[16, 0.5]]);
    expect(result.importedDuplicates).toBe(1);
  });

  it("grades only problems still in problems/", async () => {
    const run = await makeRun({
      problems: [problem("kept")],
      rollouts: [rollout("kept", A, 0, 1), rollout("gone", A, 0, 1)],
      importedRows: [imported("gone", B, 4, 1)],
    });
    const { rows, result } = await grade(run);
    expect(rows.map((r) => r.problem_id)).toEqual(["kept"]);
    expect(result.orphanRows).toBe(2);
  });

  it("rejects an imported pass rate outside [0, 1], naming the file, before writing", async () => {
    const run = await makeRun({ problems: [problem("p1")], importedRows: [imported("p1", A, 4, 1, { pass_rate: 1.5 })] });
    const connection = await openDuckDB();
    await expect(gradeRun({ connection, run })).rejects.toThrow(/grade: 1 bad difficulty row\(s\), nothing written:\n  .*imported_difficulty\/part-.*\.parquet: problem p1, model org\/model-a: pass_rate must be in \[0, 1\], got 1\.5/);
    expect(await readTable(run.tableDir("difficulty"), difficultyTable)).toEqual([]);
  });
});
