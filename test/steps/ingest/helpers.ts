import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { difficultyTable, type DifficultyRow } from "../../../schemas/difficulty.js";
import { problemsTable, type Problem } from "../../../schemas/problems.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { readTable } from "../../../src/core/table-store.js";
import type { QuarantineLine } from "../../../schemas/quarantine.js";

/** An ingest line always names where the row was read. */
type IngestQuarantineLine = QuarantineLine & { location: string };
import { ingestStep } from "../../../src/steps/ingest/ingest-step.js";
import type { SourceSpec } from "../../../src/engines/config/source-spec.js";
import type { StepResult } from "../../../src/steps/step.js";
import type { ProgressEvent } from "../../../src/core/progress.js";
import { makeTempDir } from "../../temp-dirs.js";

export const LAYOUTS = resolve(import.meta.dirname, "../../fixtures/layouts");

export async function tempRun(): Promise<RunFolder> {
  return new RunFolder(await makeTempDir("rungs-ingest-"));
}

export interface IngestOutput {
  run: RunFolder;
  result: StepResult;
  problems: Problem[];
  difficulty: DifficultyRow[];
  quarantine: IngestQuarantineLine[];
  events: ProgressEvent[];
}

/** Runs the ingest step on sources into a fresh run folder and reads back everything it wrote. */
export async function ingest(sources: SourceSpec[], { run, shard, force }: { run?: RunFolder; shard?: { index: number; count: number }; force?: boolean } = {}): Promise<IngestOutput> {
  const folder = run ?? (await tempRun());
  const events: ProgressEvent[] = [];
  const pipeline = { name: "t", sources };
  const result = await ingestStep.run({ run: folder, pipeline, progress: (e) => events.push(e), shard, force }, ingestStep.resolve(pipeline, {}));
  return { run: folder, result, events, ...(await readOutputs(folder)) };
}

export async function readOutputs(run: RunFolder): Promise<Omit<IngestOutput, "run" | "result" | "events">> {
  const problems = (await readTable(run.tableDir("ingested"), problemsTable)).sort((a, b) => a.source_id.localeCompare(b.source_id, "en", { numeric: true }));
  const difficulty = await readTable(run.tableDir("imported_difficulty"), difficultyTable);
  const quarantine: IngestQuarantineLine[] = [];
  const { readdir } = await import("node:fs/promises");
  for (const f of (await readdir(run.quarantineDir).catch(() => [] as string[])).sort()) {
    const text = await readFile(join(run.quarantineDir, f), "utf8");
    for (const line of text.split("\n").filter(Boolean)) quarantine.push(JSON.parse(line) as IngestQuarantineLine);
  }
  return { problems, difficulty, quarantine };
}
