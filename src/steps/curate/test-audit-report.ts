import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { RunFolder } from "../../core/run-folder.js";
import { UsageError } from "../../core/errors.js";
import type { TestAuditFlag, TestAuditResult } from "../../engines/verify/code/index.js";

/** Where `rungs audit tests` writes its report in a run folder (one TestAuditResult per line). */
export const TEST_AUDIT_FILE = ["audit", "tests.jsonl"] as const;

export function testAuditPath(run: RunFolder): string {
  return run.path(...TEST_AUDIT_FILE);
}

/** Size and mtime of the report, so a new audit re-runs curate when curate quarantines by it. */
export function testAuditFingerprint(run: RunFolder): [number, number] | null {
  try {
    const info = statSync(testAuditPath(run));
    return [info.size, Math.floor(info.mtimeMs)];
  } catch {
    return null;
  }
}

/** The report's flagged problems by id; a missing report is an error that says which command writes it. */
export async function readTestAudit(run: RunFolder, flags: readonly TestAuditFlag[]): Promise<Map<string, TestAuditResult>> {
  const path = testAuditPath(run);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`curate: curation.quarantineTests needs the test audit report ${path}; run \`rungs audit tests <pipeline>\` first`);
  }
  const flagged = new Map<string, TestAuditResult>();
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let row: TestAuditResult;
    try {
      row = JSON.parse(line) as TestAuditResult;
    } catch (error) {
      throw new UsageError(`curate: ${path} line ${i + 1}: malformed JSON (${(error as Error).message})`);
    }
    if (typeof row.problem_id !== "string" || !Array.isArray(row.flags)) throw new UsageError(`curate: ${path} line ${i + 1}: expected {problem_id, flags, evidence}`);
    if (row.flags.some((f) => flags.includes(f))) flagged.set(row.problem_id, row);
  });
  return flagged;
}
