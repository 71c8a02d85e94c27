import { mkdtempSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Folders made by the current test file; test/setup/remove-temp-dirs.ts removes them after it.
const made: string[] = [];

/** A fresh folder in the system temp folder, removed when the test file ends. */
export async function makeTempDir(prefix = "rungs-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function makeTempDirSync(prefix = "rungs-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
}
