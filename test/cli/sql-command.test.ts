import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completesStatement, runShell } from "../../src/cli/sql-shell.js";
import { openRunViews, refreshViews, type RunViews } from "../../src/core/views.js";
import { venvPython } from "../python-venv.js";
import type { RunFolder } from "../../src/core/run-folder.js";
import { makeTempDir } from "../temp-dirs.js";
import { makeRun } from "../steps/publish/make-run.js";
import { runCli } from "./run-cli.js";

/** Drives the shell with typed lines; returns everything it printed. */
async function shell(views: RunViews, run: RunFolder, lines: string[], historyFile?: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk) => (printed += String(chunk)));
  const done = runShell({ db: views.connection, views: views.views, runDir: run.dir, input, output, format: "table", terminal: false, historyFile });
  input.end(lines.map((l) => `${l}\n`).join(""));
  expect(await done).toBe(0);
  return printed;
}

describe("rungs sql", () => {
  let run: RunFolder;
  let views: RunViews;
  beforeAll(async () => {
    run = (await makeRun({ problems: 12 })).run;
    views = await openRunViews(run);
  });
  afterAll(() => views?.close());

  it("shows the result of every statement, not only the first", async () => {
    const { code, stdout } = await runCli(["sql", "--run-dir", run.dir, "SELECT count(*) AS problems FROM problems; SELECT 'a;b' AS text; SELECT level, count(*) AS n FROM staged GROUP BY level ORDER BY level"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/problems\n-+\n\s*12\n\(1 row\)/);
    expect(stdout).toContain("a;b");
    expect(stdout).toMatch(/level\s+n\n[- ]+\nL1\s+\d+\nL2\s+\d+\n\(2 rows\)/);
  });

  it("runs a file, and names the statement that failed", async () => {
    const dir = await makeTempDir("rungs-sql-");
    const file = join(dir, "q.sql");
    await writeFile(file, "CREATE TEMP VIEW easy AS SELECT * FROM difficulty WHERE pass_rate = 1;\n-- a comment; not a statement\nSELECT count(*) AS n FROM easy;\n");
    const ok = await runCli(["sql", "--run-dir", run.dir, "--file", file, "--format", "csv"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok\nn\n\d+\n$/);
    await writeFile(file, "SELECT 1 AS one;\nSELECT nope FROM problems;\nSELECT 3;\n");
    const bad = await runCli(["sql", "--run-dir", run.dir, "--file", file]);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toContain("one");
    expect(bad.stderr).toContain("statement 2 of 3");
    expect(bad.stderr).toContain("nope");
  });

  it("opens a shell: statements over several lines, dot commands, errors shown and the shell goes on, history kept", async () => {
    const history = join(await makeTempDir("rungs-sql-history-"), "history");
    const printed = await shell(views, run, [".help", ".tables", "SELECT count(*) AS n", "FROM problems;", "SELECT nope;", ".schema staged", ".format json", "SELECT 1 AS one; SELECT 2 AS two;", ".quit", "SELECT 'never run';"], history);
    expect(printed).toContain(".schema [VIEW]");
    expect(printed).toMatch(/view\s+folder\n[- ]+\n(.*\n)*difficulty\s+difficulty\n/);
    expect(printed).toMatch(/n\n--\n12\n\(1 row\)/);
    expect(printed).toContain("Error: ");
    expect(printed).toMatch(/-- staged\n(.*\n)*level\s+VARCHAR/);
    expect(printed).toContain('"one": 1');
    expect(printed).toContain('"two": 2');
    expect(printed).not.toContain("never run");
    expect(printed).toContain("   ...> ");
    const kept = (await readFile(history, "utf8")).split("\n");
    expect(kept).toContain("SELECT count(*) AS n FROM problems;");
    expect(kept).toContain(".tables");
  });

  it("DuckDB's own CLI (PyPI duckdb-cli in the project venv) opens the run's rungs.duckdb", async () => {
    const duckdb = join(venvPython(), "..", "duckdb");
    expect(existsSync(duckdb), `${duckdb}: scripts/setup-python.sh installs python/requirements/duckdb-cli.txt`).toBe(true);
    await refreshViews(run);
    const out = execFileSync(duckdb, ["-readonly", "-csv", "rungs.duckdb", "-c", "SELECT count(*) AS n FROM problems"], { cwd: run.dir, encoding: "utf8" });
    expect(out.trim().split("\n")).toEqual(["n", "12"]);
  });

  it("knows where a statement ends", () => {
    expect(completesStatement("SELECT 1;")).toBe(true);
    expect(completesStatement("SELECT ';'")).toBe(false);
    expect(completesStatement("SELECT 1 -- done;")).toBe(false);
    expect(completesStatement("SELECT 1; -- done")).toBe(true);
    expect(completesStatement("SELECT 1\n;  ")).toBe(true);
  });
});
