import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { readManifest } from "../core/manifest.js";
import type { RunFolder } from "../core/run-folder.js";
import { pathExists } from "../core/run-folder.js";

/** Three queries a newcomer can paste, each answering a question a curator asks. */
export const DEMO_QUERIES: { question: string; sql: string }[] = [
  { question: "How big is each level, and how much of it is code?", sql: "SELECT level, count(*) AS problems, count(*) FILTER (domain = 'code') AS code FROM staged GROUP BY level ORDER BY level" },
  {
    question: "Which problems does the 1.5B model never solve but the 7B sometimes does?",
    sql: "SELECT s.problem_id, b.pass_rate AS p_1_5b, m.pass_rate AS p_7b FROM difficulty b JOIN difficulty m USING (problem_id) JOIN staged s USING (problem_id) WHERE b.model LIKE '%1.5B' AND m.model LIKE '%7B' AND b.pass_rate = 0 AND m.pass_rate > 0 AND s.level = 'L2' LIMIT 10",
  },
  { question: "Why did verification fail, per model?", sql: "SELECT model, verdict, count(*) AS n FROM rollouts GROUP BY ALL ORDER BY model, n DESC" },
];

/** Sections of stats/report.txt worth showing at the end of the demo. */
function pick(report: string, headings: string[]): string {
  const sections = report.split(/\n(?=## )/);
  return sections.filter((s) => headings.some((h) => s.startsWith(`## ${h}`))).join("\n").trim();
}

/** The short tour printed after `npm run demo`: what was made, where, the numbers, and what to try next. */
export async function demoTour(run: RunFolder, cwd = process.cwd()): Promise<string> {
  const rel = (p: string) => relative(cwd, p) || ".";
  const manifest = await readManifest(run);
  const count = (step: string, key: string) => manifest.steps[step]?.counts?.[key];
  const lines = ["", "── rungs demo: what was made ──", ""];
  const made: [string, string, string | undefined][] = [
    ["problems", "problems/", `${count("curate", "kept") ?? "?"} kept of ${count("ingest", "ingested") ?? "?"} ingested (rejects with reasons in quarantine/)`],
    ["rollouts", "rollouts/model=*/", `${count("sample", "rollouts_stored") ?? "?"} completions, each verified (score, verdict)`],
    ["difficulty", "difficulty/", `${count("grade", "rows") ?? "?"} (problem, model) pass rates`],
    ["levels", "staged/ and shards/", Object.entries(manifest.steps.stage?.counts ?? {}).filter(([k]) => k.startsWith("level_")).map(([k, v]) => `${k.slice(6)}=${v}`).join(" ")],
    ["trainer sets", "export/", `verl, OpenRLHF, TRL and Arrow per curriculum stage, plus curriculum.json`],
    ["dataset", "publish/", "the exact folder `rungs publish` would upload (card, configs, provenance)"],
    ["report", "report/index.html", "open it in a browser"],
  ];
  for (const [what, where, detail] of made) {
    if (!(await pathExists(run.path(where.split(" ")[0].replace("model=*/", ""))))) continue;
    lines.push(`  ${what.padEnd(13)} ${rel(run.path(where)).padEnd(40)} ${detail ?? ""}`);
  }
  const reportPath = run.path("stats", "report.txt");
  if (await pathExists(reportPath)) {
    lines.push("", pick(await readFile(reportPath, "utf8"), ["Levels", "Adaptive"]));
  }
  lines.push("", "── try these (DuckDB over the run's Parquet) ──", "");
  for (const { question, sql } of DEMO_QUERIES) lines.push(`  # ${question}`, `  npx rungs sql --run-dir ${rel(run.dir)} "${sql}"`, "");
  lines.push(
    `  or an interactive shell over the same views (.tables, .schema, history): npx rungs sql --run-dir ${rel(run.dir)}`,
    `  DuckDB's own CLI, which scripts/setup.sh installs into .venv (PyPI duckdb-cli), opens the database; its views use paths`,
    `  relative to the run folder: cd ${rel(run.dir)} && ${relative(run.dir, resolve(".venv", "bin", "duckdb"))} rungs.duckdb`,
    "",
  );
  return lines.join("\n");
}
