import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { problemsTable, type Problem } from "../../../schemas/problems.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { writeParquetPart } from "../../../src/core/table-store.js";
import { problemId } from "../../../src/core/problem-id.js";
import type { StepContext } from "../../../src/steps/step.js";
import type { CurationOptions } from "../../../src/engines/config/curation-options.js";
import { makeTempDir } from "../../temp-dirs.js";

export async function tempRun(): Promise<RunFolder> {
  return new RunFolder(await makeTempDir("rungs-curate-")).ensure();
}

let line = 0;
/** An ingested math problem; `source_id` is a fresh `file:line` unless given. */
export function mathProblem(prompt: string, overrides: Partial<Problem> = {}): Problem {
  const source = overrides.source ?? "math.jsonl";
  return { id: problemId("math", prompt), source, source_id: `${source}:${++line}`, domain: "math", prompt, answer: "42", tests: null, solution: null, meta: "{}", ...overrides };
}

export function codeProblem(prompt: string, overrides: Partial<Problem> = {}): Problem {
  const tests = JSON.stringify({ format: "stdin", inputs: ["1\n"], outputs: ["2\n"] });
  return { ...mathProblem(prompt, { source: "code.jsonl", ...overrides }), domain: "code", answer: null, tests, ...overrides, id: problemId("code", prompt) };
}

export async function ingest(run: RunFolder, rows: Problem[], sub?: string): Promise<void> {
  const dir = sub ? join(run.tableDir("ingested"), sub) : run.tableDir("ingested");
  await writeParquetPart(dir, problemsTable, rows, { validate: false });
}

export function context(run: RunFolder, curation: CurationOptions = {}, sources: string[] = []): StepContext {
  return { run, pipeline: { name: "t", sources: sources.map((name) => ({ name, path: name })), curation }, progress: () => {} };
}

export async function quarantineRows(run: RunFolder): Promise<Record<string, unknown>[]> {
  const files = (await readdir(run.quarantineDir).catch(() => [] as string[])).filter((f) => f.startsWith("curate-")).sort();
  const rows: Record<string, unknown>[] = [];
  for (const file of files) {
    const text = await readFile(join(run.quarantineDir, file), "utf8");
    for (const l of text.split("\n")) if (l) rows.push(JSON.parse(l) as Record<string, unknown>);
  }
  return rows;
}

/** A long, fixed-vocabulary text of `words` words from a seed (for near-dup tests). */
export function longText(words: string[]): string {
  return words.join(" ");
}
