import { appendFile, readFile } from "node:fs/promises";
import { relative } from "node:path";
import { createInterface } from "node:readline";
import { ResultReturnType, type DuckDBConnection } from "@duckdb/node-api";
import { plainValue } from "../core/duckdb.js";
import { textTable } from "../steps/stats/format-stats.js";

export type SqlFormat = "table" | "json" | "csv";
export const SQL_FORMATS: readonly SqlFormat[] = ["table", "json", "csv"];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Formats query rows as a text table, JSON or CSV (`columns` keeps the header of an empty result). */
export function formatRows(rows: Record<string, unknown>[], format: string, columns: string[] = rows.length ? Object.keys(rows[0]) : []): string {
  if (format === "json") return JSON.stringify(rows, null, 2);
  if (format === "csv") return [columns.map(csvCell).join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n");
  const cell = (v: unknown) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? v : typeof v === "object" ? JSON.stringify(v) : String(v));
  return `${textTable(columns, rows.map((r) => columns.map((c) => cell(r[c]))))}\n(${rows.length} row${rows.length === 1 ? "" : "s"})`;
}

/** A statement that failed, with its place in the script (the rest of the script is not run). */
export class StatementError extends Error {
  constructor(
    readonly index: number,
    readonly count: number,
    override readonly cause: Error,
  ) {
    super(count > 1 ? `statement ${index + 1} of ${count}: ${cause.message}` : cause.message);
  }
}

/**
 * Runs every statement of a script (DuckDB splits it, so `;` inside strings is safe) and writes each
 * result as it comes: rows in the chosen format, or "ok" for a statement that returns none (CREATE, SET).
 */
export async function runStatements(db: DuckDBConnection, sql: string, format: SqlFormat, write: (text: string) => void): Promise<number> {
  let extracted;
  try {
    extracted = await db.extractStatements(sql);
  } catch (error) {
    throw new StatementError(0, 1, error as Error);
  }
  for (let i = 0; i < extracted.count; i++) {
    try {
      const statement = await extracted.prepare(i);
      const reader = await statement.runAndReadAll();
      const columns = reader.columnNames();
      if (reader.returnType === ResultReturnType.CHANGED_ROWS) write(`ok (${reader.getRowObjectsJS().map((r) => Object.values(r)[0]).join("") || 0} rows changed)\n`);
      else if (reader.returnType !== ResultReturnType.QUERY_RESULT || columns.length === 0) write("ok\n");
      else write(`${formatRows((reader.getRowObjectsJS() as unknown[]).map((r) => plainValue(r) as Record<string, unknown>), format, columns)}\n`);
    } catch (error) {
      throw new StatementError(i, extracted.count, error as Error);
    }
  }
  return extracted.count;
}

export interface ShellOptions {
  db: DuckDBConnection;
  /** View name → the folder it reads, for `.tables`. */
  views: Record<string, string>;
  runDir: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  format: SqlFormat;
  /** A terminal: line editing and arrow-key history. */
  terminal: boolean;
  /** File the history is kept in across sessions (one statement per line); none when undefined. */
  historyFile?: string;
}

export const SHELL_HELP = `Statements end with ";" and may span lines; several on a line each show their result.
  .tables            the run's views and the folders they read
  .schema [VIEW]     columns of one view, or of every view
  .format F          table, json or csv
  .read FILE         run the statements in FILE
  .help              this help
  .quit, .exit       leave (or Ctrl-D)
`;

/** Where a statement ends: a `;` outside quotes and comments (DuckDB checks the rest). */
export function completesStatement(text: string): boolean {
  let quote: string | null = null;
  let last = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (!/\s/.test(c)) last = c;
  }
  return quote === null && last === ";";
}

async function loadHistory(file: string | undefined): Promise<string[]> {
  if (!file) return [];
  const text = await readFile(file, "utf8").catch(() => "");
  // readline wants the newest first
  return text.split("\n").filter(Boolean).slice(-500).reverse();
}

/**
 * An interactive shell over the run's views: statements across lines until `;`, dot commands for help,
 * views and schemas, history kept across sessions. An error is shown and the shell goes on.
 */
export async function runShell(options: ShellOptions): Promise<number> {
  const { db, views, runDir, input, output, terminal, historyFile } = options;
  let format = options.format;
  const write = (text: string) => output.write(text);
  const rl = createInterface({ input, output, terminal, history: await loadHistory(historyFile), historySize: 500, removeHistoryDuplicates: true });
  write(`rungs sql: DuckDB over ${runDir} (views: ${Object.keys(views).join(", ") || "none"}). .help for help, .quit to leave.\n`);
  const prompt = (more: boolean) => {
    rl.setPrompt(more ? "   ...> " : "rungs> ");
    rl.prompt();
  };
  const remember = async (entry: string) => {
    if (historyFile) await appendFile(historyFile, `${entry.replace(/\s*\n\s*/g, " ")}\n`).catch(() => {});
  };
  const run = async (sql: string) => {
    try {
      await runStatements(db, sql, format, write);
    } catch (error) {
      write(`Error: ${(error as Error).message}\n`);
    }
  };
  let pending = "";
  prompt(false);
  for await (const line of rl) {
    const trimmed = line.trim();
    if (!pending && trimmed.startsWith(".")) {
      await remember(trimmed);
      const [command, ...args] = trimmed.split(/\s+/);
      if (command === ".quit" || command === ".exit") break;
      else if (command === ".help") write(SHELL_HELP);
      else if (command === ".tables") write(`${formatRows(Object.entries(views).map(([view, folder]) => ({ view, folder: relative(runDir, folder) || folder })), "table", ["view", "folder"])}\n`);
      else if (command === ".schema") {
        const names = args.length ? args : Object.keys(views);
        for (const name of names) {
          write(`-- ${name}\n`);
          await run(`DESCRIBE ${JSON.stringify(name)};`);
        }
      } else if (command === ".format") {
        if (SQL_FORMATS.includes(args[0] as SqlFormat)) format = args[0] as SqlFormat;
        else write(`Error: .format takes table, json or csv\n`);
      } else if (command === ".read") {
        const text = await readFile(args.join(" "), "utf8").catch((error: Error) => (write(`Error: ${error.message}\n`), undefined));
        if (text !== undefined) await run(text);
      } else write(`Error: unknown command ${command} (.help lists them)\n`);
      prompt(false);
      continue;
    }
    pending += `${pending ? "\n" : ""}${line}`;
    if (completesStatement(pending)) {
      await remember(pending);
      await run(pending);
      pending = "";
    } else if (!pending.trim()) pending = "";
    prompt(pending.length > 0);
  }
  rl.close();
  if (pending.trim()) await run(pending);
  write("\n");
  return 0;
}
