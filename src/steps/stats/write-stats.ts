import { writeFileAtomic } from "../../core/atomic-file.js";
import type { RunFolder } from "../../core/run-folder.js";
import { writeJsonFile } from "../../core/table-store.js";
import { computeStats, type RunStats } from "../../engines/stats/compute-stats.js";
import { formatStats } from "./format-stats.js";
import { statsCharts } from "../../engines/stats/stats-charts.js";
import { stagedPolicy } from "../../engines/stats/staged-policy.js";
import { readManifest } from "../../core/manifest.js";
import type { PolicySpec } from "../../engines/policy/policy-spec.js";

export interface StatsOutput {
  stats: RunStats;
  report: string;
  /** Files written under `stats/`. */
  files: string[];
}

export interface WriteStatsOptions {
  /** The run's pipeline: its policy gives the levels at each token budget. @default the built-in policy stage recorded */
  pipeline?: { policy?: string | PolicySpec };
}

/** Computes the stats and writes `stats/stats.json`, `stats/report.txt` and one SVG per chart. */
export async function writeStats(run: RunFolder, { pipeline }: WriteStatsOptions = {}): Promise<StatsOutput> {
  const stats = await computeStats(run, { policy: stagedPolicy(pipeline, await readManifest(run)) });
  const report = formatStats(stats);
  await writeJsonFile(run.path("stats", "stats.json"), stats);
  await writeFileAtomic(run.path("stats", "report.txt"), `${report}\n`);
  const files = [run.path("stats", "stats.json"), run.path("stats", "report.txt")];
  for (const [name, svg] of Object.entries(await statsCharts(stats))) {
    await writeFileAtomic(run.path("stats", name), svg);
    files.push(run.path("stats", name));
  }
  return { stats, report, files };
}
