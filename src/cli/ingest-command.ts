import { existsSync } from "node:fs";
import { isDynamicPattern } from "tinyglobby";
import { UsageError } from "../core/errors.js";
import { RunFolder } from "../core/run-folder.js";
import { runStep } from "../pipeline/run-step.js";
import { ingestStep } from "../steps/ingest/ingest-step.js";
import { ADAPTERS } from "../steps/ingest/adapters/index.js";
import type { FileFormat, SourceSpec } from "../engines/config/source-spec.js";
import { formatHelp, type Command, type OptionHelp } from "./command.js";
import { COMMON_HELP, COMMON_OPTIONS, parseCommandArgs, parseShard, runPipelineStep } from "./step-command.js";
import { helpOf, parseOptionsOf } from "./step-options.js";
import { ProgressRenderer } from "./progress-renderer.js";

const summary = "Read sources (local files or Hub datasets) through their layout adapters into the run's ingested/ table.";

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...parseOptionsOf(ingestStep.options),
  source: { type: "string" },
  adapter: { type: "string" },
  name: { type: "string" },
  format: { type: "string" },
  revision: { type: "string" },
  config: { type: "string" },
  split: { type: "string" },
  files: { type: "string", multiple: true },
  "hub-endpoint": { type: "string" },
  "cache-dir": { type: "string" },
} as const;

const HELP: OptionHelp[] = [
  ...helpOf(ingestStep.options),
  { flag: "--source PATH|REPO", text: "standalone: a local file, folder or glob (.jsonl .json .parquet .csv), or a Hub dataset owner/name" },
  { flag: "--adapter NAME", text: `standalone: layout of the source (default auto): ${Object.keys(ADAPTERS).join(", ")}` },
  { flag: "--name NAME", text: "standalone: name recorded in problems.source (default: the path or repo id)" },
  { flag: "--format F", text: "standalone: jsonl | json | parquet | csv (default: from the file extension)" },
  { flag: "--revision R", text: "standalone Hub: branch, tag or commit (default main)" },
  { flag: "--config C", text: "standalone Hub: dataset config (default: the card's default config)" },
  { flag: "--split S", text: "standalone Hub: split (default train)" },
  { flag: "--files GLOB", text: "standalone Hub: files in the repo to read, overriding config/split (repeatable)" },
  { flag: "--hub-endpoint URL", text: "standalone Hub: endpoint (default: HF_ENDPOINT, else https://huggingface.co)" },
  { flag: "--cache-dir DIR", text: "standalone Hub: download cache (default data/cache/hub)" },
  { flag: "--run-dir DIR", text: "run folder (default: the pipeline's runDir, else data/runs/<name>; data/runs/ingest standalone)" },
  { flag: "--force", text: "re-ingest sources even when their files and settings are unchanged since the last run" },
  ...COMMON_HELP.filter((h) => h.flag.includes("--help")),
];

const usage = formatHelp(
  "rungs ingest <pipeline> [options]\n       rungs ingest --source PATH_OR_HUB_REPO [--adapter NAME] [options]",
  summary,
  HELP,
  [
    "Outputs: ingested/<source>/part-*.parquet (problems contract), imported_difficulty/<source>/ (pass rates a dataset",
    "carries), quarantine/ingest-<source>.jsonl (rejected rows: location, reason, detail). A rerun replaces a source's own outputs;",
    "a pipeline run removes sources it no longer lists, a standalone --source ingest keeps the other sources.",
    "Hub access uses HF_TOKEN for private or gated datasets (never printed or stored); HF_ENDPOINT points at a mirror.",
    "am-difficulty recognises <model>_pass_rate / pass_rate_<model> columns; map others with passRateColumns in a pipeline.",
  ].join("\n"),
);

/** A `--source` value as a source: an existing path or a glob is local, `owner/name` is a Hub dataset. */
export function standaloneSource(values: Record<string, unknown>): SourceSpec {
  const source = String(values.source);
  const adapter = (values.adapter as string | undefined) ?? "auto";
  const common: SourceSpec = { adapter, ...(values.name ? { name: String(values.name) } : {}), ...(values.format ? { format: values.format as FileFormat } : {}) };
  const local = existsSync(source) || isDynamicPattern(source) || /\.(jsonl|ndjson|json|parquet|csv)$/i.test(source);
  if (local) return { ...common, path: source };
  const repo = source.replace(/^hf:\/\/datasets\//, "");
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new UsageError(`ingest: --source ${JSON.stringify(source)} is neither an existing file/glob nor a Hub dataset id (owner/name)`);
  return {
    ...common,
    hub: {
      repo,
      ...(values.revision ? { revision: String(values.revision) } : {}),
      ...(values.config ? { config: String(values.config) } : {}),
      ...(values.split ? { split: String(values.split) } : {}),
      ...(values.files ? { files: values.files as string[] } : {}),
      ...(values["hub-endpoint"] ? { endpoint: String(values["hub-endpoint"]) } : {}),
      ...(values["cache-dir"] ? { cacheDir: String(values["cache-dir"]) } : {}),
    },
  };
}

export const ingestCommand: Command = {
  summary,
  async run(argv) {
    const { values, positionals } = await parseCommandArgs("ingest", argv, OPTIONS);
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    if (values.source === undefined) {
      if (positionals.length !== 1) throw new UsageError(`ingest: expected one pipeline (a name in pipelines/ or a file), or --source, got ${positionals.length} arguments\n\n${usage}`);
      return runPipelineStep("ingest", positionals[0], values);
    }
    if (positionals.length) throw new UsageError(`ingest: give either a pipeline or --source, not both`);
    const pipeline = { name: "ingest", sources: [standaloneSource(values)] };
    const settings = ingestStep.resolve(pipeline, values);
    const run = await new RunFolder((values["run-dir"] as string | undefined) ?? "data/runs/ingest").ensure();
    const renderer = new ProgressRenderer();
    try {
      const result = await runStep(ingestStep, { run, pipeline, shard: parseShard(values.shard as string | undefined), progress: renderer.listener, force: values.force === true }, { ...settings, keepOtherSources: true });
      renderer.done();
      const counts = Object.entries(result.counts).map(([k, v]) => `${k}=${v}`).join(" ");
      process.stderr.write(`ingest: done (${counts}) in ${run.dir}\n`);
      for (const note of result.notes ?? []) process.stderr.write(`${note}\n`);
      return 0;
    } catch (error) {
      renderer.done();
      throw error;
    }
  },
};
