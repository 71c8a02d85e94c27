import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { RunFolder, pathExists } from "../core/run-folder.js";
import { UsageError } from "../core/errors.js";
import { queryRows } from "../core/duckdb.js";
import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { openRunViews } from "../core/views.js";
import { textTable } from "../steps/stats/format-stats.js";
import { formatHelp, type Command } from "./command.js";

const HELP = formatHelp(
  'rungs sql "<query>" [--run-dir DIR | --pipeline P] [--format table|json|csv]',
  "Run a DuckDB query over the run's tables (one view per folder: problems, rollouts, difficulty, staged, shards, quarantine, ...).",
  [
    { flag: "--run-dir DIR", text: "run folder (default: the current folder when it has a manifest.json)" },
    { flag: "--pipeline P", text: "use the pipeline's run folder" },
    { flag: "--format F", text: "table (default), json or csv" },
    { flag: "-h, --help", text: "show this help" },
  ],
);

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Formats query rows as a text table, JSON or CSV. */
export function formatRows(rows: Record<string, unknown>[], format: string): string {
  const columns = rows.length ? Object.keys(rows[0]) : [];
  if (format === "json") return JSON.stringify(rows, null, 2);
  if (format === "csv") return [columns.map(csvCell).join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n");
  const cell = (v: unknown) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? v : typeof v === "object" ? JSON.stringify(v) : String(v));
  return `${textTable(columns, rows.map((r) => columns.map((c) => cell(r[c]))))}\n(${rows.length} row${rows.length === 1 ? "" : "s"})`;
}

export const sqlCommand: Command = {
  summary: "Query the run's tables with DuckDB SQL.",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { "run-dir": { type: "string" }, pipeline: { type: "string" }, format: { type: "string", default: "table" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`sql: expected one query in quotes, got ${positionals.length} arguments\n\n${HELP}`);
    if (!["table", "json", "csv"].includes(values.format!)) throw new UsageError(`sql: --format must be table, json or csv, got ${JSON.stringify(values.format)}`);
    let dir: string;
    if (values.pipeline) dir = runDirOf((await loadPipeline(values.pipeline)).pipeline, values["run-dir"]);
    else if (values["run-dir"]) dir = resolve(values["run-dir"]);
    else if (await pathExists("manifest.json")) dir = resolve(".");
    else throw new UsageError("sql: which run? pass --run-dir DIR or --pipeline P (or run it inside a run folder)");
    if (!(await pathExists(dir))) throw new UsageError(`sql: run folder ${dir} does not exist`);
    const views = await openRunViews(new RunFolder(dir));
    try {
      let rows: Record<string, unknown>[];
      try {
        rows = await queryRows(views.connection, positionals[0]);
      } catch (error) {
        throw new UsageError(`sql: ${(error as Error).message}\n(views in ${dir}: ${Object.keys(views.views).join(", ") || "none"})`);
      }
      process.stdout.write(`${formatRows(rows, values.format!)}\n`);
      return 0;
    } finally {
      views.close();
    }
  },
};
