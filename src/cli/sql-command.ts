import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { RunFolder, pathExists } from "../core/run-folder.js";
import { UsageError } from "../core/errors.js";
import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { openRunViews } from "../core/views.js";
import { formatRows, runShell, runStatements, SQL_FORMATS, StatementError, type SqlFormat } from "./sql-shell.js";
import { formatHelp, type Command } from "./command.js";

const HELP = formatHelp(
  'rungs sql ["<statements>"] [--run-dir DIR | --pipeline P] [--file F] [--format table|json|csv]',
  "DuckDB SQL over the run's tables (one view per folder: problems, rollouts, difficulty, staged, sampling_decisions, quarantine, ...).\n" +
    "Every statement's result is shown. Without statements: an interactive shell on a terminal (history, .tables, .schema, .help),\n" +
    "else the statements read from standard input.",
  [
    { flag: "--run-dir DIR", text: "run folder (default: the current folder when it has a manifest.json)" },
    { flag: "--pipeline P", text: "use the pipeline's run folder" },
    { flag: "--file F", text: "run the statements in F (- for standard input)" },
    { flag: "--format F", text: "table (default), json or csv" },
    { flag: "-h, --help", text: "show this help" },
  ],
  `Examples:
  rungs sql --run-dir data/runs/demo                        # interactive shell
  rungs sql --run-dir data/runs/demo "SELECT level, count(*) FROM staged GROUP BY level; SELECT count(*) FROM problems"
  rungs sql --run-dir data/runs/demo --file queries.sql
  echo "DESCRIBE difficulty;" | rungs sql --run-dir data/runs/demo`,
);

export { formatRows };

/** Where the shell keeps its history: RUNGS_SQL_HISTORY, else ~/.rungs_sql_history ("" turns it off). */
function historyFile(): string | undefined {
  const set = process.env.RUNGS_SQL_HISTORY;
  if (set !== undefined) return set || undefined;
  return join(homedir(), ".rungs_sql_history");
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

export const sqlCommand: Command = {
  summary: "Query the run's tables with DuckDB SQL: statements, a file, standard input, or an interactive shell.",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        "run-dir": { type: "string" },
        pipeline: { type: "string" },
        file: { type: "string" },
        format: { type: "string", default: "table" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`sql: expected the statements as one argument in quotes, got ${positionals.length} arguments\n\n${HELP}`);
    if (positionals.length && values.file) throw new UsageError("sql: give statements or --file, not both");
    if (!SQL_FORMATS.includes(values.format as SqlFormat)) throw new UsageError(`sql: --format must be table, json or csv, got ${JSON.stringify(values.format)}`);
    const format = values.format as SqlFormat;
    let dir: string;
    if (values.pipeline) dir = runDirOf((await loadPipeline(values.pipeline)).pipeline, values["run-dir"]);
    else if (values["run-dir"]) dir = resolve(values["run-dir"]);
    else if (await pathExists("manifest.json")) dir = resolve(".");
    else throw new UsageError("sql: which run? pass --run-dir DIR or --pipeline P (or run it inside a run folder)");
    if (!(await pathExists(dir))) throw new UsageError(`sql: run folder ${dir} does not exist`);
    let script: string | undefined = positionals[0];
    if (values.file === "-") script = await readStdin();
    else if (values.file) script = await readFile(values.file, "utf8").catch((error: Error) => {
      throw new UsageError(`sql: --file ${values.file}: ${error.message}`);
    });
    const views = await openRunViews(new RunFolder(dir));
    try {
      if (script === undefined) {
        if (process.stdin.isTTY) {
          return await runShell({ db: views.connection, views: views.views, runDir: dir, input: process.stdin, output: process.stdout, format, terminal: true, historyFile: historyFile() });
        }
        script = await readStdin();
      }
      try {
        const count = await runStatements(views.connection, script, format, (text) => process.stdout.write(text));
        if (count === 0) throw new UsageError("sql: no statement to run");
      } catch (error) {
        if (!(error instanceof StatementError)) throw error;
        throw new UsageError(`sql: ${error.message}\n(views in ${dir}: ${Object.keys(views.views).join(", ") || "none"})`);
      }
      return 0;
    } finally {
      views.close();
    }
  },
};
