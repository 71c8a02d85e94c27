import { readdir, readFile } from "node:fs/promises";
import type { RunFolder } from "../../core/run-folder.js";

export interface WrittenStats {
  report: string;
  /** Files under `stats/`, in the order `writeStats` returns them (JSON, report, then the charts). */
  files: string[];
}

/**
 * The report and files a finished `stats` step left in `stats/`. When the step is skipped as up to date the
 * runner returns only its counts, so the CLI prints what the last run wrote instead of computing it again.
 * Undefined when `stats/report.txt` is gone (someone removed it): the caller then runs the step again.
 */
export async function readStats(run: RunFolder): Promise<WrittenStats | undefined> {
  let report: string;
  try {
    report = await readFile(run.path("stats", "report.txt"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const charts = (await readdir(run.path("stats"))).filter((name) => name.endsWith(".svg")).sort();
  const files = ["stats.json", "report.txt", ...charts].map((name) => run.path("stats", name));
  // writeStats adds one newline after the report.
  return { report: report.replace(/\n$/, ""), files };
}
