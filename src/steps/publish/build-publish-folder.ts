import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { openDuckDB, queryRows } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import { noProgress, type ProgressListener } from "../../core/progress.js";
import { pathExists, type RunFolder } from "../../core/run-folder.js";
import { stagingPathFor, swapDirectory } from "../../core/atomic-file.js";
import { tableSource } from "../../core/table-store.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { compilePolicy } from "../../engines/policy/compile-policy.js";
import { cardCharts } from "./card-charts.js";
import { cardStatsFromTables, type CardStatsSource } from "./card-stats.js";
import { datasetCard } from "./dataset-card.js";
import { provenanceFiles } from "./provenance-files.js";
import type { PublishSpec } from "../../engines/config/publish-spec.js";
import { writeConfigShards, type ConfigShards } from "./write-config-shards.js";
import { levelSelect, DECISIONS_SELECT, DIFFICULTY_SELECT } from "./config-selects.js";

export interface BuildPublishFolderOptions {
  run: RunFolder;
  /** Folder to write; replaced as a whole once the new one is complete. */
  out: string;
  repo: string;
  pipeline?: PipelineDefinition;
  pipelinePath?: string;
  spec?: Partial<PublishSpec>;
  /** Where the card's figures come from. @default cardStatsFromTables */
  stats?: CardStatsSource;
  progress?: ProgressListener;
}

export interface PublishFolder {
  dir: string;
  /** Every file, relative to `dir` with `/` separators, sorted. */
  files: { path: string; bytes: number }[];
  configs: ConfigShards[];
}

const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** Configs holding whole tables, after the levels; a level may not take their names. */
export const TABLE_CONFIGS = ["difficulty", "sampling_decisions"];

/** Levels in the policy's order (its rungs), unknown ones after by name; the first is the card's default config. */
function orderLevels(levels: string[], pipeline: PipelineDefinition | undefined): string[] {
  let order: string[] = [];
  try {
    const policy = compilePolicy(pipeline?.policy ?? "am-2504.00829");
    order = [...policy.levels.map((l) => l.name), ...(policy.truncation === "separate" ? [policy.truncatedLevel] : [])];
  } catch {
    // A policy that no longer compiles: by name.
  }
  const rank = (l: string) => (order.includes(l) ? order.indexOf(l) : order.length);
  return [...levels].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Builds the exact folder that goes to the Hub: level configs, the difficulty config, card, charts, provenance. */
export async function buildPublishFolder(options: BuildPublishFolderOptions): Promise<PublishFolder> {
  const { run, repo, pipeline, pipelinePath, spec = {}, stats = cardStatsFromTables, progress = noProgress } = options;
  const out = resolve(options.out);
  const [staged, problems, difficulty, decisions] = await Promise.all(["staged", "problems", "difficulty", "sampling_decisions"].map((t) => tableSource(run.tableDir(t))));
  if (!staged) throw new UsageError(`publish: ${run.dir} has no staged data (${run.tableDir("staged")}/*.parquet); run the stage step first`);
  if (!problems) throw new UsageError(`publish: ${run.dir} has staged data but no problems table (${run.tableDir("problems")}/*.parquet)`);
  await assertReplaceable(out, run);
  const db = await openDuckDB();
  const building = stagingPathFor(out);
  await mkdir(building, { recursive: true });
  try {
    const levels = orderLevels((await queryRows<{ level: string }>(db, `SELECT DISTINCT level FROM ${staged} ORDER BY level`)).map((r) => r.level), pipeline);
    if (levels.length === 0) throw new UsageError(`publish: ${run.tableDir("staged")} holds no rows: nothing to publish`);
    for (const level of levels) {
      if (!CONFIG_NAME.test(level) || TABLE_CONFIGS.includes(level)) throw new UsageError(`publish: level ${JSON.stringify(level)} in ${run.tableDir("staged")} cannot be a config name (letters, digits, _ . -; not ${TABLE_CONFIGS.map((c) => `"${c}"`).join(" or ")})`);
    }
    const shardOptions = { maxShardBytes: spec.maxShardBytes, rowGroupBytes: spec.rowGroupBytes };
    const configs: ConfigShards[] = [];
    for (const [i, level] of levels.entries()) {
      progress({ step: "publish", unit: "configs", done: i, total: levels.length + 1, message: `writing config ${level}` });
      configs.push(await writeConfigShards(db, building, level, levelSelect(staged, problems, difficulty, level), "id", shardOptions));
    }
    if (difficulty) configs.push(await writeConfigShards(db, building, "difficulty", DIFFICULTY_SELECT(difficulty), "problem_id, model", shardOptions));
    // Adaptive runs: which pass rates are exact and which were decided early is data too, not only a sentence.
    if (decisions) configs.push(await writeConfigShards(db, building, "sampling_decisions", DECISIONS_SELECT(decisions), "problem_id, model", shardOptions));
    progress({ step: "publish", unit: "configs", done: levels.length + 1, total: levels.length + 1, message: "writing the card" });
    const figures = await stats(run, db);
    const charts = cardCharts(figures);
    const provenance = await provenanceFiles(run, pipelinePath);
    const text: Record<string, string> = { ...provenance.files };
    for (const chart of charts) text[chart.path] = chart.svg;
    text["README.md"] = datasetCard({
      repo,
      prettyName: spec.prettyName ?? pipeline?.name ?? repo.split("/")[1],
      license: spec.license ?? "other",
      tags: spec.tags ?? [],
      pipeline,
      configs,
      stats: figures,
      charts,
      versions: provenance.versions,
      provenance: Object.keys(provenance.files),
      steps: provenance.steps,
    });
    for (const [path, content] of Object.entries(text)) {
      await mkdir(dirname(join(building, path)), { recursive: true });
      await writeFile(join(building, path), content);
    }
    await mkdir(dirname(out), { recursive: true });
    await swapDirectory(building, out);
    return { dir: out, files: await listFiles(out), configs };
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  } finally {
    db.closeSync();
  }
}

/** Refuses to replace a folder that is not an earlier publish folder (e.g. `--dry-run .`), or one holding the run itself. */
async function assertReplaceable(out: string, run: RunFolder): Promise<void> {
  const rel = relative(out, run.dir);
  if (rel === "" || !rel.startsWith("..")) throw new UsageError(`publish: the output folder ${out} would contain the run folder ${run.dir}; choose another folder`);
  if (!(await pathExists(out))) return;
  const entries = await readdir(out);
  if (entries.length === 0 || (entries.includes("README.md") && entries.includes("provenance"))) return;
  throw new UsageError(`publish: ${out} exists and is not a publish folder (no README.md and provenance/); choose a new or empty folder`);
}

/** Every file under a folder, relative, sorted. */
export async function listFiles(dir: string): Promise<{ path: string; bytes: number }[]> {
  const files: { path: string; bytes: number }[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.push({ path: relative(dir, full).split("\\").join("/"), bytes: (await stat(full)).size });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
