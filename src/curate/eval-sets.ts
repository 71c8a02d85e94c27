import { UsageError } from "../core/errors.js";
import { expandPaths, fileLabel, readFile } from "../ingest/readers/read-files.js";
import { isReadFailure, type ReadItem } from "../ingest/readers/raw-record.js";
import type { HubLocation } from "../ingest/source-spec.js";
import type { EvalSetSpec } from "./curation-options.js";
import { ContaminationIndex } from "./contamination-index.js";

/** Reads a Hub dataset's rows (the ingest step's Hub reader, injected so curate does not own it). */
export type HubRowReader = (location: HubLocation) => AsyncIterable<ReadItem>;

export interface LoadEvalSetsOptions {
  /** Folder that relative paths start from. @default process.cwd() */
  cwd?: string;
  /** Reader for `hub` eval sets. @default the ingest step's Hub reader, when it exists */
  readHub?: HubRowReader;
}

/** Text of an eval row's column: a string, or the user turns of a chat (list of {role, content}). */
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const turns = value.filter((m) => m && typeof m === "object" && (m as { role?: unknown }).role !== "assistant").map((m) => (m as { content?: unknown }).content);
    const texts = turns.filter((t): t is string => typeof t === "string");
    return texts.length ? texts.join("\n") : undefined;
  }
  return undefined;
}

/** Builds one n-gram index over every evaluation set. Errors name the set, file, line and column. */
export async function loadEvalSets(sets: readonly EvalSetSpec[], n: number, { cwd = process.cwd(), readHub }: LoadEvalSetsOptions = {}): Promise<{ index: ContaminationIndex; problems: Record<string, number> }> {
  const index = new ContaminationIndex(n);
  const problems: Record<string, number> = {};
  for (const set of sets) {
    const column = set.column ?? "problem";
    let count = 0;
    const add = (item: ReadItem): void => {
      if (isReadFailure(item)) throw new UsageError(`curate: eval set ${set.name}: ${item.location}: ${item.detail}`);
      if (!(column in item.row)) {
        throw new UsageError(`curate: eval set ${set.name}: ${item.location}: no column "${column}" (columns: ${Object.keys(item.row).join(", ")}); set \`column\` in curation.decontaminate`);
      }
      const text = textOf(item.row[column]);
      if (text === undefined) throw new UsageError(`curate: eval set ${set.name}: ${item.location}: column "${column}" is not text`);
      index.add(set.name, item.location, text);
      count++;
    };
    if (set.path) {
      for (const file of await expandPaths(set.path, cwd)) {
        for await (const item of readFile(file, { label: fileLabel(file, cwd) })) add(item);
      }
    } else if (set.hub) {
      const reader = readHub ?? (await defaultHubReader());
      for await (const item of reader(set.hub)) add(item);
    }
    problems[set.name] = count;
  }
  return { index, problems };
}

/** The ingest step's Hub reader, looked up lazily so local-only pipelines never load it. */
async function defaultHubReader(): Promise<HubRowReader> {
  const candidates = ["../ingest/hub/read-hub-rows.js", "../ingest/readers/hub-reader.js"];
  for (const path of candidates) {
    const module = (await import(path).catch(() => undefined)) as { readHubRows?: HubRowReader } | undefined;
    if (module?.readHubRows) return module.readHubRows;
  }
  throw new UsageError("curate: Hub eval sets need the ingest step's Hub reader, which this build does not have; download the set and give its `path`");
}
