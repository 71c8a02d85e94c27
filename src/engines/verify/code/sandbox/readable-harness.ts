import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { writeFileAtomicSync } from "../../../../core/atomic-file.js";

/** True when a user other than the owner can reach and read the file (every ancestor o+x, the file o+r). */
function othersCanRead(path: string): boolean {
  try {
    if ((statSync(path).mode & 0o004) === 0) return false;
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) return false;
      if (dir === dirname(dir)) return true;
    }
  } catch {
    return false;
  }
}

/** A directory only we can write, under /tmp: ours, not a symlink, not group/other-writable. */
function safeDir(preferred: string): string {
  try {
    mkdirSync(preferred, { mode: 0o755 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const info = lstatSync(preferred);
  if (info.isDirectory() && !info.isSymbolicLink() && info.uid === process.getuid?.() && (info.mode & 0o022) === 0) return preferred;
  const fresh = mkdtempSync(join("/tmp", "rungs-harness-"));
  chmodSync(fresh, 0o755);
  return fresh;
}

let cached: string | undefined;

/**
 * The harness as the sandbox's unprivileged user can read it. As root, bwrap runs as `nobody`, which cannot
 * reach a checkout under a private folder (a `mktemp -d` clone is 0700): then the harness is copied, by
 * content hash, into a root-owned 0755 folder under /tmp that nobody else can write.
 */
export function readableHarnessPath(source: string): string {
  if (cached) return cached;
  if (othersCanRead(source)) return (cached = source);
  const content = readFileSync(source);
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 16);
  const dir = safeDir(join("/tmp", `rungs-harness-${process.getuid?.() ?? "u"}-${hash}`));
  const target = join(dir, "harness.py");
  try {
    if (readFileSync(target).equals(content) && (lstatSync(target).mode & 0o022) === 0) return (cached = target);
  } catch {
    // not there yet
  }
  writeFileAtomicSync(target, content, { mode: 0o644 }); // exact mode: the sandbox user must read it
  return (cached = target);
}
