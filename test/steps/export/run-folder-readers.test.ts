import { beforeAll, describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { problemsTable, rolloutsTable, trlTable, verlTable } from "../../../schemas/index.js";
import { openRunViews } from "../../../src/core/views.js";
import { queryRows } from "../../../src/core/duckdb.js";
import { writeExport } from "../../../src/steps/export/write-export.js";
import { stageDifficultyFile } from "../../../src/steps/stage/stage-file.js";
import type { CurriculumSpec } from "../../../src/engines/config/curriculum-spec.js";
import { sampledRun, sampleProblems } from "../../engines/reward/parity-run.js";
import { runPython } from "../../engines/reward/python-package.js";
import { makeTempDir } from "../../temp-dirs.js";
import { problemRows, tempDir, writeJsonl, type DiffRow } from "../stage/helpers.js";
import { seedRun, tempRun } from "./helpers.js";

/** What read_folders.py reports for one reader of one folder or file. */
interface Read {
  rows: number;
  columns: string[];
  types: Record<string, string>;
  partition_values?: string[];
}
const READERS = ["pyarrow", "pandas", "polars", "polars_scan", "datasets", "datasets_from_polars"] as const;
type Reads = Record<string, Record<(typeof READERS)[number], Read>>;

const curriculum: CurriculumSpec = {
  batchSize: 4,
  mix: { math: 1, code: 1 },
  formats: ["verl", "trl", "openrlhf"],
  stages: [{ name: "stage1", levels: ["L2"], maxResponseLength: 1024, training: { n: 4 }, stop: { description: "at most 10 steps", maxSteps: 10 } }],
};

/**
 * Every Parquet folder and file rungs writes, read as it is by the pinned venv's readers (pyarrow, pandas, Polars,
 * Hugging Face datasets) in one Python process, and by rungs' own DuckDB views: hive-partitioned tables (rollouts by
 * model, staged by level) with their partition column from the folder names, the other tables, the trainer exports.
 */
describe("run-folder tables and trainer exports read as they are", () => {
  let rolloutsDir: string;
  let rolloutRows: number;
  let stagedDir: string;
  let stagedLevels: string[];
  let exportRun: Awaited<ReturnType<typeof tempRun>>;
  let paths: Record<string, string | null>;
  let reads: Reads;
  let views: [string, number][];
  let createdAtType: string;

  beforeAll(async () => {
    const { run, rollouts } = await sampledRun(sampleProblems({ math: 3, code: 0 }), 1);
    rolloutsDir = run.tableDir(rolloutsTable.name);
    rolloutRows = rollouts.length;
    const open = await openRunViews(run);
    try {
      const models = await queryRows<{ model: string; n: bigint | number }>(open.connection, "SELECT model, count(*) AS n FROM rollouts GROUP BY model ORDER BY model");
      views = models.map((m) => [m.model, Number(m.n)]);
      createdAtType = (await queryRows<{ t: string }>(open.connection, "SELECT DISTINCT typeof(created_at) AS t FROM rollouts"))[0].t;
    } finally {
      open.close();
    }

    const dir = await tempDir();
    const rows: DiffRow[] = [];
    for (let i = 0; i < 20; i++) rows.push(...problemRows(`p${i}`, i % 4 ? "math" : "code", 4, i % 2 ? { r1: 4, s: 1, m: 0, l: 0 } : { r1: 2, s: 0, m: 1, l: 2 }));
    await stageDifficultyFile({ difficulty: await writeJsonl(dir, "d.jsonl", rows), policy: "am-2504.00829", out: join(dir, "out"), shards: false });
    stagedDir = join(dir, "out", "staged");
    stagedLevels = (await readdir(stagedDir)).sort();

    exportRun = await tempRun();
    await seedRun(exportRun, { math: 4, code: 4, levels: ["L2"] });
    await writeExport({ run: exportRun, curriculum, pipelineName: "readers" });

    paths = {
      [rolloutsDir]: "model",
      [stagedDir]: "level",
      [run.tableDir(problemsTable.name)]: null,
      [exportRun.path("export", "verl", "stage1", "train.parquet")]: null,
      [exportRun.path("export", "trl", "stage1", "train.parquet")]: null,
    };
    const result = await runPython([join(import.meta.dirname, "trainers", "read_folders.py")], {
      input: JSON.stringify({ paths }),
      env: { HF_HOME: await makeTempDir("rungs-hf-"), HF_HUB_OFFLINE: "1", HF_DATASETS_OFFLINE: "1" },
    });
    if (result.status !== 0) throw new Error(`read_folders.py failed:\n${result.stderr}`);
    reads = JSON.parse(result.stdout) as Reads;
  }, 60_000);

  it("rollouts/ (hive by model): every reader gets every row; all but datasets' parquet builder take model from the folder names", () => {
    expect(views).toEqual([["strong", 3], ["weak", 3]]);
    const read = reads[rolloutsDir];
    for (const reader of READERS) expect(read[reader].rows, reader).toBe(rolloutRows);
    for (const reader of ["pyarrow", "pandas", "polars", "polars_scan", "datasets_from_polars"] as const) {
      expect(new Set(read[reader].columns), reader).toEqual(new Set(Object.keys(rolloutsTable.columns)));
      expect(read[reader].partition_values, reader).toEqual(["strong", "weak"]);
    }
    // created_at is a UTC timestamp (microseconds) to every reader, not text.
    expect(Object.fromEntries(READERS.map((reader) => [reader, read[reader].types.created_at]))).toEqual({
      pyarrow: "timestamp[us, tz=UTC]",
      pandas: "datetime64[us, UTC]",
      polars: "Datetime(time_unit='us', time_zone='UTC')",
      polars_scan: "Datetime(time_unit='us', time_zone='UTC')",
      datasets: "Value('timestamp[us, tz=UTC]')",
      datasets_from_polars: "Value('timestamp[us, tz=UTC]')",
    });
    expect(createdAtType).toBe("TIMESTAMP WITH TIME ZONE");
    // datasets' parquet builder reads what is inside the files: every column but the partition one.
    expect(new Set(read.datasets.columns)).toEqual(new Set(Object.keys(rolloutsTable.columns).filter((c) => c !== "model")));
  });

  it("staged/ (hive by level): every reader gets every row, the level from the folder names", () => {
    expect(stagedLevels.length).toBeGreaterThan(1);
    const read = reads[stagedDir];
    const rows = read.pyarrow.rows;
    expect(rows).toBeGreaterThan(0);
    for (const reader of READERS) expect(read[reader].rows, reader).toBe(rows);
    for (const reader of ["pyarrow", "pandas", "polars", "polars_scan", "datasets_from_polars"] as const) {
      expect(read[reader].columns, reader).toContain("level");
      expect(read[reader].partition_values, reader).toEqual(stagedLevels.map((l) => l.replace(/^level=/, "")));
    }
  });

  it("problems/ and the verl and TRL train.parquet: every reader gets every row and every column of the contract", () => {
    const expected: [string, number, readonly string[]][] = [
      [Object.keys(paths)[2], 3, Object.keys(problemsTable.columns)],
      [exportRun.path("export", "verl", "stage1", "train.parquet"), reads[exportRun.path("export", "verl", "stage1", "train.parquet")].pyarrow.rows, Object.keys(verlTable.columns)],
      [exportRun.path("export", "trl", "stage1", "train.parquet"), reads[exportRun.path("export", "trl", "stage1", "train.parquet")].pyarrow.rows, Object.keys(trlTable.columns)],
    ];
    for (const [path, rows, columns] of expected) {
      expect(rows).toBeGreaterThan(0);
      for (const reader of READERS) {
        expect(reads[path][reader].rows, `${reader} ${path}`).toBe(rows);
        expect(new Set(reads[path][reader].columns), `${reader} ${path}`).toEqual(new Set(columns));
      }
    }
  });
});
