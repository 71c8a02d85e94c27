import { accessSync, constants, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";

/** First executable named `name` on PATH (or an absolute path as is), with symlinks resolved; null when none. */
export function findExecutable(name: string, extraDirs: string[] = []): string | null {
  const dirs = name.includes("/") ? [""] : [...extraDirs, ...(process.env.PATH ?? "").split(delimiter)];
  for (const dir of dirs) {
    const candidate = dir ? join(dir, name) : name;
    try {
      accessSync(candidate, constants.X_OK);
      return realpathSync(candidate);
    } catch {
      // not here: try the next directory
    }
  }
  return null;
}

/**
 * The Python the sandbox runs. System locations come first: a version manager's shim (pyenv) is a
 * shell script under the user's home, which the sandbox neither mounts nor may read.
 */
export function findPython(explicit?: string): string | null {
  if (explicit) return findExecutable(explicit);
  return findExecutable("python3", ["/usr/bin", "/usr/local/bin"]);
}
