import { UsageError } from "../../core/errors.js";
import { matchPaths } from "./glob-match.js";

/** Files rungs can read; everything else in a repo (README, scripts, .gitattributes) is ignored. */
const DATA_FILE = /\.(parquet|jsonl|ndjson|json|csv)$/i;
/** JSON files that describe a dataset rather than hold rows. */
const METADATA_FILE = /(^|\/)(dataset_infos?|dataset_dict|state|config|croissant)\.json$/i;

/** One config of a dataset card's YAML `configs` list (as the Hub returns it in `cardData`). */
export interface CardConfig {
  config_name?: string;
  default?: boolean;
  data_files?: string | string[] | { split?: string; path: string | string[] }[];
}

export interface DataFileQuery {
  config?: string;
  split: string;
  /** File globs that override the lookup. */
  files?: string | string[];
  /** For messages. */
  repo: string;
  revision: string;
}

/** The split → patterns map of one card config (`data_files` may be a string, a list, or split entries). */
function splitPatterns(config: CardConfig): Record<string, string[]> {
  const files = config.data_files;
  if (files === undefined) return {};
  if (typeof files === "string") return { train: [files] };
  const out: Record<string, string[]> = {};
  for (const entry of files) {
    if (typeof entry === "string") (out.train ??= []).push(entry);
    else (out[entry.split ?? "train"] ??= []).push(...(Array.isArray(entry.path) ? entry.path : [entry.path]));
  }
  return out;
}

/** Files of a split by the usual conventions when the card has no `configs` (the `datasets` library's rules, simplified). */
function conventionalFiles(dataFiles: string[], split: string, config?: string): string[] {
  const prefix = config ? `${config}/` : "";
  const scoped = dataFiles.filter((p) => p.startsWith(prefix));
  // The split's name as a word in a file or folder name: data/train-0000.parquet, train.jsonl, test2.jsonl, train/x.parquet.
  const word = new RegExp(`(^|[-._ /])${split.replace(/[^\w]/g, "\\$&")}(?=[-._ /0-9]|$)`, "i");
  const named = scoped.filter((p) => word.test(p.slice(prefix.length)));
  if (named.length) return named;
  // No file names any split: everything is the train split (DeepScaleR's deepscaler.json).
  const anySplit = /(^|[-._ /])(train|test|validation|valid|dev|eval)(?=[-._ /0-9]|$)/i;
  if (split === "train" && !scoped.some((p) => anySplit.test(p.slice(prefix.length)))) return scoped;
  return [];
}

/**
 * The repo files of a config/split: `files` globs when given; else the card YAML's `configs`
 * (the named config, or the default one); else the naming conventions. None is an error listing what exists.
 */
export function resolveDataFiles(repoFiles: readonly string[], cardConfigs: CardConfig[] | undefined, query: DataFileQuery): string[] {
  const dataFiles = repoFiles.filter((p) => DATA_FILE.test(p) && !METADATA_FILE.test(p)).sort();
  const where = `ingest: Hub dataset ${query.repo} at revision ${query.revision}`;
  if (query.files !== undefined) {
    const found = matchPaths(dataFiles, query.files);
    if (!found.length) throw new UsageError(`${where}: files ${JSON.stringify(query.files)} match no data file (the repo has: ${dataFiles.slice(0, 20).join(", ") || "none"})`);
    return found;
  }
  const configs = (cardConfigs ?? []).filter((c) => c && typeof c === "object");
  if (configs.length) {
    const names = configs.map((c) => c.config_name ?? "default");
    const chosen = query.config
      ? configs.find((c) => (c.config_name ?? "default") === query.config)
      : (configs.find((c) => c.default) ?? configs.find((c) => (c.config_name ?? "default") === "default") ?? (configs.length === 1 ? configs[0] : undefined));
    if (!chosen) {
      throw new UsageError(`${where}: ${query.config ? `no config named ${JSON.stringify(query.config)}` : "several configs and none is the default"}; configs: ${names.join(", ")}`);
    }
    const splits = splitPatterns(chosen);
    const patterns = splits[query.split];
    if (!patterns) throw new UsageError(`${where}: config ${chosen.config_name ?? "default"} has no split ${JSON.stringify(query.split)}; splits: ${Object.keys(splits).join(", ") || "none"}`);
    const found = matchPaths(dataFiles, patterns);
    if (!found.length) throw new UsageError(`${where}: config ${chosen.config_name ?? "default"} split ${query.split} (${patterns.join(", ")}) matches no data file`);
    return found;
  }
  const found = conventionalFiles(dataFiles, query.split, query.config);
  if (!found.length) {
    throw new UsageError(`${where}: no data files for ${query.config ? `config ${query.config}, ` : ""}split ${query.split} (the repo has: ${dataFiles.slice(0, 20).join(", ") || "no data files"}); set hub.files to choose them`);
  }
  return found;
}
