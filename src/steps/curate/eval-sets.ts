import { UsageError } from "../../core/errors.js";
import { isReadFailure, type ReadItem } from "../../engines/sources/readers/raw-record.js";
import { readSourceRows } from "../../engines/sources/source-files.js";
import type { EvalSetSpec } from "../../engines/config/curation-options.js";
import { ContaminationIndex } from "./contamination-index.js";

export interface LoadEvalSetsOptions {
  /** Folder that relative paths start from. @default process.cwd() */
  cwd?: string;
  /** fetch for Hub requests (tests point it at a fake Hub). @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Text of an eval row's column: a string, or the non-assistant turns of a chat (list of {role, content}). */
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const turns = value.filter((m) => m && typeof m === "object" && (m as { role?: unknown }).role !== "assistant").map((m) => (m as { content?: unknown }).content);
    const texts = turns.filter((t): t is string => typeof t === "string");
    return texts.length ? texts.join("\n") : undefined;
  }
  return undefined;
}

/**
 * Builds one n-gram index over every evaluation set, read like ingest sources (local files and
 * globs, or Hub datasets through the ingest step's reader). Errors name the set, file, line and column.
 */
export async function loadEvalSets(sets: readonly EvalSetSpec[], n: number, { cwd, fetch }: LoadEvalSetsOptions = {}): Promise<{ index: ContaminationIndex; problems: Record<string, number> }> {
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
    const spec = set.hub ? { name: set.name, hub: set.hub } : { name: set.name, path: set.path };
    try {
      for await (const item of readSourceRows(spec, { ...(cwd ? { cwd } : {}), ...(fetch ? { fetch } : {}) })) add(item);
    } catch (error) {
      if ((error as Error).message.startsWith("curate:")) throw error;
      // The reader's messages start with "ingest:"; say which eval set it was reading.
      throw new UsageError(`curate: eval set ${set.name}: ${(error as Error).message.replace(/^ingest: /, "")}`, { cause: error });
    }
    problems[set.name] = count;
  }
  return { index, problems };
}
