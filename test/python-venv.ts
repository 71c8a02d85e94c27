import { existsSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

/** The project's venv interpreter (made by scripts/setup-python.sh). Missing is an error, not a skip:
 *  CI always builds the venv, and a test that silently skips proves nothing. */
export function venvPython(): string {
  const python = join(root, ".venv", "bin", "python");
  if (!existsSync(python)) throw new Error(`no project venv at ${python}: run bash scripts/setup.sh`);
  return python;
}
